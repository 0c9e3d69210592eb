"""The audit of the thesis abstract's headline figures, on an explicit rule with four outcomes.

Each claim (``tables/thesis_claims.csv``) names its value, whether it is exact or a lower bound ("more than"), the
period it refers to (``when_from``–``when_to``, YYYY-MM) and its candidate source rows as ``dataset:indicator=scope``:
``same`` (the population the claim counts), ``other`` (a related count of another population, same unit) or
``other_unit`` (a different unit, e.g. accounts for a claim about governments). The rule, in order:

1. **same figure** = the source value prints as the claim at the claim's precision (an exact claim is compared after
   rounding the source to the claim's last non-zero digit; a lower bound "more than X" after truncating);
2. ``found`` — a ``same``-scope row within the period gives the same figure;
3. ``magnitude_mismatch`` — a ``same``-scope row within the period gives the same figure once multiplied or divided
   by 10^4 or 10^8 (万 and 亿 confused: a unit slip, not a different count);
4. ``contradicted`` — a ``same``-scope row within the period gives another figure;
5. ``not_found`` — no ``same``-scope row within the period. What the sources do hold is kept for the reader: the
   ``same``-scope row nearest in date (``nearest``), ``other``-scope rows within 1 % of the claim (``near``), the
   ``other_unit`` rows, the CNNIC reports inside the period that give no figure (``missing_reports``) and a share
   printed in words for the period (``qualitative``: its upper bound in persons and whether the claim lies below it).

A figure that is only *not found* is never called false or untestable: it was not found in the sources collected.
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["OUTCOMES", "UNIT_FACTORS", "same_figure", "unit_factor", "audit_claims", "outcome_counts",
           "shown_rows"]

OUTCOMES = ("found", "not_found", "magnitude_mismatch", "contradicted")
UNIT_FACTORS = (10 ** 4, 10 ** 8)


def _precision(value: int) -> int:
    """The claim's printed precision: 10^(number of trailing zeros), e.g. 176000 -> 1000, 297 -> 1."""
    p = 1
    while value and value % (p * 10) == 0:
        p *= 10
    return p


def same_figure(source: float, claim: int, bound: str = "exact") -> bool:
    """True when ``source`` prints as ``claim`` at the claim's precision (rounded; truncated for a lower bound)."""
    p = _precision(int(claim))
    q = math.floor(source / p) if bound == "lower" else math.floor(source / p + 0.5)
    return q * p == int(claim)


def unit_factor(source: float, claim: int, bound: str = "exact") -> int | None:
    """10^4 or 10^8 when ``source`` is the claim with 万/亿 confused (either direction), else None."""
    for f in UNIT_FACTORS:
        if same_figure(source / f, claim, bound) or same_figure(source * f, claim, bound):
            return f
    return None


