"""Chapters 2 and 3 executed with papermill (defaults, Jilin, Zhejiang, English); assertions on real values in the
executed outputs and in the recorded results."""
from __future__ import annotations

from pathlib import Path

import pytest

from chapter_runs import execute_chapter
from heilongjiang_newmedia.chapters import framework as F
from heilongjiang_newmedia.methods import mcda

pytestmark = pytest.mark.build  # every test reads an executed chapter (shared builds or runs of its own)



def _execute(stem: str, build: Path, **params):
    run = execute_chapter(stem, build, **params)
    return run.text, run.results, run.exhibits


# ---------------------------------------------------------------------------------------------- chapter 2
def _shared(build, stem: str):
    run = build.run(stem)
    return run.text, run.results, run.exhibits


@pytest.fixture(scope="module")
def ch2(built_zh):
    return _shared(built_zh, "02_framework")


@pytest.fixture(scope="module")
def ch2_jilin_ahp(tmp_path_factory):
    # a consistent 5x5 matrix on the dimensions (test input, not a judgment shipped with the package)
    m = [[1, 3, 1, 1, 1], ["1/3", 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]
    return _execute("02_framework", tmp_path_factory.mktemp("ch2j"), province="吉林", ahp_matrix=m)


@pytest.fixture(scope="module")
def ch2_zhejiang_bad(tmp_path_factory):
    bad = [[1, 9, "1/9"], ["1/9", 1, 9], [9, "1/9", 1]]
    return _execute("02_framework", tmp_path_factory.mktemp("ch2z"), province="Zhejiang",
                    ahp_criteria=["reach", "service", "security"], ahp_matrix=bad)


@pytest.fixture(scope="module")
def ch2_en(built_en):
    return _shared(built_en, "02_framework")


def test_ch2_entropy_weights_match_mcda(ch2):
    text, res, ex = ch2
    m = F.indicator_matrix()
    ref = mcda.entropy_weights(m, F.directions(None, m.columns))
    got = res["entropy_weights"]["value"]
    assert set(got) == set(ref.index) == {"online_service_index_2019", "websites_per_million_2019"}
    assert sum(got.values()) == pytest.approx(1.0)
    for k, v in ref.items():
        assert got[k] == pytest.approx(v, abs=1e-6)
    assert res["equal_weights"]["value"] == {k: 0.5 for k in ref.index}
    assert f"{ref['websites_per_million_2019']:.3f}" in text and f"{ref['online_service_index_2019']:.3f}" in text
    # independent check (numpy on the 31-province matrix, min-max with websites per million as a COST indicator,
    # p = x'/sum x', e = -sum p ln p / ln 31): e_capability = 0.935191, e_websites = 0.988763 ->
    # w = (1-e)/sum(1-e) = 0.852239 / 0.147761
    assert got["online_service_index_2019"] == pytest.approx(0.852239, abs=1e-5)
    assert got["websites_per_million_2019"] == pytest.approx(0.147761, abs=1e-5)
    assert "取**逆向**" in text and "framework.csv" not in text and "解释性选择" in text
    # reader's text only: no indicator ids, parameter names or CLI
    for token in ("online_service_index_2019", "websites_per_million_2019", "ahp_matrix", "ahp_criteria", "hlj-newmedia",
                  "mcda.", "province_gov_websites"):
        assert token not in text, token
    # only 2 of the 15 evaluation indicators are comparable across the 31 provinces, named in the prose
    assert "15项指标中，只有**2项**在31个省份" in text and "“省级网上政务服务能力总体指数（2019）”" in text
    assert res["comparable_indicators"]["value"] == 2 and res["comparable_indicators"]["n_total"] == 15
    # the weighted score in the prose is the recorded one; chapter 5's TOPSIS is named as its comparison
    sc = res["province_entropy_score"]
    assert f"黑龙江省得{sc['value']:.3f}" in text and f"按等权重得{sc['equal_score']:.3f}" in text and "TOPSIS贴近度" in text
    assert sc["entropy_rank"] == 25 and "第25位（共31个）" in text
    assert "本章把三种理论落实为5个评价维度和15项指标" in text
    assert res["indicator_system"]["dimensions_without_composite"] == ["reach", "interaction", "security"]
    assert {"theories-dimensions", "indicator-system", "weights-table", "weights-chart", "province-profile"} <= set(ex)


def test_ch2_no_ahp_without_matrix(ch2, ch2_en):
    text, res, ex = ch2
    assert "不报告AHP权重" in text and "一致性比率CR" in text and "ahp-weights" not in ex and res["ahp_weights"]["value"] is None
    assert "黑龙江省在综合评价指标上的取值" in text and "77.93指数分" in text
    text_en, res_en, _ = ch2_en
    assert "reports no AHP weights" in text_en and "Heilongjiang on the composite indicators" in text_en
    assert "理论基础" not in text_en and "Only 2 of the 15" not in text_en and "only **2** have a value for all 31" in text_en
    assert "25th of 31" in text_en


def test_ch2_consistent_ahp_and_other_province(ch2_jilin_ahp):
    text, res, ex = ch2_jilin_ahp
    r = mcda.ahp([[1, 3, 1, 1, 1], ["1/3", 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]])
    a = res["ahp_weights"]
    assert a["consistent"] is True and a["cr"] == pytest.approx(r.cr)
    assert set(a["value"]) == {"reach", "interaction", "platform", "service", "security"}
    assert a["value"]["reach"] == pytest.approx(float(r.weights.iloc[0]), abs=1e-6)
    assert "通过一致性检验" in text and f"{r.cr:.4f}" in text and "weights-compared" in ex
    assert "吉林省在综合评价指标上的取值" in text and "76.56指数分" in text


def test_ch2_inconsistent_matrix_reported(ch2_zhejiang_bad):
    text, res, ex = ch2_zhejiang_bad
    assert res["ahp_weights"]["consistent"] is False and res["ahp_weights"]["cr"] >= 0.10
    assert "判断矩阵不一致" in text and "weights-compared" not in ex
    assert "浙江省在综合评价指标上的取值" in text


# ---------------------------------------------------------------------------------------------- chapter 3
@pytest.fixture(scope="module")
def ch3(built_zh):
    return _shared(built_zh, "03_status")


@pytest.fixture(scope="module")
def ch3_jilin(tmp_path_factory):
    return _execute("03_status", tmp_path_factory.mktemp("ch3j"), province="吉林")


@pytest.fixture(scope="module")
def ch3_zhejiang(tmp_path_factory):
    return _execute("03_status", tmp_path_factory.mktemp("ch3z"), province="Zhejiang")


@pytest.fixture(scope="module")
def ch3_en(built_en):
    return _shared(built_en, "03_status")


def test_ch3_heilongjiang(ch3):
    text, res, ex = ch3
    assert res["capability_score_2019"]["value"] == pytest.approx(77.93)
    # one ranking convention: competition ranking, 24 provinces higher -> 25th; the printed dense rank kept as such
    r = res["capability_rank_2019"]
    assert (r["value"], r["n"], r["n_higher"], r["rank_printed"], r["convention"]) == (25, 31, 24, 23, "competition")
    assert "第25位——24个省份得分更高（报告并列不跳号排名第23位，共32个单位）" in text
    # "23rd" appears only for the website count (207 sites), never as the capability rank
    assert "第23位（共31" not in text.replace("207个，第23位（共31个）", "")
    assert res["capability_gap_to_leader"]["value"] == pytest.approx(18.80)
    assert res["websites_2019"]["value"] == 207 and res["websites_2019"]["rank"] == 23 and res["websites_2019"]["doubted"]
    assert "本书凡使用这一数字处都作此标注" in text
    assert res["population_2020"]["value"] == 31850088
    k = res["key_city_best_2019"]
    assert (k["value"], k["rank"], k["rank_printed"], k["n"]) == (88.76, 8, 6, 32)
    assert "哈尔滨88.76分，32个重点城市中第8高（报告并列排名第6位）" in text
    assert "重点城市为27个省会城市和5个计划单列市，共32个，不含直辖市" in text
    assert res["pass_rate_new_media_latest"]["value"] == 98.75 and res["new_media_accounts"]["value"] == 2153
    assert res["named_first_places"]["value"] >= 5 and "黑龙江省人民检察院" in res["named_first_places"]["accounts"]
    assert "2017年第四季度：随机抽查170个网站，合格率97.6%" in text
    assert "哈尔滨市常住人口1001万人" in text
    # new media first: the inspection table is 3-2, the website chart comes after the named accounts
    assert ex["status-in-numbers"]["number"] == "表3-1" and ex["inspections-province"]["number"] == "表3-2"
    first = text.split(ex["inspections-province"]["number"] + "</span>")[0]     # output before the second exhibit
    assert "77.93分（中）" in first and ex["capability-position"]["number"] in first and ex["websites-2019"]["number"] in first
    assert {"divisions", "inspection-cities", "accounts", "named-accounts", "city-series", "weibo-counts"} <= set(ex)
    # reader's text only: no raw keys, no instructions
    for token in ("internet_penetration", "provincial_report_non_CNNIC", "account_inventory", "inventory_file",
                  "national rank among", "Tencent Weibo", "microblog_influence", "not among the"):
        assert token not in text, token


def test_ch3_jilin_missing_data_said(ch3_jilin):
    text, res, ex = ch3_jilin
    assert res["capability_score_2019"]["value"] == pytest.approx(76.56) and res["capability_rank_2019"]["value"] == 27
    assert res["websites_2019"]["value"] == 302 and not res["websites_2019"]["doubted"]
    assert "divisions" not in ex and "inspections-province" not in ex
    assert "本项目未收录吉林省的省级政府网站和政务新媒体检查通报" in text
    assert "长春76.88分，32个重点城市中第25高（报告并列排名第23位）" in text and "吉林省政务新媒体与政务服务现状" in text


def test_ch3_zhejiang_leader(ch3_zhejiang):
    text, res, ex = ch3_zhejiang
    assert res["capability_score_2019"]["value"] == pytest.approx(96.73) and res["capability_rank_2019"]["value"] == 1
    assert res["capability_gap_to_leader"]["value"] == pytest.approx(0.0)
    assert "与第一名持平" in text
    assert "杭州96.45分，32个重点城市中第3高（报告并列排名第2位）" in text and "capability-other-years" in ex


def test_ch3_english(ch3_en):
    text, res, ex = ch3_en
    assert "25th of 31" in text and "24 provinces scored higher" in text
    assert ex["status-in-numbers"]["number"] == "Table 3.1" and "Heilongjiang: status in numbers" in text
    assert res["capability_score_2019"]["province"] == "Heilongjiang"
    assert "本章分析对象" not in text and "Harbin 88.76, 8th highest of 32 key cities" in text
