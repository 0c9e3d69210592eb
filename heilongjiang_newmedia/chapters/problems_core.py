"""Chapter 4 (问题与成因): evidence for and against the thesis's four problems, and a rating that cannot overstate.

The thesis (Zhu 2021) names four problems — 管理体制不完善, 政务新媒体平台发展相对落后, 网络安全存在隐患,
服务形式单一 — and four causes. ``data_tables/problems.csv`` holds the problem → evidence → cause table (a
classification, no figures; the pairing is the package's reading of the thesis's parallel lists). Every evidence
row names its *object*: ``website``, ``new_media``, ``service`` (online government services) or ``both``. A problem
about new media (``problem_object == new_media``) counts only new-media rows; website rows are shown, not counted.

Each evidence row is turned into *observations* from the loaded data (:mod:`problems_evidence`), each with a
direction — ``support`` (points to the problem), ``counter`` (points the other way) or ``mixed`` — and a *source
key* (one notice, one report, one indicator) that says which observations are independent of each other.

Rating rule (:func:`rate_problems`), per problem, over its counted rows:
``n_support`` / ``n_counter`` = distinct source keys among supporting / counter observations.

* ``limited`` (有限证据): ``n_support >= 2`` (two independent sources or periods) and ``n_counter < n_support``;
* ``preliminary`` (初步迹象): ``n_support >= 1`` otherwise (one source, or outweighed by counter-evidence);
* ``counter`` (反证): no supporting observation, at least one counter observation;
* ``no_data`` (无数据): no observation either way.

Nothing stronger than 有限证据 exists: the public data hold two provincial notices, not a series.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from heilongjiang_newmedia.loading.regions import provinces, resolve_province

DATA_TABLES = Path(__file__).resolve().parent / "data_tables"

#: category codes used in ``hlj_problems.csv`` with zh/en labels
INSPECTION_CATEGORIES: dict[str, tuple[str, str]] = {
    "content_update": ("内容更新不及时", "Content not updated"),
    "blank_columns": ("空白栏目", "Blank columns"),
    "interaction_response": ("互动回应不到位", "Interaction / response"),
    "function_unusable": ("功能不可用", "Functions unusable"),
    "security_or_error_content": ("安全问题或错误内容", "Security or erroneous content"),
    "management_or_registration": ("管理或登记问题", "Management or registration"),
    "service_usability": ("服务实用性", "Service usability"),
    "other": ("标识不规范等其他问题", "Other (e.g. identity compliance)"),
}

EVIDENCE_KINDS = ("inspection_items", "pass_rate", "consolidation", "indicator", "running_sites", "full_check",
                  "key_city", "named_accounts")
OBJECTS = ("website", "new_media", "service", "both")
RATINGS = ("limited", "preliminary", "counter", "no_data")
RATING_LABELS = {"limited": ("有限证据", "limited evidence"), "preliminary": ("初步迹象", "preliminary signs"),
                 "counter": ("反证", "counter-evidence"), "no_data": ("无数据", "no data")}
DIRECTION_LABELS = {"support": ("支持", "supports"), "counter": ("反证", "against"), "mixed": ("不一", "mixed"),
                    "no_data": ("无数据", "no data"),
                    "too_few": ("可比省份不足，不计入", "too few comparators, not counted")}
OBJECT_LABELS = {"website": ("政府网站", "websites"), "new_media": ("政务新媒体", "new media"),
                 "service": ("政务服务", "online services"), "both": ("网站与新媒体", "websites and new media")}
#: a pass-rate quarter counts only with at least this many other provinces reporting the same object
MIN_COMPARATORS = 2

CITATION_COLUMNS = ["source_url", "source_title", "source_date", "locator", "confidence"]


# ----------------------------------------------------------------------------------------------- tables
def problem_table() -> pd.DataFrame:
    """The problem → evidence → cause table (``data_tables/problems.csv``), one row per (problem, evidence
    item). A classification from the thesis; it holds no figures."""
    df = pd.read_csv(DATA_TABLES / "problems.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    bad = sorted(set(df["evidence_kind"]) - set(EVIDENCE_KINDS))
    if bad:
        raise ValueError(f"problems.csv: unknown evidence_kind {bad}; expected one of {EVIDENCE_KINDS}")
    bad = sorted(set(df["object"]) - set(OBJECTS))
    if bad:
        raise ValueError(f"problems.csv: unknown object {bad}; expected one of {OBJECTS}")
    return df


def counted(row: Mapping[str, Any]) -> bool:
    """Whether an evidence row counts for its problem: a new-media problem counts only new-media rows."""
    return row["problem_object"] != "new_media" or row["object"] == "new_media"


def problems_summary(table: pd.DataFrame | None = None, lang: str = "zh") -> pd.DataFrame:
    """One row per problem: problem, the objects its evidence covers and the cause paired with it (``lang``)."""
    t = problem_table() if table is None else table
    i = 0 if lang == "zh" else 1
    sep = "、" if lang == "zh" else ", "
    rows = []
    for pid, g in t.groupby("problem_id", sort=True):
        r = g.iloc[0]
        objs = list(dict.fromkeys(g.loc[[counted(x) for _, x in g.iterrows()], "object"]))
        if "both" in objs and {"website", "new_media"} & set(objs):
            objs.remove("both")
        objs = [OBJECT_LABELS[o][i] for o in objs]
        rows.append({"problem_id": pid, "problem": r[f"problem_{lang}"], "evidence": sep.join(objs),
                     "n_evidence": int(len(g)), "cause": r[f"cause_{lang}"]})
    return pd.DataFrame(rows)


def _refs(ref: str) -> list[str]:
    return [x.strip() for x in str(ref).split(";") if x.strip()]


# ----------------------------------------------------------------------------------------------- inspection items
def inspection_items(hlj_problems: pd.DataFrame, province: Any) -> pd.DataFrame:
    """The coded problem items of the provincial inspection notices of ``province`` (rows of ``hlj_problems``;
    empty for any province other than Heilongjiang, the only one the dataset covers). Items quoted from national
    notices (``problem_item_no`` ``national-…``) are context, not provincial findings, and are left out."""
    p = resolve_province(province)
    if p.zh != "黑龙江":
        return hlj_problems.iloc[0:0].copy()
    national = hlj_problems["problem_item_no"].astype(str).str.startswith("national")
    return hlj_problems.loc[~national].copy()


def inspection_category_counts(items: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Coded problem items per category (every category listed, 0 where none is coded).

    Columns: ``category``, ``label`` (in ``lang``), ``n_items``, ``n_units`` (distinct units named), ``notices``
    (``YYYYQn``, ``"; "``-joined). Zero means "not observed in the covered text", not "no such problem".
    """
    i = 0 if lang == "zh" else 1
    unknown = sorted(set(items["category"]) - set(INSPECTION_CATEGORIES)) if len(items) else []
    if unknown:
        raise ValueError(f"hlj_problems: unknown category codes {unknown}")
    rows = []
    for cat, labels in INSPECTION_CATEGORIES.items():
        g = items[items["category"] == cat] if len(items) else items
        notices = sorted({f"{int(y)}{q}" for y, q in zip(g["year"], g["quarter"])}) if len(g) else []
        rows.append({"category": cat, "label": labels[i], "n_items": int(len(g)),
                     "n_units": int(g["unit_zh"].nunique()) if len(g) else 0, "notices": "; ".join(notices)})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------- pass rates
