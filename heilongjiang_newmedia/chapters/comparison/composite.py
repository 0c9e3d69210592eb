"""The two composites of all provinces on chapter 2's composite indicators, and the NBS four-region view.

* *Weighted score* (chapter 2's method): each indicator min-max normalised to 0-1 (1 = best in its direction),
  weighted by its entropy weight and summed; competition rank, 1 = highest.
* *TOPSIS*: vector normalisation, the same entropy weights, relative closeness (0-1, 1 = ideal) to the best and
  worst profiles; competition rank. Its *sensitivity band* is the best and worst rank when each weight in turn is
  raised and lowered by ``pct`` % (renormalised).

Neither composite is a finding on its own: with two indicators the rank depends on the method (the chapter's
text reconciles the two). Indicators with a missing province are left out (nothing is imputed) and listed in
``excluded``. :func:`flipped_direction` recomputes TOPSIS with one indicator's direction reversed, for a direction
that is an interpretive choice (websites per million residents read as consolidation, a cost).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.regions import NBS_REGIONS
from heilongjiang_newmedia.methods import indicators, mcda

__all__ = ["Composite", "composite_ranking", "flipped_direction", "regional_view"]


@dataclass
class Composite:
    """``ranking``: index province; ``closeness``, ``rank`` (TOPSIS), ``min_rank``/``max_rank`` (band),
    ``score``/``weighted_rank`` (weighted score), ``region``; sorted by TOPSIS rank."""

    ranking: pd.DataFrame
    weights: pd.Series
    matrix: pd.DataFrame
    directions: dict[str, str]
    excluded: list[str] = field(default_factory=list)
    pct: float = 10.0

    def of(self, province: str) -> dict[str, Any]:
        r = self.ranking.loc[province]
        return {"closeness": float(r["closeness"]), "rank": int(r["rank"]), "min_rank": int(r["min_rank"]),
                "max_rank": int(r["max_rank"]), "score": float(r["score"]), "weighted_rank": int(r["weighted_rank"]),
                "n": int(len(self.ranking)), "n_indicators": int(len(self.weights)), "pct": self.pct}


def composite_ranking(matrix: pd.DataFrame, directions: Mapping[str, str], pct: float = 10,
                      regions: Mapping[str, str] | None = None) -> Composite:
    """Entropy weights, TOPSIS with its weight-sensitivity band and the weighted score, for all provinces."""
    m = matrix.apply(pd.to_numeric, errors="coerce").astype("float64")
    excluded = [c for c in m.columns if m[c].isna().any()]
    m = m.drop(columns=excluded)
    if m.shape[1] == 0:
        raise ValueError("no composite indicator has a value for every province; the composites cannot be computed")
    dirs = {c: directions.get(c, "benefit") for c in m.columns}
    w = mcda.entropy_weights(m, dirs)
    t = mcda.topsis(m, w, dirs)
    s = mcda.weight_sensitivity(m, w, dirs, pct=pct, method="topsis")
    score = (mcda.normalize(m, dirs).data * w.reindex(m.columns)).sum(axis=1)
    out = t[["closeness", "rank"]].join(s[["min_rank", "max_rank"]])
    out["score"] = score
    out["weighted_rank"] = indicators.rank(score, method="min")
    if regions is not None:
        out["region"] = [regions.get(p) for p in out.index]
    out = out.sort_values(["rank", "closeness"], ascending=[True, False], kind="stable")
    out.index.name = "province"
    return Composite(ranking=out, weights=w, matrix=m, directions=dirs, excluded=excluded, pct=float(pct))


def flipped_direction(comp: Composite, indicator: str) -> Composite | None:
    """The composites with ``indicator``'s direction reversed (benefit <-> cost); None if it is not used."""
    if indicator not in comp.directions:
        return None
    d = dict(comp.directions)
    d[indicator] = "benefit" if d[indicator] == "cost" else "cost"
    return composite_ranking(comp.matrix, d, pct=comp.pct)


def regional_view(comp: Composite, regions: Mapping[str, str], province: str) -> pd.DataFrame:
    """NBS four regions (rows, in NBS order): ``region``, ``n_provinces``, ``closeness`` (mean TOPSIS closeness),
    the mean of every composite indicator, ``rank`` (of the regions by mean closeness) and ``is_province_region``."""
    close = indicators.regional_aggregate(comp.ranking["closeness"], regions)
    cols = {"closeness": close}
    for c in comp.matrix.columns:
        cols[c] = indicators.regional_aggregate(comp.matrix[c].dropna(), regions)
    out = pd.DataFrame(cols).reindex([r for r in NBS_REGIONS if r in close.index])
    out.insert(0, "n_provinces", [close.attrs["n_units"].get(r, 0) for r in out.index])
    out["rank"] = indicators.rank(out["closeness"], method="min").astype(int)
    out["is_province_region"] = [r == regions.get(province) for r in out.index]
    out.index.name = "region"
    return out.reset_index()
