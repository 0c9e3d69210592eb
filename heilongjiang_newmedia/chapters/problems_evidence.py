"""Chapter 4: observations for and against each problem, from the loaded data (rules per evidence kind).

``inspection_items``  items of section 二 of the provincial notices in the named categories *and object*; each
    notice with an item is one supporting source. No item is *no data*, never "no problem" (only the first problem
    item of each notice is covered).
``pass_rate``  one observation per quarter for the object (:func:`problems_core.pass_rate_comparison`): below every
    comparator = support, above every one = counter; quarters with fewer than two comparators do not count.
``consolidation``  2019 website decline (CNNIC) against the median province: below = support, above = counter.
``running_sites``  running government websites in the province's own notices, first and last date: a fall =
    counter (consolidation progressed), a rise = support.
``full_check``  the latest full-coverage pass rate of the object against the national rate under the 2019 criteria
    (the only national figure on the same criteria): at or above = counter, below = support.
``key_city``  the province's best key city (2019, competition rank among the key cities): in the top quarter =
    counter, in the bottom half = support.
``named_accounts``  the province's accounts in first place on a national list (confidence medium or high) = counter.
``indicator``  framework indicators: behind the benchmark mean on at least half = support, on none = counter;
    every indicator is its own source.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from heilongjiang_newmedia.chapters.problems_core import (_refs, cite_rows, consolidation_position, counted,
                                                          doubted_website_row, indicator_gaps, indicators_for_ref,
                                                          inspection_items, pass_rate_comparison, problem_table,
                                                          provincial_pass_rates, rate_problems)
from heilongjiang_newmedia.loading.regions import resolve_province

__all__ = ["EvidenceInputs", "running_sites", "full_check_position", "key_city_position", "named_first_places",
           "assess_evidence", "ProvinceEvidence", "evidence_for_province"]


@dataclass
class EvidenceInputs:
    """Everything :func:`assess_evidence` needs, already loaded/computed for one province."""

    items: pd.DataFrame                      # inspection_items(...)
    pass_rates: pd.DataFrame                 # pass_rate_comparison(...)
    consolidation: Mapping[str, Any]         # consolidation_position(...)
    indicator_gaps: pd.DataFrame             # indicator_gaps(...)
    framework: pd.DataFrame | None = None    # indicator ↔ dimension table
    running: Mapping[str, Any] | None = None     # running_sites(...)
    full_check: Mapping[str, Any] | None = None  # full_check_position(...)
    key_city: Mapping[str, Any] | None = None    # key_city_position(...)
    named: pd.DataFrame = field(default_factory=pd.DataFrame)  # named_first_places(...)


# ----------------------------------------------------------------------------------------------- extra facts
def running_sites(accounts: pd.DataFrame, province: Any) -> dict[str, Any] | None:
    """Running government websites in the province's own inspection notices (``hlj_annual_accounts``, platform
    ``government_website``, CNNIC rows left out): first and last date and count, ``change_pct`` (%, negative =
    fewer). ``None`` for other provinces or with fewer than two dates."""
    if resolve_province(province).zh != "黑龙江":
        return None
    a = accounts[(accounts["platform"] == "government_website") & ~accounts["basis"].astype(str).str.contains("CNNIC")]
    a = a.sort_values("reference_date", kind="stable")
    if a["reference_date"].nunique() < 2:
        return None
    f, l = a.iloc[0], a.iloc[-1]
    return {"first_date": str(f["reference_date"]), "first": float(f["count"]), "last_date": str(l["reference_date"]),
            "last": float(l["count"]), "change_pct": (float(l["count"]) / float(f["count"]) - 1) * 100, "rows": a}


def full_check_position(rates: pd.DataFrame, national: pd.DataFrame, province: Any,
                        obj: str = "new_media") -> dict[str, Any] | None:
    """The province's latest full-coverage pass rate for ``obj`` against the national pass rate for the same object
    under the April 2019 criteria (the latest such national figure). ``None`` without a full-coverage figure."""
    p = resolve_province(province)
    own = rates[(rates["region_zh"] == p.zh) & (rates["object"] == obj) & (rates["check"] == "full")]
    nat = national[(national["region"] == "national") & (national["object"] == obj)
                   & (national["measure"] == "pass_rate") & (pd.to_numeric(national["year"], errors="coerce") >= 2019)]
    if own.empty or nat.empty:
        return None
    o = own.sort_values(["year", "quarter"]).iloc[-1]
    n = nat.assign(_y=pd.to_numeric(nat["year"])).sort_values("_y").iloc[-1]
    return {"year": int(o["year"]), "quarter": o["quarter"], "value": float(o["pass_rate"]),
            "national_year": int(n["_y"]), "national": float(n["value_numeric"]),
            "rows": pd.concat([own.tail(1), nat.tail(1)], ignore_index=True)}


def key_city_position(cities: pd.DataFrame, province: Any, year: str = "2019") -> dict[str, Any] | None:
    """The province's best key city in the ``year`` key-city table: ``city``, ``score``, ``rank`` (competition
    rank by score among the cities with a score: 1 + number scoring higher), ``rank_printed``, ``n`` and the city's
    latest printed grade after ``year`` (``latest_grade``, ``latest_grade_year``; ``None`` when none)."""
    p = resolve_province(province)
    c = cities[(cities["eval_year"].astype(str) == year) & cities["score"].notna()]
    own = c[c["province_zh"] == p.zh]
    if own.empty:
        return None
    b = own.sort_values("score", ascending=False).iloc[0]
    later = cities[(cities["city_zh"] == b["city_zh"]) & cities["grade"].notna()
                   & (pd.to_numeric(cities["eval_year"], errors="coerce") > int(year))]
    later = later.assign(_y=pd.to_numeric(later["eval_year"])).sort_values("_y")
    return {"city_zh": b["city_zh"], "city_en": b["city_en"], "score": float(b["score"]),
            "rank": int((c["score"] > b["score"]).sum()) + 1, "rank_printed": int(b["rank"]), "n": int(len(c)),
            "latest_grade": str(later["grade"].iloc[-1]) if len(later) else None,
            "latest_grade_year": int(later["_y"].iloc[-1]) if len(later) else None, "rows": c}


def named_first_places(top: pd.DataFrame, province: Any) -> pd.DataFrame:
    """The province's accounts ranked first on a national list (``top_accounts_heilongjiang``; confidence medium
    or high): ``year``, ``period``, ``account_zh``, ``list_name``, ``rank_note``, citation columns."""
    p = resolve_province(province)
    r = pd.to_numeric(top["rank"], errors="coerce")
    t = top[(top["province_zh"] == p.zh) & (r == 1) & top["list_scope"].astype(str).str.startswith("national")
            & (top["confidence"] != "low")]
    return t.reset_index(drop=True)


# ----------------------------------------------------------------------------------------------- assessment
def _obs(direction: str | None, sources: Iterable[str], key: float, nobs: int, **detail: Any) -> dict[str, Any]:
    src = sorted(set(sources))
    return {"direction": direction or "no_data", "sources": src, "key_value": key, "n_observations": nobs,
            "detail": detail}


def _assess_row(kind: str, ref: str, obj: str, inp: EvidenceInputs) -> dict[str, Any]:
    if kind == "inspection_items":
        it = inp.items
        m = it[it["category"].isin(_refs(ref)) & (it["object"] == obj)] if len(it) else it
        notices = [f"{int(y)}{q}" for y, q in zip(m["year"], m["quarter"])] if len(m) else []
        return _obs("support" if len(m) else None, [f"notice:{n}" for n in notices], float(len(m)), int(len(m)),
                    notices=sorted(set(notices)), n_units=int(m["unit_zh"].nunique()) if len(m) else 0)
    if kind == "pass_rate":
        pr = inp.pass_rates
        m = pr[pr["object"].isin(_refs(ref)) & (pr["direction"] != "too_few")] if len(pr) else pr
        sup = m[m["direction"] == "support"] if len(m) else m
        con = m[m["direction"] == "counter"] if len(m) else m
        d = "support" if len(sup) and not len(con) else "counter" if len(con) and not len(sup) else \
            "mixed" if len(m) else None
        out = _obs(d, [], float(len(sup)), int(len(m)), quarters=m.to_dict("records") if len(m) else [])
        out["support_sources"] = [f"notice:{y}{q}" for y, q in zip(sup["year"], sup["quarter"])] if len(sup) else []
        out["counter_sources"] = [f"notice:{y}{q}" for y, q in zip(con["year"], con["quarter"])] if len(con) else []
        return out
    if kind == "consolidation":
        c = inp.consolidation
        g = float(c["gap_pp"])
        if not np.isfinite(g):
            return _obs(None, [], np.nan, 0)
        return _obs("support" if g > 0 else "counter", ["cnnic:2019"], g, 1, value=c["value"], median=c["median"],
                    rank=c["rank"], n=c["n"], doubted=c.get("doubted", False))
    if kind == "running_sites":
        r = inp.running
        if not r:
            return _obs(None, [], np.nan, 0)
        return _obs("counter" if r["change_pct"] < 0 else "support", [f"notices:{r['first_date']}-{r['last_date']}"],
                    r["change_pct"], 2, **{k: v for k, v in r.items() if k != "rows"})
    if kind == "full_check":
        f = inp.full_check
        if not f:
            return _obs(None, [], np.nan, 0)
        return _obs("counter" if f["value"] >= f["national"] else "support", [f"notice:{f['year']}{f['quarter']}"],
                    f["value"] - f["national"], 1, **{k: v for k, v in f.items() if k != "rows"})
    if kind == "key_city":
        k = inp.key_city
        if not k:
            return _obs(None, [], np.nan, 0)
        d = "counter" if k["rank"] <= k["n"] / 4 else "support" if k["rank"] > k["n"] / 2 else "mixed"
        return _obs(d, ["party_school:cities2019"], float(k["rank"]), 1, **{x: v for x, v in k.items() if x != "rows"})
    if kind == "named_accounts":
        n = inp.named
        if n is None or n.empty:
            return _obs(None, [], np.nan, 0)
        return _obs("counter", [f"list:{u}" for u in n["source_url"]], float(len(n)), int(len(n)),
                    lists=n["list_name"].tolist(), accounts=n["account_zh"].tolist(),
                    periods=n["year"].astype(str).tolist())
    if kind == "indicator":
        inds = indicators_for_ref(ref, inp.framework)
        g = inp.indicator_gaps
        g = g[g["indicator"].isin(inds) & g["has_data"]]
        if g.empty:
            return _obs(None, [], np.nan, 0)
        nb = int(g["behind"].sum())
        d = "support" if nb * 2 >= len(g) else "counter" if nb == 0 else "mixed"
        src = g.loc[g["behind"], "indicator"] if d == "support" else g["indicator"]
        return _obs(d, [f"indicator:{x}" for x in src], nb / len(g) * 100, int(len(g)),
                    behind=g.loc[g["behind"], "indicator"].tolist(), indicators=g["indicator"].tolist(),
                    gaps=dict(zip(g["indicator"], g["gap"])))
    raise ValueError(f"unknown evidence kind {kind!r}")  # pragma: no cover - problem_table() validates kinds


def assess_evidence(table: pd.DataFrame, inputs: EvidenceInputs) -> pd.DataFrame:
    """Observations for every row of the problem table for one province (rules in the module docstring).

    Columns: ``problem_id``, ``evidence_id``, ``evidence_kind``, ``object``, ``counted`` (the row counts for its
    problem), ``has_data``, ``direction`` (support / counter / mixed / no_data), ``shows_gap`` (= support),
    ``n_observations``, ``key_value`` (items; supporting quarters; consolidation gap in pp; change of running sites
    in %; full-check rate − national rate in pp; key-city rank; first places; share of indicators behind in %),
    ``support_sources`` / ``counter_sources`` (``"; "``-joined source keys) and ``detail`` (dict of the facts).
    """
    rows = []
    for _, r in table.iterrows():
        obj = r.get("object", "both") or "both"
        o = _assess_row(r["evidence_kind"], r["evidence_ref"], obj, inputs)
        sup = o.get("support_sources", o["sources"] if o["direction"] == "support" else [])
        con = o.get("counter_sources", o["sources"] if o["direction"] == "counter" else [])
        rows.append({"problem_id": r["problem_id"], "evidence_id": r["evidence_id"], "evidence_kind": r["evidence_kind"],
                     "object": obj, "counted": counted({"problem_object": r.get("problem_object", "both"),
                                                        "object": obj}),
                     "has_data": o["direction"] != "no_data", "direction": o["direction"],
                     "shows_gap": o["direction"] == "support", "n_observations": o["n_observations"],
                     "key_value": o["key_value"], "support_sources": "; ".join(sorted(set(sup))),
                     "counter_sources": "; ".join(sorted(set(con))), "detail": o["detail"]})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------- one-call assembly
@dataclass
class ProvinceEvidence:
    """All chapter-4 evidence for one province (see :func:`evidence_for_province`)."""

    inputs: EvidenceInputs
    evidence: pd.DataFrame        # assess_evidence(...)
    ratings: pd.DataFrame         # rate_problems(...)
    pass_rate_rows: pd.DataFrame  # provincial pass-rate rows used (province + comparators), with citations
    sources: pd.DataFrame         # citation columns of every data row the evidence rests on


def evidence_for_province(province: Any, benchmarks: Iterable[Any], matrix: pd.DataFrame,
                          framework: pd.DataFrame | None, directions: Mapping[str, str] | None = None,
                          framework_rows: pd.DataFrame | None = None, data_dir: Any = None,
                          table: pd.DataFrame | None = None) -> ProvinceEvidence:
    """Load the inspection, website, ranking and city data, compute every observation for ``province`` and rate
    the problems. ``matrix``/``framework``/``directions``: the framework's indicator matrix (index = province zh),
    its indicator → dimension table and directions; ``framework_rows``: the data rows behind the matrix."""
    from heilongjiang_newmedia.loading.datasets import load

    p = resolve_province(province)
    t = problem_table() if table is None else table
    items = inspection_items(load("hlj_problems", data_dir=data_dir), p.zh)
    rates = provincial_pass_rates(load("hlj_quarterly", data_dir=data_dir),
                                  load("comparator_provinces", data_dir=data_dir))
    pc = pass_rate_comparison(rates, p.zh)
    national = load("national_quarterly", data_dir=data_dir)
    cons = consolidation_position(load("province_gov_websites", data_dir=data_dir), p.zh,
                                  doubted=doubted_website_row(national, p.zh))
    ig = indicator_gaps(matrix, p.zh, benchmarks, directions)
    run = running_sites(load("hlj_annual_accounts", data_dir=data_dir), p.zh)
    fc = full_check_position(rates, national, p.zh)
    kc = key_city_position(load("online_service_capability_cities", data_dir=data_dir), p.zh)
    named = named_first_places(load("top_accounts_heilongjiang", data_dir=data_dir), p.zh)
    inputs = EvidenceInputs(items, pc, cons, ig, framework, run, fc, kc, named)
    ev = assess_evidence(t, inputs)
    extra = [x["rows"] for x in (run, fc) if x] + ([kc["rows"][kc["rows"]["province_zh"] == p.zh]] if kc else [])
    return ProvinceEvidence(inputs, ev, rate_problems(ev), pc.attrs["rows"],
                            cite_rows(items, pc.attrs["rows"], cons["rows"], framework_rows, named, *extra))
