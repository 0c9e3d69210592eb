"""Notebook API for chapter exhibits: numbered figures and tables with source notes and the data behind them.

```python
ch = Chapter("03_status", lang=lang)          # seaborn theme + bundled Noto Sans CJK SC; 图3-1 / Figure 3.1
ch.t(zh="…", en="…")                          # the text in the chapter language
ch.say(zh="…{x:.1f}…", en="…{x:.1f}…", x=v)   # display Markdown prose, numbers from code
ch.exhibit(obj, id="websites-2019", title=..., sources=None, note=None, data=None)
ch.record(key, value, exhibit=id)             # results for later chapters
```

Each exhibit writes ``<build_dir>/exhibits/<chapter>/<id>.csv`` (the data shown) and an entry in
``<build_dir>/exhibits/<chapter>/manifest.json`` (id, kind, number, title, sources, csv); the build merges the
per-chapter manifests into ``exhibits/manifest.json`` for REPLICATION.md and the book's source appendix.
"""
from __future__ import annotations

import base64
import html
import io
import json
import os
import re
import shutil
import string
import tempfile
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.reporting import results
from heilongjiang_newmedia.loading.paths import build_dir, cjk_font_path

__all__ = ["Chapter", "OWN", "Markdown", "inert_markdown", "setup_style", "source_note", "FIGURE_DPI", "CJK_FONT_NAME"]

FIGURE_DPI = 150
CJK_FONT_NAME = "Noto Sans CJK SC"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_STYLE_DONE = False


def setup_style() -> None:
    """One seaborn theme for every chapter, with the bundled CJK font and an ASCII minus sign."""
    global _STYLE_DONE
    import matplotlib
    import seaborn as sns
    from matplotlib import font_manager

    if not _STYLE_DONE:
        font_manager.fontManager.addfont(str(cjk_font_path()))
        _STYLE_DONE = True
    sns.set_theme(style="whitegrid", context="notebook", palette="deep")
    matplotlib.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [CJK_FONT_NAME, "DejaVu Sans"],
        "axes.unicode_minus": False,
        "figure.dpi": FIGURE_DPI,
        "savefig.dpi": FIGURE_DPI,
        "svg.hashsalt": "heilongjiang-newmedia",
        "figure.max_open_warning": 0,
    })
    from heilongjiang_newmedia.reporting.charts import apply_print_defaults
    apply_print_defaults()  # print-size type (8-9 pt at the A4 text width), see charts.PRINT_RC


# Markdown punctuation that could start a link, image, autolink, emphasis, code span, table cell or heading.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]()!#|~:{}])")


class Markdown(str):
    """Markdown written by package code (not a data value), e.g. a generated bullet list: :meth:`Chapter.say` keeps
    its Markdown syntax and only HTML-escapes it. Never wrap strings read from data files."""


def inert_markdown(value: str) -> str:
    """A data string made inert for Markdown prose: Markdown syntax backslash-escaped (no links, images or autolinks
    to ``http:``/``file:`` addresses), line breaks flattened, then HTML-escaped (no tags). Renders as the same text."""
    value = " ".join(str(value).splitlines())
    return html.escape(_MD_SPECIAL.sub(r"\\\1", value))


def _figure_png(fig) -> bytes:
    buf = io.BytesIO()
    # metadata Software=None drops the only variable PNG text chunk; Agg output is otherwise deterministic.
    fig.savefig(buf, format="png", dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white",
                metadata={"Software": None})
    return buf.getvalue()


def _default_sources(data) -> list[dict[str, Any]]:
    if data is None:
        return []
    try:
        from heilongjiang_newmedia.loading.datasets import citations
    except ImportError:  # datasets module without citations(): the loaded table's attrs
        return list(getattr(data, "attrs", {}).get("sources", []))
    return list(citations(data))


def _norm_source(s: Any) -> dict[str, Any]:
    if isinstance(s, str):
        return {"title": s, "url": "", "date": "", "confidence": "", "rows": None}
    s = dict(s)
    return {"title": str(s.get("title") or ""), "url": str(s.get("url") or ""), "date": str(s.get("date") or ""),
            "confidence": str(s.get("confidence") or ""), "rows": s.get("rows")}


