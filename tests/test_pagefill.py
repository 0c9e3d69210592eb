"""Figures float forward in print (reporting.pagefill): a chart that does not fit below the last paragraph is printed
after the paragraphs that follow it, so the page is not left part-empty; it never passes a heading or a figure of
its own series, and the screen HTML keeps the author's order. Small documents laid out with the report's own
stylesheets (test_layout's helpers)."""
from __future__ import annotations

import re

from test_layout import _render

from heilongjiang_newmedia.reporting import layoutcheck, pagefill

PARA = "<p>" + "本段文字用于填充页面，" * 30 + "</p>"


def _chart(ident: str, height_mm: int = 150, number: str = "图9-1") -> str:
    return (f'<figure class="exhibit exhibit-figure" id="exhibit-99_test-{ident}">'
            f'<figcaption class="exhibit-caption"><span class="exhibit-number">{number}</span>　图{ident}</figcaption>'
            f'<div class="exhibit-body"><div style="height:{height_mm}mm;background:#ccc"></div></div></figure>')


def _order(html: str) -> list[str]:
    """Headings, paragraphs and exhibits in document order: 'h', 'p<n>', 'fig:<id>'."""
    out = []
    for m in re.finditer(r'<h\d|<p data-pi="(\d+)"|<figure\b[^>]*\bid="exhibit-99_test-([^"]+)"', html):
        out.append("h" if m.group(0).startswith("<h") else f"p{m.group(1)}" if m.group(1) else f"fig:{m.group(2)}")
    return out


def _layout(body: str):
    page, r = _render(body)
    html = pagefill.number_paragraphs(page)
    return html, r, r.render(html, "t")


def test_a_chart_that_leaves_half_a_page_empty_is_printed_after_the_next_paragraphs():
    body = PARA * 3 + "<h2>9.1 一节</h2>" + _chart("tall") + PARA + PARA + "<h2>9.2 下一节</h2>" + PARA
    html, r, doc = _layout(body)
    moves = pagefill.plan_moves(doc)
    assert [m.figure for m in moves] == ["exhibit-99_test-tall"]
    assert moves[0].gap >= pagefill.GAP_SHARE
    moved, applied = pagefill.fill_pages(lambda t: r.render(t, "t"), html, doc)
    assert applied == moves
    assert pagefill.part_empty(moved) < pagefill.part_empty(doc)
    assert len(moved.pages) <= len(doc.pages)
    assert _order(html) == ["h", "p0", "p1", "p2", "h", "fig:tall", "p3", "p4", "h", "p5"]
    # printed after the one paragraph of its section that fits the gap (p4 does not), before the next heading
    assert _order(pagefill.apply_moves(html, moves)) == ["h", "p0", "p1", "p2", "h", "p3", "fig:tall", "p4", "h", "p5"]


def test_a_chart_never_passes_a_heading_or_a_chart_of_its_own_series():
    body = (PARA * 3 + "<h2>9.1 一节</h2>" + _chart("first") + _chart("second", number="图9-2") + PARA
            + "<h2>9.2</h2>" + PARA)
    html, r, doc = _layout(body)
    moves = pagefill.plan_moves(doc)
    assert "exhibit-99_test-first" not in [m.figure for m in moves]  # the next item after it is a chart of its series
    order = _order(pagefill.apply_moves(html, moves))
    assert order.index("fig:first") < order.index("fig:second")  # 图9-1 before 图9-2, as numbered
    body = PARA * 3 + "<h2>9.1 一节</h2>" + _chart("only") + "<h2>9.2 下一节</h2>" + PARA * 2
    html, r, doc = _layout(body)
    assert pagefill.plan_moves(doc) == []  # its section has no paragraph after it


def test_the_chapter_layout_floats_figures_and_keeps_every_text():
    """Through fit_tables, as the build lays out a chapter: the same text is printed, on no more pages."""
    body = PARA * 3 + "<h2>9.1 一节</h2>" + _chart("tall") + PARA + PARA
    page, r = _render(body)
    plain = layoutcheck.fit_tables(r.render, page, "t", fill=False)
    filled = layoutcheck.fit_tables(r.render, page, "t")
    assert pagefill.part_empty(filled) < pagefill.part_empty(plain)
    assert len(filled.pages) <= len(plain.pages)

    def text(doc) -> str:
        import io

        from pypdf import PdfReader

        from collections import Counter

        reader = PdfReader(io.BytesIO(doc.write_pdf()))
        every = "".join(p.extract_text() for p in reader.pages).replace("测试章", "")  # the running head
        return Counter(c for c in every if not c.isspace() and not c.isascii())  # page numbers aside

    assert text(filled) == text(plain)


def test_a_last_page_of_a_few_lines_is_taken_back_with_tighter_leading():
    page, r = _render(PARA * 14)  # four pages, the last one holding a line or two
    doc = r.render(page, "t")
    assert len(doc.pages) == 4 and pagefill.last_page_share(doc) < pagefill.SHORT_LAST_PAGE
    shorter, tightened = pagefill.shorten(lambda css: r.render(page, "t", css), doc)
    assert tightened and len(shorter.pages) == 3
    page, r = _render(PARA * 12)  # a last page filled enough is left as it is
    doc = r.render(page, "t")
    assert pagefill.last_page_share(doc) >= pagefill.SHORT_LAST_PAGE
    assert pagefill.shorten(lambda css: r.render(page, "t", css), doc) == (doc, False)
