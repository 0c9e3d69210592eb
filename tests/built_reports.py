"""Real chapters built once per test session and shared by every test that only reads them.

Three builds of all chapters and the book, each made by the command users run (``hlj-newmedia build --out <tmp>`` in
a subprocess, away from the checkout's ``reports/``):

* ``zh``    -- Heilongjiang in Chinese (the default build);
* ``en``    -- Heilongjiang in English;
* ``jilin`` -- another province, Jilin, in English (``params/jilin_en.yaml``, as the README builds it).

The fixtures ``built_zh``, ``built_en`` and ``built_jilin`` (``conftest.py``) return a :class:`Build`: the reports
folder (``html/``, ``pdf/``, ``book.pdf``, ``executed/``, ``findings/``, ``exhibits/``), the exit
status and the build's messages, and :meth:`Build.run` gives one chapter as a :class:`chapter_runs.ChapterRun` (the
executed notebook's outputs, recorded findings and exhibits), as the chapter tests read it. A failed chapter is
returned, not raised, so a test can name it; :meth:`Build.run` fails the test that needs a chapter that failed.

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
    "jilin": ["-f", "params/jilin_en.yaml"],  # the README's example: province=吉林, its peers, lang=en
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
    def tmp(self) -> Path:
        """The build's temporary folder (``TMPDIR``): what the build left there once it ended."""
        return self.out.parent / "tmp"

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


def shared_dir(tmp_path_factory, name: str) -> Path:
    """A folder shared by every process of this test session: with pytest-xdist (``make test``), each worker has a
    temporary folder of its own under the session's, so a shared build is made once, in the session's folder."""
    base = tmp_path_factory.getbasetemp()
    root = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    root.mkdir(parents=True, exist_ok=True)
    return root


def _once(folder: Path, key: str, make) -> tuple[int, str]:
    """``make()`` -> ``(exit status, messages)`` run once per session for ``key`` in ``folder``, whichever process
    asks first (the others wait for it, then read its result)."""
    import json

    from filelock import FileLock

    result = folder / f"{key}.result.json"
    with FileLock(str(folder / f"{key}.lock")):
        if not result.is_file():
            returncode, stderr = make()
            result.write_text(json.dumps({"returncode": returncode, "stderr": stderr}), encoding="utf-8")
        done = json.loads(result.read_text(encoding="utf-8"))
    return done["returncode"], done["stderr"]


def _cli_build(args: list[str], out: Path, timeout: int) -> tuple[int, str]:
    """Run the build with a temporary folder of its own (``<out>/../tmp``), so a test can see what it leaves there."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("HLJ_NEWMEDIA_")}
    tmp = out.parent / "tmp"
    tmp.mkdir(parents=True, exist_ok=True)
    env["TMPDIR"] = str(tmp)
    run = subprocess.run([sys.executable, "-m", "heilongjiang_newmedia.cli", "build", *args, "--out", str(out)],
                         capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout)
    COUNT["builds"] += 1
    return run.returncode, run.stderr


def shared_build(key: str, tmp_path_factory) -> Build:
    """Build ``key`` of :data:`BUILDS` once per session (the first test that asks pays for it; with several pytest
    workers, the first worker, and the others wait for it)."""
    if key not in _DONE:
        out = shared_dir(tmp_path_factory, "shared-builds") / key / "reports"
        returncode, stderr = _once(out.parents[1], key, lambda: _cli_build(BUILDS[key], out, 3600))
        _DONE[key] = Build(key, out, returncode, stderr)
    return _DONE[key]


def copy_build(build: Build, dest: Path) -> Path:
    """A private copy of a shared build's reports folder, for a test that changes it; returns the copy."""
    build.require_ok()
    shutil.copytree(build.out, dest, symlinks=True)
    return dest
