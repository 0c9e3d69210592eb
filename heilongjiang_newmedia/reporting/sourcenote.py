"""Exhibit source notes: one line naming each publication behind the rows an exhibit shows, with its reference number.

``source_note(sources, lang, note=None)`` -> HTML under an exhibit; ``OWN`` marks an exhibit compiled for this study.
"""
from __future__ import annotations

import html
from typing import Any

__all__ = ["OWN", "MAX_NOTE_ITEMS", "source_note", "default_sources", "norm_source", "is_low"]


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
    return {"title": str(s.get("title") or ""), "url": str(s.get("url") or ""), "date": str(s.get("date") or ""),
            "confidence": str(s.get("confidence") or ""), "rows": s.get("rows")}


def is_low(s: dict) -> bool:
    return str(s.get("confidence", "")).strip().lower() == "low"


OWN = "own"  # ``sources=OWN``: an exhibit compiled for this study (a classification, no cited figures)
MAX_NOTE_ITEMS = 4  # publications named in one source note; more are counted ("等12种资料")


def source_note(sources: list[dict], lang: str, note: str | None = None) -> str:
    """HTML of the source note under an exhibit, in the report language.

    One line naming each publication once (publisher, title, issues, year; see :mod:`.references`) with its
    number in the book's appendix ("资料来源：CNNIC第33—55次《中国互联网络发展状况统计报告》（2014—2025年），详见附录[1]。"),
    a caution when some rows are of low confidence, the exhibit's own note, and, on screen only, the list of the
    pages the rows were read on (``class="screen-only"``: the printed report does not repeat the appendix)."""
    from heilongjiang_newmedia.text.wording import confidence as conf_word
    from heilongjiang_newmedia.reporting.references import group_sources, short_citation

    e = html.escape
    zh = lang == "zh"
    if sources == OWN:
        text = "资料来源：本研究整理。" if zh else "Source: compiled for this study."
        extra = f'<p class="source-note exhibit-note">{"说明：" if zh else "Note: "}{e(note)}</p>' if note else ""
        return f'<p class="source-note">{text}</p>' + extra
    groups = group_sources(sources)
    shown = groups if len(groups) <= MAX_NOTE_ITEMS else groups[:MAX_NOTE_ITEMS - 1]
    items = [e(short_citation(g, lang)) + ("*" if g["low"] else "") for g in shown]
    numbers = "".join(f"[{g['number']}]" for g in shown if g["number"])
    if len(shown) < len(groups):
        items[-1] += (f"等{len(groups)}种资料" if zh else f" and {len(groups) - len(shown)} more")
    if not groups:
        text = "资料来源：未注明。" if zh else "Source: not stated."
    elif zh:
        text = "资料来源：" + "；".join(items) + (f"，详见附录{numbers}" if numbers else "") + "。"
    else:
        numbers = ", ".join(f"[{g['number']}]" for g in shown if g["number"])
        text = (("Sources: " if len(groups) > 1 else "Source: ") + "; ".join(items)
                + (f"; see Appendix {numbers}" if numbers else "") + ".")
    parts = [text]
    if any(g["low"] for g in groups):
        parts.append("注：标*的资料中，部分数据只见于未能与原始出处逐项核对的转载页面（可信度低），请谨慎解读。" if zh else
                     "Note: some figures from sources marked * were read only on reprints that could not be checked "
                     "item by item against the original (low confidence); interpret with caution.")
    if note:
        parts.append(("说明：" if zh else "Note: ") + e(note))
    # the first paragraph cites; the caution and the exhibit's note are the report's own words (exhibit-note)
    out = "".join(f'<p class="source-note{" exhibit-note" if i else ""}">{p}</p>' for i, p in enumerate(parts))
    pages = []
    for g in groups:
        for pg in g["pages"]:
            t = e(pg["title"] or pg["url"] or "?")
            if pg["url"].startswith(("http://", "https://")):
                t = f'<a href="{e(pg["url"], quote=True)}">{t}</a>'
            bits = [e(pg["date"])] if pg["date"] else []
            if pg["confidence"]:
                bits.append(("可信度：" if zh else "confidence: ") + e(conf_word(pg["confidence"], lang)))
            ref = f"[{g['number']}] " if g["number"] else ""
            pages.append(f"<li>{ref}{t}" + (("（" + "，".join(bits) + "）") if zh and bits else
                                           (" (" + ", ".join(bits) + ")") if bits else "") + "</li>")
    if pages:
        out += (f'<details class="source-pages screen-only"><summary>{"所引网页" if zh else "Pages read"}'
                f'（{len(pages)}）</summary><ol>{"".join(pages)}</ol></details>' if zh else
                f'<details class="source-pages screen-only"><summary>Pages read ({len(pages)})</summary>'
                f'<ol>{"".join(pages)}</ol></details>')
    return out
