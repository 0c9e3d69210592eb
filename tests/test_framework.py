"""Framework table and computations on the bundled data (known figures from data/raw)."""
from __future__ import annotations

import math
import re

import pandas as pd
import pytest

from heilongjiang_newmedia.chapters import framework as F
from heilongjiang_newmedia.methods import mcda


@pytest.fixture(scope="module")
def fw():
    return F.load_framework()


@pytest.fixture(scope="module")
def full():
    return F.indicator_matrix(role=None)


def test_framework_table_shape(fw):
    assert fw["indicator_id"].is_unique and (fw["indicator"] == fw["indicator_id"]).all()
    assert set(fw["role"]) <= set(F.ROLES)
    # the three theories of the thesis are all mapped
    assert {"uses_gratifications", "new_public_service", "service_oriented_government"} <= set(fw["theory"])
    assert set(F.EVALUATION_DIMENSIONS) <= set(fw["dimension"])
    assert F.composite_ids(fw) == ["online_service_index_2019", "websites_per_million_2019"]
    # every computable indicator is flagged, evidence / not_covered are not
    assert fw.loc[fw["role"].isin(["composite", "context"]), "in_matrix"].all()
    assert not fw.loc[fw["role"].isin(["evidence", "not_covered"]), "in_matrix"].any()
    assert (fw.loc[fw["role"] == "not_covered", "dataset"] == "").all()


def test_matrix_known_values(full):
    assert full.shape == (31, 7)
    assert "新疆生产建设兵团" not in full.index and full.index[0] == "北京"
    h = full.loc["黑龙江"]
    assert h["gov_websites_2019"] == 207
    assert h["population_census_2020"] == 31850088
    assert h["online_service_index_2019"] == pytest.approx(77.93)
    assert h["website_decline_2019"] == pytest.approx(53.9)
    assert h["websites_per_million_2019"] == pytest.approx(207 / 31850088 * 1e6)
    assert full.loc["浙江", "online_service_index_2019"] == pytest.approx(96.73)
    assert full.loc["北京", "gov_websites_2019"] == 72
    titles = {s["title"] for s in full.attrs["sources"]}
    assert any("第七次全国人口普查" in t for t in titles)
    assert full.attrs["units"]["websites_per_million_2019"] == "websites per million residents"


def test_default_matrix_is_composite_and_complete():
    m = F.indicator_matrix()
    assert list(m.columns) == ["online_service_index_2019", "websites_per_million_2019"]
    assert m.notna().all().all()
    cov = F.coverage(m)
    assert (cov["n_provinces"] == 31).all() and (cov["share"] == 100).all()


def test_evidence_indicator_not_computable():
    with pytest.raises(KeyError, match="no province cross-section"):
        F.indicator_matrix(["weibo_influence_index"])
    with pytest.raises(KeyError, match="not in the framework"):
        F.indicator_matrix(["nonsense"])


def test_framework_coverage(fw):
    c = F.framework_coverage(fw)
    assert c.loc["weibo_influence_index", "n_provinces"] == 0
    assert c.loc["security_incidents", "n_provinces"] == 0
    assert c.loc["online_service_index_2019", "n_provinces"] == 31
    # HLJ inspection notices + comparator provinces; Heilongjiang is among them
    assert "黑龙江" in c.loc["new_media_inspection_pass_rate", "provinces"]
    # no reach / interaction / security indicator covers all 31 provinces
    for d in ("reach", "interaction", "security"):
        ids = fw.loc[fw["dimension"] == d, "indicator_id"]
        assert (c.loc[ids, "n_provinces"] < 31).all()


def test_entropy_and_equal_weights():
    m = F.indicator_matrix()
    w = F.entropy_and_equal_weights(m)
    assert w["entropy_weight"].sum() == pytest.approx(1.0)
    assert w["equal_weight"].tolist() == [0.5, 0.5]
    ref = mcda.entropy_weights(m, F.directions(ids=m.columns))
    pd.testing.assert_series_equal(w["entropy_weight"], ref, check_names=False)
    assert (w["divergence"] == 1 - w["entropy"]).all()


def test_entropy_excludes_incomplete_and_context(full):
    m = full.copy()
    m.loc["西藏", "online_service_index_2019"] = float("nan")
    w = F.entropy_and_equal_weights(m)
    assert list(w.index) == ["websites_per_million_2019"]
    assert "online_service_index_2019" in w.attrs["excluded"] and "gov_websites_2019" in w.attrs["excluded"]
    assert w["entropy_weight"].iloc[0] == 1.0


