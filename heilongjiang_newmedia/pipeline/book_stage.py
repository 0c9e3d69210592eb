"""The book stage's additions for versions a supervisor can follow (issue 22): ``book.docx`` made in a render
worker while the PDF parts are joined, and the record of the inputs that ``hlj-newmedia diff`` compares."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any


# What the book stage imports in the build's own process (the book's parts, the references, the web font, the
# joined PDF, REPLICATION.md and the inputs record). A test imports each name, so a module renamed or moved fails
# there instead of silently ending the head start. WeasyPrint is not among them: every PDF part, the sheet of page
# numbers included, is laid out in a render worker, and importing it here (1.1 s) competed with the first chapter
# for the CPU.
BOOK_MODULES = ("heilongjiang_newmedia.reporting.book", "heilongjiang_newmedia.reporting.references",
                "heilongjiang_newmedia.reporting.bibliography", "heilongjiang_newmedia.reporting.webfont",
                "heilongjiang_newmedia.reporting.replication", "heilongjiang_newmedia.reporting.snapshot",
                "heilongjiang_newmedia.reporting.provenance", "heilongjiang_newmedia.reporting.pdfjoin",
                "heilongjiang_newmedia.reporting.pdf", "heilongjiang_newmedia.loading.regions",
                "heilongjiang_newmedia.text.wording", "pypdf", "uharfbuzz")


def preload() -> None:
    """Import what the book stage needs in this process (:data:`BOOK_MODULES`) and load the region tables and the
    web font's face, so that it is done while the chapters run, not after them. Errors are left to the book stage
    itself: a module that cannot be imported is skipped here and reported there."""
    import importlib

    for name in BOOK_MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    from heilongjiang_newmedia.loading.regions import resolve_province
    from heilongjiang_newmedia.reporting.webfont import font_face

    resolve_province("黑龙江")  # loads the region tables once
    font_face()  # the bundled font, opened once for book.html's web font


def write_book_docx(parts: dict[str, Any], label: str | None, date: str, target: str) -> float:
    """Write ``book.docx`` from the book's parts to ``target``; returns the seconds it took (run in a render
    worker, or in this process without one)."""
    from heilongjiang_newmedia.reporting.docx_book import book_docx

    t = time.perf_counter()
    data = book_docx(parts, label, date)
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return time.perf_counter() - t


def docx_jobs(parts: dict[str, Any], records: dict[str, dict], manifests: list[dict], target: Path,
              label: str | None = None) -> list:
    """The DOCX as a job for the book's renderer: ``[(function, args)]``; ``label``: this build's version label
    (default: as the chapters' records hold it)."""
    from heilongjiang_newmedia.reporting.provenance import data_vintage
    from heilongjiang_newmedia.reporting.snapshot import build_label

    return [(write_book_docx, (parts, label or build_label(records), data_vintage(manifests), str(target)))]


def record_inputs(out: Path, specs) -> None:
    """``<out>/inputs/``: the rows of every data table the chapters read and the package version
    (:mod:`heilongjiang_newmedia.reporting.snapshot`); tables already recorded are not read again."""
    from heilongjiang_newmedia.reporting.provenance import load_record
    from heilongjiang_newmedia.reporting.snapshot import write_inputs

    import json

    records = {s.stem: (load_record(out, s.stem) or {}) for s in specs}
    try:  # the book's record (cover options, among them the version label), when the build keeps one
        book = json.loads((Path(out) / ".cache" / "book.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        book = None
    write_inputs(out, records, book if isinstance(book, dict) else None)
