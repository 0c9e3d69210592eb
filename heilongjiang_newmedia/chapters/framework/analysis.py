"""Chapter 2's analysis for one study: the indicator system counted, the theories and their predictions, the weights.

``analyse(ctx)`` reads the indicator system and the data behind it once and returns a :class:`FrameworkResult`;
``findings(res, part)`` is what the chapter records (``docs/chapters.md``, namespace ``framework``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.findings import ExhibitRef, Findings
from heilongjiang_newmedia.loading import indicators as I
from heilongjiang_newmedia.loading.datasets import load
from heilongjiang_newmedia.loading.regions import provinces
from heilongjiang_newmedia.methods import cross_sections as X
from heilongjiang_newmedia.methods import mcda
from heilongjiang_newmedia.text.terms import terms

from heilongjiang_newmedia.chapters.framework.system import COUNT_KEYS, indicator_coverage, indicator_counts
from heilongjiang_newmedia.chapters.framework.weights import (ahp_indicator_weights, ahp_weights,
                                                              entropy_and_equal_weights, province_profile,
                                                              weight_facts, weighted_scores)

__all__ = ["STEM", "TABLES", "FrameworkResult", "analyse", "findings", "theories", "claims", "labels", "FINDING_PARTS"]

STEM = "02_framework"
TABLES = Path(__file__).resolve().parent / "tables"
#: the parts of the record, each written after the exhibit it rests on
FINDING_PARTS = ("theories", "predictions", "indicators", "weights", "score", "ahp")


@lru_cache(maxsize=1)
def theories() -> pd.DataFrame:
    """The three theories: ``theory`` (code), ``name_zh``, ``name_en``, ``claims`` (list of claim codes whose
    verdicts test the theory's prediction: problems P1-P4 of chapter 4, comparison aspects of chapter 5)."""
    t = pd.read_csv(TABLES / "theories.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    t["claims"] = [[c.strip() for c in s.split(";") if c.strip()] for s in t["claims"]]
    unknown = sorted({c for cs in t["claims"] for c in cs} - set(claims()["claim"]))
    if unknown:
        raise ValueError(f"theories.csv names claims missing from claims.csv: {unknown}")
    return t


@lru_cache(maxsize=1)
def claims() -> pd.DataFrame:
    """Labels of the claims a theory's prediction is tested by: ``claim``, ``chapter`` (4 or 5), ``label_zh/en``
    (the problems P1-P4 are named by ``text/thesis_terms.yaml``; ``claims.csv`` leaves their labels empty)."""
    c = pd.read_csv(TABLES / "claims.csv", dtype=str, keep_default_na=False, encoding="utf-8")
    for lang in ("zh", "en"):
        names = terms("problems", lang)
        c[f"label_{lang}"] = [names.get(k, label) for k, label in zip(c["claim"], c[f"label_{lang}"])]
    return c


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """Column headers and coded values of the chapter's tables (``tables/labels.yaml``)."""
    return read_yaml(TABLES / "labels.yaml")


@dataclass
class FrameworkResult:
    """Everything chapter 2 shows for one study. ``framework``: the indicator table (``in_matrix`` added);
    ``coverage``: per indicator; ``counts``: :func:`indicator_counts`; ``matrix``: the composite indicators (31
    provinces); ``weights``, ``scores``, ``profile``, ``facts`` (:func:`weight_facts`); ``ahp`` and
    ``ahp_weights`` when a judgment matrix was supplied."""

    context: Any
    framework: pd.DataFrame
    dimensions: pd.DataFrame
    coverage: pd.DataFrame
    counts: dict[str, Any]
    matrix: pd.DataFrame
    weights: pd.DataFrame
    scores: pd.DataFrame
    profile: pd.DataFrame
    facts: dict[str, Any]
    ahp: mcda.AHPResult | None = None
    ahp_weights: pd.Series | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def province(self) -> str:
        return self.context.province.zh


def analyse(ctx: Any, ahp_matrix: Any = None, ahp_criteria: Any = None) -> FrameworkResult:
    """Chapter 2 for the study ``ctx`` (:class:`~heilongjiang_newmedia.loading.context.StudyContext`); an AHP
    judgment matrix (with its criteria) is optional and used only when the researcher supplies one."""
    fw = I.read_indicator_table()
    fw["in_matrix"] = fw["indicator_id"].isin(list(X.COMPUTABLE))
    tables = I.source_tables(ctx.data_dir)
    rows = I.indicator_rows(fw, ctx.data_dir, loaded=tables)
    sections = {i: X.cross_section(i, tables) for i in fw["indicator_id"] if i in X.COMPUTABLE}
    names = provinces()["zh"].tolist()
    cov = indicator_coverage(fw, rows, sections, names)
    counts = indicator_counts(fw, cov, n_units=len(names))
    units = dict(zip(fw["indicator_id"], fw["unit"]))
    matrix = X.indicator_matrix(tables, I.composite_ids(fw), units)
    weights = entropy_and_equal_weights(matrix, fw)
    scores = weighted_scores(matrix, weights, fw)
    profile = province_profile(matrix, ctx.province.zh, fw)
    res = FrameworkResult(ctx, fw, I.load_dimensions(), cov, counts, matrix, weights, scores, profile,
                          weight_facts(matrix, weights, fw), extra={"quotes": policy_quotes(ctx.data_dir)})
    if ahp_matrix is not None:
        res.ahp = ahp_weights(ahp_matrix, criteria=ahp_criteria, framework=fw, accept_inconsistent=True)
        if res.ahp.consistent:
            res.ahp_weights = ahp_indicator_weights(res.ahp, fw)
    return res


#: provisions quoted in the chapter's text: field name -> provision_id of data/raw/literature/policy_provisions.csv
QUOTED_PROVISIONS = {"role_p01": "P01-a"}


def policy_quotes(data_dir: Any = None) -> dict[str, str]:
    """The verbatim quotes the text uses (:data:`QUOTED_PROVISIONS`), from ``policy_provisions``; a provision
    missing from the data raises ``KeyError`` naming it."""
    p = load("policy_provisions", data_dir).set_index("provision_id")
    missing = [v for v in QUOTED_PROVISIONS.values() if v not in p.index]
    if missing:
        raise KeyError(f"policy_provisions lacks the provision(s) {missing} quoted in chapter 2")
    return {k: str(p.at[v, "quote"]) for k, v in QUOTED_PROVISIONS.items()}


def _ref(eid: str) -> ExhibitRef:
    return ExhibitRef(STEM, eid)


def findings(res: FrameworkResult, part: str | None = None) -> Findings:
    """The chapter's findings (all, or one of :data:`FINDING_PARTS`), each naming the exhibit it rests on."""
    if part is not None and part not in FINDING_PARTS:
        raise ValueError(f"part must be one of {', '.join(FINDING_PARTS)}, not {part!r}")
    rec = Findings(STEM, "framework", res.context.to_json())
    want = (lambda p: part is None or p == part)
    c = res.counts
    if want("theories"):
        rec.put("theories", "list", theories()["theory"].tolist(), exhibits=[_ref("theories-dimensions")])
    if want("predictions"):
        for t in theories().itertuples(index=False):
            rec.put(f"predictions.{t.theory}.claims", "list", list(t.claims), exhibits=[_ref("theory-predictions")])
    if want("indicators"):
        for k in COUNT_KEYS:
            rec.put(f"indicators.{k}", "count", c[k], unit="indicators", exhibits=[_ref("indicator-system")])
        rec.put("indicators.comparable", "list", c["comparable_ids"], exhibits=[_ref("indicator-system")])
        rec.put("indicators.background", "list", c["background_ids"], exhibits=[_ref("indicator-system")])
        cost = [i for i, d in zip(res.framework["indicator_id"], res.framework["direction"]) if d == "cost"]
        rec.put("indicators.cost", "list", cost, exhibits=[_ref("indicator-system")])
    if want("weights"):
        for i, r in res.weights.iterrows():
            rec.put(f"weights.entropy.{i}", "value", round(float(r["entropy_weight"]), 6), unit="weight (0-1)",
                    exhibits=[_ref("weights-table")])
            rec.put(f"weights.equal.{i}", "value", float(r["equal_weight"]), unit="weight (0-1)",
                    exhibits=[_ref("weights-table")])
    if want("score"):
        p, n = res.province, len(res.scores)
        for w in ("entropy", "equal"):
            rec.put(f"score.{w}", "value", round(float(res.scores.at[p, f"{w}_score"]), 6),
                    unit="weighted normalised score (0-1)", exhibits=[_ref("province-profile")])
            rec.put(f"score.{w}_rank", "rank", int(res.scores.at[p, f"{w}_rank"]), exhibits=[_ref("province-profile")],
                    of=n)
    if want("ahp") and res.ahp is not None:
        rec.put("ahp.cr", "value", round(float(res.ahp.cr), 6), unit="consistency ratio",
                exhibits=[_ref("ahp-weights")], consistent=bool(res.ahp.consistent))
    return rec
