"""Chapter sections on the researcher's own data: the account inventory (chapter 3) and the citizen survey
(chapters 4 and 6).

Each section takes the notebook's :class:`heilongjiang_newmedia.reporting.exhibits.Chapter` (``ch``, used through
its methods only), finds the researcher's file from the chapter parameters, loads it (:mod:`..loading.inventory`,
:mod:`..loading.survey`), computes the indicators and statistics (:mod:`..methods.inventory`,
:mod:`..methods.survey`) and shows them as exhibits with recorded key results. Without a file the section says
that the data were not supplied.
"""
from __future__ import annotations

import os
from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.datasets import load
from heilongjiang_newmedia.loading.inventory import find_inventory, load_inventory
from heilongjiang_newmedia.loading.regions import resolve_province
from heilongjiang_newmedia.loading.survey import find_survey, load_survey
from heilongjiang_newmedia.loading.survey_codebook import Codebook
from heilongjiang_newmedia.methods.inventory import INSPECTION_INACTIVE_DAYS, inventory_overview, service_share
from heilongjiang_newmedia.methods.survey import (
    alpha_if_item_deleted, dimension_summary, ipa, ipa_chart, ipa_priorities, reliability, sample_description,
    scores_by_group,
)

__all__ = ["inventory_section", "display_inventory_table", "MISSING_INVENTORY_TEXT", "survey_section",
           "survey_priorities_section", "display_survey_table", "MISSING_SURVEY_TEXT"]


# -- account inventory (chapter 3) ---------------------------------------------------------------------------------

#: What the chapter says when no inventory was supplied (Markdown; no figures).
MISSING_INVENTORY_TEXT = {
    "zh": ("**账号台账（研究者自备数据）**：本报告未提供账号台账，本节从略。台账的模板、字段说明和提供方法见项目说明文档"
           "（README）。"),
    "en": ("**Account inventory (researcher-supplied data)**: no inventory was supplied for this report, so this "
           "section is omitted. The project's README describes the template, its fields and how to supply it."),
}

_LABELS = {
    "platform": ("平台", "Platform"), "level": ("行政层级", "Level"), "division": ("地市", "Division"),
    "sector": ("领域", "Sector"), "accounts": ("账号数", "Accounts"), "share_pct": ("占比（%）", "Share (%)"),
    "group": ("分组", "Group"), "known": ("有记录账号", "With data"), "unknown": ("无记录", "No data"),
    "inactive": ("不活跃账号", "Inactive"), "inactive_share_pct": ("不活跃占比（%）", "Inactive share (%)"),
    "threshold_days": ("阈值（天）", "Threshold (days)"), "offering": ("提供服务", "Offering services"),
    "service_share_pct": ("提供服务占比（%）", "Service share (%)"), "mean_services": ("平均服务数", "Mean services"),
    "accounts_with_followers": ("有粉丝数账号", "Accounts with followers"),
    "total_followers": ("粉丝总数", "Total followers"), "top_n": ("前N", "Top N"),
    "top_n_share_pct": ("前N账号粉丝占比（%）", "Top-N share (%)"), "gini": ("基尼系数", "Gini"),
    "population_census2020": ("2020年普查常住人口", "Census 2020 residents"),
    "accounts_per_100k": ("每10万人账号数", "Accounts per 100,000"),
}
_VALUES_ZH = {"weibo": "微博", "wechat": "微信", "douyin": "抖音", "toutiao": "今日头条", "app": "政务APP",
              "other": "其他", "province": "省级", "city": "地市级", "county": "县级", "township": "乡镇级",
              "all": "全部", "(none)": "（无）"}


def display_inventory_table(df: pd.DataFrame, lang: str = "zh", decimals: int = 1) -> pd.DataFrame:
    """A copy of an indicator table for display: labelled columns in ``lang``, platform/level names translated,
    shares rounded; citation columns dropped (the exhibit cites them through ``sources``)."""
    drop = [c for c in ("source_url", "source_title", "source_date", "locator", "confidence", "admin_code",
                        "division_en" if lang == "zh" else "division") if c in df.columns]
    out = df.drop(columns=drop).copy()
    for c in out.columns:
        if out[c].dtype == object or str(out[c].dtype) in ("str", "string"):
            if lang == "zh":
                out[c] = out[c].map(lambda v: _VALUES_ZH.get(v, v))
        elif str(out[c].dtype).startswith("float"):
            out[c] = out[c].round(3 if c == "gini" else 2 if c == "accounts_per_100k" else decimals)
    idx = 0 if lang == "zh" else 1
    out.columns = [_LABELS.get(c, (c, c))[idx] if c != "division_en" else _LABELS["division"][1] for c in out.columns]
    out.attrs = dict(df.attrs)
    return out


