"""Chapter 3 computations (status.py) on the bundled data: known figures from data/raw and hand computations."""
from __future__ import annotations

import pandas as pd
import pytest

from heilongjiang_newmedia.chapters import status as S
from heilongjiang_newmedia.loading.datasets import load

BENCH = ["浙江", "广东", "上海", "江苏", "北京"]


@pytest.fixture(scope="module")
def hlj():
    return S.collect("黑龙江", BENCH, load)


@pytest.fixture(scope="module")
def jilin():
    return S.collect("吉林", BENCH, load)


def test_divisions_add_up_to_census_total(hlj):
    dv = hlj["divisions"]
    assert len(dv) == 13 and dv.index[0] == "哈尔滨市"
    assert dv["population_2020"].sum() == 31850088          # the 13 add up exactly (context/NOTES.md)
    assert dv.loc["哈尔滨市", "population_2020"] == 10009854
    assert dv["share_pct"].sum() == pytest.approx(100)
    # NBS code-list totals: 54 districts, 21 county-level cities, 46 counties (incl. 1 autonomous)
    assert dv["districts"].sum() == 54 and dv["county_level_cities"].sum() == 21 and dv["counties"].sum() == 46
    assert dv.attrs["sources"]


def test_websites(hlj):
    w = hlj["websites"]
    assert len(w) == 31 and "新疆生产建设兵团" not in w.index
    assert w.loc["黑龙江", "websites"] == 207 and w.loc["黑龙江", "yoy_decline_pct"] == 53.9
    assert w.loc["黑龙江", "per_million"] == pytest.approx(207 / 31850088 * 1e6)
    assert w.loc["四川", "rank_websites"] == 1                 # 909, the most
    assert hlj["websites_pos"]["rank_min"] == 23
    # 2nd-largest decline after Chongqing (67.0) among the 31 once the XPCC (65.3) is excluded
    assert hlj["decline_pos"]["rank_min"] == 2
    # the four conflicting `low` rows (e.g. Sichuan 1120) are not used
    assert w.loc["四川", "websites"] == 909


def test_capability(hlj):
    cap = hlj["capability"]
    assert len(cap) == 31
    cp = hlj["capability_pos"]
    assert cp["value"] == pytest.approx(77.93) and cp["rank_printed"] == 23 and cp["rank_dense"] == 23
    assert cp["n_printed"] == 32 and cp["grade"] == "中" and cp["band"] == "中"
    assert cp["gap_to_leader"] == pytest.approx(96.73 - 77.93)
    bench_mean = (96.73 + 96.73 + 93.93 + 91.90 + 91.33) / 5
    assert cp["gap_to_benchmarks"] == pytest.approx(bench_mean - 77.93)
    assert cp["gap_to_threshold_80"] == pytest.approx(2.07)
    assert cp["mean"] == pytest.approx(cap["score"].mean())
    # grade bands derived from the score reproduce the printed 8 / 15 / 8 split among the 31 (XPCC has no score)
    assert cap["band"].value_counts().to_dict() == {"高": 15, "非常高": 8, "中": 8}
    assert (cap["band"] == cap["grade"]).all()


def test_key_cities(hlj, jilin):
    kc = hlj["key_cities"]
    assert len(kc) == 32 and kc.iloc[0]["city_zh"] == "深圳"
    hrb = hlj["province_cities"]
    assert list(hrb["city_zh"]) == ["哈尔滨"] and hrb.iloc[0]["score"] == 88.76 and hrb.iloc[0]["rank"] == 6
    series = hlj["city_series"]
    assert set(series["eval_year"]) == {2018, 2019, 2020, 2021}
    assert set(series.loc[series["eval_year"] == 2018, "rank"]) == {10}
    assert list(jilin["province_cities"]["city_zh"]) == ["长春"]


