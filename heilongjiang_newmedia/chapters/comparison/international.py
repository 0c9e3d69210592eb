"""International context (chapter 5): UN E-Government Survey indices and ITU internet use, China against the
comparison countries. These describe the national context in which the province works, not its position abroad.

Definitions (UN DESA E-Government Survey, ``data/raw/international/NOTES.md``): EGDI (0-1) is the mean of OSI
(Online Service Index), TII (Telecommunication Infrastructure Index) and HCI (Human Capital Index), each rescaled
within the edition; EPI (E-Participation Index, 0-1) is supplementary. ``rank`` is the published EGDI rank among
193 Member States. Every edition is re-scaled against its own field, so levels are not comparable across
editions; ranks and gaps are. ITU "individuals using the Internet" is in percent of population; from
:data:`ITU_DEFINITION_CHANGE_YEAR` ITU's China figure uses a new definition, a separate series; the OWID/World Bank
copy and the ITU DataHub export are different vintages and never share a line.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

__all__ = ["UN_COMPONENTS", "EGDI_DEFAULT_START", "ITU_DEFINITION_CHANGE_YEAR", "egdi_panel", "egdi_trend",
           "latest_edition", "components", "lead_lag", "itu_series"]

#: Components shown for the latest edition (EGDI components plus the supplementary EPI).
UN_COMPONENTS = ("osi", "tii", "hci", "epi")
#: First edition shown by default: earlier editions used another design and the OSI questionnaire changed in 2010.
EGDI_DEFAULT_START = 2012
#: Year from which ITU's China figure follows the new definition (international/NOTES.md).
ITU_DEFINITION_CHANGE_YEAR = 2023

_CONF = {"high": 0, "medium": 1, "low": 2}
_CITE = ["source_url", "source_title", "source_date", "locator", "confidence"]


def _best_rows(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per ``keys``: the highest-confidence row (ties: first in file order)."""
    out = df.assign(_c=df["confidence"].map(_CONF).fillna(3)).reset_index(names="_pos")
    out = out.sort_values(["_c", "_pos"]).drop_duplicates(keys).sort_values("_pos")
    return out.drop(columns=["_c", "_pos"]).reset_index(drop=True)


def egdi_panel(un: pd.DataFrame, countries: Iterable[str], start_year: int | None = None,
               end_year: int | None = None, indicators: Sequence[str] = ("egdi", *UN_COMPONENTS)) -> pd.DataFrame:
    """Country rows of ``un_egdi`` for ``countries`` (ISO3), editions ``start_year`` (default
    :data:`EGDI_DEFAULT_START`) to ``end_year``; the higher-confidence row where two give the same value.
    Columns: ``survey_year``, ``iso3``, ``country``, ``indicator``, ``value`` (0-1), ``rank`` (EGDI only) and the
    citation columns. ``attrs["missing_countries"]`` lists countries without rows."""
    codes = [str(c).upper() for c in countries]
    df = un[(un["entity_type"] == "country") & un["value"].notna() & un["iso3"].isin(codes)
            & un["indicator"].isin(list(indicators))]
    df = df[df["survey_year"] >= (EGDI_DEFAULT_START if start_year is None else int(start_year))]
    if end_year is not None:
        df = df[df["survey_year"] <= int(end_year)]
    df = _best_rows(df, ["survey_year", "iso3", "indicator"])
    out = df[["survey_year", "iso3", "country", "indicator", "value", "rank", *_CITE]]
    out = out.sort_values(["survey_year", "iso3", "indicator"]).reset_index(drop=True)
    out.attrs["missing_countries"] = [c for c in codes if c not in set(out["iso3"])]
    return out


def egdi_trend(panel: pd.DataFrame) -> pd.DataFrame:
    """EGDI value and published rank by edition and country (``survey_year, iso3, country, value, rank``)."""
    e = panel[panel["indicator"] == "egdi"]
    return e[["survey_year", "iso3", "country", "value", "rank", *_CITE]].reset_index(drop=True)


