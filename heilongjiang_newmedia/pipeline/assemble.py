"""What a reader gets besides the chapters: ``book.html``/``book.pdf``, the merged exhibit manifest and
``REPLICATION.md``, assembled after the chapters of a build, and only from a complete, consistent set of them.

A set is complete and consistent when no chapter of this build failed, every chapter present has its HTML, PDF and
build record, and the chapters agree on every parameter they share (language, province, data directory, ...) and on
the build options. Otherwise the book, the manifest and ``REPLICATION.md`` are left exactly as they were, and the
build says why (:attr:`.options.BuildReport.book_note`): a failed build changes nothing a reader gets.
"""
from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import Any, Callable

from heilongjiang_newmedia import params as P
from heilongjiang_newmedia.pipeline import journal
from heilongjiang_newmedia.pipeline.commit import merge_manifests
from heilongjiang_newmedia.pipeline.options import BuildReport, ChapterResult, outputs_of
from heilongjiang_newmedia.reporting.provenance import load_record

READER_FILES = ("book.html", "book.pdf", "REPLICATION.md")


def _shown(value: Any) -> str:
    return "—" if value is None else json.dumps(value, ensure_ascii=False) if not isinstance(value, str) else value


def inconsistency(out: Path, stems: list[str], results: list[ChapterResult]) -> str | None:
    """Why the chapters ``stems`` of ``out`` (after a build with ``results``) do not make one book, or None."""
    failed = [r.stem for r in results if r.status == "failed" and r.stem != "book"]
    if failed:
        return f"chapter(s) {', '.join(failed)} failed in this build"
    records = {}
    for stem in stems:
        rec = load_record(out, stem)
        if rec is None or not outputs_of(out, stem)["pdf"].is_file():
            return f"chapter {stem} has no complete outputs (HTML, PDF and build record)"
        records[stem] = rec
    values: dict[str, dict[str, list[str]]] = {}
    for stem, rec in records.items():
        for name, value in (rec.get("params") or {}).items():
            values.setdefault(name, {}).setdefault(_shown(value), []).append(stem)
    for name in sorted(values):
        if len(values[name]) > 1:
            shown = "; ".join(f"{v} ({', '.join(s)})" for v, s in values[name].items())
            return f"the chapters were built with different values of parameter {name}: {shown}"
    options = {(rec.get("parts") or {}).get("options") for rec in records.values()}
    if len(options) > 1:
        return "the chapters were built with different options (language, --data-dir or --show-code)"
    return None


def build_book(out: Path, specs, manifests: list[dict], renderer: Callable | None = None) -> None:
    """Write ``book.html`` and ``book.pdf`` as one crash-consistent unit (staged, then committed by a journal).

    ``book.pdf`` joins the chapters' PDFs as built between a cover/contents part and an appendix part
    (:meth:`.layout.Renderer.book_pdf`); each chapter keeps its own page numbers in the footer and the contents list
    the PDF page where each chapter starts. ``renderer`` is a callable ``(parts, stems, target)`` running that
    work elsewhere (the build's render workers, see :meth:`.workers.Pipeline.book`); without it, it runs here."""
    from heilongjiang_newmedia.reporting.book import book_html_from, book_parts  # not needed by a no-op build
    from heilongjiang_newmedia.reporting.render import write_text
    from heilongjiang_newmedia.reporting.webfont import embed_webfont

    if renderer is None:
        from heilongjiang_newmedia.pipeline.layout import Renderer

        def renderer(parts, stems, target):
            Renderer(out).book_pdf(parts, stems, target, out)

    records = {s.stem: (load_record(out, s.stem) or {}) for s in specs}
    parts = book_parts(out, specs, manifests, records, province=P.PROVINCE.default)
    page = book_html_from(parts)
    staging = out / journal.STAGING_DIR / f"book-{uuid.uuid4().hex[:8]}"
    try:
        write_text(staging / "book.html", embed_webfont(page))
        renderer({k: v for k, v in parts.items() if k != "bodies"}, [s.stem for s in specs], staging / "book.pdf")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    journal.commit_unit(out, "book", staging, [(staging / "book.html", out / "book.html"),
                                               (staging / "book.pdf", out / "book.pdf")])


def assemble(out: Path, all_specs, results: list[ChapterResult], report: BuildReport, progress,
             book_renderer: Callable | None = None, elapsed: Callable[[], float] | None = None) -> None:
    """The exhibit manifest, the book and REPLICATION.md from the chapters present in ``out``, when a chapter
    changed or one of them is missing, and only when those chapters are consistent (:func:`inconsistency`).
    Sets ``report.book_built`` / ``report.book_note``; a failure of the book itself is added to ``results``;
    ``elapsed()`` gives the build's wall time so far for REPLICATION.md."""
    stems = [s.stem for s in all_specs if outputs_of(out, s.stem)["html"].is_file()]
    changed = any(r.status == "done" for r in results)
    missing = [n for n in READER_FILES if not (out / n).is_file()]
    if not stems or not (changed or missing or not (out / "exhibits" / "manifest.json").is_file()):
        return
    reason = inconsistency(out, stems, results)
    if reason is not None:
        kept = [n for n in READER_FILES if (out / n).is_file()]
        report.book_note = (f"{', '.join(kept) or 'book and REPLICATION.md'} "
                            f"{'left as they were' if kept else 'not written'}: {reason}")
        progress("kept", "book", f"({report.book_note})")
        return
    specs = [s for s in all_specs if s.stem in stems]
    manifests = merge_manifests(out, stems)
    progress("running", "book")
    try:
        build_book(out, specs, manifests, renderer=book_renderer)
        report.book_built = True
        progress("done", "book")
    except Exception as exc:
        results.append(ChapterResult("book", "failed", message=f"book: {type(exc).__name__}: {exc}"))
        progress("failed", "book")
        return
    from heilongjiang_newmedia.reporting.replication import write_replication

    if elapsed is not None:
        report.seconds = elapsed()
    write_replication(out, specs, report)
