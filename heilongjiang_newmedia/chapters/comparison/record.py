"""Chapter 5's findings (declared in ``findings.yaml``) and the values its passages print."""
from __future__ import annotations

from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.comparison.display import labels, place_name
from heilongjiang_newmedia.chapters.comparison.international import ITU_DEFINITION_CHANGE_YEAR
from heilongjiang_newmedia.chapters.comparison.practices import by_countermeasure, region_key
from heilongjiang_newmedia.findings import Finding
from heilongjiang_newmedia.text import chapter_text
from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.text.statements import declared_findings

__all__ = ["findings", "text_values", "shown_rows", "declared", "SECTIONS"]


def _is_country(region: str) -> bool:
    return len(region) == 3 and region.isascii() and region.isupper()


def shown_rows(res: Any, countries: bool) -> pd.DataFrame:
    """The practice rows shown for the provinces (``countries=False``) or the countries."""
    return res.shown[[_is_country(r) == countries for r in res.shown["region"]]]


def declared() -> dict[str, dict[str, Any]]:
    """Chapter 5's ``findings.yaml``."""
    return declared_findings("comparison")

SECTIONS = ("indicators", "composite", "egdi", "components", "practices", "aspects")


def _f(key: str, kind: str, value: Any, exhibits: tuple[str, ...], unit: str = "", **detail: Any) -> Finding:
    return Finding(key, kind, value, unit=unit, exhibits=exhibits, detail=detail)


