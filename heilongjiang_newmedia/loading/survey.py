"""The researcher's citizen survey (问卷星/wjx export + YAML codebook): finding, importing, removing personal data.

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

The codebook is read by :mod:`heilongjiang_newmedia.loading.survey_codebook`; the statistics (Cronbach's alpha,
mean scores, importance-performance analysis) are in :mod:`heilongjiang_newmedia.methods.survey`.
"""
from __future__ import annotations

import csv
import difflib
import io
import os
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from heilongjiang_newmedia.loading.datasets import DataValidationError, log_read, read_table_text
from heilongjiang_newmedia.loading.survey_codebook import Codebook, load_codebook, norm_header as _norm
from heilongjiang_newmedia.loading.xlsx import read_xlsx_rows

__all__ = ["SURVEY_NAME", "find_survey", "load_survey", "survey_sources", "looks_personal"]

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


def looks_personal(value: Any) -> bool:
    """Whether a text contains a phone number, e-mail, WeChat/QQ id, ID-card number or IP address."""
    text = str(value)
    return any(p.search(text) for p in _PERSONAL_VALUE)


def _show(value: Any) -> str:
    return "<redacted: looks like personal data>" if looks_personal(value) else repr(value)


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
