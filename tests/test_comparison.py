"""Domestic comparison (chapter 5): hand-computed small frames and the real framework matrix."""
import math

import numpy as np
import pandas as pd
import pytest

from heilongjiang_newmedia.chapters import comparison as C
from heilongjiang_newmedia.chapters import framework
from heilongjiang_newmedia.methods import mcda
from heilongjiang_newmedia.loading import regions
from heilongjiang_newmedia.loading.datasets import load

BENCH = ["浙江", "广东", "上海", "江苏", "北京"]


@pytest.fixture
def small():
    m = pd.DataFrame({"a": [10.0, 20.0, 30.0, 40.0], "b": [4.0, 3.0, 2.0, np.nan], "c": [1.0, 1.0, 5.0, 9.0]},
                     index=["P", "B1", "B2", "Q"])
    return m, {"a": "benefit", "b": "cost", "c": "none"}


def test_province_vs_groups_hand_computed(small):
    m, d = small
    p = C.province_vs_groups(m, d, "P", ["B1", "B2"], ["Q"]).set_index("indicator")
    assert p.at["a", "benchmark_mean"] == 25.0 and p.at["a", "gap_to_benchmarks"] == -15.0
    assert p.at["a", "peer_mean"] == 40.0 and p.at["a", "rank"] == 4 and p.at["a", "leader"] == "Q"
    assert not p.at["a", "better_than_benchmarks"]
    # cost indicator: 4 vs mean 2.5 -> worse; rank among the 3 with a value, smallest best -> 3; peer has none
    assert p.at["b", "rank"] == 3 and p.at["b", "n"] == 3 and p.at["b", "n_peers"] == 0
    assert not p.at["b", "better_than_benchmarks"] and math.isnan(p.at["b", "peer_mean"])
    assert pd.isna(p.at["c", "better_than_benchmarks"])  # context variable: never "better"
    # the province missing a value -> skipped with the reason
    m2 = m.copy()
    m2.loc["P", "a"] = np.nan
    q = C.province_vs_groups(m2, d, "P", ["B1"], [])
    assert ("a", "province has no value") in q.attrs["skipped"]


def test_composite_uses_complete_columns_and_matches_mcda(small):
    m, d = small
    comp = C.composite_ranking(m, {"a": "benefit", "b": "cost", "c": "benefit"}, pct=10)
    assert comp.excluded == ["b"] and list(comp.weights.index) == ["a", "c"]
    full = m[["a", "c"]]
    dd = {"a": "benefit", "c": "benefit"}
    w = mcda.entropy_weights(full, dd)
    t = mcda.topsis(full, w, dd)
    assert comp.ranking["rank"].to_dict() == t["rank"].to_dict()
    assert comp.of("P")["closeness"] == pytest.approx(float(t.at["P", "closeness"]))
    assert comp.of("P")["min_rank"] <= comp.of("P")["rank"] <= comp.of("P")["max_rank"]
    with pytest.raises(ValueError):
        C.composite_ranking(m[["b"]], {"b": "cost"})


def test_real_framework_ranking_and_regions():
    m = framework.indicator_matrix()
    d = framework.directions(None, m.columns)
    comp = C.composite_ranking(m, d, pct=10)
    w = mcda.entropy_weights(m, d)
    t = mcda.topsis(m, w, d)
    assert comp.excluded == [] and len(comp.ranking) == 31
    assert comp.of("黑龙江")["rank"] == int(t.at["黑龙江", "rank"])
    # Heilongjiang's 2019 Party School index (77.93) enters the matrix as printed
    assert m.at["黑龙江", "online_service_index_2019"] == pytest.approx(77.93)
    pv = regions.provinces()
    reg = C.regional_view(m, comp.ranking["closeness"], dict(zip(pv["zh"], pv["region"])), "黑龙江")
    ne = [p for p, r in zip(pv["zh"], pv["region"]) if r == "northeast"]
    assert reg.at["northeast", "closeness"] == pytest.approx(comp.ranking.loc[ne, "closeness"].mean())
    assert reg.at["northeast", "n_provinces"] == 3 and reg.at["northeast", "is_province_region"]
    assert reg.at["east", "online_service_index_2019"] == pytest.approx(
        m.loc[[p for p, r in zip(pv["zh"], pv["region"]) if r == "east"], "online_service_index_2019"].mean())


def test_domestic_cases_cited_as_printed():
    c = C.domestic_cases(load("benchmark_accounts"), load("top_accounts_heilongjiang"), "黑龙江", BENCH, "zh")
    assert set(c["province"]) == {"上海", "北京", "广东", "浙江", "黑龙江"}      # 四川 is not a default benchmark
    sh = c[(c["account"] == "上海发布") & (c["year"] == 2019)]
    assert sh["fact"].str.contains("突破770万").any() and sh["source_url"].notna().all()
    assert c[c["account"] == "平安哈尔滨"]["fact"].str.contains("331万多").any()
    assert list(c["province"]).index("黑龙江") > list(c["province"]).index("上海")  # own accounts last
    other = C.domestic_cases(load("benchmark_accounts"), load("top_accounts_heilongjiang"), "吉林", ["四川"], "en")
    assert set(other["province"]) == {"四川"} and other["fact"].str.startswith("listed on").all()


def test_lessons_table_flags_what_data_cannot_show():
    fw = framework.load_framework()
    m = framework.indicator_matrix(role=None)
    prof = C.province_vs_groups(m, dict(zip(fw["indicator_id"], fw["direction"])), "黑龙江", BENCH, ["吉林", "辽宁"])
    ll = pd.DataFrame({"indicator": ["osi", "epi"], "diff": [-0.05, 0.01]})
    t = C.lessons_table(prof, fw, ll, "en").set_index("aspect")
    assert len(t) == 5
    assert t.at["Service efficiency", "data support"] == "yes"
    assert "77.93" in t.at["Service efficiency", "domestic evidence (province vs benchmarks)"]
    assert "OSI: China -0.050" in t.at["Service efficiency", "international evidence (China vs comparison countries)"]
    assert t.at["Handling of public emergencies", "data support"] == "no"
    assert t.at["Information-security system", "data support"] == "no"
    assert "no data" in t.at["Information-security system", "framework indicators [data]"]


def test_flipped_direction_ranking_real_matrix():
    # with websites per million read as benefit (the old reading), the independent numpy TOPSIS put 西藏 first
    # (closeness 0.9605) and Heilongjiang 25th; with the framework's cost reading 广东 is first and Heilongjiang 20th
    from heilongjiang_newmedia.chapters import framework
    m = framework.indicator_matrix()
    d = framework.directions(None, m.columns)
    assert d["websites_per_million_2019"] == "cost"
    base = C.composite_ranking(m, d)
    alt = C.flipped_direction_ranking(m, d, "websites_per_million_2019")
    assert base.ranking.index[0] == "广东" and base.of("黑龙江")["rank"] == 20
    assert alt.ranking.index[0] == "西藏" and alt.of("黑龙江")["rank"] == 25
    assert alt.ranking.at["西藏", "closeness"] == pytest.approx(0.9605, abs=1e-4)
    assert d["websites_per_million_2019"] == "cost"          # the caller's mapping is not modified
    with pytest.raises(KeyError):
        C.flipped_direction_ranking(m, d, "nope")