def findings(res: Any, section: str) -> list[Finding]:
    """The findings of one section of the chapter (:data:`SECTIONS`); exhibit ids are those the notebook makes."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}; sections: {', '.join(SECTIONS)}")
    out: list[Finding] = []
    if section == "indicators":
        ev = res.profile[res.profile["evaluation"] & (res.profile["n_benchmarks"] > 0)] if len(res.profile) else res.profile
        ex = ("profile-table",)
        out += [_f("indicators.n_compared", "count", len(ev), ex, unit="indicators"),
                _f("indicators.n_ahead", "count", int(ev["ahead"].fillna(False).astype(bool).sum()) if len(ev) else 0,
                   ex, unit="indicators")]
    elif section == "composite":
        me, ex = res.comp.of(res.province), ("composite",)
        reg = res.regions.set_index("region")
        out += [_f("composite.topsis_rank", "rank", me["rank"], ex, of=me["n"], closeness=me["closeness"],
                   min_rank=me["min_rank"], max_rank=me["max_rank"], pct=me["pct"]),
                _f("composite.weighted_rank", "rank", me["weighted_rank"], ex, of=me["n"], score=me["score"]),
                _f("composite.n_indicators", "count", me["n_indicators"], ex, unit="indicators"),
                _f("regions.rank", "rank", int(reg.at[res.region_of[res.province], "rank"]), ("regions",),
                   of=len(reg), region=res.region_of[res.province])]
    elif section == "egdi":
        cn = res.trend[res.trend["iso3"] == "CHN"].sort_values("survey_year") if len(res.trend) else res.trend
        if len(cn):
            f, l = cn.iloc[0], cn.iloc[-1]
            out += [_f("china.egdi_rank", "rank", int(l["rank"]), ("egdi-trend",), year=int(l["survey_year"]),
                       of=193, egdi=float(l["value"])),
                    _f("china.egdi_rank_first", "rank", int(f["rank"]), ("egdi-trend",), year=int(f["survey_year"]), of=193)]
    elif section == "components" and res.lead_lag is not None:
        out.append(_f("china.n_indices_above_mean", "count", int((res.lead_lag["status"] == "leads").sum()),
                      ("lead-lag",), unit="indices", of=len(res.lead_lag), year=res.year))
    elif section == "practices":
        s = res.shown
        keys = [region_key(r, res.names_en) for r in dict.fromkeys(s["region"])]
        ex = tuple(x for x, c in (("practices-domestic", False), ("practices-countries", True))
                   if (s["region"].str.fullmatch(r"[A-Z]{3}") == c).any())
        out.append(_f("practices.regions", "list", keys, ex))
        for region, g in s.groupby("region", sort=False):
            k = region_key(region, res.names_en)
            cms = sorted({c for x in g["countermeasures"] if x for c in x.split(";")})
            out += [_f(f"practices.{k}.n", "count", len(g), ex, unit="practice rows"),
                    _f(f"practices.{k}.ids", "list", g["row_id"].tolist(), ex),
                    _f(f"practices.{k}.region", "code", region, ex),
                    _f(f"practices.{k}.countermeasures", "list", cms, ex + ("bearing",))]
        for cm, d in sorted(by_countermeasure(s).items()):
            out += [_f(f"lessons.{cm}.regions", "list", [region_key(r, res.names_en) for r in d["regions"]], ("bearing",)),
                    _f(f"lessons.{cm}.ids", "list", d["ids"], ("bearing",))]
    elif section == "aspects":
        for r in res.ratings.itertuples(index=False):
            ex = ("aspects", "aspect-observations")
            out += [_f(f"aspects.{r.claim}.verdict", "verdict", r.verdict, ex),
                    _f(f"aspects.{r.claim}.n_for", "count", int(r.n_for), ex, unit="observations"),
                    _f(f"aspects.{r.claim}.n_against", "count", int(r.n_against), ex, unit="observations"),
                    _f(f"aspects.{r.claim}.n_excluded", "count", int(r.n_excluded), ex, unit="observations")]
    return out


def text_values(res: Any, lang: str) -> dict[str, Any]:
    """Values the passages print that are not findings: names, facts of practice rows by row id, indicator rows."""
    name = lambda r: place_name(r, lang, res.names_en)  # noqa: E731
    lab = dict(zip(res.framework["indicator_id"], res.framework["label_zh" if lang == "zh" else "label_en"]))
    ev = res.profile[res.profile["evaluation"]] if len(res.profile) else res.profile
    bg = res.profile[~res.profile["evaluation"]] if len(res.profile) else res.profile
    me = res.comp.of(res.province)
    regions = list(dict.fromkeys(res.shown["region"]))
    considered = res.benchmarks + [c for c in res.countries if c != "CHN"]
    cms = by_countermeasure(res.shown)
    out: dict[str, Any] = {
        "indicators": {r.indicator: {"label": lab[r.indicator], "rank": r.rank, "n": r.n, "ahead": bool(r.ahead)
                                     if not pd.isna(r.ahead) else None, "value": r.value, "mean": r.benchmark_mean,
                                     "gap": r.gap_to_benchmarks} for r in ev.itertuples(index=False)},
        "background": {r.indicator: {"label": lab[r.indicator], "value": r.value, "mean": r.benchmark_mean}
                       for r in bg.itertuples(index=False)},
        "decline_low": res.decline_low,
        "websites_low": res.websites_low,
        "top5": [name(p) for p in res.comp.ranking.index[:5]],
        "topsis": me,
        "flip": ({"rank": res.flipped.of(res.province)["rank"], "first": name(res.flipped.ranking.index[0])}
                 if res.flipped is not None else None),
        "excluded": [lab.get(i, i) for i in res.comp.excluded],
        "region_name": labels()["regions"][res.region_of[res.province]][lang],
        "un": {k: v[lang] for k, v in labels()["un_indices"].items()},
        "itu_change": ITU_DEFINITION_CHANGE_YEAR,
        "aspect_rows": [{"code": r.claim, "name": labels()["aspects"][r.claim][lang], "verdict": r.verdict}
                        for r in res.ratings.itertuples(index=False)],
        "my_region": res.region_of[res.province],
        "my_region_closeness": float(res.regions.set_index("region").at[res.region_of[res.province], "closeness"]),
        "countries": [W.country(c, lang) for c in res.countries],
        "missing_countries": [W.country(c, lang) for c in res.panel.attrs.get("missing_countries", [])],
        "shown": [{"key": region_key(r, res.names_en), "region": r, "name": name(r),
                   "groups": list(dict.fromkeys(g for g in res.shown.loc[res.shown["region"] == r, "group_name"] if g)),
                   "practices": list(dict.fromkeys(res.shown.loc[res.shown["region"] == r, "practice"]))}
                  for r in regions],
        "shown_codes": regions,
        "dropped": [name(r) for r in considered if r not in regions],
        "facts": {r.row_id: {"value": r.fact, "date": r.date, "name": r.practice}
                  for r in res.shown.itertuples(index=False)},
        "lesson_regions": {cm: [name(r) for r in d["regions"]] for cm, d in cms.items()},
    }
    if res.lead_lag is not None:
        ll = res.lead_lag
        out["ll"] = {"n": len(ll), "n_lead": int((ll["status"] == "leads").sum()), "year": res.year,
                     "top": {"indicator": ll.iloc[0]["indicator"], "diff": float(ll.iloc[0]["diff"])},
                     "bottom": {"indicator": ll.iloc[-1]["indicator"], "diff": float(ll.iloc[-1]["diff"])}}
    passages = chapter_text("comparison", lang)
    first_country = next((i for i, r in enumerate(regions) if _is_country(r)), None)
    for i, r in enumerate(out["shown"]):
        r["passage"] = f"practice.{r['key']}" if f"practice.{r['key']}" in passages else "practice.generic"
        r["heading"] = ("h.practices-domestic" if i == 0 and not _is_country(r["region"])
                        else "h.practices-countries" if i == first_country else "")
    cn = res.trend[res.trend["iso3"] == "CHN"].sort_values("survey_year")
    out["egdi"] = ({"first_year": int(cn.iloc[0]["survey_year"]), "last_year": int(cn.iloc[-1]["survey_year"]),
                    "last_value": float(cn.iloc[-1]["value"])} if len(cn) else None)
    if "ll" not in out:
        out["ll"] = None
    hub = res.itu["itu"]
    old = hub[(hub["iso3"] == "CHN") & (hub["series"] == "before")]
    new = hub[(hub["iso3"] == "CHN") & (hub["series"] == "new_definition")]
    out["itu"] = ({"y0": int(old.iloc[0]["year"]), "v0": float(old.iloc[0]["value"]), "y1": int(old.iloc[-1]["year"]),
                   "v1": float(old.iloc[-1]["value"]), "y2": int(new.iloc[-1]["year"]), "v2": float(new.iloc[-1]["value"])}
                  if len(old) and len(new) else None)
    return out
