"""Chapter 2 without a notebook: the indicator system counted against the data, the theories and their predictions,
the weights -- expected values derived here from the indicator table and data/raw, not copied from the chapter."""
from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest

from heilongjiang_newmedia.chapters import framework as Fw
from heilongjiang_newmedia.loading import indicators as I
from heilongjiang_newmedia.loading.context import StudyContext
from heilongjiang_newmedia.loading.datasets import load
from heilongjiang_newmedia.methods import cross_sections as X
from heilongjiang_newmedia.methods import mcda
from heilongjiang_newmedia.text.statements import declared_findings, finding_statement


@pytest.fixture(scope="module")
def res():
    return Fw.analyse(StudyContext.from_params())


@pytest.fixture(scope="module")
def table():
    return pd.read_csv(I.INDICATORS_CSV, dtype=str, keep_default_na=False)


# ------------------------------------------------------------------------------------------- the indicator system
def test_counts_add_up_and_follow_the_table(res, table):
    """N13: evaluation + background = total, comparable + partial + none = evaluation; derived from the CSV here."""
    c = res.counts
    evaluation = table[table["role"] != "context"]
    assert c["n_total"] == len(table) == c["n_evaluation"] + c["n_background"]
    assert c["n_background"] == int((table["role"] == "context").sum())
    assert c["n_evaluation"] == len(evaluation)
    assert c["n_comparable_all"] + c["n_partial"] + c["n_none"] == c["n_evaluation"]
    # comparable = composite indicators with a value for all 31 provinces, computed here from data/raw
    tables = I.source_tables()
    full = [i for i in evaluation.loc[evaluation["role"] == "composite", "indicator_id"]
            if X.cross_section(i, tables)[0].notna().sum() == 31]
    assert c["comparable_ids"] == full == ["online_service_index_2019", "websites_per_million_2019"]
    # no data at all: the not_covered rows (no dataset)
    assert c["none_ids"] == evaluation.loc[evaluation["dataset"] == "", "indicator_id"].tolist()
    # the two background items listed under 平台建设 (N13) are accounted for, the decline among them (N35)
    assert c["background_in_dimensions"] == ["gov_websites_2019", "website_decline_2019"]
    assert "website_decline_2019" not in c["evaluation_ids"]
    assert table.set_index("indicator_id").at["website_decline_2019", "direction"] == "none"


def test_findings_keep_the_contract_for_three_provinces_in_both_languages():
    declared = declared_findings("framework")
    for province in ("黑龙江", "吉林", "浙江"):
        r = Fw.analyse(StudyContext.from_params(province=province))
        rec = Fw.findings(r)
        rec.check(declared)
        tree = rec.tree()
        assert tree["theories"] == ["uses_gratifications", "new_public_service", "service_government"]
        n = tree["indicators"]
        assert n["n_evaluation"] + n["n_background"] == n["n_total"]
        assert set(tree["predictions"]) == set(tree["theories"])
        for lang in ("zh", "en"):
            for key in rec:
                text = finding_statement(rec, key, lang)
                assert text.strip() and (bool(re.search(r"[\u4e00-\u9fff]", text)) == (lang == "zh")), (key, text)


def test_predictions_name_claims_chapters_4_and_5_rate(res):
    claims = Fw.claims().set_index("claim")
    for t in Fw.theories().itertuples(index=False):
        assert t.claims and set(t.claims) <= set(claims.index)
    problems = {c for cs in Fw.theories()["claims"] for c in cs if c.startswith("P")}
    assert problems == {"P1", "P2", "P3", "P4"}           # every problem of chapter 4 tests some theory


def test_matrix_known_values():
    fw = I.read_indicator_table()
    ids = [i for i in fw["indicator_id"] if i in X.COMPUTABLE]
    full = X.indicator_matrix(I.source_tables(), ids, dict(zip(fw["indicator_id"], fw["unit"])))
    assert full.shape == (31, 7) and "新疆生产建设兵团" not in full.index and full.index[0] == "北京"
    h = full.loc["黑龙江"]
    assert h["gov_websites_2019"] == 207 and h["population_census_2020"] == 31850088
    assert h["online_service_index_2019"] == pytest.approx(77.93) and h["website_decline_2019"] == pytest.approx(53.9)
    assert h["websites_per_million_2019"] == pytest.approx(207 / 31850088 * 1e6)
    assert full.attrs["units"]["websites_per_million_2019"] == "websites per million residents"
    assert any("第七次全国人口普查" in s["title"] for s in full.attrs["sources"])
    with pytest.raises(KeyError, match="no 31-province computation"):
        X.indicator_matrix(I.source_tables(), ["weibo_influence_index"])


