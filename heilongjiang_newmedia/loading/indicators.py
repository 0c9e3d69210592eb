"""The study's indicator system, as data: which indicators, in which dimension, from which dataset, read how.

Chapter 2 defines and counts the system; chapters 4-6 use the same table, so every chapter evaluates with one
indicator system. ``indicator_system/indicators.csv`` holds one row per indicator, ``indicator_system/dimensions.csv``
one row per dimension with the theory it operationalises (codes ``uses_gratifications``, ``new_public_service``,
``service_government``; ``none`` for the background dimension).

Roles (column ``role``):

* ``composite`` -- an evaluation indicator with a value for each of the 31 provinces on one basis (entropy weights,
  TOPSIS, composites);
* ``evidence`` -- an evaluation indicator with data for some provinces or periods only (chapters 3-4);
* ``not_covered`` -- an evaluation indicator the argument needs for which ``data/`` holds nothing;
* ``context`` -- a background variable (size, timing, denominators): computed, never evaluated, whatever dimension it
  is listed under (the website count and its 2019 decline sit under 平台建设 as background).

This module reads the tables and the data rows behind each indicator; the 31-province cross-sections are computed
from those rows by :mod:`heilongjiang_newmedia.methods.cross_sections`.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from heilongjiang_newmedia.loading.datasets import load

__all__ = ["INDICATORS_CSV", "DIMENSIONS_CSV", "ROLES", "EVALUATION_ROLES", "EVALUATION_DIMENSIONS", "XPCC",
           "SOURCE_TABLES", "read_indicator_table", "load_dimensions", "directions", "composite_ids",
           "evaluation_ids", "background_ids", "source_tables", "indicator_rows", "apply_filter"]

_TABLES = Path(__file__).resolve().parent / "indicator_system"
INDICATORS_CSV = _TABLES / "indicators.csv"
DIMENSIONS_CSV = _TABLES / "dimensions.csv"
ROLES = ("composite", "context", "evidence", "not_covered")
#: the roles of an evaluation indicator (everything but the background variables)
EVALUATION_ROLES = ("composite", "evidence", "not_covered")
EVALUATION_DIMENSIONS = ("reach", "interaction", "platform", "service", "security")
#: The Xinjiang Production and Construction Corps: a row in several national tables, not one of the 31 provinces.
XPCC = "新疆生产建设兵团"
#: datasets the computable cross-sections are read from
SOURCE_TABLES = ("online_service_capability", "province_gov_websites", "provinces", "provinces_panel")


def load_dimensions(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Dimensions in display order: ``dimension``, ``dimension_zh``, ``dimension_en``, ``order``, ``theory``,
    ``theory_zh``, ``theory_en``, ``description_zh``, ``description_en``."""
    d = pd.read_csv(Path(path or DIMENSIONS_CSV), dtype=str, keep_default_na=False, encoding="utf-8")
    d["order"] = d["order"].astype(int)
    return d.sort_values("order").reset_index(drop=True)


