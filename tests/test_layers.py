"""The package layout is the architecture: imports point down the layers, no import cycles, modules stay small, no
chapter imports another, and every module serves the package (none is there only for the tests).

Layers, lowest first (docs/architecture.md): loading < methods < findings < text < chapters < reporting < the parameter
registry (params, paramtypes, paramdocs) < pipeline < cli < api (the package's own ``__init__``: the names a researcher
imports as ``import heilongjiang_newmedia as hlj``, loaded lazily). A module may import modules of its own layer or of
lower layers only. Every ``import`` / ``from ... import`` statement counts, absolute or relative, at module level or
inside a function (a lazy import is still a dependency), and so does ``importlib.import_module("...")`` with a literal
name. The checker reads the source with :mod:`ast`; nothing is imported. It is tested on small synthetic packages
below, so the real-package tests can fail.

Chapters (docs/chapters.md): a chapter is a folder ``chapters/<name>/`` or, until it is moved, the flat modules
``chapters/<name>.py`` and ``chapters/<name>_*.py``. No chapter imports another: what a later chapter needs from an
earlier one it reads from the recorded findings. A module under ``chapters/`` that belongs to no chapter is shared
code in the wrong layer (wording goes to ``text/``, data access to ``loading/``).

Used modules: a module is used when the command line, the researcher's API (the package ``__init__``), a notebook, a
module run as a script (``python -m``, an ``if __name__ == "__main__"`` block) or a module named in a string of a used
module (``-m heilongjiang_newmedia.pipeline.zygote``, ``Path(__file__).with_name("zygote_client.py")``) reaches it
through imports. A module only the tests reach belongs in ``tests/`` (e.g. ``tests/checkers/``).
"""
from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

PACKAGE = "heilongjiang_newmedia"
ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / PACKAGE

#: Layers, lowest first. "api" is the package's own ``__init__`` (the researcher's names, lazily imported).
LAYERS = ("loading", "methods", "findings", "text", "chapters", "reporting", "registry", "pipeline", "cli", "api")
#: First component below the package -> layer. A new top-level module or subpackage must be added here.
LAYER_OF_TOP = {
    "": "api", "loading": "loading", "methods": "methods", "findings": "findings", "text": "text",
    "chapters": "chapters", "reporting": "reporting",
    "params": "registry", "paramtypes": "registry", "paramdocs": "registry", "pipeline": "pipeline", "cli": "cli",
    "__main__": "cli",
}
#: Why a layer may not be imported from below, said in the message (the layering rule in words).
LAYER_HINTS = {
    "reporting": "nothing below reporting imports it: wording both need goes to text/, records to findings/",
    "chapters": "methods, findings and text serve every chapter and know none",
    "api": "the package __init__ is the researcher's API; modules import the module that defines a name",
}
#: Chapter short names (= findings namespaces = folder names), heilongjiang_newmedia/findings/store.py CHAPTER_STEMS.
CHAPTERS = ("introduction", "framework", "status", "problems", "comparison", "countermeasures", "conclusion")
MAX_LINES = 400
#: Temporary exceptions to MAX_LINES (none left: every module is within the limit). Do not add to it; split instead.
OVERSIZE_EXCEPTIONS: frozenset[str] = frozenset()


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    lines: int
    imports: list[tuple[int, str]] = field(default_factory=list)  # (line number, imported module)


