"""Cache keys: a chapter is rebuilt only when one of its inputs changed.

Key = notebook source (cell types, sources and tags — not outputs) + resolved parameters + render options + package
code (``*.py`` and templates) + ``requirements.lock`` + findings of the chapters it depends on; plus the hashes of the
data files the chapter read on its last build (from ``HLJ_NEWMEDIA_READ_LOG``), checked file by file. Records live in
``<out>/.cache/<chapter>.json``.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.paths import PACKAGE_DIR, project_root
from heilongjiang_newmedia.reporting.provenance import load_record, record_path  # noqa: F401 (used here and by callers)

CACHE_VERSION = 1


def sha256_file(path: Path) -> str | None:
    try:
        with open(path, "rb") as fh:
            return hashlib.sha256(fh.read()).hexdigest()
    except OSError:
        return None


class NotebookUnreadable(RuntimeError):
    """A chapter notebook is not valid notebook JSON (e.g. truncated by an editor crash or a merge)."""


def notebook_fingerprint(path: Path) -> str:
    """Hash of what the notebook *does*: cell types, sources and tags, kernel (saved outputs do not count)."""
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(nb, dict):
            raise ValueError(f"expected a JSON object, got {type(nb).__name__}")
    except (OSError, ValueError) as exc:
        raise NotebookUnreadable(f"chapter {Path(path).stem}: notebook {path} is not a readable notebook "
                                 f"({type(exc).__name__}: {exc}); restore it from version control") from None
    cells = [[c.get("cell_type"), "".join(c.get("source", "")) if isinstance(c.get("source"), list)
              else c.get("source", ""), sorted(c.get("metadata", {}).get("tags", []))] for c in nb.get("cells", [])]
    kernel = nb.get("metadata", {}).get("kernelspec", {}).get("name")
    return hashlib.sha256(json.dumps([cells, kernel], ensure_ascii=False).encode()).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """Hash of the package's code and templates and of the lock file."""
    h = hashlib.sha256()
    files = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                   and p.suffix in (".py", ".j2", ".css", ".json", ".yaml", ".csv", ".md"))
    for p in files:
        h.update(p.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    lock = project_root() / "requirements.lock"
    h.update(b"lock\0" + (lock.read_bytes() if lock.is_file() else b""))
    return h.hexdigest()


def key_parts(notebook: Path, params: dict[str, Any], options: dict[str, Any],
              dep_results: dict[str, str | None]) -> dict[str, str]:
    """The hashed components of a chapter's cache key (kept in the record to explain a rebuild)."""
    def h(obj) -> str:
        return hashlib.sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False).encode()).hexdigest()

    return {"version": str(CACHE_VERSION), "notebook": notebook_fingerprint(notebook), "parameters": h(params),
            "options": h(options), "code": code_fingerprint(), "dependencies": h(dep_results)}


