"""Indicators over cross-sections: ranks, percentiles, gaps, a unit's position, regional aggregates.

Ranks and positions
-------------------
* :func:`rank` wraps ``pandas.Series.rank``. Ties: ``"min"`` is competition ranking (1, 1, 3: tied units share
  the best rank and the next rank is skipped), ``"dense"`` does not skip (1, 1, 2) — the convention of the
  Party School provincial table (中央党校(国家行政学院)电子政务研究中心), whose printed ranks are dense ranks;
  ``"max"``, ``"average"`` and ``"first"`` are also available. Rank 1 = highest value (``ascending=False``).
* :func:`percentile`: share of units whose value is ``<=`` the unit's value, in % (the empirical cumulative
  distribution function at the unit's value, counting the unit itself; the leader scores 100).
* Gaps: to the leader (maximum), to the mean or median of all units, to the mean of a named benchmark set
  (e.g. 浙江, 广东, 上海, 江苏, 北京), and to fixed thresholds (e.g. 80 and 90 index points: the 高 / 非常高
  grade boundaries of the Party School evaluation).
* :func:`regional_aggregate`: mean / sum / median by the National Bureau of Statistics four-region split
  (东部 east, 中部 central, 西部 west, 东北 northeast; 国家统计局《东西中部和东北地区划分方法》, 2011).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

import pandas as pd

from heilongjiang_newmedia.methods.indicators.checks import (
    UnknownUnitError, _clean_cross_section, _numeric, _require_unit,
)

__all__ = ["NBS_REGIONS", "rank", "percentile", "gap_to_leader", "gap_to_stat", "gap_to_benchmarks",
           "gap_to_threshold", "position", "regional_aggregate"]

NBS_REGIONS = ("east", "central", "west", "northeast")

RankMethod = Literal["min", "dense", "max", "average", "first"]


# ----------------------------------------------------------------------------------------------- ranks
def rank(values: pd.Series, method: RankMethod = "min", ascending: bool = False,
         na: Literal["error", "drop"] = "error") -> pd.Series:
    """Rank units; 1 = highest value unless ``ascending=True``.

    Ties: ``"min"`` = competition ranking (96, 96, 94 -> 1, 1, 3); ``"dense"`` = no gaps (-> 1, 1, 2);
    ``"max"`` (-> 2, 2, 3), ``"average"`` (-> 1.5, 1.5, 3) and ``"first"`` (order of appearance) as in pandas.
    Missing values raise (``na="error"``) or are left out of the ranking (``na="drop"``: the result then
    only holds the ranked units). Returns integers except for ``"average"``.
    """
    s = _clean_cross_section(values)
    if s.isna().any():
        if na == "error":
            raise ValueError(f"rank: missing values for {list(s.index[s.isna()])}; pass na='drop' to rank the rest")
        s = s.dropna()
    r = s.rank(method=method, ascending=ascending)
    return r if method == "average" else r.astype("int64")


def percentile(values: pd.Series, key: Any) -> float:
    """Percentile position of ``key``: share (in %) of units with a value ``<=`` the unit's value.

    Missing values are ignored (``n`` counts units with a value). The leader gets 100; the last unit 100/n.
    """
    s = _clean_cross_section(values).dropna()
    v = _require_unit(s, key)
    return float((s <= v).sum()) / len(s) * 100.0


def gap_to_leader(values: pd.Series, key: Any) -> float:
    """Gap to the leader: ``max(values) - value[key]`` (>= 0; 0 for the leader), in indicator units."""
    s = _clean_cross_section(values).dropna()
    return float(s.max()) - _require_unit(s, key)


def gap_to_stat(values: pd.Series, key: Any, stat: Literal["mean", "median"] = "mean") -> float:
    """Gap to the mean or median of all units (missing ignored): ``stat(values) - value[key]``."""
    s = _clean_cross_section(values).dropna()
    v = _require_unit(s, key)
    if stat == "mean":
        ref = float(s.mean())
    elif stat == "median":
        ref = float(s.median())
    else:
        raise ValueError(f"gap_to_stat: stat must be 'mean' or 'median', got {stat!r}")
    return ref - v


def gap_to_benchmarks(values: pd.Series, key: Any, benchmarks: Iterable[Any]) -> float:
    """Gap to the mean of a named benchmark set: ``mean(values[benchmarks]) - value[key]``.

    Every benchmark must be in the data with a value; otherwise :class:`UnknownUnitError` /
    ``ValueError`` names the missing ones (a benchmark is never silently dropped from the mean).
    """
    s = _clean_cross_section(values)
    v = _require_unit(s, key)
    names = list(benchmarks)
    if not names:
        raise ValueError("gap_to_benchmarks: no benchmarks given")
    absent = [b for b in names if b not in s.index]
    if absent:
        raise UnknownUnitError(f"benchmarks not in the data: {absent}")
    nan = [b for b in names if pd.isna(s.loc[b])]
    if nan:
        raise ValueError(f"benchmarks without a value: {nan}")
    return float(s.loc[names].mean()) - v


def gap_to_threshold(value: float | pd.Series, threshold: float) -> float | pd.Series:
    """Gap to a fixed threshold: ``threshold - value`` (positive = below the threshold). Works elementwise."""
    if isinstance(value, pd.Series):
        return float(threshold) - _numeric(value)
    return float(threshold) - float(value)


def position(values: pd.Series, key: Any, benchmarks: Iterable[Any] = (),
             thresholds: Iterable[float] = (80, 90)) -> dict[str, Any]:
    """Where ``key`` stands in a cross-section, as a dict.

    Keys: ``unit``, ``value``, ``n`` (units with a value), ``rank_dense``, ``rank_min``, ``percentile``,
    ``leader`` (name(s) of the top unit, ``"; "``-joined when tied), ``leader_value``, ``gap_to_leader``,
    ``mean``, ``gap_to_mean``, ``median``, ``gap_to_median``, ``benchmark_mean`` and ``gap_to_benchmarks``
    (only when benchmarks are given) and ``gap_to_threshold_<t>`` for each threshold.
    Missing values are excluded from ``n`` and all statistics.
    """
    s = _clean_cross_section(values).dropna()
    v = _require_unit(s, key)
    top = float(s.max())
    out: dict[str, Any] = {
        "unit": key, "value": v, "n": int(len(s)),
        "rank_dense": int(rank(s, "dense").loc[key]), "rank_min": int(rank(s, "min").loc[key]),
        "percentile": percentile(s, key),
        "leader": "; ".join(map(str, s.index[s == top])), "leader_value": top,
        "gap_to_leader": top - v,
        "mean": float(s.mean()), "gap_to_mean": float(s.mean()) - v,
        "median": float(s.median()), "gap_to_median": float(s.median()) - v,
    }
    bench = list(benchmarks)
    if bench:
        g = gap_to_benchmarks(s, key, bench)
        out["benchmark_mean"] = g + v
        out["gap_to_benchmarks"] = g
    for t in thresholds:
        label = f"{t:g}" if isinstance(t, (int, float)) else str(t)
        out[f"gap_to_threshold_{label}"] = float(gap_to_threshold(v, t))
    return out


# ----------------------------------------------------------------------------------------------- regions
def regional_aggregate(values: pd.Series, regions: Mapping[Any, str] | pd.Series,
                       how: Literal["mean", "sum", "median"] = "mean") -> pd.Series:
    """Aggregate a cross-section by NBS four region (east / central / west / northeast).

    ``regions`` maps every unit to its region (e.g. ``regions.provinces().set_index("zh")["region"]``).
    A unit without a region, or a region outside the four, raises. Missing values are skipped by the
    aggregate. The result is indexed by region in the order east, central, west, northeast (regions with
    no unit are omitted) and ``result.attrs["n_units"]`` gives the number of units with a value per region.
    """
    s = _clean_cross_section(values)
    reg = pd.Series(dict(regions)) if not isinstance(regions, pd.Series) else regions
    missing = [u for u in s.index if u not in reg.index or pd.isna(reg.loc[u])]
    if missing:
        raise UnknownUnitError(f"no region given for units: {missing}")
    r = reg.reindex(s.index).astype(str)
    bad = sorted(set(r) - set(NBS_REGIONS))
    if bad:
        raise ValueError(f"unknown region labels {bad}; expected one of {NBS_REGIONS}")
    if how not in ("mean", "sum", "median"):
        raise ValueError(f"how must be 'mean', 'sum' or 'median', got {how!r}")
    grouped = s.groupby(r.to_numpy())
    out = getattr(grouped, how)()
    order = [x for x in NBS_REGIONS if x in out.index]
    out = out.reindex(order).astype("float64")
    out.index.name = "region"
    out.name = s.name
    counts = s.notna().groupby(r.to_numpy()).sum().reindex(order)
    out.attrs = {"how": how, "n_units": {k: int(v) for k, v in counts.items()}}
    return out
