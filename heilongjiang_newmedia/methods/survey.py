"""Statistics of the researcher's citizen survey: reliability, satisfaction scores, importance-performance analysis.

Pure functions over the table of :func:`heilongjiang_newmedia.loading.survey.load_survey` (its codebook travels in
``attrs["codebook"]``); scores on the codebook's scale units, e.g. 1-5. No output contains personal data: the loader
keeps only the codebook's items and groups and non-identifying metadata.

* :func:`item_scores` / :func:`dimension_scores` — answers after reverse coding, per-respondent dimension means;
* :func:`sample_description` — respondents by group (count, percent of answers);
* :func:`reliability` / :func:`alpha_if_item_deleted` — Cronbach's alpha per dimension;
* :func:`dimension_summary` and :func:`scores_by_group` — mean scores by dimension and by respondent group;
* :func:`ipa` / :func:`ipa_chart` / :func:`ipa_priorities` — importance-performance analysis (Martilla & James 1977)
  with cut lines at the means of the attribute means.
"""
from __future__ import annotations

import os
from typing import Any

import numpy as np
import pandas as pd

from heilongjiang_newmedia.loading.survey_codebook import Codebook, load_codebook

__all__ = [
    "item_scores", "dimension_scores", "cronbach_alpha", "reliability", "alpha_if_item_deleted",
    "sample_description", "dimension_summary", "scores_by_group", "ipa", "ipa_chart", "ipa_priorities", "QUADRANTS",
]

#: IPA quadrants (Martilla & James 1977), keyed by (importance high?, performance high?).
QUADRANTS = {
    (True, False): {"id": "concentrate", "zh": "重点改进区", "en": "Concentrate here"},
    (True, True): {"id": "keep_up", "zh": "继续保持区", "en": "Keep up the good work"},
    (False, False): {"id": "low_priority", "zh": "低优先区", "en": "Low priority"},
    (False, True): {"id": "overkill", "zh": "供给过度区", "en": "Possible overkill"},
}

def _cb(survey: pd.DataFrame, codebook: Any) -> Codebook:
    """The codebook given (a :class:`Codebook` or a parsed dict) or the one the loaded table carries. Methods do no
    I/O: a path is refused (read it with :func:`heilongjiang_newmedia.loading.survey_codebook.load_codebook`)."""
    if isinstance(codebook, (str, os.PathLike)):
        raise TypeError(f"codebook={str(codebook)!r} is a path; methods read no files: pass "
                        "load_codebook(path) (heilongjiang_newmedia.loading.survey_codebook) instead")
    if codebook is not None:
        return load_codebook(codebook)
    cb = survey.attrs.get("codebook")
    if cb is None:
        raise ValueError("survey table has no codebook in attrs; pass codebook=")
    return cb


def _out(df: pd.DataFrame, survey: pd.DataFrame) -> pd.DataFrame:
    df.attrs = {"sources": list(survey.attrs.get("sources") or [])}
    return df


# -- scoring -------------------------------------------------------------------------------------------------------

def item_scores(survey: pd.DataFrame, codebook: Any = None, items: list[str] | None = None) -> pd.DataFrame:
    """Item answers after reverse coding (``min + max - x`` for ``reverse: true`` items), one column per item."""
    cb = _cb(survey, codebook)
    ids = items if items is not None else list(cb.items)
    out = {}
    for iid in ids:
        it = cb.items[iid]
        x = survey[iid].astype("float64")
        if it.reverse:
            sc = cb.scales[it.scale]
            x = sc["min"] + sc["max"] - x
        out[iid] = x
    return pd.DataFrame(out, index=survey.index)


def dimension_scores(survey: pd.DataFrame, codebook: Any = None, min_share: float = 0.5) -> pd.DataFrame:
    """Per-respondent dimension scores: the mean of the dimension's (reverse-coded) items answered, NaN when fewer
    than ``min_share`` of its items were answered (default: at least half)."""
    cb = _cb(survey, codebook)
    out = {}
    for dim in cb.dimensions:
        ids = cb.items_of(dim)
        if not ids:
            continue
        s = item_scores(survey, cb, ids)
        answered = s.notna().sum(axis=1)
        out[dim] = s.mean(axis=1).where(answered >= min_share * len(ids))
    return pd.DataFrame(out, index=survey.index)


