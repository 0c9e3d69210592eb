"""Chapter 7, continued: countermeasures in priority (7.4), the thesis's claims weighed (7.5), limitations and
further research (7.6), and the one-page executive summary. Same conventions as :mod:`.conclusion_text`."""
from __future__ import annotations

import re
from typing import Any

from heilongjiang_newmedia.chapters.conclusion_text import (S1, S2, S3, S4, VERDICT_SHORT, VERDICT_WORDS, Writer,
                                                             _quote, rank_text)
from heilongjiang_newmedia.chapters.conclusion_words import (VERDICT_ORDER, band, claim_labels, countermeasures,
                                                              verdict_label)
from heilongjiang_newmedia.text.wording import listing, percent, pick, score, year

__all__ = ["measures", "claims", "limits", "summary", "latest_year"]

S6 = "06_countermeasures"


def _direction(indicator: str) -> str:
    """benefit / cost of a framework indicator (package table), "" when unknown."""
    try:
        from heilongjiang_newmedia.chapters.framework import load_framework

        f = load_framework().set_index("indicator_id")
        return str(f.at[indicator, "direction"]) if indicator in f.index else ""
    except Exception:
        return ""


def _evidence_key(p: dict[str, Any] | None, cid: str) -> tuple:
    """Sort key of a countermeasure by the evidence on the problem it answers: verdict first (supported before
    qualified before untestable), then more independent sources for and fewer against (or more items showing a
    gap), then its id."""
    if not p:
        return (9, 0, 0, cid)
    if p.get("n_support") is not None:
        return (VERDICT_ORDER.index(p["verdict"]), -int(p["n_support"] or 0), int(p.get("n_counter") or 0), cid)
    share = p["n_gap"] / p["n_items"] if p["n_items"] else 0
    return (VERDICT_ORDER.index(p["verdict"]), -share, 0, cid)