def module_name(path: Path, package_dir: Path, package: str) -> tuple[str, bool]:
    """Dotted name of a source file and whether it is a package ``__init__``."""
    parts = list(path.relative_to(package_dir).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join([package, *parts]), is_package


def _resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[: len(base) - (level - 1)]
    return ".".join(base + ([target] if target else []))


def _imports(tree: ast.AST, module: str, is_package: bool, known: set[str], package: str) -> list[tuple[int, str]]:
    """Modules of ``package`` that ``tree`` imports anywhere (module level, functions, classes)."""
    out: list[tuple[int, str]] = []

    def add(lineno: int, name: str) -> None:
        if name == package or name.startswith(package + "."):
            # the longest known module that is a prefix (``import a.b.c`` where c is a function is a.b)
            while name not in known and "." in name:
                name = name.rsplit(".", 1)[0]
            out.append((lineno, name))

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve_relative(module, is_package, node.level, node.module) if node.level else node.module
            if base is None:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                add(node.lineno, sub if sub in known else base)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            fn = node.func
            fname = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
            if fname in ("import_module", "__import__"):
                add(node.lineno, node.args[0].value)
    return out


def collect(package_dir: Path, package: str) -> dict[str, Module]:
    """Every module of the package with its line count and its imports of other package modules."""
    files = sorted(p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts)
    mods: dict[str, Module] = {}
    for p in files:
        name, is_pkg = module_name(p, package_dir, package)
        text = p.read_text(encoding="utf-8")
        mods[name] = Module(name, p, is_pkg, len(text.splitlines()))
    known = set(mods)
    for m in mods.values():
        tree = ast.parse(m.path.read_text(encoding="utf-8"), filename=str(m.path))
        m.imports = [(ln, t) for ln, t in _imports(tree, m.name, m.is_package, known, package) if t != m.name]
    return mods


def layer_of(module: str, package: str, layer_of_top: dict[str, str]) -> str | None:
    rest = module[len(package) + 1:] if module != package else ""
    return layer_of_top.get(rest.split(".", 1)[0])


def layer_violations(mods: dict[str, Module], package: str, layers: tuple[str, ...],
                     layer_of_top: dict[str, str], hints: dict[str, str] | None = None) -> list[str]:
    """One message per import that points to a higher layer, and per module that is in no layer."""
    rank = {name: i for i, name in enumerate(layers)}
    out = []
    for m in mods.values():
        mine = layer_of(m.name, package, layer_of_top)
        if mine is None:
            out.append(f"{m.name}: in no layer (add its top-level name to LAYER_OF_TOP)")
            continue
        for lineno, target in m.imports:
            theirs = layer_of(target, package, layer_of_top)
            if theirs is not None and rank[theirs] > rank[mine]:
                hint = (LAYER_HINTS if hints is None else hints).get(theirs)
                out.append(f"{m.name} (line {lineno}) imports {target}: layer {mine} (#{rank[mine]}) must not import "
                           f"the higher layer {theirs} (#{rank[theirs]})" + (f" ({hint})" if hint else ""))
    return sorted(out)


def import_cycles(mods: dict[str, Module]) -> list[list[str]]:
    """Each import cycle (a strongly connected component of two or more modules), as a closed path a -> ... -> a."""
    graph = {m.name: sorted({t for _, t in m.imports if t in mods}) for m in mods.values()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    comps: list[list[str]] = []
    counter = [0]

    def strongconnect(v: str) -> None:  # Tarjan's algorithm
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                strongconnect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                comps.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            strongconnect(v)
    cycles = []
    for comp in sorted(comps):
        members = set(comp)
        start = comp[0]
        # shortest path back to start inside the component (breadth first), for a readable message
        prev: dict[str, str] = {}
        queue, seen, end = [start], {start}, None
        while queue and end is None:
            nxt = []
            for v in queue:
                for w in graph[v]:
                    if w == start:
                        end = v
                        break
                    if w in members and w not in seen:
                        seen.add(w)
                        prev[w] = v
                        nxt.append(w)
                if end is not None:
                    break
            queue = nxt
        path = [start]
        v = end
        while v is not None and v != start:
            path.insert(1, v)
            v = prev.get(v)
        cycles.append(path + [start])
    return cycles


def oversized(mods: dict[str, Module], max_lines: int, exceptions: frozenset[str] = frozenset()) -> list[str]:
    return sorted(f"{m.name}: {m.lines} lines (limit {max_lines}; split it by responsibility)"
                  for m in mods.values() if m.lines > max_lines and m.name not in exceptions)


def chapter_of(module: str, package: str, chapters: tuple[str, ...], mods: dict[str, Module]) -> str | None:
    """The chapter a module under ``<package>.chapters`` belongs to: its folder ``chapters/<name>/`` (any folder with
    an ``__init__``), or for a flat module ``chapters/<name>.py`` / ``chapters/<name>_*.py`` the chapter ``name``;
    ``None`` for the ``chapters`` package itself and for shared modules that belong to no chapter."""
    base = f"{package}.chapters."
    if not module.startswith(base):
        return None
    first = module[len(base):].split(".", 1)[0]
    if f"{base}{first}" in mods and mods[f"{base}{first}"].is_package:
        return first
    for name in sorted(chapters, key=len, reverse=True):
        if first == name or first.startswith(name + "_"):
            return name
    return None


def cross_chapter_imports(mods: dict[str, Module], package: str, chapters: tuple[str, ...]) -> list[str]:
    """One message per import of one chapter's module by another chapter's (or by a shared chapters/ module, which
    couples every chapter that uses it)."""
    out = []
    for m in mods.values():
        mine = chapter_of(m.name, package, chapters, mods)
        if mine is None:
            continue
        for lineno, target in m.imports:
            theirs = chapter_of(target, package, chapters, mods)
            if theirs is not None and theirs != mine:
                out.append(f"{m.name} (line {lineno}) imports {target}: chapter {mine} must not import chapter "
                           f"{theirs} (read its recorded findings instead: Chapter(..., uses=[{theirs!r}]))")
            elif theirs is None and target.startswith(f"{package}.chapters.") and target in mods:
                out.append(f"{m.name} (line {lineno}) imports {target}: chapter {mine} imports a module that belongs "
                           f"to no chapter")
    return sorted(set(out))


def chapter_importers(mods: dict[str, Module], package: str) -> list[str]:
    """Modules outside ``chapters/`` that import a chapter module: chapters are reached from their notebooks only;
    what reporting, the pipeline or the API need of a chapter is in its recorded findings or in ``text/``."""
    base = f"{package}.chapters"
    return sorted({f"{m.name} (line {ln}) imports {t}: only notebooks and the chapter itself use a chapter's modules"
                   for m in mods.values() if not (m.name == base or m.name.startswith(base + "."))
                   for ln, t in m.imports if t == base or t.startswith(base + ".")})


def shared_chapter_modules(mods: dict[str, Module], package: str, chapters: tuple[str, ...]) -> list[str]:
    """Modules under ``chapters/`` that belong to no chapter (the ``chapters`` package ``__init__`` aside)."""
    base = f"{package}.chapters"
    return sorted(n for n in mods if n.startswith(base + ".") and chapter_of(n, package, chapters, mods) is None)


def _module_strings(tree: ast.AST, module: str, package: str, known: set[str]) -> set[str]:
    """Modules a module names in its string literals: dotted names (``-m pkg.sub.mod``, also inside a longer string)
    and sibling files (``"zygote_client.py"``)."""
    out: set[str] = set()
    dotted = re.compile(rf"\b{re.escape(package)}(?:\.\w+)+")
    parent = module.rsplit(".", 1)[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for name in dotted.findall(node.value):
                while name not in known and "." in name:
                    name = name.rsplit(".", 1)[0]
                if name in known and name != package:
                    out.add(name)
            for stem in re.findall(r"\b(\w+)\.py\b", node.value):
                if f"{parent}.{stem}" in known:
                    out.add(f"{parent}.{stem}")
    return out


def _runs_as_script(tree: ast.Module) -> bool:
    """``if __name__ == "__main__":`` at module level: the module is a command of its own (``python -m``)."""
    for node in tree.body:
        if isinstance(node, ast.If) and isinstance(node.test, ast.Compare) and isinstance(node.test.left, ast.Name) \
                and node.test.left.id == "__name__" and any(isinstance(c, ast.Constant) and c.value == "__main__"
                                                            for c in node.test.comparators):
            return True
    return False


def code_imports(source: str, package: str, known: set[str]) -> set[str]:
    """Package modules that Python ``source`` (a script, a notebook cell, a test) imports. IPython magics and shell
    lines (``%``, ``!``) are dropped; a cell that still does not parse imports nothing."""
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    try:
        tree = ast.parse("\n".join(lines))
    except SyntaxError:
        return set()
    return {t for _, t in _imports(tree, f"{package}.__script__", False, known, package)}


def notebook_imports(path: Path, package: str, known: set[str]) -> set[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    out: set[str] = set()
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            src = cell.get("source", "")
            out |= code_imports("".join(src) if isinstance(src, list) else src, package, known)
    return out


def used_modules(mods: dict[str, Module], package: str, roots: set[str]) -> set[str]:
    """Modules reached from ``roots`` (plus modules run as scripts) through imports and module names in strings;
    importing ``a.b.c`` also runs ``a`` and ``a.b``."""
    known = set(mods)
    edges: dict[str, set[str]] = {}
    starts = set(roots)
    for m in mods.values():
        tree = ast.parse(m.path.read_text(encoding="utf-8"), filename=str(m.path))
        edges[m.name] = {t for _, t in m.imports} | _module_strings(tree, m.name, package, known)
        if _runs_as_script(tree):
            starts.add(m.name)
    seen: set[str] = set()
    todo = [r for r in starts if r in known]
    while todo:
        v = todo.pop()
        if v in seen:
            continue
        seen.add(v)
        parts = v.split(".")
        todo.extend(".".join(parts[:i]) for i in range(1, len(parts)))
        todo.extend(edges.get(v, ()))
    return seen


def unused_modules(mods: dict[str, Module], package: str, roots: set[str], test_imports: set[str]) -> list[str]:
    """One message per module nothing but the tests (or nothing at all) reaches from ``roots``."""
    used = used_modules(mods, package, roots)
    out = []
    for name in sorted(set(mods) - used):
        if name in test_imports:
            out.append(f"{name}: only the tests import it (move it to tests/, e.g. tests/checkers/)")
        else:
            out.append(f"{name}: nothing imports it (remove it, or import it where it is meant to be used)")
    return out


# -- the real package ------------------------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _real() -> dict[str, Module]:
    """The real package, read once per session (the tests only read it)."""
    return collect(PACKAGE_DIR, PACKAGE)


def test_every_import_points_down_the_layers():
    problems = layer_violations(_real(), PACKAGE, LAYERS, LAYER_OF_TOP)
    assert not problems, "imports that point up the layers " + " < ".join(LAYERS[1:]) + ":\n  " + "\n  ".join(problems)


def describe_cycle(mods: dict[str, Module], cycle: list[str]) -> str:
    """``a (line 3) -> b (line 9) -> a``: each module with the line of its import of the next one."""
    parts = []
    for v, w in zip(cycle, cycle[1:]):
        line = min(ln for ln, t in mods[v].imports if t == w)
        parts.append(f"{v} (line {line})")
    return " -> ".join(parts + [cycle[-1]])


def test_no_import_cycles():
    mods = _real()
    cycles = import_cycles(mods)
    assert not cycles, "import cycles:\n  " + "\n  ".join(describe_cycle(mods, c) for c in cycles)


def test_no_module_over_the_size_limit():
    mods = _real()
    too_big = oversized(mods, MAX_LINES, OVERSIZE_EXCEPTIONS)
    assert not too_big, "modules too large:\n  " + "\n  ".join(too_big)
    fixed = sorted(n for n in OVERSIZE_EXCEPTIONS if n in mods and mods[n].lines <= MAX_LINES)
    assert not fixed, f"remove from OVERSIZE_EXCEPTIONS (now within the limit): {fixed}"


def test_the_layers_are_the_subpackages():
    mods = _real()
    tops = {layer_of(n, PACKAGE, LAYER_OF_TOP) for n in mods}
    assert tops == set(LAYERS)
    # the data flow is visible in the tree: the statistics do not read files, the chapter modules are named for chapters
    assert {"heilongjiang_newmedia.loading.survey", "heilongjiang_newmedia.methods.survey",
            "heilongjiang_newmedia.loading.inventory", "heilongjiang_newmedia.methods.inventory",
            "heilongjiang_newmedia.chapters.introduction", "heilongjiang_newmedia.chapters.conclusion",
            "heilongjiang_newmedia.pipeline.runner", "heilongjiang_newmedia.reporting.exhibits"} <= set(mods)
    assert not (PACKAGE_DIR / "build").exists()


# -- the checker itself, on synthetic packages -----------------------------------------------------------------------

TOY_LAYERS = ("package", "low", "high")
TOY_TOP = {"": "package", "low": "low", "high": "high"}


def _toy(tmp_path: Path, files: dict[str, str]) -> dict[str, Module]:
    root = tmp_path / "toy"
    for rel, text in {"__init__.py": "", "low/__init__.py": "", "high/__init__.py": "", **files}.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return collect(root, "toy")


def test_checker_resolves_absolute_relative_and_lazy_imports(tmp_path):
    mods = _toy(tmp_path, {
        "low/a.py": "import os\nfrom toy.low import b\n",
        "low/b.py": "from .c import thing\n",
        "low/c.py": "thing = 1\n",
        "high/h.py": ("from ..low.c import thing\nimport toy.low.a\n\ndef later():\n"
                      "    from toy.high import k\n    import importlib\n    importlib.import_module('toy.low.b')\n"),
        "high/k.py": "from toy.high.h import later\n",
    })
    assert mods["toy.low.a"].imports == [(2, "toy.low.b")]
    assert mods["toy.low.b"].imports == [(1, "toy.low.c")]
    assert sorted(t for _, t in mods["toy.high.h"].imports) == ["toy.high.k", "toy.low.a", "toy.low.b", "toy.low.c"]
    assert layer_violations(mods, "toy", TOY_LAYERS, TOY_TOP) == []
    # h -> k (inside a function) and k -> h form a cycle
    assert import_cycles(mods) == [["toy.high.h", "toy.high.k", "toy.high.h"]]


def test_checker_reports_an_upward_import_with_module_line_and_layers(tmp_path):
    mods = _toy(tmp_path, {
        "low/a.py": "x = 1\n\n\ndef f():\n    from ..high import h\n    return h\n",
        "high/h.py": "from toy.low.a import x\n",
    })
    problems = layer_violations(mods, "toy", TOY_LAYERS, TOY_TOP)
    assert problems == ["toy.low.a (line 5) imports toy.high.h: layer low (#1) must not import the higher layer "
                        "high (#2)"]
    cycle = import_cycles(mods)[0]
    assert cycle == ["toy.high.h", "toy.low.a", "toy.high.h"]
    assert describe_cycle(mods, cycle) == "toy.high.h (line 1) -> toy.low.a (line 5) -> toy.high.h"


def test_checker_reports_modules_in_no_layer_and_long_cycles(tmp_path):
    mods = _toy(tmp_path, {
        "stray.py": "",
        "low/a.py": "from toy.low import b\n",
        "low/b.py": "from toy.low import c\n",
        "low/c.py": "import toy.low.a\n",
    })
    assert layer_violations(mods, "toy", TOY_LAYERS, TOY_TOP) == [
        "toy.stray: in no layer (add its top-level name to LAYER_OF_TOP)"]
    assert import_cycles(mods) == [["toy.low.a", "toy.low.b", "toy.low.c", "toy.low.a"]]


def test_checker_counts_lines(tmp_path):
    mods = _toy(tmp_path, {"low/big.py": "x = 1\n" * 401, "low/ok.py": "x = 1\n" * 400})
    assert oversized(mods, 400) == ["toy.low.big: 401 lines (limit 400; split it by responsibility)"]
    assert oversized(mods, 400, frozenset({"toy.low.big"})) == []


def test_an_installed_wheel_holds_every_subpackage_and_data_file():
    """``[tool.setuptools.packages.find]`` finds every subpackage (each folder of modules has an ``__init__``) and
    ``package-data`` covers every non-Python file in the package (templates, chapter data tables)."""
    import tomllib

    conf = tomllib.loads((PACKAGE_DIR.parent / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    assert conf["packages"]["find"]["include"] == [f"{PACKAGE}*"]
    folders = {p.parent for p in PACKAGE_DIR.rglob("*.py") if "__pycache__" not in p.parts}
    assert sorted(str(f.relative_to(PACKAGE_DIR)) for f in folders if not (f / "__init__.py").is_file()) == []
    patterns = conf["package-data"][PACKAGE]
    shipped = {p for pat in patterns for p in PACKAGE_DIR.glob(pat) if p.is_file()}
    data = {p for p in PACKAGE_DIR.rglob("*") if p.is_file() and p.suffix not in (".py", ".pyc")
            and "__pycache__" not in p.parts}
    assert sorted(str(p.relative_to(PACKAGE_DIR)) for p in data - shipped) == []
    assert {"reporting/templates/hlj/index.html.j2", "loading/indicator_system/indicators.csv"} <= {
        str(p.relative_to(PACKAGE_DIR)) for p in shipped}


# -- chapters and used modules: the real package --------------------------------------------------------------------

#: Imports of one chapter by another, as "importer -> imported" (none: every chapter is its folder and reads the
#: others' findings). Do not add to it. Stale entries fail.
PENDING_CHAPTER_IMPORTS: frozenset[str] = frozenset()
#: Modules under chapters/ that belong to no chapter (none). Do not add to it. Stale entries fail.
PENDING_SHARED_MODULES: frozenset[str] = frozenset()
#: Package modules that only the tests use (none). Do not add to it. Stale entries fail.
PENDING_UNUSED: frozenset[str] = frozenset()


def _roots(mods: dict[str, Module]) -> set[str]:
    """The package's entry points: the API (package ``__init__``), the console scripts of pyproject.toml, every
    notebook under notebooks/, and the project's scripts under tools/ and benchmarks/."""
    import tomllib

    known = set(mods)
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    roots = {PACKAGE} | {v.split(":", 1)[0] for v in conf["project"].get("scripts", {}).values()}
    for nb in sorted((ROOT / "notebooks").glob("*.ipynb")):
        roots |= notebook_imports(nb, PACKAGE, known)
    for script in sorted([*(ROOT / "tools").glob("*.py"), *(ROOT / "benchmarks").glob("*.py")]):
        roots |= code_imports(script.read_text(encoding="utf-8"), PACKAGE, known)
    return roots


def _test_imports(mods: dict[str, Module]) -> set[str]:
    known = set(mods)
    out: set[str] = set()
    for p in sorted((ROOT / "tests").rglob("*.py")):
        out |= code_imports(p.read_text(encoding="utf-8"), PACKAGE, known)
    return out


def _pending(found: list[str], key, pending: frozenset[str], what: str) -> None:
    keys = {key(f) for f in found}
    new = [f for f in found if key(f) not in pending]
    assert not new, f"{what}:\n  " + "\n  ".join(new)
    stale = sorted(pending - keys)
    assert not stale, f"remove from the pending list of {what} (fixed now): {stale}"


def _import_key(message: str) -> str:
    importer, rest = message.split(" (line ", 1)
    return f"{importer} -> {rest.split(' imports ', 1)[1].split(':', 1)[0]}"


def test_no_chapter_imports_another():
    mods = _real()
    _pending(cross_chapter_imports(mods, PACKAGE, CHAPTERS), _import_key, PENDING_CHAPTER_IMPORTS,
             "chapters that import another chapter")


def test_no_shared_modules_under_chapters():
    mods = _real()
    _pending(shared_chapter_modules(mods, PACKAGE, CHAPTERS), lambda n: n, PENDING_SHARED_MODULES,
             "modules under chapters/ that belong to no chapter (move wording to text/, data access to loading/)")


def test_no_module_is_used_only_by_the_tests():
    mods = _real()
    found = unused_modules(mods, PACKAGE, _roots(mods), _test_imports(mods))
    _pending(found, lambda f: f.split(":", 1)[0], PENDING_UNUSED, "package modules that nothing but the tests uses")


def test_only_notebooks_use_the_chapters():
    problems = chapter_importers(_real(), PACKAGE)
    assert not problems, "modules outside chapters/ that import a chapter:\n  " + "\n  ".join(problems)


def test_the_chapter_names_are_the_findings_namespaces():
    from heilongjiang_newmedia.findings.store import CHAPTER_STEMS

    assert tuple(CHAPTER_STEMS.values()) == CHAPTERS


# -- the chapter and use rules, on synthetic packages ----------------------------------------------------------------

TOY_CHAPTERS = ("intro", "status", "problems")


def _toy_chapters(tmp_path: Path, files: dict[str, str]) -> dict[str, Module]:
    return _toy(tmp_path, {"chapters/__init__.py": "", **files})


def test_chapter_rule_knows_folders_flat_modules_and_shared_ones(tmp_path):
    mods = _toy_chapters(tmp_path, {
        "chapters/status/__init__.py": "from .core import x\n",
        "chapters/status/core.py": "x = 1\n",
        "chapters/problems_core.py": "y = 2\n",
        "chapters/problems.py": "from toy.chapters.problems_core import y\n",
        "chapters/intro.py": "",
        "chapters/intro_more.py": "",
        "chapters/wording.py": "",
        "chapters/introspect.py": "",   # "intro" + "spect", not "intro_": shared, not chapter intro
    })
    of = {n: chapter_of(n, "toy", TOY_CHAPTERS, mods) for n in mods if n.startswith("toy.chapters")}
    assert of == {"toy.chapters": None, "toy.chapters.status": "status", "toy.chapters.status.core": "status",
                  "toy.chapters.problems_core": "problems", "toy.chapters.problems": "problems",
                  "toy.chapters.intro": "intro", "toy.chapters.intro_more": "intro", "toy.chapters.wording": None,
                  "toy.chapters.introspect": None}
    assert shared_chapter_modules(mods, "toy", TOY_CHAPTERS) == ["toy.chapters.introspect", "toy.chapters.wording"]
    assert cross_chapter_imports(mods, "toy", TOY_CHAPTERS) == []


def test_chapter_rule_reports_one_chapter_importing_another(tmp_path):
    mods = _toy_chapters(tmp_path, {
        "chapters/status/__init__.py": "",
        "chapters/status/tables.py": "def f():\n    from toy.chapters.problems_core import y\n    return y\n",
        "chapters/problems_core.py": "y = 2\n",
        "chapters/intro.py": "from toy.chapters import wording\nfrom .status import tables\n",
        "chapters/wording.py": "",
    })
    assert cross_chapter_imports(mods, "toy", TOY_CHAPTERS) == [
        "toy.chapters.intro (line 1) imports toy.chapters.wording: chapter intro imports a module that belongs to "
        "no chapter",
        "toy.chapters.intro (line 2) imports toy.chapters.status.tables: chapter intro must not import chapter "
        "status (read its recorded findings instead: Chapter(..., uses=['status']))",
        "toy.chapters.status.tables (line 2) imports toy.chapters.problems_core: chapter status must not import "
        "chapter problems (read its recorded findings instead: Chapter(..., uses=['problems']))",
    ]
    assert _import_key(cross_chapter_imports(mods, "toy", TOY_CHAPTERS)[2]) == \
        "toy.chapters.status.tables -> toy.chapters.problems_core"


def test_chapter_rule_reports_other_layers_importing_a_chapter(tmp_path):
    mods = _toy_chapters(tmp_path, {"chapters/status/__init__.py": "from toy.chapters.status import tables\n",
                                    "chapters/status/tables.py": "",
                                    "high/book.py": "\n\ndef f():\n    from toy.chapters.status.tables import x\n"})
    assert chapter_importers(mods, "toy") == [
        "toy.high.book (line 4) imports toy.chapters.status.tables: only notebooks and the chapter itself use a "
        "chapter's modules"]


def test_layer_rule_says_why_nothing_below_reporting_imports_it(tmp_path):
    root = tmp_path / "toy"
    for rel, text in {"__init__.py": "", "text/__init__.py": "", "reporting/__init__.py": "",
                      "text/words.py": "from toy.reporting import book\n", "reporting/book.py": ""}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    mods = collect(root, "toy")
    problems = layer_violations(mods, "toy", ("api", "text", "reporting"),
                                {"": "api", "text": "text", "reporting": "reporting"})
    assert problems == ["toy.text.words (line 1) imports toy.reporting.book: layer text (#1) must not import the "
                        "higher layer reporting (#2) (nothing below reporting imports it: wording both need goes to "
                        "text/, records to findings/)"]


def test_use_rule_finds_modules_only_tests_reach(tmp_path):
    mods = _toy(tmp_path, {
        "cli.py": "from toy.high import runner\n",
        "high/runner.py": ("import subprocess, sys\nfrom pathlib import Path\n"
                           "CMD = [sys.executable, '-m', 'toy.high.server']\n"
                           "CLIENT = Path(__file__).with_name('client.py')\n"
                           "PRELOAD = 'import importlib; importlib.import_module(\"toy.low.warm\")'\n"),
        "high/server.py": "", "high/client.py": "", "low/warm.py": "",
        "low/tool.py": "if __name__ == '__main__':\n    print('regenerated')\n",
        "low/api_only.py": "",
        "low/checker.py": "from toy.low import helper\n",
        "low/helper.py": "",
        "low/dead.py": "",
    })
    (tmp_path / "toy" / "__init__.py").write_text("def __getattr__(name):\n    import importlib\n"
                                                  "    return importlib.import_module('toy.low.api_only')\n")
    mods = collect(tmp_path / "toy", "toy")
    tests = code_imports("from toy.low.checker import x\nimport toy.low.helper\n%matplotlib inline\n", "toy",
                         set(mods))
    assert tests == {"toy.low.checker", "toy.low.helper"}
    assert unused_modules(mods, "toy", {"toy", "toy.cli"}, tests) == [
        "toy.low.checker: only the tests import it (move it to tests/, e.g. tests/checkers/)",
        "toy.low.dead: nothing imports it (remove it, or import it where it is meant to be used)",
        "toy.low.helper: only the tests import it (move it to tests/, e.g. tests/checkers/)",
    ]
    # a notebook that imports the checker makes it (and what it imports) used
    nb = tmp_path / "n.ipynb"
    nb.write_text(json.dumps({"cells": [{"cell_type": "markdown", "source": "import toy.low.dead"},
                                        {"cell_type": "code", "source": ["!ls\n", "from toy.low import checker\n"]}]}))
    roots = {"toy", "toy.cli"} | notebook_imports(nb, "toy", set(mods))
    assert unused_modules(mods, "toy", roots, tests) == [
        "toy.low.dead: nothing imports it (remove it, or import it where it is meant to be used)"]


# -- errors are not prose: broad excepts only at process boundaries ---------------------------------------------------

#: Broad handlers (``except Exception`` / ``BaseException`` / bare ``except``) that do not re-raise, allowed because
#: they sit at a process boundary and turn the failure into a result that names it (or stop a process after the
#: result is decided). module -> functions. Every other broad handler outside chapters/ must re-raise.
BOUNDARY_EXCEPTS = {
    f"{PACKAGE}.pipeline.assemble": {"assemble"},                       # book failed: a result naming the error
    f"{PACKAGE}.pipeline.chapter_jobs": {"execute_chapter", "render_chapter"},  # chapter failed: its message
    f"{PACKAGE}.pipeline.workers": {"Pipeline._slot", "Pipeline._render.local",  # kernel / renderer failed
                                    "Pipeline._render.done",            # render worker died: rendered here instead
                                    "Pipeline._render_numbered.wait_then_render",  # numbering failed: a result
                                    "Pipeline.warm.imports"},           # a head start only: the book stage reports
    f"{PACKAGE}.pipeline.kernels": {"start",                            # retried, then raised naming the last error
                                    "Kernel.shutdown"},                 # teardown of a kernel whose result is known
}


def broad_excepts(tree: ast.AST) -> list[tuple[int, str]]:
    """``(line, enclosing function)`` of each broad exception handler that does not re-raise."""
    out: list[tuple[int, str]] = []
    stack: list[str] = []

    class Visitor(ast.NodeVisitor):
        def scope(self, node):
            stack.append(node.name)
            self.generic_visit(node)
            stack.pop()

        visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = scope

        def visit_ExceptHandler(self, node):
            t = node.type
            names = {"<bare>"} if t is None else {t.id} if isinstance(t, ast.Name) else {
                e.id for e in getattr(t, "elts", []) if isinstance(e, ast.Name)}
            if names & {"Exception", "BaseException", "<bare>"} and not any(
                    isinstance(x, ast.Raise) for x in ast.walk(node)):
                out.append((node.lineno, ".".join(stack) or "<module>"))
            self.generic_visit(node)

    Visitor().visit(tree)
    return out


def test_no_broad_except_outside_the_chapters():
    found = []
    for m in _real().values():
        if m.name.startswith(f"{PACKAGE}.chapters"):
            continue
        for line, fn in broad_excepts(ast.parse(m.path.read_text(encoding="utf-8"))):
            if fn not in BOUNDARY_EXCEPTS.get(m.name, set()):
                found.append(f"{m.name} (line {line}, {fn}): a broad except that does not re-raise; catch the "
                             "specific error and say what is missing")
    assert not found, "\n  ".join(["broad excepts:", *found])


def test_broad_except_checker(tmp_path):
    tree = ast.parse("def f():\n    try:\n        x()\n    except Exception:\n        return ''\n"
                     "class C:\n    def g(self):\n        try:\n            x()\n        except:\n            pass\n"
                     "        try:\n            x()\n        except (ValueError, BaseException) as e:\n"
                     "            raise RuntimeError('named') from e\n"
                     "        try:\n            x()\n        except KeyError:\n            pass\n")
    assert broad_excepts(tree) == [(4, "f"), (10, "C.g")]
