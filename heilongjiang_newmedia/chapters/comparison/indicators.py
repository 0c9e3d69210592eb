"""The province against benchmark and peer provinces on chapter 2's indicators (pure functions over the data).

Chapter 2 owns the indicator system: which indicators exist, which are *evaluation* indicators and which are
*background* items (the indicator table of :mod:`heilongjiang_newmedia.loading.indicators`, column ``role``:
``context`` = background, every other role = evaluation). Chapter 5 reads that table (:func:`framework_table`, never
chapter 2's code) and recomputes the 31-province cross-sections it compares from the data (:func:`cross_sections`).

Definitions:

* *Benchmark mean* / *peer mean*: unweighted mean of the named provinces with a value (never filled in).
* *Rank*: competition rank among the provinces with a value (1 + number doing better in the indicator's
  direction); background items have no better or worse and are not ranked.
* *Gap to benchmarks*: province value minus benchmark mean, in the indicator's units; ``ahead`` is
  direction-aware (a cost indicator is ahead when below the mean).
* *Comparable with the benchmarks*: an evaluation indicator with a value for the province and at least one
  benchmark on one basis (a 31-province cross-section).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from heilongjiang_newmedia.loading.indicators import read_indicator_table
from heilongjiang_newmedia.methods import indicators

__all__ = ["framework_table", "evaluation_ids", "background_ids", "CROSS_SECTIONS", "cross_sections",
           "province_vs_groups"]

def framework_table() -> pd.DataFrame:
    """The study's indicator table (one row per indicator; ``indicator_id``, labels, ``unit``/``unit_zh``,
    ``direction``, ``role``), as chapter 2 defines and counts it."""
    return read_indicator_table()


def evaluation_ids(fw: pd.DataFrame) -> list[str]:
    """Chapter 2's evaluation indicators: every role except ``context`` (background)."""
    return fw.loc[fw["role"] != "context", "indicator_id"].tolist()


def background_ids(fw: pd.DataFrame) -> list[str]:
    """Chapter 2's background items (role ``context``)."""
    return fw.loc[fw["role"] == "context", "indicator_id"].tolist()


# ---------------------------------------------------------------------------------------------- cross-sections
def _in31(df: pd.DataFrame, names: list[str], col: str = "province_zh") -> pd.DataFrame:
    return df[df[col].isin(names)]


def _series(df: pd.DataFrame, value_col: str, names: list[str], what: str) -> pd.Series:
    d = _in31(df, names)
    if d["province_zh"].duplicated().any():
        raise ValueError(f"{what}: more than one row for {d.loc[d['province_zh'].duplicated(), 'province_zh'].tolist()}")
    return pd.to_numeric(d.set_index("province_zh")[value_col], errors="coerce").astype("float64").reindex(names)


