"""Chart helpers shared by the chapters: small, deterministic matplotlib figures from tidy DataFrames.

The seaborn theme and the bundled CJK font are set by :class:`heilongjiang_newmedia.reporting.exhibits.Chapter`; these
functions only draw. Points are drawn where data exist; missing periods stay gaps (nothing is interpolated).

Print-ready defaults (issue 13): a chart is drawn at the width it is printed at -- the A4 text block,
:data:`TEXT_WIDTH_IN` (174 mm) -- with type of 8-9 pt (:data:`PRINT_RC`, applied by :func:`apply_print_defaults`), so no
label is under 7 pt on paper (:func:`smallest_print_pt` measures it). Charts carry no inner title: the exhibit's
caption is the title. Long category labels are wrapped or shortened (:func:`wrap_label`); dates are placed in
proportion to time (:func:`time_positions`, :func:`time_bars`), or an axis that is not says so
(:func:`mark_unequal_spacing`).
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["series_chart", "dual_series_chart", "mark_breaks", "TEXT_WIDTH_IN", "PRINT_RC", "MIN_PRINT_PT",
           "apply_print_defaults", "figsize", "wrap_label", "wrap_labels", "time_positions", "time_bars",
           "mark_unequal_spacing", "smallest_print_pt"]

TEXT_WIDTH_IN = 174 / 25.4   # the A4 text block (210 mm less two 18 mm margins): 6.85 in
MIN_PRINT_PT = 7.0           # the smallest type a printed chart may use
PRINT_RC = {                 # type sizes in pt at print size (the figure is printed at TEXT_WIDTH_IN wide)
    "font.size": 9, "axes.labelsize": 9, "axes.titlesize": 9, "xtick.labelsize": 8, "ytick.labelsize": 8,
    "legend.fontsize": 8, "legend.title_fontsize": 8, "figure.titlesize": 9,
    "figure.figsize": (TEXT_WIDTH_IN, 3.4), "axes.titlepad": 4, "figure.constrained_layout.use": False,
}


def apply_print_defaults() -> None:
    """Set :data:`PRINT_RC` in matplotlib (after the seaborn theme, which would enlarge the type)."""
    import matplotlib

    matplotlib.rcParams.update(PRINT_RC)


def figsize(height_in: float = 3.4, rows: int | None = None, row_in: float = 0.2) -> tuple[float, float]:
    """A print-width figure size: ``height_in`` tall, or ``rows`` bars of ``row_in`` inches (plus room for the axis)
    for a horizontal bar chart -- 31 provinces at 0.2 in make a 6.9 in (half-page) chart with 8 pt labels."""
    if rows is not None:
        height_in = 0.8 + rows * row_in
    return (TEXT_WIDTH_IN, height_in)


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in ("W", "F")


def wrap_label(text: str, width: int = 8, max_lines: int = 2, ellipsis: str = "…") -> str:
    """``text`` in lines of at most ``width`` characters (a Chinese character counts one, two Latin letters one),
    broken between Chinese characters or at spaces, hyphens and slashes in Latin text, at most ``max_lines``
    lines; a longer label is cut with ``ellipsis``.
    ``wrap_label("每百万常住人口政府网站数", 6)`` -> ``"每百万常住人\n口政府网站数"``."""
    text = " ".join(str(text).split())
    limit = width * 2  # columns: a wide character counts 2, a narrow one 1
    tokens = re.findall(r"[^\s/\-\u2e80-\u9fff\uff00-\uffef]+[/\-]?|[\u2e80-\u9fff\uff00-\uffef]|\s", text)
    lines, line, cols = [], "", 0
    for tok in tokens:
        w = sum(2 if _is_wide(c) else 1 for c in tok)
        if tok.isspace():
            if line:
                line, cols = line + " ", cols + 1
            continue
        if cols + w > limit and line.strip():
            lines.append(line.rstrip())
            line, cols = "", 0
        while w > limit:  # a single word longer than a line
            cut = limit - 1
            lines.append(tok[:cut] + "-")
            tok = tok[cut:]
            w = sum(2 if _is_wide(c) else 1 for c in tok)
        line, cols = line + tok, cols + w
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines:
        last = lines[max_lines - 1]
        if sum(2 if _is_wide(c) else 1 for c in last) + 2 > limit:  # no room for the ellipsis: drop a character
            last = last[:max(1, len(last) - 1)]
        lines = lines[:max_lines - 1] + [last + ellipsis]
    return "\n".join(lines)


def wrap_labels(labels: Iterable[str], width: int = 8, max_lines: int = 2) -> list[str]:
    """:func:`wrap_label` for each of ``labels``."""
    return [wrap_label(x, width, max_lines) for x in labels]


def time_positions(cutoffs: Iterable[str]) -> list[float]:
    """YYYY-MM (or YYYY, YYYYQn) dates as decimal years at the middle of their month/quarter/year, so that an axis
    spaces them in proportion to time (2020-03 and 2020-06 a quarter apart, 2020-12 and 2023-12 three years)."""
    out = []
    for c in cutoffs:
        text = str(c)
        q = re.match(r"^(\d{4})\s*Q([1-4])$", text)
        if q:
            out.append(int(q.group(1)) + (int(q.group(2)) - 0.5) / 4)
        else:
            out.append(float(_month_pos(pd.Series([text])).iloc[0]))
    return out


def time_bars(ax, cutoffs: Sequence[str], values: Sequence[float], label_dates: bool = True, **bar_kw):
    """Bars at their dates on a time-proportional axis (width: 80% of the closest spacing, at most 0.6 year);
    with ``label_dates`` each bar is labelled with its date (YYYY-MM), rotated if crowded."""
    pos = time_positions(cutoffs)
    gaps = [b - a for a, b in zip(sorted(pos), sorted(pos)[1:]) if b > a]
    width = min(0.6, 0.8 * min(gaps)) if gaps else 0.6
    bars = ax.bar(pos, list(values), width=width, **bar_kw)
    if label_dates:
        ax.set_xticks(pos, [str(c) for c in cutoffs], rotation=45 if len(pos) > 5 else 0,
                      ha="right" if len(pos) > 5 else "center")
    return bars


def mark_unequal_spacing(ax, lang: str = "zh") -> None:
    """Say under an axis whose categories are dates that their spacing is not proportional to time."""
    text = "注：横轴时点非等距" if lang == "zh" else "Note: dates not equally spaced"
    ax.annotate(text, xy=(1, 0), xycoords="axes fraction", xytext=(0, -30), textcoords="offset points",
                ha="right", va="top", fontsize=PRINT_RC["xtick.labelsize"], color="#59636e")


def smallest_print_pt(fig: Figure, dpi: float = 150) -> float:
    """The smallest size (pt) of any visible text of ``fig`` once printed at most :data:`TEXT_WIDTH_IN` wide
    (a wider figure, as saved with a tight bounding box, is scaled down)."""
    fig.canvas.draw()
    bbox = fig.get_tightbbox(fig.canvas.get_renderer())
    scale = min(1.0, TEXT_WIDTH_IN / bbox.width) if bbox.width else 1.0
    sizes = [t.get_fontsize() for t in fig.findobj(lambda a: hasattr(a, "get_text") and hasattr(a, "get_fontsize"))
             if t.get_visible() and str(t.get_text()).strip()]
    return min(sizes) * scale if sizes else float("inf")


def _month_pos(cutoff: pd.Series) -> pd.Series:
    """YYYY-MM (or YYYY) as a decimal year, e.g. 2019-06 -> 2019.46 (month midpoint)."""
    text = cutoff.astype(str)
    year = text.str.slice(0, 4).astype(int)
    month = pd.to_numeric(text.str.slice(5, 7), errors="coerce").fillna(6.5)
    return year + (month - 0.5) / 12


_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def series_chart(df: pd.DataFrame, x: str, y: str, hue: str | None = None, ylabel: str = "",
                 scale: float = 1.0, title: str = "", breaks: Sequence[tuple[str, str]] = (),
                 figsize: tuple[float, float] = (TEXT_WIDTH_IN, 3.4)) -> Figure:
    """Lines with markers of ``y`` (divided by ``scale``) over ``x`` (YYYY-MM cutoffs), one line per ``hue``.

    A line connects only consecutive available observations of the same series and never crosses a declared
    series break (``(YYYY-MM, label)`` pairs, drawn as dashed lines); a reader sees every data point. Positions
    are decimal years: 2016-12 sits just before the 2017 tick. ``title`` is ignored: the exhibit's caption is the
    chart's title (kept for callers of the old signature).
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
    if hue:
        ax.legend(frameon=False, fontsize=PRINT_RC["legend.fontsize"], loc="upper center", bbox_to_anchor=(0.5, -0.1),
                  ncol=2)
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    mark_breaks(fig, breaks)
    fig.tight_layout()
    return fig


