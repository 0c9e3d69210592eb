"""Domestic comparison (chapter 5): the province against benchmark and peer provinces, the composite ranking of
all provinces (entropy weights + TOPSIS) with its weight sensitivity, the NBS four-region view, documented
flagship accounts of benchmark provinces, and the lessons table.

All functions are pure: DataFrames in, DataFrames out. The decision matrix is the framework's
``indicator_matrix()`` (rows = the 31 provinces by short Chinese name, columns = indicator ids) and
``directions`` maps each indicator to ``"benefit"`` (larger is better) or ``"cost"``.

Definitions:

* *Benchmark mean* / *peer mean*: unweighted mean of the named provinces that have a value for the indicator
  (``n_benchmarks`` / ``n_peers`` say how many); never filled in.
* *Rank*: among the provinces with a value, 1 = best in the indicator's direction; ties share the best rank.
* *Gap to benchmarks*: province value minus benchmark mean, in the indicator's own units (negative = below for a
  benefit indicator). ``better_than_benchmarks`` is direction-aware.
* *Composite*: entropy weights (:func:`mcda.entropy_weights`) on the indicators that every province has, then
  TOPSIS closeness (0-1, 1 = ideal). Indicators with a missing province are left out of the composite (listed in
  ``attrs["excluded"]``) because TOPSIS needs a complete matrix and nothing is imputed.
* *Sensitivity band*: best and worst rank of each province when each entropy weight in turn is raised and lowered
  by ``pct`` % (renormalised), :func:`mcda.weight_sensitivity`.
* *Direction check*: :func:`flipped_direction_ranking` recomputes the composite with one indicator's direction
  reversed (benefit <-> cost), for indicators whose direction is an interpretive choice (e.g. government websites
  per million residents, read in the framework as a cost indicator of consolidation, 集约化).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from heilongjiang_newmedia.methods import indicators, mcda
from heilongjiang_newmedia.loading.regions import NBS_REGION_ZH, NBS_REGIONS

__all__ = ["province_vs_groups", "Composite", "complete_columns", "composite_ranking", "flipped_direction_ranking",
           "regional_view",
           "region_label", "domestic_cases", "FIVE_ASPECTS", "lessons_table", "composite_chart", "profile_chart",
           "profile_table", "weights_table", "regional_table", "cases_table"]

_CITE = ["source_url", "source_title", "source_date", "locator", "confidence"]


def _names(units: Iterable[Any]) -> list[str]:
    return [str(u) for u in units]


def _rank(col: pd.Series, direction: str) -> pd.Series:
    return indicators.rank(col, ascending=(direction == "cost"), na="drop")


def province_vs_groups(matrix: pd.DataFrame, directions: Mapping[str, str], province: str,
                       benchmarks: Iterable[str], peers: Iterable[str]) -> pd.DataFrame:
    """The province against benchmark and peer provinces on every indicator that covers them.

    An indicator is kept when the province and at least one benchmark or peer have a value. One row per
    indicator: ``indicator``, ``value`` (province), ``benchmark_mean``, ``n_benchmarks``, ``peer_mean``,
    ``n_peers``, ``gap_to_benchmarks`` (value − benchmark mean), ``better_than_benchmarks`` (direction-aware;
    missing when there is no benchmark value), ``rank`` (among provinces with a value, 1 = best in the
    indicator's direction), ``n`` (provinces with a value), ``leader`` and ``leader_value``. ``attrs["skipped"]``
    lists indicators left out and why (province has no value / no benchmark or peer has a value).
    A context variable (direction ``"none"``) is ranked largest-first and ``better_than_benchmarks`` is missing.
    """
    bench = [b for b in _names(benchmarks) if b != province]
    peer = [p for p in _names(peers) if p != province]
    rows, skipped = [], []
    for ind in matrix.columns:
        col = pd.to_numeric(matrix[ind], errors="coerce")
        d = directions.get(ind, "benefit")
        if province not in col.index or pd.isna(col.get(province)):
            skipped.append((ind, "province has no value"))
            continue
        b = col.reindex(bench).dropna()
        p = col.reindex(peer).dropna()
        if b.empty and p.empty:
            skipped.append((ind, "no benchmark or peer has a value"))
            continue
        v = float(col[province])
        r = _rank(col, d)
        best = col.dropna().min() if d == "cost" else col.dropna().max()
        gap = v - float(b.mean()) if not b.empty else float("nan")
        rows.append({
            "indicator": ind, "direction": d, "value": v,
            "benchmark_mean": float(b.mean()) if not b.empty else float("nan"), "n_benchmarks": len(b),
            "peer_mean": float(p.mean()) if not p.empty else float("nan"), "n_peers": len(p),
            "gap_to_benchmarks": gap,
            "better_than_benchmarks": (pd.NA if b.empty or d not in ("benefit", "cost")
                                       else bool(gap < 0 if d == "cost" else gap > 0)),
            "rank": int(r[province]), "n": int(col.notna().sum()),
            "leader": "; ".join(_names(col.index[col == best])), "leader_value": float(best),
        })
    out = pd.DataFrame(rows)
    out.attrs["skipped"] = skipped
    return out


@dataclass
class Composite:
    """Result of :func:`composite_ranking`."""

    ranking: pd.DataFrame          # index province; closeness, rank, min_rank, max_rank, n_rank_changes, region
    weights: pd.Series             # entropy weights of the indicators used (sum 1)
    matrix: pd.DataFrame           # the complete decision matrix used
    excluded: list[str] = field(default_factory=list)   # indicators left out (missing provinces)
    pct: float = 10.0

    def of(self, province: str) -> dict[str, Any]:
        """The province's closeness, rank, sensitivity band and number of provinces ranked."""
        r = self.ranking.loc[province]
        return {"closeness": float(r["closeness"]), "rank": int(r["rank"]), "min_rank": int(r["min_rank"]),
                "max_rank": int(r["max_rank"]), "n": int(len(self.ranking)), "pct": self.pct,
                "n_indicators": int(len(self.weights))}


def complete_columns(matrix: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Numeric matrix restricted to indicators with a value for every row, and the list of those excluded."""
    m = matrix.apply(pd.to_numeric, errors="coerce").astype("float64")
    excluded = [c for c in m.columns if m[c].isna().any()]
    return m.drop(columns=excluded), excluded


def composite_ranking(matrix: pd.DataFrame, directions: Mapping[str, str], pct: float = 10,
                      regions: Mapping[str, str] | None = None) -> Composite:
    """Entropy-weight TOPSIS ranking of all provinces with a one-at-a-time weight-sensitivity band.

    Uses the indicators that every province has (see module docstring); raises ``ValueError`` if none remain.
    ``ranking`` columns: ``closeness`` (TOPSIS relative closeness, 0-1), ``rank`` (1 = best), ``min_rank`` /
    ``max_rank`` (best / worst rank when each weight is changed by ±``pct`` %), ``n_rank_changes`` and, when
    ``regions`` (province -> NBS region) is given, ``region``. Sorted by rank.
    """
    m, excluded = complete_columns(matrix)
    if m.shape[1] == 0:
        raise ValueError("no indicator has a value for every province; the composite cannot be computed")
    dirs = {c: directions.get(c, "benefit") for c in m.columns}
    w = mcda.entropy_weights(m, dirs)
    t = mcda.topsis(m, w, dirs)
    s = mcda.weight_sensitivity(m, w, dirs, pct=pct, method="topsis")
    out = t[["closeness", "rank"]].join(s[["min_rank", "max_rank", "n_rank_changes"]])
    if regions is not None:
        out["region"] = [regions.get(p) for p in out.index]
    out = out.sort_values(["rank", "closeness"], ascending=[True, False], kind="stable")
    out.index.name = "province"
    return Composite(ranking=out, weights=w, matrix=m, excluded=excluded, pct=float(pct))


def flipped_direction_ranking(matrix: pd.DataFrame, directions: Mapping[str, str], indicator: str,
                              pct: float = 10, regions: Mapping[str, str] | None = None) -> Composite:
    """:func:`composite_ranking` with ``indicator``'s direction reversed (``"benefit"`` <-> ``"cost"``).

    Shows how much an interpretive direction choice drives the ranking (entropy weights are recomputed, since
    min-max normalisation depends on the direction). Raises ``KeyError`` if ``indicator`` is not a column of
    ``matrix`` and ``ValueError`` if its direction is neither benefit nor cost.
    """
    if indicator not in matrix.columns:
        raise KeyError(f"{indicator!r} is not a column of the matrix")
    d = dict(directions)
    cur = d.get(indicator, "benefit")
    if cur not in ("benefit", "cost"):
        raise ValueError(f"{indicator!r} has direction {cur!r}; only benefit/cost can be reversed")
    d[indicator] = "benefit" if cur == "cost" else "cost"
    return composite_ranking(matrix, d, pct=pct, regions=regions)


def regional_view(matrix: pd.DataFrame, closeness: pd.Series, regions: Mapping[str, str],
                  province: str) -> pd.DataFrame:
    """NBS four-region means of the TOPSIS closeness and of every indicator (``indicators.regional_aggregate``).

    Rows = regions (east, central, west, northeast); columns = ``closeness`` then the indicator ids, plus
    ``n_provinces`` (provinces with a closeness score) and ``is_province_region``.
    """
    cols = {"closeness": indicators.regional_aggregate(closeness, regions)}
    for c in matrix.columns:
        col = pd.to_numeric(matrix[c], errors="coerce")
        if col.notna().any():
            cols[c] = indicators.regional_aggregate(col.dropna(), regions).reindex(list(NBS_REGIONS))
    out = pd.DataFrame(cols).reindex([r for r in NBS_REGIONS if r in cols["closeness"].index])
    out["n_provinces"] = [cols["closeness"].attrs["n_units"].get(r, 0) for r in out.index]
    out["is_province_region"] = [r == regions.get(province) for r in out.index]
    return out


def region_label(region: str, lang: str = "zh") -> str:
    """``east`` -> 东部 / East."""
    return region.capitalize() if lang == "en" else NBS_REGION_ZH.get(region, region)


# ---------------------------------------------------------------------------------------------- case profiles
def _account_fact(r: Any, lang: str) -> str:
    en = lang == "en"
    parts = []
    if not pd.isna(r.list_name) and not str(r.list_name).startswith("("):  # "(follower snapshot, no ranking)"
        pub = "" if pd.isna(r.list_publisher) else (f" ({r.list_publisher})" if en else f"({r.list_publisher})")
        if not pd.isna(r.rank):
            parts.append(f"rank {int(r.rank)} on {r.list_name}{pub}" if en else f"{r.list_name}{pub}第{int(r.rank)}名")
        else:
            note = "" if pd.isna(r.rank_note) else (f": {r.rank_note}" if en else f":{r.rank_note}")
            parts.append(f"listed on {r.list_name}{pub}{note}" if en else f"入选{r.list_name}{pub}{note}")
    if not pd.isna(r.followers_as_printed):
        parts.append(f"followers {r.followers_as_printed}" if en else f"粉丝{r.followers_as_printed}")
    return ("; " if en else ";").join(parts)


def domestic_cases(bench_accounts: pd.DataFrame, own_accounts: pd.DataFrame | None, province: str,
                   benchmarks: Iterable[str], lang: str = "zh") -> pd.DataFrame:
    """Flagship accounts of benchmark provinces (and of the province itself where documented), one cited fact per row.

    From ``benchmark_accounts`` rows whose ``province_zh`` is a benchmark or the province, and from
    ``top_accounts_heilongjiang`` rows of the province (``own_accounts``, may be ``None``). ``fact`` is assembled
    from the row's list name, publisher, rank (or rank note) and follower count *as printed*. Columns: ``role``
    (benchmark / province), ``province``, ``account``, ``platform``, ``period``, ``fact``, ``note`` and the
    citation columns. Sorted by role, province, year.
    """
    en = lang == "en"
    bench = _names(benchmarks)
    frames = []
    sel = bench_accounts[bench_accounts["province_zh"].isin(bench + [province])]
    if own_accounts is not None:
        sel = pd.concat([sel, own_accounts[own_accounts["province_zh"] == province]], ignore_index=True)
    rows = []
    for r in sel.itertuples(index=False):
        role = ("province" if en else "本省") if r.province_zh == province else ("benchmark" if en else "标杆省份")
        rows.append({"role": role, "province": r.province_zh, "account": r.account_zh, "platform": r.platform,
                     "year": r.year, "period": r.period, "fact": _account_fact(r, lang),
                     "note": "" if pd.isna(r.notes) else r.notes, **{c: getattr(r, c) for c in _CITE}})
    frames = pd.DataFrame(rows, columns=["role", "province", "account", "platform", "year", "period", "fact",
                                         "note", *_CITE])
    if frames.empty:
        return frames
    frames["_o"] = frames["province"].eq(province)
    return frames.sort_values(["_o", "province", "year"], kind="stable").drop(columns="_o").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- lessons
#: The five aspects where the thesis finds the province must improve, with the framework dimensions and UN indices
#: that bear on each (a conceptual mapping: team building has no framework dimension, since no indicator measures
#: staff; emergency handling is read as two-way communication, the interaction dimension), and what our data cannot
#: show (a statement about coverage, not a figure).
FIVE_ASPECTS: dict[str, dict[str, Any]] = {
    "team_building": {
        "zh": "队伍建设", "en": "Team building",
        "un": ("hci",),
        "dimensions": (),
        "not_zh": "数据中没有各省政务新媒体运营人员数量、专业结构或培训的指标;HCI 衡量的是全民教育水平,不是政府队伍。",
        "not_en": "No indicator of the number, skills or training of new-media staff by province; the HCI measures "
                  "the population's education, not government staff.",
    },
    "service_efficiency": {
        "zh": "服务效率", "en": "Service efficiency",
        "un": ("osi",),
        "dimensions": ("service",),
        "not_zh": "数据中没有办件时长、一次办结率等过程效率指标;网上服务能力评估衡量的是供给和成熟度。",
        "not_en": "No process-efficiency measure (processing time, one-visit completion rate); the online-service "
                  "evaluations measure supply and maturity.",
    },
    "convenience_awareness": {
        "zh": "便民意识", "en": "Awareness of convenience for the people",
        "un": ("epi", "tii"),
        "dimensions": ("reach", "interaction", "platform"),
        "not_zh": "数据中没有各省用户满意度或留言回复时效的可比指标(新加坡的满意度数据仅为单一国家引用)。",
        "not_en": "No comparable satisfaction or reply-time measure by province (Singapore's satisfaction share is a "
                  "single-country citation).",
    },
    "emergency_handling": {
        "zh": "突发公共事件处置", "en": "Handling of public emergencies",
        "un": (),
        "dimensions": ("interaction",),
        "not_zh": "数据中没有突发事件期间政务新媒体发布时效或覆盖的指标,无法量化比较。",
        "not_en": "No measure of government new media's timeliness or reach during emergencies; not comparable "
                  "with our data.",
    },
    "information_security": {
        "zh": "信息安全体系", "en": "Information-security system",
        "un": (),
        "dimensions": ("security",),
        "not_zh": "数据中没有各省网络安全事件或等级保护的可比指标;检查合格率只反映内容与运维问题。",
        "not_en": "No comparable measure of security incidents or protection levels by province; inspection pass "
                  "rates reflect content and maintenance problems only.",
    },
}


_ROLE_LABEL = {"composite": ("综合评价", "composite"), "context": ("背景", "context"),
               "evidence": ("仅部分数据", "partial data"), "not_covered": ("无数据", "no data")}


def lessons_table(profile: pd.DataFrame, framework: pd.DataFrame, lead_lag: pd.DataFrame | None,
                  lang: str = "zh") -> pd.DataFrame:
    """The lessons table: per improvement aspect, what the leaders score well on and what the data shows.

    ``profile``: :func:`province_vs_groups`; ``framework``: the framework table (``framework.load_framework()``:
    ``indicator_id``, ``label_zh``/``label_en``, ``dimension``, ``dimension_zh``/``dimension_en``, ``role``);
    ``lead_lag``: :func:`international.lead_lag` (China vs comparison countries) or ``None``. Aspects are mapped to
    framework dimensions by :data:`FIVE_ASPECTS`. Six columns, headers in ``lang``: aspect; the framework indicators
    of the mapped dimensions with their data role (composite / context / partial data / no data); domestic evidence
    (per indicator in ``profile``: province value vs benchmark mean and the province's rank); international evidence
    (per UN index: China minus the comparison mean); data support ("yes" = both kinds of evidence, "partial" = one,
    "no" = none; zh 有 / 部分 / 无); what the data do not show.
    """
    en = lang == "en"
    lab = "label_en" if en else "label_zh"
    fw = framework.set_index("indicator_id") if "indicator_id" in framework.columns else framework
    prof = profile.set_index("indicator") if not profile.empty else None
    ll = lead_lag.set_index("indicator") if lead_lag is not None and not lead_lag.empty else None
    rows = []
    for key, a in FIVE_ASPECTS.items():
        inds = [i for i in fw.index if fw.at[i, "dimension"] in a["dimensions"]]
        fw_text = ("; " if en else ";").join(
            f"{fw.at[i, lab]} [{_ROLE_LABEL.get(fw.at[i, 'role'], (fw.at[i, 'role'],) * 2)[1 if en else 0]}]"
            for i in inds)
        dom = []
        for i in inds:
            if prof is not None and i in prof.index and fw.at[i, "direction"] in ("benefit", "cost"):
                p = prof.loc[i]
                bm = _fmt(p["benchmark_mean"])
                dom.append(f"{fw.at[i, lab]}: {_fmt(p['value'])} vs {bm} (rank {int(p['rank'])}/{int(p['n'])})" if en
                           else f"{fw.at[i, lab]}:本省{_fmt(p['value'])},标杆均值{bm}(第{int(p['rank'])}/{int(p['n'])}位)")
        intl = []
        for u in a["un"]:
            if ll is not None and u in ll.index:
                d = float(ll.at[u, "diff"])
                intl.append(f"{u.upper()}: China {d:+.3f} vs comparison mean" if en else
                            f"{u.upper()}:中国比对比国均值{d:+.3f}")
        shows = "yes" if dom and intl else ("partial" if dom or intl else "no")
        rows.append([a["en"] if en else a["zh"], fw_text or "—", ("; " if en else ";").join(dom) or "—",
                     ("; " if en else ";").join(intl) or "—",
                     shows if en else {"yes": "有", "partial": "部分", "no": "无"}[shows],
                     a["not_en"] if en else a["not_zh"]])
    cols = (["aspect", "framework indicators [data]", "domestic evidence (province vs benchmarks)",
             "international evidence (China vs comparison countries)", "data support", "what the data do not show"]
            if en else ["方面", "框架指标[数据情况]", "国内证据(本省 vs 标杆)", "国际证据(中国 vs 对比国)", "数据是否支持",
                        "数据不能说明的"])
    return pd.DataFrame(rows, columns=cols)


# ---------------------------------------------------------------------------------------------- charts
def composite_chart(ranking: pd.DataFrame, province: str, labels: Mapping[str, str] | None = None,
                    lang: str = "zh") -> Figure:
    """Horizontal bars of TOPSIS closeness for all provinces (best on top), the province highlighted, with its
    rank band from the weight sensitivity written next to its bar."""
    r = ranking.sort_values("closeness")
    fig, ax = plt.subplots(figsize=(7.5, 0.22 * len(r) + 1.2))
    colors = ["#c0392b" if p == province else "#8fa9c4" for p in r.index]
    names = [labels.get(p, p) if labels else p for p in r.index]
    ax.barh(names, r["closeness"], color=colors)
    if province in r.index:
        row = r.loc[province]
        band = (f"rank {int(row['rank'])} ({int(row['min_rank'])}–{int(row['max_rank'])})" if lang == "en"
                else f"第{int(row['rank'])}位({int(row['min_rank'])}–{int(row['max_rank'])})")
        ax.text(float(row["closeness"]) + 0.01, list(r.index).index(province), band, va="center", fontsize=8)
    ax.set_xlabel("TOPSIS 贴近度(0–1)" if lang != "en" else "TOPSIS closeness (0–1)")
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    return fig


def profile_chart(matrix: pd.DataFrame, directions: Mapping[str, str], province: str, benchmarks: Iterable[str],
                  peers: Iterable[str], indicators_: Iterable[str], labels: Mapping[str, str] | None = None,
                  unit_labels: Mapping[str, str] | None = None, lang: str = "zh") -> Figure:
    """Dot plot: for each indicator (one row), min-max position 0-1 among the provinces with a value (1 = best in
    the indicator's direction; context variables, direction ``"none"``, are placed low-to-high and marked
    "(context)") of the province, each benchmark and each peer."""
    inds = list(indicators_)
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(inds) + 1.4))
    groups = [(province, "#c0392b", "o", 60)] + [(b, "#2e86c1", "s", 30) for b in _names(benchmarks)] + \
             [(p, "#27ae60", "^", 30) for p in _names(peers)]
    seen: set[str] = set()
    for y, ind in enumerate(inds):
        col = pd.to_numeric(matrix[ind], errors="coerce").dropna()
        lo, hi = float(col.min()), float(col.max())
        span = hi - lo
        for unit, color, marker, size in groups:
            if unit not in col.index:
                continue
            pos = 1.0 if span == 0 else (float(col[unit]) - lo) / span
            if directions.get(ind, "benefit") == "cost":
                pos = 1.0 - pos
            kind = "province" if unit == province else ("benchmark" if unit in _names(benchmarks) else "peer")
            lab = {"province": (province, province), "benchmark": ("标杆省份", "benchmarks"),
                   "peer": ("邻近省份", "peers")}[kind][1 if lang == "en" else 0]
            if kind == "province" and labels:
                lab = labels.get(province, province)
            ax.scatter(pos, y, c=color, marker=marker, s=size, zorder=3 if kind == "province" else 2,
                       label=None if lab in seen else lab)
            seen.add(lab)
    ax.set_yticks(range(len(inds)))
    ctx = " (背景)" if lang != "en" else " (context)"
    ax.set_yticklabels([(unit_labels or {}).get(i, i) + (ctx if directions.get(i) not in ("benefit", "cost") else "")
                        for i in inds], fontsize=8)
    ax.set_xlim(-0.05, 1.05)
    ax.invert_yaxis()
    ax.set_xlabel("在31省中的相对位置(0=最差,1=最好)" if lang != "en" else "position among provinces (0 = worst, 1 = best)")
    ax.legend(frameon=False, fontsize=8, bbox_to_anchor=(1.01, 1), loc="upper left")
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------- display tables
def _fmt(x: Any, digits: int = 4) -> str:
    """Up to ``digits`` significant digits; large values (>= 10,000) in full with thousands separators."""
    if x is None or pd.isna(x):
        return "—"
    v = float(x)
    return f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:.{digits}g}"


def profile_table(profile: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "zh",
                  unit_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display version of :func:`province_vs_groups` with localised headers (values to 4 significant digits);
    ``unit_labels`` maps province names (e.g. to English)."""
    en = lang == "en"
    labels = dict(labels or {})
    ul = dict(unit_labels or {})
    yes, no = ("yes", "no") if en else ("是", "否")
    return pd.DataFrame({
        ("indicator" if en else "指标"): [labels.get(i, i) for i in profile["indicator"]],
        ("direction" if en else "方向"): [{"benefit": ("越大越好", "higher is better"),
                                           "cost": ("越小越好", "lower is better")}.get(
                                              d, ("背景(不评价)", "context (not evaluated)"))[1 if en else 0]
                                          for d in profile["direction"]],
        ("province" if en else "本省"): [_fmt(v) for v in profile["value"]],
        ("benchmark mean (n)" if en else "标杆均值(个数)"): [f"{_fmt(v)} ({n})" for v, n in
                                                           zip(profile["benchmark_mean"], profile["n_benchmarks"])],
        ("peer mean (n)" if en else "邻近省份均值(个数)"): [f"{_fmt(v)} ({n})" for v, n in
                                                        zip(profile["peer_mean"], profile["n_peers"])],
        ("better than benchmarks" if en else "优于标杆均值"): ["—" if pd.isna(b) else (yes if b else no)
                                                          for b in profile["better_than_benchmarks"]],
        ("rank" if en else "排名"): [f"{r}/{n}" for r, n in zip(profile["rank"], profile["n"])],
        ("leader" if en else "第一名"): ["; ".join(ul.get(x, x) for x in str(lead).split("; ")) + f" ({_fmt(v)})"
                                         for lead, v in zip(profile["leader"], profile["leader_value"])],
    })


def weights_table(comp: Composite, labels: Mapping[str, str] | None = None, lang: str = "zh") -> pd.DataFrame:
    """Indicators used in the composite with their entropy weights (sorted by weight)."""
    en = lang == "en"
    w = comp.weights.sort_values(ascending=False)
    return pd.DataFrame({("indicator id" if en else "指标代码"): list(w.index),
                         ("indicator" if en else "指标"): [(labels or {}).get(i, i) for i in w.index],
                         ("entropy weight" if en else "熵权"): w.round(4).to_numpy()})


def regional_table(reg: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "zh") -> pd.DataFrame:
    """Display version of :func:`regional_view`: regions as rows with localised names, values to 4 digits."""
    en = lang == "en"
    cols = [c for c in reg.columns if c not in ("n_provinces", "is_province_region")]
    out = pd.DataFrame(index=[region_label(r, lang) + (" *" if reg.at[r, "is_province_region"] else "")
                              for r in reg.index])
    out.index.name = "region" if en else "区域"
    out["n" if en else "省份数"] = reg["n_provinces"].to_numpy()
    for c in cols:
        name = ("TOPSIS closeness" if en else "TOPSIS贴近度") if c == "closeness" else (labels or {}).get(c, c)
        out[name] = [_fmt(v) for v in reg[c]]
    return out


def cases_table(cases: pd.DataFrame, lang: str = "zh", unit_labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Display version of :func:`domestic_cases` / :func:`international.international_cases`: the descriptive
    columns with localised headers and the source title and date of each fact; ``unit_labels`` maps province
    names (e.g. to English)."""
    en = lang == "en"
    if unit_labels and "province" in cases.columns:
        cases = cases.assign(province=[unit_labels.get(p, p) for p in cases["province"]])
    heads = {"role": ("角色", "role"), "province": ("省份", "province"), "country": ("国家", "country"),
             "account": ("账号", "account"), "case": ("案例", "case"), "platform": ("平台", "platform"),
             "period": ("时期", "period"), "fact": ("事实(按原文)", "fact (as printed)"), "kind": ("性质", "kind")}
    keep = [c for c in heads if c in cases.columns]
    out = cases[keep].rename(columns={c: heads[c][1 if en else 0] for c in keep}).copy()
    out["来源" if not en else "source"] = [f"{t} ({d})" for t, d in zip(cases["source_title"], cases["source_date"])]
    return out
