"""The reader's words: numbers, units, ranks and labels as they are printed in the zh and en reports.

Every chapter fills its prose and table cells through these helpers, so that one fact is written the same way
everywhere (rounding, units, rank convention) and no raw value (``True``, ``medium``, ``1108000000``) reaches a
reader. Chinese: large counts in 万/亿 with the unit attached and no spaces between Chinese and digits
(``11.08亿人``); English: thousands separators, million/billion (``1.108 billion people``).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from heilongjiang_newmedia.loading.yamlfile import read_yaml

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


def year_span(first: Any, last: Any, lang: str) -> str:
    """A span of years the one way the book prints it: ``2015—2019年`` / ``2015–2019``; one year alone when equal."""
    a, b = int(str(first)[:4]), int(str(last)[:4])
    if a == b:
        return year(a, lang)
    return pick(lang, f"{a}—{b}年", f"{a}–{b}")


def quarter(period: Any, lang: str) -> str:
    """A notice period as printed: ``2024Q2`` -> ``2024年第二季度`` / ``Q2 2024``; ``2018-11`` -> a month; other text
    unchanged."""
    import re

    text = str(period).strip()
    m = re.fullmatch(r"(\d{4})\s*Q([1-4])", text)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        return pick(lang, f"{y}年第{'一二三四'[q - 1]}季度", f"Q{q} {y}")
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return month(text, lang)
    return text


def reference_date(text: Any, lang: str) -> str:
    """The date a data row refers to (``reference_date`` of practices and baselines), as printed: ``2021-07-05`` ->
    2021年7月5日 / 5 July 2021; ``2021-07`` -> a month; ``2019Q4`` -> a quarter (:func:`quarter`); ``2019H1`` ->
    2019年上半年 / H1 2019; ``2017 (end)`` -> 2017年底 / end of 2017; a span (``2011-2015``) -> its first year; text
    after the date is left out. Empty when the row gives no date."""
    import re

    s = "" if is_missing(text) else str(text).strip()
    if m := re.match(r"^(\d{4})\s*Q([1-4])", s):
        return quarter(f"{m.group(1)}Q{m.group(2)}", lang)
    if m := re.match(r"^(\d{4})\s*H([12])", s):
        return pick(lang, f"{m.group(1)}年{'上' if m.group(2) == '1' else '下'}半年", f"H{m.group(2)} {m.group(1)}")
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", s)
    if not m:
        return ""
    y, mo, d = m.groups()
    if mo and not 1 <= int(mo) <= 12:      # a span such as 2011-2015 or 2021-2022: its first year
        mo = d = None
    if d:
        return pick(lang, f"{int(y)}年{int(mo)}月{int(d)}日", f"{int(d)} {month(f'{y}-{mo}', 'en')}")
    if mo:
        return month(f"{y}-{mo}", lang)
    if "(end)" in s:
        return pick(lang, f"{y}年底", f"end of {y}")
    return year(y, lang)


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
NAMES_EN: dict[str, str] = read_yaml(Path(__file__).with_name("names_en.yaml")) or {}


def name(zh_name: Any, lang: str, chinese: bool = True) -> str:
    """A Chinese proper name as printed: unchanged in zh; in en the English gloss first (:data:`NAMES_EN`) and the
    Chinese once after it, "Safe Harbin, Harbin police (平安哈尔滨)", or the gloss alone with ``chinese=False`` (where
    the Chinese is already given once). A name without a gloss stays Chinese."""
    s = str(zh_name)
    if lang == "zh" or s not in NAMES_EN:
        return s
    return f"{NAMES_EN[s]} ({s})" if chinese else NAMES_EN[s]


#: English names of the units inspection notices name (``units_en.yaml``): places, institutions, unnamed units.
UNITS_EN: dict[str, dict[str, str]] = read_yaml(Path(__file__).with_name("units_en.yaml")) or {}


def unit(zh_name: Any, lang: str, glossary: Mapping[str, str] | None = None) -> str:
    """A unit a notice names, as printed: unchanged in zh; in en the data's own English name (``glossary``), else a
    place in English alone, an institution as "English (中文)", an unnamed unit described in English
    (``units_en.yaml``), else :func:`name`."""
    s = str(zh_name).strip()
    if lang == "zh":
        return s
    if glossary and glossary.get(s):
        return str(glossary[s])
    t = UNITS_EN
    if s in t.get("places", {}) or s in t.get("unnamed", {}):
        return str({**t.get("places", {}), **t.get("unnamed", {})}[s])
    if s in t.get("institutions", {}):
        return f"{t['institutions'][s]} ({s})"
    return name(s, lang)


#: Short country names by ISO3 code (``countries.yaml`` beside this module): translations, not data.
COUNTRIES: dict[str, dict[str, str]] = read_yaml(Path(__file__).with_name("countries.yaml")) or {}


def country(iso3: Any, lang: str, names: dict[str, str] | None = None) -> str:
    """A country's short name (``DNK`` -> 丹麦 / Denmark); else its UN English name from ``names``; else the code."""
    code = str(iso3)
    if code in COUNTRIES:
        return COUNTRIES[code][lang]
    if names and code in names:
        return str(names[code])
    return code
