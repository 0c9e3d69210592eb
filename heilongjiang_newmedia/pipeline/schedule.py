"""Scheduling the chapters of a build: cache check, dependency order, most expensive first, up to ``jobs`` at a
time; each finished chapter committed (or kept as failed) as it completes."""
from __future__ import annotations

import hashlib
import json
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, wait
from pathlib import Path
from typing import Any, Callable

from heilongjiang_newmedia.params import ChapterSpec
from heilongjiang_newmedia.pipeline import cache, journal
from heilongjiang_newmedia.pipeline.commit import commit, keep_failed
from heilongjiang_newmedia.pipeline.options import ChapterResult, Options, outputs_of
from heilongjiang_newmedia.pipeline.workers import Pipeline


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


def executed_early(running: dict[Future, ChapterSpec]) -> dict[str, str]:
    """Chapters of ``running`` that have executed successfully and are still being rendered: ``{stem: staging
    directory}``. Their findings are final, so a chapter that reads them can start executing now."""
    return {spec.stem: f.executed.result() for f, spec in running.items()
            if f.executed.done() and f.executed.result()}


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def build_chapters(specs: list[ChapterSpec], params: dict[str, dict[str, Any]], opts: Options,
                   progress: Callable[[str, str, str], None] | None = None,
                   pipeline: Pipeline | None = None, order: list[str] | None = None) -> list[ChapterResult]:
    """Build ``specs`` (dependencies first, up to ``opts.jobs`` at a time); returns one result per chapter, plus one
    for each other chapter of ``order`` (the book's chapters, in order) rendered again because its citation numbers
    changed (:mod:`.numbering`)."""
    from heilongjiang_newmedia.pipeline.numbering import CitationBoard, rerender, stale_numbers

    progress = progress or Progress()
    out = opts.out
    own = pipeline is None
    selected = {s.stem for s in specs}
    results: dict[str, ChapterResult] = {}
    started: dict[str, float] = {}
    keys: dict[str, dict[str, str]] = {}
    for s in specs:
        progress("queued", s.stem)
    order = list(order or [s.stem for s in specs])
    # a chapter is rendered once the chapters before it have executed (its citation numbers depend on them): start
    # them in book order, so that no finished chapter waits long for an earlier one still queued
    pending = sorted(specs, key=lambda s: order.index(s.stem) if s.stem in order else len(order))
    board = CitationBoard(out, order + [s.stem for s in specs if s.stem not in order], selected)
    if pipeline is not None:
        pipeline.board = board
    running: dict[Future, ChapterSpec] = {}
    held: list[tuple[ChapterSpec, dict[str, Any], float]] = []  # finished, waiting for a dependency's commit
    workers = max(1, min(opts.jobs, len(specs)))
    try:
        while pending or running:
            for spec in list(pending):
                deps = [d for d in spec.depends_on if d in selected]
                early = {**executed_early(running), **{h[0].stem: h[1]["staging"] for h in held
                                                         if h[1].get("ok") and h[1].get("staging")}}
                if any(d not in results and d not in early for d in deps):
                    continue
                if sum(not f.executed.done() for f in running) >= workers:  # submit only when a slot is free;
                    break  # chapters that are only rendering (in a render worker) do not hold a slot
                pending.remove(spec)
                bad = [d for d in deps if d in results and results[d].status == "failed"]
                if bad:
                    board.settle(spec.stem, None)
                    results[spec.stem] = ChapterResult(spec.stem, "failed",
                                                       message=f"chapter {spec.stem}: not built because "
                                                               f"{', '.join(bad)} failed")
                    progress("failed", spec.stem, "(dependency failed)")
                    continue
                # what the chapter reads of the chapters it depends on: their findings as committed, or, for a
                # dependency still rendering, as its execution recorded them (the same bytes it will commit)
                dep_files = {kind: {d: _read_bytes(Path(early[d]) / kind / outputs_of(out, d)[kind].name
                                                   if d in early and d not in results else outputs_of(out, d)[kind])
                                    for d in spec.depends_on} for kind in ("findings",)}
                dep_hashes = {f"{d}:{kind}": (hashlib.sha256(data).hexdigest() if data is not None else None)
                              for kind, files in dep_files.items() for d, data in files.items()}
                nb_path = spec.notebook(opts.notebooks_dir)
                lang = params[spec.stem].get("lang", "zh")
                parts = cache.key_parts(nb_path, params[spec.stem], {"show_code": opts.show_code, "lang": lang,
                                                                     "data_dir_env": opts.data_dir}, dep_hashes)
                keys[spec.stem] = parts
                reason = "forced" if opts.force else cache.stale_reason(
                    cache.load_record(out, spec.stem), parts, outputs_of(out, spec.stem, exhibits=True))
                if reason is None:
                    board.settle(spec.stem, None)
                    results[spec.stem] = ChapterResult(spec.stem, "cached")
                    progress("cached", spec.stem)
                    continue
                task = {"stem": spec.stem, "notebook": str(nb_path), "notebooks_dir": str(opts.notebooks_dir),
                        "params": params[spec.stem], "lang": lang, "title": spec.title(lang),
                        "show_code": opts.show_code, "timeout": opts.timeout,
                        "dep_findings": dep_files["findings"]}
                if pipeline is None:
                    pipeline = Pipeline(opts)
                pipeline.board = board
                pipeline.warm()
                with pipeline.lock:
                    pipeline.expect = len(pending)
                running[pipeline.submit(task)] = spec
                started[spec.stem] = time.perf_counter()
                progress("running", spec.stem, f"({reason})")
            if not running:
                if held:
                    raise RuntimeError(f"build: chapter(s) {', '.join(h[0].stem for h in held)} wait for a "
                                       f"dependency that is not being built")
                continue
            done, _ = wait(list(running) + [f.executed for f in running if not f.executed.done()],
                           return_when=FIRST_COMPLETED)
            for fut in [f for f in done if f in running]:
                spec = running.pop(fut)
                held.append((spec, fut.result(), time.perf_counter() - started[spec.stem]))
            while True:  # finish chapters in dependency order: one that started on a dependency's findings before
                ready = [h for h in held if all(d in results for d in h[0].depends_on if d in selected)]
                if not ready:  # that dependency was committed waits for it (and fails with it)
                    break
                spec, res, seconds = ready[0]
                held.remove(ready[0])
                stem = spec.stem
                staging = Path(res["staging"]) if res.get("staging") else None
                committed = False
                bad = [d for d in spec.depends_on if d in selected and results[d].status == "failed"]
                if bad:
                    board.settle(stem, None)
                    results[stem] = ChapterResult(stem, "failed", seconds,
                                                  message=f"chapter {stem}: not built because {', '.join(bad)} failed")
                    progress("failed", stem, "(dependency failed)")
                elif res["ok"]:
                    commit(out, stem, staging, {"parts": keys[stem], "key": cache.key_of(keys[stem]),
                                                "data_files": res["data_files"], "params": params[stem],
                                                "timings": {k: round(v, 3) for k, v in res["timings"].items()},
                                                "seconds": round(seconds, 2), "date": res["date"],
                                                "citations": res.get("citations", []),
                                                "cite_numbers": res.get("cite_numbers", {})})
                    committed = True  # its staging directory is being removed (journal.remove_later)
                    results[stem] = ChapterResult(stem, "done", seconds, timings=res["timings"])
                    progress("done", stem, f"({seconds:.1f}s: " + ", ".join(
                        f"{k} {v:.1f}s" for k, v in res["timings"].items()) + ")")
                else:
                    kept = keep_failed(out, stem, res.get("executed"))
                    msg = res["message"] + (f"\n    executed notebook kept: {kept}" if kept else "")
                    results[stem] = ChapterResult(stem, "failed", seconds, msg, res.get("timings", {}))
                    progress("failed", stem, f"({seconds:.1f}s)")
                if staging is not None and not committed:
                    journal.remove_later(staging)
        rendered = {s for s, r in results.items() if r.status == "done"}
        stale = stale_numbers(board, [s for s in board.order if s not in rendered and
                                      not (s in results and results[s].status == "failed")])
        if stale:
            pipeline = pipeline or Pipeline(opts)
            for stem, (ok, seconds, msg) in rerender(out, stale, board, pipeline, opts.show_code, progress).items():
                results[stem] = ChapterResult(stem, "done" if ok else "failed", seconds,
                                              "" if ok else msg or f"chapter {stem}: rendering again failed")
    finally:
        board.close()
        if own and pipeline is not None:
            pipeline.close()
    extra = [s for s in board.order if s in results and s not in selected]
    return [results[s.stem] for s in specs] + [results[s] for s in extra]
