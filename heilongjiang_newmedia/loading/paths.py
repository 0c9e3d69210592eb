"""Where things live: project root (notebooks/, data/), build directory, scratch folders, bundled fonts.

Inside a build, ``hlj-newmedia build`` sets ``HLJ_NEWMEDIA_BUILD_DIR`` (the chapter's staging folder) and
``HLJ_NEWMEDIA_REPORTS_DIR`` (its ``--out``) for every chapter run. A notebook run anywhere else (JupyterLab,
papermill, ``jupyter execute``, nbconvert) is an *interactive run*: it writes its exhibits, results and findings to a
scratch folder of its own, ``reports/.scratch/<run>/`` (:func:`scratch_dir`), and reads earlier chapters' results
from ``reports/`` without changing them. A report folder made by the build carries the marker file
:data:`REPORT_MARKER`; built reports change only through ``hlj-newmedia build``.

The project root is the parent of the package directory when it holds ``notebooks/`` (editable install, source
checkout); otherwise the current directory.
"""
from __future__ import annotations

import os
import shlex
import shutil
import sys
import time
from pathlib import Path

BUILD_DIR_ENV = "HLJ_NEWMEDIA_BUILD_DIR"
READ_LOG_ENV = "HLJ_NEWMEDIA_READ_LOG"
REPORTS_DIR_ENV = "HLJ_NEWMEDIA_REPORTS_DIR"
PACKAGE_DIR = Path(__file__).resolve().parents[1]
TEMPLATES_DIR = PACKAGE_DIR / "reporting" / "templates"
#: The file ``hlj-newmedia build`` writes in every report folder it makes (``clean`` removes only such folders).
REPORT_MARKER = ".hlj-newmedia-reports"
#: Sub-folder of ``reports/`` holding one folder per interactive run.
SCRATCH_DIR = ".scratch"
_SCRATCH: dict[Path, Path] = {}


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


def in_build() -> bool:
    """Whether this process runs a chapter for ``hlj-newmedia build`` (or a harness that chose the folder, as the
    tests do): ``HLJ_NEWMEDIA_BUILD_DIR`` is set."""
    return bool(os.environ.get(BUILD_DIR_ENV))


def scratch_dir() -> Path:
    """This process's scratch folder for an interactive run: ``reports/.scratch/<date>-<time>-<pid>/`` of the
    project (one per kernel, made on first use)."""
    root = project_root()
    if root not in _SCRATCH:
        stamp = time.strftime("%Y%m%d-%H%M%S", time.localtime())
        _SCRATCH[root] = root / "reports" / SCRATCH_DIR / f"{stamp}-{os.getpid()}"
    return _SCRATCH[root]


MARKER_TEXT = ('{\n "made_by": "heilongjiang-newmedia (hlj-newmedia build)",\n "note": "A report folder: hlj-newmedia build '
               'writes it, hlj-newmedia clean removes it."\n}\n')


def write_marker(folder: str | os.PathLike) -> None:
    """Mark ``folder`` as a report folder (atomically; an existing marker is kept)."""
    path = Path(folder) / REPORT_MARKER
    if not path.is_file() or path.is_symlink():
        tmp = path.with_name(f".{REPORT_MARKER}.tmp")
        tmp.write_text(MARKER_TEXT, encoding="utf-8")
        os.replace(tmp, path)


def make_scratch(folder: str | os.PathLike) -> None:
    """Create an interactive run's scratch folder; a ``reports/`` folder made for it here is marked as a report
    folder (so that ``hlj-newmedia clean`` removes it and a build may use it); an existing one is left as it is."""
    folder = Path(folder)
    reports = folder.parent.parent
    if reports.name == "reports" and folder.parent.name == SCRATCH_DIR and not os.path.lexists(reports):
        reports.mkdir(parents=True, exist_ok=True)
        write_marker(reports)
    folder.mkdir(parents=True, exist_ok=True)


def build_dir() -> Path:
    """Where a chapter writes: env ``HLJ_NEWMEDIA_BUILD_DIR`` inside a build, else this run's :func:`scratch_dir`."""
    env = os.environ.get(BUILD_DIR_ENV)
    return Path(env) if env else scratch_dir()


def reports_dir() -> Path:
    """The reports directory of the current build (env ``HLJ_NEWMEDIA_REPORTS_DIR``, set by the builder to its
    ``--out``), where the chapters already built keep their results and exhibit manifests; interactively
    ``reports/`` of the project (read only). A chapter that reads other chapters' results (the conclusion) reads
    them here, so a build into another directory never picks up results of a different build."""
    env = os.environ.get(REPORTS_DIR_ENV)
    return Path(env) if env else project_root() / "reports"


def built_folder_of(path: str | os.PathLike) -> Path | None:
    """The built report folder (one holding :data:`REPORT_MARKER`) that ``path`` is, or lies in, outside its
    ``.staging/`` and ``.scratch/`` sub-folders; None when there is none. A notebook must not write there."""
    p = Path(os.path.abspath(path))
    for folder in (p, *p.parents):
        if (folder / REPORT_MARKER).is_file():
            rel = p.relative_to(folder).parts
            return None if rel and rel[0] in (".staging", SCRATCH_DIR) else folder
    return None


def cli_command() -> str:
    """How to call ``hlj-newmedia`` from the current directory, as a command that works when pasted: the bare name
    when it is on ``PATH`` and is this environment's, else the path of this environment's script."""
    script = Path(sys.executable).parent / "hlj-newmedia"
    found = shutil.which("hlj-newmedia")
    if not script.is_file() or (found and Path(found).resolve() == script.resolve()):
        return "hlj-newmedia"
    try:
        rel = script.relative_to(Path.cwd())
        return shlex.quote(rel.as_posix() if len(rel.parts) > 1 else f"./{rel}")
    except ValueError:
        return shlex.quote(str(script))


def command(*args: object, out: str | os.PathLike | None = None) -> str:
    """A complete ``hlj-newmedia`` command line (arguments quoted for a POSIX shell); ``out``: a reports folder,
    added as ``--out`` unless it is the default ``reports/`` of the project."""
    words = [str(a) for a in args]
    if out is not None and Path(os.path.abspath(out)) != Path(os.path.abspath(project_root() / "reports")):
        words += ["--out", _shown_path(Path(out))]
    return " ".join([cli_command(), *(shlex.quote(w) for w in words)])


def _shown_path(path: Path) -> str:
    """``path`` relative to the current directory when it lies below it, else absolute."""
    try:
        return Path(os.path.abspath(path)).relative_to(Path.cwd()).as_posix() or "."
    except ValueError:
        return str(Path(os.path.abspath(path)))


def cjk_font_path() -> Path:
    """The bundled open CJK font (Noto Sans CJK SC, SIL OFL) shipped by the ``mplfonts`` pip package. The package is
    found, not imported: importing it imports matplotlib (0.2 s), which the build process and the render server do
    not otherwise need."""
    from importlib.util import find_spec

    spec = find_spec("mplfonts")
    if spec is None or not spec.origin:
        raise FileNotFoundError("CJK font not found: the 'mplfonts' package is not installed; install it "
                                "(make env installs the pinned environment)")
    path = Path(spec.origin).resolve().parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not path.is_file():
        raise FileNotFoundError(f"CJK font not found at {path}; reinstall the 'mplfonts' package")
    return path
