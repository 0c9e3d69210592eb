"""Values the chapter 3 passages print (names in the chapter language, numbers raw for the text filters).

Nothing here is a sentence: each function returns numbers, codes, names and labels that the passages of
``text/<lang>.md`` arrange. Findings are printed from the record (``status.*``); these are the facts around them.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.regions import provinces
from heilongjiang_newmedia.text import wording as W

from heilongjiang_newmedia.chapters.status.analysis import StatusResult, labels
from heilongjiang_newmedia.chapters.status.display import zh_punct
from heilongjiang_newmedia.chapters.status.notices import category_codes

__all__ = ["numbers_values", "province_names", "notice_values", "named_values", "website_values", "capability_values",
           "national_values", "city_values", "other_values", "inventory_values"]


def province_names(lang: str) -> dict[str, str]:
    """Short Chinese province name -> its name in ``lang``."""
    p = provinces()
    return dict(zip(p["zh"], p["zh" if lang == "zh" else "en"]))


def _check(code: str, lang: str) -> str:
    return labels()["checks"].get(code or "", labels()["checks"][""])[lang]


def notice_values(res: StatusResult, lang: str) -> dict[str, Any]:
    """``periods`` (the province's notices), ``comparisons`` of consecutive notices per object (``same_check``,
    ``crosses_2019``: the April 2019 change of criteria lies between them), ``sample_to_full`` (the new-media check
    went from a sample to full coverage), ``categories`` [(label, n)] of the problem items, ``website_counts``
    (Heilongjiang: running websites by date), ``split`` (a platform or level split is printed)."""
    s = res.summary
    comps = []
    for obj, g in s.groupby("object", sort=False):
        g = g.reset_index(drop=True)
        for i in range(1, len(g)):
            a, b = g.iloc[i - 1], g.iloc[i]
            comps.append({"object": labels()["objects"][obj][lang], "object_code": obj, "a": a["period"],
                          "b": b["period"], "rate_a": a["pass_rate"], "rate_b": b["pass_rate"],
                          "diff": b["pass_rate"] - a["pass_rate"], "check_a": _check(a["check"], lang),
                          "check_b": _check(b["check"], lang), "code_a": a["check"], "code_b": b["check"], "same_check": bool(a["check"] and a["check"] == b["check"]),
                          "crosses_2019": int(a["year"]) < 2019 <= int(b["year"])})
    own = res.coded[(res.coded["scope"] == "provincial") & (res.coded["row_type"] == "problem_item")]
    counts = pd.Series([k for ks in own["categories"] for k in ks], dtype=object).value_counts()
    names = category_codes().set_index("code")[f"label_{lang}"]
    cats = [{"label": names[k], "n": int(counts[k])} for k in category_codes()["code"] if k in counts.index]
    nm = [c for c in comps if c["object_code"] == "new_media"]
    out = {"periods": list(res.notices["period"]), "comparisons": comps, "categories": cats,
           "sample_to_full": any(c["check_a"] == _check("sample", lang) and c["check_b"] == _check("full", lang)
                                 for c in nm),
           "split": len(res.split) > 0, "objects_problem": sorted(set(own["object"]))}
    if res.accounts is not None:
        a = res.accounts
        run = a[a["basis_key"].isin(["running_registered", "notice_website"])]
        out["website_counts"] = [{"date": d, "value": float(v)} for d, v in zip(run["reference_date"], run["count"])]
        reg = a.loc[a["basis_key"] == "registered", "count"]
        out["registered"] = float(reg.iloc[0]) if len(reg) else None
        out["offline"] = res.offline
    return out


def named_values(res: StatusResult, lang: str) -> dict[str, Any]:
    """``observations``: per independent first place, its ``month``, ``series`` (list name in ``lang``) and the
    accounts with their sub-lists; ``provincial_firsts`` (accounts first on provincial lists, with the year)."""
    lists_en, subs_en = labels()["lists_en"], labels()["sublists_en"]
    firsts = res.named[(res.named["scope"] == "national") & (res.named["rank"] == 1)]
    obs = []
    for o in res.observations.itertuples(index=False):
        g = firsts[(firsts["series"] == o.series) & (firsts["month"] == o.month)]
        accounts = []
        for a, ga in g.groupby("account", sort=False):
            subs = [zh_punct(s.replace(" ", "")) if lang == "zh" else subs_en.get(s, s) for s in ga["sublist"]]
            accounts.append({"name": W.name(a, lang, chinese=False), "sublists": subs,
                             "sublists_text": W.listing(subs, "zh") if lang == "zh" else "; ".join(subs)})
        obs.append({"month": o.month, "series": o.series if lang == "zh" else lists_en.get(o.series, o.series),
                    "accounts": accounts})
    prov = res.named[(res.named["scope"] == "provincial") & (res.named["rank"] == 1)]
    return {"observations": obs,
            "provincial_firsts": [W.name(a, lang, chinese=False) for a in dict.fromkeys(prov["account"])],
            "provincial_year": str(prov["month"].min())[:4] if len(prov) else ""}


def website_values(res: StatusResult, lang: str) -> dict[str, Any]:
    """The 2019 website count, decline and density of the province with ranks, medians and means."""
    w, d, m = res.websites_pos, res.decline_pos, res.per_million_pos
    return {"count": w["value"], "count_rank": int(w["rank_min"]), "decline": d["value"],
            "decline_rank": int(d["rank_min"]), "decline_median": d["median"], "per_million": m["value"],
            "per_million_rank": int(m["rank_min"]), "per_million_mean": m["mean"], "doubted": res.website_doubted}


def capability_values(res: StatusResult, lang: str) -> dict[str, Any]:
    """The 2019 capability position (score, grade, ranks, gaps; see :func:`data.capability_position`), the leaders'
    names, and ``inversions``: pairs the printed table ranks against their scores (a transcription oddity)."""
    cp = dict(res.capability_pos)
    names = province_names(lang)
    cp["leaders"] = [names.get(x, x) for x in str(cp["leader"]).split("; ")]
    cp["leaders_text"] = ("、" if lang == "zh" else ", ").join(cp["leaders"])
    cp["grade_label"] = labels()["grades"].get(str(cp["grade"]), {}).get(lang, str(cp["grade"]))
    cap = res.capability.sort_values("rank_printed", kind="stable")
    inv = []
    rows = list(cap.itertuples())
    for a, b in zip(rows, rows[1:]):
        if b.score > a.score and b.rank_printed > a.rank_printed:
            inv.append({"above": names.get(a.Index, a.Index), "above_score": a.score,
                        "below": names.get(b.Index, b.Index), "below_score": b.score})
    cp["inversions"] = inv
    cp["other_years"] = res.capability_other_years
    return cp


def national_values(res: StatusResult) -> dict[str, Any]:
    """National pass rates before and after the 2019 criteria: ranges [%], the year of the post-2019 check, and
    ``own_full``: the province's latest own check was full coverage (so it cannot be set against the national
    sample)."""
    n = res.national
    own_full = any(r["check"] == "full" for r in res.pass_rates.values())
    pre, post = n[n["regime"] == "pre-2019"]["value"], n[n["regime"] == "post-2019"]["value"]
    return {"pre_min": pre.min() if len(pre) else None, "pre_max": pre.max() if len(pre) else None,
            "post_min": post.min() if len(post) else None, "post_max": post.max() if len(post) else None,
            "post_year": int(n.loc[n["regime"] == "post-2019", "year"].max()) if len(post) else None,
            "has_both": bool(len(pre) and len(post)), "own_full": own_full}


def city_values(res: StatusResult, lang: str) -> dict[str, Any]:
    """The key-city table's make-up and the province's key cities with score, rank by score and printed rank."""
    mine = res.province_cities
    cp = res.capability_pos
    better = bool(len(mine) and cp is not None
                  and mine["rank_score"].min() / res.key_city_mix["n"] < cp["rank"] / cp["n"])
    return {"mix": res.key_city_mix, "city_better": better,
            "cities": [{"name": r.city_zh if lang == "zh" else r.city_en, "score": r.score, "rank": int(r.rank_score),
                        "printed": int(r.rank)} for r in mine.itertuples()]}


def other_values(res: StatusResult, lang: str) -> dict[str, Any]:
    """Counts of the other-ranking records and their explicit first places (index, year, item, tied or not)."""
    from heilongjiang_newmedia.chapters.status.display_base import _index_name, metric_label

    o = res.other
    firsts = o[pd.to_numeric(o["rank"], errors="coerce") == 1]
    return {"n": len(o), "n_indices": int(o["index_name"].nunique()), "n_ranked": int(o["rank"].notna().sum()),
            "firsts": [{"index": _index_name(r.index_name, lang), "year": str(r.eval_year)[:4],
                        "item": metric_label(r.metric, lang), "tied": "tied" in str(r.rank_note)}
                       for r in firsts.itertuples()]}


def inventory_values(res: StatusResult) -> dict[str, Any]:
    """Whether division populations are bundled for the province (Heilongjiang only)."""
    return {"has_divisions": res.is_heilongjiang}


def numbers_values(res: StatusResult, lang: str) -> dict[str, Any]:
    """Fields the ``numbers.*``, ``accounts.text``, ``summary`` and ``context.population`` passages print beside the
    findings: ``latest`` (the latest accounts figure's period), ``pass`` (period and check type of each latest pass
    rate), ``websites`` (:func:`website_values`), ``grade_label``, ``best_city``, ``persons``."""
    cp = res.capability_pos
    best = res.province_cities.sort_values("score", ascending=False).head(1)
    return {"latest": res.accounts_latest or {},
            "pass": {o: {"period": r["period"], "check": _check(r["check"], lang)} for o, r in res.pass_rates.items()},
            "websites": website_values(res, lang) if res.websites_pos is not None else {},
            "grade_label": labels()["grades"].get(str(cp["grade"]), {}).get(lang, str(cp["grade"])) if cp else "",
            "best_city": (best["city_zh" if lang == "zh" else "city_en"].iloc[0] if len(best) else ""),
            "persons": res.population_pos["value"] if res.population_pos else None}
