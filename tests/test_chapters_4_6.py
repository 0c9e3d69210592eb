"""Chapters 4 and 6 executed with papermill (defaults, other provinces, English); assertions on recorded values.

Runs go through the shared helper (tests/chapter_runs.py), each into its own build directory."""
from __future__ import annotations

from pathlib import Path

import pytest
from chapter_runs import ChapterRun, execute_chapter

BENCH_2019 = {"浙江": 96.73, "广东": 96.73, "上海": 93.93, "江苏": 91.90, "北京": 91.33}  # Party School 2019
HLJ_2019, JILIN_2019 = 77.93, 76.56
pytestmark = pytest.mark.build  # every test reads an executed chapter (shared builds or runs of its own)


def _run(stem: str, tmp: Path, params: dict) -> ChapterRun:
    build = tmp / "build"
    build.mkdir()
    return execute_chapter(stem, build, **params)


def _v(run, key):
    return run.results[key]["value"]


@pytest.fixture(scope="module")
def ch4_hlj(built_zh):
    return built_zh.run("04_problems")


@pytest.fixture(scope="module")
def ch4_jilin(tmp_path_factory):
    return _run("04_problems", tmp_path_factory.mktemp("ch4_jl"), {"province": "吉林"})


@pytest.fixture(scope="module")
def ch4_zj_en(tmp_path_factory):
    return _run("04_problems", tmp_path_factory.mktemp("ch4_zj"), {"province": "Zhejiang", "lang": "en"})


@pytest.fixture(scope="module")
def ch6_hlj(built_zh):
    return built_zh.run("06_countermeasures")


@pytest.fixture(scope="module")
def ch6_jilin_en(tmp_path_factory):
    return _run("06_countermeasures", tmp_path_factory.mktemp("ch6_jl"),
                {"province": "吉林", "lang": "en", "target": "leader", "target_year": 2030})


@pytest.fixture(scope="module")
def ch6_zj(tmp_path_factory):
    return _run("06_countermeasures", tmp_path_factory.mktemp("ch6_zj"), {"province": "Zhejiang", "target": "grade_90"})


def _rule(n_support, n_counter):
    """The chapter-4 rating rule: two independent sources for (and fewer against) = limited; one = preliminary."""
    if n_support >= 2 and n_counter < n_support:
        return "limited"
    return "preliminary" if n_support else "counter" if n_counter else "no_data"


# ------------------------------------------------------------------------------------------------ chapter 4
def test_ch4_heilongjiang_evidence_values(ch4_hlj):
    assert _v(ch4_hlj, "n_inspection_items") == 10 and ch4_hlj.results["n_inspection_items"]["n_new_media"] == 0
    q = {(g["year"], g["quarter"], g["object"]): g for g in _v(ch4_hlj, "pass_rate_gaps")}
    # every quarter and object on its own, never averaged
    assert q[(2022, "Q2", "website")]["gap_pp"] == pytest.approx((98.8 + 99.84 + 94.8) / 3 - 85)
    assert q[(2022, "Q2", "new_media")]["check"] == "sample" and q[(2022, "Q2", "new_media")]["direction"] == "support"
    assert q[(2024, "Q2", "new_media")]["direction"] == "too_few"
    assert "pass_rate_mean_gap_pp" not in ch4_hlj.results
    assert _v(ch4_hlj, "website_decline_2019_pct") == 53.9 and ch4_hlj.results["website_decline_2019_pct"]["doubted"]
    assert _v(ch4_hlj, "running_websites_change_pct") == pytest.approx((212 / 567 - 1) * 100)
    assert _v(ch4_hlj, "new_media_full_check_pass_rate") == 98.75
    cap_gap = sum(BENCH_2019.values()) / 5 - HLJ_2019
    assert _v(ch4_hlj, "indicator_gaps")["online_service_index_2019"] == pytest.approx(cap_gap)
    t = ch4_hlj.text
    # the prose states what the records hold: counter-evidence beside the problems, the flagged CNNIC row
    assert "98.75%" in t and "53.9%" in t and "哈尔滨88.76分，32个重点城市中第8高（报告并列排名第6位）" in t
    assert "该行在另一数据文件中列为低可信度" in t and "减少62.6%" in t
    assert "平均差距为" not in t and "survey_file" not in t and "NOTES.md" not in t and "problems.csv" not in t


