"""The conclusion reads other chapters' results from the reports directory of its own build, never from another."""
import json

import pytest

from heilongjiang_newmedia.reporting import results


def _write(root, chapter, value):
    (root / "results").mkdir(parents=True, exist_ok=True)
    (root / "results" / f"{chapter}.json").write_text(
        json.dumps({"chapter": chapter, "results": {"k": {"value": value}}}), encoding="utf-8")


def test_recall_uses_the_builds_reports_dir_not_the_checkouts(tmp_path, monkeypatch):
    checkout, out, staging = tmp_path / "checkout", tmp_path / "out", tmp_path / "out" / ".staging" / "x"
    _write(checkout / "reports", "05_comparison", "stale result of another build")
    monkeypatch.setenv("HLJ_NEWMEDIA_PROJECT_ROOT", str(checkout))
    monkeypatch.setenv("HLJ_NEWMEDIA_BUILD_DIR", str(staging))
    monkeypatch.setenv("HLJ_NEWMEDIA_REPORTS_DIR", str(out))
    with pytest.raises(results.MissingResultsError, match="05_comparison"):
        results.recall("05_comparison")
    _write(out, "05_comparison", 20)
    assert results.recall("05_comparison")["k"] == 20


def test_interactive_recall_reads_reports_of_the_checkout(tmp_path, monkeypatch):
    _write(tmp_path / "reports", "01_introduction", 843000000)
    monkeypatch.setenv("HLJ_NEWMEDIA_PROJECT_ROOT", str(tmp_path))
    monkeypatch.delenv("HLJ_NEWMEDIA_BUILD_DIR", raising=False)
    monkeypatch.delenv("HLJ_NEWMEDIA_REPORTS_DIR", raising=False)
    assert results.recall("01_introduction")["k"] == 843000000
