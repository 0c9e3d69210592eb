"""The build's worker machinery: execution slots (threads, one fresh kernel per chapter, forked from a kernel
server) feeding render worker processes (forked warm from a render server); the book's PDF parts laid out there."""
from __future__ import annotations

import os
import threading
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.pipeline import journal
from heilongjiang_newmedia.pipeline.chapter_jobs import execute_chapter
from heilongjiang_newmedia.pipeline.options import Options

RENDER_WORKERS = 2  # render processes at most; they are forked warm (see Pipeline.render_pool)


def _lower_priority() -> None:
    """Run the calling thread at a lower CPU priority (nice +10) where the system allows a thread its own (Linux);
    elsewhere, nothing."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):
        pass


class Pipeline:
    """``jobs`` execution slots (threads, each running chapters one after another in fresh kernels forked from the
    kernel server; the next kernel is pre-started while a chapter runs, for whichever slot takes the next chapter)
    feeding up to ``RENDER_WORKERS``
    render worker processes (nbconvert + WeasyPrint, forked warm from the render server). Kernel and render
    processes do the work in parallel; this process exchanges messages with them, commits outputs and joins the
    book."""

    def __init__(self, opts: Options):
        import queue

        self.opts = opts
        self.tasks: queue.Queue = queue.Queue()
        self.expect = 0  # chapters that may still be submitted (pending): worth pre-starting a kernel for
        self.spares: list = []  # kernels pre-started for the next chapter, whichever slot takes it
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
        self.board = None  # the build's CitationBoard (numbering.py): a chapter renders once it has its numbers

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
        from heilongjiang_newmedia.loading.lean_imports import skip_unused_imports

        skip_unused_imports()

        def start_servers() -> None:
            try:
                self._ensure_zygote()
                self.render_pool
            except (OSError, RuntimeError, ValueError):  # no render process: chapters are rendered here (_render)
                pass

        threading.Thread(target=start_servers, name="hlj-servers", daemon=True).start()
        from heilongjiang_newmedia.pipeline import kernels

        kernels.sweep_stale()

        def imports() -> None:
            try:
                import papermill  # noqa: F401
            except ImportError:  # imported again, and reported, where it is used
                pass
            from heilongjiang_newmedia.pipeline.book_stage import preload

            _lower_priority()  # the book stage is seconds away: the first kernel and the renderer go first
            try:
                preload()  # what the book stage imports, while the chapters run
            except Exception:  # only a head start: the book stage meets (and reports) the same error itself
                pass

        threading.Thread(target=imports, daemon=True).start()

    def _ensure_zygote(self):
        from heilongjiang_newmedia.pipeline import kernels

        with self._zygote_lock:
            if self._zygote is None and not self._closed:  # start the fork server once (fallback: plain kernels)
                self._zygote = kernels.Zygote.start(self.opts.notebooks_dir,
                                                    warm_validation=self.opts.data_dir is not None) or False
            return self._zygote or None

    def _start_kernel(self):
        from heilongjiang_newmedia.pipeline import kernels

        zygote = self._ensure_zygote()
        return kernels.start(self.staging_root, self.opts.notebooks_dir, self.opts.data_dir, zygote=zygote)

    def _slot(self) -> None:
        while True:
            item = self.tasks.get()
            if item is None:
                break
            task, fut = item
            with self.lock:
                kernel = self.spares.pop(0) if self.spares else None
            try:
                kernel = kernel or self._start_kernel()
            except Exception as exc:
                fut.executed.set_result(None)
                fut.set_result({"ok": False, "message": f"chapter {task['stem']}: {exc}", "timings": {},
                                "staging": None})
                continue
            with self.lock:
                want_spare = self.expect > len(self.spares)
            if want_spare:
                try:
                    spare = self._start_kernel()
                    with self.lock:
                        self.spares.append(spare)
                except RuntimeError:  # no spare kernel: the next chapter starts its own (and reports a failure)
                    pass
            res = execute_chapter(task, kernel)
            kernel.shutdown()
            # the slot is free for the next chapter while this one renders; a chapter that reads this one's findings
            # may start on them (the staging directory holds them)
            fut.executed.set_result(res["staging"] if res["ok"] else None)
            if self.board is not None:
                self.board.settle(task["stem"], res.get("citations") if res["ok"] else None)
            if res["ok"]:
                self._render_numbered(fut, task, res)
            else:
                fut.set_result(res)

    def _render_numbered(self, fut: Future, task: dict[str, Any], res: dict[str, Any]) -> None:
        """Render once the chapter's citation numbers are known (the chapters before it have executed): waits in a
        thread of its own, so the execution slot takes the next chapter meanwhile."""
        board = self.board
        if board is None:
            self._render(fut, task, res)
            return

        def wait_then_render() -> None:
            try:
                nums = board.numbers(task["stem"], res.get("citations") or [])
            except BaseException as exc:
                fut.set_result({**res, "ok": False, "message": f"chapter {task['stem']}: numbering failed: {exc!r}"})
                return
            self._render(fut, task, {**res, "cite_numbers": nums})

        threading.Thread(target=wait_then_render, name=f"hlj-number-{task['stem']}", daemon=True).start()

    def rerender(self, task: dict[str, Any], res: dict[str, Any]) -> Future:
        """Render an already executed chapter again (its citation numbers changed); the future gives the result."""
        fut: Future = Future()
        self._render(fut, task, res)
        return fut

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
        except (OSError, RuntimeError, ValueError):  # no render process (or a broken pool): render here
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
        completes as soon as its notebook has run, when its execution slot takes the next chapter: with the
        chapter's staging directory when it ran, else None."""
        fut: Future = Future()
        fut.executed = Future()  # type: ignore[attr-defined]
        if len(self.slots) < self.opts.jobs:
            t = threading.Thread(target=self._slot, name=f"hlj-slot-{len(self.slots)}", daemon=True)
            t.start()
            self.slots.append(t)
        self.tasks.put((task, fut))
        return fut

    def book(self, parts, stems, target, extra=()) -> None:
        """book.pdf: the cover/contents and the appendix laid out at once in the two render workers, then joined
        with the chapter PDFs here; ``extra`` jobs (``(function, args)``, e.g. the DOCX) run in the render workers
        after those parts, alongside the join."""
        from heilongjiang_newmedia.pipeline import layout

        if self._local_pool is None:
            try:
                from heilongjiang_newmedia.reporting.pdfjoin import join_pdfs

                out = self.opts.out
                stems = layout.book_stems(stems, out)
                guess = parts.get("back_offsets") or {}  # the last book's: the front need not wait for the back
                back = self.render_pool.submit(layout.back_job, parts, str(out))
                front = self.render_pool.submit(layout.front_job, parts, stems, str(out), guess)
                others = [self.render_pool.submit(fn, *args) for fn, args in extra]
                back_pdfs, offsets = back.result()
                parts["back_offsets"] = offsets
                if offsets != guess:  # the reference list changed length: the contents' pages are laid out again
                    front = self.render_pool.submit(layout.front_job, parts, stems, str(out), offsets)
                front_pdf, links, numbered = front.result()
                pdfs = [front_pdf, *(out / "pdf" / f"{s}.pdf" for s in stems), *back_pdfs]
                def folios(first: int, n: int) -> bytes:  # the sheet of page numbers is laid out there too
                    return self.render_pool.submit(layout.folio_job, first, n, str(out)).result()

                join_pdfs(pdfs, Path(target), links, numbered_from=numbered, folios=folios)
                for job in others:
                    job.result()
                return
            except BaseException as exc:
                from concurrent.futures.process import BrokenProcessPool

                if not isinstance(exc, BrokenProcessPool):
                    raise
        self.local_pool.submit(layout.book_job, parts, stems, str(target), str(self.opts.out)).result()
        for fn, args in extra:
            self.local_pool.submit(fn, *args).result()

    def close(self) -> None:
        from heilongjiang_newmedia.pipeline import kernels

        for _ in self.slots:
            self.tasks.put(None)
        for t in self.slots:
            t.join()
        with self.lock:
            spares, self.spares = self.spares, []
        for spare in spares:  # pre-started for a chapter that did not come
            kernels.discard(spare)
        with self._render_lock:  # waits for a render pool still starting (warm), then stops its workers
            self._render_closed = True
            pool = self._render_pool
        self._stop_render_pool(pool)
        if self._local_pool is not None:
            self._local_pool.shutdown(wait=True)
        with self._zygote_lock:  # waits for a fork server still starting (warm), then stops it
            self._closed = True
            if self._zygote:
                self._zygote.stop()

    def abandon(self) -> None:
        """Close before anything was submitted (the parameters or the data were refused): stop the servers that
        have started, without waiting for one still starting (:meth:`warm`). Such a server follows this process
        and exits with it (:mod:`.lifeline`; the kernel fork server watches its parent), so a refused build
        answers at once instead of after the servers' warm-up."""
        self._closed = self._render_closed = True
        if self._render_lock.acquire(blocking=False):
            try:
                pool = self._render_pool
            finally:
                self._render_lock.release()
            self._stop_render_pool(pool)
        if self._zygote_lock.acquire(blocking=False):
            try:
                if self._zygote:
                    self._zygote.stop()
            finally:
                self._zygote_lock.release()

    @staticmethod
    def _stop_render_pool(pool) -> None:
        if pool is not None:  # its work is done and collected: no need to wait for a tidy exit
            procs = list(getattr(pool, "_processes", {}).values())
            pool.shutdown(wait=False, cancel_futures=True)
            for proc in procs:
                proc.kill()
            for proc in procs:
                proc.join(5)
