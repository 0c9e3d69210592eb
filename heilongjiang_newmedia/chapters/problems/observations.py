"""Observations from the inspection notices: the items they name and the pass rates they print.

An observation is one row of the table that :func:`heilongjiang_newmedia.methods.evidence.rate_claims` counts:
``claim`` (problem id), ``direction`` (``for`` / ``against`` / ``mixed``), ``source`` and ``period`` (one notice in
one quarter is one observation), ``construct`` (it measures what the problem is about), ``comparable`` (a comparison
of like with like), plus ``kind``, ``reason`` (why it is not counted, ``tables/reasons.yaml``), ``exhibit`` (the
exhibit that shows its figures), ``confidence`` (of the figures it rests on) and ``detail`` (values for its
description). :data:`OBS_COLUMNS` lists them; ``rows`` maps each ``obs_id`` to the data rows behind it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.problems.catalogue import _yaml
from heilongjiang_newmedia.chapters.problems.notices import CONFIDENCE_RANK, item_codes
from heilongjiang_newmedia.chapters.problems.passrates import CITATION_COLUMNS, latest_rate, worst_confidence

__all__ = ["OBS_COLUMNS", "Observations", "notice_observations", "pass_rate_observations",
           "national_observations", "evidence_map"]

OBS_COLUMNS = ["obs_id", "claim", "kind", "direction", "source", "period", "construct", "comparable", "reason",
               "exhibit", "confidence", "detail"]
#: the national checks under 国办秘函〔2019〕19号 are half-yearly samples (policy_provisions P02-a)
NATIONAL_METHOD = "sample"


@dataclass
class Observations:
    """Observation rows and, per ``obs_id``, the data rows (with citation columns) each rests on."""

    rows: list[dict[str, Any]] = field(default_factory=list)
    data: dict[str, pd.DataFrame] = field(default_factory=dict)

    def add(self, data: pd.DataFrame | None = None, **row: Any) -> None:
        row.setdefault("reason", "")
        row.setdefault("detail", {})
        row["obs_id"] = f"O{len(self.rows) + 1:02d}"
        self.rows.append(row)
        if data is not None:
            self.data[row["obs_id"]] = data[[c for c in CITATION_COLUMNS if c in data.columns]]

    def extend(self, other: "Observations") -> None:
        for r in other.rows:
            d = other.data.get(r["obs_id"])
            self.add(d, **{k: v for k, v in r.items() if k != "obs_id"})

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=OBS_COLUMNS)


def evidence_map() -> dict[str, Any]:
    """``tables/evidence.yaml``: which problem each kind of evidence bears on."""
    return _yaml("evidence.yaml")


def _best(grades) -> str:
    gs = [g for g in grades if g in CONFIDENCE_RANK]
    return min(gs, key=CONFIDENCE_RANK.get) if gs else ""


def notice_observations(coded: pd.DataFrame, problems: pd.DataFrame, source: str,
                        exhibit: str = "notice-items") -> Observations:
    """Per notice and problem: the notice's problem items coded to that problem. Items whose category measures the
    problem and whose object (websites / new media) the problem covers make one counted ``for`` observation (one
    notice in one quarter = one observation, its confidence that of its best-documented item: the heading and the
    first examples are printed on the page); the others are shown with the reason (``other_object`` or the
    category's reason) and not counted."""
    codes = item_codes(coded)
    objects = {r["problem_id"]: set(r["objects"].split(";")) for _, r in problems.iterrows()}
    out = Observations()
    if codes.empty:
        return out
    for (notice, pid), g in codes.groupby(["notice", "problem"], sort=True):
        fits = g["object"].map(lambda o, p=pid: o in objects[p])
        valid = g[g["measures"] & fits]
        invalid = g[~(g["measures"] & fits)]
        rows = coded[coded["row_id"].isin(g["row_id"])]
        if len(valid):
            out.add(rows[rows["row_id"].isin(valid["row_id"])], claim=pid, kind="notice", direction="for",
                    source=source, period=notice, construct=True, comparable=True, exhibit=exhibit,
                    confidence=_best(valid["confidence"]),
                    detail={"notice": notice, "codes": list(dict.fromkeys(valid["code"])),
                            "n_items": int(valid["row_id"].nunique()), "n_units": int(valid["unit_zh"].nunique()),
                            "objects": list(dict.fromkeys(valid["object"]))})
        for why, h in invalid.groupby(invalid.apply(lambda r: r["reason"] if not r["measures"] else "other_object",
                                                     axis=1), sort=True):
            out.add(rows[rows["row_id"].isin(h["row_id"])], claim=pid, kind="notice", direction="for",
                    source=source, period=notice, construct=False, comparable=True, reason=why, exhibit=exhibit,
                    confidence=_best(h["confidence"]),
                    detail={"notice": notice, "codes": list(dict.fromkeys(h["code"])),
                            "n_items": int(h["row_id"].nunique()), "n_units": int(h["unit_zh"].nunique()),
                            "objects": list(dict.fromkeys(h["object"]))})
    return out


def pass_rate_observations(comps: pd.DataFrame, source: str, exhibit: str = "pass-rates") -> Observations:
    """One observation per (quarter, object, comparator group) of :func:`passrates.comparisons`: the comparable
    group counts (``for`` below every province of the group, ``against`` above every one; ``mixed`` has no
    direction); groups whose method differs or is not stated are shown and not counted."""
    emap = evidence_map()["pass_rate"]
    out = Observations()
    for _, c in comps.iterrows():
        ok = c["group"] == "comparable"
        reason = "" if ok and c["direction"] != "mixed" else "mixed" if ok else c["group"]
        out.add(c["rows"], claim=emap[c["object"]], kind="pass_rate", direction=c["direction"], source=source,
                period=c["period"], construct=True, comparable=bool(ok), reason=reason, exhibit=exhibit,
                confidence=c["confidence"],
                detail={"period": c["period"], "object": c["object"], "own": c["own"], "own_method": c["own_method"],
                        "regions": c["regions"], "rates": c["rates"], "methods": c["methods"]})
    return out


def national_observations(rates: pd.DataFrame, national: pd.DataFrame, province_zh: str, source: str,
                          exhibit: str = "observations") -> Observations:
    """The province's latest pass rate of each object (2019 criteria) against the latest national rate of the same
    object: the national check is an annual sample, so the pair compares different periods (and, for a
    full-coverage provincial check, different methods) and is never counted (N26)."""
    emap = evidence_map()["national_rate"]
    out = Observations()
    nat = national[(national["region"] == "national") & (national["measure"] == "pass_rate")]
    nat = nat[pd.to_numeric(nat["year"], errors="coerce") >= 2019]
    for obj in ("website", "new_media"):
        own = latest_rate(rates, province_zh, obj)
        n = nat[nat["object"] == obj]
        if own is None or n.empty:
            continue
        n = n.assign(_y=pd.to_numeric(n["year"])).sort_values("_y").iloc[-1]
        reason = "cross_period" if own["method"] == NATIONAL_METHOD else "cross_period_method"
        data = pd.concat([rates.loc[[own.name]], n.to_frame().T], ignore_index=True)
        out.add(data, claim=emap[obj], kind="national_rate",
                direction="for" if float(own["pass_rate"]) < float(n["value_numeric"]) else "against",
                source=source, period=f"{own['period']}/{int(n['_y'])}", construct=True, comparable=False,
                reason=reason, exhibit=exhibit, confidence=worst_confidence([own["confidence"], n["confidence"]]),
                detail={"period": own["period"], "object": obj, "own": float(own["pass_rate"]),
                        "own_method": own["method"], "national": float(n["value_numeric"]),
                        "national_year": int(n["_y"])})
    return out
