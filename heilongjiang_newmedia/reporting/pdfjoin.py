"""Join PDFs into ``book.pdf`` with pypdf: the cover/contents PDF, the chapters' own PDFs as built, the appendix PDF.

The chapters are not laid out a second time; their pages, bookmarks (outline) and named destinations are copied as
they are, so every in-chapter link keeps working. Page numbers run through the book: each copied page's own
footer ("3 / 20", the chapter's) is taken out of its content stream and the book's page number (the PDF page
number, as the contents give it) stamped in its place (:func:`number_pages`); the cover and contents are
unnumbered. The contents' links point at the chapters' named destinations (``chapter-<stem>``,
``references``, ``appendix-traceability``), which exist only once the parts are joined: they are taken out of the cover document before
it is written (WeasyPrint would drop them as dangling) and added here as link annotations. Output bytes depend
only on the inputs.
"""
from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

__all__ = ["Link", "detach_dangling_links", "folio_sheet", "join_pdfs", "number_pages", "page_count", "strip_footer"]

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (1/96 in); PDF user space is in points (1/72 in)
FOOTER_BAND_PX = 55  # the bottom margin is 20 mm (76 px; landscape 16 mm, 60 px): only the folio is drawn below
# A WeasyPrint text run: one line of one font, at ``x y`` in CSS px from the page's top left.
_TEXT_RUN = re.compile(rb"BT\n1 0 0 -1 ([-\d.]+) ([-\d.]+) Tm\n/[\w.+-]+ [\d.]+ Tf\n\[[^\]]*\] TJ\nET\n")


@dataclass(frozen=True)
class Link:
    """An internal link of a laid-out page: ``page`` (0-based), ``target`` (named destination), ``rect`` in PDF
    points (x1, y1, x2, y2; origin bottom-left)."""
    page: int
    target: str
    rect: tuple[float, float, float, float]


def page_count(pdf: Path) -> int:
    """Number of pages of ``pdf``."""
    from pypdf import PdfReader

    return len(PdfReader(str(pdf)).pages)


def detach_dangling_links(document) -> list[Link]:
    """Remove from a WeasyPrint ``Document`` the internal links whose anchor is not in the document and return them
    (in PDF coordinates) to be re-attached once the target exists in the joined PDF."""
    anchors = {name for page in document.pages for name in page.anchors}
    detached: list[Link] = []
    for i, page in enumerate(document.pages):
        keep = []
        for link in page.links:
            kind, target, (x1, y1, x2, y2), _ = link
            if kind == "internal" and target not in anchors:
                height = page.height
                detached.append(Link(i, target, (x1 * PX_TO_PT, (height - y1) * PX_TO_PT,
                                                 x2 * PX_TO_PT, (height - y2) * PX_TO_PT)))
            else:
                keep.append(link)
        page.links[:] = keep
    return detached


def _strip_footer_bytes(data: bytes, height_pt: float) -> tuple[bytes, int]:
    limit = height_pt / PX_TO_PT - FOOTER_BAND_PX
    runs = [m for m in _TEXT_RUN.finditer(data) if float(m.group(2)) > limit]
    kept, pos = [], 0
    for m in runs:
        kept.append(data[pos:m.start()])
        pos = m.end()
    kept.append(data[pos:])
    return b"".join(kept), len(runs)


def strip_footer(page) -> int:
    """Remove the running footer (the text drawn in the page's bottom margin) from a pypdf page laid out by
    WeasyPrint; returns the number of text runs removed."""
    from pypdf.generic import DecodedStreamObject

    contents = page.get_contents()
    if contents is None:
        return 0
    data, n = _strip_footer_bytes(contents.get_data(), float(page.mediabox.height))
    if n:
        stream = DecodedStreamObject()
        stream.set_data(data)
        page.replace_contents(stream)
    return n


SLOT_MM = 5.0  # height of one page number on the stamp sheet


def folio_sheet(first: int, count: int) -> bytes:
    """One narrow PDF page listing the page numbers ``first`` ... ``first + count - 1`` top down, one per
    :data:`SLOT_MM` slot, in the footer's font, size and colour (laid out once: one page, not one per number).
    Laid out and written like every other PDF part (:func:`.pdf.render_document`), so its font is the project's
    own subset, embedded unmodified. The build lays it out in a render worker (:func:`.pipeline.layout.folio_job`),
    so that the build process itself needs no WeasyPrint."""
    from heilongjiang_newmedia.loading.paths import PACKAGE_DIR
    from heilongjiang_newmedia.reporting.pdf import font_folders, render_document, write_document

    css = f"""
        @page {{ size: 30mm {count * SLOT_MM}mm; margin: 0;
                 @top-center {{ content: none; }} @bottom-center {{ content: none; }} }}
        html, body {{ margin: 0; padding: 0; font-size: 8.5pt; color: #59636e; }}
        p {{ margin: 0; padding: 0; height: {SLOT_MM}mm; line-height: {SLOT_MM}mm; text-align: center; }}"""
    html = "<html><body>" + "".join(f"<p>{n}</p>" for n in range(first, first + count)) + "</body></html>"
    with font_folders():
        return write_document(render_document(html, PACKAGE_DIR, "page numbers", css))


