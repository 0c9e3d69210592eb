"""Chapter 1 executes under papermill with defaults and in English; its outputs hold the audit and real figures."""
from __future__ import annotations

from pathlib import Path

import pytest
from chapter_runs import execute_chapter


def _run(tmp: Path, **params) -> tuple[str, dict, Path]:
    run = execute_chapter("01_introduction", tmp, **params)
    return run.text, run.results, run.build


@pytest.fixture(scope="module")
def zh(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("ch1zh"))


@pytest.fixture(scope="module")
def en(tmp_path_factory):
    return _run(tmp_path_factory.mktemp("ch1en"), lang="en", start_year=2016, end_year=2020)


def test_defaults_in_chinese(zh):
    text, results, _ = zh
    assert "表1-1" in text and "论文关键数字核对" in text and "数值吻合但日期不同" in text
    assert "图1-1" in text and "图1-3" in text and "资料来源" in text
    assert "10.04亿人" in text  # 2024-12 online government service users, 55th report
    assert results["online_gov_users_latest"]["value"] == 1_004_000_000
    assert results["claims_audit"]["value"] == {"certified_gov_microblogs": "found (other date)",
                                                "online_gov_service_users": "derived",
                                                "prefecture_gov_wechat": "not found"}
    assert results["gov_weibo_institutions_latest"]["value"] == 90271


def test_english_with_year_window(en):
    text, results, _ = en
    assert "Table 1.1" in text and "Audit of the thesis" in text and "found, other date" in text
    assert "843 million" in text  # 2020-12 is the last cutoff inside 2016–2020
    assert results["online_gov_users_latest"]["value"] == 843_000_000
    assert results["netizens_latest"]["cutoff"] == "2020-12"
    assert "论文关键数字核对" not in text


def test_exhibit_csvs_written(zh):
    # the exhibit data files hold exactly the plotted rows, with their citations
    csvs = [str(p) for p in (zh[2] / "exhibits" / "01_introduction").glob("*.csv")]
    names = sorted(Path(c).stem for c in csvs)
    assert names == ["claims-audit", "gov-microblogs", "netizens", "online-gov-users"]
    import pandas as pd

    users = pd.read_csv([c for c in csvs if c.endswith("online-gov-users.csv")][0])
    assert users["source_url"].notna().all() and 843_000_000 in set(users["value"])
