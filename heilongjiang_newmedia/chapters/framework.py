"""The analytical framework (chapter 2): theories -> evaluation dimensions -> indicators, shared by chapters 2-6.

The framework is *data*: ``data_tables/framework.csv`` (one row per indicator) and
``data_tables/framework_dimensions.csv`` (one row per dimension, with the theory it operationalises). Chapters 4-6
read the same tables through :func:`load_framework`, so they all use one indicator system.

Theories (the thesis's three) and dimensions
--------------------------------------------
* 使用与满足理论 uses-and-gratifications -> ``reach`` (覆盖与使用, reach and use);
* 新公共服务理论 new public service -> ``interaction`` (互动与参与, interaction and participation);
* 服务型政府理论 service-oriented government -> ``platform`` (平台建设), ``service`` (服务能力) and ``security``
  (管理与安全, management and security);
* ``context`` (背景) holds denominators and background variables that are *not* evaluation criteria.

Roles of the indicators (column ``role``)
-----------------------------------------
* ``composite``: a value for each of the 31 provinces on one basis; used for entropy weights, TOPSIS and composites.
* ``context``: computed as a 31-province cross-section (:func:`indicator_matrix`) but not weighted, because it is a
  size-dependent count, a timing-dependent change or a background variable.
* ``evidence``: data exist for some provinces/periods (shown in chapters 3-4) but there is no comparable
  cross-section (different quarters, scopes or printed top-N lists only); not in the matrix.
* ``not_covered``: an indicator the thesis's argument needs for which ``data/`` holds nothing (coverage 0). It is
  listed so that the gap is visible; no proxy is substituted.

Only two indicators have full 31-province coverage on one basis: the Party School 2019 online service capability
index (service) and government websites per million residents 2019 (platform). The reach, interaction and security
dimensions have no composite indicator (coverage 0) - this is a finding about the data, reported by chapter 2.

``filter`` column grammar (documentation and :func:`framework_coverage`): terms separated by ``;``;
``col=a|b`` (equals one of), ``col!=a``, ``col~text`` (contains). When ``dataset`` lists several datasets
(``;``-separated), ``filter`` may give one part per dataset separated by `` // ``, or one part for all.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Callable

import numpy as np
import pandas as pd

from heilongjiang_newmedia.methods import indicators, mcda
from heilongjiang_newmedia.loading.datasets import citations, load
from heilongjiang_newmedia.loading.regions import provinces

__all__ = ["FRAMEWORK_CSV", "DIMENSIONS_CSV", "ROLES", "EVALUATION_DIMENSIONS", "load_framework",
           "load_dimensions", "directions", "composite_ids", "indicator_matrix", "coverage",
           "framework_coverage", "entropy_and_equal_weights", "ahp_weights", "ahp_indicator_weights",
           "XPCC", "role_label", "dimension_table", "indicator_table", "weights_chart"]

_TABLES = Path(__file__).resolve().parent / "data_tables"
FRAMEWORK_CSV = _TABLES / "framework.csv"
DIMENSIONS_CSV = _TABLES / "framework_dimensions.csv"
ROLES = ("composite", "context", "evidence", "not_covered")
EVALUATION_DIMENSIONS = ("reach", "interaction", "platform", "service", "security")
#: The Xinjiang Production and Construction Corps: a row in several national tables, not one of the 31 provinces.
XPCC = "新疆生产建设兵团"
_CITE = ["source_url", "source_title", "source_date", "locator", "confidence"]


# ----------------------------------------------------------------------------------------------- tables
def load_framework(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """The indicator table, one row per indicator, in file order.

    Columns: ``indicator_id`` (also as ``indicator``, the name chapters 4-6 use), ``label_zh``, ``label_en``,
    ``dimension``, ``dimension_zh``, ``dimension_en``, ``theory``, ``theory_zh``, ``theory_en``, ``dataset``
    (``;``-separated source datasets, empty when not covered), ``filter``, ``definition`` (with unit), ``unit``, ``unit_zh``,
    ``direction`` (``benefit`` / ``cost`` / ``none`` for context variables), ``year`` (str, may be empty),
    ``role`` (one of :data:`ROLES`) and ``in_matrix`` (computable by :func:`indicator_matrix`).
    Raises ``ValueError`` on duplicate ids, unknown roles, directions or dimensions.
    """
    fw = pd.read_csv(path or FRAMEWORK_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    if fw["indicator_id"].duplicated().any():
        raise ValueError(f"framework: duplicated indicator ids {fw.loc[fw['indicator_id'].duplicated(), 'indicator_id'].tolist()}")
    bad = set(fw["role"]) - set(ROLES)
    if bad:
        raise ValueError(f"framework: unknown role(s) {sorted(bad)}; allowed {ROLES}")
    bad = set(fw["direction"]) - {"benefit", "cost", "none"}
    if bad:
        raise ValueError(f"framework: unknown direction(s) {sorted(bad)}")
    dims = load_dimensions()
    bad = set(fw["dimension"]) - set(dims["dimension"])
    if bad:
        raise ValueError(f"framework: dimension(s) {sorted(bad)} not in {DIMENSIONS_CSV.name}")
    fw.insert(1, "indicator", fw["indicator_id"])
    fw["in_matrix"] = fw["indicator_id"].isin(list(_COMPUTE))
    fw.attrs["source"] = "heilongjiang_newmedia/chapters/data_tables/framework.csv"
    return fw


def load_dimensions() -> pd.DataFrame:
    """Dimensions in display order: ``dimension``, ``dimension_zh``, ``dimension_en``, ``order``, ``theory``,
    ``theory_zh``, ``theory_en``, ``description_zh``, ``description_en``."""
    d = pd.read_csv(DIMENSIONS_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    d["order"] = d["order"].astype(int)
    return d.sort_values("order").reset_index(drop=True)


def directions(framework: pd.DataFrame | None = None, ids: Iterable[str] | None = None) -> dict[str, str]:
    """``{indicator_id: "benefit" | "cost"}`` for the given ids (default: every indicator with a direction)."""
    fw = load_framework() if framework is None else framework
    d = dict(zip(fw["indicator_id"], fw["direction"]))
    keys = list(ids) if ids is not None else [k for k, v in d.items() if v in ("benefit", "cost")]
    missing = [k for k in keys if k not in d]
    if missing:
        raise KeyError(f"not in the framework: {missing}")
    return {k: (d[k] if d[k] in ("benefit", "cost") else "benefit") for k in keys}


def composite_ids(framework: pd.DataFrame | None = None) -> list[str]:
    """Ids of the ``composite`` indicators, in framework order."""
    fw = load_framework() if framework is None else framework
    return fw.loc[fw["role"] == "composite", "indicator_id"].tolist()


# ----------------------------------------------------------------------------------------------- computations
def _province_names() -> list[str]:
    return provinces()["zh"].tolist()


def _cross_section(df: pd.DataFrame, col: str, value_col: str, what: str) -> pd.Series:
    """One value per province (the 31; others such as the XPCC or national rows dropped); duplicates raise."""
    names = _province_names()
    d = df[df[col].isin(names)]
    if d[col].duplicated().any():
        raise ValueError(f"{what}: more than one row for {d.loc[d[col].duplicated(), col].tolist()}")
    s = pd.to_numeric(d.set_index(col)[value_col], errors="coerce").astype("float64")
    return s.reindex(names)


def _in31(df: pd.DataFrame, col: str = "province_zh") -> pd.DataFrame:
    """Rows of the 31 provinces only (drops the XPCC, national, regional and military rows)."""
    return df[df[col].isin(_province_names())]


def _websites(data_dir) -> pd.DataFrame:
    w = load("province_gov_websites", data_dir)
    # the four `low` rows hold conflicting numbers from the same page's text (cnnic/NOTES.md)
    return _in31(w[(w["cutoff"].astype(str) == "2019-12") & (w["confidence"] != "low")])


def _census(data_dir) -> pd.DataFrame:
    p = load("provinces", data_dir)
    p = p[p["indicator"] == "census2020_resident_population"].copy()
    # HLJ appears twice (high: the NBS bulletin; medium: a second agreeing copy); keep the best-graded row
    p["_c"] = p["confidence"].map({"high": 0, "medium": 1, "low": 2})
    p = p.sort_values(["province_zh", "_c"], kind="stable").drop_duplicates("province_zh").drop(columns="_c")
    return _in31(p).sort_index()


def _c_online_service_index_2019(data_dir) -> tuple[pd.Series, pd.DataFrame]:
    o = load("online_service_capability", data_dir)
    o = o[(o["eval_year"].astype(str) == "2019") & o["metric"].str.startswith("overall_index") & o["score"].notna()]
    o = _in31(o)
    return _cross_section(o, "province_zh", "score", "online_service_index_2019"), o


def _c_gov_websites_2019(data_dir):
    w = _websites(data_dir)
    return _cross_section(w, "province_zh", "gov_websites", "gov_websites_2019"), w


def _c_website_decline_2019(data_dir):
    w = _websites(data_dir)
    return _cross_section(w, "province_zh", "yoy_decline_pct_as_printed", "website_decline_2019"), w


def _c_population_census_2020(data_dir):
    p = _census(data_dir)
    return _cross_section(p, "province_zh", "value", "population_census_2020"), p


def _c_websites_per_million_2019(data_dir):
    sites, w = _c_gov_websites_2019(data_dir)
    pop, p = _c_population_census_2020(data_dir)
    have = sites.dropna().index
    out = indicators.per_million(sites.loc[have], pop.loc[have], vintage="2020 census (2020-11-01)")
    return out.reindex(sites.index), pd.concat([w[w["province_zh"].isin(have)], p[p["province_zh"].isin(have)]])


def _panel(data_dir, indicator: str, year: int) -> pd.DataFrame:
    p = load("provinces_panel", data_dir)
    return _in31(p[(p["indicator"] == indicator) & (p["year"].astype(int) == year)])


def _c_gdp_per_capita_2019(data_dir):
    g = _panel(data_dir, "gdp_per_capita_benchmark_2023census", 2019)
    return _cross_section(g, "province_zh", "value", "gdp_per_capita_2019"), g


def _c_budget_expenditure_per_capita_2019(data_dir):
    e = _panel(data_dir, "general_public_budget_expenditure", 2019)
    p = _panel(data_dir, "resident_population_yearend_revised", 2019)
    es = _cross_section(e, "province_zh", "value", "budget expenditure 2019")
    ps = _cross_section(p, "province_zh", "value", "population 2019")
    have = es.dropna().index.intersection(ps.dropna().index)
    out = (es.loc[have] / ps.loc[have]).reindex(es.index)
    return out, pd.concat([e[e["province_zh"].isin(have)], p[p["province_zh"].isin(have)]])


_COMPUTE: dict[str, Callable[[Any], tuple[pd.Series, pd.DataFrame]]] = {
    "online_service_index_2019": _c_online_service_index_2019,
    "websites_per_million_2019": _c_websites_per_million_2019,
    "gov_websites_2019": _c_gov_websites_2019,
    "website_decline_2019": _c_website_decline_2019,
    "population_census_2020": _c_population_census_2020,
    "gdp_per_capita_2019": _c_gdp_per_capita_2019,
    "budget_expenditure_per_capita_2019": _c_budget_expenditure_per_capita_2019,
}


def _merge_sources(frames: Sequence[pd.DataFrame]) -> list[dict[str, Any]]:
    seen: dict[tuple, dict[str, Any]] = {}
    for f in frames:
        for c in citations(f):
            key = (c.get("title"), c.get("url"), c.get("date"), c.get("confidence"))
            if key in seen:
                seen[key]["rows"] = seen[key].get("rows", 0) + c.get("rows", 0)
            else:
                seen[key] = dict(c)
    return list(seen.values())


def indicator_matrix(indicator_ids: Iterable[str] | None = None, data_dir: str | os.PathLike | None = None,
                     role: str | None = "composite") -> pd.DataFrame:
    """Province x indicator matrix: rows = the 31 provinces (short Chinese names, code order), columns = ids.

    ``indicator_ids`` None -> the computable indicators of ``role`` (default ``"composite"``; ``role=None`` = all
    computable: composite + context). Values in the units of the framework's ``unit`` column; ``NaN`` where the
    data have no value (never filled). ``attrs["sources"]`` = citations of every data row used;
    ``attrs["units"]`` = {id: unit}. Asking for an ``evidence`` / ``not_covered`` indicator raises ``KeyError``.
    """
    fw = load_framework()
    if indicator_ids is None:
        sel = fw if role is None else fw[fw["role"] == role]
        ids = [i for i in sel["indicator_id"] if i in _COMPUTE]
    else:
        ids = list(indicator_ids)
        bad = [i for i in ids if i not in _COMPUTE]
        if bad:
            known = set(fw["indicator_id"])
            why = ["not in the framework" if i not in known else "has no province cross-section (role "
                   + fw.loc[fw["indicator_id"] == i, "role"].iloc[0] + ")" for i in bad]
            raise KeyError("cannot compute: " + "; ".join(f"{i} {w}" for i, w in zip(bad, why)))
    cols, frames = {}, []
    for i in ids:
        s, rows = _COMPUTE[i](data_dir)
        cols[i] = s
        frames.append(rows)
    m = pd.DataFrame(cols, index=pd.Index(_province_names(), name="province"), dtype="float64")
    m.attrs["sources"] = _merge_sources(frames)
    units = dict(zip(fw["indicator_id"], fw["unit"]))
    m.attrs["units"] = {i: units[i] for i in ids}
    return m


def coverage(matrix: pd.DataFrame, framework: pd.DataFrame | None = None) -> pd.DataFrame:
    """Coverage of each matrix column: ``n_provinces`` with a value, ``n_total`` (rows), ``share`` (%),
    ``missing`` (``、``-joined names without a value), plus ``year``, ``dimension`` and ``role`` from the framework."""
    fw = (load_framework() if framework is None else framework).set_index("indicator_id")
    rows = []
    for c in matrix.columns:
        v = pd.to_numeric(matrix[c], errors="coerce")
        n = int(v.notna().sum())
        rows.append({"indicator_id": c, "n_provinces": n, "n_total": int(len(v)),
                     "share": n / len(v) * 100.0 if len(v) else np.nan,
                     "missing": "、".join(map(str, v.index[v.isna()])),
                     "year": fw.at[c, "year"] if c in fw.index else "",
                     "dimension": fw.at[c, "dimension"] if c in fw.index else "",
                     "role": fw.at[c, "role"] if c in fw.index else ""})
    return pd.DataFrame(rows).set_index("indicator_id")


# ----------------------------------------------------------------------------------------------- evidence coverage
def _apply_filter(df: pd.DataFrame, spec: str) -> pd.DataFrame:
    for term in [t.strip() for t in spec.split(";") if t.strip()]:
        if "!=" in term:
            col, val = term.split("!=", 1)
            if col in df.columns:
                df = df[df[col].astype(str) != val]
        elif "~" in term:
            col, val = term.split("~", 1)
            if col in df.columns:
                df = df[df[col].astype(str).str.contains(val, regex=False)]
        elif "=" in term:
            col, val = term.split("=", 1)
            if col in df.columns:
                df = df[df[col].astype(str).isin(val.split("|"))]
        else:
            raise ValueError(f"framework filter term {term!r}: use col=a|b, col!=a or col~text")
    return df


def _units_and_years(df: pd.DataFrame, dataset: str) -> tuple[set[str], set[str]]:
    names = set(_province_names())
    if dataset.startswith("hlj_"):
        units = {"黑龙江"} if len(df) else set()
    else:
        col = next((c for c in ("province_zh", "region_zh") if c in df.columns), None)
        units = set(df[col].astype(str)) & names if col else set()
        if col:
            df = df[df[col].astype(str).isin(names)]  # years of the provinces' rows only (not national rows)
    ycol = next((c for c in ("year", "eval_year", "cutoff") if c in df.columns), None)
    years = {y[:4] if re.fullmatch(r"\d{4}-\d{2}", y) else y for y in df[ycol].dropna().astype(str)} if ycol else set()
    return units, years


def framework_coverage(framework: pd.DataFrame | None = None, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Coverage of every framework indicator, computed from the data.

    Matrix indicators: provinces with a value in :func:`indicator_matrix`. Evidence indicators: provinces (of the
    31) appearing in the filtered rows of their datasets (Heilongjiang-only datasets ``hlj_*`` count as 黑龙江).
    Not-covered indicators: 0. Columns: ``n_provinces``, ``provinces`` (names), ``years`` (distinct years in
    the rows, ``、``-joined) and ``n_rows`` (data rows behind the figure). ``attrs["sources"]`` = citations.
    """
    fw = load_framework() if framework is None else framework
    rows, frames = [], []
    order = _province_names()
    for r in fw.itertuples(index=False):
        units: set[str] = set()
        years: set[str] = set()
        n_rows = 0
        if r.indicator_id in _COMPUTE:
            s, used = _COMPUTE[r.indicator_id](data_dir)
            units = set(s.dropna().index)
            years = {r.year} if r.year else set()
            n_rows = len(used)
            frames.append(used)
        elif r.dataset:
            dsets = [d.strip() for d in r.dataset.split(";") if d.strip()]
            parts = [p.strip() for p in r.filter.split(" // ")] if r.filter else [""]
            if len(parts) == 1:
                parts = parts * len(dsets)
            for ds, spec in zip(dsets, parts):
                d = _apply_filter(load(ds, data_dir), spec)
                u, y = _units_and_years(d, ds)
                units |= u
                years |= y
                n_rows += len(d)
                frames.append(d)
        rows.append({"indicator_id": r.indicator_id, "role": r.role, "dimension": r.dimension,
                     "n_provinces": len(units), "provinces": "、".join(p for p in order if p in units),
                     "years": "、".join(sorted(years)), "n_rows": n_rows})
    out = pd.DataFrame(rows).set_index("indicator_id")
    out.attrs["sources"] = _merge_sources(frames)
    return out


