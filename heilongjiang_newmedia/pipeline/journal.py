"""Crash-consistent commits of a group of outputs (a chapter's files, or the book) with a write-ahead journal.

A unit's new files are first written completely into a staging directory inside the reports directory (same file
system, so every move is a ``rename``). :func:`commit_unit` then

1. fsyncs the staged files, writes ``<out>/.journal/<unit>.json`` (the list of moves and deletions) atomically —
   this is the commit point;
2. applies the moves (``os.replace``; a directory target is first moved aside into the staging directory) and the
   deletions;
3. removes the journal, then the staging directory (a chapter's in the background: :func:`remove_later`).

Every step of 2 is idempotent, so :func:`recover` (run by the next build under the build lock, before anything else)
replays any journal left by a build that was killed (roll forward), and deletes staging directories without a
journal (roll back: the previous outputs were never touched). After a SIGKILL at any moment and the next build's
recovery, each unit is either entirely the previous set of files or entirely the new one; no public file is ever
truncated, because each one is replaced by a rename of a complete file.
"""
from __future__ import annotations

import json
import os
import shutil
import threading
from pathlib import Path

JOURNAL_DIR = ".journal"
STAGING_DIR = ".staging"

_REMOVALS: list[threading.Thread] = []  # staging directories being deleted (remove_later)


def remove_later(path: Path) -> None:
    """Delete ``path`` (a staging directory no journal refers to any more) in a background thread: deleting a
    chapter's kernel folder takes 0.2 s, which the next chapter's commit need not wait for. A build killed before
    it is done leaves the rest to the next build's :func:`recover`; :func:`wait_removals` waits for them all."""
    t = threading.Thread(target=shutil.rmtree, args=(path,), kwargs={"ignore_errors": True},
                         name="hlj-remove-staging", daemon=True)
    t.start()
    _REMOVALS.append(t)


def wait_removals() -> None:
    """Wait until every deletion started by :func:`remove_later` has finished."""
    while _REMOVALS:
        _REMOVALS.pop().join()


def _fsync_file(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _fsync_tree(path: Path) -> None:
    if path.is_file():
        _fsync_file(path)
    elif path.is_dir():
        for p in path.rglob("*"):
            if p.is_file():
                _fsync_file(p)


# A directory is fsynced the same way as a file (open read-only, fsync): one function serves both.
_fsync_dir = _fsync_file


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename (fsynced)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _fsync_dir(path.parent)


def _rel(out: Path, p: Path) -> str:
    return Path(p).resolve().relative_to(out.resolve()).as_posix()


def _apply(out: Path, entry: dict) -> None:
    staging = out / entry["staging"]
    aside = staging / ".replaced"
    for i, (src_rel, dst_rel) in enumerate(entry["moves"]):
        src, dst = out / src_rel, out / dst_rel
        if not os.path.lexists(src):
            continue  # already moved by an earlier (interrupted) run of this journal
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir() and os.path.lexists(dst):
            aside.mkdir(parents=True, exist_ok=True)
            old = aside / f"{i}"
            if os.path.lexists(old):
                shutil.rmtree(old, ignore_errors=True)
            os.replace(dst, old)
        os.replace(src, dst)
    for dst_rel in entry.get("delete", []):
        dst = out / dst_rel
        if dst.is_dir() and not dst.is_symlink():
            shutil.rmtree(dst, ignore_errors=True)
        elif os.path.lexists(dst):
            os.unlink(dst)
    for parent in sorted({(out / m[1]).parent for m in entry["moves"]}):
        _fsync_dir(parent)


def journal_path(out: Path, unit: str) -> Path:
    return out / JOURNAL_DIR / f"{unit}.json"


def commit_unit(out: Path, unit: str, staging: Path, moves: list[tuple[Path, Path]],
                delete: list[Path] = (), later: bool = False) -> None:
    """Move ``moves`` (``src`` inside ``staging`` -> ``dst`` inside ``out``) and delete ``delete`` as one unit;
    ``staging`` is removed afterwards (with ``later``, in the background: :func:`remove_later`)."""
    out = Path(out)
    moves = [(Path(s), Path(d)) for s, d in moves if os.path.lexists(s)]
    for src, _ in moves:
        _fsync_tree(src)
    entry = {"unit": unit, "staging": _rel(out, staging), "moves": [[_rel(out, s), _rel(out, d)] for s, d in moves],
             "delete": [_rel(out, d) for d in delete]}
    jpath = journal_path(out, unit)
    write_atomic(jpath, json.dumps(entry, ensure_ascii=False, indent=1).encode("utf-8"))  # commit point
    _apply(out, entry)
    jpath.unlink()
    _fsync_dir(jpath.parent)
    if later:
        remove_later(staging)
    else:
        shutil.rmtree(staging, ignore_errors=True)


def pending(out: Path) -> list[str]:
    """Units with a journal not yet fully applied (a build was killed while committing them)."""
    d = Path(out) / JOURNAL_DIR
    return sorted(p.stem for p in d.glob("*.json")) if d.is_dir() else []


def recover(out: Path) -> list[str]:
    """Finish every interrupted commit (roll forward), then delete staging leftovers (roll back of uncommitted work).

    Call with the build lock held. Returns the units rolled forward."""
    out = Path(out)
    done = []
    jdir = out / JOURNAL_DIR
    if jdir.is_dir():
        for p in sorted(jdir.glob("*.json")):
            try:
                entry = json.loads(p.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                p.unlink(missing_ok=True)  # never completed its rename: the commit point was not reached
                continue
            _apply(out, entry)
            p.unlink()
            shutil.rmtree(out / entry["staging"], ignore_errors=True)
            done.append(entry.get("unit", p.stem))
        for p in jdir.glob(".*.tmp"):
            p.unlink(missing_ok=True)
    st = out / STAGING_DIR
    if st.is_dir():
        shutil.rmtree(st, ignore_errors=True)
    for p in list(out.glob(".*.tmp")) + list(out.glob("*.tmp")) + list((out / "exhibits").glob("*.tmp")):
        if p.is_file():
            p.unlink(missing_ok=True)
    return done
