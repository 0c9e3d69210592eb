"""Chapter 3 (status of government new media in the province): pure computations over loaded tables.

Every function takes the DataFrames returned by :func:`heilongjiang_newmedia.loading.datasets.load` (already loaded by the
notebook) and returns new DataFrames or dicts; nothing is filled in or interpolated. Tables keep the citation
columns of the rows they come from (so exhibits cite exactly those rows) unless stated otherwise.

Definitions (units in brackets):

* *Position among provinces* (:func:`position_among`): value of the province, rank (1 = largest, ties share the
  best rank, ``"min"``), number of provinces with a value, leader, mean (:func:`indicators.position`).
* *Websites per million residents* [websites per million]: 2019-12 CNNIC website count / 2020 census resident
  population x 10^6 (framework indicator ``websites_per_million_2019``; mixes a 2019-12 count with the 2020-11
  census).
* *Online service capability* [index points, 0-100]: Party School 2019 overall index. The printed rank is
  kept as printed (it counts the XPCC, 32 units); ``rank_dense`` is recomputed among the 31 provinces with dense
  ranking (ties share a rank and no rank is skipped - the report's convention). Grade bands: 非常高 >= 90,
  高 80-90, 中 < 80 (:data:`GRADE_THRESHOLDS`). Gaps are ``reference - value`` in index points (positive = behind).
* *Share of provincial population* [%]: division population / sum of the 13 divisions x 100 (the 13 add up
  exactly to the 2020 census provincial total).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from heilongjiang_newmedia.methods import indicators

__all__ = ["GRADE_THRESHOLDS", "GRADE_EN", "CITE", "position_among", "division_table", "websites_table",
           "capability_table", "capability_position", "capability_other_years", "key_cities_2019",
           "city_series", "inspection_table", "cities_pass_100", "national_pass_rates", "annual_accounts",
           "other_indices", "weibo_counts", "internet_rows", "bar_highlight", "capability_chart",
           "national_pass_rate_chart", "exhibit_numbers", "numbers_table", "collect", "plan", "latest_pass_rates", "status_items", "COLUMN_LABELS", "VALUE_LABELS", "display_table", "gap_text"]

#: Party School grade thresholds (index points): 非常高 above 90, 高 80-90, 中 below 80 (rankings/NOTES.md).
GRADE_THRESHOLDS = (80.0, 90.0)
#: Grade names in English (the report's 非常高 / 高 / 中 / 低).
GRADE_EN = {"非常高": "very high", "高": "high", "中": "medium", "低": "low"}
CITE = ["source_url", "source_title", "source_date", "locator", "confidence"]
HIGHLIGHT, BASE, BENCH = "#c0392b", "#9bb3cc", "#e3a857"


def _cite(df: pd.DataFrame) -> list[str]:
    return [c for c in CITE if c in df.columns]


# ----------------------------------------------------------------------------------------------- positions
def position_among(values: pd.Series, province: str, benchmarks: Iterable[str] = (),
                   thresholds: Iterable[float] = ()) -> dict[str, Any] | None:
    """:func:`indicators.position` of ``province`` in a cross-section, or ``None`` when it has no value.

    Benchmarks without a value (or equal to the province) are left out of the benchmark mean and listed in
    ``benchmarks_missing``; ``benchmarks_used`` lists the others.
    """
    s = pd.to_numeric(values, errors="coerce").dropna()
    if province not in s.index:
        return None
    bench = [b for b in benchmarks if b != province]
    used = [b for b in bench if b in s.index]
    out = indicators.position(s, province, benchmarks=used, thresholds=thresholds)
    out["benchmarks_used"] = used
    out["benchmarks_missing"] = [b for b in bench if b not in used]
    return out


# ----------------------------------------------------------------------------------------------- context
def division_table(cities: pd.DataFrame) -> pd.DataFrame:
    """Heilongjiang's 13 prefecture-level divisions: 2020 census population, share of the province (%) and
    county-level counts (2022 NBS code list: districts, counties incl. autonomous, county-level cities, total).

    Index = division (``city_zh``); sorted by population, largest first. Citation columns are those of the
    census rows. ``attrs["sources"]`` = citations of every source row used (census and county counts).
    """
    c = cities[cities["admin_code"] % 10000 != 0]
    pop = c[c["indicator"] == "census2020_resident_population"].copy()
    pop["_c"] = pop["confidence"].map({"high": 0, "medium": 1, "low": 2})
    pop = pop.sort_values(["city_zh", "_c"], kind="stable").drop_duplicates("city_zh").set_index("city_zh")
    out = pd.DataFrame({"city_en": pop["city_en"], "population_2020": pop["value"].astype("float64")})
    out["share_pct"] = out["population_2020"] / out["population_2020"].sum() * 100.0
    counts = {"districts_shixiaqu": "districts", "counties_incl_autonomous": "counties",
              "county_level_cities": "county_level_cities", "county_level_divisions_total": "county_level_total"}
    used = [pop.reset_index()]
    for ind, col in counts.items():
        r = c[(c["indicator"] == ind) & (c["year"].astype(str) == "2022")].drop_duplicates("city_zh")
        out[col] = pd.to_numeric(r.set_index("city_zh")["value"], errors="coerce").reindex(out.index)
        used.append(r)
    out = out.join(pop[_cite(pop)])
    out = out.sort_values("population_2020", ascending=False, kind="stable")
    out.index.name = "city_zh"
    from heilongjiang_newmedia.loading.datasets import citations
    out.attrs["sources"] = citations(pd.concat(used, ignore_index=True))
    return out


def internet_rows(province_internet: pd.DataFrame, provinces_df: pd.DataFrame, province: str) -> pd.DataFrame:
    """The province's internet-user rows (netizens, penetration) from ``province_internet`` and ``provinces``.

    Columns: ``dataset``, ``period``, ``indicator``, ``value`` (base units: persons, percent),
    ``value_as_printed`` and ``unit`` (as printed), ``note``, citation columns. The two sources
    are on different bases (provincial reports, CNNIC, communiques); rows are listed, never combined.
    """
    pi = province_internet[province_internet["province_zh"] == province]
    pi = pd.DataFrame({"dataset": "province_internet", "period": pi["cutoff"].astype(str),
                       "indicator": pi["indicator"], "value": pi["value"], "value_as_printed": pi["value_as_printed"],
                       "unit": pi["unit_as_printed"], "note": pi["source_type"], **{c: pi[c] for c in _cite(pi)}})
    keep = ("internet_users_netizens", "internet_penetration_rate", "mobile_internet_users_netizens")
    pr = provinces_df[(provinces_df["province_zh"] == province) & provinces_df["indicator"].isin(keep)]
    pr = pd.DataFrame({"dataset": "provinces", "period": pr["year"].astype(str), "indicator": pr["indicator"],
                       "value": pd.to_numeric(pr["value"], errors="coerce"),
                       "value_as_printed": pr["value_as_printed"].astype(str), "unit": pr["unit_as_printed"],
                       "note": pr["notes"].fillna(""), **{c: pr[c] for c in _cite(pr)}})
    out = pd.concat([pi, pr], ignore_index=True)
    return out.sort_values(["period", "indicator"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------- websites
def websites_table(websites: pd.DataFrame, population: pd.Series) -> pd.DataFrame:
    """2019-12 government websites by province (the 31; XPCC and the four conflicting ``low`` rows dropped).

    Columns: ``websites`` [websites], ``yoy_decline_pct`` [% decline 2018-12 -> 2019-12 as printed; negative =
    increase], ``population_2020`` [persons, census], ``per_million`` [websites per million residents],
    ``rank_websites``, ``rank_per_million`` (1 = most), citation columns of the website rows.
    Index = province. ``population`` is the census series indexed by province.
    """
    w = websites[(websites["cutoff"].astype(str) == "2019-12") & (websites["confidence"] != "low")]
    w = w[w["province_zh"].isin(population.index)].set_index("province_zh")
    out = pd.DataFrame({"websites": w["gov_websites"].astype("float64"),
                        "yoy_decline_pct": w["yoy_decline_pct_as_printed"].astype("float64")})
    out["population_2020"] = population.reindex(out.index).astype("float64")
    out["per_million"] = indicators.per_million(out["websites"], out["population_2020"])
    out["rank_websites"] = indicators.rank(out["websites"])
    out["rank_per_million"] = indicators.rank(out["per_million"])
    out = out.join(w[_cite(w.reset_index())])
    out.index.name = "province"
    return out.sort_values("websites", ascending=False, kind="stable")


# ----------------------------------------------------------------------------------------------- capability
def capability_table(osc: pd.DataFrame, provinces_zh: Sequence[str]) -> pd.DataFrame:
    """The Party School 2019 provincial table for the 31 provinces (XPCC, which has no score, dropped).

    Columns: ``rank_printed`` (as printed, counts the XPCC), ``rank_dense`` (recomputed among the 31, dense
    ranking), ``score`` [index points], ``grade`` (as in the data), ``band`` (from the score with
    :data:`GRADE_THRESHOLDS`: 非常高 / 高 / 中), citation columns. Sorted by score, then printed rank.
    """
    o = osc[(osc["eval_year"].astype(str) == "2019") & osc["metric"].str.startswith("overall_index")
            & osc["province_zh"].isin(list(provinces_zh)) & osc["score"].notna()].set_index("province_zh")
    lo, hi = GRADE_THRESHOLDS
    out = pd.DataFrame({"rank_printed": o["rank"].astype("Int64"), "score": o["score"].astype("float64"),
                        "grade": o["grade"]})
    out["rank_dense"] = indicators.rank(out["score"], method="dense")
    out["band"] = np.where(out["score"] >= hi, "非常高", np.where(out["score"] >= lo, "高", "中"))
    out = out[["rank_printed", "rank_dense", "score", "grade", "band"]].join(o[_cite(o.reset_index())])
    out.index.name = "province"
    return out.sort_values(["score", "rank_printed"], ascending=[False, True], kind="stable")


def capability_position(table: pd.DataFrame, province: str, benchmarks: Iterable[str]) -> dict[str, Any] | None:
    """Score, printed and recomputed rank, and gaps of ``province`` in :func:`capability_table`.

    Adds to :func:`position_among`: ``rank_printed``, ``n_printed`` (32 units in the printed table),
    ``grade``, ``band`` and ``gap_to_threshold_80`` / ``_90`` (index points to the 高 / 非常高 bands).
    ``None`` when the province has no 2019 score.
    """
    pos = position_among(table["score"], province, benchmarks, thresholds=GRADE_THRESHOLDS)
    if pos is None:
        return None
    r = table.loc[province]
    pos.update({"rank_printed": int(r["rank_printed"]), "n_printed": int(len(table)) + 1,
                "grade": r["grade"], "band": r["band"]})
    return pos


def capability_other_years(osc: pd.DataFrame, province: str) -> pd.DataFrame:
    """Rows of the evaluation for years other than 2019 that name the province (ranks or grades as printed)."""
    o = osc[(osc["eval_year"].astype(str) != "2019") & (osc["province_zh"] == province)]
    cols = ["eval_year", "metric", "rank", "rank_note", "score", "grade", "notes"]
    return o[cols + _cite(o)].reset_index(drop=True)


def key_cities_2019(cities: pd.DataFrame) -> pd.DataFrame:
    """The 2019 key-city table (32 cities): ``city_zh``, ``city_en``, ``province_zh``, ``rank`` (as printed),
    ``score`` [index points], ``grade``, citation columns; sorted by printed rank then score."""
    c = cities[(cities["eval_year"].astype(str) == "2019") & cities["score"].notna()]
    cols = ["city_zh", "city_en", "province_zh", "rank", "score", "grade"]
    return c[cols + _cite(c)].sort_values(["rank", "score"], ascending=[True, False], kind="stable") \
        .reset_index(drop=True)


def city_series(cities: pd.DataFrame, province: str, start_year: int | None = None,
                end_year: int | None = None) -> pd.DataFrame:
    """All key-city rows of the province's cities by evaluation year (rank, score or grade as printed), within
    ``start_year``..``end_year`` when given. Columns ``eval_year`` (int), ``city_zh``, ``city_en``, ``rank``, ``rank_note``,
    ``score``, ``grade``, citation columns."""
    c = cities[cities["province_zh"] == province].copy()
    c["eval_year"] = pd.to_numeric(c["eval_year"], errors="coerce").astype("Int64")
    if start_year is not None:
        c = c[c["eval_year"] >= start_year]
    if end_year is not None:
        c = c[c["eval_year"] <= end_year]
    cols = ["eval_year", "city_zh", "city_en", "rank", "rank_note", "score", "grade"]
    return c[cols + _cite(c)].sort_values(["city_zh", "eval_year"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------- inspections
_INSPECTION_MEASURES = ("check_type", "n_checked", "n_in_operation", "n_accounts_total", "pass_rate",
                        "pass_rate_after_rectification", "n_cities_pass_100", "n_score_90plus",
                        "netizen_msgs_received_zhaocuo", "netizen_msgs_closing_rate")


def inspection_table(quarterly: pd.DataFrame, province: str | None = None,
                     measures: Iterable[str] = _INSPECTION_MEASURES, start_year: int | None = None,
                     end_year: int | None = None) -> pd.DataFrame:
    """Key results of provincial inspection notices, one row per (year, quarter, object, measure).

    ``quarterly`` is ``hlj_quarterly`` (``province=None``) or ``comparator_provinces`` (filtered to
    ``region_zh == province``). Columns: ``year``, ``quarter``, ``object`` (website / new_media), ``measure``,
    ``measure_zh``, ``value_as_printed``, ``value`` [numeric, percent as 0-100], ``unit``, citation columns.
    """
    q = quarterly
    if province is not None:
        q = q[q["region_zh"] == province]
    q = q[q["measure"].isin(list(measures))]
    y = pd.to_numeric(q["year"], errors="coerce")
    if start_year is not None:
        q = q[y >= start_year]
        y = y[y >= start_year]
    if end_year is not None:
        q = q[y <= end_year]
    unit = "unit_normalised" if "unit_normalised" in q.columns else "unit_as_printed"
    out = pd.DataFrame({"year": pd.to_numeric(q["year"], errors="coerce").astype("Int64"), "quarter": q["quarter"],
                        "object": q["object"], "measure": q["measure"], "measure_zh": q["measure_zh"],
                        "value_as_printed": q["value_as_printed"].astype(str),
                        "value": pd.to_numeric(q["value_numeric"], errors="coerce"), "unit": q[unit],
                        **{c: q[c] for c in _cite(q)}})
    order = {m: i for i, m in enumerate(measures)}
    out["_o"] = out["measure"].map(order)
    return out.sort_values(["year", "quarter", "object", "_o"], kind="stable").drop(columns="_o") \
        .reset_index(drop=True)


def cities_pass_100(city_results: pd.DataFrame) -> pd.DataFrame:
    """Heilongjiang divisions named with a 100 % pass rate, per (year, quarter, object): ``n_cities`` and
    ``cities`` (``、``-joined, notice order), ``cities_en``; citation columns of the first row of each group."""
    r = city_results[city_results["result"] == "pass_rate_100"]
    rows = []
    for (y, q, o), g in r.groupby(["year", "quarter", "object"], sort=True):
        rows.append({"year": int(y), "quarter": q, "object": o, "n_cities": int(g["city_zh"].nunique()),
                     "cities": "、".join(dict.fromkeys(g["city_zh"].astype(str))),
                     "cities_en": ", ".join(dict.fromkeys(g["city_en"].astype(str))),
                     **{c: g[c].iloc[0] for c in _cite(g)}})
    return pd.DataFrame(rows)


def national_pass_rates(national: pd.DataFrame) -> pd.DataFrame:
    """National pass rates [%] from the State Council General Office checks: 2017-2018 quarterly random checks
    (``sc_random_check_pass_rate``; ``local_dept_check_pass_rate``) and the 2020 annual check (``pass_rate``).

    Columns ``period`` (e.g. 2017Q2, 2020), ``year``, ``object``, ``measure``, ``check`` (who checked),
    ``value``, ``regime`` (``pre-2019`` / ``post-2019`` criteria: 国办秘函〔2019〕19号), citation columns.
    """
    keep = {"sc_random_check_pass_rate": "State Council random check",
            "local_dept_check_pass_rate": "regions' and departments' own checks",
            "pass_rate": "State Council annual check"}
    n = national[(national["region"] == "national") & national["measure"].isin(list(keep))]
    out = pd.DataFrame({"period": [f"{y}{q}" if str(q).startswith("Q") else str(y)
                                   for y, q in zip(n["year"], n["quarter"])],
                        "year": n["year"].astype(int), "object": n["object"], "measure": n["measure"],
                        "check": n["measure"].map(keep), "value": n["value_numeric"].astype("float64"),
                        **{c: n[c] for c in _cite(n)}})
    out["regime"] = np.where(out["year"] >= 2019, "post-2019", "pre-2019")
    return out.sort_values(["year", "period", "object", "measure"], kind="stable").reset_index(drop=True)


def annual_accounts(accounts: pd.DataFrame) -> pd.DataFrame:
    """Heilongjiang counts by platform (``hlj_annual_accounts``): ``reference_date``, ``platform_zh``,
    ``platform``, ``count``, ``basis``, citation columns; in date order."""
    cols = ["reference_date", "platform_zh", "platform", "count", "basis"]
    return accounts[cols + _cite(accounts)].sort_values("reference_date", kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------- other indices
def other_indices(other: pd.DataFrame, province: str, city_names: Iterable[str] = ()) -> pd.DataFrame:
    """Rows of ``other_rankings`` that place the province (``level == province``) or one of ``city_names``.

    Columns ``index_name``, ``eval_year``, ``level``, ``region_zh``, ``metric``, ``rank``, ``rank_note``,
    ``score``, ``tier``, ``value_as_printed``, citation columns. Methods differ: never pooled into one score.
    """
    cities = set(city_names)
    o = other[((other["level"] == "province") & (other["region_zh"] == province))
              | ((other["level"] == "city") & other["region_zh"].isin(cities))]
    cols = ["index_name", "eval_year", "level", "region_zh", "metric", "rank", "rank_note", "score", "tier",
            "value_as_printed"]
    return o[cols + _cite(o)].sort_values(["eval_year", "index_name"], kind="stable").reset_index(drop=True)


def weibo_counts(influence: pd.DataFrame, cnnic: pd.DataFrame, province: str) -> pd.DataFrame:
    """Government Weibo account counts (or ranks) for the province from both sources, with the scope of each.

    Columns: ``year``, ``platform``, ``scope`` (the thing counted, as described by the source), ``rank``,
    ``value`` [accounts], ``value_as_printed``, ``dataset``, citation columns. Counts differ in platform, scope and
    date (rankings/NOTES.md, cnnic/NOTES.md) and are never combined or compared across rows.
    """
    a = influence[influence["province_zh"] == province]
    a = pd.DataFrame({"year": a["year"].astype(str), "platform": a["platform"], "scope": a["dimension"],
                      "rank": a["rank"], "value": a["value_normalised"], "value_as_printed": a["value_as_printed"],
                      "dataset": "microblog_influence_provinces", **{c: a[c] for c in _cite(a)}})
    b = cnnic[cnnic["province_zh"] == province]
    b = pd.DataFrame({"year": b["cutoff"].astype(str), "platform": "Sina Weibo (CNNIC)", "scope": b["measure"],
                      "rank": pd.array([pd.NA] * len(b), dtype="Int64"),
                      "value": b["gov_microblogs"].astype("float64"),
                      "value_as_printed": b["gov_microblogs"].astype(str), "dataset": "province_gov_microblogs",
                      **{c: b[c] for c in _cite(b)}})
    out = pd.concat([x for x in (a, b) if len(x)], ignore_index=True) if len(a) or len(b) else a
    return out.sort_values("year", kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------- charts
def bar_highlight(values: pd.Series, highlight: Iterable[str] = (), title: str = "", xlabel: str = "",
                  labels: Mapping[str, str] | None = None, secondary: Iterable[str] = (),
                  fmt: str = "{:,.0f}", lines: Mapping[str, float] | None = None, height: float | None = None) -> Figure:
    """Horizontal bars, largest on top; ``highlight`` units in red (value printed next to the bar), ``secondary``
    units (e.g. benchmarks) in amber; optional vertical reference ``lines`` {label: x}."""
    s = pd.to_numeric(values, errors="coerce").dropna().sort_values()
    hi, sec = set(highlight), set(secondary)
    fig, ax = plt.subplots(figsize=(7.5, height or (0.22 * len(s) + 1.3)))
    names = [labels.get(k, k) if labels else k for k in s.index]
    colors = [HIGHLIGHT if k in hi else BENCH if k in sec else BASE for k in s.index]
    ax.barh(names, s.to_numpy(), color=colors)
    for i, (k, v) in enumerate(s.items()):
        if k in hi:
            ax.text(v, i, " " + fmt.format(v), va="center", fontsize=8, color=HIGHLIGHT)
    for lab, x in (lines or {}).items():
        ax.axvline(x, color="#555555", lw=0.8, ls="--")
        ax.text(x, len(s) - 0.5, " " + lab, fontsize=7, color="#555555", va="top")
    ax.set_xlim(0, float(s.max()) * 1.12 if len(s) and s.max() > 0 else None)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.tick_params(axis="y", labelsize=7)
    fig.tight_layout()
    return fig


def capability_chart(table: pd.DataFrame, province: str, benchmarks: Iterable[str], title: str,
                     xlabel: str, labels: Mapping[str, str] | None = None,
                     band_labels: Sequence[str] = ("80 (高)", "90 (非常高)")) -> Figure:
    """Bars of the 2019 index for the 31 provinces with the 80 / 90 grade thresholds; province in red,
    benchmarks in amber. The x axis starts at 60 index points (stated in the axis label by the caller)."""
    fig = bar_highlight(table["score"], [province], title=title, xlabel=xlabel, labels=labels,
                        secondary=benchmarks, fmt="{:.2f}",
                        lines=dict(zip(band_labels, GRADE_THRESHOLDS)))
    fig.axes[0].set_xlim(60, 100)
    return fig


def national_pass_rate_chart(rates: pd.DataFrame, title: str, ylabel: str, break_label: str,
                             names: Mapping[str, str] | None = None) -> Figure:
    """National pass rates by period (points per check type), with a dashed line at the April 2019 criteria
    change; the y axis starts at 80 %."""
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    periods = list(dict.fromkeys(rates["period"]))
    x = {p: i for i, p in enumerate(periods)}
    markers = ["o", "s", "^", "D"]
    groups = list(rates.groupby(["check", "object"], sort=False))
    for i, ((check, obj), g) in enumerate(groups):
        lab = f"{(names or {}).get(check, check)} · {(names or {}).get(obj, obj)}"
        dx = (i - (len(groups) - 1) / 2) * 0.06   # small offset so equal values in one period stay visible
        ax.plot([x[p] + dx for p in g["period"]], g["value"], marker=markers[i % 4], lw=1, label=lab)
    ax.set_xticks(range(len(periods)), periods)
    ax.set_ylim(min(80, float(rates["value"].min()) - 2), 100)
    brk = next((i for i, p in enumerate(periods) if int(str(p)[:4]) >= 2019), None)
    if brk is not None:
        ax.axvline(brk - 0.5, color="#555555", ls="--", lw=0.8)
        ax.text(brk - 0.45, 99.5, break_label, fontsize=7, color="#555555", va="top")
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    ax.legend(fontsize=7, loc="lower left")
    fig.tight_layout()
    return fig


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

    ``load`` is :func:`heilongjiang_newmedia.loading.datasets.load` (injected, so tests can pass stand-ins). Keys:
    ``population`` (census 2020 by province, Series), ``population_pos``, ``divisions`` (Heilongjiang only, else
    ``None``), ``internet``, ``websites`` (:func:`websites_table`), ``websites_pos``, ``per_million_pos``,
    ``decline_pos``, ``inspections`` (the province's notices: ``hlj_quarterly`` for 黑龙江, ``comparator_provinces``
    otherwise), ``inspection_source``, ``cities_100`` / ``accounts`` (Heilongjiang only), ``national``,
    ``capability``, ``capability_pos``, ``capability_other``, ``capability_other_years`` (evaluation years other than
    2019 in the data, within the period), ``key_cities`` (2019 table), ``province_cities``
    (the province's cities in it), ``city_series``, ``other``, ``weibo``. ``start_year`` / ``end_year`` restrict
    the time-based tables (inspections, national pass rates, city series, other indices, Weibo counts).
    """
    from heilongjiang_newmedia.loading.regions import provinces as _provinces

    bench = [b for b in benchmarks if b != province]
    names = _provinces()["zh"].tolist()
    prov = load("provinces", data_dir)
    census = prov[(prov["indicator"] == "census2020_resident_population") & prov["province_zh"].isin(names)].copy()
    census["_c"] = census["confidence"].map({"high": 0, "medium": 1, "low": 2})
    census = census.sort_values(["province_zh", "_c"], kind="stable").drop_duplicates("province_zh").drop(columns="_c")
    pop = pd.to_numeric(census.set_index("province_zh")["value"], errors="coerce").reindex(names)
    out: dict[str, Any] = {"province": province, "benchmarks": bench, "census_rows": census, "population": pop}
    out["population_pos"] = position_among(pop, province)
    out["divisions"] = division_table(load("hlj_cities", data_dir)) if province == "黑龙江" else None
    out["internet"] = internet_rows(load("province_internet", data_dir), prov, province)
    web = websites_table(load("province_gov_websites", data_dir), pop.dropna())
    out["websites"] = web
    out["websites_pos"] = position_among(web["websites"], province, bench)
    out["per_million_pos"] = position_among(web["per_million"], province, bench)
    out["decline_pos"] = position_among(web["yoy_decline_pct"], province, bench)
    if province == "黑龙江":
        out["inspections"] = inspection_table(load("hlj_quarterly", data_dir), None, start_year=start_year,
                                              end_year=end_year)
        out["inspection_source"] = "hlj_quarterly"
        out["cities_100"] = _within(cities_pass_100(load("hlj_city_results", data_dir)), "year", start_year, end_year)
        out["accounts"] = _within(annual_accounts(load("hlj_annual_accounts", data_dir)), "reference_date",
                                  start_year, end_year)
    else:
        out["inspections"] = inspection_table(load("comparator_provinces", data_dir), province,
                                              start_year=start_year, end_year=end_year)
        out["inspection_source"] = "comparator_provinces"
        out["cities_100"] = None
        out["accounts"] = None
    out["national"] = _within(national_pass_rates(load("national_quarterly", data_dir)), "year", start_year, end_year)
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
    out["province_cities"] = kc[kc["province_zh"] == province].reset_index(drop=True)
    out["city_series"] = city_series(cities, province, start_year, end_year)
    city_names = set(out["province_cities"]["city_zh"])
    if province == "黑龙江":
        from heilongjiang_newmedia.loading.regions import hlj_divisions
        city_names |= set(hlj_divisions()["short"])
    out["other"] = _within(other_indices(load("other_rankings", data_dir), province, city_names), "eval_year",
                           start_year, end_year)
    out["weibo"] = _within(weibo_counts(load("microblog_influence_provinces", data_dir),
                                        load("province_gov_microblogs", data_dir), province), "year",
                           start_year, end_year)
    return out


