"""Chapter 7's analysis over the earlier chapters' findings records (nothing is recomputed from the data):

* :func:`check_records` — every record was built for the study's province;
* :func:`claim_verdicts` — the verdict of each claim a theory's prediction names: a problem (chapter 4,
  ``problems.P<n>.verdict``) or a comparison aspect (chapter 5, ``comparison.aspects.<aspect>.verdict``);
* :func:`predictions` — whether each theory's prediction is borne out, by the book's one evidence rule
  (:func:`heilongjiang_newmedia.methods.evidence.verdict_for`) applied to the verdicts of the claims that test it:
  a claim that is supported or partly supported counts for the prediction, a claim that is not supported counts
  against it, a claim whose evidence is evenly divided or absent counts neither way;
* :func:`grouped` — the problems, aspects or countermeasures grouped by the verdict they carry;
* :func:`low_flags` — for every recorded finding, whether a shown figure rests on a low-confidence row.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from heilongjiang_newmedia.methods.evidence import VERDICTS, verdict_for

__all__ = ["USES", "check_records", "claim_verdicts", "predictions", "grouped", "low_flags", "FOR", "AGAINST"]

#: the chapters whose findings chapter 7 reads, by namespace, in book order
USES = ("introduction", "framework", "status", "problems", "comparison", "countermeasures")
#: claim verdicts that count for / against a theory's prediction
FOR = ("supported", "partly_supported")
AGAINST = ("not_supported",)


def check_records(records: Mapping[str, Any], province_code: int) -> None:
    """Raise ``ValueError`` naming every chapter whose findings were recorded for another province."""
    bad = {ns: r.context.get("province_code") for ns, r in records.items()
           if r.context.get("province_code") not in (None, province_code)}
    if bad:
        raise ValueError("chapter 7 reads findings recorded for another province: "
                         + ", ".join(f"{ns} (province code {c})" for ns, c in bad.items())
                         + f"; rebuild them for province code {province_code}")


def claim_verdicts(problems: Any, comparison: Any) -> dict[str, str]:
    """Claim -> verdict code: ``P1``-``P4`` from chapter 4, each aspect recorded by chapter 5."""
    out = {k.split(".")[0]: problems.value(k) for k in problems if k.endswith(".verdict")}
    out.update({k.split(".")[1]: comparison.value(k) for k in comparison
                if k.startswith("aspects.") and k.endswith(".verdict")})
    return out


def predictions(framework: Any, verdicts: Mapping[str, str]) -> pd.DataFrame:
    """One row per theory of chapter 2 (``framework.theories``, in order): ``theory``, ``claims`` (chapter 2's
    ``predictions.<theory>.claims``), ``claim_verdicts`` (their verdicts, in the same order), ``n_for``,
    ``n_against`` and ``verdict`` (the scale's rule over the claims, module docstring). A claim chapter 2 names
    that no chapter rated is an error."""
    rows = []
    for theory in framework.value("theories"):
        claims = [str(c) for c in framework.value(f"predictions.{theory}.claims")]
        missing = [c for c in claims if c not in verdicts]
        if missing:
            raise KeyError(f"theory {theory}: no verdict recorded for claim(s) {', '.join(missing)} "
                           "(chapters 4 and 5)")
        vs = [verdicts[c] for c in claims]
        n_for = sum(v in FOR for v in vs)
        n_against = sum(v in AGAINST for v in vs)
        rows.append({"theory": theory, "claims": claims, "claim_verdicts": vs, "n_for": n_for,
                     "n_against": n_against, "verdict": verdict_for(n_for, n_against)})
    return pd.DataFrame(rows, columns=["theory", "claims", "claim_verdicts", "n_for", "n_against", "verdict"])


def grouped(verdicts: Mapping[str, str]) -> dict[str, list[str]]:
    """Verdict code -> the claims carrying it, in the order given; every code of the scale present (maybe empty)."""
    return {v: [c for c, x in verdicts.items() if x == v] for v in VERDICTS}


def low_flags(records: Mapping[str, Any]) -> dict[str, bool]:
    """``"<namespace>.<key>"`` -> whether a figure the finding shows rests on a low-confidence row."""
    return {f"{ns}.{k}": bool(r[k].low_confidence) for ns, r in records.items() for k in r}
