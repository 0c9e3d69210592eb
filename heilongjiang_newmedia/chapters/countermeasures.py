"""Chapter 6 (对策建议): the thesis's four countermeasures, gap-to-target figures and the priority arithmetic
(kept as a check: with at most one comparable indicator per countermeasure the chapter does not rank by it; the
plan itself is in :mod:`countermeasures_plan`).

Definitions
-----------
Gap to target (:func:`gap_to_target`), per framework indicator with a value for the province:

* ``target`` is one of

  - ``"benchmark_mean"``: mean of the benchmark provinces with a value (the province itself left out);
  - ``"leader"``: best value among all provinces (max for benefit indicators, min for cost indicators);
  - ``"national_mean"``: unweighted mean of all provinces with a value (the province included);
  - ``"grade_90"`` / ``"grade_80"``: the 90 / 80 point bands of the Party School evaluation (非常高 > 90,
    高 80–90). Defined only for indicators on that 0–100 index scale (``grade_scale``); other indicators get
    status ``no_target``.
* ``gap`` = target − current for benefit indicators, current − target for cost indicators, in indicator
  units; positive = improvement needed; ≤ 0 = target already reached (status ``reached``).
* ``years_remaining`` = ``target_year`` − data year of the indicator.
* ``per_year`` = gap / years_remaining: the **linear** improvement per year needed to close the gap by
  ``target_year`` (a straight-line requirement, not a forecast); 0 when the target is reached; NaN when
  ``years_remaining`` ≤ 0 (status ``target_year_passed``).

Priority (:func:`priorities`):

* normalised gap ``ng_j = max(gap_j, 0) / (max_j − min_j)`` where max/min run over all provinces with a value
  (so gaps on different units are comparable, 0–1);
* importance ``w_j`` = framework weights (entropy weights by default), or any other importance passed in
  ``importance`` (the seam for later survey / IPA results; renormalised to sum 1 over the indicators used);
* indicator score ``s_j = w_j × ng_j``; countermeasure priority = Σ of ``s_j`` over the indicators mapped to
  it (mapping: indicator → framework dimension → ``problems.csv`` evidence row → problem → countermeasure);
  rank 1 = highest priority.

Sensitivity (:func:`priority_sensitivity`): the same one-at-a-time approach as ``mcda.weight_sensitivity``:
each weight multiplied by ``1 ± pct/100`` (default 10 %), all weights renormalised to 1, priorities and ranks
recomputed (2m scenarios for m indicators).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from heilongjiang_newmedia.loading.regions import resolve_province

DATA_TABLES = Path(__file__).resolve().parent / "data_tables"

TARGETS = ("benchmark_mean", "leader", "national_mean", "grade_90", "grade_80")
GRADE_THRESHOLDS = {"grade_90": 90.0, "grade_80": 80.0}
TARGET_LABELS = {
    "benchmark_mean": ("标杆省份均值", "benchmark mean"),
    "leader": ("全国最优值", "leader (best province)"),
    "national_mean": ("全国各省均值", "mean of all provinces"),
    "grade_90": ("90分（非常高）档", "90-point band (very high)"),
    "grade_80": ("80分（高）档", "80-point band (high)"),
}


def countermeasure_table() -> pd.DataFrame:
    """The thesis's four countermeasures (``data_tables/countermeasures.csv``), with the problems each addresses."""
    return pd.read_csv(DATA_TABLES / "countermeasures.csv", dtype=str, keep_default_na=False, encoding="utf-8")


def validate_target(target: str, target_year: Any) -> None:
    """Raise ``ValueError`` for a target outside :data:`TARGETS` or a non-integer target year."""
    if target not in TARGETS:
        raise ValueError(f"target must be one of {TARGETS}, got {target!r}")
    if isinstance(target_year, bool) or not isinstance(target_year, (int, np.integer)):
        raise ValueError(f"target_year must be an integer year, got {target_year!r}")


def _target(col: pd.Series, province: str, bench: list[str], target: str, direction: str,
            on_grade_scale: bool) -> float:
    s = col.dropna()
    if target == "benchmark_mean":
        b = s.reindex([x for x in bench if x != province]).dropna()
        return float(b.mean()) if len(b) else np.nan
    if target == "leader":
        if s.empty:
            return np.nan
        return float(s.min() if direction == "cost" else s.max())
    if target == "national_mean":
        return float(s.mean()) if len(s) else np.nan
    if not on_grade_scale:
        return np.nan
    return GRADE_THRESHOLDS[target]


