"""mcda: worked examples computed by hand (in the comments) plus property tests."""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from heilongjiang_newmedia.methods.mcda import (
    SAATY_RI, AHPError, InconsistentJudgmentError, MCDAError, ahp, combine_weights, entropy_table,
    entropy_weights, normalize, topsis, validate_weights, weight_scenarios, weight_sensitivity,
    weighted_composite,
)

PROPS = settings(max_examples=30, deadline=None)


# --------------------------------------------------------------------------------------------- AHP
def test_saaty_random_index_table():
    # Saaty (1980), The Analytic Hierarchy Process, McGraw-Hill: RI for n = 1..15
    assert [SAATY_RI[n] for n in range(1, 16)] == [
        0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]


def test_ahp_perfectly_consistent_matrix_returns_its_weights():
    w = np.array([0.4, 0.3, 0.2, 0.1])
    a = [[w[i] / w[j] for j in range(4)] for i in range(4)]  # a_ij = w_i / w_j
    res = ahp(a, labels=["服务", "互动", "传播", "安全"])
    assert res.weights.tolist() == pytest.approx([0.4, 0.3, 0.2, 0.1], abs=1e-12)
    assert list(res.weights.index) == ["服务", "互动", "传播", "安全"]
    assert res.lambda_max == pytest.approx(4.0, abs=1e-10)
    assert res.cr == 0.0 and res.ri == 0.90 and res.consistent


def test_ahp_known_inconsistent_matrix():
    # A = [[1, 3, 3], [1/3, 1, 3], [1/3, 1/3, 1]]  (intransitive: 1>2 by 3, 2>3 by 3, yet 1>3 only by 3, not 9)
    # For a 3x3 reciprocal matrix with a12 = a, a13 = b, a23 = c the principal eigenvector is the row geometric
    # mean vector and lambda_max = 1 + D^(1/3) + D^(-1/3) with D = b / (a c)  (substitute w = GM rows into Aw).
    #   D = 3 / 9 = 1/3:  lambda_max = 1 + 3^(-1/3) + 3^(1/3) = 1 + 0.693361 + 1.442250 = 3.135611
    #   CI = (3.135611 - 3) / 2 = 0.067805;  CR = 0.067805 / 0.58 = 0.116906  (>= 0.10: inconsistent)
    #   GM rows: 9^(1/3) = 2.080084, 1, 9^(-1/3) = 0.480750; sum 3.560834 -> w = (0.584156, 0.280833, 0.135010)
    # Independent check by power iteration x <- A x / sum(A x) from x0 = (1, 1, 1):
    #   A x0 = (7, 4.3333, 1.6667) / 13 -> (0.538462, 0.333333, 0.128205)
    #   next -> (0.593668, 0.277045, 0.129288) -> ... -> (0.584156, 0.280833, 0.135010) after ~25 steps,
    #   with the Rayleigh-type estimate mean((A x)_i / x_i) -> 3.135611. The loop below repeats it.
    a = [[1, 3, 3], ["1/3", 1, 3], ["1/3", "1/3", 1]]
    num = np.array([[1, 3, 3], [1 / 3, 1, 3], [1 / 3, 1 / 3, 1]])
    x = np.ones(3)
    for _ in range(100):
        y = num @ x
        x = y / y.sum()
    lam_power = float(np.mean((num @ x) / x))
    lam_closed = 1 + 3 ** (-1 / 3) + 3 ** (1 / 3)
    assert lam_power == pytest.approx(lam_closed, abs=1e-12)

    with pytest.raises(InconsistentJudgmentError, match=r"CR = 0\.1169") as exc:
        ahp(a)
    assert exc.value.result is not None and not exc.value.result.consistent
    res = ahp(a, accept_inconsistent=True)
    assert res.lambda_max == pytest.approx(3.135611, abs=1e-6)
    assert res.lambda_max == pytest.approx(lam_closed, abs=1e-10)
    assert res.ci == pytest.approx(0.067805, abs=1e-6)
    assert res.cr == pytest.approx(0.116906, abs=1e-6)
    assert res.cr == pytest.approx((lam_closed - 3) / 2 / 0.58, abs=1e-10)
    assert res.weights.tolist() == pytest.approx([0.584156, 0.280833, 0.135010], abs=1e-6)
    assert res.weights.to_numpy() == pytest.approx(x, abs=1e-10)


