"""Start order of chapters in a build (runner.longest_first): most expensive first; outputs do not depend on it."""
import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from heilongjiang_newmedia import params as P
from heilongjiang_newmedia.pipeline import cache
from heilongjiang_newmedia.pipeline.runner import longest_first


def _notebooks(tmp_path, exhibits: dict[str, int]):
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    for stem, n in exhibits.items():
        cells = [new_code_cell("ch = Chapter(...)")] + [new_code_cell(f"ch.exhibit(t{i}, id='x{i}')") for i in range(n)]
        nbformat.write(new_notebook(cells=cells), str(nbdir / f"{stem}.ipynb"))
    return nbdir


def test_without_records_the_notebooks_with_most_exhibits_start_first(tmp_path):
    specs = P.select(["1", "2", "3", "4"])
    nbdir = _notebooks(tmp_path, {"01_introduction": 4, "02_framework": 8, "03_status": 19, "04_problems": 8})
    order = [s.stem for s in longest_first(specs, tmp_path / "reports", nbdir)]
    assert order == ["03_status", "02_framework", "04_problems", "01_introduction"]  # tie 02/04: chapter order


def test_recorded_build_times_take_precedence_when_every_chapter_has_one(tmp_path):
    specs = P.select(["1", "2", "3"])
    nbdir = _notebooks(tmp_path, {"01_introduction": 1, "02_framework": 2, "03_status": 3})
    out = tmp_path / "reports"
    seconds = {"01_introduction": 6.5, "02_framework": 2.0, "03_status": 4.1}
    for stem, sec in seconds.items():
        path = cache.record_path(out, stem)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps({"seconds": sec}), encoding="utf-8")
    assert [s.stem for s in longest_first(specs, out, nbdir)] == ["01_introduction", "03_status", "02_framework"]
    cache.record_path(out, "02_framework").unlink()  # one chapter without a record: back to exhibit counts
    assert [s.stem for s in longest_first(specs, out, nbdir)] == ["03_status", "02_framework", "01_introduction"]


def test_the_book_stage_head_start_imports_modules_that_exist():
    """``book_stage.preload`` imports, while the chapters run, what the book stage will import. It skips a name
    that cannot be imported (the book stage reports that itself), so a stale name would silently end the head
    start: the book stage once lost 1.4 s to a module moved into a chapter folder."""
    import importlib

    from heilongjiang_newmedia.pipeline.book_stage import BOOK_MODULES

    missing = []
    for name in BOOK_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:
            missing.append(f"{name}: {exc}")
    assert not missing
    assert {"pypdf", "heilongjiang_newmedia.reporting.pdfjoin"} <= set(BOOK_MODULES)


def test_the_build_process_does_not_import_weasyprint_for_the_book():
    """Every PDF part of the book, its sheet of page numbers included, is laid out in a render worker: the build
    process joins PDFs with pypdf only. Importing WeasyPrint there (1.1 s) competed with the first chapter's kernel
    for the CPU. Checked in a fresh interpreter: the book stage's modules, imported as its head start does."""
    import subprocess
    import sys

    from heilongjiang_newmedia.pipeline.book_stage import BOOK_MODULES

    code = ("import importlib, sys\n"
            f"for name in {list(BOOK_MODULES)!r}: importlib.import_module(name)\n"
            "import heilongjiang_newmedia.pipeline.assemble, heilongjiang_newmedia.pipeline.workers\n"
            "from heilongjiang_newmedia.pipeline.book_stage import preload\n"
            "preload()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'nbconvert', 'matplotlib')))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "[]", r.stdout


def test_the_render_server_does_not_import_matplotlib(tmp_path):
    """The render server (``render_preload``) needs the bundled font's file, not matplotlib: the font is found in the
    ``mplfonts`` package without importing it (importing it imports matplotlib, 0.2 s of the server's start-up, which
    a one-parameter rebuild waits for). The server's output goes to the null device, so the modules are written to
    a file."""
    import subprocess
    import sys

    found = tmp_path / "modules.txt"
    code = ("import sys\n"
            "import heilongjiang_newmedia.pipeline.render_preload\n"
            f"open({str(found)!r}, 'w').write(' '.join(sorted({{m.split('.')[0] for m in sys.modules}})))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    modules = found.read_text().split()
    assert "weasyprint" in modules and "nbconvert" in modules  # the file is the server's: it did import these
    assert "matplotlib" not in modules and "mplfonts" not in modules