def test_ahp_dimension_level():
    j = [[1, 3, 1, 1, 1], [1 / 3, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]
    r = F.ahp_weights(j)
    assert list(r.weights.index) == list(F.EVALUATION_DIMENSIONS)
    assert r.cr < 0.1 and r.weights.sum() == pytest.approx(1)
    iw = F.ahp_indicator_weights(r)
    # platform and service have one composite indicator each and equal AHP weight -> 0.5 / 0.5 after renormalising
    assert iw["online_service_index_2019"] == pytest.approx(0.5)
    assert set(iw.attrs["unapplied"]) == {"reach", "interaction", "security"}


def test_ahp_inconsistent_matrix():
    bad = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.raises(mcda.InconsistentJudgmentError):
        F.ahp_weights(bad, criteria=["reach", "service", "security"])
    r = F.ahp_weights(bad, criteria=["reach", "service", "security"], accept_inconsistent=True)
    assert r.cr >= 0.1 and not r.consistent
    with pytest.raises(ValueError, match="not in the framework"):
        F.ahp_weights([[1, 2], [0.5, 1]], criteria=["reach", "bogus"])
    assert math.isclose(F.ahp_weights([[1, 2], [0.5, 1]]).weights.iloc[0], 2 / 3)


def test_websites_per_million_is_a_cost_indicator():
    # the consolidation (集约化) reading: fewer government websites per million residents = more consolidated
    fw = F.load_framework()
    assert F.directions(fw, ["websites_per_million_2019"]) == {"websites_per_million_2019": "cost"}
    row = fw.set_index("indicator_id").loc["websites_per_million_2019"]
    assert "越少越集约" in row["label_zh"] and "lower = more consolidated" in row["label_en"]
    assert "interpretive choice" in row["definition"]
    # entropy weights recomputed independently with numpy (min-max, cost = (max - x)/(max - min), 0 ln 0 = 0)
    import numpy as np
    m = F.indicator_matrix()
    x = m["online_service_index_2019"].to_numpy(); y = m["websites_per_million_2019"].to_numpy()
    nx = (x - x.min()) / (x.max() - x.min()); ny = (y.max() - y) / (y.max() - y.min())
    def ent(v):
        p = v / v.sum(); p = p[p > 0]
        return -(p * np.log(p)).sum() / np.log(len(v))
    d = np.array([1 - ent(nx), 1 - ent(ny)])
    w = F.entropy_and_equal_weights(m, fw)["entropy_weight"]
    assert w.to_numpy() == pytest.approx(d / d.sum())
    assert w["online_service_index_2019"] == pytest.approx(0.852239, abs=1e-5)   # was 0.379 under the benefit reading


def test_indicator_table_fits_a_portrait_page(fw):
    from heilongjiang_newmedia.chapters import framework_text as T
    cov = F.framework_coverage(fw)
    for lang in ("zh", "en"):
        t = T.indicator_table(fw, cov, lang)
        assert t.shape == (18, 6)  # six short columns; definitions go to the glossary
        assert not t.astype(str).apply(lambda c: c.str.contains(r"[a-z]+_[a-z0-9_]+")).any().any()  # no ids
        g = T.glossary(fw, lang)
        assert [n for n, _, _ in g] == list(range(1, 19)) and all(d for _, _, d in g)
    zh = T.indicator_table(fw, cov, "zh").set_index("序号")
    # rows in dimension order: reach (1-3), interaction (4-5), platform (6-9), service (10-12), security (13-15), context
    assert zh["维度"].tolist()[:4] == ["覆盖与使用"] * 3 + ["互动与参与"] and zh.at[18, "维度"] == "背景"
    assert zh.at[10, "指标（单位）"] == "省级网上政务服务能力总体指数（2019；指数分）"
    assert zh.at[10, "数据覆盖"] == "31个省份，2019年" and zh.at[4, "数据覆盖"] == "无数据"
    assert [lab for _, lab, _ in T.glossary(fw, "zh")][9] == "省级网上政务服务能力总体指数（2019）"
    assert not any("framework.csv" in d for _, _, d in T.glossary(fw, "zh") + T.glossary(fw, "en"))
    # the zh glossary is Chinese (no English sentences)
    assert not any(re.search(r"[A-Za-z]{4,} [a-z]{3,}", d) for _, _, d in T.glossary(fw, "zh"))


def test_two_of_fifteen_comparable(fw):
    assert len(F.evaluation_ids(fw)) == 15 and len(F.composite_ids(fw)) == 2


def test_profile_competition_rank_and_weighted_score():
    m = F.indicator_matrix()
    prof = F.province_profile(m, "黑龙江")
    # rank = 1 + number of provinces doing better (higher index; fewer websites per million for the cost indicator)
    x = m["online_service_index_2019"]
    assert prof.at["online_service_index_2019", "rank"] == 1 + int((x > x["黑龙江"]).sum()) == 25
    y = m["websites_per_million_2019"]
    assert prof.at["websites_per_million_2019", "rank"] == 1 + int((y < y["黑龙江"]).sum())
    w = F.entropy_and_equal_weights(m)
    s = F.weighted_scores(m, w)
    nx = (x - x.min()) / (x.max() - x.min())
    ny = (y.max() - y) / (y.max() - y.min())
    assert s.at["黑龙江", "entropy_score"] == pytest.approx(0.852239 * nx["黑龙江"] + 0.147761 * ny["黑龙江"], abs=1e-5)
    assert s.at["黑龙江", "equal_score"] == pytest.approx(0.5 * nx["黑龙江"] + 0.5 * ny["黑龙江"])
    assert s.at["黑龙江", "entropy_rank"] == 1 + int((s["entropy_score"] > s.at["黑龙江", "entropy_score"]).sum())
