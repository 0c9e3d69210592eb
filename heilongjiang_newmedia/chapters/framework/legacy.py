"""Names other chapters imported from the old flat ``chapters.framework`` module, kept while they move to the layers
below (``loading.indicators``, ``methods.cross_sections``) and to chapter 2's findings; and the key results chapter 7
still reads from ``results/02_framework.json`` (values and codes only; the findings record is the source).

Chapters 4-7 should switch: ``load_framework`` -> ``loading.indicators.read_indicator_table``; ``directions`` /
``composite_ids`` -> ``loading.indicators``; ``indicator_matrix`` -> ``methods.cross_sections.indicator_matrix(
loading.indicators.source_tables(data_dir), ids)``; the weights -> findings ``framework.weights.entropy.<id>``.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading import indicators as I
from heilongjiang_newmedia.methods import cross_sections as X

from heilongjiang_newmedia.chapters.framework.analysis import FrameworkResult

__all__ = ["load_framework", "directions", "composite_ids", "evaluation_ids", "indicator_matrix", "legacy_results"]

directions = I.directions
composite_ids = I.composite_ids
evaluation_ids = I.evaluation_ids


def load_framework(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """The indicator table with ``in_matrix`` (computable for the 31 provinces)."""
    fw = I.read_indicator_table(path)
    fw["in_matrix"] = fw["indicator_id"].isin(list(X.COMPUTABLE))
    return fw


def indicator_matrix(indicator_ids: Iterable[str] | None = None, data_dir: str | os.PathLike | None = None,
                     role: str | None = "composite") -> pd.DataFrame:
    """Province x indicator matrix (31 rows): the computable indicators of ``role`` (``None`` = composite and
    background), or the given ids; ``KeyError`` for an indicator without a cross-section."""
    fw = I.read_indicator_table()
    if indicator_ids is None:
        sel = fw if role is None else fw[fw["role"] == role]
        ids = [i for i in sel["indicator_id"] if i in X.COMPUTABLE]
    else:
        ids = list(indicator_ids)
    return X.indicator_matrix(I.source_tables(data_dir), ids, dict(zip(fw["indicator_id"], fw["unit"])))


def legacy_results(res: FrameworkResult) -> list[dict[str, Any]]:
    """``results/02_framework.json`` entries chapter 7 still reads: ``key``, ``value``, ``exhibit`` and extras."""
    c, p = res.counts, res.province
    fw = res.framework.set_index("indicator_id")
    top = res.facts["top"]
    out = [dict(key="indicator_system", value=c["comparable_ids"], exhibit="indicator-system",
                n_indicators=c["n_comparable_all"], dimensions_without_composite=c["dimensions_without_comparable"],
                not_covered=c["none_ids"]),
           dict(key="comparable_indicators", value=c["n_comparable_all"], exhibit="indicator-system",
                n_total=c["n_evaluation"], n_evaluation=c["n_evaluation"], ids=c["comparable_ids"]),
           dict(key="entropy_weights", value=res.weights["entropy_weight"].round(6).to_dict(), exhibit="weights-table"),
           dict(key="equal_weights", value=res.weights["equal_weight"].to_dict(), exhibit="weights-table"),
           dict(key="top_entropy_indicator", value=top, exhibit="weights-table", weight=res.facts["top_weight"],
                name_zh=fw.at[top, "label_zh"], name_en=fw.at[top, "label_en"]),
           dict(key="province_entropy_score", value=float(res.scores.at[p, "entropy_score"]), exhibit="province-profile",
                equal_score=float(res.scores.at[p, "equal_score"]), entropy_rank=int(res.scores.at[p, "entropy_rank"]),
                equal_rank=int(res.scores.at[p, "equal_rank"]), n=len(res.scores))]
    if res.ahp is not None:
        out.append(dict(key="ahp_weights", value=res.ahp.weights.round(6).to_dict(), exhibit="ahp-weights",
                        cr=res.ahp.cr, lambda_max=res.ahp.lambda_max, ci=res.ahp.ci, consistent=bool(res.ahp.consistent)))
    else:
        out.append(dict(key="ahp_weights", value=None))
    return out
