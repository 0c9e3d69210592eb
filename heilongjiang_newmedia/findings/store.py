"""Where findings records live: ``<root>/findings/<chapter stem>.json``, written atomically, read back typed.

``write(findings, root)`` is called by the chapter while it runs (root = its build directory); ``read(chapter,
roots)`` looks in each root in turn and raises :class:`MissingFindingsError` naming the command that builds the
chapter. Chapters are named by stem (``04_problems``), number (``4``) or short name (``problems``).
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from heilongjiang_newmedia.findings.record import Findings

__all__ = ["CHAPTER_STEMS", "MissingFindingsError", "findings_path", "load_findings", "read", "stem_of", "write"]

#: chapter stem -> short name (the findings namespace and the chapter's folder under ``chapters/``)
CHAPTER_STEMS = {
    "01_introduction": "introduction", "02_framework": "framework", "03_status": "status", "04_problems": "problems",
    "05_comparison": "comparison", "06_countermeasures": "countermeasures", "07_conclusion": "conclusion",
}


class MissingFindingsError(LookupError):
    """The findings of a chapter that has not been built (in the reports folder looked at) yet."""


def stem_of(chapter: str | int) -> str:
    """``4``, ``"4"``, ``"problems"`` or ``"04_problems"`` -> ``"04_problems"``."""
    text = str(chapter).strip()
    for stem, short in CHAPTER_STEMS.items():
        if text in (stem, short) or (text.isdigit() and int(text) == int(stem[:2])):
            return stem
    raise KeyError(f"unknown chapter {chapter!r}; chapters are " + ", ".join(CHAPTER_STEMS))


def findings_path(chapter: str, root: str | os.PathLike) -> Path:
    return Path(root) / "findings" / f"{stem_of(chapter)}.json"


def write(findings: Findings, root: str | os.PathLike) -> Path:
    """Write the record (sorted keys, UTF-8, LF) to ``<root>/findings/<stem>.json`` atomically; returns the path."""
    path = findings_path(findings.chapter, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(findings.to_json(), ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def read(chapter: str | int, roots: Iterable[str | os.PathLike]) -> Findings:
    """The findings of ``chapter`` from the first root that holds them."""
    stem = stem_of(chapter)
    looked = []
    for root in dict.fromkeys(Path(r) for r in roots):
        path = findings_path(stem, root)
        looked.append(str(path))
        if path.is_file():
            return Findings.from_json(json.loads(path.read_text(encoding="utf-8")))
    from heilongjiang_newmedia.loading.paths import command, reports_dir

    raise MissingFindingsError(f"no findings of chapter {stem} (looked in {', '.join(looked) or 'nothing'}); "
                               f"build it first: {command('build', int(stem[:2]), out=reports_dir())}")


def load_findings(chapter: str | int, reports: str | os.PathLike | None = None) -> Findings:
    """A chapter's findings after a build, for exploration: ``<reports>/findings/<stem>.json``; ``reports`` defaults
    to the project's reports folder (``reports/``, or ``HLJ_NEWMEDIA_REPORTS_DIR`` when set)."""
    return read(chapter, [reports if reports is not None else reports_dir()])
