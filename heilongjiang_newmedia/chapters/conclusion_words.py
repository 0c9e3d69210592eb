"""Chapter 7: small reader's-word helpers and the package tables the conclusion reads (countermeasures, problems,
thesis claims), kept apart from the prose so that :mod:`.conclusion_text` stays readable.

Everything here turns a recorded value into the words a reader sees (never a raw key): evidence strength of a
statement from the confidence of its sources, a rank with its convention, verdict labels for the claims audit,
grades of the Party School evaluation, inspection methods.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from heilongjiang_newmedia.text.wording import pick, rank

#: The package's own tables (the thesis's problems, countermeasures and claims).
DATA_TABLES = Path(__file__).resolve().parent / "data_tables"

__all__ = ["strength", "rank_text", "verdict_label", "grade_label", "check_label", "quarter_label",
           "countermeasures", "problem_causes", "claim_labels", "band", "VERDICT_ORDER", "practice_groups",
           "quarter_date", "cutoff", "city_name", "half", "ordinal_of", "region"]

#: Evidence strength of a conclusion statement, by the weakest confidence grade of the rows behind it.
STRENGTH = {"high": ("较强", "fairly strong"), "medium": ("中等", "moderate"), "low": ("较弱", "weak"),
            "": ("无数据", "no data")}


def strength(grade: str, lang: str) -> str:
    """``较强/中等/较弱/无数据`` (zh) or ``fairly strong/moderate/weak/no data`` (en) for a confidence grade."""
    zh, en = STRENGTH.get(grade, STRENGTH[""])
    return pick(lang, zh, en)


def rank_of(entry: Mapping[str, Any], field: str = "value") -> tuple[int | None, bool]:
    """``(rank, printed)`` of a recorded rank. The book's convention is competition ranking (1 + number ranked
    higher): an explicit ``rank_competition`` extra, or ``convention="competition"``, makes ``field`` (or that
    extra) a competition rank; ``convention`` "dense"/"printed", or a rank equal to a recorded ``rank_dense``, is
    the report's printed rank, to be labelled as such (``printed`` True). ``field`` other than ``value`` (e.g. a
    key city's ``rank``) without any convention recorded is taken as printed."""
    for k in ("rank_competition", "competition_rank"):
        if entry.get(k) is not None:
            return int(entry[k]), False
    v = entry.get(field)
    if v is None:
        return None, False
    v = int(v)
    conv = str(entry.get("convention") or entry.get("rank_convention") or "")
    if conv == "competition":
        return v, False
    printed = conv.startswith(("printed", "dense")) or \
        (entry.get("rank_dense") is not None and int(entry["rank_dense"]) == v) or (field != "value" and not conv)
    return v, printed


def rank_text(n: int, of: Any, printed: bool, lang: str) -> str:
    """``第25位（共31个）``; a printed (dense) rank as ``评估报告所列名次第23位（并列不跳号）``."""
    if printed:
        return pick(lang, f"评估报告所列名次第{n}位（并列不跳号）", f"{ordinal_of(n)} in the report's own dense ranking")
    return rank(n, of, lang)


def band(n: int, of: int, lang: str) -> str:
    """Where rank ``n`` of ``of`` lies: top, middle or bottom third."""
    third = n / of
    if third <= 1 / 3:
        return pick(lang, "前三分之一", "top third")
    if third <= 2 / 3:
        return pick(lang, "中间三分之一", "middle third")
    return pick(lang, "后三分之一", "bottom third")


#: Claims-audit verdicts (chapter 1), recognised by keywords of the recorded code, in order of strength.
_VERDICTS = (("contradict", ("与数据矛盾", "contradicted by the data"), "contradicted"),
             ("not found", ("未找到", "not found"), "untestable"),
             ("other", ("找到，但日期或口径不同", "found with another date or scope"), "qualified"),
             ("deriv", ("可由数据推算", "derivable from the data"), "qualified"),
             ("found", ("找到，数值、日期与口径一致", "found (same figure, date and scope)"), "supported"))
VERDICT_ORDER = ("supported", "qualified", "untestable", "contradicted")


def verdict_label(code: Any, lang: str, labels: Mapping[str, str] | None = None) -> tuple[str, str]:
    """``(reader's label, class)`` of a claims-audit verdict code; class is one of :data:`VERDICT_ORDER`.
    ``labels``: the chapter's own verdict labels (code -> words), preferred when given. An unknown code is shown as
    "(unclassified)" rather than printed raw."""
    s = str(code).lower().replace("_", " ")
    for word, (zh, en), cls in _VERDICTS:
        if word in s:
            return str((labels or {}).get(str(code)) or pick(lang, zh, en)), cls
    return pick(lang, "未归类", "unclassified"), "untestable"


_GRADES = {"非常高": "very high", "高": "high", "中": "medium", "低": "low", "非常低": "very low"}


def grade_label(grade: Any, lang: str) -> str:
    """An evaluation grade as printed by the Party School report (高/中/低), glossed in English."""
    g = str(grade or "")
    return g if lang == "zh" else _GRADES.get(g, g)


_CHECKS = {"全覆盖检查": "full-coverage check", "抽查": "sample check", "全面检查": "full check"}


