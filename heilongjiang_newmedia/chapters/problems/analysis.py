"""Chapter 4 in one call: :func:`analyse` loads what the chapter reads, builds the observation table and rates the
four problems with the book's one evidence rule (:mod:`heilongjiang_newmedia.methods.evidence`)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.problems import causes as C
from heilongjiang_newmedia.chapters.problems import notices as N
from heilongjiang_newmedia.chapters.problems import observations as O
from heilongjiang_newmedia.chapters.problems import rankings as R
from heilongjiang_newmedia.chapters.problems.catalogue import PROBLEM_IDS, problems
from heilongjiang_newmedia.chapters.problems.passrates import CITATION_COLUMNS, comparisons, latest_rate, pass_rates
from heilongjiang_newmedia.loading.regions import provinces
from heilongjiang_newmedia.methods.evidence import count_observations, rate_claims

__all__ = ["ProblemsResult", "analyse", "glossary", "headings_en"]


@dataclass
class ProblemsResult:
    """Everything chapter 4 shows and records for one province (see :func:`analyse`)."""

    province: str                           # focus province, short Chinese name
    problems: pd.DataFrame                  # tables/problems.csv
    items: pd.DataFrame                     # every notice_items row of the province, coded (notices.coded_items)
    notices: pd.DataFrame                   # one row per notice of the province (notices.notice_summary)
    peers: pd.DataFrame                     # peer provinces' notices, context (notices.peer_notices)
    peer_items: pd.DataFrame                # the peer provinces' notice_items rows (for citation)
    rates: pd.DataFrame                     # every provincial pass rate (passrates.pass_rates)
    comparisons: pd.DataFrame               # the province's same-period comparisons (passrates.comparisons)
    observations: pd.DataFrame              # observation table with counted / excluded / independent_key
    ratings: pd.DataFrame                   # claim, n_for, n_against, n_excluded, verdict (one row per problem)
    provisions: pd.DataFrame                # policy_provisions (quotes the readings of section 4.5 cite)
    causes: dict[str, Any]                  # facts for the qualitative cause section (causes.cause_facts)
    consolidation: dict[str, Any] | None    # rankings.consolidation_position
    capability: dict[str, Any] | None       # rankings.capability_position
    latest_new_media: dict[str, Any] | None  # the latest new-media pass rate (period, value, method)
    rows: dict[str, pd.DataFrame] = field(default_factory=dict)  # obs_id -> data rows (citation columns)
    glossary: dict[str, str] = field(default_factory=dict)       # Chinese unit / city name -> English (en tables)
    headings_en: dict[str, str] = field(default_factory=dict)    # notice period -> English gloss of its item heading

    @property
    def has_items(self) -> bool:
        """Whether the province's notices hold a problem item or a new-media finding (the coded-items exhibit)."""
        return bool(len(self.items) and self.items["row_type"].isin(["problem_item", "new_media_finding"]).any())

    def comparison_rows(self) -> pd.DataFrame:
        """The pass-rate rows behind the same-period comparisons (the province's and the other provinces')."""
        parts = list(self.comparisons["rows"])
        if not parts:
            return self.rates.iloc[0:0]
        return pd.concat(parts, ignore_index=True).drop_duplicates(["region_zh", "period", "object"])

    def sources(self, claim: str | None = None, counted_only: bool = False) -> pd.DataFrame:
        """Citation rows behind the observations (of one problem; only the counted ones)."""
        o = self.observations
        if claim is not None:
            o = o[o["claim"] == claim]
        if counted_only:
            o = o[o["counted"]]
        parts = [self.rows[i] for i in o["obs_id"] if i in self.rows]
        if not parts:
            return pd.DataFrame(columns=CITATION_COLUMNS)
        return pd.concat(parts, ignore_index=True).drop_duplicates()


