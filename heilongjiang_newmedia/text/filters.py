"""Filters and functions available in every text passage, printing values the book's way in the passage's language.

=================================  ===================================================================
``{{ x | num }}``                  a whole number: ``2153`` / ``2,153``
``{{ x | count("个", "accounts") }}``  a count with its unit: ``17.6万个`` / ``176,000 accounts`` (wording.count)
``{{ x | pct }}``                  a percentage 0-100: ``98.75%``
``{{ x | points }}``               a difference of percentages: ``1.5个百分点`` / ``1.5 percentage points``
``{{ x | score }}``                an index score: ``77.93``
``{{ n | rank(31) }}``             a competition rank: ``第25位（共31个）`` / ``25th of 31``
``{{ y | year }}``, ``{{ d | month }}``  ``2019年`` / ``2019``; ``2020年3月`` / ``March 2020``
``{{ a | years(b) }}``             a span of years: ``2015—2019年`` / ``2015–2019``
``{{ p | quarter }}``              a notice period: ``2024年第二季度`` / ``Q2 2024`` (``2018-11``: a month)
``{{ xs | listing }}``             ``浙江、广东和上海`` / ``Zhejiang, Guangdong and Shanghai``
``{{ x | name }}``                 a Chinese proper name; in English the gloss first and the Chinese once
                                   (``name(false)``: the gloss alone, where the Chinese was given already)
``{{ g | conf }}``                 a confidence grade: 高/中/低, high/medium/low
``{{ v | verdict }}``              an evidence verdict code as worded in ``text/scale.yaml``
``{{ o | outcome }}``              an audit outcome code as worded in ``text/scale.yaml``
``{{ s | quoted }}``               “s” (zh), "s" (en)
``{{ "P4" | term }}``              the thesis's name of a problem or countermeasure (``text/thesis_terms.yaml``)
``{{ "evidence-ratings" | ref }}``  the number of an exhibit of this chapter (``表4-6`` / ``Table 4.6``);
                                   ``"04_problems/evidence-ratings"`` for another chapter's
``{{ see("problems.P2.verdict") }}``  the exhibits a recorded finding rests on (``表4-5、表4-6``)
=================================  ===================================================================
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.text.terms import term
from heilongjiang_newmedia.text.markdown import Markdown, inert_markdown

__all__ = ["FILTERS", "GLOBALS", "scale", "verdict_label", "outcome_label", "exhibit_label"]


@lru_cache(maxsize=1)
def scale() -> dict[str, Any]:
    """The evidence scale and audit outcomes (``text/scale.yaml``)."""
    return read_yaml(Path(__file__).with_name("scale.yaml"))


def verdict_label(code: Any, lang: str) -> str:
    """The printed word of a verdict code (``not_supported`` -> 不支持 / not supported)."""
    verdicts = scale()["verdicts"]
    if code not in verdicts:
        raise ValueError(f"unknown verdict code {code!r}; the scale (text/scale.yaml) has {', '.join(verdicts)}")
    return verdicts[code][lang]


def outcome_label(code: Any, lang: str) -> str:
    outcomes = scale()["audit_outcomes"]
    if code not in outcomes:
        raise ValueError(f"unknown audit outcome {code!r}; text/scale.yaml has {', '.join(outcomes)}")
    return outcomes[code][lang]


def exhibit_label(chapter_number: int, kind: str, n: int, lang: str) -> str:
    """``表4-6`` / ``图3-1`` (zh), ``Table 4.6`` / ``Figure 3.1`` (en)."""
    if lang == "zh":
        return f"{'表' if kind == 'table' else '图'}{chapter_number}-{n}"
    return f"{'Table' if kind == 'table' else 'Figure'} {chapter_number}.{n}"


def _lang(ctx: Any) -> str:
    return ctx.get("lang", "zh")


def _value(x: Any) -> Any:
    return getattr(x, "value", x)


@jinja2.pass_context
def _num(ctx, x, digits: int = 0):
    x = _value(x)
    if W.is_missing(x):
        return W.missing(_lang(ctx))
    text = f"{float(x):,.{digits}f}" if digits else f"{round(float(x)):,d}"
    return text.replace(",", "") if _lang(ctx) == "zh" else text


@jinja2.pass_context
def _count(ctx, x, unit_zh: str = "", unit_en: str = "", digits: int = 2):
    return W.count(_value(x), _lang(ctx), unit_zh, unit_en, digits)


@jinja2.pass_context
def _pct(ctx, x, digits: int = 2):
    return W.percent(_value(x), _lang(ctx), digits)


@jinja2.pass_context
def _points(ctx, x, digits: int = 2):
    return W.points(_value(x), _lang(ctx), digits)


@jinja2.pass_context
def _score(ctx, x, digits: int = 2):
    return W.score(_value(x), _lang(ctx), digits)


@jinja2.pass_context
def _rank(ctx, n, of=None):
    return W.rank(_value(n), _value(of), _lang(ctx))


@jinja2.pass_context
def _year(ctx, y):
    return W.year(_value(y), _lang(ctx))


@jinja2.pass_context
def _years(ctx, a, b):
    return W.year_span(_value(a), _value(b), _lang(ctx))


@jinja2.pass_context
def _quarter(ctx, p):
    return W.quarter(_value(p), _lang(ctx))


@jinja2.pass_context
def _month(ctx, d):
    return W.month(_value(d), _lang(ctx))


@jinja2.pass_context
def _listing(ctx, items: Iterable[Any]):
    return Markdown(W.listing([i if isinstance(i, Markdown) else inert_markdown(i) for i in _value(items)], _lang(ctx)))


@jinja2.pass_context
def _name(ctx, x, chinese: bool = True):
    return W.name(_value(x), _lang(ctx), chinese)


@jinja2.pass_context
def _conf(ctx, g):
    return W.confidence(_value(g), _lang(ctx))


@jinja2.pass_context
def _verdict(ctx, code):
    return verdict_label(_value(code), _lang(ctx))


@jinja2.pass_context
def _outcome(ctx, code):
    return outcome_label(_value(code), _lang(ctx))


@jinja2.pass_context
def _term(ctx, code):
    return term(_value(code), _lang(ctx))


@jinja2.pass_context
def _quoted(ctx, s):
    s = _value(s)
    s = s if isinstance(s, Markdown) else inert_markdown(s)
    return Markdown(f"“{s}”" if _lang(ctx) == "zh" else f'"{s}"')


def _exhibit(ctx, x) -> dict[str, Any]:
    """An exhibit reference (a manifest entry, an :class:`ExhibitRef` or an exhibit id made before this passage) as
    ``{"chapter", "kind", "n"}``."""
    if not (isinstance(x, Mapping) or hasattr(x, "chapter")):
        exhibits = ctx.get("_exhibits") or {}
        key = str(x)
        if key not in exhibits:
            raise jinja2.UndefinedError(f"no exhibit {key!r} made before this passage (exhibits so far: "
                                        f"{', '.join(sorted(k for k in exhibits if '/' not in k)) or 'none'})")
        x = exhibits[key]
    return x if isinstance(x, Mapping) else {"chapter": x.chapter, "kind": x.kind, "n": x.n}


def _ref_of(ctx, x) -> str:
    d = _exhibit(ctx, x)
    return exhibit_label(int(str(d["chapter"])[:2]), d["kind"], int(d["n"]), _lang(ctx))


@jinja2.pass_context
def _ref(ctx, x):
    return _ref_of(ctx, x)


@jinja2.pass_context
def _see(ctx, key: str):
    """The exhibits a finding rests on, as exhibit numbers joined the book's way."""
    namespace, _, rest = str(key).partition(".")
    records = ctx.get("_findings") or {}
    if namespace not in records:
        raise jinja2.UndefinedError(f"see({key!r}): no findings of {namespace!r} are available here")
    finding = records[namespace][rest]
    sep = "、" if _lang(ctx) == "zh" else ", "
    return sep.join(dict.fromkeys(_ref_of(ctx, x) for x in sorted(finding.exhibits, key=lambda x: _order(ctx, x))))


