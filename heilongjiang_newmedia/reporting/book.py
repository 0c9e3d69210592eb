"""book.html and book.pdf: cover, table of contents, all chapters in order, appendix of the cited data sources.

Nothing in the book depends on the clock: the date shown is the data vintage (latest date of a cited source).
"""
from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.reporting.render import chapter_body, css_text

e = html.escape


_H1_RE = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S | re.I)
_TAG_RE = re.compile(r"<[^>]+>")
_ANCHOR_LINK_RE = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_SECTION_RE = r'<section\b[^>]*class="[^"]*\b{cls}\b[^"]*"[^>]*>.*?</section>'
_NUMBER_RE = re.compile(r"(\d+)[-.](\d+)")


def chapter_heading(page: str) -> str:
    """The text of the chapter's first ``<h1>`` as printed (tags and the ``¶`` anchor link removed), or ``""``."""
    m = _H1_RE.search(page)
    if not m:
        return ""
    text = _TAG_RE.sub("", _ANCHOR_LINK_RE.sub("", m.group(1)))
    return " ".join(html.unescape(text).replace("¶", "").split())


def _section_title(section: str) -> str:
    """The title of a movable section: its first ``<h1>`` or ``<h2>``."""
    return chapter_heading(re.sub(r"<(/?)h2\b", r"<\1h1", section))


def take_section(body: str, cls: str) -> tuple[str, str]:
    """``(body without the section, the section)`` for the first ``<section class="cls">`` of ``body``
    (``(body, "")`` when there is none)."""
    m = re.search(_SECTION_RE.format(cls=re.escape(cls)), body, re.S)
    if not m:
        return body, ""
    return body[:m.start()] + body[m.end():], m.group(0)


def exhibit_ref(number: str, kind: str, lang: str) -> str:
    """An exhibit number in the book's cross-reference style: ``表5-6``/``图1-1`` (zh), ``Table 5.6`` (en)."""
    m = _NUMBER_RE.search(number)
    if not m:
        return number
    a, b = m.groups()
    if lang == "zh":
        return f"{'表' if kind == 'table' else '图'}{a}-{b}"
    return f"{'Table' if kind == 'table' else 'Figure'} {a}.{b}"


def _first_param(records: dict[str, dict], name: str) -> Any:
    for rec in records.values():
        value = (rec.get("params") or {}).get(name)
        if value not in (None, "", []):
            return value
    return None


def _province_names(values: Any, lang: str) -> str:
    """Provinces given by the chapters' (validated) parameters, as printed; an unknown name raises
    :class:`~heilongjiang_newmedia.loading.regions.UnknownRegionError` naming it."""
    from heilongjiang_newmedia.loading.regions import resolve_province
    from heilongjiang_newmedia.text.wording import listing

    names = []
    for v in values or []:
        p = resolve_province(v)
        names.append(p.en if lang == "en" else p.zh)
    return listing(names, lang)


def study_settings(records: dict[str, dict], lang: str) -> list[tuple[str, str]]:
    """The study's settings in words for the cover, ``[(label, text)]``: benchmark provinces, regional peers,
    countries compared, target year -- from the chapters' parameters; settings no chapter used are left out."""
    from heilongjiang_newmedia.text.wording import country, listing, year

    zh = lang == "zh"
    rows = []
    bench = _first_param(records, "benchmarks")
    if bench:
        rows.append(("标杆省份" if zh else "Benchmark provinces", _province_names(bench, lang)))
    peers = _first_param(records, "peers")
    if peers:
        rows.append(("同类省份" if zh else "Regional peers", _province_names(peers, lang)))
    countries = _first_param(records, "countries")
    if countries:
        rows.append(("比较国家" if zh else "Countries compared",
                     listing([country(str(c), lang) for c in countries], lang)))
    target = _first_param(records, "target_year")
    if target:
        rows.append(("目标年份" if zh else "Target year", year(target, lang)))
    return rows


def _date_words(date: str, lang: str) -> str:
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", str(date))
    if not m:
        return str(date)
    y, mo, d = m.groups()
    if lang == "zh":
        return f"{y}年" + (f"{int(mo)}月" if mo else "") + (f"{int(d)}日" if d else "")
    import calendar

    return (f"{int(d)} " if d else "") + (f"{calendar.month_name[int(mo)]} " if mo else "") + y


