"""The codebook of the researcher's citizen survey (YAML; structure ``data/templates/survey_codebook.example.yaml``).

It maps the columns of a 问卷星 (wjx) export to items, Likert scales (with reverse-coded items), dimensions
(uses-and-gratifications: information, service, interaction, entertainment/social; satisfaction; importance),
respondent groups and importance-performance pairs. :func:`load_codebook` checks it and names the codebook and the
key in every error.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.datasets import DataValidationError, log_read

__all__ = ["Item", "Group", "Codebook", "load_codebook", "norm_header"]


def norm_header(text: Any) -> str:
    """Header normalisation: NFKC (full-width punctuation/digits to ASCII), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


@dataclass
class Item:
    id: str
    column: str
    dimension: str
    scale: str
    reverse: bool = False
    ipa_attribute: str | None = None
    ipa_role: str | None = None
    zh: str = ""
    en: str = ""


@dataclass
class Group:
    id: str
    column: str
    zh: str = ""
    en: str = ""
    categories: dict[str, str] = field(default_factory=dict)  # code (as text) -> label


@dataclass
class Codebook:
    """A validated survey codebook (see ``data/templates/survey_codebook.example.yaml``)."""
    items: dict[str, Item]
    groups: dict[str, Group]
    scales: dict[str, dict[str, Any]]
    dimensions: dict[str, dict[str, str]]
    personal: list[str] = field(default_factory=list)
    missing_values: list[str] = field(default_factory=list)
    min_duration_s: float | None = None
    ipa_attributes: dict[str, dict[str, str]] = field(default_factory=dict)
    title_zh: str = ""
    title_en: str = ""
    path: str = ""

    def dimension_label(self, dim: str, lang: str = "zh") -> str:
        return str(self.dimensions.get(dim, {}).get(lang) or dim)

    def items_of(self, dim: str) -> list[str]:
        return [i for i, it in self.items.items() if it.dimension == dim]


def load_codebook(source: str | os.PathLike | dict | Codebook) -> Codebook:
    """Read and check a YAML codebook (path) or an already-parsed dict. Errors name the codebook and the key."""
    if isinstance(source, Codebook):
        return source
    where = "codebook"
    if isinstance(source, dict):
        raw = source
    else:
        import yaml

        path = Path(source)
        log_read(path)
        where = f"codebook {path}"
        if not path.is_file():
            raise DataValidationError(f"{where}: file not found")
        try:
            raw = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError as exc:
            raise DataValidationError(f"{where}: not valid YAML ({exc})") from exc
    if not isinstance(raw, dict):
        raise DataValidationError(f"{where}: expected a mapping with keys scales, dimensions, items")
    for key in ("scales", "dimensions", "items"):
        if not isinstance(raw.get(key), dict) or not raw[key]:
            raise DataValidationError(f"{where}: missing or empty section {key!r}")
    scales: dict[str, dict[str, Any]] = {}
    for sid, sc in raw["scales"].items():
        try:
            lo, hi = int(sc["min"]), int(sc["max"])
        except (KeyError, TypeError, ValueError):
            raise DataValidationError(f"{where}: scales.{sid} needs integer min and max") from None
        if lo >= hi:
            raise DataValidationError(f"{where}: scales.{sid}: min {lo} must be below max {hi}")
        labels = {norm_header(k): int(v) for k, v in (sc.get("labels") or {}).items()}
        scales[str(sid)] = {"min": lo, "max": hi, "labels": labels}
    dims = {str(d): {k: str(v) for k, v in (spec or {}).items()} for d, spec in raw["dimensions"].items()}
    items: dict[str, Item] = {}
    for iid, spec in raw["items"].items():
        iid = str(iid)
        if not isinstance(spec, dict) or not spec.get("column"):
            raise DataValidationError(f"{where}: items.{iid} needs a column")
        dim, scale = str(spec.get("dimension", "")), str(spec.get("scale", ""))
        if dim not in dims:
            raise DataValidationError(f"{where}: items.{iid}: dimension {dim!r} is not declared under dimensions "
                                      f"({', '.join(dims)})")
        if scale not in scales:
            raise DataValidationError(f"{where}: items.{iid}: scale {scale!r} is not declared under scales "
                                      f"({', '.join(scales)})")
        ipa_spec = spec.get("ipa") or {}
        role = ipa_spec.get("role")
        if ipa_spec and role not in ("importance", "performance"):
            raise DataValidationError(f"{where}: items.{iid}.ipa.role must be importance or performance, got {role!r}")
        items[iid] = Item(iid, str(spec["column"]), dim, scale, bool(spec.get("reverse", False)),
                          str(ipa_spec["attribute"]) if ipa_spec else None, role,
                          str(spec.get("zh", "")), str(spec.get("en", "")))
    groups: dict[str, Group] = {}
    for gid, spec in (raw.get("groups") or {}).items():
        if not isinstance(spec, dict) or not spec.get("column"):
            raise DataValidationError(f"{where}: groups.{gid} needs a column")
        cats = {str(k).strip(): str(v) for k, v in (spec.get("categories") or {}).items()}
        groups[str(gid)] = Group(str(gid), str(spec["column"]), str(spec.get("zh", gid)), str(spec.get("en", gid)),
                                 cats)
    cols = [it.column for it in items.values()] + [g.column for g in groups.values()]
    dup = sorted({c for c in cols if [norm_header(x) for x in cols].count(norm_header(c)) > 1})
    if dup:
        raise DataValidationError(f"{where}: column(s) mapped more than once: {', '.join(dup)}")
    clash = sorted(set(items) & set(groups))
    if clash:
        raise DataValidationError(f"{where}: ids used both as item and group: {', '.join(clash)}")
    survey = raw.get("survey") or {}
    mind = raw.get("min_duration_s")
    return Codebook(items=items, groups=groups, scales=scales, dimensions=dims,
                    personal=[str(c) for c in raw.get("personal") or []],
                    missing_values=[str(v) for v in raw.get("missing_values") or []],
                    min_duration_s=float(mind) if mind is not None else None,
                    ipa_attributes={str(k): dict(v or {}) for k, v in (raw.get("ipa_attributes") or {}).items()},
                    title_zh=str(survey.get("title_zh", "")), title_en=str(survey.get("title_en", "")),
                    path="" if isinstance(source, dict) else str(source))
