"""Typed parameters of every chapter, in one place: the CLI, ``hlj-newmedia params``, the docs and the notebooks'
``parameters`` cells all follow this registry (``tests/test_params.py`` checks the notebooks agree).

A chapter author declares parameters by listing them in the chapter's :class:`ChapterSpec` below: reuse a common
parameter (``PROVINCE``, ``BENCHMARKS``, ``LANG``, ...) or add a ``Param(name, type, default, description, ...)``.
Types: ``str``, ``int``, ``float``, ``bool``, ``list[str]``, ``matrix`` (list of lists of numbers); ``optional=True``
allows ``None``. ``check`` names a domain check: ``province``, ``provinces``, ``countries``, ``dir``, ``file``, ``ahp``.
Values from ``-p NAME=VALUE`` and from a YAML file are parsed to the declared type and validated before any kernel
starts; errors are :class:`ParameterError` naming the chapter and the parameter.
"""
from __future__ import annotations

import difflib
import math
import os
import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable

__all__ = ["Param", "ChapterSpec", "CHAPTERS", "ParameterError", "chapter", "select", "resolve", "parse_assignments",
           "load_yaml", "existing"]

TYPES = ("str", "int", "float", "bool", "list[str]", "matrix")
# Years covered by the bundled data (CNNIC reports start 1997; the latest sources are from 2024). A year outside this
# range cannot be shown by any chapter.
DATA_YEARS = (1997, 2025)


class ParameterError(ValueError):
    """An invalid chapter selection or parameter value; the message names the chapter and the parameter."""


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: Any
    description: str
    optional: bool = False
    choices: tuple | None = None
    min: float | None = None
    max: float | None = None
    check: str | None = None

    def __post_init__(self):
        if self.type not in TYPES:
            raise ValueError(f"parameter {self.name}: unknown type {self.type!r} (one of {TYPES})")

    @property
    def type_label(self) -> str:
        return f"{self.type} or None" if self.optional else self.type


@dataclass(frozen=True)
class ChapterSpec:
    stem: str
    title_zh: str
    title_en: str
    params: tuple[Param, ...]
    depends_on: tuple[str, ...] = ()
    number: int = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "number", int(self.stem.split("_", 1)[0]))

    def title(self, lang: str = "zh") -> str:
        return self.title_en if lang == "en" else self.title_zh

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def defaults(self) -> dict[str, Any]:
        return {p.name: p.default for p in self.params}

    def notebook(self, notebooks_dir: str | os.PathLike | None = None) -> Path:
        from heilongjiang_newmedia.loading.paths import notebooks_dir as nbdir

        return Path(notebooks_dir or nbdir()) / f"{self.stem}.ipynb"


# -- common parameters (DESIGN.md: same names in every chapter that uses them) -------------------------------------
PROVINCE = Param("province", "str", "黑龙江", "focus province: any of the 31, by Chinese name, English name or code",
                 check="province")
BENCHMARKS = Param("benchmarks", "list[str]", ["浙江", "广东", "上海", "江苏", "北京"],
                   "advanced provinces to compare with", check="provinces")
PEERS = Param("peers", "list[str]", ["吉林", "辽宁"], "regional peers", check="provinces")
COUNTRIES = Param("countries", "list[str]", ["CHN", "DNK", "KOR", "SGP", "GBR", "USA", "EST"],
                  "ISO3 codes (or UN English names) for the international comparison", check="countries")
START_YEAR = Param("start_year", "int", None, "first year shown (None = first year in the data)", optional=True,
                   min=DATA_YEARS[0], max=DATA_YEARS[1])
END_YEAR = Param("end_year", "int", None, "last year shown (None = last year in the data)", optional=True,
                 min=DATA_YEARS[0], max=DATA_YEARS[1])
LANG = Param("lang", "str", "zh", "language of narrative, captions and labels", choices=("zh", "en"))
DATA_DIR = Param("data_dir", "str", None, "a directory with your own CSVs in the bundled schemas (None = bundled data)",
                 optional=True, check="dir")

