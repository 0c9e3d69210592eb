"""Chapter 7 as the reader sees it: the sections as Markdown prose, the executive summary and the traceability
table as HTML sections that the book moves (``<section class="executive-summary">`` before chapter 1,
``<section class="traceability">`` into the appendix).

The chapter PDF omits both sections (the print stylesheet hides them inside a chapter, so the book, which joins the
chapter PDFs as built, prints each once); the chapter's HTML page shows the summary before 7.1 and the table
after 7.6. Returned strings are plain ``str``: the notebook marks generated Markdown as such when it displays it.
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from heilongjiang_newmedia.chapters.conclusion import Cite, Evidence, Stmt, weakest
from heilongjiang_newmedia.chapters.conclusion_more import claims, limits, measures, summary, thesis_year
from heilongjiang_newmedia.chapters.conclusion_text import SECTIONS, Writer, lessons, problems, status
from heilongjiang_newmedia.chapters.conclusion_words import strength
from heilongjiang_newmedia.text.wording import confidence, pick

__all__ = ["Conclusion", "build", "markdown", "summary_html", "traceability_rows", "traceability_html"]


@dataclass
class Conclusion:
    """The written conclusion: ``sections`` (id -> paragraphs of :class:`Stmt`), the evidence it read, the
    problem verdicts and the countermeasures in priority, for the notebook, the tests and the lead."""
    lang: str
    sections: dict[str, list[list[Stmt]]]
    evidence: Evidence
    verdicts: list[dict[str, Any]]
    order: list[dict[str, Any]]
    groups: dict[str, list[str]]
    province: str = ""

    def statements(self, section: str | None = None) -> list[Stmt]:
        return [s for sec, paras in self.sections.items() if section in (None, sec) for p in paras for s in p]

    @property
    def used(self) -> dict[str, list[str]]:
        """The recorded keys the conclusion read, by chapter."""
        return self.evidence.used


def build(recalled: Mapping[str, Mapping[str, Any]], exhibits: Mapping[tuple[str, str], Mapping[str, Any]] | None,
          lang: str, province: str) -> Conclusion:
    """Write the conclusion for ``province`` (its name in ``lang``) from the recalled results of chapters 1-6."""
    ev = Evidence(recalled, exhibits, lang)
    w = Writer(ev, lang, province)
    facts = status(w)
    verdicts = problems(w, facts)
    les = lessons(w)
    order = measures(w, verdicts)
    groups = claims(w, verdicts)
    limits(w, facts)
    _answers(w, facts, les)
    summary(w, facts, verdicts, les, order, groups)
    return Conclusion(lang, w.sections, ev, verdicts, order, groups, province)


#: A pass rate (percent) the conclusion calls "high" (the book's rule).
HIGH_PASS = 95.0


def _answers(w: Writer, facts: dict[str, Any], les: dict[str, Any]) -> None:
    """The closing answers of 7.1 and 7.3 with their evidence strength (added to those sections)."""
    lang = w.lang
    w.cur = "status"
    w.sections["status"].append([])
    if facts.get("strength"):
        city = pick(lang, f"，{facts['city']}明显领先全省", f", with {facts['city']} well ahead of the province") \
            if facts.get("city_above") else ""
        comp = pick(lang, "；政务新媒体和网站的检查合格率较高", "; its new media and websites pass inspections at a high "
                    "rate") if facts.get("nm") is not None and facts["nm"] >= HIGH_PASS else \
            pick(lang, "；本书没有该省的检查通报数据，无法判断合规运行", "; the book holds no inspection notices of the "
                 "province, so compliance cannot be judged") if facts.get("nm") is None else ""
        w.say("回答第一个研究问题：{P}的数字政府服务能力在全国处于{b}{c}{comp}。证据强度为“{s}”："
              "服务能力的排名只有一个全国横截面，检查结果只说明合规、不说明使用与效果。",
              "To answer the first research question: {P}'s digital government service capability lies in the "
              "{b} of the country{c}{comp}. Strength of the evidence: {s} \u2014 the capability rank rests on a "
              "single national cross-section, and inspections show compliance, not use or effect.",
              refs=(("03_status", "capability_rank_2019"),), rating=facts["strength"], s=facts["strength"], c=city,
              comp=comp, b=_band(facts, lang))
    w.cur = "lessons"
    w.sections["lessons"].append([])
    if les.get("strength"):
        w.say("回答第三个研究问题：标杆地区的经验指向平台集约、统一身份办事和多样的服务形式；综合评价的名次只建立在少数可比指标上，"
              "证据强度为“{s}”，应作为方向性的参考。",
              "To answer the third research question: the leaders point to consolidated platforms, one identity for "
              "services and varied service forms; the composite rank rests on a few comparable indicators only, so "
              "the strength of the evidence is {s} and it is a pointer, not a measurement.",
              refs=(("05_comparison", "composite_rank"),), rating=les["strength"], s=les["strength"])


def _band(facts: dict[str, Any], lang: str) -> str:
    from heilongjiang_newmedia.chapters.conclusion_words import band

    if facts.get("rank") is None or not facts.get("rank_of"):
        return pick(lang, "未知的位置", "an unknown position")
    return band(int(facts["rank"]), int(facts["rank_of"]), lang)


_MD = re.compile(r"([\\`*_\[\]#|<>])")


def _md(text: str) -> str:
    return _MD.sub(r"\\\1", " ".join(str(text).splitlines()))


def _cite_text(cites: tuple[Cite, ...], lang: str, link, prefix: str = "") -> str:
    labels, seen = [], set()
    for c in cites:
        if c.label not in seen:
            seen.add(c.label)
            labels.append(link(c))
    if not labels:
        return pick(lang, f"（{prefix}）", f" ({prefix})") if prefix else ""
    low = any(c.low for c in cites)
    tail = pick(lang, "，含低可信度数据", "; includes low-confidence rows") if low else ""
    pre = pick(lang, f"{prefix}；", f"{prefix}; ") if prefix else ""
    return pick(lang, f"（{pre}见" + "、".join(labels) + tail + "）", f" ({pre}see " + ", ".join(labels) + tail + ")")


def _split_stop(text: str) -> tuple[str, str]:
    for stop in ("。", "：", ".", ":"):
        if text.endswith(stop):
            return text[: -len(stop)], stop
    return text, ""


def markdown(conc: Conclusion, section: str) -> str:
    """The paragraphs of ``section`` as Markdown; each statement followed by its exhibits (linked when known)."""
    def link(c: Cite) -> str:
        return f"[{_md(c.label)}](#{c.anchor})" if c.anchor else _md(c.label)

    out = []
    for para in conc.sections.get(section, []):
        parts, last = [], None
        for st in para:
            body, stop = _split_stop(st.text)
            key = tuple(sorted(c.label for c in st.cites))
            cite = "" if key == last else _cite_text(st.cites, conc.lang, link)
            last = key or last
            sep = "" if conc.lang == "zh" else " "
            hb, hs = _split_stop(st.head.strip())
            head = f"**{_md(hb)}**{hs}" + ("" if conc.lang == "zh" else " ") if st.head else ""
            parts.append(head + _md(body) + cite + stop + sep)
        if parts:
            out.append("".join(parts).strip())
    return "\n\n".join(out) + "\n"


def summary_html(conc: Conclusion) -> str:
    """``<section class="executive-summary">``: a heading, one sentence of frame and the findings as a list, each
    with its evidence strength and exhibits."""
    lang, e = conc.lang, html.escape
    title = pick(lang, "摘要", "Executive summary")
    ty = thesis_year()
    intro = pick(lang, f"本书依据公开的、注明出处的数据，检验一篇{ty or ''}{'年' if ty else ''}硕士论文对{{P}}政务新媒体的判断。"
                 "主要发现如下；每条后注明证据强度和出处图表。",
                 f"This book tests the claims of a {ty or ''} master's thesis on {{P}}'s government new media against "
                 "cited public data. The main findings follow, each with the strength of its evidence and its "
                 "exhibits.").replace("a  master", "a master")
    items = []
    for st in conc.statements("summary"):
        grade = st.rating or (strength(weakest(c.grade for c in st.cites), lang) if st.cites else "")
        if st.extra.get("rating_in_text"):
            grade = ""
        rating = pick(lang, f"证据强度：{e(grade)}", f"evidence: {e(grade)}") if grade else ""
        cites = _cite_text(st.cites, lang, lambda c: f'<a href="#{e(c.anchor, quote=True)}">{e(c.label)}</a>'
                           if c.anchor else e(c.label), rating)
        body, stop = _split_stop(st.text)
        items.append(f"<li>{e(body)}{cites}{stop}</li>")
    return (f'<section class="executive-summary"><h1>{e(title)}</h1><p>{e(intro.format(P=conc.province))}</p>'
            f'<ul class="summary-findings">{"".join(items)}</ul></section>')


def traceability_rows(conc: Conclusion) -> list[dict[str, str]]:
    """One row per statement of 7.1-7.6 that rests on recorded results: section, statement, value as printed,
    exhibits and the weakest source confidence (高/中/低)."""
    rows = []
    for sec in SECTIONS:
        if sec == "summary":
            continue
        for st in conc.statements(sec):
            if not st.cites:
                continue
            labels = list(dict.fromkeys(c.label for c in st.cites))
            grade = weakest(c.grade for c in st.cites)
            rows.append({"section": st.section, "statement": st.text, "value": st.value,
                         "exhibits": labels, "anchors": [c.anchor for c in st.cites],
                         "confidence": confidence(grade, conc.lang) if grade else ""})
    return rows


def traceability_html(conc: Conclusion) -> str:
    """``<section class="traceability">``: the statement-by-statement table of where each number comes from."""
    lang, e = conc.lang, html.escape
    title = pick(lang, "结论出处对照表", "Sources of the conclusion's statements")
    note = pick(lang, "第七章中每一项依据数据的陈述，及其数值、出处图表和所据资料中最低的可信度（高/中/低）。",
                "Each data-based statement of chapter 7 with its value, the exhibits it rests on and the lowest "
                "confidence (high/medium/low) among the source rows behind it.")
    heads = pick(lang, "节|陈述|数值|出处|可信度", "Section|Statement|Value|Exhibits|Confidence").split("|")
    body = []
    for r in traceability_rows(conc):
        ex = "、".join(e(x) for x in r["exhibits"]) if lang == "zh" else ", ".join(e(x) for x in r["exhibits"])
        body.append('<tr style="break-inside: avoid">' + "".join(f"<td>{c}</td>" for c in (
            e(r["section"]), e(r["statement"]), e(r["value"]) or "—", ex, e(r["confidence"]) or "—")) + "</tr>")
    head = "".join(f"<th>{e(h)}</th>" for h in heads)
    cols = "<colgroup>" + "".join(f'<col style="width: {w}%">' for w in (10, 52, 13, 15, 10)) + "</colgroup>"
    return (f'<section class="traceability"><h1>{e(title)}</h1><p class="muted">{e(note)}</p>'
            f'<table class="exhibit-table traceability-table" style="table-layout: fixed; width: 100%">{cols}'
            f'<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table></section>')
