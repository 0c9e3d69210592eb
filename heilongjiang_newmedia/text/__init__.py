"""The reader's words, below the chapters and the reporting layer that both use them.

* :mod:`.wording` — numbers, units, ranks, dates, lists and names as printed in zh and en;
* :mod:`.passages` — the researcher's text files (``chapters/<name>/text/<lang>.md``): passages with named fields;
* :mod:`.filters` — the filters a passage uses, and the evidence scale (``scale.yaml``);
* :mod:`.markdown` — data strings made inert in prose.

:func:`chapter_text` finds a chapter's text file; :func:`context_fields` gives the printed names of a study context
that every passage may use (``province``, ``province_short``, ``benchmarks``, ``peers``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from heilongjiang_newmedia.text.markdown import Markdown, inert_markdown
from heilongjiang_newmedia.text.passages import TextError, TextSource, read_text, render

__all__ = ["CHAPTERS_DIR", "BOOK_TEXT_DIR", "Markdown", "TextError", "TextSource", "chapter_text", "context_fields",
           "inert_markdown", "read_text", "render"]

PACKAGE_DIR = Path(__file__).resolve().parents[1]
CHAPTERS_DIR = PACKAGE_DIR / "chapters"
BOOK_TEXT_DIR = Path(__file__).resolve().parent / "book"


def chapter_text(namespace: str, lang: str) -> TextSource:
    """The passages of chapter ``namespace`` (``problems``) in ``lang`` (``chapters/problems/text/<lang>.md``)."""
    return read_text(CHAPTERS_DIR / namespace / "text", lang)


def context_fields(context: Any) -> dict[str, Any]:
    """Printed names of a :class:`~heilongjiang_newmedia.loading.context.StudyContext` in its language: ``province``
    (黑龙江省 / Heilongjiang), ``province_short`` (黑龙江 / Heilongjiang), ``benchmarks`` and ``peers`` (lists of
    names), ``lang``."""
    zh = context.lang == "zh"
    return {
        "lang": context.lang,
        "province": context.province.zh_full if zh else context.province.en,
        "province_short": context.province.zh if zh else context.province.en,
        "benchmarks": [p.zh if zh else p.en for p in context.benchmarks],
        "peers": [p.zh if zh else p.en for p in context.peers],
        "is_heilongjiang": context.province.code == 230000,
    }
