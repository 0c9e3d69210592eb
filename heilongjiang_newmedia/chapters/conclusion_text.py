"""Chapter 7: the conclusion's prose, answering the research questions of chapter 1 in order.

Each sentence is a template (zh and en) filled with recorded values printed through :mod:`.wording`; each
factual sentence is a :class:`~.conclusion.Stmt` carrying the recorded results (and so the exhibits) it rests on.
A sentence whose results were not recorded is left out, never filled with a guess. Sections:

- ``status``   (7.1) where the province stands: service capability 2019, the capital city, inspections, websites;
- ``problems`` (7.2) which of the thesis's four problems the public data support, qualify or cannot test, and why;
- ``lessons``  (7.3) what the comparison with other provinces and countries teaches;
- ``measures`` (7.4) the four countermeasures in priority, with the evidence behind each (:mod:`.conclusion_more`);
- ``claims``   (7.5) the thesis's claims: supported, qualified, cannot be tested (:mod:`.conclusion_more`);
- ``limits``   (7.6) the limitations of the evidence and further research (:mod:`.conclusion_more`).
"""
from __future__ import annotations

import re
from typing import Any

from heilongjiang_newmedia.chapters.conclusion import Evidence, Stmt, weakest
from heilongjiang_newmedia.chapters.conclusion_words import (band, check_label, city_name, cutoff, grade_label,
                                                              half, ordinal_of, practice_groups, problem_causes,
                                                              quarter_date, quarter_label, rank_of, rank_text,
                                                              region, strength)
from heilongjiang_newmedia.text.wording import count, percent, pick, score, year

__all__ = ["Writer", "SECTIONS", "status", "problems", "lessons", "problem_verdicts"]

#: Section ids in book order with their printed numbers (the notebook's headings use the same numbers).
SECTIONS = {"summary": "", "status": "7.1", "problems": "7.2", "lessons": "7.3", "measures": "7.4",
            "claims": "7.5", "limits": "7.6"}

#: A key city "clearly" leads its province when it scores at least this many index points higher (the book's rule).
CLEAR_LEAD = 5.0

S3, S4, S5, S1, S2 = "03_status", "04_problems", "05_comparison", "01_introduction", "02_framework"


class Writer:
    """Collects the statements of the conclusion by section and paragraph (``sections[id] -> [[Stmt]]``)."""

    def __init__(self, ev: Evidence, lang: str, province: str):
        self.ev, self.lang, self.P = ev, lang, province
        self.sections: dict[str, list[list[Stmt]]] = {}
        self.cur, self._head = "", ""

    def start(self, section: str) -> None:
        self.cur = section
        self.sections[section] = [[]]

    def para(self) -> None:
        if self.sections[self.cur][-1]:
            self.sections[self.cur].append([])

    def t(self, zh: str, en: str) -> str:
        return pick(self.lang, zh, en)

    def head(self, zh: str, en: str) -> None:
        """A run-in heading (printed in bold) for the next sentence."""
        self._head = pick(self.lang, zh, en)

    def say(self, zh: str, en: str, refs: tuple = (), value: str = "", rating: str = "", **kw: Any) -> Stmt:
        """Add one sentence (``zh``/``en`` template filled from ``kw``) resting on the results ``refs``."""
        text = pick(self.lang, zh, en).format(P=self.P, **kw)
        st = Stmt(text, self.ev.cites(*refs), value, SECTIONS.get(self.cur, ""), rating, self._head)
        self._head = ""
        self.sections[self.cur][-1].append(st)
        return st

    def strength_of(self, *refs: tuple[str, str]) -> str:
        return strength(weakest(c.grade for c in self.ev.cites(*refs)), self.lang)


def _below(gap: float, unit_zh: str, unit_en: str, lang: str) -> str:
    """A recorded gap (positive = behind) as ``低6.19分`` / ``6.19 points below``."""
    if gap >= 0:
        return pick(lang, f"低{score(gap, lang)}{unit_zh}", f"{score(gap, lang)} {unit_en} below")
    return pick(lang, f"高{score(-gap, lang)}{unit_zh}", f"{score(-gap, lang)} {unit_en} above")


