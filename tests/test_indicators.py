"""indicators: hand-checkable growth, density, rank and gap figures, plus the 2019 Party School provincial table."""
from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from heilongjiang_newmedia.methods.indicators import (
    MissingDenominatorError, SeriesBreakError, UnknownUnitError, cagr, gap_to_benchmarks, gap_to_leader,
    gap_to_stat, gap_to_threshold, growth_rate, index_to_base, per_10k_users, per_million, percentile,
    position, rank, regional_aggregate, shares,
)

ROOT = Path(__file__).resolve().parents[1]
OSC_RELATIVE = Path("rankings") / "online_service_capability.csv"


# --------------------------------------------------------------------------------------------- growth
def test_growth_rate_year_on_year_percent_and_holes():
    s = pd.Series([100.0, 110.0, 99.0, 120.0], index=[2015, 2016, 2017, 2019])
    g = growth_rate(s)
    assert math.isnan(g.loc[2015])
    assert g.loc[2016] == pytest.approx(10.0)
    assert g.loc[2017] == pytest.approx(-10.0)
    assert math.isnan(g.loc[2019])  # 2018 missing: no growth across the hole


def test_cagr_known_value():
    s = pd.Series([100.0, 110.0, 121.0], index=[2018, 2019, 2020])
    assert cagr(s, 2018, 2020) == pytest.approx(10.0, abs=1e-12)  # 121/100 = 1.1^2
    # doubling over 5 years: 2^(1/5) - 1 = 14.8698 %
    d = pd.Series([50.0, 100.0], index=[2010, 2015])
    assert cagr(d, 2010, 2015) == pytest.approx((2 ** 0.2 - 1) * 100, rel=1e-12)
    assert cagr(d, 2010, 2015) == pytest.approx(14.8698355, abs=1e-6)


def test_cagr_refuses_across_a_break_and_bridges_on_request():
    s = pd.Series([100.0, 110.0, 60.0, 66.0], index=[2016, 2017, 2018, 2019])
    with pytest.raises(SeriesBreakError, match="2018"):
        cagr(s, 2016, 2019, breaks=[2018])
    with pytest.raises(ValueError):  # SeriesBreakError is a ValueError
        cagr(s, 2017, 2018, breaks=[2018])  # break year == end is inside (start, end]
    # a break at the start year is not crossed: 2018 -> 2019 is within the new definition
    assert cagr(s, 2018, 2019, breaks=[2018]) == pytest.approx(10.0)
    bridged = cagr(s, 2016, 2019, breaks=[2018], bridge=True)
    assert bridged == pytest.approx(((66 / 100) ** (1 / 3) - 1) * 100)


def test_cagr_rejects_bad_periods():
    s = pd.Series([100.0, 121.0], index=[2018, 2020])
    with pytest.raises(ValueError, match="2019"):
        cagr(s, 2018, 2019)
    with pytest.raises(ValueError):
        cagr(s, 2020, 2018)


def test_index_to_base_and_shares():
    s = pd.Series([80.0, 100.0, 150.0], index=[2018, 2019, 2020])
    idx = index_to_base(s, 2019)
    assert idx.tolist() == pytest.approx([80.0, 100.0, 150.0])
    assert index_to_base(s, 2018).loc[2020] == pytest.approx(187.5)
    parts = pd.Series({"a": 1.0, "b": 3.0})
    assert shares(parts).tolist() == pytest.approx([25.0, 75.0])
    assert shares(parts, total=8.0).tolist() == pytest.approx([12.5, 37.5])
    df = pd.DataFrame({"x": [1.0, 3.0], "y": [2.0, 2.0]}, index=["a", "b"])
    assert shares(df)["x"].tolist() == pytest.approx([25.0, 75.0])
    assert shares(df, axis=1).loc["a"].tolist() == pytest.approx([100 / 3, 200 / 3])
    with pytest.raises(MissingDenominatorError, match="b"):
        shares(parts, total=pd.Series({"a": 10.0}))


