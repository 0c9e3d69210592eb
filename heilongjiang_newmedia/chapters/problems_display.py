"""Chapter 4: tables, charts and evidence sentences in the reader's language (zh / en)."""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.chapters.problems_core import (DIRECTION_LABELS, INSPECTION_CATEGORIES, OBJECT_LABELS,
                                                          RATING_LABELS)
from heilongjiang_newmedia.loading.regions import resolve_province

__all__ = ["THESIS_SOURCE", "quarter_label", "evidence_text", "evidence_table", "ratings_table", "items_table",
           "pass_rate_table", "indicator_gap_table", "category_chart", "pass_rate_chart", "consolidation_chart", "date_label", "counter_short",
           "counter_evidence", "CHECK_LABELS"]

#: citation of the thesis itself (for the classification table, which holds no figures)
THESIS_SOURCE = {"title": "Zhu M.H. (2021) Heilongjiang Province to Promote the Development of New Media Strategy "
                          "Research, master's thesis, abstract (CNKI catalogue record GTID 2416330629954113)",
                 "url": "", "date": "2021-04-26", "confidence": "", "rows": None}
CHECK_LABELS = {"full": ("全覆盖检查", "full-coverage check"), "sample": ("抽查", "sample check"), "": ("", "")}
_Q = {"Q1": "一", "Q2": "二", "Q3": "三", "Q4": "四"}
FIG_W = 6.3   # A4 text width, inches


def _i(lang: str) -> int:
    return 0 if lang == "zh" else 1


def quarter_label(year: Any, quarter: str, lang: str) -> str:
    """``2022年第二季度`` / ``2022 Q2``."""
    return W.pick(lang, f"{int(year)}年第{_Q.get(quarter, quarter)}季度", f"{int(year)} {quarter}")


def date_label(d: str, lang: str) -> str:
    """``2017-12-15`` → ``2017年12月`` / ``December 2017``; ``2024Q2`` → :func:`quarter_label`."""
    d = str(d)
    if len(d) >= 6 and d[4] == "Q":
        return quarter_label(d[:4], d[4:6], lang)
    if len(d) >= 7 and d[4] == "-":
        import calendar
        return W.pick(lang, f"{d[:4]}年{int(d[5:7])}月", f"{calendar.month_name[int(d[5:7])]} {d[:4]}")
    return d


def _pname(zh: str, lang: str) -> str:
    return zh if lang == "zh" else resolve_province(zh).en


