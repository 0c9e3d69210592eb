"""Chapter 3's analysis for one study: everything the chapter shows for the focus province, collected once.

Definitions (units in brackets):

* *Rank* everywhere is competition ranking: 1 + the number of provinces (or cities) with a higher value; ties share
  the best rank. The Party School prints a dense rank (ties share a rank, none skipped, the XPCC counted); it is kept
  as ``rank_printed`` and quoted only with that label.
* *Websites per million residents* [websites per million]: 2019-12 CNNIC count / 2020 census residents x 10^6.
* *Online service capability* [index points, 0-100]: Party School 2019 overall index; gaps are ``reference - value``
  in index points (positive = behind).
* *Key cities* (2019): the provincial capitals and the 计划单列市 of the Party School table (no municipality).
* Notices, items, accounts: :mod:`.notices`; named accounts and first places: :mod:`.accounts`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import pandas as pd
from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.loading.regions import hlj_divisions, provinces
from heilongjiang_newmedia.methods.data_quality import doubted_website_row

from heilongjiang_newmedia.chapters.status import accounts as A
from heilongjiang_newmedia.chapters.status import data as D
from heilongjiang_newmedia.chapters.status import notices as N

__all__ = ["STEM", "HLJ_CODE", "labels", "StatusResult", "analyse"]

STEM = "03_status"
#: administrative code of Heilongjiang, the province whose own notice tables (hlj_*) the data hold
HLJ_CODE = 230000
TABLES = Path(__file__).resolve().parent / "tables"


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """Labels of the chapter's tables and charts (``tables/labels.yaml``)."""
    return read_yaml(TABLES / "labels.yaml")


def _year_of(v: Any) -> float:
    m = re.search(r"(\d{4})", str(v))
    return float(m.group(1)) if m else float("nan")


def _within(df: pd.DataFrame, col: str, start: int | None, end: int | None) -> pd.DataFrame:
    if df is None or df.empty or (start is None and end is None):
        return df
    y = df[col].map(_year_of)
    keep = pd.Series(True, index=df.index)
    if start is not None:
        keep &= y >= start
    if end is not None:
        keep &= y <= end
    return df[keep]


@dataclass
class StatusResult:
    """What chapter 3 shows for one study (``context``); tables keep the citation columns of their rows.

    Notices: ``totals`` (every notice-level figure), ``coded`` (every item), ``notices`` (the province's own notices),
    ``crosstab``, ``summary``, ``split``, ``accounts_latest``, ``pass_rates``; Heilongjiang only: ``cities_100``,
    ``accounts`` (hlj_annual_accounts with ``basis_key``), ``offline``. Accounts: ``named``, ``observations``,
    ``named_rows``, ``flagship``, ``weibo``. Platform base: ``websites`` with positions ``websites_pos``,
    ``per_million_pos``, ``decline_pos`` and ``website_doubted``; ``national``; ``capability`` with
    ``capability_pos``, ``capability_other``, ``capability_other_years``; ``key_cities``, ``key_city_mix``,
    ``province_cities``, ``city_series``, ``city_years``; ``other``; ``population_pos`` and ``census_rows``."""

    context: Any
    benchmarks: list[str]
    totals: pd.DataFrame
    coded: pd.DataFrame
    notices: pd.DataFrame
    crosstab: pd.DataFrame
    summary: pd.DataFrame
    split: pd.DataFrame
    accounts_latest: dict[str, Any] | None
    pass_rates: dict[str, dict[str, Any]]
    named: pd.DataFrame
    observations: pd.DataFrame
    named_rows: pd.DataFrame
    flagship: pd.DataFrame
    weibo: pd.DataFrame
    websites: pd.DataFrame
    websites_pos: dict[str, Any] | None
    per_million_pos: dict[str, Any] | None
    decline_pos: dict[str, Any] | None
    website_doubted: bool
    national: pd.DataFrame
    capability: pd.DataFrame
    capability_pos: dict[str, Any] | None
    capability_other: pd.DataFrame
    capability_other_years: list[str]
    key_cities: pd.DataFrame
    key_city_mix: dict[str, int]
    province_cities: pd.DataFrame
    city_series: pd.DataFrame
    city_years: pd.DataFrame
    other: pd.DataFrame
    population_pos: dict[str, Any] | None
    census_rows: pd.DataFrame
    cities_100: pd.DataFrame | None = None
    accounts: pd.DataFrame | None = None
    offline: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def province(self) -> str:
        return self.context.province.zh

    @property
    def is_heilongjiang(self) -> bool:
        return self.context.province.code == HLJ_CODE


def _basis_key(platform: str, basis: str) -> str:
    if platform == "all_government_new_media":
        return "notice_new_media"
    if platform == "government_website_registered_incl_offline":
        return "registered"
    if "CNNIC" in basis:
        return "cnnic"
    return "running_registered" if "registered" in basis else "notice_website"