def test_ch4_heilongjiang_ratings_follow_rule(ch4_hlj):
    r = ch4_hlj.results
    for p in ("P1", "P2", "P3", "P4"):
        assert r[f"rating_{p}"]["value"] == _rule(r[f"rating_{p}"]["n_support"], r[f"rating_{p}"]["n_counter"])
    assert r["rating_P1"]["value"] == "preliminary"     # two notices vs consolidation (CNNIC + provincial counts)
    assert r["rating_P2"]["value"] == "preliminary"     # one 2022 sample quarter vs the 2024 full check, first places
    assert r["rating_P3"]["value"] == "no_data"
    assert r["rating_P4"]["value"] == "limited"         # interaction item + capability index vs Harbin 8th
    assert {r[f"rating_{p}"]["rating_zh"] for p in ("P1", "P2", "P3", "P4")} == {"初步迹象", "无数据", "有限证据"}
    assert any("98.75%" in c for c in r["rating_P2"]["counter_zh"])
    t = ch4_hlj.text
    assert "“服务形式单一”为有限证据" in t
    assert "黑龙江省" in t and "表4-6" in t and "检验办法" in t
    assert (ch4_hlj.build / "exhibits" / "04_problems" / "evidence-ratings.csv").exists()


def test_ch4_jilin_says_inspection_evidence_absent(ch4_jilin):
    assert _v(ch4_jilin, "n_inspection_items") == 0
    assert _v(ch4_jilin, "pass_rate_gaps") == []
    assert _v(ch4_jilin, "website_decline_2019_pct") == 19.0
    r = ch4_jilin.results
    assert r["rating_P1"]["value"] == "counter"          # 19.0 % is above the median decline: consolidation only
    assert r["rating_P4"]["value"] == "limited"          # capability index + Changchun in the bottom half
    cap_gap = sum(BENCH_2019.values()) / 5 - JILIN_2019
    assert _v(ch4_jilin, "indicator_gaps")["online_service_index_2019"] == pytest.approx(cap_gap)
    assert "没有收录吉林省检查通报中的问题条目" in ch4_jilin.text
    assert "本项目没有收录吉林省检查通报的问题部分" in ch4_jilin.text


def test_ch4_zhejiang_english(ch4_zj_en):
    gap = _v(ch4_zj_en, "indicator_gaps")["online_service_index_2019"]
    others = [v for k, v in BENCH_2019.items() if k != "浙江"]       # the province is left out of its benchmarks
    assert gap == pytest.approx(sum(others) / 4 - 96.73)
    t = ch4_zj_en.text
    assert "Zhejiang" in t and "Table 4.1" in t and "表4-" not in t
    assert "census of the province" in t and "counter-evidence" in t
    assert "The collection holds no problem section of Zhejiang" in t


