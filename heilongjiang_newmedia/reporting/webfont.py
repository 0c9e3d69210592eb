"""Embed the bundled CJK font in an HTML report, subset to the characters the page uses.

A supervisor may open the HTML on a machine without any Chinese system font: the page must still show Chinese.
The report therefore carries its own font — Noto Sans CJK SC (SIL OFL 1.1, shipped by the pip package
``mplfonts``) — as an ``@font-face`` with a ``data:`` URI, subset with HarfBuzz (``uharfbuzz``) to the characters
that occur in the page (typically 100–300 KB instead of 16 MB). Nothing is loaded from the network. The subset
is deterministic (HarfBuzz keeps the font's own timestamps), so two builds give byte-identical HTML.
"""
from __future__ import annotations

import base64
import html as htmlmod
import re
from functools import lru_cache

from heilongjiang_newmedia.loading.paths import cjk_font_path

__all__ = ["WEBFONT_FAMILY", "embed_webfont", "font_unicodes", "pdf_font_subset", "strip_webfont", "subset_font"]

WEBFONT_FAMILY = "HLJ Noto Sans CJK SC"
_BEGIN, _END = "<!--hlj-webfont-->", "<!--/hlj-webfont-->"
_DATA_URI = re.compile(r"data:[^\"')\s]+")
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(re.escape(_BEGIN) + r".*?" + re.escape(_END), re.S)


def _page_chars(page: str) -> frozenset[int]:
    """Code points of the page's text (tags and data: URIs removed), plus printable ASCII."""
    text = htmlmod.unescape(_TAG.sub(" ", _DATA_URI.sub("", page)))
    return frozenset({ord(c) for c in text if not c.isspace()} | set(range(0x20, 0x7F)))


# Tables horizontal Simplified Chinese and Latin do not need on a web page: OpenType layout (GSUB/GPOS/GDEF) and
# baselines. Dropping them halves the subset.
_DROP_TABLES = ("GSUB", "GPOS", "GDEF", "BASE")


@lru_cache(maxsize=1)
def font_face():
    """The bundled CJK font as a HarfBuzz face (memory-mapped, parsed lazily; loaded once per process)."""
    import uharfbuzz as hb

    return hb.Face(hb.Blob.from_file_path(str(cjk_font_path())))


def font_unicodes() -> frozenset[int]:
    """Code points the bundled CJK font has a glyph for."""
    return frozenset(font_face().unicodes)


@lru_cache(maxsize=16)
def subset_font(chars: frozenset[int]) -> bytes:
    """The bundled CJK font subset to ``chars`` (OpenType/CFF bytes with a .notdef outline; deterministic).

    HarfBuzz's subsetter (``uharfbuzz``) takes milliseconds where fontTools takes about a second per page on the
    16 MB font."""
    import uharfbuzz as hb

    inp = hb.SubsetInput()
    for cp in sorted(chars):
        inp.unicode_set.add(cp)
    for tag in _DROP_TABLES:
        inp.drop_table_tag_set.add(int.from_bytes(tag.encode("ascii"), "big"))
    inp.flags = hb.SubsetFlags.NOTDEF_OUTLINE
    face = hb.subset(font_face(), inp)
    if face is None:
        raise RuntimeError(f"HarfBuzz could not subset {cjk_font_path()}")
    return bytes(face.blob.data)


@lru_cache(maxsize=8)
def pdf_font_subset(chars: frozenset[int]) -> bytes:
    """The bundled CJK font subset to ``chars`` for a PDF, which embeds it as it is (deterministic: the HarfBuzz of
    the pinned ``uharfbuzz`` wheel, never the system's). Unlike the web subset it keeps GPOS/GDEF (Latin kerning,
    as laid out before) and the hinting-free CFF; GSUB is dropped (no substitution applies to horizontal Simplified
    Chinese and Latin, and its closure would pull in the Japanese/Korean/Traditional variant glyphs)."""
    import uharfbuzz as hb

    inp = hb.SubsetInput()
    for cp in sorted(chars):
        inp.unicode_set.add(cp)
    for tag in ("GSUB", "BASE", "DSIG"):
        inp.drop_table_tag_set.add(int.from_bytes(tag.encode("ascii"), "big"))
    inp.flags = hb.SubsetFlags.NOTDEF_OUTLINE | hb.SubsetFlags.NO_HINTING
    face = hb.subset(font_face(), inp)
    if face is None:
        raise RuntimeError(f"HarfBuzz could not subset {cjk_font_path()}")
    return bytes(face.blob.data)


def embed_webfont(page: str) -> str:
    """``page`` with an inline ``@font-face`` (data URI) for the characters it uses, placed first in ``body``'s
    font stack. Idempotent: an existing embedded font block is replaced."""
    page = strip_webfont(page)
    data = base64.b64encode(subset_font(_page_chars(page))).decode("ascii")
    block = (f'{_BEGIN}<style>@font-face {{ font-family: "{WEBFONT_FAMILY}"; '
             f'src: url(data:font/otf;base64,{data}) format("opentype"); }}\n'
             f'body, pre, code, table {{ font-family: "{WEBFONT_FAMILY}", "Noto Sans CJK SC", sans-serif; }}'
             f'</style>{_END}')
    if "</head>" not in page:
        raise ValueError("not an HTML page: no </head> to put the embedded font in")
    return page.replace("</head>", block + "</head>", 1)


def strip_webfont(page: str) -> str:
    """``page`` without the embedded font block (the PDF renderer embeds the font itself)."""
    return _BLOCK.sub("", page)
