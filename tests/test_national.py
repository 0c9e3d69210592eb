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


def test_audit_statuses_and_evidence(cnnic, other):
    audit = national.audit_claims({"national_series": cnnic, "related_non_cnnic_benchmarks": other}).set_index("claim_id")
    # 176,000: printed only as the CAG four-platform count of 176,714 at 2012-12 (0.41 % away), not for early 2019.
    row = audit.loc["certified_gov_microblogs"]
    assert (row["status"], row["closest_value"], row["closest_cutoff"]) == ("found (other date)", 176714.0, "2012-12")
    assert row["rel_diff_pct"] == pytest.approx(0.41)
    # 509 million: no source prints it; 5.09亿 / 8.54亿 netizens (2019-06) = 59.6 %, the 44th report's 近六成.
    row = audit.loc["online_gov_service_users"]
    assert row["status"] == "derived" and "59.6%" in row["derivation"] and "2019-06" in row["derivation"]
    # 297 prefecture-level governments on WeChat: not in any cited source.
    assert audit.loc["prefecture_gov_wechat", "status"] == "not found"


def test_audit_table_languages(cnnic, other):
    audit = national.audit_claims({"national_series": cnnic, "related_non_cnnic_benchmarks": other})
    zh, en = national.audit_table(audit, "zh"), national.audit_table(audit, "en")
    assert list(zh.columns)[:3] == ["论文表述", "论文数值", "核查结果"]
    assert en["Status"].tolist() == ["found, other date", "derived", "not found"]
    assert zh["论文数值"].tolist() == ["176,000", "509,000,000", "297"]


def test_audit_found_when_a_source_prints_the_figure_for_the_date(cnnic, other):
    claims = pd.DataFrame([{"claim_id": "x", "claim_zh": "", "claim_en": "", "thesis_value": 140837, "unit": "accounts",
                            "claimed_when": "2020", "candidates": "national_series:gov_weibo_institutions",
                            "derivation": "", "thesis_source": ""}])
    audit = national.audit_claims({"national_series": cnnic}, claims)
    assert audit.loc[0, "status"] == "found" and audit.loc[0, "closest_cutoff"] == "2020-12"