def latest_edition(panel: pd.DataFrame) -> int:
    """The latest survey edition in ``panel`` (raises if empty)."""
    if panel.empty:
        raise ValueError("no UN E-Government Survey rows for the chosen countries and years")
    return int(panel["survey_year"].max())


def components(panel: pd.DataFrame, year: int, indicators: Sequence[str] = UN_COMPONENTS) -> pd.DataFrame:
    """Component values of one edition, wide: one row per country (ISO3), one column per index (0-1)."""
    part = panel[(panel["survey_year"] == year) & panel["indicator"].isin(list(indicators))]
    wide = part.pivot(index="iso3", columns="indicator", values="value")
    return wide.reindex(columns=[i for i in indicators if i in wide.columns])


def lead_lag(wide: pd.DataFrame, focus: str = "CHN") -> pd.DataFrame:
    """Per index: ``focus_value``, ``comparison_mean`` (unweighted mean of the other countries with a value),
    ``diff`` (focus minus mean, index points), ``best_country`` / ``best`` among the others, ``position`` (focus's
    place among all countries with a value, 1 = highest), ``n`` and ``status`` (leads / lags / equal); sorted by
    ``diff`` descending. Raises if ``focus`` has no row or there is no other country."""
    if focus not in wide.index:
        raise ValueError(f"{focus} has no values in this edition")
    others = wide.drop(index=focus)
    if others.empty:
        raise ValueError("lead_lag needs at least one comparison country besides the focus")
    rows = []
    for ind in wide.columns:
        f, o = wide.at[focus, ind], others[ind].dropna()
        if pd.isna(f) or o.empty:
            continue
        col = wide[ind].dropna()
        rows.append({"indicator": ind, "focus_value": float(f), "comparison_mean": float(o.mean()),
                     "diff": float(f - o.mean()), "best_country": str(o.idxmax()), "best": float(o.max()),
                     "position": int((col > f).sum() + 1), "n": int(len(col)),
                     "status": "leads" if f > o.mean() else ("lags" if f < o.mean() else "equal")})
    return pd.DataFrame(rows).sort_values("diff", ascending=False, kind="stable").reset_index(drop=True)


def itu_series(itu: pd.DataFrame, countries: Iterable[str], start_year: int | None = None,
               end_year: int | None = None) -> dict[str, pd.DataFrame]:
    """ITU internet use (% of population) by vintage: ``owid`` (the OWID/World Bank copy, one vintage) and
    ``itu`` (ITU DataHub rows; ``series`` = ``before`` / ``new_definition`` for China around
    :data:`ITU_DEFINITION_CHANGE_YEAR`, ``extract`` for the others). Columns ``year, iso3, country, value,
    series`` and the citation columns."""
    codes = [str(c).upper() for c in countries]
    df = itu[itu["iso3"].isin(codes) & itu["value"].notna()].copy()
    if start_year is not None:
        df = df[df["year"] >= int(start_year)]
    if end_year is not None:
        df = df[df["year"] <= int(end_year)]
    is_owid = df["source_title"].str.startswith("Our World in Data")
    keep = ["year", "iso3", "country", "value", "series", *_CITE]
    owid = _best_rows(df[is_owid].assign(series="owid"), ["year", "iso3"])[keep]
    hub = df[~is_owid].copy()
    hub["series"] = "extract"
    chn = hub["source_title"].str.startswith("ITU DataHub export")
    hub.loc[chn, "series"] = (hub.loc[chn, "year"] >= ITU_DEFINITION_CHANGE_YEAR).map(
        {True: "new_definition", False: "before"})
    hub = _best_rows(hub, ["year", "iso3"])[keep]
    return {"owid": owid.sort_values(["iso3", "year"]).reset_index(drop=True),
            "itu": hub.sort_values(["iso3", "year"]).reset_index(drop=True)}
