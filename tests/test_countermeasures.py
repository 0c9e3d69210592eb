"""Chapter 6 library: gap-to-target and countermeasure priorities, on the 2019 Party School scores and fixtures."""
import math

import pandas as pd
import pytest

from heilongjiang_newmedia.chapters import countermeasures as cmx
from heilongjiang_newmedia.loading.datasets import load

BENCH = ["浙江", "广东", "上海", "江苏", "北京"]


@pytest.fixture(scope="module")
def capability():
    d = load("online_service_capability")
    d = d[(d["eval_year"] == 2019) & d["score"].notna() & d["metric"].str.startswith("overall_index")]
    return d.set_index("province_zh")[["score"]].rename(columns={"score": "capability"})


@pytest.mark.parametrize("target,expected", [
    ("benchmark_mean", (96.73 + 96.73 + 93.93 + 91.90 + 91.33) / 5 - 77.93),
    ("leader", 96.73 - 77.93),
    ("grade_90", 90 - 77.93),
    ("grade_80", 80 - 77.93),
])
def test_heilongjiang_capability_gap_to_target(capability, target, expected):
    g = cmx.gap_to_target(capability, "黑龙江", BENCH, target, 2025, {"capability": 2019},
                          grade_scale=["capability"]).set_index("indicator")
    assert g.loc["capability", "current"] == 77.93
    assert g.loc["capability", "gap"] == pytest.approx(expected)
    assert g.loc["capability", "years_remaining"] == 6
    assert g.loc["capability", "per_year"] == pytest.approx(expected / 6)
    assert g.loc["capability", "status"] == "to_close"


def test_gap_to_target_year_and_reached(capability):
    g = cmx.gap_to_target(capability, "Heilongjiang", BENCH, "benchmark_mean", 2030, {"capability": 2019})
    assert g.loc[0, "per_year"] == pytest.approx(16.194 / 11)
    z = cmx.gap_to_target(capability, "浙江", BENCH, "benchmark_mean", 2025, {"capability": 2019})
    assert z.loc[0, "status"] == "reached" and z.loc[0, "per_year"] == 0
    assert z.loc[0, "target_value"] == pytest.approx((96.73 + 93.93 + 91.90 + 91.33) / 4)  # itself left out
    # grade target on an indicator that is not on the 0-100 scale: no target
    n = cmx.gap_to_target(capability, "黑龙江", BENCH, "grade_90", 2025, {"capability": 2019})
    assert n.loc[0, "status"] == "no_target" and math.isnan(n.loc[0, "gap"])
    p = cmx.gap_to_target(capability, "黑龙江", BENCH, "leader", 2019, {"capability": 2019})
    assert p.loc[0, "status"] == "target_year_passed"
    with pytest.raises(ValueError):
        cmx.gap_to_target(capability, "黑龙江", BENCH, "best", 2025, {"capability": 2019})


def test_cost_indicator_leader_is_minimum():
    m = pd.DataFrame({"c": [1.0, 3.0, 6.0]}, index=["浙江", "广东", "黑龙江"])
    g = cmx.gap_to_target(m, "黑龙江", ["浙江"], "leader", 2025, {"c": 2020}, {"c": "cost"})
    assert g.loc[0, "gap"] == pytest.approx(5.0) and g.loc[0, "per_year"] == pytest.approx(1.0)


def _fixture():
    gaps = pd.DataFrame({"indicator": ["a", "b", "c", "d"], "gap": [4.0, 1.0, -2.0, 3.0]})
    weights = pd.Series({"a": 0.1, "b": 0.6, "c": 0.2, "d": 0.1})
    ranges = pd.Series({"a": 8.0, "b": 2.0, "c": 4.0, "d": 3.0})
    mapping = pd.Series({"a": "CM1", "b": "CM2", "c": "CM3", "d": "CM1"})
    return gaps, weights, ranges, mapping


