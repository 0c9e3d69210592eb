"""Regions: the 31 provincial-level divisions, Heilongjiang's 13 prefecture-level divisions, and countries.

The province list, six-digit codes and the NBS four-region split (east / central / west / northeast; 国家统计局
《东西中部和东北地区划分方法》, 2011) are read from the cited ``provinces`` dataset; the prefecture-level divisions
and their codes from ``hlj_cities``; countries (ISO3 and UN names) from ``un_egdi``. Only the name forms used to
recognise user input (full official names, common English spellings) are kept here.

``resolve_province`` accepts 黑龙江, 黑龙江省, Heilongjiang, Heilongjiang Province (any case) and 230000 (int or str);
``split_names`` reads a list typed as ``浙江,广东`` or ``浙江、广东``.
"""
from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pandas as pd

__all__ = ["Province", "UnknownRegionError", "provinces", "resolve_province", "split_names", "hlj_divisions",
           "resolve_division", "countries", "resolve_country", "NBS_REGIONS"]

NBS_REGIONS = ("east", "central", "west", "northeast")
NBS_REGION_ZH = {"east": "东部", "central": "中部", "west": "西部", "northeast": "东北"}

# Official full names where they are not simply <short name> + 省/市.
_FULL_NAMES = {
    "北京": "北京市", "天津": "天津市", "上海": "上海市", "重庆": "重庆市",
    "内蒙古": "内蒙古自治区", "广西": "广西壮族自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
}
# Further English spellings met in the sources (pinyin forms, short forms).
_EN_ALIASES = {
    "内蒙古": ["Inner Mongolia", "Neimenggu", "Nei Mongol"], "西藏": ["Tibet", "Xizang", "Tibet (Xizang)"],
    "广西": ["Guangxi Zhuang"], "宁夏": ["Ningxia Hui"], "新疆": ["Xinjiang Uygur", "Xinjiang Uyghur"],
    "陕西": ["Shaanxi", "Shanxi (Shaanxi)"],
}


class UnknownRegionError(ValueError):
    """A province, division or country name that is not recognised; the message suggests the closest names."""


@dataclass(frozen=True)
class Province:
    """A provincial-level division: short and full Chinese name, English name, six-digit code, NBS region."""

    zh: str
    zh_full: str
    en: str
    code: int
    region: str

    def name(self, lang: str = "zh") -> str:
        """Display name in the report language (``zh`` short Chinese name, ``en`` English)."""
        return self.en if lang == "en" else self.zh


def _norm(text: str) -> str:
    return "".join(str(text).split()).casefold()


@lru_cache(maxsize=1)
def provinces() -> pd.DataFrame:
    """The 31 provincial-level divisions: ``zh``, ``zh_full``, ``en``, ``code``, ``region`` (NBS four regions)."""
    from heilongjiang_newmedia.loading.datasets import load

    df = load("provinces")
    rows = df[df["indicator"] == "nbs_four_region_class"].drop_duplicates("province_zh")
    out = pd.DataFrame({
        "zh": rows["province_zh"].astype(str),
        "zh_full": [_FULL_NAMES.get(z, z + "省") for z in rows["province_zh"]],
        "en": [e.split(" (")[0] for e in rows["province_en"]],
        "code": rows["province_code"].astype(int),
        "region": rows["value"].astype(str),
    }).sort_values("code").reset_index(drop=True)
    if len(out) != 31 or not set(out["region"]) <= set(NBS_REGIONS):
        raise ValueError(f"provinces dataset: expected 31 provinces in 4 NBS regions, found {len(out)}")
    return out


@lru_cache(maxsize=1)
def _province_index() -> dict[str, Province]:
    index: dict[str, Province] = {}
    for r in provinces().itertuples(index=False):
        p = Province(r.zh, r.zh_full, r.en, int(r.code), r.region)
        for alias in (r.zh, r.zh_full, r.en, str(r.code), *_EN_ALIASES.get(r.zh, [])):
            index[_norm(alias)] = p
    return index


def _suggest(text: str, names: list[str]) -> str:
    close = difflib.get_close_matches(str(text), names, n=3, cutoff=0.3)
    if not close:
        close = difflib.get_close_matches(_norm(text), [_norm(n) for n in names], n=3, cutoff=0.3)
        close = [n for n in names if _norm(n) in close]
    return f" Did you mean {', '.join(close)}?" if close else ""


# What people add to a province's name: "Heilongjiang Province", "Beijing Municipality", "Tibet Autonomous
# Region", the pinyin "Heilongjiang Sheng", "中国黑龙江"; tried (longest first) when the name as given is unknown.
_EN_SUFFIXES = ("uygurautonomousregion", "uyghurautonomousregion", "zhuangautonomousregion", "huiautonomousregion",
                "autonomousregion", "municipality", "province", "zizhiqu", "sheng", "shi")
_PREFIXES = ("中国", "china,", "china")
_LIST_SEPARATORS = re.compile(r"[,，、;；\n]")


