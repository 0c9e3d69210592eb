"""Data-quality rules shared by chapters (pure functions over loaded tables).

* :func:`doubted_website_row` -- whether a national source grades a province's CNNIC 2019 website row ``low``:
  the reprinted CNNIC province table's top rows conflict with the paragraph above it, so its rows may be shifted
  (inspections/NOTES.md, caveat 5). Chapters flag such a figure wherever they use it.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.regions import resolve_province

__all__ = ["doubted_website_row"]


def doubted_website_row(national: pd.DataFrame, province: Any) -> bool:
    """True when ``national_quarterly`` grades the province's CNNIC website count ``low`` (table alignment in doubt)."""
    p = resolve_province(province)
    r = national[(national["region"].astype(str) == p.en) & (national["object"] == "website")
                 & national["measure"].astype(str).str.startswith("websites_")]
    return bool(len(r) and (r["confidence"] == "low").any())
