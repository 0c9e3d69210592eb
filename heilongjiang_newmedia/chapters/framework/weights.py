"""Chapter 2's weights: entropy and equal weights, AHP on a supplied judgment matrix, weighted scores, a profile.

The *weighted score* of a province is the weighted sum of its min-max normalised values on the composite
indicators (simple additive weighting, 0-1, 1 = best on every indicator). It is not the TOPSIS closeness of
chapter 5, which measures distances to the ideal and anti-ideal provinces after vector normalisation.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.indicators import (EVALUATION_DIMENSIONS, composite_ids, directions,
                                                     read_indicator_table as read_framework)
from heilongjiang_newmedia.methods import indicators, mcda

__all__ = ["entropy_and_equal_weights", "ahp_weights", "ahp_indicator_weights", "weighted_scores",
           "province_profile", "weight_facts"]


def entropy_and_equal_weights(matrix: pd.DataFrame, framework: pd.DataFrame | None = None) -> pd.DataFrame:
    """Entropy weights (:func:`mcda.entropy_weights`, min-max normalisation) beside equal weights.

    Uses the matrix columns whose framework role is ``composite`` and that have a value for every row (an
    incomplete column is never imputed: it is left out and listed in ``attrs["excluded"]``). One row per indicator:
    ``dimension``, ``direction``, ``entropy`` e_j, ``divergence`` d_j = 1 - e_j, ``entropy_weight`` (sums to 1),
    ``equal_weight`` (1/m). Raises ``ValueError`` when no column qualifies.
    """
    fw = (read_framework() if framework is None else framework).set_index("indicator_id")
    comp = [c for c in matrix.columns if c in fw.index and fw.at[c, "role"] == "composite"]
    m = matrix[comp].apply(pd.to_numeric, errors="coerce").astype("float64")
    excluded = [c for c in m.columns if m[c].isna().any()]
    m = m.drop(columns=excluded)
    excluded += [c for c in matrix.columns if c not in comp]
    if m.shape[1] == 0:
        raise ValueError("no composite indicator with a value for every province; entropy weights undefined")
    dirs = {c: fw.at[c, "direction"] for c in m.columns}
    table = mcda.entropy_table(m, dirs)
    w = mcda.entropy_weights(m, dirs)
    out = pd.DataFrame({"dimension": [fw.at[c, "dimension"] for c in m.columns],
                        "direction": [dirs[c] for c in m.columns],
                        "entropy": table["entropy"], "divergence": table["divergence"],
                        "entropy_weight": w, "equal_weight": 1.0 / m.shape[1]}, index=m.columns)
    out.index.name = "indicator_id"
    out.attrs["excluded"] = excluded
    out.attrs["n_alternatives"] = int(m.shape[0])
    return out


def _parse_text(value: Any, name: str) -> Any:
    """A matrix or list given as text (e.g. papermill ``-p ahp_matrix "[[1, 3], [1/3, 1]]"``) -> nested lists;
    fractions like ``1/3`` are kept as strings for :func:`mcda.ahp`. Other values are returned unchanged."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if not text.startswith("["):
        raise ValueError(f"{name}: expected a list such as [[1, 3], [1/3, 1]], got {value!r}")
    quoted = re.sub(r"(?<![\w.\"'])(\d+(?:\.\d+)?\s*/\s*\d+(?:\.\d+)?)", r'"\1"', text)
    try:
        return json.loads(quoted.replace("'", '"'))
    except json.JSONDecodeError as exc:
        raise ValueError(f"{name}: malformed list {value!r}: {exc}") from None


def ahp_weights(judgments: Any, criteria: Sequence[str] | None = None, framework: pd.DataFrame | None = None,
                accept_inconsistent: bool = False) -> mcda.AHPResult:
    """AHP (:func:`mcda.ahp`) on a user-supplied judgment matrix.

    ``criteria`` (matrix order) default: the evaluation dimensions :data:`EVALUATION_DIMENSIONS` when the matrix is
    5 x 5, else the composite indicators when the size matches. Criteria must be framework dimensions or indicator
    ids. Raises :class:`mcda.InconsistentJudgmentError` for CR >= 0.10 unless ``accept_inconsistent``.
    """
    fw = read_framework() if framework is None else framework
    judgments = _parse_text(judgments, "ahp_matrix")
    criteria = _parse_text(criteria, "ahp_criteria")
    n = len(judgments.index) if isinstance(judgments, pd.DataFrame) else len(judgments)
    if criteria is None:
        comp = composite_ids(fw)
        if n == len(EVALUATION_DIMENSIONS):
            criteria = list(EVALUATION_DIMENSIONS)
        elif n == len(comp):
            criteria = comp
        else:
            raise ValueError(f"a {n}x{n} judgment matrix: pass ahp_criteria (the {len(EVALUATION_DIMENSIONS)} "
                             f"dimensions {list(EVALUATION_DIMENSIONS)} or indicator ids)")
    criteria = list(criteria)
    known = set(fw["dimension"]) | set(fw["indicator_id"])
    bad = [c for c in criteria if c not in known]
    if bad:
        raise ValueError(f"AHP criteria not in the framework (dimensions or indicator ids): {bad}")
    if len(criteria) != n:
        raise ValueError(f"{len(criteria)} criteria for a {n}x{n} judgment matrix")
    return mcda.ahp(judgments, labels=criteria, accept_inconsistent=accept_inconsistent)


def ahp_indicator_weights(result: mcda.AHPResult, framework: pd.DataFrame | None = None) -> pd.Series:
    """AHP weights carried to the composite indicators.

    Criteria that are indicator ids keep their weight; a dimension's weight is split equally among its composite
    indicators. Criteria with no composite indicator cannot be applied: they are dropped and listed in
    ``attrs["unapplied"]`` (with their weight), and the remaining weights are renormalised to sum 1.
    """
    fw = read_framework() if framework is None else framework
    comp = fw[fw["role"] == "composite"]
    w: dict[str, float] = {}
    unapplied: dict[str, float] = {}
    for crit, val in result.weights.items():
        if crit in set(comp["indicator_id"]):
            w[crit] = w.get(crit, 0.0) + float(val)
            continue
        members = comp.loc[comp["dimension"] == crit, "indicator_id"].tolist()
        if not members:
            unapplied[str(crit)] = float(val)
            continue
        for i in members:
            w[i] = w.get(i, 0.0) + float(val) / len(members)
    s = pd.Series(w, dtype="float64", name="ahp_weight")
    if s.sum() > 0:
        s = s / s.sum()
    s.attrs["unapplied"] = unapplied
    return s


def weighted_scores(matrix: pd.DataFrame, weights: pd.DataFrame, framework: pd.DataFrame | None = None) -> pd.DataFrame:
    """Weighted scores of every province (0-1) under the entropy and the equal weights of :func:`entropy_and_equal_weights`.

    Columns ``entropy_score``, ``equal_score`` and their competition ranks ``entropy_rank``, ``equal_rank`` (rank =
    1 + number of provinces scoring higher), index = provinces."""
    fw = read_framework() if framework is None else framework
    cols = list(weights.index)
    norm = mcda.normalize(matrix[cols], directions(fw, cols)).data
    out = pd.DataFrame({"entropy_score": (norm * weights["entropy_weight"]).sum(axis=1),
                        "equal_score": (norm * weights["equal_weight"]).sum(axis=1)})
    out["entropy_rank"] = indicators.rank(out["entropy_score"], method="min")
    out["equal_rank"] = indicators.rank(out["equal_score"], method="min")
    return out


def province_profile(matrix: pd.DataFrame, province: str, framework: pd.DataFrame | None = None) -> pd.DataFrame:
    """One province on each matrix column: ``value``, competition ``rank`` in the indicator's direction (1 = best;
    rank = 1 + number of provinces better), ``n`` provinces ranked, ``normalised`` (min-max, 0-1) and the 31-province
    ``mean``. Index = indicator ids."""
    fw = read_framework() if framework is None else framework
    dirs = directions(fw, matrix.columns)
    norm = mcda.normalize(matrix, dirs).data
    rows = {}
    for c in matrix.columns:
        r = indicators.rank(matrix[c], method="min", ascending=(dirs[c] == "cost"))
        rows[c] = {"value": float(matrix.at[province, c]), "rank": int(r.loc[province]), "n": int(matrix[c].notna().sum()),
                   "normalised": float(norm.at[province, c]), "mean": float(matrix[c].mean())}
    return pd.DataFrame.from_dict(rows, orient="index")


def weight_facts(matrix: pd.DataFrame, weights: pd.DataFrame, framework: pd.DataFrame) -> dict[str, Any]:
    """What decides the entropy weights: the indicator with the largest and the smallest weight (``top``, ``low``),
    and on ``low`` the most extreme province in its direction (``outlier``, short Chinese name) with its value
    (``outlier_value``), the 31-province ``median`` and the median min-max normalised value of the other provinces
    (``others_normalised_median``, 0-1). Values in the indicator's unit."""
    top, low = weights["entropy_weight"].idxmax(), weights["entropy_weight"].idxmin()
    x = matrix[low]
    cost = directions(framework, [low])[low] == "cost"
    norm = (x.max() - x) / (x.max() - x.min()) if cost else (x - x.min()) / (x.max() - x.min())
    out = x.idxmax() if cost else x.idxmin()
    return {"top": top, "low": low, "top_weight": float(weights.at[top, "entropy_weight"]),
            "low_weight": float(weights.at[low, "entropy_weight"]), "equal_weight": float(weights.at[top, "equal_weight"]),
            "outlier": str(out), "outlier_value": float(x[out]), "median": float(x.median()),
            "others_normalised_median": float(norm.drop(out).median())}
