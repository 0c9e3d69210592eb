"""Checks before a build touches its report folder, each giving one plain line (and the command to run instead):
the folder is one the build may write into (:mod:`.folders`), it is writable and has room, and a partial build does
not mix two studies in one folder (:func:`settings_conflict`)."""
from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.paths import command
from heilongjiang_newmedia.pipeline.folders import problem_for_build
from heilongjiang_newmedia.reporting.provenance import load_record

#: Room a build needs in its file system: a full set of reports is about 15 MB, staged before it replaces the last.
MIN_FREE_MB = 40
MIN_FREE_ENV = "HLJ_NEWMEDIA_MIN_FREE_MB"  # tests lower it to reach a full disk inside the build

_IO_WORDS = {errno.EROFS: "the file system is read-only", errno.EACCES: "permission denied",
             errno.EPERM: "permission denied", errno.ENOSPC: "no space left on the device",
             errno.EDQUOT: "disk quota exceeded"}


def io_problem(exc: OSError, out: Path) -> str:
    """One line for an ``OSError`` met while writing the reports (read-only or full folder, permissions)."""
    what = _IO_WORDS.get(exc.errno, exc.strerror or type(exc).__name__)
    where = exc.filename or out
    hint = ("free some space, then run the same command again" if exc.errno in (errno.ENOSPC, errno.EDQUOT)
            else "choose a folder you can write to with --out DIR")
    return f"cannot write the reports in {out}: {what} ({where}); {hint}"


def writable_problem(out: Path) -> str | None:
    """Why the build cannot write in ``out`` (made if missing), or None: a probe file is written and removed, and
    the file system must have :data:`MIN_FREE_MB` free."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / f".write-test-{os.getpid()}.tmp"
        with open(probe, "wb") as fh:
            fh.write(b"0" * 4096)
            fh.flush()
            os.fsync(fh.fileno())
        probe.unlink()
    except OSError as exc:
        return io_problem(exc, out)
    need = float(os.environ.get(MIN_FREE_ENV, MIN_FREE_MB))
    free = shutil.disk_usage(out).free / 2**20
    if free < need:
        return (f"cannot write the reports in {out}: only {free:.0f} MB free on its file system, a build needs about "
                f"{need:.0f} MB; free some space, then run the same command again")
    return None


def folder_problem(out: Path, rerun: list[str]) -> str | None:
    """Why the build refuses ``out`` as its report folder (with the command that builds into a new folder)."""
    why = problem_for_build(out)
    if why is None:
        return None
    target = out / "reports" if out.is_dir() and not out.is_symlink() else out.with_name(out.name + "-reports")
    return (f"{why}. A build writes only into an empty folder or one it made, so that nothing of yours is "
            f"overwritten; to build into a new folder inside it: {command(*rerun, out=target)}")


def _shown(value: Any) -> str:
    if isinstance(value, list):
        return ",".join(map(str, value))
    return "None" if value is None else str(value)


def _numbers(stems: list[str]) -> str:
    return ", ".join(str(int(s[:2])) if s[:2].isdigit() else s for s in stems)


def settings_conflict(out: Path, selected: list[str], resolved: dict[str, dict[str, Any]],
                      present: list[str]) -> list[tuple[str, Any, Any, list[str]]]:
    """Parameters on which the chapters about to be built differ from the chapters of ``out`` left as they are:
    ``(name, value in the folder, new value, chapters of the folder)``. Empty when the build replaces every chapter
    of the folder, or when the folder agrees."""
    others = [s for s in present if s not in selected]
    found: dict[str, tuple[Any, Any, list[str]]] = {}
    for stem in others:
        params = (load_record(out, stem) or {}).get("params") or {}
        for sel in selected:
            for name, new in resolved.get(sel, {}).items():
                if name in params and params[name] != new:
                    old, _, stems = found.setdefault(name, (params[name], new, []))
                    if stem not in stems:
                        stems.append(stem)
    return [(name, old, new, stems) for name, (old, new, stems) in sorted(found.items())]


def conflict_message(out: Path, conflicts, selected: list[str], rerun: list[str], rerun_all: list[str],
                     resolved: dict[str, dict[str, Any]]) -> str:
    """The refusal of a partial build that would mix settings, with the two commands that do what was meant."""
    first = resolved.get(selected[0], {})
    tag = None
    for name, old, new, _ in conflicts:
        if name == "province":
            from heilongjiang_newmedia.loading.regions import resolve_province

            tag = resolve_province(new).en.lower().replace(" ", "-")
            break
    if tag is None:
        tag = first.get("lang") if any(c[0] == "lang" for c in conflicts) else "custom"
    own = out.with_name(f"{out.name}-{tag}")
    diffs = "; ".join(f"{name} is {_shown(old)} in chapter(s) {_numbers(stems)}, not {_shown(new)}"
                      for name, old, new, stems in conflicts)
    return (f"{out} holds chapters built with other settings: {diffs}. Building only chapter(s) "
            f"{_numbers(selected)} there would mix two studies in one report folder.\n"
            f"  to build them in a folder of their own:  {command(*rerun, out=own)}\n"
            f"  to rebuild every chapter of {out.name} with these settings:  {command(*rerun_all, out=out)}")
