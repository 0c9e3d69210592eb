"""Reader's-text checks: machine text and the wrong language in what a reader of a report sees.

:func:`visible_blocks` splits a report page into the text blocks a reader sees (paragraphs, list items, table cells,
captions, headings), each with where it stands (section heading, exhibit number). Not visible or not the report's
own words, and so skipped: ``<script>``, ``<style>``, code blocks (``<pre>``: the code cells of ``--show-code``;
``<code>`` inside prose is read and checked),
HTML attributes, and **citations** -- the source line under exhibits (``p.source-note``; the caution and the exhibit's
note that follow it, ``p.exhibit-note``, are checked), the screen-only list of pages
read (``details.source-pages``) and the appendix's reference entries (``.ref-list``) -- whose source titles may
stay in their original language and may contain file names of the sources themselves.

The rules (each finding names the offending token or run):

* :func:`machine_text` -- an identifier (a token with an underscore: ``online_service_index_2019``), a file path
  (``data/raw/…``, ``exhibits/…``, or any ``a/b.csv``-like path with a file extension), a dotted module or call
  (``mcda.entropy_weights``, ``priorities(``), the CLI (``hlj-newmedia``, ``--lang``, ``-p name=``), or a Python
  literal (``True``, ``False``, ``None``, ``NaN``). URLs (``http…``) are not checked.
* :func:`english_in_zh` -- in a Chinese report, a run of three or more Latin words (letters, digits, ``-``, ``'``)
  separated by spaces that contains an English function word (the, of, and, in, on, for, to, with, by, from, is,
  are, was, were, per, than) or a report label left in English (high, medium, low, yes, no, percent, websites,
  accounts, rank, grade, confidence, source, note, data, value, unit); or such a label word standing alone between
  Chinese text (``可信度：medium``). Names and acronyms (EGDI, ``UN E-Government Survey``, Twiplomacy) pass.
* :func:`package_text` -- the package's own modules and files (``heilongjiang_newmedia``, ``data_tables``,
  ``data/raw``): checked in citations too, since a package file is not a source.
* :func:`chinese_in_en` -- in an English report, any Chinese character outside a parenthesised gloss of at most 16
  characters right after English text (``the provincial notice (通报)``).
* :func:`register_zh` -- 本项目 (the book says 本研究 or 本书).
* :func:`file_words` -- the data's files named to the reader: 数据文件 (另一数据文件), CSV, ``.csv``, dataset, data file
  (the screen-only download line under an exhibit, ``p.exhibit-data``, names its format and is not checked).
* :func:`space_after_cjk_punctuation` -- a space after Chinese punctuation (，。；：、！？）」』】).
* :func:`ascii_parentheses_zh` -- ASCII parentheses in Chinese text (the zh book uses （）).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = ["Block", "visible_blocks", "machine_text", "english_in_zh", "chinese_in_en", "register_zh", "file_words",
           "space_after_cjk_punctuation", "ascii_parentheses_zh", "findings"]

_BLOCK_TAGS = {"p", "li", "td", "th", "figcaption", "h1", "h2", "h3", "h4", "h5", "h6", "caption", "dt", "dd",
               "summary", "blockquote"}
_SKIP_TAGS = {"script", "style", "pre", "head", "title", "svg"}  # inline <code> in prose is read
_SKIP_CLASSES = {"anchor-link"}
_CITATION_CLASSES = {"source-note", "source-pages", "ref-list"}
_UI_CLASSES = {"exhibit-data"}  # the screen-only "download the data (CSV)" line under an exhibit
_VOID = {"br", "img", "hr", "meta", "link", "input", "wbr", "col", "area", "base", "source", "track", "embed"}


@dataclass(frozen=True)
class Block:
    """A visible text block and where it stands: the last heading and the last exhibit number since it;
    ``citation`` for the text of a source note or reference entry."""
    text: str
    heading: str
    exhibit: str
    citation: bool = False
    ui: bool = False
    lines: str = ""   # the text with its line breaks (a line break in the source is not a space after punctuation)

    def where(self) -> str:
        return " / ".join(x for x in (self.heading, self.exhibit) if x)


class _Walker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []   # (tag, skipped)
        self.cite: list[str] = []                 # tags of the open citation elements
        self.ui: list[int] = []                   # depths of the open download lines
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.heading = ""
        self.exhibit = ""
        self.in_heading = False
        self.in_number = False

    def _skipping(self) -> bool:
        return any(s for _, s in self.stack)

    def _flush(self) -> None:
        raw = "".join(self.buf)
        text = " ".join(raw.split())
        self.buf = []
        if text:
            lines = "\n".join(" ".join(line.split()) for line in raw.splitlines() if line.strip())
            self.blocks.append(Block(text, self.heading, self.exhibit, bool(self.cite), bool(self.ui), lines))

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            if tag == "br":
                self.buf.append(" ")
            return
        classes = set((dict(attrs).get("class") or "").split())
        skip = tag in _SKIP_TAGS or bool(classes & _SKIP_CLASSES)
        if tag in _BLOCK_TAGS and not self._skipping():
            self._flush()
        if tag in ("h1", "h2", "h3") and not self._skipping():
            self.in_heading = True
            self.heading = self.exhibit = ""  # a new section: no exhibit yet
        if "exhibit-number" in classes:
            self.in_number = True
            self.exhibit = ""
        if classes & _CITATION_CLASSES and "exhibit-note" not in classes and not self.cite:
            self._flush()
            self.cite.append(len(self.stack))
        if classes & _UI_CLASSES and not self.ui:
            self._flush()
            self.ui.append(len(self.stack))
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        while self.stack:
            t, _ = self.stack.pop()
            if self.cite and self.cite[-1] == len(self.stack):
                self._flush()
                self.cite.pop()
            if self.ui and self.ui[-1] == len(self.stack):
                self._flush()
                self.ui.pop()
            if t == tag:
                break
        if tag in _BLOCK_TAGS and not self._skipping():
            if tag in ("h1", "h2", "h3"):
                self.in_heading = False
            self._flush()
        if tag == "span":
            self.in_number = False

    def handle_data(self, data):
        if self._skipping():
            return
        if self.in_heading:
            self.heading = " ".join((self.heading + data).replace("¶", "").split())
        if self.in_number:
            self.exhibit += data.strip()
        self.buf.append(data)


def visible_blocks(page: str) -> list[Block]:
    """The text blocks of ``page`` (HTML) a reader sees, citations and code left out (see module docstring)."""
    w = _Walker()
    w.feed(page)
    w.close()
    w._flush()
    return w.blocks


_URL = re.compile(r"(?:https?://|www\.)\S+", re.I)
_MACHINE = [
    ("identifier", re.compile(r"(?<![\w/.-])[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)+(?![\w])")),
    ("file path", re.compile(r"(?<![\w])(?:data|exhibits|notebooks|reports|html|pdf|results)"
                             r"/[\w./<>-]*|(?<![\w])[\w.-]+/[\w./-]*\.(?:csv|md|py|json|ya?ml|ipynb|pdf|html|xlsx)"
                             r"\b")),
    ("module or call", re.compile(r"\b(?:heilongjiang_newmedia|hlj_newmedia)\b|\b[a-z][a-z0-9]*\.[a-z_][a-z0-9_]*"
                                  r"(?:\.[a-z_][a-z0-9_]*)*\((?:\.\.\.|[^)]*)\)?|\b[a-z_][a-z0-9_]{2,}\("
                                  r"(?:[a-z_]+=|\.\.\.|\))")),
    ("command line", re.compile(r"\bhlj-newmedia\b|(?<![\w-])--[a-z][a-z-]+\b|(?<![\w-])-p\s+\w+=|\bmake "
                                r"(?:report|env|lab|test)\b|\bpip install\b")),
    # "None of the figures" is English; a literal stands alone or before punctuation
    ("Python literal", re.compile(r"(?<![\w])(?:True|False|None|NaN|nan)(?![\w])(?! (?:of|is|was|were|are)\b)")),
    # Markdown emphasis left as text (e.g. a closing ** after Chinese punctuation that the parser did not take)
    ("Markdown markup", re.compile(r"\*\*")),
]


def machine_text(text: str) -> list[str]:
    """Machine text in ``text`` as ``"kind: token"`` (see module docstring for the rules)."""
    text = _URL.sub(" ", text)
    out = []
    for kind, rx in _MACHINE:
        out += [f"{kind}: {m.group(0)}" for m in rx.finditer(text)]
    return out


_FUNCTION_WORDS = {"the", "of", "and", "in", "on", "for", "to", "with", "by", "from", "is", "are", "was", "were",
                   "per", "than"}
_LABEL_WORDS = {"high", "medium", "low", "yes", "no", "percent", "websites", "accounts", "rank", "grade",
                "confidence", "source", "note", "data", "value", "unit"}
_LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*(?:[ \u00a0]+[A-Za-z0-9][A-Za-z0-9'’-]*)*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def english_in_zh(text: str) -> list[str]:
    """English sentences or labels in Chinese text (see module docstring)."""
    text = _URL.sub(" ", text)
    out = []
    for m in _LATIN_RUN.finditer(text):
        words = [w.strip("'’-") for w in m.group(0).split()]
        lower = {w for w in words if w and w == w.lower()}
        if len(words) >= 3 and lower & (_FUNCTION_WORDS | _LABEL_WORDS):
            out.append(m.group(0))
        elif len(words) == 1 and words[0] in _LABEL_WORDS:
            out.append(m.group(0))
    return out


_GLOSS = re.compile(r"(?<=[A-Za-z0-9.,’'\"”)] )[(（][^()（）]{1,16}[)）]|(?<=[A-Za-z0-9”\"])[(（][^()（）]{1,16}[)）]")


# a Chinese name followed by its English gloss, "上海发布 (Shanghai Release)", or a Chinese unit quoted as a term
# with its meaning, "亿 (10⁸)": names and terms with glosses are English text's way of citing Chinese
_GLOSSED_NAME = re.compile(r"[“\"]?[\u3400-\u9fff\uf900-\ufaff][\u3400-\u9fff\uf900-\ufaff0-9+·“”\"]{0,30}[”\"]?"
                           r"\s?[(（][^()（）]*[A-Za-z][^()（）]*[)）]")
# a Chinese name in parentheses after its English form, one level of nested brackets allowed:
# "the Party School's e-government research centre (中央党校（国家行政学院）电子政务研究中心)"
_NAME_IN_GLOSS = re.compile(r"(?<=[A-Za-z0-9.,’'\"”)] )[(（](?:[^()（）]|[(（][^()（）]*[)）]){1,40}[)）]")


def chinese_in_en(text: str) -> list[str]:
    """Untranslated Chinese in English text: CJK runs outside short parenthesised glosses and outside names or
    terms followed by their English gloss (see module docstring)."""
    glossed = {m.group(0).split("(")[0].split("（")[0].strip(" “”\"") for m in _GLOSSED_NAME.finditer(text)}
    text = _GLOSSED_NAME.sub(" ", text)
    for name in sorted(glossed, key=len, reverse=True):  # a name glossed once may recur bare in the same text
        if len(name) >= 2:
            text = text.replace(name, " ")
    text = _NAME_IN_GLOSS.sub(" ", text)
    text = _GLOSS.sub(" ", text)
    return [m.group(0) for m in re.finditer(r"[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff5e]*"
                                            r"[\u3400-\u9fff\uf900-\ufaff]+[\u3400-\u9fff\uf900-\ufaff"
                                            r"\u3000-\u303f\uff01-\uff5e]*", text)]


def register_zh(text: str) -> list[str]:
    """本项目 in Chinese text: the book speaks of 本研究 / 本书."""
    return [f"register: {m.group(0)}" for m in re.finditer("本项目", text)]


_FILE_WORDS = re.compile(r"另一(?:份)?数据文件|数据文件|\.csv\b|(?<![A-Za-z.])CSV(?![A-Za-z])|\bdatasets?\b|"
                         r"\bdata[ -]files?\b", re.I)


def file_words(text: str) -> list[str]:
    """The data's files named to the reader (数据文件, CSV, .csv, dataset, data file): say what the data show."""
    return [f"file word: {m.group(0)}" for m in _FILE_WORDS.finditer(_URL.sub(" ", text))]


_CJK_PUNCT_SPACE = re.compile(r"[，。；：、！？）」』】][ \u00a0\u3000]+(?=\S)")


def space_after_cjk_punctuation(text: str) -> list[str]:
    """A space after Chinese punctuation (，。；：、！？）」』】), shown with the text around it."""
    return [f"space after Chinese punctuation: «{text[max(0, m.start() - 6):m.end() + 6]}»"
            for m in _CJK_PUNCT_SPACE.finditer(text)]


_ASCII_PARENS = re.compile(r"\([^()]{0,40}\)|[()]")
_FORMULA = re.compile(r"\([A-Za-z0-9λ.\s_]*[−+×÷/*=-][A-Za-z0-9λ.\s_−+×÷/*=-]*\)")


def ascii_parentheses_zh(text: str) -> list[str]:
    """ASCII parentheses in Chinese text (URLs and the terms of a formula, ``(λmax−n)/(n−1)``, aside): the zh book
    writes （…）."""
    text = _FORMULA.sub(" ", _URL.sub(" ", text))
    return [f"ASCII parentheses: {m.group(0)}" for m in _ASCII_PARENS.finditer(text)]


_PACKAGE = re.compile(r"heilongjiang_newmedia|hlj[-_]newmedia|data_tables|data/raw|data/templates|exhibits/")


def package_text(text: str) -> list[str]:
    """Names of the package's own files and modules (checked in citations too: a package file is not a source)."""
    return [f"package text: {m.group(0)}" for m in _PACKAGE.finditer(_URL.sub(" ", text))]


def findings(page: str, lang: str, label: str = "") -> list[str]:
    """Every finding of the rules in ``page`` as ``"label — where: kind: token — «block»"`` lines; citations
    (source notes, reference entries) are checked for package text only."""
    out = []
    for b in visible_blocks(page):
        if b.citation:
            for h in package_text(b.text):
                out.append(f"{label} — {b.where() or '(top)'} (citation): {h} — «{b.text[:90]}»")
            continue
        hits = machine_text(b.text)
        if not b.ui:
            hits += file_words(b.text)
        hits += space_after_cjk_punctuation(b.lines or b.text)
        if lang == "zh":
            hits += [f"English in zh text: {x}" for x in english_in_zh(b.text)]
            hits += register_zh(b.text) + ascii_parentheses_zh(b.text)
        else:
            hits += [f"Chinese in en text: {x}" for x in chinese_in_en(b.text)]
        for h in hits:
            snippet = b.text if len(b.text) <= 90 else b.text[:87] + "…"
            out.append(f"{label} — {b.where() or '(top)'}: {h} — «{snippet}»")
    return out
