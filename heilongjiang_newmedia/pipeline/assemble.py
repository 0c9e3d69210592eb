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

READER_FILES = ("book.html", "book.pdf", "REPLICATION.md")  # build-times.md goes with REPLICATION.md


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


def build_book(out: Path, specs, manifests: list[dict], renderer: Callable | None = None,
               info: dict[str, str] | None = None, docx: bool = True) -> None:
    """Write ``book.html``, ``book.pdf``, (``docx``) ``book.docx`` and the book's record (``.cache/book.json``: the
    book options ``info`` -- author, institution, supervisor, date, version label --, the citation numbering, the data
    cut-off) as one crash-consistent unit (staged, then committed by a journal; without ``docx`` an earlier
    ``book.docx`` is removed with it, as it would be stale).

    ``book.pdf`` joins the chapters' PDFs as built between a cover/contents part and a back part (reference list,
    appendix) (:meth:`.layout.Renderer.book_pdf`); each chapter keeps its own page numbers in the footer and the
    contents list the PDF page where each part starts. ``renderer`` is a callable ``(parts, stems, target, extra)``
    running that work elsewhere (the build's render workers, see :meth:`.workers.Pipeline.book`; ``extra`` are jobs run
    there after the PDF parts, such as the DOCX: :mod:`.book_stage`); without it, it runs here."""
    from heilongjiang_newmedia.pipeline import book_stage
    from heilongjiang_newmedia.reporting.book import book_html_from, book_parts  # not needed by a no-op build
    from heilongjiang_newmedia.reporting.provenance import book_record_path, load_book_record
    from heilongjiang_newmedia.reporting.render import write_text
    from heilongjiang_newmedia.reporting.webfont import embed_webfont

    if renderer is None:
        from heilongjiang_newmedia.pipeline.layout import Renderer

        def renderer(parts, stems, target, extra=()):
            Renderer(out).book_pdf(parts, stems, target, out)
            for fn, args in extra:
                fn(*args)

    records = {s.stem: (load_record(out, s.stem) or {}) for s in specs}
    info = {k: v for k, v in (info or {}).items() if v}
    parts = book_parts(out, specs, manifests, records, info, province=P.PROVINCE.default)
    page = book_html_from(parts)
    staging = out / journal.STAGING_DIR / f"book-{uuid.uuid4().hex[:8]}"
    pdf_parts = {k: v for k, v in parts.items() if k != "bodies"}
    pdf_parts["back_offsets"] = load_book_record(out).get("back_offsets") or {}
    try:
        write_text(staging / "book.html", embed_webfont(page))
        extra = book_stage.docx_jobs(parts, records, manifests, staging / "book.docx",
                                     label=info.get("label")) if docx else []
        renderer(pdf_parts, [s.stem for s in specs], staging / "book.pdf", extra=extra)
        record = {"options": info, "numbers": parts["numbers"], "data_cutoff": parts["cutoff"],
                  "back_offsets": pdf_parts.get("back_offsets") or {}, "chapters": [s.stem for s in specs]}
        write_text(staging / "book.json", json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    moves = [(staging / n, out / n) for n in ("book.html", "book.pdf") + (("book.docx",) if docx else ())]
    moves.append((staging / "book.json", book_record_path(out)))
    journal.commit_unit(out, "book", staging, moves, [] if docx else [out / "book.docx"])


def assemble(out: Path, all_specs, results: list[ChapterResult], report: BuildReport, progress,
             book_renderer: Callable | None = None, elapsed: Callable[[], float] | None = None,
             book_info: dict[str, str] | None = None, docx: bool = True) -> None:
    """The exhibit manifest, the book and REPLICATION.md from the chapters present in ``out``, when a chapter
    changed, one of them is missing or the book options (``book_info``) differ from the last book's, and only when
    those chapters are consistent (:func:`inconsistency`). Sets ``report.book_built`` / ``report.book_note``; a
    failure of the book itself is added to ``results``; ``elapsed()`` gives the build's wall time so far for
    REPLICATION.md."""
    from heilongjiang_newmedia.reporting.provenance import load_book_record

    stems = [s.stem for s in all_specs if outputs_of(out, s.stem)["html"].is_file()]
    book_info = {k: v for k, v in (book_info or {}).items() if v}
    changed = any(r.status == "done" for r in results) or (load_book_record(out).get("options") or {}) != book_info
    missing = [n for n in READER_FILES + (("book.docx",) if docx else ()) if not (out / n).is_file()]
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
        build_book(out, specs, manifests, renderer=book_renderer, info=book_info, docx=docx)
        from heilongjiang_newmedia.pipeline.book_stage import record_inputs

        record_inputs(out, specs)  # what the change report compares (hlj-newmedia diff), with the book's label
        report.book_built = True
        progress("done", "book")
    except Exception as exc:
        results.append(ChapterResult("book", "failed", message=f"book: {type(exc).__name__}: {exc}"))
        progress("failed", "book")
        return
    from heilongjiang_newmedia.reporting.replication import write_build_times, write_replication

    if elapsed is not None:
        report.seconds = elapsed()
    write_replication(out, specs, report)
    write_build_times(out, specs, report)