def provincial_pass_rates(hlj_quarterly: pd.DataFrame, comparator: pd.DataFrame) -> pd.DataFrame:
    """All provincial overall inspection pass rates in one long table.

    Columns: ``region_zh``, ``year``, ``quarter``, ``object``, ``pass_rate`` [%], ``measure_zh`` (printed label),
    ``check`` (``full`` / ``sample`` / empty when the source does not say) and the citation columns.
    """
    h = hlj_quarterly[hlj_quarterly["measure"] == "pass_rate"].assign(region_zh="黑龙江")
    ct = hlj_quarterly[hlj_quarterly["measure"] == "check_type"]
    kind = {(int(y), q, o): ("full" if "全覆盖" in str(v) else "sample" if "抽查" in str(v) else "")
            for y, q, o, v in zip(ct["year"], ct["quarter"], ct["object"], ct["value_as_printed"])}
    c = comparator[comparator["measure"] == "pass_rate"]
    cols = ["region_zh", "year", "quarter", "object", "value_numeric", "measure_zh", *CITATION_COLUMNS]
    out = pd.concat([h[cols], c[cols]], ignore_index=True).rename(columns={"value_numeric": "pass_rate"})
    out["year"] = out["year"].astype("int64")
    out["check"] = [kind.get((y, q, o), "") if r == "黑龙江" else ("sample" if "抽查" in str(m) else "")
                    for r, y, q, o, m in zip(out["region_zh"], out["year"], out["quarter"], out["object"],
                                             out["measure_zh"])]
    return out


