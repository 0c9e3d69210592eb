"""Checks of finished reports, usable from tests and by hand: no remote loads in the HTML, the PDF text drawn only in
the embedded, bundled CJK font. Pure Python (pypdf), no system tool.

* :func:`remote_loads` — what a browser would fetch from the network when opening an HTML report: ``<script src>``,
  stylesheet/icon/preload ``<link href>``, ``src``/``srcset``/``poster``/``data`` of media elements, and ``url(...)``
  / ``@import`` in ``<style>`` blocks and ``style`` attributes. Plain ``<a href>`` links are navigation, not loads.
* :func:`pdf_fonts` — every font a PDF's pages use (in page content, form XObjects and annotations): its name,
  whether its file is embedded, and the embedded bytes.
* :func:`pdf_font_problems` — what is wrong with a report PDF's fonts: a font not embedded, a font other than the
  bundled Noto Sans CJK SC (a system fallback such as DejaVu), Chinese text without a CJK font, U+FFFD in the text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["PdfFont", "pdf_font_problems", "pdf_fonts", "remote_loads"]

_REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
_CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""", re.I)
_LOADING_ATTRS = {
    "script": ["src"], "img": ["src", "srcset"], "source": ["src", "srcset"], "video": ["src", "poster"],
    "audio": ["src"], "iframe": ["src"], "embed": ["src"], "object": ["data"], "input": ["src"], "link": ["href"],
}
_LINK_LOADS = ("stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest")
BUNDLED_FONT = "Noto-Sans-CJK-SC"  # the name WeasyPrint gives the embedded font, after the subset tag "ABCDEF+"


class _Finder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hits: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        rel = attrs.get("rel") or ""
        for name in _LOADING_ATTRS.get(tag, []):
            if tag == "link" and not any(k in rel for k in _LINK_LOADS):
                continue
            for part in (attrs.get(name) or "").split(","):
                url = part.strip().split(" ")[0] if part.strip() else ""
                if _REMOTE.match(url):
                    self.hits.append(f"<{tag} {name}={part.strip()[:120]!r}>")
        self._css(attrs.get("style") or "", f"<{tag} style>")
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self._css(data, "<style>")

    def _css(self, text: str, where: str) -> None:
        for m in _CSS_URL.finditer(text):
            url = m.group(1) or m.group(2) or ""
            if _REMOTE.match(url):
                self.hits.append(f"{where} url({url[:120]!r})")


def remote_loads(html_text: str) -> list[str]:
    """The network loads a browser would make opening ``html_text`` (empty for an offline report)."""
    finder = _Finder()
    finder.feed(html_text)
    return finder.hits


@dataclass(frozen=True)
class PdfFont:
    name: str  # BaseFont without the subset tag, e.g. "Noto-Sans-CJK-SC-Bundled-Bold"
    embedded: bool
    data: bytes  # the embedded font file (empty when not embedded)


def _font_file(font) -> tuple[bool, bytes]:
    desc = font.get("/FontDescriptor")
    if desc is None and "/DescendantFonts" in font:
        desc = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
    if desc is None:
        return False, b""
    desc = desc.get_object()
    for key in ("/FontFile", "/FontFile2", "/FontFile3"):
        if key in desc:
            return True, desc[key].get_object().get_data()
    return False, b""


def pdf_fonts(path: Path) -> list[PdfFont]:
    """The fonts of every resource dictionary of ``path`` (pages, nested form XObjects, annotation appearances),
    one entry per font object."""
    from pypdf import PdfReader

    reader = PdfReader(str(path))
    seen: dict[int | tuple, PdfFont] = {}

    def resources(res, depth=0):
        if res is None or depth > 8:
            return
        res = res.get_object()
        for ref in (res.get("/Font") or {}).values():
            key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(ref)
            if key in seen:
                continue
            font = ref.get_object()
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            embedded, data = _font_file(font)
            seen[key] = PdfFont(name.split("+", 1)[-1], embedded, data)
        for ref in (res.get("/XObject") or {}).values():
            xobj = ref.get_object()
            if xobj.get("/Subtype") == "/Form":
                resources(xobj.get("/Resources"), depth + 1)

    for page in reader.pages:
        resources(page.get("/Resources"))
        for annot in page.get("/Annots") or []:
            ap = annot.get_object().get("/AP")
            normal = ap.get_object().get("/N") if ap is not None else None
            if normal is not None and hasattr(normal.get_object(), "get"):
                resources(normal.get_object().get("/Resources"))
    return list(seen.values())


def pdf_font_problems(path: Path) -> list[str]:
    """Why ``path`` is not a report PDF drawn only in the embedded bundled font (empty when it is)."""
    from pypdf import PdfReader

    problems = []
    fonts = pdf_fonts(path)
    if not fonts:
        problems.append("no fonts at all")
    for f in fonts:
        if not f.embedded:
            problems.append(f"font {f.name} is not embedded")
        if not f.name.startswith(BUNDLED_FONT):
            problems.append(f"font {f.name} is not the bundled {BUNDLED_FONT} (a system font fallback)")
    text = "".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    if "\ufffd" in text:
        problems.append(f"{text.count(chr(0xFFFD))} replacement character(s) U+FFFD in the text")
    if any("\u4e00" <= c <= "\u9fff" for c in text) and not any("CJK" in f.name for f in fonts):
        problems.append("Chinese text but no CJK font")
    return problems
