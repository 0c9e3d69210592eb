"""Chapter 7 (conclusion): the evidence the conclusion stands on, read from the results recorded by chapters 1-6.

Nothing is recomputed and no number is typed: every statement of the conclusion is built from a value that a
chapter stored with ``ch.record(key, value, exhibit=id, sources=..., **extra)`` (``results/<chapter>.json``), and
carries the exhibit it comes from and the confidence of the source rows behind it. This module holds the reading
side: :func:`gather` (recall every chapter, failing with one message naming all chapters still to build),
:class:`Evidence` (entries, exhibit references, source confidence) and :class:`Stmt` (one sentence with its
references). The prose is written in :mod:`.conclusion_text`, the executive summary and the traceability table in
:mod:`.conclusion_render`.

Robust to chapters adding keys (unknown keys are ignored) and to keys being absent (the sentence that needs them
is left out); a raw key never reaches the reader.
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["CHAPTERS", "MissingChapterResultsError", "gather", "province_mismatches", "exhibit_index",
           "read_manifests", "Cite", "Stmt", "Evidence", "GRADE_ORDER"]

#: The chapters whose results the conclusion reads, in book order.
CHAPTERS = ("01_introduction", "02_framework", "03_status", "04_problems", "05_comparison", "06_countermeasures")

#: Source confidence grades from strongest to weakest.
GRADE_ORDER = ("high", "medium", "low")


class MissingChapterResultsError(LookupError):
    """One or more chapters the conclusion needs have no recorded results in this build directory."""


def gather(recall: Callable[[str], Mapping[str, Any]], chapters: Iterable[str] = CHAPTERS,
           required: Iterable[str] | None = None) -> dict[str, Mapping[str, Any]]:
    """Recall the results of ``chapters``; raise :class:`MissingChapterResultsError` naming every missing one.

    ``recall`` is :func:`heilongjiang_newmedia.reporting.results.recall` (or a stand-in in tests); any
    ``LookupError`` or ``FileNotFoundError`` it raises counts as "not built". ``required`` (default: all
    ``chapters``) are the chapters whose absence is an error; others are skipped silently when missing.
    """
    chapters = list(chapters)
    required = set(chapters if required is None else required)
    found: dict[str, Mapping[str, Any]] = {}
    missing: list[str] = []
    for stem in chapters:
        try:
            found[stem] = recall(stem)
        except (LookupError, FileNotFoundError):
            if stem in required:
                missing.append(stem)
    if missing:
        raise MissingChapterResultsError(
            "chapter 7 needs the recorded results of chapter(s) " + ", ".join(missing)
            + "; build them first: hlj-newmedia build " + " ".join(missing))
    return found


def entries(res: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Full entries of a recalled chapter: ``Recalled.entries`` when present, else ``{key: {"value": v}}``."""
    ent = getattr(res, "entries", None)
    if ent:
        return {k: dict(v) for k, v in ent.items()}
    return {k: (dict(v) if isinstance(v, Mapping) and "value" in v else {"value": v}) for k, v in res.items()}


def province_mismatches(recalled: Mapping[str, Mapping[str, Any]], code: int,
                        names: Iterable[str] = ()) -> dict[str, list[Any]]:
    """Chapters whose results were recorded for another province: entries with a ``province_code`` extra other
    than ``code``, or (when ``names`` is given, e.g. the province's Chinese and English names) a ``province`` extra
    not among ``names``. Returns ``{chapter: [the province codes/names found]}``; empty when all agree."""
    ok = {str(n) for n in names}
    out: dict[str, list[Any]] = {}
    for stem in recalled:
        bad: set[str] = set()
        for e in entries(recalled[stem]).values():
            c = e.get("province_code")
            if c is not None and int(c) != int(code):
                bad.add(str(c))
            p = e.get("province")
            if ok and isinstance(p, str) and p not in ok:
                bad.add(p)
        if bad:
            out[stem] = sorted(bad)
    return out


def _renumber(number: str, lang: str) -> str:
    """An exhibit number in the other language's form: 图5-1 <-> Figure 5.1, 表5-2 <-> Table 5.2."""
    m = re.match(r"^(图|表|Figure |Table )(\d+)[-.](\d+)$", number)
    if not m:
        return number
    fig = m.group(1) in ("图", "Figure ")
    if lang == "en":
        return f"{'Figure' if fig else 'Table'} {m.group(2)}.{m.group(3)}"
    return f"{'图' if fig else '表'}{m.group(2)}-{m.group(3)}"


def exhibit_index(manifests: Iterable[Mapping[str, Any]], lang: str = "zh") -> dict[tuple[str, str], dict[str, Any]]:
    """``(chapter, exhibit id) -> {"number", "anchor", "title", "low"}`` from the per-chapter exhibit manifests
    (``exhibits/<chapter>/manifest.json``); numbers in ``lang``'s form (图5-1 / Figure 5.1)."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    for man in manifests:
        for x in man.get("exhibits", []):
            out[(x["chapter"], x["id"])] = {"number": _renumber(str(x.get("number", "")), lang),
                                            "anchor": str(x.get("anchor", "")), "title": str(x.get("title", "")),
                                            "low": bool(x.get("low_confidence"))}
    return out


def read_manifests(build_dir: str | Path, chapters: Iterable[str] = CHAPTERS) -> list[dict[str, Any]]:
    """The exhibit manifests of ``chapters`` found under ``<build_dir>/exhibits/`` (absent ones are skipped)."""
    found = []
    for stem in chapters:
        path = Path(build_dir) / "exhibits" / stem / "manifest.json"
        if path.is_file():
            found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


@dataclass(frozen=True)
class Cite:
    """Where a statement's number comes from: ``chapter`` and ``key`` of the recorded result, the exhibit's
    printed ``label`` (表3-7 / Table 3.7; the chapter number alone when the exhibit is unknown) and ``anchor``,
    and ``grade``, the weakest confidence among the result's source rows (high/medium/low, "" if none given)."""
    chapter: str
    key: str
    label: str
    anchor: str
    grade: str

    @property
    def low(self) -> bool:
        return self.grade == "low"