def _candidates(claim: dict[str, Any], tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    parts = []
    for spec in str(claim["candidates"]).split(";"):
        pair, scope = spec.split("=")
        dataset, indicator = pair.split(":")
        rows = tables[dataset]
        rows = rows[(rows["indicator"] == indicator) & rows["value"].notna()].copy()
        rows["_dataset"], rows["_scope"] = dataset, scope
        parts.append(rows)
    out = pd.concat(parts, ignore_index=True)
    out["value"] = out["value"].astype(float)
    return out


def _row(r: pd.Series | dict | None) -> dict[str, Any]:
    """A source row as the audit keeps it (empty dict for none)."""
    if r is None:
        return {}
    r = dict(r)
    note, printed = (x if isinstance(x, str) else "" for x in (r.get("scope_note"), r.get("value_as_printed")))
    report = r.get("report_no")
    return {"value": float(r["value"]), "cutoff": str(r["cutoff"]), "dataset": r["_dataset"],
            "indicator": r["indicator"], "publisher": "CNNIC" if r["_dataset"] == "national_series" else
            str(r.get("publisher", "")), "report_no": None if report is None or pd.isna(report) else int(report),
            "scope": r["_scope"], "lower_bound": "超过" in printed or "lower bound" in note or "'over " in note,
            "printed": printed, "source_title": r["source_title"], "source_url": r["source_url"],
            "source_date": r["source_date"], "locator": r.get("locator", ""), "confidence": r["confidence"]}


def _in(cutoff: pd.Series, frm: str, to: str) -> pd.Series:
    return (cutoff >= frm) & (cutoff <= to)


def _missing_reports(national: pd.DataFrame, indicators: list[str], frm: str, to: str) -> list[int]:
    """CNNIC reports whose survey cutoff (the cutoff of their netizen count) lies in the period and that give none
    of ``indicators`` in the data."""
    net = national[national["indicator"] == "netizens"].dropna(subset=["report_no"])
    survey = net.groupby(net["report_no"].astype(int))["cutoff"].max()
    inside = set(survey[_in(survey, frm, to)].index)
    have = set(national.loc[national["indicator"].isin(indicators), "report_no"].dropna().astype(int))
    return sorted(inside - have)


def _qualitative(claim: dict[str, Any], national: pd.DataFrame, shares: dict[str, dict[str, float]]) -> dict:
    """A share printed in words within the period, with the upper bound it implies (persons) and whether the claim
    is below it; empty when the claim names none or the data hold none."""
    spec = str(claim.get("qualitative", "") or "")
    if not spec:
        return {}
    indicator = spec.split(":")[1]
    frm, to = claim["when_from"], claim["when_to"]
    net = national[national["indicator"] == "netizens"].drop_duplicates("cutoff").set_index("cutoff")["value"]
    rows = national[(national["indicator"] == indicator) & _in(national["cutoff"], frm, to)]
    for r in rows.to_dict("records"):
        bound = shares.get(str(r["value_as_printed"]), {}).get("below")
        if bound is None or r["cutoff"] not in net.index:
            continue
        upper = float(bound) / 100 * float(net[r["cutoff"]])
        return {"printed": str(r["value_as_printed"]), "cutoff": str(r["cutoff"]),
                "report_no": int(r["report_no"]), "below_pct": float(bound), "netizens": float(net[r["cutoff"]]),
                "upper": upper, "claim_below": int(claim["thesis_value"]) < upper,
                "source_title": r["source_title"], "source_url": r["source_url"], "source_date": r["source_date"],
                "locator": r["locator"], "confidence": r["confidence"]}
    return {}


def audit_claims(tables: dict[str, pd.DataFrame], claims: pd.DataFrame,
                 shares: dict[str, dict[str, float]] | None = None) -> pd.DataFrame:
    """Apply the rule (module docstring) to every claim. ``tables``: ``national_series`` and
    ``related_non_cnnic_benchmarks`` as loaded; ``shares``: qualitative shares and their bounds. One row per claim
    with the claim's columns and ``outcome``, ``evidence`` (the deciding row; empty unless found, mismatched or
    contradicted), ``unit_factor`` (10^4 or 10^8 for a mismatch, else <NA>), ``nearest``, ``near``, ``other_unit``,
    ``missing_reports`` and ``qualitative`` (see the module docstring)."""
    national = tables["national_series"]
    out = []
    for claim in claims.to_dict("records"):
        value, bound = int(claim["thesis_value"]), claim.get("bound") or "exact"
        frm, to = claim["when_from"], claim["when_to"]
        cand = _candidates(claim, tables)
        cand["_same"] = [same_figure(v, value, bound) for v in cand["value"]]
        cand["_factor"] = [unit_factor(v, value, bound) for v in cand["value"]]
        same = cand[(cand["_scope"] == "same")]
        inside = same[_in(same["cutoff"], frm, to)]
        outcome, evidence, factor, nearest = "not_found", None, None, None
        if inside["_same"].any():
            outcome, evidence = "found", inside[inside["_same"]].iloc[0]
        elif inside["_factor"].notna().any():
            evidence = inside[inside["_factor"].notna()].iloc[0]
            outcome, factor = "magnitude_mismatch", int(evidence["_factor"])
        elif len(inside):
            outcome, evidence = "contradicted", inside.iloc[0]
        elif len(same):
            mid = pd.Timestamp(frm + "-01")
            gap = same["cutoff"].map(lambda c: abs((pd.Timestamp(c + "-01") - mid).days))
            nearest = same.assign(_gap=gap.to_numpy()).sort_values(["_gap", "cutoff"]).iloc[0]
        comparable = cand[cand["_scope"] == "other"]
        near = comparable[(comparable["value"] - value).abs() / value <= 0.01].sort_values("cutoff")
        same_ind = sorted({i for i in same["indicator"]})
        out.append({
            **{k: claim[k] for k in ("claim_id", "abstract_excerpt", "claim_zh", "bound", "unit_zh", "unit_en",
                                     "when_from", "when_to")},
            "thesis_value": value, "outcome": outcome, "evidence": _row(evidence), "unit_factor": factor,
            "nearest": _row(nearest), "near": [_row(r) for r in near.to_dict("records")],
            "other_unit": [_row(r) for r in cand[cand["_scope"] == "other_unit"].sort_values("cutoff")
                           .to_dict("records")],
            "missing_reports": _missing_reports(national, same_ind, frm, to)
            if any(s.startswith("national_series:") for s in str(claim["candidates"]).split(";")) else [],
            "qualitative": _qualitative(claim, national, shares or {}) if outcome == "not_found" else {},
        })
    df = pd.DataFrame(out)
    df["unit_factor"] = pd.array([f for f in df["unit_factor"]] if len(df) else [], dtype="Int64")
    return df


def outcome_counts(audit: pd.DataFrame) -> dict[str, int]:
    """Claims per outcome (every outcome of :data:`OUTCOMES`, zeros included) and ``claims`` in all."""
    counts = {o: int((audit["outcome"] == o).sum()) for o in OUTCOMES}
    return {"claims": int(len(audit)), **counts}


def shown_rows(audit: pd.DataFrame) -> list[dict[str, Any]]:
    """Every source row the audit shows the reader (deciding, nearest, near, other-unit and qualitative rows), each
    with its ``claim_id`` and ``role``, in claim order."""
    rows = []
    for r in audit.to_dict("records"):
        picks = [("evidence", r["evidence"]), ("nearest", r["nearest"]), *[("near", x) for x in r["near"]],
                 *[("other_unit", x) for x in r["other_unit"]], ("qualitative", r["qualitative"])]
        for role, x in picks:
            if x:
                rows.append({"claim_id": r["claim_id"], "role": role, **x})
    return rows