def inventory_section(ch: Any, inventory_file: str | os.PathLike | None = None,
                      data_dir: str | os.PathLike | None = None, province: Any = "黑龙江",
                      threshold_days: int = INSPECTION_INACTIVE_DAYS, top_n: int = 10) -> dict[str, pd.DataFrame] | None:
    """The "account inventory" section of a chapter (``ch`` = :class:`heilongjiang_newmedia.reporting.exhibits.Chapter`).

    Without a file (see :func:`find_inventory`) it says how to supply one and records ``inventory_supplied`` =
    False. Otherwise it shows accounts by platform and level, accounts per 100,000 residents by division (only for
    Heilongjiang, whose 2020 census division populations are bundled), activity and services by platform and
    follower concentration, records key figures and returns :func:`inventory_overview`."""
    P = resolve_province(province)
    path = find_inventory(inventory_file, data_dir)
    if path is None:
        ch.say(zh=MISSING_INVENTORY_TEXT["zh"], en=MISSING_INVENTORY_TEXT["en"])
        ch.record("inventory_supplied", False)
        return None
    inv = load_inventory(path)
    ov = inventory_overview(inv, load("hlj_cities", data_dir=data_dir), threshold_days, top_n)
    hlj = P.zh == "黑龙江"
    src = inv.attrs["sources"]
    lang = ch.lang
    snap = src[0]["date"]
    ch.say(zh="**账号台账（研究者自备数据）**：台账共收录{prov}政务新媒体账号{n:,}个（采集日期{snap}），以下统计全部来自该台账。",
           en="**Account inventory (researcher-supplied data)**: the inventory lists {n:,} government new-media "
              "accounts of {prov} (read on {snap}); the figures below all come from it.",
           prov=P.zh if lang == "zh" else P.en, n=len(inv), snap=snap)
    plat = ov["by_platform"].merge(service_share(inv, by="platform")[["group", "service_share_pct"]],
                                   left_on="platform", right_on="group", how="left").drop(columns="group")
    plat = plat.merge(ov["inactive_by_platform"][["group", "inactive_share_pct"]], left_on="platform",
                      right_on="group", how="left").drop(columns="group")
    plat.attrs = ov["by_platform"].attrs
    ch.exhibit(display_inventory_table(plat, lang), id="inventory-platform", data=plat, sources=src,
               title=ch.t(zh="政务新媒体账号的平台分布、活跃与服务情况（研究者台账）",
                          en="Government new-media accounts by platform: activity and services (researcher's inventory)"),
               note=ch.t(zh=f"不活跃：采集日前超过{threshold_days}天未更新。2019年国办《政府网站与政务新媒体检查指标》将"
                            "“超过两周无更新”列为单项否决项（默认阈值14天）。",
                         en=f"Inactive: no post for more than {threshold_days} days before the snapshot. The 2019 "
                            "national inspection criteria make 'no update for more than two weeks' a single-veto "
                            "item (default threshold 14 days)."))
    ch.exhibit(display_inventory_table(ov["by_level"], lang), id="inventory-level", data=ov["by_level"],
               sources=src, title=ch.t(zh="账号的行政层级分布", en="Accounts by administrative level"))
    if hlj:
        per = ov["per_100k"]
        ch.exhibit(display_inventory_table(per, lang), id="inventory-per-100k", data=per,
                   sources=per.attrs["sources"],
                   title=ch.t(zh="各地市每10万常住人口政务新媒体账号数", en="Accounts per 100,000 residents by division"),
                   note=ch.t(zh="人口为2020年第七次全国人口普查常住人口；省级账号不计入地市。",
                             en="Population: 2020 (7th) census residents; province-level accounts are not attributed "
                                "to a division."))
        if per.attrs["unmatched"]:
            ch.say(zh="台账中有{k}个地市名称未能与黑龙江13个地市匹配：{names}。",
                   en="{k} division names in the inventory match none of Heilongjiang's 13 divisions: {names}.",
                   k=len(per.attrs["unmatched"]), names=", ".join(per.attrs["unmatched"]))
    else:
        ch.say(zh="各地市人口数据仅内置黑龙江省（2020年普查），{prov}的每10万人账号数无法计算。",
               en="Division populations are bundled only for Heilongjiang (2020 census); accounts per 100,000 "
                  "residents cannot be computed for {prov}.", prov=P.zh if lang == "zh" else P.en)
    act, conc, serv = ov["inactive"].iloc[0], ov["concentration"].iloc[0], ov["services"].iloc[0]
    ch.exhibit(display_inventory_table(ov["concentration"], lang), id="inventory-concentration",
               data=ov["concentration"], sources=src,
               title=ch.t(zh="粉丝集中度（前N账号占比与基尼系数）", en="Follower concentration (top-N share and Gini)"))
    ch.say(zh="有更新日期记录的{known}个账号中，{inactive}个超过{days}天未更新（{share:.1f}%）；"
              "{offering}个账号提供办事服务（占有记录账号的{sshare:.1f}%）；粉丝数前{top}的账号拥有全部粉丝的"
              "{tshare:.1f}%，基尼系数{gini:.3f}。",
           en="Of the {known} accounts with a last-post date, {inactive} had not posted for more than {days} days "
              "({share:.1f}%); {offering} offer services ({sshare:.1f}% of accounts with data); the top {top} "
              "accounts hold {tshare:.1f}% of all followers (Gini {gini:.3f}).",
           known=int(act["known"]), inactive=int(act["inactive"]), days=int(threshold_days),
           share=float(act["inactive_share_pct"]), offering=int(serv["offering"]),
           sshare=float(serv["service_share_pct"]), top=int(top_n), tshare=float(conc["top_n_share_pct"]),
           gini=float(conc["gini"]))
    ch.record("inventory_supplied", True)
    ch.record("inventory_accounts", int(len(inv)), exhibit="inventory-platform")
    ch.record("inventory_inactive_share_pct", float(act["inactive_share_pct"]), exhibit="inventory-platform")
    ch.record("inventory_service_share_pct", float(serv["service_share_pct"]), exhibit="inventory-platform")
    ch.record("inventory_follower_gini", float(conc["gini"]), exhibit="inventory-concentration")
    return ov

