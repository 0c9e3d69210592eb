"""Chapter 1's analyses in one call, and the findings it records.

``analyse(ctx, load)`` reads the cited tables through ``load`` (the package loader, honouring ``ctx.data_dir``) and
returns a :class:`Result`; ``findings(result)`` the chapter's findings (declared in ``findings.yaml``). Everything
else in the chapter reads the result: the exhibits (:mod:`.views`) and the text (``text/<lang>.md``).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from heilongjiang_newmedia.findings import ExhibitRef, Finding
from heilongjiang_newmedia.loading.regions import provinces

from . import audit as A
from . import national as N
from . import policy as P
from . import shipped as S

__all__ = ["STEM", "EXHIBITS", "Result", "analyse", "findings"]

STEM = "01_introduction"
#: exhibit ids of the chapter, in order (captions and notes: passages ``<id>.title`` / ``<id>.note``)
EXHIBITS = ("netizens", "online-gov-users", "gov-microblogs", "policy-provisions", "claims-audit")


@dataclass(frozen=True)
class Result:
    """What chapter 1 computed for one study context (persons, percent 0–100, accounts; cutoffs YYYY-MM)."""

    lang: str
    province_zh: str
    netizens: pd.DataFrame
    penetration: pd.DataFrame
    users: pd.DataFrame
    users_share: pd.DataFrame
    users_missing: list[int]
    blogs: pd.DataFrame
    blog_facts: dict[str, Any] | None
    audit: pd.DataFrame
    counts: dict[str, int]
    cross_section_years: list[int]
    latest_cutoff: str
    quotes: dict[str, dict[str, Any]]
    ref_quotes: dict[str, str]
    policy_rows: pd.DataFrame
    references: pd.DataFrame
    province_documents: list[str] = field(default_factory=list)

    @property
    def age_years(self) -> int | None:
        """Years between the newest national figure and the newest 31-province cross-section."""
        if not self.cross_section_years:
            return None
        return int(self.latest_cutoff[:4]) - self.cross_section_years[-1]


def analyse(ctx: Any, load: Callable[..., pd.DataFrame]) -> Result:
    """Chapter 1 for the study context ``ctx`` (:class:`~heilongjiang_newmedia.loading.context.StudyContext`)."""
    def get(name: str) -> pd.DataFrame:
        return load(name, data_dir=ctx.data_dir)

    national, other = get("national_series"), get("related_non_cnnic_benchmarks")
    y0, y1 = ctx.start_year, ctx.end_year
    series = S.labels()["microblog_series"]
    blogs = N.microblog_counts(national, other, series, ctx.lang, y0, y1)
    claims = S.thesis_claims()
    audit = A.audit_claims({"national_series": national, "related_non_cnnic_benchmarks": other}, claims,
                           S.qualitative_shares())
    refs, provisions = get("references"), get("policy_provisions")
    return Result(
        lang=ctx.lang, province_zh=ctx.province.zh,
        netizens=N.cnnic_series(national, "netizens", y0, y1),
        penetration=N.cnnic_series(national, "internet_penetration", y0, y1),
        users=N.cnnic_series(national, "online_gov_service_users", y0, y1),
        users_share=N.cnnic_series(national, "online_gov_service_share_of_netizens", y0, y1),
        users_missing=N.reports_not_covered(national, "online_gov_service_users", y0, y1),
        blogs=blogs, blog_facts=N.microblog_facts(blogs),
        audit=audit, counts=A.outcome_counts(audit),
        cross_section_years=N.cross_sections(get("online_service_capability"), get("province_gov_websites"),
                                             list(provinces()["zh"])),
        latest_cutoff=str(national["cutoff"].max()),
        quotes=P.provision_quotes(provisions), ref_quotes=P.reference_quotes(refs),
        policy_rows=P.provisions_for_problems(S.policy_links(), provisions, refs),
        references=refs, province_documents=P.province_documents(refs, ctx.province.zh))


def _ref(exhibit: str) -> ExhibitRef:
    return ExhibitRef(STEM, exhibit)


def _latest(df: pd.DataFrame, key: str, kind: str, unit: str, exhibit: str) -> list[Finding]:
    if df.empty:
        return []
    r = df.iloc[-1]
    return [Finding(key, kind, float(r["value"]) if kind != "count" else int(r["value"]), unit=unit,
                    exhibits=(_ref(exhibit),), low_confidence=r["confidence"] == "low",
                    detail={"cutoff": str(r["cutoff"])})]


def findings(res: Result) -> list[Finding]:
    """The chapter's findings (``findings.yaml``): the audit (outcome per claim and the tally), the national context
    (latest figures of the shown series, with their cutoff) and the data's age."""
    out: list[Finding] = []
    for r in res.audit.to_dict("records"):
        shown = r["evidence"] or r["nearest"]
        out.append(Finding(
            f"audit.{r['claim_id']}.outcome", "outcome", r["outcome"], exhibits=(_ref("claims-audit"),),
            low_confidence=bool(shown) and shown["confidence"] == "low",
            detail={"claim_zh": r["claim_zh"], "abstract_excerpt": r["abstract_excerpt"],
                    "thesis_value": r["thesis_value"], "unit_zh": r["unit_zh"], "unit_en": r["unit_en"],
                    "source_value": r["evidence"].get("value"), "source_cutoff": r["evidence"].get("cutoff"),
                    "unit_factor": None if pd.isna(r["unit_factor"]) else int(r["unit_factor"])}))
    for key, n in res.counts.items():
        name = "n_claims" if key == "claims" else f"n_{key}"
        out.append(Finding(f"audit.{name}", "count", n, unit="figures", exhibits=(_ref("claims-audit"),)))
    out += _latest(res.netizens, "national.netizens_latest", "value", "persons", "netizens")
    out += _latest(res.penetration, "national.penetration_latest", "share", "percent", "netizens")
    out += _latest(res.users, "national.online_gov_users_latest", "value", "persons", "online-gov-users")
    out += _latest(res.users_share, "national.online_gov_users_share_latest", "share", "percent", "online-gov-users")
    inst = res.blogs[res.blogs["scope"] == "institutions"]
    out += _latest(inst, "national.gov_weibo_institutions_latest", "count", "accounts", "gov-microblogs")
    out.append(Finding("data.latest_cutoff", "code", res.latest_cutoff))
    out.append(Finding("data.cross_section_years", "list", res.cross_section_years))
    if res.age_years is not None:
        out.append(Finding("data.age_years", "count", res.age_years, unit="years"))
    out.append(Finding("policy.province_documents", "list", res.province_documents))
    return out
