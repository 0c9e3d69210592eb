"""HTML -> PDF with WeasyPrint: A4, running header, page numbers, embedded Noto Sans CJK SC.

* The font is subset here, per document, with HarfBuzz from the pinned ``uharfbuzz`` wheel, to every character the
  document can draw (its text, attribute values used by CSS such as the running header, the strings of its
  stylesheets, digits for counters, list markers), and WeasyPrint embeds that file unmodified (``full_fonts``). So the
  PDF bytes do not depend on whether the system has ``libharfbuzz-subset`` (WeasyPrint's own subsetter, with a slow
  fontTools fallback), and no page needs a second pass. After layout, every drawn character is checked to be in the
  subset and every font used to be the bundled one (:class:`FontFallbackError` otherwise).
* ``url_fetcher`` serves only ``data:`` URIs and files inside the package, the build directory and the bundled font;
  everything else (network, other files) is refused.
* Every character of the text must have a glyph in the fonts used; otherwise :class:`MissingGlyphError` names them.
* PDF dates come from ``<meta name="dcterms.created">`` (the data vintage), so two builds are byte-identical.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

from heilongjiang_newmedia.loading.paths import PACKAGE_DIR, cjk_font_path
from heilongjiang_newmedia.reporting.layoutcheck import fit_tables
from heilongjiang_newmedia.reporting.render import print_css_text

FONT_FAMILY = "Noto Sans CJK SC"
# The family name the per-document subset is registered under: one no system font has, so fontconfig can never pick
# an installed copy of Noto Sans CJK instead of the subset.
PDF_FONT_FAMILY = "Noto Sans CJK SC Bundled"
# Characters CSS can draw that need not occur in the text: list markers, hyphenation, leaders, ellipsis, quotes,
# CJK counters.
_CSS_EXTRA = frozenset(map(ord, "\u00a0\u2010\u2011\u2013\u2014\u2022\u2026\u25e6\u25aa\u00b7\u3000"
                                "\u201c\u201d\u2018\u2019"
                                "〇一二三四五六七八九十百千万")) | frozenset(range(0x20, 0x7F))
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', re.S)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.I | re.S)


class MissingGlyphError(ValueError):
    """Text holds characters that no embedded font can draw."""


class FontFallbackError(RuntimeError):
    """WeasyPrint drew text in a font other than the bundled one (the PDF would depend on the system's fonts)."""


class FetchRefused(ValueError):
    """The PDF renderer asked for a resource outside the allowed directories."""


@lru_cache(maxsize=1)
def font_coverage() -> frozenset[int]:
    """Code points with a glyph in the embedded font(s)."""
    from heilongjiang_newmedia.reporting.webfont import font_unicodes

    return font_unicodes()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._skip = [], 0
        self.attrs: list[str] = []  # every other attribute value (CSS may show it with attr())

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "head"):
            self._skip += 1
        for name, value in attrs:
            if name in ("data-title", "alt") and value:
                self.parts.append(value)
            elif value and not value.startswith("data:"):
                self.attrs.append(value)

    def handle_endtag(self, tag):
        if tag in ("style", "script", "head") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def check_glyphs(html_text: str, label: str) -> None:
    parser = _Text()
    parser.feed(html_text)
    text = "".join(parser.parts)
    covered = font_coverage()
    missing = sorted({ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] != "C"
                      and ord(ch) not in covered})
    if missing:
        shown = ", ".join(f"{ch!r} U+{ord(ch):04X} {unicodedata.name(ch, '?')}" for ch in missing[:20])
        more = f" and {len(missing) - 20} more" if len(missing) > 20 else ""
        raise MissingGlyphError(f"{label}: {len(missing)} character(s) have no glyph in {FONT_FAMILY}: {shown}{more}")