# -- citizen survey (chapters 4 and 6) -----------------------------------------------------------------------------

MISSING_SURVEY_TEXT = {
    "zh": ("**公众问卷（研究者自备数据）**：本报告未提供问卷数据，本节从略。问卷星导出答卷和编码表的提供方法见项目说明"
           "文档（README）；IP地址和联系方式等个人信息在读入时即被删除。"),
    "en": ("**Citizen survey (researcher-supplied data)**: no survey was supplied for this report, so this section is "
           "omitted. The project's README describes how to supply a 问卷星 (wjx) export and its codebook; IP addresses "
           "and contact details are dropped when the file is read."),
}

_COLS = {
    "group_zh": ("分组", None), "group_en": (None, "Group"), "category": ("类别", "Category"), "n": ("人数", "n"),
    "pct": ("占比（%）", "Share (%)"), "label_zh": ("维度", None), "label_en": (None, "Dimension"),
    "items": ("题项数", "Items"), "alpha": ("Cronbach's α", "Cronbach's alpha"), "mean": ("均值", "Mean"),
    "sd": ("标准差", "SD"), "ci95_low": ("95%CI下限", "95% CI low"), "ci95_high": ("95%CI上限", "95% CI high"),
    "importance": ("重要性", "Importance"), "performance": ("表现", "Performance"),
    "gap": ("差距（重要性−表现）", "Gap (importance − performance)"), "quadrant_zh": ("象限", None),
    "quadrant_en": (None, "Quadrant"), "column": ("题目列", "Column"), "alpha_if_deleted": ("删除该题后α",
    "Alpha if deleted"), "item_rest_r": ("校正题总相关", "Corrected item-total r"), "dimension": ("维度", "Dimension"),
    "item": ("题项", "Item"), "reverse": ("反向题", "Reverse-coded"), "suppressed": ("不足最小样本", "Suppressed"), "group": ("类别", "Category"),
}


