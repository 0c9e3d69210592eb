"""Chapter 4 (问题与成因): evidence for the thesis's four problems and a computed evidence-strength rating.

The thesis (Zhu 2021) names four problems — 管理体制不完善, 政务新媒体平台发展相对落后, 网络安全存在隐患,
服务形式单一 — and four causes. ``data_tables/problems.csv`` keeps the problem → evidence → cause →
countermeasure table (a classification, no figures). The abstract lists problems, causes and countermeasures
in parallel without pairing them; the pairing in the table is the package's reading and is labelled so in the
``mapping_basis`` column.

Each evidence row has a ``evidence_kind``; this module turns every kind into an *evidence status* for the
chosen province from the loaded data only:

``inspection_items``
    Items of section 二 "存在的主要问题" of the provincial inspection notices (``hlj_problems``), counted in the
    categories named in ``evidence_ref``. The dataset covers Heilongjiang only and only the first problem item
    of two notices, so: *has data* = the province has any coded item at all; *shows gap* = at least one item
    falls into the named categories. Zero items in a category is **not** read as "no problem" (the rest of the
    notice is not covered): it counts as *no data* for that evidence row.
``pass_rate``
    The province's overall inspection pass rates (``hlj_quarterly`` for Heilongjiang, ``comparator_provinces``
    for others, measure ``pass_rate``) against the mean pass rate of the other provinces with a figure for the
    same year, quarter and object (website / new media). Gap per matched period = comparator mean − province,
    in percentage points. *has data* = at least one matched period; *shows gap* = mean of the matched gaps > 0.
    Check types differ (full coverage vs sample) — reported, not corrected.
``consolidation``
    Website consolidation (集约化): the province's year-on-year decline of government websites at 2019-12
    (CNNIC 45th report, ``province_gov_websites``, column ``yoy_decline_pct_as_printed``) against the median of
    the 31 provinces. Gap = median − province decline (percentage points); *shows gap* = gap > 0 (the province
    consolidated less than the median province).
``indicator``
    Framework indicators (``evidence_ref`` = ``dimension:<name>`` or an indicator id): gap to the benchmark mean
    per indicator, direction-aware (positive = behind). *has data* = at least one indicator with a value for
    the province and at least one benchmark; *shows gap* = the province is behind the benchmark mean on at
    least half of the indicators with data.

Rating rule (:func:`rate_problems`), per problem, from the evidence rows of that problem:
``n_gap`` = rows that show a gap; ``n_data`` = rows with data.
``strong`` if ``n_gap >= 2``; ``partial`` if ``n_gap == 1``; ``none`` if ``n_gap == 0`` (the ``basis`` column
says whether that is because no evidence row has data or because the data show no gap).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from heilongjiang_newmedia.loading.regions import provinces, resolve_province

DATA_TABLES = Path(__file__).resolve().parent / "data_tables"

#: category codes used in ``hlj_problems.csv`` (see data/raw/inspections/NOTES.md) with zh/en labels
INSPECTION_CATEGORIES: dict[str, tuple[str, str]] = {
    "content_update": ("内容更新不及时", "Content not updated"),
    "blank_columns": ("空白栏目", "Blank columns"),
    "interaction_response": ("互动回应不到位", "Interaction / response"),
    "function_unusable": ("功能不可用", "Functions unusable"),
    "security_or_error_content": ("安全问题或错误内容", "Security or erroneous content"),
    "management_or_registration": ("管理或登记问题", "Management or registration"),
    "service_usability": ("服务实用性", "Service usability"),
    "other": ("其他（如标识不规范）", "Other (e.g. identity compliance)"),
}

EVIDENCE_KINDS = ("inspection_items", "pass_rate", "consolidation", "indicator")
RATINGS = ("strong", "partial", "none")
RATING_LABELS = {"strong": ("强", "strong"), "partial": ("部分", "partial"), "none": ("无（现有数据中）", "none in our data")}

CITATION_COLUMNS = ["source_url", "source_title", "source_date", "locator", "confidence"]


# ----------------------------------------------------------------------------------------------- tables
def problem_table() -> pd.DataFrame:
    """The problem → evidence → cause → countermeasure table (``data_tables/problems.csv``), one row per
    (problem, evidence item). A classification from the thesis; it holds no figures."""
    df = pd.read_csv(DATA_TABLES / "problems.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    bad = sorted(set(df["evidence_kind"]) - set(EVIDENCE_KINDS))
    if bad:
        raise ValueError(f"problems.csv: unknown evidence_kind {bad}; expected one of {EVIDENCE_KINDS}")
    return df


def problems_summary(table: pd.DataFrame | None = None, lang: str = "zh") -> pd.DataFrame:
    """One row per problem: problem, cause, countermeasure (labels in ``lang``) and its evidence items."""
    from heilongjiang_newmedia.chapters.countermeasures import countermeasure_table

    t = problem_table() if table is None else table
    cm = countermeasure_table().set_index("countermeasure_id")
    rows = []
    for pid, g in t.groupby("problem_id", sort=True):
        r = g.iloc[0]
        rows.append({
            "problem_id": pid,
            "problem": r[f"problem_{lang}"],
            "evidence": "; ".join(g[f"evidence_{lang}"]),
            "cause": r[f"cause_{lang}"],
            "countermeasure": cm.loc[r["countermeasure_id"], f"countermeasure_{lang}"],
        })
    return pd.DataFrame(rows)


def _refs(ref: str) -> list[str]:
    return [x.strip() for x in str(ref).split(";") if x.strip()]


# ----------------------------------------------------------------------------------------------- inspection items
def inspection_items(hlj_problems: pd.DataFrame, province: Any) -> pd.DataFrame:
    """The coded problem items of the provincial inspection notices of ``province`` (rows of ``hlj_problems``;
    empty for any province other than Heilongjiang, which is the only one the dataset covers). Items quoted from
    national notices (``problem_item_no`` ``national-…``, e.g. the 2016 Q2 State Council notice, before the
    study window) are context, not provincial inspection findings, and are left out. Citation columns are kept."""
    p = resolve_province(province)
    if p.zh != "黑龙江":
        return hlj_problems.iloc[0:0].copy()
    national = hlj_problems["problem_item_no"].astype(str).str.startswith("national")
    return hlj_problems.loc[~national].copy()


def inspection_category_counts(items: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Count coded problem items per category (every category listed, 0 where none is coded).

    Columns: ``category``, ``label`` (in ``lang``), ``n_items`` (rows), ``n_units`` (distinct units named),
    ``notices`` (``YYYYQn`` of the notices with items, ``"; "``-joined). Zero means "not observed in the covered
    text", not "no such problem" (only the first problem item of each notice is covered).
    """
    i = 0 if lang == "zh" else 1
    rows = []
    for cat, labels in INSPECTION_CATEGORIES.items():
        g = items[items["category"] == cat] if len(items) else items
        notices = sorted({f"{int(y)}{q}" for y, q in zip(g["year"], g["quarter"])}) if len(g) else []
        rows.append({"category": cat, "label": labels[i], "n_items": int(len(g)),
                     "n_units": int(g["unit_zh"].nunique()) if len(g) else 0, "notices": "; ".join(notices)})
    unknown = sorted(set(items["category"]) - set(INSPECTION_CATEGORIES)) if len(items) else []
    if unknown:
        raise ValueError(f"hlj_problems: unknown category codes {unknown}")
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------- pass rates
def provincial_pass_rates(hlj_quarterly: pd.DataFrame, comparator: pd.DataFrame) -> pd.DataFrame:
    """All provincial overall inspection pass rates in one long table.

    Columns: ``region_zh``, ``year``, ``quarter``, ``object`` (website / new_media), ``pass_rate`` (percent,
    0–100, from ``value_numeric``), ``measure_zh`` (the printed label, shows 抽查 for sample checks) and the
    citation columns. Heilongjiang rows come from ``hlj_quarterly``; all others from ``comparator_provinces``.
    """
    h = hlj_quarterly[hlj_quarterly["measure"] == "pass_rate"].assign(region_zh="黑龙江")
    c = comparator[comparator["measure"] == "pass_rate"]
    cols = ["region_zh", "year", "quarter", "object", "value_numeric", "measure_zh", *CITATION_COLUMNS]
    out = pd.concat([h[cols], c[cols]], ignore_index=True).rename(columns={"value_numeric": "pass_rate"})
    out["year"] = out["year"].astype("int64")
    return out