def _websites(data: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    w = data["province_gov_websites"]
    # the `low` rows of that file hold conflicting numbers from the same page's text (cnnic/NOTES.md)
    return w[(w["cutoff"].astype(str) == "2019-12") & (w["confidence"] != "low")]


def _census(data: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    p = data["provinces"]
    p = p[p["indicator"] == "census2020_resident_population"].copy()
    p["_c"] = p["confidence"].map({"high": 0, "medium": 1, "low": 2})
    return p.sort_values(["province_zh", "_c"], kind="stable").drop_duplicates("province_zh").drop(columns="_c")


def _panel(data: Mapping[str, pd.DataFrame], indicator: str, year: int) -> pd.DataFrame:
    p = data["provinces_panel"]
    return p[(p["indicator"] == indicator) & (p["year"].astype(int) == year)]


def _online_service_index_2019(data, names):
    o = data["online_service_capability"]
    o = o[(o["eval_year"].astype(str) == "2019") & o["metric"].str.startswith("overall_index") & o["score"].notna()]
    o = _in31(o, names)
    return _series(o, "score", names, "online_service_index_2019"), o


def _gov_websites_2019(data, names):
    w = _in31(_websites(data), names)
    return _series(w, "gov_websites", names, "gov_websites_2019"), w


def _website_decline_2019(data, names):
    w = _in31(_websites(data), names)
    return _series(w, "yoy_decline_pct_as_printed", names, "website_decline_2019"), w


def _population_census_2020(data, names):
    p = _in31(_census(data), names)
    return _series(p, "value", names, "population_census_2020"), p


def _websites_per_million_2019(data, names):
    sites, w = _gov_websites_2019(data, names)
    pop, p = _population_census_2020(data, names)
    have = sites.dropna().index.intersection(pop.dropna().index)
    out = indicators.per_million(sites.loc[have], pop.loc[have], vintage="2020 census (2020-11-01)")
    return out.reindex(names), pd.concat([w[w["province_zh"].isin(have)], p[p["province_zh"].isin(have)]])


def _gdp_per_capita_2019(data, names):
    g = _in31(_panel(data, "gdp_per_capita_benchmark_2023census", 2019), names)
    return _series(g, "value", names, "gdp_per_capita_2019"), g


def _budget_expenditure_per_capita_2019(data, names):
    e = _in31(_panel(data, "general_public_budget_expenditure", 2019), names)
    p = _in31(_panel(data, "resident_population_yearend_revised", 2019), names)
    es, ps = _series(e, "value", names, "budget 2019"), _series(p, "value", names, "population 2019")
    have = es.dropna().index.intersection(ps.dropna().index)
    return (es.loc[have] / ps.loc[have]).reindex(names), pd.concat([e[e["province_zh"].isin(have)],
                                                                    p[p["province_zh"].isin(have)]])


#: indicator id -> (datasets it reads, computation); the indicators of chapter 2 that have a 31-province
#: cross-section on one basis. Units are chapter 2's (``framework.csv``).
CROSS_SECTIONS = {
    "online_service_index_2019": (("online_service_capability",), _online_service_index_2019),
    "websites_per_million_2019": (("province_gov_websites", "provinces"), _websites_per_million_2019),
    "gov_websites_2019": (("province_gov_websites",), _gov_websites_2019),
    "website_decline_2019": (("province_gov_websites",), _website_decline_2019),
    "population_census_2020": (("provinces",), _population_census_2020),
    "gdp_per_capita_2019": (("provinces_panel",), _gdp_per_capita_2019),
    "budget_expenditure_per_capita_2019": (("provinces_panel",), _budget_expenditure_per_capita_2019),
}


def cross_sections(ids: Iterable[str], data: Mapping[str, pd.DataFrame], names: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Province x indicator matrix for ``ids`` that have a cross-section (others are skipped), rows = ``names``
    (the 31 provinces), and the data rows used (for citations). ``data``: dataset name -> loaded table."""
    cols, used = {}, []
    for i in ids:
        if i in CROSS_SECTIONS:
            s, rows = CROSS_SECTIONS[i][1](data, names)
            cols[i] = s
            used.append(rows)
    m = pd.DataFrame(cols, index=pd.Index(names, name="province"), dtype="float64")
    return m, (pd.concat(used, ignore_index=True) if used else pd.DataFrame())


def province_vs_groups(matrix: pd.DataFrame, directions: Mapping[str, str], evaluation: Iterable[str],
                       province: str, benchmarks: Iterable[str], peers: Iterable[str]) -> pd.DataFrame:
    """One row per indicator of ``matrix`` with a value for the province and a benchmark or peer: ``indicator``,
    ``evaluation`` (bool, chapter 2's class), ``direction``, ``value``, ``benchmark_mean``, ``n_benchmarks``,
    ``peer_mean``, ``n_peers``, ``gap_to_benchmarks``, ``ahead`` (evaluation indicators with a benchmark value
    only, else missing), ``rank`` / ``n`` (evaluation indicators only) and ``leader`` (``、``-joined)."""
    bench, peer, ev = list(benchmarks), list(peers), set(evaluation)
    rows = []
    for ind in matrix.columns:
        col = pd.to_numeric(matrix[ind], errors="coerce")
        if pd.isna(col.get(province)):
            continue
        b, p = col.reindex(bench).dropna(), col.reindex(peer).dropna()
        if b.empty and p.empty:
            continue
        d, v, is_ev = directions.get(ind, "none"), float(col[province]), ind in ev and directions.get(ind) in ("benefit", "cost")
        gap = v - float(b.mean()) if len(b) else float("nan")
        r = indicators.rank(col, ascending=(d == "cost"), na="drop") if is_ev else None
        best = (col.min() if d == "cost" else col.max()) if is_ev else None
        rows.append({"indicator": ind, "evaluation": is_ev, "direction": d, "value": v,
                     "benchmark_mean": float(b.mean()) if len(b) else float("nan"), "n_benchmarks": len(b),
                     "peer_mean": float(p.mean()) if len(p) else float("nan"), "n_peers": len(p),
                     "gap_to_benchmarks": gap,
                     "ahead": (bool(gap < 0 if d == "cost" else gap > 0) if is_ev and len(b) else pd.NA),
                     "rank": int(r[province]) if is_ev else pd.NA, "n": int(col.notna().sum()) if is_ev else pd.NA,
                     "leader": "、".join(map(str, col.index[col == best])) if is_ev else ""})
    return pd.DataFrame(rows)
