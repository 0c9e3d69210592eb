"""Reference dates of data rows: the period each figure refers to (not the date of the page it was read on), as
``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``. The book's data cut-off is the newest of them among the rows shown.

Columns read, first present wins per row: ``reference_date``, ``cutoff``, ``reference_period``, ``ref_period``,
``period``, then ``year`` with ``quarter`` (``Q2`` -> month 06), ``survey_year``, ``eval_year``, ``year``. A value
may hold several dates or a range ("2020-07 to 2020-10", "2012-10/2013-10"): the newest counts; quarters and halves
("2022Q2", "2019H1", "2015 H1") end at their last month. Values naming a plan or target count for nothing.
Bibliographic tables (``ref_id`` column) have no reference dates.
"""
from __future__ import annotations

import re

import pandas as pd

__all__ = ["REFERENCE_COLUMNS", "newest_date", "reference_dates"]

REFERENCE_COLUMNS = ("reference_date", "cutoff", "reference_period", "ref_period", "period", "survey_year",
                     "eval_year", "year")
_PLAN = re.compile(r"target|plan|deadline|目标|规划", re.I)
_TOKEN = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:\s?([QH])([1-4])|-(\d{2})(?:-(\d{2}))?)?(?!\d)")


def newest_date(value: object) -> str:
    """The newest date a value names (``""`` when none, or when it names a plan or target)."""
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
    if not text or _PLAN.search(text):
        return ""
    best = ""
    for y, kind, n, mo, d in _TOKEN.findall(text):
        if kind == "Q":
            mo = f"{int(n) * 3:02d}"
        elif kind == "H":
            mo = "06" if n == "1" else "12"
        date = y + (f"-{mo}" if mo else "") + (f"-{d}" if d and not kind else "")
        if date > best:
            best = date
    return best


def reference_dates(df: pd.DataFrame) -> pd.Series | None:
    """The reference date of each row of ``df`` (``""`` where none), or None when ``df`` has no reference column."""
    if "ref_id" in df.columns:
        return None
    cols = [c for c in REFERENCE_COLUMNS if c in df.columns]
    if not cols:
        return None
    out = pd.Series([""] * len(df), index=df.index, dtype=object)
    for c in cols:
        vals = df[c].map(newest_date)
        if c == "year" and "quarter" in df.columns:
            q = df["quarter"].astype(str).str.extract(r"Q([1-4])", expand=False)
            vals = vals.where(q.isna() | (vals.str.len() != 4), vals + "-" + (q.fillna("0").astype(int) * 3)
                              .map(lambda m: f"{m:02d}"))
        out = out.where(out != "", vals)
    return out