def pass_rate_comparison(rates: pd.DataFrame, province: Any) -> pd.DataFrame:
    """The province's pass rates against other provinces in the same year, quarter and object.

    One row per (year, quarter, object) with a province figure: ``pass_rate`` (province, %),
    ``n_comparators``, ``comparators`` (names), ``comparator_mean`` (%), ``gap_pp`` = comparator mean −
    province (percentage points; positive = province below the others; NaN without comparators).
    ``attrs["rows"]`` holds the rates rows used (province and comparators) for citation.
    """
    p = resolve_province(province)
    own = rates[rates["region_zh"] == p.zh]
    rows, used = [], [own]
    for (y, q, o), g in own.groupby(["year", "quarter", "object"], sort=True):
        others = rates[(rates["region_zh"] != p.zh) & (rates["year"] == y) & (rates["quarter"] == q)
                       & (rates["object"] == o)]
        used.append(others)
        v = float(g["pass_rate"].iloc[0])
        m = float(others["pass_rate"].mean()) if len(others) else np.nan
        rows.append({"year": int(y), "quarter": q, "object": o, "region_zh": p.zh, "pass_rate": v,
                     "n_comparators": int(len(others)), "comparators": "、".join(others["region_zh"]),
                     "comparator_mean": m, "gap_pp": m - v if len(others) else np.nan})
    out = pd.DataFrame(rows, columns=["year", "quarter", "object", "region_zh", "pass_rate", "n_comparators", "comparators",
                                      "comparator_mean", "gap_pp"])
    out.attrs["rows"] = pd.concat(used, ignore_index=True).drop_duplicates()
    return out