def gap_to_target(matrix: pd.DataFrame, province: Any, benchmarks: Iterable[Any], target: str, target_year: int,
                  data_years: Mapping[str, int], directions: Mapping[str, str] | None = None,
                  grade_scale: Iterable[str] = ()) -> pd.DataFrame:
    """Gap-to-target table, one row per indicator (column of ``matrix``) with a value for the province.

    ``matrix``: index = province short name, columns = indicator ids (indicator units).
    ``data_years``: indicator → year the values refer to. ``directions``: indicator → benefit/cost.
    ``grade_scale``: indicators on the 0–100 Party School index scale (grade targets apply to them only).
    Columns: ``indicator``, ``data_year``, ``current``, ``target_value``, ``gap``, ``years_remaining``,
    ``per_year`` and ``status`` (``to_close`` / ``reached`` / ``no_target`` / ``target_year_passed``).
    """
    validate_target(target, target_year)
    p = resolve_province(province).zh
    bench = [resolve_province(b).zh for b in benchmarks]
    dirs = dict(directions or {})
    grade = set(grade_scale)
    rows = []
    for ind in matrix.columns:
        col = pd.to_numeric(matrix[ind], errors="coerce")
        cur = float(col.get(p, np.nan))
        if not np.isfinite(cur):
            continue
        d = dirs.get(ind, "benefit")
        tv = _target(col, p, bench, target, d, ind in grade)
        year = data_years.get(ind)
        yrs = int(target_year) - int(year) if year is not None and not pd.isna(year) else None
        if not np.isfinite(tv):
            gap, per, status = np.nan, np.nan, "no_target"
        else:
            gap = (cur - tv) if d == "cost" else (tv - cur)
            if gap <= 0:
                per, status = 0.0, "reached"
            elif yrs is None or yrs <= 0:
                per, status = np.nan, "target_year_passed"
            else:
                per, status = gap / yrs, "to_close"
        rows.append({"indicator": ind, "data_year": None if year is None else int(year), "current": cur,
                     "target_value": tv, "gap": gap, "years_remaining": yrs, "per_year": per, "status": status})
    out = pd.DataFrame(rows, columns=["indicator", "data_year", "current", "target_value", "gap",
                                      "years_remaining", "per_year", "status"])
    out["data_year"] = out["data_year"].astype("Int64")
    out["years_remaining"] = out["years_remaining"].astype("Int64")
    out.attrs = {"target": target, "target_year": int(target_year), "province": p}
    return out


def indicator_ranges(matrix: pd.DataFrame) -> pd.Series:
    """Range (max − min over provinces with a value) of every indicator, in indicator units."""
    m = matrix.apply(pd.to_numeric, errors="coerce")
    return (m.max() - m.min()).rename("range")


def indicator_countermeasures(framework: pd.DataFrame, table: pd.DataFrame | None = None) -> pd.Series:
    """Indicator → countermeasure id, via the ``framework_indicators`` column of ``problems.csv`` (indicator ids
    or ``dimension:<name>`` refs, resolved against the framework table). The first evidence row naming an
    indicator wins. An indicator named by no row is left out (it has no countermeasure in the thesis's scheme).
    """
    from heilongjiang_newmedia.chapters.problems import indicators_for_ref, problem_table

    t = problem_table() if table is None else table
    col = "framework_indicators" if "framework_indicators" in t.columns else "evidence_ref"
    out: dict[str, str] = {}
    for _, r in t.iterrows():
        if col == "evidence_ref" and r["evidence_kind"] != "indicator":
            continue
        for ind in indicators_for_ref(r[col], framework):
            out.setdefault(ind, r["countermeasure_id"])
    return pd.Series(out, name="countermeasure_id", dtype="str")


