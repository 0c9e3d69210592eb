"""Citation numbers during a build: a chapter is rendered once the chapters before it (book order) have executed,
because its numbers depend on what they cite first (:mod:`heilongjiang_newmedia.reporting.citations`).

:class:`CitationBoard` collects each chapter's cited keys as it executes (or from its build record when it is not
rebuilt) and hands a chapter its numbers once every earlier chapter is known. Chapters that are not re-executed
but whose numbers changed are re-rendered from their executed notebook (:func:`stale_numbers`), not re-executed.
"""
from __future__ import annotations

import json
import threading
from pathlib import Path

from heilongjiang_newmedia.reporting.citations import chapter_numbers, notebook_keys
from heilongjiang_newmedia.reporting.provenance import load_record

__all__ = ["CitationBoard", "recorded_keys", "stale_numbers"]


def recorded_keys(out: Path, stem: str) -> list[str] | None:
    """The keys a built chapter cites: from its build record, or read from its executed notebook (a record written
    before citations were recorded); None when the chapter has no outputs."""
    rec = load_record(out, stem)
    if rec is None:
        return None
    if isinstance(rec.get("citations"), list):
        return list(rec["citations"])
    try:
        nb = json.loads((out / "executed" / f"{stem}.ipynb").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return notebook_keys(nb, (rec.get("params") or {}).get("lang", "zh"))


class CitationBoard:
    """The keys each chapter of ``order`` cites. Chapters in ``pending`` are settled as they execute (or fail);
    the others are read from ``out`` at once. :meth:`numbers` blocks until every earlier chapter is settled."""

    def __init__(self, out: Path, order: list[str], pending: set[str]):
        self.out = Path(out)
        self.order = list(order)
        self.previous = {s: recorded_keys(self.out, s) for s in self.order}
        self.keys: dict[str, list[str]] = {s: k or [] for s, k in self.previous.items() if s not in pending}
        self._cond = threading.Condition()
        self._closed = False

    def settle(self, stem: str, keys: list[str] | None) -> None:
        """``stem`` has executed and cites ``keys``; ``None``: it did not run (cached, failed): its recorded keys."""
        with self._cond:
            self.keys[stem] = list(keys) if keys is not None else list(self.previous.get(stem) or [])
            self._cond.notify_all()

    def close(self) -> None:
        """Release every waiter (end of the build, or an error): numbers are then computed from what is known."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def _prior(self, stem: str) -> list[str]:
        return self.order[:self.order.index(stem)] if stem in self.order else list(self.order)

    def numbers(self, stem: str, own: list[str]) -> dict[str, int]:
        """The numbers of ``stem``'s keys ``own``, once every chapter before it is settled."""
        prior = self._prior(stem)
        with self._cond:
            self._cond.wait_for(lambda: self._closed or all(s in self.keys for s in prior))
            return chapter_numbers([self.keys.get(s, []) for s in prior], own)


def stale_numbers(board: CitationBoard, stems: list[str]) -> dict[str, dict[str, int]]:
    """Chapters of ``stems`` with outputs whose recorded numbers differ from the numbers they get now:
    ``{stem: numbers}`` (their pages must be rendered again)."""
    out = {}
    for stem in stems:
        rec = load_record(board.out, stem)
        if rec is None or not (board.out / "executed" / f"{stem}.ipynb").is_file():
            continue
        nums = board.numbers(stem, board.keys.get(stem, []))
        if rec.get("cite_numbers") != nums:
            out[stem] = nums
    return out


def rerender(out: Path, stems_numbers: dict[str, dict[str, int]], board: CitationBoard, pipeline, show_code: bool,
             progress) -> dict[str, tuple[bool, float, str]]:
    """Render the chapters ``stems_numbers`` again from their executed notebooks with their new numbers and install
    the new HTML and PDF (the rest of each chapter's outputs is unchanged): ``{stem: (ok, seconds, message)}``."""
    import shutil
    import time
    import uuid

    from heilongjiang_newmedia.params import chapter
    from heilongjiang_newmedia.pipeline import journal
    from heilongjiang_newmedia.pipeline.commit import commit_render

    jobs = {}
    for stem, nums in stems_numbers.items():
        rec = load_record(out, stem) or {}
        lang = (rec.get("params") or {}).get("lang", "zh")
        staging = out / journal.STAGING_DIR / f"{stem}-render-{uuid.uuid4().hex[:8]}"
        (staging / "executed").mkdir(parents=True)
        shutil.copyfile(out / "executed" / f"{stem}.ipynb", staging / "executed" / f"{stem}.ipynb")
        manifest = out / "exhibits" / stem / "manifest.json"
        if manifest.is_file():
            (staging / "exhibits" / stem).mkdir(parents=True)
            shutil.copyfile(manifest, staging / "exhibits" / stem / "manifest.json")
        task = {"stem": stem, "lang": lang, "title": chapter(stem).title(lang), "show_code": show_code}
        res = {"staging": str(staging), "timings": {}, "citations": board.keys.get(stem, []), "cite_numbers": nums}
        progress("running", stem, "(citation numbers changed: rendering again)")
        jobs[stem] = (time.perf_counter(), staging, rec, pipeline.rerender(task, res))
    done = {}
    for stem, (t0, staging, rec, fut) in jobs.items():
        res = fut.result()
        seconds = time.perf_counter() - t0
        if res.get("ok"):
            timings = {**(rec.get("timings") or {}), **{k: round(v, 3) for k, v in res["timings"].items()}}
            commit_render(out, stem, staging, {**rec, "timings": timings, "cite_numbers": res["cite_numbers"],
                                                "citations": res.get("citations", [])})
            progress("done", stem, f"({seconds:.1f}s: rendered again)")
        else:
            progress("failed", stem, f"({seconds:.1f}s)")
        shutil.rmtree(staging, ignore_errors=True)
        done[stem] = (bool(res.get("ok")), seconds, res.get("message", ""))
    return done