def make_fetcher(*allowed_dirs: Path):
    """A WeasyPrint URL fetcher serving only ``data:`` URIs, files of the package, ``allowed_dirs`` and the font, and
    the font subsets of :func:`font_face_css`.

    Anything else raises :class:`FetchRefused` (WeasyPrint then skips the resource); refused URLs are listed in
    ``fetcher.refused``."""
    from weasyprint.urls import URLFetcher

    roots = [Path(d).resolve() for d in (PACKAGE_DIR, *allowed_dirs)]
    font = cjk_font_path().resolve()

    class RestrictedFetcher(URLFetcher):
        refused: list[str]

        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith(SUBSET_SCHEME) and url in _SUBSETS:  # the font subset of a document (font_face_css)
                from weasyprint.urls import URLFetcherResponse

                return URLFetcherResponse(url, _SUBSETS[url], {"Content-Type": "font/otf"})
            parsed = urlparse(url)
            if parsed.scheme == "file" and not parsed.query:
                path = Path(unquote(parsed.path)).resolve()
                if path == font or any(path.is_relative_to(r) for r in roots):
                    return super().fetch(url, headers)
            self.refused.append(url)
            raise FetchRefused(f"refused to load {url[:200]!r}: reports may only use files of the package and "
                               f"build directory")

    fetcher = RestrictedFetcher(allowed_protocols={"file", "data"}, allow_redirects=False)
    fetcher.refused = []
    return fetcher


def css_strings(css: str) -> str:
    """The characters of the string literals of a stylesheet (``content:`` text, counter separators, quotes), with
    CSS escapes (``"\\201C"``) resolved."""
    raw = "".join(a or b for a, b in _CSS_STRING.findall(css))
    return _CSS_ESCAPE.sub(lambda m: chr(min(int(m.group(1), 16), 0x10FFFF)), raw)


def drawn_chars(html_text: str, *stylesheets: str) -> frozenset[int]:
    """Every code point WeasyPrint may draw for ``html_text`` laid out with its own ``<style>`` blocks and
    ``stylesheets``, as far as the bundled font has it: text, attribute values, CSS strings, case variants,
    ASCII (counters, page numbers) and :data:`_CSS_EXTRA`. A superset; :func:`render_document` checks after layout."""
    parser = _Text()
    parser.feed(html_text)
    css = "".join(css_strings(s) for s in (*_STYLE_BLOCK.findall(html_text), *stylesheets))
    text = "".join(parser.parts) + "".join(parser.attrs) + css
    text += text.upper() + text.lower()
    return frozenset({ord(c) for c in text} | _CSS_EXTRA) & font_coverage()


#: the font subsets of this process's documents, by the name their ``@font-face`` gives them (:func:`font_face_css`)
_SUBSETS: dict[str, bytes] = {}
SUBSET_SCHEME = "hlj-font:"


def font_face_css(chars: frozenset[int]) -> str:
    """``@font-face`` of the bundled font subset to ``chars``, set on every element, pseudo-element and page-margin
    box so that no system font is ever chosen. The subset is kept in memory and served to WeasyPrint by the
    fetcher (:func:`make_fetcher`) under a ``hlj-font:`` name: no file is written, and the stylesheet stays a few
    lines (as a ``data:`` URI, its 140 KB took WeasyPrint's CSS parser 0.06-0.09 s for every document)."""
    import hashlib

    from heilongjiang_newmedia.reporting.webfont import pdf_font_subset

    data = pdf_font_subset(chars)
    name = f"{SUBSET_SCHEME}{hashlib.sha256(data).hexdigest()[:24]}.otf"
    if name not in _SUBSETS:
        while len(_SUBSETS) >= 8:  # a render worker lays out a few documents at a time
            _SUBSETS.pop(next(iter(_SUBSETS)))
        _SUBSETS[name] = data
    fam = f"'{PDF_FONT_FAMILY}'"
    return (f"@font-face {{ font-family: {fam}; src: url({name}); }}\n"
            f"@page {{ font-family: {fam}; }}\n"
            f"*, *::before, *::after, *::marker {{ font-family: {fam} !important; }}\n")


def laid_out_chars(document) -> frozenset[int]:
    """Code points of every text box of a laid-out WeasyPrint ``document`` (pages, margin boxes, markers)."""
    from weasyprint.formatting_structure.boxes import TextBox

    seen: set[int] = set()
    for page in document.pages:
        for box in page._page_box.descendants(placeholders=True):
            if isinstance(box, TextBox):
                seen.update(map(ord, box.text))
    return frozenset(seen)


@lru_cache(maxsize=1)
def print_stylesheet():
    """The print stylesheet, parsed once per process (it has no ``@font-face``, so it is independent of the
    per-document font configuration)."""
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    return CSS(string=print_css_text(), font_config=FontConfiguration(), url_fetcher=make_fetcher())


