"""Multi-criteria decision analysis (MCDA): normalisation, entropy and AHP weights, TOPSIS, composites.

Methods reference for chapters 2 (indicator system and weights) and 5 (composite ranking of provinces).
All functions are pure. The decision matrix is a ``pd.DataFrame`` with one row per *alternative* (province,
city) and one column per *criterion* (indicator); ``directions`` maps every criterion to ``"benefit"``
(larger is better) or ``"cost"`` (smaller is better). Weights are ``pd.Series`` indexed by criterion that
sum to 1.

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

TOPSIS (:func:`topsis`)
-----------------------
Technique for Order Preference by Similarity to Ideal Solution (Hwang, C.-L. & Yoon, K. (1981) *Multiple
Attribute Decision Making: Methods and Applications*, Springer). Vector normalisation
``r_ij = x_ij / sqrt(Σ_i x_ij²)``; weighted ``v_ij = w_j r_ij``; ideal ``A+_j = max_i v_ij`` (benefit) or
``min_i v_ij`` (cost), anti-ideal the opposite; Euclidean distances ``d+_i``, ``d−_i``; relative closeness
``C_i = d−_i / (d+_i + d−_i)`` in [0, 1]; rank 1 = largest closeness (ties share the best rank, ``"min"``).
Values must be non-negative (ratio scale). A criterion that is all zero contributes nothing (r = 0). When
``d+ + d− = 0`` (the alternative equals both ideals, i.e. all alternatives are identical on every weighted
criterion) the closeness is defined as 0.5.

Other tools
-----------
* :func:`weighted_composite`: ``S_i = Σ_j w_j x'_ij`` on an already normalised matrix (simple additive
  weighting).
* :func:`combine_weights`: subjective (AHP) and objective (entropy) weights, multiplicative
  ``w_j = s_j o_j / Σ_k s_k o_k`` or linear ``w_j = α s_j + (1 − α) o_j`` (α = share of the subjective weight).
* :func:`weight_sensitivity`: one-at-a-time perturbation of each weight by ±pct % (then renormalised to sum
  1); per alternative the base rank, the best and worst rank over the 2m scenarios and how many scenarios
  changed its rank (:func:`weight_scenarios` gives the scenario-level table). Scores are rounded to 12 decimals before ranking so that floating-point noise never
  counts as a rank change.
* :func:`validate_weights`: weights must cover exactly the criteria, be finite and non-negative with a
  positive sum; returned normalised to sum 1, ordered as the criteria.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

import numpy as np
import pandas as pd

__all__ = [
    "MCDAError", "AHPError", "InconsistentJudgmentError", "SAATY_RI", "NormalizationResult", "AHPResult",
    "validate_weights", "validate_directions", "normalize", "entropy_weights", "entropy_table", "ahp",
    "topsis", "weighted_composite", "combine_weights", "weight_scenarios", "weight_sensitivity",
]

#: Saaty's random consistency index RI for n = 1..15 (Saaty 1980, *The Analytic Hierarchy Process*, p. 21;
#: the values reproduced in most Chinese AHP textbooks).
SAATY_RI: dict[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
    11: 1.51, 12: 1.48, 13: 1.56, 14: 1.57, 15: 1.59,
}

Direction = Literal["benefit", "cost"]


class MCDAError(ValueError):
    """Invalid input to an MCDA function (decision matrix, directions or weights)."""


class AHPError(MCDAError):
    """An invalid AHP judgment matrix (shape, non-positive or non-reciprocal entries)."""


class InconsistentJudgmentError(AHPError):
    """The judgment matrix has a consistency ratio CR >= the threshold (0.10)."""

    def __init__(self, message: str, result: "AHPResult | None" = None):
        super().__init__(message)
        self.result = result


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


# ----------------------------------------------------------------------------------------------- TOPSIS
def topsis(df: pd.DataFrame, weights: Mapping[Any, float] | pd.Series | Sequence[float],
           directions: Mapping[Any, str]) -> pd.DataFrame:
    """TOPSIS with vector normalisation (Hwang & Yoon 1981).

    Returns a DataFrame indexed like ``df`` with ``d_plus``, ``d_minus``, ``closeness`` (in [0, 1]) and
    ``rank`` (1 = closest to the ideal; ties share the best rank). Values must be finite and non-negative.
    """
    m = _numeric_matrix(df)
    dirs = validate_directions(m.columns, directions)
    w = validate_weights(weights, m.columns)
    _require_complete(m, "topsis")
    if (m < 0).to_numpy().any():
        neg = [(r, c) for r, c in zip(*np.nonzero((m < 0).to_numpy()))]
        raise MCDAError(f"topsis needs non-negative values; negative in cells "
                        f"{[(m.index[i], m.columns[j]) for i, j in neg]}")
    arr = m.to_numpy()
    norms = np.sqrt((arr ** 2).sum(axis=0))
    r = np.divide(arr, norms, out=np.zeros_like(arr), where=norms > 0)
    v = r * w.to_numpy()
    benefit = np.array([dirs[c] == "benefit" for c in m.columns])
    ideal = np.where(benefit, v.max(axis=0), v.min(axis=0))
    anti = np.where(benefit, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    denom = d_plus + d_minus
    closeness = np.divide(d_minus, denom, out=np.full_like(denom, 0.5), where=denom > 0)
    out = pd.DataFrame({"d_plus": d_plus, "d_minus": d_minus, "closeness": closeness}, index=m.index)
    out["rank"] = _rank_scores(out["closeness"])
    return out


def _rank_scores(scores: pd.Series) -> pd.Series:
    """Rank 1 = highest score, ties (to 12 decimals) share the best rank."""
    return scores.round(12).rank(method="min", ascending=False).astype("int64")


# ----------------------------------------------------------------------------------------------- composite
def weighted_composite(normalised_df: pd.DataFrame,
                       weights: Mapping[Any, float] | pd.Series | Sequence[float]) -> pd.Series:
    """Simple additive weighting ``S_i = Σ_j w_j x'_ij`` on a normalised matrix (weights renormalised)."""
    m = _numeric_matrix(normalised_df)
    w = validate_weights(weights, m.columns)
    _require_complete(m, "weighted_composite")
    out = pd.Series(m.to_numpy() @ w.to_numpy(), index=m.index, name="composite")
    return out


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


