"""Chapter 6's findings (declared in ``findings.yaml``) and the values its passages print."""
from __future__ import annotations

from typing import Any

from heilongjiang_newmedia.chapters.countermeasures import monitoring as M
from heilongjiang_newmedia.chapters.countermeasures import practices as PR
from heilongjiang_newmedia.chapters.countermeasures.display import baseline_text, period_text, target_text
from heilongjiang_newmedia.chapters.countermeasures.plan import EVIDENCE_ORDER, labels
from heilongjiang_newmedia.findings import Finding
from heilongjiang_newmedia.text.statements import declared_findings

__all__ = ["findings", "text_values", "declared", "quotes", "UNITS"]

#: the unit recorded with a monitoring value
UNITS = {"percent": "%", "count": "incidents"}


def declared() -> dict[str, dict[str, Any]]:
    """Chapter 6's ``findings.yaml``."""
    return declared_findings("countermeasures")


def _low(*rows: Any) -> bool:
    return any(r is not None and str(r["confidence"]) == "low" for r in rows)


def findings(res: Any) -> list[Finding]:
    """Every finding of the chapter: per countermeasure its problem, monitoring indicator, baseline (when the data
    hold one) and target; and the priority order. Exhibit ids are those the notebook makes."""
    out: list[Finding] = []
    for r in res.plan.sort_values("countermeasure_id").itertuples(index=False):
        cm, code = r.countermeasure_id, r.indicator
        unit = UNITS[M.indicators()[code]["unit"]]
        out.append(Finding(f"{cm}.problem", "code", r.problem_id, exhibits=("cm-problems",)))
        out.append(Finding(f"{cm}.indicator", "code", code, exhibits=("monitoring",)))
        out.append(Finding(f"{cm}.cost", "code", r.cost, exhibits=("cm-problems",)))
        base = res.baselines[code]
        if base is not None:
            detail = {k: v for k, v in base.items() if not k.endswith("row")}
            out.append(Finding(f"{cm}.baseline", "value", base["value"], unit=unit, exhibits=("monitoring",),
                               low_confidence=_low(base.get("row"), base.get("website_row")), detail=detail))
        t = res.targets[code]
        out.append(Finding(f"{cm}.target", "target", t["value"], unit=unit, exhibits=("monitoring",),
                           detail={"year": t["year"], "kind": t["kind"], "basis": t["basis"]}))
    out.append(Finding("priority", "order", res.order(), exhibits=("cm-problems",)))
    return out


#: the verdict classes that decide what a countermeasure's measures stress (chapter 6's passage "pairs")
_GROUPS = {"supported": "fix", "partly_supported": "fix", "no_direct_evidence": "measure", "contested": "contested",
           "not_supported": "keep"}
#: the stored page text shows Chinese full-width punctuation as ASCII (data/raw/literature/NOTES.md); restored in zh
_FULL_WIDTH = str.maketrans({",": "，", "(": "（", ")": "）", ":": "：", ";": "；"})


def quotes(provisions: Any, lang: str) -> dict[str, str]:
    """Provision id -> its verbatim quote (simplified-script quotes only; full-width punctuation restored in zh)."""
    out = {}
    for r in provisions.itertuples(index=False):
        if str(r.quote_script).startswith("zh-Hans") and r.quote:
            out[r.provision_id] = str(r.quote).translate(_FULL_WIDTH) if lang == "zh" else str(r.quote)
    return out


def _sample_check(res: Any) -> dict[str, Any] | None:
    fc = res.baselines["first_check_pass_rate"]
    if fc is None:
        return None
    r = res.rates[(res.rates["region_zh"] == res.context.province.zh) & (res.rates["object"] == "new_media")
                  & (res.rates["method"] == "sample") & (res.rates["year"] <= fc["year"])]
    r = r[r["period"] != f"{fc['year']}{fc['quarter']}"].sort_values(["year", "quarter"])
    return None if r.empty else {"year": int(r.iloc[-1]["year"]), "quarter": r.iloc[-1]["quarter"],
                                 "value": float(r.iloc[-1]["pass_rate"])}


def text_values(res: Any, lang: str) -> dict[str, Any]:
    """Values the passages print that are not findings: names, the countermeasures with their problems, indicators
    and practices in book order, the priority order by name, the province's policy documents."""
    lab, ind = labels(), M.indicators()
    summary = PR.region_summary(res.practice_rows, lang)
    by_id = res.plan.set_index("countermeasure_id")
    cms = []
    for i, cm in enumerate(sorted(by_id.index)):
        r = by_id.loc[cm]
        code = r["indicator"]
        s = summary[summary["countermeasure_id"] == cm]
        base = res.baselines[code]
        cms.append({
            "id": cm, "section": i + 3, "name": lab["countermeasures"][cm][lang], "problem": r["problem_id"],
            "problem_name": lab["problems"][r["problem_id"]][lang], "position": int(r["position"]),
            "cost": r["cost"], "cost_word": lab["cost"][r["cost"]][lang], "indicator": code, "indicator_name": ind[code][lang],
            "publisher": ind[code]["publisher"][lang], "baseline": baseline_text(code, base, lang) if base else None,
            "target": target_text(code, res.targets[code], lang), "target_kind": res.targets[code]["kind"],
            "regions": list(dict.fromkeys(s["name"])),
            "practices": [{"region": x.name, "practice": x.practice, "date": x.date} for x in s.itertuples()],
        })
    fc = res.baselines["first_check_pass_rate"]
    docs = [{"id": d.ref_id, "title": d.title, "doc": d.doc_number, "new_media": bool(d.new_media)}
            for d in res.documents.itertuples(index=False)]
    return {
        "cms": cms, "cm": {c["id"]: c for c in cms},
        "order": [lab["countermeasures"][c][lang] for c in res.order()],
        "order_ids": res.order(),
        "problem_names": {p: v[lang] for p, v in lab["problems"].items()},
        "target_year": res.target_year,
        "documents": docs, "implementing": [d for d in docs if d["new_media"]],
        "first_check": None if fc is None else {
            "new_media": fc["value"], "period": period_text(fc["year"], fc["quarter"], lang),
            "website": fc["website"],
            "website_period": period_text(fc["website_year"], fc["website_quarter"], lang) if fc["website"] else ""},
        "inactive": None if res.baselines["inactive_share"] is None else {
            "value": res.baselines["inactive_share"]["value"],
            "period": PR.date_text(res.baselines["inactive_share"]["period"], lang)},
        "n_regions": len(set(summary["region"])),
        "n_baselines": sum(b is not None for b in res.baselines.values()),
        "groups": {g: [c["name"] for c in cms if _GROUPS[res.problems[c["problem"]]["verdict"]] == g]
                   for g in ("fix", "measure", "contested", "keep")},
        "evidence_order": list(EVIDENCE_ORDER),
        "q": quotes(res.provisions, lang),
        "criterion": None if res.criterion is None else {
            "region": PR.region_name(str(res.criterion["region"]), str(res.criterion["region_en"]), lang),
            "date": PR.date_text(res.criterion["reference_date"], lang)},
        "sample_check": None if (sc := _sample_check(res)) is None else {
            "period": period_text(sc["year"], sc["quarter"], lang), "value": sc["value"]},
    }
