"""Issue 8, item 5: changing one chapter's parameter rebuilds only that chapter and the chapters that depend on it.

On the throwaway project of ``test_crash_safety`` (01 records a finding that depends on its ``start_year``; 07 prints
it from 01's findings; 04 has no ``start_year``): ``-p start_year=2019`` rebuilds 01 and 07, 04 comes from the cache, and
the book is rebuilt from the chapters' pages.
"""
import json
import os
import subprocess

import pytest
from test_crash_safety import CLI, make_project

pytestmark = pytest.mark.build


def _build(root, *args):
    env = {**os.environ, "HLJ_NEWMEDIA_PROJECT_ROOT": str(root), "HLJ_TEST_TOKEN": "T"}
    env.pop("HLJ_NEWMEDIA_BUILD_DIR", None)
    r = subprocess.run(CLI + ["build", "--jobs", "2", "--out", str(root / "reports"), *args], capture_output=True,
                       text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    status = {}
    for line in r.stderr.splitlines():
        parts = line.split("]", 1)[-1].split()
        if len(parts) >= 2 and parts[0] in ("done", "cached", "failed"):
            status[parts[1]] = parts[0]
    return status


def test_parameter_change_rebuilds_chapter_and_dependants_only(tmp_path):
    root = make_project(tmp_path / "p")
    assert _build(root) == {"01_introduction": "done", "04_problems": "done", "07_conclusion": "done", "book": "done"}
    for _ in range(2):  # the package code is part of every key: others editing it during the run must not count
        status = _build(root)
        if set(status.values()) == {"cached"}:
            break
    assert status == {"01_introduction": "cached", "04_problems": "cached", "07_conclusion": "cached"}
    status = _build(root, "-p", "start_year=2019")
    assert status == {"01_introduction": "done", "04_problems": "cached", "07_conclusion": "done", "book": "done"}
    out = root / "reports"
    assert json.loads((out / "findings" / "01_introduction.json").read_text(encoding="utf-8"))["findings"]["token"]["value"] == "T-2019"
    concl = (out / "html" / "07_conclusion.html").read_text(encoding="utf-8")
    assert "第一章令牌：T-2019" in concl
    # same parameter again: nothing to do
    assert set(_build(root, "-p", "start_year=2019").values()) == {"cached"}
