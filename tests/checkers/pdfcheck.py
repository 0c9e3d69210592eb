"""Does a report's PDF show everything its HTML holds, and has it nearly empty pages? (pypdfium2, no system tools)

* **Clipped text**: every text node of the HTML body (2+ letters or digits; ``style``/``script``/``head`` and the
  parts hidden in print -- a chapter's own contents, the CSV download line -- skipped) must occur in the PDF's
  text, with whitespace removed; a table row broken over two pages may interrupt it (:func:`present`). A table wider
  than the page loses its right-hand columns: their text is then missing.
* **Nearly empty pages**: a page, not a part's last, holding fewer than :data:`SPARSE_CHARS` letters and digits
  (running header and page number not counted) and no image.

:func:`check_report` returns a :class:`LayoutReport`; ``hlj-newmedia``'s tests run it on real chapters and the book.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["LayoutReport", "SPARSE_CHARS", "check_report", "html_text_nodes", "part_starts", "pdf_page_texts",
           "present"]

SPARSE_CHARS = 160     # about four lines of Chinese or 30 English words


def norm(s: str) -> str:
    """Letters and digits only, NFKC-normalised (the PDF's text layer loses spaces and punctuation variants)."""
    s = unicodedata.normalize("NFKC", s)
    return "".join(ch for ch in s if not ch.isspace() and unicodedata.category(ch)[0] in "LN")


class _Nodes(HTMLParser):
    SKIP = {"style", "script", "head", "title"}
    HIDDEN = {"exhibit-data", "screen-only"}     # classes not printed (print.css)
    IN_CHAPTER_HIDDEN = {"executive-summary", "traceability"}  # printed once, by the book (print.css)

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []              # per open element: is it (or an ancestor) skipped?
        self.nodes: list[str] = []
        self.article = 0

    VOID = {"br", "img", "meta", "link", "hr", "input", "col", "area", "base", "source", "wbr"}

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        a = dict(attrs)
        classes = set((a.get("class") or "").split())
        hidden = (tag in self.SKIP or bool(classes & self.HIDDEN)
                  or (self.article > 0 and ((tag == "nav" and "toc" in classes)
                                            or bool(classes & self.IN_CHAPTER_HIDDEN))))
        self.stack.append((self.stack[-1] if self.stack else False) or hidden)
        if tag == "article":
            self.article += 1

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if tag == "article" and self.article:
            self.article -= 1
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]) and len(norm(data)) >= 2:
            self.nodes.append(data.strip())


def html_text_nodes(html_text: str) -> list[str]:
    """The printed text nodes of an HTML report (see the module docstring)."""
    p = _Nodes()
    p.feed(html_text)
    return p.nodes


def present(s: str, text: str, pieces: int = 6, gap: int = 1500) -> bool:
    """``s`` occurs in ``text`` whole, or in at most ``pieces`` consecutive parts (the first of 4+ characters, the
    others of 2+), each within ``gap`` characters after the previous one: a table cell's lines are read between the
    other cells' lines of its row, a row broken over two pages is interrupted by the repeated table header; a
    clipped cell's tail occurs nowhere near."""
    if s in text:
        return True

    def longest(s, hay):
        lo, hi = 0, len(s)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if s[:mid] in hay:
                lo = mid
            else:
                hi = mid - 1
        return lo

    # anchor on the longest prefix found anywhere (a short one such as a year occurs too often to try every place)
    head = s[:max(4, min(longest(s, text), 16))]
    starts = [m.start() for m in re.finditer(re.escape(head), text)][:50] if len(s) >= 4 else []
    for start in starts:
        rest, pos, n = s, start, 0
        while rest and n < pieces:
            window = text[pos:pos + gap + len(rest)]
            k = longest(rest, window)
            if k < min(4 if n == 0 else 2, len(rest)):
                break
            pos = pos + window.find(rest[:k]) + k
            rest, n = rest[k:], n + 1
        if not rest:
            return True
    return False


#: the print stylesheet whose @page margins hold the running header (top) and the page number (bottom)
PRINT_CSS_FILE = Path(__file__).resolve().parents[2] / "heilongjiang_newmedia" / "reporting" / "templates" / "print.css"


