"""Join PDFs into ``book.pdf`` with pypdf: the cover/contents PDF, the chapters' own PDFs as built, the appendix PDF.

The chapters are not laid out a second time; their pages, bookmarks (outline) and named destinations are copied as
they are, so every in-chapter link keeps working and each chapter keeps its own page numbers in the footer. The
contents' links point at the chapters' named destinations (``chapter-<stem>``, ``appendix-sources``), which exist
only once the parts are joined: they are taken out of the cover document before it is written (WeasyPrint would drop
them as dangling) and added here as link annotations. Output bytes depend only on the inputs.
"""
from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Link", "detach_dangling_links", "join_pdfs", "page_count"]

PX_TO_PT = 0.75  # WeasyPrint lays out in CSS px (1/96 in); PDF user space is in points (1/72 in)


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


def join_pdfs(parts: list[bytes | Path], target: Path, links: list[Link] = ()) -> None:
    """Write ``parts`` (PDF bytes or files, in order) as one PDF at ``target``, with the document information of the
    first part and ``links`` (pages counted in the joined PDF) added as link annotations. Every named destination
    a link points at must exist in one of the parts."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, FloatObject, NameObject, NumberObject, TextStringObject

    readers = [PdfReader(io.BytesIO(p) if isinstance(p, (bytes, bytearray)) else str(p)) for p in parts]
    writer = PdfWriter()
    for reader in readers:
        writer.append(reader)
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
