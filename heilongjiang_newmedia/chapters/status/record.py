"""Chapter 3's findings (namespace ``status``), each naming the exhibits it rests on, and the items of its
"in numbers" table. The contract keys (docs/chapters.md): ``capability.rank`` / ``.score`` / ``.gap_to_benchmarks``,
``accounts.latest``, ``inspections.n_notices``, ``named.first_place_observations``."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from heilongjiang_newmedia.findings import ExhibitRef, Findings

from heilongjiang_newmedia.chapters.status.analysis import STEM, StatusResult

__all__ = ["FINDING_PARTS", "findings", "numbers_items"]

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
                low_confidence=low, of=int(m["n"]), order="fewest first")
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
    add("n_notices", "inspections-province")  # the notices themselves (Table 3-1), not the coding of their items
    add("first_places", "named-accounts", len(res.named) > 0)
    add("websites", "websites-2019", res.websites_pos is not None)
    add("per_million", "websites-per-million", res.per_million_pos is not None)
    add("capability_score", "capability-2019-chart", res.capability_pos is not None)
    add("capability_rank", "capability-position", res.capability_pos is not None)
    add("key_city", "key-cities-2019", len(res.province_cities) > 0)
    add("population", "", res.population_pos is not None)
    return rows