# ----------------------------------------------------------------------------------------------- weights
def entropy_and_equal_weights(matrix: pd.DataFrame, framework: pd.DataFrame | None = None) -> pd.DataFrame:
    """Entropy weights (:func:`mcda.entropy_weights`, min-max normalisation) beside equal weights.

    Uses the matrix columns whose framework role is ``composite`` and that have a value for every row (an
    incomplete column is never imputed: it is left out and listed in ``attrs["excluded"]``). One row per indicator:
    ``dimension``, ``direction``, ``entropy`` e_j, ``divergence`` d_j = 1 - e_j, ``entropy_weight`` (sums to 1),
    ``equal_weight`` (1/m). Raises ``ValueError`` when no column qualifies.
    """
    fw = (load_framework() if framework is None else framework).set_index("indicator_id")
    comp = [c for c in matrix.columns if c in fw.index and fw.at[c, "role"] == "composite"]
    m = matrix[comp].apply(pd.to_numeric, errors="coerce").astype("float64")
    excluded = [c for c in m.columns if m[c].isna().any()]
    m = m.drop(columns=excluded)
    excluded += [c for c in matrix.columns if c not in comp]
    if m.shape[1] == 0:
        raise ValueError("no composite indicator with a value for every province; entropy weights undefined")
    dirs = {c: fw.at[c, "direction"] for c in m.columns}
    table = mcda.entropy_table(m, dirs)
    w = mcda.entropy_weights(m, dirs)
    out = pd.DataFrame({"dimension": [fw.at[c, "dimension"] for c in m.columns],
                        "direction": [dirs[c] for c in m.columns],
                        "entropy": table["entropy"], "divergence": table["divergence"],
                        "entropy_weight": w, "equal_weight": 1.0 / m.shape[1]}, index=m.columns)
    out.index.name = "indicator_id"
    out.attrs["excluded"] = excluded
    out.attrs["n_alternatives"] = int(m.shape[0])
    return out