def measures(w: Writer, verdicts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """7.4: the four countermeasures in priority. Order: chapter 6's recorded priority order first; the
    countermeasures it could not rank follow, by the verdict on the problem they answer (supported first)."""
    ev, lang = w.ev, w.lang
    w.start("measures")
    cms = countermeasures()
    po = ev.get(S6, "priority_order")
    labels = {r["countermeasure_id"]: r[f"countermeasure_{lang}"] for _, r in cms.iterrows()}
    labels.update((po or {}).get(f"labels_{lang}") or {})
    informative = (po or {}).get("informative", True) is not False
    ranked = [c for c in (po or {}).get("value") or [] if c in labels] if informative else []
    by_problem = {p["id"]: p for p in verdicts}
    answers = {r["countermeasure_id"]: by_problem.get(r["addresses_problems"].split(";")[0]) for _, r in cms.iterrows()}
    rest = sorted((c for c in labels if c not in ranked), key=lambda c: _evidence_key(answers.get(c), c))
    order = ranked + rest
    if po and not informative:
        w.say("第六章按“权重×差距”计算的顺序每项对策至多依据一个指标，只作参考；本书按第四章对各对策所针对问题的证据强度排列优先顺序。",
              "Chapter 6's order by weight × gap rests on at most one indicator per countermeasure and is indicative "
              "only; the book orders the countermeasures by the strength of the evidence for the problem each "
              "answers (chapter 4).", refs=((S6, "priority_order"),))
    if ranked:
        w.say("第六章按各对策所对应指标的权重与差距计算优先顺序，排在前面的是{x}。",
              "Chapter 6 ranks the countermeasures by the weight and gap of the indicators they address; it puts "
              "{x} first.", refs=((S6, "priority_order"),), value=listing([labels[c] for c in ranked], lang),
              x=_quote([labels[c] for c in ranked], lang))
        st = ev.get(S6, "priority_order_stable")
        if st and st.get("value") is True:
            w.say("各项权重上下浮动{p}%时这一顺序不变。", "The order holds when each weight moves by ±{p}%.",
                  refs=((S6, "priority_order_stable"),), p=st.get("pct", ""))
    if rest and ranked:
        w.say("{x}没有可比指标可以计算差距，本书按第四章对其所针对问题的证据强度排在其后。",
              "{x} cannot be ranked on comparable indicators; the book places {them} after, by the strength of "
              "the evidence for the problem each answers (chapter 4).", x=_quote([labels[c] for c in rest], lang),
              them="it" if len(rest) == 1 else "them")
    out = []
    for i, c in enumerate(order, 1):
        p = answers.get(c)
        w.para()
        if p:
            w.say("（{i}）{cm}，针对“{pr}”：证据评级为“{r}”，公开数据{v}。",
                  "({i}) {cm}, answering \u201c{pr}\u201d: evidence rated \u201c{r}\u201d, {v}.",
                  refs=((S4, p["key"]),), value=p["rating"], rating=p["rating"], i=i, cm=labels[c],
                  pr=p["problem"], r=p["rating"], v=pick(lang, *VERDICT_SHORT[p["verdict"]]))
        else:
            w.say("（{i}）{cm}。", "({i}) {cm}.", i=i, cm=labels[c])
        desc = cms.loc[cms["countermeasure_id"] == c, f"description_{lang}"]
        if len(desc) and desc.iloc[0]:
            w.say("措施：{d}。", "Measures: {d}.", d=desc.iloc[0].rstrip("。."))
        out.append({"id": c, "label": labels[c], "problem": p})
    monitors = ev.keys(S6, r"per_year_.+")
    if monitors:
        w.para()
        w.say("第六章为可比指标设定了监测基线与目标。", "Chapter 6 sets baselines and targets for the comparable indicators.")
        for k in monitors:
            e = ev.get(S6, k)
            ind = e.get("indicator") or k[len("per_year_"):]
            cost = (e.get("direction") or _direction(ind)) == "cost"
            verb = pick(lang, "降低" if cost else "提高", "fall" if cost else "rise")
            w.say("{lab}，{y0}距目标差{g}，到{y1}须每年{verb}{v}。",
                  "{lab}: gap to target {g} in {y0}; it must {verb} by {v} a year to {y1}.",
                  refs=((S6, k),), value=score(e["value"], lang), lab=e.get(f"label_{lang}") or "",
                  y0=year(e.get("data_year"), lang), y1=year(e.get("target_year"), lang),
                  g=score(abs(e.get("gap") or 0), lang), verb=verb, v=score(abs(e["value"]), lang))
    w.para()
    if order:
        w.say("回答第四个研究问题，对策的优先顺序为：{x}。", "To answer the fourth research question, the countermeasures "
              "in priority are: {x}.", x=listing([labels[c] for c in order], lang))
    return out


def claims(w: Writer, verdicts: list[dict[str, Any]]) -> dict[str, list[str]]:
    """7.5: the thesis's headline figures (chapter 1's audit) and its four problems, grouped into supported,
    qualified, cannot be tested and contradicted."""
    ev, lang = w.ev, w.lang
    w.start("claims")
    groups: dict[str, list[str]] = {v: [] for v in VERDICT_ORDER}
    audit = ev.get(S1, "claims_audit")
    if audit and isinstance(audit.get("value"), dict):
        names = {**claim_labels(lang), **(audit.get(f"labels_{lang}") or {}), **(audit.get(f"claims_{lang}") or {})}
        vlabels = audit.get(f"verdict_labels_{lang}") or {}
        known = [(cid, code) for cid, code in audit["value"].items() if names.get(cid)]
        w.say("第一章核对了论文摘要中的{n}个关键数字：", "Chapter 1 checked {n} headline figures of the thesis's abstract:",
              refs=((S1, "claims_audit"),), value=str(len(known)), n=len(known))
        for cid, code in known:
            label, cls = verdict_label(code, lang, vlabels)
            w.say("“{c}”——{v}。", "\u201c{c}\u201d \u2014 {v}.", refs=((S1, "claims_audit"),), value=label,
                  c=names[cid].rstrip("。."), v=label)
            groups[cls].append(pick(lang, f"“{names[cid].rstrip('。')}”", f"\u201c{names[cid].rstrip('.')}\u201d"))
    for p in verdicts:
        groups[p["verdict"]].append(pick(lang, f"“{p['problem']}”", f"\u201c{p['problem']}\u201d"))
    w.para()
    words = {"supported": ("公开数据支持的主张", "Supported by the public data"),
             "qualified": ("需要限定的主张（日期、口径不同，或证据有反证、条目少）", "To be qualified (other date or scope, "
                           "counter-evidence, few items)"),
             "untestable": ("公开数据无法检验的主张", "Cannot be tested with public data"),
             "contradicted": ("与公开数据不符的主张", "Not supported by the public data")}
    refs = ((S1, "claims_audit"),) + tuple((S4, p["key"]) for p in verdicts)
    for v in VERDICT_ORDER:
        if groups[v]:
            w.say("{h}：{x}。", "{h}: {x}.", refs=refs, value=str(len(groups[v])), h=pick(lang, *words[v]),
                  x=pick(lang, "、", "; ").join(groups[v]))
    return groups


def _month(c: Any, lang: str) -> str:
    from heilongjiang_newmedia.chapters.conclusion_words import cutoff

    return cutoff(c, lang)


def latest_year(ev) -> int | None:
    """The latest year of the data: chapter 1's ``data_age`` (latest national figure) when recorded, else the
    latest ``year``, ``last_year`` or ``cutoff`` extra of any recorded result."""
    age = ev.get(S1, "data_age")
    m = re.match(r"^(\d{4})", str((age or {}).get("latest_cutoff") or ""))
    if m:
        return int(m.group(1))
    years = []
    for _, _, e in ev.scan():
        for k in ("year", "last_year"):
            if isinstance(e.get(k), int):
                years.append(e[k])
        m = re.match(r"^(\d{4})", str(e.get("cutoff") or ""))
        if m:
            years.append(int(m.group(1)))
    return max(years) if years else None


def cross_year(ev) -> int | None:
    """The year of the only all-province cross-section: the ``data_year`` chapter 6 records with its gaps, else the
    year of the composite's indicators in the framework table."""
    for k in ev.keys(S6, r"per_year_.+"):
        y = ev.get(S6, k).get("data_year")
        if y:
            return int(y)
    try:
        from heilongjiang_newmedia.chapters.framework import load_framework

        f = load_framework()
        ys = f.loc[f["role"] == "composite", "year"].astype(str).str.extract(r"^(\d{4})$")[0].dropna()
        return int(ys.max()) if len(ys) else None
    except Exception:
        return None


def thesis_year() -> int | None:
    """The thesis's year, from the citation recorded with its claims (package table)."""
    import pandas as pd

    from heilongjiang_newmedia.chapters.conclusion_words import DATA_TABLES

    t = pd.read_csv(DATA_TABLES.parent / "introduction" / "tables" / "thesis_claims.csv", dtype=str,
                    keep_default_na=False, encoding="utf-8")
    m = re.search(r"\((\d{4})\)", " ".join(t["thesis_source"]))
    return int(m.group(1)) if m else None


def limits(w: Writer, facts: dict[str, Any]) -> None:
    """7.6: limitations of the evidence and further research."""
    ev, lang = w.ev, w.lang
    w.start("limits")
    latest, cross = latest_year(ev), cross_year(ev)
    age = ev.get(S1, "data_age")
    if age and age.get("value") is not None and age.get("cross_section_years"):
        w.para()
        w.head("数据的时效。", "Age of the data. ")
        ys = [year(y, lang) for y in age["cross_section_years"]]
        w.say("唯一覆盖31个省份的同口径截面是{y}的数据，距全国序列的最新数据（{l}）已有{d}年；{P}此后的位置可能已经改变，"
              "本书的排名只能说明当时的情况。",
              "The only cross-section covering all 31 provinces on one basis is from {y}, {d} years before the "
              "latest national figure ({l}); {P}'s position may have changed since, and the book's ranks describe "
              "that year only.", refs=((S1, "data_age"),), value=year(age["cross_section_years"][-1], lang),
              y=listing(ys, lang), l=_month(age.get("latest_cutoff"), lang), d=age["value"])
        cross = None
    if cross and latest:
        w.para()
        w.head("数据的时效。", "Age of the data. ")
        w.say("唯一覆盖31个省份的横截面是{y}的评估与统计，距本书最新的数据（{l}）已有{d}年；{P}此后的位置可能已经改变，"
              "本书的排名只能说明当时的情况。",
              "The only cross-section covering all 31 provinces is from {y}, {d} years before the "
              "latest data in this book ({l}); {P}'s position may have changed since, and the book's ranks describe "
              "that year only.", refs=tuple((S6, k) for k in ev.keys(S6, r"per_year_.+"))[:1],
              value=year(cross, lang), y=year(cross, lang), l=year(latest, lang), d=latest - int(cross))
    ci, isys = ev.get(S2, "comparable_indicators"), ev.get(S2, "indicator_system")
    if not (ci and ci.get("n_total")) and age and age.get("n_evaluation"):
        ci = {"value": age.get("n_comparable"), "n_total": age["n_evaluation"]}
    if ci and ci.get("n_total"):
        w.para()
        w.head("指标的覆盖。", "Coverage of the indicators. ")
        w.say("{t}项评价指标中只有{n}项在31个省份可比，综合评价和第六章的优先顺序都只建立在这{n}项上，"
              "而且这些指标都不直接衡量政务新媒体。",
              "Only {n} of the {t} evaluation indicators are comparable across the 31 "
              "provinces; the composite and chapter 6's priorities rest on these {n} alone, and none of them measures "
              "government new media directly.", refs=((S2, "comparable_indicators"), (S1, "data_age")),
              value=f"{ci['value']}/{ci['n_total']}", n=ci["value"], t=ci["n_total"])
    elif isys:
        w.para()
        w.head("指标的覆盖。", "Coverage of the indicators. ")
        w.say("覆盖全部省份的综合评价指标只有{n}项，传播力、互动和安全等维度没有可比数据。",
              "Only {n} indicators cover every province; reach, interaction and "
              "security have no comparable data.", refs=((S2, "indicator_system"),), value=str(isys.get("n_indicators")),
              n=isys.get("n_indicators"))
    grades = ev.source_grades()
    if grades:
        w.para()
        w.head("资料的可信度。", "Reliability of the sources. ")
        w.say("各章结论所引用的{t}种资料中，可信度为“中”的{m}种、“低”的{l}种；许多数字读自转载页面而非原始出版物，"
              "凡用到低可信度数据行的结论都已标注。",
              "Of the {t} sources behind the chapters' results, {m} are of medium and "
              "{l} of low confidence; many figures were read on reprints rather than the original publications, "
              "and every statement resting on a low-confidence row is marked.",
              value=f"{grades.get('medium', 0)}/{grades.get('low', 0)}", t=sum(grades.values()),
              m=grades.get("medium", 0), l=grades.get("low", 0))
    inv, sv = ev.get(S3, "inventory_supplied"), ev.get(S4, "survey_supplied")
    if (inv is None or not inv.get("value")) and (sv is None or not sv.get("value")):
        w.para()
        w.head("没有账号普查和公众调查。", "No account census and no citizen survey. ")
        w.say("本书没有逐一统计{P}的政务新媒体账号，也没有公众问卷；账号的活跃度、互动、使用者满意度无从判断。"
              "论文作者自己的账号数据和问卷可以直接检验“平台发展相对落后”和“服务形式单一”两个判断。",
              "The book counts none of {P}'s government new-media accounts "
              "itself and has no survey; activity, interaction and users' satisfaction cannot be judged. The "
              "thesis author's own account data and questionnaire would test the claims of backward platforms and "
              "single service forms directly.")
    w.para()
    w.head("解读性的对应。", "Interpretive mappings. ")
    w.say("问题、证据、成因与对策之间的对应，以及“每百万人口网站数越少越集约”的方向，都是本书的解读而非数据本身；"
          "方向反过来时综合名次会变（第五章）。",
          "The links between problems, evidence, causes and countermeasures, and reading "
          "fewer websites per million residents as more consolidation, are the book's interpretation, not data; "
          "with the direction reversed the composite rank changes (chapter 5).")
    if facts.get("check"):
        w.para()
        w.head("抽查与全覆盖检查。", "Sample and full checks. ")
        w.say("国务院办公厅的全国检查是抽查，省内{y}年的检查是{c}；两种检查的合格率不能直接比较，"
              "检查标准的变化也使全国序列前后不可比。",
              "The State Council's national inspections are sample checks, the province's "
              "{y} inspection a {c}; their pass rates are not directly comparable, and a change of the criteria "
              "breaks the national series.", refs=((S3, "pass_rate_new_media_latest"),), y=facts.get("nm_year"),
              c=facts["check"])
    ty = thesis_year()
    if ty and latest and latest > ty:
        w.para()
        w.head("论文与数据的时间差。", "Timing. ")
        w.say("论文写于{t}，本书用到{l}的数据检验它的判断；部分差异可能反映论文之后的变化，而不是论文有误。",
              "The thesis dates from {t} and this book tests its claims with data up to {l}; some "
              "differences may reflect change since the thesis rather than error in it.", t=year(ty, lang),
              l=year(latest, lang))
    w.para()
    w.say("进一步研究最需要三类数据：全省政务新媒体账号的普查（平台、层级、活跃度、互动）；历年季度检查通报的完整序列（把新媒体与网站分开编码）；"
          "覆盖全部省份、按年更新的政务新媒体指数。有了这些数据，本书无法检验的安全隐患和服务形式问题才能得到检验。",
          "Further research needs three kinds of data above all: a census of the province's government new-media "
          "accounts (platform, level, activity, interaction); the full series of quarterly inspection notices, "
          "coding new media apart from websites; and a yearly government new-media index covering every province. "
          "With them, the security and service-form problems this book cannot test could be tested.")


def summary(w: Writer, facts: dict[str, Any], verdicts: list[dict[str, Any]], lessons_: dict[str, Any],
            order: list[dict[str, Any]], groups: dict[str, list[str]]) -> None:
    """The executive summary: about eight findings, each with its evidence strength and exhibits."""
    ev, lang = w.ev, w.lang
    w.start("summary")
    if facts.get("rank") is not None and facts.get("rank_of"):
        pos = rank_text(facts["rank"], facts["rank_of"], facts["printed"], lang)
        b = "" if facts["printed"] else pick(lang, f"，处于全国{band(facts['rank'], int(facts['rank_of']), lang)}",
                                             f", in the {band(facts['rank'], int(facts['rank_of']), lang)}")
        c = pick(lang, f"；{facts.get('city', '')}的服务能力明显高于全省",
                 f"; {facts.get('city', '')} scores well above the province") if facts.get("city_above") else ""
        w.say("现状：{P}数字政府服务能力{y}居{pos}{b}{c}。",
              "Status: in {y} {P} ranked {pos} in online government service capability{b}{c}.",
              refs=((S3, "capability_rank_2019"),) + (((S3, "key_city_best_2019"),) if c else ()),
              rating=w.strength_of((S3, "capability_rank_2019")), pos=pos, b=b, c=c,
              y=year(cross_year(ev), lang))
    if facts.get("nm") is not None:
        ahead = pick(lang, "，集约化走在多数省份前面", ", consolidation ahead of most provinces") \
            if facts.get("decline_ahead") else ""
        sites = pick(lang, f"；{year(cross_year(ev), lang)}政府网站数减少{percent(facts['decline'], lang)}",
                     f"; government websites fell {percent(facts['decline'], lang)} in {year(cross_year(ev), lang)}") \
            if facts.get("decline") is not None else ""
        w.say("合规运行：{y}年{chk}中政务新媒体合格率为{nm}{sites}{a}。",
              "Compliance: in the {chk} of {y} the new-media pass rate was {nm}{sites}{a}.", a=ahead, sites=sites,
              refs=((S3, "pass_rate_new_media_latest"), (S3, "websites_decline_2019")),
              rating=w.strength_of((S3, "pass_rate_new_media_latest")), y=facts.get("nm_year"),
              chk=facts.get("check", ""), nm=percent(facts["nm"], lang), d=percent(facts.get("decline"), lang))
    for p in verdicts:
        st = w.say("问题“{pr}”：第四章的证据评级为“{r}”，{v}。",
                   "Problem \u201c{pr}\u201d: chapter 4 rates the evidence \u201c{r}\u201d; the claim is {v}.",
                   refs=((S4, p["key"]),), rating=p["rating"], pr=p["problem"], r=p["rating"],
                   v=pick(lang, *VERDICT_WORDS[p["verdict"]]))
        st.extra["rating_in_text"] = True
    if lessons_.get("composite_rank") is not None:
        w.say("比较：在仅有的可比指标上，{P}综合居{pos}；标杆地区的经验是平台集约、统一身份办事和多样的服务形式。",
              "Comparison: on the few comparable indicators {P} ranks {pos}; the benchmark regions teach "
              "consolidated platforms, one identity for services and varied service forms.",
              refs=(("05_comparison", "composite_rank"),), rating=lessons_.get("strength", ""),
              pos=rank_text(int(lessons_["composite_rank"]), lessons_.get("composite_of"), False, lang))
    if order:
        w.say("对策按优先顺序：{x}。", "Countermeasures in priority: {x}.", refs=(("06_countermeasures", "priority_order"),),
              x=listing([o["label"] for o in order], lang))
    n_claims = sum(len(v) for v in groups.values())
    if n_claims:
        w.say("论文的{n}项主张中，{s}项得到支持，{q}项需要限定，{u}项无法用公开数据检验或与数据不符。",
              "The thesis's {n} claims weighed here: supported {s}, to be qualified {q}, untestable or not "
              "supported {u}.", refs=((S1, "claims_audit"),) + tuple((S4, p["key"]) for p in verdicts),
              n=n_claims, s=len(groups["supported"]), q=len(groups["qualified"]),
              u=len(groups["untestable"]) + len(groups["contradicted"]))
    w.say("局限：唯一覆盖全部省份的横截面是{y}的数据；可比指标很少；没有账号普查和公众调查（见7.6节）。",
          "Limits: the only all-province cross-section is from {y}; few indicators are comparable; there is no "
          "account census or citizen survey (see section 7.6).", y=year(cross_year(ev), lang))
