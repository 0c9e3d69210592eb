"""Typed parameters of every chapter, in one place: the CLI, ``hlj-newmedia params``, the docs and the notebooks'
``parameters`` cells all follow this registry (``tests/test_params.py`` checks the notebooks agree).

A chapter author declares parameters by listing them in the chapter's :class:`ChapterSpec` below: reuse a common
parameter (``PROVINCE``, ``BENCHMARKS``, ``LANG``, ...) or add a ``Param(name, type, default, description, ...)``
(types and domain checks: :mod:`heilongjiang_newmedia.paramtypes`). :func:`resolve` merges defaults, a YAML file,
``-p NAME=VALUE`` and CLI overrides, parsed to the declared types and validated before any kernel starts; errors are
:class:`ParameterError` naming the chapter and the parameter.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Iterable

from heilongjiang_newmedia.paramtypes import DataFacts, Param, ParameterError, check_domain, coerce

__all__ = ["ChapterSpec", "CHAPTERS", "DATA_YEARS", "chapter", "select", "resolve", "existing", "with_registry"]

# Years covered by the bundled data (CNNIC reports start 1997; the latest sources are from 2024). A year outside this
# range cannot be shown by any chapter.
DATA_YEARS = (1997, 2025)


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
                     "evaluation dimensions when the matrix is 5x5, or the composite indicators when it has their size)",
                     optional=True, check="criteria")
AHP_MATRIX = Param("ahp_matrix", "matrix", None,
                   "AHP pairwise judgment matrix (Saaty 1-9 scale, reciprocal, square, one row per criterion; "
                   "entries like 3 or 1/3); None = no AHP weights are shown (no expert judgments are invented)", optional=True,
                   check="ahp")
TARGET_YEAR = Param("target_year", "int", 2030, "year by which the monitoring targets of the countermeasures should be "
                    "reached", min=2020, max=2035)
SENSITIVITY_PCT = Param("sensitivity_pct", "float", 10,
                        "+/- % change of each weight in the composite-ranking sensitivity analysis", min=0, max=100)

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
    ChapterSpec("01_introduction", "绪论", "Introduction", (PROVINCE, LANG, START_YEAR, END_YEAR, DATA_DIR)),
    ChapterSpec("02_framework", "理论基础与分析框架", "Theory and framework",
                (PROVINCE, AHP_CRITERIA, AHP_MATRIX, LANG, DATA_DIR)),
    ChapterSpec("03_status", "发展现状", "Status",
                (PROVINCE, BENCHMARKS, START_YEAR, END_YEAR, LANG, DATA_DIR, INVENTORY_FILE, INACTIVE_DAYS)),
    ChapterSpec("04_problems", "问题与成因", "Problems and causes",
                (PROVINCE, BENCHMARKS, LANG, DATA_DIR, SURVEY_FILE, SURVEY_CODEBOOK)),
    ChapterSpec("05_comparison", "国内外比较", "Comparison",
                (PROVINCE, BENCHMARKS, PEERS, COUNTRIES, START_YEAR, END_YEAR, SENSITIVITY_PCT, LANG, DATA_DIR)),
    ChapterSpec("06_countermeasures", "对策建议", "Countermeasures",
                (PROVINCE, BENCHMARKS, TARGET_YEAR, LANG, DATA_DIR, SURVEY_FILE, SURVEY_CODEBOOK),
                depends_on=("04_problems", "05_comparison")),
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


def _unknown(name: str, known: Iterable[str], scope: str) -> ParameterError:
    known = sorted(set(known))
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.5)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    return ParameterError(f"{scope}: unknown parameter {name!r}.{hint} Known: {', '.join(known)}")


def resolve(chapters: list[ChapterSpec], assignments: dict[str, str] | None = None,
            file_values: dict[str, Any] | None = None, overrides: dict[str, Any] | None = None,
            file_label: str = "parameter file", facts: DataFacts | None = None) -> dict[str, dict[str, Any]]:
    """Full, validated parameter values per chapter stem: defaults <- YAML file <- ``-p`` <- ``overrides``.
    ``facts``: what an earlier validation on the same data read from it (:class:`.paramtypes.DataFacts`); what this
    one reads is added to it.

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
                values[p.name] = check_domain(p, p.default, spec.stem, facts) if p.default is not None else None
                continue
            values[p.name] = coerce(p, v, spec.stem, from_text=text, facts=facts)
        if values.get("start_year") is not None and values.get("end_year") is not None \
                and values["start_year"] > values["end_year"]:
            raise ParameterError(f"chapter {spec.stem}: parameter 'start_year' ({values['start_year']}) is after "
                                 f"'end_year' ({values['end_year']})")
        _check_together(spec, values, facts)
        out[spec.stem] = values
    return out


def _check_together(spec: ChapterSpec, values: dict[str, Any], facts: DataFacts | None = None) -> None:
    """The checks a chapter would otherwise make only once its kernel runs: the AHP matrix against its criteria and
    the framework, the target year against the year of the data."""
    matrix, criteria = values.get("ahp_matrix"), values.get("ahp_criteria")
    if matrix is not None:
        from heilongjiang_newmedia.loading.indicators import EVALUATION_DIMENSIONS, composite_ids

        n, sizes = len(matrix), (len(EVALUATION_DIMENSIONS), len(composite_ids()))
        if criteria is not None and len(criteria) != n:
            raise ParameterError(f"chapter {spec.stem}: parameter 'ahp_matrix' has {n} rows but 'ahp_criteria' "
                                 f"names {len(criteria)} criteria")
        if criteria is None and n not in sizes:
            raise ParameterError(f"chapter {spec.stem}: parameter 'ahp_matrix' is {n}x{n}: name the {n} criteria it "
                                 f"compares with -p ahp_criteria=... (a {sizes[0]}x{sizes[0]} matrix compares the "
                                 f"dimensions {', '.join(EVALUATION_DIMENSIONS)}; a {sizes[1]}x{sizes[1]} one the "
                                 f"composite indicators)")
    if values.get("target_year") is not None:
        folder = str(values.get("data_dir") or "")
        if facts is not None and folder in facts.years:
            year = facts.years[folder]
        else:
            from heilongjiang_newmedia.loading.datasets import latest_source_year

            year = latest_source_year(values.get("data_dir"))
            if facts is not None:
                facts.years[folder] = year
        if year is not None and values["target_year"] <= year:
            raise ParameterError(f"chapter {spec.stem}: parameter 'target_year': {values['target_year']} is not after "
                                 f"the year of the data ({year}); choose a later year")


def with_registry(stem: str, **changes) -> ChapterSpec:
    """A copy of a chapter spec with fields replaced (tests, downstream packages)."""
    return replace(chapter(stem), **changes)
