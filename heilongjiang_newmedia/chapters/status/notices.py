"""Chapter 3: the focus province's inspection notices -- their totals side by side and every item coded.

Three datasets hold a province's notices: ``hlj_quarterly`` (Heilongjiang's totals), ``comparator_provinces`` (other
provinces' totals) and ``notice_items`` (item by item: problem items, new-media findings, good practices, totals,
requirements, for Heilongjiang, Jilin and Liaoning). Every measure is coded through ``tables/notice_measures.csv``
(an unlisted measure is coded ``other``) and every item's printed category through ``tables/notice_categories.csv``.

Definitions:

* a *notice* = one provincial notice, identified by its period: ``YYYYQn`` for a quarterly notice, ``YYYY-MM`` for a
  monthly one. A figure a notice quotes for an earlier quarter (Heilongjiang's 2022 Q1 count of websites scoring 90+,
  printed in the 2022 Q2 notice) belongs to the notice that prints it.
* *accounts* (code ``n_accounts``) = accounts (or websites) in operation as the notice prints them; a full-coverage
  check of all running accounts also gives that number (``n_checked`` with check ``full``).
* an item's *categories*: the printed category cell split at ``;``, each reduced to the words before ``(``.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["measure_codes", "category_codes", "notice_period", "notice_totals", "code_items", "notices_found",
           "item_crosstab", "latest_accounts", "latest_pass_rates", "summary_data", "account_split", "CHECKS"]

TABLES = Path(__file__).resolve().parent / "tables"
CITE = ["source_url", "source_title", "source_date", "locator", "confidence"]
#: check-type codes: full coverage, sample, random sample (printed words in tables/labels.yaml)
CHECKS = ("full", "sample", "random")


@lru_cache(maxsize=1)
def measure_codes() -> pd.DataFrame:
    """``dataset``, ``measure`` (as in the data), ``code``, ``check`` (implied check type or empty)."""
    return pd.read_csv(TABLES / "notice_measures.csv", dtype=str, keep_default_na=False, encoding="utf-8")


@lru_cache(maxsize=1)
def category_codes() -> pd.DataFrame:
    """``printed`` (the category word of a notice item), ``code``, ``label_zh``, ``label_en``."""
    return pd.read_csv(TABLES / "notice_categories.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def _cite(df: pd.DataFrame) -> list[str]:
    return [c for c in CITE if c in df.columns]


def notice_period(year: Any, quarter: Any, period: Any = "") -> str:
    """``2022Q2`` for a quarterly notice, ``2018-11`` for a monthly one (``period`` printed as ``2018-11 (monthly)``)."""
    text = str(period or "")
    if "monthly" in text:
        return text[:7]
    return f"{int(year)}{quarter}"


def _code(dataset: str, measure: pd.Series) -> tuple[pd.Series, pd.Series]:
    m = measure_codes()
    m = m[m["dataset"] == dataset].set_index("measure")
    return (measure.map(m["code"]).fillna("other"), measure.map(m["check"]).fillna(""))


def _frame(df: pd.DataFrame, dataset: str, period: pd.Series, measure: pd.Series, value: pd.Series,
           printed: pd.Series) -> pd.DataFrame:
    code, check = _code(dataset, measure)
    return pd.DataFrame({"period": period.to_numpy(), "year": pd.to_numeric(df["year"]).astype(int).to_numpy(),
                         "quarter": df["quarter"].astype(str).to_numpy(), "object": df["object"].to_numpy(),
                         "measure": measure.to_numpy(), "code": code.to_numpy(), "check": check.to_numpy(),
                         "value": pd.to_numeric(value, errors="coerce").to_numpy(),
                         "printed": printed.astype(str).to_numpy(), "dataset": dataset,
                         **{c: df[c].to_numpy() for c in _cite(df)}})


def notice_totals(province: str, checks_printed: Mapping[str, str], own: pd.DataFrame | None = None,
                  comparators: pd.DataFrame | None = None, items: pd.DataFrame | None = None) -> pd.DataFrame:
    """Every notice-level figure of ``province`` (short Chinese name), one row per (notice, object, measure):
    ``period``, ``year``, ``quarter``, ``object``, ``measure`` (as in the data), ``code``, ``check`` (the check type of
    that notice and object: a code of :data:`CHECKS` or empty), ``value`` (numeric; percent 0-100), ``printed``,
    ``dataset`` and citation columns. ``own`` = ``hlj_quarterly`` when the province is Heilongjiang;
    ``checks_printed`` maps printed check types (全覆盖检查 ...) to codes."""
    parts = []
    if own is not None and len(own):
        # a figure quoted for an earlier quarter belongs to the notice (source) that prints it
        key = own["year"].astype(int) * 10 + own["quarter"].str[1].astype(int)
        latest = key.groupby(own["source_url"]).transform("max")
        period = (latest // 10).astype(str) + "Q" + (latest % 10).astype(str)
        own = own.assign(year=latest // 10, quarter="Q" + (latest % 10).astype(str))
        parts.append(_frame(own, "hlj_quarterly", period, own["measure"], own["value_numeric"], own["value_as_printed"]))
    if comparators is not None:
        c = comparators[comparators["region_zh"] == province]
        if len(c):
            period = c["year"].astype(int).astype(str) + c["quarter"].astype(str)
            parts.append(_frame(c, "comparator_provinces", period, c["measure"], c["value_numeric"], c["value_as_printed"]))
    if items is not None:
        t = items[(items["province"] == province) & (items["row_type"] == "total")]
        if len(t):
            period = pd.Series([notice_period(y, q, p) for y, q, p in zip(t["year"], t["quarter"], t["period"])],
                               index=t.index)
            parts.append(_frame(t, "notice_items", period, t["measure"], t["count_numeric"], t["count_as_printed"]))
    cols = ["period", "year", "quarter", "object", "measure", "code", "check", "value", "printed", "dataset"] + CITE
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    # the check type printed for a notice and object applies to all its rows; a measure may imply one
    printed = out[out["code"] == "check_type"].set_index(["period", "object"])["printed"].map(checks_printed)
    implied = out[out["check"] != ""].drop_duplicates(["period", "object"]).set_index(["period", "object"])["check"]
    check = pd.concat([printed.dropna(), implied]).groupby(level=[0, 1]).first()
    out["check"] = [check.get((p, o), "") for p, o in zip(out["period"], out["object"])]
    return out.sort_values(["year", "quarter", "period", "object"], kind="stable").reset_index(drop=True)[cols]


def _categories(cell: Any) -> list[str]:
    codes = category_codes().set_index("printed")["code"]
    out = []
    for part in str(cell).split(";"):
        word = re.split(r"[(（]", part.strip(), maxsplit=1)[0].strip()
        if word not in codes.index:
            raise ValueError(f"notice item category {part.strip()!r} is not in tables/notice_categories.csv")
        out.append(codes[word])
    return out


def code_items(items: pd.DataFrame, province: str, problems: pd.DataFrame | None = None,
               problem_codes: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Every ``notice_items`` row of ``province``, coded: ``row_id``, ``period``, ``scope`` (``provincial``),
    ``row_type``, ``object``, ``heading``, ``unit``, ``categories`` (codes; problem items only, else ``[]``) and
    citation columns. ``problems`` (``hlj_problems``) adds the rows not already in ``notice_items`` (column
    ``also_in`` there names them): items of national notices naming the province's units (``scope`` ``national``),
    their categories already coded (``problem_codes`` maps the data's codes to :func:`category_codes` codes)."""
    n = items[items["province"] == province]
    rows = []
    for r in n.itertuples(index=False):
        rows.append({"row_id": r.row_id, "period": notice_period(r.year, r.quarter, r.period), "year": int(r.year),
                     "scope": "provincial", "row_type": r.row_type, "object": r.object,
                     "heading": "" if pd.isna(r.heading_zh) else str(r.heading_zh),
                     "unit": "" if pd.isna(r.unit_zh) else str(r.unit_zh),
                     "categories": _categories(r.category) if r.row_type == "problem_item" else [],
                     **{c: getattr(r, c) for c in CITE}})
    if problems is not None and len(problems):
        cited = set(re.findall(r"hlj_problems\.csv (\d{4} Q\d \w+)", " ".join(n["also_in"].dropna().astype(str))))
        extra = problems[[f"{y} {q} {no}" not in cited for y, q, no in
                          zip(problems["year"], problems["quarter"], problems["problem_item_no"])]]
        for r in extra.itertuples(index=False):
            national = str(r.problem_item_no).startswith("national")
            rows.append({"row_id": f"{r.year}{r.quarter}-{r.problem_item_no}", "period": f"{int(r.year)}{r.quarter}",
                         "year": int(r.year), "scope": "national" if national else "provincial",
                         "row_type": "problem_item", "object": r.object, "heading": "", "unit": str(r.unit_zh),
                         "categories": [(problem_codes or {}).get(r.category, "other")],
                         **{c: getattr(r, c) for c in CITE}})
    cols = ["row_id", "period", "year", "scope", "row_type", "object", "heading", "unit", "categories"] + CITE
    return pd.DataFrame(rows, columns=cols)


