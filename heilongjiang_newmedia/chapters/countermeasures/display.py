"""Chapter 6's exhibits as display tables (labels from ``tables/labels.yaml``; verdict words from the one evidence
scale) and the printed form of baselines and targets."""
from __future__ import annotations

from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.countermeasures import monitoring as M
from heilongjiang_newmedia.chapters.countermeasures import practices as PR
from heilongjiang_newmedia.chapters.countermeasures.plan import labels
from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.text.filters import verdict_label

__all__ = ["problems_table", "monitoring_table", "practices_table", "baseline_text", "target_text", "period_text",
           "indicator_value", "shown_practices", "monitoring_rows", "monitoring_data"]


def _col(key: str, lang: str) -> str:
    return labels()["columns"][key][lang]


def period_text(year: Any, quarter: Any, lang: str) -> str:
    """``2024年第二季度`` / ``Q2 2024``."""
    return PR.date_text(f"{int(year)}{quarter}", lang)


def indicator_value(x: Any, unit: str, lang: str) -> str:
    """A monitoring value as printed: a percentage with two decimals at most (``98.75%``), or a whole count."""
    if W.is_missing(x):
        return W.missing(lang)
    return W.percent(x, lang) if unit == "percent" else W.count(x, lang)


def baseline_text(code: str, base: dict[str, Any] | None, lang: str) -> str:
    """The baseline cell: value and period (for the pass rate: new media, then websites), or the word for none."""
    cells = labels()["cells"]
    if base is None:
        return cells["no_baseline"][lang]
    unit = M.indicators()[code]["unit"]
    if code == "first_check_pass_rate":
        obj = labels()["objects"]
        sep = "；" if lang == "zh" else "; "
        parts = [f"{obj['new_media'][lang]}{'' if lang == 'zh' else ' '}{indicator_value(base['value'], unit, lang)}"
                 f"{_when(period_text(base['year'], base['quarter'], lang), lang)}"]
        if base.get("website") is not None:
            parts.append(f"{obj['website'][lang]}{'' if lang == 'zh' else ' '}"
                         f"{indicator_value(base['website'], unit, lang)}"
                         f"{_when(period_text(base['website_year'], base['website_quarter'], lang), lang)}")
        return sep.join(parts)
    return indicator_value(base["value"], unit, lang) + _when(PR.date_text(base["period"], lang), lang)


def _when(text: str, lang: str) -> str:
    return (f"（{text}）" if lang == "zh" else f" ({text})") if text else ""


def target_text(code: str, target: dict[str, Any], lang: str) -> str:
    """The target cell: the rule's value by the target year, or "set from the baseline" by the target year."""
    year = W.year(target["year"], lang)
    if target["value"] is None:
        return labels()["cells"]["after_baseline"][lang] + _when(year, lang)
    return indicator_value(target["value"], M.indicators()[code]["unit"], lang) + _when(year, lang)


def problems_table(res: Any, lang: str) -> pd.DataFrame:
    """Table 6-1: each countermeasure, the problem the book pairs it with, chapter 4's verdict on that problem with
    its independent observations for and against, and the cost of the measures (the book's assessment)."""
    lab = labels()
    rows = []
    for r in res.plan.sort_values("countermeasure_id").itertuples(index=False):
        e = res.problems[r.problem_id]
        rows.append([lab["countermeasures"][r.countermeasure_id][lang], lab["problems"][r.problem_id][lang],
                     verdict_label(e["verdict"], lang), f"{e['n_for']}／{e['n_against']}" if lang == "zh"
                     else f"{e['n_for']} / {e['n_against']}", lab["cost"][r.cost][lang]])
    cols = [_col(k, lang) for k in ("countermeasure", "problem", "verdict", "observations", "cost")]
    return pd.DataFrame(rows, columns=cols)


def monitoring_table(res: Any, lang: str) -> pd.DataFrame:
    """Table 6-2: each countermeasure's monitoring indicator, who publishes it and how often, baseline and target."""
    lab, ind = labels(), M.indicators()
    rows = []
    for r in res.plan.sort_values("countermeasure_id").itertuples(index=False):
        spec = ind[r.indicator]
        rows.append([lab["countermeasures"][r.countermeasure_id][lang], spec[lang], spec["publisher"][lang],
                     baseline_text(r.indicator, res.baselines[r.indicator], lang),
                     target_text(r.indicator, res.targets[r.indicator], lang)])
    cols = [_col(k, lang) for k in ("countermeasure", "indicator", "publisher", "baseline", "target")]
    return pd.DataFrame(rows, columns=cols)


def practices_table(res: Any, lang: str) -> pd.DataFrame:
    """Table 6-2: per countermeasure, each region chapter 5 records as having a documented practice for it, the
    practice that names it (a reform or rule before a figure about an account), and the date it refers to (the countermeasure on its first row only)."""
    lab = labels()
    s = PR.region_summary(res.practice_rows, lang)
    rows, last = [], None
    for r in s.itertuples(index=False):   # the countermeasure named on the first row of its group only
        name = lab["countermeasures"][r.countermeasure_id][lang] if r.countermeasure_id != last else ""
        last = r.countermeasure_id
        rows.append([name, r.name, r.practice, r.date or W.missing(lang)])
    cols = [_col(k, lang) for k in ("countermeasure", "region", "practice", "date")]
    return pd.DataFrame(rows, columns=cols)


def shown_practices(res: Any) -> pd.DataFrame:
    """The practice rows :func:`practices_table` shows: one per (countermeasure, region), :func:`.representative`."""
    r = res.practice_rows
    s = PR.region_summary(r, "en")
    shown = set(zip(s["countermeasure_id"], s["shown_id"]))
    return r[[(c, i) in shown for c, i in zip(r["countermeasure_id"], r["row_id"])]].reset_index(drop=True)


def monitoring_rows(res: Any) -> pd.DataFrame:
    """The data rows behind the baselines (pass rates, printed shares) and the origin of the two-week measure, with
    their citation columns: what the monitoring table cites."""
    rows = []
    for base in res.baselines.values():
        for k in ("row", "website_row"):
            if base is not None and base.get(k) is not None:
                rows.append(base[k][M.CITATION_COLUMNS])
    if res.criterion is not None:
        rows.append(res.criterion[M.CITATION_COLUMNS])
    return pd.DataFrame(rows, columns=M.CITATION_COLUMNS).drop_duplicates().reset_index(drop=True)


def monitoring_data(res: Any) -> pd.DataFrame:
    """The monitoring table as data: one row per countermeasure with its indicator code, baseline value and period,
    target value, kind and year."""
    out = []
    for r in res.plan.sort_values("countermeasure_id").itertuples(index=False):
        b, t = res.baselines[r.indicator], res.targets[r.indicator]
        period = None if b is None else (f"{b['year']}{b['quarter']}" if "quarter" in b else b.get("period"))
        out.append({"countermeasure_id": r.countermeasure_id, "indicator": r.indicator,
                    "baseline": None if b is None else b["value"], "baseline_period": period,
                    "baseline_website": None if b is None else b.get("website"), "target": t["value"],
                    "target_kind": t["kind"], "target_year": t["year"]})
    return pd.DataFrame(out)
