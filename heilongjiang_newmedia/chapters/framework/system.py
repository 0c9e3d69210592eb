"""Chapter 2: the indicator system counted -- data coverage of every indicator and the counts that add up.

Definitions:

* *coverage* of an indicator = the provinces (of the 31) with a value: for a computable indicator, the provinces with
  a value in its cross-section; for any other, the provinces appearing in the filtered rows of its datasets (a
  Heilongjiang-only dataset ``hlj_*`` counts as 黑龙江); ``years`` = distinct years in those rows.
* *evaluation* indicators = roles ``composite``, ``evidence``, ``not_covered``; *background* = role ``context``
  (wherever listed: two of them, the website count and its 2019 decline, sit under 平台建设).
* Of the evaluation indicators: *comparable across all* = role ``composite`` with a value for every one of the 31;
  *none* = no value for any province; *partial* = the rest.  So comparable + partial + none = evaluation, and
  evaluation + background = total.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.indicators import EVALUATION_DIMENSIONS, EVALUATION_ROLES
from heilongjiang_newmedia.methods.cross_sections import COMPUTABLE, merge_sources

__all__ = ["indicator_coverage", "indicator_counts", "COUNT_KEYS"]

#: the count findings of the indicator system, in the order they add up
COUNT_KEYS = ("n_total", "n_evaluation", "n_background", "n_comparable_all", "n_partial", "n_none")


def _units_and_years(df: pd.DataFrame, dataset: str, names: Sequence[str]) -> tuple[set[str], set[str]]:
    if dataset.startswith("hlj_"):
        units = {"黑龙江"} if len(df) else set()
    else:
        col = next((c for c in ("province_zh", "region_zh") if c in df.columns), None)
        units = set(df[col].astype(str)) & set(names) if col else set()
        if col:
            df = df[df[col].astype(str).isin(list(names))]   # years of the provinces' rows only
    ycol = next((c for c in ("year", "eval_year", "cutoff") if c in df.columns), None)
    years = {y[:4] if re.fullmatch(r"\d{4}-\d{2}", y) else y for y in df[ycol].dropna().astype(str)} if ycol else set()
    return units, years


def indicator_coverage(framework: pd.DataFrame, rows: Mapping[str, list[tuple[str, pd.DataFrame]]],
                       sections: Mapping[str, tuple[pd.Series, pd.DataFrame]], names: Sequence[str]) -> pd.DataFrame:
    """Coverage of every indicator (index = id): ``role``, ``dimension``, ``n_provinces``, ``provinces`` (names in
    ``names`` order, ``、``-joined), ``years`` and ``n_rows``. ``rows`` = the filtered dataset rows per indicator
    (``loading.indicators.indicator_rows``), ``sections`` = the computed cross-sections by id (values, rows used).
    ``attrs["sources"]`` = citations of every row counted."""
    out, frames = [], []
    for r in framework.itertuples(index=False):
        units: set[str] = set()
        years: set[str] = set()
        n_rows = 0
        if r.indicator_id in COMPUTABLE and r.indicator_id in sections:
            values, used = sections[r.indicator_id]
            units = set(values.dropna().index)
            years = {r.year} if r.year else set()
            n_rows = len(used)
            frames.append(used)
        else:
            for ds, d in rows.get(r.indicator_id, []):
                u, y = _units_and_years(d, ds, names)
                units |= u
                years |= y
                n_rows += len(d)
                frames.append(d)
        out.append({"indicator_id": r.indicator_id, "role": r.role, "dimension": r.dimension,
                    "n_provinces": len(units), "provinces": "、".join(p for p in names if p in units),
                    "years": "、".join(sorted(years)), "n_rows": n_rows})
    cov = pd.DataFrame(out).set_index("indicator_id")
    cov.attrs["sources"] = merge_sources(frames)
    return cov


def indicator_counts(framework: pd.DataFrame, coverage: pd.DataFrame, n_units: int = 31) -> dict[str, Any]:
    """The indicator system counted (see the module note): the six counts of :data:`COUNT_KEYS`, the ids behind
    them (``comparable_ids``, ``partial_ids``, ``none_ids``, ``background_ids``, ``background_in_dimensions`` = the
    background variables listed under an evaluation dimension), ``evaluation_ids`` and the evaluation dimensions
    without a comparable indicator (``dimensions_without_comparable``). Raises ``ValueError`` if they do not add up."""
    fw = framework.set_index("indicator_id")
    n_prov = coverage["n_provinces"].reindex(fw.index).fillna(0).astype(int)
    evaluation = [i for i in fw.index if fw.at[i, "role"] in EVALUATION_ROLES]
    background = [i for i in fw.index if fw.at[i, "role"] == "context"]
    comparable = [i for i in evaluation if fw.at[i, "role"] == "composite" and n_prov[i] >= n_units]
    none = [i for i in evaluation if n_prov[i] == 0]
    partial = [i for i in evaluation if i not in comparable and i not in none]
    out: dict[str, Any] = {
        "n_total": len(fw), "n_evaluation": len(evaluation), "n_background": len(background),
        "n_comparable_all": len(comparable), "n_partial": len(partial), "n_none": len(none),
        "evaluation_ids": evaluation, "comparable_ids": comparable, "partial_ids": partial, "none_ids": none,
        "background_ids": background,
        "background_in_dimensions": [i for i in background if fw.at[i, "dimension"] in EVALUATION_DIMENSIONS],
        "dimensions_without_comparable": [d for d in EVALUATION_DIMENSIONS
                                          if not any(fw.at[i, "dimension"] == d for i in comparable)],
    }
    if out["n_evaluation"] + out["n_background"] != out["n_total"] or \
            out["n_comparable_all"] + out["n_partial"] + out["n_none"] != out["n_evaluation"]:
        raise ValueError(f"the indicator counts do not add up: { {k: out[k] for k in COUNT_KEYS} }")
    return out
