"""Determinism on the real chapters (issue 8, item 4): chapters 01 and 04 built cold and sequentially (``--jobs 1``)
give byte-identical HTML, PDF and exhibit CSV files to the same chapters in the session's shared default build (all
seven chapters, two at a time, another process and folder); the book made again from the same chapters (a copy whose
book files are removed) is byte-identical to the first.

Only files from the same inputs are compared; the cache records, the executed notebooks and REPLICATION.md (which
states this build's runtime) are not outputs readers compare.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = ["1", "4"]


def build(out: Path, jobs: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "HLJ_NEWMEDIA_PROJECT_ROOT": str(ROOT)}
    for k in ("HLJ_NEWMEDIA_BUILD_DIR", "HLJ_NEWMEDIA_DATA_DIR", "HLJ_NEWMEDIA_READ_LOG"):
        env.pop(k, None)
    return subprocess.run([sys.executable, "-m", "heilongjiang_newmedia.cli", "build", *CHAPTERS, "--out", str(out),
                           "--jobs", str(jobs)], capture_output=True, text=True, env=env, timeout=600, cwd=ROOT)


def digest(out: Path) -> dict[str, str]:
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and p.suffix in (".html", ".pdf", ".csv")
            and not {"_failed", ".cache", ".staging"} & set(p.relative_to(out).parts)}


STEMS = ("01_introduction", "04_problems")


@pytest.fixture(scope="module")
def two_builds(built_zh, tmp_path_factory):
    """(the shared default build, chapters 01 and 04 built here one at a time)"""
    a = built_zh.require_ok()
    b = tmp_path_factory.mktemp("determinism") / "b"
    rb = build(b, 1)
    assert rb.returncode == 0, rb.stderr
    return a, b


def _chapters(d: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in d.items() if any(s in k for s in STEMS)}


def test_outputs_present(two_builds):
    _, b = two_builds
    d = digest(b)
    for rel in ("html/01_introduction.html", "pdf/01_introduction.pdf", "html/04_problems.html",
                "pdf/04_problems.pdf", "book.html", "book.pdf"):
        assert rel in d, rel
    assert sum(k.startswith("exhibits/01_introduction/") and k.endswith(".csv") for k in d) >= 3
    assert sum(k.startswith("exhibits/04_problems/") and k.endswith(".csv") for k in d) >= 3


def test_book_made_again_is_byte_identical(two_builds, tmp_path):
    import re
    import shutil

    _, b = two_builds
    c = tmp_path / "c"
    shutil.copytree(b, c)
    for name in ("book.html", "book.pdf", "book.docx"):
        (c / name).unlink()  # this test's copy: the next build makes the book again from the cached chapters
    r = build(c, 1)
    assert r.returncode == 0, r.stderr
    assert re.search(r"cached\s+04_problems", r.stderr) and re.search(r"done\s+book", r.stderr), r.stderr
    for name in ("book.html", "book.pdf", "book.docx"):
        assert (c / name).read_bytes() == (b / name).read_bytes(), name


def test_two_builds_byte_identical(two_builds):
    a, b = two_builds
    da, db = _chapters(digest(a)), _chapters(digest(b))
    assert da.keys() == db.keys() and len(da) >= 10
    differ = sorted(k for k in da if da[k] != db[k])
    assert differ == [], differ


def test_pdf_dates_are_the_data_vintage(two_builds):
    """PDF dates come from the cited sources' latest date (the page's dcterms.created), never from the clock."""
    import re

    a, _ = two_builds
    for stem in ("01_introduction", "04_problems"):
        page = (a / "html" / f"{stem}.html").read_text(encoding="utf-8")
        meta = next(m for m in re.findall(r"<meta\b[^>]*>", page) if "dcterms.created" in m)
        vintage = re.search(r'content="([0-9-]+)"', meta).group(1)
        from pypdf import PdfReader

        info = PdfReader(str(a / "pdf" / f"{stem}.pdf")).metadata
        dates = [str(info.get(k, "")) for k in ("/CreationDate", "/ModDate")]
        assert all(d.startswith("D:" + vintage.replace("-", "")) for d in dates), (stem, vintage, dates)
