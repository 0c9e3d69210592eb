"""book.html and book.pdf: cover, table of contents, all chapters in order, appendix of the cited data sources.

Nothing in the book depends on the clock: the date shown is the data vintage (latest date of a cited source).
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.reporting.render import chapter_body, css_text

e = html.escape


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return "[" + "; ".join(", ".join(f"{x:g}" for x in row) for row in value) + "]"
        return "、".join(map(str, value))
    return str(value)


def _params_table(records: dict[str, dict], lang: str) -> str:
    values: dict[str, dict[str, list[str]]] = {}
    for stem, rec in records.items():
        for name, value in (rec.get("params") or {}).items():
            values.setdefault(name, {}).setdefault(_fmt(value), []).append(stem.split("_", 1)[0])
    rows = []
    for name in sorted(values):
        shown = values[name]
        text = next(iter(shown)) if len(shown) == 1 else "; ".join(f"{v} ({', '.join(c)})" for v, c in shown.items())
        rows.append(f"<tr><th>{e(name)}</th><td>{e(text)}</td></tr>")
    head = "参数" if lang == "zh" else "Parameters"
    return f'<table class="cover-params"><caption>{head}</caption>{"".join(rows)}</table>'


def sources_index(manifests: list[dict]) -> list[dict[str, Any]]:
    """Distinct sources cited by exhibits with the exhibits citing them (deterministic order)."""
    index: dict[tuple, dict] = {}
    for m in manifests:
        for x in m.get("exhibits", []):
            for s in x.get("sources", []):
                k = (s.get("title", ""), s.get("url", ""), s.get("date", ""))
                entry = index.setdefault(k, {"title": k[0], "url": k[1], "date": k[2], "confidence": set(),
                                             "exhibits": []})
                if s.get("confidence"):
                    entry["confidence"].add(s["confidence"])
                entry["exhibits"].append({"number": x["number"], "chapter": x["chapter"], "anchor": x.get("anchor"),
                                          "id": x["id"]})
    out = []
    for k in sorted(index, key=lambda k: (k[0], k[1], k[2])):
        entry = index[k]
        entry["confidence"] = "/".join(sorted(entry["confidence"]))
        out.append(entry)
    return out


def book_parts(out: Path, specs, manifests: list[dict], records: dict[str, dict]) -> dict[str, Any]:
    """The book's pieces: ``head``, ``cover``, ``toc(pages)``, ``bodies``, ``appendix`` (HTML strings)."""
    from heilongjiang_newmedia.reporting.provenance import data_vintage

    langs = [r.get("params", {}).get("lang", "zh") for r in records.values()]
    lang = max(set(langs), key=langs.count) if langs else "zh"
    zh = lang == "zh"
    date = data_vintage(manifests)
    province = next((r["params"]["province"] for r in records.values() if r.get("params", {}).get("province")), None)
    prov_zh, prov_en = province or "黑龙江", "Heilongjiang"
    try:
        from heilongjiang_newmedia.loading.regions import resolve_province

        p = resolve_province(prov_zh)
        prov_zh, prov_en = p.zh_full, p.en
    except Exception:
        pass
    title = f"{prov_zh}政务新媒体发展研究" if zh else f"Government new media in {prov_en}"
    subtitle = "基于公开数据的可复现分析" if zh else "Reproducible analyses on cited public data"
    bodies, toc = [], []
    for spec in specs:
        page = (out / "html" / f"{spec.stem}.html").read_text(encoding="utf-8")
        bodies.append(chapter_body(page))
        ctitle = spec.title(lang)
        label = f"第{spec.number}章　{ctitle}" if zh else f"Chapter {spec.number}  {ctitle}"
        toc.append((spec.stem, label))
    app_title = "附录　数据来源" if zh else "Appendix: data sources"
    toc.append((None, app_title))
    items = []
    for s in sources_index(manifests):
        t = e(s["title"] or s["url"])
        if s["url"].startswith(("http://", "https://")):
            t = f'<a href="{e(s["url"], quote=True)}">{t}</a>'
        cited = "、".join(e(x["number"]) for x in s["exhibits"]) if zh else ", ".join(e(x["number"]) for x in s["exhibits"])
        conf = f'{"可信度" if zh else "confidence"}: {e(s["confidence"])}' if s["confidence"] else ""
        date_s = e(s["date"])
        url_s = f'<br><span class="muted">{e(s["url"])}</span>' if s["url"] else ""
        items.append(f"<li>{t}（{date_s}）{url_s}<br><span class='muted'>{conf}；"
                     f"{'引用于' if zh else 'cited by'} {cited}</span></li>" if zh else
                     f"<li>{t} ({date_s}){url_s}<br><span class='muted'>{conf}; cited by {cited}</span></li>")
    cover = (f'<section class="book-cover"><h1>{e(title)}</h1><p class="subtitle">{e(subtitle)}</p>'
             f'<p>{"焦点省份" if zh else "Focus province"}：{e(prov_zh if zh else prov_en)}</p>'
             f'<p>{"数据截至" if zh else "Data as of"}：{e(date)}</p>'
             f'{_params_table(records, lang)}</section>')
    appendix = (f'<section class="book-part" id="appendix-sources" data-title="{e(app_title)}"><h1>{e(app_title)}</h1>'
                f'<ol class="source-list">{"".join(items)}</ol></section>')
    head = (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{e(title)}</title>\n<meta name="dcterms.created" content="{date}">\n'
            f'<meta name="dcterms.modified" content="{date}">\n<style>\n{css_text()}\n</style>\n</head>\n<body>\n')
    return {"head": head, "cover": cover, "toc_entries": toc, "zh": zh, "bodies": bodies, "appendix": appendix}


def toc_section(entries: list, zh: bool, pages: dict[str, int] | None = None) -> str:
    """The book's contents; with ``pages`` (chapter stem, or ``None`` for the appendix -> first page), each link
    carries the page where its part starts (``data-page``)."""
    items = []
    for stem, label in entries:
        href = f"chapter-{stem}" if stem else "appendix-sources"
        page = f' data-page="{(pages or {}).get(stem, "")}"' if pages is not None else ""  # stem None: appendix
        items.append(f'<li><a href="#{e(href)}"{page}>{e(label)}</a></li>')
    return (f'<section class="book-part book-toc" data-title="{"目录" if zh else "Contents"}">'
            f'<h1>{"目录" if zh else "Contents"}</h1><nav class="toc"><ol>{"".join(items)}</ol></nav></section>')


def front_html(parts: dict[str, Any], pages: dict[str, int]) -> str:
    """Cover and contents as a document of their own (the book PDF's first pages)."""
    return parts["head"] + f"{parts['cover']}\n{toc_section(parts['toc_entries'], parts['zh'], pages)}\n</body>\n</html>\n"


def back_html(parts: dict[str, Any]) -> str:
    return parts["head"] + parts["appendix"] + "\n</body>\n</html>\n"


def book_html(out: Path, specs, manifests: list[dict], records: dict[str, dict]) -> str:
    return book_html_from(book_parts(out, specs, manifests, records))


def book_html_from(p: dict[str, Any]) -> str:
    return (p["head"] + f"{p['cover']}\n{toc_section(p['toc_entries'], p['zh'])}\n" + "\n".join(p["bodies"])
            + f"\n{p['appendix']}\n</body>\n</html>\n")
