"""The change report worded for a supervisor, in the new version's language: ``changes.html``, ``changes.pdf``
(WeasyPrint, :mod:`.pdf`) and ``changes.docx`` (:mod:`.docx_book`) in the new reports folder, and a short summary
for the terminal.

Every sentence comes from ``text/changes/<lang>.md``; dataset titles, parameter names, column names and coded values
from the glossaries beside it (``datasets.csv``, ``parameters.csv``, ``columns.csv``, ``values.csv``); chapters
by their printed titles, exhibits by number and title, findings by the owning chapter's statement passage.
"""
from __future__ import annotations

import csv
import html
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.reporting.changes import Changes
from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.text.passages import read_text, render

TEXT_DIR = Path(__file__).resolve().parents[1] / "text" / "changes"
MAX_ITEMS = 12  # rows or cells listed per table or exhibit; the rest are counted
e = html.escape
_CSS = """
article.changes ins.diff-ins { color: #1a6b2f; background: #e3f4e6; text-decoration: underline; }
article.changes del.diff-del { color: #a3262a; background: #fbe3e4; text-decoration: line-through; }
article.changes p.versions { font-weight: bold; }
article.changes li { margin: .2rem 0; }
"""


@lru_cache(maxsize=8)
def _glossary(name: str) -> dict[str, dict[str, str]]:
    with open(TEXT_DIR / f"{name}.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    key = "name" if "name" in rows[0] else None
    return {(r[key] if key else f"{r['parameter']}={r['value']}"): r for r in rows}


def gloss(table: str, name: str, lang: str) -> str:
    """A name's printed form from a glossary (the name itself, words separated, when it has none)."""
    row = _glossary(table).get(name)
    return row[lang] if row else name.replace("_", " ")


def say(lang: str, passage: str, **values: Any) -> str:
    """A passage of ``text/changes/<lang>.md`` as plain text (Markdown escapes undone)."""
    md = render(read_text(TEXT_DIR, lang), passage, values)
    return html.unescape(re.sub(r"\\([\\`*_\[\]()!#|~:{}<>-])", r"\1", str(md))).strip()


# -- values ------------------------------------------------------------------------------------------------------
def param_value(name: str, value: Any, lang: str) -> str:
    """A parameter's value as a reader reads it (provinces and countries by name, years, coded choices)."""
    if value is None or value == []:
        return say(lang, "not_set")
    if name in ("province", "benchmarks", "peers"):
        from heilongjiang_newmedia.loading.regions import resolve_province

        names = []
        for v in (value if isinstance(value, list) else [value]):
            try:
                p = resolve_province(v)
                names.append(p.zh if lang == "zh" else p.en)
            except (KeyError, ValueError):
                names.append(str(v))
        return W.listing(names, lang)
    if name == "countries":
        return W.listing([W.country(str(c), lang) for c in value], lang)
    if name.endswith("year") and isinstance(value, int):
        return W.year(value, lang)
    if f"{name}={value}" in _glossary("values"):
        return _glossary("values")[f"{name}={value}"][lang]
    if isinstance(value, list):
        if value and isinstance(value[0], list):
            return "；".join(" ".join(str(x) for x in row) for row in value) if lang == "zh" else \
                "; ".join(" ".join(str(x) for x in row) for row in value)
        return W.listing([str(v) for v in value], lang)
    return str(value)


def finding_value(f, lang: str) -> str:
    """A finding's value printed by its kind (verdict and outcome words, ranks, counts, shares, targets, lists)."""
    from heilongjiang_newmedia.text.filters import outcome_label, verdict_label

    if f is None or f.value is None:
        return say(lang, "empty_value")
    v, d = f.value, dict(f.detail)
    if f.kind == "verdict":
        return verdict_label(v, lang)
    if f.kind == "outcome":
        return outcome_label(v, lang)
    if f.kind == "rank":
        return W.rank(v, d.get("of"), lang)
    if f.kind == "share":
        return W.percent(v, lang)
    if f.kind == "count":
        return W.count(v, lang)
    if f.kind == "target":
        return f"{W.count(v, lang) if isinstance(v, (int, float)) else v}" + (
            f"（{W.year(d['year'], lang)}）" if lang == "zh" and d.get("year") else
            f" ({W.year(d['year'], lang)})" if d.get("year") else "")
    if f.kind in ("order", "list"):
        return W.listing([str(x) for x in (v if isinstance(v, list) else [v])], lang)
    if isinstance(v, float):
        return W.count(v, lang)
    return str(v)


def _statement(ch: Changes, item: dict[str, Any]) -> str:
    from heilongjiang_newmedia.text import TextError
    from heilongjiang_newmedia.text.statements import finding_statement

    lang, stem = ch.new.lang, item["stem"]
    version = ch.new if item["new"] is not None else ch.old
    record = version.findings[stem]
    records = {r.namespace: r for r in version.findings.values()}
    try:
        md = finding_statement(record, item["key"], lang, records=records)
        return html.unescape(re.sub(r"<[^>]+>", "", re.sub(r"\\(.)", r"\1", str(md)))).strip()
    except (FileNotFoundError, KeyError, TextError):
        sep = "：" if lang == "zh" else ": "
        return f"{version.titles.get(stem, stem)}{sep}{item['key'].replace('.', ' ').replace('_', ' ')}"


def _exhibit_refs(ch: Changes, f) -> str:
    if f is None:
        return ""
    labels = []
    for ref in f.exhibits:
        manifest = ch.new.manifests.get(ref.chapter) or ch.old.manifests.get(ref.chapter) or {}
        x = next((x for x in manifest.get("exhibits", []) if x["id"] == ref.id), None)
        if x is not None:
            labels.append(x["number"])
    return W.listing(labels, ch.new.lang)


def _row_text(row: dict[str, str], key: list[str], lang: str) -> str:
    """A data row named by its identifying columns (readable ones where the table has them)."""
    glossary = _glossary("columns")
    names = [c for c in row if (glossary.get(c) or {}).get("role") == "label" and row.get(c)]
    if lang == "en":
        names = [c for c in names if not c.endswith("_zh") or f"{c[:-3]}_en" not in row]
    names = names or [k for k in key if k not in ("source_url",)] or list(row)[:3]
    sep = "；" if lang == "zh" else "; "
    colon = "：" if lang == "zh" else " "
    return sep.join(f"{gloss('columns', c, lang)}{colon}{row[c]}" for c in names[:4])


def _source(row: dict[str, str], lang: str) -> str:
    title, date = row.get("source_title", ""), row.get("source_date", "")
    return (f"{title}（{date}）" if lang == "zh" else f"{title} ({date})") if date else title


# -- the page ----------------------------------------------------------------------------------------------------
def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items else ""


def _more(lang: str, items: list[str], total: int) -> list[str]:
    return items + ([e(say(lang, "more", n=total - len(items)))] if total > len(items) else [])


def date_words(date: str, lang: str) -> str:
    """``2026年5月19日`` / ``19 May 2026`` (also ``YYYY`` and ``YYYY-MM``)."""
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", str(date))
    if not m:
        return str(date)
    y, mo, d = m.groups()
    if lang == "zh":
        return f"{y}年" + (f"{int(mo)}月" if mo else "") + (f"{int(d)}日" if d else "")
    import calendar

    return (f"{int(d)} " if d else "") + (f"{calendar.month_name[int(mo)]} " if mo else "") + y


def _version_name(v, lang: str) -> str:
    return v.label or say(lang, "unlabelled", date=date_words(v.date, lang))


def body_html(ch: Changes) -> str:
    """The change report's body (``<article>``)."""
    lang = ch.new.lang
    title = say(lang, "title")
    out = [f'<article class="chapter changes" data-title="{e(title)}"><h1>{e(title)}</h1>',
           f'<p class="versions">{e(say(lang, "versions", new=_version_name(ch.new, lang), old=_version_name(ch.old, lang)))}</p>']
    if ch.empty:
        out.append(f"<p>{e(say(lang, 'no_change'))}</p></article>")
        return "".join(out)
    none = f"<p>{e(say(lang, 'none'))}</p>"
    out.append(f"<p>{e(say(lang, 'intro'))}</p><h2>{e(say(lang, 'section.inputs'))}</h2>")
    out.append(f"<h3>{e(say(lang, 'heading.params'))}</h3>")
    out.append(_ul([e(say(lang, "param", label=gloss("parameters", n, lang), old=param_value(n, a, lang),
                          new=param_value(n, b, lang))) for n, a, b in ch.params]) or none)
    out.append(f"<h3>{e(say(lang, 'heading.data'))}</h3>")
    out.append(_ul([_table_item(t, lang) for t in ch.tables]) or none)
    out.append(f"<h3>{e(say(lang, 'heading.version'))}</h3>")
    if ch.version:
        v = ch.version
        text = say(lang, "code.changed", version=v["new"]) if v["code_only"] else \
            say(lang, "version.changed", old=v["old"], new=v["new"])
        out.append(f"<p>{e(text)}</p>")
    else:
        out.append(none)
    out.append(f"<h2>{e(say(lang, 'section.findings'))}</h2>")
    out.append(_by_chapter(ch, [(f["stem"], _finding_item(ch, f)) for f in ch.findings]) or none)
    out.append(f"<h2>{e(say(lang, 'section.exhibits'))}</h2>")
    out.append(_by_chapter(ch, [(x["stem"], _exhibit_item(x, lang)) for x in ch.exhibits]) or none)
    out.append(f"<h2>{e(say(lang, 'section.text'))}</h2>")
    if any(ch.text.values()):
        out.append(f'<p class="muted">{e(say(lang, "legend"))}</p>')
        for stem, changes in ch.text.items():
            out.append(f"<h3>{e(ch.new.titles.get(stem) or ch.old.titles.get(stem, stem))}</h3>")
            for kind in ("changed", "added", "removed"):
                paras = [c.html for c in changes if c.kind == kind]
                if paras:
                    out.append(f"<h4>{e(say(lang, f'text.{kind}'))}</h4>"
                               + "".join(f'<p class="diff-para">{p}</p>' for p in paras))
    else:
        out.append(none)
    out.append("</article>")
    return "".join(out)


def _by_chapter(ch: Changes, items: list[tuple[str, str]]) -> str:
    out, stems = [], list(dict.fromkeys(s for s, _ in items))
    for stem in stems:
        out.append(f"<h3>{e(ch.new.titles.get(stem) or ch.old.titles.get(stem, stem))}</h3>")
        out.append(_ul([i for s, i in items if s == stem]))
    return "".join(out)


def _table_item(t: dict[str, Any], lang: str) -> str:
    title = gloss("datasets", t["name"], lang)
    if t["status"] == "new":
        return e(say(lang, "table.new", title=title, rows=t["rows"]))
    if t["status"] == "dropped":
        return e(say(lang, "table.dropped", title=title))
    head = e(say(lang, "table.changed", title=title, added=len(t["added"]), removed=len(t["removed"]),
                 changed=len(t["changed"])))
    rows = [e(say(lang, "row.added", row=_row_text(r, t["key"], lang), source=_source(r, lang))) for r in t["added"]]
    rows += [e(say(lang, "row.removed", row=_row_text(r, t["key"], lang), source=_source(r, lang)))
             for r in t["removed"]]
    sep = "，" if lang == "zh" else ", "
    for a, b in t["changed"]:
        cells = sep.join(say(lang, "cell", column=gloss("columns", c, lang), old=a.get(c, ""), new=b.get(c, ""))
                         for c in b if a.get(c) != b.get(c))
        rows.append(e(say(lang, "row.changed", row=_row_text(b, t["key"], lang), cells=cells, source=_source(b, lang))))
    total = len(rows)
    return head + _ul(_more(lang, rows[:MAX_ITEMS], total))


def _finding_item(ch: Changes, f: dict[str, Any]) -> str:
    lang = ch.new.lang
    statement = _statement(ch, f)
    refs = _exhibit_refs(ch, f["new"] or f["old"])
    if f["old"] is None:
        return e(say(lang, "finding.added", statement=statement, new=finding_value(f["new"], lang), exhibits=refs))
    if f["new"] is None:
        return e(say(lang, "finding.removed", statement=statement, old=finding_value(f["old"], lang)))
    return e(say(lang, "finding.changed", statement=statement, old=finding_value(f["old"], lang),
                 new=finding_value(f["new"], lang), exhibits=refs))


_IDENTIFIER = re.compile(r"[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+")


def _figure(v: str) -> str:
    """A data value as a reader reads it: long binary fractions cut to four significant digits."""
    try:
        x = float(v)
    except ValueError:
        return v
    if "." not in v or "e" in v.lower():
        return v
    whole, frac = v.split(".", 1)
    if not frac.strip("0"):
        return whole
    return v if len(frac) <= 4 else f"{x:.4g}" if abs(x) < 1e4 else f"{x:.0f}"


def _exhibit_item(x: dict[str, Any], lang: str) -> str:
    number, title = x["exhibit"].get("number", ""), x["exhibit"].get("title", "")
    if x["status"] != "changed":
        return e(say(lang, f"exhibit.{x['status']}", number=number, title=title))
    head = e(say(lang, "exhibit.changed", number=number, title=title, cells=len(x["cells"]), added=len(x["added"]),
                 removed=len(x["removed"])))
    empty = say(lang, "empty_value")
    columns = _glossary("columns")
    items, hidden = [], 0
    for r, c, a, b in x["cells"]:
        column = c if x["shown"] else gloss("columns", c, lang) if c in columns else c
        if _IDENTIFIER.fullmatch(r) or _IDENTIFIER.fullmatch(column):  # data labels that are codes: counted only
            hidden += 1
            continue
        items.append(e(say(lang, "exhibit.cell", row=r, column=column, old=_figure(a) or empty,
                           new=_figure(b) or empty)))
    for kind in ("added", "removed"):
        for r in x[kind]:
            if _IDENTIFIER.fullmatch(r):
                hidden += 1
            else:
                items.append(e(say(lang, f"exhibit.row_{kind}", row=r)))
    shown = items[:MAX_ITEMS]
    return head + _ul(_more(lang, shown, len(shown) + len(items[MAX_ITEMS:]) + hidden))


def page_html(ch: Changes) -> str:
    """The complete ``changes.html`` (before the font is embedded)."""
    from heilongjiang_newmedia.reporting.render import css_text

    lang = ch.new.lang
    title = say(lang, "title")
    return (f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{e(title)}</title>\n<meta name="dcterms.created" content="{ch.new.date}">\n'
            f'<meta name="dcterms.modified" content="{ch.new.date}">\n<style>\n{css_text()}\n{_CSS}</style>\n'
            f"</head>\n<body>\n{body_html(ch)}\n</body>\n</html>\n")


def summary_text(ch: Changes) -> str:
    """The terminal summary: one line of counts (or "no change") and the changed inputs."""
    lang = ch.new.lang
    if ch.empty:
        return say(lang, "summary.none")
    lines = [say(lang, "summary", params=len(ch.params), tables=len(ch.tables), findings=len(ch.findings),
                 exhibits=len(ch.exhibits), paragraphs=sum(len(v) for v in ch.text.values()))]
    lines += ["  " + say(lang, "param", label=gloss("parameters", n, lang), old=param_value(n, a, lang),
                         new=param_value(n, b, lang)) for n, a, b in ch.params]
    lines += ["  " + re.sub(r"<[^>]+>.*", "", html.unescape(_table_item(t, lang))) for t in ch.tables]
    return "\n".join(lines)


def write_reports(ch: Changes) -> list[Path]:
    """``changes.html``, ``changes.pdf`` and ``changes.docx`` in the new version's folder (each written whole,
    then renamed into place)."""
    from heilongjiang_newmedia.reporting.docx_book import WordDocument
    from heilongjiang_newmedia.reporting.pdf import write_pdf
    from heilongjiang_newmedia.reporting.webfont import embed_webfont

    folder, lang = ch.new.folder, ch.new.lang
    page = page_html(ch)
    paths = [folder / "changes.html", folder / "changes.pdf", folder / "changes.docx"]
    tmp = [p.with_name(f".{p.name}.tmp") for p in paths]
    try:
        tmp[0].write_text(embed_webfont(page), encoding="utf-8")
        write_pdf(page, tmp[1], folder, "change report")
        doc = WordDocument(lang, say(lang, "title"), ch.new.label, ch.new.date, [page], cover=False)
        doc.writer.convert(body_html(ch))
        tmp[2].write_bytes(doc.to_bytes())
        for t, p in zip(tmp, paths):
            os.replace(t, p)
    finally:
        for t in tmp:
            t.unlink(missing_ok=True)
    return paths
