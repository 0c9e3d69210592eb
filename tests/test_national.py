"""Chapter 1 computations: CNNIC series and the audit of the thesis's headline figures, on the bundled data."""
import pandas as pd
import pytest

from heilongjiang_newmedia.chapters import introduction as national
from heilongjiang_newmedia.loading.datasets import load


@pytest.fixture(scope="module")
def cnnic():
    return load("national_series")


@pytest.fixture(scope="module")
def other():
    return load("related_non_cnnic_benchmarks")


def test_online_users_series(cnnic):
    users = national.cnnic_series(cnnic, "online_gov_service_users")
    assert users.set_index("cutoff")["value"].to_dict() == {
        "2016-12": 239e6, "2018-12": 394e6, "2020-03": 694e6, "2020-06": 773e6, "2020-12": 843e6,
        "2023-12": 973e6, "2024-12": 1004e6}
    assert users["source_url"].notna().all()


def test_series_year_window_drops_not_fills(cnnic):
    net = national.cnnic_series(cnnic, "netizens", 2019, 2020)
    assert net["cutoff"].tolist() == ["2019-06", "2020-03", "2020-06", "2020-12"]
    assert net["value"].tolist() == [854e6, 904e6, 940e6, 989e6]


def test_duplicate_copies_collapse_to_one_row(cnnic):
    net = national.cnnic_series(cnnic, "netizens")
    assert net["cutoff"].is_unique and (net["cutoff"] == "2021-12").sum() == 1


def test_unknown_indicator(cnnic):
    with pytest.raises(ValueError, match="no indicator 'foo'"):
        national.cnnic_series(cnnic, "foo")


def test_microblog_scopes_are_separate(cnnic, other):
    blogs = national.microblog_counts(cnnic, other)
    inst = blogs[blogs["series"] == "national_series:gov_weibo_institutions"]
    assert inst.set_index("cutoff")["value"].to_dict() == {"2015-12": 114706, "2016-12": 125098, "2020-12": 140837,
                                                           "2024-12": 90271}
    assert set(blogs["scope"]) == {"institutions", "incl_civil_servants"}
    assert national.MICROBLOG_BREAKS[0][0] == "2018-10"


def _audit(cnnic, other, claims=None):
    from heilongjiang_newmedia.chapters import introduction_audit as A
    return A.audit_claims({"national_series": cnnic, "related_non_cnnic_benchmarks": other}, claims)


def test_same_figure_rule():
    from heilongjiang_newmedia.chapters.introduction_audit import same_figure
    # 176,000 is printed to the thousand: 176,714 rounds to 177,000 (17.7万), so it is a different figure
    assert not same_figure(176714, 176000)
    assert same_figure(175837, 176000) and same_figure(176499, 176000) and not same_figure(176500, 176000)
    # "more than 38 million": a lower bound is compared after truncating, 38.9 million -> 38 million
    assert same_figure(38_900_000, 38_000_000, "lower") and not same_figure(38_900_000, 38_000_000)
    assert same_figure(509_000_000, 509_000_000) and not same_figure(296, 297)


def test_audit_four_verdicts(cnnic, other):
    audit = _audit(cnnic, other).set_index("claim_id")
    assert audit["verdict"].to_dict() == {"certified_gov_microblogs": "not_found", "gov_weibo_reads": "contradicted",
                                          "prefecture_gov_wechat": "not_found", "online_gov_service_users": "not_found"}
    # 176,000 at the beginning of 2019: no same-scope count for 2018-12; closest same-scope = People's Daily/Weibo
    # 173,569 at 2017-12. The CAG four-platform 176,714 (2012-12) is listed as near but is no match.
    mb = audit.loc["certified_gov_microblogs"]
    assert (mb["evidence"]["value"], mb["evidence"]["cutoff"], mb["evidence"]["scope"]) == (173569.0, "2017-12", "same")
    assert [(n["value"], n["cutoff"], n["scope"]) for n in mb["near"]] == [(176714.0, "2012-12", "other")]
    # reads: the 2018 total "more than 389 billion" contradicts "more than 38 million" by exactly 10^4 (亿 vs 万)
    rd = audit.loc["gov_weibo_reads"]
    assert (rd["evidence"]["value"], rd["evidence"]["cutoff"], rd["unit_factor"]) == (389e9, "2018-12", 10_000)
    # 297 governments: only WeChat *account* counts exist; they are never offered as the closest figure
    wx = audit.loc["prefecture_gov_wechat"]
    assert wx["evidence"] == {} and [o["value"] for o in wx["other_unit"]] == [3611.0, 40924.0, 80000.0]
    # 509 million: no 2019 row; closest 3.94亿 (2018-12); the 44th report's 近六成 of 8.54亿 = 4.697-5.124亿 contains it
    us = audit.loc["online_gov_service_users"]
    assert (us["evidence"]["value"], us["evidence"]["cutoff"]) == (394e6, "2018-12")
    rng = us["consistent_range"]
    assert rng["cutoff"] == "2019-06" and rng["lo"] == pytest.approx(469.7e6) and rng["hi"] == pytest.approx(512.4e6)