def status(w: Writer) -> dict[str, Any]:
    """7.1: where the province stands. Returns the facts the summary reuses."""
    ev, lang, out = w.ev, w.lang, {}
    w.start("status")
    cap, rk = ev.get(S3, "capability_score_2019"), ev.get(S3, "capability_rank_2019")
    if cap and rk:
        n, printed = rank_of(rk)
        of = rk.get("n_provinces") or rk.get("n")
        pos = rank_text(n, of, printed, lang)
        out.update(rank=n, rank_of=of, printed=printed, score=cap["value"])
        w.say("2019年省级网上政务服务能力评估中，{P}总体指数为{s}分，评估等级为“{g}”，居{pos}。",
              "In the 2019 evaluation of provincial online government services, {P} scored {s} (grade "
              "\u201c{g}\u201d) and ranked {pos}.", refs=((S3, "capability_score_2019"), (S3, "capability_rank_2019")),
              value=pick(lang, f"{score(cap['value'], lang)}分", score(cap["value"], lang)), s=score(cap["value"], lang),
              g=grade_label(cap.get("grade"), lang), pos=pos)
        if not printed and of:
            w.say("按本书统一采用的竞争排名（名次 = 1 + 得分更高的省份数），有{h}个省份得分更高，{P}处于全国{b}。",
                  "Under the competition ranking used throughout this book (rank = 1 + number of provinces scoring "
                  "higher), {h} provinces scored higher, which puts {P} in the {b} of the country.",
                  refs=((S3, "capability_rank_2019"),), value=str(n), h=n - 1, b=band(n, int(of), lang))
    gm, gb, gl = (ev.get(S3, k) for k in ("capability_gap_to_mean", "capability_gap_to_benchmarks",
                                          "capability_gap_to_leader"))
    if gm and gb:
        w.say("{P}的得分比31个省份的均值{m}，比标杆省份均值{b}。",
              "{P}'s score is {m} the mean of the 31 provinces and {b} the benchmark provinces' mean.",
              refs=((S3, "capability_gap_to_mean"), (S3, "capability_gap_to_benchmarks")),
              value=pick(lang, f"{score(gb['value'], lang)}分", f"{score(gb['value'], lang)} points"),
              m=_below(gm["value"], "分", "points", lang), b=_below(gb["value"], "分", "points", lang))
        out["gap_bench"] = gb["value"]
    city = ev.get(S3, "key_city_best_2019")
    w.para()
    if city:
        cn = city.get("city_en") if lang == "en" and city.get("city_en") else city_name(city.get("city"), lang)
        cr, cprinted = rank_of(city, "rank")
        of = city.get("n_cities") or city.get("n")
        of_zh, of_en = (f"在{of}个重点城市中", f" among {of} key cities") if of else ("在重点城市中", " among the key cities")
        w.say("省内表现最好的重点城市是{c}：2019年得分{s}分，{of_zh}居{pos}。",
              "The province's best key city is {c}: it scored {s} in 2019, {pos}{of_en}.", of_zh=of_zh, of_en=of_en,
              refs=((S3, "key_city_best_2019"),), value=pick(lang, f"{score(city['value'], lang)}分",
                                                             score(city["value"], lang)),
              c=cn, s=score(city["value"], lang), pos=rank_text(cr, None, cprinted, lang))
        lead = city["value"] - cap["value"] if cap else None
        if lead is not None:
            zh_w, en_w = ("明显高于", "well above") if lead >= CLEAR_LEAD else ("略高于", "slightly above") \
                if lead > 0 else ("不高于", "not above")
            tail = pick(lang, "：差距主要在全省整体，而不在这座城市", ": the gap lies in the province as a whole, not in this "
                        "city") if lead >= CLEAR_LEAD else ""
            w.say("{c}的得分{w}全省总体指数{t}。", "{c}'s score is {w} the province's overall index{t}.",
                  refs=((S3, "key_city_best_2019"), (S3, "capability_score_2019")), c=cn, w=pick(lang, zh_w, en_w),
                  t=tail)
        out["city"] = cn
        out["city_above"] = lead is not None and lead >= CLEAR_LEAD
    nm, web = ev.get(S3, "pass_rate_new_media_latest"), ev.get(S3, "pass_rate_website_latest")
    w.para()
    full = ev.get(S4, "new_media_full_check_pass_rate")
    if nm and not nm.get("year") and full and full.get("value") == nm.get("value"):
        nm = {**nm, "year": full.get("year"), "quarter": full.get("quarter"), "check_type": "全覆盖检查"}
    if nm and nm.get("year"):
        yq = pick(lang, f"{nm.get('year')}年{quarter_label(nm.get('quarter'), lang)}", f"{nm.get('year')} "
                  f"{quarter_label(nm.get('quarter'), lang)}").strip()
        chk = check_label(nm.get("check_type"), lang) or pick(lang, "检查", "check")
        wtxt = pick(lang, f"，政府网站为{percent(web['value'], lang)}", f" and of government websites "
                    f"{percent(web['value'], lang)}") if web else ""
        w.say("合规运行方面，{yq}全省{chk}中，政务新媒体合格率为{nm}{web}。",
              "On compliance, in the province's {chk} of {yq} the pass rate of government new media was {nm}{web}.",
              refs=((S3, "pass_rate_new_media_latest"),) + (((S3, "pass_rate_website_latest"),) if web else ()),
              value=percent(nm["value"], lang), yq=yq, chk=chk, nm=percent(nm["value"], lang), web=wtxt)
        w.say("检查只说明账号和网站是否达到合规底线（内容更新、栏目可用、回应留言），不说明它们被多少人使用、服务效果如何。",
              "Inspections show whether accounts and websites meet the compliance floor (content updated, "
              "sections usable, messages answered), not how many people use them or how well they serve.")
        out.update(nm=nm["value"], nm_year=nm.get("year"), check=chk, web=web["value"] if web else None)
    acc, named = ev.get(S3, "new_media_accounts"), ev.get(S3, "named_first_places")
    if acc:
        w.say("{d}全省正常运行的政务新媒体账号有{n}个。", "In {d} the province had {n} government new-media accounts in "
              "operation.", refs=((S3, "new_media_accounts"),), value=count(acc["value"], lang, "个", "accounts"),
              d=quarter_date(acc.get("date"), lang), n=count(acc["value"], lang, "", "").strip())
    if named and named.get("value"):
        yrs = named.get("years") or []
        w.say("本省的具名账号在全国性榜单上{y}共{n}次排名第一。", "The province's named accounts took first place on "
              "national lists {n} times{y}.", refs=((S3, "named_first_places"),), value=str(named["value"]),
              n=named["value"], y=pick(lang, f"（{'、'.join(year(v, lang) for v in yrs)}）", f" ({', '.join(map(str, yrs))})")
              if yrs else "")
    sites, dec, dens = (ev.get(S3, k) for k in ("websites_2019", "websites_decline_2019", "websites_per_million_2019"))
    dec_ref = (S3, "websites_decline_2019")
    if dec is None and sites and sites.get("decline_pct") is not None:   # the decline recorded with the count
        d4 = ev.get(S4, "website_decline_2019_pct") or {}
        dec, dec_ref = {"value": sites["decline_pct"], "median": d4.get("median")}, (S3, "websites_2019")
    if sites and dec:
        med = dec.get("median")
        ahead = med is not None and dec["value"] > med
        cmp_ = pick(lang, "远高于" if ahead and dec["value"] > 2 * med else "高于" if ahead else "不高于",
                    "far above" if ahead and dec["value"] > 2 * med else "above" if ahead else "not above")
        lead = pick(lang, "政府网站集约化走在多数省份前面：" if ahead else "政府网站方面，",
                    "Website consolidation is ahead of most provinces: " if ahead else "As for websites, ")
        w.say("{lead}2019年底{P}有政府网站{n}，比上年减少{d}，{cmp}31个省份的中位数（{m}）。",
              "{lead}at the end of 2019 {P} had {n}, {d} fewer than a year before, {cmp} the median of the 31 "
              "provinces ({m}).",
              refs=((S3, "websites_2019"), dec_ref), value=percent(dec["value"], lang),
              n=count(sites["value"], lang, "个", "government websites"), d=percent(dec["value"], lang), cmp=cmp_,
              m=percent(med, lang), lead=lead)
        out["decline"], out["decline_ahead"], out["decline_ref"] = dec["value"], ahead, dec_ref
    if dens and dens.get("mean") is not None:
        low_ = dens["value"] < dens["mean"]
        w.say("按常住人口计，每百万人{v}个政府网站，{cmp}31个省份的均值（{m}个）。",
              "Per million residents that is {v} government websites, {cmp} the mean of {m} for the 31 provinces.",
              cmp=pick(lang, "低于" if low_ else "高于" if dens["value"] > dens["mean"] else "等于",
                       "below" if low_ else "above" if dens["value"] > dens["mean"] else "equal to"),
              refs=((S3, "websites_per_million_2019"),), value=score(dens["value"], lang),
              v=score(dens["value"], lang), m=score(dens["mean"], lang))
    users, wb = ev.get(S1, "online_gov_users_latest"), ev.get(S1, "gov_weibo_institutions_latest")
    w.para()
    if users and wb:
        w.say("全国层面，截至{c}，在线政务服务用户达{u}，经认证的政务机构微博有{wb}个：政务新媒体已是政府服务的常规渠道。",
              "Nationally, by {c} online government services had {u} users and there were {wb} verified "
              "institutional government microblogs: government new media are a regular channel of public service.",
              refs=((S1, "online_gov_users_latest"), (S1, "gov_weibo_institutions_latest")),
              value=count(users["value"], lang, "人", "people"), c=cutoff(users.get("cutoff"), lang),
              u=count(users["value"], lang, "人", ""), wb=count(wb["value"], lang))
    refs = ((S3, "capability_score_2019"), (S3, "pass_rate_new_media_latest"), (S3, "websites_decline_2019"))
    out["strength"] = w.strength_of(*refs)
    return out





