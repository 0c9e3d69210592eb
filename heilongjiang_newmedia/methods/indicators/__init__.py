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

The package is the public API (``from heilongjiang_newmedia.methods import indicators``; ``indicators.rank``,
``indicators.per_million``, ...). The functions live in two modules, each with its formulas:

* :mod:`.growth` — time series and ratios: growth rates, CAGR with definitional breaks, index to a base year,
  shares, densities per million residents and per 10,000 internet users;
* :mod:`.positions` — cross-sections: ranks, percentiles, gaps to the leader / mean / benchmarks / thresholds, a
  unit's position, and aggregates by the NBS four regions;

and :mod:`.checks` holds the error types and input checks they share.
"""
from heilongjiang_newmedia.methods.indicators.checks import MissingDenominatorError, SeriesBreakError, UnknownUnitError
from heilongjiang_newmedia.methods.indicators.growth import (
    cagr, growth_rate, index_to_base, per_10k_users, per_million, shares,
)
from heilongjiang_newmedia.methods.indicators.positions import (
    NBS_REGIONS, gap_to_benchmarks, gap_to_leader, gap_to_stat, gap_to_threshold, percentile, position, rank,
    regional_aggregate,
)

__all__ = [
    "SeriesBreakError", "MissingDenominatorError", "UnknownUnitError", "NBS_REGIONS",
    "growth_rate", "cagr", "index_to_base", "shares", "per_million", "per_10k_users",
    "rank", "percentile", "gap_to_leader", "gap_to_stat", "gap_to_benchmarks", "gap_to_threshold",
    "position", "regional_aggregate",
]