def english_names(problems: pd.DataFrame | None, items: pd.DataFrame, province: str) -> dict[str, str]:
    """English names the data give for the Chinese ones in the province's notice items: units and headings (from
    ``hlj_problems``, matched through ``notice_items.also_in``) and Heilongjiang's divisions (full and short names)."""
    out: dict[str, str] = {}
    if problems is not None and len(problems):
        out.update(dict(zip(problems["unit_zh"].astype(str), problems["unit_en"].astype(str))))
        key = {f"{y} {q} {n}": h for y, q, n, h in zip(problems["year"], problems["quarter"],
                                                         problems["problem_item_no"], problems["section_heading_en"])}
        mine = items[(items["province"] == province) & items["heading_zh"].notna()]
        for h, also in zip(mine["heading_zh"], mine["also_in"].fillna("")):
            m = re.search(r"hlj_problems\.csv (\d{4} Q\d \w+)", str(also))
            if m and m.group(1) in key:
                out[str(h)] = key[m.group(1)]
        d = hlj_divisions()
        for col in [c for c in ("zh", "name_zh", "full", "short") if c in d.columns]:
            out.update(dict(zip(d[col].astype(str), d["en"].astype(str))))
    return out


def analyse(ctx: Any, load: Callable[..., pd.DataFrame]) -> StatusResult:
    """Chapter 3 for the study ``ctx``; ``load`` is :func:`heilongjiang_newmedia.loading.datasets.load` (injected
    so that a test can pass its own tables). ``ctx.start_year`` / ``end_year`` restrict the time-based tables."""
    p, dd, lab = ctx.province.zh, ctx.data_dir, labels()
    start, end = ctx.start_year, ctx.end_year
    bench = [b.zh for b in ctx.benchmarks]
    names = provinces()["zh"].tolist()
    hlj = ctx.province.code == HLJ_CODE
    prov = load("provinces", dd)
    census = prov[(prov["indicator"] == "census2020_resident_population") & prov["province_zh"].isin(names)].copy()
    census["_c"] = census["confidence"].map({"high": 0, "medium": 1, "low": 2})
    census = census.sort_values(["province_zh", "_c"], kind="stable").drop_duplicates("province_zh").drop(columns="_c")
    pop = pd.to_numeric(census.set_index("province_zh")["value"], errors="coerce").reindex(names)

    # inspection notices: totals and items, coded
    items = load("notice_items", dd)
    own = load("hlj_quarterly", dd) if hlj else None
    totals = N.notice_totals(p, lab["checks_printed"], own, load("comparator_provinces", dd), items)
    totals = _within(totals, "year", start, end)
    coded = _within(N.code_items(items, p, load("hlj_problems", dd) if hlj else None, lab["problem_codes"]),
                    "year", start, end)
    top = load("top_accounts_heilongjiang", dd)
    named = _within(A.named_accounts(top, p, lab["platform_words"]), "year", start, end)
    website_rows = D.websites_table(load("province_gov_websites", dd), pop.dropna())
    national = load("national_quarterly", dd)
    osc = load("online_service_capability", dd)
    cap = D.capability_table(osc, names)
    cities = load("online_service_capability_cities", dd)
    kc = D.key_cities_2019(cities)
    mine = kc[kc["province_zh"] == p].reset_index(drop=True)
    series = D.city_series(cities, p, start, end)
    city_names = set(mine["city_zh"]) | (set(hlj_divisions()["short"]) if hlj else set())
    oth = D.other_indices(load("other_rankings", dd), p, city_names)
    oth = oth[~oth["metric"].astype(str).str.contains("GDP") & ~oth["index_name"].astype(str).str.contains("开放数林")]
    other_years = _within(osc[osc["eval_year"].astype(str) != "2019"], "eval_year", start, end)
    res = StatusResult(
        context=ctx, benchmarks=bench, totals=totals, coded=coded, notices=N.notices_found(totals, coded),
        crosstab=N.item_crosstab(coded), summary=N.summary_data(totals), split=N.account_split(totals),
        accounts_latest=N.latest_accounts(totals), pass_rates=N.latest_pass_rates(totals), named=named,
        observations=A.first_place_observations(named), named_rows=A.named_rows(named),
        flagship=A.flagship_facts(load("practices", dd), top, p),
        weibo=_within(D.weibo_counts(load("microblog_influence_provinces", dd), load("province_gov_microblogs", dd), p),
                      "year", start, end),
        websites=website_rows, websites_pos=D.position_among(website_rows["websites"], p, bench),
        per_million_pos=D.position_among(website_rows["per_million"], p, bench, fewest_first=True),
        decline_pos=D.position_among(website_rows["yoy_decline_pct"], p, bench),
        website_doubted=doubted_website_row(national, p),
        national=_within(D.national_pass_rates(national), "year", start, end),
        capability=cap, capability_pos=D.capability_position(cap, p, bench),
        capability_other=_within(D.capability_other_years(osc, p), "eval_year", start, end),
        capability_other_years=sorted({str(y) for y in other_years["eval_year"]}),
        key_cities=kc, key_city_mix=D.key_city_composition(kc, lab["plan_cities"], lab["municipalities"]),
        province_cities=mine, city_series=series, city_years=D.city_by_year(series) if len(series) else series,
        other=_within(oth.reset_index(drop=True), "eval_year", start, end),
        population_pos=D.position_among(pop, p), census_rows=census)
    res.extra["names_en"] = english_names(load("hlj_problems", dd) if hlj else None, items, p)
    if hlj:
        res.cities_100 = _within(D.cities_pass_100(load("hlj_city_results", dd)), "year", start, end)
        acc = _within(D.annual_accounts(load("hlj_annual_accounts", dd)), "reference_date", start, end)
        res.accounts = acc.assign(basis_key=[_basis_key(a, str(b)) for a, b in zip(acc["platform"], acc["basis"])])
        off = own[own["measure"] == "n_offline"]["value_numeric"].dropna()
        res.offline = float(off.iloc[0]) if len(off) else None
    return res
