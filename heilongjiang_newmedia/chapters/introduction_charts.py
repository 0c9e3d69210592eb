"""Chapter 1 charts at print size (6.3 in wide, labels >= 8 pt): two small panels on a real time axis.

A level (persons) and a share (percent) are drawn in two panels side by side instead of on twin axes, so the two
series can always be told apart; positions are decimal years (2019-06 -> 2019.46), so unequal gaps between survey
dates look unequal. Points are drawn where data exist; missing reports stay gaps.
"""
from __future__ import annotations

import pandas as pd

__all__ = ["month_position", "two_panels"]


def month_position(cutoff: pd.Series) -> pd.Series:
    """YYYY-MM as a decimal year at the month's middle, e.g. 2019-06 -> 2019.46."""
    text = cutoff.astype(str)
    year = text.str.slice(0, 4).astype(int)
    month = pd.to_numeric(text.str.slice(5, 7), errors="coerce").fillna(6.5)
    return year + (month - 0.5) / 12


def _panel(ax, df: pd.DataFrame, scale: float, label: str, color: str, marker: str, connect: bool, labels: bool,
           fmt: str) -> None:
    d = df.sort_values("cutoff")
    x, y = month_position(d["cutoff"]).to_numpy(), (d["value"] / scale).to_numpy()
    ax.plot(x, y, marker=marker, color=color, linestyle="-" if connect else "none", markersize=4, linewidth=1.2)
    if labels:  # label from the latest point back, skipping points within 1.5 years of a labelled one (no overlaps)
        last = None
        for xi, yi in sorted(zip(x, y), reverse=True):
            if last is not None and last - xi < 1.5:
                continue
            last = xi
            ax.annotate(format(yi, fmt), (xi, yi), textcoords="offset points", xytext=(0, 5), ha="center", fontsize=8)
    ax.set_title(label, fontsize=9, loc="left")
    ax.tick_params(labelsize=8)
    lo, hi = float(x.min()), float(x.max())
    ax.set_xlim(lo - 0.6, hi + 0.6)
    ax.set_ylim(0, float(y.max()) * 1.18)
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))


def two_panels(left: pd.DataFrame, right: pd.DataFrame, left_label: str, right_label: str, left_scale: float = 1.0,
               connect: bool = True, labels: bool = False, left_fmt: str = ".2f", right_fmt: str = ".1f"):
    """Two panels side by side: ``left`` (``cutoff``, ``value``; divided by ``left_scale``) and ``right`` (a share in
    percent). ``connect`` joins consecutive points of a complete series; leave it False where reports are missing so
    that no line bridges a gap. ``labels`` prints each value above its point. Panel titles carry the units."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(6.3, 2.7))
    _panel(axes[0], left, left_scale, left_label, "#4C72B0", "o", connect, labels, left_fmt)
    _panel(axes[1], right, 1.0, right_label, "#DD8452", "s", connect, labels, right_fmt)
    fig.tight_layout()
    return fig
