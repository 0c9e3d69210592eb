"""Descriptive indicators: growth, densities, ranks, positions and gaps.

Methods reference for the chapter notebooks. Every function is pure (pandas objects in, new pandas objects or
plain numbers out; inputs are never modified) and refuses ambiguous input instead of returning silent ``NaN``.

Conventions
-----------
* A *time series* is a ``pd.Series`` indexed by calendar year (int). A *cross-section* is a ``pd.Series``
  indexed by unit name (e.g. province short name 黑龙江) holding one value per unit.
* Percentages are returned in percent (10.0 means 10 %), never as fractions.
* *Gaps* are always ``reference − value``: a positive gap means the unit lies below the reference (it is
  behind the leader, below the mean, below the threshold), in the units of the indicator (index points for
  the online service capability index).

Growth (time series)
--------------------
* Year-on-year growth rate, in %: ``g_t = (x_t / x_{t−1} − 1) × 100``. Computed against the *calendar*
  previous year ``t−1``; when year ``t−1`` is not in the series the growth for ``t`` is ``NaN`` (no growth is
  computed across a hole in the series).
* Compound annual growth rate, in % per year (geometric mean growth):
  ``CAGR = ((x_end / x_start)^(1 / (end − start)) − 1) × 100``. Both values must be positive.
  *Definitional breaks* (a change of survey definition, e.g. the CNNIC netizen definition or the October 2018
  clean-up of government accounts) make the ratio meaningless: a break year ``b`` declared in ``breaks`` with
  ``start < b <= end`` raises :class:`SeriesBreakError` naming the break, unless ``bridge=True`` is passed
  explicitly (the caller then accepts the bridged comparison and must report it in the exhibit note).
* Index to a base year: ``I_t = x_t / x_base × 100`` (= 100 in the base year).
* Shares, in %: ``s_i = x_i / T × 100`` where ``T`` is the supplied total or the sum of the parts.

Densities
---------
* :func:`per_million`: *accounts (or any count) per million residents*, ``x_i / P_i × 10^6`` with the
  population ``P_i`` in persons (``population_unit`` converts e.g. 万人: ``population_unit=1e4``).
* :func:`per_10k_users`: *accounts per 10,000 internet users (netizens)*, ``x_i / U_i × 10^4``.
Both take the denominator explicitly and align on the index; a missing, non-finite or non-positive
denominator for any index value raises (no silent ``NaN``). The denominator's *vintage* (the edition/year of
the population or netizen estimate, e.g. "NBS yearbook 2020, year-end 2019") is recorded in
``result.attrs["denominator_vintage"]`` when given as ``vintage=`` or found in ``population.attrs["vintage"]``,
because per-capita figures change when population series are revised (census benchmark revisions).

Ranks and positions (cross-sections)
------------------------------------
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

import numpy as np
import pandas as pd

__all__ = [
    "SeriesBreakError", "MissingDenominatorError", "UnknownUnitError", "NBS_REGIONS",
    "growth_rate", "cagr", "index_to_base", "shares", "per_million", "per_10k_users",
    "rank", "percentile", "gap_to_leader", "gap_to_stat", "gap_to_benchmarks", "gap_to_threshold",
    "position", "regional_aggregate",
]

NBS_REGIONS = ("east", "central", "west", "northeast")

RankMethod = Literal["min", "dense", "max", "average", "first"]


class SeriesBreakError(ValueError):
    """A growth measure was requested across a declared definitional break of the series."""


class MissingDenominatorError(ValueError):
    """A density denominator (population, internet users) is missing or unusable for some index values."""


class UnknownUnitError(KeyError):
    """A unit (province, city, country) named by the caller is not in the cross-section."""

    def __str__(self) -> str:  # KeyError would print the repr of the message
        return str(self.args[0]) if self.args else ""


# ----------------------------------------------------------------------------------------------- helpers
def _as_series(values: Any, name: str = "values") -> pd.Series:
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, Mapping):
        return pd.Series(dict(values), dtype="float64")
    raise TypeError(f"{name} must be a pandas Series (or a mapping), got {type(values).__name__}")


def _numeric(s: pd.Series, name: str = "values") -> pd.Series:
    try:
        return pd.to_numeric(s, errors="raise").astype("float64")
    except (ValueError, TypeError) as exc:
        raise TypeError(f"{name} must be numeric: {exc}") from None


def _require_unit(values: pd.Series, key: Any) -> float:
    if key not in values.index:
        raise UnknownUnitError(f"unit {key!r} is not in the data; available: {', '.join(map(str, values.index))}")
    v = values.loc[key]
    if isinstance(v, pd.Series):
        raise ValueError(f"unit {key!r} appears more than once in the index")
    if pd.isna(v):
        raise ValueError(f"unit {key!r} has no value (missing)")
    return float(v)


def _check_unique(values: pd.Series) -> None:
    if not values.index.is_unique:
        dup = values.index[values.index.duplicated()].unique().tolist()
        raise ValueError(f"index must be unique; duplicated: {dup}")


def _clean_cross_section(values: Any) -> pd.Series:
    s = _numeric(_as_series(values))
    _check_unique(s)
    return s


# ----------------------------------------------------------------------------------------------- growth
def growth_rate(series: pd.Series) -> pd.Series:
    """Year-on-year growth rate in percent, ``(x_t / x_{t-1} - 1) * 100``; index = year.

    The comparison is with calendar year ``t-1``: if that year is absent the result for ``t`` is ``NaN``
    (so is the first year). A zero previous value gives ``NaN`` rather than ``inf``.
    """
    s = _numeric(_as_series(series, "series"), "series").sort_index()
    _check_unique(s)
    years = pd.Index(s.index)
    if not pd.api.types.is_integer_dtype(years):
        raise TypeError("growth_rate: the index must hold integer years")
    prev = s.reindex(years - 1).to_numpy()
    cur = s.to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        g = np.where((prev != 0) & np.isfinite(prev), (cur / prev - 1.0) * 100.0, np.nan)
    out = pd.Series(g, index=s.index, name=s.name)
    out.attrs["unit"] = "% year on year"
    return out


def cagr(series: pd.Series, start: int, end: int, breaks: Iterable[int] = (), bridge: bool = False) -> float:
    """Compound annual growth rate between ``start`` and ``end``, in percent per year.

    ``CAGR = ((x_end / x_start) ** (1 / (end - start)) - 1) * 100``. Raises :class:`SeriesBreakError` when a
    declared break year ``b`` satisfies ``start < b <= end`` (the value for ``b`` is the first on the new
    definition), unless ``bridge=True``. Raises ``ValueError`` for ``end <= start``, a missing year, or
    non-positive values.
    """
    s = _numeric(_as_series(series, "series"), "series")
    _check_unique(s)
    if end <= start:
        raise ValueError(f"cagr: end ({end}) must be after start ({start})")
    crossing = sorted(b for b in breaks if start < b <= end)
    if crossing and not bridge:
        raise SeriesBreakError(
            f"cagr {start}-{end}: the series has a definitional break in {', '.join(map(str, crossing))}; "
            "values before and after are not comparable. Shorten the period or pass bridge=True to accept "
            "a bridged comparison (and report it).")
    for y in (start, end):
        if y not in s.index or pd.isna(s.loc[y]):
            raise ValueError(f"cagr: no value for year {y}")
    x0, x1 = float(s.loc[start]), float(s.loc[end])
    if x0 <= 0 or x1 <= 0:
        raise ValueError(f"cagr: values must be positive (start {x0}, end {x1})")
    return ((x1 / x0) ** (1.0 / (end - start)) - 1.0) * 100.0


def index_to_base(series: pd.Series, base_year: int) -> pd.Series:
    """Index the series to ``base_year`` = 100: ``x_t / x_base * 100``."""
    s = _numeric(_as_series(series, "series"), "series")
    _check_unique(s)
    if base_year not in s.index or pd.isna(s.loc[base_year]):
        raise ValueError(f"index_to_base: no value for base year {base_year}")
    base = float(s.loc[base_year])
    if base == 0:
        raise ValueError(f"index_to_base: value in base year {base_year} is zero")
    out = s / base * 100.0
    out.attrs["unit"] = f"index ({base_year} = 100)"
    return out


def shares(series_or_df: pd.Series | pd.DataFrame, total: float | pd.Series | None = None,
           axis: int = 0) -> pd.Series | pd.DataFrame:
    """Shares in percent, ``x / T * 100``.

    * Series: ``T`` = ``total`` (a scalar, or a Series aligned on the index, e.g. a national total by year)
      or, when ``total`` is None, the sum of the (non-missing) values, so the shares add to 100.
    * DataFrame: with ``total=None`` each column is divided by its sum (``axis=0``) or each row by its sum
      (``axis=1``); a Series ``total`` is aligned on the row index (row-wise shares of an external total).
    A total that is missing for an index value raises; a zero total raises.
    """
    if isinstance(series_or_df, pd.DataFrame):
        df = series_or_df.apply(pd.to_numeric).astype("float64")
        if total is None:
            sums = df.sum(axis=axis)
            if (sums == 0).any():
                raise ValueError(f"shares: zero total for {list(sums.index[sums == 0])}")
            return df.div(sums, axis=1 - axis) * 100.0
        if isinstance(total, pd.Series):
            t = _aligned_denominator(df.index, total, "total")
            return df.div(t, axis=0) * 100.0
        if float(total) == 0:
            raise ValueError("shares: total is zero")
        return df / float(total) * 100.0
    s = _numeric(_as_series(series_or_df), "values")
    if total is None:
        t_scalar = float(s.sum())
        if t_scalar == 0:
            raise ValueError("shares: the values sum to zero")
        return s / t_scalar * 100.0
    if isinstance(total, pd.Series):
        return s / _aligned_denominator(s.index, total, "total") * 100.0
    if float(total) == 0:
        raise ValueError("shares: total is zero")
    return s / float(total) * 100.0


# ----------------------------------------------------------------------------------------------- densities
def _aligned_denominator(index: pd.Index, denominator: pd.Series, what: str) -> pd.Series:
    d = _numeric(_as_series(denominator, what), what)
    _check_unique(d)
    missing = [k for k in index if k not in d.index]
    if missing:
        raise MissingDenominatorError(f"{what} is missing for {missing}")
    d = d.reindex(index)
    bad = [k for k, v in d.items() if not np.isfinite(v) or v <= 0]
    if bad:
        raise MissingDenominatorError(f"{what} is missing, non-finite or not positive for {bad}")
    return d


def _density(values: pd.Series | pd.DataFrame, denominator: pd.Series, scale: float, what: str,
             unit: str, vintage: str | None) -> pd.Series | pd.DataFrame:
    d = _aligned_denominator(values.index, denominator, what)
    if isinstance(values, pd.DataFrame):
        out = values.apply(pd.to_numeric).astype("float64").div(d, axis=0) * scale
    else:
        out = _numeric(_as_series(values), "values") / d * scale
    v = vintage if vintage is not None else denominator.attrs.get("vintage")
    out.attrs = {"unit": unit}
    if v is not None:
        out.attrs["denominator_vintage"] = v
    return out


def per_million(values: pd.Series | pd.DataFrame, population: pd.Series, vintage: str | None = None,
                population_unit: float = 1.0) -> pd.Series | pd.DataFrame:
    """Accounts (or any count) per million residents: ``values / (population * population_unit) * 1e6``.

    ``population`` is given explicitly and aligned on ``values.index`` (units or years); ``population_unit``
    is the number of persons per unit of ``population`` (1 for persons, ``1e4`` for 万人). Raises
    :class:`MissingDenominatorError` if the population is missing or not positive for any index value.
    The population vintage (``vintage=`` or ``population.attrs["vintage"]``) is stored in
    ``result.attrs["denominator_vintage"]``.
    """
    pop = _numeric(_as_series(population, "population"), "population") * population_unit
    pop.attrs = dict(population.attrs)
    return _density(values, pop, 1e6, "population", "per million residents", vintage)


def per_10k_users(values: pd.Series | pd.DataFrame, users: pd.Series, vintage: str | None = None,
                  users_unit: float = 1.0) -> pd.Series | pd.DataFrame:
    """Accounts (or any count) per 10,000 internet users: ``values / (users * users_unit) * 1e4``.

    ``users`` (netizens, e.g. CNNIC provincial internet users) is given explicitly and aligned on the index;
    ``users_unit`` converts it to persons (``1e4`` for 万人). Missing or non-positive denominators raise
    :class:`MissingDenominatorError`; the vintage is recorded as in :func:`per_million`.
    """
    u = _numeric(_as_series(users, "users"), "users") * users_unit
    u.attrs = dict(users.attrs)
    return _density(values, u, 1e4, "internet users", "per 10,000 internet users", vintage)


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
