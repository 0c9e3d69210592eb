"""Chapter 5 (comparison): its parts on small frames, its findings recomputed from the data, and the notebook executed
for Heilongjiang (zh, en), Jilin (en) and Zhejiang (zh; the benchmarks then exclude Zhejiang)."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from heilongjiang_newmedia.chapters import comparison as C
from heilongjiang_newmedia.chapters.comparison import aspects as A
from heilongjiang_newmedia.chapters.comparison import composite as K
from heilongjiang_newmedia.chapters.comparison import indicators as I
from heilongjiang_newmedia.chapters.comparison import practices as Pr
from heilongjiang_newmedia.findings import Findings, read
from heilongjiang_newmedia.loading.context import StudyContext
from heilongjiang_newmedia.loading.datasets import load
from heilongjiang_newmedia.methods import mcda
from heilongjiang_newmedia.text.statements import declared_findings, finding_statement

DATA = Path(__file__).resolve().parents[1] / "data" / "raw"
PRACTICES = pd.read_csv(DATA / "practices" / "practices.csv", dtype=str, keep_default_na=False)


# ------------------------------------------------------------------------------------------ parts, small frames
@pytest.fixture
def small():
    m = pd.DataFrame({"a": [10.0, 20.0, 30.0, 40.0], "b": [4.0, 3.0, 2.0, np.nan], "c": [1.0, 1.0, 5.0, 9.0]},
                     index=["P", "B1", "B2", "Q"])
    return m, {"a": "benefit", "b": "cost", "c": "none"}


def test_province_vs_groups_hand_computed(small):
    m, d = small
    p = I.province_vs_groups(m, d, ["a", "b"], "P", ["B1", "B2"], ["Q"]).set_index("indicator")
    assert p.at["a", "benchmark_mean"] == 25.0 and p.at["a", "gap_to_benchmarks"] == -15.0
    assert p.at["a", "peer_mean"] == 40.0 and p.at["a", "rank"] == 4 and p.at["a", "leader"] == "Q"
    assert not p.at["a", "ahead"] and p.at["a", "evaluation"]
    assert p.at["b", "rank"] == 3 and p.at["b", "n"] == 3 and p.at["b", "n_peers"] == 0 and not p.at["b", "ahead"]
    # a background item (not in the evaluation list) is never ranked nor "ahead"
    assert not p.at["c", "evaluation"] and pd.isna(p.at["c", "ahead"]) and pd.isna(p.at["c", "rank"])


def test_composite_matches_mcda_and_weighted_score(small):
    m, _ = small
    comp = K.composite_ranking(m, {"a": "benefit", "b": "cost", "c": "benefit"}, pct=10)
    assert comp.excluded == ["b"] and list(comp.weights.index) == ["a", "c"]
    full, dd = m[["a", "c"]], {"a": "benefit", "c": "benefit"}
    w = mcda.entropy_weights(full, dd)
    t = mcda.topsis(full, w, dd)
    assert comp.ranking["rank"].to_dict() == t["rank"].to_dict()
    # weighted score: min-max to 0-1, weighted sum; P is worst on both -> 0
    mm = (full - full.min()) / (full.max() - full.min())
    score = (mm * w).sum(axis=1)
    assert comp.of("P")["score"] == pytest.approx(float(score["P"])) == pytest.approx(0.0)
    assert comp.of("Q")["weighted_rank"] == 1
    with pytest.raises(ValueError):
        K.composite_ranking(m[["b"]], {"b": "cost"})


def test_fact_dates_and_values_as_printed():
    assert Pr.fact_date("2021-07", "zh") == "2021年7月" and Pr.fact_date("2021-07", "en") == "July 2021"
    assert Pr.fact_date("2019Q4 (accounts running to November)", "zh") == "2019年第四季度"
    assert Pr.fact_date("2017 (end)", "en") == "end of 2017" and Pr.fact_date("2011-2015 strategy", "zh") == "2011年"
    assert Pr.fact_date("n.d. (c. 2023)", "zh") == ""
    row = PRACTICES.set_index("row_id").loc["P069"].to_dict()      # 超過630萬 (traditional on the stored page)
    row["value_numeric"] = float(row["value_numeric"])
    assert Pr.fact_value(row, "zh", "—") == "超过630万" and Pr.fact_value(row, "en", "—") == "more than 6.3 million"
    row = PRACTICES.set_index("row_id").loc["P053"].to_dict()      # a launch: no figure
    assert Pr.fact_value(row, "zh", "—") == "—"


def test_a_practice_is_never_credited_to_another_region():
    groups, rows = Pr.read_groups()
    region_of = dict(zip(PRACTICES["row_id"], PRACTICES["region"]))
    for g in groups.itertuples():
        for rid in rows.loc[rows["group"] == g.group, "row_id"]:
            assert region_of[rid] == g.region, (g.group, rid)
    assert "SGP" not in set(PRACTICES.loc[PRACTICES["practice_zh"].str.contains("一网通办"), "region"])
    # a curated group naming a row of another region is refused
    bad = rows.assign(row_id=rows["row_id"].where(rows["group"] != "SH-onenet", "P076"))
    with pytest.raises(ValueError, match="another region"):
        Pr.select(load("practices"), ["上海"], groups, bad, "zh", "—")


def test_region_without_practice_rows_is_dropped():
    shown = Pr.select(load("practices"), ["湖南", "上海"], *Pr.read_groups(), "zh", "—")
    assert set(shown["region"]) == {"上海"}


# ------------------------------------------------------------------------------------------ findings from the data
CASES = [("黑龙江", None, "zh"), ("黑龙江", None, "en"), ("吉林", None, "zh"), ("吉林", None, "en"),
         ("浙江", ["广东", "上海", "江苏", "北京"], "zh"), ("浙江", ["广东", "上海", "江苏", "北京"], "en")]


def _verdict(n_for: int, n_against: int) -> str:
    """The scale's rule, written out again here (text/scale.yaml)."""
    if n_for == n_against == 0:
        return "no_direct_evidence"
    if n_for >= 2 and n_against == 0:
        return "supported"
    return "partly_supported" if n_for > n_against else "contested" if n_for == n_against else "not_supported"


