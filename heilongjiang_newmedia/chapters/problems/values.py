"""The values each passage of chapter 4's text prints (numbers, names, lists and phrases from ``cell.*`` / ``obs.*``
passages), arranged per section. No sentences here: the sentences are in ``text/zh.md`` and ``text/en.md``."""
from __future__ import annotations

import re

from typing import Any

from heilongjiang_newmedia.chapters.problems.analysis import ProblemsResult
from heilongjiang_newmedia.chapters.problems.catalogue import categories, label, reason
from heilongjiang_newmedia.chapters.problems.display import Renders, observation_text, period_cell, rate_cell, region
from heilongjiang_newmedia.chapters.problems.notices import fullwidth
from heilongjiang_newmedia.text.wording import unit

__all__ = ["names", "frame_values", "notice_values", "peer_values", "rate_values", "observation_values",
           "problem_values", "cause_values", "provision_quotes", "summary_values"]

_CUT = ("not in the stored copy", "text ends")   # how the data's notes say that a stored notice text breaks off


def _zh(text: Any, ch: Renders) -> str:
    """Chinese text from a stored page, its punctuation restored to fullwidth (in either book it is Chinese)."""
    return fullwidth(text)


def _bare(heading: str) -> str:
    """A notice's heading quoted inside an English sentence: without its number "（一）" and closing "。"."""
    return re.sub(r"^（[一二三四五六七八九十]+）", "", heading).rstrip("。；;")


def nested(quote: str) -> str:
    """A Chinese quotation to be set inside “…”: its own “…” become ‘…’."""
    return str(quote).replace("“", "‘").replace("”", "’")


def names(res: ProblemsResult, ch: Renders) -> dict[str, str]:
    """Problem id -> its name in the chapter language."""
    return dict(zip(res.problems["problem_id"], res.problems[f"problem_{ch.lang}"]))


def frame_values(res: ProblemsResult, ch: Renders) -> dict[str, Any]:
    """``pairs``: each problem with the cause the book pairs with it (names)."""
    t = res.problems
    return {"pairs": [{"problem": p, "cause": c} for p, c in zip(t[f"problem_{ch.lang}"], t[f"cause_{ch.lang}"])],
            "names": list(t[f"problem_{ch.lang}"])}


def notice_values(res: ProblemsResult, ch: Renders) -> dict[str, Any]:
    """The province's notices: ``notices`` (period, title, verbatim headings, items, units, whether the stored
    text is cut off), ``findings`` (the new-media statements readable: heading and quote), ``n_items`` (problem
    items), ``n_new_media_items``, ``n_notices``, ``n_cut`` (notices whose stored text is cut off)."""
    items = res.items
    notices = []
    for _, n in res.notices.iterrows():
        rows = items[items["notice"] == n["notice"]]
        cut = bool(rows["notes"].fillna("").str.contains("|".join(_CUT)).any())
        pi = rows[rows["row_type"] == "problem_item"]
        notices.append({"period": n["notice"], "period_text": period_cell(n["notice"], ch),
                        "issuer": _zh(rows["issuer"].iloc[0], ch),
                        "section": _zh(pi["section"].iloc[0], ch) if len(pi) else "",
                        "title": _zh(n["title"], ch), "headings": [nested(_zh(h, ch)) for h in n["headings"]],
                        "headings_bare": [_bare(nested(_zh(h, ch))) for h in n["headings"]],
                        "heading_en": res.headings_en.get(n["notice"], ""),
                        "n_items": int(n["n_problem_items"]), "n_units": int(n["n_units"]), "cut": cut})
    nm = items[items["row_type"] == "new_media_finding"] if len(items) else items
    findings = [{"period_text": period_cell(r["notice"], ch), "heading": _zh(str(r["heading_zh"]).rstrip("。."), ch),
                 "heading_is_title": str(r["heading_zh"]).startswith("("), "quote": _zh(r["quote"], ch),
                 "measure": str(r["measure"]), "count": r["count_numeric"],
                 "units": [unit(u, ch.lang, res.glossary) for u in str(r["unit_zh"]).split("、")]}
                for _, r in nm.iterrows()]
    pi = items[items["row_type"] == "problem_item"] if len(items) else items
    return {"notices": [n for n in notices if n["n_items"]],
            "all_notices": notices, "findings": findings, "n_items": int(len(pi)),
            "n_new_media_items": int((pi["object"] == "new_media").sum()) if len(pi) else 0,
            "n_notices": len([n for n in notices if n["n_items"]]),
            "n_cut": sum(n["cut"] for n in notices if n["n_items"])}


def peer_values(res: ProblemsResult, ch: Renders) -> dict[str, Any]:
    """``peers`` (names of the peer provinces with notices in the data) and ``n_notices``."""
    p = res.peers
    return {"peer_names": [region(x, ch.lang) for x in dict.fromkeys(p["province"])], "n_peer_notices": int(len(p)),
            "any_monthly": bool(p["monthly"].any()),
            "any_full": bool(((p["method_website"] == "full") | (p["method_new_media"] == "full")).any()),
            "any_sample": bool(((p["method_website"] == "sample") | (p["method_new_media"] == "sample")).any())}


