"""Chapter 2's tables and chart in the reader's language (labels from ``tables/labels.yaml``; no sentences).

Each table fits a portrait A4 page; long definitions go to the glossary passage under the indicator table.
"""
from __future__ import annotations

import textwrap
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from heilongjiang_newmedia.text import wording as W

from heilongjiang_newmedia.chapters.framework.analysis import FrameworkResult, claims, labels, theories

__all__ = ["system_values", "weight_values", "claim_texts", "ahp_values", "dimension_table", "predictions_table", "indicator_table", "glossary", "weights_table", "profile_table",
           "ahp_matrix_table", "ahp_result_table", "weights_chart", "coverage_label", "with_unit", "claim_label",
           "indicator_names"]


def _col(key: str, lang: str) -> str:
    return labels()["columns"][key][lang]


def _ordered(framework: pd.DataFrame, dimensions: pd.DataFrame) -> pd.DataFrame:
    """Indicators in dimension order (reach ... security, background last), table order within a dimension."""
    order = dict(zip(dimensions["dimension"], dimensions["order"]))
    return framework.assign(_o=framework["dimension"].map(order)).sort_values("_o", kind="stable").drop(columns="_o")


def _theory_names(lang: str) -> dict[str, str]:
    t = theories()
    return dict(zip(t["theory"], t[f"name_{lang}"]))


def indicator_names(res: FrameworkResult, lang: str) -> dict[str, str]:
    """Indicator id -> its label in ``lang``."""
    return dict(zip(res.framework["indicator_id"], res.framework[f"label_{lang}"]))


def dimension_table(res: FrameworkResult, lang: str) -> pd.DataFrame:
    """Theory -> dimension: theory, dimension, what it asks, evaluation indicators, background variables and how
    many evaluation indicators are comparable across the 31 provinces (counts of :func:`indicator_counts`)."""
    names = _theory_names(lang)
    comparable = set(res.counts["comparable_ids"])
    rows = []
    for d in res.dimensions.itertuples(index=False):
        sel = res.framework[res.framework["dimension"] == d.dimension]
        ev = sel[sel["role"] != "context"]
        rows.append({
            _col("theory", lang): names.get(d.theory, d.theory_zh if lang == "zh" else d.theory_en),
            _col("dimension", lang): d.dimension_zh if lang == "zh" else d.dimension_en,
            _col("asks", lang): d.description_zh if lang == "zh" else d.description_en,
            _col("n_evaluation", lang): len(ev),
            _col("n_background", lang): int((sel["role"] == "context").sum()),
            _col("n_comparable", lang): int(sel["indicator_id"].isin(comparable).sum()),
        })
    return pd.DataFrame(rows)


def claim_label(claim: str, lang: str) -> str:
    """A claim as printed in the predictions table: ``第四章P2“…”`` / ``chapter 4, P2 "…"``."""
    c = claims().set_index("claim").loc[claim]
    tmpl = labels()["claim_format"]["problem" if claim.startswith("P") else "aspect"][lang]
    return tmpl.format(chapter=c[f"chapter_{lang}"], claim=claim, label=c[f"label_{lang}"])


def predictions_table(res: FrameworkResult, lang: str, passage: Callable[..., str]) -> pd.DataFrame:
    """Theory, its prediction for the province's new media (passage ``prediction.<theory>.cell``, filled by the
    chapter's ``passage``) and the claims whose verdicts test it."""
    sep = "；" if lang == "zh" else "; "
    rows = []
    for t in theories().itertuples(index=False):
        rows.append({_col("theory", lang): getattr(t, f"name_{lang}"),
                     _col("prediction", lang): str(passage(f"prediction.{t.theory}.cell")),
                     _col("tested_by", lang): sep.join(claim_label(c, lang) for c in t.claims)})
    return pd.DataFrame(rows)


