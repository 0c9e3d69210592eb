"""Chapter 7 assembly (summary.py) on small recorded dicts; chapters 5 and 7 executed with papermill."""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from heilongjiang_newmedia.chapters import conclusion as S
from heilongjiang_newmedia.reporting.results import MissingResultsError, Recalled



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
    assert S.province_mismatches(rec, 230000) == {"05_comparison": ["220000"]}
    assert S.province_mismatches(rec, 220000) == {}
    rec4 = {"04_problems": {"rating_p1": {"value": "strong", "province": "吉林"}}}
    assert S.province_mismatches(rec4, 230000, ["黑龙江", "Heilongjiang"]) == {"04_problems": ["吉林"]}
    assert S.province_mismatches(rec4, 220000, ["吉林", "Jilin"]) == {}


# ------------------------------------------------------------------------------------------- executed notebooks
import shutil  # noqa: E402

from chapter_runs import execute_chapter  # noqa: E402



def _execute(stem: str, build: Path, **params):
    run = execute_chapter(stem, build, **params)
    return run.text, run.results, run.build


@pytest.fixture(scope="module")
def ch5_zh(tmp_path_factory):
    return _execute("05_comparison", tmp_path_factory.mktemp("ch5zh"))


@pytest.fixture(scope="module")
def ch5_jilin_en(tmp_path_factory):
    return _execute("05_comparison", tmp_path_factory.mktemp("ch5en"), province="Jilin", lang="en",
                    benchmarks=["Zhejiang", "上海"], peers=["黑龙江", "辽宁"], countries=["KOR", "SGP", "EST"],
                    start_year=2014, end_year=2022, sensitivity_pct=20)


def _expected_topsis(province: str, pct: float = 10):
    from heilongjiang_newmedia.chapters import framework
    from heilongjiang_newmedia.methods import mcda
    m = framework.indicator_matrix()
    d = framework.directions(None, m.columns)
    t = mcda.topsis(m, mcda.entropy_weights(m, d), d)
    s = mcda.weight_sensitivity(m, mcda.entropy_weights(m, d), d, pct=pct)
    return int(t.at[province, "rank"]), float(t.at[province, "closeness"]), s.loc[province], len(m)


def test_ch5_defaults_rank_equals_mcda(ch5_zh):
    text, res, build = ch5_zh
    rank, closeness, sens, n = _expected_topsis("黑龙江")
    assert res["composite_rank"]["value"] == rank and res["composite_rank"]["n"] == n == 31
    assert res["composite_closeness"]["value"] == pytest.approx(closeness)
    assert res["composite_rank_band"]["value"] == [int(sens["min_rank"]), int(sens["max_rank"])]
    assert res["composite_rank"]["exhibit"] == "composite" and res["composite_rank"]["province_code"] == 230000
    assert f"第{rank}位（共31个）" in text and "黑龙江" in text and "图5-1" in text
    # independent numpy TOPSIS (vector normalisation, entropy weights 0.852239/0.147761, websites per million as
    # cost): closeness HLJ 0.7194 -> rank 20 of 31; top five 广东 0.9616, 上海 0.9526, 北京 0.9095, 浙江 0.9014, 江苏 0.8831
    assert rank == 20 and closeness == pytest.approx(0.7194, abs=1e-4)
    assert "排名前五的是广东、上海、北京、浙江和江苏" in text
    # the two composites reconciled: chapter 2's weighted score ranks the province 25th (24 provinces higher)
    assert res["weighted_score_rank"]["value"] == 25 and res["weighted_score_rank"]["score"] == pytest.approx(0.2825, abs=1e-3)
    assert "加权得分是0.283，第25位（共31个）" in text and "相差5位" in text
    # ranks in the profile table use the competition convention of the wording helpers, never "25/31"
    assert "第25位（共31个）" in text and "25/31" not in text
    assert "排第一的将是西藏" in text        # the benefit reading (direction reversed) would put 西藏 first


def test_ch5_defaults_international(ch5_zh):
    text, res, build = ch5_zh
    assert res["china_egdi_latest"]["value"] == pytest.approx(0.87184) and res["china_egdi_latest"]["rank"] == 35
    assert res["china_egdi_rank_first"]["value"] == 78 and res["china_egdi_rank_first"]["year"] == 2012
    assert "重新标定" in text and "口径" in text
    # the exhibit CSV of the EGDI trend holds China 2022 = 0.8119, rank 43, with its citation
    import pandas as pd
    egdi = pd.read_csv(build / "exhibits" / "05_comparison" / "egdi-trend.csv", encoding="utf-8-sig")
    row = egdi[(egdi["iso3"] == "CHN") & (egdi["survey_year"] == 2022)].iloc[0]
    assert row["value"] == pytest.approx(0.8119) and int(row["rank"]) == 43 and row["source_url"].startswith("http")
    # lead/lag: China minus the comparison mean, 2024, hand-checked for HCI (largest shortfall)
    hci_others = [0.95841, 0.94972, 0.94498, 0.91198, 0.93615, 0.88424]
    assert res["china_weakest_component"]["indicator"] == "hci"
    assert res["china_weakest_component"]["diff"] == pytest.approx(0.79023 - sum(hci_others) / 6)
    cases = pd.read_csv(build / "exhibits" / "05_comparison" / "flagship-accounts.csv", encoding="utf-8-sig")
    assert "上海发布" in set(cases["account_zh"]) and cases["source_url"].notna().all() and len(cases) <= 6
    # the UN comparison is framed as national context, and every benchmark and country with a practice is discussed
    assert "不能说明本省在国际上的位置" in text
    assert set(res["lessons"]["value"]) == {"浙江", "广东", "上海", "江苏", "北京", "GBR", "SGP", "KOR", "USA"}
    assert res["aspect_ratings"]["value"]["team"] == "no_direct" and "无直接证据" in text
    assert "丹麦" in text and "数据中没有其具体做法的记录" in text


