"""Build chapters: cache check, parallel execution in separate processes (one kernel each), atomic outputs.

Each chapter runs in a staging directory ``<out>/.staging/<chapter>-<token>/`` (the kernel's
``HLJ_NEWMEDIA_BUILD_DIR``); only when execution, HTML and PDF all succeeded are its files moved into place with
``os.replace``. A failing chapter leaves the last good outputs untouched and its executed notebook in
``<out>/_failed/<chapter>.ipynb``.

Modules: :mod:`.options` (what to build, what was built), :mod:`.schedule` (order, cache check, commit as chapters
finish), :mod:`.workers` (execution slots and render workers), :mod:`.chapter_jobs` (one chapter's execute and
render), :mod:`.commit` (installing outputs), :mod:`.assemble` (book, manifest, REPLICATION.md).
"""
from __future__ import annotations

import time
from typing import Any

from heilongjiang_newmedia.params import ChapterSpec
from heilongjiang_newmedia.pipeline import journal
from heilongjiang_newmedia.pipeline.assemble import assemble
from heilongjiang_newmedia.pipeline.folders import write_marker
from heilongjiang_newmedia.pipeline.commit import commit, keep_failed, merge_manifests  # noqa: F401 (public API)
from heilongjiang_newmedia.pipeline.options import BuildReport, ChapterResult, Options, outputs_of  # noqa: F401
from heilongjiang_newmedia.pipeline.schedule import Progress, build_chapters, longest_first  # noqa: F401
from heilongjiang_newmedia.pipeline.workers import RENDER_WORKERS, Pipeline  # noqa: F401


def build(specs: list[ChapterSpec], params: dict[str, dict[str, Any]], opts: Options, all_specs: list[ChapterSpec],
          progress=None, pipeline: Pipeline | None = None) -> BuildReport:
    """Chapters, then the exhibit manifest, the book and REPLICATION.md (when anything changed or is missing, and
    only from a complete, consistent set of chapters: see :mod:`.assemble`).

    ``pipeline``: one made (and possibly :meth:`Pipeline.warm`-ed) by the caller for these ``opts``; it is closed
    here either way."""
    from filelock import FileLock, Timeout

    t0 = time.perf_counter()
    progress = progress or Progress()
    pipeline = pipeline or Pipeline(opts)
    try:
        opts.out.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(opts.out / ".build.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            raise RuntimeError(f"another build is running on {opts.out} (lock {opts.out / '.build.lock'}); "
                               f"wait for it to finish") from None
        try:
            write_marker(opts.out)  # this folder is a report folder: clean may remove it, notebooks run by hand not
            rolled = journal.recover(opts.out)  # a killed build's half-done commits are finished first
            if rolled:
                progress("recovered", ", ".join(rolled), "(commit interrupted by a crash, completed now)")
            return _build(specs, params, opts, all_specs, progress, pipeline, t0)
        finally:
            lock.release()
    finally:
        pipeline.close()


def _build(specs, params, opts, all_specs, progress, pipeline, t0) -> BuildReport:
    results = build_chapters(specs, params, opts, progress, pipeline,
                             order=[s.stem for s in all_specs])
    report = BuildReport(results, time.perf_counter() - t0)
    assemble(opts.out, all_specs, results, report, progress,
             book_renderer=pipeline.book if pipeline is not None else None,
             elapsed=lambda: time.perf_counter() - t0, book_info=opts.book, docx=opts.docx)
    report.seconds = time.perf_counter() - t0
    journal.wait_removals()  # the chapters' staging folders, deleted in the background as they were committed
    try:
        (opts.out / journal.STAGING_DIR).rmdir()
    except OSError:
        pass
    return report
