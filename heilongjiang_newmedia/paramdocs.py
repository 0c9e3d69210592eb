"""``docs/parameters.md`` generated from the parameter registry (:mod:`heilongjiang_newmedia.params`).

The page lists how to pass parameters (``-p``, ``-f`` YAML with a per-chapter ``chapters:`` block, the presets in
``params/``, papermill), the parameters shared by several chapters, and every chapter's parameters with type,
default, allowed values and description. The output is deterministic (no dates, sorted file lists), so
``tests/test_paramdocs.py`` can fail when the committed page is stale.

Regenerate::

    .venv/bin/python -m heilongjiang_newmedia.paramdocs          # writes docs/parameters.md
    .venv/bin/python -m heilongjiang_newmedia.paramdocs --check  # exit 1 if docs/parameters.md is stale
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Iterable

from heilongjiang_newmedia import params as P
from heilongjiang_newmedia.paramtypes import Param
from heilongjiang_newmedia.loading.paths import project_root

__all__ = ["render_markdown", "docs_path", "write", "is_current", "main"]

GENERATOR = "python -m heilongjiang_newmedia.paramdocs"

# What each domain check accepts, in words (keys: Param.check).
_CHECKS = {
    "province": "one of the 31 provincial-level divisions by Chinese name (short or full), English name or "
                "six-digit code (see [Province names](#province-names))",
    "provinces": "a list of provincial-level divisions, each as for `province`",
    "countries": "a list of UN Member States by ISO3 code or UN English name",
    "dir": "an existing directory",
    "file": "an existing file",
    "ahp": "square, positive entries, unit diagonal, reciprocal (a_ji = 1/a_ij within 2%)",
    "criteria": "evaluation dimensions (reach, interaction, platform, service, security) or indicator ids of the "
                "framework",
}


def docs_path(root: str | Path | None = None) -> Path:
    """Where the generated page lives: ``docs/parameters.md`` of the project."""
    return Path(root or project_root()) / "docs" / "parameters.md"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
            .replace("\n", " "))


def _num(x: float) -> str:
    return f"{x:g}"


def _value(value: Any) -> str:
    """A default value as one would write it in a YAML parameter file."""
    if value is None:
        return "`None`"
    if isinstance(value, bool):
        return "`true`" if value else "`false`"
    if isinstance(value, (int, float)):
        return f"`{_num(value)}`"
    if isinstance(value, list):
        return "`" + json.dumps(value, ensure_ascii=False).replace('"', "") + "`"
    return f"`{value}`"


def _allowed(p: Param) -> str:
    parts = []
    if p.choices:
        parts.append("one of " + ", ".join(f"`{c}`" for c in p.choices))
    if p.min is not None or p.max is not None:
        lo = _num(p.min) if p.min is not None else "…"
        hi = _num(p.max) if p.max is not None else "…"
        parts.append(f"{lo} to {hi}")
    if p.check:
        parts.append(_CHECKS.get(p.check, f"checked: {p.check}"))
    if not parts:
        parts.append(f"any {p.type}")
    if p.optional:
        parts.append("or `None`")
    return "; ".join(parts)


def _param_table(params: Iterable[Param], extra: dict[str, str] | None = None, extra_head: str = "") -> list[str]:
    head = "| Name | Type | Default | Allowed values | Description |"
    rule = "|---|---|---|---|---|"
    if extra is not None:
        head += f" {extra_head} |"
        rule += "---|"
    lines = [head, rule]
    for p in params:
        row = (f"| `{p.name}` | {_cell(p.type_label)} | {_cell(_value(p.default))} | {_cell(_allowed(p))} "
               f"| {_cell(p.description)} |")
        if extra is not None:
            row += f" {_cell(extra.get(p.name, ''))} |"
        lines.append(row)
    return lines


def _anchor(spec: P.ChapterSpec) -> str:
    return f"chapter-{spec.number}"


def _presets(root: Path) -> list[tuple[str, str, str]]:
    """``(file name, first comment line, command line)`` for each preset in ``params/``, sorted by name."""
    out = []
    for path in sorted((root / "params").glob("*.yaml")):
        comments = [ln.lstrip("#").strip() for ln in path.read_text(encoding="utf-8").splitlines()
                    if ln.startswith("#")]
        command = next((c for c in comments if "hlj-newmedia" in c), "")
        summary = " ".join(c for c in comments if c and "hlj-newmedia" not in c)
        out.append((path.name, summary, command))
    return out


def _province_rows() -> list[str]:
    from heilongjiang_newmedia.loading.regions import provinces

    table = provinces()  # no data: DataValidationError naming the file (the page is not written without the list)
    lines = ["| Chinese | Full name | English | Code |", "|---|---|---|---|"]
    for r in table.itertuples(index=False):
        lines.append(f"| {r.zh} | {r.zh_full} | {r.en} | {int(r.code)} |")
    return lines


def render_markdown(chapters: Iterable[P.ChapterSpec] = P.CHAPTERS, root: str | Path | None = None) -> str:
    """The Markdown page documenting every chapter's parameters (deterministic: same registry, same text)."""
    chapters = tuple(chapters)
    root = Path(root or project_root())
    users: dict[str, list[P.ChapterSpec]] = {}
    first: dict[str, Param] = {}
    for spec in chapters:
        for p in spec.params:
            users.setdefault(p.name, []).append(spec)
            first.setdefault(p.name, p)
    common = [first[n] for n in first if len(users[n]) > 1]
    used_in = {n: ", ".join(f"[{s.number:02d}](#{_anchor(s)})" for s in users[n]) for n in users}

    L: list[str] = [
        "# Parameters",
        "",
        f"<!-- Generated by `{GENERATOR}` from `heilongjiang_newmedia/params.py`; do not edit by hand. "
        "tests/test_paramdocs.py fails when this page is stale. -->",
        "",
        "Every chapter report is a parameterised notebook. The same parameters are accepted by the command line "
        "(`hlj-newmedia build`), by parameter files, and by papermill. Values are parsed to the declared type and "
        "checked before any notebook runs; an invalid value stops the build with exit status 2 and a message "
        "naming the chapter and the parameter. `hlj-newmedia params CHAPTER` prints the same information as this "
        "page for one chapter.",
        "",
        "## How to pass parameters",
        "",
        "**On the command line**, `-p NAME=VALUE` (repeatable). A value applies to every selected chapter that "
        "declares the name; a name that no selected chapter declares is an error.",
        "",
        "```sh",
        ".venv/bin/hlj-newmedia build -p province=吉林 --lang en --out reports-jilin-en  # all chapters, Jilin, English",
        ".venv/bin/hlj-newmedia build 3 5 -p benchmarks=浙江,广东 -p start_year=2015 --out reports-custom  # chapters 3, 5",
        ".venv/bin/hlj-newmedia build 2 -p 'ahp_matrix=[[1, 3], [1/3, 1]]' -p ahp_criteria=reach,service",
        "```",
        "",
        "A report folder holds one study: building only some chapters with settings that differ from the other "
        "chapters of the folder (another province, other benchmarks, another language) is refused, with the "
        "command that builds them in a folder of their own (`--out`). Folders named `reports*` are ignored by git.",
        "",
        "Value syntax for `-p`: lists as `a,b,c` (also `，`, `、` or `;` as separators) or `[a, b, c]`; matrices as "
        "`[[1, 3], [1/3, 1]]` (fractions allowed); `None` (or an empty value) for an optional parameter; booleans "
        "as `true`/`false`. `--lang zh|en` and `--data-dir DIR` are shortcuts for `-p lang=...` and `-p data_dir=...`.",
        "",
        "**In a YAML file**, `-f FILE`: top-level `NAME: VALUE` entries apply to every chapter that declares the "
        "name; an optional `chapters:` block holds values for one chapter only (keyed by file stem, number or "
        "name).",
        "",
        "```yaml",
        "province: 吉林",
        "lang: en",
        "benchmarks: [浙江, 广东, 上海]",
        "chapters:",
        "  05_comparison:",
        "    start_year: 2015",
        "    sensitivity_pct: 20",
        "  02_framework:",
        "    ahp_criteria: [reach, service]",
        "    ahp_matrix: [[1, 3], [1/3, 1]]",
        "```",
        "",
        "Precedence, lowest to highest: the defaults below, top-level YAML values, the YAML `chapters:` block, "
        "`-p`, then `--lang`/`--data-dir`.",
        "",
        "**Presets** in `params/` (use with `-f`):",
        "",
    ]
    presets = _presets(root)
    if presets:
        L += ["| File | What it runs | Command |", "|---|---|---|"]
        L += [f"| [`params/{name}`](../params/{name}) | {_cell(summary)} | `{_cell(command)}` |"
              if command else f"| [`params/{name}`](../params/{name}) | {_cell(summary)} | |"
              for name, summary, command in presets]
    else:
        L.append("(no presets in `params/`)")
    L += [
        "",
        "**With papermill or JupyterLab** (no validation: pass values of the declared type, e.g. lists as YAML "
        "with `-y`); use `--cwd notebooks` as the build does. A notebook run this way is an interactive run: its "
        "exhibits, results and findings go to a scratch folder of its own, `reports/.scratch/<date>-<time>-<process>/` "
        "(its first output names it), and the built reports in `reports/` are only read, never changed:",
        "",
        "```sh",
        ".venv/bin/papermill notebooks/03_status.ipynb /tmp/03.ipynb -k python3 --cwd notebooks "
        "-p province 吉林 -y 'benchmarks: [浙江, 广东]'",
        "```",
        "",
        "In JupyterLab (`make lab`), edit the cell tagged `parameters` at the top of a notebook.",
        "",
        "## Common parameters",
        "",
        "Parameters declared by more than one chapter have the same meaning and default everywhere.",
        "",
    ]
    L += _param_table(common, used_in, "Chapters")
    L += ["", "## Parameters by chapter", ""]
    for spec in chapters:
        L += [f'<a id="{_anchor(spec)}"></a>', "",
              f"### {spec.number:02d} {spec.title_zh} / {spec.title_en}", "",
              f"Notebook: [`notebooks/{spec.stem}.ipynb`](../notebooks/{spec.stem}.ipynb) · "
              f"`hlj-newmedia build {spec.number}` · `hlj-newmedia params {spec.number}`", ""]
        if spec.depends_on:
            L += ["Uses the recorded results of " + ", ".join(f"`{d}`" for d in spec.depends_on)
                  + " (built after them).", ""]
        L += _param_table(spec.params)
        L.append("")
    L += ["## Province names", "",
          "`province`, `benchmarks` and `peers` accept any of these names or codes (English names in any case, "
          "with or without \"Province\", \"Municipality\" or \"Autonomous Region\"); reports show the short "
          "Chinese name or the English name.", ""]
    L += _province_rows()
    L.append("")
    return "\n".join(L)


def write(root: str | Path | None = None) -> Path:
    """Write ``docs/parameters.md``; returns its path."""
    path = docs_path(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_markdown(root=root), encoding="utf-8")
    return path


def is_current(root: str | Path | None = None) -> bool:
    """Whether ``docs/parameters.md`` equals the page rendered from the registry now."""
    path = docs_path(root)
    return path.is_file() and path.read_text(encoding="utf-8") == render_markdown(root=root)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog=GENERATOR, description="Write docs/parameters.md from the parameter registry.")
    ap.add_argument("--check", action="store_true", help="only check; exit 1 if docs/parameters.md is stale")
    args = ap.parse_args(argv)
    if args.check:
        if is_current():
            print(f"{docs_path()} is up to date")
            return 0
        print(f"{docs_path()} is stale: run `{GENERATOR}`", file=sys.stderr)
        return 1
    print(f"wrote {write()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
