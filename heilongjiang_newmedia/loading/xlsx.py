"""Spreadsheet input: one XLSX worksheet read as text rows, the way a CSV would hold them.

Used by the loaders of the researcher's own files (:mod:`heilongjiang_newmedia.loading.inventory`,
:mod:`heilongjiang_newmedia.loading.survey`), so an XLSX and its CSV export validate with the same messages.
"""
from __future__ import annotations

import datetime as _dt
import zipfile
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.datasets import DataValidationError

__all__ = ["read_xlsx_rows"]


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text a CSV would hold (dates ISO, whole floats without .0, booleans true/false)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, _dt.datetime):
        return value.date().isoformat() if value.time() == _dt.time() else value.isoformat(sep=" ")
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx_rows(path: Path, name: str, sheet: str | int | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows (all cells as text) of one worksheet; blank rows dropped. Used for XLSX inventories and surveys."""
    from openpyxl import load_workbook

    from openpyxl.utils.exceptions import InvalidFileException

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:  # not an XLSX file
        raise DataValidationError(f"dataset {name!r}: file {path} is not a readable XLSX workbook ({exc})") from exc
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int):
            ws = wb.worksheets[sheet]
        else:
            if sheet not in wb.sheetnames:
                raise DataValidationError(
                    f"dataset {name!r}: file {path} has no sheet {sheet!r}; sheets: {', '.join(wb.sheetnames)}")
            ws = wb[sheet]
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        wb.close()
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise DataValidationError(f"dataset {name!r}: file {path} is empty")
    header = [h.strip() for h in rows[0]]
    while header and header[-1] == "":  # trailing empty header cells (formatted but unused columns)
        header.pop()
    width = len(header)
    body = []
    for i, r in enumerate(rows[1:], start=1):
        if any(c.strip() for c in r[width:]):
            raise DataValidationError(
                f"dataset {name!r}: file {path}, row {i} (line {i + 1}): values beyond the last header column")
        body.append((r + [""] * width)[:width])
    return header, body
