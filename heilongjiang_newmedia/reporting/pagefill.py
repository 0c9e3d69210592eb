"""Pages that are not left part-empty by a figure: the printed chapter's figures float forward, as a typesetter's do.

A figure (or a table kept in one piece) that does not fit in what is left of a page moves to the next one, taking
its section heading with it, and leaves the space below the last paragraph empty: a third or half of a page in a
thesis is a defect a supervisor marks. :func:`fill_pages` finds such pages in a laid-out chapter and, in the
printed copy only, moves the figure after as many of the paragraphs that follow it as fit in the gap (at least
one), as LaTeX floats a figure to the top of the next page: the text goes on below the last line, the figure comes
after it. The figure stays in its section (never past the next heading or exhibit), the screen HTML keeps the
author's order, and the new layout is kept only when it has no more pages than the old one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

GAP_SHARE = 0.25   # a page whose unused height is at least this share of its text block is worth filling
_FLOATING = ("exhibit-figure", "exhibit-keep")  # exhibits laid out in one piece (a table may break across pages)
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_PARA_MARK = re.compile(r"<p(?=[\s>])")


@dataclass(frozen=True)
class Move:
    """Print the exhibit ``figure`` (its element id) after the paragraph numbered ``after`` (``data-pi``), or after
    the exhibit whose element id ``after`` is (one numbered apart from it)."""
    figure: str
    after: int | str
    gap: float  # the unused share of the page it leaves today


def number_paragraphs(html_text: str) -> str:
    """Every ``<p>`` of ``html_text`` with ``data-pi="<n>"`` (0, 1, ...): the handle a move names it by."""
    count = iter(range(1 << 30))
    return _PARA_MARK.sub(lambda m: f'<p data-pi="{next(count)}"', html_text)


def _block(box):
    """(tag, classes, element) of ``box``'s element, or None for anonymous boxes."""
    element = getattr(box, "element", None)
    tag = getattr(box, "element_tag", None)
    if element is None or tag is None:
        return None
    return tag, set((element.get("class") or "").split()), element


def _page_items(page) -> tuple[float, float, list[tuple[str, object, float, float]]]:
    """The text block's top and bottom of a laid-out page, and its flow content in order as ``(kind, element,
    top, bottom)``: ``kind`` is ``"heading"``, ``"figure"`` (an exhibit laid out in one piece), ``"exhibit"``
    (any other), ``"para"`` (a numbered paragraph outside exhibits) or ``"line"`` (any other line)."""
    from weasyprint.formatting_structure.boxes import LineBox, MarginBox, ReplacedBox

    root = page._page_box
    top = root.content_box_y()
    bottom = top + root.height
    items: list[tuple[str, object, float, float]] = []

    def walk(box, inside: bool) -> None:
        for child in getattr(box, "children", ()) or ():
            if isinstance(child, MarginBox):
                continue
            info = _block(child)
            y1, y2 = child.position_y, child.position_y + child.margin_height()
            if info is not None and not inside:
                tag, classes, element = info
                if tag == "figure" and "exhibit" in classes:
                    kind = "figure" if classes & set(_FLOATING) else "exhibit"
                    items.append((kind, element, y1, y2))
                    continue  # its contents are one item (its series: _series)
                if tag in _HEADINGS:
                    items.append(("heading", element, y1, y2))
                    continue
                if tag == "p" and element.get("data-pi") is not None:
                    items.append(("para", element, y1, y2))
                    continue
            if isinstance(child, (LineBox, ReplacedBox)):
                items.append(("line", None, y1, y2))
                continue
            walk(child, inside)

    walk(root, False)
    return top, bottom, items


def _unused(page) -> float:
    """The share of a laid-out page's text block below its last content."""
    top, bottom, items = _page_items(page)
    used = max((y2 for _, _, _, y2 in items), default=top)
    return (bottom - used) / (bottom - top)


def _series(element) -> str:
    """The numbering an exhibit belongs to: figures (图3-1) and tables (表3-1) are numbered apart."""
    return "figure" if "exhibit-figure" in (element.get("class") or "").split() else "table"