def pdf_page_texts(pdf: Path) -> tuple[list[str], list[str], list[bool]]:
    """Per page: the text drawn inside the page's text block (pypdfium2; text laid out past the edge is in the
    content stream but not on the paper, and does not count); the text of the top and bottom margins (running
    header, page number), one string per page; whether the page has an image. The margins are read off print.css's
    @page rules, so a sentence broken over two pages reads on across the break, whatever the text layer does with
    lines and words."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    margins = page_margins(PRINT_CSS_FILE.read_text(encoding="utf-8"))
    doc = pdfium.PdfDocument(str(pdf))
    pages, images, furniture = [], [], []
    try:
        for page in doc:
            w, h = page.get_size()
            top, bottom = margins["portrait" if h >= w else "landscape"]
            textpage = page.get_textpage()
            pages.append(textpage.get_text_bounded(left=0, bottom=bottom - 2, right=w, top=h - top + 2)
                         .replace("\r\n", "\n").replace("\r", "\n"))
            furniture.append(textpage.get_text_bounded(left=0, bottom=h - top + 2, right=w, top=h) + " " +
                             textpage.get_text_bounded(left=0, bottom=0, right=w, top=bottom - 2))
            images.append(any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=3)))
            textpage.close()
            page.close()
    finally:
        doc.close()
    return pages, sorted({f.strip() for f in furniture if f.strip()}), images


def part_starts(pdf: Path) -> list[int]:
    """0-based first pages of the PDF's top-level bookmarks (a book's chapters, contents and appendix)."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf))
    starts = set()
    for item in reader.outline:
        if not isinstance(item, list):
            try:
                starts.add(reader.get_destination_page_number(item))
            except Exception:  # a bookmark without a page
                pass
    return sorted(starts)


@dataclass
class LayoutReport:
    nodes: int
    missing: list[str] = field(default_factory=list)   # HTML text nodes not found in the PDF
    sparse: list[int] = field(default_factory=list)    # 1-based nearly empty pages

    @property
    def ok(self) -> bool:
        return not self.missing and not self.sparse

    def describe(self, name: str = "") -> str:
        lines = [f"{name}: {len(self.missing)} of {self.nodes} HTML text nodes missing from the PDF; "
                 f"nearly empty pages: {self.sparse or 'none'}"]
        lines += [f"  missing: {m[:70]!r}" for m in self.missing[:12]]
        return "\n".join(lines)


def check_report(html_text: str, pdf: Path, part_ends: set[int] | None = None) -> LayoutReport:
    """Check ``pdf`` against its ``html_text``. ``part_ends``: 1-based pages allowed to be nearly empty (a chapter's
    last in a book); a chapter PDF's last page always is."""
    nodes = html_text_nodes(html_text)
    pages, running, images = pdf_page_texts(pdf)
    text = norm("".join(pages)) + "\x00" + "\x00".join(norm(x) for x in running)
    missing = [n for n in nodes if not present(norm(n), text)]
    ends = set(part_ends or ()) | {len(pages)}
    sparse = [i + 1 for i, pg in enumerate(pages) if (i + 1) not in ends and not images[i]
              and len(norm(pg)) < SPARSE_CHARS]
    return LayoutReport(len(nodes), missing, sparse)


# -- page fill and orphaned table rows (issue 20: no near-empty page, no orphaned single row) --------------------------

MIN_FILL = 0.40        # a page, not a chapter's last, is filled at least this far down its text block
_MM = 72 / 25.4


def page_margins(css: str) -> dict[str, tuple[float, float]]:
    """``{"portrait": (top, bottom), "landscape": (top, bottom)}`` in PDF points, from the ``@page`` rules of
    print.css (``margin: T R B L`` in mm)."""
    out = {}
    for kind, rx in (("portrait", r"@page\s*\{[^}]*?margin:\s*([\d.]+)mm\s+[\d.]+mm\s+([\d.]+)mm"),
                     ("landscape", r"@page\s+landscape\s*\{[^}]*?margin:\s*([\d.]+)mm\s+[\d.]+mm\s+([\d.]+)mm")):
        m = re.search(rx, css)
        if not m:
            raise ValueError(f"print.css has no {kind} @page margin")
        out[kind] = (float(m.group(1)) * _MM, float(m.group(2)) * _MM)
    return out


