"""The chapter's own tables (``tables/``): the four problems, the coding of notice categories, labels and reasons.

``problems.csv`` — one row per problem: the objects its construct covers (``website;new_media``), what it is about, the theory it is read through, the cause the book pairs with it, the countermeasure that answers it. The pairing of problems, causes and
countermeasures is the book's reading of the thesis's parallel lists, not the thesis's own mapping.
``categories.yaml`` — notice item category -> problem, and whether the category measures it.
``labels.yaml`` / ``reasons.yaml`` — the words printed for codes.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.text.terms import terms

__all__ = ["TABLES", "PROBLEM_IDS", "THEORIES", "problems", "categories", "labels", "label", "reason",
           "category_code"]

TABLES = Path(__file__).resolve().parent / "tables"
PROBLEM_IDS = ("P1", "P2", "P3", "P4")
#: theory codes of chapter 2 (docs/chapters.md, framework.theories)
THEORIES = ("uses_gratifications", "new_public_service", "service_government")
OBJECTS = ("website", "new_media")


@lru_cache(maxsize=1)
def _problems() -> pd.DataFrame:
    df = pd.read_csv(TABLES / "problems.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    if tuple(df["problem_id"]) != PROBLEM_IDS:
        raise ValueError(f"{TABLES / 'problems.csv'}: expected the problems {', '.join(PROBLEM_IDS)} in order")
    bad = sorted(set(df["theory"]) - set(THEORIES))
    if bad:
        raise ValueError(f"{TABLES / 'problems.csv'}: unknown theory code(s) {bad}; expected {', '.join(THEORIES)}")
    objs = {o for v in df["objects"] for o in v.split(";")}
    if objs - set(OBJECTS):
        raise ValueError(f"{TABLES / 'problems.csv'}: unknown object(s) {sorted(objs - set(OBJECTS))}")
    for lang in ("zh", "en"):   # the names: the thesis's terms, one table for the whole book
        df.insert(1 if lang == "zh" else 2, f"problem_{lang}", df["problem_id"].map(terms("problems", lang)))
    return df


def problems() -> pd.DataFrame:
    """The four problems (a copy of ``tables/problems.csv`` with ``problem_zh`` / ``problem_en`` from
    ``text/thesis_terms.yaml``; ``objects`` is ``;``-joined)."""
    return _problems().copy()


@lru_cache(maxsize=4)
def _yaml(name: str) -> dict[str, Any]:
    return read_yaml(TABLES / name) or {}


def categories() -> dict[str, dict[str, Any]]:
    """Notice category (as printed in ``notice_items``, before any bracket) -> ``zh``, ``en``, ``problem``,
    ``measures`` (bool) and ``reason`` (when it does not measure the problem)."""
    return _yaml("categories.yaml")


def labels() -> dict[str, dict[str, dict[str, str]]]:
    return _yaml("labels.yaml")


def label(group: str, code: Any, lang: str) -> str:
    """The printed word of ``code`` in label group ``group`` (objects, methods, directions, theories, kinds, ...)."""
    table = labels()[group]
    if code not in table:
        raise KeyError(f"tables/labels.yaml: no label for {code!r} in {group!r} (known: {', '.join(table)})")
    return table[code][lang]


def reason(code: str, lang: str) -> str:
    """Why an observation is not counted, as printed."""
    table = _yaml("reasons.yaml")
    if code not in table:
        raise KeyError(f"tables/reasons.yaml: no reason {code!r} (known: {', '.join(table)})")
    return table[code][lang]


def category_code(printed: str) -> tuple[str, str]:
    """A category as printed in ``notice_items`` (``内容更新(据标题)``, ``其他(国徽使用不规范)``) -> (code, the
    bracketed detail). Unknown codes raise, naming the table to extend."""
    text = str(printed).strip()
    for open_, close in (("(", ")"), ("（", "）")):
        if open_ in text:
            code, _, rest = text.partition(open_)
            code, detail = code.strip(), rest.rsplit(close, 1)[0].strip()
            break
    else:
        code, detail = text, ""
    if code not in categories():
        raise KeyError(f"notice category {code!r} is not coded in {TABLES / 'categories.yaml'}")
    return code, detail