# ----------------------------------------------------------------------------------------------- consolidation
def consolidation_position(websites: pd.DataFrame, province: Any) -> dict[str, Any]:
    """The province's 2019 year-on-year decline in government websites against the 31 provinces.

    Uses the CNNIC 45th-report table rows (non-empty ``yoy_decline_pct_as_printed``; the XPCC and the
    conflicting in-text rows without a decline are excluded). Returns ``value`` (decline in %, as printed),
    ``websites`` (count at 2019-12), ``median`` (of the provinces), ``n``, ``rank`` (1 = largest decline),
    ``gap_pp`` = median − value (positive = less consolidation than the median province) and ``rows``
    (the DataFrame used, for citation). ``value`` is NaN when the province has no row.
    """
    p = resolve_province(province)
    names = set(provinces()["zh"])
    t = websites[websites["yoy_decline_pct_as_printed"].notna() & websites["province_zh"].isin(names)]
    own = t[t["province_zh"] == p.zh]
    med = float(t["yoy_decline_pct_as_printed"].median())
    if own.empty:
        return {"value": np.nan, "websites": np.nan, "median": med, "n": int(len(t)), "rank": None,
                "gap_pp": np.nan, "confidence": None, "rows": t}
    v = float(own["yoy_decline_pct_as_printed"].iloc[0])
    rank = int((t["yoy_decline_pct_as_printed"] > v).sum()) + 1
    return {"value": v, "websites": int(own["gov_websites"].iloc[0]), "median": med, "n": int(len(t)),
            "rank": rank, "gap_pp": med - v, "confidence": str(own["confidence"].iloc[0]), "rows": t}


