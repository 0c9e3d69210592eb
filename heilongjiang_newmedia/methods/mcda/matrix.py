"""The MCDA decision matrix: validation of directions and weights, normalisation, error types.

Conventions (shared by :mod:`.weights` and :mod:`.ranking`): one row per *alternative*, one column per
*criterion*; ``directions`` maps each criterion to ``"benefit"`` or ``"cost"``; weights sum to 1.

Normalisation (:func:`normalize`)
---------------------------------
*Min-max* (``method="minmax"``, range [0, 1], 1 = best):
benefit ``x'_ij = (x_ij − min_i x_ij) / (max_i x_ij − min_i x_ij)``;
cost ``x'_ij = (max_i x_ij − x_ij) / (max_i x_ij − min_i x_ij)``.
A *constant criterion* (max = min) cannot discriminate; it is set to **1.0** for every alternative (all
equally best) instead of dividing by zero. It then gets entropy weight 0 and shifts every composite score by
the same amount, so no ranking depends on it.
*Linear max* (``method="max"``): benefit ``x / max``, cost ``min / x`` (values must be positive).
Missing values: ``missing="error"`` (default) raises naming every missing cell; ``"drop"`` drops the
alternatives with any missing criterion; ``"impute_mean"`` replaces a missing cell by the criterion's mean
over the observed alternatives. The function returns a :class:`NormalizationResult` whose ``.data`` is the
normalised matrix and whose ``.dropped`` / ``.imputed`` report what was done, so a chapter can print it.

Validation
----------
* :func:`validate_directions`: every criterion is ``"benefit"`` or ``"cost"``, none missing or unknown.
* :func:`validate_weights`: weights must cover exactly the criteria, be finite and non-negative with a
  positive sum; returned normalised to sum 1, ordered as the criteria.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = ["Direction", "MCDAError", "NormalizationResult", "validate_directions", "validate_weights", "normalize"]

Direction = Literal["benefit", "cost"]


class MCDAError(ValueError):
    """Invalid input to an MCDA function (decision matrix, directions or weights)."""


# ----------------------------------------------------------------------------------------------- validation
def validate_directions(criteria: Sequence[Any], directions: Mapping[Any, str]) -> dict[Any, str]:
    """Check that ``directions`` covers exactly ``criteria`` with values 'benefit' / 'cost'."""
    crit = list(criteria)
    missing = [c for c in crit if c not in directions]
    extra = [c for c in directions if c not in crit]
    if missing or extra:
        raise MCDAError(f"directions must cover exactly the criteria; missing: {missing}, unknown: {extra}")
    bad = {c: d for c, d in directions.items() if d not in ("benefit", "cost")}
    if bad:
        raise MCDAError(f"directions must be 'benefit' or 'cost'; got {bad}")
    return {c: directions[c] for c in crit}


def validate_weights(weights: Mapping[Any, float] | pd.Series | Sequence[float],
                     criteria: Sequence[Any]) -> pd.Series:
    """Validate and normalise weights: exactly the criteria, finite, non-negative, positive sum.

    ``weights`` may be a Series / mapping keyed by criterion, or a plain sequence in criteria order.
    Returns a float Series named ``"weight"`` indexed by the criteria (in their order) summing to 1.
    """
    crit = list(criteria)
    if isinstance(weights, pd.Series):
        w = weights
    elif isinstance(weights, Mapping):
        w = pd.Series(dict(weights))
    else:
        seq = list(weights)
        if len(seq) != len(crit):
            raise MCDAError(f"{len(seq)} weights given for {len(crit)} criteria {crit}")
        w = pd.Series(seq, index=crit)
    missing = [c for c in crit if c not in w.index]
    extra = [c for c in w.index if c not in crit]
    if missing or extra:
        raise MCDAError(f"weights must cover exactly the criteria; missing: {missing}, unknown: {extra}")
    w = pd.to_numeric(w.reindex(crit), errors="raise").astype("float64")
    if not np.isfinite(w.to_numpy()).all():
        raise MCDAError(f"weights must be finite; got {w.to_dict()}")
    if (w < 0).any():
        raise MCDAError(f"weights must be non-negative; negative: {w[w < 0].to_dict()}")
    total = float(w.sum())
    if total <= 0:
        raise MCDAError("weights must have a positive sum")
    out = w / total
    out.name = "weight"
    return out


def _numeric_matrix(df: pd.DataFrame) -> pd.DataFrame:
    if not isinstance(df, pd.DataFrame):
        raise TypeError(f"decision matrix must be a DataFrame, got {type(df).__name__}")
    if df.shape[0] == 0 or df.shape[1] == 0:
        raise MCDAError("decision matrix is empty")
    if not df.index.is_unique or not df.columns.is_unique:
        raise MCDAError("alternatives (index) and criteria (columns) must be unique")
    try:
        return df.apply(lambda c: pd.to_numeric(c, errors="raise")).astype("float64")
    except (ValueError, TypeError) as exc:
        raise MCDAError(f"decision matrix must be numeric: {exc}") from None


def _missing_cells(m: pd.DataFrame) -> list[tuple[Any, Any]]:
    mask = ~np.isfinite(m.to_numpy())
    rows, cols = np.nonzero(mask)
    return [(m.index[i], m.columns[j]) for i, j in zip(rows, cols)]


def _require_complete(m: pd.DataFrame, what: str) -> None:
    cells = _missing_cells(m)
    if cells:
        raise MCDAError(f"{what}: missing or non-finite values in cells (alternative, criterion): {cells}")


# ----------------------------------------------------------------------------------------------- normalise
@dataclass(frozen=True)
class NormalizationResult:
    """Output of :func:`normalize`.

    ``data``: normalised matrix (alternatives x criteria, 1 = best); ``dropped``: DataFrame with one row per
    dropped alternative and the column ``missing_criteria`` (``missing="drop"``); ``imputed``: list of
    (alternative, criterion, imputed value); ``constant``: criteria that were constant (set to 1.0).
    """

    data: pd.DataFrame
    method: str
    dropped: pd.DataFrame = field(default_factory=lambda: pd.DataFrame({"missing_criteria": []}))
    imputed: list[tuple[Any, Any, float]] = field(default_factory=list)
    constant: list[Any] = field(default_factory=list)


def normalize(df: pd.DataFrame, directions: Mapping[Any, str], method: Literal["minmax", "max"] = "minmax",
              missing: Literal["error", "drop", "impute_mean"] = "error") -> NormalizationResult:
    """Normalise a decision matrix to [0, 1] with 1 = best (see module docstring for formulas).

    Returns a :class:`NormalizationResult`; use ``.data`` for the matrix. A constant criterion becomes 1.0.
    """
    m = _numeric_matrix(df)
    dirs = validate_directions(m.columns, directions)
    cells = _missing_cells(m)
    dropped = pd.DataFrame({"missing_criteria": pd.Series([], dtype=object)})
    imputed: list[tuple[Any, Any, float]] = []
    if cells:
        if missing == "error":
            raise MCDAError(f"missing or non-finite values in cells (alternative, criterion): {cells}; "
                            "use missing='drop' or 'impute_mean'")
        if missing == "drop":
            by_row: dict[Any, list[Any]] = {}
            for r, c in cells:
                by_row.setdefault(r, []).append(c)
            dropped = pd.DataFrame({"missing_criteria": pd.Series(by_row, dtype=object)})
            dropped.index.name = m.index.name
            m = m.drop(index=list(by_row))
            if m.empty:
                raise MCDAError("every alternative has a missing value; nothing left after dropping")
        elif missing == "impute_mean":
            m = m.replace([np.inf, -np.inf], np.nan)
            means = m.mean()
            for r, c in cells:
                if pd.isna(means[c]):
                    raise MCDAError(f"criterion {c!r} has no observed value to impute from")
                imputed.append((r, c, float(means[c])))
            m = m.fillna(means)
        else:
            raise MCDAError(f"missing must be 'error', 'drop' or 'impute_mean', got {missing!r}")
    out = pd.DataFrame(index=m.index, columns=m.columns, dtype="float64")
    constant: list[Any] = []
    for c in m.columns:
        x = m[c]
        lo, hi = float(x.min()), float(x.max())
        if method == "minmax":
            if hi == lo:
                constant.append(c)
                out[c] = 1.0
            elif dirs[c] == "benefit":
                out[c] = (x - lo) / (hi - lo)
            else:
                out[c] = (hi - x) / (hi - lo)
        elif method == "max":
            if lo <= 0:
                raise MCDAError(f"method='max' needs positive values; criterion {c!r} has min {lo}")
            if hi == lo:
                constant.append(c)
            out[c] = x / hi if dirs[c] == "benefit" else lo / x
        else:
            raise MCDAError(f"normalisation method must be 'minmax' or 'max', got {method!r}")
    return NormalizationResult(data=out, method=method, dropped=dropped, imputed=imputed, constant=constant)