def display_survey_table(df: pd.DataFrame, lang: str = "zh", decimals: int = 2) -> pd.DataFrame:
    """Display copy of a survey result table: columns of the other language dropped, labelled, numbers rounded."""
    idx = 0 if lang == "zh" else 1
    redundant = {"dimension"} if "label_zh" in df.columns else set()
    redundant |= {"group"} if "group_zh" in df.columns else set()
    keep = [c for c in df.columns if c in _COLS and _COLS[c][idx] is not None and c not in redundant]
    out = df[keep].copy()
    for c in out.columns:
        if str(out[c].dtype).startswith("float"):
            out[c] = out[c].round(1 if c == "pct" else decimals)
    out.columns = [_COLS[c][idx] for c in out.columns]
    out.attrs = dict(df.attrs)
    return out


def survey_section(ch: Any, survey_file: str | os.PathLike | None = None,
                   survey_codebook: str | os.PathLike | None = None, group: str | None = None,
                   min_n: int = 5) -> dict[str, pd.DataFrame] | None:
    """The "citizen survey" section of a chapter (``ch`` = :class:`heilongjiang_newmedia.reporting.exhibits.Chapter`).

    Without ``survey_file`` it says how to supply one and records ``survey_supplied`` = False. Otherwise: sample
    description, Cronbach's alpha per dimension (and alpha if item deleted), mean scores by dimension, scores by
    respondent ``group`` (default: the codebook's first group; cells under ``min_n`` suppressed) and the IPA quadrant
    chart; records key results (for chapter 7) and returns the tables."""
    found = find_survey(survey_file, survey_codebook)
    if found is None:
        ch.say(zh=MISSING_SURVEY_TEXT["zh"], en=MISSING_SURVEY_TEXT["en"])
        ch.record("survey_supplied", False)
        return None
    sv = load_survey(*found)
    cb: Codebook = sv.attrs["codebook"]
    lang = ch.lang
    src = sv.attrs["sources"]
    ch.say(zh="**公众问卷（研究者自备数据）**：有效答卷{n:,}份（提交日期{dates}）{fast}。IP地址与联系方式等个人信息已在读入时删除。",
           en="**Citizen survey (researcher-supplied data)**: {n:,} valid responses (submitted {dates}){fast}. IP "
              "addresses and contact details were dropped when the file was read.",
           n=len(sv), dates=src[0]["date"] or "—",
           fast=(ch.t(zh=f"，剔除作答时间少于{sv.attrs['min_duration_s']:g}秒的答卷{sv.attrs['n_fast']}份",
                      en=f"; {sv.attrs['n_fast']} responses faster than {sv.attrs['min_duration_s']:g} s removed")
                 if sv.attrs["min_duration_s"] is not None else ""))
    out: dict[str, pd.DataFrame] = {}
    if cb.groups:
        out["sample"] = sample_description(sv)
        ch.exhibit(display_survey_table(out["sample"], lang), id="survey-sample", data=out["sample"], sources=src,
                   title=ch.t(zh="问卷样本构成", en="Survey sample"))
    out["reliability"] = reliability(sv)
    out["alpha_items"] = alpha_if_item_deleted(sv)
    ch.exhibit(display_survey_table(out["reliability"], lang), id="survey-reliability", data=out["reliability"],
               sources=src, title=ch.t(zh="各维度信度（Cronbach's α）", en="Reliability by dimension (Cronbach's alpha)"),
               note=ch.t(zh="α = k/(k−1)·(1−Σs²_i/s²_总)，反向题已重新计分，按完整作答计算；一般以0.7以上为可接受。",
                         en="alpha = k/(k−1)·(1 − Σs²_i/s²_total) on complete cases after reverse coding; 0.7 or "
                            "above is usually read as acceptable."))
    if len(out["alpha_items"]):
        ch.exhibit(display_survey_table(out["alpha_items"], lang), id="survey-alpha-items", data=out["alpha_items"],
                   sources=src, title=ch.t(zh="删除题项后的α与校正题总相关", en="Alpha if item deleted and item-rest correlations"))
    out["dimensions"] = dimension_summary(sv)
    ch.exhibit(display_survey_table(out["dimensions"], lang), id="survey-dimensions", data=out["dimensions"],
               sources=src, title=ch.t(zh="各维度平均得分", en="Mean score by dimension"),
               note=ch.t(zh="每位受访者的维度得分为其作答题项的均值（至少答一半题项）；95%置信区间为正态近似。",
                         en="A respondent's dimension score is the mean of the items answered (at least half); 95% "
                            "CI by normal approximation."))
    g = group or next(iter(cb.groups), None)
    if g is not None:
        out["by_group"] = scores_by_group(sv, g, min_n=min_n)
        gl = cb.groups[g].zh if lang == "zh" else cb.groups[g].en
        ch.exhibit(display_survey_table(out["by_group"], lang), id="survey-by-group", data=out["by_group"],
                   sources=src, title=ch.t(zh=f"按{gl}分组的维度得分", en=f"Dimension scores by {gl}"),
                   note=ch.t(zh=f"人数少于{min_n}人的单元格不报告均值。",
                             en=f"Means of cells with fewer than {min_n} respondents are not reported."))
    if any(it.ipa_attribute for it in cb.items.values()):
        out["ipa"] = ipa(sv)
        cuts = out["ipa"].attrs["cuts"]
        ch.exhibit(ipa_chart(out["ipa"], lang), id="survey-ipa", data=out["ipa"], sources=src,
                   title=ch.t(zh="重要性—表现分析（IPA）象限图", en="Importance-performance analysis (IPA)"),
                   note=ch.t(zh=f"分割线为各属性均值的平均数（重要性{cuts['importance']:.2f}，表现{cuts['performance']:.2f}）。",
                             en=f"Cut lines at the mean of the attribute means (importance {cuts['importance']:.2f}, "
                                f"performance {cuts['performance']:.2f})."))
        pr = ipa_priorities(out["ipa"])
        ch.record("survey_ipa_priorities", [str(a) for a in pr["attribute"]], exhibit="survey-ipa")
    ch.record("survey_supplied", True)
    ch.record("survey_n", int(len(sv)), exhibit="survey-dimensions")
    ch.record("survey_alpha", {r["dimension"]: (None if pd.isna(r["alpha"]) else round(float(r["alpha"]), 4))
                               for _, r in out["reliability"].iterrows()}, exhibit="survey-reliability")
    return out


