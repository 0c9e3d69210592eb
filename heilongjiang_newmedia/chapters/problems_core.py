"""Kept only for chapter 3's current ``status`` module, which imports :func:`doubted_website_row` from here.
Chapter 4 now lives in ``chapters/problems/``; delete this file once ``status`` no longer imports it (issue 23)."""
from __future__ import annotations

from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.regions import resolve_province

__all__ = ["doubted_website_row"]


def doubted_website_row(national: pd.DataFrame, province: Any) -> bool:
    """Whether ``national_quarterly`` grades the province's CNNIC 2019 website row ``low`` (the reprinted table's
    first rows conflict with the report's text, so rows may be shifted)."""
    p = resolve_province(province)
    r = national[(national["region"].astype(str) == p.en) & (national["object"] == "website")
                 & national["measure"].astype(str).str.startswith("websites_")]
    return bool(len(r) and (r["confidence"] == "low").any())
