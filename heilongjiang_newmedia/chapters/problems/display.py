"""Chapter 4's tables in the reader's language.

Column headings and cell phrases come from the chapter's text files (passages ``col.*``, ``cell.*`` and ``obs.*``)
through ``ch.passage`` of the notebook's chapter (``ch.lang`` is the language), and labels from ``tables/``; this
module only arranges values.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any, Protocol

import pandas as pd

from heilongjiang_newmedia.chapters.problems.analysis import ProblemsResult
from heilongjiang_newmedia.chapters.problems.catalogue import _yaml, categories, label, reason
from heilongjiang_newmedia.chapters.problems.notices import fullwidth
from heilongjiang_newmedia.text.filters import verdict_label
from heilongjiang_newmedia.text.wording import NAMES_EN, confidence, unit

__all__ = ["frame_table", "items_table", "pass_rate_table", "observations_table", "verdicts_table",
           "observation_text", "period_cell", "rate_cell", "region", "peer_table"]



class Renders(Protocol):
    """What the tables need of a chapter: its language and its passages (``Chapter.passage``)."""

    lang: str

    def passage(self, name: str, **values: Any) -> str: ...


_ESCAPED = re.compile(r"\\([\\`*_\[\]()!#|~:{}])")


def _s(x: Any) -> str:
    """A rendered passage as plain text (the Markdown escapes of data strings undone): table cells and values
    handed to other passages are plain, and a passage escapes them once when it prints them."""
    if x is None or (isinstance(x, float) and x != x):   # a blank data cell (None / NaN) prints as an empty cell
        return ""
    return html.unescape(_ESCAPED.sub(r"\1", str(x))).strip()


def _cap(text: str, lang: str) -> str:
    return text[:1].upper() + text[1:] if lang == "en" and text else text


def _table(rows: list[list[Any]], ch: Renders, names: list[str]) -> pd.DataFrame:
    """A display table: column headings from passages ``col.<name>``; in English every text cell starts with a
    capital letter."""
    out = pd.DataFrame(rows, columns=_cols(ch, names))
    if ch.lang == "en":
        out = out.apply(lambda col: col.map(lambda v: _cap(v, "en") if isinstance(v, str) else v))
    return out


def _cols(ch: Renders, names: list[str]) -> list[str]:
    return [_s(ch.passage(f"col.{n}")) for n in names]


def region(zh_name: str, lang: str) -> str:
    """A province's printed name (short Chinese name or English name)."""
    from heilongjiang_newmedia.loading.regions import resolve_province

    return zh_name if lang == "zh" else resolve_province(zh_name).en


def period_cell(period: str, ch: Renders) -> str:
    """``2022Q2`` -> 2022年第二季度 / 2022 Q2; ``2018-11`` -> 2018年11月 / November 2018."""
    if "Q" in period:
        return _s(ch.passage("cell.quarter", year=int(period[:4]), q=int(period[-1])))
    return _s(ch.passage("cell.month", month=period))


def item_number(printed: Any) -> str:
    """An item number as printed (``(一)``, ``1.``) -> its arabic number (``1``); unchanged when not one."""
    text = str(printed).strip().strip("().（）")
    numerals = "一二三四五六七八九十"
    return str(numerals.index(text) + 1) if text in numerals else text


def _gloss(zh: str, glossary: Mapping[str, str], lang: str) -> str:
    """Units or cities a notice names (one, or several joined by ``;``/``、``), in English where ``lang`` is en: the
    data's English name (``glossary``), else ``text/units_en.yaml`` (:func:`wording.unit`)."""
    if not zh:
        return zh
    if lang == "zh":
        # the notice's own words in Chinese punctuation ("(个别网站,未点名)" -> "（个别网站，未点名）"), no space after it
        return re.sub(r"([；，：])\s+", r"\1", fullwidth(zh))
    return "; ".join(unit(p, lang, glossary) for p in re.split(r"[;；、]", zh) if p.strip())


