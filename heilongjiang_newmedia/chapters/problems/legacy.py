"""What chapter 6's current code still calls from chapter 4 (``problem_table``, ``evidence_for_province``,
``indicators_for_ref``, ``RATING_LABELS``, ``THESIS_SOURCE``), rebuilt on this chapter's analysis so that chapter 6
prints chapter 4's verdicts. Delete this module when chapter 6 reads chapter 4's findings record instead
(``Chapter(..., uses=["problems"])``, issue 23): no chapter should import another.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from heilongjiang_newmedia.chapters.problems.catalogue import problems
from heilongjiang_newmedia.loading.regions import resolve_province
from heilongjiang_newmedia.text.filters import scale

__all__ = ["problem_table", "indicators_for_ref", "indicator_gaps", "evidence_for_province", "RATING_LABELS",
           "THESIS_SOURCE", "LegacyEvidence"]

#: verdict code -> (zh, en) words of the evidence scale (text/scale.yaml)
RATING_LABELS = {code: (v["zh"], v["en"]) for code, v in scale()["verdicts"].items()}
#: the thesis as chapter 6's exhibit cites it (chapter 6's source line; the reference list is built elsewhere)
THESIS_SOURCE = {"title": "Zhu M.H. (2021) Heilongjiang Province to Promote the Development of New Media Strategy "
                          "Research, master's thesis, abstract (CNKI catalogue record GTID 2416330629954113)",
                 "url": "", "date": "2021-04-26", "confidence": "", "rows": None}


def problem_table() -> pd.DataFrame:
    """One row per problem: ``problem_id``, names, ``cause_id`` and cause names, ``countermeasure_id`` and
    ``framework_indicators`` (indicator ids or ``dimension:<name>`` refs chapter 6 maps to countermeasures)."""
    return problems()


def indicators_for_ref(ref: str, framework: pd.DataFrame | None) -> list[str]:
    """Indicator ids named by a ref: ``dimension:<name>`` (every indicator of that dimension in ``framework``) or
    ``;``-separated indicator ids."""
    out: list[str] = []
    for r in (x.strip() for x in str(ref).split(";") if x.strip()):
        if r.startswith("dimension:"):
            if framework is None:
                continue
            col = "indicator" if "indicator" in framework.columns else "indicator_id"
            out += [str(x) for x in framework.loc[framework["dimension"] == r.split(":", 1)[1], col]]
        else:
            out.append(r)
    return list(dict.fromkeys(out))


def indicator_gaps(matrix: pd.DataFrame, province: Any, benchmarks: Iterable[Any],
                   directions: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Gap of the province to the benchmark mean on every indicator of ``matrix`` (index = province short name,
    zh): ``indicator``, ``value``, ``benchmark_mean``, ``n_benchmarks``, ``gap`` (positive = behind; cost
    indicators turned round), ``behind``, ``has_data``."""
    p = resolve_province(province)
    bench = [b for b in (resolve_province(x).zh for x in benchmarks) if b != p.zh]
    dirs = dict(directions or {})
    rows = []
    for ind in matrix.columns:
        col = pd.to_numeric(matrix[ind], errors="coerce")
        v = float(col.get(p.zh, np.nan))
        b = col.reindex(bench).dropna()
        m = float(b.mean()) if len(b) else np.nan
        sign = -1.0 if dirs.get(ind, "benefit") == "cost" else 1.0
        gap = sign * (m - v) if np.isfinite(v) and len(b) else np.nan
        rows.append({"indicator": ind, "value": v, "benchmark_mean": m, "n_benchmarks": int(len(b)), "gap": gap,
                     "behind": bool(np.isfinite(gap) and gap > 0), "has_data": bool(np.isfinite(gap))})
    return pd.DataFrame(rows, columns=["indicator", "value", "benchmark_mean", "n_benchmarks", "gap", "behind",
                                       "has_data"])


@dataclass
class LegacyEvidence:
    """``ratings`` (problem_id, rating = verdict code, n_support / n_counter, n_items / n_data = counted
    observations, n_gap = those for), ``inputs.indicator_gaps`` and ``sources`` (citation rows)."""

    ratings: pd.DataFrame
    inputs: Any
    sources: pd.DataFrame


def evidence_for_province(province: Any, benchmarks: Iterable[Any], matrix: pd.DataFrame,
                          framework: pd.DataFrame | None = None, directions: Mapping[str, str] | None = None,
                          framework_rows: pd.DataFrame | None = None, data_dir: Any = None,
                          table: pd.DataFrame | None = None) -> LegacyEvidence:
    """Chapter 4's verdicts for ``province`` in the shape chapter 6's code reads."""
    from heilongjiang_newmedia.chapters.problems.analysis import analyse
    from heilongjiang_newmedia.loading.context import StudyContext
    from heilongjiang_newmedia.loading.datasets import load

    bench = list(benchmarks)
    ctx = StudyContext.from_params(province=province, benchmarks=bench, data_dir=data_dir)
    res = analyse(ctx, load)
    r = res.ratings
    counted = r["n_for"] + r["n_against"]
    ratings = pd.DataFrame({"problem_id": r["claim"], "rating": r["verdict"], "n_support": r["n_for"],
                            "n_counter": r["n_against"], "n_items": counted, "n_data": counted, "n_gap": r["n_for"]})
    gaps = indicator_gaps(matrix, province, bench, directions)
    return LegacyEvidence(ratings, SimpleNamespace(indicator_gaps=gaps), res.sources(counted_only=True))
