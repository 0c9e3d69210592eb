"""What a build directory records about its chapters, read back for the book and REPLICATION.md: the exhibit
manifests, the cache records (parameters, data files, timings) and the data vintage. Read-only, pure helpers."""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

FALLBACK_DATE = "2021-01-01"  # the thesis year; used only when a chapter cites no dated source
_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def data_vintage(manifests: list[dict]) -> str:
    """The latest date of a source cited by any exhibit of ``manifests`` (``YYYY[-MM[-DD]]``)."""
    dates = [s.get("date", "") for m in manifests for x in m.get("exhibits", []) for s in x.get("sources", [])]
    dates = [d for d in dates if _DATE_RE.match(str(d))]
    return max(dates) if dates else FALLBACK_DATE


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
