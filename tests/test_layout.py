"""Typesetting: tables fit the printed page (laid-out boxes), nothing of a chapter's HTML is missing from its PDF, no
nearly empty pages, book pages numbered continuously as the contents say, HTML that fits a 390 px phone screen.

The unit tests lay out small documents with the report's own stylesheets; the last tests check real chapters
(Heilongjiang zh, en, and 吉林), built once per session (``built_reports.py``).
"""
from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from checkers import pdfcheck
from heilongjiang_newmedia.reporting import layoutcheck
from heilongjiang_newmedia.reporting.pdfjoin import join_pdfs, strip_footer
from heilongjiang_newmedia.reporting.render import css_text

def _render(html_body: str, extra_css: str = ""):
    """Lay out ``html_body`` as a chapter page (report.css inline, print.css as the build passes it)."""
    from heilongjiang_newmedia.pipeline.layout import Renderer

    page = (f'<html lang="zh-CN"><head><meta charset="utf-8"><style>{css_text()}\n{extra_css}</style></head><body>'
            f'<article class="chapter" id="chapter-99_test" data-title="测试章"><h1>测试章</h1>{html_body}'
            f'</article></body></html>')
    renderer = Renderer(Path.cwd())
    return page, renderer


def _table(n_cols: int, n_rows: int = 3, cell: str = "内容较长的单元格文字") -> str:
    head = "".join(f"<th>第{i}列标题</th>" for i in range(n_cols))
    rows = "".join("<tr>" + "".join(f"<td>{cell}{r}</td>" for _ in range(n_cols)) + "</tr>" for r in range(n_rows))
    return f'<table class="exhibit-table"><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'


def _exhibit(ident: str, table: str, cls: str = "") -> str:
    return (f'<figure class="exhibit exhibit-table {cls}" id="exhibit-99_test-{ident}">'
            f'<figcaption class="exhibit-caption"><span class="exhibit-number">表9-1</span>　宽表{ident}</figcaption>'
            f'<div class="exhibit-body">{table}</div><p class="source-note">资料来源：测试。</p></figure>')


# -- laid-out boxes ----------------------------------------------------------------------------------------------
def test_a_table_of_ten_columns_fits_a4_portrait_with_columns_of_four_characters():
    page, r = _render(_exhibit("ten", _table(10)))
    doc = r.render(page, "t")
    assert layoutcheck.check_document(doc) == []
    from weasyprint.formatting_structure.boxes import TableCellBox
    cells = [b for b, _ in layoutcheck._walk(doc.pages[0]._page_box) if isinstance(b, TableCellBox)]
    assert len(cells) == 10 * 4
    assert min(c.width / c.style["font_size"] for c in cells) >= layoutcheck.MIN_CHARS - 0.05


def test_a_table_too_wide_for_the_page_is_reported_with_its_exhibit():
    # without the print rules (no wrapping inside ids), 6 long identifiers cannot fit 174 mm
    ids = "".join(f"<td>online_service_capability_index_{i}_x</td>" for i in range(6))
    table = f'<table class="exhibit-table" style="table-layout:auto"><tr>{ids}</tr></table>'
    page, r = _render(_exhibit("ids", table),
                      "@media print { table.exhibit-table td { overflow-wrap: normal !important; hyphens: none; } }")
    problems = layoutcheck.check_document(r.render(page, "t"))
    assert [(p.kind, p.exhibit) for p in problems] == [("overflow", "exhibit-99_test-ids")]
    assert "表9-1" in problems[0].describe() and "past the text block" in problems[0].describe()


def test_a_squeezed_column_is_reported():
    table = ('<table class="exhibit-table"><tr><td style="min-width:0;width:1em;max-width:1em">标杆省份</td>'
             f'<td>{"很长的说明文字" * 30}</td></tr></table>')
    page, r = _render(_exhibit("narrow", table))
    problems = layoutcheck.check_document(r.render(page, "t"))
    assert [(p.kind, p.exhibit) for p in problems] == [("narrow", "exhibit-99_test-narrow")]
    assert "标杆省份" in problems[0].detail


