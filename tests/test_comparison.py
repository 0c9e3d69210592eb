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


def _lesson_data():
    return {k: load(k) for k in ("other_rankings", "benchmark_accounts", "top_accounts_heilongjiang",
                                 "gov_social_media_international", "online_service_capability")}


def test_flagship_table_one_account_per_province_best_national_rank():
    from heilongjiang_newmedia.chapters import comparison_lessons as L

    d = _lesson_data()
    acc = pd.concat([d["benchmark_accounts"], d["top_accounts_heilongjiang"]], ignore_index=True)
    t, rows = L.flagship_table(acc, BENCH + ["黑龙江"], "zh")
    assert t.shape[1] == 5 and list(t["省份"]) == ["广东", "上海", "江苏", "北京", "黑龙江"]   # 浙江: no national rank
    sh = t.set_index("省份").loc["上海"]
    assert (sh["账号"], sh["全国榜单名次"], sh["年份"]) == ("上海发布", "第1名；粉丝770万", 2019)
    assert t.set_index("省份").at["江苏", "全国榜单名次"] == "第26名"                     # 南京发布, 2013 top 100
    # unnamed accounts count as their unit; the combined index of all its accounts is preferred
    assert t.set_index("省份").at["黑龙江", "账号"] == "黑龙江省人民检察院（各平台账号）"
    assert rows["source_url"].notna().all() and len(rows) == len(t)
    en, _ = L.flagship_table(acc, ["上海"], "en")
    assert en.iloc[0].tolist() == ["上海发布 (Shanghai Release)", "上海", "Weibo", "1st; 7.7 million followers", 2019]


def test_practice_notes_cite_facts_from_rows_and_invent_none():
    from heilongjiang_newmedia.chapters import comparison_lessons as L

    d = _lesson_data()
    notes, rows = L.practice_notes(["浙江", "GBR", "SGP", "DNK"], d, "zh")
    n = {x["unit"]: x for x in notes}
    assert "“制度体系”分项第1位（15分）" in n["浙江"]["text"] and n["浙江"]["lesson"] == "institutions"
    assert "全部24个部委已迁入GOV.UK" in n["GBR"]["text"] and n["GBR"]["lesson"] == "consolidation"
    assert "约90%的交易通过手机应用完成" in n["SGP"]["text"] and n["SGP"]["lesson"] == "one_stop"
    assert n["DNK"]["lesson"] is None and n["DNK"]["text"] == ""          # no practice row for Denmark
    assert len(rows) == 6 and rows["source_url"].notna().all()
    en, _ = L.practice_notes(["GBR"], d, "en")
    assert "all 24 ministerial departments" in en[0]["text"]
    t = L.lessons_table(notes, {"consolidation": "CM2"}, "zh")
    assert t.shape == (3, 3) and t.iloc[1].tolist() == ["GBR", "集约化（整合平台与账号）", "CM2"]


def test_five_aspects_rated_honestly():
    from heilongjiang_newmedia.chapters import comparison_lessons as L

    ratings = {k: a["rating"] for k, a in L.ASPECTS.items()}
    # the HCI and TII do not measure a government's team or convenience: no aspect is rated above indirect
    assert ratings == {"team": "no_direct", "efficiency": "indirect", "convenience": "no_direct",
                       "emergency": "no_data", "security": "no_direct"}
    d = _lesson_data()
    team, rows = L.aspect_text("team", "黑龙江", "黑龙江", d, "zh")
    assert "“组织机构”分项中，黑龙江排第1位（10分）" in team and "不衡量运营人员" in team and len(rows) == 1
    eff, _ = L.aspect_text("efficiency", "黑龙江", "黑龙江", d, "zh")
    assert "黑龙江为77.93分" in eff and "不衡量办件时长" in eff
    assert list(L.aspects_table("en").iloc[:, 1]) == ["no direct evidence", "indirect evidence", "no direct evidence",
                                                     "no data", "no direct evidence"]


def test_profile_table_units_and_competition_ranks():
    fw = framework.load_framework()
    m = framework.indicator_matrix(role=None)
    prof = C.province_vs_groups(m, dict(zip(fw["indicator_id"], fw["direction"])), "黑龙江", BENCH, ["吉林", "辽宁"])
    units = {i: (z.replace("指数分", "分"), e) for i, z, e in zip(fw["indicator_id"], fw["unit_zh"], fw["unit"])}
    t = C.profile_table(prof, dict(zip(fw["indicator_id"], fw["label_zh"])), "zh", units=units).set_index("指标")
    assert t.shape[1] == 5
    row = t.loc["省级网上政务服务能力总体指数（2019）"]
    # 24 provinces score higher than 77.93 in 2019: competition rank 25 of 31
    assert (row["本省"], row["标杆省份均值"], row["本省排名"]) == ("77.93分", "94.12分", "第25位（共31个）")
    assert t.loc["政府网站数同比降幅（2019）", "本省"] == "53.9%"
    assert t.loc["人均地区生产总值（2019）", "本省"] == "42426元/人" and t.loc["人均地区生产总值（2019）", "本省排名"] == "—"


def test_weighted_score_reproduces_chapter_2_and_differs_from_topsis():
    m = framework.indicator_matrix()
    comp = C.composite_ranking(m, framework.directions(None, m.columns))
    ws = C.weighted_score(comp)
    # chapter 2: min-max normalised, entropy-weighted sum = 0.852239 x (77.93-74.07)/22.66 + 0.147761 x 0.9289
    assert ws.at["黑龙江", "score"] == pytest.approx(0.2825, abs=1e-3) and int(ws.at["黑龙江", "rank"]) == 25
    assert comp.of("黑龙江")["rank"] == 20        # TOPSIS (vector normalisation) ranks the province 5 places higher


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