def indicator_scores(gaps: pd.DataFrame, weights: pd.Series, ranges: pd.Series,
                     importance: pd.Series | None = None) -> pd.DataFrame:
    """Per-indicator priority scores: ``weight`` (importance renormalised over the indicators in ``gaps``),
    ``norm_gap`` = max(gap, 0) / range (0 where the target is reached, undefined or the range is 0) and
    ``score`` = weight × norm_gap.

    ``importance``: optional replacement for the framework ``weights`` (e.g. survey / IPA importance per
    indicator, when available); indicators it does not cover get weight 0.
    """
    w = (importance if importance is not None else weights).astype("float64")
    g = gaps.set_index("indicator")
    w = w.reindex(g.index).fillna(0.0)
    if w.sum() > 0:
        w = w / w.sum()
    rng = ranges.reindex(g.index).astype("float64")
    ng = (g["gap"].clip(lower=0) / rng.where(rng > 0)).fillna(0.0)
    out = pd.DataFrame({"weight": w, "norm_gap": ng, "score": w * ng})
    out.index.name = "indicator"
    return out


def _cm_priority(scores: pd.Series, mapping: pd.Series, cms: list[str]) -> pd.Series:
    m = mapping.reindex(scores.index)
    pr = scores.groupby(m).sum() if m.notna().any() else pd.Series(dtype="float64")
    return pr.reindex(cms).fillna(0.0)


def _rank(s: pd.Series) -> pd.Series:
    return s.rank(method="min", ascending=False).astype("int64")


def priorities(gaps: pd.DataFrame, weights: pd.Series, ranges: pd.Series, mapping: pd.Series,
               importance: pd.Series | None = None, lang: str = "zh") -> pd.DataFrame:
    """Countermeasure priority = Σ (importance × normalised gap) over the indicators mapped to it.

    Returns one row per countermeasure (all four, 0 where no mapped indicator has a gap): ``countermeasure_id``,
    ``countermeasure`` (label in ``lang``), ``n_indicators`` (mapped indicators with a gap figure),
    ``priority`` and ``rank`` (1 = highest; ties share the best rank).
    """
    cm = countermeasure_table()
    ids = list(cm["countermeasure_id"])
    sc = indicator_scores(gaps, weights, ranges, importance)
    pr = _cm_priority(sc["score"], mapping, ids)
    used = mapping.reindex(gaps.loc[gaps["gap"].notna(), "indicator"]).dropna()
    n = used.value_counts().reindex(ids).fillna(0).astype("int64")
    out = pd.DataFrame({"countermeasure_id": ids,
                        "countermeasure": list(cm[f"countermeasure_{lang}"]),
                        "n_indicators": n.to_numpy(), "priority": pr.to_numpy()})
    out["rank"] = _rank(out["priority"]).to_numpy()
    return out


def priority_sensitivity(gaps: pd.DataFrame, weights: pd.Series, ranges: pd.Series, mapping: pd.Series,
                         pct: float = 10, importance: pd.Series | None = None) -> pd.DataFrame:
    """One-at-a-time ±``pct`` % weight perturbation of the countermeasure priority order.

    One row per countermeasure: ``base_rank``, ``min_rank`` (best reached), ``max_rank`` (worst),
    ``n_rank_changes`` (scenarios whose rank differs from the base) and ``n_scenarios``.
    ``attrs["order_stable"]`` is True when no scenario changes any rank; ``attrs["scenarios"]`` is the
    scenario-level table (indicator, sign, countermeasure_id, priority, rank).
    """
    cm_ids = list(countermeasure_table()["countermeasure_id"])
    sc = indicator_scores(gaps, weights, ranges, importance)
    w0, ng = sc["weight"], sc["norm_gap"]
    base = _rank(_cm_priority(w0 * ng, mapping, cm_ids))
    recs = []
    for ind in w0.index:
        for sign in (+1, -1):
            w = w0.copy()
            w.loc[ind] = max(w.loc[ind] * (1 + sign * pct / 100.0), 0.0)
            if w.sum() > 0:
                w = w / w.sum()
            pr = _cm_priority(w * ng, mapping, cm_ids)
            rk = _rank(pr)
            for c in cm_ids:
                recs.append({"indicator": ind, "sign": "+" if sign > 0 else "-", "countermeasure_id": c,
                             "priority": float(pr[c]), "rank": int(rk[c])})
    long = pd.DataFrame(recs, columns=["indicator", "sign", "countermeasure_id", "priority", "rank"])
    n_sc = 2 * len(w0)
    rows = []
    for c in cm_ids:
        r = long.loc[long["countermeasure_id"] == c, "rank"]
        b = int(base[c])
        rows.append({"countermeasure_id": c, "base_rank": b,
                     "min_rank": int(min([b, *r])), "max_rank": int(max([b, *r])),
                     "n_rank_changes": int((r != b).sum()), "n_scenarios": n_sc})
    out = pd.DataFrame(rows)
    out.attrs = {"pct": pct, "order_stable": bool((out["n_rank_changes"] == 0).all()), "scenarios": long}
    return out


