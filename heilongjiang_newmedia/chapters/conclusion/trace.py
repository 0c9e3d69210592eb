"""The traceability table (结论出处对照表): one row per finding that chapter 7 and the executive summary state, with
the owning chapter's one-line statement of it (passage ``finding.<key>``), the value as printed, the exhibits it rests
on and, only where a shown figure rests on a low-confidence row, the mark "low".

The rows, in order, are ``tables/statements.yaml``; a key that its chapter did not record (an optional one) is left
out. The book moves the table to its appendix (:mod:`heilongjiang_newmedia.reporting.book`).
"""
from __future__ import annotations

import html
import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.text.filters import exhibit_label, outcome_label, verdict_label
from heilongjiang_newmedia.text.statements import finding_statement
from heilongjiang_newmedia.text.terms import thesis_terms

__all__ = ["statement_keys", "labels", "printed_value", "trace_rows", "trace_table", "trace_html", "section_html"]

#: column widths of the traceability table (statement, value, exhibits, confidence), % of the text width, by
#: language: the print lays the table out at exactly these widths (report.css), so each column must hold its
#: header's longest word ("Confidence" needs 13 %)
WIDTHS = {"zh": (50, 24, 16, 10), "en": (47, 22, 18, 13)}

TABLES = Path(__file__).with_name("tables")


@lru_cache(maxsize=1)
def statement_keys() -> list[str]:
    """The findings chapter 7 and the summary state, in order (``tables/statements.yaml``)."""
    return [str(k) for k in read_yaml(TABLES / "statements.yaml")]


@lru_cache(maxsize=1)
def labels() -> dict[str, Any]:
    """Chapter 7's labels (``tables/labels.yaml``) with the problem and countermeasure names of
    ``text/thesis_terms.yaml``."""
    return {**read_yaml(TABLES / "labels.yaml"), **thesis_terms()}


def _names(group: str, codes: list[Any], lang: str) -> str:
    names = labels()[group]
    return W.listing([names[str(c)][lang] if str(c) in names else str(c) for c in codes], lang)


def printed_value(finding: Any, lang: str) -> str:
    """A finding's value as the book prints it: a verdict or outcome word, a rank with its total, a count, a
    percentage, a month, years, a list of names or a number of items, a target with its year, or "—" for a value the
    data do not hold."""
    v, kind, d = finding.value, finding.kind, finding.detail
    if kind == "target":
        year = W.pick(lang, f"（{W.year(d.get('year'), lang)}）", f" ({d.get('year')})")
        if v is None:
            return labels()["after_baseline"][lang] + year
        return (W.percent(v, lang) if finding.unit == "%" else W.score(v, lang)) + year
    if v is None:
        return "—"
    if kind == "verdict":
        return verdict_label(v, lang)
    if kind == "outcome":
        return outcome_label(v, lang)
    if kind == "rank":
        return W.rank(v, d.get("of"), lang)
    if kind == "count":
        return W.count(v, lang)
    if kind == "share" or finding.unit == "%":
        return W.percent(v, lang)
    if kind == "order":
        return _names("countermeasures", list(v), lang)
    if kind == "list":
        if v and all(isinstance(x, int) for x in v):
            return W.listing([W.year(x, lang) for x in v], lang)
        return W.count(len(v), lang)
    if kind == "code":
        if str(v) in labels()["cost"]:
            return labels()["cost"][str(v)][lang]
        if re.fullmatch(r"\d{4}-\d{2}", str(v)):
            return W.month(v, lang)
        return str(v)
    return W.score(v, lang)


def trace_rows(records: Mapping[str, Any], lang: str) -> pd.DataFrame:
    """One row per stated finding that is recorded: ``key`` (namespace.key), ``statement`` (the owning chapter's
    sentence, passage ``finding.<key>``, plain text), ``value``, ``exhibits`` (exhibit numbers) and ``low``
    (bool)."""
    rows = []
    for full in statement_keys():
        ns, _, key = full.partition(".")
        if ns not in records:
            raise KeyError(f"the traceability table needs the findings of chapter {ns!r}")
        rec = records[ns]
        if key not in rec:
            continue
        f = rec[key]
        text = str(finding_statement(rec, key, lang, records=records)).strip()
        sep = "、" if lang == "zh" else ", "
        refs = sep.join(dict.fromkeys(exhibit_label(x.chapter_number, x.kind, x.n, lang) for x in f.exhibits if x.n))
        rows.append({"key": full, "statement": _plain(text), "value": printed_value(f, lang), "exhibits": refs,
                     "low": bool(f.low_confidence)})
    return pd.DataFrame(rows, columns=["key", "statement", "value", "exhibits", "low"])


def _plain(md: str) -> str:
    """A one-line statement without Markdown escapes or emphasis (a table cell)."""
    text = re.sub(r"\\([\\`*_\[\]()!#|~:{}])", r"\1", md).replace("**", "")
    return html.unescape(" ".join(text.split()))


def trace_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The display table: statement, value, exhibits, and the low-confidence mark only where it applies."""
    lab = labels()
    cols = [lab["columns"][k][lang] for k in ("statement", "value", "exhibits", "low")]
    return pd.DataFrame({cols[0]: rows["statement"], cols[1]: rows["value"],
                         cols[2]: rows["exhibits"].replace("", "—"),
                         cols[3]: [lab["low"][lang] if x else "" for x in rows["low"]]})


def trace_html(table: pd.DataFrame, lang: str = "zh") -> str:
    """The display table as HTML with the column widths of ``lang`` (:data:`WIDTHS`; no index, no index-name row)."""
    body = table.to_html(index=False, border=0, escape=True, classes="exhibit-table trace-table")
    cols = "".join(f'<col style="width:{w}%">' for w in WIDTHS[lang])
    return body.replace(">", f"><colgroup>{cols}</colgroup>", 1)


def section_html(cls: str, heading: str, parts: list[str]) -> str:
    """A ``<section class="cls">`` the book can move (executive summary, traceability table): an ``<h1>`` heading
    (a part of the book, with its own bookmark) and the given parts (Markdown passages, converted; HTML kept as is)."""
    import mistune

    md = mistune.create_markdown(escape=False)
    body = "".join(p if p.lstrip().startswith("<") else md(p) for p in parts)
    return f'<section class="{html.escape(cls, quote=True)}"><h1>{html.escape(heading)}</h1>{body}</section>'
