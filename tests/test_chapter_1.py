"""Chapter 1 executes under papermill with defaults and in English; its prose states the values it records."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from chapter_runs import execute_chapter


def _run(tmp: Path, **params) -> tuple[str, dict, Path]:
    run = execute_chapter("01_introduction", tmp, **params)
    return run.text, run.results, run.build


@pytest.fixture(scope="module")
def zh(built_zh):
    run = built_zh.run("01_introduction")
    return run.text, run.results, run.build


@pytest.fixture(scope="module")
def en(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("ch1en"), lang="en", start_year=2016, end_year=2020)


def _visible(html: str) -> str:
    """The reader's text: tags, link targets and the data-file line dropped."""
    html = re.sub(r'<p class="exhibit-data">.*?</p>', "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_defaults_in_chinese(zh):
    text, results, _ = zh
    assert "表1-1" in text and "论文摘要关键数字核对" in text and "与来源矛盾" in text and "未找到" in text
    assert "图1-1" in text and "图1-3" in text and "资料来源" in text
    # the values in the prose are the recorded results
    assert results["netizens_latest"]["value"] == 1_108_000_000 and "11.08亿人" in text
    assert results["online_gov_users_latest"]["value"] == 1_004_000_000 and "10.04亿人" in text
    assert results["gov_weibo_institutions_latest"]["value"] == 90271 and "90271个" in text
    # the four verdicts of the audit
    assert results["claims_audit"]["value"] == {"certified_gov_microblogs": "not_found", "gov_weibo_reads": "contradicted",
                                                "prefecture_gov_wechat": "not_found", "online_gov_service_users": "not_found"}
    # the 2018 clean-up: the institutional count was higher after it (2016-12 12.51万 -> 2020-12 14.08万)
    assert "12.51万个" in text and "14.08万个" in text and "反而更高" in text
    # data age: the only 31-province cross-section is 2019, five years before the latest national figure (2024-12)
    assert results["data_age"]["value"] == 5 and results["data_age"]["cross_section_years"] == [2019]
    assert "唯一覆盖31个省份的同口径截面是2019年的" in text and "15项评价指标中只有2项" in text
    assert "很可能是单位错误" in text and "账号数不是开通政务微信的政府数" in text


@pytest.mark.build
def test_no_machine_text(zh, en):
    for text in (zh[0], en[0]):
        vis = _visible(text)
        for token in ("gov_microblog_accounts_4_platforms", "online_gov_service_users", "gov_wechat_accounts",
                      "data/raw", "NOTES.md", "not_found", "found_other", "cutoff"):
            assert token not in vis, token
    assert "Luo" not in zh[0] and "罗，2020" not in zh[0]


@pytest.mark.build
def test_english_with_year_window(en):
    text, results, _ = en
    assert "Table 1.1" in text and "Audit of the headline figures" in text and "contradicted" in text
    assert "843 million people" in text  # 2020-12 is the last cutoff inside 2016–2020
    assert results["online_gov_users_latest"]["value"] == 843_000_000
    assert results["netizens_latest"]["cutoff"] == "2020-12"
    assert "论文关键数字核对" not in text and "hundred million netizens" not in text


def test_exhibit_csvs_written(zh):
    # the exhibit data files hold exactly the plotted rows, with their citations
    csvs = [str(p) for p in (zh[2] / "exhibits" / "01_introduction").glob("*.csv")]
    names = sorted(Path(c).stem for c in csvs)
    assert names == ["claims-audit", "gov-microblogs", "netizens", "online-gov-users"]
    import pandas as pd

    users = pd.read_csv([c for c in csvs if c.endswith("online-gov-users.csv")][0])
    assert users["source_url"].notna().all() and 843_000_000 in set(users["value"])
    audit = pd.read_csv([c for c in csvs if c.endswith("claims-audit.csv")][0])
    assert audit.set_index("claim_id").at["gov_weibo_reads", "source_value"] == 389e9