def test_priorities_by_hand():
    gaps, w, r, m = _fixture()
    p = cmx.priorities(gaps, w, r, m).set_index("countermeasure_id")
    # CM1: 0.1*4/8 + 0.1*3/3 = 0.15; CM2: 0.6*1/2 = 0.30; CM3: gap<0 -> 0; CM4: no indicator -> 0
    assert p.loc["CM1", "priority"] == pytest.approx(0.15)
    assert p.loc["CM2", "priority"] == pytest.approx(0.30)
    assert p.loc["CM3", "priority"] == 0 and p.loc["CM4", "priority"] == 0
    assert list(p["rank"]) == [2, 1, 3, 3]
    # the importance seam replaces the framework weights
    q = cmx.priorities(gaps, w, r, m, importance=pd.Series({"a": 1.0})).set_index("countermeasure_id")
    assert q.loc["CM1", "priority"] == pytest.approx(0.5) and q.loc["CM2", "priority"] == 0


def test_priority_sensitivity_by_hand():
    gaps, w, r, m = _fixture()
    s = cmx.priority_sensitivity(gaps, w, r, m, pct=10).set_index("countermeasure_id")
    assert (s["n_scenarios"] == 8).all()
    assert s.attrs["order_stable"] is True  # 0.30 vs 0.15 cannot swap under a ±10 % change of one weight
    # near-tie: CM1 0.149 vs CM2 0.15 -> a 10 % change of b's weight flips the order
    w2 = pd.Series({"a": 0.1, "b": 0.3, "c": 0.2, "d": 0.098})
    s2 = cmx.priority_sensitivity(gaps, w2, r, m, pct=10)
    assert s2.attrs["order_stable"] is False
    s2 = s2.set_index("countermeasure_id")
    assert s2.loc["CM1", "min_rank"] == 1 and s2.loc["CM1", "max_rank"] == 2


def test_national_mean_target(capability):
    g = cmx.gap_to_target(capability, "黑龙江", BENCH, "national_mean", 2025, {"capability": 2019})
    assert g.loc[0, "target_value"] == pytest.approx(capability["capability"].mean())
    assert capability["capability"].notna().sum() == 31  # XPCC has no score


def test_indicator_countermeasure_mapping_on_the_real_framework():
    from heilongjiang_newmedia.chapters import framework as fwk

    fw = fwk.load_framework()
    m = cmx.indicator_countermeasures(fw)
    assert m["online_service_index_2019"] == "CM1"       # service capability -> add service forms
    assert m["websites_per_million_2019"] == "CM2"       # platform construction -> optimise platform operation
    assert m["website_inspection_pass_rate"] == "CM3"    # inspection results -> institutionalise management
    assert m["security_incidents"] == "CM4"              # security -> information-security system
    assert set(fwk.composite_ids(fw)) <= set(m.index)    # every composite indicator has a countermeasure
    assert cmx.data_years(fw, ["online_service_index_2019", "gov_weibo_accounts"]) == {
        "online_service_index_2019": 2019, "gov_weibo_accounts": None}
    assert cmx.grade_scale_ids(fw) == ["online_service_index_2019", "key_city_service_index_2019"]


# ------------------------------------------------------------------------------------------------ the plan
def test_cost_indicator_needs_a_decrease_and_benefit_an_increase():
    from heilongjiang_newmedia.chapters import countermeasures_plan as plan

    # websites per million (cost): Heilongjiang 6.4992 vs benchmark mean 5.3942 -> lower it by 1.105
    c = plan.needed_change(6.4992, 5.3942, "cost")
    assert c["verb"] == "decrease" and c["change"] == pytest.approx(-1.105) and not c["met"]
    assert plan.change_phrase(c, "个/百万人", "per million residents", "zh").startswith("降低1.1")
    assert plan.change_phrase(c, "个/百万人", "per million residents", "en").startswith("decrease by 1.1")
    b = plan.needed_change(77.93, 94.124, "benefit")
    assert b["verb"] == "increase" and plan.change_phrase(b, "分", "points", "zh") == "提高16.19分"
    assert plan.needed_change(4.0, 5.39, "cost")["verb"] == "hold"       # already below a cost target
    with pytest.raises(ValueError, match="direction"):
        plan.needed_change(1, 2, "none")


def test_default_target_year_lies_after_the_data_date():
    """The data date is the latest source date in the bundled data (2026-05); the default target year is later."""
    from heilongjiang_newmedia import params as P
    from heilongjiang_newmedia.chapters import countermeasures_plan as plan
    from heilongjiang_newmedia.loading.datasets import list_datasets

    data_year = plan.latest_source_year(load(n) for n in list_datasets())
    assert data_year == 2026
    assert P.TARGET_YEAR.default > data_year
    plan.check_target_year(P.TARGET_YEAR.default, data_year)
    with pytest.raises(ValueError, match="target_year 2025 is not after the data year 2026"):
        plan.check_target_year(2025, data_year)


