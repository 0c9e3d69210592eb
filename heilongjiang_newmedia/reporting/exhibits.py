"""Notebook API for chapter exhibits: numbered figures and tables with source notes and the data behind them.

```python
ch = Chapter("03_status", lang=lang)          # seaborn theme + bundled Noto Sans CJK SC; 图3-1 / Figure 3.1
ch.t(zh="…", en="…")                          # the text in the chapter language
ch.say(zh="…{x:.1f}…", en="…{x:.1f}…", x=v)   # display Markdown prose, numbers from code
ch.exhibit(obj, id="websites-2019", title=..., sources=None, note=None, data=None)
ch.record_findings(...); ch.find(key, kind, value, exhibits=[id])   # findings for later chapters
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

from heilongjiang_newmedia.reporting.chapter_text import TextMixin
from heilongjiang_newmedia.reporting.sourcenote import OWN, default_sources, is_low, norm_source, source_note
from heilongjiang_newmedia.text.markdown import Markdown, inert_markdown
from heilongjiang_newmedia.loading.paths import build_dir, built_folder_of, cjk_font_path, in_build, make_scratch

__all__ = ["Chapter", "OWN", "Markdown", "inert_markdown", "setup_style", "source_note", "FIGURE_DPI", "CJK_FONT_NAME"]

FIGURE_DPI = 150
#: layout words of an exhibit (see :meth:`Chapter.exhibit`)
LAYOUTS = ("wide", "landscape", "keep", "words", "label", "label2")
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


def _figure_png(fig) -> bytes:
    buf = io.BytesIO()
    # metadata Software=None drops the only variable PNG text chunk; Agg output is otherwise deterministic.
    fig.savefig(buf, format="png", dpi=FIGURE_DPI, bbox_inches="tight", facecolor="white",
                metadata={"Software": None})
    return buf.getvalue()


class Chapter(TextMixin):
    """Exhibit numbering, language, text and findings of one chapter notebook.

    ``Chapter(stem, context=ctx, uses=[...])``: ``ctx`` is the study context (its language is the chapter's);
    ``uses`` names the earlier chapters whose findings this chapter's text prints. The older form
    ``Chapter(stem, lang="zh")`` (no context) still works for notebooks not yet moved to text files."""

    def __init__(self, stem: str, lang: str | None = None, build_dir_: str | os.PathLike | None = None, *,
                 context: Any = None, uses: Any = ()):
        self.context = context
        if lang is None:
            lang = context.lang if context is not None else "zh"
        elif context is not None and context.lang != lang:
            raise ValueError(f"lang {lang!r} differs from the study context's {context.lang!r}")
        if lang not in ("zh", "en"):
            raise ValueError(f"lang must be 'zh' or 'en', not {lang!r}")
        m = re.match(r"^(\d+)", stem)
        if not m:
            raise ValueError(f"chapter stem must start with its number (e.g. '03_status'), not {stem!r}")
        self.stem, self.lang, self.number = stem, lang, int(m.group(1))
        self.build_dir = Path(build_dir_) if build_dir_ else build_dir()
        _refuse_built_folder(self.build_dir)
        if build_dir_ is None and not in_build():
            make_scratch(self.build_dir)
            _announce_scratch(self.build_dir, stem, lang)
        self.exhibit_dir = self.build_dir / "exhibits" / stem
        self._counts = {"figure": 0, "table": 0}
        self.exhibits: list[dict[str, Any]] = []
        if self.exhibit_dir.exists():  # a rerun starts afresh: no stale CSVs of removed exhibits
            shutil.rmtree(self.exhibit_dir)
        self.exhibit_dir.mkdir(parents=True, exist_ok=True)
        self._write_manifest()
        self._init_text(uses)
        setup_style()

    def _earlier_roots(self) -> list[Path]:
        """Where earlier chapters' findings are read: this build directory, then the current reports folder."""
        from heilongjiang_newmedia.loading.paths import reports_dir

        return [self.build_dir, reports_dir()]

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
    def exhibit(self, obj: Any, id: str, title: str | None = None, sources: list | str | None = None,
                note: str | None = None, data: Any = None, layout: str = "", **fields: Any) -> dict[str, Any]:
        """Show a matplotlib Figure or a DataFrame as a numbered exhibit with caption and source note.

        ``title`` and ``note`` default to the passages ``<id>.title`` and ``<id>.note`` of the chapter's text file
        (filled with ``fields``); a chapter without a ``<id>.note`` passage prints no note.

        ``data`` (default: ``obj`` when it is a DataFrame) is written to ``exhibits/<chapter>/<id>.csv``;
        ``sources`` default to the citations of ``data``; ``sources=OWN`` ("own") marks an exhibit compiled for this
        study (e.g. a classification), noted as "资料来源：本研究整理。". ``layout="wide"`` prints a table in smaller
        type, ``"landscape"`` on a turned page of its own, ``"keep"`` keeps a small table on one page and never breaks a
        word inside a cell, ``"words"`` only the latter, ``"label"`` / ``"label2"`` keep the first column / the first two columns on one line (classes ``exhibit-<word>``, report.css).
        Returns the manifest entry."""
        import pandas as pd
        from IPython.display import display

        if not isinstance(id, str) or not _ID_RE.match(id):
            raise ValueError(f"exhibit id must be letters, digits, '-', '_' or '.', not {id!r}")
        if title is None:
            title = _plain(self.passage(f"{id}.title", **fields))
        if note is None and self.context is not None and self.has_passage(f"{id}.note"):
            note = _plain(self.passage(f"{id}.note", **fields)) or None
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
        srcs = [] if own else [norm_source(s) for s in (sources if sources is not None else default_sources(data))]
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
        if set(layout.split()) - set(LAYOUTS):
            raise ValueError(f"exhibit {id!r}: layout must be words of {', '.join(LAYOUTS)}, not {layout!r}")
        classes = f"exhibit exhibit-{kind}" + "".join(f" exhibit-{c}" for c in layout.split())
        block = (f'<figure class="{classes}" id="{html.escape(anchor, quote=True)}">{caption}'
                 f'<div class="exhibit-body">{body}</div>{source_note(OWN if own else srcs, self.lang, note)}{csv_link}'
                 f'</figure>')
        display({"text/html": block, "text/plain": f"{number} {title}"}, raw=True)
        entry = {"chapter": self.stem, "id": id, "kind": kind, "n": n, "number": number, "title": title, "anchor": anchor,
                 "sources": srcs, "low_confidence": any(is_low(s) for s in srcs), "note": note, "csv": csv_rel}
        self.exhibits.append(entry)
        self._write_manifest()
        return entry

    def _write_manifest(self) -> None:
        path = self.exhibit_dir / "manifest.json"
        text = json.dumps({"chapter": self.stem, "lang": self.lang, "exhibits": self.exhibits},
                          ensure_ascii=False, sort_keys=True, indent=1) + "\n"
        fd, tmp = tempfile.mkstemp(dir=self.exhibit_dir, prefix=".tmp-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
        os.replace(tmp, path)


def _refuse_built_folder(root: Path) -> None:
    """A chapter never writes into a report folder made by ``hlj-newmedia build`` (only the build changes it)."""
    built = built_folder_of(root)
    if built is not None:
        from heilongjiang_newmedia.loading.paths import BUILD_DIR_ENV

        raise PermissionError(f"{built} is a report folder made by hlj-newmedia build; a notebook run by hand does not "
                              f"change it (built reports change only through hlj-newmedia build). Unset "
                              f"{BUILD_DIR_ENV} to write this run to a scratch folder of its own")


def _announce_scratch(root: Path, stem: str, lang: str) -> None:
    """The first output of an interactive run: where it writes, and that the built reports are left alone (with the
    style that keeps the notebook readable in plain nbconvert, see :mod:`.interactive`)."""
    from heilongjiang_newmedia.loading.paths import notebooks_dir, reports_dir
    from heilongjiang_newmedia.reporting.interactive import announce

    announce(f"Interactive run: exhibits and findings go to {root} "
             f"(built reports in {reports_dir()} are read, never changed).", lang, notebooks_dir() / f"{stem}.ipynb")


def _plain(md: str) -> str:
    """A one-line passage (a caption or note) as plain text: the Markdown escapes of inert data undone."""
    text = html.unescape(re.sub(r"\\([\\`*_\[\]()!#|~:{}])", r"\1", str(md)))
    return " ".join(text.split("\n")).strip()
