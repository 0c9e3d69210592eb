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