def test_ahp_mildly_inconsistent_matrix_is_accepted():
    # a13 = 4 instead of the consistent 2*2 = 4 -> exactly consistent; a13 = 5 -> D = 5/4,
    # lambda_max = 1 + 1.25^(1/3) + 1.25^(-1/3) = 1 + 1.077217 + 0.928318 = 3.005535, CR = 0.004771
    res = ahp([[1, 2, 5], [0.5, 1, 2], [0.2, 0.5, 1]])
    assert res.lambda_max == pytest.approx(1 + 1.25 ** (1 / 3) + 1.25 ** (-1 / 3), abs=1e-10)
    assert res.cr == pytest.approx(0.004771, abs=1e-6)
    assert res.consistent


def test_ahp_rejects_bad_matrices_naming_the_cell():
    with pytest.raises(AHPError, match=r"\(B, A\)"):
        ahp([[1, 3], [0.5, 1]], labels=["A", "B"])  # a21 should be 1/3
    with pytest.raises(AHPError, match=r"\(A, C\) = -2"):
        ahp([[1, 2, -2], [0.5, 1, 1], [-0.5, 1, 1]], labels=["A", "B", "C"])
    with pytest.raises(AHPError, match="square"):
        ahp([[1, 2], [0.5, 1, 3]])
    with pytest.raises(AHPError, match="diagonal"):
        ahp([[2, 1], [1, 1]])
    df = pd.DataFrame([[1, 2], [0.5, 1]], index=["x", "y"], columns=["y", "x"])
    with pytest.raises(AHPError, match="same labels"):
        ahp(df)


def test_ahp_dataframe_and_upper_triangle_forms():
    df = pd.DataFrame([[1, 2, 4], [None, 1, 2], [None, None, 1]], index=list("abc"), columns=list("abc"))
    res = ahp(df)  # lower triangle filled with reciprocals -> consistent, w = (4, 2, 1) / 7
    assert res.weights.to_dict() == pytest.approx({"a": 4 / 7, "b": 2 / 7, "c": 1 / 7}, abs=1e-12)
    assert ahp([[1, 3], [1 / 3, 1]]).cr == 0.0  # n <= 2 is always consistent


@PROPS
@given(st.lists(st.floats(min_value=0.05, max_value=20), min_size=1, max_size=9))
def test_ahp_consistent_matrices_recover_weights(raw):
    w = np.array(raw) / sum(raw)
    res = ahp([[wi / wj for wj in w] for wi in w])
    assert (res.weights >= 0).all()
    assert res.weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert res.weights.to_numpy() == pytest.approx(w, abs=1e-9)
    assert res.cr == pytest.approx(0.0, abs=1e-9)


