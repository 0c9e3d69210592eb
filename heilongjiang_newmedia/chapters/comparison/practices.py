"""Documented practices of the benchmark provinces and countries (``data/raw/practices/practices.csv``).

Two things are kept apart:

* the **documented evidence**: rows of ``practices.csv`` — what a region did, with the figure it printed
  (``value_as_printed``, ``unit_as_printed``), the date it refers to (``reference_date``) and the page that prints
  it (citation columns). A row is only ever shown for the region in its own ``region`` column.
* the **book's reading**: which rows make up one practice and which of the thesis's problems and
  countermeasures it speaks to (``tables/practice_groups.csv``, ``tables/practice_rows.csv``). A region shown
  without a curated group gets its dated rows with a figure, newest first.

A region with no row in the data is dropped from the practice comparison (never shown empty). Region keys in the
findings: a province's English name without spaces (``Shanghai``), a country's ISO3 code (``DNK``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from heilongjiang_newmedia.text import wording as W

__all__ = ["read_groups", "region_key", "select", "fact_value", "fact_date", "zh_name", "by_countermeasure"]

TABLES = Path(__file__).with_name("tables")
#: rows shown for a region without a curated group
AUTO_ROWS = 4


def read_groups() -> tuple[pd.DataFrame, pd.DataFrame]:
    """The book's reading: practice groups (``group, region, name_zh, name_en, problems, countermeasures``) and
    the rows of each group (``group, row_id``)."""
    g = pd.read_csv(TABLES / "practice_groups.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    r = pd.read_csv(TABLES / "practice_rows.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    return g, r


def region_key(region: str, names_en: Mapping[str, str]) -> str:
    """``上海`` -> ``Shanghai`` (English name without spaces), ``DNK`` -> ``DNK``."""
    if re.fullmatch(r"[A-Z]{3}", region):
        return region
    return re.sub(r"[^A-Za-z0-9]", "", names_en[region])


def fact_date(text: Any, lang: str) -> str:
    """The date a practice row refers to, as printed (:func:`wording.reference_date`)."""
    return W.reference_date(text, lang)


#: simplified forms of the traditional characters some stored pages print (script, not figures)
_SIMPLIFIED = str.maketrans({"萬": "万", "億": "亿", "過": "过", "筆": "笔", "個": "个", "項": "项", "約": "约",
                             "縣": "县", "開": "开", "發": "发", "區": "区", "連": "连"})
_MORE = re.compile(r"^(超过|超過|超|突破|over|more than)|余|餘|多")
_NEAR = re.compile(r"^(近|nearly|approximately|around|約|约)")


def _zh_punct(text: str) -> str:
    """Chinese punctuation for a stored page's ASCII punctuation (caveat 6 of practices/NOTES.md), the dash of a
    span of years and no thousands separators (the zh book prints 2153, not 2,153)."""
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    text = re.sub(r"(?<=\d{4})-(?=\d{4})", "—", text)               # a span of years: 2021—2025
    text = re.sub(r",\s*", "，", text).replace("(", "（").replace(")", "）")
    return text.replace(" （", "（")


def zh_name(text: Any) -> str:
    """A practice's Chinese name with Chinese punctuation and simplified characters."""
    return _zh_punct(str(text).translate(_SIMPLIFIED))


_NUMERIC = re.compile(r"^[\d\s,.]+%?$")


