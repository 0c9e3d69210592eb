"""Chapter 1 (绪论 / Introduction): background, literature and policy, research questions, method, the evidence
scale, and the audit of the thesis abstract's headline figures.

Public API (the notebook ``notebooks/01_introduction.ipynb`` uses only these)::

    res = introduction.analyse(ctx, load)          # Result: CNNIC series, microblog counts, audit, policy provisions
    introduction.findings(res)                     # the findings declared in findings.yaml
    introduction.netizens_figure(res), users_figure(res), microblogs_figure(res)
    introduction.policy_table(res, ch.cell), audit_table(res, ch.cell), audit_data(res)
    introduction.national_values(res), audit_values(res), policy_values(res)   # fields of the text passages

Modules: :mod:`.national` (CNNIC series, cross-sections), :mod:`.audit` (the rule and its four outcomes),
:mod:`.policy` (provision quotes), :mod:`.charts`, :mod:`.views` (exhibits and text values), :mod:`.shipped` (the
chapter's ``tables/``). Prose: ``text/zh.md`` and ``text/en.md``.
"""
from heilongjiang_newmedia.chapters.introduction.analysis import EXHIBITS, STEM, Result, analyse, findings
from heilongjiang_newmedia.chapters.introduction.audit import OUTCOMES, audit_claims, outcome_counts, same_figure
from heilongjiang_newmedia.chapters.introduction.national import (cnnic_series, cross_sections, microblog_counts,
                                                                  microblog_facts, reports_not_covered)
from heilongjiang_newmedia.chapters.introduction.policy import provision_quotes, simplified
from heilongjiang_newmedia.chapters.introduction.shipped import thesis_claims
from heilongjiang_newmedia.chapters.introduction.views import (audit_data, audit_table, audit_values, microblogs_figure,
                                                               national_values, netizens_data, netizens_figure,
                                                               policy_table, policy_values, users_data, users_figure)

__all__ = ["STEM", "EXHIBITS", "OUTCOMES", "Result", "analyse", "findings", "audit_claims", "outcome_counts",
           "same_figure", "cnnic_series", "cross_sections", "microblog_counts", "microblog_facts",
           "reports_not_covered", "provision_quotes", "simplified", "thesis_claims", "audit_data", "audit_table",
           "audit_values", "microblogs_figure", "national_values", "netizens_data", "netizens_figure", "policy_table",
           "policy_values", "users_data", "users_figure"]
