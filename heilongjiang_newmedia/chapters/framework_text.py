"""Chapter 2 for the reader: display tables, the indicator glossary, the weights chart and the prose templates.

Every table here is narrow enough for a portrait A4 page (at most six short columns); long definitions go to the
numbered glossary under the indicator table. Templates are ``(zh, en)`` pairs with ``{name}`` fields that the
notebook fills from computed values through ``ch.say``.
"""
from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.chapters.framework_tables import direction_label, load_dimensions, role_label

__all__ = ["dimension_table", "with_unit", "indicator_table", "glossary", "coverage_label", "weights_table", "profile_table",
           "weights_chart", "weights_values", "score_values", "TEXT"]


def _ordered(framework: pd.DataFrame) -> pd.DataFrame:
    """Indicators in dimension order (reach, interaction, platform, service, security, context), file order within."""
    order = dict(zip(load_dimensions()["dimension"], load_dimensions()["order"]))
    return framework.assign(_o=framework["dimension"].map(order)).sort_values("_o", kind="stable").drop(columns="_o")


def _numbered(framework: pd.DataFrame) -> pd.Series:
    """Glossary numbers (1, 2, …) of the indicators in table order, index = indicator id."""
    return pd.Series(range(1, len(framework) + 1), index=framework["indicator_id"].to_numpy())


