"""Chapter 3: charts and tables in the reader's language (zh / en)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.chapters.status_data import CITE, GRADE_EN, GRADE_THRESHOLDS

HIGHLIGHT, BASE, BENCH = "#c0392b", "#9bb3cc", "#e3a857"
FIG_W = 6.3   # A4 text width, inches


def bar_highlight(values: pd.Series, highlight: Iterable[str] = (), title: str = "", xlabel: str = "",
                  labels: Mapping[str, str] | None = None, secondary: Iterable[str] = (),
                  fmt: str = "{:,.0f}", lines: Mapping[str, float] | None = None, height: float | None = None) -> Figure:
    """Horizontal bars, largest on top; ``highlight`` units in red (value printed next to the bar), ``secondary``
    units (e.g. benchmarks) in amber; optional vertical reference ``lines`` {label: x}."""
    s = pd.to_numeric(values, errors="coerce").dropna().sort_values()
    hi, sec = set(highlight), set(secondary)
    fig, ax = plt.subplots(figsize=(FIG_W, height or (0.16 * len(s) + 0.9)))
    names = [labels.get(k, k) if labels else k for k in s.index]
    colors = [HIGHLIGHT if k in hi else BENCH if k in sec else BASE for k in s.index]
    ax.barh(names, s.to_numpy(), color=colors)
    for i, (k, v) in enumerate(s.items()):
        if k in hi:
            ax.text(v, i, " " + fmt.format(v), va="center", fontsize=8.5, color=HIGHLIGHT)
    for lab, x in (lines or {}).items():
        ax.axvline(x, color="#555555", lw=0.8, ls="--")
        ax.text(x, len(s) - 0.5, " " + lab, fontsize=8, color="#555555", va="top")
    ax.set_xlim(0, float(s.max()) * 1.12 if len(s) and s.max() > 0 else None)
    ax.set_ylim(-0.6, len(s) - 0.4)
    if title:
        ax.set_title(title, fontsize=9)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.tick_params(axis="y", labelsize=8)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    return fig


def capability_chart(table: pd.DataFrame, province: str, benchmarks: Iterable[str], title: str,
                     xlabel: str, labels: Mapping[str, str] | None = None,
                     band_labels: Sequence[str] = ("80 (高)", "90 (非常高)")) -> Figure:
    """Bars of the 2019 index for the 31 provinces with the 80 / 90 grade thresholds; province in red,
    benchmarks in amber. The x axis starts at 60 index points (stated in the axis label by the caller)."""
    fig = bar_highlight(table["score"], [province], title=title, xlabel=xlabel, labels=labels,
                        secondary=benchmarks, fmt="{:.2f}",
                        lines=dict(zip(band_labels, GRADE_THRESHOLDS)))
    fig.axes[0].set_xlim(60, 100)
    return fig


def national_pass_rate_chart(rates: pd.DataFrame, title: str, ylabel: str, break_label: str,
                             names: Mapping[str, str] | None = None) -> Figure:
    """National pass rates on a time axis (a quarter at its midpoint, an annual check at mid-year), one marker per
    check type and object, a dashed line at the April 2019 criteria change; the y axis starts at 80 %."""
    fig, ax = plt.subplots(figsize=(FIG_W, 3.2))
    def when(p: str) -> float:
        p = str(p)
        return int(p[:4]) + ((int(p[5]) - 0.5) / 4 if len(p) > 4 and p[4] == "Q" else 0.5)
    markers = ["o", "s", "^", "D"]
    groups = list(rates.groupby(["check", "object"], sort=False))
    for i, ((check, obj), g) in enumerate(groups):
        lab = f"{(names or {}).get(check, check)} · {(names or {}).get(obj, obj)}"
        dx = (i - (len(groups) - 1) / 2) * 0.05   # a small offset so equal values at one date stay visible
        ax.plot([when(p) + dx for p in g["period"]], g["value"], marker=markers[i % 4], lw=1, label=lab)
    ax.set_ylim(min(80, float(rates["value"].min()) - 2), 100)
    ax.axvline(2019.25, color="#555555", ls="--", lw=0.8)
    ax.text(2019.3, 99.5, break_label, fontsize=8, color="#555555", va="top")
    years = range(int(min(when(p) for p in rates["period"])), int(max(when(p) for p in rates["period"])) + 2)
    ax.set_xticks(list(years), [str(y) for y in years], fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylabel(ylabel, fontsize=9)
    if title:
        ax.set_title(title, fontsize=9)
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "city_zh": ("地区", "Division"), "city_en": ("城市", "City"),
    "population_2020": ("常住人口（2020普查，人）", "Resident population (2020 census, persons)"),
    "share_pct": ("占全省比重（%）", "Share of province (%)"), "districts": ("市辖区", "Districts"),
    "counties": ("县（含自治县）", "Counties (incl. autonomous)"), "county_level_cities": ("县级市", "County-level cities"),
    "county_level_total": ("县级区划合计", "County-level divisions, total"),
    "dataset": ("数据集", "Dataset"), "period": ("时期", "Period"), "indicator": ("指标", "Indicator"),
    "value": ("数值", "Value"), "unit": ("单位", "Unit"), "note": ("说明", "Note"),
    "year": ("年份", "Year"), "quarter": ("季度", "Quarter"), "object": ("对象", "Object"),
    "measure": ("指标代码", "Measure"), "measure_zh": ("指标（通报原文）", "Measure (as printed)"),
    "value_as_printed": ("原文数值", "As printed"), "n_cities": ("市（地）数", "Divisions"),
    "cities": ("合格率100%的市（地）", "Divisions at 100 %"), "cities_en": ("合格率100%的市（地）", "Divisions at 100 %"), "reference_date": ("时点", "Reference date"),
    "platform_zh": ("平台", "Platform"), "platform": ("平台", "Platform"), "count": ("数量", "Count"),
    "basis": ("口径", "Basis"), "rank_printed": ("报告排名", "Rank as printed"),
    "rank_dense": ("31省排名（重算）", "Rank among 31 (recomputed)"), "score": ("得分", "Score"),
    "grade": ("等级", "Grade"), "band": ("按分数段", "Band from score"), "eval_year": ("评估年份", "Evaluation year"),
    "metric": ("指标", "Metric"), "rank": ("排名", "Rank"), "rank_note": ("排名说明", "Rank note"),
    "notes": ("说明", "Notes"), "province_zh": ("省份", "Province"), "index_name": ("指数/评估", "Index"),
    "level": ("层级", "Level"), "region_zh": ("地区", "Region"), "tier": ("档次", "Tier"),
    "scope": ("统计口径", "What is counted"), "confidence": ("可信度", "Confidence"),
}


#: Display names (zh, en) of coded values, by column.
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "object": {"website": ("政府网站", "websites"), "new_media": ("政务新媒体", "new media")},
    "level": {"province": ("省级", "province"), "city": ("城市", "city")},
    "grade": {k: (k, v) for k, v in GRADE_EN.items()},
    "band": {k: (k, v) for k, v in GRADE_EN.items()},
}


def gap_text(gap: float, ref_zh: str, ref_en: str, lang: str, unit_zh: str = "分", unit_en: str = "points") -> str:
    """``reference - value`` in words: "比{ref}低x分" / "x points below {ref}" (or 高 / above, or level with)."""
    if abs(gap) < 5e-3:
        return f"与{ref_zh}持平" if lang == "zh" else f"level with {ref_en}"
    if lang == "zh":
        return f"比{ref_zh}{'低' if gap > 0 else '高'}{abs(gap):.2f}{unit_zh}"
    return f"{abs(gap):.2f} {unit_en} {'below' if gap > 0 else 'above'} {ref_en}"


def display_table(df: pd.DataFrame, lang: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A copy for display: the given ``columns`` (default: all but the citation columns and ``source_*``),
    renamed with :data:`COLUMN_LABELS` in the chapter language. The index is kept."""
    cols = list(columns) if columns is not None else [c for c in df.columns if c not in CITE]
    i = 0 if lang == "zh" else 1
    out = df[cols].copy()
    for c, m in VALUE_LABELS.items():
        if c in out.columns:
            out[c] = out[c].map(lambda v: m[v][i] if v in m else v)
    for c in out.columns:
        v = out[c]
        if pd.api.types.is_float_dtype(v) and v.notna().any() and (v.dropna() % 1 == 0).all():
            out[c] = v.astype("Int64")
    out = out.astype(object).where(out.notna(), "—")
    return out.rename(columns={c: COLUMN_LABELS[c][i] for c in cols if c in COLUMN_LABELS})