def evidence_text(kind: str, ev: Mapping[str, Any], lang: str, labels: Mapping[str, str] | None = None) -> str:
    """One evidence row's observation as a sentence (``ev`` = a row of ``assess_evidence``)."""
    d, zh = ev["detail"], lang == "zh"
    if ev["direction"] == "no_data":
        return W.pick(lang, "已收录的数据中没有相关观测", "no observation in the collected data")
    if kind == "inspection_items":
        ns = W.listing([quarter_label(n[:4], n[4:], lang) for n in d["notices"]], lang)
        return W.pick(lang, f"{ns}通报点名{d['n_units']}个单位、{int(ev['key_value'])}条",
                      f"the {ns} notices name {d['n_units']} units ({int(ev['key_value'])} items)")
    if kind == "pass_rate":
        parts = []
        for q in d["quarters"]:
            if not q["n_comparators"]:
                parts.append(W.pick(lang, f"{quarter_label(q['year'], q['quarter'], lang)}本省{W.percent(q['pass_rate'], lang)}，无同期可比省份",
                                    f"{quarter_label(q['year'], q['quarter'], lang)}: {W.percent(q['pass_rate'], lang)}, no other province in that quarter"))
                continue
            others = W.listing([_pname(x, lang) for x in q["comparators"].split("、")], lang)
            ck = CHECK_LABELS.get(q["check"], ("", ""))[_i(lang)]
            lab = DIRECTION_LABELS[q["direction"]][_i(lang)]
            rng = (W.percent(q["comparator_min"], lang) if q["comparator_min"] == q["comparator_max"]
                   else f"{W.percent(q['comparator_min'], lang)}—{W.percent(q['comparator_max'], lang)}")
            parts.append(W.pick(lang, f"{quarter_label(q['year'], q['quarter'], lang)}本省{W.percent(q['pass_rate'], lang)}"
                                      f"{'（' + ck + '）' if ck else ''}，同期{others}为{rng}（{lab}）",
                                f"{quarter_label(q['year'], q['quarter'], lang)}: {W.percent(q['pass_rate'], lang)}"
                                f"{' (' + ck + ')' if ck else ''} against {rng} in {others} ({lab})"))
        return ("；" if zh else "; ").join(parts)
    if kind == "consolidation":
        s = W.pick(lang, f"2019年网站数同比下降{W.percent(d['value'], lang, 1)}，{d['n']}省中降幅{W.rank(d['rank'], None, lang)}"
                         f"（中位数{W.percent(d['median'], lang, 1)}）",
                   f"websites fell {W.percent(d['value'], lang, 1)} in 2019, the {W.ordinal(d['rank'])} largest decline "
                   f"of {d['n']} (median {W.percent(d['median'], lang, 1)})")
        if d.get("doubted"):
            s += W.pick(lang, "；该行在另一数据文件中列为低可信度，表格可能错行", "; another file grades this row low (the table may be misaligned)")
        return s
    if kind == "running_sites":
        ch = W.pick(lang, "减少" if d["change_pct"] < 0 else "增加", "down " if d["change_pct"] < 0 else "up ")
        return W.pick(lang, f"正常运行的政府网站由{d['first']:.0f}个（{date_label(d['first_date'], lang)}）变为{d['last']:.0f}个"
                            f"（{date_label(d['last_date'], lang)}），{ch}{W.percent(abs(d['change_pct']), lang, 1)}",
                      f"running government websites went from {d['first']:.0f} ({date_label(d['first_date'], lang)}) to "
                      f"{d['last']:.0f} ({date_label(d['last_date'], lang)}), {ch}{W.percent(abs(d['change_pct']), lang, 1)}")
    if kind == "full_check":
        return W.pick(lang, f"{quarter_label(d['year'], d['quarter'], lang)}政务新媒体全覆盖检查合格率{W.percent(d['value'], lang)}，"
                            f"{d['national_year']}年全国合格率{W.percent(d['national'], lang)}（全国为抽查，年份不同）",
                      f"new media passed at {W.percent(d['value'], lang)} in the {quarter_label(d['year'], d['quarter'], lang)} full-coverage check; national "
                      f"rate {W.percent(d['national'], lang)} in {d['national_year']} (a national sample, another year)")
    if kind == "key_city":
        g = {"非常高": "very high", "高": "high", "中": "medium"}
        later = (W.pick(lang, f"，{d['latest_grade_year']}年等级为“{d['latest_grade']}”",
                        f"; graded {g.get(d['latest_grade'], d['latest_grade'])} in {d['latest_grade_year']}")
                 if d.get("latest_grade") else "")
        return W.pick(lang, f"{d['city_zh']}{W.score(d['score'], lang)}分，{d['n']}个重点城市中第{d['rank']}高"
                            f"（报告并列排名第{d['rank_printed']}位）{later}",
                      f"{d['city_en']} {W.score(d['score'], lang)}, {W.ordinal(d['rank'])} highest of {d['n']} key cities "
                      f"(printed rank {d['rank_printed']}, with ties){later}")
    if kind == "named_accounts":
        ys = sorted({p[:4] for p in d["periods"]})
        yl = W.listing([W.year(y, lang) for y in ys], lang)
        return W.pick(lang, f"本省账号在{yl}的{len(d['lists'])}个全国性排行榜上排第1位",
                      f"the province's accounts were first on {len(d['lists'])} national lists ({yl})")
    if kind == "indicator":
        lab = dict(labels or {})
        parts = [f"{lab.get(k, k)}{W.pick(lang, '差距', ' gap ')}{v:.2f}" for k, v in d["gaps"].items()]
        return W.pick(lang, "；".join(parts) + "（正值为落后于标杆省份均值）",
                      "; ".join(parts) + " (positive = behind the benchmark mean)")
    return ""


