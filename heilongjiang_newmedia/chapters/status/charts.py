"""Chapter 3's charts (matplotlib figures; axis words from ``tables/labels.yaml``, names passed in)."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from heilongjiang_newmedia.chapters.status.analysis import StatusResult, labels
from heilongjiang_newmedia.chapters.status.data import GRADE_THRESHOLDS

__all__ = ["bar_highlight", "websites_chart", "per_million_chart", "capability_chart", "key_cities_chart",
           "national_chart"]

HIGHLIGHT, BASE, BENCH = "#c0392b", "#9bb3cc", "#e3a857"
FIG_W = 6.3   # A4 text width, inches


def bar_highlight(values: pd.Series, highlight: Iterable[str] = (), xlabel: str = "",
                  names: Mapping[str, str] | None = None, secondary: Iterable[str] = (), fmt: str = "{:,.0f}",
                  lines: Mapping[str, float] | None = None, xlim: tuple[float, float] | None = None) -> Figure:
    """Horizontal bars, largest on top; ``highlight`` units in red with their value printed, ``secondary`` units
    (benchmarks) in amber; dashed reference ``lines`` {label: x}. A value label that would sit on a reference line
    is printed inside its bar instead (N22)."""
    s = pd.to_numeric(values, errors="coerce").dropna().sort_values()
    hi, sec = set(highlight), set(secondary)
    fig, ax = plt.subplots(figsize=(FIG_W, 0.115 * len(s) + 0.9))
    ax.barh([(names or {}).get(k, k) for k in s.index], s.to_numpy(),
            color=[HIGHLIGHT if k in hi else BENCH if k in sec else BASE for k in s.index])
    lo, up = xlim if xlim else (0.0, float(s.max()) * 1.12 if len(s) and s.max() > 0 else 1.0)
    span = 0.09 * (up - lo)                                # about the width of a value label
    for i, (k, v) in enumerate(s.items()):
        if k in hi:
            clash = any(v <= x <= v + span for x in (lines or {}).values())
            if clash:
                ax.text(v - 0.01 * (up - lo), i, fmt.format(v), va="center", ha="right", fontsize=8.5, color="white")
            else:
                ax.text(v, i, " " + fmt.format(v), va="center", fontsize=8.5, color=HIGHLIGHT)
    for lab, x in (lines or {}).items():
        ax.axvline(x, color="#555555", lw=0.8, ls="--")
        ax.text(x, len(s) - 0.5, " " + lab, fontsize=8, color="#555555", va="top")
    ax.set_xlim(lo, up)
    ax.set_ylim(-0.6, len(s) - 0.4)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.tick_params(axis="y", labelsize=8)
    ax.tick_params(axis="x", labelsize=8)
    fig.tight_layout()
    return fig


def _chart(key: str, lang: str) -> str:
    return labels()["chart"][key][lang]


def websites_chart(res: StatusResult, names: Mapping[str, str], lang: str) -> Figure:
    """Government websites by province, end-2019; the province in red, benchmarks in amber."""
    return bar_highlight(res.websites["websites"], [res.province], _chart("websites", lang), names, res.benchmarks)


def per_million_chart(res: StatusResult, names: Mapping[str, str], lang: str) -> Figure:
    """Government websites per million residents, end-2019."""
    return bar_highlight(res.websites["per_million"], [res.province], _chart("per_million", lang), names,
                         res.benchmarks, fmt="{:.2f}")


def capability_chart(res: StatusResult, names: Mapping[str, str], lang: str) -> Figure:
    """The 2019 index for the 31 provinces with the 80 / 90 grade thresholds; the x axis starts at 60."""
    bands = dict(zip((_chart("band_80", lang), _chart("band_90", lang)), GRADE_THRESHOLDS))
    return bar_highlight(res.capability["score"], [res.province], _chart("index_points", lang), names,
                         res.benchmarks, fmt="{:.2f}", lines=bands, xlim=(60.0, 100.0))


def key_cities_chart(res: StatusResult, lang: str) -> Figure:
    """The 2019 key-city index; the province's cities in red; grade lines at 80 and 90."""
    kc = res.key_cities
    names = dict(zip(kc["city_zh"], kc["city_zh" if lang == "zh" else "city_en"]))
    return bar_highlight(kc.set_index("city_zh")["score"], list(res.province_cities["city_zh"]),
                         _chart("index_points", lang), names, fmt="{:.2f}",
                         lines={"80": 80.0, "90": 90.0}, xlim=(60.0, 100.0))


def national_chart(res: StatusResult, lang: str) -> Figure:
    """National pass rates on a time axis (a quarter at its midpoint, an annual check at mid-year), one marker per
    check type and object, a dashed line at the April 2019 criteria change; the y axis starts at 80 %."""
    rates, lab = res.national, labels()
    fig, ax = plt.subplots(figsize=(FIG_W, 3.2))

    def when(p: str) -> float:
        p = str(p)
        return int(p[:4]) + ((int(p[5]) - 0.5) / 4 if len(p) > 4 and p[4] == "Q" else 0.5)

    groups = list(rates.groupby(["check", "object"], sort=False))
    for i, ((check, obj), g) in enumerate(groups):
        name = f"{lab['national_checks'][check][lang]} · {lab['objects'][obj][lang]}"
        dx = (i - (len(groups) - 1) / 2) * 0.05            # equal values at one date stay visible
        ax.plot([when(p) + dx for p in g["period"]], g["value"], marker="osD^"[i % 4], lw=1, label=name)
    ax.set_ylim(min(80, float(rates["value"].min()) - 2), 100)
    ax.axvline(2019.25, color="#555555", ls="--", lw=0.8)
    ax.text(2019.3, 99.5, _chart("criteria_break", lang), fontsize=8, color="#555555", va="top")
    years = range(int(min(when(p) for p in rates["period"])), int(max(when(p) for p in rates["period"])) + 2)
    ax.set_xticks(list(years), [str(y) for y in years], fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylabel(_chart("pass_rate", lang), fontsize=9)
    ax.legend(fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig
