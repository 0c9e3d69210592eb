"""Chapter 7 (conclusion) on small recorded dicts; chapters 5 and 7 executed with papermill."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from heilongjiang_newmedia.chapters import conclusion as S
from heilongjiang_newmedia.chapters import conclusion_render as R
from heilongjiang_newmedia.chapters import conclusion_words as S_words
from heilongjiang_newmedia.reporting.results import MissingResultsError, Recalled


# ------------------------------------------------------------------------------------------- conclusion (pure)
def _fake_recall(store):
    def recall(stem):
        if stem not in store:
            raise MissingResultsError(f"no results for {stem}")
        return Recalled(stem, store[stem])
    return recall


def test_gather_names_every_missing_chapter():
    store = {"01_introduction": {"a": {"value": 1}}, "05_comparison": {"b": {"value": 2}}}
    with pytest.raises(S.MissingChapterResultsError) as e:
        S.gather(_fake_recall(store))
    msg = str(e.value)
    for stem in ("02_framework", "03_status", "04_problems", "06_countermeasures"):
        assert stem in msg
    assert "01_introduction" not in msg and "hlj-newmedia build" in msg
    got = S.gather(_fake_recall(store), required=["01_introduction", "05_comparison"])
    assert set(got) == {"01_introduction", "05_comparison"}


def test_province_check():
    rec = {"05_comparison": {"composite_rank": {"value": 3, "province_code": 220000}}}
    assert S.province_mismatches(rec, 230000) == {"05_comparison": ["220000"]}
    assert S.province_mismatches(rec, 220000) == {}
    rec4 = {"04_problems": {"rating_p1": {"value": "strong", "province": "吉林"}}}
    assert S.province_mismatches(rec4, 230000, ["黑龙江", "Heilongjiang"]) == {"04_problems": ["吉林"]}
    assert S.province_mismatches(rec4, 220000, ["吉林", "Jilin"]) == {}


def _src(conf):
    return [{"title": "T", "url": "https://example.org/t", "date": "2020", "confidence": conf}]


def _rating(zh, en, r_zh, r_en, n_gap, n_items, n_data, low):
    return {"value": r_en, "exhibit": "evidence-ratings", "problem_zh": zh, "problem_en": en, "rating_zh": r_zh,
            "rating_en": r_en, "n_gap": n_gap, "n_items": n_items, "n_data": n_data,
            "sources": _src("low" if low else "high")}


def _small(rank_extra=None, low=False):
    """A few recorded results in the shape chapters 1-6 record them (values hand-chosen)."""
    rank = {"value": 25, "n": 31, "exhibit": "capability-2019", "sources": _src("medium"), **(rank_extra or {})}
    return {
        "03_status": Recalled("03_status", {
            "capability_score_2019": {"value": 77.93, "grade": "中", "exhibit": "capability-2019",
                                      "sources": _src("medium")},
            "capability_rank_2019": rank,
            "mystery_new_key": {"value": 1234567, "exhibit": "x"}}),
        "04_problems": Recalled("04_problems", {
            "rating_P1": _rating("管理体制不完善", "Management", "有限证据", "limited", 2, 3, 3, low),
            "rating_P2": _rating("平台落后", "Platforms", "有限证据", "limited", 2, 2, 2, low),
            "rating_P3": _rating("安全隐患", "Security", "无数据", "no data", 0, 2, 0, low),
            "rating_P4": _rating("服务形式单一", "Service forms", "初步迹象", "first signs", 0, 3, 2, low)}),
        "06_countermeasures": Recalled("06_countermeasures", {
            "priority_order": {"value": ["CM1"], "exhibit": "priority", "labels_zh": {"CM1": "丰富服务形式"}}}),
    }


def _idx(lang="zh"):
    return S.exhibit_index([{"exhibits": [
        {"chapter": "03_status", "id": "capability-2019", "number": "表3-7",
         "anchor": "exhibit-03_status-capability-2019"},
        {"chapter": "04_problems", "id": "evidence-ratings", "number": "Table 4.6",
         "anchor": "exhibit-04_problems-evidence-ratings", "low_confidence": False}]}], lang)


SECTIONS = ("status", "problems", "lessons", "measures", "claims", "limits")


def test_status_prose_from_recorded_values_only():
    conc = R.build(_small(), _idx(), "zh", "黑龙江省")
    md = R.markdown(conc, "status")
    # 77.93 points, rank 25 of 31 under competition ranking: 24 provinces higher, 25/31 > 2/3 -> bottom third
    assert "总体指数为77.93分，评估等级为“中”，居第25位（共31个）（见[表3-7](#exhibit-03_status-capability-2019)）" in md
    assert "有24个省份得分更高" in md and "处于全国后三分之一" in md
    text = "".join(R.markdown(conc, s) for s in SECTIONS)
    assert "1234567" not in text and "mystery" not in text and "1,234,567" not in text   # unknown keys ignored
    assert "重点城市" not in text           # a result nobody recorded: its sentence is left out, not guessed
    assert conc.used["03_status"] == ["capability_score_2019", "capability_rank_2019"]


def test_printed_dense_rank_is_labelled():
    conc = R.build(_small({"value": 23, "rank_dense": 23}), _idx(), "zh", "黑龙江省")
    md = R.markdown(conc, "status")
    assert "居评估报告所列名次第23位（并列不跳号）" in md and "得分更高" not in md
    assert S_words.rank_of({"value": 25, "rank_dense": 23}) == (25, False)
    assert S_words.rank_of({"value": 9, "rank_competition": 11}) == (11, False)
    assert S_words.rank_of({"value": 23, "rank_dense": 23}) == (23, True)


def test_problem_verdicts_follow_the_rule_and_never_upgrade():
    conc = R.build(_small(), _idx(), "zh", "黑龙江省")
    v = {p["id"]: p["verdict"] for p in conc.verdicts}
    # P1: 2 of 3 items show a gap -> qualified; P2: 2 of 2 -> supported; P3: no data -> untestable;
    # P4: data but no item with a gap -> contradicted
    assert v == {"P1": "qualified", "P2": "supported", "P3": "untestable", "P4": "contradicted"}
    md = R.markdown(conc, "problems")
    assert "“管理体制不完善”：第四章的证据评级为“有限证据”（2/3项证据显示差距）；这一判断得到部分支持，但需限定" in md
    assert "Table 4.6" not in md and "[表4-6](#exhibit-04_problems-evidence-ratings)" in md   # renumbered
    # countermeasures: chapter 6's order first, the rest by the verdict on the problem each answers
    assert [o["id"] for o in conc.order] == ["CM1", "CM2", "CM3", "CM4"]
    m = R.markdown(conc, "measures")
    assert m.index("（1）丰富服务形式") < m.index("（2）优化平台运营管理") < m.index("（4）")
    assert "（3）健全制度化管理，针对“管理体制不完善”：证据评级为“有限证据”，公开数据部分支持" in m


def test_low_confidence_is_flagged_in_prose_summary_and_table():
    conc = R.build(_small(low=True), _idx(), "zh", "黑龙江省")
    assert "（见[表4-6](#exhibit-04_problems-evidence-ratings)，含低可信度数据）" in R.markdown(conc, "problems")
    rows = [r for r in R.traceability_rows(conc) if "表4-6" in r["exhibits"]]
    assert rows and all(r["confidence"] == "低" for r in rows)
    assert "含低可信度数据" in R.summary_html(conc)
    clean = R.build(_small(low=False), _idx(), "zh", "黑龙江省")
    assert "低可信度" not in R.markdown(clean, "problems")


def test_sections_are_html_the_book_can_move():
    conc = R.build(_small(), _idx("en"), "en", "Heilongjiang")
    summ, trace = R.summary_html(conc), R.traceability_html(conc)
    assert summ.startswith('<section class="executive-summary"><h1>Executive summary</h1>')
    assert trace.startswith('<section class="traceability"><h1>') and summ.count("<section") == 1
    assert "ranked 25th of 31" in summ and "Table 3.7" in trace and "capability_rank_2019" not in trace
    assert "<th>Section</th><th>Statement</th><th>Value</th><th>Exhibits</th><th>Confidence</th>" in trace
    assert "<td>77.93</td>" in trace and "<td>medium</td>" in trace


# ------------------------------------------------------------------------------------------- executed notebooks
import shutil  # noqa: E402

from chapter_runs import execute_chapter  # noqa: E402



def _execute(stem: str, build: Path, **params):
    run = execute_chapter(stem, build, **params)
    return run.text, run.results, run.build


@pytest.fixture(scope="module")
def ch5_zh(built_zh):
    run = built_zh.run("05_comparison")
    return run.text, run.results, run.build


@pytest.fixture(scope="module")
def ch5_jilin_en(tmp_path_factory):
    return _execute("05_comparison", tmp_path_factory.mktemp("ch5en"), province="Jilin", lang="en",
                    benchmarks=["Zhejiang", "上海"], peers=["黑龙江", "辽宁"], countries=["KOR", "SGP", "EST"],
                    start_year=2014, end_year=2022, sensitivity_pct=20)


def _expected_topsis(province: str, pct: float = 10):
    from heilongjiang_newmedia.chapters import framework
    from heilongjiang_newmedia.methods import mcda
    m = framework.indicator_matrix()
    d = framework.directions(None, m.columns)
    t = mcda.topsis(m, mcda.entropy_weights(m, d), d)
    s = mcda.weight_sensitivity(m, mcda.entropy_weights(m, d), d, pct=pct)
    return int(t.at[province, "rank"]), float(t.at[province, "closeness"]), s.loc[province], len(m)


def test_ch5_defaults_rank_equals_mcda(ch5_zh):
    text, res, build = ch5_zh
    rank, closeness, sens, n = _expected_topsis("黑龙江")
    assert res["composite_rank"]["value"] == rank and res["composite_rank"]["n"] == n == 31
    assert res["composite_closeness"]["value"] == pytest.approx(closeness)
    assert res["composite_rank_band"]["value"] == [int(sens["min_rank"]), int(sens["max_rank"])]
    assert res["composite_rank"]["exhibit"] == "composite" and res["composite_rank"]["province_code"] == 230000
    assert f"第{rank}位（共31个）" in text and "黑龙江" in text and "图5-1" in text
    # independent numpy TOPSIS (vector normalisation, entropy weights 0.852239/0.147761, websites per million as
    # cost): closeness HLJ 0.7194 -> rank 20 of 31; top five 广东 0.9616, 上海 0.9526, 北京 0.9095, 浙江 0.9014, 江苏 0.8831
    assert rank == 20 and closeness == pytest.approx(0.7194, abs=1e-4)
    assert "排名前五的是广东、上海、北京、浙江和江苏" in text
    # the two composites reconciled: chapter 2's weighted score ranks the province 25th (24 provinces higher)
    assert res["weighted_score_rank"]["value"] == 25 and res["weighted_score_rank"]["score"] == pytest.approx(0.2825, abs=1e-3)
    assert "加权得分是0.283，第25位（共31个）" in text and "相差5位" in text
    # ranks in the profile table use the competition convention of the wording helpers, never "25/31"
    assert "第25位（共31个）" in text and "25/31" not in text
    assert "排第一的将是西藏" in text        # the benefit reading (direction reversed) would put 西藏 first


def test_ch5_defaults_international(ch5_zh):
    text, res, build = ch5_zh
    assert res["china_egdi_latest"]["value"] == pytest.approx(0.87184) and res["china_egdi_latest"]["rank"] == 35
    assert res["china_egdi_rank_first"]["value"] == 78 and res["china_egdi_rank_first"]["year"] == 2012
    assert "重新标定" in text and "口径" in text
    # the exhibit CSV of the EGDI trend holds China 2022 = 0.8119, rank 43, with its citation
    import pandas as pd
    egdi = pd.read_csv(build / "exhibits" / "05_comparison" / "egdi-trend.csv", encoding="utf-8-sig")
    row = egdi[(egdi["iso3"] == "CHN") & (egdi["survey_year"] == 2022)].iloc[0]
    assert row["value"] == pytest.approx(0.8119) and int(row["rank"]) == 43 and row["source_url"].startswith("http")
    # lead/lag: China minus the comparison mean, 2024, hand-checked for HCI (largest shortfall)
    hci_others = [0.95841, 0.94972, 0.94498, 0.91198, 0.93615, 0.88424]
    assert res["china_weakest_component"]["indicator"] == "hci"
    assert res["china_weakest_component"]["diff"] == pytest.approx(0.79023 - sum(hci_others) / 6)
    cases = pd.read_csv(build / "exhibits" / "05_comparison" / "flagship-accounts.csv", encoding="utf-8-sig")
    assert "上海发布" in set(cases["account_zh"]) and cases["source_url"].notna().all() and len(cases) <= 6
    # the UN comparison is framed as national context, and every benchmark and country with a practice is discussed
    assert "不能说明本省在国际上的位置" in text
    assert set(res["lessons"]["value"]) == {"浙江", "广东", "上海", "江苏", "北京", "GBR", "SGP", "KOR", "USA"}
    assert res["aspect_ratings"]["value"]["team"] == "no_direct" and "无直接证据" in text
    assert "丹麦" in text and "数据中没有其具体做法的记录" in text


@pytest.mark.build
def test_ch5_other_province_english(ch5_jilin_en):
    text, res, build = ch5_jilin_en
    rank, closeness, sens, n = _expected_topsis("吉林", pct=20)
    assert res["composite_rank"]["value"] == rank and res["composite_rank"]["province_code"] == 220000
    assert res["composite_rank_band"]["value"] == [int(sens["min_rank"]), int(sens["max_rank"])]
    assert res["composite_rank_band"]["pct"] == 20
    # end_year=2022 -> the latest edition shown is 2022: China 0.8119, rank 43
    assert res["china_egdi_latest"]["value"] == pytest.approx(0.8119) and res["china_egdi_latest"]["rank"] == 43
    assert res["china_egdi_rank_first"]["year"] == 2014 and res["china_egdi_rank_first"]["value"] == 70
    assert "Jilin" in text and "Figure 5.1" in text and f"ranking {rank}th of 31" in text
    assert "cannot show the province's own position abroad" in text
    assert "黑龙江" not in text.replace("黑龙江省网信办", "")  # peers shown by English name; only source titles in zh
    assert "第五章" not in text


@pytest.mark.build
def test_ch7_from_real_chapter_5(ch5_zh, tmp_path):
    _, res5, build5 = ch5_zh
    build = tmp_path / "b7"
    (build / "results").mkdir(parents=True)
    shutil.copy(build5 / "results" / "05_comparison.json", build / "results")
    shutil.copytree(build5 / "exhibits" / "05_comparison", build / "exhibits" / "05_comparison")
    from heilongjiang_newmedia.reporting import results as RS
    old = os.environ.get("HLJ_NEWMEDIA_BUILD_DIR")
    os.environ["HLJ_NEWMEDIA_BUILD_DIR"] = str(build)
    try:
        for stem in ("01_introduction", "02_framework", "03_status", "04_problems", "06_countermeasures"):
            RS.record(stem, f"k{stem[:2]}", 4321, exhibit="x", label_zh=f"测试{stem[:2]}", label_en=f"test {stem[:2]}")
    finally:
        if old is None:
            os.environ.pop("HLJ_NEWMEDIA_BUILD_DIR", None)
        else:
            os.environ["HLJ_NEWMEDIA_BUILD_DIR"] = old
    text, res7, _ = _execute("07_conclusion", build)
    r = res5["composite_rank"]
    assert (f"在覆盖全部省份的{r['n_indicators']}项指标上作熵权-TOPSIS综合评价，黑龙江省居第{r['value']}位"
            f"（共{r['n']}个）") in text
    lo, hi = res5["composite_rank_band"]["value"]
    assert f"名次在第{lo}至第{hi}位之间" in text and "(#exhibit-05_comparison-composite)" in text
    e = res5["china_egdi_latest"]
    assert f"升至{e['year']}年的第{e['rank']}位" in text
    assert "4321" not in text and "测试03" not in text       # unknown keys of other chapters are not printed
    assert res7["n_statements"]["value"] >= 4 and "05_comparison" in res7["recorded_keys_used"]["value"]
    # a missing chapter fails, naming it
    (build / "results" / "04_problems.json").unlink()
    with pytest.raises(Exception, match="04_problems"):
        _execute("07_conclusion", build)


def test_reads_the_rewritten_chapters_shapes():
    """Extras the rewritten chapters 1-6 record: rank convention, doubted rows, chapter 4's counter-evidence and
    source counts, chapter 6's non-informative order, chapter 1's claim and verdict labels."""
    rec = _small({"value": 25, "convention": "competition", "rank_dense": 23})
    rec["03_status"].entries["key_city_best_2019"] = {"value": 88.76, "city": "哈尔滨", "rank": 8, "n": 32,
                                                      "convention": "competition", "rank_printed": 6}
    rec["03_status"].entries["websites_2019"] = {"value": 207.0, "decline_pct": 53.9, "doubted": True,
                                                 "sources": _src("medium")}
    p1 = rec["04_problems"].entries["rating_P1"]
    p1.update(n_support=2, n_counter=1, counter_zh=["2024年第二季度新媒体全覆盖检查合格率98.75%"])
    rec["04_problems"].entries["website_decline_2019_pct"] = {"value": 53.9, "median": 18.5, "doubted": True}
    rec["06_countermeasures"].entries["priority_order"]["informative"] = False
    rec["01_introduction"] = Recalled("01_introduction", {"claims_audit": {
        "value": {"c1": "not_found", "c2": "found_other"}, "claims_zh": {"c1": "甲主张", "c2": "乙主张"},
        "verdict_labels_zh": {"not_found": "未找到", "found_other": "找到，但时点或口径不同"}}})
    conc = R.build(rec, _idx(), "zh", "黑龙江省")
    status = R.markdown(conc, "status")
    assert "居第25位（共31个）" in status and "在32个重点城市中居第8位" in status and "并列不跳号" not in status
    assert "有政府网站207个，比上年减少53.9%，远高于31个省份的中位数（18.5%）（见第3章，含低可信度数据）" in status
    probs = R.markdown(conc, "problems")
    assert "（2个独立来源支持，1个反证）" in probs and "第四章列出的反证：2024年第二季度新媒体全覆盖检查合格率98.75%。" in probs
    assert {p["id"]: p["verdict"] for p in conc.verdicts}["P1"] == "qualified"
    m = R.markdown(conc, "measures")
    assert "只作参考" in m and "第六章按各对策所对应指标" not in m
    claims = R.markdown(conc, "claims")
    assert "“甲主张”——未找到" in claims and "“乙主张”——找到，但时点或口径不同" in claims
    assert "not_found" not in claims and "c1" not in claims
