"""Reference entries as printed: GB/T 7714-2015 (顺序编码制) in the Chinese book, a numbered author-date style with
the same type codes in the English book; short names of publications for exhibit source notes.

zh: ``作者. 题名[R]. 出版地: 出版者, 年.`` / ``作者. 题名: 文号[EB/OL]. (发布日期).`` / ``作者. 题名[J]. 刊名, 年,
卷(期): 页码.`` -- Western names as ``KATZ E, BLUMLER J G``, more than three authors ``, 等`` / ``, et al``.
en: ``Author (year). Title [English gloss]. Container, volume(issue), pages. Place: Publisher. [R]`` -- Chinese names
in their English form (``names`` of the mapping), Chinese titles followed by their gloss.
An element no source prints is left out (no 引用日期: the data record no access dates; no address: the copies read
are in REPLICATION.md). Pure string functions over :class:`.publications.Publication`.
"""
from __future__ import annotations

import re
from typing import Iterable

from heilongjiang_newmedia.reporting.publications import CJK, Publication, names, series_names

__all__ = ["entry", "author_list", "short_groups", "date_words"]

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def date_words(date: str, lang: str) -> str:
    """``2024-06-27`` as ``2024年6月27日`` / ``27 June 2024`` (a year or month alone as printed)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", str(date or ""))
    if not m:
        return str(date or "")
    y, mo, d = m.groups()
    if lang == "zh":
        return f"{y}年" + (f"{int(mo)}月" if mo else "") + (f"{int(d)}日" if d else "")
    return (f"{int(d)} " if d else "") + (f"{_MONTHS[int(mo) - 1]} " if mo else "") + y


def _persons(author: str) -> list[str]:
    return [a.strip() for a in author.split("；") if a.strip()]


def _is_person(name: str) -> bool:
    return "," in name and not CJK.search(name)


def _gbt_person(name: str) -> str:
    """``Katz, Elihu`` -> ``KATZ E``; ``Blumler, Jay G.`` -> ``BLUMLER J G``; ``Zhu, M. H.`` -> ``ZHU M H``."""
    family, _, given = name.partition(",")
    given = re.sub(r"\([^)]*\)", "", given)
    initials = " ".join(p[0].upper() for p in re.split(r"[\s.\-]+", given) if p)
    return f"{family.strip().upper()} {initials}".strip()


def _apa_person(name: str) -> str:
    """``Katz, Elihu`` -> ``Katz, E.``; ``Zhu, M. H.`` -> ``Zhu, M. H.``."""
    family, _, given = name.partition(",")
    given = re.sub(r"\([^)]*\)", "", given)
    initials = " ".join(p[0].upper() + "." for p in re.split(r"[\s.]+", given) if p)
    return f"{family.strip()}, {initials}".strip(", ")


def _en_name(name: str) -> str:
    return names().get(name, name) if CJK.search(name) else name


def author_list(author: str, lang: str) -> str:
    """The authors as printed: zh (GB/T) ``A, B, C, 等``; en ``A, B., & C.`` (organisations by their English name)."""
    people = _persons(author)
    if not people:
        return ""
    if lang == "zh":
        shown = [_gbt_person(p) if _is_person(p) else p for p in people[:3]]
        more = (", 等" if CJK.search(people[0]) else ", et al") if len(people) > 3 else ""
        return ", ".join(shown) + more
    shown = [_apa_person(p) if _is_person(p) else _en_name(p) for p in people[:3]]
    if len(people) > 3:
        return ", ".join(shown) + ", et al."
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + (", & " if _is_person(people[0]) else " and ") + shown[-1]


def _year(p: Publication) -> str:
    m = re.match(r"\d{4}", p.when)
    return m.group(0) if m else ""


def _stop(text: str) -> str:
    return text if text.endswith((".", "?", "!", "。")) else text + "."


def _zh_title(p: Publication) -> str:
    return f"{p.title}: {p.doc}" if p.doc else p.title


def _zh(p: Publication) -> str:
    """GB/T 7714-2015, 顺序编码制 (the number is added by the caller)."""
    online = p.type in ("EB/OL", "DB/OL")
    who = author_list(p.author, "zh") or (p.container if online else "")  # a web page: its site as the author
    parts = [_stop(who)] if who else []
    code = f"[{p.type}]"
    year = _year(p)
    if p.type == "J":
        vol = f", {p.volume}" if p.volume else ""
        iss = f"({p.issue})" if p.issue else ""
        pages = f": {p.page_range}" if p.page_range else ""
        where = f"{p.container}, {year}{vol}{iss}{pages}" if p.container else f"{year}{iss}{pages}"
        parts += [f"{_zh_title(p)}{code}.", _stop(where.strip(", "))] if where.strip(", ") else [f"{_zh_title(p)}{code}."]
    elif p.type == "N":
        parts += [f"{_zh_title(p)}{code}.", _stop(", ".join(x for x in (p.container, p.when) if x))]
    elif online:
        parts += [f"{_zh_title(p)}{code}."] + ([f"({p.when})."] if p.when else [])
    elif p.type == "M" and p.editors:
        eds = author_list(p.editors.replace("; ", "；"), "zh")
        book = f"{eds}. {p.container}" if eds else p.container
        pub = ": ".join(x for x in (p.place, p.publisher) if x)
        parts += [f"{p.title}{code}//{_stop(book)}", _stop(", ".join(x for x in (pub, year) if x))]
    else:  # M, R, D, Z: 出版地: 出版者, 年: 页码
        pub = ": ".join(x for x in (p.place, p.publisher or p.container) if x)
        tail = ", ".join(x for x in (pub, year) if x) + (f": {p.page_range}" if p.page_range else "")
        parts += [f"{_zh_title(p)}{code}."] + ([_stop(tail)] if tail else [])
    text = " ".join(parts)
    return text + (f"（{p.note}）" if p.note else "")


def _en_title(p: Publication) -> str:
    if p.title_en:
        return p.title_en
    title = f"{p.title} [{p.gloss}]" if p.gloss and p.lang == "zh" else p.title
    return f"{title}, {p.doc}" if p.doc else title


def _en(p: Publication) -> str:
    """Numbered author-date style (APA-like) with the GB/T type code."""
    who = author_list(p.author, "en") or (_en_name(p.container) if p.type in ("EB/OL", "DB/OL") else "")
    when = (date_words(p.when, "en") if p.type in ("EB/OL", "N") else _year(p)) or "n.d."
    title = _stop(_en_title(p))
    lead = f"{who} ({when}). {title}" if who else f"{title} ({when})."
    container = _en_name(p.container) if p.container and p.type not in ("EB/OL", "DB/OL") else ""
    if p.type == "J":
        bits = [container + (f", {p.volume}" if p.volume else "") + (f"({p.issue})" if p.issue and p.volume else
                                                                       f", ({p.issue})" if p.issue else "")
                + (f", {p.page_range.replace('-', '–')}" if p.page_range else "")]
    elif p.type == "M" and p.editors:
        bits = [f"In {author_list(p.editors.replace('; ', '；'), 'en')} (Eds.), {p.container}"]
    else:
        bits = [container] if container else []
    pub = ": ".join(x for x in (p.place, _en_name(p.publisher)) if x)
    bits += [pub] if pub else []
    text = " ".join([lead] + [_stop(b) for b in bits if b.strip(", ")])
    text += f" [{p.type}]"
    return text + (f" ({p.note_en})" if p.note_en else "")


def entry(p: Publication, lang: str) -> str:
    """One reference entry as printed (plain text, no number): GB/T 7714 in zh, the English style in en."""
    return _zh(p) if lang == "zh" else _en(p)


def _short(p: Publication, lang: str) -> str:
    """A publication named in a source note: ``国家统计局《分省年度数据》`` / ``National Bureau of Statistics of China,
    Annual data by province``."""
    if (p.short if lang == "zh" else p.short_en):
        return p.short if lang == "zh" else p.short_en
    who = _persons(p.author)[0] if p.author else ""
    if lang == "zh":
        if not CJK.search(p.title):  # a foreign-language work: named in its own language, as in the list
            who = author_list(p.author, "zh") or p.container
            return f"{who}. {p.title}" if who else p.title
        title = p.title if "《" in p.title else f"《{p.title}》"
        src = who or (p.container if p.container and CJK.search(p.container) else "")
        return f"{src}{title}" if src else title
    who = (who.split(",")[0] if _is_person(who) else _en_name(who)) or _en_name(p.container)
    title = p.title_en or (p.gloss if p.lang == "zh" and p.gloss else p.title)
    return f"{who}, {title}" if who else title


def _span(parts: list[int], kind: str, lang: str) -> str:
    from heilongjiang_newmedia.text.wording import ordinal

    xs = sorted(set(parts))
    if kind == "issue":
        if lang == "zh":
            return f"第{xs[0]}次" if len(xs) == 1 else f"第{xs[0]}—{xs[-1]}次" if xs == list(range(xs[0], xs[-1] + 1)) \
                else "第" + "、".join(map(str, xs)) + "次"
        return ordinal(xs[0]) if len(xs) == 1 else ", ".join(ordinal(x) for x in xs) if len(xs) < 4 \
            else f"{ordinal(xs[0])}–{ordinal(xs[-1])}"
    joined = "、".join(map(str, xs)) if lang == "zh" else ", ".join(map(str, xs))
    return f"{xs[0]}—{xs[-1]}年" if lang == "zh" and len(xs) > 3 else f"{joined}年" if lang == "zh" else \
        (f"{xs[0]}–{xs[-1]}" if len(xs) > 3 else joined)


def short_groups(pubs: Iterable[Publication], lang: str) -> list[tuple[str, list[str]]]:
    """Publications as a source note names them, ``[(name, keys)]``: issues of one series together, in issue
    order ("中国互联网络信息中心第33—45次《中国互联网络发展状况统计报告》"), the others one by one; groups in order
    of their earliest publication date (the order in which the note's works are numbered when first cited)."""
    groups: dict[str, tuple[list[Publication], str]] = {}
    for p in pubs:
        g = f"series:{p.series}" if p.series and p.part is not None else f"pub:{p.key}"
        groups.setdefault(g, ([], p.series))[0].append(p)
    out = []
    sn = series_names()
    for g, (members, series) in sorted(groups.items(), key=lambda kv: (min(m.when or "9999" for m in kv[1][0]),
                                                                      kv[0])):
        members = sorted(members, key=lambda m: (m.part if m.part is not None else 0, m.when, m.key))
        keys = [m.key for m in members]
        # a series in Chinese by its Chinese name even for one issue (a zh note never names a work by its English title)
        if g.startswith("series:") and (len(members) > 1 or series in ("cnnic",) or lang == "zh") and series in sn:
            info = sn[series]
            span = _span([m.part for m in members if m.part is not None], info.get("part", "year"), lang)
            if "{part}" in info[lang]:
                name = info[lang].replace("{part}", span)
            elif lang == "zh":
                name = f"{info[lang]}（{span}）" if info.get("part") == "year" else f"{info[lang]}{span}"
            else:
                name = f"{info[lang]}, {span}"
            out.append((name, keys))
        else:
            out += [(_short(m, lang), [m.key]) for m in members]
    return out
