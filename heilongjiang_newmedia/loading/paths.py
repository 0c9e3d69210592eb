"""Where things live: project root (notebooks/, data/), build directory, bundled fonts.

The build sets ``HLJ_NEWMEDIA_BUILD_DIR`` for every chapter run; interactively it defaults to ``reports/`` of the
project. The project root is the parent of the package directory when it holds ``notebooks/`` (editable install,
source checkout); otherwise the current directory.
"""
from __future__ import annotations

import os
from pathlib import Path

BUILD_DIR_ENV = "HLJ_NEWMEDIA_BUILD_DIR"
READ_LOG_ENV = "HLJ_NEWMEDIA_READ_LOG"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = PACKAGE_DIR / "reporting" / "templates"


def project_root() -> Path:
    """The checkout holding ``notebooks/`` (package parent when installed editable), else the current directory."""
    env = os.environ.get("HLJ_NEWMEDIA_PROJECT_ROOT")
    if env:
        return Path(env).resolve()
    parent = PACKAGE_DIR.parent
    if (parent / "notebooks").is_dir() or (parent / "pyproject.toml").is_file():
        return parent
    return Path.cwd().resolve()


def notebooks_dir() -> Path:
    return project_root() / "notebooks"


def build_dir() -> Path:
    """The current build directory: env ``HLJ_NEWMEDIA_BUILD_DIR`` or ``reports/`` of the project."""
    env = os.environ.get(BUILD_DIR_ENV)
    return Path(env) if env else project_root() / "reports"


REPORTS_DIR_ENV = "HLJ_NEWMEDIA_REPORTS_DIR"


def reports_dir() -> Path:
    """The reports directory of the current build (env ``HLJ_NEWMEDIA_REPORTS_DIR``, set by the builder to its
    ``--out``), where the chapters already built keep their results and exhibit manifests; interactively
    ``reports/`` of the project. A chapter that reads other chapters' results (the conclusion) reads them here, so a
    build into another directory never picks up results of a different build."""
    env = os.environ.get(REPORTS_DIR_ENV)
    return Path(env) if env else project_root() / "reports"


def cjk_font_path() -> Path:
    """The bundled open CJK font (Noto Sans CJK SC, SIL OFL) shipped by the ``mplfonts`` pip package."""
    import mplfonts

    path = Path(mplfonts.__file__).resolve().parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.is_file():
        raise FileNotFoundError(f"CJK font not found at {path}; reinstall the 'mplfonts' package")
    return path