def test_four_countermeasures_each_with_problem_measures_and_monitoring_indicator():
    from heilongjiang_newmedia.chapters import countermeasures_plan as plan, framework as fwk, problems as pb

    ids = list(cmx.countermeasure_table()["countermeasure_id"])
    assert ids == ["CM1", "CM2", "CM3", "CM4"]
    t = pb.problem_table()
    ratings = pd.DataFrame({"problem_id": ["P1", "P2", "P3", "P4"], "rating": ["x"] * 4, "n_items": 2, "n_gap": 1})
    pe = cmx.problem_evidence(t, ratings)
    assert list(pe["countermeasure_id"]) == ids and pe["problem_zh"].str.len().min() > 0
    assert dict(zip(pe["countermeasure_id"], pe["problem_id"])) == {"CM1": "P4", "CM2": "P2", "CM3": "P1", "CM4": "P3"}
    assert all(len(plan.MEASURES[c]) >= 2 for c in ids) and set(plan.MONITORING) == set(ids)
    fw, m = fwk.load_framework(), fwk.indicator_matrix()
    g = cmx.gap_to_target(m, "黑龙江", BENCH, "benchmark_mean", 2030, cmx.data_years(fw, m.columns),
                          fwk.directions(fw, m.columns), cmx.grade_scale_ids(fw))
    rows = plan.monitoring_rows(g, "黑龙江", load("hlj_quarterly"), 2030).set_index("countermeasure_id")
    assert rows.at["CM1", "baseline"] == pytest.approx(77.93) and rows.at["CM1", "verb"] == "increase"
    assert rows.at["CM1", "per_year"] == pytest.approx((sum([96.73, 96.73, 93.93, 91.90, 91.33]) / 5 - 77.93) / 11)
    assert rows.at["CM2", "verb"] == "decrease" and rows.at["CM2", "target"] == pytest.approx(5.3942, abs=1e-3)
    # the 2024 Q2 full check: 99.67 % after rectification; the standard is every account compliant
    assert (rows.at["CM3", "baseline"], rows.at["CM3", "baseline_period"], rows.at["CM3", "target"]) == (99.67, "Q2", 100.0)
    assert rows.at["CM4", "target_kind"] == "none" and math.isnan(rows.at["CM4", "baseline"])   # nothing invented
    tab = plan.monitoring_table(rows.reset_index(), {}, "标杆省份均值", "zh")
    assert tab.iloc[1, 4].startswith("降低") and tab.iloc[0, 4].startswith("提高") and tab.shape == (4, 5)
    # another province has no inspection series: no baseline for CM3 rather than Heilongjiang's
    jl = plan.monitoring_rows(g, "吉林", load("hlj_quarterly"), 2030).set_index("countermeasure_id")
    assert jl.at["CM3", "target_kind"] == "none"


def test_comparable_facts_come_from_cited_rows():
    from heilongjiang_newmedia.chapters import countermeasures_plan as plan

    data = {k: load(k) for k in ("other_rankings", "benchmark_accounts", "comparator_provinces")}
    facts, rows = plan.comparable_facts("CM3", data, "zh")
    assert facts == ["浙江在2020年数字政府发展指数的“制度体系”分项中排第1位（15分）", "广东2025年第二季度政务新媒体总体合格率为99.89%"]
    assert len(rows) == 2 and rows["source_url"].notna().all()
    none, cited = plan.comparable_facts("CM4", data, "en")
    assert none == [] and cited.empty


def test_focus_province_is_not_its_own_comparison():
    from heilongjiang_newmedia.chapters import countermeasures_plan as plan

    data = {k: load(k) for k in ("other_rankings", "benchmark_accounts", "comparator_provinces")}
    facts, _ = plan.comparable_facts("CM3", data, "zh", province="广东")
    assert facts == ["浙江在2020年数字政府发展指数的“制度体系”分项中排第1位（15分）"]
    assert len(plan.comparable_facts("CM2", data, "zh", province="上海")[0]) == 0
