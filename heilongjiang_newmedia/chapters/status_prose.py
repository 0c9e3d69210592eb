"""Chapter 3: the argument in prose — paragraphs filled from the collected data, in zh and en."""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd

from heilongjiang_newmedia.text import wording as W

__all__ = ["inspections_paragraph", "named_paragraph", "websites_paragraph", "capability_paragraph",
           "key_city_paragraph", "status_summary", "other_paragraph"]

_QZ = {"Q1": "一", "Q2": "二", "Q3": "三", "Q4": "四"}


def _ql(y: Any, q: str, lang: str) -> str:
    return W.pick(lang, f"{int(y)}年第{_QZ.get(q, q)}季度", f"{int(y)} {q}")


def _m(ins: pd.DataFrame, y: int, q: str, obj: str, measure: str) -> Any:
    r = ins[(ins["year"] == y) & (ins["quarter"] == q) & (ins["object"] == obj) & (ins["measure"] == measure)]
    if r.empty:
        return None
    return r["value"].iloc[0] if measure != "check_type" else str(r["value_as_printed"].iloc[0])


def inspections_paragraph(d: Mapping[str, Any], lang: str, pname: str) -> str:
    """The province's own inspection results, notice by notice, with their method breaks."""
    ins = d["inspections"]
    pr = ins[ins["measure"] == "pass_rate"]
    if pr.empty:
        return W.pick(lang, f"本项目未收录{pname}的省级政府网站和政务新媒体检查通报。",
                      f"The collection holds no provincial inspection notice of {pname}.")
    parts = []
    for (y, q), g in pr.groupby(["year", "quarter"], sort=True):
        objs = []
        for obj in ("website", "new_media"):
            v = _m(ins, y, q, obj, "pass_rate")
            if v is None:
                continue
            n = _m(ins, y, q, obj, "n_checked")
            ct = _m(ins, y, q, obj, "check_type") or ""
            what = W.pick(lang, "网站" if obj == "website" else "新媒体账号", "websites" if obj == "website" else "new-media accounts")
            ctz = ct
            cte = {"全覆盖检查": "full coverage", "抽查": "sample", "随机抽查": "random sample"}.get(ct, ct)
            if n is None and not ct:
                objs.append(W.pick(lang, f"{what}合格率{W.percent(v, 'zh')}", f"{what}: {W.percent(v, 'en')} passed"))
                continue
            objs.append(W.pick(lang, f"{ctz}{W.count(n, 'zh', '个') if n is not None else ''}{what}，合格率{W.percent(v, 'zh')}",
                               f"{(cte + ' of ') if cte else ''}{W.count(n, 'en') + ' ' if n is not None else ''}{what}, "
                               f"{W.percent(v, 'en')} passed"))
        parts.append(W.pick(lang, f"{_ql(y, q, lang)}：" + "；".join(objs), f"{_ql(y, q, lang)}: " + "; ".join(objs)))
    s = W.pick(lang, f"{pname}的省级检查通报中可以引用的结果如下——" + "。".join(parts) + "。",
               f"The citable results of {pname}'s provincial notices: " + ". ".join(parts) + ".")
    years = sorted({int(y) for y in pr["year"]})
    if years and years[0] < 2019 <= years[-1]:
        s += W.pick(lang, "这几期不能连成趋势：2019年4月起检查指标改变（新增单项否决），早期为抽查，2022年第二季度新媒体也只是抽查，"
                          "只有2024年第二季度对网站和新媒体都做了全覆盖检查。",
                    " These notices do not form a trend: the criteria changed in April 2019 (single-veto items added), the early "
                    "check was a sample, the 2022 Q2 new-media check was a sample too, and only the 2024 Q2 notice checked "
                    "every website and every account.")
    return s


