"""Chapter 3's tables on the platform base (service capability, key cities, other rankings) and the chapter's
"in numbers" table, in the reader's language (labels from ``tables/labels.yaml``)."""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from heilongjiang_newmedia.text import wording as W

from heilongjiang_newmedia.chapters.status.analysis import StatusResult, labels

__all__ = ["capability_position_table", "capability_other_table", "city_years_table", "other_table",
           "numbers_table", "metric_label", "grade_label"]


def _col(key: str, lang: str) -> str:
    return labels()["columns"][key][lang]


def grade_label(g: Any, lang: str) -> str:
    """A grade (as in the data, or a band code) in the report language; ``—`` when missing."""
    if g is None or (isinstance(g, float) and pd.isna(g)) or g is pd.NA:
        return "—"
    return labels()["grades"].get(str(g), {}).get(lang, str(g))


def capability_position_table(res: StatusResult, lang: str, leaders: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The province's 2019 capability position for display and as data (``key``, ``value``): score, competition and
    printed ranks, the leader's score (``leaders`` = their names in ``lang``), gaps [index points, reference - value,
    positive = behind], benchmark mean, distances to the 80 / 90 grade thresholds."""
    cp, rows_l = res.capability_pos, labels()["capability_rows"]
    keys = ["score", "rank", "rank_printed", "leader_value", "gap_to_leader", "mean", "gap_to_mean"]
    if "benchmark_mean" in cp:
        keys += ["benchmark_mean", "gap_to_benchmarks"]
    keys += ["gap_to_threshold_80", "gap_to_threshold_90"]
    values = [cp["value" if k == "score" else k] for k in keys]
    unit = labels()["points_unit"][lang]
    shown = [f"{v:.0f}" if k.startswith("rank") else f"{v:.2f}{unit}" for k, v in zip(keys, values)]
    table = pd.DataFrame({_col("item", lang): [rows_l[k][lang].format(leaders=leaders) for k in keys],
                          _col("value", lang): shown})
    return table, pd.DataFrame({"key": keys, "value": values})


def capability_other_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """Other evaluation years that name the province: year and result (a rank, or not in the printed top 10)."""
    co = res.capability_other
    res_l = labels()["results"]
    return pd.DataFrame({_col("year", lang): co["eval_year"].astype(str).to_numpy(),
                         _col("result", lang): [labels()["other_years"]["not_top10"][lang] if pd.isna(r)
                                                else res_l["rank"][lang].format(rank=int(r), ordinal=W.ordinal(int(r))) for r in co["rank"]]})


def city_years_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """The province's key cities by evaluation year: city, printed rank, score, grade (``—`` where not printed)."""
    c = res.city_years
    return pd.DataFrame({
        _col("year", lang): c["eval_year"].astype(str).to_numpy(),
        _col("city", lang): c["city_zh" if lang == "zh" else "city_en"].to_numpy(),
        _col("printed_rank", lang): ["—" if pd.isna(r) else
                                     labels()["results"]["rank"][lang].format(rank=int(r), ordinal=W.ordinal(int(r)))
                                     for r in c["rank"]],
        _col("score", lang): ["—" if pd.isna(v) else f"{v:.2f}" for v in c["score"]],
        _col("grade", lang): [grade_label(g, lang) for g in c["grade"]],
    })


def metric_label(m: Any, lang: str) -> str:
    """The measured item of an index row in the report language (``—`` when not recognised)."""
    hit = next((v for k, v in labels()["metrics"].items() if k in str(m)), None)
    return hit[lang] if hit else "—"


def _index_name(n: str, lang: str) -> str:
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", str(n))
    base, note = (m.group(1), m.group(2)) if m else (str(n), "")
    if lang == "zh":
        return base
    if base in W.NAMES_EN:
        return W.NAMES_EN[base]
    return note or W.name(base, "en", chinese=False)


def _result(r: Any, lang: str) -> str:
    res_l = labels()["results"]
    note = str(r.rank_note) if pd.notna(r.rank_note) else ""
    if pd.notna(r.rank):
        return res_l["tied" if "tied" in note else "rank"][lang].format(rank=int(r.rank), ordinal=W.ordinal(int(r.rank)))
    if pd.notna(r.value_as_printed):
        printed = str(r.value_as_printed)
        if lang == "zh":
            return printed
        if not re.search(r"[\u4e00-\u9fff]", printed):
            return res_l["as_printed_en"].format(value=printed)
        if printed in labels()["phrases_en"]:
            return labels()["phrases_en"][printed]
        if pd.notna(r.value_normalised):
            more = res_l["more_than_en"] if ("余" in printed or "超过" in printed) else ""
            unit = "" if pd.isna(r.unit) else str(r.unit)
            unit = unit[:-1] if r.value_normalised == 1 and unit.endswith("s") else unit
            return f"{more}{r.value_normalised:g} {unit}".strip()
        return res_l["in_words_en"]
    if pd.notna(r.tier) and re.search(r"[\u4e00-\u9fff]", str(r.tier)) and len(str(r.tier)) <= 4:
        tier = str(r.tier) if lang == "zh" else labels()["tiers_en"].get(str(r.tier), str(r.tier))
        return res_l["tier"][lang].format(tier=tier)
    return res_l["not_listed" if note.startswith("not") else "listed"][lang]


def other_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """Other indices placing the province or its cities: year, index, item, unit placed and result. A tie is worded
    "并列第n位" / "tied n" wherever it appears (N23)."""
    o = res.other
    lev = labels()["levels"]
    unit = [lev["province"][lang] if l == "province" else (r if lang == "zh" or pd.isna(re_) else re_)
            for l, r, re_ in zip(o["level"], o["region_zh"], o["region_en"])]
    return pd.DataFrame({_col("year", lang): [str(y).replace("-", "—" if lang == "zh" else "–") for y in o["eval_year"]],
                         _col("index", lang): [_index_name(n, lang) for n in o["index_name"]],
                         _col("item", lang): [metric_label(m, lang) for m in o["metric"]],
                         _col("unit_placed", lang): unit,
                         _col("result", lang): [_result(r, lang) for r in o.itertuples()]})


def numbers_table(items: Sequence[Mapping[str, Any]], exhibits: Sequence[Mapping[str, Any]], lang: str,
                  passage: Callable[..., Any], values: Mapping[str, Any]) -> pd.DataFrame:
    """The chapter in numbers: one row per item {key, exhibit (id)}: its label (``labels.yaml`` numbers), the value
    as the passage ``numbers.<key>`` prints it from the findings (``passage`` = the chapter's, given ``values``), and
    the number the exhibit received (``exhibits`` = the chapter's exhibits made so far)."""
    number = {x["id"]: x["number"] for x in exhibits}
    return pd.DataFrame({_col("item", lang): [labels()["numbers"][it["key"]][lang] for it in items],
                         _col("value", lang): [str(passage(f"numbers.{it['key']}", **values)) for it in items],
                         _col("see", lang): [number.get(it["exhibit"], "—") for it in items]})
