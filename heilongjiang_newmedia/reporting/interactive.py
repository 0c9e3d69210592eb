"""A chapter notebook run by hand (JupyterLab, papermill, ``jupyter execute``, nbconvert): its first output says
where the run writes, and carries the style that makes the notebook readable when converted with plain
``jupyter nbconvert --to html``: the bundled Chinese font (Noto Sans CJK SC as an embedded ``@font-face``, subset to
the characters shown so far) and the other language's narrative hidden (nbconvert marks a cell tagged ``lang-en`` with
the class ``celltag_lang-en``). The output is updated after every cell (IPython's ``post_run_cell``), so the font
covers everything the notebook displayed; nbclient (papermill, nbconvert) stores the last update in place.
"""
from __future__ import annotations

import base64
from pathlib import Path

__all__ = ["notebook_style", "announce"]

OTHER_LANG_TAG = {"zh": "lang-en", "en": "lang-zh"}
_ASCII = frozenset(range(0x20, 0x7F))
_STATE: dict | None = None


def text_chars(text: str) -> frozenset[int]:
    """Code points of ``text`` (ASCII white space left out; the ideographic space U+3000 kept: it has a width)."""
    return frozenset(ord(c) for c in text if c not in " \t\r\n\x0b\x0c")


def notebook_style(chars: frozenset[int], lang: str) -> str:
    """``<style>`` with the bundled font subset to ``chars`` for the notebook's content (``.jp-Notebook``, in a
    converted page and in JupyterLab) and a rule hiding the other language's cells in a converted page."""
    from heilongjiang_newmedia.reporting.webfont import WEBFONT_FAMILY, subset_font

    data = base64.b64encode(subset_font(frozenset(chars) | _ASCII)).decode("ascii")
    other = OTHER_LANG_TAG.get(lang, "lang-en")
    return (f'<style>@font-face {{ font-family: "{WEBFONT_FAMILY}"; src: url(data:font/otf;base64,{data}) '
            f'format("opentype"); }}\n.jp-Notebook, .jp-Notebook table, .jp-Notebook pre, .jp-Notebook code '
            f'{{ font-family: "{WEBFONT_FAMILY}", "Noto Sans CJK SC", sans-serif; }}\n'
            f'.celltag_{other} {{ display: none; }}</style>')


def _bundle(line: str, chars: frozenset[int], lang: str) -> dict:
    import html

    return {"text/plain": line, "text/html": f"<p>{html.escape(line)}</p>{notebook_style(chars, lang)}"}


def _follow_outputs(ip, chars: set[int]) -> None:
    """Add to ``chars`` every character the kernel shows: displays, cell results and printed text."""
    import sys

    def add(data) -> None:
        values = data.values() if isinstance(data, dict) else [data]
        for value in values:
            if isinstance(value, str):
                chars.update(text_chars(value))

    publish = ip.display_pub.publish

    def published(data, *args, **kwargs):
        add(data)
        return publish(data, *args, **kwargs)

    ip.display_pub.publish = published
    hook = getattr(ip.displayhook, "write_format_data", None)
    if hook is not None:
        def result(format_dict, *args, **kwargs):
            add(format_dict)
            return hook(format_dict, *args, **kwargs)

        ip.displayhook.write_format_data = result
    for stream in (sys.stdout, sys.stderr):
        write = getattr(stream, "write", None)
        if write is not None:
            def written(text, _write=write):
                add(text)
                return _write(text)

            try:
                stream.write = written
            except (AttributeError, TypeError):  # a stream that does not take attributes: its text is not followed
                pass


def announce(line: str, lang: str, notebook: Path | None = None) -> None:
    """Display ``line`` (where this run writes) with the notebook style, and keep the style's font up to date with
    every character displayed afterwards. Outside IPython only the line is printed."""
    global _STATE
    try:
        from IPython import get_ipython
        from IPython.display import display
    except ImportError:  # pragma: no cover - IPython is a dependency
        print(line)
        return
    ip = get_ipython()
    if ip is None:
        print(line)
        return
    seen = set(_ASCII | text_chars(line))
    if notebook is not None and Path(notebook).is_file():
        seen |= text_chars(Path(notebook).read_text(encoding="utf-8"))
    if _STATE is None:  # once per kernel: follow every display to know the characters to cover
        _STATE = {"chars": seen, "shown": frozenset(), "handle": None, "line": line, "lang": lang}
        _follow_outputs(ip, _STATE["chars"])

        def refresh(*_args) -> None:
            now = frozenset(_STATE["chars"])
            if _STATE["handle"] is not None and now != _STATE["shown"]:
                _STATE["shown"] = now
                _STATE["handle"].update(_bundle(_STATE["line"], now, _STATE["lang"]), raw=True)

        ip.events.register("post_run_cell", refresh)
    else:
        _STATE["chars"].update(seen)
        _STATE.update(line=line, lang=lang)
    chars = frozenset(_STATE["chars"])
    _STATE["shown"] = chars
    _STATE["handle"] = display(_bundle(line, chars, lang), raw=True, display_id=True)