def cronbach_alpha(items: pd.DataFrame) -> float:
    """Cronbach's alpha of item columns on complete cases: ``k/(k-1) * (1 - sum(var_i) / var(total))`` with
    sample variances (ddof = 1). NaN with fewer than 2 items, fewer than 2 complete cases or zero total variance."""
    x = items.dropna()
    k = x.shape[1]
    if k < 2 or len(x) < 2:
        return float("nan")
    total_var = x.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return float("nan")
    return float(k / (k - 1) * (1 - x.var(ddof=1).sum() / total_var))


def reliability(survey: pd.DataFrame, codebook: Any = None) -> pd.DataFrame:
    """Cronbach's alpha per dimension (reverse-coded items, listwise complete cases).

    Columns: ``dimension``, ``label_zh``, ``label_en``, ``items`` (k), ``n`` (complete cases), ``alpha``. Common
    reading: alpha >= 0.7 acceptable, >= 0.8 good (Nunnally 1978); dimensions with one item have no alpha."""
    cb = _cb(survey, codebook)
    rows = []
    for dim in cb.dimensions:
        ids = cb.items_of(dim)
        if not ids:
            continue
        s = item_scores(survey, cb, ids)
        rows.append({"dimension": dim, "label_zh": cb.dimension_label(dim, "zh"),
                     "label_en": cb.dimension_label(dim, "en"), "items": len(ids), "n": int(len(s.dropna())),
                     "alpha": cronbach_alpha(s)})
    return _out(pd.DataFrame(rows), survey)


def alpha_if_item_deleted(survey: pd.DataFrame, codebook: Any = None) -> pd.DataFrame:
    """Per item: the dimension's alpha, alpha with the item deleted (same complete cases), and the corrected
    item-total correlation (item vs the sum of the other items). Columns ``dimension``, ``label_zh``, ``label_en``,
    ``item``, ``column``,
    ``reverse``, ``n``, ``alpha``, ``alpha_if_deleted``, ``item_rest_r``."""
    cb = _cb(survey, codebook)
    rows = []
    for dim in cb.dimensions:
        ids = cb.items_of(dim)
        if len(ids) < 2:
            continue
        s = item_scores(survey, cb, ids).dropna()
        a = cronbach_alpha(s)
        for iid in ids:
            rest = s.drop(columns=iid)
            r = s[iid].corr(rest.sum(axis=1)) if len(s) > 2 else float("nan")
            rows.append({"dimension": dim, "label_zh": cb.dimension_label(dim, "zh"),
                         "label_en": cb.dimension_label(dim, "en"), "item": iid, "column": cb.items[iid].column,
                         "reverse": cb.items[iid].reverse, "n": int(len(s)), "alpha": a,
                         "alpha_if_deleted": cronbach_alpha(rest) if rest.shape[1] >= 2 else float("nan"),
                         "item_rest_r": float(r)})
    return _out(pd.DataFrame(rows), survey)


# -- descriptions and satisfaction ---------------------------------------------------------------------------------

def sample_description(survey: pd.DataFrame, codebook: Any = None) -> pd.DataFrame:
    """Respondents by group: columns ``group``, ``group_zh``, ``group_en``, ``category``, ``n`` (respondents) and
    ``pct`` (percent of respondents who answered the question; a ``(no answer)`` row counts the others, with pct
    NaN). Categories in codebook order, then any others alphabetically; ``attrs["n"]`` = respondents."""
    cb = _cb(survey, codebook)
    rows = []
    for gid, g in cb.groups.items():
        col = survey[gid]
        answered = col.dropna()
        order = list(dict.fromkeys(g.categories.values())) + sorted(set(answered) - set(g.categories.values()))
        counts = answered.value_counts()
        for cat in order:
            n = int(counts.get(cat, 0))
            rows.append({"group": gid, "group_zh": g.zh, "group_en": g.en, "category": cat, "n": n,
                         "pct": n / len(answered) * 100 if len(answered) else np.nan})
        if col.isna().any():
            rows.append({"group": gid, "group_zh": g.zh, "group_en": g.en, "category": "(no answer)",
                         "n": int(col.isna().sum()), "pct": np.nan})
    out = _out(pd.DataFrame(rows, columns=["group", "group_zh", "group_en", "category", "n", "pct"]), survey)
    out.attrs["n"] = int(len(survey))
    return out