# --------------------------------------------------------------------------------------------- densities
def test_per_million_with_explicit_population_and_vintage():
    accounts = pd.Series({"黑龙江": 3192.0, "广东": 3846.0})
    pop = pd.Series({"黑龙江": 3831.22, "广东": 11169.0, "吉林": 2704.0})  # 万人
    pop.attrs["vintage"] = "test vintage"
    out = per_million(accounts, pop, population_unit=1e4)
    # 3192 / 38,312,200 * 1e6 = 83.3155
    assert out.loc["黑龙江"] == pytest.approx(3192 / 38_312_200 * 1e6, rel=1e-12)
    assert out.loc["黑龙江"] == pytest.approx(83.3155, abs=1e-4)
    assert out.attrs["denominator_vintage"] == "test vintage"
    assert list(out.index) == ["黑龙江", "广东"]
    assert per_million(accounts, pop * 1e4, vintage="NBS 2019").attrs["denominator_vintage"] == "NBS 2019"


def test_per_million_refuses_missing_or_zero_denominator():
    accounts = pd.Series({"黑龙江": 10.0, "吉林": 5.0})
    with pytest.raises(MissingDenominatorError, match="吉林"):
        per_million(accounts, pd.Series({"黑龙江": 1e6}))
    with pytest.raises(MissingDenominatorError, match="吉林"):
        per_million(accounts, pd.Series({"黑龙江": 1e6, "吉林": float("nan")}))
    with pytest.raises(MissingDenominatorError, match="吉林"):
        per_million(accounts, pd.Series({"黑龙江": 1e6, "吉林": 0.0}))


def test_per_10k_users():
    accounts = pd.Series([500.0, 900.0], index=[2019, 2020])
    users = pd.Series([2000.0, 2500.0], index=[2019, 2020])  # 万人
    out = per_10k_users(accounts, users, users_unit=1e4)
    assert out.tolist() == pytest.approx([500 / 2000, 900 / 2500])  # per 万 users = count / users in 万
    assert "denominator_vintage" not in out.attrs
    with pytest.raises(MissingDenominatorError, match="2020"):
        per_10k_users(accounts, users.loc[[2019]])


# --------------------------------------------------------------------------------------------- ranks / gaps
def test_rank_ties_min_versus_dense():
    v = pd.Series({"a": 96.73, "b": 96.73, "c": 93.93, "d": 91.9, "e": 91.9, "f": 80.0})
    assert rank(v, "min").tolist() == [1, 1, 3, 4, 4, 6]
    assert rank(v, "dense").tolist() == [1, 1, 2, 3, 3, 4]
    assert rank(v, "min", ascending=True).tolist() == [5, 5, 4, 2, 2, 1]
    with pytest.raises(ValueError, match="x"):
        rank(pd.concat([v, pd.Series({"x": float("nan")})]))
    assert "x" not in rank(pd.concat([v, pd.Series({"x": float("nan")})]), na="drop").index


def test_percentile_and_gaps():
    v = pd.Series({"a": 10.0, "b": 20.0, "c": 30.0, "d": 40.0})
    assert percentile(v, "a") == 25.0
    assert percentile(v, "d") == 100.0
    assert gap_to_leader(v, "b") == 20.0
    assert gap_to_leader(v, "d") == 0.0
    assert gap_to_stat(v, "a", "mean") == 15.0
    assert gap_to_stat(v, "a", "median") == 15.0
    assert gap_to_benchmarks(v, "a", ["c", "d"]) == 25.0
    assert gap_to_threshold(77.93, 80) == pytest.approx(2.07)
    with pytest.raises(UnknownUnitError, match="zz"):
        gap_to_benchmarks(v, "a", ["c", "zz"])
    with pytest.raises(UnknownUnitError, match="q"):
        gap_to_leader(v, "q")


def test_regional_aggregate():
    v = pd.Series({"黑龙江": 77.93, "吉林": 76.56, "辽宁": 80.88, "浙江": 96.73, "广东": 96.73})
    reg = {"黑龙江": "northeast", "吉林": "northeast", "辽宁": "northeast", "浙江": "east", "广东": "east"}
    mean = regional_aggregate(v, reg)
    assert list(mean.index) == ["east", "northeast"]
    assert mean.loc["northeast"] == pytest.approx((77.93 + 76.56 + 80.88) / 3)
    assert regional_aggregate(v, reg, how="sum").loc["east"] == pytest.approx(193.46)
    assert mean.attrs["n_units"] == {"east": 2, "northeast": 3}
    with pytest.raises(UnknownUnitError, match="吉林"):
        regional_aggregate(v, {k: r for k, r in reg.items() if k != "吉林"})


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=20), min_size=1, max_size=12))
def test_dense_rank_counts_distinct_values_above(xs):
    v = pd.Series(xs, index=[f"u{i}" for i in range(len(xs))], dtype="float64")
    dense, mn = rank(v, "dense"), rank(v, "min")
    for k, x in v.items():
        assert dense[k] == len({y for y in xs if y > x}) + 1
        assert mn[k] == sum(y > x for y in xs) + 1
        assert 0 < percentile(v, k) <= 100