def fact_value(row: Mapping[str, Any], lang: str, no_figure: str) -> str:
    """The figure of a practice row as printed: the ``value_as_printed`` where it reads in the book's language
    (Chinese punctuation and simplified characters in zh), else the convenience number ``value_numeric`` with
    the printed bound (超过/近, "more than"/"nearly") and percent sign; a plain number is written the book's way.
    A row without a figure prints ``no_figure``."""
    printed = row.get("value_as_printed")
    if W.is_missing(printed) or not str(printed).strip():
        return no_figure
    printed, unit = str(printed).strip(), row.get("unit_as_printed")
    unit = "" if W.is_missing(unit) else str(unit).strip()
    is_pct = unit in ("%", "percent") or printed.endswith("%")
    cjk = bool(re.search(r"[\u4e00-\u9fff]", printed))
    v = row.get("value_numeric")
    if lang == "zh" and cjk:
        text = _zh_punct(printed.translate(_SIMPLIFIED))
        zunit = unit.translate(_SIMPLIFIED)
        if zunit and re.fullmatch(r"[\u4e00-\u9fff%]+", zunit) and not text.endswith(zunit):
            text += zunit
        return text
    zunit = unit.translate(_SIMPLIFIED) if re.fullmatch(r"[\u4e00-\u9fff]+", unit.translate(_SIMPLIFIED)) else ""
    if not cjk and re.search(r"[+()]", printed):
        return _zh_punct(printed) + zunit if lang == "zh" else printed     # 17+N, 1,199 (24%)
    if lang == "en" and not cjk and not _NUMERIC.match(printed):
        return printed + ("%" if is_pct and not printed.endswith("%") else "")
    if W.is_missing(v):
        return no_figure
    more, near = bool(_MORE.search(printed)), bool(_NEAR.match(printed))
    bound = (("超过" if more else "近" if near else "") if lang == "zh"
             else ("more than " if more else "nearly " if near else ""))
    num = W.percent(v, lang) if is_pct else W.count(v, lang)
    return bound + num + (zunit if lang == "zh" and not is_pct else "")


def _auto(rows: pd.DataFrame) -> pd.DataFrame:
    figured = rows[rows["value_as_printed"].notna() & rows["reference_date"].notna()]
    pick = figured if len(figured) else rows[rows["reference_date"].notna()]
    return pick.sort_values("reference_date", ascending=False, kind="stable").head(AUTO_ROWS)


def select(practices: pd.DataFrame, regions: Iterable[str], groups: pd.DataFrame, group_rows: pd.DataFrame,
           lang: str, no_figure: str) -> pd.DataFrame:
    """The practice rows shown, region by region in ``regions`` order (province short names and ISO3 codes).

    Columns: ``region``, ``group`` (curated group or ``""``), ``group_name``, ``problems``, ``countermeasures``
    (``;``-joined codes of the group), ``row_id``, ``practice`` (name in ``lang``), ``fact`` and ``date`` (as
    printed in ``lang``) and the practice row's own columns (``measure``, ``reference_date``, citation columns).
    A curated row whose ``region`` differs from its group's region raises ``ValueError`` (a practice is never
    credited to another region); regions with no rows are absent."""
    by_id = practices.set_index("row_id", drop=False)
    out = []
    for region in regions:
        mine = practices[practices["region"] == region]
        if mine.empty:
            continue
        gs = groups[groups["region"] == region]
        for g in gs.itertuples(index=False):
            ids = [i for i in group_rows.loc[group_rows["group"] == g.group, "row_id"] if i in by_id.index]
            rows = by_id.loc[ids].reset_index(drop=True)
            wrong = rows[rows["region"] != region]
            if len(wrong):
                raise ValueError(f"practice group {g.group} ({region}) names rows of another region: "
                                 + ", ".join(f"{r.row_id} ({r.region})" for r in wrong.itertuples()))
            out.append(rows.assign(group=g.group, group_name=g.name_zh if lang == "zh" else g.name_en,
                                   problems=g.problems, countermeasures=g.countermeasures))
        if gs.empty:
            out.append(_auto(mine).assign(group="", group_name="", problems="", countermeasures=""))
    if not out:
        return pd.DataFrame(columns=["region", "group", "row_id", "practice", "fact", "date"])
    shown = pd.concat(out, ignore_index=True)
    shown["practice"] = [zh_name(x) for x in shown["practice_zh"]] if lang == "zh" else shown["practice_en"]
    shown["fact"] = [fact_value(r, lang, no_figure) for r in shown.to_dict("records")]
    shown["date"] = [fact_date(d, lang) or fact_date(y, lang) for d, y in zip(shown["reference_date"], shown["year_started"])]
    return shown


def by_countermeasure(shown: pd.DataFrame) -> dict[str, dict[str, list[str]]]:
    """Countermeasure code -> ``{"regions": [...], "ids": [...]}`` of the curated practices that speak to it."""
    out: dict[str, dict[str, list[str]]] = {}
    for r in shown[shown["countermeasures"] != ""].itertuples(index=False):
        for cm in str(r.countermeasures).split(";"):
            d = out.setdefault(cm, {"regions": [], "ids": []})
            if r.region not in d["regions"]:
                d["regions"].append(r.region)
            d["ids"].append(r.row_id)
    return out
