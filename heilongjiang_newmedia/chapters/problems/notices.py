"""The provincial inspection notices, item by item (``notice_items``): the focus province's rows coded for the four
problems, and the peer provinces' notices as context.

Every row of the focus province is kept (problem items, new-media findings, totals, named good practice, work
requirements). A problem item can name several defects (``内容更新; 空白栏目``): each is coded by
``tables/categories.yaml`` to the problem it bears on. Headings are kept verbatim (the stored pages print
fullwidth punctuation as ASCII; :func:`fullwidth` restores it for the Chinese reader).
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.problems.catalogue import categories, category_code

__all__ = ["coded_items", "item_codes", "notice_summary", "peer_notices", "fullwidth", "notice_period",
           "CONFIDENCE_RANK", "totals_method"]

CONFIDENCE_RANK = {"high": 0, "medium": 1, "low": 2}
_ASCII_TO_FULL = str.maketrans({"(": "（", ")": "）", ",": "，", ":": "：", ";": "；"})


def fullwidth(text: Any) -> str:
    """ASCII brackets and punctuation of a stored Chinese page restored to fullwidth (``(一)`` -> ``（一）``)."""
    return str(text).translate(_ASCII_TO_FULL)


def notice_period(row: pd.Series) -> str:
    """``2022Q2`` for a quarterly notice, ``2018-11`` for a monthly one (``period`` = ``2018-11 (monthly)``)."""
    p = str(row["period"])
    if "monthly" in p:
        return p.split()[0]
    return f"{int(row['year'])}{row['quarter']}"


def coded_items(items: pd.DataFrame, province_zh: str) -> pd.DataFrame:
    """Every ``notice_items`` row of ``province_zh``, with ``notice`` (period code), ``codes`` (category codes of a
    problem item, ``;``-joined; empty for other rows) and ``from_heading`` (the category was read from the
    heading only). Order as in the data."""
    own = items[items["province"] == province_zh].copy()
    own["notice"] = [notice_period(r) for _, r in own.iterrows()]
    codes, heading = [], []
    for _, r in own.iterrows():
        if r["row_type"] != "problem_item":
            codes.append("")
            heading.append(False)
            continue
        parts = [category_code(c) for c in str(r["category"]).split(";") if c.strip()]
        codes.append(";".join(dict.fromkeys(c for c, _ in parts)))
        heading.append(any("标题" in d for _, d in parts))
    own["codes"] = codes
    own["from_heading"] = heading
    return own.reset_index(drop=True)


def item_codes(coded: pd.DataFrame) -> pd.DataFrame:
    """One row per (problem item, category code): ``row_id``, ``notice``, ``object``, ``code``, ``problem``,
    ``measures``, ``reason``, ``unit_zh``, ``confidence``."""
    cats = categories()
    rows = []
    for _, r in coded[coded["row_type"] == "problem_item"].iterrows():
        for code in filter(None, r["codes"].split(";")):
            c = cats[code]
            rows.append({"row_id": r["row_id"], "notice": r["notice"], "object": r["object"], "code": code,
                         "problem": c["problem"], "measures": bool(c.get("measures", True)),
                         "reason": c.get("reason", ""), "unit_zh": r["unit_zh"], "confidence": r["confidence"]})
    return pd.DataFrame(rows, columns=["row_id", "notice", "object", "code", "problem", "measures", "reason",
                                       "unit_zh", "confidence"])


def notice_summary(coded: pd.DataFrame) -> pd.DataFrame:
    """One row per notice of the focus province: ``notice``, ``title``, ``headings`` (verbatim headings of its
    problem items, in order), ``n_problem_items``, ``n_units`` (distinct units named), ``n_new_media_items``
    (problem items on new media), ``n_new_media_findings`` and ``last_row`` (the row id at which the stored text
    ends)."""
    rows = []
    for notice, g in coded.groupby("notice", sort=True):
        pi = g[g["row_type"] == "problem_item"]
        rows.append({"notice": notice, "title": str(g["notice_title"].iloc[0]),
                     "headings": list(dict.fromkeys(pi["heading_zh"].astype(str))),
                     "n_problem_items": int(len(pi)), "n_units": int(pi["unit_zh"].nunique()),
                     "n_new_media_items": int((pi["object"] == "new_media").sum()),
                     "n_new_media_findings": int((g["row_type"] == "new_media_finding").sum()),
                     "last_row": str(g["row_id"].iloc[-1])})
    return pd.DataFrame(rows, columns=["notice", "title", "headings", "n_problem_items", "n_units",
                                       "n_new_media_items", "n_new_media_findings", "last_row"])


def totals_method(totals: pd.DataFrame) -> str:
    """The check method of one notice and object from its total rows (``measure`` and the printed count):
    ``full`` (full coverage, 100 % of the sites or accounts), ``sample`` or ``unknown``."""
    text = " ".join(f"{m} {c}" for m, c in zip(totals["measure"].fillna(""), totals["count_as_printed"].fillna("")))
    if "full coverage" in text or "100% of" in text or "check ratio 100%" in text:
        return "full"
    if "sampled" in text:
        return "sample"
    return "unknown"


def _method(g: pd.DataFrame, obj: str) -> str:
    return totals_method(g[(g["object"] == obj) & (g["row_type"] == "total")])


def peer_notices(items: pd.DataFrame, peers: list[str]) -> pd.DataFrame:
    """The peer provinces' notices as context (their designs differ): one row per (province, notice) with
    ``province``, ``notice``, ``monthly`` (a monthly check), ``method_website`` / ``method_new_media`` (full,
    sample or unknown; empty when the notice reports no check of that object), ``n_problem_items``,
    ``codes`` (category codes named, ``;``-joined), ``n_new_media_rows`` and ``confidence`` (best row)."""
    rows = []
    for prov in peers:
        own = items[items["province"] == prov]
        if own.empty:
            continue
        coded = coded_items(items, prov)
        for notice, g in coded.groupby("notice", sort=True):
            pi = g[g["row_type"] == "problem_item"]
            objs = set(g.loc[g["row_type"] == "total", "object"])
            codes = list(dict.fromkeys(c for v in pi["codes"] for c in v.split(";") if c))
            rows.append({"province": prov, "notice": notice, "monthly": "-" in notice,
                         "method_website": _method(g, "website") if "website" in objs else "",
                         "method_new_media": _method(g, "new_media") if "new_media" in objs else "",
                         "n_problem_items": int(len(pi)), "codes": ";".join(codes),
                         "n_new_media_rows": int((g["object"] == "new_media").sum()),
                         "confidence": min(g["confidence"], key=lambda c: CONFIDENCE_RANK.get(c, 9))})
    return pd.DataFrame(rows, columns=["province", "notice", "monthly", "method_website", "method_new_media",
                                       "n_problem_items", "codes", "n_new_media_rows", "confidence"])