def capability_position_table(cp: dict, leader_names: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The province's 2019 capability position as a display table and as its data (``key``, ``value``).

    ``cp``: the position dict of the chapter's data (score, printed and recomputed ranks, leader, gaps in index
    points, reference - province, positive = behind); ``leader_names``: the leader(s) in the report language."""
    zh = lang != "en"
    rows = [("score", "得分（分）", "Score (points)"), ("rank", "31省中排名（得分更高省份数+1）", "Rank among 31 (1 + provinces scoring higher)"),
            ("rank_printed", "报告并列不跳号排名（32个单位）", "Printed rank, ties not skipped (32 units)"),
            ("leader_value", f"第一名得分（{leader_names}）", f"Leader's score ({leader_names})"),
            ("gap_to_leader", "与第一名的差距", "Gap to the leader"), ("mean", "31省均值", "Mean of 31"),
            ("gap_to_mean", "与均值的差距", "Gap to the mean")]
    if "benchmark_mean" in cp:
        rows += [("benchmark_mean", "标杆省份均值", "Benchmark mean"),
                 ("gap_to_benchmarks", "与标杆省份均值的差距", "Gap to the benchmark mean")]
    rows += [("gap_to_threshold_80", "距“高”等级（80分）", "Gap to grade high (80)"),
             ("gap_to_threshold_90", "距“非常高”等级（90分）", "Gap to grade very high (90)")]
    values = [cp["value" if k == "score" else k] for k, _, _ in rows]
    shown = pd.DataFrame({
        "项目" if zh else "Item": [z if zh else e for _, z, e in rows],
        "数值" if zh else "Value": [f"{v:.0f}" if k.startswith("rank") else f"{v:.2f}"
                                   for (k, _, _), v in zip(rows, values)]})
    shown.iloc[:, 1] = [v if k.startswith("rank") else v + ("分" if zh else "") for (k, _, _), v in
                        zip(rows, shown.iloc[:, 1])]
    return shown, pd.DataFrame({"key": [k for k, _, _ in rows], "value": values})


# ----------------------------------------------------------------------------------------------- reader's tables
_BASIS = {"normally operating accounts covered by the Q2 full-coverage provincial inspection":
          ("第二季度全覆盖检查的正常运行账号", "running accounts in the Q2 full-coverage check"),
          "normally operating websites covered by the Q2 full-coverage inspection":
          ("第二季度全覆盖检查的正常运行网站", "running websites in the Q2 full-coverage check"),
          "CNNIC registry count by province": ("CNNIC分省登记数", "CNNIC count by province")}
_PLATFORM = {"all_government_new_media": ("政务新媒体（全部平台）", "government new media (all platforms)"),
             "government_website": ("政府网站", "government websites"),
             "government_website_registered_incl_offline": ("政府网站（系统登记总数，含下线）",
                                                             "government websites registered (incl. offline)")}


def _date(d: str, lang: str) -> str:
    import calendar
    d = str(d).replace("as of ", "")
    qz = {"Q1": "一", "Q2": "二", "Q3": "三", "Q4": "四"}
    if len(d) >= 6 and d[4] == "Q":
        return f"{d[:4]}年第{qz.get(d[4:6], d[4:6])}季度" if lang == "zh" else f"{d[:4]} {d[4:6]}"
    if len(d) >= 7 and d[4] == "-":
        return f"{d[:4]}年{int(d[5:7])}月" if lang == "zh" else f"{calendar.month_name[int(d[5:7])]} {d[:4]}"
    return d


def accounts_display(acc: pd.DataFrame, lang: str, doubted: bool = False) -> pd.DataFrame:
    """Counts by platform in the reader's language: date, what is counted, count with unit, basis (the CNNIC row
    marked when another file doubts it)."""
    i = 0 if lang == "zh" else 1
    basis = []
    for b, c in zip(acc["basis"].astype(str), acc["confidence"]):
        t = _BASIS.get(b, ("省级通报：在全国系统登记的网站" if "registered" in b or "running" in b.lower() else b,
                            "provincial notice: sites in the national registry"))[i]
        if "CNNIC" in b and doubted:
            t += "（可信度低，表格可能错行）" if i == 0 else " (low confidence: the table may be misaligned)"
        basis.append(t)
    unit = [("个" if p != "all_government_new_media" else "个") if i == 0 else "" for p in acc["platform"]]
    return pd.DataFrame({
        ("时点" if i == 0 else "Date"): [_date(d, lang) for d in acc["reference_date"]],
        ("对象" if i == 0 else "What is counted"): [_PLATFORM.get(p, (z, p))[i] for p, z in zip(acc["platform"], acc["platform_zh"])],
        ("数量" if i == 0 else "Count"): [f"{int(v)}{u}" if i == 0 else f"{int(v):,}" for v, u in zip(acc["count"], unit)],
        ("口径" if i == 0 else "Basis"): basis,
    })


_SUBLISTS_EN = {"地方榜 总榜": "local list, overall", "地方榜 微博榜": "local list, Weibo",
                "地方微博榜 省级榜": "local Weibo list, provincial level", "地方头条榜 省级榜": "local Toutiao list, provincial level",
                "地方微博榜 区县榜": "local Weibo list, county level", "地方头条榜(分州市级)": "local Toutiao list, prefecture level"}


def _list_en(list_name: str) -> str:
    """A ranking list's name for the en report: the Chinese name of the index glossed once, the sub-list in English
    ("“互联网+检察”指数排行榜 (Internet + Procuratorate index): local list, overall")."""
    base, _, sub = str(list_name).partition(" - ")
    if "互联网+检察" in base:
        year = base.split("年度")[0] + " " if "年度" in base else ""
        base = year + "“互联网+检察”指数排行榜 (Internet + Procuratorate index)"
    else:
        base = W.name(base, "en")
    return f"{base}: {_SUBLISTS_EN.get(sub, sub)}" if sub else base


def named_display(t: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Named accounts on ranking lists: year, account or institution, platform, list, place."""
    zh = lang == "zh"
    lists = [l if zh else _list_en(l) for l in t["list_name"]]
    return pd.DataFrame({
        ("年份" if zh else "Year"): t["year"].astype(str).to_numpy(),
        ("账号或主体" if zh else "Account or institution"): [W.name(a, lang) for a in t["account"]],
        ("平台" if zh else "Platform"): t["platform_zh" if zh else "platform_en"].to_numpy(),
        ("排行榜" if zh else "List"): lists,
        ("名次" if zh else "Place"): [f"第{r}位" if zh else f"{r}" for r in t["rank"]],
    })


