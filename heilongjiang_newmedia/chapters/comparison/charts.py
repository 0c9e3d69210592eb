"""Chapter 5's figures (matplotlib); axis labels and legends from ``tables/labels.yaml``."""
from __future__ import annotations

import textwrap
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from heilongjiang_newmedia.chapters.comparison.display import labels, place_name
from heilongjiang_newmedia.chapters.comparison.international import ITU_DEFINITION_CHANGE_YEAR
from heilongjiang_newmedia.text import wording as W

__all__ = ["profile_chart", "composite_chart", "egdi_chart", "components_chart", "itu_chart"]


def _c(key: str, lang: str) -> str:
    return labels()["charts"][key][lang]


def profile_chart(res: Any, lang: str) -> Figure:
    """Chapter 2's evaluation indicators only (background items are not evaluated): per indicator, the min-max
    position 0-1 among the provinces with a value (1 = best in its direction) of the province, each benchmark
    and each peer."""
    ev = res.profile[res.profile["evaluation"]]
    inds, dirs = list(ev["indicator"]), dict(zip(ev["indicator"], ev["direction"]))
    lab = dict(zip(res.framework["indicator_id"], res.framework["label_zh" if lang == "zh" else "label_en"]))
    fig, ax = plt.subplots(figsize=(6.3, 0.55 * len(inds) + 1.3))
    groups = [(res.province, "#c0392b", "o", 60, place_name(res.province, lang, res.names_en))] + \
             [(b, "#2e86c1", "s", 30, _c("benchmarks", lang)) for b in res.benchmarks] + \
             [(p, "#27ae60", "^", 30, _c("peers", lang)) for p in res.peers]
    seen: set[str] = set()
    for y, ind in enumerate(inds):
        col = pd.to_numeric(res.matrix[ind], errors="coerce").dropna()
        lo, span = float(col.min()), float(col.max() - col.min())
        for unit, color, marker, size, name in groups:
            if unit not in col.index:
                continue
            pos = 1.0 if span == 0 else (float(col[unit]) - lo) / span
            pos = 1.0 - pos if dirs[ind] == "cost" else pos
            ax.scatter(pos, y, c=color, marker=marker, s=size, zorder=3 if unit == res.province else 2,
                       label=None if name in seen else name)
            seen.add(name)
    ax.set_yticks(range(len(inds)))
    ax.set_yticklabels([lab[i].replace("（", "\n（", 1) if lang == "zh" and len(lab[i]) > 12
                        else textwrap.fill(lab[i], 28) for i in inds], fontsize=8)
    ax.set_xlim(-0.05, 1.05)
    ax.set_ylim(len(inds) - 0.5, -0.5)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlabel(_c("position", lang), fontsize=9)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3)
    fig.tight_layout()
    return fig


def composite_chart(res: Any, lang: str) -> Figure:
    """TOPSIS closeness of all provinces (best on top), the province highlighted with its rank and band."""
    r = res.comp.ranking.sort_values("closeness")
    fig, ax = plt.subplots(figsize=(6.3, 0.14 * len(r) + 0.8))
    ax.barh([place_name(p, lang, res.names_en) for p in r.index], r["closeness"],
            color=["#c0392b" if p == res.province else "#8fa9c4" for p in r.index])
    me = r.loc[res.province]
    band = labels()["charts"]["band_zh" if lang == "zh" else "band_en"].format(
        rank=int(me["rank"]) if lang == "zh" else W.ordinal(int(me["rank"])), n=len(r), lo=int(me["min_rank"]),
        hi=int(me["max_rank"]))
    ax.text(float(me["closeness"]) + 0.01, list(r.index).index(res.province), band, va="center", fontsize=8)
    ax.set_xlabel(_c("closeness", lang), fontsize=9)
    ax.set_xlim(0, 1.15)
    ax.tick_params(labelsize=8)
    fig.tight_layout()
    return fig