#: chapter 4's verdict codes (text/scale.yaml) -> this chapter's four verdict words
FROM_SCALE = {"supported": "supported", "partly_supported": "qualified", "contested": "qualified",
              "not_supported": "contradicted", "no_direct_evidence": "untestable"}


def problem_verdicts(ev: Evidence, lang: str) -> list[dict[str, Any]]:
    """One dict per problem rated in chapter 4 (``rating_<id>`` results), in id order: ``id``, ``problem``,
    ``rating`` (chapter 4's label), ``verdict`` (supported / qualified / untestable / contradicted: chapter 4's
    recorded verdict where it records one, else by the rule below) and ``n_gap``/``n_items``/``n_data``. Rule: no item with data -> untestable; data but no item showing a
    gap -> contradicted; some items showing a gap -> qualified; all items showing a gap -> supported, qualified
    when chapter 4 records counter-evidence (``n_counter`` > 0). The rule never upgrades chapter 4's rating."""
    out = []
    for key in sorted(ev.keys(S4, r"rating_.+")):
        e = ev.get(S4, key)
        n_items, n_gap = int(e.get("n_items") or 0), int(e.get("n_gap") or 0)
        n_data = int(e.get("n_data", n_items) or 0)
        if e.get("verdict") in FROM_SCALE:           # chapter 4 records its verdict on the book's scale: use it
            verdict = FROM_SCALE[e["verdict"]]
        elif n_data == 0 or e.get("basis") == "no_data":
            verdict = "untestable"
        elif n_gap == 0:
            verdict = "contradicted"
        elif n_gap < n_items or int(e.get("n_counter") or 0) > 0:
            verdict = "qualified"
        else:
            verdict = "supported"
        out.append({"id": key.split("_", 1)[1], "key": key, "problem": e.get(f"problem_{lang}") or "",
                    "rating": e.get(f"rating_{lang}") or "", "verdict": verdict, "n_gap": n_gap,
                    "n_items": n_items, "n_data": n_data, "n_support": e.get("n_support"),
                    "n_counter": e.get("n_counter")})
    return [p for p in out if p["problem"]]


