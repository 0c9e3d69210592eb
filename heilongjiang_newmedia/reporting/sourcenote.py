"""Exhibit source notes: one line naming the publications behind the rows an exhibit shows, each with a citation
marker the build numbers in order of first citation (:mod:`.citations`), like the text's ``[@ref]`` citations.

``source_note(sources, lang, note=None)`` -> HTML under an exhibit; ``OWN`` marks an exhibit compiled for this study.
The pages the figures were read on (reprints, mirrors, repository copies) are not shown to the reader: they are
listed in REPLICATION.md and ``exhibits/sources_read.csv``.
"""
from __future__ import annotations

import html
from typing import Any

__all__ = ["OWN", "MAX_NOTE_ITEMS", "source_note", "default_sources", "norm_source", "is_low", "note_keys"]


def default_sources(data) -> list[dict[str, Any]]:
    if data is None:
        return []
    try:
        from heilongjiang_newmedia.loading.datasets import citations
    except ImportError:  # datasets module without citations(): the loaded table's attrs
        return list(getattr(data, "attrs", {}).get("sources", []))
    return list(citations(data))


def norm_source(s: Any) -> dict[str, Any]:
    if isinstance(s, str):
        return {"title": s, "url": "", "date": "", "confidence": "", "rows": None}
    s = dict(s)
    out = {"title": str(s.get("title") or ""), "url": str(s.get("url") or ""), "date": str(s.get("date") or ""),
           "confidence": str(s.get("confidence") or ""), "rows": s.get("rows")}
    if s.get("as_of"):
        out["as_of"] = str(s["as_of"])
    return out


def is_low(s: dict) -> bool:
    return str(s.get("confidence", "")).strip().lower() == "low"


OWN = "own"  # ``sources=OWN``: an exhibit compiled for this study (a classification, no cited figures)
MAX_NOTE_ITEMS = 4  # publications named in one source note; more are counted ("等12种资料")


def is_own(s: dict) -> bool:
    """A source that is no publication: no address and unknown to the publications mapping (the book's own
    classification, the researcher's own file) -- printed as "本研究整理", never cited as a work (N11)."""
    from heilongjiang_newmedia.reporting.publications import keys_of

    return not str(s.get("url") or "").strip() and all(k.startswith("web-") for k in keys_of(s))


def note_keys(sources: list[dict]) -> tuple[list[str], set[str]]:
    """The publication keys of an exhibit's sources in order of first appearance (own sources left out, see
    :func:`is_own`), and those resting on a low-confidence row of the exhibit's own data."""
    from heilongjiang_newmedia.reporting.publications import keys_of

    keys: list[str] = []
    low: set[str] = set()
    for s in sources:
        if is_own(s):
            continue
        for k in keys_of(s):
            if k not in keys:
                keys.append(k)
            if is_low(s):
                low.add(k)
    return keys, low


def _publications(sources: list[dict], keys: list[str]):
    from heilongjiang_newmedia.reporting.publications import catalogue, page_publication

    pubs = catalogue()
    own = {page_publication(s).key: page_publication(s) for s in sources}
    return [pubs.get(k) or own[k] for k in keys]


def marker(keys: list[str]) -> str:
    """The citation marker of ``keys`` (the text layer's form; the build replaces its text by the numbers)."""
    from heilongjiang_newmedia.text.passages import cite_marker

    return cite_marker(keys)


def source_note(sources: list[dict] | str, lang: str, note: str | None = None) -> str:
    """HTML of the source note under an exhibit, in the report language.

    One line naming each publication once (issues of a series together) with its citation marker:
    "资料来源：中国互联网络信息中心《中国互联网络发展状况统计报告》第33—45次[1-5]；国家统计局《第七次全国人口普查公报》[6]。";
    a star and one caution only when a row of the exhibit's own data is of low confidence; the exhibit's note."""
    from heilongjiang_newmedia.reporting.references import short_groups

    e = html.escape
    zh = lang == "zh"
    if isinstance(sources, str) and sources == OWN:
        text = "资料来源：本研究整理。" if zh else "Source: compiled for this study."
        extra = f'<p class="source-note exhibit-note">{"说明：" if zh else "Note: "}{e(note)}</p>' if note else ""
        return f'<p class="source-note">{text}</p>' + extra
    sources = [norm_source(s) for s in sources]
    if sources and all(is_own(s) for s in sources):
        return source_note(OWN, lang, note)
    keys, low = note_keys(sources)
    groups = short_groups(_publications(sources, keys), lang)
    shown = groups if len(groups) <= MAX_NOTE_ITEMS else groups[:MAX_NOTE_ITEMS - 1]
    gap = "" if zh else " "  # zh: superscript numbers right after the name; en: "Name [3]"
    items = [e(name) + ("*" if low & set(ks) else "") + gap + marker(ks) for name, ks in shown]
    if any(is_own(s) for s in sources):
        items.append("本研究整理" if zh else "compiled for this study")
    if len(shown) < len(groups):
        rest = [k for _, ks in groups[len(shown):] for k in ks]
        more = f"等{len(groups)}种资料" if zh else f" and {len(groups) - len(shown)} more"
        items[-1] += more + ("*" if low & set(rest) else "") + gap + marker(rest)
    if not groups:
        text = "资料来源：未注明。" if zh else "Source: not stated."
    elif zh:
        text = "资料来源：" + "；".join(items) + "。"
    else:
        text = ("Sources: " if len(groups) > 1 else "Source: ") + "; ".join(items) + "."
    parts = [text]
    if low:
        parts.append("注：标*的资料中，本图表所用的部分数据只见于未能与原始出处逐项核对的页面（可信度低），请谨慎解读。" if zh
                     else "Note: some figures of this exhibit from sources marked * were read only on pages that could "
                          "not be checked item by item against the original (low confidence); interpret with caution.")
    if note:
        parts.append(("说明：" if zh else "Note: ") + e(note))
    # the first paragraph cites; the caution and the exhibit's note are the report's own words (exhibit-note)
    return "".join(f'<p class="source-note{" exhibit-note" if i else ""}">{p}</p>' for i, p in enumerate(parts))
