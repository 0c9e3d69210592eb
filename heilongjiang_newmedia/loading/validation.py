"""The validation engine: a table's cells against its Frictionless table schema, with :mod:`frictionless`.

:func:`check_table` validates the cells of a parsed table (header checked, every row of the header's length) and
returns every :class:`Problem` found, up to ``limit``, each naming its data row (1 = first row below the header),
column and cell: types, ``required``, ``enum``, ``minimum``/``maximum``, ``unique`` and the primary key are
checked by ``frictionless.validate``. Three checks frictionless does not make are added here:

* ``nan`` / ``inf`` in a number column (frictionless reads them as numbers; they are not figures);
* a cell of only spaces counts as empty (frictionless counts only ``""``), and spaces around a number, date or
  boolean are ignored;
* ``x-percent-rows`` of a data-package resource: a value whose unit is a percentage lies in 0-100.

:func:`typed_frame` turns a table that passed into a DataFrame with typed columns (integer as nullable ``Int64``,
number ``float64``, boolean ``boolean``, date ``datetime64``, text ``str``). The wording of each problem is
:mod:`.datasets`' (``problem_message``).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pandas as pd

__all__ = ["DEFAULT_FALSE", "DEFAULT_TRUE", "MAX_PROBLEMS", "Problem", "check_table", "typed_frame"]

#: problems reported at most for one table (the message says when it stopped there)
MAX_PROBLEMS = 20
DEFAULT_TRUE = ("true", "True", "TRUE", "1")  # Frictionless defaults for boolean fields
DEFAULT_FALSE = ("false", "False", "FALSE", "0")
_NOT_FIGURES = {"nan", "+nan", "-nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity"}
_DTYPES = {"integer": "Int64", "number": "float64", "boolean": "boolean", "date": "datetime64[ns]"}


@dataclass(frozen=True)
class Problem:
    """One bad cell or row. ``kind``: ``type`` | ``required`` | ``enum`` | ``minimum`` | ``maximum`` | ``unique`` |
    ``primary_key`` | ``percent``; ``row`` is the data row (1 = first below the header), ``column`` and ``value`` the
    cell (``None`` for a row problem); ``detail`` what was expected (type, allowed values, bound, key, unit)."""

    kind: str
    row: int
    column: str | None = None
    value: str | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=64)
def _schema(descriptor: str):
    from heilongjiang_newmedia.loading.lean_imports import skip_unused_imports

    skip_unused_imports()  # frictionless imports jsonschema; its IRI grammar (3 s per process) is never used here
    import frictionless

    return frictionless.Schema.from_descriptor(json.loads(descriptor))


def _prepared(header: list[str], body: list[list[str]], fields: list[dict]) -> tuple[list[list[str]], list[Problem]]:
    """The rows in schema order with blank cells emptied and non-text cells stripped, and the not-a-figure cells."""
    index = [header.index(f["name"]) for f in fields]
    text = [f.get("type", "string") == "string" for f in fields]
    number = [f.get("type") == "number" for f in fields]
    rows, problems = [], []
    for i, row in enumerate(body, start=1):
        out = []
        for f, j, is_text, is_number in zip(fields, index, text, number):
            cell = row[j]
            if is_text:
                out.append(cell if cell.strip() else "")
                continue
            cell = cell.strip()
            if is_number and cell.lower() in _NOT_FIGURES:
                problems.append(Problem("type", i, f["name"], cell, {"type": "number"}))
                cell = ""  # reported once, as a type problem
            out.append(cell)
        rows.append(out)
    return rows, problems


def _problem(err: Any, fields: dict[str, dict]) -> Problem | None:
    """A frictionless error as a :class:`Problem` (``None`` for error types this engine never expects)."""
    row = int(err.row_number) - 1  # frictionless counts the header as row 1
    name = getattr(err, "field_name", None)
    cell = getattr(err, "cell", None)
    if err.type == "type-error":
        return Problem("type", row, name, cell, {"type": fields[name].get("type", "string"), "field": fields[name]})
    if err.type == "constraint-error":  # note: 'constraint "minimum" is "0"'
        kind = err.note.split('"')[1] if '"' in err.note else "constraint"
        bound = fields[name].get("constraints", {}).get(kind)
        return Problem(kind, row, name, None if kind == "required" else cell, {"bound": bound})
    if err.type == "unique-error":
        return Problem("unique", row, name, cell)
    if err.type == "primary-key":
        return Problem("primary_key", row)
    return None


def _frictionless_errors(names: list[str], rows: list[list[str]], schema: dict[str, Any], limit: int) -> list[Any]:
    """The errors frictionless finds in the rows' cells (types, constraints, unique, primary key), at most ``limit``
    (read row by row: the table is in memory already, so no file is opened and no report is assembled)."""
    schema_obj = _schema(json.dumps(schema, sort_keys=True))  # first: it keeps the import of frictionless lean
    import frictionless

    resource = frictionless.Resource(data=[names, *rows], schema=schema_obj)
    errors: list[Any] = []
    with resource:
        for row in resource.row_stream:
            if not row.valid:
                errors.extend(row.errors)
                if len(errors) >= limit:
                    break
    return errors[:limit]


def check_table(header: list[str], body: list[list[str]], schema: dict[str, Any],
                percent_rows: dict[str, Any] | None = None, limit: int = MAX_PROBLEMS) -> list[Problem]:
    """Every problem of the cells of ``body`` (rows of ``header``'s length; header already checked against the
    schema) under the Frictionless table ``schema``, in row order, at most ``limit``; ``percent_rows`` is a
    resource's ``x-percent-rows`` rule (``unit_column``, ``value_column``, ``units``)."""
    fields = schema["fields"]
    names = [f["name"] for f in fields]
    rows, problems = _prepared(header, body, fields)
    bad_cells = {(p.row, p.column) for p in problems}
    by_name = {f["name"]: f for f in fields}
    pk = list(schema.get("primaryKey") or [])
    for err in _frictionless_errors(names, rows, schema, limit + len(problems)):
        p = _problem(err, by_name)
        if p is None:
            raise RuntimeError(f"frictionless reported an unexpected {err.type}: {err.message}")
        if (p.row, p.column) in bad_cells or (p.kind == "unique" and [p.column] == pk):
            continue  # reported already (as not a figure; as the primary key's duplicate)
        if p.kind == "primary_key":
            p = Problem("primary_key", p.row, detail={"key": [(c, rows[p.row - 1][names.index(c)]) for c in pk]})
        problems.append(p)
    if percent_rows:
        problems += _percent_problems(rows, names, percent_rows, bad_cells | {(p.row, p.column) for p in problems})
    problems.sort(key=lambda p: (p.row, names.index(p.column) if p.column in names else -1))
    return problems[:limit]


