"""``book.docx``: the book in Word, from the same parts as ``book.html`` (cover, contents, executive summary,
chapters, appendix), for supervisors who answer with comments and tracked changes.

Written with python-docx on the generated reference document (:mod:`.docx_styles`); the HTML becomes Word content
in :mod:`.docx_html`. The contents are Word's own table-of-contents field (its cached entries are the book's
chapters; Word fills in the pages when it updates fields on opening). Deterministic: the same parts give the same
bytes (no clock: the document's dates are the data vintage; zip entries carry a fixed timestamp; every id is
numbered in document order).
"""
from __future__ import annotations

import datetime
import html
import io
import re
import zipfile
from typing import Any

from heilongjiang_newmedia.reporting import docx_styles as S
from heilongjiang_newmedia.reporting.docx_html import NSDECL, BodyWriter, esc

RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_ID_RE = re.compile(r'\bid="([^"]+)"')
_HREF_RE = re.compile(r'\bhref="#([^"]+)"')


def bookmark_names(fragments: list[str], extra: tuple[str, ...] = ()) -> dict[str, str]:
    """HTML ids that a link points at -> Word bookmark names (``_Hl<n>``, hidden, numbered in document order)."""
    linked = {html.unescape(h) for f in fragments for h in _HREF_RE.findall(f)} | set(extra)
    names: dict[str, str] = {}
    for f in fragments:
        for hid in _ID_RE.findall(f):
            hid = html.unescape(hid)
            if hid in linked and hid not in names:
                names[hid] = f"_Hl{len(names) + 1}"
    return names


class WordDocument:
    """A python-docx document on the project's reference document, filled from HTML fragments.

    ``title`` goes to the header of every page but the first and to the document properties; ``label`` (the
    build's version label, or None) to the footer before the page number; ``date`` (``YYYY[-MM[-DD]]``, the data
    vintage) to the document's created/modified dates; ``cover``: the first page is a cover (no header, footer)."""

    def __init__(self, lang: str, title: str, label: str | None, date: str, fragments: list[str],
                 extra_targets: tuple[str, ...] = (), cover: bool = True):
        import docx
        from docx.oxml import parse_xml
        from docx.parts.hdrftr import FooterPart, HeaderPart

        self.lang, self.title, self.label, self.date = lang, title, label, date
        self.doc = docx.Document()
        part = self.doc.part
        package = part.package
        for rel in list(package.rels.values()):  # the template's thumbnail would show another document
            if rel.reltype.endswith("/thumbnail"):
                package.rels.pop(rel.rId)
        for rel in list(part.rels.values()):
            if rel.reltype.endswith("/stylesWithEffects"):
                part.rels.pop(rel.rId)
        part._styles_part._element = parse_xml(S.styles_xml(lang))
        for rel in part.rels.values():
            if rel.reltype.endswith("/fontTable"):
                rel.target_part._blob = S.font_table_xml()
        header, footer = HeaderPart.new(package), FooterPart.new(package)
        header._element = parse_xml(S.header_xml(title))
        footer._element = parse_xml(S.footer_xml(label))
        self.header_rid = part.relate_to(header, RT_BASE + "header")
        self.footer_rid = part.relate_to(footer, RT_BASE + "footer")
        self.writer = BodyWriter(part, lang, bookmark_names(fragments, extra_targets), self.header_rid,
                                 self.footer_rid)
        if not cover:  # no cover page: the first page has the header and footer too
            self.writer.sections = 1
        self._settings()

    def _settings(self) -> None:
        from docx.oxml import parse_xml

        settings = self.doc.settings.element
        for el in list(settings):
            if el.tag.endswith("}savePreviewPicture") or el.tag.endswith("}rsids"):
                settings.remove(el)
        compat = settings.find(f"{{{S.W_NS}}}compat")
        update = parse_xml(f'<w:updateFields xmlns:w="{S.W_NS}" w:val="true"/>')
        if compat is not None:
            compat.addprevious(update)
        else:
            settings.append(update)

    def contents(self, heading: str, entries: list[tuple[str, str]]) -> None:
        """Word's table-of-contents field (levels 1-2) under ``heading``; its cached entries are ``entries``
        (``(html id, label)``), linked to their parts, until Word updates the field with pages."""
        w = self.writer
        w.paragraph(heading, "TOCHeading")
        tabs = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{S.text_width_twips()}"/></w:tabs>'
        begin = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" '
                 '\\h \\z \\u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>')
        end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        for i, (target, label) in enumerate(entries):
            run = f'<w:r><w:t xml:space="preserve">{esc(label)}</w:t></w:r>'
            name = w.targets.get(target)
            if name:
                run = f'<w:hyperlink w:anchor="{name}" w:history="1">{run}</w:hyperlink>'
            runs = (begin if i == 0 else "") + run + (end if i == len(entries) - 1 else "")
            w.chunks.append(f'<w:p><w:pPr><w:pStyle w:val="TOC1"/>{tabs}</w:pPr>{runs}</w:p>')

    def to_bytes(self) -> bytes:
        """The finished ``.docx`` (numbering, body, properties), with fixed zip timestamps."""
        from docx.oxml import parse_xml

        w, part = self.writer, self.doc.part
        part.numbering_part._element = parse_xml(S.numbering_xml(w.ordered_lists))
        last = S.section_xml(self.header_rid, self.footer_rid, title_page=w.sections == 0)
        body = (f'<w:document {NSDECL}><w:body>{"".join(w.chunks)}{last}</w:body></w:document>')
        part._element = parse_xml(body.encode("utf-8"))
        self._properties()
        buf = io.BytesIO()
        self.doc.save(buf)
        return normalise_zip(buf.getvalue())

    def _properties(self) -> None:
        cp = self.doc.core_properties
        when = _date(self.date)
        cp.title, cp.subject, cp.author, cp.comments, cp.keywords, cp.category = self.title, "", "", "", "", ""
        cp.last_modified_by, cp.revision = "", 1
        cp.language = "zh-CN" if self.lang == "zh" else "en-GB"
        cp.created = cp.modified = when


