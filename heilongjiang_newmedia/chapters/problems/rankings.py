"""Observations from national tables and rankings: website consolidation (CNNIC), national lists on which the
province's accounts placed first, the 2019 online-service capability index and its key cities, and the province's
own count of websites in operation.

Rules (the same for every province): a position among provinces counts when all are measured in the same period by
the same source; one list in one month is one observation however many sub-lists it has; a change between two
periods is not a same-period comparison and is shown, not counted; evidence that does not measure the problem it
is listed under (``tables/evidence.yaml``) is shown with the reason and not counted.
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.problems.observations import Observations, evidence_map
from heilongjiang_newmedia.chapters.problems.passrates import worst_confidence

__all__ = ["consolidation_position", "consolidation_observation", "running_sites_observation",
           "list_observations", "capability_position", "capability_observation", "key_city_observation"]


def _spec(kind: str) -> tuple[str, bool, str]:
    s = evidence_map()[kind]
    return s["problem"], bool(s.get("measures", True)), s.get("reason", "")


def consolidation_position(websites: pd.DataFrame, national: pd.DataFrame, province_zh: str,
                           province_en: str, names: set[str]) -> dict[str, Any] | None:
    """The province's 2019 year-on-year fall in government websites (%, CNNIC 45th report table) among the 31
    provinces: ``value``, ``websites`` (count at 2019-12), ``median``, ``n``, ``rank`` (competition rank, 1 =
    largest fall), ``confidence`` (``low`` where the national table grades the province's row low: the
    reprinted table's first rows conflict with the report's text, so rows may be shifted) and ``rows``."""
    t = websites[websites["yoy_decline_pct_as_printed"].notna() & websites["province_zh"].isin(names)]
    own = t[t["province_zh"] == province_zh]
    if own.empty:
        return None
    v = float(own["yoy_decline_pct_as_printed"].iloc[0])
    doubt = national[(national["region"].astype(str) == province_en) & (national["object"] == "website")
                     & national["measure"].astype(str).str.startswith("websites_")]
    low = bool(len(doubt) and (doubt["confidence"] == "low").any())
    rows = pd.concat([own, doubt[doubt["confidence"] == "low"]], ignore_index=True) if low else own
    return {"value": v, "websites": int(own["gov_websites"].iloc[0]),
            "median": float(t["yoy_decline_pct_as_printed"].median()), "n": int(len(t)),
            "rank": int((t["yoy_decline_pct_as_printed"] > v).sum()) + 1,
            "confidence": "low" if low else str(own["confidence"].iloc[0]), "doubted": low, "rows": rows}


def consolidation_observation(pos: dict[str, Any] | None, exhibit: str = "observations") -> Observations:
    """A fall above the median province = consolidation ahead of most provinces (``against`` an imperfect
    management system); below the median = ``for``; at the median no direction."""
    out = Observations()
    if pos is None:
        return out
    pid, measures, why = _spec("consolidation")
    d = "against" if pos["value"] > pos["median"] else "for" if pos["value"] < pos["median"] else "mixed"
    out.add(pos["rows"], claim=pid, kind="consolidation", direction=d, source="cnnic-45", period="2019",
            construct=measures, comparable=True, reason=why if not measures else "" if d != "mixed" else "median",
            exhibit=exhibit, confidence=pos["confidence"],
            detail={k: pos[k] for k in ("value", "websites", "median", "n", "rank", "doubted")})
    return out


def running_sites_observation(accounts: pd.DataFrame, source: str, exhibit: str = "observations") -> Observations:
    """Websites in operation in the province's own notices, first and last date (``hlj_annual_accounts``, CNNIC and
    registry totals left out): a change between two periods, shown and not counted."""
    out = Observations()
    a = accounts[(accounts["platform"] == "government_website")
                 & ~accounts["basis"].astype(str).str.contains("CNNIC")].sort_values("reference_date", kind="stable")
    if a["reference_date"].nunique() < 2:
        return out
    f, last = a.iloc[0], a.iloc[-1]
    pid, measures, _ = _spec("running_sites")
    change = (float(last["count"]) / float(f["count"]) - 1) * 100
    out.add(pd.concat([a.iloc[[0]], a.iloc[[-1]]]), claim=pid, kind="running_sites",
            direction="against" if change < 0 else "for", source=source,
            period=f"{f['reference_date']}/{last['reference_date']}", construct=measures, comparable=False,
            reason="cross_period", exhibit=exhibit,
            confidence=worst_confidence([f["confidence"], last["confidence"]]),
            detail={"first": float(f["count"]), "first_date": str(f["reference_date"]), "last": float(last["count"]),
                    "last_date": str(last["reference_date"]), "change_pct": change})
    return out


def _period(p: Any) -> str:
    m = re.search(r"\d{4}-\d{2}", str(p))
    if m:
        return m.group(0)
    m = re.search(r"\d{4}", str(p))
    return m.group(0) if m else str(p)


def list_observations(top: pd.DataFrame, province_zh: str, exhibit: str = "observations") -> Observations:
    """First places of the province's accounts on national lists (``top_accounts_heilongjiang``, ``rank`` 1,
    ``list_scope`` national): one observation per list and month (``list_publisher`` and the list's name before
    its sub-list, the period's year-month or year), ``against`` a lagging platform. Its confidence is that of its
    best row (the first place is printed on that page)."""
    r = pd.to_numeric(top["rank"], errors="coerce")
    t = top[(top["province_zh"] == province_zh) & (r == 1) & top["list_scope"].astype(str).str.startswith("national")]
    out = Observations()
    pid, measures, why = _spec("national_list")
    t = t.assign(_list=t["list_name"].astype(str).str.split(" - ").str[0].str.replace(r"^\d{4}年度", "", regex=True),
                 _period=t["period"].map(_period))
    for (pub, name, period), g in t.groupby(["list_publisher", "_list", "_period"], sort=True):
        out.add(g, claim=pid, kind="national_list", direction="against", source=f"{pub}|{name}", period=period,
                construct=measures, comparable=True, reason=why, exhibit=exhibit,
                confidence=min(g["confidence"], key=lambda c: {"high": 0, "medium": 1, "low": 2}.get(c, 9)),
                detail={"period": period, "list": name, "publisher": pub, "n_sublists": int(len(g)),
                        "sublists": [s.split(" - ", 1)[-1] for s in g["list_name"].astype(str)],
                        "owners": list(dict.fromkeys(str(o).split(" (")[0] for o in g["owner"]))})
    return out


def capability_position(cap: pd.DataFrame, province_zh: str, benchmarks: list[str],
                        year: str = "2019") -> dict[str, Any] | None:
    """The province's ``year`` online-service capability index (0-100) against the mean of the benchmark
    provinces (the province left out): ``value``, ``benchmark_mean``, ``n_benchmarks``, ``gap`` (mean - value,
    points), ``confidence`` and ``rows``."""
    c = cap[(cap["eval_year"].astype(str) == year) & cap["metric"].astype(str).str.startswith("overall_index")]
    own = c[c["province_zh"] == province_zh]
    bench = c[c["province_zh"].isin([b for b in benchmarks if b != province_zh])]
    if own.empty or bench.empty:
        return None
    v, m = float(own["score"].iloc[0]), float(bench["score"].mean())
    return {"value": v, "benchmark_mean": m, "n_benchmarks": int(len(bench)), "gap": m - v,
            "confidence": worst_confidence([own["confidence"].iloc[0], *bench["confidence"]]),
            "rows": pd.concat([own, bench], ignore_index=True)}


def capability_observation(pos: dict[str, Any] | None, exhibit: str = "observations") -> Observations:
    """The 2019 capability index listed under the problem of ``tables/evidence.yaml`` (behind the benchmarks =
    ``for``); it rates online-service portals, so it is shown and not counted where it does not measure the
    problem."""
    out = Observations()
    if pos is None:
        return out
    pid, measures, why = _spec("capability")
    out.add(pos["rows"], claim=pid, kind="capability", direction="for" if pos["gap"] > 0 else "against",
            source="party-school-capability", period="2019", construct=measures, comparable=True, reason=why,
            exhibit=exhibit, confidence=pos["confidence"],
            detail={k: pos[k] for k in ("value", "benchmark_mean", "n_benchmarks", "gap")})
    return out


def key_city_observation(cities: pd.DataFrame, province_zh: str, year: str = "2019",
                         exhibit: str = "observations") -> Observations:
    """The province's best key city in the ``year`` key-city evaluation: its competition rank by score (1 + cities
    scoring higher) among the cities scored; the top quarter points ``against``, the bottom half ``for``."""
    out = Observations()
    c = cities[(cities["eval_year"].astype(str) == year) & cities["score"].notna()]
    own = c[c["province_zh"] == province_zh]
    if own.empty:
        return out
    b = own.sort_values("score", ascending=False).iloc[0]
    rank, n = int((c["score"] > b["score"]).sum()) + 1, int(len(c))
    pid, measures, why = _spec("key_city")
    d = "against" if rank <= n / 4 else "for" if rank > n / 2 else "mixed"
    out.add(own.loc[[b.name]], claim=pid, kind="key_city", direction=d, source="party-school-cities", period=year,
            construct=measures, comparable=True, reason=why, exhibit=exhibit, confidence=str(b["confidence"]),
            detail={"city_zh": b["city_zh"], "city_en": b["city_en"], "score": float(b["score"]), "rank": rank,
                    "n": n, "rank_printed": int(b["rank"])})
    return out