def split_names(value: str | Iterable[Any]) -> list[Any]:
    """A list of names as a person types it: ``"浙江,广东"``, ``"浙江、广东"``, ``"浙江，广东"`` (also ``;``) or
    a list already; blanks dropped."""
    if isinstance(value, str):
        return [v.strip() for v in _LIST_SEPARATORS.split(value) if v.strip()]
    return list(value)


def _name_forms(key: str) -> list[str]:
    """``key`` (normalised) without a country prefix and an administrative suffix, in the order to try."""
    forms = [key]
    for prefix in _PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            forms.append(key[len(prefix):])
    for form in list(forms):
        for suffix in _EN_SUFFIXES:
            if form.endswith(suffix) and len(form) > len(suffix):
                forms.append(form[: -len(suffix)])
                break
    return forms


def resolve_province(value: str | int | Province) -> Province:
    """Resolve a province given by Chinese (short or full) name, English name (any case, with or without
    "Province", "Municipality", "Autonomous Region"), pinyin with "Sheng"/"Shi", or six-digit code."""
    if isinstance(value, Province):
        return value
    index = _province_index()
    for key in _name_forms(_norm(value)):
        if key in index:
            return index[key]
    names = list(provinces()["zh"]) + list(provinces()["en"])
    raise UnknownRegionError(
        f"unknown province {value!r}.{_suggest(str(value), names)} "
        f"Use one of the 31 provincial-level divisions by Chinese name, English name or code (e.g. 黑龙江, "
        f"Heilongjiang, 230000).")


@lru_cache(maxsize=1)
def hlj_divisions() -> pd.DataFrame:
    """Heilongjiang's 13 prefecture-level divisions: ``zh`` (e.g. 哈尔滨市), ``short`` (哈尔滨), ``en``, ``code``."""
    from heilongjiang_newmedia.loading.datasets import load

    return divisions_table(load("hlj_cities"))


def divisions_table(cities: pd.DataFrame) -> pd.DataFrame:
    """The prefecture-level divisions of Heilongjiang in a loaded ``hlj_cities`` table (no I/O): ``zh``, ``short``
    (without 市/地区), ``en``, ``code``, sorted by code."""
    df = cities[(cities["admin_code"] // 10000 == 23) & (cities["admin_code"] % 10000 != 0)]
    rows = df.drop_duplicates("admin_code")[["city_zh", "city_en", "admin_code"]]
    out = pd.DataFrame({
        "zh": rows["city_zh"].astype(str),
        "short": rows["city_zh"].str.replace(r"(市|地区)$", "", regex=True),
        "en": rows["city_en"].astype(str),
        "code": rows["admin_code"].astype(int),
    }).sort_values("code").reset_index(drop=True)
    return out


def resolve_division(value: str | int) -> str:
    """Resolve a Heilongjiang prefecture-level division (哈尔滨, 哈尔滨市, Harbin, 230100) to its Chinese name."""
    key = _norm(value)
    for r in hlj_divisions().itertuples(index=False):
        if key in {_norm(r.zh), _norm(r.short), _norm(r.en), str(r.code)}:
            return r.zh
    names = list(hlj_divisions()["zh"]) + list(hlj_divisions()["en"])
    raise UnknownRegionError(f"unknown Heilongjiang division {value!r}.{_suggest(str(value), names)}")


@lru_cache(maxsize=1)
def countries() -> pd.DataFrame:
    """UN Member States as named in the UN E-Government Survey (bundled ``un_egdi`` table): ``iso3``, ``name``.

    A lookup for resolving parameters before anything runs, so it reads only the four columns it needs (about
    40 ms instead of 0.4 s for validating the whole 6 MB table); the table itself is validated wherever a chapter
    loads it, and by the test suite."""
    from heilongjiang_newmedia.loading.datasets import data_root, describe

    df = pd.read_csv(data_root() / describe("un_egdi")["path"], encoding="utf-8-sig", dtype=str,
                     usecols=["iso3", "country", "entity_type", "survey_year"], keep_default_na=False)
    df = df[df["entity_type"] == "country"].assign(survey_year=lambda d: d["survey_year"].astype(int))
    latest = df.sort_values("survey_year").drop_duplicates("iso3", keep="last")
    return (latest[["iso3", "country"]].rename(columns={"country": "name"})
            .sort_values("iso3").reset_index(drop=True))


def resolve_country(value: str) -> str:
    """Resolve a country given by ISO3 code (any case) or its UN English name to the ISO3 code."""
    table = countries()
    key = _norm(value)
    for r in table.itertuples(index=False):
        if key in (_norm(r.iso3), _norm(r.name)):
            return r.iso3
    extra = {"uk": "GBR", "unitedkingdom": "GBR", "usa": "USA", "us": "USA", "unitedstates": "USA",
             "korea": "KOR", "southkorea": "KOR", "china": "CHN"}
    if key in extra:
        return extra[key]
    names = list(table["iso3"]) + list(table["name"])
    raise UnknownRegionError(f"unknown country {value!r}.{_suggest(str(value).upper(), names)} "
                             f"Use an ISO3 code such as CHN, KOR, SGP.")