# ----------------------------------------------------------------------------------------------- indicators
def indicator_gaps(matrix: pd.DataFrame, province: Any, benchmarks: Iterable[Any],
                   directions: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Gap of the province to the benchmark mean on every indicator (column) of ``matrix``.

    ``matrix``: index = province short name (zh), columns = indicator ids, values in indicator units.
    ``directions``: indicator → ``"benefit"`` (higher is better, default) or ``"cost"``.
    The province itself is left out of the benchmark set. Columns: ``indicator``, ``value``,
    ``benchmark_mean``, ``n_benchmarks`` (benchmarks with a value), ``gap`` (benefit: mean − value; cost:
    value − mean; positive = behind; NaN without data), ``behind`` (gap > 0), ``has_data``.
    """
    p = resolve_province(province)
    bench = [resolve_province(b).zh for b in benchmarks]
    bench = [b for b in bench if b != p.zh]
    dirs = dict(directions or {})
    rows = []
    for ind in matrix.columns:
        col = pd.to_numeric(matrix[ind], errors="coerce")
        v = float(col.get(p.zh, np.nan))
        b = col.reindex(bench).dropna()
        m = float(b.mean()) if len(b) else np.nan
        sign = -1.0 if dirs.get(ind, "benefit") == "cost" else 1.0
        gap = sign * (m - v) if np.isfinite(v) and len(b) else np.nan
        rows.append({"indicator": ind, "value": v, "benchmark_mean": m, "n_benchmarks": int(len(b)),
                     "gap": gap, "behind": bool(np.isfinite(gap) and gap > 0), "has_data": bool(np.isfinite(gap))})
    return pd.DataFrame(rows, columns=["indicator", "value", "benchmark_mean", "n_benchmarks", "gap", "behind",
                                       "has_data"])


def indicators_for_ref(ref: str, framework: pd.DataFrame | None) -> list[str]:
    """Indicator ids named by an indicator ref: ``dimension:<name>`` (every indicator of that dimension in the
    framework table) or ``;``-separated indicator ids. ``framework`` needs a ``dimension`` column and an
    ``indicator`` or ``indicator_id`` column (or the ids as index); dimension refs need it."""
    out: list[str] = []
    ids = None
    if framework is not None:
        f = framework
        if "indicator" in f.columns:
            ids = f["indicator"]
        elif "indicator_id" in f.columns:
            ids = f["indicator_id"]
        else:
            ids = pd.Series(f.index, index=f.index)
    for r in _refs(ref):
        if r.startswith("dimension:"):
            if framework is None:
                continue
            d = r.split(":", 1)[1]
            out += [str(x) for x in ids[(framework["dimension"] == d).to_numpy()]]
        else:
            out.append(r)
    return list(dict.fromkeys(out))


# ----------------------------------------------------------------------------------------------- evidence + rating
@dataclass
class EvidenceInputs:
    """Everything :func:`assess_evidence` needs, already loaded/computed for one province."""

    items: pd.DataFrame                      # inspection_items(...)
    pass_rates: pd.DataFrame                 # pass_rate_comparison(...)
    consolidation: Mapping[str, Any]         # consolidation_position(...)
    indicator_gaps: pd.DataFrame             # indicator_gaps(...)
    framework: pd.DataFrame | None = None    # indicator ↔ dimension table (columns indicator, dimension)


def assess_evidence(table: pd.DataFrame, inputs: EvidenceInputs) -> pd.DataFrame:
    """Evidence status of every row of the problem table for one province (rules in the module docstring).

    Columns: ``problem_id``, ``evidence_id``, ``evidence_kind``, ``has_data`` (bool), ``shows_gap`` (bool),
    ``n_observations`` (items / matched periods / indicators with data), ``key_value`` (the number the status
    rests on: item count, mean gap in pp, consolidation gap in pp, share of indicators behind in %) and
    ``detail`` (machine-readable short text).
    """
    rows = []
    for _, r in table.iterrows():
        kind, ref = r["evidence_kind"], r["evidence_ref"]
        if kind == "inspection_items":
            cats = _refs(ref)
            n_all = int(len(inputs.items))
            n = int(inputs.items["category"].isin(cats).sum()) if n_all else 0
            has, gap, nobs, key = n > 0, n > 0, n, float(n)
            detail = f"{n} of {n_all} coded items in {','.join(cats)}"
        elif kind == "pass_rate":
            objs = _refs(ref)
            pr = inputs.pass_rates
            m = pr[pr["object"].isin(objs) & pr["gap_pp"].notna()]
            has = len(m) > 0
            key = float(m["gap_pp"].mean()) if has else np.nan
            gap, nobs = bool(has and key > 0), int(len(m))
            detail = f"{nobs} matched periods"
        elif kind == "consolidation":
            c = inputs.consolidation
            key = float(c["gap_pp"])
            has = bool(np.isfinite(key))
            gap, nobs = bool(has and key > 0), int(has)
            detail = f"decline {c['value']} vs median {c['median']}"
        elif kind == "indicator":
            inds = indicators_for_ref(ref, inputs.framework)
            g = inputs.indicator_gaps
            g = g[g["indicator"].isin(inds) & g["has_data"]]
            has = len(g) > 0
            key = float(g["behind"].mean() * 100) if has else np.nan
            gap, nobs = bool(has and g["behind"].sum() * 2 >= len(g)), int(len(g))
            detail = f"behind on {int(g['behind'].sum())} of {len(g)} indicators"
        else:  # pragma: no cover - problem_table() validates kinds
            raise ValueError(kind)
        rows.append({"problem_id": r["problem_id"], "evidence_id": r["evidence_id"], "evidence_kind": kind,
                     "has_data": bool(has), "shows_gap": bool(gap), "n_observations": nobs,
                     "key_value": key, "detail": detail})
    return pd.DataFrame(rows)


def rate_problems(evidence: pd.DataFrame, strong_min: int = 2) -> pd.DataFrame:
    """Evidence-strength rating per problem from :func:`assess_evidence` output.

    ``n_items`` evidence rows, ``n_data`` rows with data, ``n_gap`` rows showing a gap;
    ``rating`` = ``strong`` if ``n_gap >= strong_min`` (default 2), ``partial`` if ``n_gap >= 1``, else
    ``none``; ``basis`` = ``gap`` (some row shows a gap), ``no_gap`` (data present, none shows a gap) or
    ``no_data`` (no row has data for the province).
    """
    out = []
    for pid, g in evidence.groupby("problem_id", sort=True):
        n_data, n_gap = int(g["has_data"].sum()), int(g["shows_gap"].sum())
        rating = "strong" if n_gap >= strong_min else "partial" if n_gap >= 1 else "none"
        basis = "gap" if n_gap else "no_gap" if n_data else "no_data"
        out.append({"problem_id": pid, "n_items": int(len(g)), "n_data": n_data, "n_gap": n_gap,
                    "rating": rating, "basis": basis})
    return pd.DataFrame(out)


def cite_rows(*frames: pd.DataFrame) -> pd.DataFrame:
    """Concatenate the citation columns of several frames (for an exhibit's ``data``/``sources``)."""
    parts = [f[CITATION_COLUMNS] for f in frames if f is not None and len(f) and set(CITATION_COLUMNS) <= set(f)]
    if not parts:
        return pd.DataFrame(columns=CITATION_COLUMNS)
    return pd.concat(parts, ignore_index=True).drop_duplicates()


# ----------------------------------------------------------------------------------------------- charts
def _L(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def category_chart(counts: pd.DataFrame, lang: str = "zh"):
    """Horizontal bar chart of coded inspection problem items per category (from
    :func:`inspection_category_counts`). Returns a matplotlib Figure."""
    import matplotlib.pyplot as plt

    c = counts.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.barh(c["label"], c["n_items"], color="#4C72B0")
    ax.set_xlabel(_L(lang, "问题条目数（条）", "Problem items (count)"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    fig.tight_layout()
    return fig


OBJECT_LABELS = {"website": ("政府网站", "websites"), "new_media": ("政务新媒体", "new media")}


def pass_rate_chart(comparison: pd.DataFrame, rates: pd.DataFrame, province_label: str, lang: str = "zh"):
    """Dot chart: the province's pass rate (large marker) and each same-quarter comparator (small markers) per
    (period, object). ``comparison`` from :func:`pass_rate_comparison`; ``rates`` its ``attrs['rows']``."""
    import matplotlib.pyplot as plt

    i = 0 if lang == "zh" else 1
    lab = [f"{int(r.year)}{r.quarter} {OBJECT_LABELS.get(r.object, (r.object, r.object))[i]}"
           for r in comparison.itertuples()]
    fig, ax = plt.subplots(figsize=(7, 0.6 * len(lab) + 1.4))
    for k, r in enumerate(comparison.itertuples()):
        o = rates[(rates["year"] == r.year) & (rates["quarter"] == r.quarter) & (rates["object"] == r.object)]
        others = o[o["region_zh"] != r.region_zh]
        ax.scatter(others["pass_rate"], [k] * len(others), s=25, color="#999999", zorder=2,
                   label=_L(lang, "同期其他省份", "other provinces, same quarter") if k == 0 else None)
        ax.scatter([r.pass_rate], [k], s=90, color="#C44E52", zorder=3,
                   label=province_label if k == 0 else None)
    ax.set_yticks(range(len(lab)), lab)
    ax.set_xlabel(_L(lang, "总体合格率（%）", "Overall pass rate (%)"))
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    return fig


def consolidation_chart(rows: pd.DataFrame, province_zh: str, lang: str = "zh"):
    """Bar chart of the 2019 year-on-year decline of government websites for the 31 provinces, the chosen
    province highlighted and the median marked (``rows`` = ``consolidation_position(...)['rows']``)."""
    import matplotlib.pyplot as plt

    from heilongjiang_newmedia.loading.regions import resolve_province as _rp

    t = rows.sort_values("yoy_decline_pct_as_printed", ascending=False)
    names = list(t["province_zh"]) if lang == "zh" else [_rp(x).en for x in t["province_zh"]]
    colors = ["#C44E52" if x == province_zh else "#8DA0CB" for x in t["province_zh"]]
    fig, ax = plt.subplots(figsize=(9, 3.8))
    ax.bar(range(len(t)), t["yoy_decline_pct_as_printed"], color=colors)
    ax.axhline(float(t["yoy_decline_pct_as_printed"].median()), color="#333333", lw=1, ls="--",
               label=_L(lang, "中位数", "median"))
    ax.set_xticks(range(len(t)), names, rotation=90, fontsize=8)
    ax.set_ylabel(_L(lang, "同比降幅（%，负值为增加）", "YoY decline (%; negative = increase)"))
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


# ----------------------------------------------------------------------------------------------- display tables
#: citation of the thesis itself (for the classification table, which holds no figures)
THESIS_SOURCE = {"title": "Zhu M.H. (2021) Heilongjiang Province to Promote the Development of New Media Strategy "
                          "Research, master's thesis, abstract (CNKI catalogue record GTID 2416330629954113)",
                 "url": "", "date": "2021-04-26", "confidence": "", "rows": None}

KIND_LABELS = {"inspection_items": ("检查问题条目", "inspection problem items"),
               "pass_rate": ("检查合格率", "inspection pass rates"),
               "consolidation": ("网站集约化", "website consolidation"),
               "indicator": ("框架指标差距", "framework indicator gaps")}

COLUMN_LABELS = {
    "problem_id": ("编号", "ID"), "problem": ("问题", "Problem"), "evidence": ("证据", "Evidence"),
    "cause": ("成因", "Cause"), "countermeasure": ("对策", "Countermeasure"),
    "evidence_id": ("证据编号", "Evidence ID"), "kind": ("证据类型", "Kind of evidence"),
    "has_data": ("有数据", "Data present"), "shows_gap": ("显示差距", "Shows a gap"),
    "n_observations": ("观测数", "Observations"), "key_value": ("关键数值", "Key value"),
    "n_items": ("证据项数", "Evidence items"), "n_data": ("有数据项数", "Items with data"),
    "n_gap": ("显示差距项数", "Items showing a gap"), "rating": ("证据强度", "Evidence strength"),
    "basis": ("依据", "Basis"),
    "year": ("年份", "Year"), "quarter": ("季度", "Quarter"), "object": ("对象", "Object"),
    "region_zh": ("省份", "Province"), "pass_rate": ("合格率(%)", "Pass rate (%)"),
    "n_comparators": ("可比省份数", "Comparators"), "comparators": ("可比省份", "Comparator provinces"),
    "comparator_mean": ("可比省份均值(%)", "Comparator mean (%)"), "gap_pp": ("差距(百分点)", "Gap (pp)"),
    "indicator": ("指标", "Indicator"), "value": ("本省值", "Province value"),
    "benchmark_mean": ("标杆均值", "Benchmark mean"), "n_benchmarks": ("有数据标杆数", "Benchmarks with data"),
    "gap": ("差距", "Gap"), "behind": ("落后", "Behind"),
}
BASIS_LABELS = {"gap": ("数据显示差距", "data show a gap"), "no_gap": ("有数据但未显示差距", "data present, no gap"),
                "no_data": ("该省无相关数据", "no data for the province")}


def localise(df: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Rename known columns to their ``lang`` labels (display only)."""
    i = 0 if lang == "zh" else 1
    return df.rename(columns={k: v[i] for k, v in COLUMN_LABELS.items() if k in df.columns})


def indicator_gap_table(gaps: pd.DataFrame, labels: Mapping[str, str] | None = None,
                        lang: str = "zh") -> pd.DataFrame:
    """Display version of :func:`indicator_gaps`: indicator labels, 2 decimals, yes/no in ``lang``."""
    i = 0 if lang == "zh" else 1
    labels = dict(labels or {})
    out = gaps.drop(columns=["has_data"]).copy()
    out["indicator"] = [labels.get(k, k) for k in out["indicator"]]
    out["behind"] = [(("是", "否"), ("yes", "no"))[i][0 if b else 1] for b in out["behind"]]
    return localise(out.round({"value": 2, "benchmark_mean": 2, "gap": 2}), lang)


def pass_rate_table(comparison: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Display version of :func:`pass_rate_comparison` (object and province names in ``lang``, 2 decimals)."""
    i = 0 if lang == "zh" else 1
    out = comparison.copy()
    out["object"] = [OBJECT_LABELS.get(o, (o, o))[i] for o in out["object"]]
    if lang == "en":
        out["region_zh"] = [resolve_province(x).en for x in out["region_zh"]]
        out["comparators"] = [", ".join(resolve_province(x).en for x in c.split("、")) if c else "" for c in
                              out["comparators"]]
    return localise(out.round(2), lang)


def evidence_table(table: pd.DataFrame, evidence: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Display table of :func:`assess_evidence`: problem, evidence item (labels in ``lang``), kind, data present,
    shows gap, observations and key value (rounded to 2 decimals)."""
    i = 0 if lang == "zh" else 1
    yes_no = (("是", "否"), ("yes", "no"))[i]
    t = table.set_index("evidence_id")
    out = pd.DataFrame({
        "problem": [t.loc[e, f"problem_{lang}"] for e in evidence["evidence_id"]],
        "evidence_id": evidence["evidence_id"],
        "evidence": [t.loc[e, f"evidence_{lang}"] for e in evidence["evidence_id"]],
        "kind": [KIND_LABELS[k][i] for k in evidence["evidence_kind"]],
        "has_data": [yes_no[0] if x else yes_no[1] for x in evidence["has_data"]],
        "shows_gap": [yes_no[0] if x else yes_no[1] for x in evidence["shows_gap"]],
        "n_observations": evidence["n_observations"],
        "key_value": evidence["key_value"].round(2),
    })
    return localise(out, lang)


def ratings_table(table: pd.DataFrame, ratings: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Display table of :func:`rate_problems` with problem names and rating / basis labels in ``lang``."""
    i = 0 if lang == "zh" else 1
    names = table.drop_duplicates("problem_id").set_index("problem_id")[f"problem_{lang}"]
    out = ratings.assign(problem=[names[p] for p in ratings["problem_id"]],
                         rating=[RATING_LABELS[r][i] for r in ratings["rating"]],
                         basis=[BASIS_LABELS[b][i] for b in ratings["basis"]])
    return localise(out[["problem_id", "problem", "n_items", "n_data", "n_gap", "rating", "basis"]], lang)


def items_table(items: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The coded inspection items for display: notice, unit, city, category label, description (English
    paraphrase from the dataset), confidence; citation columns kept for the exhibit's sources."""
    i = 0 if lang == "zh" else 1
    cols = {"notice": ("通报", "Notice"), "unit": ("单位", "Unit"), "city": ("市(地)", "City"),
            "category": ("类别", "Category"), "description_en": ("问题（英文摘述）", "Defect (paraphrase)"),
            "confidence": ("可信度", "Confidence")}
    out = pd.DataFrame({
        "notice": [f"{int(y)}{q}" for y, q in zip(items["year"], items["quarter"])],
        "unit": items["unit_zh" if lang == "zh" else "unit_en"],
        "city": items["city_zh" if lang == "zh" else "city_en"],
        "category": [INSPECTION_CATEGORIES[c][i] for c in items["category"]],
        "description_en": items["description_en"],
        "confidence": items["confidence"],
    })
    return out.rename(columns={k: v[i] for k, v in cols.items()})


# ----------------------------------------------------------------------------------------------- one-call assembly
@dataclass
class ProvinceEvidence:
    """All chapter-4 evidence for one province (see :func:`evidence_for_province`)."""

    inputs: EvidenceInputs
    evidence: pd.DataFrame        # assess_evidence(...)
    ratings: pd.DataFrame         # rate_problems(...)
    pass_rate_rows: pd.DataFrame  # provincial pass-rate rows used (province + comparators), with citations
    sources: pd.DataFrame         # citation columns of every data row the evidence rests on


def evidence_for_province(province: Any, benchmarks: Iterable[Any], matrix: pd.DataFrame,
                          framework: pd.DataFrame | None, directions: Mapping[str, str] | None = None,
                          framework_rows: pd.DataFrame | None = None, data_dir: Any = None,
                          table: pd.DataFrame | None = None) -> ProvinceEvidence:
    """Load the inspection and website data, compute every evidence item for ``province`` and rate the problems.

    ``matrix``/``framework``/``directions``: the framework's indicator matrix (index = province zh), its
    indicator → dimension table and directions; ``framework_rows``: the data rows behind the matrix (citations).
    """
    from heilongjiang_newmedia.loading.datasets import load

    p = resolve_province(province)
    t = problem_table() if table is None else table
    items = inspection_items(load("hlj_problems", data_dir=data_dir), p.zh)
    rates = provincial_pass_rates(load("hlj_quarterly", data_dir=data_dir),
                                  load("comparator_provinces", data_dir=data_dir))
    pc = pass_rate_comparison(rates, p.zh)
    cons = consolidation_position(load("province_gov_websites", data_dir=data_dir), p.zh)
    ig = indicator_gaps(matrix, p.zh, benchmarks, directions)
    inputs = EvidenceInputs(items, pc, cons, ig, framework)
    ev = assess_evidence(t, inputs)
    return ProvinceEvidence(inputs, ev, rate_problems(ev), pc.attrs["rows"],
                            cite_rows(items, pc.attrs["rows"], cons["rows"], framework_rows))
