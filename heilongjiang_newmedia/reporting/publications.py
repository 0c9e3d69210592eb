"""The publications behind the cited pages, from the reviewed mapping ``publications.yaml`` (read it first).

A data row cites the page its figure was read on (``source_title``, ``source_url``, ...); the reader's reference list
cites the *publication*: a CNNIC report, a UN survey edition, a provincial notice, a statistical communiqué.
:func:`keys_of` gives the publication keys of a cited page, :func:`catalogue` every publication by key (the curated
ones, each references.csv row, and the issues/editions named by a data column); a page the mapping does not know is
its own publication (:func:`page_publication`: its title, no address). Pure lookups over package and bundled data;
the bundled files the mapping reads are logged as read (a data edit that changes a mapping rebuilds the chapters).
"""
from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

import yaml

__all__ = ["Publication", "catalogue", "keys_of", "page_publication", "names", "series_names", "is_official",
           "mapping_files", "CJK"]

MAPPING = Path(__file__).with_name("publications.yaml")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_FIELDS = ("type", "author", "title", "gloss", "title_en", "lang", "container", "volume", "issue", "page_range",
           "doc", "year", "date", "place", "publisher", "editors", "series", "part", "note", "note_en", "short",
           "short_en")


@dataclass(frozen=True)
class Publication:
    """One cited work. ``author``: organisations or persons (``Family, Given``) joined by ``；``; ``title``: as printed
    in the zh book (original title); ``gloss``: English gloss of a Chinese title; ``title_en``: the en book's title
    when not ``title [gloss]``; ``date``: ``YYYY[-MM[-DD]]`` as printed; ``series``/``part``: grouping in source
    notes (issue number or year); ``short``/``short_en``: its name in source notes when not author and title;
    ``curated``: False for a page that is its own publication."""
    key: str
    type: str = "EB/OL"
    author: str = ""
    title: str = ""
    gloss: str = ""
    title_en: str = ""
    lang: str = "zh"
    container: str = ""
    volume: str = ""
    issue: str = ""
    page_range: str = ""
    doc: str = ""
    year: str = ""
    date: str = ""
    place: str = ""
    publisher: str = ""
    editors: str = ""
    series: str = ""
    part: int | None = None
    note: str = ""
    note_en: str = ""
    short: str = ""
    short_en: str = ""
    curated: bool = True
    read: tuple[str, ...] = field(default=(), compare=False)

    @property
    def when(self) -> str:
        """The publication date as printed (``YYYY[-MM[-DD]]``), or ``""``."""
        return self.date or self.year


def _str(v: Any) -> str:
    return "" if v is None else str(v).strip()


def _pub(key: str, fields: dict[str, Any], read: Iterable[str] = ()) -> Publication:
    kw = {k: _str(fields.get(k)) for k in _FIELDS if k != "part"}
    part = fields.get("part")
    kw["part"] = int(part) if _str(part).isdigit() else None
    if not kw["lang"]:
        kw["lang"] = "zh" if CJK.search(kw["title"]) else "en"
    if not kw["type"]:
        kw["type"] = "EB/OL"
    return Publication(key=key, read=tuple(read), **kw)


@lru_cache(maxsize=1)
def _mapping() -> dict[str, Any]:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 20x faster on this file
    return yaml.load(MAPPING.read_text(encoding="utf-8"), Loader=loader)


def names() -> dict[str, str]:
    """English names of Chinese authors, containers and persons (zh -> en)."""
    return dict(_mapping().get("names") or {})


def series_names() -> dict[str, dict[str, str]]:
    """Series of publications as named in short source notes: ``{series: {"zh", "en", "part"}}``."""
    return dict(_mapping().get("series") or {})


def is_official(url: str) -> bool:
    """Whether ``url`` is on a publisher's own or a government site (``official_hosts`` of the mapping)."""
    host = re.sub(r"^[a-z]+://", "", str(url or "").lower()).split("/", 1)[0].split(":", 1)[0]
    return bool(host) and any(re.search(rx, host) for rx in _mapping().get("official_hosts") or [])


def _dataset_files() -> dict[str, Path]:
    from heilongjiang_newmedia.loading import datasets

    root = datasets.data_root()
    return {n: root / datasets.describe(n)["path"] for n in datasets.list_datasets()}