def evidence_table(table: pd.DataFrame, evidence: pd.DataFrame, lang: str = "zh",
                   labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The main evidence table: problem, evidence item, object, direction (or "not counted") and the observation."""
    i = _i(lang)
    t = table.set_index("evidence_id")
    dirs = [DIRECTION_LABELS[d][i] if c else W.pick(lang, "不计入（对象不同）", "not counted (other object)")
            for d, c in zip(evidence["direction"], evidence["counted"])]
    return pd.DataFrame({
        W.pick(lang, "问题与证据", "Problem and evidence"): [f"{t.loc[e, 'problem_id']} {t.loc[e, f'evidence_{lang}']}"
                                                       for e in evidence["evidence_id"]],
        W.pick(lang, "方向", "Direction"): dirs,
        W.pick(lang, "观测", "Observation"): [evidence_text(k, r, lang, labels) for k, (_, r) in
                                            zip(evidence["evidence_kind"], evidence.iterrows())],
    })


def counter_evidence(table: pd.DataFrame, evidence: pd.DataFrame, problem_id: str, lang: str,
                     labels: Mapping[str, str] | None = None) -> list[str]:
    """The counted counter-observations of one problem, as sentences."""
    e = evidence[(evidence["problem_id"] == problem_id) & evidence["counted"] & (evidence["counter_sources"] != "")]
    return [evidence_text(k, r, lang, labels) for k, (_, r) in zip(e["evidence_kind"], e.iterrows())]


#: short names of counter-observations, for the rating table (the figures are in the prose beside it)
COUNTER_SHORT = {"running_sites": ("正常运行网站数大幅减少", "running websites cut sharply"),
                 "consolidation": ("2019年网站降幅居前（该行存疑）", "large 2019 website decline (row doubted)"),
                 "full_check": ("新媒体全覆盖检查合格率高", "high pass rate in the full new-media check"),
                 "named_accounts": ("账号获全国榜单第一", "accounts first on national lists"),
                 "key_city": ("重点城市位次靠前", "key city near the top"),
                 "pass_rate": ("合格率高于同期各省", "pass rate above other provinces"),
                 "indicator": ("指标不落后于标杆省份", "indicators not behind the benchmarks"),
                 "inspection_items": ("", "")}


def counter_short(evidence: pd.DataFrame, problem_id: str, lang: str) -> str:
    """The kinds of counter-evidence of one problem, in a few words each (``无`` / ``none`` when there is none)."""
    e = evidence[(evidence["problem_id"] == problem_id) & evidence["counted"] & (evidence["counter_sources"] != "")]
    out = []
    for k, d in zip(e["evidence_kind"], e["detail"]):
        t = COUNTER_SHORT[k][_i(lang)]
        if k == "consolidation" and not d.get("doubted"):
            t = W.pick(lang, "2019年网站降幅居前", "large 2019 website decline")
        out.append(t)
    return ("；" if lang == "zh" else "; ").join(out) or W.pick(lang, "无", "none")


def ratings_table(table: pd.DataFrame, ratings: pd.DataFrame, evidence: pd.DataFrame, lang: str = "zh",
                  labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Rating per problem with the independent sources for and against and the counter-evidence in words."""
    i = _i(lang)
    names = table.drop_duplicates("problem_id").set_index("problem_id")[f"problem_{lang}"]
    return pd.DataFrame({
        W.pick(lang, "问题", "Problem"): [names[p] for p in ratings["problem_id"]],
        W.pick(lang, "评级", "Rating"): [RATING_LABELS[r][i] for r in ratings["rating"]],
        W.pick(lang, "独立来源（支持/反证）", "Sources for / against"): [f"{a}/{b}" for a, b in
                                                                    zip(ratings["n_support"], ratings["n_counter"])],
        W.pick(lang, "反面证据", "Counter-evidence"): [counter_short(evidence, p, lang) for p in ratings["problem_id"]],
    })


def items_table(items: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The coded inspection items: notice, unit, city, object, category (zh) or paraphrase (en), confidence."""
    i = _i(lang)
    out = pd.DataFrame({
        W.pick(lang, "通报", "Notice"): [quarter_label(y, q, lang) for y, q in zip(items["year"], items["quarter"])],
        W.pick(lang, "被点名单位", "Unit named"): items["unit_zh" if lang == "zh" else "unit_en"].to_numpy(),
        W.pick(lang, "所属市（地）", "City"): items["city_zh" if lang == "zh" else "city_en"].to_numpy(),
        W.pick(lang, "对象", "Object"): [OBJECT_LABELS[o][i] for o in items["object"]],
        W.pick(lang, "问题类别", "Category"): [INSPECTION_CATEGORIES[c][i] for c in items["category"]],
        W.pick(lang, "可信度", "Confidence"): [W.confidence(c, lang) for c in items["confidence"]],
    })
    if lang == "en":   # the paraphrase carries the substance in English; the city column makes room for it
        out = out.drop(columns="City")
        out.insert(4, "Defect (paraphrase)", items["description_en"].to_numpy())
    return out


def pass_rate_table(comparison: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """One row per quarter and object: the province's rate and check type, the comparators' range, direction."""
    i = _i(lang)
    return pd.DataFrame({
        W.pick(lang, "季度", "Quarter"): [quarter_label(y, q, lang) for y, q in zip(comparison["year"], comparison["quarter"])],
        W.pick(lang, "对象", "Object"): [OBJECT_LABELS[o][i] for o in comparison["object"]],
        W.pick(lang, "本省合格率", "Pass rate"): [W.percent(v, lang) + (f"（{CHECK_LABELS[c][0]}）" if lang == "zh" and c else
                                                  f" ({CHECK_LABELS[c][1]})" if c else "")
                                              for v, c in zip(comparison["pass_rate"], comparison["check"])],
        W.pick(lang, "同期其他省份", "Other provinces, same quarter"): [
            W.pick(lang, "无", "none") if n == 0 else
            W.pick(lang, f"{n}省：", f"{n}: ") + (W.percent(a, lang) if a == b else f"{W.percent(a, lang)}—{W.percent(b, lang)}")
            for n, a, b in zip(comparison["n_comparators"], comparison["comparator_min"], comparison["comparator_max"])],
        W.pick(lang, "判断", "Reading"): [W.pick(lang, "不计入", "not counted") if d == "too_few"
                                        else DIRECTION_LABELS[d][i] for d in comparison["direction"]],
    })


def indicator_gap_table(gaps: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "zh") -> pd.DataFrame:
    """Indicator gaps for display: label, province value, benchmark mean, gap (positive = behind), behind yes/no."""
    labels = dict(labels or {})
    g = gaps[gaps["has_data"]]
    return pd.DataFrame({
        W.pick(lang, "指标", "Indicator"): [labels.get(k, k) for k in g["indicator"]],
        W.pick(lang, "本省", "Province"): [f"{v:.2f}" for v in g["value"]],
        W.pick(lang, "标杆省份均值", "Benchmark mean"): [f"{v:.2f}" for v in g["benchmark_mean"]],
        W.pick(lang, "差距", "Gap"): [f"{v:.2f}" for v in g["gap"]],
        W.pick(lang, "是否落后", "Behind"): [W.yes_no(b, lang) for b in g["behind"]],
    })


# ----------------------------------------------------------------------------------------------- charts
def category_chart(counts: pd.DataFrame, lang: str = "zh"):
    """Horizontal bars of coded inspection items per category (from ``inspection_category_counts``)."""
    import matplotlib.pyplot as plt

    c = counts.iloc[::-1]
    fig, ax = plt.subplots(figsize=(FIG_W, 2.8))
    ax.barh(c["label"], c["n_items"], color="#4C72B0")
    ax.set_xlabel(W.pick(lang, "问题条目数（条）", "Problem items (count)"), fontsize=9)
    ax.tick_params(labelsize=9)
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return fig


def pass_rate_chart(comparison: pd.DataFrame, rates: pd.DataFrame, province_label: str, lang: str = "zh"):
    """Dot chart per quarter and object: the province (large red) and each same-quarter comparator (grey)."""
    import matplotlib.pyplot as plt

    i = _i(lang)
    lab = [f"{quarter_label(r.year, r.quarter, lang)} {OBJECT_LABELS[r.object][i]}" for r in comparison.itertuples()]
    fig, ax = plt.subplots(figsize=(FIG_W, 0.5 * len(lab) + 1.3))
    for k, r in enumerate(comparison.itertuples()):
        o = rates[(rates["year"] == r.year) & (rates["quarter"] == r.quarter) & (rates["object"] == r.object)]
        others = o[o["region_zh"] != r.region_zh]
        ax.scatter(others["pass_rate"], [k] * len(others), s=25, color="#999999", zorder=2,
                   label=W.pick(lang, "同期其他省份", "other provinces, same quarter") if k == 0 else None)
        ax.scatter([r.pass_rate], [k], s=80, color="#C44E52", zorder=3, label=province_label if k == 0 else None)
    ax.set_yticks(range(len(lab)), lab, fontsize=9)
    ax.set_xlabel(W.pick(lang, "总体合格率（%）", "Overall pass rate (%)"), fontsize=9)
    ax.tick_params(axis="x", labelsize=9)
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


def consolidation_chart(rows: pd.DataFrame, province_zh: str, lang: str = "zh"):
    """Horizontal bars of the 2019 year-on-year decline of government websites (31 provinces, largest on top),
    the province in red and the median dashed (``rows`` = ``consolidation_position(...)['rows']``)."""
    import matplotlib.pyplot as plt

    t = rows.sort_values("yoy_decline_pct_as_printed", ascending=True)
    names = list(t["province_zh"]) if lang == "zh" else [resolve_province(x).en for x in t["province_zh"]]
    colors = ["#C44E52" if x == province_zh else "#8DA0CB" for x in t["province_zh"]]
    fig, ax = plt.subplots(figsize=(FIG_W, 0.16 * len(t) + 1.0))
    ax.barh(range(len(t)), t["yoy_decline_pct_as_printed"], color=colors)
    ax.axvline(float(t["yoy_decline_pct_as_printed"].median()), color="#333333", lw=1, ls="--",
               label=W.pick(lang, "中位数", "median"))
    ax.set_yticks(range(len(t)), names, fontsize=8)
    ax.set_ylim(-0.6, len(t) - 0.4)
    ax.set_xlabel(W.pick(lang, "同比降幅（%，负值为增加）", "Year-on-year decline (%; negative = increase)"), fontsize=9)
    ax.tick_params(axis="x", labelsize=9)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    return fig
