"""Ranking alternatives with given weights: TOPSIS, the weighted composite and weight sensitivity.

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
* :func:`weight_sensitivity`: one-at-a-time perturbation of each weight by ±pct % (then renormalised to sum
  1); per alternative the base rank, the best and worst rank over the 2m scenarios and how many scenarios
  changed its rank (:func:`weight_scenarios` gives the scenario-level table). Scores are rounded to 12 decimals
  before ranking so that floating-point noise never counts as a rank change.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from heilongjiang_newmedia.methods.mcda.matrix import (
    MCDAError, _numeric_matrix, _require_complete, normalize, validate_directions, validate_weights,
)

__all__ = ["topsis", "weighted_composite", "weight_scenarios", "weight_sensitivity"]


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
