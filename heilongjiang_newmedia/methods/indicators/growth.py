"""Indicators over time series and ratios: growth, CAGR, index to a base year, shares, densities.

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
"""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from heilongjiang_newmedia.methods.indicators.checks import (
    MissingDenominatorError, SeriesBreakError, _as_series, _check_unique, _numeric,
)

__all__ = ["growth_rate", "cagr", "index_to_base", "shares", "per_million", "per_10k_users"]


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

