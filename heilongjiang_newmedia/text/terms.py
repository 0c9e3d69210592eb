"""The thesis's own terms — the names of its four problems and four countermeasures — from one table,
``text/thesis_terms.yaml`` (zh / en), for every chapter's text and tables.

``term("P4", "en")`` -> ``a narrow range of service forms``; ``terms("countermeasures", "zh")`` -> ``{"CM1": ...}``.
In a text file: ``{{ "P4" | term }}`` (the passage's language), ``{{ value | term | quoted }}``.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.yamlfile import read_yaml

__all__ = ["thesis_terms", "term", "terms", "GROUPS"]

#: the groups of the table: problems (P1-P4) and countermeasures (CM1-CM4)
GROUPS = ("problems", "countermeasures")


@lru_cache(maxsize=1)
def thesis_terms() -> dict[str, dict[str, dict[str, str]]]:
    """``{"problems": {"P1": {"zh": ..., "en": ...}, ...}, "countermeasures": {...}}``."""
    data = read_yaml(Path(__file__).with_name("thesis_terms.yaml"))
    if set(data) != set(GROUPS):
        raise ValueError(f"thesis_terms.yaml: expected the groups {', '.join(GROUPS)}, found {', '.join(data)}")
    return data


def terms(group: str, lang: str) -> dict[str, str]:
    """The names of one group (``problems`` or ``countermeasures``) in ``lang``, by code, in the table's order."""
    return {code: names[lang] for code, names in thesis_terms()[group].items()}


def term(code: Any, lang: str) -> str:
    """The name of a problem (``P1``-``P4``) or countermeasure (``CM1``-``CM4``) in ``lang``."""
    for group in GROUPS:
        if str(code) in thesis_terms()[group]:
            return thesis_terms()[group][str(code)][lang]
    raise KeyError(f"{code!r} is neither a problem nor a countermeasure of the thesis (text/thesis_terms.yaml)")