def _record(province, benchmarks, lang):
    ctx = StudyContext.from_params(province=province, benchmarks=benchmarks, lang=lang)
    res = C.analyse(ctx, load)
    rec = Findings("05_comparison", "comparison")
    for s in C.record.SECTIONS:
        for f in C.findings(res, s):
            rec.add(f)
    return ctx, res, rec


@pytest.fixture(scope="module", params=CASES, ids=[f"{p}-{l}" for p, _, l in CASES])
def case(request):
    return _record(*request.param)


def test_findings_match_declaration_and_have_statements(case):
    ctx, res, rec = case
    rec.check(declared_findings("comparison"))
    for key in rec:
        text = finding_statement(rec, key, ctx.lang)
        assert text.strip() and "{{" not in text
        if ctx.lang == "en":
            assert not re.search(r"[\u4e00-\u9fff]", text.replace(str(rec[key].value), "")), (key, text)


def test_n_compared_counts_chapter_2_evaluation_indicators(case):
    ctx, res, rec = case
    fw = I.framework_table()
    # chapter 2's classes: role 'context' = background; 'composite' = one basis for all 31 provinces
    evaluation_with_cross_section = fw[(fw["role"] != "context") & (fw["role"] == "composite")]
    assert rec.value("indicators.n_compared") == len(evaluation_with_cross_section) == 2
    assert "website_decline_2019" not in set(res.profile.loc[res.profile["evaluation"], "indicator"])
    # n_ahead recomputed from the data: the online-service index higher, the website density lower is better
    osc = load("online_service_capability")
    osc = osc[(osc["eval_year"].astype(str) == "2019") & osc["metric"].str.startswith("overall_index")]
    s = osc.set_index("province_zh")["score"].astype(float)
    ahead = int(s[ctx.province.zh] > s[[b.zh for b in ctx.benchmarks]].mean())
    dens = res.matrix["websites_per_million_2019"]
    ahead += int(dens[ctx.province.zh] < dens[[b.zh for b in ctx.benchmarks]].mean())
    assert rec.value("indicators.n_ahead") == ahead


def test_aspect_verdicts_recomputed_from_the_observations(case):
    ctx, res, rec = case
    obs = res.observations
    for a in A.ASPECTS:
        mine = obs[(obs["claim"] == a) & obs["construct"] & obs["direction"].isin(["for", "against"])]
        keys = lambda d: {f"{r.source}|{r.period}" for r in mine[mine["direction"] == d].itertuples()}  # noqa: E731
        n_for, n_against = len(keys("for")), len(keys("against"))
        assert rec.value(f"aspects.{a}.verdict") == _verdict(n_for, n_against), a
        assert (rec.value(f"aspects.{a}.n_for"), rec.value(f"aspects.{a}.n_against")) == (n_for, n_against)
    # UN HCI and TII are national and not team or convenience measures: never counted
    un = obs[obs["source"] == "UN E-Government Survey"]
    assert len(un) == 2 and set(un["excluded"]) == {"construct"}
    assert rec.value("aspects.emergency.verdict") == "no_direct_evidence"


def test_every_region_shown_has_a_dated_cited_practice_of_its_own(case):
    ctx, res, rec = case
    rows = PRACTICES.set_index("row_id")
    shown = rec.value("practices.regions")
    expected = [b.zh for b in ctx.benchmarks] + [c for c in ctx.countries if c != "CHN"]
    have = set(PRACTICES["region"])
    assert len(shown) == sum(1 for r in expected if r in have)   # a region without rows is dropped
    for key in shown:
        region, ids = rec.value(f"practices.{key}.region"), rec.value(f"practices.{key}.ids")
        assert ids and rec.value(f"practices.{key}.n") == len(ids)
        assert set(rows.loc[ids, "region"]) == {region}, key
        dated = [i for i in ids if re.match(r"\d{4}", rows.at[i, "reference_date"] or rows.at[i, "year_started"])]
        assert dated and all(rows.at[i, "source_url"].startswith("http") for i in dated), key
    if "浙江" in [b.zh for b in ctx.benchmarks]:
        assert "Zhejiang" in shown
    else:
        assert "Zhejiang" not in shown and "Zhejiang" not in rec.value("lessons.CM3.regions")


