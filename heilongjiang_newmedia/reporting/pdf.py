"""HTML -> PDF with WeasyPrint: A4, running header, page numbers, embedded Noto Sans CJK SC.

* ``url_fetcher`` serves only ``data:`` URIs and files inside the package, the build directory and the bundled font;
  everything else (network, other files) is refused.
* Every character of the text must have a glyph in the fonts used; otherwise :class:`MissingGlyphError` names them.
* PDF dates come from ``<meta name="dcterms.created">`` (the data vintage), so two builds are byte-identical.
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

from heilongjiang_newmedia.loading.paths import PACKAGE_DIR, cjk_font_path
from heilongjiang_newmedia.reporting.layoutcheck import fit_tables
from heilongjiang_newmedia.reporting.render import print_css_text

FONT_FAMILY = "Noto Sans CJK SC"


class MissingGlyphError(ValueError):
    """Text holds characters that no embedded font can draw."""


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

    def handle_starttag(self, tag, attrs):
        if tag in ("style", "script", "head"):
            self._skip += 1
        for name, value in attrs:
            if name in ("data-title", "alt") and value:
                self.parts.append(value)

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
    """A WeasyPrint URL fetcher serving only ``data:`` URIs and files of the package, ``allowed_dirs`` and the font.

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


def font_face_css() -> str:
    return (f"@font-face {{ font-family: '{FONT_FAMILY}'; src: url('{cjk_font_path().as_uri()}'); }}\n"
            f"body, pre, code {{ font-family: '{FONT_FAMILY}'; }}\n")


def write_pdf(html_text: str, target: Path, base_dir: Path, label: str) -> None:
    """Render ``html_text`` to ``target``; only files under ``base_dir`` (and the package, the font) may be read."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from heilongjiang_newmedia.reporting.webfont import strip_webfont

    html_text = strip_webfont(html_text)  # the PDF embeds the font itself
    check_glyphs(html_text, label)
    fetcher = make_fetcher(base_dir)
    fonts = FontConfiguration()
    css = CSS(string=print_css_text() + "\n" + font_face_css(), font_config=fonts, url_fetcher=fetcher)
    def render(text: str, _label: str):
        return HTML(string=text, base_url=str(base_dir.resolve()) + "/", url_fetcher=fetcher).render(
            stylesheets=[css], font_config=fonts)

    doc = fit_tables(render, html_text, label)  # tables that fit the page, or an error naming the exhibit
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.write_pdf(str(target))
