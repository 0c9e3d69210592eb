"""Chart helpers shared by the chapters: small, deterministic matplotlib figures from tidy DataFrames.

The seaborn theme and the bundled CJK font are set by :class:`heilongjiang_newmedia.exhibits.Chapter`; these
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


def series_chart(df: pd.DataFrame, x: str, y: str, hue: str | None = None, ylabel: str = "",
                 scale: float = 1.0, title: str = "", figsize: tuple[float, float] = (7.5, 3.8)) -> Figure:
    """Lines with markers of ``y`` (divided by ``scale``) over ``x`` (YYYY-MM cutoffs), one line per ``hue``.

    A line connects only consecutive available observations of the same series; a reader sees every data point.
    """
    fig, ax = plt.subplots(figsize=figsize)
    groups: Iterable = df.groupby(hue, sort=False) if hue else [("", df)]
    for name, part in groups:
        part = part.sort_values(x)
        ax.plot(_month_pos(part[x]), part[y] / scale, marker="o", label=name or None)
    ax.set_ylabel(ylabel)
    if title:
        ax.set_title(title)
    if hue:
        ax.legend(frameon=False, fontsize=8)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    fig.tight_layout()
    return fig


def dual_series_chart(left: pd.DataFrame, right: pd.DataFrame, x: str, y: str, left_label: str, right_label: str,
                      left_scale: float = 1.0, kind_left: str = "bar",
                      figsize: tuple[float, float] = (7.5, 3.8)) -> Figure:
    """A level series on the left axis (bars or line) and a share/percentage series on the right axis."""
    fig, ax = plt.subplots(figsize=figsize)
    lx = _month_pos(left[x])
    if kind_left == "bar":
        ax.bar(lx, left[y] / left_scale, width=0.35, color="#4C72B0", label=left_label)
    else:
        ax.plot(lx, left[y] / left_scale, marker="o", color="#4C72B0", label=left_label)
    ax.set_ylabel(left_label)
    ax2 = ax.twinx()
    ax2.plot(_month_pos(right[x]), right[y], marker="s", color="#DD8452", label=right_label)
    ax2.set_ylabel(right_label)
    ax2.grid(False)
    handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
    ax.legend(handles, [left_label, right_label], frameon=False, fontsize=8, loc="upper left")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
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