def notices_found(totals: pd.DataFrame, coded: pd.DataFrame) -> pd.DataFrame:
    """The province's own notices (provincial scope), one row per period in date order: ``period``, ``year``,
    ``n_totals`` (notice-level figures), ``n_items`` (coded items)."""
    prov = coded[coded["scope"] == "provincial"]
    periods = sorted(set(totals["period"]) | set(prov["period"]), key=lambda p: (p[:4], p[4:]))
    return pd.DataFrame([{"period": p, "year": int(p[:4]), "n_totals": int((totals["period"] == p).sum()),
                          "n_items": int((prov["period"] == p).sum())} for p in periods],
                        columns=["period", "year", "n_totals", "n_items"])


def item_crosstab(coded: pd.DataFrame) -> pd.DataFrame:
    """Coded items by kind and notice: one row per (object, category) of the problem items and per (object,
    row type) of the other items, one column per notice period; cells count coded entries (an item with several
    categories counts once in each). Rows with no entry in any notice are kept for new-media problem items (a 0
    that matters). Index: (``object``, ``kind``), where kind is a category code or ``row_type:<type>``."""
    periods = sorted(dict.fromkeys(coded["period"]), key=lambda p: (p[:4], p[4:]))
    entries = []
    for r in coded.itertuples(index=False):
        kinds = r.categories if r.row_type == "problem_item" else [f"row_type:{r.row_type}"]
        entries += [(r.object, k, r.period) for k in kinds]
    e = pd.DataFrame(entries, columns=["object", "kind", "period"])
    table = pd.crosstab([e["object"], e["kind"]], e["period"]).reindex(columns=periods, fill_value=0) if len(e) else \
        pd.DataFrame(columns=periods)
    order = list(category_codes()["code"])
    keys = [(o, k) for o in ("website", "new_media") for k in order if (o, k) in table.index]
    if not any(o == "new_media" for o, _ in keys) and len(periods):
        keys.append(("new_media", "none"))               # no new-media problem item: a row of zeros, shown
    keys += sorted(k for k in table.index if k[1].startswith("row_type:"))
    out = table.reindex(pd.MultiIndex.from_tuples(keys, names=["object", "kind"]), fill_value=0) if keys else table
    return out.astype(int)