# ----------------------------------------------------------------------------------------------- display
def rating_label(rating: str, lang: str = "zh") -> str:
    """Chapter 4's label of an evidence rating in ``lang`` (the raw code when chapter 4 has no label for it)."""
    from heilongjiang_newmedia.chapters.problems import RATING_LABELS

    zh, en = RATING_LABELS.get(rating, (rating, rating))
    return zh if lang == "zh" else en


def problem_evidence(table: pd.DataFrame, ratings: pd.DataFrame) -> pd.DataFrame:
    """One row per countermeasure: ``countermeasure_id``, ``problem_id``, problem and cause names (zh/en) and
    chapter 4's ``rating`` with its counts (``n_items``, ``n_gap``; missing when chapter 4 does not report them)."""
    probs = table.drop_duplicates("problem_id").set_index("countermeasure_id")
    rt = ratings.set_index("problem_id")
    rows = []
    for cm in countermeasure_table()["countermeasure_id"]:
        pr = probs.loc[cm]
        r = rt.loc[pr["problem_id"]] if pr["problem_id"] in rt.index else pd.Series(dtype=object)
        rows.append({"countermeasure_id": cm, "problem_id": pr["problem_id"], "problem_zh": pr["problem_zh"],
                     "problem_en": pr["problem_en"], "cause_zh": pr.get("cause_zh", ""), "cause_en": pr.get("cause_en", ""),
                     "rating": r.get("rating"), "n_items": r.get("n_items"), "n_gap": r.get("n_gap")})
    return pd.DataFrame(rows)


def countermeasure_evidence(table: pd.DataFrame, ratings: pd.DataFrame, indicator_gaps: pd.DataFrame,
                            mapping: pd.Series, lang: str = "zh",
                            labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Compact display table, one row per countermeasure: the countermeasure, the problem it answers, chapter 4's
    evidence rating of that problem, and on how many mapped framework indicators with data the province is behind
    the benchmark mean ("1/1"; "无可比指标" / "no comparable indicator" when none has data). Four columns."""
    i = 0 if lang == "zh" else 1
    cm = countermeasure_table()
    pe = problem_evidence(table, ratings).set_index("countermeasure_id")
    ig = indicator_gaps.set_index("indicator") if len(indicator_gaps) else indicator_gaps
    rows = []
    for r in cm.itertuples():
        inds = [k for k, v in mapping.items() if v == r.countermeasure_id]
        with_data = [k for k in inds if len(ig) and k in ig.index and bool(ig.loc[k, "has_data"])]
        behind = [k for k in with_data if bool(ig.loc[k, "behind"])]
        p = pe.loc[r.countermeasure_id]
        rows.append({
            ("对策", "Countermeasure")[i]: getattr(r, f"countermeasure_{lang}"),
            ("针对的问题", "Problem addressed")[i]: p[f"problem_{lang}"],
            ("第四章证据评级", "Chapter 4 rating")[i]: rating_label(p["rating"], lang) if isinstance(p["rating"], str) else "—",
            ("落后于标杆的可比指标", "Comparable indicators behind benchmarks")[i]:
                f"{len(behind)}/{len(with_data)}" if with_data else ("无可比指标", "no comparable indicator")[i],
        })
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------- framework helpers
def data_years(framework: pd.DataFrame, ids: Iterable[str]) -> dict[str, int | None]:
    """``{indicator_id: year}`` from the framework's ``year`` column (a single 4-digit year; ranges or empty -> None)."""
    y = dict(zip(framework["indicator_id"], framework["year"].astype(str)))
    return {i: (int(y[i]) if i in y and y[i].isdigit() and len(y[i]) == 4 else None) for i in ids}


def grade_scale_ids(framework: pd.DataFrame) -> list[str]:
    """Indicators on the Party School 0–100 capability scale (dataset ``online_service_capability*``), the only
    ones to which the 90 / 80 grade-band targets apply."""
    ds = framework["dataset"].astype(str)
    return framework.loc[ds.str.startswith("online_service_capability"), "indicator_id"].tolist()