def frame_table(res: ProblemsResult, ch: Renders) -> pd.DataFrame:
    """The four problems: what each is about, the theory it is read through and the cause the book pairs with it."""
    lang = ch.lang
    t = res.problems
    rows = [[p, c, label("theories", th, lang), cause] for p, c, th, cause in
            zip(t[f"problem_{lang}"], t[f"construct_{lang}"], t["theory"], t[f"cause_{lang}"])]
    return _table(rows, ch, ["problem", "construct", "theory", "cause"])


def items_table(res: ProblemsResult, ch: Renders) -> pd.DataFrame:
    """Every problem item and new-media finding of the province's notices: notice, item, unit, object, category
    (the coding), confidence. Headings are given verbatim in the text; here the item number."""
    lang = ch.lang
    rows = res.items[res.items["row_type"].isin(["problem_item", "new_media_finding"])]
    cats = categories()
    out = []
    for _, r in rows.iterrows():
        if r["row_type"] == "problem_item":
            cat = _s(ch.passage("cell.join", items=[cats[c][lang] for c in r["codes"].split(";") if c]))
            if r["from_heading"]:
                cat = _s(ch.passage("cell.from_heading", category=cat))
            item = fullwidth(r["item_no"]) if lang == "zh" else _s(ch.passage("cell.item", no=item_number(r["item_no"])))
            unit = _gloss(_s(r["unit_zh"]), res.glossary, lang)
            city = _gloss(_s(r["city_zh"]), res.glossary, lang)
        else:
            cat = label("row_types", r["row_type"], lang)
            item = _s(ch.passage("cell.section", section=fullwidth(r["section"]) if lang == "zh" else ""))
            unit = _s(ch.passage("cell.cities_full", cities=[_gloss(c, res.glossary, lang)
                                                         for c in _s(r["unit_zh"]).split("、")]))
            city = ""
        out.append([period_cell(r["notice"], ch), item, unit, city, label("objects", r["object"], lang), cat,
                    confidence(r["confidence"], lang)])
    return _table(out, ch, ["notice", "item", "unit", "city", "object", "category", "confidence"])


def rate_cell(region_zh: str | None, value: float, method: str, ch: Renders) -> str:
    """A province's pass rate with its check method (passage ``cell.rate``; ``region_zh`` None: the focus
    province's own, passage ``cell.own_rate``)."""
    lang = ch.lang
    if region_zh is None:
        return _s(ch.passage("cell.own_rate", value=value, method=label("methods", method, lang)))
    return _s(ch.passage("cell.rate", region=region(region_zh, lang), value=value, method=label("methods", method, lang)))


def pass_rate_table(res: ProblemsResult, ch: Renders) -> pd.DataFrame:
    """One row per quarter, object and group of other provinces: the province's rate and method, the others' rates
    and methods, and whether the comparison counts (and why not)."""
    lang = ch.lang
    out = []
    for _, c in res.comparisons.iterrows():
        counted = c["group"] == "comparable" and c["direction"] != "mixed"
        status = (_s(ch.passage("cell.counted", direction=label("directions", c["direction"], lang))) if counted else
                  _s(ch.passage("cell.not_counted", reason=reason("mixed" if c["group"] == "comparable" else c["group"],
                                                                  lang))))
        out.append([period_cell(c["period"], ch), label("objects", c["object"], lang),
                    rate_cell(None, c["own"], c["own_method"], ch),
                    _s(ch.passage("cell.join", items=[rate_cell(g, v, m, ch)
                                                for g, v, m in zip(c["regions"], c["rates"], c["methods"])])),
                    status])
    return _table(out, ch, ["quarter", "object", "own_rate", "others", "status"])


