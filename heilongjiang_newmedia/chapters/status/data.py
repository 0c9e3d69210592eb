"""Chapter 3's computations over loaded tables: positions, websites, capability, key cities, rankings.

Every function takes DataFrames returned by ``loading.datasets.load`` and returns new DataFrames or dicts; nothing
is filled in or interpolated. Tables keep the citation columns of the rows they come from.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from heilongjiang_newmedia.methods import indicators

#: lower bounds of the grades 高 and 非常高 (index points); below 80 the Party School grades 中
GRADE_THRESHOLDS = (80.0, 90.0)
CITE = ["source_url", "source_title", "source_date", "locator", "confidence"]


def _cite(df: pd.DataFrame) -> list[str]:
    return [c for c in CITE if c in df.columns]


# ----------------------------------------------------------------------------------------------- positions
def position_among(values: pd.Series, province: str, benchmarks: Iterable[str] = (),
                   thresholds: Iterable[float] = (), fewest_first: bool = False) -> dict[str, Any] | None:
    """:func:`indicators.position` of ``province`` in a cross-section, or ``None`` when it has no value.

    Benchmarks without a value (or equal to the province) are left out of the benchmark mean and listed in
    ``benchmarks_missing``; ``benchmarks_used`` lists the others. ``fewest_first``: ``rank_min`` and ``rank_dense``
    count from the smallest value (websites per million residents, where fewer means more consolidated, as
    chapters 2 and 5 read it); the other keys are as :func:`indicators.position` gives them.
    """
    s = pd.to_numeric(values, errors="coerce").dropna()
    if province not in s.index:
        return None
    bench = [b for b in benchmarks if b != province]
    used = [b for b in bench if b in s.index]
    out = indicators.position(s, province, benchmarks=used, thresholds=thresholds)
    if fewest_first:
        out["rank_min"] = int(indicators.rank(s, "min", ascending=True).loc[province])
        out["rank_dense"] = int(indicators.rank(s, "dense", ascending=True).loc[province])
    out["benchmarks_used"] = used
    out["benchmarks_missing"] = [b for b in bench if b not in used]
    return out


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
    :data:`GRADE_THRESHOLDS`: codes ``very_high`` / ``high`` / ``medium``), citation columns. Sorted by score, then printed rank.
    """
    o = osc[(osc["eval_year"].astype(str) == "2019") & osc["metric"].str.startswith("overall_index")
            & osc["province_zh"].isin(list(provinces_zh)) & osc["score"].notna()].set_index("province_zh")
    lo, hi = GRADE_THRESHOLDS
    out = pd.DataFrame({"rank_printed": o["rank"].astype("Int64"), "score": o["score"].astype("float64"),
                        "grade": o["grade"]})
    out["rank_dense"] = indicators.rank(out["score"], method="dense")
    out["rank"] = indicators.rank(out["score"], method="min")
    out["band"] = np.where(out["score"] >= hi, "very_high", np.where(out["score"] >= lo, "high", "medium"))
    out = out[["rank", "rank_printed", "rank_dense", "score", "grade", "band"]].join(o[_cite(o.reset_index())])
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
                "rank": int(pos["rank_min"]), "n_higher": int(pos["rank_min"]) - 1,
                "rank_dense": int(r["rank_dense"]), "grade": r["grade"], "band": r["band"]})
    return pos


def capability_other_years(osc: pd.DataFrame, province: str) -> pd.DataFrame:
    """Rows of the evaluation for years other than 2019 that name the province (ranks or grades as printed)."""
    o = osc[(osc["eval_year"].astype(str) != "2019") & (osc["province_zh"] == province)]
    cols = ["eval_year", "metric", "rank", "rank_note", "score", "grade", "notes"]
    return o[cols + _cite(o)].reset_index(drop=True)


def key_cities_2019(cities: pd.DataFrame) -> pd.DataFrame:
    """The 2019 key-city table (32 cities): ``city_zh``, ``city_en``, ``province_zh``, ``rank`` (as printed),
    ``score`` [index points], ``grade``, citation columns; sorted by printed rank then score."""
    c = cities[(cities["eval_year"].astype(str) == "2019") & cities["score"].notna()].copy()
    c["rank_score"] = [int((c["score"] > v).sum()) + 1 for v in c["score"]]
    cols = ["city_zh", "city_en", "province_zh", "rank", "rank_score", "score", "grade"]
    return c[cols + _cite(c)].sort_values(["score", "rank"], ascending=[False, True], kind="stable") \
        .reset_index(drop=True)


def key_city_composition(kc: pd.DataFrame, plan_cities: Iterable[str], municipalities: Iterable[str]) -> dict[str, int]:
    """How the key-city table is made up: ``n`` cities, ``n_plan`` of the ``plan_cities`` (计划单列市),
    ``n_municipalities`` present (0 in the 2019 table) and ``n_capitals`` (the rest: provincial capitals)."""
    names = set(kc["city_zh"].astype(str))
    n_plan = len(names & set(plan_cities))
    n_mun = len(names & set(municipalities))
    return {"n": len(names), "n_plan": n_plan, "n_municipalities": n_mun, "n_capitals": len(names) - n_plan - n_mun}


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

    Columns ``index_name``, ``eval_year``, ``level``, ``region_zh``, ``region_en``, ``metric``, ``rank``,
    ``rank_note``, ``score``, ``tier``, ``value_as_printed``, ``value_normalised``, ``unit``, citation columns.
    Methods differ: never pooled into one score.
    """
    cities = set(city_names)
    o = other[((other["level"] == "province") & (other["region_zh"] == province))
              | ((other["level"] == "city") & other["region_zh"].isin(cities))]
    cols = ["index_name", "eval_year", "level", "region_zh", "region_en", "metric", "rank", "rank_note", "score", "tier",
            "value_as_printed", "value_normalised", "unit"]
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


def city_by_year(series: pd.DataFrame) -> pd.DataFrame:
    """One row per (city, evaluation year) from :func:`city_series`: the printed rank, score and grade found in any of
    that year's rows (sources differ only in what they print). Columns ``eval_year``, ``city_zh``, ``city_en``,
    ``rank``, ``score``, ``grade``, ``n_sources``; ``attrs["rows"]`` the rows used (for citation)."""
    rows = []
    for (city, y), g in series.groupby(["city_zh", "eval_year"], sort=True):
        first = lambda c: next((v for v in g[c] if pd.notna(v)), pd.NA)  # noqa: E731
        rows.append({"eval_year": int(y), "city_zh": city, "city_en": g["city_en"].iloc[0], "rank": first("rank"),
                     "score": first("score"), "grade": first("grade"), "n_sources": int(g["source_url"].nunique())})
    out = pd.DataFrame(rows, columns=["eval_year", "city_zh", "city_en", "rank", "score", "grade", "n_sources"])
    out.attrs["rows"] = series
    return out
