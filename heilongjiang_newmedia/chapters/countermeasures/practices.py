"""What comparable regions did, per countermeasure: the documented practice rows that chapter 5 recorded as speaking
to it (``comparison.lessons.<CM>.ids``), read from ``data/raw/practices/practices.csv``.

Chapter 5 chose the rows and the countermeasures they speak to; this module only looks them up (region, practice,
the date the row refers to, citation) and orders them as chapter 5 listed them. A row id chapter 5 names that the
data do not hold is an error, never skipped.
"""
from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from heilongjiang_newmedia.text import wording as W

__all__ = ["lesson_rows", "representative", "region_summary", "date_text", "region_name", "zh_text"]


def date_text(ref: Any, lang: str) -> str:
    """The date a practice or baseline row refers to, as printed (:func:`wording.reference_date`)."""
    return W.reference_date(ref, lang)


#: the stored pages show Chinese full-width punctuation as ASCII (data/raw/practices/NOTES.md, caveat 6)
_FULL_WIDTH = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef〔〕]"


def zh_text(s: str) -> str:
    """A Chinese name from the data as printed in the zh book: full-width punctuation restored, the dash of a span
    of years, no space between two Chinese characters."""
    text = re.sub(r"(?<=\d{4})-(?=\d{4})", "—", str(s))                # a span of years: 2021—2025
    return re.sub(f"(?<={_CJK}) +(?={_CJK})", "", text.translate(_FULL_WIDTH))


def region_name(region: str, region_en: str, lang: str) -> str:
    """A province's short name (上海 / Shanghai) or a country's (DNK -> 丹麦 / Denmark)."""
    if re.fullmatch(r"[A-Z]{3}", region):
        return W.country(region, lang)
    return region if lang == "zh" else region_en


def lesson_rows(practices: pd.DataFrame, lessons: Mapping[str, Sequence[str]]) -> pd.DataFrame:
    """The practice rows behind each countermeasure's lessons: one row per (countermeasure, row id) in chapter 5's
    order, with ``countermeasure_id``, ``order`` and every practices.csv column. ``lessons``: CM id -> row ids."""
    by_id = practices.set_index("row_id", drop=False)
    frames = []
    for cm, ids in lessons.items():
        missing = [i for i in ids if i not in by_id.index]
        if missing:
            raise KeyError(f"chapter 5 names practice row(s) {', '.join(missing)} for {cm}, which the practices data "
                           "do not hold; rebuild chapter 5 with the same data")
        rows = by_id.loc[list(ids)].reset_index(drop=True)
        frames.append(rows.assign(countermeasure_id=cm, order=range(len(rows))))
    if not frames:
        return pd.DataFrame(columns=["countermeasure_id", "order", *practices.columns])
    return pd.concat(frames, ignore_index=True)


def representative(rows: pd.DataFrame) -> pd.Series:
    """The row that names a region's practice for a countermeasure: its first row describing a reform or rule (no
    ``measure``), before rows that only report a figure about an account or platform; else its first row."""
    measure = rows["measure"] if "measure" in rows else pd.Series("", index=rows.index)
    reforms = rows[measure.isna() | (measure.astype(str).str.strip() == "")]
    return (reforms if len(reforms) else rows).iloc[0]


def region_summary(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per (countermeasure, region), in chapter 5's order: ``countermeasure_id``, ``region``, ``name``
    (printed), ``practice`` (the region's practice for it, :func:`representative`, in ``lang``), ``date`` (the date
    that row refers to, printed), ``first_date`` (its raw reference date), ``shown_id`` (its row id), ``n_rows``
    and ``row_ids``."""
    out = []
    col = "practice_zh" if lang == "zh" else "practice_en"
    rows = rows.copy(deep=False)
    rows.attrs = {}  # the citations stay with the caller's table; pandas would copy them into every group
    for cm, g in rows.groupby("countermeasure_id", sort=False):
        for region, r in g.groupby("region", sort=False):
            first = representative(r)
            out.append({"countermeasure_id": cm, "region": region, "shown_id": first["row_id"],
                        "name": region_name(region, str(first["region_en"]), lang),
                        "practice": zh_text(first[col]) if lang == "zh" else str(first[col]),
                        "date": date_text(first["reference_date"], lang),
                        "first_date": str(first["reference_date"]), "n_rows": len(r), "row_ids": list(r["row_id"])})
    return pd.DataFrame(out, columns=["countermeasure_id", "region", "name", "practice", "date", "first_date",
                                      "shown_id", "n_rows", "row_ids"])