def observation_text(row: pd.Series, ch: Renders) -> str:
    """An observation described from its values (passage ``obs.<kind>``)."""
    lang = ch.lang
    d = dict(row["detail"])
    if "codes" in d:
        d["categories"] = [categories()[c][lang] for c in d["codes"]]
        d["objects"] = [label("objects", o, lang) for o in d["objects"]]
    if "period" in d and isinstance(d["period"], str) and row["kind"] in ("notice", "pass_rate", "national_rate"):
        d["period_text"] = period_cell(d["period"], ch)
    if "notice" in d:
        d["period_text"] = period_cell(d["notice"], ch)
    if row["kind"] == "pass_rate":
        d["object_text"] = label("objects", d["object"], lang)
        d["own_method"] = label("methods", d["own_method"], lang)
        d["others"] = [rate_cell(g, v, m, ch) for g, v, m in zip(d["regions"], d["rates"], d["methods"])]
    if row["kind"] == "national_rate":
        d["object_text"] = label("objects", d["object"], lang)
        d["own_method"] = label("methods", d["own_method"], lang)
    if row["kind"] == "national_list":
        d["publisher"] = fullwidth(d["publisher"]) if lang == "zh" else d["publisher"]
        names_en = {**_yaml("names_en.yaml"), **NAMES_EN}
        d["owners"] = [o if lang == "zh" else names_en.get(o, o) for o in d["owners"]]
    if row["kind"] == "running_sites":
        d["first_text"] = period_cell(d["first_date"][:7], ch) if "Q" not in d["first_date"] else \
            period_cell(d["first_date"], ch)
        d["last_text"] = period_cell(d["last_date"], ch) if "Q" in d["last_date"] else \
            period_cell(d["last_date"][:7], ch)
    return _s(ch.passage(f"obs.{row['kind']}", **d))


def observations_table(res: ProblemsResult, ch: Renders) -> pd.DataFrame:
    """The observation table: each observation with its problem, what it is, direction, counted or the reason it
    is not, and the confidence of the figures it rests on."""
    lang = ch.lang
    names = res.problems.set_index("problem_id")[f"problem_{lang}"]
    out = []
    for _, r in res.observations.iterrows():
        status = (label("status", "counted", lang) if r["counted"] else
                  _s(ch.passage("cell.not_counted", reason=reason(r["reason"] or "mixed", lang))))
        out.append([_s(ch.passage("cell.problem", problem=names[r["claim"]])),
                    observation_text(r, ch), label("directions", r["direction"], lang), status,
                    confidence(r["confidence"], lang)])
    return _table(out, ch, ["problem", "observation", "direction", "status", "confidence"])


def verdicts_table(res: ProblemsResult, ch: Renders) -> pd.DataFrame:
    """One row per problem: independent observations for and against, rows not counted, the verdict (the scale's
    words) and the theory it is read through."""
    lang = ch.lang
    t = res.problems.set_index("problem_id")
    out = [[t.loc[r.claim, f"problem_{lang}"], int(r.n_for), int(r.n_against), int(r.n_excluded),
            verdict_label(r.verdict, lang), label("theories", t.loc[r.claim, "theory"], lang)]
           for r in res.ratings.itertuples()]
    return _table(out, ch, ["problem", "n_for", "n_against", "n_excluded", "verdict", "theory"])


def peer_table(res: ProblemsResult, ch: Renders) -> pd.DataFrame:
    """The peer provinces' notices as context: province, notice, check method of websites and of new media,
    problem items and their categories, rows on new media, confidence."""
    lang = ch.lang
    cats = categories()
    out = [[region(r["province"], lang), period_cell(r["notice"], ch),
            label("methods", r["method_website"], lang) if r["method_website"] else "—",
            label("methods", r["method_new_media"], lang) if r["method_new_media"] else "—",
            int(r["n_problem_items"]),
            _s(ch.passage("cell.join", items=[cats[c][lang] for c in r["codes"].split(";") if c])) or "—",
            int(r["n_new_media_rows"]), confidence(r["confidence"], lang)]
           for _, r in res.peers.iterrows()]
    return _table(out, ch, ["province", "notice", "method_website", "method_new_media", "n_items", "categories",
                            "n_new_media_rows", "confidence"])