# -- chapter-specific parameters --------------------------------------------------------------------------------------
AHP_CRITERIA = Param("ahp_criteria", "list[str]", None,
                     "names of the criteria the AHP judgment matrix compares, in matrix order (None = the five "
                     "evaluation dimensions when the matrix is 5x5, or the composite indicators when it has their size)", optional=True)
AHP_MATRIX = Param("ahp_matrix", "matrix", None,
                   "AHP pairwise judgment matrix (Saaty 1-9 scale, reciprocal, square, one row per criterion; "
                   "entries like 3 or 1/3); None = no AHP weights are shown (no expert judgments are invented)", optional=True,
                   check="ahp")
TARGET_YEAR = Param("target_year", "int", 2030, "year by which the targets should be reached", min=2020, max=2035)
SENSITIVITY_PCT = Param("sensitivity_pct", "float", 10,
                        "+/- % change of each weight in the composite-ranking sensitivity analysis", min=0, max=100)
TARGET = Param("target", "str", "benchmark_mean",
               "what the gap-to-target is measured against (grade bands: 0-100 index indicators only)",
               choices=("benchmark_mean", "leader", "national_mean", "grade_90", "grade_80"))

# The researcher's own data (issue 7): optional files, read only by the chapters that show them.
INVENTORY_FILE = Param("inventory_file", "str", None,
                       "your account inventory (CSV/XLSX in the schema of data/templates/account_inventory.csv); "
                       "None = account_inventory.csv|xlsx in data_dir if present, else the section says how to supply it",
                       optional=True, check="file")
INACTIVE_DAYS = Param("inactive_days", "int", 14,
                      "days without a post after which an account counts as inactive (2019 national inspection "
                      "criteria: no update for more than two weeks)", min=0, max=3650)
SURVEY_FILE = Param("survey_file", "str", None, "问卷星 (wjx) export of your citizen survey, CSV/XLSX, one row per "
                    "response; None = no survey section", optional=True, check="file")
SURVEY_CODEBOOK = Param("survey_codebook", "str", None,
                        "YAML codebook of the survey (see data/templates/survey_codebook.example.yaml); None = "
                        "<survey stem>.codebook.yaml, survey_codebook.yaml or codebook.yaml next to the survey",
                        optional=True, check="file")

CHAPTERS: tuple[ChapterSpec, ...] = (
    ChapterSpec("01_introduction", "绪论", "Introduction", (LANG, START_YEAR, END_YEAR, DATA_DIR)),
    ChapterSpec("02_framework", "理论基础与分析框架", "Theory and framework",
                (PROVINCE, AHP_CRITERIA, AHP_MATRIX, LANG, DATA_DIR)),
    ChapterSpec("03_status", "发展现状", "Status",
                (PROVINCE, BENCHMARKS, START_YEAR, END_YEAR, LANG, DATA_DIR, INVENTORY_FILE, INACTIVE_DAYS)),
    ChapterSpec("04_problems", "问题与成因", "Problems and causes",
                (PROVINCE, BENCHMARKS, LANG, DATA_DIR, SURVEY_FILE, SURVEY_CODEBOOK)),
    ChapterSpec("05_comparison", "国内外比较", "Comparison",
                (PROVINCE, BENCHMARKS, PEERS, COUNTRIES, START_YEAR, END_YEAR, SENSITIVITY_PCT, LANG, DATA_DIR)),
    ChapterSpec("06_countermeasures", "对策建议", "Countermeasures",
                (PROVINCE, BENCHMARKS, TARGET_YEAR, TARGET, LANG, DATA_DIR, SURVEY_FILE, SURVEY_CODEBOOK)),
    ChapterSpec("07_conclusion", "结论", "Conclusion", (PROVINCE, LANG),
                depends_on=("01_introduction", "02_framework", "03_status", "04_problems", "05_comparison",
                            "06_countermeasures")),
)