# ----------------------------------------------------------------------------------------------- sensitivity
def _scores(df: pd.DataFrame, w: pd.Series, dirs: Mapping[Any, str], method: str) -> pd.Series:
    if method == "topsis":
        return topsis(df, w, dirs)["closeness"]
    if method == "composite":
        return weighted_composite(normalize(df, dirs).data, w)
    raise MCDAError(f"method must be 'topsis' or 'composite', got {method!r}")


def weight_scenarios(df: pd.DataFrame, weights: Mapping[Any, float] | pd.Series | Sequence[float],
                     directions: Mapping[Any, str], pct: float = 10,
                     method: Literal["topsis", "composite"] = "topsis") -> pd.DataFrame:
    """Long table of the one-at-a-time weight perturbations used by :func:`weight_sensitivity`.

    Columns: ``criterion`` (the weight perturbed), ``sign`` (+/-), ``factor`` (1 ± pct/100, clipped at 0),
    ``alternative``, ``score``, ``rank`` and ``base_rank``. Scenario order: criteria in column order, + then -.
    """
    m = _numeric_matrix(df)
    dirs = validate_directions(m.columns, directions)
    w = validate_weights(weights, m.columns)
    if pct < 0:
        raise MCDAError(f"pct must be >= 0, got {pct}")
    base_scores = _scores(m, w, dirs, method)
    base_rank = _rank_scores(base_scores)
    frames = []
    for c in m.columns:
        for sign in (+1, -1):
            factor = max(1.0 + sign * pct / 100.0, 0.0)
            if factor == 1.0:
                scores, ranks = base_scores, base_rank
            else:
                wp = w.copy()
                wp[c] = w[c] * factor
                if float(wp.sum()) <= 0:
                    continue  # the only positive weight was removed: no ranking is defined
                scores = _scores(m, wp / wp.sum(), dirs, method)
                ranks = _rank_scores(scores)
            frames.append(pd.DataFrame({
                "criterion": c, "sign": "+" if sign > 0 else "-", "factor": factor,
                "alternative": list(m.index), "score": scores.to_numpy(), "rank": ranks.to_numpy(),
                "base_rank": base_rank.to_numpy()}))
    return pd.concat(frames, ignore_index=True)


def weight_sensitivity(df: pd.DataFrame, weights: Mapping[Any, float] | pd.Series | Sequence[float],
                       directions: Mapping[Any, str], pct: float = 10,
                       method: Literal["topsis", "composite"] = "topsis") -> pd.DataFrame:
    """One-at-a-time weight sensitivity of the ranking, one row per alternative.

    For each criterion j and each sign, ``w_j`` is multiplied by ``1 ± pct/100`` and all weights are
    renormalised to sum 1 (2m scenarios for m criteria; a weight that would become negative is clipped at 0).
    Scores are TOPSIS closeness (``method="topsis"``) or the min-max weighted composite (``"composite"``).
    Columns: ``base_score``, ``base_rank``, ``min_rank`` (best rank reached), ``max_rank`` (worst),
    ``n_rank_changes`` (scenarios whose rank differs from the base) and ``n_scenarios``. The scenario-level
    table is :func:`weight_scenarios`.
    """
    m = _numeric_matrix(df)
    dirs = validate_directions(m.columns, directions)
    w = validate_weights(weights, m.columns)
    base_scores = _scores(m, w, dirs, method)
    long = weight_scenarios(m, w, dirs, pct=pct, method=method)
    g = long.assign(changed=long["rank"] != long["base_rank"]).groupby("alternative", sort=False)
    out = pd.DataFrame({"base_score": base_scores, "base_rank": _rank_scores(base_scores)})
    out["min_rank"] = np.minimum(g["rank"].min().reindex(out.index).to_numpy(), out["base_rank"].to_numpy())
    out["max_rank"] = np.maximum(g["rank"].max().reindex(out.index).to_numpy(), out["base_rank"].to_numpy())
    out["n_rank_changes"] = g["changed"].sum().reindex(out.index).astype("int64")
    out["n_scenarios"] = int(long[["criterion", "sign"]].drop_duplicates().shape[0])
    out.index.name = m.index.name or "alternative"
    out.attrs = {"pct": pct, "method": method}
    return out