_SHEET_RUN = re.compile(rb"1 0 0 -1 ([-\d.]+) ([-\d.]+) Tm\n(?:/([\w.+-]+) ([\d.]+) Tf\n)?(\[[^\]]*\] TJ)")


def number_pages(writer, first_page: int, folios: Callable[[int, int], bytes] = folio_sheet) -> None:
    """Number the pages of ``writer`` from ``first_page`` (0-based) on with their page number in the whole PDF
    (1-based), in place of their own footers: the footer text is cut from each page's content stream and the
    number's text run, taken from a sheet of all numbers laid out once (``folios(first, count)``, by default
    :func:`folio_sheet` here), drawn centred in the bottom margin."""
    from pypdf import PdfReader
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    pages = list(writer.pages)[first_page:]
    if not pages:
        return
    sheet = PdfReader(io.BytesIO(folios(first_page + 1, len(pages)))).pages[0]
    runs = list(_SHEET_RUN.finditer(sheet.get_contents().get_data()))
    font_name, size = runs[0].group(3).decode("ascii"), runs[0].group(4).decode("ascii")
    if len(runs) != len(pages):
        raise ValueError(f"book: the page-number sheet has {len(runs)} numbers for {len(pages)} pages")
    font = sheet["/Resources"]["/Font"].get_object().raw_get(f"/{font_name}").clone(writer)
    w = float(sheet.mediabox.width)
    slot = SLOT_MM * 72 / 25.4
    for k, (page, run) in enumerate(zip(pages, runs)):
        pw, ph = float(page.mediabox.width), float(page.mediabox.height)
        contents = page.get_contents()
        data = _strip_footer_bytes(contents.get_data(), ph)[0] if contents is not None else b""
        centre = (10 if ph >= pw else 8) * 72 / 25.4  # middle of the bottom margin: 20 mm portrait, 16 landscape
        top_px = (ph - centre - slot / 2) / PX_TO_PT   # top of the number's slot on the page, CSS px from the top
        x = float(run.group(1)) + (pw - w) / 2 / PX_TO_PT
        y = top_px + float(run.group(2)) - k * slot / PX_TO_PT
        ops = (f"q\n1 0 0 -1 0 {ph:.6f} cm\n{PX_TO_PT} 0 0 {PX_TO_PT} 0 0 cm\n0.34902 0.388235 0.431373 rg\nBT\n"
               f"1 0 0 -1 {x:.6f} {y:.6f} Tm\n/HlFolio {size} Tf\n").encode("ascii") + run.group(5) + b"\nET\nQ\n"
        stream = DecodedStreamObject()
        stream.set_data(b"q\n" + data + b"\nQ\n" + ops)
        page.replace_contents(stream)
        resources = page["/Resources"].get_object()
        if "/Font" not in resources:
            resources[NameObject("/Font")] = DictionaryObject()
        resources["/Font"].get_object()[NameObject("/HlFolio")] = font


def join_pdfs(parts: list[bytes | Path], target: Path, links: list[Link] = (), numbered: bool = True,
              numbered_from: int | None = None, folios: Callable[[int, int], bytes] = folio_sheet) -> None:
    """Write ``parts`` (PDF bytes or files, in order) as one PDF at ``target``, with the document information of the
    first part and ``links`` (pages counted in the joined PDF) added as link annotations. Every named destination
    a link points at must exist in one of the parts. With ``numbered``, the pages from ``numbered_from`` (0-based;
    default: the first page after the first part, the cover and contents) carry the book's page numbers instead of
    their own (:func:`number_pages`; ``folios``: what lays out their sheet of numbers)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject

    readers = [PdfReader(io.BytesIO(p) if isinstance(p, (bytes, bytearray)) else str(p)) for p in parts]
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)
    if numbered and len(readers) > 1:
        number_pages(writer, len(readers[0].pages) if numbered_from is None else numbered_from, folios)
    if readers and readers[0].metadata:
        writer.add_metadata(dict(readers[0].metadata))
    names = set(writer.named_destinations) if links else set()
    for link in links:
        if link.target not in names:
            raise ValueError(f"book: the contents link to #{link.target} has no destination in the joined PDF")
        writer.add_annotation(link.page, DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject(FloatObject(round(v, 6)) for v in link.rect),
            NameObject("/BS"): DictionaryObject({NameObject("/W"): NumberObject(0)}),
            NameObject("/Dest"): TextStringObject(link.target),
        }))
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with open(tmp, "wb") as fh:
        writer.write(fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, target)