def read_indicator_table(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """The indicator table as stored (one row per indicator, file order), validated, with ``indicator`` (= the id).

    Raises ``ValueError`` naming the file on duplicate ids or unknown roles, directions or dimensions."""
    src = Path(path or INDICATORS_CSV)
    fw = pd.read_csv(src, dtype=str, keep_default_na=False, encoding="utf-8")
    if fw["indicator_id"].duplicated().any():
        raise ValueError(f"{src.name}: duplicated indicator ids "
                         f"{fw.loc[fw['indicator_id'].duplicated(), 'indicator_id'].tolist()}")
    bad = set(fw["role"]) - set(ROLES)
    if bad:
        raise ValueError(f"{src.name}: unknown role(s) {sorted(bad)}; allowed {ROLES}")
    bad = set(fw["direction"]) - {"benefit", "cost", "none"}
    if bad:
        raise ValueError(f"{src.name}: unknown direction(s) {sorted(bad)}")
    bad = set(fw["dimension"]) - set(load_dimensions()["dimension"])
    if bad:
        raise ValueError(f"{src.name}: dimension(s) {sorted(bad)} not in {DIMENSIONS_CSV.name}")
    fw.insert(1, "indicator", fw["indicator_id"])
    fw.attrs["source"] = "heilongjiang_newmedia/loading/indicator_system/indicators.csv"
    return fw


def _table(framework: pd.DataFrame | None) -> pd.DataFrame:
    return read_indicator_table() if framework is None else framework


def directions(framework: pd.DataFrame | None = None, ids: Iterable[str] | None = None) -> dict[str, str]:
    """``{indicator_id: "benefit" | "cost"}`` for the given ids (default: every indicator with a direction); a
    background variable without a direction reads ``benefit`` (it is never weighted)."""
    d = dict(zip(_table(framework)["indicator_id"], _table(framework)["direction"]))
    keys = list(ids) if ids is not None else [k for k, v in d.items() if v in ("benefit", "cost")]
    missing = [k for k in keys if k not in d]
    if missing:
        raise KeyError(f"not in the indicator system: {missing}")
    return {k: (d[k] if d[k] in ("benefit", "cost") else "benefit") for k in keys}


def composite_ids(framework: pd.DataFrame | None = None) -> list[str]:
    """Ids of the ``composite`` indicators (a value for all 31 provinces on one basis), in table order."""
    fw = _table(framework)
    return fw.loc[fw["role"] == "composite", "indicator_id"].tolist()


def evaluation_ids(framework: pd.DataFrame | None = None) -> list[str]:
    """Ids of the evaluation indicators (roles :data:`EVALUATION_ROLES`; background variables excluded)."""
    fw = _table(framework)
    return fw.loc[fw["role"].isin(EVALUATION_ROLES), "indicator_id"].tolist()


def background_ids(framework: pd.DataFrame | None = None) -> list[str]:
    """Ids of the background variables (role ``context``), in whatever dimension they are listed."""
    fw = _table(framework)
    return fw.loc[fw["role"] == "context", "indicator_id"].tolist()


def source_tables(data_dir: str | os.PathLike | None = None) -> dict[str, pd.DataFrame]:
    """The datasets of :data:`SOURCE_TABLES`, loaded (the researcher's replacements in ``data_dir`` if any)."""
    return {name: load(name, data_dir) for name in SOURCE_TABLES}


def apply_filter(df: pd.DataFrame, spec: str) -> pd.DataFrame:
    """Rows of ``df`` selected by a ``filter`` cell: terms separated by ``;`` -- ``col=a|b`` (equals one of),
    ``col!=a``, ``col~text`` (contains); a term naming a column the table lacks is ignored."""
    for term in [t.strip() for t in spec.split(";") if t.strip()]:
        if "!=" in term:
            col, val = term.split("!=", 1)
            if col in df.columns:
                df = df[df[col].astype(str) != val]
        elif "~" in term:
            col, val = term.split("~", 1)
            if col in df.columns:
                df = df[df[col].astype(str).str.contains(val, regex=False)]
        elif "=" in term:
            col, val = term.split("=", 1)
            if col in df.columns:
                df = df[df[col].astype(str).isin(val.split("|"))]
        else:
            raise ValueError(f"indicator filter term {term!r}: use col=a|b, col!=a or col~text")
    return df


def indicator_rows(framework: pd.DataFrame | None = None, data_dir: str | os.PathLike | None = None,
                   loaded: Mapping[str, pd.DataFrame] | None = None) -> dict[str, list[tuple[str, pd.DataFrame]]]:
    """The data rows behind each indicator: ``{indicator_id: [(dataset, filtered rows), ...]}`` from its ``dataset``
    and ``filter`` cells (several datasets separated by ``;``; one filter part per dataset separated by `` // ``, or
    one part for all). Indicators without a dataset map to ``[]``."""
    fw = _table(framework)
    cache: dict[str, pd.DataFrame] = dict(loaded or {})
    out: dict[str, list[tuple[str, pd.DataFrame]]] = {}
    for r in fw.itertuples(index=False):
        dsets = [d.strip() for d in str(r.dataset).split(";") if d.strip()]
        parts = [p.strip() for p in r.filter.split(" // ")] if r.filter else [""]
        if len(parts) == 1:
            parts = parts * len(dsets)
        rows = []
        for ds, spec in zip(dsets, parts):
            if ds not in cache:
                cache[ds] = load(ds, data_dir)
            rows.append((ds, apply_filter(cache[ds], spec)))
        out[r.indicator_id] = rows
    return out
