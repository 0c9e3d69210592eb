"""Key results shared between chapters (chapter 7 gathers them).

``record(chapter, key, value, exhibit=None, sources=None, **extra)`` writes ``<build_dir>/results/<chapter>.json``
(deterministic: sorted keys, UTF-8); ``recall(chapter)`` reads it back and raises :class:`MissingResultsError`
naming the chapter to build first.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.paths import build_dir, reports_dir

__all__ = ["record", "recall", "reset", "results_path", "MissingResultsError", "Recalled"]


class MissingResultsError(LookupError):
    """The results of a chapter that has not been built (in this build directory) yet."""


class Recalled(dict):
    """``key -> value`` of a chapter's results; ``.entries[key]`` holds the full record (exhibit, sources, extras)."""

    def __init__(self, chapter: str, entries: dict[str, dict[str, Any]]):
        super().__init__({k: v.get("value") for k, v in entries.items()})
        self.chapter = chapter
        self.entries = entries


def _jsonable(value: Any) -> Any:
    """numpy / pandas scalars and containers -> plain JSON types."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            return value.item()
        except (ValueError, TypeError):
            pass
    if hasattr(value, "tolist"):
        return _jsonable(value.tolist())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and value != value:  # NaN -> null (JSON has no NaN)
        return None
    try:
        json.dumps(value)
        return value
    except TypeError:
        return str(value)


def results_path(chapter: str, root: str | os.PathLike | None = None) -> Path:
    return Path(root or build_dir()) / "results" / f"{chapter}.json"


def _write(path: Path, payload: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(payload, ensure_ascii=False, sort_keys=True, indent=1, allow_nan=False) + "\n"
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.replace(tmp, path)


def reset(chapter: str) -> None:
    """Start a chapter's results afresh (called by ``exhibits.Chapter``) so stale keys never survive a rerun."""
    _write(results_path(chapter), {"chapter": chapter, "results": {}})


def record(chapter: str, key: str, value: Any, exhibit: str | None = None, sources: list | None = None,
           **extra: Any) -> None:
    """Store ``value`` under ``key`` for ``chapter`` with the exhibit it appears in and its sources."""
    path = results_path(chapter)
    payload = {"chapter": chapter, "results": {}}
    if path.is_file():
        payload = json.loads(path.read_text(encoding="utf-8"))
    entry = {"value": _jsonable(value)}
    if exhibit is not None:
        entry["exhibit"] = exhibit
    if sources is not None:
        entry["sources"] = _jsonable(sources)
    for k, v in extra.items():
        entry[k] = _jsonable(v)
    payload["results"][str(key)] = entry
    _write(path, payload)


def recall(chapter: str) -> Recalled:
    """The results recorded by ``chapter``: looked up in the build directory, then in the reports directory of the
    current build (``paths.reports_dir()``: the builder's ``--out``; ``reports/`` when working interactively)."""
    candidates = list(dict.fromkeys([results_path(chapter), results_path(chapter, reports_dir())]))
    for path in candidates:
        if path.is_file():
            payload = json.loads(path.read_text(encoding="utf-8"))
            return Recalled(chapter, payload.get("results", {}))
    from heilongjiang_newmedia.loading.paths import command

    raise MissingResultsError(
        f"no results for chapter {chapter!r} (looked in {', '.join(str(p) for p in candidates)}); "
        f"build it first: {command('build', chapter, out=reports_dir())}")
