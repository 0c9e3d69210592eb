"""Shared helper for the chapter tests: execute a real chapter notebook with papermill into its own build dir."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import papermill as pm

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


@dataclass
class ChapterRun:
    text: str                     # the HTML and Markdown outputs of all cells, joined
    findings: dict[str, Any]      # the chapter's findings (findings/<stem>.json: key -> finding), {} if none
    exhibits: dict[str, dict]     # exhibit id -> manifest entry
    build: Path                   # the build directory (findings/, exhibits/, <stem>.out.ipynb)


def execute_chapter(stem: str, build: Path, **params: Any) -> ChapterRun:
    """Execute ``notebooks/<stem>.ipynb`` with ``params``; ``build`` is its build and reports directory, so it
    records its findings there and reads other chapters' findings only from there (never from a checkout's
    ``reports/``)."""
    env = {"HLJ_NEWMEDIA_BUILD_DIR": str(build), "HLJ_NEWMEDIA_PROJECT_ROOT": str(build.parent),
           "HLJ_NEWMEDIA_REPORTS_DIR": str(build)}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        pm.execute_notebook(str(NOTEBOOKS / f"{stem}.ipynb"), str(build / f"{stem}.out.ipynb"), parameters=params,
                            kernel_name="python3", cwd=str(NOTEBOOKS), progress_bar=False)
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    nb = json.loads((build / f"{stem}.out.ipynb").read_text(encoding="utf-8"))
    text = "\n".join("".join(o.get("data", {}).get(k, ""))
                     for c in nb["cells"] for o in c.get("outputs", []) for k in ("text/html", "text/markdown"))
    rec_path = build / "findings" / f"{stem}.json"
    findings = json.loads(rec_path.read_text(encoding="utf-8"))["findings"] if rec_path.is_file() else {}
    man_path = build / "exhibits" / stem / "manifest.json"
    manifest = json.loads(man_path.read_text(encoding="utf-8"))["exhibits"] if man_path.is_file() else []
    return ChapterRun(text, findings, {x["id"]: x for x in manifest}, build)
