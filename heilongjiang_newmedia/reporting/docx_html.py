"""HTML of the reports -> WordprocessingML paragraphs and tables (the body of a ``.docx``), for python-docx.

:class:`BodyWriter` walks an HTML fragment (parsed with lxml) and emits Word XML as text, which is fast and keeps
every id deterministic: headings -> Word's ``heading 1``-``heading 4`` (cover: ``Title``), an exhibit's
``figcaption`` -> ``caption`` (kept with the table or figure it names), its source notes -> ``Source Note``, tables ->
real Word tables (three-line rules, the header rows repeated on every page, spans kept), ``data:`` PNG figures ->
pictures at their print size (pixels at the figure's dpi, at most the text width), lists -> Word numbering (every
ordered list starting at 1), links -> hyperlinks (``#id`` links to bookmarks). What the print stylesheet hides
(``.screen-only``, a chapter's own contents, scripts) is left out, as in ``book.pdf``. Images and hyperlinks are
added to the python-docx document part given.
"""
from __future__ import annotations

import base64
import io
import re
from typing import Any

from lxml import html as lhtml

from heilongjiang_newmedia.reporting import docx_styles as S
from heilongjiang_newmedia.reporting.docx_table import BLOCK, TableMixin

WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
NSDECL = f'xmlns:w="{S.W_NS}" xmlns:r="{S.R_NS}" xmlns:wp="{WP_NS}" xmlns:a="{A_NS}" xmlns:pic="{PIC_NS}"'
EMU_PER_TWIP = 635


SKIP = frozenset("script style head title template noscript button input".split())
_WS = re.compile(r"[ \t\r\n\f]+")

#: class of an HTML element -> paragraph style for its text (first match wins, element's own classes first)
CLASS_STYLES = {"source-note": "SourceNote", "exhibit-caption": "Caption", "subtitle": "Subtitle",
                "muted": "Muted", "toc-title": "Muted"}


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _classes(el) -> set[str]:
    return set((el.get("class") or "").split())


