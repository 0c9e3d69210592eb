"""Chart helpers shared by the chapters: small, deterministic matplotlib figures from tidy DataFrames.

The seaborn theme and the bundled CJK font are set by :class:`heilongjiang_newmedia.reporting.exhibits.Chapter`; these
functions only draw. Points are drawn where data exist; missing periods stay gaps (nothing is interpolated).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["series_chart", "dual_series_chart", "mark_breaks"]


def _month_pos(cutoff: pd.Series) -> pd.Series:
    """YYYY-MM (or YYYY) as a decimal year, e.g. 2019-06 -> 2019.46 (month midpoint)."""
    text = cutoff.astype(str)
    year = text.str.slice(0, 4).astype(int)
    month = pd.to_numeric(text.str.slice(5, 7), errors="coerce").fillna(6.5)
    return year + (month - 0.5) / 12


_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def series_chart(df: pd.DataFrame, x: str, y: str, hue: str | None = None, ylabel: str = "",
                 scale: float = 1.0, title: str = "", breaks: Sequence[tuple[str, str]] = (),
                 figsize: tuple[float, float] = (7.5, 3.8)) -> Figure:
    """Lines with markers of ``y`` (divided by ``scale``) over ``x`` (YYYY-MM cutoffs), one line per ``hue``.

    A line connects only consecutive available observations of the same series and never crosses a declared
    series break (``(YYYY-MM, label)`` pairs, drawn as dashed lines); a reader sees every data point. Positions
    are decimal years: 2016-12 sits just before the 2017 tick.
    """
    fig, ax = plt.subplots(figsize=figsize)
    groups: Iterable = df.groupby(hue, sort=False) if hue else [("", df)]
    cuts = sorted(float(_month_pos(pd.Series([b[0]])).iloc[0]) for b in breaks)
    for i, (name, part) in enumerate(groups):
        part = part.sort_values(x)
        pos, val = _month_pos(part[x]).to_numpy(), (part[y] / scale).to_numpy()
        segment = [sum(p > c for c in cuts) for p in pos]
        color = f"C{i % 10}"
        for k, seg in enumerate(sorted(set(segment))):
            idx = [j for j, s in enumerate(segment) if s == seg]
            ax.plot(pos[idx], val[idx], marker=_MARKERS[i % len(_MARKERS)], color=color,
                    label=(name or None) if k == 0 else None, alpha=0.9)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if hue:
        ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    mark_breaks(fig, breaks)
    fig.tight_layout()
    return fig


def dual_series_chart(left: pd.DataFrame, right: pd.DataFrame, x: str, y: str, left_label: str, right_label: str,
                      left_scale: float = 1.0, kind_left: str = "bar",
                      figsize: tuple[float, float] = (7.5, 3.8)) -> Figure:
    """A level series on the left axis (bars or line) and a share/percentage series on the right axis.

    With bars the x axis is categorical: one slot per cutoff present in either series, labelled YYYY-MM, so
    irregular survey dates read exactly; a line is drawn on a decimal-year axis.
    """
    fig, ax = plt.subplots(figsize=figsize)
    if kind_left == "bar":
        slots = sorted(set(left[x]) | set(right[x]))
        where = {c: i for i, c in enumerate(slots)}
        lx, rx = left[x].map(where), right[x].map(where)
        ax.bar(lx, left[y] / left_scale, width=0.6, color="#4C72B0", label=left_label)
        ax.set_xticks(range(len(slots)), slots, rotation=45, ha="right", fontsize=8)
    else:
        lx, rx = _month_pos(left[x]), _month_pos(right[x])
        ax.plot(lx, left[y] / left_scale, marker="o", color="#4C72B0", label=left_label)
        ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    ax.set_ylabel(left_label)
    ax2 = ax.twinx()
    # On the categorical axis the share is drawn as points only: a line would bridge cutoffs without a figure.
    ax2.plot(rx, right[y], marker="s", color="#DD8452", label=right_label,
             linestyle="none" if kind_left == "bar" else "-")
    ax2.set_ylabel(right_label)
    ax2.grid(False)
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    ax.legend(handles, [left_label, right_label], frameon=False, fontsize=8, loc="upper left")
    fig.tight_layout()
    return fig


def mark_breaks(fig: Figure, breaks: Sequence[tuple[str, str]]) -> Figure:
    """Draw a dashed vertical line with a label at each ``(YYYY-MM, label)`` series break."""
    ax = fig.axes[0]
    for cutoff, label in breaks:
        pos = float(_month_pos(pd.Series([cutoff])).iloc[0])
        ax.axvline(pos, color="#C44E52", linestyle="--", linewidth=1)
        ax.annotate(label, xy=(pos, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                    textcoords="offset points", fontsize=8, color="#C44E52")
    return fig
