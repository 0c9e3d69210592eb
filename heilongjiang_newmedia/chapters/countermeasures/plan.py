"""The four countermeasures (``tables/countermeasures.csv``), the problem each answers, and the priority rule.

Priority (:func:`priority_order`): the countermeasures are ordered

1. by the evidence for the problem each answers — chapter 4's verdict, in the order of :data:`EVIDENCE_ORDER`
   (a problem the evidence supports first, one it does not support last; a problem nothing measures comes after a
   contested one and before a rejected one, because its measures start by measuring it);
2. then by cost and feasibility (``cost`` column, the book's assessment: low = builds on instruments the province
   already runs, such as the quarterly inspection; high = new services to develop), cheaper first;
3. then by the thesis's order (CM1 … CM4).
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

import pandas as pd
from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.text.terms import thesis_terms

__all__ = ["countermeasure_table", "labels", "EVIDENCE_ORDER", "COST_ORDER", "priority_order", "priority_table"]

TABLES = Path(__file__).with_name("tables")

#: chapter 4's verdicts, strongest support for the problem first (codes of text/scale.yaml)
EVIDENCE_ORDER = ("supported", "partly_supported", "contested", "no_direct_evidence", "not_supported")
COST_ORDER = ("low", "medium", "high")


@lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    return pd.read_csv(TABLES / "countermeasures.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def countermeasure_table() -> pd.DataFrame:
    """``countermeasure_id``, ``problem_id`` (the problem it answers: the book's reading), ``indicator`` (its
    monitoring indicator, ``tables/monitoring.yaml``) and ``cost`` (low / medium / high)."""
    return _table().copy()


@lru_cache(maxsize=1)
def labels() -> dict:
    """Chapter 6's labels (``tables/labels.yaml``: cost words, column heads, ...) with the countermeasure and problem
    names of ``text/thesis_terms.yaml`` (groups ``countermeasures``, ``problems``)."""
    return {**read_yaml(TABLES / "labels.yaml"), **thesis_terms()}


def priority_table(verdicts: Mapping[str, str], table: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per countermeasure with ``problem_id``, ``verdict`` (chapter 4's, for its problem), ``evidence_rank``
    and ``cost_rank`` (0 = first) and ``position`` (1 = highest priority), sorted by position."""
    t = (countermeasure_table() if table is None else table).copy()
    missing = [p for p in t["problem_id"] if p not in verdicts]
    if missing:
        raise KeyError(f"no verdict recorded for problem(s) {', '.join(missing)} (chapter 4's findings)")
    unknown = {verdicts[p] for p in t["problem_id"]} - set(EVIDENCE_ORDER)
    if unknown:
        raise ValueError(f"unknown verdict code(s) {', '.join(sorted(unknown))}; expected {', '.join(EVIDENCE_ORDER)}")
    t["verdict"] = [verdicts[p] for p in t["problem_id"]]
    t["evidence_rank"] = [EVIDENCE_ORDER.index(v) for v in t["verdict"]]
    t["cost_rank"] = [COST_ORDER.index(c) for c in t["cost"]]
    t = t.sort_values(["evidence_rank", "cost_rank", "countermeasure_id"]).reset_index(drop=True)
    t["position"] = range(1, len(t) + 1)
    return t


def priority_order(verdicts: Mapping[str, str], table: pd.DataFrame | None = None) -> list[str]:
    """Countermeasure ids in priority order (see the module docstring for the rule)."""
    return list(priority_table(verdicts, table)["countermeasure_id"])