def base_key(notebook: Path, params: dict[str, Any], options: dict[str, Any], dep_results: dict[str, str | None]
             ) -> str:
    parts = key_parts(notebook, params, options, dep_results)
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def key_of(parts: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def read_files(read_log: Path) -> dict[str, str | None]:
    """``{path: sha256}`` of the data files listed in a read log (deduplicated, sorted)."""
    try:
        paths = sorted({line.strip() for line in read_log.read_text(encoding="utf-8").splitlines() if line.strip()})
    except OSError:
        paths = []
    return {p: sha256_file(Path(p)) for p in paths}


def tree_digest(folder: Path) -> str | None:
    """sha256 over the relative paths and contents of every file below ``folder`` (None when it does not exist):
    a chapter's ``exhibits/<chapter>/``."""
    folder = Path(folder)
    if not folder.is_dir():
        return None
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file() or p.is_symlink():
            h.update(p.relative_to(folder).as_posix().encode() + b"\0")
            h.update((sha256_file(p) or "unreadable").encode() + b"\0")
    return h.hexdigest()


def output_digests(outputs: dict[str, Path]) -> dict[str, str | None]:
    """``{kind: sha256}`` of a chapter's outputs as they are now (a folder: :func:`tree_digest`; missing: None)."""
    return {k: tree_digest(p) if k == "exhibits" else sha256_file(p) for k, p in outputs.items()}


def _changed_outputs(record: dict[str, Any], outputs: dict[str, Path]) -> str | None:
    """Why the outputs in place are not the ones the build recorded (changed, removed or written by another
    process), or None."""
    recorded = record.get("outputs")
    if not isinstance(recorded, dict):
        return "built by an older version (no output hashes)"
    now = output_digests(outputs)
    shown = {k: f"{p.parent.name}/{p.name}" + ("/" if k == "exhibits" else "") for k, p in outputs.items()}
    missing = [shown[k] for k in outputs if recorded.get(k) is not None and now[k] is None]
    if missing:
        return "output missing: " + ", ".join(missing)
    changed = [shown[k] for k in outputs if now[k] != recorded.get(k)]
    if changed:
        return "output changed since it was built (by another program or a notebook run by hand): " + ", ".join(changed)
    return None


def stale_reason(record: dict[str, Any] | None, parts: dict[str, str], outputs: dict[str, Path] | list[Path]
                 ) -> str | None:
    """Why a chapter must be rebuilt (None: it is fresh). Fresh = same key parts, every data file it read on its
    last build unchanged, and every output (``{kind: path}``: html, pdf, executed notebook, results, findings,
    exhibits folder) exactly as the build recorded it: the cache trusts no file it did not write itself."""
    if not record:
        return "not built before"
    old = record.get("parts") or {}
    changed = [k for k in parts if old.get(k) != parts[k]]
    if changed:
        return ", ".join(changed) + " changed"
    if isinstance(outputs, dict):
        reason = _changed_outputs(record, outputs)
        if reason:
            return reason
    else:
        missing = [p.name for p in outputs if not p.is_file()]
        if missing:
            return "output missing: " + ", ".join(missing)
    edited = [Path(p).name for p, digest in sorted(record.get("data_files", {}).items()) if sha256_file(Path(p)) != digest]
    if edited:
        return "data changed: " + ", ".join(edited)
    return None


def is_fresh(record: dict[str, Any] | None, parts: dict[str, str], outputs: dict[str, Path] | list[Path]) -> bool:
    return stale_reason(record, parts, outputs) is None


def save_record(out: Path, stem: str, record: dict[str, Any]) -> None:
    path = record_path(out, stem)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(record, fh, ensure_ascii=False, sort_keys=True, indent=1)
    os.replace(tmp, path)


# -- validated parameters, remembered -------------------------------------------------------------------------------
def _tree_stamp(root: Path) -> list:
    """(relative path, size, mtime) of every file under ``root``: changes whenever a data file is edited."""
    root = Path(root)
    if not root.is_dir():
        return []
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            p = os.path.join(dirpath, name)
            try:
                st = os.stat(p)
            except OSError:
                continue
            out.append([os.path.relpath(p, root), st.st_size, st.st_mtime_ns])
    return out


def memo_resolve(out: Path, inputs: dict[str, Any], resolve, defer: bool = False, on_miss=None):
    """``resolve(facts)`` (parameter validation and canonicalisation: it loads the regions and country tables, which
    dominates a no-op rebuild), remembered in ``<out>/.cache/params-<key>.json``. ``facts``
    (:class:`.paramtypes.DataFacts`: region names and the data's year as validation read them) are remembered in
    ``<out>/.cache/param-facts.json`` for the same code and data whatever the parameter values, so that a rebuild
    with one new value does not load the region tables again while the first kernel starts.

    The key covers everything validation depends on: the raw inputs (chapters, ``-p`` values, the YAML file's
    values, --lang, --data-dir), the package code (the parameter registry and the checks), the bundled data and the
    ``--data-dir`` files (path, size, modification time), and whether each string value names an existing path.
    Only successful validations are remembered; any change means validating again. With ``defer``, returns
    ``(resolved, remember)``: call ``remember()`` once the build succeeded (a failed build leaves reports/ as it was).
    ``on_miss()`` is called before validating when nothing is remembered."""
    def exists_map(obj):
        if isinstance(obj, dict):
            return {k: exists_map(v) for k, v in obj.items()}
        if isinstance(obj, (list, tuple)):
            return [exists_map(v) for v in obj]
        if isinstance(obj, str) and obj and len(obj) < 4096:
            try:
                p = Path(obj)
                return [obj, p.exists(), p.stat().st_mtime_ns if p.exists() else None]
            except (OSError, ValueError):
                return obj
        return obj

    from heilongjiang_newmedia.paramtypes import DataFacts

    data = PACKAGE_DIR.parent / "data"
    if not (data / "datapackage.json").exists():
        data = PACKAGE_DIR / "data"
    data_src = {"code": code_fingerprint(), "data": _tree_stamp(data),
                "user_data": _tree_stamp(Path(inputs["data_dir"])) if inputs.get("data_dir") else None}
    key_src = {"v": 1, "inputs": exists_map(inputs), **data_src}
    key = hashlib.sha256(json.dumps(key_src, sort_keys=True, ensure_ascii=False, default=str).encode()).hexdigest()
    path = Path(out) / ".cache" / f"params-{key[:24]}.json"
    try:
        hit = json.loads(path.read_text(encoding="utf-8"))["resolved"]
        return (hit, lambda: None) if defer else hit
    except (OSError, ValueError, KeyError):
        pass
    if on_miss is not None:
        on_miss()
    # what validation reads from the data, remembered for the same code and data (any parameter values)
    facts_key = hashlib.sha256(json.dumps({"v": 1, **data_src}, sort_keys=True, ensure_ascii=False,
                                          default=str).encode()).hexdigest()[:24]
    facts_path = Path(out) / ".cache" / "param-facts.json"
    try:
        saved = json.loads(facts_path.read_text(encoding="utf-8"))
        facts = DataFacts(dict(saved["domains"]), dict(saved["years"])) if saved.get("key") == facts_key \
            else DataFacts()
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        facts = DataFacts()
    resolved = resolve(facts)

    def remember() -> None:
        try:  # remember only what survives JSON unchanged, so a remembered value is the value papermill would get
            if json.loads(json.dumps(resolved, ensure_ascii=False)) != resolved:
                return
            path.parent.mkdir(parents=True, exist_ok=True)
            for old in path.parent.glob("params-*.json"):  # keep one: the last successful build's
                old.unlink(missing_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"resolved": resolved}, fh, ensure_ascii=False)  # order kept: it is the injection order
            os.replace(tmp, path)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"key": facts_key, "domains": facts.domains, "years": facts.years}, fh,
                          ensure_ascii=False, sort_keys=True)
            os.replace(tmp, facts_path)
        except (OSError, TypeError, ValueError):
            pass  # remembering is an optimisation only

    if defer:
        return resolved, remember
    remember()
    return resolved
