"""31-province cross-sections of the indicator system's computable indicators, and their coverage.

Pure functions over loaded tables (``loading.indicators.source_tables``): nothing is read, filled in or interpolated.
Rows = the 31 provinces by short Chinese name (the XPCC and national rows dropped); a province without a value is
``NaN``. :data:`COMPUTABLE` names the indicators with a computation here (the ``composite`` and ``context`` roles).

Definitions (units in brackets):

* ``online_service_index_2019`` [index points]: Party School 2019 overall index;
* ``gov_websites_2019`` [websites]: CNNIC 2019-12 province table (the four ``low`` rows, which conflict with the same
  page's table, left out);
* ``website_decline_2019`` [%]: the year-on-year decline printed with that table;
* ``websites_per_million_2019`` [websites per million residents]: 2019-12 websites / 2020 census residents x 10^6;
* ``population_census_2020`` [persons]: 2020 census residents (the best-graded row per province);
* ``gdp_per_capita_2019`` [yuan per person]: NBS basis revised after the 5th economic census;
* ``budget_expenditure_per_capita_2019`` [yuan per person]: budget expenditure / 2019 year-end residents.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Callable

import numpy as np
import pandas as pd

from heilongjiang_newmedia.loading.datasets import citations
from heilongjiang_newmedia.loading.regions import provinces
from heilongjiang_newmedia.methods.indicators import per_million

__all__ = ["COMPUTABLE", "cross_section", "indicator_matrix", "matrix_coverage", "merge_sources"]

Tables = Mapping[str, pd.DataFrame]


def _names() -> list[str]:
    return provinces()["zh"].tolist()


def _in31(df: pd.DataFrame, col: str = "province_zh") -> pd.DataFrame:
    return df[df[col].isin(_names())]


def _series(df: pd.DataFrame, value_col: str, what: str) -> pd.Series:
    """One value per province (31, in code order); duplicated provinces raise."""
    d = _in31(df)
    if d["province_zh"].duplicated().any():
        raise ValueError(f"{what}: more than one row for {d.loc[d['province_zh'].duplicated(), 'province_zh'].tolist()}")
    return pd.to_numeric(d.set_index("province_zh")[value_col], errors="coerce").astype("float64").reindex(_names())


def _websites(t: Tables) -> pd.DataFrame:
    w = t["province_gov_websites"]
    return _in31(w[(w["cutoff"].astype(str) == "2019-12") & (w["confidence"] != "low")])


def _census(t: Tables) -> pd.DataFrame:
    p = t["provinces"]
    p = p[p["indicator"] == "census2020_resident_population"].copy()
    p["_c"] = p["confidence"].map({"high": 0, "medium": 1, "low": 2})
    p = p.sort_values(["province_zh", "_c"], kind="stable").drop_duplicates("province_zh").drop(columns="_c")
    return _in31(p)


def _panel(t: Tables, indicator: str, year: int) -> pd.DataFrame:
    p = t["provinces_panel"]
    return _in31(p[(p["indicator"] == indicator) & (p["year"].astype(int) == year)])


def _online_service_index_2019(t: Tables):
    o = t["online_service_capability"]
    o = _in31(o[(o["eval_year"].astype(str) == "2019") & o["metric"].str.startswith("overall_index") & o["score"].notna()])
    return _series(o, "score", "online_service_index_2019"), o


def _gov_websites_2019(t: Tables):
    w = _websites(t)
    return _series(w, "gov_websites", "gov_websites_2019"), w


def _website_decline_2019(t: Tables):
    w = _websites(t)
    return _series(w, "yoy_decline_pct_as_printed", "website_decline_2019"), w


def _population_census_2020(t: Tables):
    p = _census(t)
    return _series(p, "value", "population_census_2020"), p


def _websites_per_million_2019(t: Tables):
    sites, w = _gov_websites_2019(t)
    pop, p = _population_census_2020(t)
    have = sites.dropna().index.intersection(pop.dropna().index)
    out = per_million(sites.loc[have], pop.loc[have], vintage="2020 census (2020-11-01)")
    return out.reindex(sites.index), pd.concat([w[w["province_zh"].isin(have)], p[p["province_zh"].isin(have)]])


def _gdp_per_capita_2019(t: Tables):
    g = _panel(t, "gdp_per_capita_benchmark_2023census", 2019)
    return _series(g, "value", "gdp_per_capita_2019"), g


def _budget_expenditure_per_capita_2019(t: Tables):
    e = _panel(t, "general_public_budget_expenditure", 2019)
    p = _panel(t, "resident_population_yearend_revised", 2019)
    es, ps = _series(e, "value", "budget expenditure 2019"), _series(p, "value", "population 2019")
    have = es.dropna().index.intersection(ps.dropna().index)
    out = (es.loc[have] / ps.loc[have]).reindex(es.index)
    return out, pd.concat([e[e["province_zh"].isin(have)], p[p["province_zh"].isin(have)]])


_COMPUTE: dict[str, Callable[[Tables], tuple[pd.Series, pd.DataFrame]]] = {
    "online_service_index_2019": _online_service_index_2019,
    "websites_per_million_2019": _websites_per_million_2019,
    "gov_websites_2019": _gov_websites_2019,
    "website_decline_2019": _website_decline_2019,
    "population_census_2020": _population_census_2020,
    "gdp_per_capita_2019": _gdp_per_capita_2019,
    "budget_expenditure_per_capita_2019": _budget_expenditure_per_capita_2019,
}
#: Ids of the indicators with a 31-province computation.
COMPUTABLE = frozenset(_COMPUTE)


def cross_section(indicator_id: str, tables: Tables) -> tuple[pd.Series, pd.DataFrame]:
    """``(values by province, the data rows used)`` of one computable indicator; ``KeyError`` for any other id."""
    if indicator_id not in _COMPUTE:
        raise KeyError(f"{indicator_id}: no 31-province computation (computable: {', '.join(sorted(_COMPUTE))})")
    return _COMPUTE[indicator_id](tables)


def merge_sources(frames: Sequence[pd.DataFrame]) -> list[dict[str, Any]]:
    """The citations of the rows in ``frames``, each publication once (row counts added up)."""
    seen: dict[tuple, dict[str, Any]] = {}
    for f in frames:
        for c in citations(f):
            key = (c.get("title"), c.get("url"), c.get("date"), c.get("confidence"))
            if key in seen:
                seen[key]["rows"] = seen[key].get("rows", 0) + c.get("rows", 0)
            else:
                seen[key] = dict(c)
    return list(seen.values())


def indicator_matrix(tables: Tables, ids: Iterable[str], units: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Province x indicator matrix of the computable ``ids`` (rows: the 31 provinces, code order; ``NaN`` where the
    data have no value). ``attrs["sources"]`` = citations of every row used; ``attrs["units"]`` = ``units`` for the ids."""
    ids = list(ids)
    cols, frames = {}, []
    for i in ids:
        s, rows = cross_section(i, tables)
        cols[i] = s
        frames.append(rows)
    m = pd.DataFrame(cols, index=pd.Index(_names(), name="province"), dtype="float64")
    m.attrs["sources"] = merge_sources(frames)
    m.attrs["units"] = {i: (units or {}).get(i, "") for i in ids}
    return m


def matrix_coverage(matrix: pd.DataFrame) -> pd.DataFrame:
    """Coverage of each matrix column: ``n_provinces`` with a value, ``n_total`` rows, ``share`` [%] and
    ``missing`` (names without a value, ``、``-joined)."""
    rows = []
    for c in matrix.columns:
        v = pd.to_numeric(matrix[c], errors="coerce")
        n = int(v.notna().sum())
        rows.append({"indicator_id": c, "n_provinces": n, "n_total": int(len(v)),
                     "share": n / len(v) * 100.0 if len(v) else np.nan,
                     "missing": "、".join(map(str, v.index[v.isna()]))})
    return pd.DataFrame(rows).set_index("indicator_id")
