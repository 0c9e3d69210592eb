"""Real chapters built once per test session, for the layout tests (one build per language/province).

``build_reports(key)`` runs ``hlj-newmedia build CHAPTERS --out <tmp>`` in a subprocess (as users run it) and returns
``(out, returncode, stderr)``; a failed build is returned, not raised, so a test can name the chapters that failed
(e.g. a table that does not fit the page). The chapters are chosen to keep the time small (about a minute per build
on two cores) while covering the wide tables: set ``HLJ_LAYOUT_CHAPTERS="1 2 3 4 5 6 7"`` to check all of them.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BUILDS = {  # key -> (chapters, extra CLI arguments)
    "zh": (["1", "2"], []),
    "en": (["2"], ["--lang", "en"]),
    "jilin": (["4"], ["-p", "province=吉林"]),
}
_DONE: dict[str, tuple[Path, int, str]] = {}


def build_reports(key: str, tmp_path_factory) -> tuple[Path, int, str]:
    if key not in _DONE:
        chapters, extra = BUILDS[key]
        chapters = os.environ.get("HLJ_LAYOUT_CHAPTERS", "").split() or chapters
        out = tmp_path_factory.mktemp(f"layout-{key}") / "reports"
        run = subprocess.run([sys.executable, "-m", "heilongjiang_newmedia.cli", "build", *chapters, *extra,
                              "--out", str(out)], capture_output=True, text=True, timeout=900)
        _DONE[key] = (out, run.returncode, run.stderr)
    return _DONE[key]