def cover_html(title: str, subtitle: str, province: str, date: str, settings: list[tuple[str, str]],
               lang: str) -> str:
    """The book's cover: title, subtitle, focus province, data date and the worded study-settings box."""
    zh = lang == "zh"
    sep = "：" if zh else ": "
    box = ""
    if settings:
        items = "".join(f'<p><span class="label">{e(k)}{sep}</span>{e(v)}</p>' for k, v in settings)
        box = f'<div class="study-settings"><h2>{"研究设定" if zh else "Study settings"}</h2>{items}</div>'
    return (f'<section class="book-cover"><h1>{e(title)}</h1><p class="subtitle">{e(subtitle)}</p>'
            f'<p>{"焦点省份" if zh else "Focus province"}{sep}{e(province)}</p>'
            f'<p>{"数据截至" if zh else "Data as of"}{sep}{e(_date_words(date, lang))}</p>{box}</section>')


def sources_index(manifests: list[dict]) -> list[dict[str, Any]]:
    """Distinct cited pages with the exhibits citing them (deterministic order; used by REPLICATION.md)."""
    index: dict[tuple, dict] = {}
    for m in manifests:
        for x in m.get("exhibits", []):
            for s in x.get("sources", []):
                k = (s.get("title", ""), s.get("url", ""), s.get("date", ""))
                entry = index.setdefault(k, {"title": k[0], "url": k[1], "date": k[2], "confidence": set(),
                                             "exhibits": []})
                if s.get("confidence"):
                    entry["confidence"].add(s["confidence"])
                ref = {"number": x["number"], "chapter": x["chapter"], "anchor": x.get("anchor"), "id": x["id"],
                       "kind": x.get("kind", "")}
                if ref not in entry["exhibits"]:
                    entry["exhibits"].append(ref)
    out = []
    for k in sorted(index, key=lambda k: (k[0], k[1], k[2])):
        entry = index[k]
        entry["confidence"] = "/".join(sorted(entry["confidence"]))
        out.append(entry)
    return out


def references(manifests: list[dict], lang: str) -> list[dict[str, Any]]:
    """The book's references: cited pages grouped by publication (:func:`.references.group_sources`), each page
    with the exhibits citing it in the book's cross-reference style, deduplicated, in chapter order."""
    from heilongjiang_newmedia.reporting.references import group_sources

    pages = sources_index(manifests)
    cites = {(p["title"], p["url"], p["date"]): p["exhibits"] for p in pages}
    groups = group_sources([{**p, "confidence": c} for p in pages for c in (p["confidence"].split("/") or [""])])
    for g in groups:
        for pg in g["pages"]:
            refs, seen = [], set()
            for x in sorted(cites.get((pg["title"], pg["url"], pg["date"]), []),
                            key=lambda x: (x["chapter"], x["kind"] != "figure", _order(x["number"]))):
                label = exhibit_ref(x["number"], x["kind"], lang)
                if label not in seen:
                    seen.add(label)
                    refs.append(label)
            pg["cited_by"] = refs
        order = {}
        for pg in g["pages"]:
            for label in pg["cited_by"]:
                order.setdefault(label, None)
        g["cited_by"] = sorted(order, key=lambda label: (_chapter_of(label), not label.startswith(("图", "Figure")),
                                                        _order(label)))
    return groups


def _chapter_of(label: str) -> int:
    m = _NUMBER_RE.search(label)
    return int(m.group(1)) if m else 0


def _order(number: str) -> int:
    m = _NUMBER_RE.search(number)
    return int(m.group(2)) if m else 0


_BREAK = "overflow-wrap: anywhere; word-break: break-all"  # long URLs break on screen and in print


def readable_url(url: str) -> str:
    """A URL as printed: percent-encoded UTF-8 decoded (``…/xinwen/第34次…`` instead of ``%E7%AC%AC…``); the link
    itself keeps the original."""
    from urllib.parse import unquote

    try:
        return unquote(url, errors="strict")
    except UnicodeDecodeError:
        return url