class BodyWriter(TableMixin):
    """Converts HTML fragments into Word body XML (appended to :attr:`chunks`).

    ``part``: the python-docx document part (images and hyperlinks are related to it); ``targets``: the HTML ids
    that links point at (each becomes a bookmark, named in document order); ``header``/``footer``: relationship ids
    for the sections a landscape table opens and closes."""

    def __init__(self, part, lang: str, targets: dict[str, str], header: str | None = None,
                 footer: str | None = None):
        self.part, self.lang, self.targets = part, lang, targets
        self.header, self.footer = header, footer
        self.chunks: list[str] = []
        self.ordered_lists = 0
        self.sections = 0  # section breaks emitted so far (the first one closes the cover's section)
        self._pending: list[str] = []  # bookmarks waiting for the next paragraph
        self._bookmark_id = 0
        self._shape_id = 0

    # -- entry points ----------------------------------------------------------------------------------------------
    def convert(self, fragment: str, context: str = "body") -> None:
        """Append the Word XML of an HTML fragment. ``context``: ``body`` (chapters, summary, appendix) or
        ``cover`` (headings become the title, paragraphs centred cover text)."""
        if not fragment.strip():
            return
        root = lhtml.fragment_fromstring(fragment, create_parent="div")
        self._blocks(root, {"context": context, "style": "BodyText" if context == "body" else "CoverText"})

    def paragraph(self, text: str, style: str, runs: str | None = None) -> None:
        """Append one paragraph of plain ``text`` (or the run XML ``runs``) in ``style``."""
        self.chunks.append(self._para(style, runs if runs is not None else self._run(text, frozenset())))

    def section_break(self, landscape: bool) -> None:
        """End the current section here; the next one is portrait unless the one ending is (``landscape`` = the
        orientation of the section that ends)."""
        first = self.sections == 0
        self.sections += 1
        sect = S.section_xml(self.header, self.footer, landscape=landscape, title_page=first)
        self.chunks.append(f"<w:p><w:pPr>{sect}</w:pPr></w:p>")

    # -- blocks ----------------------------------------------------------------------------------------------------
    def _skipped(self, el) -> bool:
        cls = _classes(el)
        return (not isinstance(el.tag, str) or el.tag in SKIP or "screen-only" in cls or "anchor-link" in cls
                or (el.tag == "nav" and "toc" in cls))

    def _bookmark(self, el) -> None:
        hid = el.get("id")
        if hid and hid in self.targets:
            self._pending.append(self.targets[hid])

    def _blocks(self, el, ctx: dict[str, Any]) -> None:
        """Block content of ``el``: runs of inline content become paragraphs in ``ctx['style']``."""
        inline: list[tuple] = []
        if el.text:
            inline.append((el.text, frozenset(), None))
        for child in el:
            if self._skipped(child):
                if child.tail:
                    inline.append((child.tail, frozenset(), None))
                continue
            if child.tag in BLOCK:
                self._flush(inline, ctx)
                inline = []
                self._block(child, ctx)
            else:
                self._bookmark(child)
                inline.extend(self._inline(child, frozenset(), None))
            if child.tail:
                inline.append((child.tail, frozenset(), None))
        self._flush(inline, ctx)

    def _flush(self, pieces: list[tuple], ctx: dict[str, Any], ppr: str = "") -> None:
        runs = self._runs(pieces)
        if runs:
            self.chunks.append(self._para(ctx["style"], runs, ppr))

    def _style_for(self, el, ctx: dict[str, Any]) -> str:
        for c in _classes(el):
            if c in CLASS_STYLES:
                return CLASS_STYLES[c]
        return ctx["style"]

    def _block(self, el, ctx: dict[str, Any]) -> None:
        tag = el.tag
        self._bookmark(el)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            level = min(int(tag[1]), 4)
            if ctx["context"] == "cover":
                style = "Title" if level == 1 else "CoverText"
                pieces = self._inline_children(el, frozenset({"b"}) if level > 1 else frozenset())
            else:
                style, pieces = f"Heading{level}", self._inline_children(el, frozenset())
            self._flush(pieces, {**ctx, "style": style})
        elif tag == "figure":
            cls = _classes(el)
            landscape = "exhibit-landscape" in cls and ctx["context"] == "body" and "in_table" not in ctx
            if landscape:
                self.section_break(landscape=False)
            small = bool(cls & {"exhibit-wide", "exhibit-landscape"})
            self._blocks(el, {**ctx, "small_table": small, "landscape": landscape})
            if landscape:
                self.section_break(landscape=True)
        elif tag == "figcaption":
            self._flush(self._inline_children(el, frozenset()), {**ctx, "style": "Caption"})
        elif tag in ("ul", "ol"):
            self._list(el, ctx, level=0)
        elif tag == "table":
            self._table(el, ctx)
        elif tag == "img":
            self._image_paragraph(el, ctx)
        elif tag == "pre":
            text = el.text_content().rstrip("\n")
            runs = "<w:r><w:br/></w:r>".join(self._run(line, frozenset(), raw=True) for line in text.split("\n"))
            self.chunks.append(self._para("Code", runs))
        elif tag == "blockquote":
            self._blocks(el, {**ctx, "style": "Quote"})
        elif tag == "hr":
            return
        elif tag == "p" or tag in ("dt", "dd", "summary"):
            self._flush(self._inline_children(el, frozenset()), {**ctx, "style": self._style_for(el, ctx)})
        else:  # div, section, article, details, ...: containers
            self._blocks(el, {**ctx, "style": self._style_for(el, ctx)})

    def _list(self, el, ctx: dict[str, Any], level: int) -> None:
        if el.tag == "ol":
            self.ordered_lists += 1
            num, style = self.ordered_lists + 1, "ListNumber"
        else:
            num, style = 1, "ListBullet"
        for li in el:
            if self._skipped(li) or li.tag != "li":
                continue
            self._bookmark(li)
            first = True
            inline: list[tuple] = []
            items = ([(li.text, None)] if li.text else []) + [(None, c) for c in li]
            for text, child in items:
                if child is None:
                    inline.append((text, frozenset(), None))
                    continue
                if self._skipped(child):
                    pass
                elif child.tag in ("ul", "ol"):
                    first = self._list_para(inline, ctx, style, num, level, first)
                    inline = []
                    self._list(child, ctx, level + 1)
                elif child.tag in BLOCK:
                    first = self._list_para(inline, ctx, style, num, level, first)
                    inline = []
                    if child.tag in ("p", "div"):
                        first = self._list_para(self._inline_children(child, frozenset()), ctx, style, num, level,
                                                first)
                    else:
                        self._block(child, {**ctx, "style": "ListContinue"})
                else:
                    inline.extend(self._inline(child, frozenset(), None))
                if child is not None and child.tail:
                    inline.append((child.tail, frozenset(), None))
            self._list_para(inline, ctx, style, num, level, first)

    def _list_para(self, pieces, ctx, style: str, num: int, level: int, first: bool) -> bool:
        runs = self._runs(pieces)
        if not runs:
            return first
        if first:
            ppr = f'<w:numPr><w:ilvl w:val="{min(level, 3)}"/><w:numId w:val="{num}"/></w:numPr>'
            self.chunks.append(self._para(style, runs, ppr))
        else:
            indent = round(7.4 * S.TWIPS_PER_MM) * (level + 1)
            self.chunks.append(self._para("ListContinue", runs, f'<w:ind w:left="{indent}"/>'))
        return False

    # -- figures ---------------------------------------------------------------------------------------------------
    def _picture(self, el, max_twips: int) -> str:
        src = el.get("src") or ""
        m = re.match(r"data:image/(png|jpeg|gif);base64,(.*)$", src, re.S)
        if not m:
            return ""
        data = base64.b64decode(m.group(2))
        rid, image = self.part.get_or_add_image(io.BytesIO(data))
        dpi = image.horz_dpi if image.horz_dpi and image.horz_dpi >= 96 else 150
        cx = round(image.px_width / dpi * 914400)
        cy = round(image.px_height / dpi * 914400)
        limit = max_twips * EMU_PER_TWIP
        if cx > limit:
            cx, cy = limit, round(cy * limit / cx)
        self._shape_id += 1
        n = self._shape_id
        alt = esc(el.get("alt") or "").replace('"', "&quot;")
        return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{cx}" cy="{cy}"/>'
                f'<wp:docPr id="{n}" name="Picture {n}" descr="{alt}"/><wp:cNvGraphicFramePr>'
                '<a:graphicFrameLocks noChangeAspect="1"/></wp:cNvGraphicFramePr><a:graphic>'
                f'<a:graphicData uri="{PIC_NS}"><pic:pic><pic:nvPicPr><pic:cNvPr id="{n}" name="figure{n}.png"/>'
                f'<pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/>'
                f'</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
                '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData>'
                "</a:graphic></wp:inline></w:drawing></w:r>")

    def _image_paragraph(self, el, ctx: dict[str, Any]) -> None:
        run = self._picture(el, S.text_width_twips(ctx.get("landscape", False)))
        if run:
            self.chunks.append(self._para("Figure", run))

    # -- inline ----------------------------------------------------------------------------------------------------
    def _inline_children(self, el, fmt: frozenset) -> list[tuple]:
        pieces = [(el.text, fmt, None)] if el.text else []
        for child in el:
            if not self._skipped(child):
                self._bookmark(child)
                pieces.extend(self._inline(child, fmt, None))
            if child.tail:
                pieces.append((child.tail, fmt, None))
        return pieces

    def _inline(self, el, fmt: frozenset, link: str | None) -> list[tuple]:
        """``(text, format, link)`` pieces of an inline element (``text`` None + ``link`` = a ready run)."""
        tag = el.tag
        if tag == "br":
            return [("\n", fmt, link)]
        if tag == "img":
            return [(None, fmt, ("run", self._picture(el, S.text_width_twips())))]
        add = {"strong": "b", "b": "b", "em": "i", "i": "i", "sup": "sup", "sub": "sub", "code": "code",
               "del": "del", "s": "del", "ins": "ins", "u": "u", "mark": "ins"}.get(tag)
        cls = _classes(el)
        if "diff-del" in cls:
            add = "del"
        elif "diff-ins" in cls:
            add = "ins"
        if add:
            fmt = fmt | {add}
        if tag == "a":
            href = el.get("href") or ""
            if href.startswith("#") and href[1:] in self.targets:
                link = f'w:anchor="{self.targets[href[1:]]}"'
            elif re.match(r"^(https?|mailto):", href):
                rid = self.part.relate_to(href, "http://schemas.openxmlformats.org/officeDocument/2006/"
                                                "relationships/hyperlink", is_external=True)
                link = f'r:id="{rid}"'
        pieces = [(el.text, fmt, link)] if el.text else []
        for child in el:
            if not self._skipped(child):
                pieces.extend(self._inline(child, fmt, link))
            if child.tail:
                pieces.append((child.tail, fmt, link))
        return pieces

    def _runs(self, pieces: list[tuple]) -> str:
        """Run XML of inline pieces: white space collapsed as a browser does, hyperlinks grouped."""
        norm: list[tuple] = []
        last_space = True
        for text, fmt, link in pieces:
            if text is None:
                norm.append((None, fmt, link))
                last_space = False
                continue
            if text == "\n":
                norm.append(("\n", fmt, link))
                last_space = True
                continue
            t = _WS.sub(" ", text)
            if last_space:
                t = t.lstrip(" ")
            if not t:
                continue
            last_space = t.endswith(" ")
            norm.append((t, fmt, link))
        while norm and norm[0][0] == "\n":  # line breaks at either end of a paragraph: nothing to show
            norm.pop(0)
        while norm and norm[-1][0] == "\n":
            norm.pop()
        while norm and norm[-1][0] not in (None, "\n") and norm[-1][0].endswith(" "):
            t, fmt, link = norm.pop()
            if t.rstrip(" "):
                norm.append((t.rstrip(" "), fmt, link))
                break
        out, group, group_link = [], [], None
        for text, fmt, link in norm:
            if text is None:
                run = link[1]
                link = None
            elif text == "\n":
                run = "<w:r><w:br/></w:r>"
            else:
                run = self._run(text, fmt | ({"link"} if link else set()))
            if link != group_link:
                if group:
                    out.append(self._hyperlink(group_link, group))
                group, group_link = [], link
            group.append(run)
        if group:
            out.append(self._hyperlink(group_link, group))
        return "".join(out)

    @staticmethod
    def _hyperlink(link: str | None, runs: list[str]) -> str:
        return f"<w:hyperlink {link}>{''.join(runs)}</w:hyperlink>" if link else "".join(runs)

    @staticmethod
    def _run(text: str, fmt: frozenset, raw: bool = False) -> str:
        rpr = []
        if "link" in fmt:
            rpr.append('<w:rStyle w:val="Hyperlink"/>')
        elif "del" in fmt:
            rpr.append('<w:rStyle w:val="Deleted"/>')
        elif "ins" in fmt:
            rpr.append('<w:rStyle w:val="Inserted"/>')
        if "code" in fmt:
            rpr.append('<w:rFonts w:ascii="Courier New" w:hAnsi="Courier New"/>')
        if "b" in fmt:
            rpr.append("<w:b/><w:bCs/>")
        if "i" in fmt:
            rpr.append("<w:i/><w:iCs/>")
        if "u" in fmt:
            rpr.append('<w:u w:val="single"/>')
        if "sup" in fmt or "sub" in fmt:
            rpr.append(f'<w:vertAlign w:val="{"superscript" if "sup" in fmt else "subscript"}"/>')
        props = f"<w:rPr>{''.join(rpr)}</w:rPr>" if rpr else ""
        return f'<w:r>{props}<w:t xml:space="preserve">{esc(text)}</w:t></w:r>'

    def _para(self, style: str, runs: str, ppr: str = "") -> str:
        start = end = ""
        if self._pending:
            for name in self._pending:
                self._bookmark_id += 1
                start += f'<w:bookmarkStart w:id="{self._bookmark_id}" w:name="{name}"/>'
                end += f'<w:bookmarkEnd w:id="{self._bookmark_id}"/>'
            self._pending = []
        return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{start}{runs}{end}</w:p>'
