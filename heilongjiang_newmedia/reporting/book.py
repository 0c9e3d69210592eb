"""book.html and book.pdf: cover, table of contents, the summary, all chapters in order, the reference list
(参考文献, :mod:`.bibliography`) and the appendix (chapter 7's table of where the conclusions come from).

Nothing in the book depends on the clock: the cover's data cut-off is the newest reference date of the data rows the
exhibits show (:func:`.provenance.data_cutoff`); author, institution, supervisor, date of writing and a version
label come from the build's book options and are left out when not given.
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
        rows.append(("邻近省份" if zh else "Neighbouring provinces", _province_names(peers, lang)))
    countries = _first_param(records, "countries")
    if countries:
        rows.append(("比较国家" if zh else "Countries compared",
                     listing([country(str(c), lang) for c in countries], lang)))
    target = _first_param(records, "target_year")
    if target:
        rows.append(("目标年份" if zh else "Target year", year(target, lang)))
    return rows


BOOK_OPTIONS = ("author", "institution", "supervisor", "date", "label")  # hlj-newmedia build --author ... --label


def cover_html(title: str, subtitle: str, province: str, cutoff: str, settings: list[tuple[str, str]],
               lang: str, info: dict[str, str] | None = None) -> str:
    """The book's cover: version label, title, subtitle, author, institution, supervisor, date of writing (each
    only when given in ``info``), focus province, the data cut-off (``YYYY[-MM[-DD]]``; left out when unknown) and
    the worded study-settings box."""
    from heilongjiang_newmedia.reporting.references import date_words

    zh = lang == "zh"
    sep = "：" if zh else ": "
    info = {k: str(v).strip() for k, v in (info or {}).items() if k in BOOK_OPTIONS and v and str(v).strip()}
    labels = {"author": ("作者", "Author"), "institution": ("单位", "Institution"),
              "supervisor": ("指导教师", "Supervisor"), "date": ("完成日期", "Date")}
    people = "".join(f'<p class="cover-{k}"><span class="label">{labels[k][0 if zh else 1]}{sep}</span>'
                     f'{e(date_words(info[k], lang) if k == "date" else info[k])}</p>'
                     for k in ("author", "institution", "supervisor", "date") if k in info)
    label = f'<p class="cover-label">{e(info["label"])}</p>' if "label" in info else ""
    box = ""
    if settings:
        items = "".join(f'<p><span class="label">{e(k)}{sep}</span>{e(v)}</p>' for k, v in settings)
        box = f'<div class="study-settings"><h2>{"研究设定" if zh else "Study settings"}</h2>{items}</div>'
    data = ""
    if cutoff:
        data = (f'<p class="cover-cutoff">数据截至{e(date_words(cutoff, lang))}</p>' if zh else
                f'<p class="cover-cutoff">Data up to {e(date_words(cutoff, lang))}</p>')
    return (f'<section class="book-cover">{label}<h1>{e(title)}</h1><p class="subtitle">{e(subtitle)}</p>'
            f'{people}<p>{"焦点省份" if zh else "Focus province"}{sep}{e(province)}</p>{data}{box}</section>')


def appendix_html(traceability: str, lang: str) -> tuple[str, str]:
    """Chapter 7's traceability section as the book's appendix (a part of its own, from a new page):
    ``(html, contents label)``; ``("", "")`` without it."""
    if not traceability:
        return "", ""
    zh = lang == "zh"
    head = _section_title(traceability) or ("结论出处对照表" if zh else "Where the conclusions come from")
    label = f"附录　{head}" if zh else f"Appendix: {head}"
    prefix = "附录　" if zh else "Appendix: "  # the heading as the contents and the bookmarks name it
    traceability = re.sub(r"(<h[12]\b[^>]*>)", lambda m: m.group(1) + e(prefix), traceability, count=1)
    return (f'<section class="book-part appendix-traceability" id="{APPENDIX_ID}" data-title="{e(label)}">'
            f'{traceability}</section>', label)


APPENDIX_ID = "appendix-traceability"


def book_parts(out: Path, specs, manifests: list[dict], records: dict[str, dict],
               info: dict[str, str] | None = None, province: Any = None) -> dict[str, Any]:
    """The book's pieces: ``head``, ``cover``, ``toc_entries``, ``bodies``, ``back`` (the reference list and the
    appendix), ``summary`` (chapter 7's executive summary, shown before chapter 1; ``""`` when it has none),
    ``numbers`` (the citation numbering) and ``cutoff`` (the data cut-off). ``info``: the book options.

    The book's province is the ``province`` parameter the chapters recorded; ``province`` is the study's default
    for a book of chapters that take none (the pipeline passes the registry's default). Neither: ValueError."""
    from heilongjiang_newmedia.loading.regions import resolve_province
    from heilongjiang_newmedia.reporting.bibliography import REFERENCES_ID, book_numbering, reference_list_html, resolve
    from heilongjiang_newmedia.reporting.provenance import data_cutoff

    langs = [r.get("params", {}).get("lang", "zh") for r in records.values()]
    lang = max(set(langs), key=langs.count) if langs else "zh"
    zh = lang == "zh"
    cutoff = data_cutoff(manifests)
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
    numbers = book_numbering(records, [s.stem for s in specs])
    ref_title = "参考文献" if zh else "References"
    back_sections = [reference_list_html(numbers, resolve(list(numbers), manifests), lang, ref_title)]
    toc.append((f"@{REFERENCES_ID}", ref_title))
    appendix, app_label = appendix_html(trace, lang)
    if appendix:
        back_sections.append(appendix)
        toc.append((f"@{APPENDIX_ID}", app_label))
    back = "".join(back_sections)
    if summary:
        summary_title = _section_title(summary) or (
            "摘要" if zh else "Executive summary")
        summary = (f'<section class="book-part book-summary" id="executive-summary" '
                   f'data-title="{e(summary_title)}">{summary}</section>')
        toc.insert(0, ("#executive-summary", summary_title))
    cover = cover_html(title, subtitle, prov_zh if zh else prov_en, cutoff, study_settings(records, lang), lang, info)
    stamp = cutoff or "-"
    head = (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if zh else "en"}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{e(title)}</title>\n<meta name="dcterms.created" content="{stamp}">\n'
            f'<meta name="dcterms.modified" content="{stamp}">\n<style>\n{css_text()}\n'
            '@media print { nav.toc a.in-doc::after { content: leader(".") target-counter(attr(href), page); } }\n'
            f'</style>\n</head>\n<body>\n')
    return {"head": head, "cover": cover, "toc_entries": toc, "zh": zh, "bodies": bodies, "back": back,
            "back_sections": back_sections, "summary": summary, "lang": lang, "numbers": numbers, "cutoff": cutoff}


def back_parts(parts: dict[str, Any]) -> list[str]:
    """The keys of the back parts in the contents, in order (``@references``, ``@appendix-traceability``)."""
    return [k for k, _ in parts["toc_entries"] if k and k.startswith("@")]


def toc_section(entries: list, zh: bool, pages: dict[str, int] | None = None) -> str:
    """The book's contents; with ``pages`` (chapter stem or ``@<id>`` of a back part -> first page), each link
    carries the page where its part starts (``data-page``)."""
    items = []
    for key, label in entries:
        if key and key.startswith("#"):  # a part of the front document itself: its page comes from the layout
            items.append(f'<li><a class="in-doc" href="{e(key)}">{e(label)}</a></li>')
            continue
        href = key[1:] if key.startswith("@") else f"chapter-{key}"
        page = f' data-page="{(pages or {}).get(key, "")}"' if pages is not None else ""
        items.append(f'<li><a href="#{e(href)}"{page}>{e(label)}</a></li>')
    return (f'<section class="book-part book-toc" data-title="{"目录" if zh else "Contents"}">'
            f'<h1>{"目录" if zh else "Contents"}</h1><nav class="toc"><ol>{"".join(items)}</ol></nav></section>')


def front_html(parts: dict[str, Any], pages: dict[str, int]) -> str:
    """Cover and contents as a document of their own (the book PDF's first pages)."""
    return (parts["head"] + f"{parts['cover']}\n{toc_section(parts['toc_entries'], parts['zh'], pages)}\n"
            + parts.get("summary", "") + "\n</body>\n</html>\n")


def back_html(parts: dict[str, Any]) -> str:
    return parts["head"] + parts["back"] + "\n</body>\n</html>\n"


def back_documents(parts: dict[str, Any]) -> list[tuple[str, str]]:
    """Each back part (:func:`back_parts`: the reference list, then the appendix) as a document of its own:
    ``[(key, html)]``, laid out separately so that a rebuild that changes only the appendix lays out only it."""
    keys = back_parts(parts)
    sections = parts.get("back_sections") or [parts["back"]]
    if len(keys) != len(sections):
        raise ValueError(f"book: {len(sections)} back section(s) for the contents' {len(keys)} back part(s)")
    return [(k, parts["head"] + s + "\n</body>\n</html>\n") for k, s in zip(keys, sections)]


def book_html(out: Path, specs, manifests: list[dict], records: dict[str, dict],
              info: dict[str, str] | None = None) -> str:
    return book_html_from(book_parts(out, specs, manifests, records, info))


def book_html_from(p: dict[str, Any]) -> str:
    return (p["head"] + f"{p['cover']}\n{toc_section(p['toc_entries'], p['zh'])}\n" + p.get("summary", "")
            + "\n".join(p["bodies"])
            + f"\n{p['back']}\n</body>\n</html>\n")
