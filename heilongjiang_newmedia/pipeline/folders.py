"""Report folders: what ``hlj-newmedia build`` makes in one, the marker it leaves, and what may be removed.

A report folder is one that carries the marker :data:`~heilongjiang_newmedia.loading.paths.REPORT_MARKER` (written by
every build) and holds only what builds, interactive runs and ``hlj-newmedia proof`` write there
(:func:`foreign_entries` lists anything else). ``clean`` (:func:`remove_report_folder`) deletes such a folder file by
file, never following a symbolic link and never deleting a file that is not a build output.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from heilongjiang_newmedia.loading.paths import REPORT_MARKER, SCRATCH_DIR, project_root, write_marker  # noqa: F401

#: Top-level files a build (or ``hlj-newmedia diff``, into the newer folder) writes.
TOP_FILES = ("book.html", "book.pdf", "book.docx", "REPLICATION.md", "build-times.md", "changes.html", "changes.pdf",
             "changes.docx", ".build.lock", REPORT_MARKER)
#: Top-level folders -> (deepest level of files below it, allowed file suffixes; None = any: the build's own staging
#: and cache folders, which nothing else writes to). ``results/`` is what builds wrote before findings replaced it.
FOLDERS: dict[str, tuple[int, tuple[str, ...] | None]] = {
    "html": (1, (".html",)), "pdf": (1, (".pdf",)), "executed": (1, (".ipynb",)), "results": (1, (".json",)),
    "findings": (1, (".json",)), ".cache": (1, None), ".journal": (1, (".json",)), "_failed": (1, (".ipynb",)),
    "proof": (1, (".png",)), "exhibits": (2, (".csv", ".json")), "inputs": (2, (".json", ".json.gz")),
    ".staging": (99, None),
    SCRATCH_DIR: (4, (".csv", ".json")),
}
_TEMP = re.compile(r"^(\.tmp-.*|\..*\.tmp|.*\.tmp)$")  # atomic-write leftovers of a killed build


def _allowed(rel: tuple[str, ...], is_dir: bool) -> bool:
    """Whether the entry at ``rel`` (path parts below the report folder) is something the package writes there."""
    if len(rel) == 1:
        return rel[0] in FOLDERS if is_dir else (rel[0] in TOP_FILES or bool(_TEMP.match(rel[0])))
    rule = FOLDERS.get(rel[0])
    if rule is None:
        return False
    depth, suffixes = rule
    if len(rel) - 1 > depth or (is_dir and len(rel) - 1 >= depth):
        return False
    if is_dir or suffixes is None:
        return True
    return rel[-1].endswith(suffixes) or bool(_TEMP.match(rel[-1]))


def foreign_entries(folder: Path, limit: int = 10) -> tuple[list[str], int]:
    """What in ``folder`` the package did not make (symbolic links included, never followed): up to ``limit``
    descriptions and the total count."""
    found: list[str] = []
    count = 0
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        base = Path(dirpath)
        for name in sorted(dirnames) + sorted(filenames):
            p = base / name
            rel = p.relative_to(folder).parts
            if p.is_symlink():
                what = f"{p.relative_to(folder)} (a symbolic link to {os.readlink(p)})"
            elif not _allowed(rel, p.is_dir()):
                what = str(p.relative_to(folder)) + ("/" if p.is_dir() else "")
            else:
                continue
            count += 1
            if len(found) < limit:
                found.append(what)
        dirnames[:] = [d for d in dirnames if not (base / d).is_symlink() and _allowed((base / d).relative_to(folder).parts, True)]
    return found, count


def has_marker(folder: Path) -> bool:
    return (Path(folder) / REPORT_MARKER).is_file() and not (Path(folder) / REPORT_MARKER).is_symlink()


def protected(folder: Path) -> str | None:
    """Why ``folder`` may never be removed or built into as a whole (the root, the home folder, the checkout, or a
    folder holding one of them), or None."""
    p = Path(os.path.abspath(folder))
    named = [(Path(p.anchor), "the root of the file system"), (Path.home(), "your home folder"),
             (project_root(), "the project checkout"), (Path.cwd(), "the current folder")]
    for special, what in named:
        special = Path(os.path.abspath(special))
        if p == special:
            return f"{p} is {what}"
        if p in special.parents and what != "the current folder":
            return f"{p} holds {what} ({special})"
    return None


def problem_for_build(out: Path) -> str | None:
    """Why a build must not write into ``out`` (a folder it did not make, holding other files), or None. An empty
    folder, a report folder (marker) and an older report folder without a marker but with nothing foreign are fine."""
    out = Path(out)
    if out.is_symlink():
        return f"{out} is a symbolic link (to {os.readlink(out)}); give the folder it points to"
    if not out.exists():
        return None
    if not out.is_dir():
        return f"{out} is a file, not a folder"
    if has_marker(out):
        return None
    found, count = foreign_entries(out)
    if count:
        more = f" and {count - len(found)} more" if count > len(found) else ""
        return f"{out} holds files that hlj-newmedia did not make ({', '.join(found)}{more})"
    return None


def problem_for_clean(folder: Path) -> str | None:
    """Why ``clean`` refuses ``folder``, or None when it is a report folder holding nothing but build outputs."""
    folder = Path(os.path.abspath(folder))
    why = protected(folder)
    if why is not None:
        return why
    if folder.is_symlink():
        return f"{folder} is a symbolic link (to {os.readlink(folder)}), and clean never follows one"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    found, count = foreign_entries(folder)
    if not has_marker(folder):
        why = f"{folder} has no {REPORT_MARKER} marker, so hlj-newmedia build did not make it"
        if not count and (folder / ".cache").is_dir():
            from heilongjiang_newmedia.loading.paths import command

            why += (f" (it holds only build outputs: if an older version made it, a build marks it: "
                    f"{command('build', out=folder)})")
        return why
    if count:
        more = f" and {count - len(found)} more" if count > len(found) else ""
        return f"{folder} holds {count} item(s) that are not build outputs: {', '.join(found)}{more}"
    return None


def remove_report_folder(folder: Path) -> list[str]:
    """Delete a report folder checked by :func:`problem_for_clean`, file by file (bottom-up, links never followed;
    a file that is not a build output is left). Returns what was left (normally nothing)."""
    folder = Path(os.path.abspath(folder))
    left: list[str] = []
    for dirpath, dirnames, filenames in os.walk(folder, topdown=False, followlinks=False):
        base = Path(dirpath)
        for name in filenames + [d for d in dirnames if (base / d).is_symlink()]:
            p = base / name
            rel = p.relative_to(folder).parts
            if p.is_symlink() or not _allowed(rel, False) or rel == (REPORT_MARKER,):
                if rel != (REPORT_MARKER,):
                    left.append(str(p))
                continue
            p.unlink()
        for name in dirnames:
            p = base / name
            if not p.is_symlink():
                try:
                    p.rmdir()
                except OSError:
                    left.append(str(p) + "/")
    if not left:
        (folder / REPORT_MARKER).unlink(missing_ok=True)
        folder.rmdir()
    return left