def page_fills(pdf: Path, margins: dict[str, tuple[float, float]]) -> list[float]:
    """Per page: how far down its text block (between the top and bottom page margins, running header and page
    number outside it) the lowest drawn object reaches, 0-1."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    fills = []
    try:
        for page in doc:
            w, h = page.get_size()
            top, bottom = margins["portrait" if h >= w else "landscape"]
            body_top, body_bottom = h - top, bottom
            lowest = body_top
            for obj in page.get_objects(max_depth=3):
                left, b, right, t = obj.get_bounds()
                if b >= body_bottom - 2 and t <= body_top + 2 and t > b:
                    lowest = min(lowest, b)
            fills.append(max(0.0, min(1.0, (body_top - lowest) / (body_top - body_bottom))))
            page.close()
    finally:
        doc.close()
    return fills


@dataclass
class Table:
    caption: str
    rows: list[list[str]]          # body rows, cells' text


class _Tables(_Nodes):
    """The printed tables of a report: caption (the exhibit's figcaption or the table's caption) and body rows."""

    def __init__(self):
        super().__init__()
        self.tables: list[Table] = []
        self.caption = ""
        self._in_caption = False
        self._table: Table | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        hidden = bool(self.stack and self.stack[-1]) if tag not in self.VOID else False
        if hidden:
            return
        if tag in ("figcaption", "caption"):
            self._in_caption, self.caption = True, ""
        elif tag == "table":
            self._table = Table(self.caption, [])
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table is not None:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("figcaption", "caption"):
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table is not None:
            if not self._in_head and any(self._row):
                self._table.rows.append(self._row)
            self._row = None
        elif tag == "thead":
            self._in_head = False
        elif tag == "table" and self._table is not None:
            self.tables.append(self._table)
            self._table, self.caption = None, ""
        super().handle_endtag(tag)

    def handle_data(self, data):
        super().handle_data(data)
        if self.stack and self.stack[-1]:
            return
        if self._in_caption:
            self.caption += data
        if self._cell is not None:
            self._cell.append(data)


def html_tables(html_text: str) -> list[Table]:
    p = _Tables()
    p.feed(html_text)
    return p.tables


def _row_keys(table: Table) -> list[list[str]]:
    """Per body row, the beginnings of its cells (8 or 4 letters and digits) that occur in no other row of the table:
    what finds the row in the PDF's text, where a wrapped cell's lines may stand between other cells' lines."""
    cells = [[norm(c) for c in row] for row in table.rows]
    out = []
    for i, row in enumerate(cells):
        others = "\x00".join(c for j, r in enumerate(cells) if j != i for c in r)
        keys = []
        for c in row:
            for k in (8, 4):
                key = c[:k]
                if len(key) >= 2 and key not in others and key not in keys:
                    keys.append(key)
        out.append(keys)
    return out


def row_pages(tables: list[Table], pages: list[str], window: int = 6000) -> list[list[int | None]]:
    """For each table, the 0-based page of each body row (``None`` where it is not found): a row is looked for after
    the previous one, by the beginnings of its cells that no other row has, starting at the table's caption."""
    normed = [norm(p) for p in pages]
    starts, pos = [], 0
    for p in normed:
        starts.append(pos)
        pos += len(p)
    text = "".join(normed)

    def page_of(offset: int) -> int:
        return max(i for i, s in enumerate(starts) if s <= offset)

    out, cursor = [], 0
    for table in tables:
        cap = norm(table.caption)[:24]
        found = text.find(cap, cursor) if len(cap) >= 4 else -1
        cursor = found + len(cap) if found >= 0 else cursor
        pages_of_rows: list[int | None] = []
        for keys in _row_keys(table):
            hits = [h for h in (text.find(k, cursor, cursor + window) for k in keys) if h >= 0]
            if not hits:
                pages_of_rows.append(None)
                continue
            first = min(hits)
            pages_of_rows.append(page_of(first))
            cursor = first + 1
        out.append(pages_of_rows)
    return out


def orphaned_rows(tables: list[Table], pages_of_rows: list[list[int | None]]) -> list[str]:
    """A table broken over pages that leaves a single body row (or none) on its first or its last page."""
    out = []
    for table, pages in zip(tables, pages_of_rows):
        known = [p for p in pages if p is not None]
        if len(table.rows) < 3 or len(set(known)) < 2:
            continue
        first, last = min(known), max(known)
        name = " ".join(table.caption.split())[:40] or f"table with {table.rows[0][:1]}"
        if known.count(last) <= 1:
            out.append(f"«{name}»: a single row on p. {last + 1}, the table's last page")
        if known.count(first) <= 1:
            out.append(f"«{name}»: a single row on p. {first + 1}, the table's first page")
    return out


@dataclass
class PageLayout:
    underfilled: list[tuple[int, float]] = field(default_factory=list)   # (1-based page, fill)
    orphans: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.underfilled and not self.orphans

    def describe(self, name: str = "") -> str:
        lines = [f"{name}: pages under {MIN_FILL:.0%} filled: "
                 + (", ".join(f"p. {p} ({f:.0%})" for p, f in self.underfilled) or "none")]
        lines += [f"  orphaned row: {o}" for o in self.orphans]
        return "\n".join(lines)


def check_page_layout(html_text: str, pdf: Path, css: str, part_ends: set[int] | None = None) -> PageLayout:
    """Pages under :data:`MIN_FILL` (a chapter's last page, and ``part_ends``, excepted) and orphaned table rows."""
    fills = page_fills(pdf, page_margins(css))
    ends = set(part_ends or ()) | {len(fills)}
    under = [(i + 1, f) for i, f in enumerate(fills) if (i + 1) not in ends and f < MIN_FILL]
    tables = html_tables(html_text)
    pages, _, _ = pdf_page_texts(pdf)
    return PageLayout(under, orphaned_rows(tables, row_pages(tables, pages)))