def plan_moves(document, gap_share: float = GAP_SHARE) -> list[Move]:
    """The figures of a laid-out ``document`` (paragraphs numbered by :func:`number_paragraphs`) to print later:
    each opens a page (after at most its section heading) while the page before it ends ``gap_share`` or more of
    its text block unused, and paragraphs of its own section follow it."""
    pages = [_page_items(p) for p in document.pages]
    moves = []
    for (top, bottom, items), (ntop, nbottom, nxt) in zip(pages, pages[1:]):
        used = max((y2 for _, _, _, y2 in items), default=top)
        gap = (bottom - used) / (bottom - top)
        if gap < gap_share or not items:
            continue
        k = 0
        while k < len(nxt) and nxt[k][0] == "heading":
            k += 1
        if k >= len(nxt) or nxt[k][0] != "figure":
            continue
        figure = nxt[k][1]
        free = bottom - used - sum(y2 - y1 for _, _, y1, y2 in nxt[:k])
        after, height = None, 0.0
        for kind, element, y1, y2 in nxt[k + 1:]:
            # within its section, a figure passes paragraphs and exhibits numbered apart from it (a chart passes a
            # table), never a heading or an exhibit of its own series (the numbers would run out of order)
            passable = kind == "para" or kind in ("figure", "exhibit") and _series(element) != _series(figure)
            if not passable or (after is not None and height + (y2 - y1) > free):
                break
            after, height = (int(element.get("data-pi")) if kind == "para" else element.get("id")), height + (y2 - y1)
        if after is not None and figure.get("id"):
            moves.append(Move(figure.get("id"), after, round(gap, 3)))
    return moves


def apply_moves(html_text: str, moves: list[Move]) -> str:
    """``html_text`` (paragraphs numbered) with each moved figure cut from its place and set after its paragraph."""
    for move in moves:
        fig = re.search(r'<figure\b[^>]*\bid="' + re.escape(move.figure) + r'"[^>]*>.*?</figure>', html_text, re.S)
        if fig is None:
            continue
        text = html_text[:fig.start()] + html_text[fig.end():]
        if isinstance(move.after, int):
            para = re.search(r'<p data-pi="' + str(move.after) + r'"[\s>]', text)
            end = text.find("</p>", para.end()) + len("</p>") if para else -1
        else:  # after an exhibit of the other series
            other = re.search(r'<figure\b[^>]*\bid="' + re.escape(move.after) + r'"[^>]*>.*?</figure>', text, re.S)
            end = other.end() if other else -1
        if end < 0:
            continue
        html_text = text[:end] + fig.group(0) + text[end:]
    return html_text


def _gaps(document) -> list[float]:
    """The unused share of each page's text block, the last page aside."""
    return [_unused(page) for page in document.pages[:-1]]


def part_empty(document, gap_share: float = GAP_SHARE) -> float:
    """How much of ``document``'s pages (the last aside) is left unused where a page ends ``gap_share`` or more of
    its text block empty, in pages (0.5 = half a page in all)."""
    return sum(g for g in _gaps(document) if g >= gap_share)


def _score(document) -> tuple[float, float]:
    """What a reader sees first: the emptiest page (its unused share), then the part-empty pages in all."""
    gaps = _gaps(document)
    return (max(gaps, default=0.0), part_empty(document))


def fill_pages(render: Callable[[str], object], html_text: str, document=None, rounds: int = 2):
    """``document`` (``render(html_text)`` when not given; ``html_text`` numbered by :func:`number_paragraphs`)
    laid out again with its figures moved (:func:`plan_moves`), planned again on the new layout up to ``rounds``
    times; a layout is kept only when its emptiest page is fuller than before (then: less part-empty in all) with
    no more pages. Returns ``(document, moves applied)``."""
    doc = document if document is not None else render(html_text)
    best, best_score, applied = doc, _score(doc), []
    for _ in range(rounds):
        moves = plan_moves(best)
        if not moves:
            break
        html_text = apply_moves(html_text, moves)
        moved = render(html_text)
        score = _score(moved)
        if len(moved.pages) > len(best.pages) or score >= best_score:
            break
        best, best_score, applied = moved, score, applied + moves
    return best, applied


SHORT_LAST_PAGE = 0.2  # a last page filled less than this share of its text block is worth taking back
# print leading is 1.7 (report.css); a stylesheet passed to WeasyPrint has user origin, below the page's own rules
TIGHTER = "body { line-height: 1.62 !important; }"


def last_page_share(document) -> float:
    """The share of its text block that ``document``'s last page fills."""
    return 1 - _unused(document.pages[-1])


def shorten(render: Callable[[str], object], document, share: float = SHORT_LAST_PAGE):
    """``render(TIGHTER)`` (the chapter laid out with slightly tighter leading) when ``document``'s last page is
    filled less than ``share`` and that takes it back; else ``document``. Returns ``(document, tightened)``."""
    if len(document.pages) < 2 or last_page_share(document) >= share:
        return document, False
    tighter = render(TIGHTER)
    if len(tighter.pages) < len(document.pages):
        return tighter, True
    return document, False