def named_paragraph(d: Mapping[str, Any], lang: str, pname: str) -> str:
    """Named accounts and their places on ranking lists; the flagship city account's launch and award."""
    n = d.get("named")
    if n is None or n.empty:
        return W.pick(lang, f"本项目没有收录{pname}具名账号在排行榜上的名次。",
                      f"The collection holds no ranking place of a named account of {pname}.")
    nat = n[(n["scope"] == "national") & (n["rank"] == 1)]
    latest = nat[nat["year"] == nat["year"].max()] if len(nat) else nat
    s = ""
    if len(latest):
        acct = latest["account"].value_counts().index[0]
        mine = latest[latest["account"] == acct]
        lists = W.listing(["“" + x.split(" - ")[-1] + "”" for x in mine["list_name"]], "zh")
        s += W.pick(lang, f"具名账号中表现最突出的是{acct}的账号：在{int(mine['year'].iloc[0])}年的全国性榜单中{len(mine)}次排名第1位"
                          f"（{mine['list_name'].iloc[0].split(' - ')[0]}：{lists}）。",
                    f"The strongest named accounts are those of {W.name(acct, lang)}: first place {len(mine)} "
                    f"times on national lists in {int(mine['year'].iloc[0])} ({mine['list_name'].iloc[0].split(' - ')[0]}).")
    prov = n[n["scope"] == "provincial"]
    if len(prov):
        y = int(prov["year"].min())
        s += W.pick(lang, f"{y}年全省排行榜中排名第1位的有{W.listing(list(dict.fromkeys(prov.loc[prov['rank'] == 1, 'account'])), 'zh')}。",
                    f" In {y} the provincial lists put {W.listing([W.name(a, 'en') for a in dict.fromkeys(prov.loc[prov['rank'] == 1, 'account'])], 'en')} first.")
    ev = d.get("harbin_events")
    if ev is not None and len(ev):
        y0 = int(ev["year"].min())
        s += W.pick(lang, f"城市政务发布账号方面，哈尔滨发布自{y0}年起运营，并获得哈尔滨市{y0}年度政务微博表彰。",
                    f" Among city government release accounts, 哈尔滨发布 (Harbin Release) has run since {y0} and was "
                    f"commended in Harbin's {y0} government-Weibo awards.")
    s += W.pick(lang, "这些名次来自各自的榜单，方法不同，只能说明具体账号的表现，不能代表全省账号的整体水平。",
                " These places come from separate lists with their own methods; they show how particular accounts did, "
                "not the level of the province's accounts as a whole.")
    return s


def websites_paragraph(d: Mapping[str, Any], lang: str, pname: str) -> str:
    """2019 website count and decline, flagged when the province's row is doubted."""
    wp, dp = d["websites_pos"], d["decline_pos"]
    s = W.pick(lang, f"2019年底{pname}有政府网站{W.count(wp['value'], 'zh', '个')}，{W.rank(wp['rank_min'], 31, 'zh')}；"
                     f"比上年下降{W.percent(dp['value'], 'zh', 1)}，降幅居31省{W.rank(dp['rank_min'], None, 'zh')}（中位数{W.percent(dp['median'], 'zh', 1)}）。",
               f"At the end of 2019 {pname} had {W.count(wp['value'], 'en', 'government websites')}, {W.rank(wp['rank_min'], 31, 'en')}; "
               f"the count fell {W.percent(dp['value'], 'en', 1)} on the year, {W.rank(dp['rank_min'], 31, 'en')} by size of decline "
               f"(median {W.percent(dp['median'], 'en', 1)}).")
    if d["website_doubted"]:
        acc = d.get("accounts")
        prov = acc[acc["platform"] == "government_website"] if acc is not None else None
        near = ""
        if prov is not None and len(prov):
            notices = prov[~prov["basis"].astype(str).str.contains("CNNIC")]
            if len(notices):
                near = W.pick(lang, f"；它与省级通报中正常运行网站数（{W.listing([f'{int(v)}个' for v in notices['count']], 'zh')}）大体一致",
                              f"; it is broadly consistent with the running websites in the provincial notices "
                              f"({W.listing([f'{int(v)}' for v in notices['count']], 'en')})")
        s += W.pick(lang, f"需要说明：这一行来自转载的CNNIC分省表，另一份数据文件把它列为低可信度（表格前几行与正文矛盾，可能错行）{near}。"
                          "本书凡使用这一数字处都作此标注。",
                    f" A caution: this row comes from a reprinted CNNIC province table that another data file grades low "
                    f"(its top rows contradict the text, so rows may be shifted){near}. The book flags the figure wherever it is used.")
    return s