def chapter(key: str | int, registry: Iterable[ChapterSpec] = CHAPTERS) -> ChapterSpec:
    """A chapter by number (3, "3", "03"), stem ("03_status") or name ("status")."""
    registry = tuple(registry)
    text = str(key).strip().removesuffix(".ipynb")
    for spec in registry:
        if text == spec.stem or text == spec.stem.split("_", 1)[1] or (text.isdigit() and int(text) == spec.number):
            return spec
    names = [s.stem for s in registry]
    close = difflib.get_close_matches(text, names + [n.split("_", 1)[1] for n in names], n=3, cutoff=0.5)
    hint = f" Did you mean {', '.join(close)}?" if close else ""
    raise ParameterError(f"unknown chapter {key!r}.{hint} Chapters: {', '.join(names)}")


def existing(registry: Iterable[ChapterSpec] = CHAPTERS, notebooks_dir=None) -> list[ChapterSpec]:
    """The chapters whose notebook exists, in order."""
    return [s for s in registry if s.notebook(notebooks_dir).is_file()]


def select(keys: Iterable[str], registry: Iterable[ChapterSpec] = CHAPTERS, notebooks_dir=None) -> list[ChapterSpec]:
    """The requested chapters (all existing ones when none requested), in chapter order."""
    registry = tuple(registry)
    keys = list(keys)
    if not keys:
        found = existing(registry, notebooks_dir)
        if not found:
            raise ParameterError(f"no chapter notebooks found in {notebooks_dir or 'notebooks/'}")
        return found
    chosen = []
    for k in keys:
        spec = chapter(k, registry)
        if not spec.notebook(notebooks_dir).is_file():
            raise ParameterError(f"chapter {spec.stem}: notebook {spec.notebook(notebooks_dir)} does not exist yet")
        if spec not in chosen:
            chosen.append(spec)
    return sorted(chosen, key=lambda s: s.number)


# -- parsing -------------------------------------------------------------------------------------------------------
def parse_assignments(items: Iterable[str]) -> dict[str, str]:
    """``["province=吉林", "peers=吉林,辽宁"]`` -> ``{"province": "吉林", ...}`` (values stay strings)."""
    out: dict[str, str] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep or not name:
            raise ParameterError(f"-p {item!r}: expected NAME=VALUE")
        out[name] = value
    return out