# --------------------------------------------------------------------------------------------- entropy
def test_entropy_weights_hand_computed_3x2():
    # criteria: A benefit (10, 20, 30); B cost (2, 4, 10)
    # min-max: A' = (0, 0.5, 1);  B' = ((10-2)/8, (10-4)/8, 0) = (1, 0.75, 0)
    # p_A = (0, 1/3, 2/3);  p_B = (1/1.75, 0.75/1.75, 0) = (4/7, 3/7, 0)      [0 ln 0 = 0]
    # k = 1/ln 3 = 0.910239
    # e_A = -k (1/3 ln 1/3 + 2/3 ln 2/3) = k (0.366204 + 0.270310) = 0.579380164286
    # e_B = -k (4/7 ln 4/7 + 3/7 ln 3/7) = k (0.319780 + 0.363128) = 0.621609745080
    # d_A = 0.420619835714, d_B = 0.378390254920, sum 0.799010090634
    # w_A = 0.526426187409, w_B = 0.473573812591
    df = pd.DataFrame({"A": [10.0, 20.0, 30.0], "B": [2.0, 4.0, 10.0]}, index=["x", "y", "z"])
    dirs = {"A": "benefit", "B": "cost"}
    tab = entropy_table(df, dirs)
    assert tab.loc["A", "entropy"] == pytest.approx(0.579380164286, abs=1e-9)
    assert tab.loc["B", "entropy"] == pytest.approx(0.621609745080, abs=1e-9)
    assert tab.loc["A", "divergence"] == pytest.approx(0.420619835714, abs=1e-9)
    w = entropy_weights(df, dirs)
    assert w["A"] == pytest.approx(0.526426187409, abs=1e-9)
    assert w["B"] == pytest.approx(0.473573812591, abs=1e-9)
    # the same from the formulas
    ln = math.log
    e_a = -(1 / 3 * ln(1 / 3) + 2 / 3 * ln(2 / 3)) / ln(3)
    e_b = -(4 / 7 * ln(4 / 7) + 3 / 7 * ln(3 / 7)) / ln(3)
    assert w["A"] == pytest.approx((1 - e_a) / (2 - e_a - e_b), abs=1e-12)


def test_entropy_constant_and_all_constant():
    df = pd.DataFrame({"A": [1.0, 2.0, 4.0], "K": [5.0, 5.0, 5.0]})
    w = entropy_weights(df, {"A": "benefit", "K": "benefit"})
    assert w["K"] == 0.0 and w["A"] == 1.0
    with pytest.raises(MCDAError, match="constant"):
        entropy_weights(df[["K"]], {"K": "cost"})


matrices = st.integers(min_value=2, max_value=7).flatmap(
    lambda n: st.integers(min_value=1, max_value=4).flatmap(
        lambda m: st.lists(st.lists(st.floats(min_value=0, max_value=1000, allow_nan=False), min_size=m,
                                    max_size=m), min_size=n, max_size=n)))


