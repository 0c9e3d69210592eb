"""Every test runs away from the checkout's ``reports/``: the build and reports directories (which notebooks, exhibits
and ``findings.read`` fall back to when no build sets them) point to a fresh temporary directory for the whole
session, so the suite gives the same result before and after ``make report``, in a clone at any path.

Tests that need other directories set them themselves (``monkeypatch.setenv``), or pass ``--out`` to the CLI."""
from __future__ import annotations

import os

import pytest

from heilongjiang_newmedia.loading.paths import BUILD_DIR_ENV, REPORTS_DIR_ENV


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
