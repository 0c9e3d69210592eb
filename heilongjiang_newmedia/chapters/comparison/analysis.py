"""Chapter 5's computations for one study context, in one pass over the loaded tables (:func:`analyse`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.comparison import aspects, composite, indicators, international, practices
from heilongjiang_newmedia.loading.regions import provinces
from heilongjiang_newmedia.methods.data_quality import doubted_website_row

__all__ = ["Result", "analyse", "DATASETS"]

#: tables chapter 5 reads
DATASETS = ("online_service_capability", "province_gov_websites", "provinces", "provinces_panel", "other_rankings",
            "un_egdi", "itu_internet_users", "practices", "national_quarterly")


@dataclass
class Result:
    """Everything chapter 5 computed (see the module docstrings of each part for definitions)."""

    province: str                       # focus province, short Chinese name
    benchmarks: list[str]
    peers: list[str]
    countries: list[str]                # ISO3, China first
    framework: pd.DataFrame             # chapter 2's indicator table
    evaluation: list[str]               # chapter 2's evaluation indicators (ids)
    matrix: pd.DataFrame                # 31 provinces x indicators with a cross-section
    matrix_rows: pd.DataFrame           # data rows behind the matrix (citations)
    profile: pd.DataFrame               # indicators.province_vs_groups
    decline_low: bool                   # the website-decline figure also appears as a low-confidence row
    websites_low: bool                  # the province's 2019 website count is graded low (data_quality)
    comp: composite.Composite
    flipped: composite.Composite | None
    regions: pd.DataFrame
    region_of: dict[str, str]
    names_en: dict[str, str]
    panel: pd.DataFrame
    trend: pd.DataFrame
    year: int | None
    wide: pd.DataFrame
    lead_lag: pd.DataFrame | None
    itu: dict[str, pd.DataFrame]
    shown: pd.DataFrame                 # practice rows shown (practices.select)
    observations: pd.DataFrame          # aspects.observations
    ratings: pd.DataFrame               # aspects.rate
    aspect_rows: pd.DataFrame
    pct: float = 10.0
    extra: dict[str, Any] = field(default_factory=dict)


def _decline_low(data: dict[str, pd.DataFrame], province_en: str, value: float | None) -> bool:
    """True when the province's 2019 website decline is also printed in a low-confidence row of the national
    inspection table (the same figure, read from another copy of the page)."""
    if value is None or pd.isna(value):
        return False
    q = data["national_quarterly"]
    q = q[(q["measure"] == "websites_change_vs_2018_province") & (q["region"].astype(str) == province_en)]
    same = pd.to_numeric(q["value_as_printed"], errors="coerce").abs().sub(abs(float(value))).abs() < 0.05
    return bool((q.loc[same, "confidence"] == "low").any())


def analyse(ctx: Any, load: Callable[..., pd.DataFrame], sensitivity_pct: float = 10) -> Result:
    """Chapter 5 for the study context ``ctx`` (:class:`StudyContext`); ``load(name, data_dir=...)`` reads a table."""
    data = {k: load(k, data_dir=ctx.data_dir) for k in DATASETS}
    pv = provinces()
    names, region_of = pv["zh"].tolist(), dict(zip(pv["zh"], pv["region"]))
    names_en = dict(zip(pv["zh"], pv["en"]))
    p, bench, peer = ctx.province.zh, [b.zh for b in ctx.benchmarks], [q.zh for q in ctx.peers]
    fw = indicators.framework_table()
    evaluation = indicators.evaluation_ids(fw)
    dirs = dict(zip(fw["indicator_id"], fw["direction"]))
    matrix, mrows = indicators.cross_sections(fw["indicator_id"], data, names)
    profile = indicators.province_vs_groups(matrix, dirs, evaluation, p, bench, peer)
    dec = profile.loc[profile["indicator"] == "website_decline_2019", "value"] if len(profile) else pd.Series(dtype=float)
    comp_ids = fw.loc[fw["role"] == "composite", "indicator_id"].tolist()
    comp = composite.composite_ranking(matrix[[c for c in comp_ids if c in matrix.columns]], dirs,
                                       pct=sensitivity_pct, regions=region_of)
    flipped = composite.flipped_direction(comp, "websites_per_million_2019")
    countries = list(dict.fromkeys(["CHN", *ctx.countries]))
    panel = international.egdi_panel(data["un_egdi"], countries, ctx.start_year, ctx.end_year)
    year = international.latest_edition(panel) if len(panel) else None
    wide = international.components(panel, year) if year else pd.DataFrame()
    ll = international.lead_lag(wide, "CHN") if "CHN" in wide.index and len(wide.index) > 1 else None
    g, gr = practices.read_groups()
    shown = practices.select(data["practices"], bench + [c for c in countries if c != "CHN"], g, gr, ctx.lang,
                             no_figure="")
    obs, arows = aspects.observations(data, profile, ll, p, bench, ctx.lang,
                                      un_rows=panel[panel["survey_year"] == year] if year else None)
    return Result(province=p, benchmarks=bench, peers=peer, countries=countries, framework=fw, evaluation=evaluation,
                  matrix=matrix, matrix_rows=mrows, profile=profile,
                  decline_low=_decline_low(data, ctx.province.en, dec.iloc[0] if len(dec) else None),
                  websites_low=doubted_website_row(data["national_quarterly"], ctx.province),
                  comp=comp, flipped=flipped, regions=composite.regional_view(comp, region_of, p), region_of=region_of,
                  names_en=names_en, panel=panel, trend=international.egdi_trend(panel), year=year, wide=wide,
                  lead_lag=ll, itu=international.itu_series(data["itu_internet_users"], countries, ctx.start_year,
                                                            ctx.end_year),
                  shown=shown, observations=obs, ratings=aspects.rate(obs), aspect_rows=arows,
                  pct=float(sensitivity_pct))
