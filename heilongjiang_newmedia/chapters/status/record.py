"""Chapter 3's findings (namespace ``status``), each naming the exhibits it rests on, and the items of its
"in numbers" table. The contract keys (docs/chapters.md): ``capability.rank`` / ``.score`` / ``.gap_to_benchmarks``,
``accounts.latest``, ``inspections.n_notices``, ``named.first_place_observations``."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from heilongjiang_newmedia.findings import ExhibitRef, Findings

from heilongjiang_newmedia.chapters.status.analysis import STEM, StatusResult

__all__ = ["FINDING_PARTS", "findings", "numbers_items", "legacy_results"]

FINDING_PARTS = ("inspections", "items", "named", "websites", "capability", "key_city", "population")


def _refs(made: set[str], *ids: str) -> list[ExhibitRef]:
    return [ExhibitRef(STEM, i) for i in ids if i in made]


def findings(res: StatusResult, part: str, exhibits: Iterable[Mapping[str, Any]]) -> Findings:
    """The findings of one part (:data:`FINDING_PARTS`); ``exhibits`` = the chapter's exhibits made so far (a finding
    names only exhibits that exist: a province without notices has no notice table)."""
    if part not in FINDING_PARTS:
        raise ValueError(f"part must be one of {', '.join(FINDING_PARTS)}, not {part!r}")
    made = {x["id"] for x in exhibits}
    rec = Findings(STEM, "status", res.context.to_json())
    if part == "inspections":
        rec.put("inspections.n_notices", "count", len(res.notices), unit="notices",
                exhibits=_refs(made, "inspections-province"))
        a = res.accounts_latest or {}
        rec.put("accounts.latest", "count", a.get("value"), unit="accounts",
                exhibits=_refs(made, "inspections-province"), low_confidence=a.get("confidence") == "low",
                year=a.get("year"), quarter=a.get("quarter"), period=a.get("period"))
        for obj in ("website", "new_media"):
            r = res.pass_rates.get(obj)
            rec.put(f"pass_rate.{obj}", "share", None if r is None else r["value"],
                    exhibits=_refs(made, "inspections-province"),
                    **({} if r is None else {"year": r["year"], "quarter": r["quarter"], "check": r["check"]}))
    elif part == "items":
        own = res.coded[res.coded["scope"] == "provincial"]
        problems = own[own["row_type"] == "problem_item"]
        refs = _refs(made, "notice-items", "notice-items-list")
        rec.put("notices.n_items", "count", len(own), unit="items", exhibits=refs)
        rec.put("notices.n_problem_items", "count", len(problems), unit="items", exhibits=refs)
        rec.put("notices.n_new_media_problem_items", "count", int((problems["object"] == "new_media").sum()),
                unit="items", exhibits=refs)
    elif part == "named":
        rec.put("named.first_place_observations", "count", len(res.observations), unit="observations",
                exhibits=_refs(made, "named-accounts"))
    elif part == "websites" and res.websites_pos is not None:
        low = res.website_doubted
        w, m, d = res.websites_pos, res.per_million_pos, res.decline_pos
        rec.put("websites.count", "count", w["value"], unit="websites", exhibits=_refs(made, "websites-2019"),
                low_confidence=low, rank=int(w["rank_min"]), of=int(w["n"]))
        rec.put("websites.per_million", "value", round(m["value"], 6), unit="websites per million residents",
                exhibits=_refs(made, "websites-per-million"), low_confidence=low, mean=m["mean"])
        rec.put("websites.per_million_rank", "rank", int(m["rank_min"]), exhibits=_refs(made, "websites-per-million"),
                low_confidence=low, of=int(m["n"]), order="most first")
        rec.put("websites.decline", "share", d["value"], exhibits=_refs(made, "websites-2019"), low_confidence=low,
                median=d["median"])
    elif part == "capability" and res.capability_pos is not None:
        cp, refs = res.capability_pos, _refs(made, "capability-2019-chart", "capability-position")
        rec.put("capability.score", "value", cp["value"], unit="index points", exhibits=refs, grade=cp["grade"])
        rec.put("capability.rank", "rank", cp["rank"], exhibits=refs, of=int(cp["n"]), n_higher=cp["n_higher"],
                rank_printed=cp["rank_printed"], n_printed=cp["n_printed"])
        for k in ("gap_to_leader", "gap_to_mean", "gap_to_benchmarks"):
            if k in cp:
                rec.put(f"capability.{k}", "value", round(cp[k], 6), unit="index points", exhibits=refs,
                        **({"benchmark_mean": cp["benchmark_mean"]} if k == "gap_to_benchmarks" else
                           {"mean": cp["mean"]} if k == "gap_to_mean" else {"leader": cp["leader"]}))
    elif part == "key_city" and len(res.province_cities):
        b = res.province_cities.sort_values("score", ascending=False).iloc[0]
        rec.put("key_city.best", "value", float(b["score"]), unit="index points", exhibits=_refs(made, "key-cities-2019"),
                city=b["city_zh"], city_en=b["city_en"], rank=int(b["rank_score"]), of=int(res.key_city_mix["n"]),
                rank_printed=int(b["rank"]))
    elif part == "population" and res.population_pos is not None:
        pp = res.population_pos
        rec.put("population.rank", "rank", int(pp["rank_min"]), of=int(pp["n"]), persons=pp["value"])
    return rec


def numbers_items(res: StatusResult, exhibits: Iterable[Mapping[str, Any]]) -> list[dict[str, str]]:
    """Rows of the "in numbers" table: ``key`` (passage ``numbers.<key>`` gives the cell) and the ``exhibit`` that
    shows the figure; rows whose finding has no value are left out. New media first."""
    made = {x["id"] for x in exhibits}
    rows = []

    def add(key: str, exhibit: str, present: bool = True) -> None:
        if present:
            rows.append({"key": key, "exhibit": exhibit if exhibit in made else ""})

    add("accounts_latest", "accounts" if "accounts" in made else "inspections-province", res.accounts_latest is not None)
    add("pass_website", "inspections-province", "website" in res.pass_rates)
    add("pass_new_media", "inspections-province", "new_media" in res.pass_rates)
    add("n_notices", "notice-items")
    add("first_places", "named-accounts", len(res.named) > 0)
    add("websites", "websites-2019", res.websites_pos is not None)
    add("per_million", "websites-per-million", res.per_million_pos is not None)
    add("capability_score", "capability-2019-chart", res.capability_pos is not None)
    add("capability_rank", "capability-position", res.capability_pos is not None)
    add("key_city", "key-cities-2019", len(res.province_cities) > 0)
    add("population", "", res.population_pos is not None)
    return rows


def legacy_results(res: StatusResult) -> list[dict[str, Any]]:
    """``results/03_status.json`` entries chapter 7 still reads (values and codes only; the findings record is the
    source): the old keys with the extras chapter 7 uses."""
    out: list[dict[str, Any]] = []
    cp = res.capability_pos
    if cp is not None:
        out += [dict(key="capability_score_2019", value=cp["value"], exhibit="capability-2019-chart", grade=cp["grade"]),
                dict(key="capability_rank_2019", value=cp["rank"], exhibit="capability-position", n=31,
                     n_higher=cp["n_higher"], rank_printed=cp["rank_printed"], n_printed=cp["n_printed"],
                     rank_dense=cp["rank_dense"], convention="competition"),
                dict(key="capability_gap_to_leader", value=cp["gap_to_leader"], exhibit="capability-position",
                     leader=cp["leader"]),
                dict(key="capability_gap_to_mean", value=cp["gap_to_mean"], exhibit="capability-position", mean=cp["mean"])]
        if "gap_to_benchmarks" in cp:
            out.append(dict(key="capability_gap_to_benchmarks", value=cp["gap_to_benchmarks"],
                            exhibit="capability-position", benchmark_mean=cp["benchmark_mean"]))
    for obj, r in res.pass_rates.items():
        out.append(dict(key=f"pass_rate_{obj}_latest", value=r["value"], exhibit="inspections-province", year=r["year"],
                        quarter=r["quarter"], check_type=r["check"]))
    if res.accounts_latest is not None:
        a = res.accounts_latest
        out.append(dict(key="new_media_accounts", value=a["value"], exhibit="accounts" if res.accounts is not None
                        else "inspections-province", date=a["period"]))
    if len(res.named):
        out.append(dict(key="named_first_places", value=len(res.observations), exhibit="named-accounts",
                        accounts=sorted(set(res.named.loc[(res.named["scope"] == "national") & (res.named["rank"] == 1),
                                                          "account"])),
                        years=sorted({int(str(m)[:4]) for m in res.observations["month"]})))
    if res.websites_pos is not None:
        w, d, m = res.websites_pos, res.decline_pos, res.per_million_pos
        out += [dict(key="websites_2019", value=w["value"], exhibit="websites-2019", rank=w["rank_min"], n=w["n"],
                     doubted=res.website_doubted, decline_pct=d["value"]),
                dict(key="websites_decline_2019", value=d["value"], exhibit="websites-2019", median=d["median"],
                     rank=d["rank_min"], doubted=res.website_doubted),
                dict(key="websites_per_million_2019", value=m["value"], exhibit="websites-per-million",
                     rank=m["rank_min"], mean=m["mean"], doubted=res.website_doubted)]
    if len(res.province_cities):
        b = res.province_cities.sort_values("score", ascending=False).iloc[0]
        out.append(dict(key="key_city_best_2019", value=float(b["score"]), exhibit="key-cities-2019", city=b["city_zh"],
                        city_en=b["city_en"], rank=int(b["rank_score"]), rank_printed=int(b["rank"]),
                        n=res.key_city_mix["n"], convention="competition"))
    if res.population_pos is not None:
        out.append(dict(key="population_2020", value=res.population_pos["value"], rank=res.population_pos["rank_min"]))
    return out
