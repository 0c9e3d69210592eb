"""Tables that fit the printed page: a check of WeasyPrint's laid-out boxes, and the fitting step of the PDF build.

After layout every table cell must lie inside the page's content box (A4: 174 mm wide; landscape 261 mm), and no
cell whose text wraps may be narrower than :data:`MIN_CHARS` characters of its font (the "one character per line"
column). :func:`fit_tables` lays a chapter out, and for every exhibit that fails sets it ``exhibit-wide`` (smaller
type), then ``exhibit-landscape`` (a turned page of its own), and lays it out again; an exhibit that still fails
raises :class:`TableLayoutError` naming the chapter and the exhibit (number, title, id), so the build fails instead
of printing a clipped table. Chapter authors can set the class themselves: ``ch.exhibit(df, ..., layout="wide")``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

__all__ = ["MIN_CHARS", "Problem", "TableLayoutError", "check_document", "fit_tables", "mark_exhibits",
           "protect_numbers"]

MIN_CHARS = 4          # a wrapping column is at least this many characters (em of its font) wide
TOLERANCE_PX = 1.0     # rounding slack of the layout, in CSS px
ESCALATION = ("exhibit-wide", "exhibit-landscape")


class TableLayoutError(ValueError):
    """A table overflows the page or squeezes a column, even set wide and landscape."""


@dataclass(frozen=True)
class Problem:
    """One laid-out table that does not fit: ``kind`` is ``"overflow"`` or ``"narrow"``."""
    kind: str
    page: int                 # 1-based page of the chapter PDF
    exhibit: str | None       # the exhibit's element id (``exhibit-<stem>-<id>``), None outside exhibits
    caption: str              # "表2-2　指标体系" or the first cell's text outside exhibits
    detail: str

    def describe(self) -> str:
        where = f"{self.caption} [{self.exhibit}]" if self.exhibit else f"table starting {self.caption!r}"
        return f"{where}, page {self.page}: {self.detail}"


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _classes(box) -> set[str]:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) is None:
        return set()
    return set((element.get("class") or "").split())


def _walk(box, figure=None) -> Iterator[tuple[object, object]]:
    """Every box below ``box`` with its enclosing exhibit ``<figure>`` element (or None)."""
    for child in getattr(box, "children", ()) or ():
        fig = figure
        if getattr(child, "element_tag", None) == "figure" and "exhibit" in _classes(child):
            fig = child.element
        yield child, fig
        yield from _walk(child, fig)


def _lines(box) -> int:
    from weasyprint.formatting_structure.boxes import LineBox

    n = 0
    for child in getattr(box, "children", ()) or ():
        n += 1 if isinstance(child, LineBox) else _lines(child)
    return n


def _caption(figure) -> str:
    if figure is None:
        return ""
    for child in figure:
        if child.tag == "figcaption":
            return _text(child)
    return ""


def check_document(document) -> list[Problem]:
    """The tables of a laid-out WeasyPrint ``document`` that overflow their page's content box or wrap a cell
    narrower than :data:`MIN_CHARS` characters; one problem per exhibit and kind (the first page where it occurs)."""
    from weasyprint.formatting_structure.boxes import TableBox, TableCellBox

    found: dict[tuple, Problem] = {}
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        left = root.content_box_x()
        right = left + root.width
        table = None
        for box, figure in _walk(root):
            if isinstance(box, TableBox):
                table = box
            if not isinstance(box, TableCellBox):
                continue
            fid = figure.get("id") if figure is not None else None
            key_first = fid or _text(getattr(table, "element", None))[:40]
            x1, x2 = box.position_x, box.position_x + box.margin_width()
            if x2 > right + TOLERANCE_PX or x1 < left - TOLERANCE_PX:
                over = max(x2 - right, left - x1) * 25.4 / 96
                found.setdefault(("overflow", key_first), Problem(
                    "overflow", number, fid, _caption(figure) or key_first,
                    f"the table runs {over:.0f} mm past the text block (column {_text(box.element)[:30]!r})"))
            font = box.style["font_size"]
            if box.width < MIN_CHARS * font - TOLERANCE_PX and _lines(box) > 1:
                found.setdefault(("narrow", key_first), Problem(
                    "narrow", number, fid, _caption(figure) or key_first,
                    f"a column is {box.width / font:.1f} characters wide and wraps "
                    f"{_text(box.element)[:30]!r} (minimum {MIN_CHARS})"))
    return list(found.values())


def mark_exhibits(html_text: str, classes: dict[str, str]) -> str:
    """``html_text`` with the classes ``classes[id]`` added to the exhibit ``<figure id=id>`` elements."""
    def add(m: re.Match) -> str:
        tag = m.group(0)
        ident = re.search(r'\bid="([^"]*)"', tag)
        cls = classes.get(ident.group(1)) if ident else None
        if not cls:
            return tag
        if 'class="' in tag:
            return tag.replace('class="', f'class="{cls} ', 1)
        return tag[:-1] + f' class="{cls}">'

    return re.sub(r"<figure\b[^>]*>", add, html_text)


# A table cell holding only a number (digits with separators, sign, decimal point, percent) or a date: never broken.
_NUMBER_CELL = re.compile(r"<td>(\s*(?:[-+\u2212]?\d[\d,.\u00a0 ]*%?|\d{4}-\d{2}(?:-\d{2})?)\s*)</td>")


def protect_numbers(html_text: str) -> str:
    """Mark table cells that hold only a number ``class="num"`` (print: never broken across lines, see report.css):
    a column may wrap words, never "31,850,0 / 88"."""
    return _NUMBER_CELL.sub(r'<td class="num">\1</td>', html_text)


# The last Chinese character of a table cell, paragraph or list item, with the character before it (a digit too:
# "2020年") and any closing punctuation and tags after them: tied with a WORD JOINER (U+2060: no glyph, not in the
# extracted text), so that no printed line holds one character.
_RUNT = re.compile(r"([^\s<>;\u3000-\u303f\uff00-\uffef])([\u3400-\u9fff][\u3000-\u303f\uff00-\uffef\u201d\u2019]*)"
                   r"((?:</(?:a|b|strong|em|span)>)*\s*</(?:td|th|p|li)>)")


def tie_last_characters(html_text: str) -> str:
    """``html_text`` with the last Chinese character of each cell, paragraph and list item joined to the one before
    it (U+2060), so the printed page never ends a cell or paragraph with a line of one character ("公众参/与" becomes
    "公众/参与", "2011—2020/年" keeps "2020年" together)."""
    return _RUNT.sub("\\1\u2060\\2\\3", html_text)


def fit_tables(render: Callable[..., object], html_text: str, label: str, fill: bool = True):
    """Lay out ``html_text`` with ``render(html_text, label[, extra_css])`` (a WeasyPrint ``Document``); exhibits whose tables do
    not fit are set wide, then landscape, and laid out again. Raises :class:`TableLayoutError` naming ``label`` and
    each exhibit that still does not fit (or a table outside any exhibit). Numbers in cells never break
    (:func:`protect_numbers`), and no cell or paragraph ends in a line of one Chinese character
    (:func:`tie_last_characters`). With ``fill``, a figure that would leave a page part-empty is printed after the
    paragraphs that follow it (:func:`.pagefill.fill_pages`), when the tables still fit that way, and a last page of
    a few lines is taken back with slightly tighter leading (:func:`.pagefill.shorten`)."""
    from heilongjiang_newmedia.reporting.pagefill import apply_moves, fill_pages, number_paragraphs, shorten

    html_text = tie_last_characters(protect_numbers(html_text))
    if fill:
        html_text = number_paragraphs(html_text)
    current = html_text
    doc = render(html_text, label)
    levels: dict[str, int] = {}
    while True:
        problems = check_document(doc)
        if not problems:
            if fill:
                moved, moves = fill_pages(lambda text: render(text, label), current, doc)
                if moves and not check_document(moved):
                    doc, current = moved, apply_moves(current, moves)
                shorter, tightened = shorten(lambda css: render(current, label, css), doc)
                if tightened and not check_document(shorter):
                    return shorter
            return doc
        raised = False
        for p in problems:
            if p.exhibit and levels.get(p.exhibit, 0) < len(ESCALATION):
                levels[p.exhibit] = levels.get(p.exhibit, 0) + 1
                raised = True
        if not raised or any(not p.exhibit for p in problems):
            raise TableLayoutError(
                f"{label}: {len(problems)} table(s) do not fit the printed page even set wide and landscape; "
                f"shorten or split them (fewer columns, long definitions in a note or glossary): "
                + "; ".join(p.describe() for p in problems))
        marks = {k: " ".join(ESCALATION[:n]) for k, n in levels.items()}
        current = mark_exhibits(html_text, marks)
        doc = render(current, label)
