"""Build chapters: cache check, parallel execution in separate processes (one kernel each), atomic outputs.

Each chapter runs in a staging directory ``<out>/.staging/<chapter>-<token>/`` (the kernel's
``HLJ_NEWMEDIA_BUILD_DIR``); only when execution, HTML and PDF all succeeded are its files moved into place with
``os.replace``. A failing chapter leaves the last good outputs untouched and its executed notebook in
``<out>/_failed/<chapter>.ipynb``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
import threading
import time
import traceback
import uuid
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from heilongjiang_newmedia.pipeline import cache, journal
from heilongjiang_newmedia.params import ChapterSpec

OUTPUT_KINDS = ("html", "pdf", "executed", "results")
RENDER_WORKERS = 2  # render processes at most; they are forked warm (see Pipeline.render_pool)
FALLBACK_DATE = "2021-01-01"  # the thesis year; used only when a chapter cites no dated source
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class Options:
    out: Path
    notebooks_dir: Path
    jobs: int = 1
    force: bool = False
    show_code: bool = False
    data_dir: str | None = None
    timeout: int | None = 1800


@dataclass
class ChapterResult:
    stem: str
    status: str  # done | cached | failed
    seconds: float = 0.0
    message: str = ""
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class BuildReport:
    results: list[ChapterResult]
    seconds: float
    book_built: bool = False

    @property
    def ok(self) -> bool:
        return all(r.status in ("done", "cached") for r in self.results)

    @property
    def failed(self) -> list[ChapterResult]:
        return [r for r in self.results if r.status == "failed"]


def outputs_of(out: Path, stem: str) -> dict[str, Path]:
    return {"html": out / "html" / f"{stem}.html", "pdf": out / "pdf" / f"{stem}.pdf",
            "executed": out / "executed" / f"{stem}.ipynb", "results": out / "results" / f"{stem}.json"}


def data_vintage(manifests: list[dict]) -> str:
    dates = [s.get("date", "") for m in manifests for x in m.get("exhibits", []) for s in x.get("sources", [])]
    dates = [d for d in dates if _DATE_RE.match(str(d))]
    return max(dates) if dates else FALLBACK_DATE


def _read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"exhibits": []}


# -- execution slots and the renderer (threads of the build process) ------------------------------------------------
def execute_chapter(task: dict[str, Any], kernel) -> dict[str, Any]:
    """Run one chapter in a pre-started kernel (its staging dir becomes the chapter's). Never raises."""
    from heilongjiang_newmedia.pipeline.execute import CellFailure, execute

    stem, staging = task["stem"], kernel.staging
    executed = staging / "executed" / f"{stem}.ipynb"
    timings: dict[str, float] = {}
    try:
        for dep, src in task["dep_results"].items():
            if src:
                (staging / "results").mkdir(exist_ok=True)
                shutil.copyfile(src, staging / "results" / f"{dep}.json")
        t = time.perf_counter()
        parts: dict[str, float] = {}
        execute(stem, Path(task["notebook"]), executed, task["params"], Path(task["notebooks_dir"]),
                timeout=task["timeout"], km=kernel.km, timings=parts)
        timings["execute"] = time.perf_counter() - t
        timings.update({f"execute.{k}": v for k, v in parts.items()})
        return {"ok": True, "timings": timings, "staging": str(staging)}
    except CellFailure as exc:
        return {"ok": False, "message": str(exc), "executed": str(executed) if executed.is_file() else None,
                "timings": timings, "staging": str(staging)}
    except Exception as exc:  # kernel start failures, dead kernels
        return {"ok": False, "message": f"chapter {stem}: {type(exc).__name__}: {exc}",
                "executed": str(executed) if executed.is_file() else None, "timings": timings,
                "staging": str(staging)}


def render_chapter(task: dict[str, Any], res: dict[str, Any], renderer) -> dict[str, Any]:
    """HTML and PDF of an executed chapter (in a render worker, or a render thread here). Never raises."""
    import nbformat

    from heilongjiang_newmedia.reporting.render import render_html, write_text
    from heilongjiang_newmedia.reporting.webfont import embed_webfont

    stem, staging = task["stem"], Path(res["staging"])
    timings = res["timings"]
    executed = staging / "executed" / f"{stem}.ipynb"
    try:
        manifest = _read_manifest(staging / "exhibits" / stem / "manifest.json")
        date = data_vintage([manifest])
        t = time.perf_counter()
        page = render_html(nbformat.read(str(executed), as_version=4), stem, task["lang"], task["title"], date,
                           show_code=task["show_code"])
        write_text(staging / "html" / f"{stem}.html", embed_webfont(page))
        timings["html"] = time.perf_counter() - t
        t = time.perf_counter()
        renderer.chapter_pdf(stem, page, staging / "pdf" / f"{stem}.pdf")
        timings["pdf"] = time.perf_counter() - t
        return {**res, "ok": True, "timings": timings, "data_files": cache.read_files(staging / "reads.log"),
                "date": date}
    except Exception as exc:  # render/PDF/glyph errors
        msg = f"chapter {stem}: {type(exc).__name__}: {exc}"
        return {**res, "ok": False, "message": msg, "executed": str(executed) if executed.is_file() else None}


class Pipeline:
    """``jobs`` execution slots (threads, each running chapters one after another in fresh kernels forked from the
    kernel server, the next kernel pre-started while the current chapter runs) feeding up to ``RENDER_WORKERS``
    render worker processes (nbconvert + WeasyPrint, forked warm from the render server). Kernel and render
    processes do the work in parallel; this process exchanges messages with them, commits outputs and joins the
    book."""

    def __init__(self, opts: Options):
        import queue

        self.opts = opts
        self.tasks: queue.Queue = queue.Queue()
        self.expect = 0  # chapters that may still be submitted (pending): worth pre-starting a kernel for
        self.lock = threading.Lock()
        self.slots: list[threading.Thread] = []
        self._render_pool = None
        self._local_pool = None
        self._zygote = None
        self._zygote_lock = threading.Lock()
        self._render_lock = threading.Lock()
        self._render_closed = False
        self._closed = False
        self._warmed = False
        self.staging_root = opts.out / journal.STAGING_DIR

    @property
    def render_pool(self):
        """Render processes (nbconvert + WeasyPrint), up to ``RENDER_WORKERS`` at once: chapters that finish
        executing close together are laid out in parallel. Workers are forked on demand from a server that imported
        everything and loaded the stylesheet and font once (:mod:`.render_preload`), so a second worker costs no
        second warm-up."""
        with self._render_lock:
            if self._render_pool is None:
                if self._render_closed:
                    raise RuntimeError("the build's pipeline is closed")
                import multiprocessing as mp
                from concurrent.futures import ProcessPoolExecutor

                from heilongjiang_newmedia.pipeline import layout

                ctx = mp.get_context("forkserver")
                ctx.set_forkserver_preload(["heilongjiang_newmedia.pipeline.render_preload"])
                pool = ProcessPoolExecutor(max_workers=RENDER_WORKERS, mp_context=ctx,
                                           initializer=layout.follow_build, initargs=(os.getpid(),))
                pool.submit(layout.warm, str(self.opts.out))  # blocks until the server has preloaded
                self._render_pool = pool
            return self._render_pool

    def warm(self) -> None:
        """Once something is to be built (or is likely to be, e.g. while the parameters are being validated): in
        the background, start the kernel fork server, then the render server (imports, stylesheet, font), and
        import papermill here. The render server starts second so that it does not compete with the first
        kernels for the CPU: it is needed only when the first chapter has run. :meth:`close` stops both."""
        if self._warmed:
            return
        self._warmed = True
        from heilongjiang_newmedia.pipeline.lean_imports import skip_unused_imports

        skip_unused_imports()

        def start_servers() -> None:
            try:
                self._ensure_zygote()
                self.render_pool
            except Exception:  # no render process: chapters are rendered in this process (see _render)
                pass

        threading.Thread(target=start_servers, name="hlj-servers", daemon=True).start()
        from heilongjiang_newmedia.pipeline import kernels

        kernels.sweep_stale()

        def imports() -> None:
            try:
                import papermill  # noqa: F401
            except Exception:
                pass

        threading.Thread(target=imports, daemon=True).start()

    def _ensure_zygote(self):
        from heilongjiang_newmedia.pipeline import kernels

        with self._zygote_lock:
            if self._zygote is None and not self._closed:  # start the fork server once (fallback: plain kernels)
                self._zygote = kernels.Zygote.start(self.opts.notebooks_dir) or False
            return self._zygote or None

    def _start_kernel(self):
        from heilongjiang_newmedia.pipeline import kernels

        zygote = self._ensure_zygote()
        return kernels.start(self.staging_root, self.opts.notebooks_dir, self.opts.data_dir, zygote=zygote)

    def _slot(self) -> None:
        from heilongjiang_newmedia.pipeline import kernels

        spare = None
        while True:
            item = self.tasks.get()
            if item is None:
                break
            task, fut = item
            try:
                kernel = spare or self._start_kernel()
            except Exception as exc:
                fut.executed.set_result(False)
                fut.set_result({"ok": False, "message": f"chapter {task['stem']}: {exc}", "timings": {},
                                "staging": None})
                spare = None
                continue
            spare = None
            with self.lock:
                want_spare = self.expect > 0
            if want_spare:
                try:
                    spare = self._start_kernel()
                except Exception:
                    spare = None
            res = execute_chapter(task, kernel)
            kernel.shutdown()
            fut.executed.set_result(res["ok"])  # the slot is free for the next chapter while this one renders
            if res["ok"]:
                self._render(fut, task, res)
            else:
                fut.set_result(res)
        if spare is not None:
            kernels.discard(spare)

    def _render(self, fut: Future, task: dict[str, Any], res: dict[str, Any]) -> None:
        """HTML + PDF in a render worker; if none can run (e.g. a worker died, or the platform has no forkserver),
        in a render thread of this process instead."""
        from heilongjiang_newmedia.pipeline import layout

        def local() -> None:
            try:
                fut.set_result(self.local_pool.submit(layout.chapter_job, task, res, str(self.opts.out)).result())
            except BaseException as exc:
                fut.set_result({**res, "ok": False, "message": f"chapter {task['stem']}: renderer failed: {exc!r}"})

        if self._local_pool is not None:
            local()
            return
        try:
            rf = self.render_pool.submit(layout.chapter_job, task, res, str(self.opts.out))
        except Exception:
            local()
            return

        def done(f) -> None:
            try:
                fut.set_result(f.result())
            except BaseException:  # the render worker died: render here
                threading.Thread(target=local, daemon=True).start()

        rf.add_done_callback(done)

    @property
    def local_pool(self):
        with self.lock:
            if self._local_pool is None:
                from concurrent.futures import ThreadPoolExecutor

                self._local_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="hlj-render")
            return self._local_pool

    def submit(self, task: dict[str, Any]) -> Future:
        """Queue a chapter; the future completes when it is executed and rendered (or failed). ``future.executed``
        completes as soon as its notebook has run, when its execution slot takes the next chapter."""
        fut: Future = Future()
        fut.executed = Future()  # type: ignore[attr-defined]
        if len(self.slots) < self.opts.jobs:
            t = threading.Thread(target=self._slot, name=f"hlj-slot-{len(self.slots)}", daemon=True)
            t.start()
            self.slots.append(t)
        self.tasks.put((task, fut))
        return fut

    def book(self, parts, stems, target) -> None:
        """book.pdf: the cover/contents and the appendix laid out at once in the two render workers, then joined
        with the chapter PDFs here."""
        from heilongjiang_newmedia.pipeline import layout

        if self._local_pool is None:
            try:
                from heilongjiang_newmedia.reporting.pdfjoin import join_pdfs

                out = self.opts.out
                stems = layout.book_stems(stems, out)
                back = self.render_pool.submit(layout.back_job, parts, str(out))
                front, links = self.render_pool.submit(layout.front_job, parts, stems, str(out)).result()
                join_pdfs([front, *(out / "pdf" / f"{s}.pdf" for s in stems), back.result()], Path(target), links)
                return
            except BaseException as exc:
                from concurrent.futures.process import BrokenProcessPool

                if not isinstance(exc, BrokenProcessPool):
                    raise
        self.local_pool.submit(layout.book_job, parts, stems, str(target), str(self.opts.out)).result()

    def close(self) -> None:
        for _ in self.slots:
            self.tasks.put(None)
        for t in self.slots:
            t.join()
        with self._render_lock:  # waits for a render pool still starting (warm), then stops its workers
            self._render_closed = True
            pool = self._render_pool
        if pool is not None:  # its work is done and collected: no need to wait for a tidy exit
            procs = list(getattr(pool, "_processes", {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:
                proc.kill()
            for proc in procs:
                proc.join(5)
        if self._local_pool is not None:
            self._local_pool.shutdown(wait=True)
        with self._zygote_lock:  # waits for a fork server still starting (warm), then stops it
            self._closed = True
            if self._zygote:
                self._zygote.stop()


# -- commit (parent process) ---------------------------------------------------------------------------------------
def commit(out: Path, stem: str, staging: Path, record: dict[str, Any] | None = None) -> None:
    """Install a chapter's finished outputs from ``staging`` as one crash-consistent unit (see :mod:`.journal`):
    html, pdf, executed notebook, results json, ``exhibits/<chapter>/`` and the cache record all change together.
    An output the new build did not produce (e.g. no recorded results) is removed rather than left from the old one."""
    moves: list[tuple[Path, Path]] = []
    delete: list[Path] = []
    new_ex, cur_ex = staging / "exhibits" / stem, out / "exhibits" / stem
    (moves if new_ex.is_dir() else delete).append((new_ex, cur_ex) if new_ex.is_dir() else cur_ex)
    for kind, dst in outputs_of(out, stem).items():
        src = staging / kind / dst.name
        if src.is_file():
            moves.append((src, dst))
        else:
            delete.append(dst)
    if record is not None:
        # the record names the exact files it describes, so a reader can tell they belong together
        record = {**record, "outputs": {k: cache.sha256_file(s) for s, d in moves for k, p in
                                        outputs_of(out, stem).items() if p == d}}
        src = staging / "cache" / f"{stem}.json"
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
        moves.append((src, cache.record_path(out, stem)))
    delete.append(out / "_failed" / f"{stem}.ipynb")
    journal.commit_unit(out, f"chapter-{stem}", staging, moves, delete)


def keep_failed(out: Path, stem: str, executed: str | None) -> Path | None:
    if not executed:
        return None
    dst = out / "_failed" / f"{stem}.ipynb"
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(".ipynb.tmp")
    shutil.copyfile(executed, tmp)
    os.replace(tmp, dst)
    return dst


def merge_manifests(out: Path, stems: list[str]) -> list[dict]:
    """``exhibits/manifest.json``: every chapter's exhibits, in chapter order."""
    manifests = []
    for stem in stems:
        path = out / "exhibits" / stem / "manifest.json"
        if path.is_file():
            manifests.append(_read_manifest(path))
    path = out / "exhibits" / "manifest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"chapters": manifests}, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return manifests


# -- scheduling ----------------------------------------------------------------------------------------------------
class Progress:
    def __init__(self, stream=None):
        self.t0 = time.perf_counter()
        self.stream = stream or sys.stderr

    def __call__(self, status: str, stem: str, extra: str = "") -> None:
        print(f"[{time.perf_counter() - self.t0:7.1f}s] {status:<8} {stem}{'  ' + extra if extra else ''}",
              file=self.stream, flush=True)


def longest_first(specs: list[ChapterSpec], out: Path, notebooks_dir: Path) -> list[ChapterSpec]:
    """``specs`` in the order to start them: the most expensive first, so that cheap chapters fill the slots at
    the end and the last PDF to be laid out is a short one (dependencies are still respected by the scheduler).

    Expected cost: each chapter's build time recorded by the previous build into ``out``, when every chapter has
    one; otherwise the number of exhibits its notebook makes (figures and tables dominate both the cells and the
    PDF layout). Ties keep the chapter order. The order changes no output."""
    records = [cache.load_record(out, s.stem) or {} for s in specs]
    if all(isinstance(r.get("seconds"), (int, float)) for r in records):
        cost = [float(r["seconds"]) for r in records]
    else:
        cost = []
        for s in specs:
            try:
                nb = json.loads(s.notebook(notebooks_dir).read_text(encoding="utf-8"))
                cells = [c for c in nb.get("cells", []) if c.get("cell_type") == "code"]
                cost.append(float(sum("".join(c.get("source", "")).count(".exhibit(") for c in cells)))
            except (OSError, ValueError, AttributeError):
                cost.append(0.0)
    order = sorted(range(len(specs)), key=lambda i: (-cost[i], i))
    return [specs[i] for i in order]


def build_chapters(specs: list[ChapterSpec], params: dict[str, dict[str, Any]], opts: Options,
                   progress: Callable[[str, str, str], None] | None = None,
                   pipeline: Pipeline | None = None) -> list[ChapterResult]:
    """Build ``specs`` (dependencies first, up to ``opts.jobs`` at a time); returns one result per chapter."""
    progress = progress or Progress()
    out = opts.out
    own = pipeline is None
    selected = {s.stem for s in specs}
    results: dict[str, ChapterResult] = {}
    started: dict[str, float] = {}
    keys: dict[str, dict[str, str]] = {}
    for s in specs:
        progress("queued", s.stem)
    pending = longest_first(specs, out, opts.notebooks_dir)
    running: dict[Future, ChapterSpec] = {}
    workers = max(1, min(opts.jobs, len(specs)))
    try:
        while pending or running:
            for spec in list(pending):
                deps = [d for d in spec.depends_on if d in selected]
                if any(d not in results for d in deps):
                    continue
                if sum(not f.executed.done() for f in running) >= workers:  # submit only when a slot is free;
                    break  # chapters that are only rendering (in a render worker) do not hold a slot
                pending.remove(spec)
                bad = [d for d in deps if results[d].status == "failed"]
                if bad:
                    results[spec.stem] = ChapterResult(spec.stem, "failed",
                                                       message=f"chapter {spec.stem}: not built because "
                                                               f"{', '.join(bad)} failed")
                    progress("failed", spec.stem, "(dependency failed)")
                    continue
                dep_files = {d: str(outputs_of(out, d)["results"]) if outputs_of(out, d)["results"].is_file()
                             else None for d in spec.depends_on}
                dep_hashes = {d: (cache.sha256_file(Path(p)) if p else None) for d, p in dep_files.items()}
                nb_path = spec.notebook(opts.notebooks_dir)
                lang = params[spec.stem].get("lang", "zh")
                parts = cache.key_parts(nb_path, params[spec.stem], {"show_code": opts.show_code, "lang": lang,
                                                                     "data_dir_env": opts.data_dir}, dep_hashes)
                keys[spec.stem] = parts
                reason = "forced" if opts.force else cache.stale_reason(
                    cache.load_record(out, spec.stem), parts, [outputs_of(out, spec.stem)[k] for k in ("html", "pdf")])
                if reason is None:
                    results[spec.stem] = ChapterResult(spec.stem, "cached")
                    progress("cached", spec.stem)
                    continue
                task = {"stem": spec.stem, "notebook": str(nb_path), "notebooks_dir": str(opts.notebooks_dir),
                        "params": params[spec.stem], "lang": lang, "title": spec.title(lang),
                        "show_code": opts.show_code, "timeout": opts.timeout, "dep_results": dep_files}
                if pipeline is None:
                    pipeline = Pipeline(opts)
                pipeline.warm()
                with pipeline.lock:
                    pipeline.expect = len(pending)
                running[pipeline.submit(task)] = spec
                started[spec.stem] = time.perf_counter()
                progress("running", spec.stem, f"({reason})")
            if not running:
                continue
            done, _ = wait(list(running) + [f.executed for f in running if not f.executed.done()],
                           return_when=FIRST_COMPLETED)
            for fut in [f for f in done if f in running]:
                spec = running.pop(fut)
                stem, seconds = spec.stem, time.perf_counter() - started[spec.stem]
                res = fut.result()
                staging = Path(res["staging"]) if res.get("staging") else None
                if res["ok"]:
                    commit(out, stem, staging, {"parts": keys[stem], "key": cache.key_of(keys[stem]),
                                                "data_files": res["data_files"], "params": params[stem],
                                                "timings": {k: round(v, 3) for k, v in res["timings"].items()},
                                                "seconds": round(seconds, 2), "date": res["date"]})
                    results[stem] = ChapterResult(stem, "done", seconds, timings=res["timings"])
                    progress("done", stem, f"({seconds:.1f}s: " + ", ".join(
                        f"{k} {v:.1f}s" for k, v in res["timings"].items()) + ")")
                else:
                    kept = keep_failed(out, stem, res.get("executed"))
                    msg = res["message"] + (f"\n    executed notebook kept: {kept}" if kept else "")
                    results[stem] = ChapterResult(stem, "failed", seconds, msg, res.get("timings", {}))
                    progress("failed", stem, f"({seconds:.1f}s)")
                if staging is not None:
                    shutil.rmtree(staging, ignore_errors=True)
    finally:
        if own and pipeline is not None:
            pipeline.close()
    return [results[s.stem] for s in specs]


def build(specs: list[ChapterSpec], params: dict[str, dict[str, Any]], opts: Options, all_specs: list[ChapterSpec],
          progress=None, pipeline: Pipeline | None = None) -> BuildReport:
    """Chapters, then the exhibit manifest, the book and REPLICATION.md (when anything changed or is missing).

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
            rolled = journal.recover(opts.out)  # a killed build's half-done commits are finished first
            if rolled:
                progress("recovered", ", ".join(rolled), "(commit interrupted by a crash, completed now)")
            return _build(specs, params, opts, all_specs, progress, pipeline, t0)
        finally:
            lock.release()
    finally:
        pipeline.close()


def _build(specs, params, opts, all_specs, progress, pipeline, t0) -> BuildReport:
    results = build_chapters(specs, params, opts, progress, pipeline)
    stems = [s.stem for s in all_specs if outputs_of(opts.out, s.stem)["html"].is_file()]
    changed = any(r.status == "done" for r in results)
    book_built = False
    if stems and (changed or not (opts.out / "book.pdf").is_file() or not (opts.out / "book.html").is_file()
                  or not (opts.out / "exhibits" / "manifest.json").is_file()):
        manifests = merge_manifests(opts.out, stems)
        from heilongjiang_newmedia.reporting.book import build_book

        progress("running", "book")
        try:
            build_book(opts.out, [s for s in all_specs if s.stem in stems], manifests,
                       renderer=pipeline.book if pipeline is not None else None)
            book_built = True
            progress("done", "book")
        except Exception as exc:
            results.append(ChapterResult("book", "failed", message=f"book: {type(exc).__name__}: {exc}"))
            progress("failed", "book")
    report = BuildReport(results, time.perf_counter() - t0, book_built)
    if changed or not (opts.out / "REPLICATION.md").is_file():
        from heilongjiang_newmedia.reporting.replication import write_replication

        write_replication(opts.out, [s for s in all_specs if s.stem in stems], report)
    try:
        (opts.out / journal.STAGING_DIR).rmdir()
    except OSError:
        pass
    return report