def pass_rate_comparison(rates: pd.DataFrame, province: Any) -> pd.DataFrame:
    """The province's pass rate against each other province in the same year, quarter and object.

    One row per (year, quarter, object) with a province figure: ``pass_rate`` [%], ``check``, ``n_comparators``,
    ``comparators`` (names), ``comparator_min`` / ``comparator_max`` / ``comparator_mean`` [%], ``gap_pp`` =
    comparator mean − province (percentage points, positive = below; NaN without comparators) and ``direction``:
    ``support`` when the province is below every comparator, ``counter`` when above every one, ``mixed``
    otherwise, ``too_few`` with fewer than :data:`MIN_COMPARATORS`. Quarters and objects are never pooled.
    ``attrs["rows"]`` holds the rows used (province and comparators) for citation.
    """
    p = resolve_province(province)
    own = rates[rates["region_zh"] == p.zh]
    rows, used = [], [own]
    for (y, q, o), g in own.groupby(["year", "quarter", "object"], sort=True):
        others = rates[(rates["region_zh"] != p.zh) & (rates["year"] == y) & (rates["quarter"] == q)
                       & (rates["object"] == o)]
        used.append(others)
        v = float(g["pass_rate"].iloc[0])
        n = int(len(others))
        lo, hi = (float(others["pass_rate"].min()), float(others["pass_rate"].max())) if n else (np.nan, np.nan)
        m = float(others["pass_rate"].mean()) if n else np.nan
        d = ("too_few" if n < MIN_COMPARATORS else "support" if v < lo else "counter" if v > hi else "mixed")
        rows.append({"year": int(y), "quarter": q, "object": o, "region_zh": p.zh, "pass_rate": v,
                     "check": g["check"].iloc[0] if "check" in g else "", "n_comparators": n,
                     "comparators": "、".join(others["region_zh"]), "comparator_min": lo, "comparator_max": hi,
                     "comparator_mean": m, "gap_pp": m - v if n else np.nan, "direction": d})
    out = pd.DataFrame(rows, columns=["year", "quarter", "object", "region_zh", "pass_rate", "check", "n_comparators",
                                      "comparators", "comparator_min", "comparator_max", "comparator_mean", "gap_pp",
                                      "direction"])
    out.attrs["rows"] = pd.concat(used, ignore_index=True).drop_duplicates()
    return out


# ----------------------------------------------------------------------------------------------- consolidation
def consolidation_position(websites: pd.DataFrame, province: Any, doubted: bool = False) -> dict[str, Any]:
    """The province's 2019 year-on-year decline in government websites against the 31 provinces.

    CNNIC 45th-report table rows (non-empty ``yoy_decline_pct_as_printed``; XPCC and the conflicting in-text rows
    excluded). Returns ``value`` (decline, %), ``websites`` (count at 2019-12), ``median``, ``n``, ``rank``
    (competition rank, 1 = largest decline), ``gap_pp`` = median − value (positive = less consolidation than the
    median), ``doubted`` (as passed: another source grades this province's row low) and ``rows`` (for citation).
    """
    p = resolve_province(province)
    names = set(provinces()["zh"])
    t = websites[websites["yoy_decline_pct_as_printed"].notna() & websites["province_zh"].isin(names)]
    own = t[t["province_zh"] == p.zh]
    med = float(t["yoy_decline_pct_as_printed"].median())
    if own.empty:
        return {"value": np.nan, "websites": np.nan, "median": med, "n": int(len(t)), "rank": None,
                "gap_pp": np.nan, "confidence": None, "doubted": False, "rows": t}
    v = float(own["yoy_decline_pct_as_printed"].iloc[0])
    rank = int((t["yoy_decline_pct_as_printed"] > v).sum()) + 1
    return {"value": v, "websites": int(own["gov_websites"].iloc[0]), "median": med, "n": int(len(t)),
            "rank": rank, "gap_pp": med - v, "confidence": str(own["confidence"].iloc[0]), "doubted": bool(doubted),
            "rows": t}