def _is_low(s: dict) -> bool:
    return str(s.get("confidence", "")).strip().lower() == "low"


OWN = "own"  # ``sources=OWN``: an exhibit compiled for this study (a classification, no cited figures)
MAX_NOTE_ITEMS = 4  # publications named in one source note; more are counted ("等12种资料")


def source_note(sources: list[dict], lang: str, note: str | None = None) -> str:
    """HTML of the source note under an exhibit, in the report language.

    One line naming each publication once (publisher, title, issues, year; see :mod:`.references`) with its
    number in the book's appendix ("资料来源：CNNIC第33—55次《中国互联网络发展状况统计报告》（2014—2025年），详见附录[1]。"),
    a caution when some rows are of low confidence, the exhibit's own note, and, on screen only, the list of the
    pages the rows were read on (``class="screen-only"``: the printed report does not repeat the appendix)."""
    from heilongjiang_newmedia.chapters.wording import confidence as conf_word
    from heilongjiang_newmedia.reporting.references import group_sources, short_citation

    e = html.escape
    zh = lang == "zh"
    if sources == OWN:
        text = "资料来源：本研究整理。" if zh else "Source: compiled for this study."
        extra = f'<p class="source-note exhibit-note">{"说明：" if zh else "Note: "}{e(note)}</p>' if note else ""
        return f'<p class="source-note">{text}</p>' + extra
    groups = group_sources(sources)
    shown = groups if len(groups) <= MAX_NOTE_ITEMS else groups[:MAX_NOTE_ITEMS - 1]
    items = [e(short_citation(g, lang)) + ("*" if g["low"] else "") for g in shown]
    numbers = "".join(f"[{g['number']}]" for g in shown if g["number"])
    if len(shown) < len(groups):
        items[-1] += (f"等{len(groups)}种资料" if zh else f" and {len(groups) - len(shown)} more")
    if not groups:
        text = "资料来源：未注明。" if zh else "Source: not stated."
    elif zh:
        text = "资料来源：" + "；".join(items) + (f"，详见附录{numbers}" if numbers else "") + "。"
    else:
        numbers = ", ".join(f"[{g['number']}]" for g in shown if g["number"])
        text = (("Sources: " if len(groups) > 1 else "Source: ") + "; ".join(items)
                + (f"; see Appendix {numbers}" if numbers else "") + ".")
    parts = [text]
    if any(g["low"] for g in groups):
        parts.append("注：标*的资料中，部分数据只见于未能与原始出处逐项核对的转载页面（可信度低），请谨慎解读。" if zh else
                     "Note: some figures from sources marked * were read only on reprints that could not be checked "
                     "item by item against the original (low confidence); interpret with caution.")
    if note:
        parts.append(("说明：" if zh else "Note: ") + e(note))
    # the first paragraph cites; the caution and the exhibit's note are the report's own words (exhibit-note)
    out = "".join(f'<p class="source-note{" exhibit-note" if i else ""}">{p}</p>' for i, p in enumerate(parts))
    pages = []
    for g in groups:
        for pg in g["pages"]:
            t = e(pg["title"] or pg["url"] or "?")
            if pg["url"].startswith(("http://", "https://")):
                t = f'<a href="{e(pg["url"], quote=True)}">{t}</a>'
            bits = [e(pg["date"])] if pg["date"] else []
            if pg["confidence"]:
                bits.append(("可信度：" if zh else "confidence: ") + e(conf_word(pg["confidence"], lang)))
            ref = f"[{g['number']}] " if g["number"] else ""
            pages.append(f"<li>{ref}{t}" + (("（" + "，".join(bits) + "）") if zh and bits else
                                           (" (" + ", ".join(bits) + ")") if bits else "") + "</li>")
    if pages:
        out += (f'<details class="source-pages screen-only"><summary>{"所引网页" if zh else "Pages read"}'
                f'（{len(pages)}）</summary><ol>{"".join(pages)}</ol></details>' if zh else
                f'<details class="source-pages screen-only"><summary>Pages read ({len(pages)})</summary>'
                f'<ol>{"".join(pages)}</ol></details>')
    return out


