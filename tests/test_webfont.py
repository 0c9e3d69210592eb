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
