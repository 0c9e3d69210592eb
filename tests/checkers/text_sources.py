"""Where the book's Chinese comes from.

**Text share** (:func:`text_share`). The Chinese characters (CJK ideographs) of the book's prose are counted where
they are written:

* *text sources*: the chapters' text files (``chapters/<name>/text/*.md``), the book's own (``text/book/*.md``), the
  markdown cells of the chapter notebooks (``notebooks/NN_*.ipynb``) and the label tables under the package (YAML
  and CSV: classification tables, glossaries, the evidence scale);
* *code*: string literals of the package's Python modules and of the chapter notebooks' code cells.

Not counted: comments (``<!-- -->`` in text files, ``#`` in YAML and Python) and docstrings (they are not printed),
the data files under ``data/`` (figures and source titles, not prose), the tests and the exploration notebook.
"""
from __future__ import annotations

import ast
import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

import yaml

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_MD_COMMENT = re.compile(r"<!--.*?-->", re.S)
CHAPTERS = ("introduction", "framework", "status", "problems", "comparison", "countermeasures", "conclusion")


def cjk(text: str) -> int:
    return len(CJK.findall(text))


# -- counting ------------------------------------------------------------------------------------------------------

def _docstring_nodes(tree: ast.AST) -> set[int]:
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


def python_literal_chars(source: str) -> int:
    """Chinese characters in the string literals of Python ``source`` (f-string parts too; docstrings and comments
    not counted). IPython magics and shell lines of notebook cells are dropped first."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return cjk(source)  # cannot tell literals apart: every character counts as code
    docs = _docstring_nodes(tree)
    return sum(cjk(n.value) for n in ast.walk(tree)
               if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docs)


def text_file_chars(path: Path) -> int:
    """Chinese characters a text source prints: Markdown without comments, YAML scalars, CSV cells."""
    raw = path.read_text(encoding="utf-8-sig")
    if path.suffix == ".md":
        return cjk(_MD_COMMENT.sub("", raw))
    if path.suffix in (".yaml", ".yml"):
        return cjk(json.dumps(yaml.safe_load(raw), ensure_ascii=False))
    if path.suffix == ".csv":
        return sum(cjk(cell) for row in csv.reader(io.StringIO(raw, newline="")) for cell in row)
    return 0


def notebook_chars(path: Path) -> tuple[int, int]:
    """``(markdown cells, code-cell string literals)`` Chinese characters of a notebook."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    md = code = 0
    for cell in nb.get("cells", []):
        src = cell.get("source", "")
        src = "".join(src) if isinstance(src, list) else src
        if cell.get("cell_type") == "markdown":
            md += cjk(src)
        elif cell.get("cell_type") == "code":
            code += python_literal_chars(src)
    return md, code


def chapter_of_path(rel: Path, chapters: Iterable[str] = CHAPTERS) -> str:
    """The chapter a package file belongs to (``chapters/<name>/…``, ``chapters/<name>_x.py``, a data table named
    for the chapter), else ``"(shared)"``."""
    parts = rel.parts
    if len(parts) >= 2 and parts[0] == "chapters":
        first = parts[1] if len(parts) > 2 and parts[1] != "data_tables" else Path(parts[-1]).stem
        for name in sorted(chapters, key=len, reverse=True):
            if first == name or first.startswith(name + "_"):
                return name
    return "(shared)"


@dataclass
class Share:
    text: Counter = field(default_factory=Counter)   # chapter -> Chinese characters from text sources
    code: Counter = field(default_factory=Counter)   # chapter -> Chinese characters in code string literals
    files: dict[str, tuple[str, int]] = field(default_factory=dict)  # file -> ("text" | "code", characters)

    def ratio(self, chapter: str | None = None) -> float:
        t = sum(self.text.values()) if chapter is None else self.text[chapter]
        c = sum(self.code.values()) if chapter is None else self.code[chapter]
        return t / (t + c) if t + c else 1.0

    def table(self) -> str:
        rows = [f"{'chapter':<16}{'text':>8}{'code':>8}{'share':>8}"]
        for ch in sorted(set(self.text) | set(self.code)):
            rows.append(f"{ch:<16}{self.text[ch]:>8}{self.code[ch]:>8}{self.ratio(ch):>8.1%}")
        rows.append(f"{'all':<16}{sum(self.text.values()):>8}{sum(self.code.values()):>8}{self.ratio():>8.1%}")
        return "\n".join(rows)

    def largest_code(self, n: int = 12) -> list[tuple[str, int]]:
        return sorted(((f, c) for f, (k, c) in self.files.items() if k == "code" and c), key=lambda x: -x[1])[:n]


def text_share(package_dir: Path, notebooks_dir: Path, chapters: Iterable[str] = CHAPTERS) -> Share:
    """Count the Chinese characters of the package and the chapter notebooks by where they are written."""
    chapters = tuple(chapters)
    share = Share()

    def add(kind: str, chapter: str, name: str, n: int) -> None:
        (share.text if kind == "text" else share.code)[chapter] += n
        share.files[name] = (kind, share.files.get(name, (kind, 0))[1] + n)

    for path in sorted(package_dir.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        rel = path.relative_to(package_dir)
        chapter = chapter_of_path(rel, chapters)
        if path.suffix == ".py":
            add("code", chapter, str(rel), python_literal_chars(path.read_text(encoding="utf-8")))
        elif path.suffix == ".md" and ("text" in rel.parts):
            add("text", chapter, str(rel), text_file_chars(path))
        elif path.suffix in (".yaml", ".yml", ".csv") and "templates" not in rel.parts:
            add("text", chapter, str(rel), text_file_chars(path))
    for nb in sorted(notebooks_dir.glob("[0-9][0-9]_*.ipynb")):
        chapter = nb.stem.split("_", 1)[1]
        chapter = chapter if chapter in chapters else "(shared)"
        md, code = notebook_chars(nb)
        add("text", chapter, f"notebooks/{nb.name} (markdown)", md)
        add("code", chapter, f"notebooks/{nb.name} (code)", code)
    return share
