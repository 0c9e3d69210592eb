"""Chapter 6 as a plan: for each of the thesis's four countermeasures the problem it answers, concrete measures
(who, what, by when), what comparable provinces did (cited rows) and one monitoring indicator with a baseline and a
target.

Definitions
-----------
* *Monitoring indicator*: one measurable quantity per countermeasure. Its ``direction`` says which way is better
  (``"benefit"``: higher; ``"cost"``: lower). The *needed change* (:func:`needed_change`) is target − baseline: a
  positive change is an increase (提高), a negative one a decrease (降低); for a cost indicator whose baseline is
  above the target the needed change is therefore a decrease.
* *Baseline*: the latest value in the data for the province, with its year; missing when the data hold none (the
  plan then says so and leaves the target open instead of inventing one).
* *Target*: for the framework indicators the gap-to-target of :mod:`countermeasures` (benchmark mean, leader, ...);
  for the inspection pass rate after rectification the inspection standard itself (every account compliant, 100 %).
* *Data year*: the year of the most recent source date in the data the chapter reads; the target year must lie
  after it (:func:`check_target_year`).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from heilongjiang_newmedia.text import wording as W

QUARTER_ZH = {"Q1": "第一季度", "Q2": "第二季度", "Q3": "第三季度", "Q4": "第四季度"}
_PREFIX = ("index_name", "metric", "platform", "list_name")


def _match(df: pd.DataFrame, flt: Mapping[str, str]) -> pd.DataFrame:
    m = pd.Series(True, index=df.index)
    for col, val in flt.items():
        if col in _PREFIX:
            m &= df[col].astype(str).str.startswith(val)
        elif pd.api.types.is_numeric_dtype(df[col]):
            m &= pd.to_numeric(df[col], errors="coerce").eq(float(val))
        else:
            m &= df[col].astype(str).eq(str(val))
    return df[m]


def _num(x: Any) -> float:
    v = pd.to_numeric(pd.Series([x]), errors="coerce").iloc[0]
    return float(v) if pd.notna(v) else float("nan")


def _fill(r: pd.Series, lang: str) -> dict[str, Any]:
    rank = _num(r.get("rank"))
    q = str(r.get("quarter", ""))
    return {"rank": "" if pd.isna(rank) else int(rank), "rank_ord": "" if pd.isna(rank) else W.ordinal(int(rank)),
            "value": r.get("value_as_printed", ""), "score": W.score(_num(r.get("score")), lang),
            "num": W.count(_num(r.get("value")), lang), "year": r.get("year", r.get("eval_year", r.get("ref_period", ""))),
            "quarter": q, "quarter_zh": QUARTER_ZH.get(q, q),
            "pct": W.percent(_num(r.get("value_numeric", r.get("value"))), lang),
            "followers": W.count(_num(r.get("followers_normalised")), lang)}


def cited_facts(selectors: Iterable[tuple[str, Mapping[str, str], str, str]], data: Mapping[str, pd.DataFrame],
                lang: str) -> tuple[list[str], pd.DataFrame]:
    """Sentences filled from the first row each selector ``(dataset, filters, zh, en)`` matches, and those rows.
    (Moved here from chapter 5's old ``comparison_lessons``, which no longer exists; chapter 6's rewrite replaces it.)"""
    out, rows = [], []
    for ds, flt, zh, en in selectors:
        if ds not in data:
            continue
        hit = _match(data[ds], flt)
        if hit.empty:
            continue
        out.append(W.pick(lang, zh, en).format(**_fill(hit.iloc[0], lang)))
        rows.append(hit.iloc[[0]])
    return out, (pd.concat(rows, ignore_index=True) if rows else pd.DataFrame())


__all__ = ["MONITORING", "MEASURES", "needed_change", "change_phrase", "latest_source_year", "check_target_year",
           "monitoring_rows", "monitoring_table", "comparable_facts", "Monitor"]

#: Measures per countermeasure (who, what, by when). ``{y1}`` = the first full year after the data year,
#: ``{ty}`` = the target year. Text only: no figure is typed here.
MEASURES: dict[str, list[tuple[str, str]]] = {
    "CM1": [
        ("省政府办公厅（政务公开主管部门）牵头，{y1}年底前梳理高频政务服务事项，在省级政务发布账号和政务服务移动端提供查询、预约和办理入口，并与一网通办平台共用身份认证；",
         "The provincial General Office (in charge of government openness) leads: by the end of {y1}, list the most used services and give them query, booking and transaction entries on the provincial release accounts and the mobile service app, sharing one login with the one-stop (一网通办) platform;"),
        ("各市（地）政府和省直部门自{y1}年起把留言回复、在线咨询纳入账号日常运营，公开回复时限，按季度公布办结情况；",
         "city (prefecture) governments and provincial departments make replies to messages and online enquiries part of daily account operation from {y1}, publish reply deadlines and report completion every quarter;"),
        ("到{ty}年，使下文的监测指标达到并保持目标值。",
         "by {ty}, bring the monitoring indicator below to its target and keep it there."),
    ],
    "CM2": [
        ("省政府办公厅会同省委网信办，{y1}年底前完成政府网站和政务新媒体的集约化整合：网站迁入省级集约化平台，功能相近或长期不更新的账号关停、整合；",
         "The provincial General Office with the provincial Cyberspace Affairs Office completes consolidation by the end of {y1}: websites move onto the provincial shared platform, and duplicate or long-dormant accounts are closed or merged;"),
        ("省级平台统一提供栏目模板、内容管理和技术运维，消除空白栏目和不可用功能，新开账号须经备案；",
         "the provincial platform provides common column templates, content management and technical maintenance, removing blank columns and broken functions; new accounts must be registered;"),
        ("到{ty}年，使下文的监测指标达到并保持目标值。",
         "by {ty}, bring the monitoring indicator below to its target and keep it there."),
    ],
    "CM3": [
        ("省政府办公厅{y1}年修订政务新媒体管理办法，明确主管、主办单位的责任，规定开设、变更、注销的备案程序和内容更新、审核时限；",
         "In {y1} the provincial General Office revises the rules on government new media: responsibilities of the supervising and operating units, registration on opening, change and closure, and deadlines for updating and review;"),
        ("坚持每季度全覆盖检查，检查结果纳入各市（地）和省直部门的绩效考核，不合格账号限期整改并复查；",
         "keep the quarterly full-coverage inspection, count its results in the performance assessment of cities and provincial departments, and re-check failing accounts after a set deadline;"),
        ("到{ty}年，使下文的监测指标达到并保持目标值。",
         "by {ty}, bring the monitoring indicator below to its target and keep it there."),
    ],
    "CM4": [
        ("省委网信办会同省政府办公厅{y1}年建立政务新媒体账号安全制度：账号和登录权限集中登记管理，发布前审核，制定被盗用、误发的应急处置预案；",
         "In {y1} the provincial Cyberspace Affairs Office and General Office set up account-security rules: central registration of accounts and log-in rights, review before publication, and a response plan for hijacked accounts or erroneous posts;"),
        ("每年对运营人员开展网络安全和内容审核培训，设置技术与传播兼备的复合型岗位并建立留用激励；",
         "train operators every year in security and content review, and create posts for staff with both technical and communication skills, with incentives to keep them;"),
        ("{y1}年内建立下文监测指标的基线，到{ty}年达到依据基线设定的目标。",
         "establish a baseline for the monitoring indicator below in {y1} and reach a target set from it by {ty}."),
    ],
}


@dataclass(frozen=True)
class Monitor:
    """A monitoring indicator: label, unit and direction (benefit / cost)."""

    zh: str
    en: str
    unit_zh: str
    unit_en: str
    direction: str


#: One monitoring indicator per countermeasure. CM1/CM2 are framework indicators (the key is the indicator id);
#: CM3 is the province's new-media inspection pass rate after rectification; CM4 has no indicator in the data.
MONITORING: dict[str, tuple[str, Monitor]] = {
    "CM1": ("online_service_index_2019", Monitor("网上政务服务能力总体指数", "Online government service capability index",
                                                 "分", "points", "benefit")),
    "CM2": ("websites_per_million_2019", Monitor("每百万常住人口政府网站数", "Government websites per million residents",
                                                 "个/百万人", "per million residents", "cost")),
    "CM3": ("new_media_pass_rate_after_rectification",
            Monitor("政务新媒体检查整改后合格率", "New-media inspection pass rate after rectification", "%", "%", "benefit")),
    "CM4": ("security_protection_share",
            Monitor("通过等级保护测评的平台占比", "Share of platforms passing the graded security assessment", "%", "%", "benefit")),
}


def needed_change(baseline: float, target: float, direction: str) -> dict[str, Any]:
    """Change needed to move ``baseline`` to ``target``.

    Returns ``change`` (target − baseline, signed, indicator units), ``verb`` (``"increase"`` / ``"decrease"`` /
    ``"hold"`` when the target is already met in the indicator's direction) and ``met`` (bool). For a ``"cost"``
    indicator a baseline above the target needs a decrease; for a ``"benefit"`` one below it an increase.
    """
    if direction not in ("benefit", "cost"):
        raise ValueError(f"direction must be 'benefit' or 'cost', not {direction!r}")
    if baseline is None or target is None or not (np.isfinite(baseline) and np.isfinite(target)):
        return {"change": np.nan, "verb": None, "met": False}
    change = float(target) - float(baseline)
    met = change <= 0 if direction == "benefit" else change >= 0
    verb = "hold" if met else ("increase" if change > 0 else "decrease")
    return {"change": change, "verb": verb, "met": bool(met)}


def change_phrase(change: dict[str, Any], unit_zh: str, unit_en: str, lang: str, per_year: float | None = None,
                  digits: int = 2) -> str:
    """``提高15.93分`` / ``降低1.1个/百万人`` / ``increase by 15.93 points``; ``per_year`` adds the yearly pace."""
    v = change["verb"]
    if not isinstance(v, str):
        return W.missing(lang)
    if v == "hold":
        return W.pick(lang, "无需变化（已达到目标）", "none (target already met)")
    amount = W.score(abs(change["change"]), lang, digits)
    zh_verb, en_verb = ("提高", "increase by") if v == "increase" else ("降低", "decrease by")
    unit_z = "个百分点" if unit_zh == "%" else unit_zh
    unit_e = "percentage points" if unit_en == "%" else unit_en
    text = W.pick(lang, f"{zh_verb}{amount}{unit_z}", f"{en_verb} {amount} {unit_e}")
    if per_year is not None and np.isfinite(per_year) and per_year > 0:
        py = W.score(per_year, lang, digits)
        text += W.pick(lang, f"（每年约{py}{unit_z}）", f" (about {py} {unit_e} a year)")
    return text


def latest_source_year(frames: Iterable[pd.DataFrame]) -> int:
    """Year of the most recent ``source_date`` (``YYYY…``) in the given data frames: the data year of the chapter."""
    years = []
    for f in frames:
        if "source_date" in f.columns:
            y = pd.to_numeric(f["source_date"].astype(str).str[:4], errors="coerce").dropna()
            years += [int(y.max())] if len(y) else []
    if not years:
        raise ValueError("no source_date in the data; the data year is unknown")
    return max(years)


def check_target_year(target_year: int, data_year: int) -> None:
    """Raise ``ValueError`` (naming the parameter) unless the target year lies after the data year."""
    if int(target_year) <= int(data_year):
        raise ValueError(f"target_year {target_year} is not after the data year {data_year}: the target would "
                         "already be past; choose a later year")


def _pass_rate_after(hlj_quarterly: pd.DataFrame | None, province_zh: str) -> tuple[float, int | None, str | None]:
    """Latest new-media pass rate after rectification of the province (Heilongjiang data only)."""
    if hlj_quarterly is None or province_zh != "黑龙江":
        return np.nan, None, None
    q = hlj_quarterly[(hlj_quarterly["object"] == "new_media")
                      & (hlj_quarterly["measure"] == "pass_rate_after_rectification")].dropna(subset=["value_numeric"])
    if q.empty:
        return np.nan, None, None
    last = q.sort_values(["year", "quarter"]).iloc[-1]
    return float(last["value_numeric"]), int(last["year"]), str(last["quarter"])


def monitoring_rows(gaps: pd.DataFrame, province_zh: str, hlj_quarterly: pd.DataFrame | None,
                    target_year: int) -> pd.DataFrame:
    """One row per countermeasure: ``countermeasure_id``, ``indicator``, ``direction``, ``baseline``,
    ``baseline_year`` (and ``baseline_period`` for quarterly data), ``target``, ``target_kind`` (``gap`` = the
    chapter's gap-to-target, ``standard`` = the inspection standard, ``none``), ``target_year``, ``change``,
    ``verb`` and ``per_year`` (|change| / years from the baseline year to ``target_year``; NaN when met or unknown).
    ``gaps``: :func:`countermeasures.gap_to_target` for the province."""
    g = gaps.set_index("indicator") if len(gaps) else pd.DataFrame()
    rows = []
    for cm, (ind, mon) in MONITORING.items():
        base, by, period, tgt, kind = np.nan, None, None, np.nan, "none"
        if ind in getattr(g, "index", []):
            r = g.loc[ind]
            base = float(r["current"])
            by = None if pd.isna(r["data_year"]) else int(r["data_year"])
            tgt, kind = float(r["target_value"]), "gap"
        elif ind == "new_media_pass_rate_after_rectification":
            base, by, period = _pass_rate_after(hlj_quarterly, province_zh)
            if np.isfinite(base):
                tgt, kind = 100.0, "standard"
        ch = needed_change(base, tgt, mon.direction)
        yrs = (int(target_year) - by) if by is not None else None
        per = abs(ch["change"]) / yrs if (ch["verb"] in ("increase", "decrease") and yrs and yrs > 0) else np.nan
        rows.append({"countermeasure_id": cm, "indicator": ind, "direction": mon.direction, "baseline": base,
                     "baseline_year": by, "baseline_period": period, "target": tgt, "target_kind": kind,
                     "target_year": int(target_year), "change": ch["change"], "verb": ch["verb"], "per_year": per})
    out = pd.DataFrame(rows)
    out["baseline_year"] = out["baseline_year"].astype("Int64")
    return out


def _value(x: float, unit_zh: str, unit_en: str, lang: str) -> str:
    if x is None or not np.isfinite(x):
        return W.missing(lang)
    if unit_zh == "%":
        return W.percent(x, lang)
    s = W.score(x, lang)
    return W.pick(lang, f"{s}{unit_zh}", f"{s} {unit_en}")


def monitoring_table(rows: pd.DataFrame, cm_labels: Mapping[str, str], target_label: str, lang: str) -> pd.DataFrame:
    """Display table of :func:`monitoring_rows`: countermeasure, indicator, baseline (year), target (year; the
    column header names ``target_label``), change needed with a direction-aware verb. Five columns in ``lang``."""
    out = []
    for r in rows.itertuples():
        mon = MONITORING[r.countermeasure_id][1]
        by = None if pd.isna(r.baseline_year) else int(r.baseline_year)
        per = r.baseline_period if isinstance(r.baseline_period, str) else ""
        when = W.pick(lang, f"（{by}年{QUARTER_ZH.get(per, per)}）", f" ({by}{' ' + per if per else ''})") if by else ""
        base = _value(r.baseline, mon.unit_zh, mon.unit_en, lang) + (when if np.isfinite(r.baseline) else "")
        if r.target_kind == "none":
            tgt = W.pick(lang, "待基线建立后设定", "to be set once a baseline exists")
        else:
            src = W.pick(lang, f"{r.target_year}年", f"{r.target_year}") if r.target_kind == "gap" else W.pick(lang, "检查标准", "inspection standard")
            tgt = _value(r.target, mon.unit_zh, mon.unit_en, lang) + W.pick(lang, f"（{src}）", f" ({src})")
        chg = change_phrase({"change": r.change, "verb": r.verb}, mon.unit_zh, mon.unit_en, lang)
        out.append([cm_labels.get(r.countermeasure_id, r.countermeasure_id), W.pick(lang, mon.zh, mon.en), base, tgt, chg])
    cols = W.pick(lang, f"对策|监测指标|基线|目标（{target_label}）|需要的变化",
                  f"Countermeasure|Indicator|Baseline|Target ({target_label})|Change needed").split("|")
    return pd.DataFrame(out, columns=cols)


#: What comparable provinces did: selectors into the ranking and inspection data (dataset, column filters) with a
#: sentence template per language filled from the row (see :func:`comparison_lessons.cited_facts`).
COMPARABLE: dict[str, list[tuple[str, dict[str, str], str, str]]] = {
    "CM1": [("other_rankings", {"index_name": "政府电子服务能力指数", "region_zh": "广东", "metric": "provincial 双微"},
             "广东在南京大学《政府电子服务能力指数报告（2018）》的省级“双微”（微博和微信）指数中排第{rank}位",
             "Guangdong ranked {rank_ord} among provinces on the Weibo-plus-WeChat index of Nanjing University's Government E-Service Capability Index report (2018)"),
            ("other_rankings", {"index_name": "数字政府发展指数", "region_zh": "浙江", "metric": "sub-index item: 满意度"},
             "浙江在清华大学《2020数字政府发展指数报告》的“满意度”分项中排第{rank}位",
             "Zhejiang ranked {rank_ord} on the satisfaction item of Tsinghua University's 2020 Digital Government Development Index")],
    "CM2": [("benchmark_accounts", {"account_zh": "上海发布", "year": "2019", "platform": "weibo"},
             "上海以一个权威发布账号“上海发布”统一发声，2019年在人民日报政务微博影响力报告的党政新闻发布类中排第{rank}位",
             "Shanghai speaks through one authoritative release account, 上海发布 (Shanghai Release), ranked {rank_ord} among party and government release accounts in the People's Daily government-Weibo influence report of 2019"),
            ("other_rankings", {"index_name": "数字政府发展指数", "eval_year": "2020", "region_zh": "上海", "metric": "sub-index item: 平台管理"},
             "上海、浙江等省份被列入2020年数字政府发展指数“平台管理”得分最高的一组",
             "Shanghai, Zhejiang and other provinces were named in the top-scoring group for platform management in the 2020 Digital Government Development Index")],
    "CM3": [("other_rankings", {"index_name": "数字政府发展指数", "region_zh": "浙江", "metric": "sub-index: 制度体系"},
             "浙江在2020年数字政府发展指数的“制度体系”分项中排第{rank}位（{value}）",
             "Zhejiang ranked {rank_ord} on the institutional-system sub-index of the 2020 Digital Government Development Index ({score} points)"),
            ("comparator_provinces", {"region_zh": "广东", "object": "new_media", "measure": "pass_rate", "year": "2025", "quarter": "Q2"},
             "广东{year}年{quarter_zh}政务新媒体总体合格率为{pct}",
             "Guangdong's overall new-media pass rate in {year} {quarter} was {pct}")],
    "CM4": [],
}


def comparable_facts(cm: str, data: Mapping[str, pd.DataFrame], lang: str,
                     province: str | None = None) -> tuple[list[str], pd.DataFrame]:
    """Sentences on what comparable provinces did for countermeasure ``cm`` and the cited rows behind them
    (:func:`comparison_lessons.cited_facts`: selectors that match no row are skipped, nothing is invented).
    Facts about ``province`` itself (the focus province) are left out: it is not its own comparison."""
    sel = [x for x in COMPARABLE.get(cm, [])
           if province is None or (x[1].get("region_zh") != province and not x[2].startswith(province))]
    return cited_facts(sel, data, lang)