def _describe(x: pd.Series) -> dict[str, float]:
    x = x.dropna()
    n = len(x)
    mean = float(x.mean()) if n else np.nan
    sd = float(x.std(ddof=1)) if n > 1 else np.nan
    half = 1.96 * sd / np.sqrt(n) if n > 1 else np.nan
    return {"n": n, "mean": mean, "sd": sd, "ci95_low": mean - half, "ci95_high": mean + half}


def dimension_summary(survey: pd.DataFrame, codebook: Any = None, kinds: tuple[str, ...] | None = None
                      ) -> pd.DataFrame:
    """Mean dimension score over respondents, per dimension (optionally only dimensions of the given ``kinds``:
    gratification, satisfaction, importance, other). Columns ``dimension``, ``label_zh``, ``label_en``, ``kind``,
    ``n``, ``mean``, ``sd``, ``ci95_low``, ``ci95_high`` (normal approximation, mean ± 1.96·sd/√n), on the scale
    units (e.g. 1-5)."""
    cb = _cb(survey, codebook)
    scores = dimension_scores(survey, cb)
    rows = []
    for dim in scores.columns:
        kind = cb.dimensions[dim].get("kind", "other")
        if kinds is not None and kind not in kinds:
            continue
        rows.append({"dimension": dim, "label_zh": cb.dimension_label(dim, "zh"),
                     "label_en": cb.dimension_label(dim, "en"), "kind": kind, **_describe(scores[dim])})
    return _out(pd.DataFrame(rows), survey)


def scores_by_group(survey: pd.DataFrame, group: str, codebook: Any = None, dimensions: list[str] | None = None,
                    min_n: int = 5) -> pd.DataFrame:
    """Mean dimension scores by respondent group (e.g. satisfaction by age group).

    Long table: ``group`` (category), ``dimension``, ``label_zh``, ``label_en``, ``n``, ``mean``, ``sd``,
    ``suppressed``. Cells with fewer than
    ``min_n`` respondents are suppressed (mean/sd NaN) so small groups cannot be singled out and unstable means are
    not reported."""
    cb = _cb(survey, codebook)
    if group not in cb.groups:
        raise ValueError(f"unknown group {group!r}; codebook groups: {', '.join(cb.groups)}")
    scores = dimension_scores(survey, cb)
    dims = dimensions or list(scores.columns)
    cats = list(dict.fromkeys(cb.groups[group].categories.values())) + sorted(
        set(survey[group].dropna()) - set(cb.groups[group].categories.values()))
    rows = []
    for cat in cats:
        mask = survey[group] == cat
        for dim in dims:
            d = _describe(scores.loc[mask, dim])
            small = d["n"] < min_n
            rows.append({"group": cat, "dimension": dim, "label_zh": cb.dimension_label(dim, "zh"),
                         "label_en": cb.dimension_label(dim, "en"), "n": d["n"], "mean": np.nan if small else d["mean"],
                         "sd": np.nan if small else d["sd"], "suppressed": bool(small)})
    return _out(pd.DataFrame(rows), survey)


# -- importance-performance analysis -------------------------------------------------------------------------------