# ------------------------------------------------------------------------------------------------ chapter 6
def test_ch6_heilongjiang_gap_to_benchmark_mean(ch6_hlj):
    cap_gap = sum(BENCH_2019.values()) / 5 - HLJ_2019
    e = ch6_hlj.results["gap_to_target"]
    assert e["value"]["online_service_index_2019"] == pytest.approx(cap_gap)
    assert e["per_year"]["online_service_index_2019"] == pytest.approx(cap_gap / (2030 - 2019))
    assert (e["target"], e["target_year"]) == ("benchmark_mean", 2030)
    assert e["data_year"] == 2026 and e["target_year"] > e["data_year"]     # the target lies after the data date
    # websites per million is a cost indicator (consolidation): HLJ 6.4992 vs benchmark mean
    # (8.6421+4.8963+2.5331+7.6108+3.2887)/5 = 5.3942 -> gap 1.1050 > 0 (less consolidated), so CM2 has a gap too.
    # priorities by hand: CM1 = 0.852239 x 16.194/22.66 = 0.6091; CM2 = 0.147761 x 1.1050/56.4017 = 0.0029
    assert _v(ch6_hlj, "priority_order") == ["CM1", "CM2"]
    assert ch6_hlj.results["priority_order"]["priorities"]["CM1"] == pytest.approx(0.6091, abs=1e-3)
    assert ch6_hlj.results["priority_order"]["priorities"]["CM2"] == pytest.approx(0.0029, abs=2e-4)
    assert _v(ch6_hlj, "priority_order_stable") is True
    t = ch6_hlj.text
    assert "表6-2" in t and "黑龙江省" in t
    # four subsections, each with problem and evidence, measures and a monitoring indicator
    for head in ("6.3 丰富服务形式", "6.4 优化平台运营管理", "6.5 健全制度化管理", "6.6 完善信息安全体系"):
        assert head in t
    assert t.count("问题与证据。") == 4 and t.count("措施。") == 4 and t.count("监测指标。") == 4
    # direction-aware verbs: website density is a cost indicator and must be lowered, never raised
    m = ch6_hlj.results["monitoring_changes"]
    assert m["value"] == {"CM1": "increase", "CM2": "decrease", "CM3": "increase", "CM4": None}
    assert m["change"]["CM2"] == pytest.approx(-1.1050, abs=1e-3)
    assert "需要的变化：降低1.1个/百万人" in t and "提高1.1个/百万人" not in t
    assert "priority" not in ch6_hlj.exhibits and "2027年底前" in t            # no priority chart; first step after the data year
    assert "西藏" in t                                                         # the outlier that drove the old chart is named


def test_ch6_jilin_leader_2030_english(ch6_jilin_en):
    from heilongjiang_newmedia.chapters import countermeasures as cmx, framework as fwk

    e = ch6_jilin_en.results["gap_to_target"]
    assert e["value"]["online_service_index_2019"] == pytest.approx(96.73 - JILIN_2019)
    assert e["per_year"]["online_service_index_2019"] == pytest.approx((96.73 - JILIN_2019) / 11)
    fw = fwk.load_framework()
    m = fwk.indicator_matrix()
    w = fwk.entropy_and_equal_weights(m, fw)["entropy_weight"]
    g = cmx.gap_to_target(m, "吉林", list(BENCH_2019), "leader", 2030, cmx.data_years(fw, m.columns),
                          fwk.directions(fw, m.columns), cmx.grade_scale_ids(fw))
    p = cmx.priorities(g, w, cmx.indicator_ranges(m), cmx.indicator_countermeasures(fw))
    expected = p[p["priority"] > 0].sort_values(["rank", "countermeasure_id"])["countermeasure_id"]
    # leader for the cost indicator = the minimum (上海 2.5331): Jilin gap 12.5449 - 2.5331 = 10.0118;
    # by hand CM1 = 0.852239 x 20.17/22.66 = 0.7586 > CM2 = 0.147761 x 10.0118/56.4017 = 0.0262
    assert _v(ch6_jilin_en, "priority_order") == list(expected) == ["CM1", "CM2"]
    assert e["value"]["websites_per_million_2019"] == pytest.approx(10.0118, abs=1e-3)
    t = ch6_jilin_en.text
    assert "Jilin" in t and "Table 6.2" in t and "decrease by 10.01 per million residents" in t


def test_ch6_zhejiang_grade_target_reached(ch6_zj):
    e = ch6_zj.results["gap_to_target"]
    assert e["value"]["online_service_index_2019"] == pytest.approx(90 - 96.73)
    assert e["per_year"]["online_service_index_2019"] == 0
    # grade bands do not apply to websites per million: no target, no gap
    assert e["value"]["websites_per_million_2019"] is None
    assert "浙江省" in ch6_zj.text
