"""The citizen-survey section of chapter 4 (the researcher's own data; parameter ``survey_file``): sample,
reliability (Cronbach's alpha), scores by dimension and group, and the importance-performance analysis (IPA).

The statistics are :mod:`heilongjiang_newmedia.methods.survey`; the words are passages ``survey.*`` and the exhibit
captions of the chapter's text files; column labels are ``tables/survey.yaml``. Without a file the section says that
no survey was supplied and records nothing; with one it records the findings ``survey.n`` (valid responses) and
``survey.alpha.<dimension>`` (Cronbach's alpha of each dimension that has one). The IPA priorities are chapter 6's
finding (``countermeasures`` ``survey.priorities``); this section only shows the chart.
"""
from __future__ import annotations

import os
from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.problems.catalogue import _yaml
from heilongjiang_newmedia.loading.survey import find_survey, load_survey
from heilongjiang_newmedia.methods.survey import (alpha_if_item_deleted, dimension_summary, ipa, ipa_chart,
                                                  reliability, sample_description, scores_by_group)

__all__ = ["survey_table", "survey_section"]


def survey_table(df: pd.DataFrame, lang: str = "zh", decimals: int = 2) -> pd.DataFrame:
    """A survey result table for display: columns of the other language dropped, labelled, numbers rounded
    (shares to 1 decimal)."""
    labels = _yaml("survey.yaml")
    redundant = ({"dimension"} if "label_zh" in df.columns else set()) | ({"group"} if "group_zh" in df.columns else set())
    keep = [c for c in df.columns if c in labels and lang in labels[c] and c not in redundant]
    out = df[keep].copy()
    for c in out.columns:
        if str(out[c].dtype).startswith("float"):
            out[c] = out[c].round(1 if c == "pct" else decimals)
    out.columns = [labels[c][lang] for c in out.columns]
    out.attrs = dict(df.attrs)
    return out


def _show(ch: Any, table: pd.DataFrame, id: str, src: list, **fields: Any) -> None:
    note = ch.passage(f"{id}.note", **fields) if ch.has_passage(f"{id}.note") else None
    ch.exhibit(survey_table(table, ch.lang), id=id, data=table, sources=src, note=str(note) if note else None,
               **fields)


def survey_section(ch: Any, survey_file: str | os.PathLike | None = None,
                   survey_codebook: str | os.PathLike | None = None, group: str | None = None,
                   min_n: int = 5) -> dict[str, pd.DataFrame] | None:
    """The survey section in chapter ``ch`` (a ``reporting.exhibits.Chapter`` of chapter 4): exhibits and the
    findings ``survey.n`` and ``survey.alpha.<dimension>``; returns the tables, or None without a survey. Cells under
    ``min_n`` respondents are suppressed."""
    found = find_survey(survey_file, survey_codebook)
    if found is None:
        ch.text("survey.missing")
        return None
    sv = load_survey(*found)
    cb = sv.attrs["codebook"]
    src = sv.attrs["sources"]
    ch.text("survey.intro", n=len(sv), dates=src[0]["date"] or "", fast=sv.attrs["n_fast"],
            min_duration=sv.attrs["min_duration_s"])
    out: dict[str, pd.DataFrame] = {}
    if cb.groups:
        out["sample"] = sample_description(sv)
        _show(ch, out["sample"], "survey-sample", src)
    out["reliability"] = reliability(sv)
    out["alpha_items"] = alpha_if_item_deleted(sv)
    _show(ch, out["reliability"], "survey-reliability", src)
    if len(out["alpha_items"]):
        _show(ch, out["alpha_items"], "survey-alpha-items", src)
    out["dimensions"] = dimension_summary(sv)
    _show(ch, out["dimensions"], "survey-dimensions", src)
    g = group or next(iter(cb.groups), None)
    if g is not None:
        out["by_group"] = scores_by_group(sv, g, min_n=min_n)
        _show(ch, out["by_group"], "survey-by-group", src, group=cb.groups[g].zh if ch.lang == "zh" else cb.groups[g].en,
              min_n=min_n)
    if any(it.ipa_attribute for it in cb.items.values()):
        out["ipa"] = ipa(sv)
        cuts = out["ipa"].attrs["cuts"]
        note = ch.passage("survey-ipa.note", importance=cuts["importance"], performance=cuts["performance"])
        ch.exhibit(ipa_chart(out["ipa"], ch.lang), id="survey-ipa", data=out["ipa"], sources=src, note=str(note))
    ch.find("survey.n", "count", int(len(sv)), unit="responses", exhibits=["survey-dimensions"])
    for _, r in out["reliability"].dropna(subset=["alpha"]).iterrows():
        ch.find(f"survey.alpha.{r['dimension']}", "value", float(r["alpha"]), unit="Cronbach's alpha",
                exhibits=["survey-reliability"], label_zh=r["label_zh"], label_en=r["label_en"])
    return out