def capability_paragraph(cp: Mapping[str, Any], lang: str, pname: str, gaps: str) -> str:
    """2019 index: score, competition rank with the number of provinces higher, the printed dense rank, gaps."""
    return W.pick(lang,
                  f"2019年{pname}网上政务服务能力总体指数为{W.score(cp['value'], 'zh')}分，等级为“{cp['grade']}”，在31个省份中"
                  f"{W.rank(cp['rank'], None, 'zh')}——{cp['n_higher']}个省份得分更高（报告并列不跳号排名第{cp['rank_printed']}位，"
                  f"共{cp['n_printed']}个单位）；{gaps}。",
                  f"In 2019 {pname}'s online government service capability index was {W.score(cp['value'], 'en')} (grade "
                  f"{cp['grade_en']}), {W.rank(cp['rank'], 31, 'en')} provinces: {cp['n_higher']} provinces scored higher (the "
                  f"report prints rank {cp['rank_printed']} of {cp['n_printed']} units, ties not skipped); it is {gaps}.")


def key_city_paragraph(mine: pd.DataFrame, mix: Mapping[str, int], lang: str, pname: str) -> str:
    """The province's key cities: score, competition rank by score among the key cities, printed rank."""
    comp = W.pick(lang, f"重点城市为{mix['n_capitals']}个省会城市和{mix['n_plan']}个计划单列市，共{mix['n']}个，不含直辖市。",
                  f"The {mix['n']} key cities are {mix['n_capitals']} provincial capitals and {mix['n_plan']} cities with "
                  "separate planning status (计划单列市); no municipality is included.")
    if mine.empty:
        return comp + W.pick(lang, f"{pname}没有城市进入2019年重点城市评估。", f" None of {pname}'s cities is among them.")
    cities = [W.pick(lang, f"{r.city_zh}{W.score(r.score, 'zh')}分，{mix['n']}个重点城市中第{int(r.rank_score)}高（报告并列排名第{int(r.rank)}位）",
                     f"{r.city_en} {W.score(r.score, 'en')}, {W.ordinal(int(r.rank_score))} highest of {mix['n']} key cities "
                     f"(printed rank {int(r.rank)}, with ties)") for r in mine.itertuples()]
    return comp + W.pick(lang, "；".join(cities) + "。", " " + "; ".join(cities) + ".")


