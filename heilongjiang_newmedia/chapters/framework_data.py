"""Framework data (chapter 2): the province x indicator matrix and the data coverage of every indicator.

Only the ``composite`` and ``context`` indicators have a computation here (:data:`COMPUTABLE`): a value for each of
the 31 provinces on one basis. ``evidence`` indicators are counted in :func:`framework_coverage` from the rows of
their datasets (``filter`` column grammar: terms separated by ``;``: ``col=a|b`` equals one of, ``col!=a``,
``col~text`` contains; with several datasets, one part per dataset separated by `` // ``, or one part for all).
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from typing import Any, Callable

import numpy as np
import pandas as pd

from heilongjiang_newmedia.chapters.framework_tables import read_framework
from heilongjiang_newmedia.loading.datasets import citations, load
from heilongjiang_newmedia.loading.regions import provinces
from heilongjiang_newmedia.methods import indicators

__all__ = ["COMPUTABLE", "indicator_matrix", "coverage", "framework_coverage", "merge_sources"]


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


def merge_sources(frames: Sequence[pd.DataFrame]) -> list[dict[str, Any]]:
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
    fw = read_framework()
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
    m.attrs["sources"] = merge_sources(frames)
    units = dict(zip(fw["indicator_id"], fw["unit"]))
    m.attrs["units"] = {i: units[i] for i in ids}
    return m


def coverage(matrix: pd.DataFrame, framework: pd.DataFrame | None = None) -> pd.DataFrame:
    """Coverage of each matrix column: ``n_provinces`` with a value, ``n_total`` (rows), ``share`` (%),
    ``missing`` (``、``-joined names without a value), plus ``year``, ``dimension`` and ``role`` from the framework."""
    fw = (read_framework() if framework is None else framework).set_index("indicator_id")
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
    fw = read_framework() if framework is None else framework
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
    out.attrs["sources"] = merge_sources(frames)
    return out


#: Ids of the indicators with a 31-province computation.
COMPUTABLE = frozenset(_COMPUTE)