def test_ch5_other_province_english(ch5_jilin_en):
    text, res, build = ch5_jilin_en
    rank, closeness, sens, n = _expected_topsis("吉林", pct=20)
    assert res["composite_rank"]["value"] == rank and res["composite_rank"]["province_code"] == 220000
    assert res["composite_rank_band"]["value"] == [int(sens["min_rank"]), int(sens["max_rank"])]
    assert res["composite_rank_band"]["pct"] == 20
    # end_year=2022 -> the latest edition shown is 2022: China 0.8119, rank 43
    assert res["china_egdi_latest"]["value"] == pytest.approx(0.8119) and res["china_egdi_latest"]["rank"] == 43
    assert res["china_egdi_rank_first"]["year"] == 2014 and res["china_egdi_rank_first"]["value"] == 70
    assert "Jilin" in text and "Figure 5.1" in text and f"ranking {rank}th of 31" in text
    assert "cannot show the province's own position abroad" in text
    assert "黑龙江" not in text.replace("黑龙江省网信办", "")  # peers shown by English name; only source titles in zh
    assert "第五章" not in text


def test_ch7_from_real_chapter_5(ch5_zh, tmp_path):
    _, res5, build5 = ch5_zh
    build = tmp_path / "b7"
    (build / "results").mkdir(parents=True)
    shutil.copy(build5 / "results" / "05_comparison.json", build / "results")
    shutil.copytree(build5 / "exhibits" / "05_comparison", build / "exhibits" / "05_comparison")
    from heilongjiang_newmedia.reporting import results as R
    old = os.environ.get("HLJ_NEWMEDIA_BUILD_DIR")
    os.environ["HLJ_NEWMEDIA_BUILD_DIR"] = str(build)
    try:
        for stem in ("01_introduction", "02_framework", "03_status", "04_problems", "06_countermeasures"):
            R.record(stem, f"k{stem[:2]}", 4321, exhibit="x", label_zh=f"测试{stem[:2]}", label_en=f"test {stem[:2]}")
    finally:
        if old is None:
            os.environ.pop("HLJ_NEWMEDIA_BUILD_DIR", None)
        else:
            os.environ["HLJ_NEWMEDIA_BUILD_DIR"] = old
    text, res7, _ = _execute("07_conclusion", build)
    r = res5["composite_rank"]
    assert f"黑龙江在{r['n']}个省份中排第{r['value']}位" in text
    lo, hi = res5["composite_rank_band"]["value"]
    assert f"排名在第{lo}至第{hi}位之间" in text
    e = res5["china_egdi_latest"]
    assert f"中国电子政务发展指数(EGDI)为{e['value']:.4f}，在193个成员国中排第{e['rank']}位" in text
    assert "测试03：4,321" in text and "(#exhibit-05_comparison-composite)" in text
    assert res7["n_statements"]["value"] == len(res5) + 5
    # a missing chapter fails, naming it
    (build / "results" / "04_problems.json").unlink()
    with pytest.raises(Exception, match="04_problems"):
        _execute("07_conclusion", build)


def test_labels_name_ids_inside_values():
    rec = {"06_countermeasures": {
        "priority_order": {"value": ["c2", "c1"], "labels_zh": {"c1": "增加服务形式", "c2": "优化运营管理"}},
        "gap_to_target": {"value": {"online_service_index_2019": 16.19}, "target": "leader", "target_zh": "第一名",
                          "target_en": "leader", "target_year": 2025}},
        "04_problems": {"indicator_gaps": {"value": {"online_service_index_2019": 16.19}}}}
    t = S.summary_table(rec, "zh", labels={"online_service_index_2019": "网上政务服务能力指数"}).set_index("key")
    assert t.at["priority_order", "statement"] == "对策优先顺序（权重×差距）：优化运营管理、增加服务形式。"
    assert t.at["indicator_gaps", "statement"] == "与标杆省份均值相比的指标差距：网上政务服务能力指数: 16.19。"
    assert t.at["gap_to_target", "statement"] == "2025年达到目标（第一名）所需的差距：网上政务服务能力指数: 16.19。"
