"""Markdown safety for the reader's text: data strings made inert, package-written Markdown marked as such."""
from __future__ import annotations

import html
import re

__all__ = ["Markdown", "inert_markdown", "plain_text"]

# Markdown punctuation that could start a link, image, autolink, emphasis, code span, table cell or heading.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()!#|~:{}])")


class Markdown(str):
    """Markdown written by the package or rendered from a text file (not a data value): kept as Markdown and only
    HTML-escaped where it is a plain value. Never wrap strings read from data files."""


def inert_markdown(value: str) -> str:
    """A data string made inert for Markdown prose: Markdown syntax backslash-escaped (no links, images or autolinks
    to ``http:``/``file:`` addresses), line breaks flattened, then HTML-escaped (no tags). Renders as the same text."""
    value = " ".join(str(value).splitlines())
    return html.escape(_MD_SPECIAL.sub(r"\\\1", value))


_ESCAPED = re.compile(r"\\([\\`*_\[\]()!#|~:{}])")


def plain_text(md: str) -> str:
    """A one-paragraph passage as plain text (a table cell, a caption): the escapes of inert data undone, HTML
    entities decoded, lines joined."""
    text = html.unescape(_ESCAPED.sub(r"\1", str(md)))
    return " ".join(text.split("\n")).strip()