_FONTS_MADE = threading.local()  # .made: the font configurations of documents laid out inside font_folders()


def _font_configuration():
    """A new WeasyPrint font configuration, recorded for :func:`font_folders` when inside it."""
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    made = getattr(_FONTS_MADE, "made", None)
    if made is not None:
        made.append(fonts)
    return fonts


@contextmanager
def font_folders() -> Iterator[None]:
    """Remove, on leaving, the temporary folder (``weasyprint-*`` under the system's temporary directory) in which
    WeasyPrint keeps the font subset of each document laid out inside. WeasyPrint removes that folder only when the
    font configuration is garbage-collected, which a render worker leaving through ``os._exit`` never lets happen:
    every build left six such folders behind. Documents laid out inside must be written inside."""
    outer = getattr(_FONTS_MADE, "made", None)
    _FONTS_MADE.made = made = []
    try:
        yield
    finally:
        _FONTS_MADE.made = outer
        for fonts in made:
            fonts.__del__()  # WeasyPrint's only way to remove the folder; a second call (when collected) is a no-op


def render_document(html_text: str, base_dir: Path, label: str, extra_css: str = "", fetcher=None):
    """Glyph check, then lay out ``html_text`` with the print stylesheet, ``extra_css`` and the bundled font subset
    to the document's characters. Returns the WeasyPrint ``Document``; write it with :func:`write_document`."""
    from weasyprint import CSS, HTML

    from heilongjiang_newmedia.reporting.webfont import strip_webfont

    html_text = strip_webfont(html_text)  # the PDF embeds the font itself
    check_glyphs(html_text, label)
    fetcher = fetcher or make_fetcher(base_dir)
    chars = drawn_chars(html_text, print_css_text(), extra_css)
    for _ in range(2):
        fonts = _font_configuration()
        sheets = [print_stylesheet()]
        if extra_css:
            sheets.append(CSS(string=extra_css, font_config=fonts, url_fetcher=fetcher))
        sheets.append(CSS(string=font_face_css(chars), font_config=fonts, url_fetcher=fetcher))
        doc = HTML(string=html_text, base_url=str(Path(base_dir).resolve()) + "/", url_fetcher=fetcher).render(
            stylesheets=sheets, font_config=fonts)
        drawn = {c for c in laid_out_chars(doc) if not chr(c).isspace() or c in (0x20, 0xA0, 0x3000)}
        uncovered = sorted(c for c in drawn - font_coverage() if unicodedata.category(chr(c))[0] not in "CZ")
        if uncovered:  # text made by CSS (content:, counters) that the bundled font cannot draw
            shown = ", ".join(f"{chr(c)!r} U+{c:04X} {unicodedata.name(chr(c), '?')}" for c in uncovered[:20])
            raise MissingGlyphError(f"{label}: {len(uncovered)} character(s) made by the stylesheet have no glyph in "
                                    f"{FONT_FAMILY}: {shown}")
        missing = (drawn & font_coverage()) - chars
        if not missing:
            break
        chars = chars | missing  # text made by CSS that drawn_chars did not foresee: lay out once more
    doc._hlj_fonts = fonts  # keep the font configuration (and its files) alive until the PDF is written
    doc._hlj_label = label
    return doc


def write_document(document, target=None):
    """Write a document of :func:`render_document` with its font embedded as prepared (no subsetting by
    WeasyPrint); returns the bytes when ``target`` is None. Raises :class:`FontFallbackError` when any text was
    drawn in another font."""
    data = document.write_pdf(target if target is None else str(target), full_fonts=True)
    families = sorted({font.family for font in document.fonts.values()} - {PDF_FONT_FAMILY})
    if families:
        raise FontFallbackError(f"{getattr(document, '_hlj_label', 'PDF')}: text was drawn in system font(s) "
                                f"{', '.join(families)} instead of the bundled {FONT_FAMILY}")
    return data


def write_pdf(html_text: str, target: Path, base_dir: Path, label: str) -> None:
    """Render ``html_text`` to ``target``; only files under ``base_dir`` (and the package, the font) may be read."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with font_folders():  # tables that fit the page, or an error naming the exhibit
        doc = fit_tables(lambda text, lab, css="": render_document(text, base_dir, lab, css), html_text, label)
        write_document(doc, target)