def test_inspections(hlj, jilin):
    latest = S.latest_pass_rates(hlj["inspections"]).set_index("object")
    assert latest.loc["new_media", "value"] == 98.75 and latest.loc["new_media", "check_type"] == "全覆盖检查"
    assert latest.loc["website", "value"] == 93.40 and latest.loc["website", "year"] == 2024
    c = hlj["cities_100"].set_index(["year", "object"])
    assert c.loc[(2024, "website"), "n_cities"] == 8
    assert jilin["inspections"].empty and jilin["cities_100"] is None      # no notices for Jilin
    gd = S.collect("广东", BENCH, load, start_year=2025)
    assert set(gd["inspections"]["year"]) == {2025}
    nr = hlj["national"]
    assert set(nr.loc[nr["year"] == 2020, "value"]) == {91.8, 91.9}
    assert (nr.loc[nr["year"] < 2019, "regime"] == "pre-2019").all()


def test_other_and_weibo(hlj, jilin):
    assert (hlj["other"]["region_zh"].isin(["黑龙江", "哈尔滨"])).all() and len(hlj["other"]) > 0
    wb = hlj["weibo"]
    assert 3192 in set(wb["value"]) and jilin["weibo"].empty


def test_plan_and_numbers(hlj, jilin):
    p = S.plan(hlj)
    assert p[0] == ("status-in-numbers", "table") and ("divisions", "table") in p
    assert ("divisions", "table") not in S.plan(jilin)
    n = S.exhibit_numbers(p, 3, "zh")
    assert n["status-in-numbers"] == "表3-1" and n["divisions-population"] == "图3-1"
    assert S.exhibit_numbers(p, 3, "en")["capability-2019"].startswith("Table 3.")
    items = {it["key"]: it for it in S.status_items(hlj, "zh")}
    assert items["capability_score_2019"]["value"] == pytest.approx(77.93)
    assert items["capability_rank_2019"]["value"] == 23 and "第23位" in items["capability_rank_2019"]["text"]
    assert items["websites_2019"]["exhibit"] == "websites-2019"
    en = {it["key"]: it for it in S.status_items(jilin, "en")}
    assert "pass_rate_website_latest" not in en and en["capability_score_2019"]["value"] == pytest.approx(76.56)
    t = S.numbers_table(list(items.values()), n, "zh")
    assert list(t.columns) == ["指标", "数值", "见"]


def test_helpers():
    assert S.gap_text(2.5, "均值", "the mean", "zh") == "比均值低2.50分"
    assert S.gap_text(-1, "均值", "the mean", "en") == "1.00 points above the mean"
    assert S.gap_text(0, "第一名", "the leader", "en") == "level with the leader"
    d = S.display_table(pd.DataFrame({"object": ["website"], "rank": pd.array([pd.NA], dtype="Int64"),
                                      "score": [3.0]}), "en")
    assert d.iloc[0].tolist() == ["websites", "—", 3] and list(d.columns) == ["Object", "Rank", "Score"]
    assert S.position_among(pd.Series({"a": 1.0, "b": None}), "b") is None


def test_capability_position_table_heilongjiang():
    from heilongjiang_newmedia.chapters import status as S
    from heilongjiang_newmedia.loading.datasets import load

    cp = S.collect("黑龙江", ["浙江", "广东", "上海", "江苏", "北京"], load)["capability_pos"]
    shown, data = S.capability_position_table(cp, "浙江、广东", "zh")
    values = dict(zip(data["key"], data["value"]))
    assert values["score"] == 77.93 and values["rank_printed"] == 23
    assert round(values["gap_to_leader"], 2) == 18.80            # 96.73 - 77.93
    assert round(values["gap_to_benchmarks"], 2) == 16.19        # (96.73+96.73+93.93+91.90+91.33)/5 - 77.93
    assert shown.iloc[3, 0] == "第一名得分（浙江、广东）" and shown.iloc[0, 1] == "77.93"
    en, _ = S.capability_position_table(cp, "Zhejiang, Guangdong", "en")
    assert list(en.columns) == ["Item", "Value"] and en.iloc[1, 1] == "23"