def _frame(rows: list[list[float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=[f"a{i}" for i in range(len(rows))],
                        columns=[f"c{j}" for j in range(len(rows[0]))])


@PROPS
@given(matrices, st.data())
def test_entropy_weights_are_a_distribution_and_constant_gets_zero(rows, data):
    df = _frame(rows)
    df["const"] = 7.0
    dirs = {c: data.draw(st.sampled_from(["benefit", "cost"])) for c in df.columns}
    if all(df[c].nunique() == 1 for c in df.columns):
        with pytest.raises(MCDAError):
            entropy_weights(df, dirs)
        return
    w = entropy_weights(df, dirs)
    assert (w >= 0).all()
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    assert w["const"] == 0.0


# --------------------------------------------------------------------------------------------- TOPSIS
def test_topsis_hand_computed_3x3():
    # x:       C1 (benefit)  C2 (benefit)  C3 (cost)      weights 0.5, 0.25, 0.25
    #   A           3             0            2
    #   B           4             6            1
    #   C           0             8            2
    # column norms: sqrt(9+16) = 5, sqrt(36+64) = 10, sqrt(4+1+4) = 3
    # r: A (.6, 0, 2/3), B (.8, .6, 1/3), C (0, .8, 2/3)
    # v = w r: A (.3, 0, 1/6), B (.4, .15, 1/12), C (0, .2, 1/6)
    # ideal A+ = (.4, .2, 1/12); anti-ideal A- = (0, 0, 1/6)
    # A: d+ = sqrt(.01 + .04 + 1/144) = 0.238630, d- = sqrt(.09) = 0.3,         C = .3 / .538630 = 0.556969
    # B: d+ = sqrt(.0025) = 0.05,   d- = sqrt(.16 + .0225 + 1/144) = 0.435252,   C = 0.896961
    # C: d+ = sqrt(.16 + 1/144) = 0.408588, d- = sqrt(.04) = 0.2,               C = .2 / .608588 = 0.328630
    df = pd.DataFrame({"C1": [3.0, 4, 0], "C2": [0.0, 6, 8], "C3": [2.0, 1, 2]}, index=["A", "B", "C"])
    dirs = {"C1": "benefit", "C2": "benefit", "C3": "cost"}
    res = topsis(df, {"C1": 0.5, "C2": 0.25, "C3": 0.25}, dirs)
    assert res.loc["A", "d_plus"] == pytest.approx(math.sqrt(0.05 + 1 / 144), abs=1e-12)
    assert res.loc["B", "d_minus"] == pytest.approx(math.sqrt(0.1825 + 1 / 144), abs=1e-12)
    assert res["closeness"].tolist() == pytest.approx([0.556969, 0.896961, 0.328630], abs=1e-6)
    assert res.loc["A", "closeness"] == pytest.approx(0.3 / (0.3 + math.sqrt(0.05 + 1 / 144)), abs=1e-12)
    assert res["rank"].tolist() == [2, 1, 3]
    # weights given as a list in column order, unnormalised -> same result
    assert topsis(df, [2, 1, 1], dirs)["closeness"].tolist() == pytest.approx(res["closeness"].tolist())


def test_topsis_rejects_missing_and_negative():
    df = pd.DataFrame({"a": [1.0, float("nan")], "b": [1.0, 2.0]}, index=["p", "q"])
    with pytest.raises(MCDAError, match=r"\('q', 'a'\)"):
        topsis(df, [0.5, 0.5], {"a": "benefit", "b": "cost"})
    with pytest.raises(MCDAError, match="non-negative"):
        topsis(df.fillna(-1), [0.5, 0.5], {"a": "benefit", "b": "cost"})


@PROPS
@given(matrices, st.data())
def test_topsis_closeness_in_unit_interval_and_scale_invariant(rows, data):
    df = _frame(rows)
    dirs = {c: data.draw(st.sampled_from(["benefit", "cost"])) for c in df.columns}
    w = data.draw(st.lists(st.floats(min_value=0.01, max_value=1), min_size=df.shape[1], max_size=df.shape[1]))
    res = topsis(df, w, dirs)
    assert ((res["closeness"] >= 0) & (res["closeness"] <= 1)).all()
    col = data.draw(st.sampled_from(list(df.columns)))
    factor = data.draw(st.floats(min_value=0.01, max_value=100))
    scaled = df.copy()
    scaled[col] = scaled[col] * factor
    res2 = topsis(scaled, w, dirs)
    assert res2["closeness"].to_numpy() == pytest.approx(res["closeness"].to_numpy(), abs=1e-9)
    c = res["closeness"].to_numpy()
    gaps = np.abs(c[:, None] - c[None, :])
    assume(((gaps > 1e-8) | (gaps == 0)).all())  # no near-ties that rounding could reorder
    assert res2["rank"].tolist() == res["rank"].tolist()


# --------------------------------------------------------------------------------------------- normalise etc.
def test_normalize_minmax_directions_constant_and_missing():
    df = pd.DataFrame({"b": [0.0, 5.0, 10.0], "c": [0.0, 5.0, 10.0], "k": [3.0, 3.0, 3.0]}, index=list("xyz"))
    res = normalize(df, {"b": "benefit", "c": "cost", "k": "benefit"})
    assert res.data["b"].tolist() == [0.0, 0.5, 1.0]
    assert res.data["c"].tolist() == [1.0, 0.5, 0.0]
    assert res.data["k"].tolist() == [1.0, 1.0, 1.0] and res.constant == ["k"]
    gap = df.copy()
    gap.loc["y", "b"] = float("nan")
    gap.loc["z", "k"] = float("nan")
    dirs = {"b": "benefit", "c": "cost", "k": "benefit"}
    with pytest.raises(MCDAError, match=r"\('y', 'b'\).*\('z', 'k'\)"):
        normalize(gap, dirs)
    dropped = normalize(gap, dirs, missing="drop")
    assert list(dropped.data.index) == ["x"]
    assert dropped.dropped["missing_criteria"].to_dict() == {"y": ["b"], "z": ["k"]}
    imp = normalize(gap, dirs, missing="impute_mean")
    assert imp.imputed == [("y", "b", 5.0), ("z", "k", 3.0)]
    assert imp.data.loc["y", "b"] == 0.5
    with pytest.raises(MCDAError, match="missing"):
        normalize(df, {"b": "benefit", "c": "cost"})


def test_validate_weights_and_combine():
    w = validate_weights({"a": 2, "b": 6}, ["a", "b"])
    assert w.tolist() == [0.25, 0.75]
    with pytest.raises(MCDAError, match="missing"):
        validate_weights({"a": 1}, ["a", "b"])
    with pytest.raises(MCDAError, match="non-negative"):
        validate_weights({"a": -1, "b": 2}, ["a", "b"])
    with pytest.raises(MCDAError, match="positive sum"):
        validate_weights([0, 0], ["a", "b"])
    s = pd.Series({"a": 0.6, "b": 0.4})
    o = pd.Series({"a": 0.2, "b": 0.8})
    # multiplicative: (0.12, 0.32) / 0.44 = (0.272727, 0.727273)
    assert combine_weights(s, o).tolist() == pytest.approx([0.12 / 0.44, 0.32 / 0.44], abs=1e-12)
    # linear, alpha = 0.25: 0.25 * (0.6, 0.4) + 0.75 * (0.2, 0.8) = (0.15 + 0.15, 0.10 + 0.60) = (0.30, 0.70)
    assert combine_weights(s, o, "linear", alpha=0.25).tolist() == pytest.approx([0.30, 0.70], abs=1e-12)


def test_weighted_composite_and_sensitivity():
    norm = pd.DataFrame({"p": [1.0, 0.0, 0.5], "q": [0.0, 1.0, 0.5]}, index=["x", "y", "z"])
    assert weighted_composite(norm, {"p": 0.6, "q": 0.4}).tolist() == pytest.approx([0.6, 0.4, 0.5])
    # composite with w = (0.6, 0.4): x 0.6, z 0.5, y 0.4. With +-50 %:
    #   p x1.5 -> (0.9, 0.4)/1.3 = (.6923, .3077): x .692 z .5 y .308 (no change)
    #   p x0.5 -> (0.3, 0.4)/0.7 = (.4286, .5714): y .571 z .5 x .429 (x 1->3, y 3->1)
    #   q x1.5 -> (0.6, 0.6)/1.2 = (.5, .5): all 0.5, tied at rank 1 (x stays 1, y 3->1, z 2->1)
    #   q x0.5 -> (0.6, 0.2)/0.8 = (.75, .25): x .75 z .5 y .25 (no change)
    dirs = {"p": "benefit", "q": "benefit"}
    sens = weight_sensitivity(norm, {"p": 0.6, "q": 0.4}, dirs, pct=50, method="composite")
    assert sens["base_rank"].to_dict() == {"x": 1, "y": 3, "z": 2}
    assert sens["min_rank"].to_dict() == {"x": 1, "y": 1, "z": 1}
    assert sens["max_rank"].to_dict() == {"x": 3, "y": 3, "z": 2}
    assert sens["n_rank_changes"].to_dict() == {"x": 1, "y": 2, "z": 1}
    assert (sens["n_scenarios"] == 4).all()
    long = weight_scenarios(norm, {"p": 0.6, "q": 0.4}, dirs, pct=50, method="composite")
    assert len(long) == 12 and set(long.columns) >= {"criterion", "sign", "alternative", "rank", "base_rank"}


@PROPS
@given(matrices, st.data())
def test_sensitivity_at_zero_pct_changes_no_rank(rows, data):
    df = _frame(rows)
    dirs = {c: data.draw(st.sampled_from(["benefit", "cost"])) for c in df.columns}
    w = data.draw(st.lists(st.floats(min_value=0.01, max_value=1), min_size=df.shape[1], max_size=df.shape[1]))
    method = data.draw(st.sampled_from(["topsis", "composite"]))
    sens = weight_sensitivity(df, w, dirs, pct=0, method=method)
    assert (sens["n_rank_changes"] == 0).all()
    assert (sens["min_rank"] == sens["base_rank"]).all() and (sens["max_rank"] == sens["base_rank"]).all()
