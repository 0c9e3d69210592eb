"""The text of two versions compared: a chapter's paragraphs as printed, and the paragraphs added, removed or changed
between versions with the changed characters (Chinese) or words (English) marked (difflib).

Pure functions over strings; :func:`paragraphs` reads a chapter page's HTML as the PDF prints it (exhibits, the
chapter's own contents and what is shown on screen only are left out: exhibits are compared cell by cell instead).
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass

from lxml import html as lhtml

_SKIP_CLASSES = {"screen-only", "anchor-link", "toc"}
_PARA_TAGS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "blockquote", "pre")
_WORD = re.compile(r"\s+|[A-Za-z0-9][A-Za-z0-9'’.,%-]*|.", re.S)
_ZH_UNIT = re.compile(r"[A-Za-z0-9][A-Za-z0-9.,%]*|\s+|.", re.S)  # a number or Latin word is one unit


def paragraphs(body_html: str) -> list[str]:
    """The paragraphs (headings, paragraphs, list items) of a chapter body as plain text, in order, white space
    collapsed; exhibits (``figure``), tables and hidden parts are not text."""
    if not body_html.strip():
        return []
    root = lhtml.fragment_fromstring(body_html, create_parent="div")
    out: list[str] = []

    def skipped(el) -> bool:
        cls = set((el.get("class") or "").split())
        return (not isinstance(el.tag, str) or el.tag in ("script", "style", "figure", "table", "nav", "details")
                or bool(cls & _SKIP_CLASSES))

    def walk(el) -> None:
        for child in el:
            if skipped(child):
                continue
            nested = [c for c in child if isinstance(c.tag, str) and c.tag in ("p", "ul", "ol", "div")]
            if child.tag in _PARA_TAGS:
                text = " ".join(_text(child, skip=set(nested)).split())
                if text:
                    out.append(text)
                for c in nested:
                    walk_one(c)
            else:
                walk(child)

    def walk_one(el) -> None:
        holder = lhtml.fragment_fromstring("<div></div>")
        holder.append(_copy(el))
        walk(holder)

    walk(root)
    return out


def table_rows(body_html: str, anchor: str) -> tuple[list[str], list[list[str]]] | None:
    """The table of exhibit ``anchor`` as printed in a chapter body: (column headings, rows of cell texts), or None
    when the exhibit is not a table there. Several header rows are joined per column."""
    if not body_html.strip():
        return None
    root = lhtml.fragment_fromstring(body_html, create_parent="div")
    found = root.xpath(f'.//*[@id="{anchor}"]//table')
    if not found:
        return None
    table = found[0]
    text = lambda cell: " ".join(_text(cell).split())  # noqa: E731
    head_rows = table.xpath("./thead/tr")
    body_rows = table.xpath("./tbody/tr") or [r for r in table.xpath("./tr") if r not in head_rows]
    heads: list[str] = []
    for tr in head_rows:
        cells = [text(c) for c in tr if c.tag in ("th", "td") for _ in range(int(c.get("colspan") or 1))]
        heads = [" ".join(x for x in (heads[i] if i < len(heads) else "", c) if x) for i, c in enumerate(cells)]
    return heads, [[text(c) for c in tr if c.tag in ("th", "td")] for tr in body_rows]


def _copy(el):
    import copy

    clone = copy.deepcopy(el)
    clone.tail = None
    return clone


def _text(el, skip: set = frozenset()) -> str:
    """The text of ``el`` as printed (``<br>`` a space), without the hidden parts and the children ``skip``."""
    parts = [el.text or ""]
    for child in el:
        if child.tag == "br":
            parts.append(" ")
        cls = set((child.get("class") or "").split()) if isinstance(child.tag, str) else set()
        if isinstance(child.tag, str) and not (cls & _SKIP_CLASSES) and child not in skip:
            parts.append(_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def tokens(text: str, lang: str) -> list[str]:
    """Units of comparison: characters for Chinese (a number or Latin word counting as one), words (and the spaces
    and signs between them) for English."""
    return (_ZH_UNIT if lang == "zh" else _WORD).findall(text)


def marked(old: str, new: str, lang: str) -> str:
    """HTML of ``new`` with the text removed since ``old`` in ``<del>`` and the text added in ``<ins>``."""
    a, b = tokens(old, lang), tokens(new, lang)
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(html.escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(f'<del class="diff-del">{html.escape("".join(a[i1:i2]))}</del>')
        if j2 > j1:
            out.append(f'<ins class="diff-ins">{html.escape("".join(b[j1:j2]))}</ins>')
    return "".join(out)


@dataclass(frozen=True)
class TextChange:
    """One paragraph: ``kind`` changed / added / removed, the ``old`` and ``new`` text, and ``html`` with marks."""
    kind: str
    old: str
    new: str
    html: str


def compare_paragraphs(old: list[str], new: list[str], lang: str) -> list[TextChange]:
    """The paragraphs added, removed or changed from ``old`` to ``new``, in reading order. Within a replaced block
    a new paragraph is paired with the most similar old one (similarity at least one half), in order."""
    out: list[TextChange] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        olds, news = old[i1:i2], new[j1:j2]
        used = -1
        for n in news:
            best, score = None, 0.5
            for k in range(used + 1, len(olds)):
                r = difflib.SequenceMatcher(None, tokens(olds[k], lang), tokens(n, lang), autojunk=False).ratio()
                if r >= score:
                    best, score = k, r
            if best is None:
                out.append(TextChange("added", "", n, f'<ins class="diff-ins">{html.escape(n)}</ins>'))
                continue
            for k in range(used + 1, best):
                out.append(TextChange("removed", olds[k], "", f'<del class="diff-del">{html.escape(olds[k])}</del>'))
            out.append(TextChange("changed", olds[best], n, marked(olds[best], n, lang)))
            used = best
        for k in range(used + 1, len(olds)):
            out.append(TextChange("removed", olds[k], "", f'<del class="diff-del">{html.escape(olds[k])}</del>'))
    return out
