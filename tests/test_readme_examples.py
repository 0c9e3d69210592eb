"""README.md and REPLICATION.md, run as written (issue 19, items 3 and 4).

Every command of their ``sh`` blocks, and every ``.venv/bin/...`` command quoted in their prose, runs in a clean
copy of the checkout (its tracked files, committed to a fresh git repository) with this environment's tools, in the
order the reader meets them. Afterwards ``git status --porcelain`` is empty: every output lies in an ignored folder
(``reports*/``) or outside the checkout. ``make test`` (this suite) and ``make lab`` (a server) are not run; commands
whose arguments are placeholders (``path/to/...``) must stop with exit status 2 naming the missing file.

The three full builds the commands make (Chinese, Jilin in English, the English book) are the session's shared
builds, made with the same settings by the same command (``tests/built_reports.py``): the clone starts with copies of
them in ``reports/``, ``reports-jilin/`` and ``reports-en/``, so those commands find their chapters built, as on a
reader's second run, and the test pays for the partial builds only (a province's two chapters, an AHP matrix, the
proof pages), one papermill and one nbconvert run.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
VENV = Path(sys.executable).parent.parent
SKIP = ("make test", "make lab")
pytestmark = pytest.mark.build


def commands(md: Path) -> list[str]:
    """The commands of ``md`` in reading order: lines of ``sh`` blocks (comments removed) and inline code spans that
    start with ``.venv/bin/``."""
    out, block = [], False
    for line in md.read_text(encoding="utf-8").splitlines():
        if line.strip().startswith("```"):
            block = line.strip() == "```sh"
            continue
        if block:
            cmd = re.split(r"\s{2,}#|\s#\s", line)[0].strip()
            if cmd and not cmd.startswith("#"):
                out.append(cmd)
        else:
            out += [m for m in re.findall(r"`(\.venv/bin/[^`]+)`", line)]
    return out


def test_commands_are_found():
    readme = commands(ROOT / "README.md")
    assert "make report" in readme and any("papermill" in c for c in readme)
    assert any("--out reports-jilin" in c for c in readme)
    assert any("path/to/" in c for c in commands(ROOT / "REPLICATION.md"))


#: the README's report folders -> the shared build made with the same settings
SEEDED = {"reports": "built_zh", "reports-en": "built_en", "reports-jilin": "built_jilin"}


@pytest.fixture(scope="module")
def clone(tmp_path_factory, request) -> Path:
    """The checkout's tracked files (as they are now) in a fresh repository, with this venv as ``.venv`` and the
    shared builds' reports in the folders the README builds (:data:`SEEDED`)."""
    dst = tmp_path_factory.mktemp("clone") / "heilongjiang-newmedia"
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
    for rel in filter(None, (f.decode() for f in files)):
        if (ROOT / rel).is_file():
            (dst / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / rel, dst / rel)
    git = ["git", "-c", "user.name=test", "-c", "user.email=test@example.org"]
    subprocess.run(git + ["init", "-q"], cwd=dst, check=True)
    subprocess.run(git + ["add", "-A"], cwd=dst, check=True)
    subprocess.run(git + ["commit", "-q", "-m", "clean clone"], cwd=dst, check=True)
    (dst / ".venv").symlink_to(VENV)  # the environment of this test run (already installed, stamp included)
    (dst / ".git" / "info" / "exclude").write_text(".venv\n", encoding="utf-8")
    assert _status(dst) == ""
    for folder, fixture in SEEDED.items():
        shutil.copytree(request.getfixturevalue(fixture).require_ok(), dst / folder, symlinks=True,
                        ignore=shutil.ignore_patterns(".build.lock"))
    return dst


def _status(repo: Path) -> str:
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=repo, capture_output=True,
                          text=True, check=True).stdout


def _env(repo: Path) -> dict[str, str]:
    env = {**os.environ, "HLJ_NEWMEDIA_PROJECT_ROOT": str(repo)}  # the package is this venv's (editable) install
    for k in ("HLJ_NEWMEDIA_BUILD_DIR", "HLJ_NEWMEDIA_REPORTS_DIR", "HLJ_NEWMEDIA_READ_LOG", "HLJ_NEWMEDIA_DATA_DIR",
              "MAKEFLAGS", "MFLAGS", "MAKELEVEL",  # a reader types "make report" in a fresh shell, not inside make test
              "ARGS", "JOBS", "YES", "PYTHON"):  # the Makefile's variables: `make test ARGS=...` exports them
        env.pop(k, None)
    return env


def test_readme_and_replication_commands_run_as_written_and_leave_git_clean(clone):
    ran = []
    for md in ("README.md", "REPLICATION.md"):
        for cmd in commands(clone / md):
            if cmd.startswith(SKIP):
                continue
            r = subprocess.run(cmd, shell=True, cwd=clone, env=_env(clone), capture_output=True, text=True,
                               timeout=1800, stdin=subprocess.DEVNULL)
            if "path/to/" in cmd:
                assert r.returncode == 2 and "does not exist" in r.stderr, (md, cmd, r.stderr[-2000:])
            else:
                assert r.returncode == 0, (md, cmd, r.stdout[-2000:], r.stderr[-3000:])
            ran.append(cmd)
    assert len(ran) >= 15
    assert (clone / "reports" / "book.pdf").is_file() and (clone / "reports-jilin" / "book.pdf").is_file()
    assert (clone / "reports-en" / "book.html").is_file() and list((clone / "reports" / "proof").glob("*.png"))
    assert _status(clone) == ""