def test_security_lesson_only_where_practices_document_one(case):
    ctx, res, rec = case
    cm4 = rec.value("lessons.CM4.regions") if "lessons.CM4.regions" in rec else []
    for key in cm4:
        ids = rec.value(f"practices.{key}.ids")
        assert "security" in set(PRACTICES.set_index("row_id").loc[ids, "aspect"]), key


def test_two_composites_are_recorded_with_their_size(case):
    ctx, res, rec = case
    m = res.matrix[["online_service_index_2019", "websites_per_million_2019"]]
    d = {"online_service_index_2019": "benefit", "websites_per_million_2019": "cost"}
    t = mcda.topsis(m, mcda.entropy_weights(m, d), d)
    assert rec.value("composite.topsis_rank") == int(t.at[ctx.province.zh, "rank"])
    assert rec["composite.topsis_rank"].detail["of"] == rec["composite.weighted_rank"].detail["of"] == 31
    if ctx.province.zh == "黑龙江":
        assert (rec.value("composite.topsis_rank"), rec.value("composite.weighted_rank")) == (20, 25)


# ------------------------------------------------------------------------------------------ the executed notebook
from chapter_runs import execute_chapter  # noqa: E402

RUNS = {"hlj-zh": {}, "hlj-en": {"lang": "en"},
        "jilin-en": {"province": "Jilin", "lang": "en", "benchmarks": ["Zhejiang", "上海"], "peers": ["黑龙江", "辽宁"],
                     "countries": ["KOR", "SGP", "EST"], "start_year": 2014, "end_year": 2022, "sensitivity_pct": 20},
        "zhejiang-zh": {"province": "浙江"}}


_EXECUTED: dict = {}


def _execute(name, tmp_path_factory):
    if name not in _EXECUTED:
        r = execute_chapter("05_comparison", tmp_path_factory.mktemp(name), **RUNS[name])
        _EXECUTED[name] = (name, r, read("comparison", [r.build]))
    return _EXECUTED[name]


@pytest.fixture(scope="module", params=list(RUNS))
def run(request, tmp_path_factory):
    return _execute(request.param, tmp_path_factory)


@pytest.fixture(scope="module")
def hlj_zh(tmp_path_factory):
    return _execute("hlj-zh", tmp_path_factory)


def _prose(text: str) -> str:
    """The chapter's prose without tables, captions and source notes."""
    text = re.sub(r"<figure.*?</figure>", "", text, flags=re.S)
    return re.sub(r"<[^>]+>", "", text)


@pytest.mark.build
def test_notebook_findings_and_reader_text(run):
    name, r, rec = run
    rec.check(declared_findings("comparison"))
    prose = _prose(r.text)
    if name.endswith("zh"):
        assert not re.search(r"[，。；：、）][ \t\u3000]", prose) and "所选省份" not in prose
        assert not re.search(r"[\u4e00-\u9fff][()]|[()][\u4e00-\u9fff]", prose)
        assert "第二章的评价指标中，能与标杆省份在同一口径上比较的有2项" in prose
    else:
        assert "“" not in prose and "”" not in prose
        assert not re.search(r"[\u4e00-\u9fff]{2,}", re.sub(r"\([^)]*\)|〔[^〕]*〕|\d+号", "", prose)) or name == "hlj-en"
    assert "(#" not in prose and " region\n" not in r.text
    assert r.findings["composite.topsis_rank"]["value"] == rec.value("composite.topsis_rank")
    assert not (r.build / "results").exists()          # findings are the chapter's only record


@pytest.mark.build
def test_notebook_hlj_zh_numbers_and_flags(hlj_zh):
    name, r, rec = hlj_zh
    prose = _prose(r.text)
    assert "黑龙江第25位（共31个）" in prose and "第20位（共31个）" in prose and "相差5位" in prose
    # the low-graded 2019 website row is flagged where it is used (the consolidation sentence, the decline), once a
    # paragraph (N36)
    assert "比上年减少53.9%（含低可信度数据）" in prose and "在多数省份之前（含低可信度数据）" in prose
    assert prose.count("含低可信度数据") == 2 and all(p.count("含低可信度数据") <= 1 for p in re.split(r"\n+", prose))
    assert "中国的4项分指数均低于对比国家均值" in prose
    assert "“一网通办”" in prose and "上海" in prose and "新加坡" in prose
    assert rec.value("aspects.convenience.verdict") == "partly_supported"
    assert set(rec.value("lessons.CM4.regions")) == {"DNK", "EST"}
    # tables carry no pandas index-name row and one precision per measure
    for eid in ("profile-table", "regions", "lead-lag", "practices-domestic"):
        assert eid in r.exhibits
    assert "0.9863（丹麦）" in r.text and "(丹麦)" not in r.text
