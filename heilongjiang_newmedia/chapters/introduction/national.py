"""National context of chapter 1: CNNIC series, government-microblog counts by scope, and the cross-sections.

Definitions (CNNIC Statistical Reports on Internet Development in China):

* netizens: persons aged 6+ who used the internet at least once in the past six months; persons.
* internet penetration: netizens / total population, percent (0–100).
* online government service users: netizens who used online government services in the past
  half year; persons. First reported in the 39th report (2016-12); their share of netizens in percent.
* government microblogs: two scopes that must not be chained — Sina-verified government microblogs *including*
  civil servants' personal accounts (39th report, 2016-12; People's Daily / Weibo totals) versus institutional
  accounts only (later CNNIC reports).

A CNNIC figure is dated by its ``cutoff`` month (YYYY-MM), not by the report's publication date. Nothing is
interpolated: reports not covered by the sources are absent.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["cnnic_series", "microblog_counts", "reports_not_covered", "microblog_facts", "cross_sections",
           "CLEAN_UP_2018"]

#: The declared break in the government-microblog series: the self-media clean-up from October 2018 (YYYY-MM).
CLEAN_UP_2018 = "2018-10"
_CONF = {"high": 0, "medium": 1, "low": 2}
_KEEP = ["cutoff", "year", "report_no", "indicator", "value", "value_as_printed", "unit_as_printed",
         "source_url", "source_title", "source_date", "locator", "confidence"]


def _year(cutoff: pd.Series) -> pd.Series:
    return cutoff.astype(str).str.slice(0, 4).astype(int)


def _window(df: pd.DataFrame, start_year: int | None, end_year: int | None) -> pd.DataFrame:
    if start_year is not None:
        df = df[df["year"] >= start_year]
    if end_year is not None:
        df = df[df["year"] <= end_year]
    return df


def cnnic_series(national: pd.DataFrame, indicator: str, start_year: int | None = None,
                 end_year: int | None = None) -> pd.DataFrame:
    """One CNNIC indicator as a tidy series: one row per ``cutoff`` month, sorted.

    Where several cited rows give the same cutoff (independent copies), the highest-confidence row is kept. Columns:
    ``cutoff``, ``year``, ``report_no``, ``indicator``, ``value`` (persons, or percent 0–100) and the citation
    columns. Years outside ``start_year``–``end_year`` are dropped."""
    rows = national[national["indicator"] == indicator].copy()
    if rows.empty:
        raise ValueError(f"national_series has no indicator {indicator!r}")
    rows["year"] = _year(rows["cutoff"])
    rows["_conf"] = rows["confidence"].map(_CONF)
    rows = rows.sort_values(["cutoff", "_conf"]).drop_duplicates("cutoff").drop(columns="_conf")
    return _window(rows, start_year, end_year)[_KEEP].reset_index(drop=True)


def microblog_counts(national: pd.DataFrame, benchmarks: pd.DataFrame, series: dict[str, dict[str, str]],
                     lang: str, start_year: int | None = None, end_year: int | None = None) -> pd.DataFrame:
    """Government-microblog counts (accounts) of the ``series`` (``dataset:indicator`` -> ``{scope, zh, en}``), long
    format: ``cutoff``, ``year``, ``series``, ``scope`` (``institutions`` or ``incl_civil_servants``), ``label``
    (legend in ``lang``), ``value`` (accounts) and citation columns. Scopes are different populations: chart them as
    separate series, never as one line."""
    parts = []
    for key, spec in series.items():
        dataset, indicator = key.split(":")
        src = national if dataset == "national_series" else benchmarks
        rows = src[src["indicator"] == indicator].copy()
        rows["series"], rows["scope"], rows["label"] = key, spec["scope"], spec[lang]
        parts.append(rows)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = _year(out["cutoff"])
    keep = ["cutoff", "year", "series", "scope", "label", "value", "value_as_printed", "source_url", "source_title",
            "source_date", "locator", "confidence"]
    return _window(out, start_year, end_year).sort_values(["series", "cutoff"])[keep].reset_index(drop=True)


def reports_not_covered(national: pd.DataFrame, indicator: str, start_year: int | None = None,
                        end_year: int | None = None) -> list[int]:
    """CNNIC report numbers, from the first report that gives ``indicator`` on, that are in the data (for any
    indicator, within the year window) but give no figure for ``indicator``."""
    rows = national.assign(year=_year(national["cutoff"]))
    window = _window(rows, start_year, end_year)
    have = set(window.loc[window["indicator"] == indicator, "report_no"].dropna().astype(int))
    if not have:
        return []
    first = int(rows.loc[rows["indicator"] == indicator, "report_no"].dropna().astype(int).min())
    return sorted(r for r in set(window["report_no"].dropna().astype(int)) if r >= first and r not in have)


def microblog_facts(blogs: pd.DataFrame, break_cutoff: str = CLEAN_UP_2018) -> dict[str, Any] | None:
    """What the institutional CNNIC series says about the declared break: the last count before it (``before``), the
    first after it (``after``) and the latest (``last``), each ``{"cutoff", "value"}`` (accounts); None when the
    window holds no institutional count on both sides of the break."""
    inst = blogs[blogs["scope"] == "institutions"].sort_values("cutoff")
    pre, post = inst[inst["cutoff"] < break_cutoff], inst[inst["cutoff"] >= break_cutoff]
    if pre.empty or post.empty:
        return None

    def pick(r: pd.Series) -> dict[str, Any]:
        return {"cutoff": str(r["cutoff"]), "value": float(r["value"])}

    return {"before": pick(pre.iloc[-1]), "after": pick(post.iloc[0]), "last": pick(post.iloc[-1])}


def cross_sections(capability: pd.DataFrame, websites: pd.DataFrame, provinces: list[str]) -> list[int]:
    """Years in which a cited table covers every one of ``provinces`` (the 31 provincial-level divisions, Chinese
    short names) on one basis: the online-service capability evaluation (``eval_year``) and CNNIC's government
    websites by province (``cutoff`` year). Sorted, distinct."""
    want = set(provinces)
    years = set()
    cap = capability[capability["score"].notna()]
    for y, part in cap.groupby(cap["eval_year"].astype(str)):
        if want <= set(part["province_zh"].astype(str)) and y.isdigit():
            years.add(int(y))
    for y, part in websites.groupby(_year(websites["cutoff"])):
        if want <= set(part["province_zh"].astype(str)):
            years.add(int(y))
    return sorted(years)