def ipa(survey: pd.DataFrame, codebook: Any = None, cuts: tuple[float, float] | None = None) -> pd.DataFrame:
    """Importance-performance analysis (Martilla & James 1977) over the codebook's IPA attributes.

    For each attribute: ``importance`` and ``performance`` = mean over respondents of the attribute's importance and
    performance items (reverse-coded, each respondent's mean of the attribute's items first). Cut lines
    (``cuts=(importance_cut, performance_cut)``) default to the *means of the attribute means* (data-centred IPA);
    an attribute at or above a cut counts as high. Quadrants: high importance & low performance = "concentrate
    here" (重点改进区), high & high = "keep up the good work", low & low = "low priority", low importance & high
    performance = "possible overkill". ``gap`` = importance - performance. Columns: ``attribute``, ``label_zh``,
    ``label_en``, ``importance``, ``performance``, ``n_importance``, ``n_performance``, ``gap``, ``quadrant``,
    ``quadrant_zh``, ``quadrant_en``; ``attrs["cuts"]``."""
    cb = _cb(survey, codebook)
    attrs: dict[str, dict[str, list[str]]] = {}
    for iid, it in cb.items.items():
        if it.ipa_attribute:
            attrs.setdefault(it.ipa_attribute, {"importance": [], "performance": []})[it.ipa_role].append(iid)
    rows = []
    for a, roles in attrs.items():
        if not roles["importance"] or not roles["performance"]:
            raise ValueError(f"IPA attribute {a!r} needs both an importance and a performance item in the codebook")
        imp = item_scores(survey, cb, roles["importance"]).mean(axis=1)
        perf = item_scores(survey, cb, roles["performance"]).mean(axis=1)
        lab = cb.ipa_attributes.get(a, {})
        rows.append({"attribute": a, "label_zh": str(lab.get("zh", a)), "label_en": str(lab.get("en", a)),
                     "importance": float(imp.mean()), "performance": float(perf.mean()),
                     "n_importance": int(imp.notna().sum()), "n_performance": int(perf.notna().sum())})
    if not rows:
        raise ValueError("the codebook declares no IPA attributes (items with ipa: {attribute, role})")
    out = pd.DataFrame(rows)
    out["gap"] = out["importance"] - out["performance"]
    ci, cp = cuts if cuts is not None else (float(out["importance"].mean()), float(out["performance"].mean()))
    quad = [QUADRANTS[(bool(i >= ci), bool(p >= cp))] for i, p in zip(out["importance"], out["performance"])]
    out["quadrant"] = [q["id"] for q in quad]
    out["quadrant_zh"] = [q["zh"] for q in quad]
    out["quadrant_en"] = [q["en"] for q in quad]
    out = _out(out, survey)
    out.attrs["cuts"] = {"importance": ci, "performance": cp, "rule": "given" if cuts is not None else "means"}
    return out


def ipa_priorities(table: pd.DataFrame) -> pd.DataFrame:
    """Attributes in the "concentrate here" quadrant, largest gap (importance - performance) first: the survey's
    improvement priorities for chapter 6."""
    out = table[table["quadrant"] == "concentrate"].sort_values(["gap", "attribute"], ascending=[False, True])
    out = out.reset_index(drop=True)
    out.attrs = dict(table.attrs)
    return out


def ipa_chart(table: pd.DataFrame, lang: str = "zh", figsize: tuple[float, float] = (6.4, 5.2)):
    """Quadrant chart of an :func:`ipa` table: performance (x) vs importance (y), dashed cut lines, quadrant names
    in the corners, one labelled point per attribute. Returns a matplotlib Figure."""
    import matplotlib.pyplot as plt

    cuts = table.attrs.get("cuts") or {"importance": table["importance"].mean(),
                                       "performance": table["performance"].mean()}
    ci, cp = cuts["importance"], cuts["performance"]
    fig, ax = plt.subplots(figsize=figsize)
    colors = {"concentrate": "#c0392b", "keep_up": "#27ae60", "low_priority": "#7f8c8d", "overkill": "#2980b9"}
    ax.scatter(table["performance"], table["importance"], c=[colors[q] for q in table["quadrant"]], s=46, zorder=3)
    label_col = "label_zh" if lang == "zh" else "label_en"
    for _, r in table.iterrows():
        ax.annotate(str(r[label_col]), (r["performance"], r["importance"]), xytext=(5, 4),
                    textcoords="offset points", fontsize=9)
    xs = list(table["performance"]) + [cp]
    ys = list(table["importance"]) + [ci]
    padx = max((max(xs) - min(xs)) * 0.25, 0.2)
    pady = max((max(ys) - min(ys)) * 0.25, 0.2)
    ax.set_xlim(min(xs) - padx, max(xs) + padx)
    ax.set_ylim(min(ys) - pady, max(ys) + pady)
    ax.axvline(cp, ls="--", lw=1, color="0.4")
    ax.axhline(ci, ls="--", lw=1, color="0.4")
    corners = {"concentrate": (0.02, 0.98, "left", "top"), "keep_up": (0.98, 0.98, "right", "top"),
               "low_priority": (0.02, 0.02, "left", "bottom"), "overkill": (0.98, 0.02, "right", "bottom")}
    for q in QUADRANTS.values():
        x, y, ha, va = corners[q["id"]]
        ax.text(x, y, q[lang if lang in ("zh", "en") else "en"], transform=ax.transAxes, ha=ha, va=va,
                fontsize=9, color=colors[q["id"]])
    if lang == "zh":
        ax.set_xlabel("表现（满意度均值）")
        ax.set_ylabel("重要性（均值）")
    else:
        ax.set_xlabel("Performance (mean satisfaction)")
        ax.set_ylabel("Importance (mean)")
    fig.tight_layout()
    return fig