def _date(text: str) -> datetime.datetime:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(text or ""))
    if not m:
        return datetime.datetime(2021, 1, 1)
    y, mo, d = m.groups()
    return datetime.datetime(int(y), int(mo or 1), int(d or 1))


def normalise_zip(data: bytes) -> bytes:
    """The same zip with every entry stamped :data:`ZIP_TIME` and the same attributes (python-docx stamps the
    time of saving), so that equal content gives equal bytes."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 3
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


def _title(head: str) -> str:
    m = re.search(r"<title>(.*?)</title>", head, re.S)
    return html.unescape(m.group(1)).strip() if m else ""


def book_docx(parts: dict[str, Any], label: str | None, date: str) -> bytes:
    """``book.docx`` from the parts of ``book.html`` (:func:`.book.book_parts`): cover, contents, summary, chapters
    and appendix in that order; ``label`` is the build's version label (footer) or None; ``date`` the data vintage."""
    lang = parts.get("lang", "zh")
    zh = lang == "zh"
    fragments = [parts.get("cover", ""), parts.get("summary", ""), *parts.get("bodies", []), parts.get("appendix", "")]
    toc = [(_toc_target(stem), label) for stem, label in parts.get("toc_entries", [])]
    doc = WordDocument(lang, _title(parts.get("head", "")), label, date, fragments, tuple(t for t, _ in toc))
    w = doc.writer
    w.convert(parts.get("cover", ""), "cover")
    doc.contents("目录" if zh else "Contents", toc)
    for fragment in fragments[1:]:
        w.convert(fragment)
    return doc.to_bytes()


def _toc_target(stem: str | None) -> str:
    if stem is None:
        return "appendix-sources"
    if stem.startswith("#"):
        return stem[1:]
    return f"chapter-{stem}"
