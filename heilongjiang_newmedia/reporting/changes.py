"""Two versions of the reports compared (``hlj-newmedia diff OLD NEW``): what changed in the inputs (parameters, data
rows, program version), in the recorded findings, in the exhibits' data and in the text.

:func:`load_version` reads what a build records (``inputs/``, ``findings/``, ``exhibits/``, ``html/``);
:func:`compare` is pure: two loaded versions in, a :class:`Changes` out. :mod:`.changes_render` words it.
"""
from __future__ import annotations

import csv
import difflib
import io
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.findings import Findings
from heilongjiang_newmedia.reporting import snapshot
from heilongjiang_newmedia.reporting.changes_text import TextChange, compare_paragraphs, paragraphs, table_rows

#: parameters that name files or folders: their data show up as data-table changes instead
PATH_PARAMS = frozenset({"data_dir", "inventory_file", "survey_file", "survey_codebook"})
CITATION = ("source_url", "source_title", "source_date", "locator", "confidence")


class MissingRecords(RuntimeError):
    """A reports folder without what the change report compares (made by an older version, or not a build)."""


@dataclass
class Version:
    """One reports folder as the change report sees it."""
    folder: Path
    inputs: dict[str, Any]
    lang: str
    stems: list[str]
    titles: dict[str, str]
    findings: dict[str, Findings]
    manifests: dict[str, dict]
    bodies: dict[str, str]
    date: str

    @property
    def label(self) -> str | None:
        return self.inputs.get("label")

    def params(self) -> dict[str, Any]:
        """Each parameter's value (the chapters of one build agree on shared parameters)."""
        out: dict[str, Any] = {}
        for stem in sorted(self.inputs.get("params") or {}):
            for name, value in (self.inputs["params"][stem] or {}).items():
                out.setdefault(name, value)
        return out

    def exhibit_csv(self, stem: str, csv_rel: str | None) -> str | None:
        if not csv_rel:
            return None
        try:
            return (self.folder / csv_rel).read_text(encoding="utf-8-sig")
        except OSError:
            return None


def load_version(folder: Path) -> Version:
    """Read a reports folder; :class:`MissingRecords` names what a folder of an older version lacks and the
    command that makes it."""
    from heilongjiang_newmedia.reporting.book import chapter_heading
    from heilongjiang_newmedia.reporting.provenance import data_vintage, read_manifest
    from heilongjiang_newmedia.reporting.render import chapter_body

    folder = Path(folder).resolve()
    if not folder.is_dir():
        raise MissingRecords(f"{folder}: no such reports folder")
    inputs = snapshot.read_inputs(folder)
    html_dir = folder / "html"
    stems = sorted(p.stem for p in html_dir.glob("*.html")) if html_dir.is_dir() else []
    missing = []
    if not stems:
        missing.append("chapter reports (html/)")
    if inputs is None:
        missing.append("record of its inputs (inputs/inputs.json: parameters, data rows, program version)")
    if stems and not (folder / "findings").is_dir():
        missing.append("findings records (findings/)")
    if missing:
        raise MissingRecords(f"{folder} cannot be compared: it lacks the {' and the '.join(missing)}. It was made by an "
                             f"older version of heilongjiang-newmedia or is not a reports folder. Rebuild it with "
                             f"this version (with the parameters it was built with): hlj-newmedia build --out {folder}")
    findings, manifests, titles, bodies = {}, {}, {}, {}
    for stem in stems:
        path = folder / "findings" / f"{stem}.json"
        if path.is_file():
            findings[stem] = Findings.from_json(json.loads(path.read_text(encoding="utf-8")))
        manifests[stem] = read_manifest(folder / "exhibits" / stem / "manifest.json")
        page = (html_dir / f"{stem}.html").read_text(encoding="utf-8")
        bodies[stem] = chapter_body(page)
        titles[stem] = chapter_heading(bodies[stem]) or stem
    langs = [str((inputs.get("params") or {}).get(s, {}).get("lang", "zh")) for s in stems]
    lang = max(set(langs), key=langs.count) if langs else "zh"
    return Version(folder, inputs, lang, stems, titles, findings, manifests, bodies,
                   data_vintage(list(manifests.values())))


@dataclass
class Changes:
    """What changed from ``old`` to ``new`` (each list empty when nothing did)."""
    old: Version
    new: Version
    params: list[tuple[str, Any, Any]] = field(default_factory=list)
    version: dict[str, Any] = field(default_factory=dict)
    tables: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    exhibits: list[dict[str, Any]] = field(default_factory=list)
    text: dict[str, list[TextChange]] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not (self.params or self.version or self.tables or self.findings or self.exhibits
                    or any(self.text.values()))