def _years(text: str, lang: str) -> str:
    ys = sorted({y for y in str(text).split("、") if y.isdigit()})
    if not ys:
        return ""
    return W.year_span(ys[0], ys[-1], lang)


def coverage_label(n_provinces: int, years: str, lang: str) -> str:
    """``31省，2019年`` / ``31 provinces, 2019``; ``无数据`` / ``no data`` for none."""
    if int(n_provinces) == 0:
        return W.missing(lang)
    y = _years(years, lang)
    unit = labels()["coverage_unit"]
    where = W.count(int(n_provinces), lang, unit["zh"], unit["en_one"] if int(n_provinces) == 1 else unit["en"])
    return where + (W.pick(lang, "，", ", ") + y if y else "")


def with_unit(label: str, unit: str, lang: str) -> str:
    """``指数（2019；指数分）`` / ``Index (2019; index points)``: the unit inside the label's bracket."""
    if not unit:
        return label
    close, open_ = ("）", "（") if lang == "zh" else (")", " (")
    if label.endswith(close):
        return label[:-1] + ("；" if lang == "zh" else "; ") + unit + close
    return f"{label}{open_}{unit}{close}"


def indicator_table(res: FrameworkResult, lang: str) -> pd.DataFrame:
    """The indicator system: number (refers to the glossary), dimension, indicator with unit, direction, role and
    data coverage (provinces of 31 and years, computed from the data)."""
    fw = _ordered(res.framework, res.dimensions)
    c = res.coverage.reindex(fw["indicator_id"])
    unit = fw["unit_zh" if lang == "zh" else "unit"]
    dims = [labels()["background_dimension"][lang] if d == "context" else n
            for d, n in zip(fw["dimension"], fw[f"dimension_{lang}"])]
    return pd.DataFrame({
        _col("number", lang): range(1, len(fw) + 1),
        _col("dimension_short", lang): dims,
        _col("indicator_unit", lang): [with_unit(lab, u, lang) for lab, u in zip(fw[f"label_{lang}"], unit)],
        _col("direction", lang): [labels()["directions"][d][lang] for d in fw["direction"]],
        _col("role", lang): [labels()["roles"][r][lang] for r in fw["role"]],
        _col("coverage", lang): [coverage_label(n, y, lang) for n, y in
                                 zip(c["n_provinces"].fillna(0), c["years"].fillna(""))],
    })


def glossary(res: FrameworkResult, lang: str) -> list[dict[str, Any]]:
    """``[{n, label, definition}]`` per indicator in the table's order (for the glossary passage)."""
    fw = _ordered(res.framework, res.dimensions)
    return [{"n": n, "label": lab, "definition": d} for n, lab, d in
            zip(range(1, len(fw) + 1), fw[f"label_{lang}"], fw["definition_zh" if lang == "zh" else "definition"])]


def weights_table(res: FrameworkResult, lang: str) -> pd.DataFrame:
    """Entropy and equal weights per composite indicator: indicator, direction, entropy, divergence, weights."""
    w, names = res.weights, indicator_names(res, lang)
    f3 = (lambda v: f"{v:.3f}")
    return pd.DataFrame({
        _col("indicator", lang): [names[i] for i in w.index],
        _col("direction", lang): [labels()["directions"][d][lang] for d in w["direction"]],
        _col("entropy", lang): [f3(v) for v in w["entropy"]],
        _col("divergence", lang): [f3(v) for v in w["divergence"]],
        _col("entropy_weight", lang): [f3(v) for v in w["entropy_weight"]],
        _col("equal_weight", lang): [f3(v) for v in w["equal_weight"]],
    })