def _latest(totals: pd.DataFrame, code: str, obj: str) -> pd.Series | None:
    t = totals[(totals["code"] == code) & (totals["object"] == obj) & totals["value"].notna()]
    if t.empty:
        return None
    return t.sort_values(["year", "quarter", "period"], kind="stable").iloc[-1]


def latest_accounts(totals: pd.DataFrame) -> dict[str, Any] | None:
    """Government new-media accounts in the latest notice that prints them (``n_accounts``, or ``n_checked`` of a
    full-coverage check): ``value``, ``year``, ``quarter``, ``period``, ``code``; ``None`` when no notice does."""
    t = totals[(totals["object"] == "new_media") & totals["value"].notna()
               & ((totals["code"] == "n_accounts") | ((totals["code"] == "n_checked") & (totals["check"] == "full")))]
    if t.empty:
        return None
    r = t.sort_values(["year", "quarter", "period", "code"], kind="stable").iloc[-1]
    return {"value": float(r["value"]), "year": int(r["year"]), "quarter": str(r["quarter"]), "period": r["period"],
            "code": r["code"], "confidence": r.get("confidence", "")}


def latest_pass_rates(totals: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The latest pass rate [%] per object: ``{object: {value, year, quarter, period, check}}``."""
    out = {}
    for obj in ("website", "new_media"):
        r = _latest(totals, "pass_rate", obj)
        if r is not None:
            out[obj] = {"value": float(r["value"]), "year": int(r["year"]), "quarter": str(r["quarter"]),
                        "period": r["period"], "check": r["check"]}
    return out


#: the measures of the side-by-side summary, in row order
SUMMARY_CODES = ("check", "n_checked", "n_accounts", "pass_rate", "pass_rate_after_rectification")


def summary_data(totals: pd.DataFrame) -> pd.DataFrame:
    """The notices side by side: one row per (period, object) with a pass rate, columns :data:`SUMMARY_CODES`
    (``check`` a code, the others numeric or ``NaN`` where the notice prints none); date order, websites first."""
    keys = totals[totals["code"] == "pass_rate"][["period", "year", "quarter", "object"]].drop_duplicates()
    rows = []
    for k in keys.itertuples(index=False):
        g = totals[(totals["period"] == k.period) & (totals["object"] == k.object)]
        first = (lambda code: next(iter(pd.to_numeric(g.loc[g["code"] == code, "value"]).dropna()), float("nan")))
        rows.append({"period": k.period, "year": k.year, "quarter": k.quarter, "object": k.object,
                     "check": next(iter(g["check"]), ""), **{c: first(c) for c in SUMMARY_CODES[1:]}})
    out = pd.DataFrame(rows, columns=["period", "year", "quarter", "object", *SUMMARY_CODES])
    out["_o"] = out["object"].map({"website": 0, "new_media": 1})
    return out.sort_values(["year", "quarter", "period", "_o"], kind="stable").drop(columns="_o").reset_index(drop=True)


def account_split(totals: pd.DataFrame) -> pd.DataFrame:
    """Accounts by platform or level where a notice prints a split (codes ``split_<platform|level>``): ``period``,
    ``object``, ``code``, ``value``, citation columns."""
    s = totals[totals["code"].str.startswith("split_") & totals["value"].notna()]
    return s[["period", "year", "quarter", "object", "code", "value"] + _cite(s)].reset_index(drop=True)