def check_label(check: Any, lang: str) -> str:
    """An inspection method (全覆盖检查 / 抽查) in the reader's language."""
    c = str(check or "")
    return c if lang == "zh" else _CHECKS.get(c, "check")


def quarter_label(q: Any, lang: str) -> str:
    """``Q2`` -> ``第二季度`` / ``Q2``."""
    m = re.match(r"^Q([1-4])$", str(q or ""))
    if not m:
        return ""
    return pick(lang, "第" + "一二三四"[int(m.group(1)) - 1] + "季度", f"Q{m.group(1)}")


def countermeasures() -> pd.DataFrame:
    """The thesis's four countermeasures with the problem each answers (package table)."""
    return pd.read_csv(DATA_TABLES / "countermeasures.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def problem_causes(lang: str) -> dict[str, str]:
    """problem id -> the cause the book pairs with it (chapter 4's table; the mapping is the book's reading)."""
    t = pd.read_csv(DATA_TABLES.parent / "problems" / "tables" / "problems.csv", dtype=str, keep_default_na=False,
                    encoding="utf-8")
    col = "cause_zh" if lang == "zh" else "cause_en"
    return {r["problem_id"]: r[col] for _, r in t.drop_duplicates("problem_id").iterrows() if r.get(col)}


def claim_labels(lang: str) -> dict[str, str]:
    """claim id -> the thesis's claim as worded in its abstract (package table)."""
    t = pd.read_csv(DATA_TABLES.parent / "introduction" / "tables" / "thesis_claims.csv", dtype=str,
                    keep_default_na=False, encoding="utf-8")
    col = "claim_zh" if lang == "zh" else "abstract_excerpt"
    return dict(zip(t["claim_id"], t[col]))


#: Practice codes of chapter 5's lessons and aspect/evidence codes, in the reader's words (unknown codes are skipped).
PRACTICES = {"consolidation": ("平台集约化", "consolidation onto one platform"),
             "diversification": ("服务形式多样化", "more forms of service"),
             "one_stop": ("统一身份、一网通办", "one identity and one-stop services"),
             "registry": ("账号登记备案", "an account registry"),
             "interaction": ("互动回应", "interaction and response"),
             "institutions": ("制度建设", "rules and institutions")}


def practice_groups(lessons: Mapping[str, Any], lang: str) -> list[tuple[str, list[str]]]:
    """``[(practice in words, [places])]`` from chapter 5's ``lessons`` value (place -> practice code); places are
    provinces (Chinese names) or ISO3 country codes, named in ``lang``."""
    from heilongjiang_newmedia.loading.regions import resolve_province

    def place(p: str) -> str:
        if re.fullmatch(r"[A-Z]{3}", p):
            from heilongjiang_newmedia.text.wording import country

            return country(p, lang)
        try:
            return resolve_province(p).name(lang)
        except Exception:
            return p

    out: dict[str, list[str]] = {}
    for p, code in lessons.items():
        if code in PRACTICES:
            out.setdefault(pick(lang, *PRACTICES[code]), []).append(place(str(p)))
    return list(out.items())


REGIONS = {"东北": "Northeast", "东部": "East", "中部": "Centre", "西部": "West"}


def quarter_date(d: Any, lang: str) -> str:
    """``2024Q2`` -> ``2024年第二季度`` / ``2024 Q2``."""
    m = re.match(r"^(\d{4})\s*(Q[1-4])$", str(d or ""))
    if not m:
        return str(d or "")
    return pick(lang, f"{m.group(1)}年{quarter_label(m.group(2), lang)}", f"{m.group(1)} {m.group(2)}")


def cutoff(c: Any, lang: str) -> str:
    """A month ``2024-12`` as ``2024年12月`` / ``December 2024``."""
    s = str(c or "")
    if len(s) == 7 and s[4] == "-":
        return pick(lang, f"{s[:4]}年{int(s[5:])}月", f"{['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'][int(s[5:]) - 1]} {s[:4]}")
    return s


def city_name(city: Any, lang: str) -> str:
    """A key city's name in ``lang`` (English from the cited city table; the Chinese name when not found)."""
    c = str(city or "")
    if lang == "zh" or not c:
        return c
    try:
        from heilongjiang_newmedia.loading.datasets import load

        t = load("online_service_capability_cities")
        hit = t.loc[t["city_zh"].astype(str).str.rstrip("市") == c.rstrip("市"), "city_en"]
        return str(hit.iloc[0]) if len(hit) else c
    except Exception:
        return c


def half(ranks: tuple, n: Any, lang: str) -> str:
    """Where two ranks of ``n`` lie together: upper half, lower half, or around the middle."""
    if not n:
        return pick(lang, "中游附近", "middle")
    if all(int(r) > int(n) / 2 for r in ranks):
        return pick(lang, "下半区", "lower half")
    if all(int(r) <= int(n) / 2 for r in ranks):
        return pick(lang, "上半区", "upper half")
    return pick(lang, "中游附近", "middle")


def ordinal_of(n: Any) -> str:
    """``25`` -> ``25th`` ("" for a missing rank)."""
    from heilongjiang_newmedia.text.wording import ordinal

    return ordinal(int(n)) if n is not None else ""


def region(r: Any, lang: str) -> str:
    """An NBS region (东北/东部/中部/西部) in ``lang``."""
    r = str(r or "")
    return r if lang == "zh" else REGIONS.get(r, r)