def _parse_text(value: Any, name: str) -> Any:
    """A matrix or list given as text (e.g. papermill ``-p ahp_matrix "[[1, 3], [1/3, 1]]"``) -> nested lists;
    fractions like ``1/3`` are kept as strings for :func:`mcda.ahp`. Other values are returned unchanged."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text.startswith("["):
        raise ValueError(f"{name}: expected a list such as [[1, 3], [1/3, 1]], got {value!r}")
    quoted = re.sub(r"(?<![\w.\"'])(\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?)", r'"\1"', text)
    import json
    try:
        return json.loads(quoted.replace("'", '"'))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name}: malformed list {value!r}: {exc}") from None


def ahp_weights(judgments: Any, criteria: Sequence[str] | None = None, framework: pd.DataFrame | None = None,
                accept_inconsistent: bool = False) -> mcda.AHPResult:
    """AHP (:func:`mcda.ahp`) on a user-supplied judgment matrix.

    ``criteria`` (matrix order) default: the evaluation dimensions :data:`EVALUATION_DIMENSIONS` when the matrix is
    5 x 5, else the composite indicators when the size matches. Criteria must be framework dimensions or indicator
    ids. Raises :class:`mcda.InconsistentJudgmentError` for CR >= 0.10 unless ``accept_inconsistent``.
    """
    fw = load_framework() if framework is None else framework
    judgments = _parse_text(judgments, "ahp_matrix")
    criteria = _parse_text(criteria, "ahp_criteria")
    n = len(judgments.index) if isinstance(judgments, pd.DataFrame) else len(judgments)
    if criteria is None:
        comp = composite_ids(fw)
        if n == len(EVALUATION_DIMENSIONS):
            criteria = list(EVALUATION_DIMENSIONS)
        elif n == len(comp):
            criteria = comp
        else:
            raise ValueError(f"a {n}x{n} judgment matrix: pass ahp_criteria (the {len(EVALUATION_DIMENSIONS)} "
                             f"dimensions {list(EVALUATION_DIMENSIONS)} or indicator ids)")
    criteria = list(criteria)
    known = set(fw["dimension"]) | set(fw["indicator_id"])
    bad = [c for c in criteria if c not in known]
    if bad:
        raise ValueError(f"AHP criteria not in the framework (dimensions or indicator ids): {bad}")
    if len(criteria) != n:
        raise ValueError(f"{len(criteria)} criteria for a {n}x{n} judgment matrix")
    return mcda.ahp(judgments, labels=criteria, accept_inconsistent=accept_inconsistent)


def ahp_indicator_weights(result: mcda.AHPResult, framework: pd.DataFrame | None = None) -> pd.Series:
    """AHP weights carried to the composite indicators.

    Criteria that are indicator ids keep their weight; a dimension's weight is split equally among its composite
    indicators. Criteria with no composite indicator cannot be applied: they are dropped and listed in
    ``attrs["unapplied"]`` (with their weight), and the remaining weights are renormalised to sum 1.
    """
    fw = load_framework() if framework is None else framework
    comp = fw[fw["role"] == "composite"]
    w: dict[str, float] = {}
    unapplied: dict[str, float] = {}
    for crit, val in result.weights.items():
        if crit in set(comp["indicator_id"]):
            w[crit] = w.get(crit, 0.0) + float(val)
            continue
        members = comp.loc[comp["dimension"] == crit, "indicator_id"].tolist()
        if not members:
            unapplied[str(crit)] = float(val)
            continue
        for i in members:
            w[i] = w.get(i, 0.0) + float(val) / len(members)
    s = pd.Series(w, dtype="float64", name="ahp_weight")
    if s.sum() > 0:
        s = s / s.sum()
    s.attrs["unapplied"] = unapplied
    return s


# ----------------------------------------------------------------------------------------------- display helpers
_ROLE_LABELS = {"composite": ("综合评价指标", "composite"), "context": ("背景指标", "context"),
                "evidence": ("证据（无可比截面）", "evidence (no comparable cross-section)"),
                "not_covered": ("数据未覆盖", "not covered")}
_DIR_LABELS = {"benefit": ("正向", "benefit"), "cost": ("逆向", "cost"), "none": ("—", "—")}


def role_label(role: str, lang: str = "zh") -> str:
    """The role in the chapter language."""
    return _ROLE_LABELS[role][0 if lang == "zh" else 1]


def dimension_table(framework: pd.DataFrame, cov: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Theory -> dimension table: per dimension its theory, description, number of indicators by role and the
    best coverage of any indicator (provinces of 31). Columns in the chapter language; index = dimension label."""
    zh = lang == "zh"
    dims = load_dimensions()
    rows = []
    for d in dims.itertuples(index=False):
        ids = framework.loc[framework["dimension"] == d.dimension, "indicator_id"]
        roles = framework.loc[framework["dimension"] == d.dimension, "role"]
        comp = [i for i, r in zip(ids, roles) if r == "composite"]
        rows.append({
            ("理论" if zh else "Theory"): d.theory_zh if zh else d.theory_en,
            ("维度" if zh else "Dimension"): d.dimension_zh if zh else d.dimension_en,
            ("含义" if zh else "Meaning"): d.description_zh if zh else d.description_en,
            ("指标数" if zh else "Indicators"): int(len(ids)),
            ("综合评价指标数" if zh else "Composite indicators"): int(len(comp)),
            ("综合评价指标覆盖省份数" if zh else "Provinces covered by composite indicators"):
                int(cov.loc[comp, "n_provinces"].min()) if comp else 0,
        })
    return pd.DataFrame(rows)


