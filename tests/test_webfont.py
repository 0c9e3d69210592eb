"""The HTML reports' embedded font: a HarfBuzz subset of the bundled Noto Sans CJK SC to the page's characters."""
import base64
import io
import re

from fontTools.ttLib import TTFont

from heilongjiang_newmedia.reporting import webfont

PAGE = ("<!DOCTYPE html><html><head><title>t</title></head><body><h1>黑龙江省政务新媒体</h1>"
        "<p>哈尔滨 2019 年 77.93 分</p><img src=\"data:image/png;base64,5ZCJ5p6X\"></body></html>")


def _embedded_font(page: str) -> TTFont:
    data = re.search(r"url\(data:font/otf;base64,([A-Za-z0-9+/=]+)\)", page).group(1)
    return TTFont(io.BytesIO(base64.b64decode(data)))


def test_subset_has_exactly_the_page_characters():
    font = _embedded_font(webfont.embed_webfont(PAGE))
    cmap = set(font.getBestCmap())
    for ch in "黑龙江省政务新媒体哈尔滨年分0123456789.":
        assert ord(ch) in cmap, ch
    assert ord("吉") not in cmap and ord("林") not in cmap  # not on the page (nor inside the data: URI)
    assert set(range(0x20, 0x7F)) - {0x20} <= cmap  # printable ASCII always
    assert len(cmap) < 150
    assert "CFF " in font and "GSUB" not in font and "GPOS" not in font  # outlines kept, layout tables dropped


def test_subset_is_deterministic_and_small():
    webfont.subset_font.cache_clear()
    a = webfont.embed_webfont(PAGE)
    webfont.subset_font.cache_clear()
    b = webfont.embed_webfont(PAGE)
    assert a == b
    assert len(a) < 60_000  # about 30 glyphs: tens of KB, not the 16 MB font


def test_embed_is_idempotent_and_strip_removes_it():
    once = webfont.embed_webfont(PAGE)
    assert webfont.embed_webfont(once) == once
    assert webfont.strip_webfont(once) == PAGE
    assert f'font-family: "{webfont.WEBFONT_FAMILY}"' in once


def test_font_coverage_of_the_bundled_font():
    cov = webfont.font_unicodes()
    assert len(cov) == 44683  # code points mapped by NotoSansCJKsc-Regular.otf (mplfonts)
    assert {ord(c) for c in "黑龙江政务新媒体ABC123"} <= cov


# -- the PDF's font: prepared here, embedded by WeasyPrint as it is -------------------------------------------------
DOC = ('<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"></head><body>'
       '<article class="chapter" data-title="眉栏专用标题"><h1>第三章</h1><p>黑龙江省网民 11.08亿人</p>'
       '<ol><li>甲</li><li>乙</li></ol><ul><li>丙</li></ul></article></body></html>')
EXTRA_CSS = 'h1::after { content: "\\9644注"; }\n'  # 附注: text only the stylesheet makes


def _render(tmp_path, monkeypatch, html=DOC, css=EXTRA_CSS):
    """DOC as a PDF through the build's PDF path, with every WeasyPrint font subsetter disabled (a call fails)."""
    import weasyprint.pdf.fonts as wfonts

    from heilongjiang_newmedia.reporting import pdf

    def refuse(font, to_unicode, hinting):  # WeasyPrint calls it with no glyphs when it embeds a font whole
        if to_unicode:
            raise AssertionError("WeasyPrint was asked to subset a font: the PDF bytes would depend on the system")

    monkeypatch.setattr(wfonts.Font, "subset", refuse)
    doc = pdf.render_document(html, tmp_path, "test", css)
    return pdf.write_document(doc)


def test_pdf_embeds_the_prepared_subset_unmodified(tmp_path, monkeypatch):
    """The PDF path never hands WeasyPrint a font to subset (its subsetter is HarfBuzz-subset from the system when
    present, fontTools otherwise: different bytes); the embedded file is exactly our subset, which covers the text
    made by CSS too (running header from ``data-title``, ``content:``, list markers, page counter)."""
    import pytest
    from pypdf import PdfReader

    from checkers import checks
    from heilongjiang_newmedia.reporting import pdf
    from heilongjiang_newmedia.reporting.render import print_css_text

    data = _render(tmp_path, monkeypatch)
    (tmp_path / "t.pdf").write_bytes(data)
    fonts = checks.pdf_fonts(tmp_path / "t.pdf")
    assert fonts and checks.pdf_font_problems(tmp_path / "t.pdf") == []
    expected = webfont.pdf_font_subset(pdf.drawn_chars(DOC, print_css_text(), EXTRA_CSS))
    assert all(f.data == expected for f in fonts)
    cmap = TTFont(io.BytesIO(expected)).getBestCmap()
    for ch in "眉栏专用标题附注•123/":
        assert ord(ch) in cmap, ch
    assert "附注" in "".join(p.extract_text() for p in PdfReader(str(tmp_path / "t.pdf")).pages)
    # control: WeasyPrint's own path (no full_fonts) does subset, so the guard above is live
    doc = pdf.render_document(DOC, tmp_path, "test", EXTRA_CSS)
    with pytest.raises(AssertionError, match="subset a font"):
        doc.write_pdf()


def test_pdf_bytes_do_not_depend_on_the_system_subsetter(tmp_path, monkeypatch):
    import weasyprint.pdf.fonts as wfonts

    with_system = _render(tmp_path, monkeypatch)
    monkeypatch.setattr(wfonts, "harfbuzz_subset", None)  # as on a machine without libharfbuzz-subset0
    assert _render(tmp_path, monkeypatch) == with_system


def test_stylesheet_text_without_glyph_is_named(tmp_path, monkeypatch):
    import pytest

    from heilongjiang_newmedia.reporting import pdf

    absent = next(c for c in "\u0e01\u10d0\u0f40\U0001f600" if ord(c) not in pdf.font_coverage())
    with pytest.raises(pdf.MissingGlyphError, match=f"U\\+{ord(absent):04X}"):
        _render(tmp_path, monkeypatch, css=f'h1::after {{ content: "{absent}"; }}')
