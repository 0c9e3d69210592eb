"""Chapter 7 assembly (summary.py) on small recorded dicts; chapters 5 and 7 executed with papermill."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from heilongjiang_newmedia import summary as S
from heilongjiang_newmedia.results import MissingResultsError, Recalled

ROOT = Path(__file__).resolve().parents[1]


# ------------------------------------------------------------------------------------------- summary.py (pure)
def _fake_recall(store):
    def recall(stem):
        if stem not in store:
            raise MissingResultsError(f"no results for {stem}")
        return Recalled(stem, store[stem])
    return recall


def test_gather_names_every_missing_chapter():
    store = {"01_introduction": {"a": {"value": 1}}, "05_comparison": {"b": {"value": 2}}}
    with pytest.raises(S.MissingChapterResultsError) as e:
        S.gather(_fake_recall(store))
    msg = str(e.value)
    for stem in ("02_framework", "03_status", "04_problems", "06_countermeasures"):
        assert stem in msg
    assert "01_introduction" not in msg and "hlj-newmedia build" in msg
    got = S.gather(_fake_recall(store), required=["01_introduction", "05_comparison"])
    assert set(got) == {"01_introduction", "05_comparison"}


def test_statements_use_recorded_values_only():
    rec = {
        "05_comparison": Recalled("05_comparison", {
            "composite_rank": {"value": 23, "exhibit": "composite", "province": "黑龙江", "n": 31,
                               "n_indicators": 4},
            "china_egdi_latest": {"value": 0.87184, "exhibit": "egdi-trend", "year": 2024, "rank": 35},
            "mystery": {"value": 1234567, "label_zh": "某指标", "label_en": "Some figure"},
        }),
        "01_introduction": Recalled("01_introduction", {
            "netizens_latest": {"value": 1.1e9, "exhibit": "netizens", "cutoff": "2024-12"}}),
    }
    idx = S.exhibit_index([{"chapter": "05_comparison", "exhibits": [
        {"chapter": "05_comparison", "id": "composite", "number": "Figure 5.2", "anchor": "exhibit-05_comparison-composite",
         "title": "x"}]}], lang="zh")
    t = S.summary_table(rec, lang="zh", exhibits=idx)
    assert list(t["chapter"]) == ["01_introduction", "05_comparison", "05_comparison", "05_comparison"]
    r = t.set_index("key")
    assert r.at["netizens_latest", "statement"] == "截至2024-12，全国网民规模为11.00亿人。"
    assert "排第23位" in r.at["composite_rank", "statement"] and "31个省份" in r.at["composite_rank", "statement"]
    assert r.at["composite_rank", "exhibit_label"] == "图5-2"          # renumbered into the summary's language
    assert "0.8718" in r.at["china_egdi_latest", "statement"] and "第35位" in r.at["china_egdi_latest", "statement"]
    assert r.at["china_egdi_latest", "exhibit_label"] == "第5章 · egdi-trend"   # no manifest entry: chapter + id
    assert r.at["mystery", "statement"] == "某指标：1,234,567"
    md = S.summary_markdown(t, "zh")
    assert "[图5-2](#exhibit-05_comparison-composite)" in md and md.count("\n- ") == 4
    en = S.summary_table(rec, lang="en", exhibits=S.exhibit_index([], "en")).set_index("key")
    assert en.at["mystery", "statement"] == "Some figure: 1,234,567"
    assert "ranks 23 of 31" in en.at["composite_rank", "statement"]


def test_template_missing_field_falls_back():
    # a template needing 'province' etc. but the entry lacks them -> generic line, never a crash
    assert S.statement("05_comparison", "composite_rank", 7, {}, "en") == "composite_rank: 7"
    assert S.format_value({"a": 1.23456, "b": None}, "en") == "a: 1.235; b: —"
    assert S.format_value(1234.0) == "1,234" and S.format_value([1, 2], "en") == "1, 2"


def test_dict_results_sources_and_province_check():
    rec = {"01_introduction": {"claims_audit": {"value": {"c1": "found", "c2": "found", "c3": "not found"},
                                                "sources": [{"title": "T", "url": "u", "date": "2020"}]}},
           "05_comparison": {"composite_rank": {"value": 3, "province_code": 220000,
                                                "sources": [{"title": "T", "url": "u", "date": "2020"},
                                                            {"title": "U", "url": "v", "date": "2021"}]}}}
    t = S.summary_table(rec, lang="zh")
    assert t.set_index("key").at["claims_audit", "statement"] == "论文摘要中3个关键数字的核对结果：found 2；not found 1。"
    assert [s["title"] for s in S.collect_sources(rec)] == ["T", "U"]
    assert S.province_mismatches(rec, 230000) == {"05_comparison": [220000]}
    assert S.province_mismatches(rec, 220000) == {}