def city_years_display(c: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per year: city, printed rank, score, grade (``—`` where not printed)."""
    zh = lang == "zh"
    g = {"非常高": "very high", "高": "high", "中": "medium"}
    return pd.DataFrame({
        ("年份" if zh else "Year"): c["eval_year"].astype(str).to_numpy(),
        ("城市" if zh else "City"): c["city_zh" if zh else "city_en"].to_numpy(),
        ("报告排名" if zh else "Printed rank"): ["—" if pd.isna(r) else (f"第{int(r)}位" if zh else str(int(r))) for r in c["rank"]],
        ("得分" if zh else "Score"): ["—" if pd.isna(v) else (f"{v:.2f}分" if zh else f"{v:.2f}") for v in c["score"]],
        ("等级" if zh else "Grade"): ["—" if pd.isna(v) else (v if zh else g.get(v, v)) for v in c["grade"]],
    })


_METRICS = {"WeChat accounts": ("县处级以上单位微信公众号数", "WeChat accounts of county-level units and above"),
            "reading volume": ("阅读量进入前10的次数", "times in the top 10 by reads"),
            "EGDI rank": ("36个大城市中的排名", "rank among 36 major cities"),
            "toutiao": ("省域头条榜", "provincial Toutiao list"), "organisation": ("组织机构分指数", "organisation sub-index"),
            "平台管理": ("平台管理分项", "platform management item"), "政民互动": ("政民互动分项", "citizen interaction item"),
            "overall ranking": ("总排名", "overall ranking"), "capability stage": ("能力等级", "capability stage"),
            "eco-environment WeChat": ("生态环境厅微信月榜", "eco-environment WeChat monthly list"),
            "portal ranking": ("省级门户网站排名", "provincial portal ranking"),
            "sub-provincial city website": ("副省级城市网站排名", "sub-provincial city website ranking"),
            "provincial-capital website": ("省会城市网站排名", "provincial-capital website ranking"),
            "provincial government website": ("省级政府网站排名", "provincial government website ranking")}


def metric_label(m: str, lang: str) -> str:
    """The measured item of an index row in the reader's language (``—`` when not recognised)."""
    hit = next((v for k, v in _METRICS.items() if k in str(m)), None)
    return (hit[0 if lang == "zh" else 1] if hit else "—")


_TIERS_EN = {"优秀": "excellent", "良好": "good", "非常高": "very high", "高": "high", "中": "medium", "低": "low",
             "一般": "fair"}
_PHRASES_EN = {"有一半时间位列前十": "in the monthly top 10 half of the time",
               "有一半时间也位列前十名": "in the monthly top 10 half of the time"}


def other_display(o: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Other indices: year, index (zh name; en gloss where the data give one), unit placed, result in words."""
    import re
    zh = lang == "zh"

    def name(n: str) -> str:
        m = re.match(r"^(.*?)\s*\((.*)\)\s*$", str(n))
        return (m.group(1) if zh else f"{m.group(1)} ({m.group(2)})") if m else W.name(n, lang)

    def result(r) -> str:
        note = str(r.rank_note) if pd.notna(r.rank_note) else ""
        if pd.notna(r.rank):
            return (f"并列第{int(r.rank)}位" if "tied" in note else f"第{int(r.rank)}位") if zh else \
                (f"tied {int(r.rank)}" if "tied" in note else f"rank {int(r.rank)}")
        if pd.notna(r.value_as_printed):
            if zh:
                return str(r.value_as_printed)
            if not re.search(r"[\u4e00-\u9fff]", str(r.value_as_printed)):
                return f"{r.value_as_printed} (as printed)"
            printed = str(r.value_as_printed)
            if printed in _PHRASES_EN:
                return _PHRASES_EN[printed]
            if pd.notna(r.value_normalised):  # the printed Chinese phrase, as the number it states
                more = "more than " if "余" in printed or "超过" in printed else ""
                unit = "" if pd.isna(r.unit) else str(r.unit)
                unit = unit[:-1] if r.value_normalised == 1 and unit.endswith("s") else unit  # 1 time, 1 account
                return f"{more}{r.value_normalised:g} {unit}".strip()
            return "stated in words (see source)"
        if pd.notna(r.tier) and re.search(r"[\u4e00-\u9fff]", str(r.tier)) and len(str(r.tier)) <= 4:
            return f"{r.tier}档" if zh else f"tier “{_TIERS_EN.get(str(r.tier), str(r.tier))}”"
        if note.startswith("not"):
            return "未上榜" if zh else "not listed"
        return "上榜" if zh else "listed"
    unit = [("省级" if l == "province" else r) if zh else ("province" if l == "province" else (re if pd.notna(re) else r))
            for l, r, re in zip(o["level"], o["region_zh"], o["region_en"])]
    return pd.DataFrame({("年份" if zh else "Year"): o["eval_year"].astype(str).to_numpy(),
                         ("指数或排行" if zh else "Index or list"): [name(n) for n in o["index_name"]],
                         ("项目" if zh else "Item"): [metric_label(m, lang) for m in o["metric"]],
                         ("对象" if zh else "Unit"): unit,
                         ("结果" if zh else "Result"): [result(r) for r in o.itertuples()]})


def weibo_display(w: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Government Weibo counts: year, platform, what is counted (zh), count as printed."""
    zh = lang == "zh"
    scope = {"政法": ("政法类机构和公职人员微博", "political-legal institutional and official accounts"),
             "公安": ("公安类微博", "police accounts"),
             "county/division": ("县处级以上单位认证政务微博", "certified accounts of units at county level and above")}
    plat = {"Tencent Weibo": ("腾讯微博", "Tencent Weibo"), "weibo (all platforms)": ("各微博平台合计", "all Weibo platforms"),
            "Sina Weibo (CNNIC)": ("新浪微博（CNNIC）", "Sina Weibo (CNNIC)")}
    return pd.DataFrame({
        ("年份" if zh else "Year"): w["year"].astype(str).to_numpy(),
        ("平台" if zh else "Platform"): [plat.get(p, (p, p))[0 if zh else 1] for p in w["platform"]],
        ("统计范围" if zh else "What is counted"): [next((v[0 if zh else 1] for k, v in scope.items() if k in str(s)), str(s))
                                                for s in w["scope"]],
        ("数量" if zh else "Count"): [str(v) if zh else str(v).replace("余个", "+").replace("个", "")
                                    for v in w["value_as_printed"]],
    })
