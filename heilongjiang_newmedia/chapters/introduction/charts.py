"""Chapter 1 charts at print size (6.3 in wide, labels >= 8 pt, low enough that the text flows around them): two
small panels on a real time axis, and counts by scope.

A level (persons) and a share (percent) are drawn in two panels side by side instead of on twin axes, so the two
series can always be told apart; positions are decimal years (2019-06 -> 2019.46), so unequal gaps between survey
dates look unequal. Points are drawn where data exist; missing reports stay gaps.
"""
from __future__ import annotations

import pandas as pd

__all__ = ["month_position", "two_panels", "scope_lines"]


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

    fig, axes = plt.subplots(1, 2, figsize=(6.3, 2.3))
    _panel(axes[0], left, left_scale, left_label, "#4C72B0", "o", connect, labels, left_fmt)
    _panel(axes[1], right, 1.0, right_label, "#DD8452", "s", connect, labels, right_fmt)
    fig.tight_layout()
    return fig


def scope_lines(df: pd.DataFrame, hue: str, unit_label: str, scale: float = 1.0,
                breaks: tuple[tuple[str, str], ...] = (), max_gap_years: float = 1.1):
    """One marker series per counting scope (``hue`` column) on a real time axis; consecutive points are joined
    only when they are at most ``max_gap_years`` apart, so no line bridges reports without a figure. Declared
    breaks ``(YYYY-MM, label)`` are dashed vertical lines. The unit is printed horizontally above the axis."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.3, 2.9))
    markers = ("o", "s", "^", "D", "v")
    for i, (name, part) in enumerate(df.groupby(hue, sort=False)):
        part = part.sort_values("cutoff")
        x, y = month_position(part["cutoff"]).to_numpy(), (part["value"] / scale).to_numpy()
        color = f"C{i % 10}"
        ax.plot(x, y, marker=markers[i % len(markers)], color=color, linestyle="none", markersize=5, label=name)
        for k in range(1, len(x)):
            if x[k] - x[k - 1] <= max_gap_years:
                ax.plot(x[k - 1:k + 1], y[k - 1:k + 1], color=color, linewidth=1.2)
    for cutoff, label in breaks:
        pos = float(month_position(pd.Series([cutoff])).iloc[0])
        ax.axvline(pos, color="#C44E52", linestyle="--", linewidth=1)
        ax.annotate(label, xy=(pos, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                    textcoords="offset points", fontsize=8, color="#C44E52")
    ax.set_title(unit_label, fontsize=9, loc="left")
    ax.tick_params(labelsize=8)
    from matplotlib.ticker import MaxNLocator
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2)
    fig.tight_layout()
    return fig
