"""One chapter's work, run by the build's execution slots and render workers: execute the notebook in a kernel;
render its HTML and PDF. Each returns a result dict and never raises."""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.pipeline import cache
from heilongjiang_newmedia.reporting.provenance import data_vintage, read_manifest


def execute_chapter(task: dict[str, Any], kernel) -> dict[str, Any]:
    """Run one chapter in a pre-started kernel (its staging dir becomes the chapter's). Never raises."""
    from heilongjiang_newmedia.pipeline.execute import CellFailure, execute

    stem, staging = task["stem"], kernel.staging
    executed = staging / "executed" / f"{stem}.ipynb"
    timings: dict[str, float] = {}
    try:
        for kind in ("findings",):  # earlier chapters' records (their bytes, read when it was queued)
            for dep, data in task.get(f"dep_{kind}", {}).items():
                if data is not None:
                    (staging / kind).mkdir(exist_ok=True)
                    (staging / kind / f"{dep}.json").write_bytes(data)
        t = time.perf_counter()
        parts: dict[str, float] = {}
        execute(stem, Path(task["notebook"]), executed, task["params"], Path(task["notebooks_dir"]),
                timeout=task["timeout"], km=kernel.km, timings=parts)
        timings["execute"] = time.perf_counter() - t
        timings.update({f"execute.{k}": v for k, v in parts.items()})
        return {"ok": True, "timings": timings, "staging": str(staging), "citations": cited_keys(executed, task["lang"])}
    except CellFailure as exc:
        return {"ok": False, "message": str(exc), "executed": str(executed) if executed.is_file() else None,
                "timings": timings, "staging": str(staging)}
    except Exception as exc:  # kernel start failures, dead kernels
        return {"ok": False, "message": f"chapter {stem}: {type(exc).__name__}: {exc}",
                "executed": str(executed) if executed.is_file() else None, "timings": timings,
                "staging": str(staging)}


def cited_keys(executed: Path, lang: str) -> list[str]:
    """The keys an executed notebook cites, in reading order (:func:`.citations.notebook_keys`)."""
    import json

    from heilongjiang_newmedia.reporting.citations import notebook_keys
    from heilongjiang_newmedia.reporting.publications import canonical

    keys = notebook_keys(json.loads(executed.read_text(encoding="utf-8")), lang)
    return list(dict.fromkeys(canonical(k) for k in keys))  # [@cnnic-43] is R04


def render_chapter(task: dict[str, Any], res: dict[str, Any], renderer) -> dict[str, Any]:
    """HTML and PDF of an executed chapter (in a render worker, or a render thread here), its citation markers
    numbered with ``res["cite_numbers"]`` (the book's numbering; alone: its own keys from 1). Never raises."""
    import nbformat

    from heilongjiang_newmedia.pipeline.executed import finish_executed
    from heilongjiang_newmedia.reporting.citations import apply_numbers, keys_in, numbering, rename_keys
    from heilongjiang_newmedia.reporting.publications import canonical
    from heilongjiang_newmedia.reporting.render import render_html, write_text
    from heilongjiang_newmedia.reporting.webfont import embed_webfont

    stem, staging = task["stem"], Path(res["staging"])
    timings = res["timings"]
    executed = staging / "executed" / f"{stem}.ipynb"
    try:
        manifest = read_manifest(staging / "exhibits" / stem / "manifest.json")
        date = data_vintage([manifest])
        t = time.perf_counter()
        page = render_html(nbformat.read(str(executed), as_version=4), stem, task["lang"], task["title"], date,
                           show_code=task["show_code"])
        numbers = res.get("cite_numbers")
        if numbers is None:
            numbers = numbering([res.get("citations") or cited_keys(executed, task["lang"])])
        if any(canonical(k) != k for k in keys_in(page)):  # a text cites an alias ([@cnnic-43] is R04)
            page = rename_keys(page, canonical)
        page = apply_numbers(page, numbers, task["lang"])
        write_text(staging / "html" / f"{stem}.html", embed_webfont(page))
        timings["html"] = time.perf_counter() - t
        t = time.perf_counter()
        renderer.chapter_pdf(stem, page, staging / "pdf" / f"{stem}.pdf")
        timings["pdf"] = time.perf_counter() - t
        finish_executed(executed, task["lang"])  # readable with plain nbconvert: one language, the bundled font
        return {**res, "ok": True, "timings": timings, "data_files": cache.read_files(staging / "reads.log"),
                "date": date, "cite_numbers": numbers}
    except Exception as exc:  # render/PDF/glyph errors
        msg = f"chapter {stem}: {type(exc).__name__}: {exc}"
        return {**res, "ok": False, "message": msg, "executed": str(executed) if executed.is_file() else None}