def test_fit_tables_sets_an_overflowing_table_wide_then_landscape():
    page, r = _render(_exhibit("w16", _table(16)) + _exhibit("w10", _table(10)))
    first = layoutcheck.check_document(r.render(page, "t"))
    assert {p.exhibit for p in first} == {"exhibit-99_test-w16"}       # 16 x 4 characters do not fit 174 mm
    doc = layoutcheck.fit_tables(r.render, page, "chapter 99_test")
    assert layoutcheck.check_document(doc) == []
    sizes = {(round(p.width), round(p.height)) for p in doc.pages}
    assert sizes == {(794, 1123), (1123, 794)}                           # A4 portrait and landscape, CSS px


def test_fit_tables_fails_naming_chapter_and_exhibit_when_nothing_helps():
    page, r = _render(_exhibit("w40", _table(40, 1, "长")))
    with pytest.raises(layoutcheck.TableLayoutError) as err:
        layoutcheck.fit_tables(r.render, page, "chapter 99_test")
    msg = str(err.value)
    assert "chapter 99_test" in msg and "exhibit-99_test-w40" in msg and "表9-1" in msg


def test_caption_goes_to_the_next_page_with_the_first_row_and_rows_stay_whole(tmp_path):
    rows = "".join(f"<tr><td>行{i}</td><td>{'很长的内容' * 30}</td></tr>" for i in range(3))
    table = f'<table class="exhibit-table"><thead><tr><th>甲</th><th>乙</th></tr></thead><tbody>{rows}</tbody></table>'
    for filler in (20, 21):  # the first row fits below the caption on page 1 / it does not
        page, r = _render("".join(f"<p>段落{i}</p>" for i in range(filler)) + _exhibit("c", table))
        pdf = tmp_path / f"c{filler}.pdf"
        r.render(page, "t").write_pdf(str(pdf))
        pages = pdfcheck.pdf_page_texts(pdf)[0]
        holding = [i for i, text in enumerate(pages) if "表9-1" in text]
        assert len(holding) == 1 and "行0" in pages[holding[0]], (filler, pages)
        for i in range(3):  # a row is on one page: its first and last characters together
            row = [k for k, text in enumerate(pages) if f"行{i}" in text]
            assert len(row) == 1


def test_mark_exhibits_adds_classes_to_the_named_figure_only():
    html = _exhibit("a", "<table></table>") + _exhibit("b", "<table></table>")
    out = layoutcheck.mark_exhibits(html, {"exhibit-99_test-b": "exhibit-wide"})
    assert out.count("exhibit-wide") == 1
    assert re.search(r'class="exhibit-wide exhibit exhibit-table\s*" id="exhibit-99_test-b"', out)


def test_numbers_and_dates_in_cells_are_never_broken():
    html = "<td>31,850,088</td><td>98.75%</td><td>2013-07-01</td><td>哈尔滨</td><td>1,001.0万人</td>"
    assert layoutcheck.protect_numbers(html) == ('<td class="num">31,850,088</td><td class="num">98.75%</td>'
                                                 '<td class="num">2013-07-01</td><td>哈尔滨</td><td>1,001.0万人</td>')
    cells = "".join(f"<td>{'长' * 40}</td>" for _ in range(9)) + "<td>31,850,088,123</td>"
    page, r = _render(_exhibit("n", f'<table class="exhibit-table"><tr>{cells}</tr></table>'))
    doc = layoutcheck.fit_tables(r.render, page, "t")
    from weasyprint.formatting_structure.boxes import TableCellBox
    last = [b for b, _ in layoutcheck._walk(doc.pages[0]._page_box) if isinstance(b, TableCellBox)][-1]
    assert layoutcheck._lines(last) == 1


def test_no_cell_ends_in_a_line_of_one_chinese_character():
    html = "<td>公众参与</td><th>31省可比</th><p>建设。</p><td>1,001.0万人</td><td>abc</td>"
    assert layoutcheck.tie_last_characters(html) == (
        "<td>公众参\u2060与</td><th>31省可\u2060比</th><p>建\u2060设。</p><td>1,001.0万\u2060人</td><td>abc</td>")
    cell = '<td style="width:90pt;max-width:90pt;font-size:10pt">互动影响力与公众参与</td>'  # nine characters a line
    page, r = _render(_exhibit("w", f'<table class="exhibit-table"><tr>{cell}</tr></table>'))
    doc = layoutcheck.fit_tables(r.render, page, "t")
    from weasyprint.formatting_structure.boxes import LineBox
    lines = ["".join(getattr(t, "text", "") for t, _ in layoutcheck._walk(b)) for b, _ in
             layoutcheck._walk(doc.pages[0]._page_box) if isinstance(b, LineBox)]
    lines = [x.replace("\u2060", "") for x in lines if "公众" in x or x.replace("\u2060", "") == "参与"]
    assert lines[-1] == "参与", lines