VERDICT_SHORT = {"supported": ("支持", "supported by the public data"),
                 "qualified": ("部分支持", "partly supported by the public data"),
                 "untestable": ("无法检验", "untestable with the public data"),
                 "contradicted": ("不支持", "not supported by the public data")}

VERDICT_WORDS = {"supported": ("得到公开数据支持", "supported by the public data"),
                 "qualified": ("得到部分支持，但需限定", "partly supported and to be qualified"),
                 "untestable": ("无法用公开数据检验", "untestable with public data"),
                 "contradicted": ("与公开数据不符", "not supported by the public data")}


def problems(w: Writer, facts: dict[str, Any]) -> list[dict[str, Any]]:
    """7.2: the four problems, each with chapter 4's rating, the verdict, counter-evidence and the thesis's cause."""
    ev, lang = w.ev, w.lang
    w.start("problems")
    verdicts = problem_verdicts(ev, lang)
    causes = problem_causes(lang)
    for p in verdicts:
        w.para()
        if p["n_support"] is not None and p["n_counter"] is not None:
            basis = pick(lang, f"{p['n_support']}个独立来源支持，{p['n_counter']}个反证",
                         f"{p['n_support']} independent source{'' if p['n_support'] == 1 else 's'} for, "
                         f"{p['n_counter']} against")
        else:
            basis = pick(lang, f"{p['n_gap']}/{p['n_items']}项证据显示差距",
                         f"{p['n_gap']} of {p['n_items']} evidence items showing a gap")
        w.say("“{pr}”：第四章的证据评级为“{r}”（{b}）；这一判断{v}。",
              "\u201c{pr}\u201d: chapter 4 rates the evidence \u201c{r}\u201d ({b}); the claim is {v}.",
              refs=((S4, p["key"]),), value=p["rating"], rating=p["rating"], pr=p["problem"], r=p["rating"], b=basis,
              v=pick(lang, *VERDICT_WORDS[p["verdict"]]))
        if p["verdict"] == "untestable":
            w.say("公开资料中没有可比的数据（如安全事件、等级保护测评结果），既不能证实也不能否定。",
                  "The public sources hold no comparable data (such as security incidents or protection-level "
                  "assessments) that could confirm or refute it.")
        counter = ev.get(S4, p["key"]).get(f"counter_{lang}")
        if isinstance(counter, list):      # chapter 4 lists the counter-evidence itself
            if counter:
                w.say("第四章列出的反证：{c}。", "Counter-evidence listed in chapter 4: {c}.", refs=((S4, p["key"]),),
                      c=pick(lang, "；", "; ").join(str(c).rstrip("。.") for c in counter))
            continue
        if p["id"] == "P1" and facts.get("nm") is not None:
            w.say("反证：{y}年的{chk}中，政务新媒体合格率为{nm}；按本书的解读，管理上的缺陷至少没有表现为大面积不合格。",
                  "Counter-evidence: in the {chk} of {y} the new-media pass rate was {nm}; on the book's reading, "
                  "any weakness of management does not show as widespread non-compliance.",
                  refs=((S3, "pass_rate_new_media_latest"),), value=percent(facts["nm"], lang),
                  y=facts.get("nm_year"), chk=facts.get("check", ""), nm=percent(facts["nm"], lang))
        if p["id"] == "P2" and facts.get("decline_ahead"):
            w.say("反证：2019年政府网站数减少{d}；按本书的解读，平台集约化走在多数省份前面。",
                  "Counter-evidence: government websites fell by {d} in 2019; on the book's reading, platform "
                  "consolidation is ahead of most provinces.", refs=(facts.get("decline_ref"),),
                  value=percent(facts["decline"], lang), d=percent(facts["decline"], lang))
    named = [(p["problem"], causes[p["id"]]) for p in verdicts if causes.get(p["id"])]
    if named:
        w.para()
        w.say("成因方面，论文把这些问题依次归因于{c}。这些成因是论文和第四章依据检查通报文字所作的定性判断，公开数据不能直接检验；"
              "检验它们需要机构编制、人员与经费、考核制度等资料。",
              "As for causes, the thesis attributes these problems in turn to {c}. These are qualitative readings, "
              "by the thesis and by chapter 4, of the wording of the inspection notices; the public data cannot "
              "test them directly, which would need records of staffing, budgets and assessment rules.",
              c=_quote([c for _, c in named], lang))
    groups = {v: [p["problem"] for p in verdicts if p["verdict"] == v] for v in VERDICT_WORDS}
    w.para()
    parts = [pick(lang, f"{_quote(groups[v], lang)}{VERDICT_WORDS[v][0]}", f"{_quote(groups[v], lang)} "
                  f"{'is' if len(groups[v]) == 1 else 'are'} {VERDICT_WORDS[v][1]}") for v in VERDICT_WORDS if groups[v]]
    if parts:
        w.say("综上，回答第二个研究问题：{x}。", "To answer the second research question: {x}.",
              refs=tuple((S4, p["key"]) for p in verdicts), x=pick(lang, "；", "; ").join(parts))
    return verdicts


