"""Dataset loaders: the cited source tables in ``data/``, validated against ``data/datapackage.json``.

Every dataset is one long-format CSV (one fact per row) whose rows carry their citation: ``source_url``,
``source_title``, ``source_date``, ``locator`` and ``confidence`` (high / medium / low). :func:`load` returns the
table with typed columns (integer columns as nullable ``Int64``, numbers as ``float64``, text as ``str``) and
``df.attrs["sources"]``: the distinct citations of its rows with their confidence grades.

A researcher can point :func:`load` at their own files in the same schema with ``data_dir`` (or the environment
variable ``HLJ_NEWMEDIA_DATA_DIR``): ``<data_dir>/<name>.csv`` or ``<data_dir>/<group>/<name>.csv`` replaces the
bundled table. Files may be UTF-8, UTF-8 with BOM, GB18030/GBK (what Excel on a Chinese Windows writes) or UTF-16 tab-separated
text (Excel's "Unicode text"); empty unnamed columns (as spreadsheets leave at the end) are ignored.

Problems raise :class:`DataValidationError` (a ``ValueError``) naming the dataset, the file, and where applicable
the row number (1 = first data row below the header, i.e. line 2 of the file), the column and the value; a file with
several bad cells or rows lists all of them (up to 20, then their count; see :mod:`.tablecheck`).
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

from heilongjiang_newmedia.loading import tablecheck as TC
from heilongjiang_newmedia.loading.validation import DEFAULT_FALSE, DEFAULT_TRUE, Problem, check_table, typed_frame

__all__ = ["DataValidationError", "list_datasets", "load", "citations", "describe", "data_root", "read_table_text",
           "validate_table", "latest_source_year"]

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


def data_dir_problems(data_dir: str | os.PathLike) -> list[str]:
    """What is wrong with the tables the researcher put in ``data_dir`` (a bundled dataset's ``<name>.csv``, flat or
    in its sub-folder): one message per table that cannot be read, every bad cell named as :func:`load` names them;
    empty when all read. Datasets without a file there are the bundled ones and are not checked."""
    root = Path(data_dir).resolve()
    out = []
    for name in list_datasets():
        path = _locate(name, _resource(name), str(data_dir))
        if root not in path.resolve().parents:
            continue
        try:
            load(name, data_dir)
        except DataValidationError as exc:
            out.append(str(exc))
    return out


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
    """Read a table file's text: UTF-8 (with or without BOM), GB18030/GBK, or UTF-16 (Excel's "Unicode text")."""
    raw = path.read_bytes()
    if not raw.strip():
        raise DataValidationError(f"dataset {dataset!r}: file {path} is empty")
    text, encoding = TC.decode_table(raw)
    if encoding == "binary":
        raise DataValidationError(
            f"dataset {dataset!r}: file {path} is not a text CSV (binary content, NUL bytes); "
            "save it as CSV (UTF-8 or GBK)")
    if text is None:
        raise DataValidationError(
            f"dataset {dataset!r}: file {path} is neither UTF-8 nor GB18030/GBK text; save it as CSV UTF-8")
    if not text.strip():
        raise DataValidationError(f"dataset {dataset!r}: file {path} is empty")
    return text


def _parse_rows(text: str, path: Path, name: str) -> tuple[list[str], list[list[str]]]:
    """Header and data rows (comma- or tab-separated; empty unnamed columns dropped); every malformed row named."""
    try:
        rows = TC.split_rows(text)
    except csv.Error as exc:
        raise DataValidationError(f"dataset {name!r}: file {path}: malformed CSV ({exc})") from exc
    if not rows:
        raise DataValidationError(f"dataset {name!r}: file {path} is empty")
    problems = TC.Problems(name, path)
    header, body = TC.drop_empty_columns(rows[0], rows[1:], problems)
    header = [h.strip() for h in header]
    if not body:
        raise DataValidationError(f"dataset {name!r}: file {path} has a header but no data rows")
    for i, row in enumerate(body, start=1):
        if len(row) != len(header):
            problems.add(TC.row_where(i), f"{len(row)} fields, expected {len(header)} (truncated or malformed row)")
    problems.raise_if_any(DataValidationError)
    return header, body


def _check_header(header: list[str], fields: list[dict], problems: TC.Problems) -> None:
    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    if missing:
        problems.add(None, f"missing column(s) {', '.join(missing)}; expected columns: {', '.join(expected)}")
    if extra:
        problems.add(None, f"unexpected column(s) {', '.join(extra)}; expected columns: {', '.join(expected)}")
    dup = sorted({c for c in header if header.count(c) > 1})
    if dup:
        problems.add(None, f"duplicate column(s) {', '.join(dup)}")


# -- messages: one sentence per problem of the validation engine (loading/validation.py) ------------------------------


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


def _validate(header: list[str], body: list[list[str]], resource: dict, path: Path, name: str) -> pd.DataFrame:
    """The typed table; raises :class:`DataValidationError` listing every problem of the file (see
    :class:`.tablecheck.Problems`)."""
    schema = resource["schema"]
    fields = schema["fields"]
    problems = TC.Problems(name, path)
    _check_header(header, fields, problems)
    problems.raise_if_any(DataValidationError)
    by_name = {f["name"]: f for f in fields}
    order = {f["name"]: k for k, f in enumerate(fields)}
    found = check_table(header, body, schema, resource.get("x-percent-rows"), limit=len(body) * (len(fields) + 2))
    # column by column, then the percentage rows, then the primary key (every problem is counted, 20 are listed)
    for p in sorted(found, key=lambda p: ({"percent": 1, "primary_key": 2}.get(p.kind, 0), order.get(p.column, -1),
                                          p.row)):
        where = TC.cell_where(p.row, p.column) if p.column else TC.row_where(p.row)
        problems.add(where, problem_text(p, by_name.get(p.column)))
    problems.raise_if_any(DataValidationError)
    return typed_frame(header, body, schema)


def validate_table(table: str | tuple[list[str], list[list[str]]], schema: dict[str, Any], name: str,
                   path: str | os.PathLike) -> pd.DataFrame:
    """Validate a table against a Frictionless table ``schema`` with the same checks and messages as :func:`load`.

    ``table`` is CSV text (as returned by :func:`read_table_text`) or ``(header, rows)`` with every cell a string
    (e.g. read from a spreadsheet). Checks (:mod:`.validation`, with frictionless): exact column set, required
    values, types (string, integer, number, boolean with ``trueValues``/``falseValues``, ISO date),
    ``enum``/``minimum``/``maximum``/``unique`` and the primary key. Returns the typed DataFrame; raises
    :class:`DataValidationError` naming ``name``, ``path``, and the row, column and value of every bad cell (all
    counted, the first 20 listed; :mod:`.tablecheck`).
    """
    path = Path(path)
    if isinstance(table, str):
        header, body = _parse_rows(table, path, name)
    else:
        problems = TC.Problems(name, path)
        header, body = TC.drop_empty_columns([str(h) for h in table[0]], [list(r) for r in table[1]], problems)
        problems.raise_if_any(DataValidationError)
        header = [h.strip() for h in header]
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
    from heilongjiang_newmedia.loading.asof import reference_dates

    frame = df[cols].astype(str).replace({"<NA>": "", "None": "", "nan": ""})
    as_of = reference_dates(df)  # the period each row's figure refers to: the newest per citation is kept
    frame["as_of"] = as_of.values if as_of is not None else ""
    grouped = frame.groupby(cols, sort=False).agg(rows=("as_of", "size"), as_of=("as_of", "max")).reset_index()
    out = [{"title": r.get("source_title", ""), "url": r["source_url"], "date": r.get("source_date", ""),
            "confidence": r.get("confidence", ""), "rows": int(r["rows"]),
            **({"as_of": r["as_of"]} if r["as_of"] else {})} for r in grouped.to_dict("records")]
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


def latest_source_year(data_dir: str | os.PathLike | None = None) -> int | None:
    """The year of the most recent ``source_date`` over every dataset (the researcher's files in ``data_dir``
    replacing bundled ones): the data year a chapter measures targets from. Reads only that column."""
    years = []
    for name in list_datasets():
        path = _locate(name, _resource(name), data_dir)
        stat = path.stat()
        year = _latest_year_of(name, str(path), stat.st_mtime_ns, stat.st_size)
        if year is not None:
            years.append(year)
    return max(years) if years else None


@lru_cache(maxsize=128)
def _latest_year_of(name: str, path_str: str, mtime_ns: int, size: int) -> int | None:
    try:
        text = read_table_text(Path(path_str), name)
    except DataValidationError:
        return None  # the chapter reports the bad file itself
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    sep = "\t" if "\t" in first and "," not in first else ","
    try:
        dates = pd.read_csv(io.StringIO(text), sep=sep, usecols=lambda c: c.strip() == "source_date", dtype=str,
                            keep_default_na=False).iloc[:, 0]
    except (ValueError, IndexError, pd.errors.ParserError):
        return None
    years = pd.to_numeric(dates.str[:4], errors="coerce").dropna()
    return int(years.max()) if len(years) else None


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


def is_recorded(name: str, path: Path) -> bool:
    """Whether ``path`` is dataset ``name``'s bundled table byte for byte as ``data/datapackage.json`` records it
    (the resource's ``hash``, ``sha256:<hex>``, written by ``tools/build_datapackage.py``). Such a table passed the
    schema checks when it was described, and the test suite validates every bundled table with frictionless
    (``tests/test_datasets.py``), so :func:`load` reads it without validating it again. Any other file -- a
    researcher's table, or a bundled one edited since -- is validated in full."""
    import hashlib

    resource = _resource(name)
    recorded = str(resource.get("hash", ""))
    if not recorded.startswith("sha256:") or Path(path).resolve() != (data_root() / resource["path"]).resolve():
        return False
    return hashlib.sha256(Path(path).read_bytes()).hexdigest() == recorded.split(":", 1)[1]


@lru_cache(maxsize=64)
def _load_cached(name: str, path_str: str, mtime_ns: int, size: int) -> tuple[pd.DataFrame, list[dict[str, Any]]]:
    """The validated table and the citations of all its rows, per file version (callers copy both); a bundled
    table as recorded (:func:`is_recorded`) is typed without validating it again."""
    path = Path(path_str)
    text = read_table_text(path, name)
    header, body = _parse_rows(text, path, name)
    resource = _resource(name)
    if is_recorded(name, path):
        df = typed_frame(header, body, resource["schema"])
    else:
        df = _validate(header, body, resource, path, name)
    return df, _sources_of(df)