def status_summary(d: Mapping[str, Any], lang: str, pname: str) -> str:
    """What the status evidence shows and how strong it is."""
    cp, zh = d["capability_pos"], lang == "zh"
    parts = []
    ins = d["inspections"]
    full = ins[(ins["measure"] == "check_type") & (ins["value_as_printed"].astype(str) == "全覆盖检查")
               & (ins["object"] == "new_media")]
    if d["inspection_source"] == "hlj_quarterly" and len(full):
        fy, fq = int(full["year"].max()), full.loc[full["year"] == full["year"].max(), "quarter"].iloc[0]
        named = d.get("named")
        nfirst = int(((named["scope"] == "national") & (named["rank"] == 1)).sum()) if named is not None and len(named) else 0
        firsts_zh = f"具名账号在全国性榜单上{nfirst}次排名第一；" if nfirst else ""
        firsts_en = f" named accounts took first place {nfirst} times on national lists;" if nfirst else ""
        parts.append(W.pick(lang, f"在政务新媒体本身，最可靠的事实来自{_ql(fy, fq, 'zh')}的全覆盖检查：账号规模和合格率都有官方数字，"
                                  f"{firsts_zh}但没有按平台或层级分列的账号数，也没有账号活跃度和互动的系统数据。",
                            f"On new media itself, the most reliable facts come from the {fy} {fq} full-coverage check, which gives "
                            f"official figures for the number of accounts and their pass rate;{firsts_en} but there is no count of "
                            "accounts by platform or level and no systematic data on account activity or interaction."))
    elif len(ins):
        parts.append(W.pick(lang, f"本项目只收录了{pname}少数几期检查通报的合格率（多来自新闻报道），没有账号结构和活跃度数据，"
                                  "政务新媒体本身的状况只能粗略了解。",
                            f"The collection holds only a few of {pname}'s notice pass rates (mostly from news reports) and no data "
                            "on account structure or activity, so the state of its new media is known only roughly."))
    else:
        parts.append(W.pick(lang, f"{pname}的省级检查通报未收录，政务新媒体本身的状况只能从全国性排行间接了解。",
                            f"{pname}'s provincial notices are not in the collection, so the state of its new media can only be "
                            "inferred from national lists."))
    if cp is not None:
        pos = (W.pick(lang, "居于前列", "among the leaders") if cp["rank"] <= 5 else
               W.pick(lang, "处于中上游", "in the upper half") if cp["rank"] <= 15 else
               W.pick(lang, "明显落后于先进省份", "well behind the leaders"))
        parts.append(W.pick(lang, f"在网站与政务服务方面，2019年的网上政务服务能力居31个省份{W.rank(cp['rank'], None, 'zh')}，{pos}；"
                                  "这是全章唯一覆盖31个省份、可比的数字，但它衡量的是网上政务服务，不是新媒体，而且只有2019年一年。",
                            f" On websites and online services, the 2019 capability index places {pname} "
                            f"{W.rank(cp['rank'], 31, 'en')}, {pos}; it is the chapter's only comparable "
                            "31-province figure, but it measures online government services, not new media, and covers 2019 only."))
    parts.append(W.pick(lang, "总体而言，现状证据是零散的：官方检查数字可靠但期数少、方法有断点，排行名次只说明个别账号，"
                              "缺少全省账号普查。第四章据此检验论文的四个问题时，只能给出有限的判断。",
                        " Overall the status evidence is patchy: the official inspection figures are reliable but few and broken by "
                        "method changes, ranking places describe particular accounts, and there is no census of the province's "
                        "accounts. Chapter 4 can therefore test the thesis's four problems only to a limited degree."))
    return "".join(parts)


def other_paragraph(o: pd.DataFrame, lang: str, pname: str) -> str:
    """What the other evaluations add: the explicit first places, and how little the absences say."""
    from heilongjiang_newmedia.chapters.status_display import metric_label
    import re
    firsts = o[pd.to_numeric(o["rank"], errors="coerce") == 1]
    name = lambda n: re.sub(r"\s*\(.*\)\s*$", "", str(n))  # noqa: E731
    s = W.pick(lang, f"共收录{len(o)}条把{pname}（或其城市）纳入电子政务或新媒体评估的记录，涉及{o['index_name'].nunique()}种指数或排行，"
                     f"其中名次明确的{int(o['rank'].notna().sum())}条。",
               f"The collection has {len(o)} records placing {pname} (or its cities) in e-government or new-media evaluations, "
               f"from {o['index_name'].nunique()} indices or lists; {int(o['rank'].notna().sum())} give an explicit place.")
    if len(firsts):
        items = [W.pick(lang, f"{int(str(r.eval_year)[:4])}年{name(r.index_name)}的{metric_label(r.metric, 'zh')}",
                        f"the {metric_label(r.metric, 'en')} of {r.index_name} in {str(r.eval_year)[:4]}") for r in firsts.itertuples()]
        s += W.pick(lang, f"值得注意的是两项第一名：{W.listing(items, 'zh')}都排在第1位（或并列第1位）。这些是对本省有利的发现，"
                          "但各指数只覆盖个别方面。",
                    f" Two first places stand out: {W.listing(items, 'en')}, each first (or tied first). They are favourable "
                    "findings for the province, but each index covers one aspect only.") if len(firsts) == 2 else \
            W.pick(lang, f"排在第1位的有：{W.listing(items, 'zh')}。", f" First places: {W.listing(items, 'en')}.")
    s += W.pick(lang, "其余多为“未上榜”（未进入公布的名单），只说明不在前列，不说明具体位次。",
                " Most other records only say the province is not among the published leaders, which gives no exact place.")
    return s
