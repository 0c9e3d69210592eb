"""The executed notebook a build keeps (``executed/<chapter>.ipynb``), made readable with plain tools.

``jupyter nbconvert --to html executed/03_status.ipynb`` (no template, no options) then shows the chapter in its one
language, in the package's Chinese font: the other language's narrative cells are left out, and the parameters cell
(else the first code cell) carries an output holding the bundled Noto Sans CJK SC as an embedded ``@font-face`` (a ``data:`` URI, subset to
the characters of the notebook, as the HTML reports do). The font applies to the notebook's content only
(``.jp-Notebook``), in the converted page and in JupyterLab alike. Deterministic: same notebook, same bytes.
"""
from __future__ import annotations

import json
from pathlib import Path

from heilongjiang_newmedia.reporting.interactive import notebook_style, text_chars

FONT_OUTPUT_TAG = "hlj-font"
OTHER_LANG_TAG = {"zh": "lang-en", "en": "lang-zh"}


def one_language_with_font(nb: dict, lang: str) -> dict:
    """``nb`` (notebook JSON) without the other language's cells, with the font output in its first code cell."""
    other = OTHER_LANG_TAG.get(lang)
    cells = [c for c in nb.get("cells", []) if other not in c.get("metadata", {}).get("tags", [])]
    for cell in cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [o for o in cell.get("outputs", [])
                               if FONT_OUTPUT_TAG not in o.get("metadata", {}).get("tags", [])]
    text = json.dumps(cells, ensure_ascii=False)
    chars = text_chars(text)
    code = [c for c in cells if c.get("cell_type") == "code"]  # the parameters cell: its outputs are never rendered
    first = next((c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])), code[0] if code else None)
    if first is not None:
        first["outputs"] = [{"output_type": "display_data", "metadata": {"tags": [FONT_OUTPUT_TAG]},
                             "data": {"text/html": notebook_style(chars, lang),
                                      "text/plain": "(the Chinese font of the reports, for nbconvert and JupyterLab)"}},
                            *first.get("outputs", [])]
    return {**nb, "cells": cells}


def finish_executed(path: Path, lang: str) -> None:
    """Rewrite the executed notebook at ``path`` for readers (see the module docstring)."""
    import nbformat

    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    node = nbformat.from_dict(one_language_with_font(nb, lang))
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        nbformat.write(node, fh)
