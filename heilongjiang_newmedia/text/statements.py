"""One sentence per recorded finding, from the owning chapter's text file — for the traceability table and the change
report, so that a finding is worded in one place.

A chapter declares its findings in ``chapters/<name>/findings.yaml``::

    P2.verdict: {kind: verdict, about: "evidence verdict on problem P2 (scale codes of text/scale.yaml)"}
    practices.*.n: {kind: count, unit: practices, about: "documented practices of one benchmark region"}

and words each of them in its text files as passage ``finding.<declared key>``::

    <!-- passage: finding.P2.verdict -->
    “政务新媒体平台发展相对落后”：{{ value | verdict }}

The passage sees ``value`` (the finding's value), ``finding`` (the whole :class:`Finding`), ``parts`` (the parts of
the key that a ``*`` matched) and every record given, by namespace.
"""
from __future__ import annotations

import fnmatch
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.findings import Findings
from heilongjiang_newmedia.text import CHAPTERS_DIR, chapter_text, render
from heilongjiang_newmedia.text.markdown import Markdown

__all__ = ["declared_findings", "declared_key", "finding_statement"]


@lru_cache(maxsize=16)
def _declared(path: str, mtime_ns: int) -> dict[str, dict[str, Any]]:
    data = read_yaml(Path(path)) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of finding keys to their declaration")
    return {str(k): dict(v or {}) for k, v in data.items()}


def declared_findings(namespace: str) -> dict[str, dict[str, Any]]:
    """The declaration of chapter ``namespace``'s findings (``chapters/<namespace>/findings.yaml``)."""
    path = CHAPTERS_DIR / namespace / "findings.yaml"
    if not path.is_file():
        raise FileNotFoundError(f"chapter {namespace!r} declares no findings ({path} is missing)")
    return _declared(str(path), path.stat().st_mtime_ns)


def declared_key(namespace: str, key: str) -> tuple[str, list[str]]:
    """The declared key or pattern that ``key`` falls under, and the parts a ``*`` matched."""
    declared = declared_findings(namespace)
    if key in declared:
        return key, []
    for pattern in declared:
        if "*" in pattern and fnmatch.fnmatchcase(key, pattern):
            parts = [k for k, p in zip(key.split("."), pattern.split(".")) if p == "*"]
            return pattern, parts
    raise KeyError(f"{namespace}: finding {key!r} is not declared in findings.yaml")


def finding_statement(record: Findings, key: str, lang: str,
                      records: Mapping[str, Findings] | None = None, **context: Any) -> Markdown:
    """The sentence that states finding ``key`` of ``record`` in ``lang`` (passage ``finding.<declared key>``)."""
    pattern, parts = declared_key(record.namespace, key)
    finding = record[key]
    all_records = {record.namespace: record, **(records or {})}
    values: dict[str, Any] = {ns: r.tree() for ns, r in all_records.items()}
    values.update({"_findings": all_records, "value": finding.value, "finding": finding, "parts": parts, "lang": lang})
    values.update(context)
    return render(chapter_text(record.namespace, lang), f"finding.{pattern}", values)
