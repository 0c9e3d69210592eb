"""The reader's words: numbers, units, ranks and labels as they are printed in the zh and en reports.

Every chapter fills its prose and table cells through these helpers, so that one fact is written the same way
everywhere (rounding, units, rank convention) and no raw value (``True``, ``medium``, ``1108000000``) reaches a
reader. Chinese: large counts in 万/亿 with the unit attached and no spaces between Chinese and digits
(``11.08亿人``); English: thousands separators, million/billion (``1.108 billion people``).
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

#: confidence grades as printed
CONFIDENCE = {"high": ("高", "high"), "medium": ("中", "medium"), "low": ("低", "low")}


def pick(lang: str, zh: str, en: str) -> str:
    """``zh`` for ``lang == "zh"``, else ``en``."""
    return zh if lang == "zh" else en


def _trim(x: float, digits: int) -> str:
    s = f"{x:,.{digits}f}" if digits > 0 else f"{x:,.0f}"
    if digits > 0 and "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def missing(lang: str) -> str:
    """The printed mark for a value the data do not hold."""
    return pick(lang, "无数据", "no data")


def is_missing(x: Any) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def count(x: Any, lang: str, unit_zh: str = "", unit_en: str = "", digits: int = 2) -> str:
    """A count with its unit. zh: ≥ 1亿 as ``11.08亿人``, ≥ 10万 as ``17.6万个``, else ``2153个``;
    en: ≥ 1 billion as ``1.108 billion people``, ≥ 1 million as ``3.61 million``, else ``2,153 accounts``."""
    if is_missing(x):
        return missing(lang)
    v = float(x)
    if lang == "zh":
        if abs(v) >= 1e8:
            s = _trim(v / 1e8, digits).replace(",", "") + "亿"
        elif abs(v) >= 1e5:
            s = _trim(v / 1e4, digits).replace(",", "") + "万"
        else:
            s = _trim(v, 0 if v == int(v) else digits).replace(",", "")
        return s + unit_zh
    if abs(v) >= 1e9:
        s = _trim(v / 1e9, digits + 1) + " billion"
    elif abs(v) >= 1e6:
        s = _trim(v / 1e6, digits) + " million"
    else:
        s = _trim(v, 0 if v == int(v) else digits)
    return f"{s} {unit_en}".rstrip()


def percent(x: Any, lang: str, digits: int = 2) -> str:
    """A share in percent (0–100 scale in, ``98.75%`` out; trailing zeros dropped)."""
    if is_missing(x):
        return missing(lang)
    return _trim(float(x), digits).replace(",", "") + "%"


def points(x: Any, lang: str, digits: int = 2) -> str:
    """A difference of two percentages: ``1.5个百分点`` / ``1.5 percentage points`` (sign kept)."""
    if is_missing(x):
        return missing(lang)
    s = _trim(float(x), digits).replace(",", "")
    return pick(lang, f"{s}个百分点", f"{s} percentage points")


def score(x: Any, lang: str, digits: int = 2) -> str:
    """An index score without unit (``88.76``)."""
    if is_missing(x):
        return missing(lang)
    return _trim(float(x), digits).replace(",", "")


def ordinal(n: int) -> str:
    """English ordinal: 1st, 2nd, 3rd, 11th, 25th."""
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank(n: Any, of: Any, lang: str) -> str:
    """A competition rank (1 + number ranked higher): ``第25位（共31个）`` / ``25th of 31``."""
    if is_missing(n):
        return missing(lang)
    if is_missing(of):
        return pick(lang, f"第{int(n)}位", ordinal(int(n)))
    return pick(lang, f"第{int(n)}位（共{int(of)}个）", f"{ordinal(int(n))} of {int(of)}")


def year(y: Any, lang: str) -> str:
    """``2019年`` / ``2019``."""
    if is_missing(y):
        return missing(lang)
    return pick(lang, f"{int(y)}年", f"{int(y)}")


def yes_no(b: Any, lang: str) -> str:
    """``是``/``否`` or ``yes``/``no``."""
    return pick(lang, "是" if b else "否", "yes" if b else "no")


def confidence(grade: str, lang: str) -> str:
    """A source row's confidence grade as printed: 高/中/低 or high/medium/low."""
    zh, en = CONFIDENCE.get(str(grade), (str(grade), str(grade)))
    return pick(lang, zh, en)


def listing(items: Iterable[Any], lang: str) -> str:
    """``浙江、广东和上海`` / ``Zhejiang, Guangdong and Shanghai``."""
    xs = [str(i) for i in items]
    if not xs:
        return ""
    if len(xs) == 1:
        return xs[0]
    return pick(lang, "、".join(xs[:-1]) + "和" + xs[-1], ", ".join(xs[:-1]) + " and " + xs[-1])


_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def month(cutoff: Any, lang: str) -> str:
    """A YYYY-MM (or YYYY) date as printed: ``2017年12月`` / ``December 2017``."""
    if is_missing(cutoff) or not str(cutoff).strip():
        return missing(lang)
    text = str(cutoff).strip()
    if len(text) >= 7 and text[4] == "-":
        y, m = int(text[:4]), int(text[5:7])
        return pick(lang, f"{y}年{m}月", f"{_MONTHS_EN[m - 1]} {y}")
    return year(int(text[:4]), lang)


#: English glosses of Chinese proper names (``names_en.yaml`` beside this module): translations, not data.
NAMES_EN: dict[str, str] = yaml.safe_load((Path(__file__).with_name("names_en.yaml")).read_text(encoding="utf-8")) or {}


def name(zh_name: Any, lang: str) -> str:
    """A Chinese proper name as printed: unchanged in zh; in en with its English gloss where one is known
    (:data:`NAMES_EN`), "平安哈尔滨 (Safe Harbin, Harbin police)"."""
    s = str(zh_name)
    if lang == "zh" or s not in NAMES_EN:
        return s
    return f"{s} ({NAMES_EN[s]})"


#: Short names of countries (``countries.yaml`` beside this module): ISO3 -> {"zh": ..., "en": ...}.
COUNTRIES: dict[str, dict[str, str]] = yaml.safe_load(
    (Path(__file__).with_name("countries.yaml")).read_text(encoding="utf-8")) or {}


def country(iso3: str, lang: str, names: dict[str, str] | None = None) -> str:
    """A country as printed: its short name in ``lang`` (:data:`COUNTRIES`), else its UN English name from
    ``names`` (ISO3 -> name, e.g. from the UN data), else the ISO3 code."""
    if iso3 in COUNTRIES:
        return COUNTRIES[iso3][lang]
    if names and iso3 in names:
        return names[iso3]
    return iso3