def doubted_website_row(national: pd.DataFrame, province: Any) -> bool:
    """Whether a national source file grades the province's CNNIC 2019 website row ``low`` (table alignment in
    doubt): such a row is flagged wherever it is used."""
    p = resolve_province(province)
    r = national[(national["region"].astype(str) == p.en) & (national["object"] == "website")
                 & national["measure"].astype(str).str.startswith("websites_")]
    return bool(len(r) and (r["confidence"] == "low").any())


# ----------------------------------------------------------------------------------------------- indicators
def indicator_gaps(matrix: pd.DataFrame, province: Any, benchmarks: Iterable[Any],
                   directions: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Gap of the province to the benchmark mean on every indicator (column) of ``matrix``.

    ``matrix``: index = province short name (zh), columns = indicator ids. ``directions``: indicator →
    ``"benefit"`` (default) or ``"cost"``. The province is left out of the benchmarks. Columns: ``indicator``,
    ``value``, ``benchmark_mean``, ``n_benchmarks``, ``gap`` (positive = behind), ``behind``, ``has_data``.
    """
    p = resolve_province(province)
    bench = [b for b in (resolve_province(x).zh for x in benchmarks) if b != p.zh]
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
    """Indicator ids named by a ref: ``dimension:<name>`` (every indicator of that dimension in ``framework``) or
    ``;``-separated indicator ids. ``framework`` needs ``dimension`` and ``indicator`` or ``indicator_id``."""
    out: list[str] = []
    ids = None
    if framework is not None:
        f = framework
        ids = f["indicator"] if "indicator" in f.columns else f["indicator_id"] if "indicator_id" in f.columns \
            else pd.Series(f.index, index=f.index)
    for r in _refs(ref):
        if r.startswith("dimension:"):
            if framework is None:
                continue
            d = r.split(":", 1)[1]
            out += [str(x) for x in ids[(framework["dimension"] == d).to_numpy()]]
        else:
            out.append(r)
    return list(dict.fromkeys(out))


# ----------------------------------------------------------------------------------------------- rating
def rate_problems(evidence: pd.DataFrame, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rating per problem from :func:`problems_evidence.assess_evidence` output (rule in the module docstring).

    Columns: ``problem_id``, ``n_items`` (evidence rows), ``n_counted`` (rows that count for the problem),
    ``n_data`` (counted rows with an observation), ``n_gap`` (counted rows that support), ``n_support`` /
    ``n_counter`` (distinct source keys), ``support_sources`` / ``counter_sources`` (``"; "``-joined), ``rating``.
    """
    out = []
    for pid, g in evidence.groupby("problem_id", sort=True):
        c = g[g["counted"]] if "counted" in g else g
        sup = sorted({s for x in c["support_sources"] for s in _refs(x)})
        con = sorted({s for x in c["counter_sources"] for s in _refs(x)})
        ns, nc = len(sup), len(con)
        rating = ("limited" if ns >= 2 and nc < ns else "preliminary" if ns >= 1 else "counter" if nc else "no_data")
        out.append({"problem_id": pid, "n_items": int(len(g)), "n_counted": int(len(c)),
                    "n_data": int(c["has_data"].sum()), "n_gap": int(c["shows_gap"].sum()), "n_support": ns,
                    "n_counter": nc, "support_sources": "; ".join(sup), "counter_sources": "; ".join(con),
                    "rating": rating})
    return pd.DataFrame(out)


def cite_rows(*frames: pd.DataFrame) -> pd.DataFrame:
    """Concatenate the citation columns of several frames (for an exhibit's ``data``/``sources``)."""
    parts = [f[CITATION_COLUMNS] for f in frames if f is not None and len(f) and set(CITATION_COLUMNS) <= set(f)]
    if not parts:
        return pd.DataFrame(columns=CITATION_COLUMNS)
    return pd.concat(parts, ignore_index=True).drop_duplicates()
