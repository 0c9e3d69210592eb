"""Chapter 4's findings record (docs/chapters.md, namespace ``problems``).

Recorded once here, printed everywhere from the record: for each problem ``P<n>.verdict`` (a code of the evidence
scale, ``text/scale.yaml``), ``P<n>.n_for`` / ``P<n>.n_against`` / ``P<n>.n_excluded`` (independent observations
for and against; rows shown and not counted), ``P<n>.theory`` (the chapter-2 theory it is read through) and
``P<n>.cause`` (the cause the book pairs with it); ``notices.*`` counts the province's coded notice items.
"""
from __future__ import annotations

from heilongjiang_newmedia.chapters.problems.analysis import ProblemsResult
from heilongjiang_newmedia.chapters.problems.catalogue import PROBLEM_IDS
from heilongjiang_newmedia.findings import ExhibitRef, Finding, Findings

__all__ = ["STEM", "EXHIBITS", "findings", "low_confidence"]

STEM = "04_problems"
#: exhibit ids the findings rest on (made by the notebook before the findings are recorded)
EXHIBITS = {"frame": "problems-frame", "items": "notice-items", "observations": "observations",
            "verdicts": "verdicts"}


def _ref(name: str) -> ExhibitRef:
    return ExhibitRef(STEM, EXHIBITS[name])


def low_confidence(res: ProblemsResult, claim: str) -> bool:
    """Whether a counted observation of ``claim`` rests on a low-confidence figure."""
    o = res.observations
    return bool(((o["claim"] == claim) & o["counted"] & (o["confidence"] == "low")).any())


def findings(res: ProblemsResult, has_items: bool | None = None) -> Findings:
    """The chapter's findings (keys declared in ``findings.yaml``). ``has_items``: whether the notice-items exhibit
    was made (default: the province has coded notice rows)."""
    rec = Findings(STEM, "problems")
    has_items = res.has_items if has_items is None else has_items
    table = res.problems.set_index("problem_id")
    for r in res.ratings.itertuples():
        p = r.claim
        low = low_confidence(res, p)
        on = (_ref("verdicts"), _ref("observations"))
        rec.add(Finding(f"{p}.verdict", "verdict", r.verdict, exhibits=on, low_confidence=low))
        rec.add(Finding(f"{p}.n_for", "count", int(r.n_for), unit="observations", exhibits=on, low_confidence=low))
        rec.add(Finding(f"{p}.n_against", "count", int(r.n_against), unit="observations", exhibits=on,
                        low_confidence=low))
        rec.add(Finding(f"{p}.n_excluded", "count", int(r.n_excluded), unit="observations",
                        exhibits=(_ref("observations"),)))
        rec.add(Finding(f"{p}.theory", "code", table.loc[p, "theory"], exhibits=(_ref("frame"),)))
        rec.add(Finding(f"{p}.cause", "code", table.loc[p, "cause_id"], exhibits=(_ref("frame"),)))
    pi = res.items[res.items["row_type"] == "problem_item"] if len(res.items) else res.items
    items_ref = (_ref("items"),) if has_items else ()
    rec.add(Finding("notices.n_notices", "count", int((res.notices["n_problem_items"] > 0).sum()), unit="notices",
                    exhibits=items_ref))
    rec.add(Finding("notices.n_problem_items", "count", int(len(pi)), unit="items", exhibits=items_ref))
    rec.add(Finding("notices.n_new_media_problem_items", "count",
                    int((pi["object"] == "new_media").sum()) if len(pi) else 0, unit="items", exhibits=items_ref))
    missing = [p for p in PROBLEM_IDS if f"{p}.verdict" not in rec]
    if missing:
        raise ValueError(f"chapter 4 rated no verdict for {', '.join(missing)}")
    return rec