def profile_table(res: FrameworkResult, lang: str) -> pd.DataFrame:
    """The province on the composite indicators: value with unit, competition rank, normalised value, mean."""
    fw = res.framework.set_index("indicator_id")
    province_name = res.context.province.zh_full if lang == "zh" else res.context.province.en

    def value(x: float, i: str) -> str:
        u = fw.at[i, "unit_zh"] if lang == "zh" else fw.at[i, "unit"]
        return W.pick(lang, f"{W.score(x, lang)}{u}", f"{W.score(x, lang)} {u}".rstrip())

    rows = []
    for i, r in res.profile.iterrows():
        rows.append({_col("indicator", lang): fw.at[i, f"label_{lang}"], province_name: value(r["value"], i),
                     _col("rank", lang): W.rank(r["rank"], r["n"], lang),
                     _col("normalised", lang): f"{r['normalised']:.3f}", _col("mean31", lang): value(r["mean"], i)})
    return pd.DataFrame(rows)


def _criterion_names(res: FrameworkResult, lang: str) -> list[str]:
    dims = dict(zip(res.dimensions["dimension"], res.dimensions[f"dimension_{lang}"]))
    names = {**dims, **indicator_names(res, lang)}
    return [names.get(c, c) for c in res.ahp.weights.index]


def ahp_matrix_table(res: FrameworkResult, lang: str) -> pd.DataFrame:
    """The researcher's judgment matrix with the criteria named in ``lang`` (3 decimals)."""
    names = _criterion_names(res, lang)
    return pd.DataFrame(res.ahp.matrix.to_numpy(), index=names, columns=names).round(3)


def ahp_result_table(res: FrameworkResult, lang: str) -> pd.DataFrame:
    """AHP weights and the consistency check (λmax, CI, RI, CR), 4 decimals."""
    a = res.ahp
    return pd.DataFrame({_col("criterion", lang): _criterion_names(res, lang) + ["λmax", "CI", "RI", "CR"],
                         _col("value", lang): [f"{v:.4f}" for v in list(a.weights) + [a.lambda_max, a.ci, a.ri, a.cr]]})