# -- HTML text in the PDF, nearly empty pages ----------------------------------------------------------------------
def test_present_finds_text_split_over_lines_but_not_a_clipped_tail():
    text = pdfcheck.norm("覆盖省份 其他单元格 数（共 另一格 31） 更多文字")
    assert pdfcheck.present(pdfcheck.norm("覆盖省份数（共31）"), text)
    assert not pdfcheck.present(pdfcheck.norm("覆盖省份数（共32个省级行政区）"), text)


def test_check_report_finds_clipped_columns_and_nearly_empty_pages(tmp_path):
    cells = "".join(f"<td>identifier_column_{i}_with_a_long_unbreakable_name</td>" for i in range(8))
    body = (f'<p>{"正文段落。" * 60}</p><table style="white-space:nowrap"><tr>{cells}</tr></table>'
            f'<p style="break-before:page">短</p><p style="break-before:page">{"最后一页。" * 5}</p>')
    html = f"<html><body>{body}</body></html>"
    from heilongjiang_newmedia.pipeline.layout import Renderer

    pdf = tmp_path / "t.pdf"
    Renderer(tmp_path).render(html, "t").write_pdf(str(pdf))             # the report's font, no report.css
    report = pdfcheck.check_report(html, pdf)
    assert any("identifier_column_7" in m for m in report.missing)      # cut at the right edge of the page
    assert not any("identifier_column_0" in m for m in report.missing)  # the first column is visible
    assert report.sparse == [2]                                         # the last page may be nearly empty
    assert not report.ok


# -- page fill and orphaned table rows ------------------------------------------------------------------------------
PRINT_CSS = (Path(__file__).resolve().parents[1] / "heilongjiang_newmedia" / "reporting" / "templates" /
             "print.css").read_text(encoding="utf-8")


def test_page_fill_and_an_orphaned_last_row_are_found(tmp_path):
    """A table as long as the rows that fit on a page when it goes on (its source note then needs the last row's
    place), followed by a forced break: the last row stands alone on a page about a tenth filled; two rows shorter,
    the table fits and nothing is reported. The chapter's last page may be short. The stylesheet keeps a table's
    last two rows together, so with it the same table leaves no row alone; the checker is tested with that rule off."""
    def layout(n_rows: int, keep_last_two: bool = False):
        rows = "".join(f"<tr><td>行{i:02d}</td><td>{'内容' * 8}{i}</td></tr>" for i in range(n_rows))
        table = (f'<table class="exhibit-table"><thead><tr><th>甲</th><th>乙</th></tr></thead><tbody>{rows}</tbody>'
                 '</table>')
        off = "" if keep_last_two else "table.exhibit-table tbody tr:nth-last-child(2) { break-after: auto; }"
        page, r = _render(_exhibit("o", table) + '<p style="break-before:page">下一节。' + "后文。" * 400 + "</p>",
                          extra_css=off)
        pdf = tmp_path / f"o{n_rows}.pdf"
        r.render(page, "t").write_pdf(str(pdf))
        tables = pdfcheck.html_tables(page)
        assert [len(t.rows) for t in tables] == [n_rows] and tables[0].caption.startswith("表9-1")
        rows_at = pdfcheck.row_pages(tables, pdfcheck.pdf_page_texts(pdf)[0])[0]
        assert None not in rows_at and rows_at == sorted(rows_at)
        return page, pdf, rows_at

    fit = layout(50)[2].count(0)                                         # rows on the first page of a long table
    page, pdf, rows_at = layout(fit, keep_last_two=True)   # the stylesheet keeps a table's last two rows together
    assert rows_at.count(1) == 2 and pdfcheck.check_page_layout(page, pdf, PRINT_CSS).orphans == []
    n = fit
    page, pdf, rows_at = layout(n)                           # that rule switched off, so the checker can fail
    fills = pdfcheck.page_fills(pdf, pdfcheck.page_margins(PRINT_CSS))
    report = pdfcheck.check_page_layout(page, pdf, PRINT_CSS)
    assert rows_at.count(1) == 1 and fills[1] < 0.2 and fills[0] > 0.9, (rows_at, fills)
    assert report.orphans == ["«表9-1 宽表o»: a single row on p. 2, the table's last page"]
    assert report.underfilled == [(2, fills[1])] and not report.ok
    page, pdf, rows_at = layout(n - 2)
    report = pdfcheck.check_page_layout(page, pdf, PRINT_CSS)
    assert set(rows_at) == {0} and report.ok, report.describe()


