"""The thesis's five aspects, each rated on the book's one evidence scale (:mod:`methods.evidence`).

The claim per aspect is "the province lags the benchmarks on this aspect". The observations are listed in
``tables/aspect_evidence.csv`` (the book's reading: which data rows bear on which aspect, and whether they measure
it — ``construct``); their *direction* is computed here from the data for the study's province and benchmarks:

* ``benchmark_mean``: an indicator of the province x indicator matrix; ``for`` when the province is worse than
  the benchmark mean in the indicator's direction, else ``against``;
* ``ranks``: a printed ranking; ``for`` when the province ranks below every benchmark with a rank, ``against``
  when it ranks at or above every one, else no direction;
* ``membership``: a printed top group (a rank, or a note "named ..."); ``for`` when the province is absent and a
  benchmark present, ``against`` when the province is present and no benchmark is, else no direction;
* ``un_component``: a UN index (national): ``for`` when China is below the comparison-country mean.

Independence: one ``source`` in one ``period`` is one observation (several items of one index in one year count
once). An aspect with no row reads "no direct evidence".
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pandas as pd

from heilongjiang_newmedia.chapters.comparison.indicators import CROSS_SECTIONS
from heilongjiang_newmedia.methods.evidence import count_observations, rate_claims

__all__ = ["ASPECTS", "read_evidence", "observations", "rate"]

TABLES = Path(__file__).with_name("tables")
#: the five aspects in the thesis's order
ASPECTS = ("team", "efficiency", "convenience", "emergency", "security")
_PREFIX = ("index_name", "metric")


def read_evidence() -> pd.DataFrame:
    return pd.read_csv(TABLES / "aspect_evidence.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def _match(df: pd.DataFrame, spec: str) -> pd.DataFrame:
    for term in [t for t in spec.split(";") if t]:
        col, val = term.split("=", 1)
        s = df[col].astype(str)
        df = df[s.str.startswith(val) if col in _PREFIX else s.eq(val)]
    return df


def _named(rows: pd.DataFrame) -> set[str]:
    note = rows["rank_note"].fillna("").astype(str)
    return set(rows.loc[rows["rank"].notna() | note.str.startswith("named"), "region_zh"])


def _direction(row: Mapping[str, str], data: Mapping[str, pd.DataFrame], profile: pd.DataFrame,
               lead_lag: pd.DataFrame | None, province: str, benchmarks: list[str],
               un_rows: pd.DataFrame | None = None) -> tuple[str, pd.DataFrame]:
    how = row["compare"]
    if how == "benchmark_mean":
        ind = row["filter"].split("=", 1)[1]
        p = profile[profile["indicator"] == ind] if len(profile) else profile
        rows = CROSS_SECTIONS[ind][1](data, [province, *benchmarks])[1] if ind in CROSS_SECTIONS else pd.DataFrame()
        if p.empty or pd.isna(p.iloc[0]["ahead"]):
            return "context", rows
        return ("against" if bool(p.iloc[0]["ahead"]) else "for"), rows
    if how == "un_component":
        ind = row["filter"].split("=", 1)[1]
        rows = un_rows[un_rows["indicator"] == ind] if un_rows is not None and len(un_rows) else pd.DataFrame()
        if lead_lag is None or ind not in set(lead_lag["indicator"]):
            return "context", rows
        return ("for" if float(lead_lag.set_index("indicator").at[ind, "diff"]) < 0 else "against"), rows
    rows = _match(data[row["dataset"]], row["filter"])
    rows = rows[rows["region_zh"].isin([province, *benchmarks])]
    if how == "membership":
        named = _named(rows)
        bench = named & set(benchmarks)
        d = "for" if province not in named and bench else "against" if province in named and not bench else "context"
        return d, rows
    ranks = pd.to_numeric(rows.set_index("region_zh")["rank"], errors="coerce").dropna()
    b = ranks.reindex(benchmarks).dropna()
    if province not in ranks.index or b.empty:
        return "context", rows
    r = float(ranks[province])
    return ("for" if r > b.max() else "against" if r <= b.min() else "context"), rows


def observations(data: Mapping[str, pd.DataFrame], profile: pd.DataFrame, lead_lag: pd.DataFrame | None,
                 province: str, benchmarks: Iterable[str], lang: str,
                 un_rows: pd.DataFrame | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The observations of the five aspects for this province (columns of :data:`methods.evidence`
    ``OBSERVATION_COLUMNS`` plus ``label``, ``excluded``, ``counted``), and the data rows they rest on.
    ``un_rows``: the UN panel rows of the edition compared (their citations)."""
    ev, bench, rows, used = read_evidence(), list(benchmarks), [], []
    for r in ev.to_dict("records"):
        d, src = _direction(r, data, profile, lead_lag, province, bench, un_rows)
        used.append(src)
        rows.append({"claim": r["aspect"], "direction": d, "source": r["source"], "period": r["period"],
                     "construct": r["construct"] == "yes", "comparable": True,
                     "label": r["label_zh"] if lang == "zh" else r["label_en"]})
    obs = pd.DataFrame(rows, columns=["claim", "direction", "source", "period", "construct", "comparable", "label"])
    used = [u for u in used if len(u)]
    return count_observations(obs), (pd.concat(used, ignore_index=True) if used else pd.DataFrame())


def rate(obs: pd.DataFrame) -> pd.DataFrame:
    """One row per aspect (in :data:`ASPECTS` order): ``n_for``, ``n_against``, ``n_excluded``, ``verdict``."""
    cols = ["claim", "direction", "source", "period", "construct", "comparable"]
    return rate_claims(obs[cols], claims=list(ASPECTS)).set_index("claim").reindex(list(ASPECTS)).reset_index()