def compare(old: Version, new: Version) -> Changes:
    ch = Changes(old, new)
    po, pn = old.params(), new.params()
    ch.params = [(k, po.get(k), pn.get(k)) for k in sorted(set(po) | set(pn))
                 if k not in PATH_PARAMS and po.get(k) != pn.get(k)]
    vo, vn = old.inputs.get("package_version"), new.inputs.get("package_version")
    if vo != vn or old.inputs.get("code") != new.inputs.get("code"):
        ch.version = {"old": vo, "new": vn, "code_only": vo == vn}
    ch.tables = compare_tables(old, new)
    ch.findings = compare_findings(old, new)
    ch.exhibits = compare_exhibits(old, new)
    lang = new.lang
    for stem in sorted(set(old.stems) | set(new.stems)):
        changes = compare_paragraphs(paragraphs(old.bodies.get(stem, "")), paragraphs(new.bodies.get(stem, "")), lang)
        if changes:
            ch.text[stem] = changes
    return ch


# -- data tables ---------------------------------------------------------------------------------------------------
def compare_tables(old: Version, new: Version) -> list[dict[str, Any]]:
    to, tn = old.inputs.get("tables") or {}, new.inputs.get("tables") or {}
    out = []
    for name in sorted(set(to) | set(tn)):
        a, b = to.get(name), tn.get(name)
        if a and b and a["sha256"] == b["sha256"]:
            continue
        snap_a = snapshot.read_table(old.folder, a["sha256"]) if a else None
        snap_b = snapshot.read_table(new.folder, b["sha256"]) if b else None
        if a is None:
            out.append({"name": name, "status": "new", "rows": len(snap_b["rows"]) if snap_b else 0})
        elif b is None:
            out.append({"name": name, "status": "dropped"})
        elif snap_a is None or snap_b is None:
            out.append({"name": name, "status": "changed", "added": [], "removed": [], "changed": [],
                        "columns": [], "key": [], "unknown": True})
        else:
            diff = diff_rows(snap_a, snap_b)
            if diff["added"] or diff["removed"] or diff["changed"]:
                out.append({"name": name, "status": "changed", **diff})
    return out