def glossary(hlj_problems: pd.DataFrame, cities: pd.DataFrame) -> dict[str, str]:
    """English names of the units and cities the Heilongjiang notices name (``hlj_problems`` unit_en / city_en,
    ``hlj_cities`` city_en), for the English tables."""
    out: dict[str, str] = {}
    for zh, en in [*zip(hlj_problems["unit_zh"], hlj_problems["unit_en"]),
                   *zip(hlj_problems["city_zh"], hlj_problems["city_en"]), *zip(cities["city_zh"], cities["city_en"])]:
        if isinstance(zh, str) and isinstance(en, str) and en.strip():
            out.setdefault(zh, en)
    return out


def headings_en(hlj_problems: pd.DataFrame) -> dict[str, str]:
    """Notice period (``2022Q2``) -> the English gloss of its first problem heading (``hlj_problems``,
    ``section_heading_en`` without its ``Item (1):`` prefix); national notices left out."""
    t = hlj_problems[~hlj_problems["problem_item_no"].astype(str).str.startswith("national")]
    return {f"{int(y)}{q}": str(h).split(": ", 1)[-1] for y, q, h in zip(t["year"], t["quarter"], t["section_heading_en"])}


def analyse(ctx: Any, load: Callable[..., pd.DataFrame]) -> ProblemsResult:
    """Chapter 4 for the study context ``ctx`` (``loading.context.StudyContext``); ``load(name, data_dir=...)``
    reads a dataset (``loading.datasets.load``)."""
    def data(name: str) -> pd.DataFrame:
        return load(name, data_dir=ctx.data_dir)

    p = ctx.province
    hlj = p.zh == "黑龙江"          # the hlj_* tables are Heilongjiang's own notices
    table = problems()
    source = f"notice:{p.code}"
    items = data("notice_items")
    coded = N.coded_items(items, p.zh)
    quarterly = data("hlj_quarterly")
    rates = pass_rates(quarterly, data("comparator_provinces"), items)
    comps = comparisons(rates, p.zh)
    national = data("national_quarterly")
    names = set(provinces()["zh"])
    cons = R.consolidation_position(data("province_gov_websites"), national, p.zh, p.en, names)
    cap = R.capability_position(data("online_service_capability"), p.zh, [b.zh for b in ctx.benchmarks])

    obs = O.Observations()
    obs.extend(O.notice_observations(coded, table, source))
    obs.extend(O.pass_rate_observations(comps, source))
    obs.extend(O.national_observations(rates, national, p.zh, source))
    obs.extend(R.consolidation_observation(cons))
    if hlj:
        obs.extend(R.running_sites_observation(data("hlj_annual_accounts"), source))
    obs.extend(R.list_observations(data("top_accounts_heilongjiang"), p.zh))
    obs.extend(R.capability_observation(cap))
    obs.extend(R.key_city_observation(data("online_service_capability_cities"), p.zh))
    frame = count_observations(obs.frame())
    frame["order"] = frame["claim"].map({c: i for i, c in enumerate(PROBLEM_IDS)})
    frame = frame.sort_values(["order", "counted"], ascending=[True, False], kind="stable").drop(columns="order")

    latest = latest_rate(rates, p.zh, "new_media")
    return ProblemsResult(
        province=p.zh, problems=table, items=coded, notices=N.notice_summary(coded),
        peers=N.peer_notices(items, [x.zh for x in ctx.peers]),
        peer_items=items[items["province"].isin([x.zh for x in ctx.peers])], rates=rates, comparisons=comps,
        observations=frame.reset_index(drop=True), ratings=rate_claims(frame, list(PROBLEM_IDS)),
        provisions=data("policy_provisions"),
        causes=C.cause_facts(coded, quarterly if hlj else quarterly.iloc[0:0],
                             data("hlj_city_results") if hlj else None),
        consolidation=cons, capability=cap,
        latest_new_media=None if latest is None else {"period": latest["period"], "year": int(latest["year"]),
                                                      "quarter": latest["quarter"], "value": float(latest["pass_rate"]),
                                                      "method": latest["method"], "confidence": latest["confidence"],
                                                      "rows": rates.loc[[latest.name]]},
        rows=obs.data, glossary=glossary(data("hlj_problems"), data("hlj_cities")),
        headings_en=headings_en(data("hlj_problems")) if hlj else {})