def plan(d: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The exhibits chapter 3 shows for the collected data ``d``, in order: [(id, "figure" | "table"), ...].

    An exhibit is planned only when its data exist for the province (the notebook shows a note otherwise)."""
    p: list[tuple[str, str]] = [("status-in-numbers", "table")]
    if d["divisions"] is not None:
        p += [("divisions", "table"), ("divisions-population", "figure")]
    if d["population_pos"] is not None:
        p.append(("population-provinces", "figure"))
    if len(d["internet"]):
        p.append(("internet", "table"))
    if d["websites_pos"] is not None:
        p += [("websites-2019", "figure"), ("websites-per-million", "figure")]
    if len(d["inspections"]):
        p.append(("inspections-province", "table"))
    if d["cities_100"] is not None and len(d["cities_100"]):
        p.append(("inspection-cities", "table"))
    if d["accounts"] is not None and len(d["accounts"]):
        p.append(("accounts", "table"))
    if len(d["national"]):
        p.append(("inspections-national", "figure"))
    p += [("capability-2019", "table"), ("capability-2019-chart", "figure")]
    if d["capability_pos"] is not None:
        p.append(("capability-position", "table"))
    if len(d["capability_other"]):
        p.append(("capability-other-years", "table"))
    p.append(("key-cities-2019", "figure"))
    if len(d["city_series"]):
        p.append(("city-series", "table"))
    if len(d["other"]):
        p.append(("other-indices", "table"))
    if len(d["weibo"]):
        p.append(("weibo-counts", "table"))
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
    """Rows of the "status in numbers" table from :func:`collect` output: ``label_zh``, ``label_en``, ``text``
    (value formatted in the chapter language), ``exhibit`` (id of the exhibit showing it), ``key`` and ``value``.
    Items whose data are missing for the province are left out."""
    zh = lang == "zh"
    items: list[dict[str, Any]] = []

    def add(key, lz, le, value, tz, te, exhibit):
        items.append({"key": key, "label_zh": lz, "label_en": le, "value": value, "text": tz if zh else te,
                      "exhibit": exhibit})

    pp = d["population_pos"]
    if pp is not None:
        add("population_2020", "常住人口（2020年普查）", "Resident population (2020 census)", pp["value"],
            f"{pp['value'] / 1e4:,.1f}万人，居31省第{pp['rank_min']}位",
            f"{pp['value'] / 1e6:,.2f} million, rank {pp['rank_min']} of 31", "population-provinces")
    wp = d["websites_pos"]
    if wp is not None:
        add("websites_2019", "政府网站数（2019年底）", "Government websites (end-2019)", wp["value"],
            f"{wp['value']:,.0f}个，居31省第{wp['rank_min']}位", f"{wp['value']:,.0f}, rank {wp['rank_min']} of 31",
            "websites-2019")
        dp = d["decline_pos"]
        add("websites_decline_2019", "政府网站数同比降幅（2019）", "Year-on-year decline in websites (2019)",
            dp["value"], f"{dp['value']:.1f}%（31省中位数{dp['median']:.1f}%）",
            f"{dp['value']:.1f}% (median of 31: {dp['median']:.1f}%)", "websites-2019")
        mp = d["per_million_pos"]
        add("websites_per_million_2019", "每百万常住人口政府网站数", "Government websites per million residents",
            mp["value"], f"{mp['value']:.2f}个，从多到少居第{mp['rank_min']}位（越少越集约；31省均值{mp['mean']:.2f}）",
            f"{mp['value']:.2f}, rank {mp['rank_min']} counted from the most (lower = more consolidated; mean of 31: "
            f"{mp['mean']:.2f})", "websites-per-million")
    for r in latest_pass_rates(d["inspections"]).itertuples(index=False):
        obj_zh = "政府网站" if r.object == "website" else "政务新媒体"
        obj_en = "government websites" if r.object == "website" else "government new media"
        add(f"pass_rate_{r.object}_latest", f"{obj_zh}检查合格率（最近一次）",
            f"Inspection pass rate, {obj_en} (latest)", r.value,
            f"{r.value:.2f}%（{r.year}年{r.quarter}{'，' + r.check_type if r.check_type else ''}）",
            f"{r.value:.2f}% ({r.year} {r.quarter}"
            + {"全覆盖检查": ", full coverage", "抽查": ", sample check"}.get(r.check_type, "") + ")",
            "inspections-province")
    cp = d["capability_pos"]
    if cp is not None:
        add("capability_score_2019", "网上政务服务能力总体指数（2019）", "Online service capability index (2019)",
            cp["value"], f"{cp['value']:.2f}分（{cp['grade']}）", f"{cp['value']:.2f} points (grade {GRADE_EN.get(cp['grade'], cp['grade'])})",
            "capability-2019")
        add("capability_rank_2019", "网上政务服务能力排名（2019，报告原排名）", "Online service capability rank (2019, as printed)",
            cp["rank_printed"], f"第{cp['rank_printed']}位（共{cp['n_printed']}个单位，含兵团）",
            f"{cp['rank_printed']} of {cp['n_printed']} units (incl. the XPCC)", "capability-2019")
        add("capability_gap_to_leader", "与第一名的差距（2019）", "Gap to the leader (2019)", cp["gap_to_leader"],
            f"{cp['gap_to_leader']:.2f}分", f"{cp['gap_to_leader']:.2f} points", "capability-position")
        if "gap_to_benchmarks" in cp:
            add("capability_gap_to_benchmarks", "与标杆省份均值的差距（2019）", "Gap to the benchmark mean (2019)",
                cp["gap_to_benchmarks"], f"{cp['gap_to_benchmarks']:.2f}分", f"{cp['gap_to_benchmarks']:.2f} points",
                "capability-position")
    pc = d["province_cities"]
    if len(pc):
        best = pc.sort_values(["rank", "score"], ascending=[True, False]).iloc[0]
        add("key_city_best_2019", "重点城市网上政务服务能力（2019，最佳）", "Key city online service capability (2019, best)",
            float(best["score"]), f"{best['city_zh']} {best['score']:.2f}分，第{int(best['rank'])}位（共32城）",
            f"{best['city_en']} {best['score']:.2f} points, rank {int(best['rank'])} of 32", "key-cities-2019")
    return items


#: Display names (zh, en) of the columns of this module's tables.
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "city_zh": ("地区", "Division"), "city_en": ("城市", "City"),
    "population_2020": ("常住人口（2020普查，人）", "Resident population (2020 census, persons)"),
    "share_pct": ("占全省比重（%）", "Share of province (%)"), "districts": ("市辖区", "Districts"),
    "counties": ("县（含自治县）", "Counties (incl. autonomous)"), "county_level_cities": ("县级市", "County-level cities"),
    "county_level_total": ("县级区划合计", "County-level divisions, total"),
    "dataset": ("数据集", "Dataset"), "period": ("时期", "Period"), "indicator": ("指标", "Indicator"),
    "value": ("数值", "Value"), "unit": ("单位", "Unit"), "note": ("说明", "Note"),
    "year": ("年份", "Year"), "quarter": ("季度", "Quarter"), "object": ("对象", "Object"),
    "measure": ("指标代码", "Measure"), "measure_zh": ("指标（通报原文）", "Measure (as printed)"),
    "value_as_printed": ("原文数值", "As printed"), "n_cities": ("市（地）数", "Divisions"),
    "cities": ("合格率100%的市（地）", "Divisions at 100 %"), "cities_en": ("合格率100%的市（地）", "Divisions at 100 %"), "reference_date": ("时点", "Reference date"),
    "platform_zh": ("平台", "Platform"), "platform": ("平台", "Platform"), "count": ("数量", "Count"),
    "basis": ("口径", "Basis"), "rank_printed": ("报告排名", "Rank as printed"),
    "rank_dense": ("31省排名（重算）", "Rank among 31 (recomputed)"), "score": ("得分", "Score"),
    "grade": ("等级", "Grade"), "band": ("按分数段", "Band from score"), "eval_year": ("评估年份", "Evaluation year"),
    "metric": ("指标", "Metric"), "rank": ("排名", "Rank"), "rank_note": ("排名说明", "Rank note"),
    "notes": ("说明", "Notes"), "province_zh": ("省份", "Province"), "index_name": ("指数/评估", "Index"),
    "level": ("层级", "Level"), "region_zh": ("地区", "Region"), "tier": ("档次", "Tier"),
    "scope": ("统计口径", "What is counted"), "confidence": ("可信度", "Confidence"),
}


#: Display names (zh, en) of coded values, by column.
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "object": {"website": ("政府网站", "websites"), "new_media": ("政务新媒体", "new media")},
    "level": {"province": ("省级", "province"), "city": ("城市", "city")},
    "grade": {k: (k, v) for k, v in GRADE_EN.items()},
    "band": {k: (k, v) for k, v in GRADE_EN.items()},
}


def gap_text(gap: float, ref_zh: str, ref_en: str, lang: str, unit_zh: str = "分", unit_en: str = "points") -> str:
    """``reference - value`` in words: "比{ref}低x分" / "x points below {ref}" (or 高 / above, or level with)."""
    if abs(gap) < 5e-3:
        return f"与{ref_zh}持平" if lang == "zh" else f"level with {ref_en}"
    if lang == "zh":
        return f"比{ref_zh}{'低' if gap > 0 else '高'}{abs(gap):.2f}{unit_zh}"
    return f"{abs(gap):.2f} {unit_en} {'below' if gap > 0 else 'above'} {ref_en}"


def display_table(df: pd.DataFrame, lang: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
    """A copy for display: the given ``columns`` (default: all but the citation columns and ``source_*``),
    renamed with :data:`COLUMN_LABELS` in the chapter language. The index is kept."""
    cols = list(columns) if columns is not None else [c for c in df.columns if c not in CITE]
    i = 0 if lang == "zh" else 1
    out = df[cols].copy()
    for c, m in VALUE_LABELS.items():
        if c in out.columns:
            out[c] = out[c].map(lambda v: m[v][i] if v in m else v)
    for c in out.columns:
        v = out[c]
        if pd.api.types.is_float_dtype(v) and v.notna().any() and (v.dropna() % 1 == 0).all():
            out[c] = v.astype("Int64")
    out = out.astype(object).where(out.notna(), "—")
    return out.rename(columns={c: COLUMN_LABELS[c][i] for c in cols if c in COLUMN_LABELS})


def capability_position_table(cp: dict, leader_names: str, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The province's 2019 capability position as a display table and as its data (``key``, ``value``).

    ``cp``: the position dict of the chapter's data (score, printed and recomputed ranks, leader, gaps in index
    points, reference - province, positive = behind); ``leader_names``: the leader(s) in the report language."""
    zh = lang != "en"
    rows = [("score", "得分", "Score"), ("rank_printed", "报告排名（32个单位）", "Rank as printed (32 units)"),
            ("rank_dense", "31省中排名（重算）", "Rank among 31 (recomputed)"),
            ("leader_value", f"第一名得分（{leader_names}）", f"Leader's score ({leader_names})"),
            ("gap_to_leader", "与第一名的差距", "Gap to the leader"), ("mean", "31省均值", "Mean of 31"),
            ("gap_to_mean", "与均值的差距", "Gap to the mean")]
    if "benchmark_mean" in cp:
        rows += [("benchmark_mean", "标杆省份均值", "Benchmark mean"),
                 ("gap_to_benchmarks", "与标杆省份均值的差距", "Gap to the benchmark mean")]
    rows += [("gap_to_threshold_80", "距“高”等级（80分）", "Gap to grade high (80)"),
             ("gap_to_threshold_90", "距“非常高”等级（90分）", "Gap to grade very high (90)")]
    values = [cp["value" if k == "score" else k] for k, _, _ in rows]
    shown = pd.DataFrame({
        "项目" if zh else "Item": [z if zh else e for _, z, e in rows],
        "数值" if zh else "Value": [f"{v:.0f}" if k.startswith("rank") else f"{v:.2f}"
                                   for (k, _, _), v in zip(rows, values)]})
    return shown, pd.DataFrame({"key": [k for k, _, _ in rows], "value": values})
