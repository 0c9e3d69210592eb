"""Imported by every build kernel at start-up (IPython ``exec_lines``), before it is handed a chapter.

Kernels are pre-started while other chapters run, so these imports (pandas, matplotlib, seaborn, the package) and
the registration of the 16 MB CJK font with matplotlib are paid off the critical path. The table validator
(frictionless, 0.6 s) is warmed only for a build that reads a researcher's data folder
(``HLJ_NEWMEDIA_WARM_VALIDATION``): the bundled tables match their recorded hashes and are not validated again
(:func:`.datasets.is_recorded`), so a build on them never uses it. Only module-level state
is touched — nothing in the user namespace, no pyplot figure, no rcParams, no data read — so a chapter sees the same
state as in a fresh kernel: every chapter still calls ``Chapter(...)``, which applies the theme itself.
"""
import os

from heilongjiang_newmedia.loading.lean_imports import skip_unused_imports

skip_unused_imports()  # before anything imports jsonschema (frictionless, below): see lean_imports

import matplotlib  # noqa: E402

matplotlib.use("Agg")

import matplotlib.pyplot  # noqa: E402,F401
import numpy  # noqa: E402,F401
import pandas  # noqa: E402,F401
import seaborn  # noqa: E402,F401
from matplotlib import font_manager  # noqa: E402

from heilongjiang_newmedia.reporting import charts, exhibits  # noqa: E402,F401
from heilongjiang_newmedia.loading import datasets, regions  # noqa: E402,F401
from heilongjiang_newmedia.loading.validation import check_table  # noqa: E402


def _warm_validation() -> None:
    """Import frictionless and what it imports on first use (schema checks, inline data) on a one-cell table."""
    check_table(["n"], [["1"]], {"fields": [{"name": "n", "type": "integer", "constraints": {"required": True}}]})


def _warm_font() -> None:
    """Register the CJK font once (what ``exhibits.setup_style`` does first) and load its glyph tables."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from heilongjiang_newmedia.loading.paths import cjk_font_path

    if not exhibits._STYLE_DONE:
        font_manager.fontManager.addfont(str(cjk_font_path()))
        exhibits._STYLE_DONE = True
    fig = Figure(figsize=(1, 1))
    FigureCanvasAgg(fig)
    fig.text(0.1, 0.5, "黑龙江 0123", family=[exhibits.CJK_FONT_NAME])
    fig.canvas.draw()


try:
    _warm_font()
except (OSError, RuntimeError, ValueError):  # warming is an optimisation only; the chapter reports a font problem
    pass
if os.environ.get("HLJ_NEWMEDIA_WARM_VALIDATION"):  # kernels.WARM_VALIDATION_ENV
    _warm_validation()