def appendix_html(groups: list[dict[str, Any]], lang: str, title: str, traceability: str = "") -> str:
    """The appendix: each publication with its reference number, then the pages it was read on (date, confidence
    高/中/低, URL) and the exhibits citing them; publications without a number (the researcher's own files) last."""
    from heilongjiang_newmedia.text.wording import confidence
    from heilongjiang_newmedia.reporting.references import short_citation

    zh = lang == "zh"
    trace = ""
    if traceability:  # chapter 7's table of statements and sources: a part of its own, from a new page
        head = _section_title(traceability) or ("结论出处对照表" if zh else "Where the conclusions come from")
        trace = f'<section class="book-part appendix-traceability" data-title="{e(head)}">{traceability}</section>'
    items = []
    for g in groups:
        num = f"[{g['number']}]" if g["number"] else "—"
        pages = []
        for pg in g["pages"]:
            t = e(pg["title"] or pg["url"])
            if pg["url"].startswith(("http://", "https://")):
                t = f'<a href="{e(pg["url"], quote=True)}">{t}</a>'
            bits = [e(_date_words(pg["date"], lang))] if pg["date"] else []
            if pg["confidence"]:
                bits.append(("可信度" if zh else "confidence ") + e(confidence(pg["confidence"], lang)))
            meta = ("（" + "，".join(bits) + "）") if zh and bits else (" (" + ", ".join(bits) + ")") if bits else ""
            url = (f'<br><span class="ref-url muted" style="{_BREAK}">{e(readable_url(pg["url"]))}</span>'
                   if pg["url"] else "")
            pages.append(f"<li>{t}{meta}{url}</li>")
        anchor = f' id="ref-{g["number"]}"' if g["number"] else ""
        cited = ""
        if g.get("cited_by"):
            cited = (f'<br><span class="ref-cited muted">引用于：{"、".join(map(e, g["cited_by"]))}</span>' if zh else
                     f'<br><span class="ref-cited muted">Cited by {", ".join(map(e, g["cited_by"]))}</span>')
        items.append(f'<div class="ref"{anchor}><p class="ref-entry"><span class="ref-number">{num}</span> '
                     f'{e(short_citation(g, lang))}{cited}</p><ul class="ref-pages">{"".join(pages)}</ul></div>')
    intro = ("编号与各章图表下“资料来源”中的编号一致，是本研究所收全部资料的统一编号（本书未引用的资料不列出，故编号不连续）；"
             "每种资料下注明引用它的图表，并列出实际读取数据的网页（多为转载页）、日期和可信度（高/中/低）。" if zh else
             "Numbers are those of the source notes under the exhibits: one numbering of all publications behind the "
             "study's data, so those this book does not cite leave gaps. Under each publication: the exhibits citing "
             "it and the pages the figures were read on (mostly reprints), with date and confidence (high/medium/low).")
    return (f'<section class="book-part" id="appendix-sources" data-title="{e(title)}"><h1>{e(title)}</h1>'
            f'<p class="muted">{intro}</p><div class="ref-list">{"".join(items)}</div>{trace}</section>')


