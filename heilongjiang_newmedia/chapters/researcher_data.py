"""Chapter sections on the researcher's own data: the survey priorities of chapter 6. (The account inventory section
of chapter 3 is :mod:`heilongjiang_newmedia.chapters.status.inventory`; chapter 4's survey section is
:mod:`heilongjiang_newmedia.chapters.problems.survey`.)

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

from heilongjiang_newmedia.loading.survey import find_survey, load_survey
from heilongjiang_newmedia.loading.survey_codebook import Codebook
from heilongjiang_newmedia.methods.survey import ipa, ipa_priorities

__all__ = ["survey_priorities_section", "display_survey_table", "MISSING_SURVEY_TEXT"]


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
