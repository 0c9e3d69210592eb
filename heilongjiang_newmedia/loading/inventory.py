"""The researcher's own inventory of government new-media accounts (政务新媒体账号台账): finding and loading it.

The inventory is not public data: a researcher collects it (one row per account) in the template
``data/templates/account_inventory.csv`` whose columns, types and units are documented in
``data/templates/account_inventory.schema.json`` (Frictionless table schema) and
``data/templates/account_inventory_codebook.md``. Nothing here ships or invents inventory figures.

Loading (:func:`load_inventory`) accepts CSV (UTF-8, UTF-8 with BOM, GB18030/GBK as Excel writes on Chinese
Windows) and XLSX (first sheet, or ``sheet=``), and validates with the same checks and messages as the bundled
datasets (:func:`heilongjiang_newmedia.loading.datasets.validate_table`): missing/unexpected columns, required values, types,
enums, minimums, duplicate ``account_id``; every error names the file, the row (1 = first data row, i.e. line 2 of
the file / spreadsheet row 2) and the column. :func:`find_inventory` resolves the chapter parameters
(``inventory_file`` or ``<data_dir>/account_inventory.csv|xlsx``) and returns ``None`` when nothing was supplied.

The indicators computed from the loaded table are in :mod:`heilongjiang_newmedia.methods.inventory`.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.datasets import DataValidationError, log_read, read_table_text, validate_table
from heilongjiang_newmedia.loading.xlsx import read_xlsx_rows

__all__ = ["INVENTORY_NAME", "PLATFORMS", "LEVELS", "inventory_schema", "template_dir", "find_inventory",
           "load_inventory", "inventory_sources"]

INVENTORY_NAME = "account_inventory"
PLATFORMS = ("weibo", "wechat", "douyin", "toutiao", "app", "other")
LEVELS = ("province", "city", "county", "township")

_PACKAGE_ROOT = Path(__file__).resolve().parents[1]


def template_dir() -> Path:
    """The ``data/templates/`` directory (empty template, schema, codebooks)."""
    here = _PACKAGE_ROOT.parent / "data" / "templates"
    return here if here.exists() else _PACKAGE_ROOT / "data" / "templates"


def inventory_schema() -> dict[str, Any]:
    """The Frictionless table schema of the inventory (``data/templates/account_inventory.schema.json``)."""
    path = template_dir() / "account_inventory.schema.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:  # pragma: no cover - broken install
        raise DataValidationError(f"inventory schema not found: {path}") from exc


def find_inventory(inventory_file: str | os.PathLike | None = None,
                   data_dir: str | os.PathLike | None = None) -> Path | None:
    """The inventory file to use, or ``None`` when the researcher supplied none.

    ``inventory_file`` (a CSV/XLSX path) wins and must exist; otherwise ``<data_dir>/account_inventory.csv``,
    ``.xlsx`` (also under ``<data_dir>/inventory/``) or, with ``data_dir=None``, the same names in the directory of
    the environment variable ``HLJ_NEWMEDIA_DATA_DIR``.
    """
    if inventory_file not in (None, ""):
        path = Path(inventory_file).expanduser()
        if not path.is_file():
            raise DataValidationError(f"dataset {INVENTORY_NAME!r}: inventory_file {str(path)!r} not found")
        return path
    root = data_dir if data_dir not in (None, "") else os.environ.get("HLJ_NEWMEDIA_DATA_DIR") or None
    if root is None:
        return None
    for sub in ("", "inventory"):
        for ext in ("csv", "xlsx"):
            cand = Path(root) / sub / f"{INVENTORY_NAME}.{ext}"
            if cand.is_file():
                return cand
    return None



def load_inventory(path: str | os.PathLike, sheet: str | int | None = None) -> pd.DataFrame:
    """Load and validate the researcher's account inventory (CSV in UTF-8/BOM/GBK, or XLSX).

    Returns one row per account with typed columns (``followers`` etc. nullable ``Int64``, flags nullable
    ``boolean``, dates ``datetime64``), ``attrs["sources"]`` (one citation: the researcher's file, with the
    snapshot dates) and ``attrs["path"]``. Raises :class:`DataValidationError` naming file, row and column for:
    missing or unexpected columns, empty required cells, bad types, values outside the enums (platform, level),
    negative counts, duplicate ``account_id``, a ``last_post_date`` after the ``snapshot_date``, and services counted
    on an account marked without a service menu.
    """
    log_read(Path(path))
    path = Path(path)
    name = INVENTORY_NAME
    if not path.is_file():
        raise DataValidationError(f"dataset {name!r}: file not found: {path}")
    schema = inventory_schema()
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        table: Any = read_xlsx_rows(path, name, sheet)
    elif path.suffix.lower() == ".xls":
        raise DataValidationError(f"dataset {name!r}: file {path}: old .xls workbooks are not supported; "
                                  "save as .xlsx or CSV")
    else:
        table = read_table_text(path, name)
    df = validate_table(table, schema, name, path)
    for i in range(len(df)):
        where = f"dataset {name!r}: file {path}, row {i + 1} (line {i + 2})"
        last, snap = df.at[i, "last_post_date"], df.at[i, "snapshot_date"]
        if pd.notna(last) and last > snap:
            raise DataValidationError(f"{where}, column 'last_post_date': {last.date().isoformat()} is after the "
                                      f"snapshot_date {snap.date().isoformat()}")
        menu, n = df.at[i, "has_service_menu"], df.at[i, "n_services"]
        if pd.notna(menu) and not bool(menu) and pd.notna(n) and n > 0:
            raise DataValidationError(f"{where}, column 'n_services': {int(n)} services but has_service_menu is "
                                      "false")
    df.attrs = {"dataset": name, "path": str(path), "sources": inventory_sources(df, path)}
    return df


def inventory_sources(df: pd.DataFrame, path: str | os.PathLike | None = None) -> list[dict[str, Any]]:
    """The citation of an inventory table: the researcher's own file and its snapshot dates."""
    path = Path(path or df.attrs.get("path", INVENTORY_NAME))
    snaps = pd.to_datetime(df["snapshot_date"]).dropna() if "snapshot_date" in df else pd.Series([], dtype=object)
    if len(snaps):
        lo, hi = snaps.min().date().isoformat(), snaps.max().date().isoformat()
        date = lo if lo == hi else f"{lo}/{hi}"
    else:
        date = ""
    return [{"title": f"研究者自建政务新媒体账号台账 / researcher's account inventory ({path.name})", "url": "",
             "date": date, "confidence": "", "rows": int(len(df))}]
