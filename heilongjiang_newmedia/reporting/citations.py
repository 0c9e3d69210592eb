"""Citation numbers in order of first citation across the book (GB/T 7714 顺序编码制).

Chapters cite with markers ``<cite class="ref" data-refs="P01 cnnic-44">…</cite>``: the text's ``[@ref_id]`` (text
layer) and the exhibit source notes (:mod:`.sourcenote`). The build reads each executed chapter's markers in
reading order (:func:`notebook_keys`), numbers the keys over the chapters in book order (:func:`numbering`: first
citation in chapter 1 is [1], a key keeps its number wherever it is cited again) and writes the numbers into the
chapter's HTML before the PDF is laid out (:func:`apply_numbers`: ``<sup>[1,3-5]</sup>`` in zh, ``[1, 3–5]`` in en).
The book's reference list uses the same numbering, so chapter PDFs and the book agree. Pure functions.
"""
from __future__ import annotations

import html
import re
from typing import Any, Iterable

__all__ = ["MARKER_RE", "keys_in", "notebook_keys", "numbering", "chapter_numbers", "format_numbers",
           "rename_keys", "apply_numbers"]

MARKER_RE = re.compile(r'<cite class="ref" data-refs="([^"]*)">(.*?)</cite>', re.S)
_MIME_ORDER = ("text/html", "text/markdown", "text/plain")  # what the chapter page shows of an output


def keys_in(text: str) -> list[str]:
    """The cited keys of an HTML/Markdown text in reading order (repeats kept)."""
    return [k for m in MARKER_RE.finditer(text) for k in html.unescape(m.group(1)).split()]


def _distinct(keys: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for k in keys:
        seen.setdefault(k, None)
    return list(seen)


def notebook_keys(nb: dict[str, Any], lang: str) -> list[str]:
    """The distinct keys an executed notebook cites, in the order its page shows them: cells in order (the other
    language's cells and removed cells skipped, as the page does), each output's shown representation."""
    other = "lang-en" if lang == "zh" else "lang-zh"
    keys: list[str] = []
    for cell in nb.get("cells", []):
        tags = set((cell.get("metadata") or {}).get("tags") or [])
        if other in tags or tags & {"remove-cell", "remove_cell", "injected-parameters", "parameters"}:
            continue
        if cell.get("cell_type") == "markdown":
            src = cell.get("source", "")
            keys += keys_in("".join(src) if isinstance(src, list) else src)
            continue
        for out in cell.get("outputs") or []:
            data = out.get("data") or {}
            for mime in _MIME_ORDER:
                if mime in data:
                    v = data[mime]
                    keys += keys_in("".join(v) if isinstance(v, list) else str(v))
                    break
    return _distinct(keys)


def numbering(chapters: Iterable[Iterable[str]]) -> dict[str, int]:
    """``{key: number}``: 1..n over the chapters' keys in book order, each key numbered at its first citation."""
    out: dict[str, int] = {}
    for keys in chapters:
        for k in keys:
            if k not in out:
                out[k] = len(out) + 1
    return out


def chapter_numbers(prior: Iterable[Iterable[str]], own: Iterable[str]) -> dict[str, int]:
    """The numbers of one chapter's keys, given the keys of the chapters before it (in book order)."""
    own = list(own)
    nums = numbering([*prior, own])
    return {k: nums[k] for k in own}


def format_numbers(numbers: Iterable[int], lang: str) -> str:
    """``[1,3-5]`` (zh, GB/T: three or more consecutive numbers as a range) / ``[1, 3–5]`` (en)."""
    xs = sorted(set(numbers))
    runs: list[list[int]] = []
    for x in xs:
        if runs and x == runs[-1][-1] + 1:
            runs[-1].append(x)
        else:
            runs.append([x])
    dash, sep = ("-", ",") if lang == "zh" else ("–", ", ")
    parts = []
    for r in runs:
        if len(r) >= 3:
            parts.append(f"{r[0]}{dash}{r[-1]}")
        else:
            parts += [str(x) for x in r]
    return "[" + sep.join(parts) + "]"


def rename_keys(page: str, rename) -> str:
    """``page`` with each marker's keys passed through ``rename`` (a key as cited: an alias to its canonical key)."""
    def repl(m: re.Match) -> str:
        keys = " ".join(rename(k) for k in html.unescape(m.group(1)).split())
        return f'<cite class="ref" data-refs="{html.escape(keys, quote=True)}">{m.group(2)}</cite>'

    return MARKER_RE.sub(repl, page)


def apply_numbers(page: str, numbers: dict[str, int], lang: str) -> str:
    """``page`` with each marker's text replaced by its numbers (zh superscript); raises ``KeyError`` naming the keys
    that have no number (a citation of a work the reference list cannot hold)."""
    missing = sorted({k for k in keys_in(page) if k not in numbers})
    if missing:
        raise KeyError(f"cited but not numbered: {', '.join(missing)}")

    def repl(m: re.Match) -> str:
        keys = html.unescape(m.group(1)).split()
        text = format_numbers([numbers[k] for k in keys], lang)
        shown = f"<sup>{text}</sup>" if lang == "zh" else text
        return f'<cite class="ref" data-refs="{m.group(1)}">{shown}</cite>'

    return MARKER_RE.sub(repl, page)