def diff_rows(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Rows added, removed and changed between two table snapshots (as dicts column -> text): matched by the
    table's primary key when it identifies every row, else by position (difflib)."""
    ra = [dict(zip(a["columns"], r)) for r in a["rows"]]
    rb = [dict(zip(b["columns"], r)) for r in b["rows"]]
    key = [k for k in (b.get("key") or a.get("key") or []) if k in a["columns"] and k in b["columns"]]
    ka = [tuple(r.get(k, "") for k in key) for r in ra]
    kb = [tuple(r.get(k, "") for k in key) for r in rb]
    added, removed, changed = [], [], []
    if key and len(set(ka)) == len(ka) and len(set(kb)) == len(kb):
        ia, ib = dict(zip(ka, ra)), dict(zip(kb, rb))
        added = [ib[k] for k in kb if k not in ia]
        removed = [ia[k] for k in ka if k not in ib]
        changed = [(ia[k], ib[k]) for k in kb if k in ia and ia[k] != ib[k]]
    else:
        ta = [tuple(sorted(r.items())) for r in ra]
        tb = [tuple(sorted(r.items())) for r in rb]
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes():
            if op == "replace" and i2 - i1 == j2 - j1:
                changed += list(zip(ra[i1:i2], rb[j1:j2]))
            elif op != "equal":
                removed += ra[i1:i2]
                added += rb[j1:j2]
    columns = [c for c in b["columns"] if c not in key]
    return {"added": added, "removed": removed, "changed": changed, "columns": columns, "key": key}


# -- findings ------------------------------------------------------------------------------------------------------
def compare_findings(old: Version, new: Version) -> list[dict[str, Any]]:
    out = []
    for stem in sorted(set(old.findings) | set(new.findings)):
        fa, fb = old.findings.get(stem), new.findings.get(stem)
        keys = sorted(set(fa or {}) | set(fb or {}))
        for key in keys:
            a = fa[key] if fa is not None and key in fa else None
            b = fb[key] if fb is not None and key in fb else None
            if a is not None and b is not None and (a.value, dict(a.detail)) == (b.value, dict(b.detail)):
                continue
            out.append({"stem": stem, "key": key, "old": a, "new": b})
    return out


# -- exhibits ------------------------------------------------------------------------------------------------------
def compare_exhibits(old: Version, new: Version) -> list[dict[str, Any]]:
    out = []
    for stem in sorted(set(old.manifests) | set(new.manifests)):
        xa = {x["id"]: x for x in old.manifests.get(stem, {}).get("exhibits", [])}
        xb = {x["id"]: x for x in new.manifests.get(stem, {}).get("exhibits", [])}
        for xid in list(xb) + [i for i in xa if i not in xb]:
            a, b = xa.get(xid), xb.get(xid)
            if a is None or b is None:
                out.append({"stem": stem, "id": xid, "exhibit": b or a, "status": "new" if a is None else "dropped"})
                continue
            ca, cb = old.exhibit_csv(stem, a.get("csv")), new.exhibit_csv(stem, b.get("csv"))
            ta = table_rows(old.bodies.get(stem, ""), a.get("anchor", ""))
            tb = table_rows(new.bodies.get(stem, ""), b.get("anchor", ""))
            if ca == cb and ta == tb:
                continue
            data = diff_csv(ca or "", cb or "")
            shown = diff_table(*ta, *tb) if ta and tb else None  # a table: its cells as printed
            n_data = len(data["cells"]) + len(data["added"]) + len(data["removed"])
            if shown is not None and (shown["cells"] or shown["added"] or shown["removed"]):
                out.append({"stem": stem, "id": xid, "exhibit": b, "status": "changed", "shown": True, **shown})
            elif n_data:
                out.append({"stem": stem, "id": xid, "exhibit": b, "status": "changed", "shown": False, **data})
    return out


def _csv_rows(text: str) -> tuple[list[str], list[list[str]]]:
    rows = [r for r in csv.reader(io.StringIO(text)) if r]
    return (rows[0], rows[1:]) if rows else ([], [])


def diff_csv(old_text: str, new_text: str) -> dict[str, Any]:
    """Changed cells ``(row label, column, old, new)`` and rows added / removed (their labels) between two exhibit
    CSVs (see :func:`diff_table`); citation columns are left out (a changed citation is a changed data row)."""
    ha, ra = _csv_rows(old_text)
    hb, rb = _csv_rows(new_text)
    return diff_table(ha, ra, hb, rb, skip=CITATION)


def _row_key_width(ha: list[str], ra: list[list[str]], hb: list[str], rb: list[list[str]],
                   skip: tuple[str, ...], widest: int = 3) -> int:
    """How many leading columns name each row once in both tables (1 to ``widest``, same column names in both and
    none of ``skip``), leaving at least one column to compare; 0 when none do, and rows are then matched by
    position."""
    for k in range(1, min(widest, len(ha) - 1, len(hb) - 1) + 1):
        if ha[:k] != hb[:k] or any(c in skip for c in hb[:k]):
            return 0
        keys_a, keys_b = [tuple(r[:k]) for r in ra], [tuple(r[:k]) for r in rb]
        if len(set(keys_a)) == len(keys_a) and len(set(keys_b)) == len(keys_b):
            return k
    return 0


def _same_but_figures(added: list[str], removed: list[str]) -> list[tuple[str, str]]:
    """``(new label, old label)`` of an added and a removed row whose labels differ only in their figures (a label
    that prints a value, e.g. "…标杆省份均值94.12" -> "…均值92.92"): the same row, changed. Only labels whose
    figure-blind form names one row on each side are paired."""
    import re

    def shape(label: str) -> str:
        return re.sub(r"\d+(?:\.\d+)?", "#", label)

    new_by, old_by = {}, {}
    for lbl in added:
        new_by.setdefault(shape(lbl), []).append(lbl)
    for lbl in removed:
        old_by.setdefault(shape(lbl), []).append(lbl)
    return [(new[0], old_by[k][0]) for k, new in new_by.items() if len(new) == 1 and len(old_by.get(k, [])) == 1]


def diff_table(ha: list[str], ra: list[list[str]], hb: list[str], rb: list[list[str]],
               skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Changed cells ``(row label, column, old, new)`` and rows added / removed between two tables (column names,
    rows). Rows are matched by their leading cells (the first one, or the first two or three joined with " · ",
    whichever first names each row once in both tables), else by position; columns by name. A row whose leading cells
    changed only in a figure they print is the same row, its changed leading cell listed first."""
    width = _row_key_width(ha, ra, hb, rb, skip)
    label = (lambda r: " · ".join(r[:width])) if width else (lambda r: r[0] if r else "")
    la, lb = [label(r) for r in ra], [label(r) for r in rb]
    relabelled: list[tuple[str, list[str], list[str]]] = []
    if width:
        ia, ib = dict(zip(la, ra)), dict(zip(lb, rb))
        pairs = [(lbl, ia[lbl], ib[lbl]) for lbl in lb if lbl in ia]
        added, removed = [lbl for lbl in lb if lbl not in ia], [lbl for lbl in la if lbl not in ib]
        for new_lbl, old_lbl in _same_but_figures(added, removed):
            added.remove(new_lbl)
            removed.remove(old_lbl)
            a, b = ia[old_lbl], ib[new_lbl]
            kept = [x for x, y in zip(a[:width], b[:width]) if x == y]  # the leading cells that did not change
            relabelled.append((" · ".join(kept) or new_lbl, a, b))
    else:
        n = min(len(ra), len(rb))
        pairs = [(lb[i], ra[i], rb[i]) for i in range(n)]
        added, removed = lb[n:], la[n:]
    key_columns = set(hb[:width])
    cols = [(i, c) for i, c in enumerate(hb) if c in ha and c not in skip and c not in key_columns]
    cells = []
    for lbl, a, b in relabelled:  # the row's own label changed (a figure it prints): say so first
        cells += [(lbl, c, a[i], b[i]) for i, c in enumerate(hb[:width]) if a[i] != b[i]]
    for lbl, a, b in pairs + relabelled:
        da = dict(zip(ha, a))
        for i, c in cols:
            new = b[i] if i < len(b) else ""
            if da.get(c, "") != new:
                cells.append((lbl, c, da.get(c, ""), new))
    return {"cells": cells, "added": added, "removed": removed, "label_column": hb[0] if hb else ""}