def rate_values(res: ProblemsResult, ch: Renders) -> dict[str, Any]:
    """``counted`` (comparisons that count: period, object, own rate, others, direction), ``not_counted`` (how many
    groups were not counted, by reason), ``national`` (the province's latest rates against the national rate, never
    counted), ``n_own`` (the province's pass rates in the data)."""
    lang = ch.lang
    c = res.comparisons
    counted, other = [], {}
    for _, r in c.iterrows():
        if r["group"] == "comparable" and r["direction"] != "mixed":
            counted.append({"period_text": period_cell(r["period"], ch), "object": label("objects", r["object"], lang),
                            "own": rate_cell(None, r["own"], r["own_method"], ch),
                            "others": [rate_cell(g, v, m, ch) for g, v, m in zip(r["regions"], r["rates"], r["methods"])],
                            "direction": r["direction"]})
        else:
            key = "mixed" if r["group"] == "comparable" else r["group"]
            other[key] = other.get(key, 0) + 1
    o = res.observations
    national = [{"period_text": period_cell(r["detail"]["period"], ch),
                 "object": label("objects", r["detail"]["object"], lang), "own": r["detail"]["own"],
                 "method": label("methods", r["detail"]["own_method"], lang),
                 "same_method": r["detail"]["own_method"] == "sample", "national": r["detail"]["national"],
                 "national_year": r["detail"]["national_year"]}
                for _, r in o[o["kind"] == "national_rate"].iterrows()]
    own = res.rates[res.rates["region_zh"] == res.province]
    return {"counted": counted, "n_not_counted": sum(other.values()),
            "not_counted": [{"reason": reason(k, lang), "n": v} for k, v in other.items()],
            "national": national, "n_own": int(len(own)), "n_compared": int(len(c))}


def observation_values(res: ProblemsResult, ch: Renders) -> dict[str, Any]:
    """Counts of the observation table and the national lists counted (``lists``: period, list, sub-lists,
    owners, confidence)."""
    o = res.observations
    lists = [{"period": r["detail"]["period"], "text": observation_text(r, ch), "n_sublists": r["detail"]["n_sublists"],
              "low": r["confidence"] == "low"} for _, r in o[o["kind"] == "national_list"].iterrows()]
    return {"n_rows": int(len(o)), "n_counted": int(o["counted"].sum()), "n_not_counted": int((~o["counted"]).sum()),
            "lists": lists, "n_list_rows": sum(x["n_sublists"] for x in lists)}


def problem_values(res: ProblemsResult, ch: Renders, pid: str) -> dict[str, Any]:
    """One problem: ``name``, ``for_texts`` / ``against_texts`` (counted observations), ``excluded`` (text and
    reason of each row not counted), ``low`` (a counted observation rests on a low-confidence figure)."""
    o = res.observations[res.observations["claim"] == pid]
    c = o[o["counted"]]
    ex = o[~o["counted"]]
    return {"problem_name": names(res, ch)[pid],
            "kinds_for": sorted(set(c.loc[c["direction"] == "for", "kind"])),
            "kinds_against": sorted(set(c.loc[c["direction"] == "against", "kind"])),
            "kinds_excluded": sorted(set(ex["kind"])),
            "categories_for": list(dict.fromkeys(categories()[x][ch.lang] for _, r in c[c["kind"] == "notice"].iterrows()
                                                 for x in r["detail"]["codes"])),
            "for_texts": [observation_text(r, ch) for _, r in c[c["direction"] == "for"].iterrows()],
            "against_texts": [observation_text(r, ch) for _, r in c[c["direction"] == "against"].iterrows()],
            "excluded": [{"text": observation_text(r, ch), "reason": reason(r["reason"] or "mixed", ch.lang)}
                         for _, r in ex.iterrows()],
            "low": bool((c["confidence"] == "low").any())}


def provision_quotes(res: ProblemsResult, ch: Renders) -> dict[str, dict[str, Any]]:
    """``provision_id`` -> ``quote`` (verbatim; fullwidth punctuation restored in zh), ``doc`` (文号), ``ref``
    (``ref_id`` for the citation), ``simplified`` (the quote is in simplified characters)."""
    return {r["provision_id"]: {"quote": nested(_zh(r["quote"], ch)), "doc": r["doc_number"], "ref": r["ref_id"],
                                "simplified": r["quote_script"] == "zh-Hans"}
            for _, r in res.provisions.iterrows()}


def cause_values(res: ProblemsResult, ch: Renders) -> dict[str, Any]:
    """Facts of the cause section (``causes.cause_facts``) ready to print; ``facts`` is False when the data hold
    no problem item of the province."""
    f = res.causes
    if not f:
        return {"facts": False}
    items = res.items
    repeat = items[items["unit_zh"].isin(f["repeat_units"]) & items["quote"].fillna("").str.contains("整改后仍")]
    return {"facts": True, **{k: f[k] for k in ("n_items", "n_units", "n_units_province", "n_units_local", "n_content",
                                                "n_new_media_items", "monitored_daily", "n_cities_monthly")},
            "headings": [{"period_text": period_cell(n, ch), "headings": [nested(_zh(h, ch)) for h in hs]}
                         for n, hs in f["headings"].items()],
            "repeat_units": [unit(u, ch.lang, res.glossary) for u in f["repeat_units"]],
            "repeat_quote": _zh(repeat["quote"].iloc[0], ch) if len(repeat) else "",
            "consolidated": bool(res.consolidation is not None
                                 and res.consolidation["rank"] <= res.consolidation["n"] / 4),
            "monitored_from": f["monitored_from"],
            "after": [{"period_text": period_cell(a["period"], ch), "object": label("objects", a["object"], ch.lang),
                       "value": a["value"]} for a in f["after_rectification"]]}


def summary_values(res: ProblemsResult, ch: Renders) -> dict[str, Any]:
    """``rows``: each problem's name, verdict code and counts, in order."""
    n = names(res, ch)
    return {"rows": [{"id": r.claim, "problem_name": n[r.claim], "verdict": r.verdict, "n_for": int(r.n_for),
                      "n_against": int(r.n_against)} for r in res.ratings.itertuples()]}