def load_yaml(path: str | os.PathLike) -> dict[str, Any]:
    """A YAML mapping of parameter values; an optional ``chapters: {stem: {...}}`` entry holds per-chapter values."""
    import yaml

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ParameterError(f"parameter file {path}: cannot read ({exc.strerror or exc})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ParameterError(f"parameter file {path}:{where}: malformed YAML ({problem})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParameterError(f"parameter file {path}: expected a mapping NAME: VALUE, got {type(data).__name__}")
    return data


_NONE_TEXT = {"", "none", "null", "~"}


def _where(stem: str | None, name: str) -> str:
    return f"chapter {stem}: parameter {name!r}" if stem else f"parameter {name!r}"


def _number(x: Any, where: str) -> float:
    if isinstance(x, bool):
        raise ParameterError(f"{where}: matrix entry {x!r} is not a number")
    if isinstance(x, (int, float)):
        value = float(x)
    elif isinstance(x, str):
        try:
            value = float(Fraction(x.strip()))
        except (ValueError, ZeroDivisionError):
            raise ParameterError(f"{where}: matrix entry {x!r} is not a number (use e.g. 3 or 1/3)") from None
    else:
        raise ParameterError(f"{where}: matrix entry {x!r} is not a number")
    if not math.isfinite(value):
        raise ParameterError(f"{where}: matrix entry {x!r} is not finite")
    return value


def coerce(param: Param, value: Any, stem: str | None = None, from_text: bool = False) -> Any:
    """Parse/convert ``value`` to ``param``'s type (``from_text``: a raw ``-p`` string) and check its range."""
    import yaml

    where = _where(stem, param.name)
    if from_text and isinstance(value, str) and value.strip().lower() in _NONE_TEXT:
        value = None
    if value is None:
        if param.optional:
            return None
        raise ParameterError(f"{where}: a value is required ({param.type})")
    t = param.type
    if t == "str":
        if from_text or isinstance(value, (str, int)) and not isinstance(value, bool):
            value = str(value).strip()
        else:
            raise ParameterError(f"{where}: expected a string, got {value!r}")
    elif t == "int":
        if from_text and isinstance(value, str) and re.fullmatch(r"\s*[+-]?\d+\s*", value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParameterError(f"{where}: expected an integer, got {value!r}")
    elif t == "float":
        if from_text and isinstance(value, str):
            try:
                value = float(value)
            except ValueError:
                raise ParameterError(f"{where}: expected a number, got {value!r}") from None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise ParameterError(f"{where}: expected a number, got {value!r}")
        value = float(value)
    elif t == "bool":
        if from_text and isinstance(value, str):
            low = value.strip().lower()
            if low in ("true", "yes", "1", "on"):
                value = True
            elif low in ("false", "no", "0", "off"):
                value = False
        if not isinstance(value, bool):
            raise ParameterError(f"{where}: expected true or false, got {value!r}")
    elif t == "list[str]":
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    value = yaml.safe_load(text)
                except yaml.YAMLError:
                    raise ParameterError(f"{where}: malformed list {text!r}") from None
            else:
                value = [v.strip() for v in re.split(r"[,，、]", text) if v.strip()]
        if not isinstance(value, list) or any(isinstance(v, (list, dict, bool)) or v is None for v in value):
            raise ParameterError(f"{where}: expected a list of names (e.g. a,b,c or [a, b]), got {value!r}")
        value = [str(v).strip() for v in value]
    elif t == "matrix":
        if isinstance(value, str):
            try:
                value = yaml.safe_load(value)
            except yaml.YAMLError:
                raise ParameterError(f"{where}: malformed matrix {value!r} (use [[1, 3], [1/3, 1]])") from None
        if not isinstance(value, list) or not value or not all(isinstance(r, list) for r in value):
            raise ParameterError(f"{where}: expected a matrix as a list of rows, e.g. [[1, 3], [1/3, 1]], "
                                 f"got {value!r}")
        n = len(value)
        for i, row in enumerate(value, 1):
            if len(row) != n:
                raise ParameterError(f"{where}: matrix is not square: row {i} has {len(row)} entries, "
                                     f"expected {n}")
        value = [[_number(x, where) for x in row] for row in value]
    if param.choices is not None and value not in param.choices:
        close = difflib.get_close_matches(str(value), [str(c) for c in param.choices], n=1)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise ParameterError(f"{where}: {value!r} is not one of {', '.join(map(str, param.choices))}.{hint}")
    if t in ("int", "float"):
        if param.min is not None and value < param.min or param.max is not None and value > param.max:
            raise ParameterError(f"{where}: {value} is outside the range {param.min}-{param.max}"
                                 + (" covered by the data" if param.name.endswith("year") else ""))
    return _domain_check(param, value, stem)


def _domain_check(param: Param, value: Any, stem: str | None) -> Any:
    where = _where(stem, param.name)
    if value is None or param.check is None:
        return value
    if param.check in ("province", "provinces", "countries"):
        try:
            from heilongjiang_newmedia.loading import regions
            fn = regions.resolve_country if param.check == "countries" else regions.resolve_province
        except (ImportError, AttributeError):  # regions not available: accept as given
            return value
        out = []
        for item in ([value] if param.check == "province" else value):
            try:
                resolved = fn(item)
            except ValueError as exc:  # UnknownRegionError is a ValueError with suggestions
                raise ParameterError(f"{where}: {exc}") from None
            out.append(resolved if isinstance(resolved, str) else getattr(resolved, "zh", str(resolved)))
        return out[0] if param.check == "province" else out
    if param.check == "dir":
        path = Path(value).expanduser().resolve()
        if not path.is_dir():
            raise ParameterError(f"{where}: directory {value!r} does not exist")
        return str(path)
    if param.check == "file":
        path = Path(value).expanduser().resolve()
        if not path.is_file():
            raise ParameterError(f"{where}: file {value!r} does not exist")
        return str(path)
    if param.check == "ahp":
        n = len(value)
        for i in range(n):
            if abs(value[i][i] - 1) > 1e-9:
                raise ParameterError(f"{where}: diagonal entry ({i + 1},{i + 1}) must be 1, got {value[i][i]:g}")
            for j in range(n):
                if value[i][j] <= 0:
                    raise ParameterError(f"{where}: entry ({i + 1},{j + 1}) must be positive, got {value[i][j]:g}")
                if abs(value[i][j] * value[j][i] - 1) > 0.02:
                    raise ParameterError(f"{where}: not reciprocal: entry ({i + 1},{j + 1}) = {value[i][j]:g} but "
                                         f"({j + 1},{i + 1}) = {value[j][i]:g} (should be {1 / value[i][j]:.4g})")
        return value
    return value


def _unknown(name: str, known: Iterable[str], scope: str) -> ParameterError:
    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return ParameterError(f"{scope}: unknown parameter {name!r}.{hint} Known: {', '.join(known)}")


def resolve(chapters: list[ChapterSpec], assignments: dict[str, str] | None = None,
            file_values: dict[str, Any] | None = None, overrides: dict[str, Any] | None = None,
            file_label: str = "parameter file") -> dict[str, dict[str, Any]]:
    """Full, validated parameter values per chapter stem: defaults <- YAML file <- ``-p`` <- ``overrides``.

    A name is unknown when none of the selected chapters declares it; values apply to every selected chapter that
    declares the name. ``overrides`` (``--lang``, ``--data-dir``) are raw CLI strings too."""
    assignments = dict(assignments or {})
    file_values = dict(file_values or {})
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    per_chapter = file_values.pop("chapters", None) or {}
    if not isinstance(per_chapter, dict):
        raise ParameterError(f"{file_label}: 'chapters' must map chapter stems to parameter mappings")
    declared = {p.name for s in chapters for p in s.params}
    scope = ("chapter " + chapters[0].stem) if len(chapters) == 1 else "chapters " + ", ".join(s.stem for s in chapters)
    for name in list(assignments) + list(file_values):
        if name not in declared:
            raise _unknown(name, declared, scope)
    specific: dict[str, dict[str, Any]] = {}
    for key, values in per_chapter.items():
        spec = chapter(key)
        if not isinstance(values, dict):
            raise ParameterError(f"{file_label}: chapters.{key} must be a mapping NAME: VALUE")
        for name in values:
            if spec.param(name) is None:
                raise _unknown(name, [p.name for p in spec.params], f"chapter {spec.stem}")
        specific[spec.stem] = values
    out: dict[str, dict[str, Any]] = {}
    for spec in chapters:
        values = {}
        for p in spec.params:
            if p.name in overrides:
                v, text = overrides[p.name], True
            elif p.name in assignments:
                v, text = assignments[p.name], True
            elif p.name in specific.get(spec.stem, {}):
                v, text = specific[spec.stem][p.name], False
            elif p.name in file_values:
                v, text = file_values[p.name], False
            else:
                values[p.name] = _domain_check(p, p.default, spec.stem) if p.default is not None else None
                continue
            values[p.name] = coerce(p, v, spec.stem, from_text=text)
        if values.get("start_year") is not None and values.get("end_year") is not None \
                and values["start_year"] > values["end_year"]:
            raise ParameterError(f"chapter {spec.stem}: parameter 'start_year' ({values['start_year']}) is after "
                                 f"'end_year' ({values['end_year']})")
        if values.get("ahp_matrix") is not None and values.get("ahp_criteria") is not None \
                and len(values["ahp_matrix"]) != len(values["ahp_criteria"]):
            raise ParameterError(f"chapter {spec.stem}: parameter 'ahp_matrix' has {len(values['ahp_matrix'])} rows "
                                 f"but 'ahp_criteria' names {len(values['ahp_criteria'])} criteria")
        out[spec.stem] = values
    return out


def with_registry(stem: str, **changes) -> ChapterSpec:
    """A copy of a chapter spec with fields replaced (tests, downstream packages)."""
    return replace(chapter(stem), **changes)
