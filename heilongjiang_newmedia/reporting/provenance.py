"""What a build directory records about its chapters, read back for the book and REPLICATION.md: the exhibit
manifests, the cache records (parameters, data files, timings, citations), the book's record (options such as the
version label, numbering, data cut-off) and the data cut-off. Read-only, pure helpers."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

FALLBACK_DATE = "2021-01-01"  # the thesis year; used only when a chapter cites no dated source
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def data_cutoff(manifests: list[dict]) -> str:
    """The newest reference date of the data rows the exhibits of ``manifests`` show (each cited source's
    ``as_of``: the period its newest row refers to, :mod:`heilongjiang_newmedia.loading.asof`), ``YYYY[-MM[-DD]]``;
    ``""`` when no shown row has one. Never a page's or a file's date."""
    dates = [str(s.get("as_of", "")) for m in manifests for x in m.get("exhibits", []) for s in x.get("sources", [])]
    dates = [d for d in dates if _DATE_RE.match(d)]
    return max(dates) if dates else ""


def data_vintage(manifests: list[dict]) -> str:
    """The data cut-off (:func:`data_cutoff`) for a page's metadata, or the thesis year when there is none."""
    return data_cutoff(manifests) or FALLBACK_DATE


def read_manifest(path: Path) -> dict:
    """A chapter's ``exhibits/<chapter>/manifest.json`` (no exhibits when missing or unreadable)."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {"exhibits": []}


def manifest_path(out: Path, stem: str) -> Path:
    return out / "exhibits" / stem / "manifest.json"


def record_path(out: Path, stem: str) -> Path:
    """The build record of a chapter: cache key, parameters, data files read, timings, output hashes."""
    return out / ".cache" / f"{stem}.json"


def load_record(out: Path, stem: str) -> dict[str, Any] | None:
    try:
        return json.loads(record_path(out, stem).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def book_record_path(out: Path) -> Path:
    """The book's build record: its options (author, institution, supervisor, date, version label), the citation
    numbering and the data cut-off of the last book built."""
    return out / ".cache" / "book.json"


def load_book_record(out: Path) -> dict[str, Any]:
    try:
        return json.loads(book_record_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