def dual_series_chart(left: pd.DataFrame, right: pd.DataFrame, x: str, y: str, left_label: str, right_label: str,
                      left_scale: float = 1.0, kind_left: str = "bar",
                      figsize: tuple[float, float] = (TEXT_WIDTH_IN, 3.4)) -> Figure:
    """A level series on the left axis (bars or line) and a share/percentage series on the right axis.

    The x axis is proportional to time: bars stand at their dates (:func:`time_bars`), labelled YYYY-MM, so
    irregular survey dates read exactly and a three-year gap looks longer than a quarter; a line is drawn on the
    same decimal-year axis.
    """
    fig, ax = plt.subplots(figsize=figsize)
    if kind_left == "bar":
        slots = sorted(set(left[x]) | set(right[x]))
        where = dict(zip(slots, time_positions(slots)))
        lx, rx = left[x].map(where), right[x].map(where)
        time_bars(ax, list(left[x]), list(left[y] / left_scale), label_dates=False, color="#4C72B0",
                  label=left_label)
        crowded = len(slots) > 5
        ax.set_xticks([where[c] for c in slots], slots, rotation=45 if crowded else 0,
                      ha="right" if crowded else "center")
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
    ax.legend(handles, [left_label, right_label], frameon=False, fontsize=PRINT_RC["legend.fontsize"],
              loc="upper left")
    fig.tight_layout()
    return fig


def mark_breaks(fig: Figure, breaks: Sequence[tuple[str, str]]) -> Figure:
    """Draw a dashed vertical line with a label at each ``(YYYY-MM, label)`` series break."""
    ax = fig.axes[0]
    for cutoff, label in breaks:
        pos = float(_month_pos(pd.Series([cutoff])).iloc[0])
        ax.axvline(pos, color="#C44E52", linestyle="--", linewidth=1)
        ax.annotate(label, xy=(pos, 1), xycoords=("data", "axes fraction"), xytext=(3, -12),
                    textcoords="offset points", fontsize=PRINT_RC["xtick.labelsize"], color="#C44E52")
    return fig
