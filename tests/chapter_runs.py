"""Shared helper for the chapter tests: execute a real chapter notebook with papermill into its own build dir.

Tests that read the default chapters (Heilongjiang in Chinese or English, Jilin in English) use the shared builds of
``built_reports`` instead; ``execute_chapter`` is for a chapter run with parameters of its own."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.pipeline.kernels import PRELOAD

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
#: notebooks executed with papermill this session (reported by conftest at the end of the session)
COUNT = {"executions": 0}


@dataclass
class ChapterRun:
    text: str                     # the HTML and Markdown outputs of all cells, joined
    findings: dict[str, Any]      # the chapter's findings (findings/<stem>.json: key -> finding), {} if none
    exhibits: dict[str, dict]     # exhibit id -> manifest entry
    build: Path                   # the build directory (findings/, exhibits/, <stem>.out.ipynb)
    html: str = ""                # the same outputs as the reader gets them: Markdown rendered to HTML as the build does


def execute_chapter(stem: str, build: Path, **params: Any) -> ChapterRun:
    """Execute ``notebooks/<stem>.ipynb`` with ``params``; ``build`` is its build and reports directory, so it
    records its findings there and reads other chapters' findings only from there (never from a checkout's
    ``reports/``)."""
    import papermill as pm

    COUNT["executions"] += 1
    env = {"HLJ_NEWMEDIA_BUILD_DIR": str(build), "HLJ_NEWMEDIA_PROJECT_ROOT": str(build.parent),
           "HLJ_NEWMEDIA_REPORTS_DIR": str(build)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        pm.execute_notebook(str(NOTEBOOKS / f"{stem}.ipynb"), str(build / f"{stem}.out.ipynb"), parameters=params,
                            kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False,
                            extra_arguments=[f"--IPKernelApp.exec_lines={PRELOAD}"])  # as the build's kernels
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return read_run(build, stem, build / f"{stem}.out.ipynb")


def read_run(build: Path, stem: str, executed: Path) -> ChapterRun:
    """A chapter run read back from its build directory and executed notebook (papermill's or a build's
    ``executed/<stem>.ipynb``)."""
    nb = json.loads(executed.read_text(encoding="utf-8"))
    text = "\n".join("".join(o.get("data", {}).get(k, ""))
                     for c in nb["cells"] for o in c.get("outputs", []) for k in ("text/html", "text/markdown"))
    rec_path = build / "findings" / f"{stem}.json"
    findings = json.loads(rec_path.read_text(encoding="utf-8"))["findings"] if rec_path.is_file() else {}
    man_path = build / "exhibits" / stem / "manifest.json"
    manifest = json.loads(man_path.read_text(encoding="utf-8"))["exhibits"] if man_path.is_file() else []
    return ChapterRun(text, findings, {x["id"]: x for x in manifest}, build, _as_html(nb))


def _as_html(nb: dict) -> str:
    """The cells' outputs as the report renders them (the build's template runs ``markdown2html`` on Markdown)."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    out = []
    for c in nb["cells"]:
        for o in c.get("outputs", []):
            data = o.get("data", {})
            if "text/html" in data:
                out.append("".join(data["text/html"]))
            elif "text/markdown" in data:
                out.append(markdown2html_mistune("".join(data["text/markdown"])))
    return "\n".join(out)
