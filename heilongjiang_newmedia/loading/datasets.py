"""Dataset loaders: the cited source tables in ``data/``, validated against ``data/datapackage.json``.

Every dataset is one long-format CSV (one fact per row) whose rows carry their citation: ``source_url``,
``source_title``, ``source_date``, ``locator`` and ``confidence`` (high / medium / low). :func:`load` returns the
table with typed columns (integer columns as nullable ``Int64``, numbers as ``float64``, text as ``str``) and
``df.attrs["sources"]``: the distinct citations of its rows with their confidence grades.

A researcher can point :func:`load` at their own files in the same schema with ``data_dir`` (or the environment
variable ``HLJ_NEWMEDIA_DATA_DIR``): ``<data_dir>/<name>.csv`` or ``<data_dir>/<group>/<name>.csv`` replaces the
bundled table. Files may be UTF-8, UTF-8 with BOM, or GB18030/GBK (what Excel on a Chinese Windows writes).

Every problem raises :class:`DataValidationError` (a ``ValueError``) naming the dataset, the file, and where
applicable the row number (1 = first data row below the header, i.e. line 2 of the file), the column and the value.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.validation import (DEFAULT_FALSE, DEFAULT_TRUE, MAX_PROBLEMS, Problem, check_table,
                                                     typed_frame)

__all__ = ["DataValidationError", "list_datasets", "load", "citations", "describe", "data_root", "read_table_text",
           "validate_table"]

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR_ENV = "HLJ_NEWMEDIA_DATA_DIR"
READ_LOG_ENV = "HLJ_NEWMEDIA_READ_LOG"
CITATION_COLUMNS = ("source_url", "source_title", "source_date", "locator", "confidence")
_CONFIDENCE_ORDER = {"high": 0, "medium": 1, "low": 2}


class DataValidationError(ValueError):
    """A data file is missing, unreadable or breaks its schema. The message says which file, row and column."""


def data_root() -> Path:
    """The bundled ``data/`` directory (``datapackage.json`` and ``raw/``)."""
    here = PACKAGE_ROOT.parent / "data"
    if (here / "datapackage.json").exists():
        return here
    shared = PACKAGE_ROOT / "data"  # installed non-editable with data shipped inside the package
    return shared if (shared / "datapackage.json").exists() else here


@lru_cache(maxsize=4)
def _package(root: str) -> dict[str, Any]:
    path = Path(root) / "datapackage.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise DataValidationError(f"data package descriptor not found: {path}") from exc


def _resources() -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in _package(str(data_root()))["resources"]}


def list_datasets(include_researcher: bool = False) -> list[str]:
    """Names of the bundled datasets (the CSV file stems), in data-package order.

    Resources the researcher fills in (``x-researcher-data``, e.g. ``account_inventory``, whose bundled file is an
    empty template) are listed only with ``include_researcher=True``; they are loaded by their own modules."""
    return [n for n, r in _resources().items() if include_researcher or not r.get("x-researcher-data")]


def describe(name: str) -> dict[str, Any]:
    """The data-package resource of ``name``: path, description (with series breaks), schema, sources."""
    return _resource(name)


def _resource(name: str) -> dict[str, Any]:
    resources = _resources()
    if name not in resources:
        close = difflib.get_close_matches(name, resources, n=3, cutoff=0.5)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise DataValidationError(
            f"unknown dataset {name!r}.{hint} Valid names: {', '.join(resources)}")
    return resources[name]


def _locate(name: str, resource: dict[str, Any], data_dir: str | os.PathLike | None) -> Path:
    rel = Path(resource["path"])  # raw/<group>/<name>.csv
    user_dir = data_dir if data_dir is not None else os.environ.get(DATA_DIR_ENV) or None
    if user_dir is not None:
        user_dir = Path(user_dir)
        if not user_dir.is_dir():
            raise DataValidationError(f"dataset {name!r}: data_dir {str(user_dir)!r} is not a directory")
        for cand in (user_dir / rel.name, user_dir / rel.parent.name / rel.name, user_dir / rel):
            if cand.exists():
                return cand
    path = data_root() / rel
    if not path.exists():
        raise DataValidationError(f"dataset {name!r}: file not found: {path}")
    return path


def read_table_text(path: Path, dataset: str = "?") -> str:
    """Read a CSV file's text, detecting UTF-8 (with or without BOM) and GB18030/GBK."""
    raw = path.read_bytes()
    if not raw.strip():
        raise DataValidationError(f"dataset {dataset!r}: file {path} is empty")
    if b"\x00" in raw[:4096]:
        raise DataValidationError(
            f"dataset {dataset!r}: file {path} is not a text CSV (binary content, NUL bytes); "
            "save it as CSV (UTF-8 or GBK)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DataValidationError(
        f"dataset {dataset!r}: file {path} is neither UTF-8 nor GB18030/GBK text; save it as CSV UTF-8")