def test_a_table_with_a_single_row_on_its_first_page_is_orphaned():
    t = pdfcheck.Table("表1-1　甲", [["a"], ["b"], ["c"], ["d"]])
    assert pdfcheck.orphaned_rows([t], [[0, 1, 1, 1]]) == ["«表1-1 甲»: a single row on p. 1, the table's first page"]
    assert pdfcheck.orphaned_rows([t], [[0, 0, 1, 1]]) == []
    assert pdfcheck.orphaned_rows([t], [[0, 0, 0, None]]) == []           # one page: nothing to orphan
    assert pdfcheck.page_margins(PRINT_CSS)["portrait"] == pytest.approx((22 * 72 / 25.4, 20 * 72 / 25.4))


# -- book pagination ---------------------------------------------------------------------------------------------
def _chapter_pdf(title: str, pages: int) -> bytes:
    page, r = _render("".join(f'<p style="break-before:{"page" if i else "auto"}">{title}正文第{i + 1}页。</p>'
                              for i in range(pages)))
    buf = io.BytesIO()
    r.render(page, "t").write_pdf(buf)
    return buf.getvalue()


def _footer_lines(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [(p.extract_text() or "").strip().splitlines()[-1].strip() for p in PdfReader(str(pdf)).pages]


def test_joined_book_is_numbered_continuously_without_the_chapters_own_footers(tmp_path):
    from weasyprint import HTML

    front = HTML(string="<p>cover</p><p style='break-before:page'>contents</p>").write_pdf()
    one, two = _chapter_pdf("甲", 3), _chapter_pdf("乙", 2)
    solo = tmp_path / "one.pdf"
    solo.write_bytes(one)
    assert _footer_lines(solo) == ["1 / 3", "2 / 3", "3 / 3"]           # a chapter PDF numbers its own pages
    book = tmp_path / "book.pdf"
    join_pdfs([front, one, two], book)
    assert _footer_lines(book)[2:] == ["3", "4", "5", "6", "7"]         # the book's pages, as the contents count
    from pypdf import PdfReader

    text = "".join(p.extract_text() for p in PdfReader(str(book)).pages)
    assert not re.search(r"\d\s*/\s*\d", text)                          # no chapter folio left anywhere


def test_strip_footer_leaves_the_running_header_and_body(tmp_path):
    from pypdf import PdfWriter

    pdf = tmp_path / "c.pdf"
    pdf.write_bytes(_chapter_pdf("丙", 2))
    page = PdfWriter(clone_from=str(pdf)).pages[1]
    assert strip_footer(page) == 1
    text = page.extract_text()
    assert "丙正文第2页" in text and "测试章" in text and "2 / 2" not in text


# -- real chapters -----------------------------------------------------------------------------------------------
@pytest.mark.build
@pytest.mark.parametrize("key", ["zh", "en", "jilin"])
def test_real_chapters_show_all_their_text_and_no_nearly_empty_pages(key, request):
    """Every chapter of the session's shared builds (Heilongjiang zh and en, Jilin en): all printed text of the HTML
    is in the PDF, and no page but a chapter's last is nearly empty."""
    out = request.getfixturevalue(f"built_{key}").require_ok()
    bad = []
    for html in sorted((out / "html").glob("*.html")):
        report = pdfcheck.check_report(html.read_text(encoding="utf-8"), out / "pdf" / f"{html.stem}.pdf")
        if not report.ok:
            bad.append(report.describe(html.stem))
    assert len(list((out / "html").glob("*.html"))) == 7 and not bad, "\n".join(bad)


@pytest.mark.build
@pytest.mark.parametrize("key", ["zh", "en", "jilin"])
def test_real_chapters_have_no_orphaned_rows_and_no_part_empty_pages(key, request):
    """Issue 20: no table of any chapter leaves a single row alone on a page, and no page but a chapter's last is
    under 40 % filled (figures float forward, reporting.pagefill), in the session's shared builds of all chapters:
    Heilongjiang zh and en, Jilin en."""
    out = request.getfixturevalue(f"built_{key}").require_ok()
    bad = []
    for html in sorted((out / "html").glob("*.html")):
        report = pdfcheck.check_page_layout(html.read_text(encoding="utf-8"), out / "pdf" / f"{html.stem}.pdf",
                                            PRINT_CSS)
        if not report.ok:  # orphaned rows or under-filled pages
            bad.append(report.describe(html.stem))
    assert (out / "html").is_dir() and not bad, "\n".join(bad)


@pytest.mark.build
def test_book_pages_are_numbered_as_the_contents_say(built_zh):
    from pypdf import PdfReader

    out = built_zh.require_ok()
    reader = PdfReader(str(out / "book.pdf"))
    folios = []
    for i, page in enumerate(reader.pages):
        lines = [x.strip() for x in (page.extract_text() or "").splitlines() if x.strip()]
        folios.append(lines[-1] if lines else "")
    assert folios[2:] == [str(n) for n in range(3, len(reader.pages) + 1)]
    contents = reader.pages[1].extract_text()
    starts = pdfcheck.part_starts(out / "book.pdf")
    for m in re.finditer(r"(第\d+章[^\n.]*?|附录[^\n.]*?)[.\s…]*(\d+)\s*$", contents, re.M):
        assert int(m.group(2)) - 1 in starts, f"contents: {m.group(1)} on p.{m.group(2)}, parts start at {starts}"
    book_ends = {s for s in starts if s > 0} | {1}                       # a part's last page, and the cover
    report = pdfcheck.check_report(
        (out / "book.html").read_text(encoding="utf-8"), out / "book.pdf", part_ends=book_ends)
    assert not report.missing, report.describe("book")
    assert not report.sparse, report.describe("book")


def test_pdf_font_folders_are_removed_when_the_document_is_written(tmp_path, monkeypatch):
    """WeasyPrint keeps each document's font in a ``weasyprint-*`` folder it removes only when the font configuration
    is garbage-collected; laid out and written inside ``font_folders()``, the folder is gone at once. The control
    (outside) shows that the folder is really made, so the first assertion can fail."""
    import gc
    import tempfile

    from heilongjiang_newmedia.loading.paths import PACKAGE_DIR
    from heilongjiang_newmedia.reporting import pdf
    from heilongjiang_newmedia.reporting.pdfjoin import folio_sheet

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gc.disable()  # nothing collected behind the test's back
    try:
        assert folio_sheet(3, 4).startswith(b"%PDF")
        assert not list(tmp_path.glob("weasyprint-*"))
        doc = pdf.render_document("<p>一二</p>", PACKAGE_DIR, "control")
        pdf.write_document(doc)
        assert len(list(tmp_path.glob("weasyprint-*"))) == 1
    finally:
        gc.enable()


@pytest.mark.build
@pytest.mark.parametrize("key", ["zh", "en", "jilin"])
def test_a_build_leaves_nothing_in_the_temporary_folder(key, tmp_path_factory):
    """A build (the command, as users run it) removes what it made in the system's temporary folder: WeasyPrint's
    font folders, ``multiprocessing``'s socket folder. Each shared build has a temporary folder of its own."""
    from built_reports import shared_build

    build = shared_build(key, tmp_path_factory)
    build.require_ok()
    assert build.tmp.is_dir() and sorted(p.name for p in build.tmp.iterdir()) == []


PHONE_HOST = """<html><body style="margin:0"><iframe id="f" src="NAME" style="width:390px;height:844px;border:0">
</iframe><script>document.getElementById('f').addEventListener('load', () => {
  const w = document.getElementById('f').contentWindow, d = w.document, root = d.documentElement;
  const p = d.querySelector('.output-markdown p, .markdown p') || d.querySelector('p');
  document.body.setAttribute('data-probe', JSON.stringify({sw: root.scrollWidth, vw: root.clientWidth,
    iw: w.innerWidth,
    font: parseFloat(w.getComputedStyle(p).fontSize),
    unboxed: [...d.querySelectorAll('table')].filter(t => t.scrollWidth > w.innerWidth
      && w.getComputedStyle(t.closest('.exhibit-body, .output-html') || t).overflowX !== 'auto').length,
    boxed: [...d.querySelectorAll('.exhibit-body')].filter(b => b.scrollWidth > b.clientWidth).length}));
});</script></body></html>"""


@pytest.mark.build
@pytest.mark.browser
def test_html_fits_a_390_px_phone_screen(built_zh, tmp_path):
    """The chapter page in a 390 px wide frame (headless Chromium's window is at least 500 px wide): the page never
    scrolls sideways, body text is at least 14 px, a table wider than the screen scrolls inside its own box."""
    import html as htmlmod
    import json

    chromium = next((shutil.which(c) for c in ("chromium", "chromium-browser", "google-chrome") if shutil.which(c)),
                    None)
    if chromium is None:
        pytest.fail("Chromium is needed (sudo apt-get install -y chromium)", pytrace=False)
    out = built_zh.require_ok()
    for name in sorted(p.name for p in (out / "html").glob("*.html")):
        shutil.copy(out / "html" / name, tmp_path / name)
        host = tmp_path / f"host-{name}"
        host.write_text(PHONE_HOST.replace("NAME", name), encoding="utf-8")
        run = subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=500,900",
                              "--allow-file-access-from-files", f"--user-data-dir={tmp_path / 'profile'}",
                              "--virtual-time-budget=5000", "--dump-dom", host.as_uri()],
                             capture_output=True, text=True, timeout=120)
        m = re.search(r'data-probe="([^"]*)"', run.stdout)
        assert m, run.stderr[-2000:]
        probe = json.loads(htmlmod.unescape(m.group(1)))
        assert probe["iw"] == 390, (name, probe)
        assert probe["sw"] == probe["vw"], (name, probe)            # nothing wider than the screen
        assert probe["font"] >= 14, (name, probe)                    # readable body text
        assert probe["unboxed"] == 0, (name, probe)                  # wide tables scroll in their own box