def _quote(items: list[str], lang: str) -> str:
    from heilongjiang_newmedia.text.wording import listing

    return listing([pick(lang, f"“{i}”", f"\u201c{i}\u201d") for i in items], lang)


def lessons(w: Writer) -> dict[str, Any]:
    """7.3: what the comparison with other provinces and countries teaches."""
    ev, lang, out = w.ev, w.lang, {}
    w.start("lessons")
    cr, band_, reg = (ev.get(S5, k) for k in ("composite_rank", "composite_rank_band", "region_rank"))
    if cr:
        lo, hi = (band_ or {}).get("min_rank"), (band_ or {}).get("max_rank")
        w.say("第五章在覆盖全部省份的{k}项指标上作熵权-TOPSIS综合评价，{P}居{pos}。",
              "Chapter 5's entropy-weighted TOPSIS composite on the {k} indicators that cover every province puts "
              "{P} {pos}.", refs=((S5, "composite_rank"),), value=str(cr["value"]), k=cr.get("n_indicators", ""),
              pos=rank_text(int(cr["value"]), cr.get("n"), False, lang))
        if lo is not None and hi is not None:
            w.say("各项权重上下浮动{p}%时，名次在第{lo}至第{hi}位之间，这一位置不取决于权重的细节。",
                  "Moving each weight by ±{p}% keeps the rank between {lo} and {hi}: the position does not hinge "
                  "on the exact weights.", refs=((S5, "composite_rank_band"),), value=f"{lo}–{hi}",
                  p=band_.get("pct", ""), lo=lo, hi=hi)
        out["composite_rank"], out["composite_of"] = cr["value"], cr.get("n")
    es, cc = ev.get(S2, "province_entropy_score"), ev.get(S5, "composite_closeness")
    if es and cc:
        wr = ev.get(S5, "weighted_score_rank")
        if wr and cr and wr.get("value") != cr.get("value"):
            w.say("第二章的熵权加权得分（{a}）与第五章的TOPSIS贴近度（{b}）出自同样两项指标、不同的合成方法：前者把{P}排在第{r2}位，"
                  "后者排在第{r5}位。只有两项指标时，综合名次取决于合成方法，只能说明{P}大致处于{h}。",
                  "Chapter 2's entropy-weighted score ({a}) and chapter 5's TOPSIS closeness ({b}) combine the same "
                  "two indicators by different methods: the first ranks {P} {r2}, the second {r5}. With two "
                  "indicators the composite rank depends on the method and only places {P} roughly in the {h}.", refs=((S2, "province_entropy_score"), (S5, "weighted_score_rank"), (S5, "composite_rank")),
                  h=half((wr["value"], cr["value"]), cr.get("n"), lang),
                  value=f"{wr['value']}/{cr['value']}", a=score(es["value"], lang, 3), b=score(cc["value"], lang, 3),
                  r2=wr["value"] if lang == "zh" else ordinal_of(wr["value"]),
                  r5=cr["value"] if lang == "zh" else ordinal_of(cr["value"]))
        else:
            w.say("第二章的熵权加权得分（{a}）与第五章的TOPSIS贴近度（{b}）出自同一组指标、不同的合成方法，数值不能相互比较；"
                  "本书以名次作为综合评价的结论。",
                  "Chapter 2's entropy-weighted score ({a}) and chapter 5's TOPSIS closeness ({b}) come from the "
                  "same indicators combined by different methods, so the two numbers are not comparable; the "
                  "book's conclusion rests on the rank.",
                  refs=((S2, "province_entropy_score"), (S5, "composite_closeness")),
                  a=score(es["value"], lang, 3), b=score(cc["value"], lang, 3))
    if reg:
        w.say("按四大区域平均，{r}地区居第{v}位（共4个）。", "By region, the {r} ranks {v} of 4 on the mean composite.",
              refs=((S5, "region_rank"),), value=str(reg["value"]), r=region(reg.get("region"), lang),
              v=reg["value"])
    bb = ev.get(S5, "indicators_better_than_benchmarks")
    if bb:
        w.say("在{n}项可与标杆省份比较的指标中，{P}有{v}项优于标杆省份均值。",
              "{P} is ahead of the benchmark mean on {v} of the {n} indicators comparable with the benchmark "
              "provinces.", refs=((S5, "indicators_better_than_benchmarks"),), value=str(bb["value"]),
              n=bb.get("n_compared", ""), v=bb["value"])
    w.para()
    les = ev.get(S5, "lessons")
    groups = practice_groups(les["value"], lang) if les and isinstance(les.get("value"), dict) else []
    if groups:
        w.say("第五章从标杆省份和国家归纳出可借鉴的做法：{x}。", "Chapter 5 draws these practices from the benchmark "
              "provinces and countries: {x}.", refs=((S5, "lessons"),), value=str(len(groups)),
              x=pick(lang, "；", "; ").join(pick(lang, f"{g}（{'、'.join(ps)}）", f"{g} ({', '.join(ps)})")
                                           for g, ps in groups))
        w.say("其中平台集约化对应本省的集约化与运营管理，统一身份办事对应服务便利，服务形式多样化对应“服务形式单一”的问题。",
              "Consolidation answers the province's consolidation and operation, one identity its convenience of "
              "service, and more forms of service the problem of single service forms.")
    else:
        w.say("标杆地区的做法（第五章）有三点与本省的问题直接对应：把网站和账号集约到统一平台（对应集约化与运营管理），"
          "以统一身份办理“一网通办”（对应服务便利），拓展互动、办事等多种服务形式（对应服务形式单一）。",
          "The benchmark regions' practice (chapter 5) bears on the province's problems in three ways: "
          "consolidating websites and accounts onto one platform (consolidation and operation), one digital "
          "identity for one-stop services (convenience), and more forms of service such as interaction and "
          "transactions (single service forms).")
    eg, e0, wk = (ev.get(S5, k) for k in ("china_egdi_latest", "china_egdi_rank_first", "china_weakest_component"))
    if eg and e0:
        w.say("国际比较描述的是全国环境而非{P}的位置：联合国电子政务调查中，中国的名次从{y0}年的第{r0}位升至{y}年的第{r}位。",
              "The international comparison describes the national setting, not {P}'s position abroad: in the UN "
              "E-Government Survey, China moved from {r0} in {y0} to {r} in {y}.",
              refs=((S5, "china_egdi_rank_first"), (S5, "china_egdi_latest")), value=str(eg.get("rank")),
              y0=e0.get("year"), r0=e0["value"] if lang == "zh" else ordinal_of(e0["value"]), y=eg.get("year"),
              r=eg.get("rank") if lang == "zh" else ordinal_of(eg.get("rank")))
    if wk:
        w.say("与对比国家相比，中国差距最大的分项是{c}。", "China's largest shortfall against the comparison countries is "
              "on the {c}.", refs=((S5, "china_weakest_component"),), c=wk["value"])
    refs = ((S5, "composite_rank"), (S5, "indicators_better_than_benchmarks"))
    out["strength"] = w.strength_of(*refs)
    return out