def _parse_rows(text: str, path: Path, name: str) -> tuple[list[str], list[list[str]]]:
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise DataValidationError(f"dataset {name!r}: file {path}: malformed CSV ({exc})") from exc
    rows = [r for r in rows if r and any(cell.strip() for cell in r)]
    if not rows:
        raise DataValidationError(f"dataset {name!r}: file {path} is empty")
    header = [h.strip() for h in rows[0]]
    body = rows[1:]
    if not body:
        raise DataValidationError(f"dataset {name!r}: file {path} has a header but no data rows")
    short = [(i, len(row)) for i, row in enumerate(body, start=1) if len(row) != len(header)]
    if short:
        raise DataValidationError(problems_message(name, path, [
            f"row {i} (line {i + 1}): {n} fields, expected {len(header)} (truncated or malformed row)"
            for i, n in short[:MAX_PROBLEMS]], stopped=len(short) > MAX_PROBLEMS))
    return header, body


def _check_header(header: list[str], fields: list[dict], path: Path, name: str) -> None:
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing:
        raise DataValidationError(
            f"dataset {name!r}: file {path}: missing column(s) {', '.join(missing)}; expected columns: "
            f"{', '.join(expected)}")
    if extra:
        raise DataValidationError(
            f"dataset {name!r}: file {path}: unexpected column(s) {', '.join(extra)}; expected columns: "
            f"{', '.join(expected)}")
    dup = sorted({c for c in header if header.count(c) > 1})
    if dup:
        raise DataValidationError(f"dataset {name!r}: file {path}: duplicate column(s) {', '.join(dup)}")


# -- messages: one sentence per problem of the validation engine (loading/validation.py) ------------------------------

def _where(name: str, path: Path, i: int, col: str) -> str:
    """Where a bad cell is, for error messages: dataset, file, data row (and file line), column."""
    return f"dataset {name!r}: file {path}, row {i} (line {i + 1}), column {col!r}"


def _shown(cell: str, ftype: str) -> Any:
    """A cell as the message shows it: numbers as read (``-5``, ``-618000000.0``), other cells as written."""
    try:
        return int(cell) if ftype == "integer" else float(cell) if ftype == "number" else cell
    except ValueError:
        return cell


def problem_text(p: Problem, field: dict[str, Any] | None) -> str:
    """What is wrong with one cell or row (without where it is)."""
    ftype = (field or {}).get("type", "string")
    cons = (field or {}).get("constraints", {})
    if p.kind == "type":
        hint = {"date": " (write dates as YYYY-MM-DD)",
                "boolean": " (allowed: " + ", ".join((field or {}).get("trueValues", DEFAULT_TRUE)) + " / "
                + ", ".join((field or {}).get("falseValues", DEFAULT_FALSE)) + ")"}.get(ftype, "")
        return f"cannot read {p.value!r} as {ftype}{hint}"
    if p.kind == "required":
        return "value is required but empty"
    if p.kind == "enum":
        return f"{_shown(p.value, ftype)!r} is not one of {', '.join(map(str, cons['enum']))}"
    if p.kind == "minimum":
        return f"{_shown(p.value, ftype)!r} is below the minimum {cons['minimum']}"
    if p.kind == "maximum":
        return f"{_shown(p.value, ftype)!r} is above the maximum {cons['maximum']}"
    if p.kind == "unique":
        return f"{_shown(p.value, ftype)!r} occurs in an earlier row (each value must be unique)"
    if p.kind == "percent":
        return (f"{p.detail['value']!r} is a percentage ({p.detail['unit_column']} = {p.detail['unit']!r}) "
                "outside 0–100")
    if p.kind == "primary_key":
        return "duplicate primary key (" + ", ".join(f"{c}={v!r}" for c, v in p.detail["key"]) + ")"
    return f"{p.kind} ({p.value!r})"


def problems_message(name: str, path: Path, lines: list[str], stopped: bool = False) -> str:
    """One problem: ``dataset 'x': file P, <line>``; several: a count, then each on its own line in that form."""
    if len(lines) == 1:
        return f"dataset {name!r}: file {path}, {lines[0]}"
    head = f"dataset {name!r}: file {path}: {len(lines)} problems" + (
        f" (the first {len(lines)}; there may be more)" if stopped else "")
    return head + "".join(f"\n  dataset {name!r}: file {path}, {line}" for line in lines)


def _message(name: str, path: Path, problems: list[Problem], fields: dict[str, dict]) -> str:
    lines = []
    for p in problems:
        where = f"row {p.row} (line {p.row + 1})" + (f", column {p.column!r}" if p.column else "")
        lines.append(f"{where}: {problem_text(p, fields.get(p.column))}")
    return problems_message(name, path, lines, stopped=len(problems) >= MAX_PROBLEMS)