# --------------------------------------------------------------------------------------------- real data
@pytest.fixture(scope="module")
def osc2019() -> pd.DataFrame:
    """2019 provincial overall index rows of the Party School evaluation, read as printed (strings)."""
    candidates = [ROOT / "data" / "raw" / OSC_RELATIVE, ROOT.parent / "shared" / "sources" / OSC_RELATIVE]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        pytest.skip("online_service_capability.csv not available")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    assert {"eval_year", "province_zh", "metric", "rank", "score"} <= set(raw.columns)
    sel = raw[(raw["eval_year"] == "2019") & raw["metric"].str.startswith("overall_index")
              & (raw["province_zh"] != "")]
    return sel.set_index("province_zh")


def test_osc2019_heilongjiang_score_gap_and_printed_rank(osc2019):
    assert len(osc2019) == 32  # 31 provinces + 新疆生产建设兵团
    assert "新疆生产建设兵团" in osc2019.index
    printed = osc2019["rank"].astype(int)
    scores = pd.to_numeric(osc2019["score"].replace("", None)).astype("float64")
    assert scores.loc["黑龙江"] == 77.93
    assert round(gap_to_leader(scores.dropna(), "黑龙江"), 2) == pytest.approx(18.80, abs=1e-9)
    assert round(96.73 - 77.93, 2) == pytest.approx(18.80, abs=1e-9)
    assert printed.loc["黑龙江"] == 23 and printed.max() == 30  # dense rank: 30 distinct places for 32 units
    dense = rank(scores, "dense", na="drop")
    assert dense.loc["黑龙江"] == 23
    pos = position(scores.dropna(), "黑龙江", benchmarks=["浙江", "广东", "上海", "江苏", "北京"])
    assert pos["rank_dense"] == 23 and pos["n"] == 31  # the XPCC has no printed score
    assert pos["rank_min"] == 25  # two tied pairs above (浙江=广东, 江苏=贵州): 24 units score higher
    assert pos["leader"] == "浙江; 广东" and round(pos["gap_to_leader"], 2) == pytest.approx(18.80, abs=1e-9)
    assert pos["gap_to_threshold_80"] == pytest.approx(2.07)
    assert round(pos["gap_to_benchmarks"], 2) == pytest.approx(round((96.73 * 2 + 93.93 + 91.90 + 91.33) / 5
                                                                     - 77.93, 2), abs=1e-9)


def test_osc2019_dense_rank_reproduces_printed_rank_except_documented_oddities(osc2019):
    """``rank(method="dense")`` reproduces the printed rank for every unit except the oddities of the
    secondary page that data/raw/rankings/NOTES.md (caveat 1) documents and keeps as printed:
    福建 (91.11) is printed 6th below 安徽 (90.82, 5th) -- our ranks swap them; the XPCC (28th) has no score,
    so the two units printed below it (甘肃 29, 新疆 30) come one place higher in a ranking of the 31 scores.
    If the source row is corrected, this test fails and the exception list must shrink."""
    printed = osc2019["rank"].astype(int)
    scores = pd.to_numeric(osc2019["score"].replace("", None)).astype("float64")
    dense = rank(scores, "dense", na="drop")
    mismatched = {k: (int(printed[k]), int(dense[k])) for k in dense.index if dense[k] != printed[k]}
    assert mismatched == {"安徽": (5, 6), "福建": (6, 5), "甘肃": (29, 28), "新疆": (30, 29)}
    assert len(dense) == 31 and (dense == printed.reindex(dense.index)).sum() == 27
    # filling the XPCC gap (one distinct score between 青海 75.95 and 甘肃 75.28) restores the printed tail
    filled = scores.fillna(75.5)
    filled_dense = rank(filled, "dense")
    assert filled_dense.loc["新疆生产建设兵团"] == 28
    assert {k for k in filled.index if filled_dense[k] != printed[k]} == {"安徽", "福建"}
