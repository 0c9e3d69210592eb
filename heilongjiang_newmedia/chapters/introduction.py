"""National context (chapter 1): CNNIC series and the audit of the thesis's headline figures.

Definitions (CNNIC Statistical Reports on Internet Development in China):

* netizens (网民): persons aged 6+ who used the internet at least once in the past six months; persons.
* internet penetration (互联网普及率): netizens / total population, percent (0–100).
* online government service users (在线政务服务用户): netizens who used online government services in the past
  half year; persons. First reported in the 39th report (2016-12); its share of netizens in percent.
* government microblogs: two scopes that must not be chained — Sina-verified government microblogs *including*
  civil servants' personal accounts (39th report, 2016-12) versus institutional accounts (政务机构微博) only
  (later reports). A 2020 paper links a fall in the per-province counts of reports 42-43 to the self-media clean-up
  from 2018-10-20; the national institutional count was nevertheless higher in 2020-12 than in 2016-12.

A CNNIC figure is dated by its ``cutoff`` month (YYYY-MM), not by the report's publication date. The audit of the
thesis's headline figures lives in :mod:`introduction_audit` (re-exported here); the charts in
:mod:`introduction_charts`.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.chapters.introduction_audit import audit_claims, audit_summary, audit_table, thesis_claims

__all__ = ["cnnic_series", "microblog_counts", "MICROBLOG_BREAKS", "LUO_2020", "reports_not_covered", "microblog_facts", "users_values", "microblog_values",
           "data_facts", "thesis_claims", "audit_claims", "audit_table", "audit_summary", "TEXT"]

_CONF = {"high": 0, "medium": 1, "low": 2}

#: Declared breaks in the government-microblog series: (cutoff month, machine id, zh label, en label, citation URL).
MICROBLOG_BREAKS = (
    ("2018-10", "clean_up_2018", "2018年10月自媒体账号清理", "Oct 2018 account clean-up",
     "https://mtoou.info/tubiao/1713774.html"),
)
#: The paper behind the declared break, as cited in the rankings data (under the microblog chart, not in the prose).
LUO_2020 = {"title": "表1 四次《中国互联网络发展状况统计报告》分省政务微博数量比较(骆正林,探索2020年4期)",
            "url": "https://mtoou.info/tubiao/1713774.html", "date": "2020", "confidence": "low"}


def _year(cutoff: pd.Series) -> pd.Series:
    return cutoff.str.slice(0, 4).astype(int)


def cnnic_series(national: pd.DataFrame, indicator: str, start_year: int | None = None,
                 end_year: int | None = None) -> pd.DataFrame:
    """One CNNIC indicator as a tidy series: one row per ``cutoff`` month, sorted.

    Where several cited rows give the same cutoff (independent copies), the highest-confidence row is kept; the
    values agree in the bundled data. Columns: ``cutoff`` (YYYY-MM), ``year``, ``report_no``, ``value`` (base units:
    persons, or percent 0–100) and the citation columns. Years outside ``start_year``–``end_year`` are dropped;
    nothing is interpolated, so reports not covered by the sources are simply absent.
    """
    rows = national[national["indicator"] == indicator].copy()
    if rows.empty:
        raise ValueError(f"national_series has no indicator {indicator!r}")
    rows["year"] = _year(rows["cutoff"])
    rows["_conf"] = rows["confidence"].map(_CONF)
    rows = rows.sort_values(["cutoff", "_conf"]).drop_duplicates("cutoff").drop(columns="_conf")
    if start_year is not None:
        rows = rows[rows["year"] >= start_year]
    if end_year is not None:
        rows = rows[rows["year"] <= end_year]
    keep = ["cutoff", "year", "report_no", "indicator", "value", "value_as_printed", "unit_as_printed",
            "source_url", "source_title", "source_date", "locator", "confidence"]
    return rows[keep].reset_index(drop=True)


# Scope of each government-microblog indicator (labels for charts and tables).
_MICROBLOG_SCOPES = {
    ("national_series", "gov_weibo_institutions"): ("institutions", "CNNIC：政务机构微博", "CNNIC: institutional accounts"),
    ("national_series", "gov_weibo_sina_verified_total"):
        ("incl_civil_servants", "CNNIC：新浪认证政务微博（含公务人员）", "CNNIC: Sina-verified incl. civil servants"),
    ("related_non_cnnic_benchmarks", "sina_gov_weibo_total"):
        ("incl_civil_servants", "人民网/微博：政务微博总数（含公务人员）", "People's Daily/Weibo: total incl. civil servants"),
}


def microblog_counts(national: pd.DataFrame, benchmarks: pd.DataFrame, start_year: int | None = None,
                     end_year: int | None = None) -> pd.DataFrame:
    """Government microblog counts (accounts) by scope and publisher, long format, for charting side by side.

    Columns: ``cutoff``, ``year``, ``series`` (machine id), ``scope`` (``institutions`` or
    ``incl_civil_servants``), ``label_zh``, ``label_en``, ``value`` (accounts) and citation columns. The scopes are
    different populations: plot them as separate series, never as one line.
    """
    parts = []
    for (dataset, indicator), (scope, zh, en) in _MICROBLOG_SCOPES.items():
        src = national if dataset == "national_series" else benchmarks
        rows = src[src["indicator"] == indicator].copy()
        rows["series"] = f"{dataset}:{indicator}"
        rows["scope"], rows["label_zh"], rows["label_en"] = scope, zh, en
        parts.append(rows)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = _year(out["cutoff"])
    if start_year is not None:
        out = out[out["year"] >= start_year]
    if end_year is not None:
        out = out[out["year"] <= end_year]
    keep = ["cutoff", "year", "series", "scope", "label_zh", "label_en", "value", "value_as_printed",
            "source_url", "source_title", "source_date", "locator", "confidence"]
    return out.sort_values(["series", "cutoff"])[keep].reset_index(drop=True)


def reports_not_covered(national: pd.DataFrame, indicator: str, start_year: int | None = None,
                        end_year: int | None = None) -> list[int]:
    """CNNIC report numbers, from the first report that gives ``indicator`` on, whose figure is absent here.

    The reference set is the reports present for any indicator within the year window; reports before the
    indicator's first appearance are not counted as gaps.
    """
    years = national["cutoff"].str.slice(0, 4).astype(int)
    window = national[((start_year is None) | (years >= (start_year or 0))) &
                      ((end_year is None) | (years <= (end_year or 9999)))]
    have = set(window.loc[window["indicator"] == indicator, "report_no"].dropna().astype(int))
    if not have:
        return []
    first = min(set(national.loc[national["indicator"] == indicator, "report_no"].dropna().astype(int)))
    return sorted(r for r in set(window["report_no"].dropna().astype(int)) if r >= first and r not in have)


def microblog_facts(blogs: pd.DataFrame, break_cutoff: str = MICROBLOG_BREAKS[0][0]) -> dict[str, Any] | None:
    """What the institutional CNNIC series says about the declared break: the last count before it (``before``), the
    first after it (``after``) and the latest (``last``), each ``{"cutoff", "value"}`` (accounts); None when the
    window holds no institutional count on both sides of the break."""
    inst = blogs[blogs["scope"] == "institutions"].sort_values("cutoff")
    pre, post = inst[inst["cutoff"] < break_cutoff], inst[inst["cutoff"] >= break_cutoff]
    if pre.empty or post.empty:
        return None
    pick = lambda r: {"cutoff": r["cutoff"], "value": float(r["value"])}
    return {"before": pick(pre.iloc[-1]), "after": pick(post.iloc[0]), "last": pick(post.iloc[-1])}


def data_facts(framework: pd.DataFrame, national: pd.DataFrame) -> dict[str, Any]:
    """Facts for the data-strategy section: the year(s) of the only 31-province cross-section (the composite
    indicators' ``year``), the number of evaluation indicators, of comparable ones, and the latest national cutoff."""
    comp = framework[framework["role"] == "composite"]
    years = sorted({int(y) for y in comp["year"] if str(y).isdigit()})
    latest = str(national["cutoff"].max())
    return {"cross_section_years": years, "n_comparable": int(len(comp)),
            "n_evaluation": int((framework["dimension"] != "context").sum()), "latest_cutoff": latest,
            "age_years": int(latest[:4]) - years[-1] if years else None}


#: Prose templates of chapter 1: key -> (zh, en), filled by the notebook from computed values.
TEXT: dict[str, tuple[str, str]] = {
    "netizens": (
        "政务新媒体的受众基础在这一时期急剧扩大：全国网民从{c1}的{v1}增至{c2}的{v2}，互联网普及率达到{p}。"
        "受众几乎覆盖全体居民以后，问题已不在于政府要不要上网，而在于各地政务新媒体能否被找到、被使用、能否回应和办成事——这正是本书的研究问题。",
        "The audience of government new media grew fast over the period: China's netizens rose from {v1} in {c1} to {v2} "
        "in {c2}, and internet penetration reached {p}. Once the audience covers almost the whole population, the "
        "question is no longer whether government should be online but whether each region's government new media can "
        "be found, used, respond and deliver — the questions of this book."),
    "users": (
        "在线政务服务的用户从{c1}的{v1}增至{c2}的{v2}{share}。这说明政务服务的“线上化”已是多数网民的日常，"
        "也说明评价一个省的政务新媒体时，服务能否在线办成与信息发布同样重要。{gap}",
        "Online government service users rose from {v1} in {c1} to {v2} in {c2}{share}. Online public services have "
        "become routine for most netizens, so an evaluation of a province's government new media must weigh whether "
        "services can be completed online as much as how information is published. {gap}"),
    "users_gap": (
        "第{m}次报告的这一数字未能收集到，图中相应时点空缺，未插值。",
        "The figure of the {m} reports could not be collected; those dates are left empty, not interpolated."),
    "microblogs": (
        "政务微博数量有不同的统计口径：CNNIC第39次报告统计新浪认证政务微博（含公务人员个人账号），此后的报告只统计政务机构微博；"
        "人民日报与微博发布的总数也含公务人员账号。口径不同就是总体不同，图中分列为不同的线，不连成一条序列。"
        "有研究把第42、43次报告中各省计数的下降与2018年10月开始的自媒体账号清理联系起来，但全国机构口径并未随之下降："
        "CNNIC统计的政务机构微博{b_c}为{b_v}，清理之后的{a_c}为{a_v}，反而更高；明显下降只出现在{l_c}（{l_v}），现有来源没有解释其原因。"
        "因此，本书不把任何一次下降归因于清理，也不把2018年后的机构口径与人民日报与微博的总数相比。",
        "Government microblogs are counted on different scopes: the CNNIC 39th report counts Sina-verified government "
        "microblogs including civil servants' personal accounts, later reports count institutional accounts only, and "
        "the People's Daily / Weibo totals also include civil servants. Different scopes are different populations, so "
        "the chart shows them as separate lines and never chains them. A study links the fall in the per-province counts "
        "of the 42nd and 43rd reports to the self-media clean-up that began in October 2018, but the national "
        "institutional count did not fall with it: CNNIC counted {b_v} in {b_c} and {a_v} in "
        "{a_c}, after the clean-up, which is higher; a clear fall appears only in {l_c} ({l_v}), and the sources do not "
        "explain it. The book therefore attributes no fall to the clean-up and does not compare the institutional "
        "count after 2018 with the People's Daily / Weibo totals."),
    "data": (
        "本书只使用公开、可引用的数据：每个数字都来自一条注明出处（网址、日期、位置）和可信度（高、中、低）的数据行，"
        "缺失的时期保持空缺，不插值、不估算。这一做法有三个代价，读者应当始终记住。第一，数据较旧：唯一覆盖31个省份的同口径截面是"
        "{years}的（{n_comp}项指标），而全国序列最新到{latest}，两者相隔{age}年；在这期间各省的政务新媒体已有变化。"
        "第二，{n_eval}项评价指标中只有{n_comp}项可在31个省份之间比较，其余只能作为部分省份或部分时期的证据，综合评价只具参考意义。"
        "第三，很多数据来自报道和转载，而非原始报告全文，可信度多为“中”。"
        "论文作者掌握的账号数据（各账号的关注、发布、互动和回复时长）和对公众的问卷调查，本书都没有；有了它们，才能直接衡量"
        "“覆盖与使用”和“互动与参与”两个维度，并检验论文提出的原因。",
        "The book uses public, citable data only: every figure comes from a data row that names its source (address, "
        "date, location) and a confidence grade (high, medium, low); missing periods stay empty, nothing is interpolated "
        "or estimated. This has three costs the reader should keep in mind throughout. First, the data are old: the "
        "only cross-section on one basis covering all 31 provinces is from {years} ({n_comp} indicators), while the "
        "national series run to {latest}, {age} years later; provinces' government new media have changed since. Second, "
        "only {n_comp} of the {n_eval} evaluation indicators are comparable across the 31 provinces; the rest serve as "
        "evidence for some provinces or periods, so the composite is indicative. Third, many figures come from press "
        "reports and reprints rather than the full original reports, and most are graded medium. The thesis author's own "
        "account data (followers, posts, interaction and reply times per account) and the citizen survey are not "
        "available to this book; with them the reach and interaction dimensions could be measured directly and the "
        "causes the thesis proposes could be tested."),
    "summary": (
        "本章提出了四个研究问题，界定了政务新媒体的范围，说明了只用公开数据的研究策略及其代价——唯一的31省截面停留在{years}，"
        "{n_eval}项评价指标中只有{n_comp}项可比——并核对了论文摘要的关键数字（{summary}）。第二章据此建立评价框架，第三至七章依次回答研究问题。",
        "This chapter set out four research questions, defined the scope of government new media, and explained the "
        "strategy of using public data only and its costs — the only 31-province cross-section dates from {years}, and "
        "only {n_comp} of {n_eval} evaluation indicators are comparable — and audited the headline figures of the "
        "thesis abstract ({summary}). Chapter 2 builds the evaluation framework on this basis; chapters 3 to 7 answer the "
        "research questions in turn."),
}


def users_values(users: pd.DataFrame, share: pd.DataFrame, missing: list[int], lang: str) -> dict[str, str]:
    """Fields of the ``users`` template: first/last users with dates, the share sentence and the gap sentence."""
    a, b = users.iloc[0], users.iloc[-1]
    out = {"c1": W.month(a["cutoff"], lang), "v1": W.count(a["value"], lang, "人", "people"),
           "c2": W.month(b["cutoff"], lang), "v2": W.count(b["value"], lang, "人", "people"), "share": "", "gap": ""}
    if len(share) > 1:
        s1, s2 = share.iloc[0], share.iloc[-1]
        p1, p2 = W.percent(s1["value"], lang), W.percent(s2["value"], lang)
        m1, m2 = W.month(s1["cutoff"], lang), W.month(s2["cutoff"], lang)
        out["share"] = W.pick(lang, f"，占网民的比例从{m1}的{p1}升至{m2}的{p2}",
                              f"; their share of netizens rose from {p1} in {m1} to {p2} in {m2}")
    if missing:
        names = [str(m) for m in missing] if lang == "zh" else [W.ordinal(m) for m in missing]
        out["gap"] = W.pick(lang, *TEXT["users_gap"]).format(m=W.listing(names, lang))
    return out


def microblog_values(facts: dict[str, Any], lang: str) -> dict[str, str]:
    """Fields of the ``microblogs`` template from :func:`microblog_facts`."""
    out = {}
    for key, k in (("before", "b"), ("after", "a"), ("last", "l")):
        out[f"{k}_c"] = W.month(facts[key]["cutoff"], lang)
        out[f"{k}_v"] = W.count(facts[key]["value"], lang, "个", "institutional accounts")
    return out
