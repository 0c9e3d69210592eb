"""The framework tables (chapter 2): indicators and dimensions as data, validated, with their reader labels.

``data_tables/framework.csv`` holds one row per indicator and ``data_tables/framework_dimensions.csv`` one row per
dimension with the theory it operationalises. Definitions are given in both report languages
(``definition_zh``, ``definition``) so that the indicator system can be printed as a glossary.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

__all__ = ["FRAMEWORK_CSV", "DIMENSIONS_CSV", "ROLES", "EVALUATION_DIMENSIONS", "XPCC", "read_framework",
           "load_dimensions", "directions", "composite_ids", "evaluation_ids", "role_label", "direction_label"]

_TABLES = Path(__file__).resolve().parent / "data_tables"
FRAMEWORK_CSV = _TABLES / "framework.csv"
DIMENSIONS_CSV = _TABLES / "framework_dimensions.csv"
ROLES = ("composite", "context", "evidence", "not_covered")
EVALUATION_DIMENSIONS = ("reach", "interaction", "platform", "service", "security")
#: The Xinjiang Production and Construction Corps: a row in several national tables, not one of the 31 provinces.
XPCC = "新疆生产建设兵团"


def read_framework(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """The indicator table as stored, validated (no computed columns); see :func:`framework.load_framework`.

    Raises ``ValueError`` naming the file on duplicate ids or unknown roles, directions or dimensions."""
    src = Path(path or FRAMEWORK_CSV)
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
    fw.attrs["source"] = "heilongjiang_newmedia/chapters/data_tables/framework.csv"
    return fw


def load_dimensions() -> pd.DataFrame:
    """Dimensions in display order: ``dimension``, ``dimension_zh``, ``dimension_en``, ``order``, ``theory``,
    ``theory_zh``, ``theory_en``, ``description_zh``, ``description_en``."""
    d = pd.read_csv(DIMENSIONS_CSV, dtype=str, keep_default_na=False, encoding="utf-8")
    d["order"] = d["order"].astype(int)
    return d.sort_values("order").reset_index(drop=True)


def directions(framework: pd.DataFrame | None = None, ids: Iterable[str] | None = None) -> dict[str, str]:
    """``{indicator_id: "benefit" | "cost"}`` for the given ids (default: every indicator with a direction)."""
    fw = read_framework() if framework is None else framework
    d = dict(zip(fw["indicator_id"], fw["direction"]))
    keys = list(ids) if ids is not None else [k for k, v in d.items() if v in ("benefit", "cost")]
    missing = [k for k in keys if k not in d]
    if missing:
        raise KeyError(f"not in the framework: {missing}")
    return {k: (d[k] if d[k] in ("benefit", "cost") else "benefit") for k in keys}


def composite_ids(framework: pd.DataFrame | None = None) -> list[str]:
    """Ids of the ``composite`` indicators (a value for all 31 provinces on one basis), in framework order."""
    fw = read_framework() if framework is None else framework
    return fw.loc[fw["role"] == "composite", "indicator_id"].tolist()


def evaluation_ids(framework: pd.DataFrame | None = None) -> list[str]:
    """Ids of the evaluation indicators: every indicator outside the ``context`` dimension."""
    fw = read_framework() if framework is None else framework
    return fw.loc[fw["dimension"] != "context", "indicator_id"].tolist()


_ROLE_LABELS = {"composite": ("综合评价", "composite"), "context": ("背景", "context"),
                "evidence": ("证据", "evidence"), "not_covered": ("未覆盖", "not covered")}
_DIR_LABELS = {"benefit": ("正向", "benefit"), "cost": ("逆向", "cost"), "none": ("—", "—")}


def role_label(role: str, lang: str = "zh") -> str:
    """The role in the report language (综合评价 / 背景 / 证据 / 未覆盖)."""
    return _ROLE_LABELS[role][0 if lang == "zh" else 1]


def direction_label(direction: str, lang: str = "zh") -> str:
    """正向 / 逆向 (benefit / cost); a dash for context variables."""
    return _DIR_LABELS[direction][0 if lang == "zh" else 1]
