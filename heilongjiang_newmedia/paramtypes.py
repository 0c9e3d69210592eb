"""Chapter parameters as values: the :class:`Param` declaration, parsing (``-p NAME=VALUE``, YAML files) and checks.

Types: ``str``, ``int``, ``float``, ``bool``, ``list[str]``, ``matrix`` (list of lists of numbers); ``optional=True``
allows ``None``. ``check`` names a domain check: ``province``, ``provinces``, ``countries``, ``dir``, ``file``, ``ahp``,
``criteria`` (framework dimensions or indicator ids).
:func:`coerce` parses a value to the declared type and validates it; errors are :class:`ParameterError` naming the
chapter and the parameter. Which chapter takes which parameter is the registry in :mod:`heilongjiang_newmedia.params`.
"""
from __future__ import annotations

import difflib
import math
import os
import re
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Iterable

__all__ = ["TYPES", "Param", "ParameterError", "parse_assignments", "load_yaml", "coerce", "check_domain"]

TYPES = ("str", "int", "float", "bool", "list[str]", "matrix")


class ParameterError(ValueError):
    """An invalid chapter selection or parameter value; the message names the chapter and the parameter."""


@dataclass
class DataFacts:
    """What validating the parameters reads from the data: the canonical name of each region value seen
    (``"province:Heilongjiang" -> "黑龙江"``) and the year of the data per data folder. A build remembers them for the
    data and code it validated with (:func:`.pipeline.cache.memo_resolve`), so that a rebuild with one new value
    does not load the region tables (and pandas) again while the first kernel starts. Unknown names are never
    remembered: they are looked up, and refused with suggestions, every time."""
    domains: dict[str, str] = field(default_factory=dict)
    years: dict[str, int | None] = field(default_factory=dict)


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


def coerce(param: Param, value: Any, stem: str | None = None, from_text: bool = False,
           facts: DataFacts | None = None) -> Any:
    """Parse/convert ``value`` to ``param``'s type (``from_text``: a raw ``-p`` string) and check its range and
    domain (:func:`check_domain`, with ``facts`` remembered from an earlier validation on the same data)."""
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
                value = [v.strip() for v in re.split(r"[,，、;；\n]", text) if v.strip()]  # as regions.split_names
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
    return check_domain(param, value, stem, facts)


def check_domain(param: Param, value: Any, stem: str | None, facts: DataFacts | None = None) -> Any:
    """``value`` (already of the declared type) checked against ``param.check``; returns the canonical value
    (province names resolved to Chinese short names, paths made absolute). Region names found in ``facts`` are
    not looked up again; those looked up are added to it."""
    where = _where(stem, param.name)
    if value is None or param.check is None:
        return value
    if param.check in ("province", "provinces", "countries"):
        def fn(item: Any) -> Any:  # the region tables (and pandas) are loaded only for a name not remembered
            from heilongjiang_newmedia.loading import regions

            return (regions.resolve_country if param.check == "countries" else regions.resolve_province)(item)
        out = []
        for item in ([value] if param.check == "province" else value):
            key = f"{'countries' if param.check == 'countries' else 'province'}:{item}"
            if facts is not None and key in facts.domains:
                out.append(facts.domains[key])
                continue
            try:
                resolved = fn(item)
            except ValueError as exc:  # UnknownRegionError is a ValueError with suggestions
                raise ParameterError(f"{where}: {exc}") from None
            out.append(resolved if isinstance(resolved, str) else getattr(resolved, "zh", str(resolved)))
            if facts is not None:
                facts.domains[key] = out[-1]
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
    if param.check == "criteria":
        from heilongjiang_newmedia.loading.indicators import EVALUATION_DIMENSIONS, read_indicator_table

        fw = read_indicator_table()
        known = list(dict.fromkeys([*fw["dimension"], *fw["indicator_id"]]))
        bad = [c for c in value if c not in known]
        if bad:
            close = difflib.get_close_matches(bad[0], known, n=3, cutoff=0.5)
            hint = f" Did you mean {', '.join(close)}?" if close else ""
            raise ParameterError(f"{where}: {', '.join(map(repr, bad))} "
                                 f"{'is not a dimension or an indicator' if len(bad) == 1 else 'are not dimensions or indicators'}"
                                 f" of the framework.{hint} Criteria are the dimensions "
                                 f"{', '.join(EVALUATION_DIMENSIONS)} or indicator ids of "
                                 f"heilongjiang_newmedia/loading/indicator_system/indicators.csv")
        return value
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
