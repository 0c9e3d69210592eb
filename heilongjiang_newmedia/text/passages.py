"""The researcher's text files: passages with named fields and simple conditions, rendered to Markdown.

A chapter's prose lives in ``chapters/<name>/text/zh.md`` and ``en.md`` (the book's own in ``text/book/``), in
reading order. Each passage starts with a marker line and runs to the next one::

    <!-- passage: ratings -->
    就{{ province }}而言，“{{ problem.name }}”{{ problems.P2.verdict | verdict }}。
    {% if problems.P2.n_against > 0 %}反面观测有{{ problems.P2.n_against }}项。{% endif %}

Anything before the first marker, and any other ``<!-- ... -->`` comment, is a note to the researcher and never
printed. Fields are Jinja2 expressions (``{{ name }}``, ``{{ name | filter }}``, ``{% if %}``, ``{% for %}``); a field
that is not supplied stops the build with the file, passage and line (StrictUndefined). Filters (:mod:`.filters`)
print numbers, ranks, percentages, lists, names, verdicts and exhibit numbers the book's way in the file's language.

After rendering: lines of one paragraph are joined (no space between Chinese characters, so a researcher can wrap
lines anywhere), citations ``[@P01]`` / ``[@P01; @S03]`` become reference markers that the build numbers in order of
first citation (:func:`cite_marker`), and data strings interpolated into the text are made inert (no Markdown or HTML
from data).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta

from heilongjiang_newmedia.text.markdown import Markdown, inert_markdown

__all__ = ["TextError", "TextSource", "read_text", "render", "passage_fields", "join_lines", "cite_marker",
           "CITE_RE", "PASSAGE_RE"]

PASSAGE_RE = re.compile(r"^<!--\s*passage:\s*([A-Za-z0-9][A-Za-z0-9._*-]*)\s*-->[ \t]*$", re.M)
_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
#: ``[@P01]``, ``[@P01; @S03]``, ``[@P01, @S03]``
CITE_RE = re.compile(r"\[@([A-Za-z0-9_-]+)((?:\s*[;,]\s*@[A-Za-z0-9_-]+)*)\]")
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_BLOCK_START = re.compile(r"^\s*([-*+]\s|\d+[.)]\s|\||#|>|<(?!cite\b))")


class TextError(ValueError):
    """A text file that cannot be read or a passage that cannot be rendered; names the file, passage and line."""


@dataclass(frozen=True)
class TextSource:
    """The passages of one text file: ``path``, ``lang``, ``passages`` (name -> template) and ``lines`` (name ->
    line number of its marker, for messages)."""

    path: Path
    lang: str
    passages: Mapping[str, str]
    lines: Mapping[str, int]

    def __contains__(self, name: str) -> bool:
        return name in self.passages

    def label(self, name: str) -> str:
        return f"{self.path}, passage {name!r} (line {self.lines.get(name, '?')})"


def _parse(path: Path, lang: str, text: str) -> TextSource:
    passages: dict[str, str] = {}
    lines: dict[str, int] = {}
    marks = list(PASSAGE_RE.finditer(text))
    for i, m in enumerate(marks):
        name = m.group(1)
        if name in passages:
            raise TextError(f"{path}: passage {name!r} defined twice (lines {lines[name]} and "
                            f"{text.count(chr(10), 0, m.start()) + 1})")
        end = marks[i + 1].start() if i + 1 < len(marks) else len(text)
        passages[name] = text[m.end():end].strip("\n")
        lines[name] = text.count("\n", 0, m.start()) + 1
    return TextSource(path=path, lang=lang, passages=passages, lines=lines)


@lru_cache(maxsize=64)
def _read_cached(path: str, mtime_ns: int, lang: str) -> TextSource:
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise TextError(f"{p}: not UTF-8 text ({exc.reason} at byte {exc.start}); save it as UTF-8") from None
    return _parse(p, lang, text.replace("\r\n", "\n"))


def read_text(folder: str | Path, lang: str) -> TextSource:
    """The passages of ``<folder>/<lang>.md`` (``folder`` is a chapter's ``text/`` folder)."""
    path = Path(folder) / f"{lang}.md"
    if not path.is_file():
        raise TextError(f"no text file {path} (each chapter keeps its prose in text/zh.md and text/en.md)")
    return _read_cached(str(path), path.stat().st_mtime_ns, lang)


# ---------------------------------------------------------------------------------------------------- rendering
def _finalize(value: Any) -> Any:
    """How an interpolated value is printed: Markdown as is, data strings inert, floats trimmed to 2 decimals."""
    if isinstance(value, Markdown):
        return value
    if isinstance(value, str):
        return inert_markdown(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text
    return value


@lru_cache(maxsize=4)
def environment(lang: str) -> jinja2.Environment:
    """The Jinja2 environment of one language: strict fields, block tags on their own lines vanish, the book's
    filters (:mod:`.filters`)."""
    from heilongjiang_newmedia.text import filters

    env = jinja2.Environment(undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             autoescape=False, finalize=_finalize, keep_trailing_newline=False)
    env.filters.update(filters.FILTERS)
    env.globals.update(filters.GLOBALS)
    env.globals["lang"] = lang
    return env


def cite_marker(ids: list[str]) -> str:
    """The marker a citation becomes: ``<cite class="ref" data-refs="P01 S03">[P01, S03]</cite>``; the build replaces
    its text by the reference numbers (order of first citation)."""
    return f'<cite class="ref" data-refs="{" ".join(ids)}">[{", ".join(ids)}]</cite>'


def _citations(text: str) -> str:
    def repl(m: re.Match) -> str:
        ids = [m.group(1)] + re.findall(r"@([A-Za-z0-9_-]+)", m.group(2) or "")
        return cite_marker(ids)

    return CITE_RE.sub(repl, text)


def join_lines(text: str) -> str:
    """Join the lines of each paragraph: no space between Chinese characters or punctuation, one space otherwise;
    list items, table rows, headings and block quotes keep their own lines; blank lines separate paragraphs."""
    out_blocks = []
    for block in re.split(r"\n[ \t]*\n", text.strip("\n")):
        lines = [ln.rstrip() for ln in block.split("\n") if ln.strip()]
        joined: list[str] = []
        for ln in lines:
            if not joined or _BLOCK_START.match(ln) or _BLOCK_START.match(joined[-1]) and joined[-1].lstrip()[:1] in "|#":
                joined.append(ln)
                continue
            prev, cur = joined[-1], ln.strip()
            if re.search(f"[{_CJK}]$", prev) or re.match(f"[{_CJK}]", cur):
                joined[-1] = prev + cur
            else:
                joined[-1] = prev + " " + cur
        if joined:
            out_blocks.append("\n".join(joined))
    return "\n\n".join(out_blocks)


def render(source: TextSource, name: str, values: Mapping[str, Any]) -> Markdown:
    """Passage ``name`` of ``source`` filled with ``values``, as Markdown ready for display."""
    if name not in source.passages:
        raise TextError(f"{source.path}: no passage {name!r} (passages: {', '.join(sorted(source.passages)) or 'none'})")
    env = environment(source.lang)
    try:
        template = env.from_string(_COMMENT_RE.sub("", source.passages[name]))
        text = template.render({**values, "lang": source.lang})
    except jinja2.UndefinedError as exc:
        raise TextError(f"{source.label(name)}: {exc.message}; fields given: "
                        f"{', '.join(sorted(k for k in values if not k.startswith('_'))) or 'none'}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise TextError(f"{source.path}, passage {name!r} (line {source.lines.get(name, 0) + (exc.lineno or 0)}): "
                        f"{exc.message}") from None
    return Markdown(_citations(join_lines(text)))


def passage_fields(source: TextSource, name: str) -> set[str]:
    """The top-level field names passage ``name`` uses (for the test that every named field exists)."""
    env = environment(source.lang)
    ast = env.parse(_COMMENT_RE.sub("", source.passages[name]))
    return set(jinja2.meta.find_undeclared_variables(ast)) - set(env.globals)
