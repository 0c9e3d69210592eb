"""The book's reference list (参考文献 / References) and the table of the copies read for each exhibit.

The list holds every work the chapters cite -- the text's ``[@ref_id]`` and the publications named in the exhibit
source notes -- numbered in order of first citation across the book (:mod:`.citations`), each entry in GB/T 7714
(zh) or the English style (en) with its type code (:mod:`.references`). It shows no address, host or file name of
the pages read: those are in :func:`copies_read` (REPLICATION.md and ``exhibits/sources_read.csv``).
"""
from __future__ import annotations

import html
from typing import Any

from heilongjiang_newmedia.reporting.citations import numbering
from heilongjiang_newmedia.reporting.publications import Publication, catalogue, is_official, keys_of, page_publication
from heilongjiang_newmedia.reporting.references import entry

__all__ = ["book_numbering", "resolve", "reference_list_html", "copies_read", "REFERENCES_ID"]

REFERENCES_ID = "references"


def book_numbering(records: dict[str, dict], stems: list[str]) -> dict[str, int]:
    """``{key: number}`` over the chapters ``stems`` (book order) from their build records; raises ``ValueError``
    when a chapter was rendered with other numbers (its page would not match the list)."""
    nums = numbering([(records.get(s) or {}).get("citations") or [] for s in stems])
    for s in stems:
        used = (records.get(s) or {}).get("cite_numbers") or {}
        wrong = sorted(k for k, n in used.items() if nums.get(k) != n)
        if wrong:
            raise ValueError(f"chapter {s} was rendered with other citation numbers ({', '.join(wrong[:5])}); "
                             "build it again")
    return nums


def resolve(keys: list[str], manifests: list[dict]) -> dict[str, Publication]:
    """The publication of each key: the curated catalogue, else a page an exhibit cites (its own publication);
    raises ``KeyError`` naming the keys that are neither (a ``[@ref]`` not in references.csv)."""
    pubs = catalogue()
    pages = {page_publication(s).key: page_publication(s) for m in manifests for x in m.get("exhibits", [])
             for s in x.get("sources", []) if str(s.get("url") or "").strip()}
    missing = [k for k in keys if k not in pubs and k not in pages]
    if missing:
        raise KeyError(f"cited works not in references.csv nor in the publications mapping: {', '.join(missing)}")
    return {k: pubs.get(k) or pages[k] for k in keys}


def reference_list_html(numbers: dict[str, int], pubs: dict[str, Publication], lang: str, title: str) -> str:
    """The reference list as a part of the book (``<section id="references">``), entries in number order."""
    e = html.escape
    items = "".join(f'<li class="ref" id="ref-{n}"><span class="ref-number">[{n}]</span> {e(entry(pubs[k], lang))}</li>'
                    for k, n in sorted(numbers.items(), key=lambda kv: kv[1]))
    return (f'<section class="book-part" id="{REFERENCES_ID}" data-title="{e(title)}"><h1>{e(title)}</h1>'
            f'<ol class="ref-list">{items}</ol></section>')


def copies_read(manifests: list[dict], numbers: dict[str, int]) -> list[dict[str, Any]]:
    """One row per exhibit, publication and page read: ``exhibit``, ``chapter``, ``number`` (reference number),
    ``key``, ``page_title``, ``url``, ``date``, ``confidence``, ``official`` (the page is on the publisher's own or a
    government site) and ``only_copies`` (no page read for that publication in that exhibit is official)."""
    rows = []
    for m in manifests:
        for x in m.get("exhibits", []):
            per_key: dict[str, list[dict]] = {}
            for s in x.get("sources", []):
                for k in keys_of(s):
                    per_key.setdefault(k, []).append(s)
            for k, pages in per_key.items():
                only_copies = not any(is_official(p.get("url", "")) for p in pages)
                for p in pages:
                    rows.append({"exhibit": x.get("number", ""), "chapter": x.get("chapter", ""),
                                 "number": numbers.get(k), "key": k, "page_title": p.get("title", ""),
                                 "url": p.get("url", ""), "date": p.get("date", ""),
                                 "confidence": p.get("confidence", ""), "official": is_official(p.get("url", "")),
                                 "only_copies": only_copies})
    return rows