def _validate(header: list[str], body: list[list[str]], resource: dict, path: Path, name: str) -> pd.DataFrame:
    schema = resource["schema"]
    _check_header(header, schema["fields"], path, name)
    problems = check_table(header, body, schema, resource.get("x-percent-rows"))
    if problems:
        raise DataValidationError(_message(name, path, problems, {f["name"]: f for f in schema["fields"]}))
    return typed_frame(header, body, schema)


def validate_table(table: str | tuple[list[str], list[list[str]]], schema: dict[str, Any], name: str,
                   path: str | os.PathLike) -> pd.DataFrame:
    """Validate a table against a Frictionless table ``schema`` with the same checks and messages as :func:`load`.

    ``table`` is CSV text (as returned by :func:`read_table_text`) or ``(header, rows)`` with every cell a string
    (e.g. read from a spreadsheet). Checks (:mod:`.validation`, with frictionless): exact column set, required
    values, types (string, integer, number, boolean with ``trueValues``/``falseValues``, ISO date),
    ``enum``/``minimum``/``maximum``/``unique`` and the primary key. Returns the typed DataFrame; raises
    :class:`DataValidationError` naming ``name``, ``path``, and the row, column and value of every bad cell (up to
    :data:`~.validation.MAX_PROBLEMS`).
    """
    path = Path(path)
    if isinstance(table, str):
        header, body = _parse_rows(table, path, name)
    else:
        header, body = [str(h).strip() for h in table[0]], [list(r) for r in table[1]]
        if not body:
            raise DataValidationError(f"dataset {name!r}: file {path} has a header but no data rows")
    return _validate(header, body, {"schema": schema}, path, name)


class Citations(list):
    """``attrs["sources"]`` of a loaded table: a list of flat citation dicts whose values are immutable scalars.

    pandas deep-copies ``attrs`` into the result of nearly every operation on a DataFrame; copying each flat dict
    is a complete deep copy of this structure and several times cheaper than :func:`copy.deepcopy`'s generic walk."""

    def __deepcopy__(self, memo: dict) -> "Citations":
        return Citations(dict(s) for s in self)


def _sources_of(df: pd.DataFrame) -> list[dict[str, Any]]:
    cols = [c for c in ("source_title", "source_url", "source_date", "confidence") if c in df.columns]
    if "source_url" not in cols:
        return []
    grouped = (df[cols].astype(str).replace({"<NA>": "", "None": "", "nan": ""})
               .groupby(cols, sort=False).size().reset_index(name="rows"))
    out = [{"title": r.get("source_title", ""), "url": r["source_url"], "date": r.get("source_date", ""),
            "confidence": r.get("confidence", ""), "rows": int(r["rows"])} for r in grouped.to_dict("records")]
    return sorted(out, key=lambda s: (_CONFIDENCE_ORDER.get(s["confidence"], 3), s["title"], s["url"], s["date"]))


def citations(df: pd.DataFrame) -> list[dict[str, Any]]:
    """The distinct citations of the rows present in ``df`` (after any filtering).

    Each citation is ``{"title", "url", "date", "confidence", "rows"}``. When ``df`` no longer has the citation
    columns, falls back to ``df.attrs["sources"]`` (the citations of the whole loaded table).
    """
    if "source_url" in df.columns:
        return _sources_of(df)
    return list(df.attrs.get("sources", []))


def log_read(path: Path) -> None:
    """Append ``path`` to the build's read log (env ``HLJ_NEWMEDIA_READ_LOG``) so the cache knows what a chapter read.

    Every loader of data files (bundled datasets, the researcher's inventory and survey) calls this."""
    log = os.environ.get(READ_LOG_ENV)
    if log:
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(f"{path.resolve()}\n")


def load(name: str, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Load dataset ``name`` as a validated DataFrame with typed columns and ``attrs["sources"]``.

    ``data_dir``: a directory holding the researcher's own ``<name>.csv`` in the same schema (flat or in the same
    ``<group>/`` sub-folder); falls back to the bundled table when it holds no such file.
    """
    resource = _resource(name)
    path = _locate(name, resource, data_dir)
    stat = path.stat()
    df, sources = _load_cached(name, str(path), stat.st_mtime_ns, stat.st_size)
    log_read(path)
    out = df.copy()
    out.attrs = {"dataset": name, "path": str(path), "sources": Citations(dict(s) for s in sources),
                 "description": resource.get("description", "")}
    return out


@lru_cache(maxsize=64)
def _load_cached(name: str, path_str: str, mtime_ns: int, size: int) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The validated table and the citations of all its rows, per file version (callers copy both)."""
    path = Path(path_str)
    text = read_table_text(path, name)
    header, body = _parse_rows(text, path, name)
    df = _validate(header, body, _resource(name), path, name)
    return df, _sources_of(df)
