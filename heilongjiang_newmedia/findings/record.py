"""What a chapter found, recorded once: a typed record of verdicts, ranks, counts, orders and targets.

Each chapter's analyses produce a :class:`Findings` record (one :class:`Finding` per key, each with the exhibits it
rests on). The chapter's own text, later chapters, the executive summary, the traceability table and the change
report all print a finding from this record by name, never from a computation of their own.

Keys are dotted names inside the chapter's namespace (``P2.verdict``, ``capability.rank``); the chapter's short
name is the namespace (``problems.P2.verdict``). A chapter declares its keys in ``chapters/<name>/findings.yaml``
(key or ``*`` pattern -> kind, unit, definition); :meth:`Findings.check` compares a record with that declaration.

A build writes ``<reports>/findings/<chapter stem>.json`` (sorted keys, UTF-8, atomic): see :mod:`.store`.
"""
from __future__ import annotations

import fnmatch
import math
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["KINDS", "ExhibitRef", "Finding", "Findings", "FindingsError", "jsonable"]

#: What a finding is; the kind decides how the change report and the traceability table print it.
#: verdict = a code of the evidence scale (text/scale.yaml); outcome = an audit outcome code (same file);
#: rank = a competition rank (1 + number ranked higher; ``detail.of`` = how many were ranked);
#: count = a whole number of things (unit says of what); value = a measured number (unit says which);
#: share = a percentage 0-100; order = a list of codes in priority order; target = a number to reach by a year
#: (``detail.year``); list = an unordered list of codes or names; code = one categorical code (e.g. a direction).
KINDS = ("verdict", "outcome", "rank", "count", "value", "share", "order", "target", "list", "code")


class FindingsError(ValueError):
    """A findings record that does not match its chapter's declaration, or a malformed finding."""


@dataclass(frozen=True)
class ExhibitRef:
    """An exhibit of a chapter: ``chapter`` stem, ``id``, ``kind`` (table/figure) and its number ``n`` in the chapter."""

    chapter: str
    id: str
    kind: str = ""
    n: int = 0

    @property
    def chapter_number(self) -> int:
        return int(self.chapter.split("_", 1)[0])

    def to_json(self) -> dict[str, Any]:
        return {"chapter": self.chapter, "id": self.id, "kind": self.kind, "n": self.n}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "ExhibitRef":
        return cls(str(d["chapter"]), str(d["id"]), str(d.get("kind", "")), int(d.get("n", 0)))