@jinja2.pass_context
def _balance(ctx, n_for, n_against):
    """The independent observations for and against a verdict, in words (``text/scale.yaml``, ``balance``): a side
    with none is said so ("没有反面观测"), never "0项"."""
    b, lang = scale()["balance"], _lang(ctx)
    nf, na = int(_value(n_for) or 0), int(_value(n_against) or 0)
    if not nf and not na:
        return b["both_none"][lang]
    left = b["for"][lang].format(**{"for": nf}) if nf else b["for_none"][lang]
    right = b["against"][lang].format(against=na) if na else b["against_none"][lang]
    return left + b["join"][lang] + right


def _order(ctx, x) -> tuple:
    """An exhibit's place in the book (chapter, tables before figures, number), so that references read in order."""
    d = _exhibit(ctx, x)
    return (int(str(d["chapter"])[:2]), str(d["kind"]) != "table", int(d["n"]))


FILTERS = {"num": _num, "count": _count, "pct": _pct, "points": _points, "score": _score, "rank": _rank,
           "year": _year, "years": _years, "quarter": _quarter, "month": _month, "listing": _listing, "name": _name, "conf": _conf, "verdict": _verdict,
           "outcome": _outcome, "quoted": _quoted, "term": _term, "ref": _ref, "balance": _balance}
GLOBALS = {"see": _see, "scale": scale()}
