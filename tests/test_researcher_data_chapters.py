"""End to end: a researcher's inventory, passed to `hlj-newmedia build`, adds a section to chapter 3; personal data
never reach any output. (Chapter 4's survey section is tested in test_problems.py.)"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from test_inventory import hand_rows, write_csv as write_inventory
from test_survey import IP, PHONE

pytestmark = pytest.mark.build

CLI = [sys.executable, "-m", "heilongjiang_newmedia.cli"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("researcher")
    inv = write_inventory(d / "my_inventory.csv", hand_rows(), encoding="gbk")  # as Excel on Chinese Windows saves
    out = d / "reports"
    proc = subprocess.run(CLI + ["build", "3", "--out", str(out), "-p", f"inventory_file={inv}"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out


def test_inventory_section_in_chapter_3(built):
    html = (built / "html" / "03_status.html").read_text(encoding="utf-8")
    assert "账号台账" in html
    csvs = {p.stem for p in (built / "exhibits" / "03_status").glob("inventory-*.csv")}
    assert {"inventory-platform", "inventory-level"} <= csvs


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
