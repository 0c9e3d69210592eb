"""The tables chapter 1 ships in its ``tables/`` folder: the thesis's audited figures, labels, the four problems, the
policy provisions each problem touches, and document names. Read-only; every function returns a fresh copy."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.text.terms import thesis_terms

__all__ = ["TABLES_DIR", "thesis_claims", "labels", "label", "problems", "policy_links", "documents",
           "qualitative_shares"]

TABLES_DIR = Path(__file__).resolve().parent / "tables"


def _yaml(name: str) -> dict[str, Any]:
    return read_yaml(TABLES_DIR / name)


@lru_cache(maxsize=1)
def _claims() -> pd.DataFrame:
    return pd.read_csv(TABLES_DIR / "thesis_claims.csv", dtype={"thesis_value": "int64"}, keep_default_na=False,
                       encoding="utf-8")


def thesis_claims() -> pd.DataFrame:
    """The thesis's headline figures: ``claim_id``, ``abstract_excerpt`` (verbatim from the English catalogue
    abstract), ``claim_zh`` (the book's translation), ``thesis_value``, ``bound`` (``exact`` or ``lower`` for "more
    than"), units, the period it refers to (``when_from``–``when_to``, YYYY-MM), ``candidates`` (source rows as
    ``dataset:indicator=scope``; scope ``same``, ``other`` or ``other_unit``) and ``qualitative`` (a
    ``dataset:indicator`` printing a share in words, optional)."""
    return _claims().copy()


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """``tables/labels.yaml``: chart labels, series, publishers, scopes and column headers (zh/en)."""
    return _yaml("labels.yaml")


def label(entry: dict[str, Any] | None, lang: str, default: str = "") -> str:
    """The ``lang`` word of a ``{zh: …, en: …}`` entry (``default`` when there is none)."""
    return str(entry[lang]) if entry and lang in entry else default


@lru_cache(maxsize=1)
def problems() -> dict[str, dict[str, str]]:
    """The four problems the thesis names: ``P1`` … ``P4`` -> ``{zh, en}`` (``text/thesis_terms.yaml``)."""
    return {k: dict(v) for k, v in thesis_terms()["problems"].items()}


def policy_links() -> pd.DataFrame:
    """Which policy provisions (``provision_id`` of the literature data) each problem (``problem_id``) touches, and
    whether the quote is the wording of an official news summary (``summary_wording`` yes/no; literature NOTES,
    caveat 2)."""
    return pd.read_csv(TABLES_DIR / "policy_links.csv", dtype=str, keep_default_na=False, encoding="utf-8")


@lru_cache(maxsize=1)
def documents() -> dict[str, dict[str, str]]:
    """Short names of the policy documents chapter 1's table prints: ``ref_id`` -> ``{zh, en}``."""
    return _yaml("documents.yaml")


@lru_cache(maxsize=1)
def qualitative_shares() -> dict[str, dict[str, float]]:
    """Shares printed in words -> the bound they imply (``below``: percent, exclusive)."""
    return _yaml("qualitative_shares.yaml")
