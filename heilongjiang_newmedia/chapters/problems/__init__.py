"""Chapter 4 (存在的问题及原因 / Problems and causes): the thesis's four problems rated with the book's one evidence
rule, read through the theories of chapter 2, and a qualitative reading of the causes.

The notebook (``notebooks/04_problems.ipynb``) calls::

    res = P.analyse(ctx, load)                       # observations and verdicts (analysis.py)
    ch.exhibit(P.observations_table(res, ch), ...)    # tables in the reader's language (display.py)
    ch.text("rates", **P.rate_values(res, ch))        # values for the passages of text/<lang>.md (values.py)
    ch.record_findings(P.findings(res))               # the findings record, findings.yaml (record.py)

Modules: ``catalogue`` (tables/), ``notices`` (notice items coded), ``passrates`` (like-with-like comparisons),
``observations`` and ``rankings`` (the observation table), ``analysis``, ``causes``, ``display``, ``values``,
``record``, ``survey`` (the researcher's survey).
"""
from heilongjiang_newmedia.chapters.problems.analysis import ProblemsResult, analyse
from heilongjiang_newmedia.chapters.problems.catalogue import PROBLEM_IDS, THEORIES, problems
from heilongjiang_newmedia.chapters.problems.display import (frame_table, items_table, observation_text,
                                                             observations_table, pass_rate_table, peer_table,
                                                             verdicts_table)
from heilongjiang_newmedia.chapters.problems.record import EXHIBITS, findings, low_confidence
from heilongjiang_newmedia.chapters.problems.survey import survey_section, survey_table
from heilongjiang_newmedia.chapters.problems.values import (cause_values, frame_values, names, notice_values,
                                                            observation_values, peer_values, problem_values,
                                                            provision_quotes, rate_values, summary_values)

__all__ = ["ProblemsResult", "analyse", "PROBLEM_IDS", "THEORIES", "problems", "frame_table", "items_table",
           "observation_text", "observations_table", "pass_rate_table", "peer_table", "verdicts_table", "findings",
           "low_confidence", "EXHIBITS", "survey_section", "survey_table", "cause_values",
           "frame_values", "names", "notice_values", "observation_values", "peer_values", "problem_values",
           "provision_quotes", "rate_values", "summary_values"]