def weights_chart(res: FrameworkResult, lang: str, with_ahp: bool = False, width_chars: int = 22):
    """Horizontal grouped bars: entropy vs equal weights (and AHP weights when ``with_ahp``) per composite
    indicator; print width 6.3 in, labels >= 8 pt, no inner title (the caption names the chart)."""
    import matplotlib.pyplot as plt

    lab = labels()["chart"]
    cols = [("entropy_weight", lab["entropy"][lang], "#2f6f9f"), ("equal_weight", lab["equal"][lang], "#b9c7d6")]
    data = res.weights[["entropy_weight", "equal_weight"]].copy()
    if with_ahp and res.ahp_weights is not None:
        data["ahp_weight"] = res.ahp_weights.reindex(data.index)
        cols.append(("ahp_weight", lab["ahp"][lang], "#e3a857"))
    n = len(data)
    fig, ax = plt.subplots(figsize=(6.3, 0.9 + 0.75 * n * len(cols) / 2))
    y = np.arange(n)[::-1]
    h = 0.8 / len(cols)
    for k, (c, name, color) in enumerate(cols):
        vals = data[c].to_numpy(dtype="float64")
        pos = y + ((len(cols) - 1) / 2 - k) * h
        ax.barh(pos, vals, h, label=name, color=color)
        for yi, v in zip(pos, vals):
            if np.isfinite(v):
                ax.text(v + 0.01, yi, f"{v:.3f}", va="center", ha="left", fontsize=8)

    def wrap(s: str) -> str:
        if all(ord(ch) < 0x2E80 for ch in s):
            return "\n".join(textwrap.wrap(s, width_chars))
        head, sep, tail = s.partition("（")  # CJK: break before the bracket, then every 14 characters
        return "\n".join([head[i:i + 14] for i in range(0, len(head), 14)] + ([sep + tail] if sep else []))

    names = indicator_names(res, lang)
    ax.set_yticks(y, [wrap(names.get(i, i)) for i in data.index], fontsize=9)
    ax.set_xlabel(_col("weight", lang), fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlim(0, 1.1)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    fig.tight_layout()
    return fig


# ------------------------------------------------------------------------------------------------ passage values
def claim_texts(lang: str) -> dict[str, list[str]]:
    """Theory code -> the claims that test it, worded for a sentence (``labels.yaml`` claim_prose)."""
    c = claims().set_index("claim")
    fmt = labels()["claim_prose"]
    return {t.theory: [fmt["problem" if k.startswith("P") else "aspect"][lang].format(
        chapter=c.at[k, f"chapter_{lang}"], claim=k, label=c.at[k, f"label_{lang}"]) for k in t.claims]
        for t in theories().itertuples(index=False)}


def system_values(res: FrameworkResult, lang: str) -> dict[str, Any]:
    """Names behind the indicator counts for the ``system.*`` passages: ``comparable``, ``none``,
    ``background_in_dims`` (labels), ``background_numbers`` (their numbers in the indicator table),
    ``dims_without`` / ``comparable_dims`` (dimension names), ``cost`` (comparable cost indicators), ``glossary``."""
    names = indicator_names(res, lang)
    fw = _ordered(res.framework, res.dimensions)
    number = dict(zip(fw["indicator_id"], range(1, len(fw) + 1)))
    dims = dict(zip(res.dimensions["dimension"], res.dimensions[f"dimension_{lang}"]))
    c = res.counts
    comp_dims = list(dict.fromkeys(res.framework.set_index("indicator_id").loc[c["comparable_ids"], "dimension"]))
    cost = [i for i in c["comparable_ids"] if res.framework.set_index("indicator_id").at[i, "direction"] == "cost"]
    low = (lambda s: s if lang == "zh" else s[:1].lower() + s[1:])
    return {"comparable": [names[i] for i in c["comparable_ids"]], "uncovered": [names[i] for i in c["none_ids"]],
            "background_in_dims": [names[i] for i in c["background_in_dimensions"]],
            "background_numbers": [number[i] for i in c["background_in_dimensions"]],
            "dims_without": [low(dims[d]) for d in c["dimensions_without_comparable"]],
            "comparable_dims": [low(dims[d]) for d in comp_dims], "cost": [names[i] for i in cost],
            "glossary": glossary(res, lang)}


def weight_values(res: FrameworkResult, lang: str) -> dict[str, Any]:
    """Fields of the ``weights.result`` passage: the two indicators, their weights, the outlier province on the
    lower-weighted one with its value, the median (with unit) and the others' median normalised value."""
    f, names = res.facts, indicator_names(res, lang)
    fw = res.framework.set_index("indicator_id")
    unit = fw.at[f["low"], "unit_zh" if lang == "zh" else "unit"]
    with_u = (lambda v: W.pick(lang, f"{v:.1f}{unit}", f"{v:.1f} {unit}"))
    from heilongjiang_newmedia.loading.regions import resolve_province

    return {"top": names[f["top"]], "low": names[f["low"]], "top_weight": f["top_weight"], "low_weight": f["low_weight"],
            "equal_weight": f["equal_weight"], "outlier": resolve_province(f["outlier"]).name(lang),
            "outlier_value": with_u(f["outlier_value"]), "median": with_u(f["median"]),
            "others_median": f["others_normalised_median"]}


def ahp_values(res: FrameworkResult, lang: str) -> dict[str, Any]:
    """Fields of the ``ahp.*`` passages: ``cr``, ``lambda_max``, ``ci``; ``unapplied`` criteria [{name, weight}] and
    their ``total`` weight (when the matrix is consistent)."""
    a = res.ahp
    dims = dict(zip(res.dimensions["dimension"], res.dimensions[f"dimension_{lang}"]))
    names = {**dims, **indicator_names(res, lang)}
    un = res.ahp_weights.attrs.get("unapplied", {}) if res.ahp_weights is not None else {}
    return {"cr": a.cr, "lambda_max": a.lambda_max, "ci": a.ci,
            "unapplied": [{"name": names.get(k, k), "weight": v} for k, v in un.items()], "total": sum(un.values())}
