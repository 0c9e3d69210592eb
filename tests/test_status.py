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
    # competition ranking (book-wide): 24 of the 31 provinces score higher -> 25th
    assert (cp["rank"], cp["n_higher"]) == (25, 24)
    assert int((cap["score"] > 77.93).sum()) == 24 and cap.loc["黑龙江", "rank"] == 25
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
    # seven key cities score higher (深圳, 南京, 广州, 杭州, 宁波, 合肥, 青岛): 8th by score, printed 6 with ties
    higher = set(kc.loc[kc["score"] > 88.76, "city_zh"])
    assert higher == {"深圳", "南京", "广州", "杭州", "宁波", "合肥", "青岛"} and hrb.iloc[0]["rank_score"] == 8
    # key cities = 27 provincial capitals + 5 计划单列市, no municipality
    assert hlj["key_city_mix"] == {"n": 32, "n_plan": 5, "n_municipalities": 0, "n_capitals": 27}
    series = hlj["city_series"]
    assert set(series["eval_year"]) == {2018, 2019, 2020, 2021}
    assert set(series.loc[series["eval_year"] == 2018, "rank"]) == {10}
    years = hlj["city_years"]
    assert list(years["eval_year"]) == [2018, 2019, 2020, 2021]          # one row per year, sources merged
    assert years.set_index("eval_year").loc[2019, "score"] == 88.76
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
    sm = hlj["summary"][0]
    # the notices side by side: 2017 Q4 websites (random sample of 170, 97.6%), 2024 Q2 new media 2153 at 98.75%
    assert list(sm.columns) == ["2017年四季度网站", "2022年二季度网站", "2022年二季度新媒体", "2024年二季度网站",
                                "2024年二季度新媒体"]
    assert sm.loc["检查方式", "2017年四季度网站"] == "随机抽查" and sm.loc["合格率", "2017年四季度网站"] == "97.6%"
    assert sm.loc["检查数量", "2024年二季度新媒体"] == "2153个" and sm.loc["合格率", "2024年二季度新媒体"] == "98.75%"
    assert not any("_" in str(x) for x in list(sm.index) + list(hlj["summary"][1].index))
    nr = hlj["national"]
    assert set(nr.loc[nr["year"] == 2020, "value"]) == {91.8, 91.9}
    assert (nr.loc[nr["year"] < 2019, "regime"] == "pre-2019").all()


def test_named_accounts_and_doubted_row(hlj, jilin):
    n = hlj["named"]
    first = n[(n["scope"] == "national") & (n["rank"] == 1) & (n["year"] == 2020)]
    # 2020-03 "互联网+检察" index: the provincial procuratorate first on the local overall, Weibo and Toutiao lists
    assert (first["account"] == "黑龙江省人民检察院").sum() == 4
    assert (n["confidence"] != "low").all() and not n["account"].str.contains("aggregate|handle").any()
    assert hlj["harbin_events"]["year"].min() == 2013
    assert hlj["website_doubted"] is True and jilin["website_doubted"] is False
    acc = S.accounts_display(hlj["accounts"], "zh", True)
    assert acc.loc[acc["数量"] == "207个", "口径"].iloc[0].endswith("（可信度低，表格可能错行）")
    items = {it["key"]: it for it in S.status_items(hlj, "zh")}
    assert items["websites_2019"]["text"].endswith("可信度低")


def test_other_and_weibo(hlj, jilin):
    assert (hlj["other"]["region_zh"].isin(["黑龙江", "哈尔滨"])).all() and len(hlj["other"]) > 0
    assert not hlj["other"]["metric"].str.contains("GDP").any()
    od = S.other_display(hlj["other"], "zh")
    assert "并列第1位" in set(od["结果"]) and not od.apply(lambda c: c.astype(str).str.contains("not |tied")).any().any()
    wd = S.weibo_display(hlj["weibo"], "zh")
    assert list(wd.columns) == ["年份", "平台", "统计范围", "数量"] and "腾讯微博" in set(wd["平台"])
    wb = hlj["weibo"]
    assert 3192 in set(wb["value"]) and jilin["weibo"].empty


def test_plan_and_numbers(hlj, jilin):
    p = S.plan(hlj)
    assert p[0] == ("status-in-numbers", "table") and ("divisions", "table") in p
    assert ("divisions", "table") not in S.plan(jilin)
    n = S.exhibit_numbers(p, 3, "zh")
    assert n["status-in-numbers"] == "表3-1" and n["inspections-province"] == "表3-2"   # new media first
    assert n["inspections-national"] == "图3-1" and p.index(("named-accounts", "table")) < p.index(("websites-2019", "figure"))
    assert S.exhibit_numbers(p, 3, "en")["capability-position"].startswith("Table 3.")
    items = {it["key"]: it for it in S.status_items(hlj, "zh")}
    assert items["capability_score_2019"]["value"] == pytest.approx(77.93)
    assert items["capability_rank_2019"]["value"] == 25
    assert items["capability_rank_2019"]["text"] == "第25位（共31个），24个省份得分更高"
    assert items["key_city_best_2019"]["text"] == "哈尔滨88.76分，32个重点城市中第8高"
    assert list(items)[0] == "new_media_accounts" and items["new_media_accounts"]["value"] == 2153
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
    assert values["score"] == 77.93 and values["rank_printed"] == 23 and values["rank"] == 25
    assert round(values["gap_to_leader"], 2) == 18.80            # 96.73 - 77.93
    assert round(values["gap_to_benchmarks"], 2) == 16.19        # (96.73+96.73+93.93+91.90+91.33)/5 - 77.93
    assert shown.iloc[3, 0] == "第一名得分（浙江、广东）" and shown.iloc[0, 1] == "77.93分"
    assert shown.iloc[2, 0] == "报告并列不跳号排名（32个单位）" and shown.iloc[2, 1] == "23"
    en, _ = S.capability_position_table(cp, "Zhejiang, Guangdong", "en")
    assert list(en.columns) == ["Item", "Value"] and en.iloc[1, 1] == "25"