def survey_priorities_section(ch: Any, survey_file: str | os.PathLike | None = None,
                              survey_codebook: str | os.PathLike | None = None) -> pd.DataFrame | None:
    """Chapter 6: the IPA "concentrate here" attributes as survey-based improvement priorities (largest gap
    first). Says plainly when no survey (or no IPA pairs in the codebook) was supplied; returns the table."""
    found = find_survey(survey_file, survey_codebook)
    if found is None:
        ch.say(zh="未提供公众问卷，本节不含基于重要性—表现分析（IPA）的优先事项。",
               en="No citizen survey was supplied, so there are no priorities from importance-performance analysis.")
        return None
    sv = load_survey(*found)
    cb: Codebook = sv.attrs["codebook"]
    if not any(it.ipa_attribute for it in cb.items.values()):
        ch.say(zh="问卷编码表未定义重要性—表现题项对，无法给出IPA优先事项。",
               en="The survey codebook defines no importance-performance item pairs, so there are no IPA priorities.")
        return None
    pr = ipa_priorities(ipa(sv))
    if pr.empty:
        ch.say(zh="IPA中没有属性落入“重点改进区”（重要性高于均值而表现低于均值）。",
               en="No attribute falls in the IPA 'concentrate here' quadrant (importance above, performance below "
                  "the means).")
        return pr
    ch.exhibit(display_survey_table(pr, ch.lang), id="survey-ipa-priorities", data=pr, sources=sv.attrs["sources"],
               title=ch.t(zh="公众问卷IPA：重点改进事项（按差距排序）",
                          en="Citizen survey IPA: priorities for improvement (by gap)"))
    ch.record("survey_ipa_priorities", [str(a) for a in pr["attribute"]], exhibit="survey-ipa-priorities")
    return pr