def jsonable(value: Any) -> Any:
    """numpy / pandas scalars and containers -> plain JSON types (NaN -> None)."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, (set, frozenset)) else items
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):
        try:
            value = value.item()
        except (ValueError, TypeError):
            pass
    if hasattr(value, "tolist") and not isinstance(value, (str, bytes)):
        return jsonable(value.tolist())
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise FindingsError(f"a finding value must be a number, text, list or mapping, not {type(value).__name__}")


@dataclass(frozen=True)
class Finding:
    """One finding: ``key`` (dotted, inside the chapter), ``kind`` (:data:`KINDS`), ``value`` (plain JSON value),
    ``unit`` (what a number counts or measures), ``exhibits`` it rests on, ``low_confidence`` when a shown figure
    rests on a low-confidence row, and ``detail`` (kind-specific extras: ``of`` for a rank, ``year`` for a target)."""

    key: str
    kind: str
    value: Any
    unit: str = ""
    exhibits: tuple[ExhibitRef, ...] = ()
    low_confidence: bool = False
    detail: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise FindingsError(f"finding {self.key!r}: kind must be one of {', '.join(KINDS)}, not {self.kind!r}")
        if not self.key or any(not part.replace("_", "").replace("-", "").isalnum() for part in self.key.split(".")):
            raise FindingsError(f"finding key must be dotted words (letters, digits, '_', '-'), not {self.key!r}")
        object.__setattr__(self, "value", jsonable(self.value))
        object.__setattr__(self, "detail", jsonable(dict(self.detail)))
        object.__setattr__(self, "exhibits", tuple(self.exhibits))

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "value": self.value}
        if self.unit:
            out["unit"] = self.unit
        if self.exhibits:
            out["exhibits"] = [x.to_json() for x in self.exhibits]
        if self.low_confidence:
            out["low_confidence"] = True
        if self.detail:
            out["detail"] = dict(self.detail)
        return out

    @classmethod
    def from_json(cls, key: str, d: Mapping[str, Any]) -> "Finding":
        return cls(key=key, kind=str(d["kind"]), value=d.get("value"), unit=str(d.get("unit", "")),
                   exhibits=tuple(ExhibitRef.from_json(x) for x in d.get("exhibits", [])),
                   low_confidence=bool(d.get("low_confidence", False)), detail=dict(d.get("detail", {})))


class Findings(Mapping[str, Finding]):
    """The findings record of one chapter: ``chapter`` (stem, e.g. ``04_problems``), ``namespace`` (its short name,
    e.g. ``problems``), ``context`` (the study context it was computed for, plain JSON) and the findings by key."""

    def __init__(self, chapter: str, namespace: str, context: Mapping[str, Any] | None = None,
                 findings: Iterable[Finding] = ()):
        self.chapter = chapter
        self.namespace = namespace
        self.context = jsonable(dict(context or {}))
        self._items: dict[str, Finding] = {}
        for f in findings:
            self.add(f)

    # -- mapping ---------------------------------------------------------------------------------------------------
    def __getitem__(self, key: str) -> Finding:
        try:
            return self._items[key]
        except KeyError:
            raise KeyError(f"{self.namespace}: no finding {key!r} (recorded: {', '.join(sorted(self._items)) or 'none'})") \
                from None

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:
        return f"Findings({self.chapter!r}, {len(self)} findings)"

    # -- building --------------------------------------------------------------------------------------------------
    def add(self, finding: Finding) -> Finding:
        """Add one finding; a key recorded twice, or a key that is also the prefix of another, is an error."""
        key = finding.key
        if key in self._items:
            raise FindingsError(f"{self.namespace}: finding {key!r} recorded twice")
        for other in self._items:
            if other.startswith(key + ".") or key.startswith(other + "."):
                raise FindingsError(f"{self.namespace}: finding {key!r} and {other!r} cannot both exist "
                                    "(one is inside the other)")
        self._items[key] = finding
        return finding

    def put(self, key: str, kind: str, value: Any, *, unit: str = "", exhibits: Iterable[ExhibitRef] = (),
            low_confidence: bool = False, **detail: Any) -> Finding:
        """Shorthand for ``add(Finding(...))``; keyword extras go to ``detail``."""
        return self.add(Finding(key, kind, value, unit=unit, exhibits=tuple(exhibits),
                                low_confidence=low_confidence, detail=detail))

    # -- reading ---------------------------------------------------------------------------------------------------
    def value(self, key: str) -> Any:
        return self[key].value

    def tree(self) -> dict[str, Any]:
        """The values as nested mappings, for text templates: ``P2.verdict`` -> ``{"P2": {"verdict": ...}}``."""
        out: dict[str, Any] = {}
        for key in sorted(self._items):
            node = out
            *head, last = key.split(".")
            for part in head:
                node = node.setdefault(part, {})
            node[last] = self._items[key].value
        return out

    # -- declaration -----------------------------------------------------------------------------------------------
    def check(self, declared: Mapping[str, Mapping[str, Any]]) -> None:
        """Every recorded key matches a declared key or ``*`` pattern of the same kind, and every declared key that is
        not a pattern and not ``optional`` is recorded. Raises :class:`FindingsError` listing every mismatch."""
        problems: list[str] = []
        for key, f in self._items.items():
            spec = next((declared[p] for p in declared if p == key), None)
            if spec is None:
                spec = next((declared[p] for p in declared if "*" in p and fnmatch.fnmatchcase(key, p)), None)
            if spec is None:
                problems.append(f"{key!r} is not declared")
            elif spec.get("kind") != f.kind:
                problems.append(f"{key!r} is declared as {spec.get('kind')!r} but recorded as {f.kind!r}")
        for key, spec in declared.items():
            if "*" not in key and not spec.get("optional") and key not in self._items:
                problems.append(f"{key!r} is declared but not recorded")
        if problems:
            raise FindingsError(f"findings of {self.chapter} do not match findings.yaml: " + "; ".join(problems))

    # -- JSON ------------------------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {"chapter": self.chapter, "namespace": self.namespace, "context": self.context,
                "findings": {k: self._items[k].to_json() for k in sorted(self._items)}}

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> "Findings":
        return cls(str(d["chapter"]), str(d["namespace"]), d.get("context", {}),
                   (Finding.from_json(k, v) for k, v in (d.get("findings") or {}).items()))
