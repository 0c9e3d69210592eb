"""Session-wide test setup.

* Every test runs away from the checkout's ``reports/``: the build and reports directories (which notebooks,
  exhibits and ``findings.read`` fall back to when no build sets them) point to a fresh temporary directory for the
  whole session, so the suite gives the same result before and after ``make report``, in a clone at any path. Tests
  that need other directories set them themselves (``monkeypatch.setenv``), or pass ``--out`` to the CLI.
* The shared builds (``built_reports``): ``built_zh``, ``built_en``, ``built_jilin``, each made once per session.
  A test that uses one is marked ``build`` automatically.
* Markers: ``build`` (runs notebooks or builds reports) and ``browser`` (opens headless Chromium). ``make test-fast``
  leaves both out; there, a test that starts a build, a kernel or a browser anyway fails, naming the marker it
  lacks, so the fast loop stays fast and every slow test is marked.
"""
from __future__ import annotations

import os
import subprocess

import pytest

from built_reports import COUNT as BUILD_COUNT
from built_reports import shared_build
from chapter_runs import COUNT as RUN_COUNT
from heilongjiang_newmedia.loading.paths import BUILD_DIR_ENV, REPORTS_DIR_ENV
from heilongjiang_newmedia.loading.lean_imports import skip_unused_imports

skip_unused_imports()  # the test process validates no IRI: jsonschema's 3 s grammar import is not paid (lean_imports)

SHARED_BUILDS = {"built_zh": "zh", "built_en": "en", "built_jilin": "jilin"}


@pytest.fixture(scope="session", autouse=True)
def _isolated_build_dirs(tmp_path_factory):
    root = tmp_path_factory.mktemp("isolated-reports")
    saved = {k: os.environ.get(k) for k in (BUILD_DIR_ENV, REPORTS_DIR_ENV)}
    os.environ[BUILD_DIR_ENV] = str(root)
    os.environ[REPORTS_DIR_ENV] = str(root)
    yield root
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="session")
def built_zh(tmp_path_factory):
    """All chapters and the book for Heilongjiang in Chinese (shared, read-only: copy it to change it)."""
    return shared_build("zh", tmp_path_factory)


@pytest.fixture(scope="session")
def built_en(tmp_path_factory):
    """All chapters and the book for Heilongjiang in English (shared, read-only)."""
    return shared_build("en", tmp_path_factory)


@pytest.fixture(scope="session")
def built_jilin(tmp_path_factory):
    """All chapters and the book for Jilin in English (shared, read-only)."""
    return shared_build("jilin", tmp_path_factory)


#: the slowest test modules, slowest first (seconds a worker spent in each in a full run on 2 cores, 2026-12-08):
#: ``make test`` runs two pytest workers, each taking the next whole module (``--dist loadfile``), in this order
#: (``--no-loadscope-reorder``: xdist would otherwise start with the modules of most tests, here the quick
#: ``test_params``, and end on one worker alone with ``test_readme_examples``). The first module makes the three
#: shared builds (the other worker meanwhile runs modules with small builds of their own); the README's commands
#: (``test_readme_examples``) come once those builds are made, since the clone is seeded with them.
SLOWEST_FIRST = ("test_reader_text",  # 222 s, most of it making the three shared builds
                 "test_bad_inputs", "test_safety", "test_build", "test_crash_safety",  # 149, 168, 152, 122 s
                 "test_versions_build", "test_readme_examples",  # 168, 128 s
                 "test_layout", "test_comparison",  # 140 s (it made the shared builds in that run), 79 s
                 "test_consistency", "test_determinism", "test_numbering_build", "test_researcher_data_chapters",
                 "test_chapters_2_3", "test_problems", "test_rebuild_scope", "test_hostile_strings",
                 "test_conclusion", "test_chapter_1", "test_browser", "test_countermeasures")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if set(SHARED_BUILDS) & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)
    rank = {name: k for k, name in enumerate(SLOWEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))  # stable: a module's tests keep their order


# -- make test-fast: a test that builds without the marker fails ----------------------------------------------------

#: what a command line holds when it builds reports or runs notebooks, and when it opens a browser
_BUILD_WORDS = (("heilongjiang_newmedia.cli", "build"), ("hlj-newmedia", "build"), ("ipykernel_launcher",),
                ("ipykernel",), ("heilongjiang_newmedia.pipeline.zygote",), ("zygote_client.py",),
                ("jupyter-lab",), ("jupyter", "lab"))
_BROWSER_WORDS = (("chromium",), ("chrome",), ("playwright",))


def _offence(args, browser_excluded: bool) -> str | None:
    words = [str(a) for a in (args if isinstance(args, (list, tuple)) else str(args).split())]
    if "--help" in words:
        return None
    names = {w.rsplit("/", 1)[-1] for w in words} | set(words)
    for group in _BUILD_WORDS:
        if all(any(g == n or n.endswith(g) for n in names) for g in group):
            return "build"
    if browser_excluded:
        for group in _BROWSER_WORDS:
            if all(any(g in n for n in names) for g in group):
                return "browser"
    return None


def pytest_configure(config):
    expr = config.getoption("markexpr", "") or ""
    if "not build" not in expr:
        return
    browser_excluded = "not browser" in expr
    original = subprocess.Popen.__init__

    def guarded(self, args, *a, **k):
        marker = _offence(args, browser_excluded)
        if marker:
            raise RuntimeError(f"this test runs {' '.join(map(str, args))[:160]!r}, but it is not marked "
                               f"{marker}: add @pytest.mark.{marker} (make test-fast leaves such tests out)")
        original(self, args, *a, **k)

    subprocess.Popen.__init__ = guarded


def pytest_terminal_summary(terminalreporter):
    if BUILD_COUNT["builds"] or RUN_COUNT["executions"]:
        terminalreporter.write_line(f"shared builds made: {BUILD_COUNT['builds']}; chapter notebooks executed "
                                    f"with papermill: {RUN_COUNT['executions']}")
