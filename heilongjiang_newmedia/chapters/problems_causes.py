"""Chapter 4: a qualitative, document-based discussion of the thesis's four causes.

No public indicator measures a cause (understanding, capacity, resources, talent). What the data do hold are the
provincial inspection notices: their headings, the units they name, what they say about monitoring and
rectification. :func:`cause_facts` counts those facts; :func:`cause_paragraphs` writes, per cause, what the
documents show, how far that goes, and what evidence would test the cause. Everything here is labelled as the
author's reading of documents, not as a measurement.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from heilongjiang_newmedia.text import wording as W

__all__ = ["HEADINGS_ZH", "cause_facts", "cause_paragraphs"]

#: Chinese renderings of the notice headings held (in English paraphrase) in the data
HEADINGS_ZH = {
    "Item (1): day-to-day operation and supervision of websites need strengthening": "网站日常运维和监管工作有待加强",
    "Item (1): content-update support for some websites inadequate": "部分网站内容更新保障不到位",
}


def cause_facts(items: pd.DataFrame, quarterly: pd.DataFrame, city_results: pd.DataFrame) -> dict[str, Any]:
    """Facts from the province's notices (Heilongjiang; empty dict elsewhere).

    ``n_items``, ``n_units``, ``n_units_grassroots`` (units below province level), ``n_units_province``,
    ``n_content`` (content-update items), ``n_repeat`` (items on defects still present after a rectification
    round), ``headings`` (notice → heading paraphrase), ``monitored_daily`` / ``monitored_from`` (sites monitored
    daily by the provincial office), ``n_cities_monthly`` (cities checking all their own sites monthly),
    ``repeat_units`` / ``repeat_units_en`` (units named again after rectification, zh / en names),
    ``closing_rates`` (netizen-message closing rates, %), ``after_rectification`` (pass rates after
    rectification, %, by quarter and object)."""
    if items is None or items.empty:
        return {}
    units = items.drop_duplicates("unit_zh")
    prov = units["city_zh"].astype(str).eq("省级")
    q = quarterly
    val = lambda m: q[q["measure"] == m]  # noqa: E731
    daily = val("n_monitored_daily")
    return {
        "n_items": int(len(items)), "n_units": int(len(units)), "n_units_province": int(prov.sum()),
        "n_units_grassroots": int((~prov).sum()),
        "n_content": int((items["category"] == "content_update").sum()),
        "n_repeat": int(items["description_en"].astype(str).str.contains("rectification").sum()),
        "repeat_units": list(dict.fromkeys(items.loc[items["description_en"].astype(str).str.contains("rectification"),
                                                     "unit_zh"])),
        "repeat_units_en": list(dict.fromkeys(items.loc[items["description_en"].astype(str).str.contains("rectification"),
                                                        "unit_en"].fillna(items["unit_zh"]))),
        "headings": {f"{int(y)}{qq}": h for y, qq, h in zip(items["year"], items["quarter"], items["section_heading_en"])},
        "monitored_daily": float(daily["value_numeric"].iloc[0]) if len(daily) else None,
        "monitored_from": str(daily["reference_period"].iloc[0]).replace("from ", "") if len(daily) else None,
        "n_cities_monthly": int(city_results.loc[city_results["result"] == "monthly_full_check_own_sites",
                                                 "city_zh"].nunique()),
        "closing_rates": val("netizen_msgs_closing_rate")["value_numeric"].astype(float).tolist(),
        "after_rectification": val("pass_rate_after_rectification")["value_numeric"].astype(float).tolist(),
    }


def _month(d: str, lang: str) -> str:
    import calendar
    d = str(d)
    if len(d) >= 7 and d[4] == "-":
        return W.pick(lang, f"{d[:4]}年{int(d[5:7])}月", f"{calendar.month_name[int(d[5:7])]} {d[:4]}")
    return d


def _q(n: str, lang: str) -> str:
    qz = {"Q1": "一", "Q2": "二", "Q3": "三", "Q4": "四"}
    return W.pick(lang, f"{n[:4]}年第{qz.get(n[4:], n[4:])}季度", f"{n[:4]} {n[4:]}")


def cause_paragraphs(f: dict[str, Any], lang: str, province: str) -> list[dict[str, str]]:
    """Per cause (C3, C2, C4, C1 in the order of the problems P1–P4): ``cause_id``, ``title``, ``text`` (what the
    documents show and how far it goes) and ``test`` (what evidence would test the cause)."""
    zh = lang == "zh"
    out = []
    if f:
        heads = "；".join(f"{_q(n, lang)}通报第二部分第一项题为“{HEADINGS_ZH.get(h, h)}”" for n, h in f["headings"].items()) \
            if zh else "; ".join(f"section 2, item 1 of the {_q(n, lang)} notice is headed \"{h.split(': ', 1)[-1]}\""
                                 for n, h in f["headings"].items())
        lo, hi = (min(f["after_rectification"]), max(f["after_rectification"])) if f["after_rectification"] else (None, None)
        c3 = W.pick(lang,
                    f"通报把问题归于运维与监管而非体制本身：{heads}（标题据英文摘录译述）。被点名的{f['n_units']}个单位中，"
                    f"{f['n_units_grassroots']}个是县（区）级单位，{f['n_units_province']}个是省级单位；问题集中在基层，"
                    "更符合“资源在基层配置不足”的解释，而不是全省体制缺位。与此同时，网站集约化（见4.4节）说明资源确实在被重新配置。",
                    f"The notices place the problems in operation and supervision rather than in the system itself: {heads}. "
                    f"Of the {f['n_units']} units named, {f['n_units_grassroots']} are county or district units and "
                    f"{f['n_units_province']} provincial; problems cluster at the grassroots, which fits \"too few resources "
                    "at the grassroots\" better than a province-wide institutional gap. Website consolidation (section 4.4) "
                    "shows that resources were being reallocated.")
        c2 = W.pick(lang,
                    f"已收录的{f['n_items']}条问题中有{f['n_content']}条是内容更新不及时，属于日常运营而非产品研发；"
                    "已收录文本中没有关于政务新媒体功能或产品的问题条目，因此“研发能力不足”在文件中找不到直接依据。",
                    f"Of the {f['n_items']} items covered, {f['n_content']} concern content not being updated, which is day-to-day "
                    "operation, not product development; the covered text holds no item on new-media functions or products, so "
                    "the documents give no direct support for \"insufficient R&D capacity\".")
        c4 = W.pick(lang,
                    "已收录的通报文本既没有提到人员编制、培训或人才流失，也没有点名安全问题；人才机制这一成因在文件中既无支持也无反证。",
                    "The covered notice text mentions neither staffing, training nor staff turnover, and names no security "
                    "item; the talent cause finds neither support nor counter-evidence in the documents.")
        rep = W.listing(f["repeat_units" if lang == "zh" else "repeat_units_en"], lang)
        monitor = (W.pick(lang, f"省政府办公厅自{_month(f['monitored_from'], lang)}起对全部{f['monitored_daily']:.0f}个正常运行网站每天监测，"
                                f"{f['n_cities_monthly']}个市（地）每月全面检查本地网站；",
                          f"from {_month(f['monitored_from'], lang)} the provincial General Office monitored all {f['monitored_daily']:.0f} "
                          f"running sites daily and {f['n_cities_monthly']} cities checked all their own sites monthly; ")
                   if f["monitored_daily"] else "")
        rect = (W.pick(lang, f"整改后合格率为{W.percent(lo, lang)}—{W.percent(hi, lang)}。",
                       f"pass rates after rectification were {W.percent(lo, lang)}–{W.percent(hi, lang)}.") if lo else "")
        c1 = W.pick(lang,
                    f"{rep}在整改一轮后仍有栏目未更新或空白（{f['n_repeat']}条），这与“重视不够”相容；但省一级的监管力度并不弱："
                    f"{monitor}{rect}因此文件更支持“基层执行不到位”，而非全省理念认识不足。",
                    f"{rep} still had columns not updated or blank after a round of rectification ({f['n_repeat']} items), which is "
                    f"compatible with low priority; but supervision at the provincial level is not weak: {monitor}{rect} The "
                    "documents therefore point to weak execution at the grassroots rather than to a province-wide lack of "
                    "understanding.")
    else:
        none = W.pick(lang, f"本项目没有收录{province}检查通报的问题部分，无法从文件讨论这一成因。",
                      f"The collection holds no problem section of {province}'s notices, so this cause cannot be discussed from documents.")
        c3 = c2 = c4 = c1 = none
    tests = {
        "C3": W.pick(lang, "检验办法：各单位政府网站和新媒体的运维人员与经费（政府信息公开年度报告、部门预算），比较被点名与未被点名单位。",
                     "Test: staff and budget for website and new-media operation by unit (annual government-information "
                     "reports, departmental budgets), comparing units named in the notices with those not named."),
        "C2": W.pick(lang, "检验办法：全省账号普查（平台、更新频率、服务菜单与功能），与标杆省份同口径比较。",
                     "Test: a census of the province's accounts (platform, update frequency, service menus and functions), "
                     "compared on the same basis with the benchmark provinces."),
        "C4": W.pick(lang, "检验办法：编制与人员流动数据、招聘与培训记录，以及网络安全事件通报。",
                     "Test: staffing and turnover data, recruitment and training records, and security incident reports."),
        "C1": W.pick(lang, "检验办法：对运维人员和使用者的问卷或访谈，以及留言回复时长等互动记录。",
                     "Test: a survey or interviews of operators and users, and interaction records such as reply times."),
    }
    titles = {"C3": W.pick(lang, "内部资源未得到合理优化（对应问题一）", "Internal resources not rationally optimised (problem 1)"),
              "C2": W.pick(lang, "产品研发和运营能力不足（对应问题二）", "Insufficient product R&D and operation capacity (problem 2)"),
              "C4": W.pick(lang, "缺乏留住高端复合型人才的机制（对应问题三）", "No mechanism to retain high-end talent (problem 3)"),
              "C1": W.pick(lang, "对新媒体理念认识不足（对应问题四）", "Inadequate understanding of the new-media concept (problem 4)")}
    for cid, text in (("C3", c3), ("C2", c2), ("C4", c4), ("C1", c1)):
        out.append({"cause_id": cid, "title": titles[cid], "text": text, "test": tests[cid]})
    return out
