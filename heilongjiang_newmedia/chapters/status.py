"""Chapter 3 (status of government new media in the province): what the chapter shows, in which order.

Definitions (units in brackets):

* *Rank* everywhere is competition ranking: 1 + the number of provinces (or cities) with a higher value; ties share
  the best rank. The Party School prints a dense rank (ties share a rank, no rank skipped, the XPCC counted); it is
  kept as ``rank_printed`` and quoted only with that label.
* *Websites per million residents* [websites per million]: 2019-12 CNNIC website count / 2020 census resident
  population x 10^6 (a 2019-12 count over the 2020-11 census).
* *Online service capability* [index points, 0-100]: Party School 2019 overall index; grade bands 非常高 >= 90,
  高 80-90, 中 < 80. Gaps are ``reference - value`` in index points (positive = behind).
* *Key cities* (2019): the 27 provincial capitals and the 5 计划单列市 (no municipality).

The computations live in :mod:`status_data`, charts and reader's tables in :mod:`status_display`, prose in
:mod:`status_prose`; this module collects the chapter's data and plans its exhibits.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.chapters.problems_core import doubted_website_row
from heilongjiang_newmedia.chapters.status_data import *  # noqa: F401,F403
from heilongjiang_newmedia.chapters.status_data import (GRADE_EN, annual_accounts, capability_other_years,
                                                        capability_position, capability_table, cities_pass_100,
                                                        city_by_year, city_series, division_table,
                                                        inspection_table, internet_rows, key_cities_2019,
                                                        key_city_composition, national_pass_rates,
                                                        other_indices, position_among, websites_table, weibo_counts)
from heilongjiang_newmedia.chapters.status_display import *  # noqa: F401,F403
from heilongjiang_newmedia.chapters.status_display import _date
from heilongjiang_newmedia.chapters.status_accounts import *  # noqa: F401,F403
from heilongjiang_newmedia.chapters.status_accounts import CHECK_TYPES, account_events, inspection_summary, named_accounts
from heilongjiang_newmedia.chapters.status_prose import *  # noqa: F401,F403


# ----------------------------------------------------------------------------------------------- numbering
def exhibit_numbers(plan: Sequence[tuple[str, str]], chapter: int, lang: str) -> dict[str, str]:
    """Predicted exhibit numbers for ``plan`` = [(id, "figure" | "table"), ...] in display order, numbered as
    :class:`exhibits.Chapter` does (图3-1 / 表3-1 or Figure 3.1 / Table 3.1, figures and tables counted apart)."""
    counts = {"figure": 0, "table": 0}
    out = {}
    for eid, kind in plan:
        counts[kind] += 1
        n = counts[kind]
        if lang == "zh":
            out[eid] = f"{'表' if kind == 'table' else '图'}{chapter}-{n}"
        else:
            out[eid] = f"{'Table' if kind == 'table' else 'Figure'} {chapter}.{n}"
    return out


def numbers_table(items: Sequence[Mapping[str, Any]], numbers: Mapping[str, str], lang: str) -> pd.DataFrame:
    """The "status in numbers" table: one row per item {label_zh, label_en, text (formatted value), exhibit}.

    Columns (zh / en): 指标 / Item, 数值 / Value, 见 / See (exhibit number from ``numbers``)."""
    en = lang == "en"
    rows = [{("Item" if en else "指标"): it["label_en" if en else "label_zh"],
             ("Value" if en else "数值"): it["text"],
             ("See" if en else "见"): numbers.get(it["exhibit"], it["exhibit"])} for it in items]
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------- chapter data
def _year_of(v: Any) -> float:
    """First four-digit year in a value (2019, "2019-12", "2016-2018" -> 2016); NaN when none."""
    import re
    m = re.search(r"(\d{4})", str(v))
    return float(m.group(1)) if m else float("nan")


def _within(df: pd.DataFrame, col: str, start_year: int | None, end_year: int | None) -> pd.DataFrame:
    if df.empty or (start_year is None and end_year is None):
        return df
    y = df[col].map(_year_of)
    keep = pd.Series(True, index=df.index)
    if start_year is not None:
        keep &= y >= start_year
    if end_year is not None:
        keep &= y <= end_year
    return df[keep]


def collect(province: str, benchmarks: Iterable[str], load: Any, start_year: int | None = None,
            end_year: int | None = None, data_dir: Any = None) -> dict[str, Any]:
    """Everything chapter 3 shows for ``province`` (short Chinese name), as a dict of tables and positions.

    ``load`` is :func:`heilongjiang_newmedia.loading.datasets.load` (injected). Keys: ``population``,
    ``population_pos``, ``divisions`` (Heilongjiang only), ``internet``, ``websites``, ``websites_pos``,
    ``per_million_pos``, ``decline_pos``, ``website_doubted`` (another file grades the province's CNNIC row low),
    ``inspections`` (the province's notices), ``inspection_source``, ``summary`` (the notices side by side,
    Heilongjiang only), ``cities_100`` / ``accounts`` / ``named`` / ``harbin_events`` (Heilongjiang only),
    ``national``, ``capability``, ``capability_pos``, ``capability_other``, ``capability_other_years``,
    ``key_cities``, ``key_city_mix``, ``province_cities``, ``city_series``, ``city_years``, ``other``, ``weibo``.
    ``start_year`` / ``end_year`` restrict the time-based tables."""
    from heilongjiang_newmedia.loading.regions import provinces as _provinces

    bench = [b for b in benchmarks if b != province]
    names = _provinces()["zh"].tolist()
    prov = load("provinces", data_dir)
    census = prov[(prov["indicator"] == "census2020_resident_population") & prov["province_zh"].isin(names)].copy()
    census["_c"] = census["confidence"].map({"high": 0, "medium": 1, "low": 2})
    census = census.sort_values(["province_zh", "_c"], kind="stable").drop_duplicates("province_zh").drop(columns="_c")
    pop = pd.to_numeric(census.set_index("province_zh")["value"], errors="coerce").reindex(names)
    hlj = province == "黑龙江"
    out: dict[str, Any] = {"province": province, "benchmarks": bench, "census_rows": census, "population": pop}
    out["population_pos"] = position_among(pop, province)
    out["divisions"] = division_table(load("hlj_cities", data_dir)) if hlj else None
    out["internet"] = internet_rows(load("province_internet", data_dir), prov, province)
    web = websites_table(load("province_gov_websites", data_dir), pop.dropna())
    out["websites"] = web
    out["websites_pos"] = position_among(web["websites"], province, bench)
    out["per_million_pos"] = position_among(web["per_million"], province, bench)
    out["decline_pos"] = position_among(web["yoy_decline_pct"], province, bench)
    national = load("national_quarterly", data_dir)
    out["website_doubted"] = doubted_website_row(national, province)
    if hlj:
        q = load("hlj_quarterly", data_dir)
        out["inspections"] = inspection_table(q, None, start_year=start_year, end_year=end_year)
        out["inspection_source"] = "hlj_quarterly"
        qq = q[q["year"].map(_year_of).between(start_year or 0, end_year or 9999)]
        out["summary"] = inspection_summary(qq, "zh"), inspection_summary(qq, "en")
        out["cities_100"] = _within(cities_pass_100(load("hlj_city_results", data_dir)), "year", start_year, end_year)
        out["accounts"] = _within(annual_accounts(load("hlj_annual_accounts", data_dir)), "reference_date",
                                  start_year, end_year)
        top = load("top_accounts_heilongjiang", data_dir)
        out["named"] = _within(named_accounts(top, province), "year", start_year, end_year)
        out["harbin_events"] = account_events(top, "哈尔滨发布")
    else:
        comp = load("comparator_provinces", data_dir)
        out["inspections"] = inspection_table(comp, province, start_year=start_year, end_year=end_year)
        out["inspection_source"] = "comparator_provinces"
        mine = comp[(comp["region_zh"] == province) & comp["year"].map(_year_of).between(start_year or 0, end_year or 9999)]
        out["summary"] = ((inspection_summary(mine, "zh"), inspection_summary(mine, "en"))
                          if (mine["measure"] == "pass_rate").any() else None)
        out["cities_100"] = out["accounts"] = out["named"] = out["harbin_events"] = None
    out["national"] = _within(national_pass_rates(national), "year", start_year, end_year)
    osc = load("online_service_capability", data_dir)
    cap = capability_table(osc, names)
    out["capability"] = cap
    out["capability_pos"] = capability_position(cap, province, bench)
    out["capability_other"] = _within(capability_other_years(osc, province), "eval_year", start_year, end_year)
    other_years = _within(osc[osc["eval_year"].astype(str) != "2019"], "eval_year", start_year, end_year)
    out["capability_other_years"] = sorted({str(y) for y in other_years["eval_year"]})
    cities = load("online_service_capability_cities", data_dir)
    kc = key_cities_2019(cities)
    out["key_cities"] = kc
    out["key_city_mix"] = key_city_composition(kc)
    out["province_cities"] = kc[kc["province_zh"] == province].reset_index(drop=True)
    out["city_series"] = city_series(cities, province, start_year, end_year)
    out["city_years"] = city_by_year(out["city_series"]) if len(out["city_series"]) else out["city_series"]
    city_names = set(out["province_cities"]["city_zh"])
    if hlj:
        from heilongjiang_newmedia.loading.regions import hlj_divisions
        city_names |= set(hlj_divisions()["short"])
    oth = other_indices(load("other_rankings", data_dir), province, city_names)
    oth = oth[~oth["metric"].astype(str).str.contains("GDP") & ~oth["index_name"].astype(str).str.contains("开放数林")]
    out["other"] = _within(oth.reset_index(drop=True), "eval_year", start_year, end_year)
    out["weibo"] = _within(weibo_counts(load("microblog_influence_provinces", data_dir),
                                        load("province_gov_microblogs", data_dir), province), "year",
                           start_year, end_year)
    return out


def plan(d: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The exhibits chapter 3 shows for the collected data ``d``, in order (new media first, then websites and
    service capability, then the population context): [(id, "figure" | "table"), ...]."""
    p: list[tuple[str, str]] = [("status-in-numbers", "table")]
    if d["summary"] is not None and d["summary"][0].shape[1]:
        p.append(("inspections-province", "table"))
    if d["cities_100"] is not None and len(d["cities_100"]):
        p.append(("inspection-cities", "table"))
    if d["accounts"] is not None and len(d["accounts"]):
        p.append(("accounts", "table"))
    if d["named"] is not None and len(d["named"]):
        p.append(("named-accounts", "table"))
    if len(d["weibo"]):
        p.append(("weibo-counts", "table"))
    if len(d["national"]):
        p.append(("inspections-national", "figure"))
    if d["websites_pos"] is not None:
        p += [("websites-2019", "figure"), ("websites-per-million", "figure")]
    p += [("capability-2019-chart", "figure")]
    if d["capability_pos"] is not None:
        p.append(("capability-position", "table"))
    if len(d["capability_other"]):
        p.append(("capability-other-years", "table"))
    p.append(("key-cities-2019", "figure"))
    if len(d["city_series"]):
        p.append(("city-series", "table"))
    if len(d["other"]):
        p.append(("other-indices", "table"))
    if d["divisions"] is not None:
        p += [("divisions", "table"), ("divisions-population", "figure")]
    if d["population_pos"] is not None:
        p.append(("population-provinces", "figure"))
    return p


def latest_pass_rates(inspections: pd.DataFrame) -> pd.DataFrame:
    """The most recent ``pass_rate`` per object in an :func:`inspection_table`, with the check type of that quarter
    (``check_type``: 全覆盖检查 / 抽查 or empty when not printed). Columns ``object``, ``year``, ``quarter``,
    ``value`` [%], ``check_type``."""
    pr = inspections[inspections["measure"] == "pass_rate"]
    rows = []
    for obj, g in pr.groupby("object", sort=True):
        g = g.sort_values(["year", "quarter"], kind="stable")
        last = g.iloc[-1]
        ct = inspections[(inspections["object"] == obj) & (inspections["measure"] == "check_type")
                         & (inspections["year"] == last["year"]) & (inspections["quarter"] == last["quarter"])]
        rows.append({"object": obj, "year": int(last["year"]), "quarter": last["quarter"], "value": float(last["value"]),
                     "check_type": ct["value_as_printed"].iloc[0] if len(ct) else ""})
    return pd.DataFrame(rows, columns=["object", "year", "quarter", "value", "check_type"])


def status_items(d: Mapping[str, Any], lang: str = "zh") -> list[dict[str, Any]]:
    """Rows of the "status in numbers" table from :func:`collect` output: ``key``, ``label_zh``, ``label_en``,
    ``text`` (value in the chapter language), ``exhibit`` and ``value``; new media first. Missing items are left out."""
    zh = lang == "zh"
    items: list[dict[str, Any]] = []

    def add(key, lz, le, value, tz, te, exhibit):
        items.append({"key": key, "label_zh": lz, "label_en": le, "value": value, "text": tz if zh else te,
                      "exhibit": exhibit})

    acc = d["accounts"]
    if acc is not None and len(acc):
        nm = acc[acc["platform"] == "all_government_new_media"]
        if len(nm):
            r = nm.iloc[-1]
            add("new_media_accounts", "正常运行的政务新媒体账号", "Government new-media accounts in operation",
                float(r["count"]), f"{W.count(r['count'], 'zh', '个')}（{_date(r['reference_date'], 'zh')}）",
                f"{W.count(r['count'], 'en', 'accounts')} ({_date(r['reference_date'], 'en')})", "accounts")
    for r in latest_pass_rates(d["inspections"]).itertuples(index=False):
        obj_zh = "政府网站" if r.object == "website" else "政务新媒体"
        obj_en = "government websites" if r.object == "website" else "government new media"
        ct = CHECK_TYPES.get(r.check_type, (r.check_type, r.check_type)) if r.check_type else ("", "")
        add(f"pass_rate_{r.object}_latest", f"{obj_zh}检查合格率（最近一次）", f"Inspection pass rate, {obj_en} (latest)",
            r.value, f"{W.percent(r.value, 'zh')}（{_date(f'{r.year}{r.quarter}', 'zh')}{'，' + ct[0] if ct[0] else ''}）",
            f"{W.percent(r.value, 'en')} ({r.year} {r.quarter}{', ' + ct[1] if ct[1] else ''})", "inspections-province")
    wp = d["websites_pos"]
    if wp is not None:
        flag_z = "；可信度低" if d["website_doubted"] else ""
        flag_e = "; low confidence" if d["website_doubted"] else ""
        add("websites_2019", "政府网站数（2019年底）", "Government websites (end-2019)", wp["value"],
            f"{W.count(wp['value'], 'zh', '个')}，{W.rank(wp['rank_min'], 31, 'zh')}{flag_z}",
            f"{W.count(wp['value'], 'en', 'websites')}, {W.rank(wp['rank_min'], 31, 'en')}{flag_e}", "websites-2019")
        dp = d["decline_pos"]
        add("websites_decline_2019", "政府网站数同比降幅（2019年）", "Year-on-year decline in websites (2019)",
            dp["value"], f"{W.percent(dp['value'], 'zh', 1)}（31省中位数{W.percent(dp['median'], 'zh', 1)}）{flag_z}",
            f"{W.percent(dp['value'], 'en', 1)} (median of 31: {W.percent(dp['median'], 'en', 1)}){flag_e}", "websites-2019")
    cp = d["capability_pos"]
    if cp is not None:
        add("capability_score_2019", "网上政务服务能力总体指数（2019年）", "Online service capability index (2019)",
            cp["value"], f"{W.score(cp['value'], 'zh')}分（{cp['grade']}）",
            f"{W.score(cp['value'], 'en')} points (grade {GRADE_EN.get(cp['grade'], cp['grade'])})", "capability-2019-chart")
        add("capability_rank_2019", "网上政务服务能力排名（2019年）", "Online service capability rank (2019)",
            cp["rank"], f"{W.rank(cp['rank'], 31, 'zh')}，{cp['n_higher']}个省份得分更高",
            f"{W.rank(cp['rank'], 31, 'en')}; {cp['n_higher']} provinces score higher", "capability-position")
    pc = d["province_cities"]
    if len(pc):
        best = pc.sort_values("score", ascending=False).iloc[0]
        n = len(d["key_cities"])
        add("key_city_best_2019", "重点城市网上政务服务能力（2019年，最佳）", "Key city online service capability (2019, best)",
            float(best["score"]), f"{best['city_zh']}{W.score(best['score'], 'zh')}分，{n}个重点城市中第{int(best['rank_score'])}高",
            f"{best['city_en']} {W.score(best['score'], 'en')}, {W.ordinal(int(best['rank_score']))} highest of {n} key cities",
            "key-cities-2019")
    pp = d["population_pos"]
    if pp is not None:
        add("population_2020", "常住人口（2020年普查）", "Resident population (2020 census)", pp["value"],
            f"{W.count(pp['value'], 'zh', '人')}，{W.rank(pp['rank_min'], 31, 'zh')}",
            f"{W.count(pp['value'], 'en', 'people')}, {W.rank(pp['rank_min'], 31, 'en')}", "population-provinces")
    return items