def mapping_files() -> list[Path]:
    """The bundled data files the mapping reads (the column rules' datasets)."""
    files = _dataset_files()
    wanted = {d for rule in _mapping().get("columns") or [] for d in rule["datasets"]}
    wanted |= {rule["date"]["dataset"] for rule in _mapping().get("columns") or [] if rule.get("date")}
    return [files[d] for d in sorted(wanted) if d in files]


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _distinct(path: Path, columns: tuple[str, ...]) -> set[tuple[str, ...]]:
    """The distinct value tuples of ``columns`` in a CSV file (a missing column reads as ""); pandas' C parser
    (un_egdi has 11,603 rows)."""
    import pandas as pd

    if not path.is_file():
        return set()
    header = pd.read_csv(path, nrows=0, encoding="utf-8-sig").columns
    present = [c for c in columns if c in header]
    df = pd.read_csv(path, usecols=present, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for c in columns:
        if c not in present:
            df[c] = ""
    return set(df[list(columns)].drop_duplicates().apply(lambda col: col.str.strip()).itertuples(index=False, name=None))


def _ordinal(n: str) -> str:
    from heilongjiang_newmedia.text.wording import ordinal

    return ordinal(int(n)) if n.isdigit() else n


@dataclass
class _Catalogue:
    pubs: dict[str, Publication]
    by_title: dict[str, list[str]]
    by_page: dict[tuple[str, str], list[str]]
    by_page_title: dict[str, list[str]]
    title_rx: list[tuple[re.Pattern, str]]
    aliases: dict[str, str]


def _fill(template: Any, value: str) -> Any:
    if isinstance(template, str):
        return template.replace("{value}", value).replace("{ordinal}", _ordinal(value))
    return template


def _references(files: dict[str, Path], refs: dict[str, dict]) -> dict[str, Publication]:
    """references.csv rows as publications; ``refs`` (the mapping's) gives the printed title, author and gloss."""
    out = {}
    for r in _rows(files.get("references", Path("-"))):
        o = refs.get(r["ref_id"], {})
        f = {"type": r.get("work_type"), "author": r.get("authors_or_issuer"), "title": r.get("title"),
             "lang": r.get("language"), "container": r.get("container"), "volume": r.get("volume"),
             "issue": r.get("issue"), "page_range": r.get("pages"), "doc": r.get("doc_number"),
             "year": r.get("year"), "date": r.get("date_issued")}
        if f["type"] in ("M", "R") and re.fullmatch(r".+ \([^()]+\)", f["container"] or ""):  # "Publisher (Place)"
            m = re.fullmatch(r"(.+) \(([^()]+)\)", f["container"])
            f.update(publisher=m.group(1), place=m.group(2), container="")
        if f["type"] in ("EB/OL", "R"):
            f["container"] = ""  # the issuing body or joint publisher: named as the author already
        f.update({k: v for k, v in o.items() if k in _FIELDS})
        if "author" not in o:
            f["author"] = _clean_author(f["author"] or "", f["lang"] or "zh")
        out[r["ref_id"]] = _pub(r["ref_id"], f)
    return out


def _clean_author(author: str, lang: str = "zh") -> str:
    """An issuer as printed: English annotations in parentheses dropped from a Chinese name ("国务院办公厅 (General
    Office of the State Council)" -> "国务院办公厅"); several joined by ``；``."""
    if lang == "zh" or CJK.search(author):
        author = re.sub(r"\s*\([^()]*[A-Za-z][^()]*\)", "", author)
    return "；".join(a.strip() for a in re.split(r"[；;、]", author) if a.strip())


@lru_cache(maxsize=1)
def _catalogue() -> _Catalogue:
    m = _mapping()
    files = _dataset_files()
    pubs = _references(files, m.get("refs") or {})
    aliases: dict[str, str] = {}
    by_page: dict[tuple[str, str], list[str]] = {}
    by_page_title: dict[str, list[str]] = {}  # the same page title read at another address
    seen: set[str] = set()
    for rule in m.get("columns") or []:
        dates: dict[str, str] = {}
        if rule.get("date"):
            for v, d in _distinct(files.get(rule["date"]["dataset"], Path("-")),
                                  (rule["column"], rule["date"]["column"])):
                if v and d and (v not in dates or d < dates[v]):
                    dates[v] = d
        refs = {str(k): v for k, v in (rule.get("refs") or {}).items()}
        for ds in rule["datasets"]:
            for title, url, value in sorted(_distinct(files.get(ds, Path("-")),
                                                      ("source_title", "source_url", rule["column"]))):
                if not value:
                    continue
                key = refs.get(value) or _fill(rule["key"], value)
                aliases[_fill(rule["key"], value)] = key
                if key not in seen and rule.get("publication"):
                    seen.add(key)
                    f = {k: _fill(v, value) for k, v in rule["publication"].items()}
                    if value in (rule.get("titles") or {}):
                        f["title"] = rule["titles"][value]
                    if value in dates:
                        f["date"] = dates[value][:10]
                    if key in pubs:  # a references.csv row: the rule adds its series (grouping in source notes)
                        pubs[key] = replace(pubs[key], series=_str(f.get("series")), part=_pub(key, f).part)
                    else:
                        pubs[key] = _pub(key, f)
                for page in (by_page.setdefault((title, url), []), by_page_title.setdefault(title, [])):
                    if key not in page:
                        page.append(key)
    by_title: dict[str, list[str]] = {}
    title_rx = []
    for entry in m.get("publications") or []:
        key = aliases.get(entry["key"], entry["key"])
        base = pubs.get(key)
        fields = {k: entry[k] for k in _FIELDS if k in entry}
        if base is not None:  # a references.csv row or a column-named issue: the mapping adds pages (and fields)
            pubs[key] = replace(base, **{k: _str(v) if k != "part" else v for k, v in fields.items()},
                                read=base.read + tuple(entry.get("read") or ()))
        else:
            pubs[key] = _pub(key, fields, entry.get("read") or ())
        for t in entry.get("read") or []:
            by_title.setdefault(t, []).append(key)
        title_rx += [(re.compile(rx), key) for rx in entry.get("read_match") or []]
    return _Catalogue(pubs, by_title, by_page, by_page_title, title_rx, aliases)


_LOGGED: set[str] = set()


def _log_reads() -> None:
    """The mapping depends on bundled data files: a chapter citing records them as read (once per read log)."""
    import os

    from heilongjiang_newmedia.loading import datasets

    log = os.environ.get(datasets.READ_LOG_ENV, "")
    if log and log not in _LOGGED:
        _LOGGED.add(log)
        for f in mapping_files():
            if f.is_file():
                datasets.log_read(f)


def catalogue() -> dict[str, Publication]:
    """Every curated publication by key: references.csv rows, the mapping's entries and column-named issues."""
    _log_reads()
    return dict(_catalogue().pubs)


@lru_cache(maxsize=1)
def _aliases() -> dict[str, str]:
    return {_fill(rule["key"], str(v)): ref for rule in _mapping().get("columns") or []
            for v, ref in (rule.get("refs") or {}).items()}


def canonical(key: str) -> str:
    """A key as cited: a column-named issue that is a references.csv row cites the row (``cnnic-43`` -> ``R04``).
    Reads the mapping file only (no data file)."""
    return _aliases().get(key, key)


def keys_of(source: dict[str, Any] | str) -> list[str]:
    """The publication keys of a cited page (``{"title", "url", ...}``): the mapping's exact titles and patterns,
    then the data column rules; a page the mapping does not know is its own publication (``web-<hash>``)."""
    _log_reads()
    c = _catalogue()
    title = source if isinstance(source, str) else _str(source.get("title"))
    url = "" if isinstance(source, str) else _str(source.get("url"))
    keys = list(c.by_title.get(title, []))
    keys += [k for rx, k in c.title_rx if rx.search(title) and k not in keys]
    keys += [k for k in c.by_page.get((title, url), c.by_page_title.get(title, [])) if k not in keys]
    return keys or [page_publication(source).key]


_REMARK = re.compile(r"[（(][^（）()]*(?:转载|轉載|reprint|copy|mirror|镜像|鏡像|转述|摘录|translation|rendering|summary|"
                     r"GitHub|github|百科|汇编|spam|全文|record|export)[^（）()]*[）)]", re.I)


def page_publication(source: dict[str, Any] | str) -> Publication:
    """A page the mapping does not know, as its own publication: its title without copy remarks, its date; no
    address (the copies read are listed in REPLICATION.md)."""
    title = source if isinstance(source, str) else _str(source.get("title"))
    url = "" if isinstance(source, str) else _str(source.get("url"))
    date = "" if isinstance(source, str) else _str(source.get("date"))
    key = "web-" + hashlib.sha1(f"{title}\n{url}".encode()).hexdigest()[:10]
    clean = title
    for _ in range(3):
        clean = _REMARK.sub("", clean).strip(" -—:：")
    author = ""
    m = re.match(r"^([^：:（）()\d]{2,24})：\s*(.+)$", clean)
    if m:
        author, clean = m.group(1).strip(), m.group(2).strip()
    when = date if re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", date) else ""
    return Publication(key=key, author=author, title=clean or title, lang="zh" if CJK.search(clean) else "en",
                       date=when, curated=False)
