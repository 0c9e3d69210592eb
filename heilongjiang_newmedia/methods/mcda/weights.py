"""Weights of the criteria: the entropy weight method, AHP with Saaty's consistency ratio, combinations.

Entropy weight method (熵权法; :func:`entropy_weights`)
------------------------------------------------------
Shannon's information entropy (Shannon 1948) applied to the normalised decision matrix, as widely used in
Chinese evaluation research (e.g. 熵权-TOPSIS studies of government-service capability):
``p_ij = x'_ij / Σ_i x'_ij``; ``e_j = −k Σ_i p_ij ln p_ij`` with ``k = 1 / ln n`` (n alternatives, so
0 <= e_j <= 1); divergence ``d_j = 1 − e_j``; weight ``w_j = d_j / Σ_j d_j``.
Zero handling: ``0 · ln 0 = 0`` (the limit), so alternatives scoring the minimum on a min-max criterion are
kept as they are; no small constant is added (some studies shift by 0.0001 — we do not, so results are
exactly reproducible). A criterion whose normalised column is constant (or all zero) has ``e_j = 1`` and
weight **0**. If *every* criterion is constant there is no information to weight: :class:`MCDAError`.

Analytic hierarchy process (AHP; :func:`ahp`)
---------------------------------------------
Saaty (1977, 1980). A pairwise comparison (judgment) matrix ``A`` on Saaty's 1–9 scale must be square,
positive, with ``a_ii = 1`` and reciprocal ``a_ji = 1 / a_ij`` (checked with relative tolerance ``tol``).
Weights = the principal right eigenvector of ``A`` normalised to sum 1; ``λ_max`` = its eigenvalue.
Consistency index ``CI = (λ_max − n) / (n − 1)``; consistency ratio ``CR = CI / RI(n)`` with Saaty's random
index ``RI`` (Saaty, T. L. (1980) *The Analytic Hierarchy Process*, McGraw-Hill; table for n = 1..15 in
:data:`SAATY_RI`). ``CR = 0`` for n <= 2 (always consistent). ``CR >= 0.10`` means the judgments are too
inconsistent: :class:`InconsistentJudgmentError` unless ``accept_inconsistent=True``.

Combination (:func:`combine_weights`)
-------------------------------------
Subjective (AHP) and objective (entropy) weights, multiplicative ``w_j = s_j o_j / Σ_k s_k o_k`` or linear
``w_j = α s_j + (1 − α) o_j`` (α = share of the subjective weight).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

from heilongjiang_newmedia.methods.mcda.matrix import MCDAError, normalize, validate_weights

__all__ = ["SAATY_RI", "AHPError", "InconsistentJudgmentError", "AHPResult", "entropy_table", "entropy_weights",
           "ahp", "combine_weights"]

#: Saaty's random consistency index RI for n = 1..15 (Saaty 1980, *The Analytic Hierarchy Process*, p. 21;
#: the values reproduced in most Chinese AHP textbooks).
SAATY_RI: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
    11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
}


class AHPError(MCDAError):
    """An invalid AHP judgment matrix (shape, non-positive or non-reciprocal entries)."""


class InconsistentJudgmentError(AHPError):
    """The judgment matrix has a consistency ratio CR >= the threshold (0.10)."""

    def __init__(self, message: str, result: "AHPResult | None" = None):
        super().__init__(message)
        self.result = result


# ----------------------------------------------------------------------------------------------- entropy
def entropy_table(df: pd.DataFrame, directions: Mapping[Any, str],
                  method: Literal["minmax", "max"] = "minmax") -> pd.DataFrame:
    """Entropy-method working table, one row per criterion: ``entropy`` e_j, ``divergence`` d_j, ``weight``.

    The matrix is normalised with :func:`normalize` (``missing="error"``). Needs at least 2 alternatives.
    """
    x = normalize(df, directions, method=method).data
    n = x.shape[0]
    if n < 2:
        raise MCDAError("entropy weights need at least 2 alternatives")
    arr = x.to_numpy()
    col_sum = arr.sum(axis=0)
    k = 1.0 / np.log(n)
    e = np.ones(arr.shape[1])
    for j in range(arr.shape[1]):
        if col_sum[j] <= 0:
            continue  # all-zero column: no information, e = 1
        p = arr[:, j] / col_sum[j]
        nz = p > 0  # 0 * ln 0 = 0
        e[j] = -k * float(np.sum(p[nz] * np.log(p[nz])))
    e = np.clip(e, 0.0, 1.0) + 0.0  # + 0.0 turns -0.0 into 0.0
    d = 1.0 - e
    # a constant criterion has p = 1/n exactly in theory; remove floating-point residue
    d[np.isclose(d, 0.0, atol=1e-12)] = 0.0
    if d.sum() <= 0:
        raise MCDAError("every criterion is constant across alternatives; entropy weights are undefined")
    return pd.DataFrame({"entropy": e, "divergence": d, "weight": d / d.sum()}, index=x.columns)


def entropy_weights(df: pd.DataFrame, directions: Mapping[Any, str],
                    method: Literal["minmax", "max"] = "minmax") -> pd.Series:
    """Entropy weights (熵权法) of the criteria, summing to 1; a constant criterion gets 0.

    ``p_ij = x'_ij / Σ_i x'_ij``, ``e_j = -(1/ln n) Σ_i p_ij ln p_ij`` (0 ln 0 = 0), ``d_j = 1 - e_j``,
    ``w_j = d_j / Σ d``. Raises :class:`MCDAError` when all criteria are constant.
    """
    w = entropy_table(df, directions, method)["weight"].copy()
    w.name = "weight"
    return w


# ----------------------------------------------------------------------------------------------- AHP
@dataclass(frozen=True)
class AHPResult:
    """Result of :func:`ahp`: weights (Series summing to 1), λ_max, CI, RI, CR, n and the checked matrix."""

    weights: pd.Series
    lambda_max: float
    ci: float
    ri: float
    cr: float
    n: int
    matrix: pd.DataFrame
    cr_threshold: float = 0.10

    @property
    def consistent(self) -> bool:
        """True when CR < the threshold (0.10)."""
        return self.cr < self.cr_threshold

    def summary(self) -> pd.Series:
        """λ_max, CI, RI, CR and the verdict as a Series (for an exhibit)."""
        return pd.Series({"n": self.n, "lambda_max": self.lambda_max, "CI": self.ci, "RI": self.ri,
                          "CR": self.cr, "consistent": self.consistent})


def _parse_entry(v: Any) -> float:
    if v is None:
        return float("nan")
    if isinstance(v, str):
        v = v.strip()
        if v == "":
            return float("nan")
        return float(Fraction(v))
    return float(v)


def ahp(matrix: pd.DataFrame | Sequence[Sequence[Any]] | np.ndarray, labels: Sequence[Any] | None = None,
        accept_inconsistent: bool = False, tol: float = 0.02, cr_threshold: float = 0.10) -> AHPResult:
    """Weights and consistency of an AHP pairwise comparison matrix (principal eigenvector method).

    ``matrix``: DataFrame (index and columns = the same labels in the same order), list of lists or array.
    Entries may be numbers or fraction strings (``"1/3"``). Upper-triangle form: a cell left empty
    (None / NaN / "") whose mirror is given is filled with the reciprocal; an empty diagonal is 1.
    Reciprocity is checked as ``|a_ij · a_ji − 1| <= tol`` (default 0.02 lets 0.33 stand for 1/3); the
    diagonal must be 1 within ``tol``. Errors name the offending cell by its labels.
    Raises :class:`InconsistentJudgmentError` (carrying ``.result``) when ``CR >= cr_threshold`` unless
    ``accept_inconsistent=True``. Supports 1 <= n <= 15 (the extent of Saaty's RI table).
    """
    if isinstance(matrix, pd.DataFrame):
        if labels is None:
            if list(matrix.index) != list(matrix.columns):
                raise AHPError(f"judgment matrix index {list(matrix.index)} and columns {list(matrix.columns)} "
                               "must hold the same labels in the same order")
            labels = list(matrix.columns)
        rows = matrix.to_numpy(dtype=object).tolist()
    else:
        rows = [list(r) for r in (matrix.tolist() if isinstance(matrix, np.ndarray) else matrix)]
    n = len(rows)
    if n == 0:
        raise AHPError("judgment matrix is empty")
    bad_rows = [i for i, r in enumerate(rows) if len(r) != n]
    if bad_rows:
        raise AHPError(f"judgment matrix must be square: {n} rows but row(s) {bad_rows} have lengths "
                       f"{[len(rows[i]) for i in bad_rows]}")
    labels = list(labels) if labels is not None else [f"C{i + 1}" for i in range(n)]
    if len(labels) != n:
        raise AHPError(f"{len(labels)} labels for a {n}x{n} matrix")
    if n > max(SAATY_RI):
        raise AHPError(f"n = {n} criteria: Saaty's RI table covers n <= {max(SAATY_RI)}")
    try:
        a = np.array([[_parse_entry(v) for v in r] for r in rows], dtype="float64")
    except (ValueError, TypeError, ZeroDivisionError) as exc:
        raise AHPError(f"judgment matrix entries must be numbers or fractions: {exc}") from None

    def cell(i: int, j: int) -> str:
        return f"({labels[i]!s}, {labels[j]!s})"

    # fill an upper- or lower-triangle form
    for i in range(n):
        if np.isnan(a[i, i]):
            a[i, i] = 1.0
        for j in range(n):
            if np.isnan(a[i, j]) and i != j:
                if np.isnan(a[j, i]):
                    raise AHPError(f"cell {cell(i, j)} and its mirror {cell(j, i)} are both empty")
                if a[j, i] == 0:
                    raise AHPError(f"cell {cell(j, i)} = 0: judgments must be positive")
                a[i, j] = 1.0 / a[j, i]
    for i in range(n):
        for j in range(n):
            if not np.isfinite(a[i, j]) or a[i, j] <= 0:
                raise AHPError(f"cell {cell(i, j)} = {a[i, j]:g}: judgments must be positive finite numbers")
    for i in range(n):
        if abs(a[i, i] - 1.0) > tol:
            raise AHPError(f"diagonal cell {cell(i, i)} = {a[i, i]:g}; must be 1")
    for i in range(n):
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1.0) > tol:
                raise AHPError(f"not reciprocal: cell {cell(i, j)} = {a[i, j]:g} but {cell(j, i)} = "
                               f"{a[j, i]:g} (expected {1.0 / a[i, j]:g})")

    if n == 1:
        w = np.array([1.0])
        lam = 1.0
    else:
        vals, vecs = np.linalg.eig(a)
        idx = int(np.argmax(vals.real))
        lam = float(vals[idx].real)
        v = np.abs(vecs[:, idx].real)  # Perron vector of a positive matrix: one sign
        w = v / v.sum()
    ci = (lam - n) / (n - 1) if n > 1 else 0.0
    ci = max(ci, 0.0) if abs(ci) < 1e-12 else ci
    ri = SAATY_RI[n]
    cr = ci / ri if n > 2 else 0.0
    if abs(cr) < 1e-12:
        cr = 0.0
    result = AHPResult(weights=pd.Series(w, index=labels, name="weight"), lambda_max=lam, ci=ci, ri=ri,
                       cr=cr, n=n, matrix=pd.DataFrame(a, index=labels, columns=labels),
                       cr_threshold=cr_threshold)
    if cr >= cr_threshold and not accept_inconsistent:
        raise InconsistentJudgmentError(
            f"judgment matrix is inconsistent: CR = {cr:.4f} >= {cr_threshold} (lambda_max = {lam:.4f}, "
            f"CI = {ci:.4f}, RI = {ri}); revise the judgments or pass accept_inconsistent=True", result)
    return result



def combine_weights(subjective: Mapping[Any, float] | pd.Series, objective: Mapping[Any, float] | pd.Series,
                    method: Literal["multiplicative", "linear"] = "multiplicative",
                    alpha: float = 0.5) -> pd.Series:
    """Combine subjective (e.g. AHP) and objective (e.g. entropy) weights over the same criteria.

    ``multiplicative``: ``w_j = s_j o_j / Σ_k s_k o_k``; ``linear``: ``w_j = α s_j + (1 − α) o_j`` with
    ``0 <= α <= 1`` the share of the subjective weights. Both inputs are validated and normalised first.
    """
    s_raw = subjective if isinstance(subjective, pd.Series) else pd.Series(dict(subjective))
    s = validate_weights(s_raw, list(s_raw.index))
    o = validate_weights(objective, list(s.index))
    if method == "multiplicative":
        prod = s * o
        if float(prod.sum()) <= 0:
            raise MCDAError("multiplicative combination: s·o is zero for every criterion")
        out = prod / prod.sum()
    elif method == "linear":
        if not 0.0 <= alpha <= 1.0:
            raise MCDAError(f"alpha must lie in [0, 1], got {alpha}")
        out = alpha * s + (1.0 - alpha) * o
    else:
        raise MCDAError(f"method must be 'multiplicative' or 'linear', got {method!r}")
    out.name = "weight"
    return out