def _percent_problems(rows: list[list[str]], names: list[str], rule: dict[str, Any],
                      skip: set[tuple[int, str | None]]) -> list[Problem]:
    ju, jv = names.index(rule["unit_column"]), names.index(rule["value_column"])
    out = []
    for i, row in enumerate(rows, start=1):
        if row[ju] in rule["units"] and row[jv] != "" and (i, rule["value_column"]) not in skip:
            try:
                value = float(row[jv])
            except ValueError:
                continue
            if not 0 <= value <= 100:
                out.append(Problem("percent", i, rule["value_column"], row[jv],
                                   {"value": value, "unit_column": rule["unit_column"], "unit": row[ju]}))
    return out


def typed_frame(header: list[str], body: list[list[str]], schema: dict[str, Any]) -> pd.DataFrame:
    """The table (already checked by :func:`check_table`) with typed columns in schema order; empty cells are
    missing values."""
    fields = schema["fields"]
    columns: dict[str, pd.Series] = {}
    for f in fields:
        j = header.index(f["name"])
        ftype = f.get("type", "string")
        if ftype == "string":
            columns[f["name"]] = pd.Series([r[j] if r[j].strip() else None for r in body], dtype="str")
            continue
        cells = pd.Series([r[j].strip() for r in body], dtype="object").replace("", None)
        if ftype == "integer":
            columns[f["name"]] = pd.to_numeric(cells).astype("Int64")
        elif ftype == "number":
            columns[f["name"]] = pd.to_numeric(cells).astype("float64")
        elif ftype == "boolean":
            truth = {**{v: False for v in f.get("falseValues", DEFAULT_FALSE)},
                     **{v: True for v in f.get("trueValues", DEFAULT_TRUE)}}
            columns[f["name"]] = pd.Series([truth[c] if c is not None else None for c in cells], dtype="boolean")
        elif ftype == "date":
            columns[f["name"]] = pd.to_datetime(cells, format="%Y-%m-%d").astype(_DTYPES["date"])
        else:
            raise ValueError(f"column {f['name']!r}: field type {ftype!r} is not supported")
    return pd.DataFrame(columns)
