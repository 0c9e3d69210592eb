"""The researcher's citizen survey (问卷星/wjx export + YAML codebook): import, privacy, reliability, satisfaction, IPA.

Nothing here ships or invents responses. The researcher supplies

* the export of an online survey platform in the 问卷星 layout — one row per response, metadata columns
  ``序号, 提交答卷时间, 所用时间, 来源, 来源详情, 来自IP, 总分`` and one column per question, matrix questions expanded
  one column per row (``5(信息获取)`` or ``5、…—信息获取``); CSV (UTF-8/BOM/GBK) or XLSX;
* a YAML codebook (structure: ``data/templates/survey_codebook.example.yaml``) mapping columns to items, Likert
  scales (with reverse-coded items), dimensions (uses-and-gratifications: information, service, interaction,
  entertainment/social; satisfaction; importance), respondent groups and importance-performance pairs.

Personal data: ``来自IP``, ``来源详情``, columns the codebook lists under ``personal`` and any other column whose
header (IP, 姓名, 手机, 电话, 邮箱, 微信, QQ, 联系方式, 地址, 身份证, 昵称, openid, 用户ID) or content (phone
numbers, e-mail addresses, WeChat/QQ ids, ID-card numbers) looks personal are dropped on load by default
(``drop_personal=True``). Only the codebook's items and groups and the non-identifying metadata (respondent number,
submission time, duration, channel) are kept, so no analysis output can contain personal data; error messages
redact values that look personal.

Analyses (pure functions over the loaded table; scores on the codebook's scale units, e.g. 1-5):

* :func:`sample_description` — respondents by group (count, percent of answers);
* :func:`reliability` / :func:`alpha_if_item_deleted` — Cronbach's alpha per dimension;
* :func:`dimension_summary` and :func:`scores_by_group` — mean scores by dimension and by respondent group;
* :func:`ipa` / :func:`ipa_chart` / :func:`ipa_priorities` — importance-performance analysis (Martilla & James 1977)
  with cut lines at the means of the attribute means.
"""
from __future__ import annotations

import csv
import difflib
import io
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from heilongjiang_newmedia.loading.datasets import DataValidationError, log_read, read_table_text

__all__ = [
    "SURVEY_NAME", "Codebook", "load_codebook", "find_survey", "load_survey", "item_scores", "dimension_scores",
    "cronbach_alpha", "reliability", "alpha_if_item_deleted", "sample_description", "dimension_summary",
    "scores_by_group", "ipa", "ipa_chart", "ipa_priorities", "survey_sources", "looks_personal",
    "MISSING_SURVEY_TEXT", "QUADRANTS", "survey_section", "survey_priorities_section", "display_survey_table",
]

SURVEY_NAME = "survey"
META_COLUMNS = {"序号": "respondent_id", "提交答卷时间": "submitted_at", "所用时间": "duration_s", "来源": "channel"}
ALWAYS_PERSONAL = ("来自IP", "来源详情")
_PERSONAL_HEADER = re.compile(r"(?i)(\bip\b|ip地址|来自ip|姓名|名字|手机|电话|邮箱|e-?mail|微信号|微信昵称|昵称|\bqq\b|"
                              r"联系方式|联系人|住址|地址|身份证|openid|用户id|user ?id)")
_PERSONAL_VALUE = [
    re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)"),                             # mainland mobile number
    re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"),                       # landline with area code
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),                            # e-mail
    re.compile(r"(?i)(qq|扣扣)\s*[号:：]?\s*[1-9]\d{4,11}"),              # QQ number
    re.compile(r"(?i)(微信|wechat|vx|wx)\s*[号:：]?\s*[a-z][-_a-z0-9]{5,19}"),  # WeChat id
    re.compile(r"(?<!\d)\d{17}[\dXx](?!\d)"),                            # resident ID card
    re.compile(r"(?<!\d)(\d{1,3}\.){3}\d{1,3}(?!\d)"),                   # IPv4 address
]

#: IPA quadrants (Martilla & James 1977), keyed by (importance high?, performance high?).
QUADRANTS = {
    (True, False): {"id": "concentrate", "zh": "重点改进区", "en": "Concentrate here"},
    (True, True): {"id": "keep_up", "zh": "继续保持区", "en": "Keep up the good work"},
    (False, False): {"id": "low_priority", "zh": "低优先区", "en": "Low priority"},
    (False, True): {"id": "overkill", "zh": "供给过度区", "en": "Possible overkill"},
}

MISSING_SURVEY_TEXT = {
    "zh": ("**公众问卷（研究者自备数据）**：未提供问卷数据，本节从略。如需本节，请将问卷星导出的答卷（CSV 或 XLSX，"
           "每行一份答卷）以参数 `survey_file` 传入，并以 `survey_codebook` 传入编码表（YAML，结构见 "
           "`data/templates/survey_codebook.example.yaml`），再重新生成报告。IP 地址和联系方式等个人信息在读入时即被删除。"),
    "en": ("**Citizen survey (researcher-supplied data)**: no survey was supplied, so this section is omitted. To add "
           "it, pass the 问卷星 (wjx) export (CSV or XLSX, one row per response) as the parameter `survey_file` and "
           "its codebook (YAML, structure in `data/templates/survey_codebook.example.yaml`) as `survey_codebook`; "
           "then rebuild the report. IP addresses and contact details are dropped when the file is read."),
}


def _norm(text: Any) -> str:
    """Header normalisation: NFKC (full-width punctuation/digits to ASCII), no whitespace."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


def looks_personal(value: Any) -> bool:
    """Whether a text contains a phone number, e-mail, WeChat/QQ id, ID-card number or IP address."""
    text = str(value)
    return any(p.search(text) for p in _PERSONAL_VALUE)


def _show(value: Any) -> str:
    return "<redacted: looks like personal data>" if looks_personal(value) else repr(value)


# -- codebook ------------------------------------------------------------------------------------------------------

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
        labels = {_norm(k): int(v) for k, v in (sc.get("labels") or {}).items()}
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
    dup = sorted({c for c in cols if [_norm(x) for x in cols].count(_norm(c)) > 1})
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


# -- import --------------------------------------------------------------------------------------------------------

def find_survey(survey_file: str | os.PathLike | None = None,
                survey_codebook: str | os.PathLike | None = None) -> tuple[Path, Path] | None:
    """``(survey_file, codebook)`` paths, or ``None`` when no survey was supplied.

    Without ``survey_codebook`` the codebook is looked for next to the survey as ``<stem>.codebook.yaml``,
    ``survey_codebook.yaml`` or ``codebook.yaml``; a survey without a codebook is an error."""
    if survey_file in (None, ""):
        return None
    path = Path(survey_file).expanduser()
    if not path.is_file():
        raise DataValidationError(f"dataset {SURVEY_NAME!r}: survey_file {str(path)!r} not found")
    if survey_codebook not in (None, ""):
        cb = Path(survey_codebook).expanduser()
        if not cb.is_file():
            raise DataValidationError(f"dataset {SURVEY_NAME!r}: survey_codebook {str(cb)!r} not found")
        return path, cb
    for name in (f"{path.stem}.codebook.yaml", "survey_codebook.yaml", "codebook.yaml"):
        if (path.parent / name).is_file():
            return path, path.parent / name
    raise DataValidationError(f"dataset {SURVEY_NAME!r}: survey_file {str(path)!r} given without survey_codebook "
                              "(see data/templates/survey_codebook.example.yaml)")


def _read_rows(path: Path, sheet: str | int | None) -> tuple[list[str], list[list[str]]]:
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from heilongjiang_newmedia.methods.inventory import read_xlsx_rows

        return read_xlsx_rows(path, SURVEY_NAME, sheet)
    text = read_table_text(path, SURVEY_NAME)
    try:
        rows = [r for r in csv.reader(io.StringIO(text, newline="")) if r and any(c.strip() for c in r)]
    except csv.Error as exc:
        raise DataValidationError(f"dataset {SURVEY_NAME!r}: file {path}: malformed CSV ({exc})") from exc
    if len(rows) < 2:
        raise DataValidationError(f"dataset {SURVEY_NAME!r}: file {path} has no responses")
    header = [h.strip() for h in rows[0]]
    for i, r in enumerate(rows[1:], start=1):
        if len(r) != len(header):
            raise DataValidationError(f"dataset {SURVEY_NAME!r}: file {path}, row {i} (line {i + 1}): {len(r)} "
                                      f"fields, expected {len(header)} (truncated or malformed row)")
    return header, rows[1:]


def _duration_seconds(text: str) -> float:
    """问卷星 所用时间: '125秒', '2分5秒', '1小时2分3秒' or a plain number of seconds."""
    t = str(text).strip()
    if not t:
        return float("nan")
    try:
        return float(t)
    except ValueError:
        pass
    m = re.fullmatch(r"(?:(\d+)\s*小时)?\s*(?:(\d+)\s*分(?:钟)?)?\s*(?:(\d+(?:\.\d+)?)\s*秒)?", t)
    if not m or not any(m.groups()):
        return float("nan")
    h, mi, s = (float(g) if g else 0.0 for g in m.groups())
    return h * 3600 + mi * 60 + s


def load_survey(path: str | os.PathLike, codebook: str | os.PathLike | dict | Codebook,
                drop_personal: bool = True, min_duration_s: float | None = None,
                sheet: str | int | None = None) -> pd.DataFrame:
    """Import a 问卷星-layout export with its codebook.

    Returns one row per (kept) response with columns ``respondent_id`` (序号), ``submitted_at`` (提交答卷时间),
    ``duration_s`` (所用时间 in seconds), ``channel`` (来源) where present, one column per codebook group (category
    labels) and one per item (the answer code as a float on the item's scale, before reverse coding; NaN = no
    answer). Responses faster than ``min_duration_s`` (or the codebook's ``min_duration_s``) are dropped.

    ``drop_personal=True`` (default) keeps nothing else: personal columns are never read into the table.
    ``drop_personal=False`` additionally keeps the other columns verbatim (for the researcher's own checks; the
    analysis functions still never output them). ``attrs``: ``codebook``, ``sources``, ``dropped_personal``
    (names of dropped personal columns), ``dropped_other``, ``n_fast`` (responses dropped as too fast), ``path``.

    Errors (:class:`DataValidationError`) name the file, the row (1 = first response, line 2) and the column: a
    codebook column missing from the export (with close matches), an answer that is neither a code nor a label of
    the scale, a code outside the scale, an unknown group category.
    """
    log_read(Path(path))
    path = Path(path)
    cb = load_codebook(codebook)
    if not path.is_file():
        raise DataValidationError(f"dataset {SURVEY_NAME!r}: file not found: {path}")
    header, body = _read_rows(path, sheet)
    normed = {_norm(h): j for j, h in enumerate(header)}
    missing_tokens = {_norm(v) for v in cb.missing_values} | {""}

    def col_index(column: str, what: str) -> int:
        j = normed.get(_norm(column))
        if j is None:
            close = difflib.get_close_matches(column, header, n=3, cutoff=0.4)
            hint = f" Close matches: {', '.join(repr(c) for c in close)}." if close else ""
            raise DataValidationError(f"dataset {SURVEY_NAME!r}: file {path}: column {column!r} ({what}) not found "
                                      f"in the export.{hint}")
        return j

    mapped: dict[int, str] = {}
    out: dict[str, Any] = {}
    # metadata
    for src, dst in META_COLUMNS.items():
        j = normed.get(_norm(src))
        if j is None:
            continue
        vals = [r[j].strip() for r in body]
        mapped[j] = dst
        if dst == "submitted_at":
            out[dst] = pd.to_datetime(pd.Series([v or None for v in vals], dtype="object"), errors="coerce",
                                      format="mixed")
        elif dst == "duration_s":
            out[dst] = pd.Series([_duration_seconds(v) for v in vals], dtype="float64")
        elif dst == "respondent_id":
            out[dst] = pd.Series(vals, dtype="str")
        else:
            out[dst] = pd.Series(vals, dtype="str")
    # groups
    for gid, g in cb.groups.items():
        j = col_index(g.column, f"group {gid}")
        mapped[j] = gid
        labels = set(g.categories.values())
        vals: list[Any] = []
        for i, r in enumerate(body, start=1):
            v = re.sub(r"〖.*?〗|\[.*?\]", "", r[j]).strip()  # wjx "其他〖fill-in〗": drop the fill-in text
            if _norm(v) in missing_tokens:
                vals.append(None)
            elif not g.categories:
                vals.append(v)
            elif v in g.categories:
                vals.append(g.categories[v])
            elif v in labels:
                vals.append(v)
            elif v.endswith(".0") and v[:-2] in g.categories:
                vals.append(g.categories[v[:-2]])
            else:
                raise DataValidationError(
                    f"dataset {SURVEY_NAME!r}: file {path}, row {i} (line {i + 1}), column {g.column!r} (group "
                    f"{gid}): {_show(v)} is not one of the codebook categories "
                    f"{', '.join(f'{k}={x}' for k, x in g.categories.items())}")
        out[gid] = pd.Series(vals, dtype="str")
    # items
    for iid, it in cb.items.items():
        j = col_index(it.column, f"item {iid}")
        mapped[j] = iid
        sc = cb.scales[it.scale]
        vals = []
        for i, r in enumerate(body, start=1):
            raw = r[j].strip()
            where = (f"dataset {SURVEY_NAME!r}: file {path}, row {i} (line {i + 1}), column {it.column!r} "
                     f"(item {iid})")
            if _norm(raw) in missing_tokens:
                vals.append(np.nan)
                continue
            if _norm(raw) in sc["labels"]:
                vals.append(float(sc["labels"][_norm(raw)]))
                continue
            try:
                x = float(raw)
            except ValueError:
                raise DataValidationError(f"{where}: {_show(raw)} is neither a code nor a label of scale "
                                          f"{it.scale!r}") from None
            if x != int(x) or not sc["min"] <= x <= sc["max"]:
                raise DataValidationError(f"{where}: {_show(raw)} is outside the scale {it.scale!r} "
                                          f"({sc['min']}–{sc['max']})")
            vals.append(x)
        out[iid] = pd.Series(vals, dtype="float64")
    # everything else: personal columns dropped; others dropped unless drop_personal=False
    personal_names = {_norm(c) for c in list(ALWAYS_PERSONAL) + cb.personal}
    dropped_personal, dropped_other, kept_other = [], [], {}
    for j, h in enumerate(header):
        if j in mapped:
            continue
        if _norm(h) in personal_names or _PERSONAL_HEADER.search(h) or any(looks_personal(r[j]) for r in body):
            dropped_personal.append(h)
        elif drop_personal:
            dropped_other.append(h)
        else:
            kept_other[h] = pd.Series([r[j] for r in body], dtype="str")
    if not drop_personal:
        for h in dropped_personal:
            j = header.index(h)
            kept_other[h] = pd.Series([r[j] for r in body], dtype="str")
        dropped_personal = []
    # mapped group columns whose values look personal are a codebook error: refuse rather than output them
    for gid, g in cb.groups.items():
        if drop_personal and out[gid].dropna().map(looks_personal).any():
            raise DataValidationError(f"dataset {SURVEY_NAME!r}: file {path}, column {g.column!r} (group {gid}) "
                                      "contains contact details (phone/e-mail/WeChat/QQ); list it under personal")
    df = pd.DataFrame({**out, **kept_other})
    threshold = min_duration_s if min_duration_s is not None else cb.min_duration_s
    n_fast = 0
    if threshold is not None and "duration_s" in df:
        fast = df["duration_s"] < threshold
        n_fast = int(fast.sum())
        df = df[~fast].reset_index(drop=True)
    if df.empty:
        raise DataValidationError(f"dataset {SURVEY_NAME!r}: file {path}: no responses left "
                                  f"({n_fast} faster than {threshold} s)")
    df.attrs = {"dataset": SURVEY_NAME, "path": str(path), "codebook": cb, "dropped_personal": dropped_personal,
                "dropped_other": dropped_other, "n_fast": n_fast, "min_duration_s": threshold}
    df.attrs["sources"] = survey_sources(df)
    return df


def survey_sources(survey: pd.DataFrame) -> list[dict[str, Any]]:
    """The citation of a survey table: the researcher's own survey, its file and the submission period."""
    path = Path(survey.attrs.get("path", SURVEY_NAME))
    cb = survey.attrs.get("codebook")
    title = (cb.title_zh or cb.title_en) if cb is not None else ""
    date = ""
    if "submitted_at" in survey and survey["submitted_at"].notna().any():
        lo, hi = survey["submitted_at"].min().date().isoformat(), survey["submitted_at"].max().date().isoformat()
        date = lo if lo == hi else f"{lo}/{hi}"
    label = f"研究者问卷调查 / researcher's survey{': ' + title if title else ''} ({path.name}, n = {len(survey)})"
    return [{"title": label, "url": "", "date": date, "confidence": "", "rows": int(len(survey))}]


def _cb(survey: pd.DataFrame, codebook: Any) -> Codebook:
    if codebook is not None:
        return load_codebook(codebook)
    cb = survey.attrs.get("codebook")
    if cb is None:
        raise ValueError("survey table has no codebook in attrs; pass codebook=")
    return cb


def _out(df: pd.DataFrame, survey: pd.DataFrame) -> pd.DataFrame:
    df.attrs = {"sources": list(survey.attrs.get("sources") or [])}
    return df


# -- scoring -------------------------------------------------------------------------------------------------------

def item_scores(survey: pd.DataFrame, codebook: Any = None, items: list[str] | None = None) -> pd.DataFrame:
    """Item answers after reverse coding (``min + max - x`` for ``reverse: true`` items), one column per item."""
    cb = _cb(survey, codebook)
    ids = items if items is not None else list(cb.items)
    out = {}
    for iid in ids:
        it = cb.items[iid]
        x = survey[iid].astype("float64")
        if it.reverse:
            sc = cb.scales[it.scale]
            x = sc["min"] + sc["max"] - x
        out[iid] = x
    return pd.DataFrame(out, index=survey.index)


def dimension_scores(survey: pd.DataFrame, codebook: Any = None, min_share: float = 0.5) -> pd.DataFrame:
    """Per-respondent dimension scores: the mean of the dimension's (reverse-coded) items answered, NaN when fewer
    than ``min_share`` of its items were answered (default: at least half)."""
    cb = _cb(survey, codebook)
    out = {}
    for dim in cb.dimensions:
        ids = cb.items_of(dim)
        if not ids:
            continue
        s = item_scores(survey, cb, ids)
        answered = s.notna().sum(axis=1)
        out[dim] = s.mean(axis=1).where(answered >= min_share * len(ids))
    return pd.DataFrame(out, index=survey.index)


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's alpha of item columns on complete cases: ``k/(k-1) * (1 - sum(var_i) / var(total))`` with
    sample variances (ddof = 1). NaN with fewer than 2 items, fewer than 2 complete cases or zero total variance."""
    x = items.dropna()
    k = x.shape[1]
    if k < 2 or len(x) < 2:
        return float("nan")
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - x.var(ddof=1).sum() / total_var))


def reliability(survey: pd.DataFrame, codebook: Any = None) -> pd.DataFrame:
    """Cronbach's alpha per dimension (reverse-coded items, listwise complete cases).

    Columns: ``dimension``, ``label_zh``, ``label_en``, ``items`` (k), ``n`` (complete cases), ``alpha``. Common
    reading: alpha >= 0.7 acceptable, >= 0.8 good (Nunnally 1978); dimensions with one item have no alpha."""
    cb = _cb(survey, codebook)
    rows = []
    for dim in cb.dimensions:
        ids = cb.items_of(dim)
        if not ids:
            continue
        s = item_scores(survey, cb, ids)
        rows.append({"dimension": dim, "label_zh": cb.dimension_label(dim, "zh"),
                     "label_en": cb.dimension_label(dim, "en"), "items": len(ids), "n": int(len(s.dropna())),
                     "alpha": cronbach_alpha(s)})
    return _out(pd.DataFrame(rows), survey)


def alpha_if_item_deleted(survey: pd.DataFrame, codebook: Any = None) -> pd.DataFrame:
    """Per item: the dimension's alpha, alpha with the item deleted (same complete cases), and the corrected
    item-total correlation (item vs the sum of the other items). Columns ``dimension``, ``label_zh``, ``label_en``,
    ``item``, ``column``,
    ``reverse``, ``n``, ``alpha``, ``alpha_if_deleted``, ``item_rest_r``."""
    cb = _cb(survey, codebook)
    rows = []
    for dim in cb.dimensions:
        ids = cb.items_of(dim)
        if len(ids) < 2:
            continue
        s = item_scores(survey, cb, ids).dropna()
        a = cronbach_alpha(s)
        for iid in ids:
            rest = s.drop(columns=iid)
            r = s[iid].corr(rest.sum(axis=1)) if len(s) > 2 else float("nan")
            rows.append({"dimension": dim, "label_zh": cb.dimension_label(dim, "zh"),
                         "label_en": cb.dimension_label(dim, "en"), "item": iid, "column": cb.items[iid].column,
                         "reverse": cb.items[iid].reverse, "n": int(len(s)), "alpha": a,
                         "alpha_if_deleted": cronbach_alpha(rest) if rest.shape[1] >= 2 else float("nan"),
                         "item_rest_r": float(r)})
    return _out(pd.DataFrame(rows), survey)


# -- descriptions and satisfaction ---------------------------------------------------------------------------------

def sample_description(survey: pd.DataFrame, codebook: Any = None) -> pd.DataFrame:
    """Respondents by group: columns ``group``, ``group_zh``, ``group_en``, ``category``, ``n`` (respondents) and
    ``pct`` (percent of respondents who answered the question; a ``(no answer)`` row counts the others, with pct
    NaN). Categories in codebook order, then any others alphabetically; ``attrs["n"]`` = respondents."""
    cb = _cb(survey, codebook)
    rows = []
    for gid, g in cb.groups.items():
        col = survey[gid]
        answered = col.dropna()
        order = list(dict.fromkeys(g.categories.values())) + sorted(set(answered) - set(g.categories.values()))
        counts = answered.value_counts()
        for cat in order:
            n = int(counts.get(cat, 0))
            rows.append({"group": gid, "group_zh": g.zh, "group_en": g.en, "category": cat, "n": n,
                         "pct": n / len(answered) * 100 if len(answered) else np.nan})
        if col.isna().any():
            rows.append({"group": gid, "group_zh": g.zh, "group_en": g.en, "category": "(no answer)",
                         "n": int(col.isna().sum()), "pct": np.nan})
    out = _out(pd.DataFrame(rows, columns=["group", "group_zh", "group_en", "category", "n", "pct"]), survey)
    out.attrs["n"] = int(len(survey))
    return out


def _describe(x: pd.Series) -> dict[str, float]:
    x = x.dropna()
    n = len(x)
    mean = float(x.mean()) if n else np.nan
    sd = float(x.std(ddof=1)) if n > 1 else np.nan
    half = 1.96 * sd / np.sqrt(n) if n > 1 else np.nan
    return {"n": n, "mean": mean, "sd": sd, "ci95_low": mean - half, "ci95_high": mean + half}


def dimension_summary(survey: pd.DataFrame, codebook: Any = None, kinds: tuple[str, ...] | None = None
                      ) -> pd.DataFrame:
    """Mean dimension score over respondents, per dimension (optionally only dimensions of the given ``kinds``:
    gratification, satisfaction, importance, other). Columns ``dimension``, ``label_zh``, ``label_en``, ``kind``,
    ``n``, ``mean``, ``sd``, ``ci95_low``, ``ci95_high`` (normal approximation, mean ± 1.96·sd/√n), on the scale
    units (e.g. 1-5)."""
    cb = _cb(survey, codebook)
    scores = dimension_scores(survey, cb)
    rows = []
    for dim in scores.columns:
        kind = cb.dimensions[dim].get("kind", "other")
        if kinds is not None and kind not in kinds:
            continue
        rows.append({"dimension": dim, "label_zh": cb.dimension_label(dim, "zh"),
                     "label_en": cb.dimension_label(dim, "en"), "kind": kind, **_describe(scores[dim])})
    return _out(pd.DataFrame(rows), survey)


def scores_by_group(survey: pd.DataFrame, group: str, codebook: Any = None, dimensions: list[str] | None = None,
                    min_n: int = 5) -> pd.DataFrame:
    """Mean dimension scores by respondent group (e.g. satisfaction by age group).

    Long table: ``group`` (category), ``dimension``, ``label_zh``, ``label_en``, ``n``, ``mean``, ``sd``,
    ``suppressed``. Cells with fewer than
    ``min_n`` respondents are suppressed (mean/sd NaN) so small groups cannot be singled out and unstable means are
    not reported."""
    cb = _cb(survey, codebook)
    if group not in cb.groups:
        raise ValueError(f"unknown group {group!r}; codebook groups: {', '.join(cb.groups)}")
    scores = dimension_scores(survey, cb)
    dims = dimensions or list(scores.columns)
    cats = list(dict.fromkeys(cb.groups[group].categories.values())) + sorted(
        set(survey[group].dropna()) - set(cb.groups[group].categories.values()))
    rows = []
    for cat in cats:
        mask = survey[group] == cat
        for dim in dims:
            d = _describe(scores.loc[mask, dim])
            small = d["n"] < min_n
            rows.append({"group": cat, "dimension": dim, "label_zh": cb.dimension_label(dim, "zh"),
                         "label_en": cb.dimension_label(dim, "en"), "n": d["n"], "mean": np.nan if small else d["mean"],
                         "sd": np.nan if small else d["sd"], "suppressed": bool(small)})
    return _out(pd.DataFrame(rows), survey)


# -- importance-performance analysis -------------------------------------------------------------------------------

def ipa(survey: pd.DataFrame, codebook: Any = None, cuts: tuple[float, float] | None = None) -> pd.DataFrame:
    """Importance-performance analysis (Martilla & James 1977) over the codebook's IPA attributes.

    For each attribute: ``importance`` and ``performance`` = mean over respondents of the attribute's importance and
    performance items (reverse-coded, each respondent's mean of the attribute's items first). Cut lines
    (``cuts=(importance_cut, performance_cut)``) default to the *means of the attribute means* (data-centred IPA);
    an attribute at or above a cut counts as high. Quadrants: high importance & low performance = "concentrate
    here" (重点改进区), high & high = "keep up the good work", low & low = "low priority", low importance & high
    performance = "possible overkill". ``gap`` = importance - performance. Columns: ``attribute``, ``label_zh``,
    ``label_en``, ``importance``, ``performance``, ``n_importance``, ``n_performance``, ``gap``, ``quadrant``,
    ``quadrant_zh``, ``quadrant_en``; ``attrs["cuts"]``."""
    cb = _cb(survey, codebook)
    attrs: dict[str, dict[str, list[str]]] = {}
    for iid, it in cb.items.items():
        if it.ipa_attribute:
            attrs.setdefault(it.ipa_attribute, {"importance": [], "performance": []})[it.ipa_role].append(iid)
    rows = []
    for a, roles in attrs.items():
        if not roles["importance"] or not roles["performance"]:
            raise ValueError(f"IPA attribute {a!r} needs both an importance and a performance item in the codebook")
        imp = item_scores(survey, cb, roles["importance"]).mean(axis=1)
        perf = item_scores(survey, cb, roles["performance"]).mean(axis=1)
        lab = cb.ipa_attributes.get(a, {})
        rows.append({"attribute": a, "label_zh": str(lab.get("zh", a)), "label_en": str(lab.get("en", a)),
                     "importance": float(imp.mean()), "performance": float(perf.mean()),
                     "n_importance": int(imp.notna().sum()), "n_performance": int(perf.notna().sum())})
    if not rows:
        raise ValueError("the codebook declares no IPA attributes (items with ipa: {attribute, role})")
    out = pd.DataFrame(rows)
    out["gap"] = out["importance"] - out["performance"]
    ci, cp = cuts if cuts is not None else (float(out["importance"].mean()), float(out["performance"].mean()))
    quad = [QUADRANTS[(bool(i >= ci), bool(p >= cp))] for i, p in zip(out["importance"], out["performance"])]
    out["quadrant"] = [q["id"] for q in quad]
    out["quadrant_zh"] = [q["zh"] for q in quad]
    out["quadrant_en"] = [q["en"] for q in quad]
    out = _out(out, survey)
    out.attrs["cuts"] = {"importance": ci, "performance": cp, "rule": "given" if cuts is not None else "means"}
    return out


def ipa_priorities(table: pd.DataFrame) -> pd.DataFrame:
    """Attributes in the "concentrate here" quadrant, largest gap (importance - performance) first: the survey's
    improvement priorities for chapter 6."""
    out = table[table["quadrant"] == "concentrate"].sort_values(["gap", "attribute"], ascending=[False, True])
    out = out.reset_index(drop=True)
    out.attrs = dict(table.attrs)
    return out


def ipa_chart(table: pd.DataFrame, lang: str = "zh", figsize: tuple[float, float] = (6.4, 5.2)):
    """Quadrant chart of an :func:`ipa` table: performance (x) vs importance (y), dashed cut lines, quadrant names
    in the corners, one labelled point per attribute. Returns a matplotlib Figure."""
    import matplotlib.pyplot as plt

    cuts = table.attrs.get("cuts") or {"importance": table["importance"].mean(),
                                       "performance": table["performance"].mean()}
    ci, cp = cuts["importance"], cuts["performance"]
    fig, ax = plt.subplots(figsize=figsize)
    colors = {"concentrate": "#c0392b", "keep_up": "#27ae60", "low_priority": "#7f8c8d", "overkill": "#2980b9"}
    ax.scatter(table["performance"], table["importance"], c=[colors[q] for q in table["quadrant"]], s=46, zorder=3)
    label_col = "label_zh" if lang == "zh" else "label_en"
    for _, r in table.iterrows():
        ax.annotate(str(r[label_col]), (r["performance"], r["importance"]), xytext=(5, 4),
                    textcoords="offset points", fontsize=9)
    xs = list(table["performance"]) + [cp]
    ys = list(table["importance"]) + [ci]
    padx = max((max(xs) - min(xs)) * 0.25, 0.2)
    pady = max((max(ys) - min(ys)) * 0.25, 0.2)
    ax.set_xlim(min(xs) - padx, max(xs) + padx)
    ax.set_ylim(min(ys) - pady, max(ys) + pady)
    ax.axvline(cp, ls="--", lw=1, color="0.4")
    ax.axhline(ci, ls="--", lw=1, color="0.4")
    corners = {"concentrate": (0.02, 0.98, "left", "top"), "keep_up": (0.98, 0.98, "right", "top"),
               "low_priority": (0.02, 0.02, "left", "bottom"), "overkill": (0.98, 0.02, "right", "bottom")}
    for q in QUADRANTS.values():
        x, y, ha, va = corners[q["id"]]
        ax.text(x, y, q[lang if lang in ("zh", "en") else "en"], transform=ax.transAxes, ha=ha, va=va,
                fontsize=9, color=colors[q["id"]])
    if lang == "zh":
        ax.set_xlabel("表现（满意度均值）")
        ax.set_ylabel("重要性（均值）")
    else:
        ax.set_xlabel("Performance (mean satisfaction)")
        ax.set_ylabel("Importance (mean)")
    fig.tight_layout()
    return fig


# -- chapter sections ----------------------------------------------------------------------------------------------

_COLS = {
    "group_zh": ("分组", None), "group_en": (None, "Group"), "category": ("类别", "Category"), "n": ("人数", "n"),
    "pct": ("占比（%）", "Share (%)"), "label_zh": ("维度", None), "label_en": (None, "Dimension"),
    "items": ("题项数", "Items"), "alpha": ("Cronbach's α", "Cronbach's alpha"), "mean": ("均值", "Mean"),
    "sd": ("标准差", "SD"), "ci95_low": ("95%CI下限", "95% CI low"), "ci95_high": ("95%CI上限", "95% CI high"),
    "importance": ("重要性", "Importance"), "performance": ("表现", "Performance"),
    "gap": ("差距（重要性−表现）", "Gap (importance − performance)"), "quadrant_zh": ("象限", None),
    "quadrant_en": (None, "Quadrant"), "column": ("题目列", "Column"), "alpha_if_deleted": ("删除该题后α",
    "Alpha if deleted"), "item_rest_r": ("校正题总相关", "Corrected item-total r"), "dimension": ("维度", "Dimension"),
    "item": ("题项", "Item"), "reverse": ("反向题", "Reverse-coded"), "suppressed": ("不足最小样本", "Suppressed"), "group": ("类别", "Category"),
}


def display_survey_table(df: pd.DataFrame, lang: str = "zh", decimals: int = 2) -> pd.DataFrame:
    """Display copy of a survey result table: columns of the other language dropped, labelled, numbers rounded."""
    idx = 0 if lang == "zh" else 1
    redundant = {"dimension"} if "label_zh" in df.columns else set()
    redundant |= {"group"} if "group_zh" in df.columns else set()
    keep = [c for c in df.columns if c in _COLS and _COLS[c][idx] is not None and c not in redundant]
    out = df[keep].copy()
    for c in out.columns:
        if str(out[c].dtype).startswith("float"):
            out[c] = out[c].round(1 if c == "pct" else decimals)
    out.columns = [_COLS[c][idx] for c in out.columns]
    out.attrs = dict(df.attrs)
    return out


def survey_section(ch: Any, survey_file: str | os.PathLike | None = None,
                   survey_codebook: str | os.PathLike | None = None, group: str | None = None,
                   min_n: int = 5) -> dict[str, pd.DataFrame] | None:
    """The "citizen survey" section of a chapter (``ch`` = :class:`heilongjiang_newmedia.reporting.exhibits.Chapter`).

    Without ``survey_file`` it says how to supply one and records ``survey_supplied`` = False. Otherwise: sample
    description, Cronbach's alpha per dimension (and alpha if item deleted), mean scores by dimension, scores by
    respondent ``group`` (default: the codebook's first group; cells under ``min_n`` suppressed) and the IPA quadrant
    chart; records key results (for chapter 7) and returns the tables."""
    found = find_survey(survey_file, survey_codebook)
    if found is None:
        ch.say(zh=MISSING_SURVEY_TEXT["zh"], en=MISSING_SURVEY_TEXT["en"])
        ch.record("survey_supplied", False)
        return None
    sv = load_survey(*found)
    cb: Codebook = sv.attrs["codebook"]
    lang = ch.lang
    src = sv.attrs["sources"]
    ch.say(zh="**公众问卷（研究者自备数据）**：有效答卷 {n:,} 份（提交日期 {dates}）{fast}。IP 地址与联系方式等个人信息已在读入时删除。",
           en="**Citizen survey (researcher-supplied data)**: {n:,} valid responses (submitted {dates}){fast}. IP "
              "addresses and contact details were dropped when the file was read.",
           n=len(sv), dates=src[0]["date"] or "—",
           fast=(ch.t(zh=f"，剔除作答时间少于 {sv.attrs['min_duration_s']:g} 秒的答卷 {sv.attrs['n_fast']} 份",
                      en=f"; {sv.attrs['n_fast']} responses faster than {sv.attrs['min_duration_s']:g} s removed")
                 if sv.attrs["min_duration_s"] is not None else ""))
    out: dict[str, pd.DataFrame] = {}
    if cb.groups:
        out["sample"] = sample_description(sv)
        ch.exhibit(display_survey_table(out["sample"], lang), id="survey-sample", data=out["sample"], sources=src,
                   title=ch.t(zh="问卷样本构成", en="Survey sample"))
    out["reliability"] = reliability(sv)
    out["alpha_items"] = alpha_if_item_deleted(sv)
    ch.exhibit(display_survey_table(out["reliability"], lang), id="survey-reliability", data=out["reliability"],
               sources=src, title=ch.t(zh="各维度信度（Cronbach's α）", en="Reliability by dimension (Cronbach's alpha)"),
               note=ch.t(zh="α = k/(k−1)·(1−Σs²_i/s²_总)，反向题已重新计分，按完整作答计算；一般以0.7以上为可接受。",
                         en="alpha = k/(k−1)·(1 − Σs²_i/s²_total) on complete cases after reverse coding; 0.7 or "
                            "above is usually read as acceptable."))
    if len(out["alpha_items"]):
        ch.exhibit(display_survey_table(out["alpha_items"], lang), id="survey-alpha-items", data=out["alpha_items"],
                   sources=src, title=ch.t(zh="删除题项后的α与校正题总相关", en="Alpha if item deleted and item-rest correlations"))
    out["dimensions"] = dimension_summary(sv)
    ch.exhibit(display_survey_table(out["dimensions"], lang), id="survey-dimensions", data=out["dimensions"],
               sources=src, title=ch.t(zh="各维度平均得分", en="Mean score by dimension"),
               note=ch.t(zh="每位受访者的维度得分为其作答题项的均值（至少答一半题项）；95%置信区间为正态近似。",
                         en="A respondent's dimension score is the mean of the items answered (at least half); 95% "
                            "CI by normal approximation."))
    g = group or next(iter(cb.groups), None)
    if g is not None:
        out["by_group"] = scores_by_group(sv, g, min_n=min_n)
        gl = cb.groups[g].zh if lang == "zh" else cb.groups[g].en
        ch.exhibit(display_survey_table(out["by_group"], lang), id="survey-by-group", data=out["by_group"],
                   sources=src, title=ch.t(zh=f"按{gl}分组的维度得分", en=f"Dimension scores by {gl}"),
                   note=ch.t(zh=f"人数少于 {min_n} 的单元格不报告均值。",
                             en=f"Means of cells with fewer than {min_n} respondents are not reported."))
    if any(it.ipa_attribute for it in cb.items.values()):
        out["ipa"] = ipa(sv)
        cuts = out["ipa"].attrs["cuts"]
        ch.exhibit(ipa_chart(out["ipa"], lang), id="survey-ipa", data=out["ipa"], sources=src,
                   title=ch.t(zh="重要性—表现分析（IPA）象限图", en="Importance-performance analysis (IPA)"),
                   note=ch.t(zh=f"分割线为各属性均值的平均数（重要性 {cuts['importance']:.2f}，表现 {cuts['performance']:.2f}）。",
                             en=f"Cut lines at the mean of the attribute means (importance {cuts['importance']:.2f}, "
                                f"performance {cuts['performance']:.2f})."))
        pr = ipa_priorities(out["ipa"])
        ch.record("survey_ipa_priorities", [str(a) for a in pr["attribute"]], exhibit="survey-ipa")
    ch.record("survey_supplied", True)
    ch.record("survey_n", int(len(sv)), exhibit="survey-dimensions")
    ch.record("survey_alpha", {r["dimension"]: (None if pd.isna(r["alpha"]) else round(float(r["alpha"]), 4))
                               for _, r in out["reliability"].iterrows()}, exhibit="survey-reliability")
    return out


def survey_priorities_section(ch: Any, survey_file: str | os.PathLike | None = None,
                              survey_codebook: str | os.PathLike | None = None) -> pd.DataFrame | None:
    """Chapter 6: the IPA "concentrate here" attributes as survey-based improvement priorities (largest gap
    first). Says plainly when no survey (or no IPA pairs in the codebook) was supplied; returns the table."""
    found = find_survey(survey_file, survey_codebook)
    if found is None:
        ch.say(zh="未提供公众问卷，本节不含基于重要性—表现分析（IPA）的优先事项。",
               en="No citizen survey was supplied, so there are no priorities from importance-performance analysis.")
        return None
    sv = load_survey(*found)
    cb: Codebook = sv.attrs["codebook"]
    if not any(it.ipa_attribute for it in cb.items.values()):
        ch.say(zh="问卷编码表未定义重要性—表现题项对（ipa），无法给出 IPA 优先事项。",
               en="The survey codebook defines no importance-performance item pairs (ipa), so no IPA priorities.")
        return None
    pr = ipa_priorities(ipa(sv))
    if pr.empty:
        ch.say(zh="IPA 中没有属性落入“重点改进区”（重要性高于均值而表现低于均值）。",
               en="No attribute falls in the IPA 'concentrate here' quadrant (importance above, performance below "
                  "the means).")
        return pr
    ch.exhibit(display_survey_table(pr, ch.lang), id="survey-ipa-priorities", data=pr, sources=sv.attrs["sources"],
               title=ch.t(zh="公众问卷IPA：重点改进事项（按差距排序）",
                          en="Citizen survey IPA: priorities for improvement (by gap)"))
    ch.record("survey_ipa_priorities", [str(a) for a in pr["attribute"]], exhibit="survey-ipa-priorities")
    return pr