def dimension_table(framework: pd.DataFrame, cov: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Theory -> dimension table: theory, dimension, what it asks, indicators listed and how many of them are
    comparable across all 31 provinces. Five columns in the report language."""
    zh = lang == "zh"
    rows = []
    for d in load_dimensions().itertuples(index=False):
        sel = framework[framework["dimension"] == d.dimension]
        comp = sel.loc[sel["role"] == "composite", "indicator_id"].tolist()
        full = [i for i in comp if int(cov.at[i, "n_provinces"]) == 31]
        rows.append({
            W.pick(lang, "理论", "Theory"): d.theory_zh if zh else d.theory_en,
            W.pick(lang, "评价维度", "Dimension"): d.dimension_zh if zh else d.dimension_en,
            W.pick(lang, "评价什么", "What it asks"): d.description_zh if zh else d.description_en,
            W.pick(lang, "指标数", "Indicators"): W.pick(lang, f"{len(sel)}项", f"{len(sel)}"),
            W.pick(lang, "31省可比", "Comparable, 31 provinces"): W.pick(lang, f"{len(full)}项", f"{len(full)}"),
        })
    return pd.DataFrame(rows)


def _years(text: str, lang: str) -> str:
    ys = sorted({y for y in str(text).split("、") if y.isdigit()})
    if not ys:
        return ""
    span = ys[0] if len(ys) == 1 else f"{ys[0]}—{ys[-1]}" if lang == "zh" else f"{ys[0]}–{ys[-1]}"
    return W.pick(lang, f"{span}年", span)


def coverage_label(n_provinces: int, years: str, lang: str = "zh") -> str:
    """Coverage in words: ``31个省份，2019年`` / ``31 provinces, 2019``; ``无数据`` / ``no data`` for none."""
    if int(n_provinces) == 0:
        return W.missing(lang)
    y = _years(years, lang)
    where = W.pick(lang, f"{int(n_provinces)}个省份", f"{int(n_provinces)} province" + ("s" if int(n_provinces) != 1 else ""))
    return where + (W.pick(lang, "，", ", ") + y if y else "")


def with_unit(label: str, unit: str, lang: str = "zh") -> str:
    """An indicator label with its unit in one bracket: ``指数（2019；指数分）`` / ``Index (2019; index points)``."""
    if not unit:
        return label
    close, open_ = ("）", "（") if lang == "zh" else (")", " (")
    if label.endswith(close):
        return label[:-1] + ("；" if lang == "zh" else "; ") + unit + close
    return f"{label}{open_}{unit}{close}"


def indicator_table(framework: pd.DataFrame, cov: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The indicator system on a portrait page: number (refers to the glossary), dimension, indicator with unit,
    direction, role and data coverage (provinces of 31 and years, computed from the data)."""
    zh = lang == "zh"
    framework = _ordered(framework)
    c = cov.reindex(framework["indicator_id"])
    unit = framework["unit_zh" if zh else "unit"]
    label = framework["label_zh" if zh else "label_en"]
    return pd.DataFrame({
        W.pick(lang, "序号", "No."): _numbered(framework).to_numpy(),
        W.pick(lang, "维度", "Dimension"): [W.pick(lang, "背景", "Context") if d == "context" else n for d, n in
                                          zip(framework["dimension"], framework["dimension_zh" if zh else "dimension_en"])],
        W.pick(lang, "指标（单位）", "Indicator (unit)"): [with_unit(lab, u, lang) for lab, u in zip(label, unit)],
        W.pick(lang, "方向", "Direction"): [direction_label(d, lang) for d in framework["direction"]],
        W.pick(lang, "用途", "Role"): [role_label(r, lang) for r in framework["role"]],
        W.pick(lang, "数据覆盖", "Data coverage"): [coverage_label(n, y, lang) for n, y in
                                                   zip(c["n_provinces"].fillna(0), c["years"].fillna(""))],
    })


def glossary(framework: pd.DataFrame, lang: str = "zh") -> list[tuple[int, str, str]]:
    """``(number, indicator label, definition)`` per indicator in the report language, numbered as in the table."""
    zh = lang == "zh"
    framework = _ordered(framework)
    return [(int(n), lab, d) for n, lab, d in zip(_numbered(framework), framework["label_zh" if zh else "label_en"],
                                                 framework["definition_zh" if zh else "definition"])]


def weights_table(weights: pd.DataFrame, framework: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Entropy and equal weights per composite indicator: indicator, direction, entropy e, divergence d, weights."""
    fw = framework.set_index("indicator_id")
    zh = lang == "zh"
    return pd.DataFrame({
        W.pick(lang, "指标", "Indicator"): [fw.at[i, "label_zh" if zh else "label_en"] for i in weights.index],
        W.pick(lang, "方向", "Direction"): [direction_label(d, lang) for d in weights["direction"]],
        W.pick(lang, "信息熵", "Entropy"): [f"{v:.3f}" for v in weights["entropy"]],
        W.pick(lang, "差异系数", "Divergence"): [f"{v:.3f}" for v in weights["divergence"]],
        W.pick(lang, "熵权", "Entropy weight"): [f"{v:.3f}" for v in weights["entropy_weight"]],
        W.pick(lang, "等权重", "Equal weight"): [f"{v:.3f}" for v in weights["equal_weight"]],
    })


def _value(x: float, unit_zh: str, unit_en: str, lang: str) -> str:
    s = W.score(x, lang, 2)
    return W.pick(lang, f"{s}{unit_zh}", f"{s} {unit_en}".rstrip())


def profile_table(profile: pd.DataFrame, framework: pd.DataFrame, province_name: str, lang: str = "zh") -> pd.DataFrame:
    """A province on the composite indicators: value with unit, competition rank of 31, normalised value, mean."""
    fw = framework.set_index("indicator_id")
    zh = lang == "zh"
    rows = []
    for i, r in profile.iterrows():
        uz, ue = fw.at[i, "unit_zh"], fw.at[i, "unit"]
        rows.append({
            W.pick(lang, "指标", "Indicator"): fw.at[i, "label_zh" if zh else "label_en"],
            province_name: _value(r["value"], uz, ue, lang),
            W.pick(lang, "排名", "Rank"): W.rank(r["rank"], r["n"], lang),
            W.pick(lang, "标准化值（0—1）", "Normalised (0–1)"): f"{r['normalised']:.3f}",
            W.pick(lang, "31省均值", "Mean of 31"): _value(r["mean"], uz, ue, lang),
        })
    return pd.DataFrame(rows)


def weights_chart(weights: pd.DataFrame, labels: Mapping[str, str], xlabel: str,
                  names: Sequence[str] = ("entropy", "equal"), extra: pd.Series | None = None,
                  extra_name: str = "AHP", width_chars: int = 22):
    """Horizontal grouped bars: entropy vs equal weights (and optionally AHP weights) per composite indicator.

    Horizontal bars keep long indicator labels readable (wrapped at ``width_chars``); print width 6.3 in, labels
    >= 8 pt, no inner title (the caption names the chart)."""
    import matplotlib.pyplot as plt

    cols = [("entropy_weight", names[0], "#2f6f9f"), ("equal_weight", names[1], "#b9c7d6")]
    data = weights[["entropy_weight", "equal_weight"]].copy()
    if extra is not None:
        data["ahp_weight"] = extra.reindex(data.index)
        cols.append(("ahp_weight", extra_name, "#e3a857"))
    n = len(data)
    fig, ax = plt.subplots(figsize=(6.3, 0.9 + 0.75 * n * len(cols) / 2))
    y = np.arange(n)[::-1]
    h = 0.8 / len(cols)
    for k, (c, lab, color) in enumerate(cols):
        vals = data[c].to_numpy(dtype="float64")
        pos = y + ((len(cols) - 1) / 2 - k) * h
        ax.barh(pos, vals, h, label=lab, color=color)
        for yi, v in zip(pos, vals):
            if np.isfinite(v):
                ax.text(v + 0.01, yi, f"{v:.3f}", va="center", ha="left", fontsize=8)
    def wrap(s: str) -> str:
        if all(ord(c) < 0x2E80 for c in s):
            return "\n".join(textwrap.wrap(s, width_chars))
        head, sep, tail = s.partition("（")  # CJK: break before the bracket, then every 14 characters
        lines = [head[i:i + 14] for i in range(0, len(head), 14)] + ([sep + tail] if sep else [])
        return "\n".join(lines)

    ax.set_yticks(y, [wrap(labels.get(i, i)) for i in data.index], fontsize=9)
    ax.set_xlabel(xlabel, fontsize=9)
    ax.tick_params(axis="x", labelsize=8)
    ax.set_xlim(0, 1.1)
    ax.legend(fontsize=8, frameon=False, loc="lower right")
    fig.tight_layout()
    return fig


#: Prose templates of chapter 2: key -> (zh, en).
TEXT: dict[str, tuple[str, str]] = {
    "comparable": (
        "在{n_dim}个评价维度的{n_ind}项指标中，只有**{n_comp}项**在{n}个省份都有同一口径的数值：{comp}。"
        "其余{n_rest}项中，{n_ev}项只有部分省份或不同时期的数据（作为第三、四章的证据），{n_nc}项（{nc}）本书的数据完全没有。"
        "{no}这{n_no}个维度没有任何31省可比的指标。因此，本书的综合评价只覆盖{dims_comp}两个方面，"
        "而且两项指标都不直接衡量政务微博、微信等账号本身：它是“数字政府服务能力与政务网站集约化”的参考值，"
        "不是政务新媒体发展水平的完整评价。",
        "Of the {n_ind} indicators in {n_dim} evaluation dimensions, only **{n_comp}** have a value for all {n} provinces on "
        "one basis: {comp}. Of the other {n_rest}, {n_ev} have data for some provinces or periods only (used as evidence in "
        "chapters 3 and 4) and {n_nc} ({nc}) are not in the data at all. The {n_no} dimensions {no} have no indicator "
        "comparable across the 31 provinces. The book's composite therefore covers only {dims_comp}, and neither "
        "indicator measures the government Weibo, WeChat or video accounts themselves: it is an indicative measure of "
        "digital government service capability and website consolidation, not a full evaluation of government new media."),
    "direction": (
        "“{lab}”取**逆向**：2017年国务院办公厅印发《政府网站发展指引》，要求整合关停分散的政府网站、建设集约化平台，"
        "网站减少是有意的政策结果，所以每百万人网站越少表示平台越集约。这一方向是解释性选择，并非数据本身的事实——"
        "也可以把网站密度理解为服务供给，第五章报告了取正向时各省排名的变化。该指标的分子为2019年底网站数，分母为2020年普查人口，时点不完全一致。",
        "\"{lab}\" is a **cost** indicator: the State Council General Office's 2017 Guidelines for the Development of "
        "Government Websites asked provinces to merge and close scattered sites onto consolidated platforms, so fewer sites "
        "were a deliberate policy outcome and fewer sites per million residents means more consolidation. The direction "
        "is an interpretive choice, not a fact in the data — site density can also be read as service supply; chapter 5 "
        "shows how the provinces' ranking changes under that reading. The numerator is the end-2019 count and the "
        "denominator the 2020 census population, so the two dates differ slightly."),
    "weights": (
        "熵权法给“{top}”{wt}的权重，给“{low}”{wl}；等权重各为{eq}。权重的差别不是判断，而是数据分布的结果："
        "在“{low}”上，{outlier}一省为{omax}，远高于其他省份（中位数{omed}），标准化后其余省份的数值集中在1附近"
        "（中位数{nmed}），信息熵高、权重低。只有两项指标时，熵权几乎由这一个极端值决定。",
        "The entropy method gives \"{top}\" a weight of {wt} and \"{low}\" {wl}; equal weights are {eq} each. The difference "
        "is not a judgment but a result of the data's distribution: on \"{low}\" one province, {outlier}, has {omax}, far "
        "above the others (median {omed}); after normalisation the other provinces bunch near 1 (median {nmed}), so the "
        "indicator's entropy is high and its weight low. With only two indicators, the entropy weights are decided almost "
        "entirely by this one extreme value."),
    "score": (
        "**加权得分**是各指标极差标准化值（0—1，1为31省中最好）的加权和。按熵权，{p}得{ws}，{rw}；按等权重得{eq}，{re}。"
        "{change}第五章用同两项指标和同样的熵权计算TOPSIS贴近度，并与这里的加权得分相互对照。",
        "The **weighted score** is the weighted sum of the min-max normalised values (0–1, 1 = best of the 31 provinces). "
        "With entropy weights {p} scores {ws}, {rw}; with equal weights {eq}, {re}. {change}Chapter 5 computes the TOPSIS "
        "closeness on the same two indicators with the same entropy weights and compares it with this weighted score."),
    "score_rank_moves": (
        "等权重得分是熵权得分的{ratio}倍，名次随之由{rw}变为{re}：加权方式本身就能明显改变{p}的位置，单一得分只能作参考。",
        "The equal-weight score is {ratio} times the entropy-weighted one and the rank moves from {rw} to {re}: the "
        "weighting alone can move {p} markedly, so any single score is indicative only. "),
    "score_rank_stable": (
        "等权重得分是熵权得分的{ratio}倍，名次却只由{rw}变为{re}：换权重时各省得分同向变化，{p}的相对位置基本稳定。"
        "得分的绝对值因而没有独立含义，只能用来比较省份之间的先后。",
        "The equal-weight score is {ratio} times the entropy-weighted one, yet the rank only moves from {rw} to {re}: "
        "the provinces' scores move together when the weights change, so {p}'s relative position is fairly stable. The "
        "score's absolute level therefore has no meaning of its own; it only orders the provinces. "),
    "ahp_none": (
        "层次分析法（AHP）把专家对各准则重要性的两两比较（Saaty 1—9标度）写成判断矩阵，以其最大特征值对应的特征向量作为权重，"
        "并用一致性比率CR检验判断是否自相矛盾：CR=CI/RI，其中CI=(λmax−n)/(n−1)，RI为同阶随机矩阵的平均一致性指标；"
        "CR<0.10时认为判断可以接受。AHP权重的前提是真实的专家判断。本书没有组织专家打分，也不构造判断矩阵，因此不报告AHP权重；"
        "即使有了判断，{n_no}个没有31省可比指标的维度的权重也无法落到数据上。",
        "The analytic hierarchy process (AHP) turns experts' pairwise comparisons of the criteria (Saaty's 1–9 scale) into a "
        "judgment matrix, takes the principal eigenvector as the weights, and checks with the consistency ratio CR whether "
        "the judgments contradict one another: CR = CI/RI, where CI = (λmax − n)/(n − 1) and RI is the mean consistency "
        "index of random matrices of the same size; CR < 0.10 is acceptable. AHP weights need real expert judgments. This "
        "book did not survey experts and does not construct a judgment matrix, so it reports no AHP weights; even with "
        "judgments, the weight of the {n_no} dimensions without a comparable indicator could not be applied to data."),
    "summary": (
        "本章把三种理论落实为{n_dim}个评价维度和{n_ind}项指标，并逐项说明数据能否支持。结论有三：第一，只有{n_comp}项指标"
        "（{comp}）在31个省份可比，{no}没有可比数据，综合评价只是参考；第二，两项指标的熵权由一个极端值决定，"
        "{p}的加权得分在熵权下为{ws}、等权重下为{eq}，{sens}；第三，政务新媒体本身（账号、互动、安全）"
        "只能用部分省份或部分时期的证据来讨论，这正是第三、四章的做法。后续各章在此框架内回答研究问题，凡用到综合得分之处都标明其覆盖范围。",
        "This chapter turned the three theories into {n_dim} evaluation dimensions and {n_ind} indicators and stated for "
        "each whether the data can support it. Three conclusions follow. First, only {n_comp} indicators ({comp}) are "
        "comparable across the 31 provinces and {no} have no comparable data, so the composite is indicative. Second, the "
        "entropy weights of the two indicators are decided by one extreme value: {p}'s weighted score is {ws} with entropy "
        "weights and {eq} with equal weights; {sens}. Third, government new media "
        "themselves (accounts, interaction, security) can only be discussed with evidence for some provinces or periods, "
        "which is what chapters 3 and 4 do. The later chapters answer the research questions within this framework and "
        "state the coverage wherever they use the composite."),
}


def weights_values(matrix: pd.DataFrame, weights: pd.DataFrame, framework: pd.DataFrame, lang: str) -> dict[str, str]:
    """Fields of the ``weights`` template: the two weights, the outlier province on the lower-weighted indicator
    (the worst value in its direction), that indicator's median and the others' median normalised value."""
    from heilongjiang_newmedia.chapters.framework_tables import directions
    from heilongjiang_newmedia.loading.regions import resolve_province

    fw = framework.set_index("indicator_id")
    lab = fw["label_zh" if lang == "zh" else "label_en"]
    top, low = weights["entropy_weight"].idxmax(), weights["entropy_weight"].idxmin()
    x = matrix[low]
    cost = directions(framework, [low])[low] == "cost"
    norm = (x.max() - x) / (x.max() - x.min()) if cost else (x - x.min()) / (x.max() - x.min())
    out = x.idxmax() if cost else x.idxmin()
    fmt = lambda v: W.pick(lang, f"{v:.1f}{fw.at[low, 'unit_zh']}", f"{v:.1f} {fw.at[low, 'unit']}")
    return {"top": lab[top], "low": lab[low], "wt": f"{weights.at[top, 'entropy_weight']:.3f}",
            "wl": f"{weights.at[low, 'entropy_weight']:.3f}", "eq": f"{weights.at[top, 'equal_weight']:.3f}",
            "outlier": resolve_province(out).name(lang), "omax": fmt(x[out]), "omed": fmt(x.median()),
            "nmed": f"{norm.drop(out).median():.3f}"}


def score_values(scores: pd.DataFrame, province: str, province_name: str, lang: str) -> dict[str, object]:
    """Fields of the ``score`` template (and ``sens`` for the summary) for ``province`` from
    :func:`framework_weights.weighted_scores`; ``moved`` is True when the rank changes by 3 or more places."""
    ws, eq = float(scores.at[province, "entropy_score"]), float(scores.at[province, "equal_score"])
    n = len(scores)
    rw, re_ = W.rank(scores.at[province, "entropy_rank"], n, lang), W.rank(scores.at[province, "equal_rank"], n, lang)
    moved = abs(int(scores.at[province, "entropy_rank"]) - int(scores.at[province, "equal_rank"])) >= 3
    t = TEXT["score_rank_moves" if moved else "score_rank_stable"]
    change = W.pick(lang, *t).format(ratio=f"{eq / ws:.1f}" if ws > 0 else "—", rw=rw, re=re_, p=province_name)
    sens = W.pick(lang, "得分对权重敏感" + ("，名次也随之明显变化" if moved else "，名次则较稳定"),
                  "the score is sensitive to the weighting" + (" and so is the rank" if moved else ", the rank less so"))
    return {"p": province_name, "ws": f"{ws:.3f}", "eq": f"{eq:.3f}", "rw": rw, "re": re_, "change": change,
            "sens": sens, "moved": moved}
