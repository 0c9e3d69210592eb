"""Chapter 4's findings record (docs/chapters.md, namespace ``problems``) and the older per-chapter results that
chapters 6 and 7 still read.

Recorded once here, printed everywhere from the record: for each problem ``P<n>.verdict`` (a code of the evidence
scale, ``text/scale.yaml``), ``P<n>.n_for`` / ``P<n>.n_against`` / ``P<n>.n_excluded`` (independent observations
for and against; rows shown and not counted), ``P<n>.theory`` (the chapter-2 theory it is read through) and
``P<n>.cause`` (the cause the book pairs with it); ``notices.*`` counts the province's coded notice items.
"""
from __future__ import annotations

from typing import Any

from heilongjiang_newmedia.chapters.problems.analysis import ProblemsResult
from heilongjiang_newmedia.chapters.problems.catalogue import PROBLEM_IDS
from heilongjiang_newmedia.findings import ExhibitRef, Finding, Findings
from heilongjiang_newmedia.text.filters import verdict_label

__all__ = ["STEM", "EXHIBITS", "findings", "low_confidence", "legacy_results"]

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


def legacy_results(res: ProblemsResult, ch: Any) -> list[dict[str, Any]]:
    """Keyword arguments for ``Chapter.record`` of the results chapter 7's current code reads (``rating_<P>``,
    ``website_decline_2019_pct``, ``new_media_full_check_pass_rate``). ``rating_<P>`` carries the verdict of the
    record: ``value`` and ``verdict`` are the verdict code, ``rating_zh`` / ``rating_en`` its words,
    ``n_support`` / ``n_counter`` the independent observations for and against, ``n_items`` / ``n_data`` the
    counted observations, ``n_gap`` those for, ``counter_<lang>`` the counted observations against (cells of the
    observation table in ``ch.lang``, ``ch`` = the chapter, for its passages)."""
    from heilongjiang_newmedia.chapters.problems.display import observation_text

    out = []
    o = res.observations
    for r in res.ratings.itertuples():
        t = res.problems.set_index("problem_id").loc[r.claim]
        against = o[(o["claim"] == r.claim) & o["counted"] & (o["direction"] == "against")]
        n = int(r.n_for + r.n_against)
        out.append({"key": f"rating_{r.claim}", "value": r.verdict, "exhibit": EXHIBITS["verdicts"],
                    "verdict": r.verdict, "rating_zh": verdict_label(r.verdict, "zh"),
                    "rating_en": verdict_label(r.verdict, "en"), "problem_zh": t["problem_zh"],
                    "problem_en": t["problem_en"], "n_support": int(r.n_for), "n_counter": int(r.n_against),
                    "n_items": n, "n_data": n, "n_gap": int(r.n_for), "n_excluded": int(r.n_excluded),
                    "basis": "no_data" if n == 0 else "observations",
                    f"counter_{ch.lang}": [observation_text(x, ch) for _, x in against.iterrows()],
                    "low_confidence": low_confidence(res, r.claim)})
    c = res.consolidation
    if c is not None:
        out.append({"key": "website_decline_2019_pct", "value": c["value"], "exhibit": EXHIBITS["observations"],
                    "rank": c["rank"], "median": c["median"], "doubted": c["doubted"]})
    m = res.latest_new_media
    if m is not None and m["method"] == "full":
        out.append({"key": "new_media_full_check_pass_rate", "value": m["value"], "year": m["year"],
                    "quarter": m["quarter"]})
    return out