def egdi_chart(res: Any, lang: str) -> Figure:
    """EGDI value (0-1) and published rank (log scale, inverted) by edition, one line per country."""
    trend = res.trend
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(6.3, 3.4))
    for iso, part in trend.groupby("iso3", sort=True):
        part = part.sort_values("survey_year")
        lw, z = (2.6, 3) if iso == "CHN" else (1.2, 2)
        a1.plot(part["survey_year"], part["value"], marker="o", lw=lw, zorder=z, label=W.country(iso, lang))
        rk = part.dropna(subset=["rank"])
        a2.plot(rk["survey_year"], rk["rank"].astype(float), marker="o", lw=lw, zorder=z, label=W.country(iso, lang))
    a2.set_ylabel(_c("egdi_rank", lang), fontsize=9)
    a2.set_yscale("log")
    a2.set_yticks([1, 2, 5, 10, 20, 50, 100])
    a2.set_yticklabels(["1", "2", "5", "10", "20", "50", "100"])
    a2.invert_yaxis()
    a1.set_ylabel(_c("egdi", lang), fontsize=9)
    for a in (a1, a2):
        a.set_xticks(sorted(trend["survey_year"].unique())[::2])
        a.tick_params(labelsize=8)
    h, lab = a2.get_legend_handles_labels()
    fig.legend(h, lab, frameon=False, fontsize=8, loc="lower center", ncol=min(len(lab), 7))
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


def components_chart(res: Any, lang: str) -> Figure:
    """Grouped bars: each UN index of the latest edition by country; China with a dark edge."""
    wide = res.wide
    fig, ax = plt.subplots(figsize=(6.3, 3.4))
    n = len(wide.index)
    width = 0.8 / max(n, 1)
    for k, iso in enumerate(wide.index):
        xs = [j + (k - (n - 1) / 2) * width for j in range(len(wide.columns))]
        ax.bar(xs, wide.loc[iso].to_numpy(dtype=float), width=width, label=W.country(iso, lang),
               edgecolor="black" if iso == "CHN" else "none", linewidth=1.4 if iso == "CHN" else 0)
    ax.set_xticks(range(len(wide.columns)))
    ax.set_xticklabels([c.upper() for c in wide.columns])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel(_c("index", lang), fontsize=9)
    ax.tick_params(labelsize=8)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=min(n, 7))
    fig.tight_layout()
    return fig


def itu_chart(res: Any, lang: str) -> Figure:
    """Left: the OWID copy of the ITU series (one vintage); right: China's ITU DataHub series, the years before
    and from the definition change drawn as separate lines."""
    owid, hub = res.itu["owid"], res.itu["itu"]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(6.3, 3.4), gridspec_kw={"width_ratios": [3, 2]})
    for iso, part in owid.groupby("iso3", sort=True):
        a1.plot(part["year"], part["value"], lw=2.6 if iso == "CHN" else 1.1, marker="." if iso == "CHN" else None,
                label=W.country(iso, lang))
    a1.set_ylabel(_c("itu_share", lang), fontsize=9)
    a1.set_title(_c("itu_owid", lang), fontsize=9)
    a1.legend(frameon=False, fontsize=8, ncol=2)
    f = hub[(hub["iso3"] == "CHN") & hub["series"].isin(["before", "new_definition"])]
    for s, part in f.groupby("series", sort=False):
        a2.plot(part["year"], part["value"], marker="o", lw=1.8, label=_c("itu_before" if s == "before" else "itu_new", lang))
    if not f.empty:
        a2.axvline(ITU_DEFINITION_CHANGE_YEAR - 0.5, color="grey", ls="--", lw=1)
        a2.text(ITU_DEFINITION_CHANGE_YEAR - 0.6, float(f["value"].min()), _c("itu_change", lang), rotation=90,
                va="bottom", ha="right", fontsize=8, color="grey")
        a2.legend(frameon=False, fontsize=8, loc="upper left")
    a2.set_title(_c("itu_hub", lang) + W.country("CHN", lang), fontsize=9)
    for a in (a1, a2):
        a.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=5))
        a.tick_params(labelsize=8)
    fig.tight_layout()
    return fig
