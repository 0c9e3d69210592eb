"""Chapter sections on the researcher's own data: the citizen survey (chapters 4 and 6). (The account inventory
section of chapter 3 is in :mod:`heilongjiang_newmedia.chapters.status.inventory`.)

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

from heilongjiang_newmedia.loading.regions import resolve_province
from heilongjiang_newmedia.loading.survey import find_survey, load_survey
from heilongjiang_newmedia.loading.survey_codebook import Codebook
from heilongjiang_newmedia.methods.survey import (
    alpha_if_item_deleted, dimension_summary, ipa, ipa_chart, ipa_priorities, reliability, sample_description,
    scores_by_group,
)

__all__ = ["survey_section", "survey_priorities_section", "display_survey_table", "MISSING_SURVEY_TEXT"]


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