@dataclass
class Stmt:
    """One statement of the conclusion: reader's ``text`` (no markup; ends with its full stop), the ``cites``
    behind it, the ``value`` it states as printed (with unit; "" for a purely qualitative statement) and the
    ``section`` (printed number, e.g. "7.1") it belongs to; ``rating``: the evidence rating shown with it (when
    not already in the text); ``head``: a run-in heading printed in bold before it."""
    text: str
    cites: tuple[Cite, ...] = ()
    value: str = ""
    section: str = ""
    rating: str = ""
    head: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def low(self) -> bool:
        return any(c.low for c in self.cites)


def weakest(grades: Iterable[str]) -> str:
    """The weakest of confidence grades (``low`` < ``medium`` < ``high``); "" when none is known."""
    known = [g for g in grades if g in GRADE_ORDER]
    return max(known, key=GRADE_ORDER.index) if known else ""


class Evidence:
    """The recorded results of chapters 1-6 as the conclusion reads them.

    ``recalled``: ``{chapter: recalled results}`` (from :func:`gather`); ``exhibits``: from :func:`exhibit_index`.
    Every lookup the conclusion makes is remembered in :attr:`used` (``{chapter: [keys]}``) so a test or the
    lead can list exactly which recorded keys the conclusion depends on."""

    def __init__(self, recalled: Mapping[str, Mapping[str, Any]],
                 exhibits: Mapping[tuple[str, str], Mapping[str, Any]] | None = None, lang: str = "zh"):
        self.lang = lang
        self._entries = {stem: entries(res) for stem, res in recalled.items()}
        self._exhibits = dict(exhibits or {})
        self.used: dict[str, list[str]] = {}

    def get(self, chapter: str, key: str) -> dict[str, Any] | None:
        """The full entry (``value`` plus extras) of ``key``, or ``None`` when the chapter did not record it."""
        e = self._entries.get(chapter, {}).get(key)
        if e is None:
            return None
        keys = self.used.setdefault(chapter, [])
        if key not in keys:
            keys.append(key)
        return e

    def value(self, chapter: str, key: str, default: Any = None) -> Any:
        e = self.get(chapter, key)
        return default if e is None or e.get("value") is None else e["value"]

    def keys(self, chapter: str, pattern: str) -> list[str]:
        """The recorded keys of ``chapter`` matching the regular expression ``pattern`` (in recorded order)."""
        rx = re.compile(pattern)
        return [k for k in self._entries.get(chapter, {}) if rx.fullmatch(k)]

    def cite(self, chapter: str, key: str) -> Cite | None:
        """The reference of a recorded result (``None`` when not recorded)."""
        e = self.get(chapter, key)
        if e is None:
            return None
        grade = weakest(str(s.get("confidence", "")).strip().lower() for s in e.get("sources") or []
                        if isinstance(s, Mapping))
        if e.get("doubted"):      # the recording chapter doubts the row: flagged like a low-confidence one
            grade = "low"
        ex = str(e.get("exhibit") or "")
        info = self._exhibits.get((chapter, ex)) if ex else None
        n = int(chapter.split("_", 1)[0])
        if info and info.get("number"):
            label, anchor = str(info["number"]), str(info.get("anchor", ""))
            if info.get("low") and grade != "low":
                grade = "low"     # the exhibit is flagged: the statement is flagged with it
        else:
            label, anchor = (f"第{n}章" if self.lang == "zh" else f"Chapter {n}"), ""
        return Cite(chapter, key, label, anchor, grade)

    def cites(self, *refs: tuple[str, str]) -> tuple[Cite, ...]:
        return tuple(c for c in (self.cite(ch, k) for ch, k in refs) if c is not None)

    def scan(self):
        """Every recorded entry as ``(chapter, key, entry)``, without marking it used."""
        for stem, ent in self._entries.items():
            for k, e in ent.items():
                yield stem, k, e

    def source_grades(self) -> dict[str, int]:
        """How many distinct sources (title, address, date) behind all recorded results have each confidence
        grade (``{"high": n, "medium": n, "low": n}``; the weakest grade a source is cited with counts)."""
        seen: dict[tuple, str] = {}
        for _, _, e in self.scan():
            for s in e.get("sources") or []:
                if isinstance(s, Mapping):
                    k = (s.get("title"), s.get("url"), s.get("date"))
                    g = str(s.get("confidence", "")).strip().lower()
                    seen[k] = weakest([seen.get(k, ""), g])
        out: dict[str, int] = {}
        for g in seen.values():
            if g:
                out[g] = out.get(g, 0) + 1
        return out