def test_coverage_from_the_data(res, table):
    c = res.coverage
    assert c.loc["weibo_influence_index", "n_provinces"] == 0 and c.loc["online_service_index_2019", "n_provinces"] == 31
    # the new-media pass rate is covered by Heilongjiang's notices and the comparator provinces' notices
    hq, comp = load("hlj_quarterly"), load("comparator_provinces")
    provinces = set(comp.loc[(comp["object"] == "new_media") & (comp["measure"] == "pass_rate"), "region_zh"])
    if ((hq["object"] == "new_media") & (hq["measure"] == "pass_rate")).any():
        provinces.add("黑龙江")
    assert c.loc["new_media_inspection_pass_rate", "n_provinces"] == len(provinces)
    for d in ("reach", "interaction", "security"):
        assert (c.loc[table.loc[table["dimension"] == d, "indicator_id"], "n_provinces"] < 31).all()


# ------------------------------------------------------------------------------------------- weights and scores
def test_entropy_weights_recomputed_with_numpy(res):
    m = res.matrix
    x, y = m["online_service_index_2019"].to_numpy(), m["websites_per_million_2019"].to_numpy()
    nx, ny = (x - x.min()) / (x.max() - x.min()), (y.max() - y) / (y.max() - y.min())   # websites: a cost indicator

    def ent(v):
        p = v / v.sum()
        p = p[p > 0]
        return -(p * np.log(p)).sum() / np.log(len(v))

    d = np.array([1 - ent(nx), 1 - ent(ny)])
    assert res.weights["entropy_weight"].to_numpy() == pytest.approx(d / d.sum())
    ref = mcda.entropy_weights(m, I.directions(None, m.columns))
    pd.testing.assert_series_equal(res.weights["entropy_weight"], ref, check_names=False)
    s = res.scores
    assert s.at["黑龙江", "entropy_score"] == pytest.approx((d / d.sum()) @ np.array(
        [nx[list(m.index).index("黑龙江")], ny[list(m.index).index("黑龙江")]]))
    assert s.at["黑龙江", "entropy_rank"] == 1 + int((s["entropy_score"] > s.at["黑龙江", "entropy_score"]).sum())


def test_weight_facts_name_the_outlier(res):
    y = res.matrix["websites_per_million_2019"]
    assert res.facts["low"] == "websites_per_million_2019" and res.facts["outlier"] == y.idxmax()
    assert res.facts["median"] == pytest.approx(y.median())


def test_ahp_on_a_supplied_matrix():
    j = [[1, 3, 1, 1, 1], [1 / 3, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1], [1, 1, 1, 1, 1]]
    r = Fw.analyse(StudyContext.from_params(province="吉林"), ahp_matrix=j)
    assert list(r.ahp.weights.index) == list(I.EVALUATION_DIMENSIONS) and r.ahp.consistent
    assert r.ahp_weights["online_service_index_2019"] == pytest.approx(0.5)
    assert set(r.ahp_weights.attrs["unapplied"]) == {"reach", "interaction", "security"}
    bad = [[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]]
    with pytest.raises(mcda.InconsistentJudgmentError):
        Fw.ahp_weights(bad, criteria=["reach", "service", "security"])
    assert math.isclose(Fw.ahp_weights([[1, 2], [0.5, 1]]).weights.iloc[0], 2 / 3)


# ------------------------------------------------------------------------------------------- tables for the reader
def test_indicator_table_reads_as_a_book_table(res):
    for lang in ("zh", "en"):
        t = Fw.indicator_table(res, lang)
        assert t.shape == (18, 6)
        assert not t.astype(str).apply(lambda col: col.str.contains(r"[a-z]+_[a-z0-9_]+")).any().any()   # no ids
    zh = Fw.indicator_table(res, "zh").set_index("序号")
    assert zh["维度"].tolist()[:4] == ["覆盖与使用"] * 3 + ["互动与参与"] and zh.at[18, "维度"] == "背景"
    assert zh.at[8, "用途"] == "背景" and zh.at[8, "方向"] == "—"          # the 2019 decline: background (N35)
    g = Fw.system_values(res, "zh")
    assert g["background_numbers"] == [7, 8]
    assert not any(re.search(r"本项目|年份不详", row["definition"]) for row in g["glossary"])   # N15, N11


def test_theory_table_counts_match_the_counts(res):
    t = Fw.dimension_table(res, "zh")
    assert t["评价指标"].sum() == res.counts["n_evaluation"] and t["背景变量"].sum() == res.counts["n_background"]
    assert t["31省可比"].sum() == res.counts["n_comparable_all"]