def book_parts(out: Path, specs, manifests: list[dict], records: dict[str, dict],
               province: Any = None) -> dict[str, Any]:
    """The book's pieces: ``head``, ``cover``, ``toc_entries``, ``bodies``, ``appendix`` (HTML strings) and
    ``summary`` (chapter 7's executive summary, shown before chapter 1; ``""`` when it has none).

    The book's province is the ``province`` parameter the chapters recorded; ``province`` is the study's default
    for a book of chapters that take none (the pipeline passes the registry's default). Neither: ValueError."""
    from heilongjiang_newmedia.loading.regions import resolve_province
    from heilongjiang_newmedia.reporting.provenance import data_vintage

    langs = [r.get("params", {}).get("lang", "zh") for r in records.values()]
    lang = max(set(langs), key=langs.count) if langs else "zh"
    zh = lang == "zh"
    date = data_vintage(manifests)
    focus = _first_param(records, "province") or province
    if focus is None:
        raise ValueError("the book's province is unknown: no chapter recorded a 'province' parameter and no "
                         "default was given (book_parts(..., province=...))")
    p = resolve_province(focus)
    prov_zh, prov_en = p.zh_full, p.en
    title = f"{prov_zh}政务新媒体发展研究" if zh else f"Government new media in {prov_en}"
    subtitle = "基于公开数据的可复现分析" if zh else "A reproducible analysis of cited public data"
    bodies, toc = [], []
    summary, trace = "", ""
    for spec in specs:
        page = (out / "html" / f"{spec.stem}.html").read_text(encoding="utf-8")
        body = chapter_body(page).replace('href="../exhibits/', 'href="exhibits/')  # book.html sits in out/
        body, s = take_section(body, "executive-summary")
        body, t = take_section(body, "traceability")
        summary, trace = summary or s, trace or t
        bodies.append(body)
        heading = chapter_heading(body) or (f"第{spec.number}章　{spec.title(lang)}" if zh else
                                            f"Chapter {spec.number}  {spec.title(lang)}")
        toc.append((spec.stem, heading))
    app_title = "附录 数据来源" if zh else "Appendix: Data sources"
    toc.append((None, app_title))
    if summary:
        summary_title = _section_title(summary) or (
            "摘要" if zh else "Executive summary")
        summary = (f'<section class="book-part book-summary" id="executive-summary" '
                   f'data-title="{e(summary_title)}">{summary}</section>')
        toc.insert(0, ("#executive-summary", summary_title))
    cover = cover_html(title, subtitle, prov_zh if zh else prov_en, date, study_settings(records, lang), lang)
    appendix = appendix_html(references(manifests, lang), lang, app_title, trace)
    head = (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{e(title)}</title>\n<meta name="dcterms.created" content="{date}">\n'
            f'<meta name="dcterms.modified" content="{date}">\n<style>\n{css_text()}\n'
            '@media print { nav.toc a.in-doc::after { content: leader(".") target-counter(attr(href), page); } }\n'
            f'</style>\n</head>\n<body>\n')
    return {"head": head, "cover": cover, "toc_entries": toc, "zh": zh, "bodies": bodies, "appendix": appendix,
            "summary": summary, "lang": lang}


def toc_section(entries: list, zh: bool, pages: dict[str, int] | None = None) -> str:
    """The book's contents; with ``pages`` (chapter stem, or ``None`` for the appendix -> first page), each link
    carries the page where its part starts (``data-page``)."""
    items = []
    for stem, label in entries:
        if stem and stem.startswith("#"):  # a part of the front document itself: its page comes from the layout
            items.append(f'<li><a class="in-doc" href="{e(stem)}">{e(label)}</a></li>')
            continue
        href = f"chapter-{stem}" if stem else "appendix-sources"
        page = f' data-page="{(pages or {}).get(stem, "")}"' if pages is not None else ""  # stem None: appendix
        items.append(f'<li><a href="#{e(href)}"{page}>{e(label)}</a></li>')
    return (f'<section class="book-part book-toc" data-title="{"目录" if zh else "Contents"}">'
            f'<h1>{"目录" if zh else "Contents"}</h1><nav class="toc"><ol>{"".join(items)}</ol></nav></section>')


def front_html(parts: dict[str, Any], pages: dict[str, int]) -> str:
    """Cover and contents as a document of their own (the book PDF's first pages)."""
    return (parts["head"] + f"{parts['cover']}\n{toc_section(parts['toc_entries'], parts['zh'], pages)}\n"
            + parts.get("summary", "") + "\n</body>\n</html>\n")


def back_html(parts: dict[str, Any]) -> str:
    return parts["head"] + parts["appendix"] + "\n</body>\n</html>\n"


def book_html(out: Path, specs, manifests: list[dict], records: dict[str, dict]) -> str:
    return book_html_from(book_parts(out, specs, manifests, records))


def book_html_from(p: dict[str, Any]) -> str:
    return (p["head"] + f"{p['cover']}\n{toc_section(p['toc_entries'], p['zh'])}\n" + p.get("summary", "")
            + "\n".join(p["bodies"])
            + f"\n{p['appendix']}\n</body>\n</html>\n")