def test_back_parts_laid_out_one_by_one_and_kept(tmp_path, monkeypatch):
    """The reference list and the appendix are laid out as documents of their own, each kept in .cache by its page:
    a rebuild that changes only the appendix lays out only the appendix; the offsets count the pages before each."""
    from heilongjiang_newmedia.pipeline.layout import Renderer

    refs = '<section class="book-part" id="references"><h1>参考文献</h1>' + "".join(
        f"<p>[{i}] 某报告第{i}号。</p>" for i in range(1, 90)) + "</section>"
    parts = {"head": f"<html><head><style>{css_text()}</style></head><body>",
             "toc_entries": [("01_x", "第一章"), ("@references", "参考文献"), ("@appendix-traceability", "附录")],
             "back_sections": [refs, '<section class="book-part" id="appendix-traceability"><h1>附录</h1><p>甲。</p>'
                                     "</section>"], "back": ""}
    renderer = Renderer(tmp_path)
    laid = []
    real = renderer.render
    monkeypatch.setattr(renderer, "render", lambda html, label, css="": laid.append(label) or real(html, label, css))
    pdfs, offsets = renderer.back_pdf(parts)
    from pypdf import PdfReader

    n_refs = len(PdfReader(io.BytesIO(pdfs[0])).pages)
    assert n_refs >= 2 and offsets == {"@references": 0, "@appendix-traceability": n_refs} and len(laid) == 2
    parts["back_sections"][1] = parts["back_sections"][1].replace("甲", "乙")
    again, offsets_again = renderer.back_pdf(parts)
    assert len(laid) == 3 and again[0] == pdfs[0] and again[1] != pdfs[1] and offsets_again == offsets
    assert sorted(p.name.rsplit("-", 1)[0] for p in (tmp_path / ".cache").glob("*.pdf")) == [
        "book-appendix-traceability", "book-references"]
