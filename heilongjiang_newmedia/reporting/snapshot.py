"""What a build records for the change report (``hlj-newmedia diff``), beside what it already keeps (findings,
exhibit CSVs, chapter HTML): ``<reports>/inputs/``.

* ``inputs/inputs.json`` -- the package version and code fingerprint, the version label, each chapter's
  parameters, and for every data table the chapters read: its file hash and the chapters that read it;
* ``inputs/tables/<hash>.json.gz`` -- a snapshot of each of those tables (columns, primary key, rows as text), one
  per distinct file content, so that rows added, removed or changed can be listed with their citation. A table
  already recorded (same hash) is not read again; snapshots no longer referenced are removed. gzip with a zero
  timestamp: the same data give the same bytes.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import os
from importlib import metadata
from pathlib import Path
from typing import Any

INPUTS_DIR = "inputs"
INPUTS_FILE = "inputs.json"
TABLES_DIR = "tables"
FORMAT = 1


def build_label(records: dict[str, dict], book_record: dict | None = None) -> str | None:
    """The build's version label (``--label``): from the book's record (its ``options``) when given, else as
    recorded in the chapters' build records; None when the build has none."""
    options = (book_record or {}).get("options") or {}
    if isinstance(options.get("label"), str) and options["label"].strip():
        return options["label"].strip()
    for rec in records.values():
        for holder in (rec, rec.get("cover") or {}, rec.get("book") or {}, rec.get("params") or {}):
            value = holder.get("label") if isinstance(holder, dict) else None
            if isinstance(value, str) and value.strip():
                return value.strip()
    return None


def package_version() -> str:
    try:
        return metadata.version("heilongjiang-newmedia")
    except metadata.PackageNotFoundError:
        return "unknown"


def dataset_of(path: str) -> str | None:
    """The dataset (data-package resource) a data file holds, by its file name; None for other files."""
    from heilongjiang_newmedia.loading.datasets import list_datasets

    name = Path(path).stem
    return name if name in list_datasets(include_researcher=True) else None


def _table_files(data_files: dict[str, str | None]) -> list[tuple[bool, str, str]]:
    """``(researcher's copy?, path, digest)`` of each dataset a chapter read, one per dataset: where the chapter read
    both the bundled table and the researcher's own copy (a ``--data-dir`` file overrides the bundled one; a kernel
    may also have loaded the bundled one while warming up), the researcher's copy."""
    from heilongjiang_newmedia.loading.datasets import data_root

    bundled = data_root().resolve()
    chosen: dict[str, tuple[bool, str, str]] = {}
    for path, digest in sorted(data_files.items()):
        name = dataset_of(path)
        if name is None or digest is None:
            continue
        own = bundled not in Path(path).resolve().parents
        if name not in chosen or (own and not chosen[name][0]):
            chosen[name] = (own, path, digest)
    return list(chosen.values())


def primary_key(name: str) -> list[str]:
    from heilongjiang_newmedia.loading.datasets import describe

    key = (describe(name).get("schema") or {}).get("primaryKey") or []
    return [key] if isinstance(key, str) else list(key)


def table_snapshot(path: Path, name: str) -> dict[str, Any]:
    """``{"dataset", "columns", "key", "rows"}`` of a data file (values as the text in the file)."""
    from heilongjiang_newmedia.loading.datasets import read_table_text

    rows = list(csv.reader(io.StringIO(read_table_text(path, name))))
    columns = rows[0] if rows else []
    return {"dataset": name, "columns": columns, "key": [k for k in primary_key(name) if k in columns],
            "rows": [r for r in rows[1:] if any(v.strip() for v in r)]}


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def write_inputs(out: Path, records: dict[str, dict], book_record: dict | None = None) -> dict[str, Any]:
    """Write ``<out>/inputs/`` for the chapters' build ``records`` (``{stem: record}``) and the book's record (its
    version label); returns the index."""
    root = Path(out) / INPUTS_DIR
    tables: dict[str, dict[str, Any]] = {}
    for stem in sorted(records):
        for own, path, digest in _table_files(records[stem].get("data_files") or {}):
            name = dataset_of(path)
            entry = tables.setdefault(name, {"sha256": digest, "chapters": [], "own": own})
            entry["chapters"].append(stem)
            if own and not entry["own"]:          # the researcher's copy, read by this chapter, is the table
                entry.update(sha256=digest, own=True)
            snap = root / TABLES_DIR / f"{digest[:24]}.json.gz"
            if not snap.is_file() and Path(path).is_file():
                text = json.dumps(table_snapshot(Path(path), name), ensure_ascii=False, separators=(",", ":"))
                _write(snap, gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0))
    codes = sorted({(r.get("parts") or {}).get("code", "") for r in records.values()} - {""})
    index = {"format": FORMAT, "package_version": package_version(), "code": codes[0] if len(codes) == 1 else codes,
             "label": build_label(records, book_record),
             "params": {stem: records[stem].get("params") or {} for stem in sorted(records)},
             "tables": {name: {k: v for k, v in tables[name].items() if k != "own"} for name in sorted(tables)}}
    _write(root / INPUTS_FILE, (json.dumps(index, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode())
    keep = {f"{t['sha256'][:24]}.json.gz" for t in tables.values()}
    for old in (root / TABLES_DIR).glob("*.json.gz") if (root / TABLES_DIR).is_dir() else []:
        if old.name not in keep:
            old.unlink(missing_ok=True)
    return index


def read_inputs(out: Path) -> dict[str, Any] | None:
    """The inputs index of a reports folder, or None when the build that made it recorded none."""
    try:
        return json.loads((Path(out) / INPUTS_DIR / INPUTS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_table(out: Path, digest: str) -> dict[str, Any] | None:
    """The snapshot of the table with content hash ``digest`` in a reports folder, or None."""
    try:
        return json.loads(gzip.decompress((Path(out) / INPUTS_DIR / TABLES_DIR / f"{digest[:24]}.json.gz").read_bytes()))
    except (OSError, ValueError):
        return None