class Chapter:
    """Exhibit numbering, language and outputs of one chapter notebook."""

    def __init__(self, stem: str, lang: str = "zh", build_dir_: str | os.PathLike | None = None):
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
        m = re.match(r"^(\d+)", stem)
        if not m:
            raise ValueError(f"chapter stem must start with its number (e.g. '03_status'), not {stem!r}")
        self.stem, self.lang, self.number = stem, lang, int(m.group(1))
        self.build_dir = Path(build_dir_) if build_dir_ else build_dir()
        self.exhibit_dir = self.build_dir / "exhibits" / stem
        self._counts = {"figure": 0, "table": 0}
        self.exhibits: list[dict[str, Any]] = []
        if self.exhibit_dir.exists():  # a rerun starts afresh: no stale CSVs of removed exhibits
            shutil.rmtree(self.exhibit_dir)
        self.exhibit_dir.mkdir(parents=True, exist_ok=True)
        self._write_manifest()
        _with_build_dir(self.build_dir, results.reset, stem)
        setup_style()

    # -- language -----------------------------------------------------------------------------------------------
    def t(self, zh: str, en: str) -> str:
        """The text in the chapter language."""
        return zh if self.lang == "zh" else en

    def say(self, zh: str, en: str, **values: Any) -> None:
        """Display Markdown prose in the chapter language; ``{name:fmt}`` fields are filled from ``values``.

        String values are made inert (:func:`inert_markdown`): data strings never become markup, links or images;
        a :class:`Markdown` value keeps its Markdown syntax (HTML-escaped only)."""
        from IPython.display import display

        template = self.t(zh, en)
        safe = {k: (html.escape(v) if isinstance(v, Markdown) else inert_markdown(v) if isinstance(v, str) else v)
                for k, v in values.items()}
        text = string.Formatter().vformat(template, (), safe)
        plain = string.Formatter().vformat(template, (), values)
        display({"text/markdown": text, "text/plain": plain}, raw=True)

    # -- exhibits -----------------------------------------------------------------------------------------------
    def exhibit(self, obj: Any, id: str, title: str, sources: list | str | None = None, note: str | None = None,
                data: Any = None, layout: str = "") -> dict[str, Any]:
        """Show a matplotlib Figure or a DataFrame as a numbered exhibit with caption and source note.

        ``data`` (default: ``obj`` when it is a DataFrame) is written to ``exhibits/<chapter>/<id>.csv``;
        ``sources`` default to the citations of ``data``; ``sources=OWN`` ("own") marks an exhibit compiled for this
        study (e.g. a classification), noted as "资料来源：本研究整理。". ``layout="wide"`` prints a table in smaller
        type, ``"landscape"`` on a turned page of its own (classes ``exhibit-wide``/``exhibit-landscape``,
        report.css). Returns the manifest entry."""
        import pandas as pd
        from IPython.display import display

        if not isinstance(id, str) or not _ID_RE.match(id):
            raise ValueError(f"exhibit id must be letters, digits, '-', '_' or '.', not {id!r}")
        if any(x["id"] == id for x in self.exhibits):
            raise ValueError(f"chapter {self.stem}: exhibit id {id!r} used twice")
        is_table = isinstance(obj, pd.DataFrame)
        if not is_table and not hasattr(obj, "savefig"):
            raise TypeError(f"exhibit {id!r}: expected a matplotlib Figure or a pandas DataFrame, got {type(obj)!r}")
        if data is None and is_table:
            data = obj
        if data is not None and not isinstance(data, pd.DataFrame):
            data = pd.DataFrame(data)
        own = isinstance(sources, str) and sources == OWN
        srcs = [] if own else [_norm_source(s) for s in (sources if sources is not None else _default_sources(data))]
        kind = "table" if is_table else "figure"
        self._counts[kind] += 1
        n = self._counts[kind]
        if self.lang == "zh":
            number = f"{'表' if is_table else '图'}{self.number}-{n}"
        else:
            number = f"{'Table' if is_table else 'Figure'} {self.number}.{n}"
        csv_rel = None
        if data is not None:
            csv_path = self.exhibit_dir / f"{id}.csv"
            keep_index = not isinstance(data.index, pd.RangeIndex)
            text = data.to_csv(index=keep_index, lineterminator="\n")
            csv_path.write_text(text, encoding="utf-8-sig", newline="")
            csv_rel = csv_path.relative_to(self.build_dir).as_posix()
        anchor = f"exhibit-{self.stem}-{id}"
        caption = (f'<figcaption class="exhibit-caption"><span class="exhibit-number">{html.escape(number)}</span>'
                   f'{"　" if self.lang == "zh" else " "}{html.escape(title)}</figcaption>')
        if is_table:
            body = obj.to_html(escape=True, index=not isinstance(obj.index, pd.RangeIndex), na_rep="—",
                               border=0, classes="exhibit-table")
        else:
            png = base64.b64encode(_figure_png(obj)).decode("ascii")
            body = f'<img class="exhibit-figure" alt="{html.escape(title, quote=True)}" src="data:image/png;base64,{png}"/>'
            import matplotlib.pyplot as plt
            plt.close(obj)
        csv_link = ""
        if csv_rel:  # on screen only; the page lives in html/, the data in exhibits/
            csv_link = (f'<p class="exhibit-data screen-only"><a href="../{html.escape(csv_rel, quote=True)}" '
                        f'download>{self.t("下载本图表数据（CSV）", "Download the data (CSV)")}</a></p>')
        # caption above tables and below figures is the usual convention; keep one order for both: caption first.
        if set(layout.split()) - {"wide", "landscape"}:
            raise ValueError(f"exhibit {id!r}: layout must be 'wide' and/or 'landscape', not {layout!r}")
        classes = f"exhibit exhibit-{kind}" + "".join(f" exhibit-{c}" for c in layout.split())
        block = (f'<figure class="{classes}" id="{html.escape(anchor, quote=True)}">{caption}'
                 f'<div class="exhibit-body">{body}</div>{source_note(OWN if own else srcs, self.lang, note)}{csv_link}'
                 f'</figure>')
        display({"text/html": block, "text/plain": f"{number} {title}"}, raw=True)
        entry = {"chapter": self.stem, "id": id, "kind": kind, "number": number, "title": title, "anchor": anchor,
                 "sources": srcs, "low_confidence": any(_is_low(s) for s in srcs), "note": note, "csv": csv_rel}
        self.exhibits.append(entry)
        self._write_manifest()
        return entry

    def record(self, key: str, value: Any, exhibit: str | None = None, sources: list | None = None,
               **extra: Any) -> None:
        """Record a key result for later chapters; sources default to the named exhibit's sources."""
        if exhibit is not None and sources is None:
            match = [x for x in self.exhibits if x["id"] == exhibit]
            if match:
                sources = match[0]["sources"]
        _with_build_dir(self.build_dir, results.record, self.stem, key, value, exhibit=exhibit, sources=sources,
                        **extra)

    def _write_manifest(self) -> None:
        path = self.exhibit_dir / "manifest.json"
        text = json.dumps({"chapter": self.stem, "lang": self.lang, "exhibits": self.exhibits},
                          ensure_ascii=False, sort_keys=True, indent=1) + "\n"
        fd, tmp = tempfile.mkstemp(dir=self.exhibit_dir, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)


def _with_build_dir(root: Path, fn, *args, **kwargs):
    """Call a results function with the chapter's build directory in force."""
    from heilongjiang_newmedia.loading.paths import BUILD_DIR_ENV

    old = os.environ.get(BUILD_DIR_ENV)
    os.environ[BUILD_DIR_ENV] = str(root)
    try:
        return fn(*args, **kwargs)
    finally:
        if old is None:
            os.environ.pop(BUILD_DIR_ENV, None)
        else:
            os.environ[BUILD_DIR_ENV] = old