def indicator_table(framework: pd.DataFrame, cov: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The indicator system for display: id, label, dimension, theory, dataset, direction, role, year, coverage
    (provinces of 31 and years, from :func:`framework_coverage`) and definition (English, with unit)."""
    zh = lang == "zh"
    out = pd.DataFrame({
        ("指标代码" if zh else "Indicator id"): framework["indicator_id"],
        ("指标" if zh else "Indicator"): framework["label_zh" if zh else "label_en"],
        ("维度" if zh else "Dimension"): framework["dimension_zh" if zh else "dimension_en"],
        ("理论" if zh else "Theory"): framework["theory_zh" if zh else "theory_en"],
        ("数据集" if zh else "Dataset"): framework["dataset"].replace("", "—"),
        ("方向" if zh else "Direction"): [_DIR_LABELS[d][0 if zh else 1] for d in framework["direction"]],
        ("用途" if zh else "Role"): [role_label(r, lang) for r in framework["role"]],
        ("覆盖省份数（共31）" if zh else "Provinces covered (of 31)"):
            cov.reindex(framework["indicator_id"])["n_provinces"].to_numpy(),
        ("覆盖年份" if zh else "Years covered"): cov.reindex(framework["indicator_id"])["years"].replace("", "—")
            .to_numpy(),
        ("定义（单位）" if zh else "Definition (unit)"): framework["definition"],
    })
    return out


def weights_chart(weights: pd.DataFrame, labels: Mapping[str, str], title: str, ylabel: str,
                  names: Sequence[str] = ("entropy", "equal"), extra: pd.Series | None = None,
                  extra_name: str = "AHP"):
    """Grouped bars: entropy vs equal weights (and optionally AHP weights) per composite indicator."""
    import matplotlib.pyplot as plt

    cols = [("entropy_weight", names[0], "#2f6f9f"), ("equal_weight", names[1], "#b9c7d6")]
    data = weights[["entropy_weight", "equal_weight"]].copy()
    if extra is not None:
        data["ahp_weight"] = extra.reindex(data.index)
        cols.append(("ahp_weight", extra_name, "#e3a857"))
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    x = np.arange(len(data))
    width = 0.8 / len(cols)
    for k, (c, lab, color) in enumerate(cols):
        vals = data[c].to_numpy(dtype="float64")
        ax.bar(x + (k - (len(cols) - 1) / 2) * width, vals, width, label=lab, color=color)
        for xi, v in zip(x, vals):
            if np.isfinite(v):
                ax.text(xi + (k - (len(cols) - 1) / 2) * width, v, f"{v:.3f}", ha="center", va="bottom", fontsize=7)
    ax.set_xticks(x, [labels.get(i, i) for i in data.index], fontsize=8)
    ax.set_ylabel(ylabel)
    ax.set_ylim(0, max(1.0, float(np.nanmax(data.to_numpy(dtype="float64"))) * 1.15))
    ax.set_title(title)
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig
