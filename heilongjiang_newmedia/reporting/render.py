"""Executed notebook -> self-contained chapter HTML (nbconvert with our template; no scripts, no remote loads)."""
from __future__ import annotations

import html as htmlmod
import re
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.paths import TEMPLATES_DIR

_SCRIPT_RE = re.compile(r"<script\b.*?</script\s*>|<script\b[^>]*/?>", re.I | re.S)
_HEADING_RE = re.compile(r"<h([1-4])(\s[^>]*)?>(.*?)</h\1>", re.S)
_ANCHOR_LINK_RE = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_TAG_RE = re.compile(r"<[^>]+>")


def css_text() -> str:
    return (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")


def print_css_text() -> str:
    return (TEMPLATES_DIR / "print.css").read_text(encoding="utf-8")


def _plain(fragment: str) -> str:
    return htmlmod.unescape(_TAG_RE.sub("", fragment)).strip()


def prepare(nb, lang: str):
    """Remove the other language's cells and the parameter cells; returns a copy."""
    import copy

    nb = copy.deepcopy(nb)
    other = "lang-en" if lang == "zh" else "lang-zh"
    keep = []
    for cell in nb.cells:
        tags = set(cell.get("metadata", {}).get("tags", []))
        if other in tags or tags & {"injected-parameters", "remove-cell", "remove_cell"}:
            continue
        if "parameters" in tags:
            cell.outputs = []
        keep.append(cell)
    nb.cells = keep
    return nb


def postprocess(text: str, stem: str, toc_label: str) -> tuple[str, str]:
    """Strip scripts and heading anchor links, give headings stable ids, insert the chapter TOC.

    Returns (html, chapter title from the first h1 or "")."""
    text = _SCRIPT_RE.sub("", text)
    text = _ANCHOR_LINK_RE.sub("", text)
    entries, title, counter = [], "", [0]

    def heading(m: re.Match) -> str:
        level, inner = int(m.group(1)), m.group(3)
        nonlocal title
        if level == 1 and not title:
            title = _plain(inner)
        counter[0] += 1
        hid = f"{stem}-h{counter[0]}"
        if level in (2, 3):
            entries.append((level, hid, inner))
        return f'<h{level} id="{hid}">{inner}</h{level}>'

    text = _HEADING_RE.sub(heading, text)
    toc = ""
    if entries:
        items = "".join(f'<li class="toc-h{lvl}"><a href="#{hid}">{inner}</a></li>' for lvl, hid, inner in entries)
        toc = f'<nav class="toc"><p class="toc-title">{htmlmod.escape(toc_label)}</p><ol>{items}</ol></nav>'
    if "</h1>" in text:
        text = text.replace("<!--toc-->", "", 1)
        i = text.index("</h1>") + len("</h1>")
        text = text[:i] + toc + text[i:]
    else:
        text = text.replace("<!--toc-->", toc, 1)
    return text, title


def render_html(nb, stem: str, lang: str, fallback_title: str, date: str, show_code: bool = False) -> str:
    """The chapter's HTML page (a string); deterministic for a given notebook."""
    from nbconvert import HTMLExporter
    from traitlets.config import Config

    nb = prepare(nb, lang)
    c = Config()
    c.HTMLExporter.exclude_input = not show_code
    c.HTMLExporter.exclude_input_prompt = True
    c.HTMLExporter.exclude_output_prompt = True
    c.NbConvertBase.display_data_priority = ["text/html", "text/markdown", "image/png", "image/jpeg", "text/plain"]
    exporter = HTMLExporter(config=c, template_name="hlj", extra_template_basedirs=[str(TEMPLATES_DIR)])
    resources: dict[str, Any] = {"hlj": {
        "stem": stem, "title": "@@TITLE@@", "date": date, "show_code": show_code, "css": css_text(),
        "html_lang": "zh-CN" if lang == "zh" else "en"}}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    body, h1 = postprocess(body, stem, "本章目录" if lang == "zh" else "Contents")
    title = htmlmod.escape(h1 or fallback_title, quote=True)
    return body.replace("@@TITLE@@", title)


def warm_up() -> None:
    """Render a two-cell notebook once and throw the page away: nbconvert compiles its templates and imports its
    Markdown and HTML filters on a process's first page (about 1 s on 2 cores, against 0.1-0.2 s for a chapter
    afterwards). The render server does this before it forks the render workers (:mod:`..pipeline.render_preload`),
    so that no chapter's HTML pays it."""
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

    outputs = [new_output("display_data", data={"text/html": "<p>表</p>", "text/markdown": "*注*", "text/plain": "x"}),
               new_output("stream", name="stdout", text="x")]
    nb = new_notebook(cells=[new_markdown_cell("# 第一章\n\n## 1.1 节\n\n正文 **强调** [链接](#a)"),
                             new_code_cell("x", outputs=outputs)])
    render_html(nb, "warm-up", "zh", "warm-up", "2024")


def chapter_body(page: str) -> str:
    """The ``<article>`` of a chapter page (used by the book)."""
    start, end = page.find("<!--chapter-body-start-->"), page.find("<!--chapter-body-end-->")
    if start < 0 or end < 0:
        raise ValueError("not a chapter page built by heilongjiang-newmedia (body markers missing)")
    return page[start + len("<!--chapter-body-start-->"):end]


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
