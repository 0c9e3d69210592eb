"""End to end: a researcher's inventory and survey, passed to `hlj-newmedia build`, add sections to chapters 3 and 4;
personal data never reach any output."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from test_inventory import hand_rows, write_csv as write_inventory
from test_survey import CODEBOOK, HEADER, IP, PHONE, _seeded, hand_table, write_csv as write_survey

pytestmark = pytest.mark.build

CLI = [sys.executable, "-m", "heilongjiang_newmedia.cli"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("researcher")
    inv = write_inventory(d / "my_inventory.csv", hand_rows(), encoding="gbk")  # as Excel on Chinese Windows saves
    survey = write_survey(d / "wjx_export.csv", HEADER, hand_table() + _seeded(40))
    codebook = d / "codebook.yaml"
    codebook.write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = d / "reports"
    proc = subprocess.run(CLI + ["build", "3", "4", "--jobs", "2", "--out", str(out), "-p", f"inventory_file={inv}",
                                 "-p", f"survey_file={survey}", "-p", f"survey_codebook={codebook}"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def test_inventory_section_in_chapter_3(built):
    html = (built / "html" / "03_status.html").read_text(encoding="utf-8")
    assert "账号台账" in html
    csvs = {p.stem for p in (built / "exhibits" / "03_status").glob("inventory-*.csv")}
    assert {"inventory-platform", "inventory-level"} <= csvs


def test_survey_section_in_chapter_4(built):
    html = (built / "html" / "04_problems.html").read_text(encoding="utf-8")
    assert "公众问卷调查" in html and "Cronbach" in html
    assert (built / "exhibits" / "04_problems" / "survey-ipa.csv").is_file()


def test_no_personal_data_in_any_output(built):
    for path in built.rglob("*"):
        if path.is_file() and path.suffix in {".html", ".csv", ".json", ".md", ".ipynb"}:
            text = path.read_text(encoding="utf-8", errors="replace")
            assert IP not in text and PHONE not in text, path


def test_missing_researcher_file_is_a_parameter_error(tmp_path):
    proc = subprocess.run(CLI + ["build", "3", "--out", str(tmp_path / "r"), "-p", "inventory_file=/nonexistent.csv"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "inventory_file" in proc.stderr and "does not exist" in proc.stderr
    assert not (tmp_path / "r" / "html").exists()
