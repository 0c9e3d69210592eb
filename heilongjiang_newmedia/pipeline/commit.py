"""Installing a chapter's finished outputs from its staging directory (one crash-consistent unit), keeping a failed
chapter's executed notebook, and the merged exhibit manifest."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.pipeline import cache, journal
from heilongjiang_newmedia.pipeline.options import outputs_of
from heilongjiang_newmedia.reporting.provenance import read_manifest


def commit(out: Path, stem: str, staging: Path, record: dict[str, Any] | None = None) -> None:
    """Install a chapter's finished outputs from ``staging`` as one crash-consistent unit (see :mod:`.journal`):
    html, pdf, executed notebook, findings json, ``exhibits/<chapter>/`` and the cache record all change together.
    An output the new build did not produce (e.g. no recorded findings) is removed rather than left from the old one."""
    moves: list[tuple[Path, Path]] = []
    delete: list[Path] = []
    new_ex, cur_ex = staging / "exhibits" / stem, out / "exhibits" / stem
    (moves if new_ex.is_dir() else delete).append((new_ex, cur_ex) if new_ex.is_dir() else cur_ex)
    for kind, dst in outputs_of(out, stem).items():
        src = staging / kind / dst.name
        if src.is_file():
            moves.append((src, dst))
        else:
            delete.append(dst)
    if record is not None:
        # the record names the exact files it describes, so a reader can tell they belong together
        record = {**record, "outputs": {**{k: cache.sha256_file(s) for s, d in moves for k, p in
                                           outputs_of(out, stem).items() if p == d},
                                        "exhibits": cache.tree_digest(new_ex)}}
        src = staging / "cache" / f"{stem}.json"
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(json.dumps(record, ensure_ascii=False, sort_keys=True, indent=1), encoding="utf-8")
        moves.append((src, cache.record_path(out, stem)))
    delete.append(out / "_failed" / f"{stem}.ipynb")
    journal.commit_unit(out, f"chapter-{stem}", staging, moves, delete, later=True)


def commit_render(out: Path, stem: str, staging: Path, record: dict[str, Any]) -> None:
    """Install a chapter rendered again (citation numbers changed): its HTML, PDF and updated record, as one unit;
    its executed notebook, findings and exhibits stay as they are."""
    outputs = outputs_of(out, stem)
    moves = [(staging / kind / outputs[kind].name, outputs[kind]) for kind in ("html", "pdf")]
    hashes = {**(record.get("outputs") or {}), **{k: cache.sha256_file(staging / k / outputs[k].name)
                                                   for k in ("html", "pdf")}}
    src = staging / "cache" / f"{stem}.json"
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text(json.dumps({**record, "outputs": hashes}, ensure_ascii=False, sort_keys=True, indent=1),
                   encoding="utf-8")
    moves.append((src, cache.record_path(out, stem)))
    journal.commit_unit(out, f"chapter-{stem}", staging, moves, [])


def keep_failed(out: Path, stem: str, executed: str | None) -> Path | None:
    if not executed:
        return None
    dst = out / "_failed" / f"{stem}.ipynb"
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_suffix(".ipynb.tmp")
    shutil.copyfile(executed, tmp)
    os.replace(tmp, dst)
    return dst


def merge_manifests(out: Path, stems: list[str]) -> list[dict]:
    """``exhibits/manifest.json``: every chapter's exhibits, in chapter order."""
    manifests = []
    for stem in stems:
        path = out / "exhibits" / stem / "manifest.json"
        if path.is_file():
            manifests.append(read_manifest(path))
    path = out / "exhibits" / "manifest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"chapters": manifests}, ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return manifests
