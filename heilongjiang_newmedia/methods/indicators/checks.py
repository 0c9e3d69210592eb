"""Error types and input checks shared by the indicator modules (:mod:`.growth`, :mod:`.positions`)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

__all__ = ["SeriesBreakError", "MissingDenominatorError", "UnknownUnitError"]


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
