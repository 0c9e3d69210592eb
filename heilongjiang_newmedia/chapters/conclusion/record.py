"""Chapter 7's findings (``findings.yaml``), its display table and the values its passages print."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.conclusion import analysis as A
from heilongjiang_newmedia.chapters.conclusion.trace import labels
from heilongjiang_newmedia.findings import Finding
from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.text.filters import scale, verdict_label
from heilongjiang_newmedia.text.statements import declared_findings

__all__ = ["declared", "findings", "predictions_table", "text_values", "claim_name"]


def declared() -> dict[str, dict[str, Any]]:
    """Chapter 7's ``findings.yaml``."""
    return declared_findings("conclusion")


def findings(pred: pd.DataFrame) -> list[Finding]:
    """``predictions.<theory>.verdict`` (and the claims counted for and against it) for each theory."""
    out = []
    for r in pred.itertuples(index=False):
        ex = ("predictions",)
        out += [Finding(f"predictions.{r.theory}.verdict", "verdict", r.verdict, exhibits=ex),
                Finding(f"predictions.{r.theory}.n_for", "count", int(r.n_for), unit="claims", exhibits=ex),
                Finding(f"predictions.{r.theory}.n_against", "count", int(r.n_against), unit="claims", exhibits=ex)]
    return out


def claim_name(claim: str, lang: str) -> str:
    """A problem's or aspect's name as printed."""
    lab = labels()
    group = "problems" if claim in lab["problems"] else "aspects"
    return lab[group][claim][lang]


def predictions_table(pred: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Table 7-1: each theory, the claims that test its prediction with their verdicts, and the prediction's
    verdict."""
    lab = labels()
    sep = "；" if lang == "zh" else "; "
    cap = (lambda x: x) if lang == "zh" else (lambda x: x[:1].upper() + x[1:])   # a cell opens with a capital (en)
    rows = []
    for r in pred.itertuples(index=False):
        rows.append([cap(lab["theories"][r.theory][lang]), cap(W.listing([claim_name(c, lang) for c in r.claims], lang)),
                     cap(sep.join(f"{claim_name(c, lang)}{'：' if lang == 'zh' else ': '}{verdict_label(v, lang)}"
                                  for c, v in zip(r.claims, r.claim_verdicts))),
                     cap(verdict_label(r.verdict, lang))])
    return pd.DataFrame(rows, columns=[lab["columns"][k][lang] for k in ("theory", "claims", "verdicts", "verdict")])


def _inner_quotes(text: str) -> str:
    """Double quotes inside a quoted Chinese phrase become single quotes (“全国297个地级政府开通了‘政务微信’…”)."""
    return text.replace("“", "‘").replace("”", "’")


def _names(group: str, codes: list[str], lang: str) -> list[str]:
    return [labels()[group][c][lang] for c in codes]


def text_values(records: Mapping[str, Any], pred: pd.DataFrame, lang: str) -> dict[str, Any]:
    """Names and groupings the passages print (verdicts themselves are printed from the records by name)."""
    problems, comparison, cm = records["problems"], records["comparison"], records["countermeasures"]
    pv = {p: problems.value(f"{p}.verdict") for p in ("P1", "P2", "P3", "P4")}
    av = {k.split(".")[1]: comparison.value(k) for k in comparison if k.startswith("aspects.") and k.endswith(".verdict")}
    lab = labels()
    audit = records["introduction"]
    claims = [k.split(".")[1] for k in audit if k.startswith("audit.") and k.endswith(".outcome")]
    by_outcome: dict[str, list[dict[str, Any]]] = {o: [] for o in scale()["audit_outcomes"]}
    for c in claims:
        f = audit[f"audit.{c}.outcome"]
        d = f.detail
        claim = str(d.get("claim_zh") if lang == "zh" else d.get("abstract_excerpt"))
        by_outcome[f.value].append({"claim": _inner_quotes(claim) if lang == "zh" else claim, "id": c})
    lessons = {c: len(comparison.value(f"lessons.{c}.regions")) if f"lessons.{c}.regions" in comparison else 0
               for c in ("CM1", "CM2", "CM3", "CM4")}
    return {
        "P": {p: lab["problems"][p][lang] for p in pv},
        "A": {a: lab["aspects"][a][lang] for a in av},
        "T": {t: lab["theories"][t][lang] for t in lab["theories"]},
        "CM": {c: lab["countermeasures"][c][lang] for c in lab["countermeasures"]},
        "COST": {k: v[lang] for k, v in lab["cost"].items()},
        "problem_groups": {v: _names("problems", ps, lang) for v, ps in A.grouped(pv).items()},
        "aspect_groups": {v: _names("aspects", xs, lang) for v, xs in A.grouped(av).items()},
        "problem_verdicts": [{"code": v, "names": _names("problems", ps, lang)} for v, ps in A.grouped(pv).items() if ps],
        "aspect_verdicts": [{"code": v, "names": _names("aspects", xs, lang)} for v, xs in A.grouped(av).items() if xs],
        "n_claims": sum(len(c) for c in pred["claims"]),
        "n_claims_nde": sum(v == "no_direct_evidence" for vs in pred["claim_verdicts"] for v in vs),
        "pred": [{"theory": r.theory, "name": lab["theories"][r.theory][lang], "claims": [claim_name(c, lang)
                  for c in r.claims], "n_for": int(r.n_for), "n_against": int(r.n_against)}
                 for r in pred.itertuples(index=False)],
        "audit_claims": by_outcome,
        "audit_counts": [{"code": o, "n": int(audit.value(f"audit.n_{o}"))} for o in scale()["audit_outcomes"]
                         if f"audit.n_{o}" in audit and audit.value(f"audit.n_{o}")],
        "lesson_counts": lessons,
        "lesson_most": max(lessons, key=lambda c: (lessons[c], -int(c[2:]))) if any(lessons.values()) else None,
        "n_baselines": sum(f"CM{i}.baseline" in cm for i in range(1, 5)),
        "target_year": cm["CM1.target"].detail.get("year"),
        "low": A.low_flags(records),
        "survey": "survey.priorities" in cm,
    }
