"""Real chapters built once per test session and shared by every test that only reads them.

Three builds of all chapters and the book, each made by the command users run (``hlj-newmedia build --out <tmp>`` in
a subprocess, away from the checkout's ``reports/``):

* ``zh``    -- Heilongjiang in Chinese (the default build);
* ``en``    -- Heilongjiang in English;
* ``jilin`` -- another province, Jilin, in English.

The fixtures ``built_zh``, ``built_en`` and ``built_jilin`` (``conftest.py``) return a :class:`Build`: the reports
folder (``html/``, ``pdf/``, ``book.pdf``, ``executed/``, ``findings/``, ``exhibits/``), the exit
status and the build's messages, and :meth:`Build.run` gives one chapter as a :class:`chapter_runs.ChapterRun` (the
executed notebook's outputs, recorded findings and exhibits), as the chapter tests read it. A failed chapter is
returned, not raised, so a test can name it; :meth:`Build.run` fails the test that needs a chapter that failed.

The layout tests that check every page of a build use smaller builds of their own (:func:`build_reports`).
A test that changes a build works on a copy (:func:`copy_build`). A test that needs other parameters builds or
executes its own chapter (``chapter_runs.execute_chapter``). Another shared build is one more entry in ``BUILDS``.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from chapter_runs import ChapterRun, read_run

ROOT = Path(__file__).resolve().parents[1]

#: key -> extra arguments of ``hlj-newmedia build`` (every chapter, so chapter 7 and the book are built too)
BUILDS: dict[str, list[str]] = {
    "zh": ["--lang", "zh"],
    "en": ["--lang", "en"],
    "jilin": ["--lang", "en", "-p", "province=吉林"],
}
#: how many builds the session made (reported by conftest at the end of the session)
COUNT = {"builds": 0}


@dataclass
class Build:
    key: str
    out: Path
    returncode: int
    stderr: str

    @property
    def failures(self) -> list[str]:
        """The build's failure messages (``  - chapter …: …`` lines), empty when every chapter built."""
        return re.findall(r"^\s+- (.*)$", self.stderr, re.M)

    def require_ok(self) -> Path:
        """The reports folder; fails the test naming what failed when the build did not succeed."""
        if self.returncode != 0:
            pytest.fail(f"shared build {self.key} failed: {self.failures or self.stderr[-3000:]}", pytrace=False)
        return self.out

    def run(self, stem: str) -> ChapterRun:
        """Chapter ``stem`` of this build; fails the test naming the chapter's failure when it was not built."""
        if not (self.out / "executed" / f"{stem}.ipynb").is_file():
            why = [f for f in self.failures if stem in f] or self.failures or [self.stderr[-2000:]]
            pytest.fail(f"chapter {stem} is not in shared build {self.key}: {why}", pytrace=False)
        return read_run(self.out, stem, self.out / "executed" / f"{stem}.ipynb")


_DONE: dict[str, Build] = {}


def shared_build(key: str, tmp_path_factory) -> Build:
    """Build ``key`` of :data:`BUILDS` once per session (the first test that asks pays for it)."""
    if key not in _DONE:
        out = tmp_path_factory.mktemp(f"build-{key}") / "reports"
        env = {k: v for k, v in os.environ.items() if not k.startswith("HLJ_NEWMEDIA_")}
        run = subprocess.run([sys.executable, "-m", "heilongjiang_newmedia.cli", "build", *BUILDS[key],
                              "--out", str(out)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=3600)
        COUNT["builds"] += 1
        _DONE[key] = Build(key, out, run.returncode, run.stderr)
    return _DONE[key]


def copy_build(build: Build, dest: Path) -> Path:
    """A private copy of a shared build's reports folder, for a test that changes it; returns the copy."""
    build.require_ok()
    shutil.copytree(build.out, dest, symlinks=True)
    return dest


#: the layout tests' own builds, key -> (chapters, extra CLI arguments): chosen to keep the time small (about a minute
#: per build on two cores) while covering the wide tables; ``HLJ_LAYOUT_CHAPTERS="1 2 3 4 5 6 7"`` checks all of them
LAYOUT_BUILDS = {
    "zh": (["1", "2"], []),
    "en": (["2"], ["--lang", "en"]),
    "jilin": (["4"], ["-p", "province=吉林"]),
}
_LAYOUT_DONE: dict[str, tuple[Path, int, str]] = {}


def build_reports(key: str, tmp_path_factory) -> tuple[Path, int, str]:
    """``(reports folder, exit status, messages)`` of layout build ``key`` (:data:`LAYOUT_BUILDS`); a failed build is
    returned, not raised, so a test can name the chapters that failed (e.g. a table that does not fit the page)."""
    if key not in _LAYOUT_DONE:
        chapters, extra = LAYOUT_BUILDS[key]
        chapters = os.environ.get("HLJ_LAYOUT_CHAPTERS", "").split() or chapters
        out = tmp_path_factory.mktemp(f"layout-{key}") / "reports"
        env = {k: v for k, v in os.environ.items() if not k.startswith("HLJ_NEWMEDIA_")}
        run = subprocess.run([sys.executable, "-m", "heilongjiang_newmedia.cli", "build", *chapters, *extra,
                              "--out", str(out)], capture_output=True, text=True, env=env, cwd=ROOT, timeout=900)
        COUNT["builds"] += 1
        _LAYOUT_DONE[key] = (out, run.returncode, run.stderr)
    return _LAYOUT_DONE[key]
