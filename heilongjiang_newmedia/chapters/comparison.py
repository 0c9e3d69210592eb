"""Domestic comparison (chapter 5): the province against benchmark and peer provinces, the composite ranking of
all provinces (entropy weights + TOPSIS) with its weight sensitivity, and the NBS four-region view. The lessons
(documented practices, flagship accounts, the five aspects) are in :mod:`comparison_lessons`.

All functions are pure: DataFrames in, DataFrames out. The decision matrix is the framework's
``indicator_matrix()`` (rows = the 31 provinces by short Chinese name, columns = indicator ids) and
``directions`` maps each indicator to ``"benefit"`` (larger is better) or ``"cost"``.

Definitions:

* *Benchmark mean* / *peer mean*: unweighted mean of the named provinces that have a value for the indicator
  (``n_benchmarks`` / ``n_peers`` say how many); never filled in.
* *Rank*: among the provinces with a value, 1 = best in the indicator's direction; ties share the best rank.
* *Gap to benchmarks*: province value minus benchmark mean, in the indicator's own units (negative = below for a
  benefit indicator). ``better_than_benchmarks`` is direction-aware.
* *Composite*: entropy weights (:func:`mcda.entropy_weights`) on the indicators that every province has, then
  TOPSIS closeness (0-1, 1 = ideal). Indicators with a missing province are left out of the composite (listed in
  ``attrs["excluded"]``) because TOPSIS needs a complete matrix and nothing is imputed.
* *Sensitivity band*: best and worst rank of each province when each entropy weight in turn is raised and lowered
  by ``pct`` % (renormalised), :func:`mcda.weight_sensitivity`.
* *Direction check*: :func:`flipped_direction_ranking` recomputes the composite with one indicator's direction
  reversed (benefit <-> cost), for indicators whose direction is an interpretive choice (e.g. government websites
  per million residents, read in the framework as a cost indicator of consolidation, 集约化).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.methods import indicators, mcda
from heilongjiang_newmedia.loading.regions import NBS_REGION_ZH, NBS_REGIONS

__all__ = ["province_vs_groups", "Composite", "complete_columns", "composite_ranking", "flipped_direction_ranking",
           "weighted_score", "regional_view", "region_label", "composite_chart", "profile_chart", "profile_table",
           "regional_table"]

def _names(units: Iterable[Any]) -> list[str]:
    return [str(u) for u in units]


def _rank(col: pd.Series, direction: str) -> pd.Series:
    return indicators.rank(col, ascending=(direction == "cost"), na="drop")


def province_vs_groups(matrix: pd.DataFrame, directions: Mapping[str, str], province: str,
                       benchmarks: Iterable[str], peers: Iterable[str]) -> pd.DataFrame:
    """The province against benchmark and peer provinces on every indicator that covers them.

    An indicator is kept when the province and at least one benchmark or peer have a value. One row per
    indicator: ``indicator``, ``value`` (province), ``benchmark_mean``, ``n_benchmarks``, ``peer_mean``,
    ``n_peers``, ``gap_to_benchmarks`` (value − benchmark mean), ``better_than_benchmarks`` (direction-aware;
    missing when there is no benchmark value), ``rank`` (among provinces with a value, 1 = best in the
    indicator's direction), ``n`` (provinces with a value), ``leader`` and ``leader_value``. ``attrs["skipped"]``
    lists indicators left out and why (province has no value / no benchmark or peer has a value).
    A context variable (direction ``"none"``) is ranked largest-first and ``better_than_benchmarks`` is missing.
    """
    bench = [b for b in _names(benchmarks) if b != province]
    peer = [p for p in _names(peers) if p != province]
    rows, skipped = [], []
    for ind in matrix.columns:
        col = pd.to_numeric(matrix[ind], errors="coerce")
        d = directions.get(ind, "benefit")
        if province not in col.index or pd.isna(col.get(province)):
            skipped.append((ind, "province has no value"))
            continue
        b = col.reindex(bench).dropna()
        p = col.reindex(peer).dropna()
        if b.empty and p.empty:
            skipped.append((ind, "no benchmark or peer has a value"))
            continue
        v = float(col[province])
        r = _rank(col, d)
        best = col.dropna().min() if d == "cost" else col.dropna().max()
        gap = v - float(b.mean()) if not b.empty else float("nan")
        rows.append({
            "indicator": ind, "direction": d, "value": v,
            "benchmark_mean": float(b.mean()) if not b.empty else float("nan"), "n_benchmarks": len(b),
            "peer_mean": float(p.mean()) if not p.empty else float("nan"), "n_peers": len(p),
            "gap_to_benchmarks": gap,
            "better_than_benchmarks": (pd.NA if b.empty or d not in ("benefit", "cost")
                                       else bool(gap < 0 if d == "cost" else gap > 0)),
            "rank": int(r[province]), "n": int(col.notna().sum()),
            "leader": "; ".join(_names(col.index[col == best])), "leader_value": float(best),
        })
    out = pd.DataFrame(rows)
    out.attrs["skipped"] = skipped
    return out


@dataclass
class Composite:
    """Result of :func:`composite_ranking`."""

    ranking: pd.DataFrame          # index province; closeness, rank, min_rank, max_rank, n_rank_changes, region
    weights: pd.Series             # entropy weights of the indicators used (sum 1)
    matrix: pd.DataFrame           # the complete decision matrix used
    excluded: list[str] = field(default_factory=list)   # indicators left out (missing provinces)
    pct: float = 10.0
    directions: dict[str, str] = field(default_factory=dict)   # benefit / cost of the indicators used

    def of(self, province: str) -> dict[str, Any]:
        """The province's closeness, rank, sensitivity band and number of provinces ranked."""
        r = self.ranking.loc[province]
        return {"closeness": float(r["closeness"]), "rank": int(r["rank"]), "min_rank": int(r["min_rank"]),
                "max_rank": int(r["max_rank"]), "n": int(len(self.ranking)), "pct": self.pct,
                "n_indicators": int(len(self.weights))}


def complete_columns(matrix: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Numeric matrix restricted to indicators with a value for every row, and the list of those excluded."""
    m = matrix.apply(pd.to_numeric, errors="coerce").astype("float64")
    excluded = [c for c in m.columns if m[c].isna().any()]
    return m.drop(columns=excluded), excluded


def composite_ranking(matrix: pd.DataFrame, directions: Mapping[str, str], pct: float = 10,
                      regions: Mapping[str, str] | None = None) -> Composite:
    """Entropy-weight TOPSIS ranking of all provinces with a one-at-a-time weight-sensitivity band.

    Uses the indicators that every province has (see module docstring); raises ``ValueError`` if none remain.
    ``ranking`` columns: ``closeness`` (TOPSIS relative closeness, 0-1), ``rank`` (1 = best), ``min_rank`` /
    ``max_rank`` (best / worst rank when each weight is changed by ±``pct`` %), ``n_rank_changes`` and, when
    ``regions`` (province -> NBS region) is given, ``region``. Sorted by rank.
    """
    m, excluded = complete_columns(matrix)
    if m.shape[1] == 0:
        raise ValueError("no indicator has a value for every province; the composite cannot be computed")
    dirs = {c: directions.get(c, "benefit") for c in m.columns}
    w = mcda.entropy_weights(m, dirs)
    t = mcda.topsis(m, w, dirs)
    s = mcda.weight_sensitivity(m, w, dirs, pct=pct, method="topsis")
    out = t[["closeness", "rank"]].join(s[["min_rank", "max_rank", "n_rank_changes"]])
    if regions is not None:
        out["region"] = [regions.get(p) for p in out.index]
    out = out.sort_values(["rank", "closeness"], ascending=[True, False], kind="stable")
    out.index.name = "province"
    return Composite(ranking=out, weights=w, matrix=m, excluded=excluded, pct=float(pct), directions=dirs)


def flipped_direction_ranking(matrix: pd.DataFrame, directions: Mapping[str, str], indicator: str,
                              pct: float = 10, regions: Mapping[str, str] | None = None) -> Composite:
    """:func:`composite_ranking` with ``indicator``'s direction reversed (``"benefit"`` <-> ``"cost"``).

    Shows how much an interpretive direction choice drives the ranking (entropy weights are recomputed, since
    min-max normalisation depends on the direction). Raises ``KeyError`` if ``indicator`` is not a column of
    ``matrix`` and ``ValueError`` if its direction is neither benefit nor cost.
    """
    if indicator not in matrix.columns:
        raise KeyError(f"{indicator!r} is not a column of the matrix")
    d = dict(directions)
    cur = d.get(indicator, "benefit")
    if cur not in ("benefit", "cost"):
        raise ValueError(f"{indicator!r} has direction {cur!r}; only benefit/cost can be reversed")
    d[indicator] = "benefit" if cur == "cost" else "cost"
    return composite_ranking(matrix, d, pct=pct, regions=regions)


def regional_view(matrix: pd.DataFrame, closeness: pd.Series, regions: Mapping[str, str],
                  province: str) -> pd.DataFrame:
    """NBS four-region means of the TOPSIS closeness and of every indicator (``indicators.regional_aggregate``).

    Rows = regions (east, central, west, northeast); columns = ``closeness`` then the indicator ids, plus
    ``n_provinces`` (provinces with a closeness score) and ``is_province_region``.
    """
    cols = {"closeness": indicators.regional_aggregate(closeness, regions)}
    for c in matrix.columns:
        col = pd.to_numeric(matrix[c], errors="coerce")
        if col.notna().any():
            cols[c] = indicators.regional_aggregate(col.dropna(), regions).reindex(list(NBS_REGIONS))
    out = pd.DataFrame(cols).reindex([r for r in NBS_REGIONS if r in cols["closeness"].index])
    out["n_provinces"] = [cols["closeness"].attrs["n_units"].get(r, 0) for r in out.index]
    out["is_province_region"] = [r == regions.get(province) for r in out.index]
    return out


def region_label(region: str, lang: str = "zh") -> str:
    """``east`` -> 东部 / East."""
    return region.capitalize() if lang == "en" else NBS_REGION_ZH.get(region, region)


# ---------------------------------------------------------------------------------------------- charts
def weighted_score(comp: Composite) -> pd.DataFrame:
    """Chapter 2's composite on the same matrix and entropy weights: min-max normalised values (1 = best in the
    indicator's direction) weighted and summed, 0-1; ``score`` and its competition ``rank`` (1 = highest).
    Differs in level from the TOPSIS closeness (vector normalisation, distances to the best and worst profile)."""
    dirs = {c: "benefit" for c in comp.matrix.columns}
    dirs.update({c: d for c, d in getattr(comp, "directions", {}).items() if c in dirs})
    norm = mcda.normalize(comp.matrix, dirs).data
    score = (norm * comp.weights.reindex(norm.columns)).sum(axis=1)
    return pd.DataFrame({"score": score, "rank": indicators.rank(score, method="min")})


def composite_chart(ranking: pd.DataFrame, province: str, labels: Mapping[str, str] | None = None,
                    lang: str = "zh") -> Figure:
    """Horizontal bars of TOPSIS closeness for all provinces (best on top), the province highlighted, with its
    competition rank and the rank band from the weight sensitivity written next to its bar."""
    r = ranking.sort_values("closeness")
    fig, ax = plt.subplots(figsize=(6.3, 0.2 * len(r) + 1.0))
    colors = ["#c0392b" if p == province else "#8fa9c4" for p in r.index]
    names = [labels.get(p, p) if labels else p for p in r.index]
    ax.barh(names, r["closeness"], color=colors)
    if province in r.index:
        row = r.loc[province]
        band = (f"{W.ordinal(int(row['rank']))} of {len(r)} (band {int(row['min_rank'])}–{int(row['max_rank'])})" if lang == "en"
                else f"第{int(row['rank'])}位（区间{int(row['min_rank'])}–{int(row['max_rank'])}）")
        ax.text(float(row["closeness"]) + 0.01, list(r.index).index(province), band, va="center", fontsize=8)
    ax.set_xlabel("TOPSIS贴近度（0–1）" if lang != "en" else "TOPSIS closeness (0–1)", fontsize=9)
    ax.set_xlim(0, 1.15)
    ax.tick_params(axis="y", labelsize=8)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    return fig


def profile_chart(matrix: pd.DataFrame, directions: Mapping[str, str], province: str, benchmarks: Iterable[str],
                  peers: Iterable[str], indicators_: Iterable[str], labels: Mapping[str, str] | None = None,
                  unit_labels: Mapping[str, str] | None = None, lang: str = "zh") -> Figure:
    """Dot plot of the evaluated indicators only (direction benefit or cost; context variables such as population
    have no better or worse and are left out): per indicator (one row) the min-max position 0-1 among the provinces
    with a value (1 = best in the indicator's direction) of the province, each benchmark and each peer."""
    inds = [i for i in indicators_ if directions.get(i) in ("benefit", "cost")]
    fig, ax = plt.subplots(figsize=(6.3, 0.55 * len(inds) + 1.3))
    groups = [(province, "#c0392b", "o", 60)] + [(b, "#2e86c1", "s", 30) for b in _names(benchmarks)] + \
             [(p, "#27ae60", "^", 30) for p in _names(peers)]
    seen: set[str] = set()
    for y, ind in enumerate(inds):
        col = pd.to_numeric(matrix[ind], errors="coerce").dropna()
        lo, hi = float(col.min()), float(col.max())
        span = hi - lo
        for unit, color, marker, size in groups:
            if unit not in col.index:
                continue
            pos = 1.0 if span == 0 else (float(col[unit]) - lo) / span
            if directions.get(ind) == "cost":
                pos = 1.0 - pos
            kind = "province" if unit == province else ("benchmark" if unit in _names(benchmarks) else "peer")
            lab = {"province": (province, province), "benchmark": ("标杆省份", "benchmarks"),
                   "peer": ("邻近省份", "peers")}[kind][1 if lang == "en" else 0]
            if kind == "province" and labels:
                lab = labels.get(province, province)
            ax.scatter(pos, y, c=color, marker=marker, s=size, zorder=3 if kind == "province" else 2,
                       label=None if lab in seen else lab)
            seen.add(lab)
    ax.set_yticks(range(len(inds)))
    import textwrap

    def _wrap(t: str) -> str:      # zh: the parenthesis on its own line; en: wrap at 28 characters
        return t.replace("（", "\n（", 1) if lang != "en" and len(t) > 12 else textwrap.fill(t, 28)
    ax.set_yticklabels([_wrap((unit_labels or {}).get(i, i)) for i in inds], fontsize=8)
    ax.set_xlim(-0.05, 1.05)
    ax.invert_yaxis()
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel("在31个省份中的相对位置（0=最差，1=最好）" if lang != "en" else "position among the provinces (0 = worst, 1 = best)",
                  fontsize=9)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.28 - 0.05 / max(len(inds), 1)), ncol=3)
    fig.tight_layout()
    return fig


# ---------------------------------------------------------------------------------------------- display tables
def _fmt(x: Any, digits: int = 4) -> str:
    """Up to ``digits`` significant digits; large values (>= 10,000) in full with thousands separators."""
    if x is None or pd.isna(x):
        return "—"
    v = float(x)
    return f"{v:,.0f}" if abs(v) >= 1e4 else f"{v:.{digits}g}"


def _with_unit(x: Any, unit_zh: str, unit_en: str, lang: str) -> str:
    if x is None or pd.isna(x):
        return W.missing(lang)
    if unit_zh in ("%", "百分比"):
        return W.percent(x, lang)
    if unit_zh in ("人", "个") and abs(float(x)) >= 1e4:
        return W.count(x, lang, unit_zh, unit_en)
    v = float(x)
    s = W.pick(lang, f"{v:.0f}", f"{v:,.0f}") if abs(v) >= 1000 else W.score(v, lang, 2)
    return W.pick(lang, f"{s}{unit_zh}", f"{s} {unit_en}".strip())


def profile_table(profile: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "zh",
                  unit_labels: Mapping[str, str] | None = None,
                  units: Mapping[str, tuple[str, str]] | None = None) -> pd.DataFrame:
    """Display version of :func:`province_vs_groups`, six columns: indicator, province, benchmark mean, peer mean
    (values with units, 2 decimals), the province's competition rank (``第25位（共31个）``; context variables, which
    have no better or worse, show ``—``) and the best province. ``units``: indicator -> (zh unit, en unit);
    ``unit_labels`` maps province names (e.g. to English)."""
    en = lang == "en"
    labels, ul, units = dict(labels or {}), dict(unit_labels or {}), dict(units or {})
    rows = []
    for r in profile.itertuples():
        uz, ue = units.get(r.indicator, ("", ""))
        evaluated = r.direction in ("benefit", "cost")
        lead = "、".join(ul.get(x, x) for x in str(r.leader).split("; ")) if not en else \
            ", ".join(ul.get(x, x) for x in str(r.leader).split("; "))
        rows.append([labels.get(r.indicator, r.indicator), _with_unit(r.value, uz, ue, lang),
                     _with_unit(r.benchmark_mean, uz, ue, lang), _with_unit(r.peer_mean, uz, ue, lang),
                     W.rank(r.rank, r.n, lang) if evaluated else "—", lead if evaluated else "—"])
    cols = (["Indicator", "Province", "Benchmark mean", "Peer mean", "Province's rank", "Best"] if en
            else ["指标", "本省", "标杆省份均值", "邻近省份均值", "本省排名", "最优省份"])
    return pd.DataFrame(rows, columns=cols)


def regional_table(reg: pd.DataFrame, labels: Mapping[str, str] | None = None, lang: str = "zh") -> pd.DataFrame:
    """Display version of :func:`regional_view`: regions as rows (the province's region marked with *, explained
    in the exhibit note), values to 4 significant digits."""
    en = lang == "en"
    cols = [c for c in reg.columns if c not in ("n_provinces", "is_province_region")]
    out = pd.DataFrame(index=[region_label(r, lang) + ("*" if reg.at[r, "is_province_region"] else "")
                              for r in reg.index])
    out.index.name = "region" if en else "区域"
    out["provinces" if en else "省份数"] = reg["n_provinces"].to_numpy()
    for c in cols:
        name = ("TOPSIS closeness" if en else "TOPSIS贴近度") if c == "closeness" else (labels or {}).get(c, c)
        out[name] = [_fmt(v) for v in reg[c]]
    return out