def test_audit_table_languages(cnnic, other):
    from heilongjiang_newmedia.chapters import introduction_audit as A
    audit = _audit(cnnic, other)
    zh, en = A.audit_table(audit, "zh"), A.audit_table(audit, "en")
    assert list(zh.columns) == ["论文表述", "核查结果", "来源数值与时点", "说明"]
    assert en["Verdict"].tolist() == ["not found", "contradicted", "not found", "not found"]
    assert zh["来源数值与时点"].tolist()[:2] == ["17.36万个（2017年12月，人民日报与微博）", "超过3890亿次（2018年12月，人民日报与微博）"]
    assert "账号数不是开通政务微信的政府数" in zh.loc[2, "说明"] and zh.loc[2, "来源数值与时点"] == ""
    assert "unit error" in en.loc[1, "Reason"] and "389 billion" in en.loc[1, "Source figure and date"]
    for t in (zh, en):  # reader's text only: no ids
        assert not t.apply(lambda c: c.str.contains(r"[a-z]+_[a-z]+")).any().any()
    assert A.audit_summary(audit, "zh") == "1项与来源矛盾、3项未找到"


def test_audit_found_contradicted_derivable_on_other_claims(cnnic, other):
    base = {"claim_zh": "", "claim_en": "", "bound": "exact", "unit_zh": "个", "unit_en": "accounts", "when_zh": "",
            "when_en": "", "derivation": "", "thesis_source": ""}
    claims = pd.DataFrame([
        {**base, "claim_id": "f", "thesis_value": 140837, "when_from": "2020-01", "when_to": "2020-12",
         "candidates": "national_series:gov_weibo_institutions=same"},
        {**base, "claim_id": "c", "thesis_value": 150000, "when_from": "2016-12", "when_to": "2016-12",
         "candidates": "national_series:gov_weibo_institutions=same"},
        {**base, "claim_id": "o", "thesis_value": 125098, "when_from": "2019-01", "when_to": "2019-12",
         "candidates": "national_series:gov_weibo_institutions=same"},
        # 47.5 % of 8.29亿 netizens (2018-12) = 3.93775亿 -> 394 million at the claim's precision, without a user row
        {**base, "claim_id": "d", "thesis_value": 394_000_000, "when_from": "2018-12", "when_to": "2018-12",
         "candidates": "national_series:mobile_netizens=other", "derivation": "share_of_netizens"},
    ])
    audit = _audit(cnnic, other, claims).set_index("claim_id")
    assert audit["verdict"].to_dict() == {"f": "found", "c": "contradicted", "o": "found_other", "d": "derivable"}
    assert audit.loc["c", "unit_factor"] is None or pd.isna(audit.loc["c", "unit_factor"])
    assert audit.loc["d", "derived"]["value"] == pytest.approx(0.475 * 829e6)


def test_charts_use_a_time_axis_and_no_twin_axes(cnnic, other):
    import matplotlib
    matplotlib.use("Agg")
    from heilongjiang_newmedia.chapters.introduction_charts import scope_lines, two_panels

    users = national.cnnic_series(cnnic, "online_gov_service_users")
    share = national.cnnic_series(cnnic, "online_gov_service_share_of_netizens")
    fig = two_panels(users, share, "users", "share", 1e8, connect=False)
    assert len(fig.axes) == 2 and fig.get_size_inches()[0] == pytest.approx(6.3)
    x = list(fig.axes[0].lines[0].get_xdata())
    # 2016-12 -> 2018-12 is two years apart, 2020-03 -> 2020-06 a quarter: distances on the axis follow time
    assert x[1] - x[0] == pytest.approx(2.0) and x[3] - x[2] == pytest.approx(0.25)
    blogs = national.microblog_counts(cnnic, other)
    fig = scope_lines(blogs, "label_en", "accounts", 1e4)
    # CNNIC institutional accounts 2020-12 and 2024-12 are four years apart: no line joins them
    segs = [l for l in fig.axes[0].lines if l.get_linestyle() == "-"]
    assert not any(abs(l.get_xdata()[-1] - l.get_xdata()[0]) > 1.1 for l in segs if len(l.get_xdata()) == 2)
