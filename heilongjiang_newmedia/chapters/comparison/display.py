"""Chapter 5's display tables: values as printed (``text.wording``), headers and labels from ``tables/*.yaml``.

One precision per measure: index scores and per-million densities 2 decimals, TOPSIS closeness 3, UN indices 4;
percentages 1 decimal (as the sources print them), means of counts 1 decimal; counts in 万/亿 (zh) or thousands separators (en). No index-name rows:
every table has a plain range index.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from heilongjiang_newmedia.loading.yamlfile import read_yaml

from heilongjiang_newmedia.text import wording as W
from heilongjiang_newmedia.text.terms import thesis_terms

__all__ = ["labels", "place_name", "profile_table", "background_table", "regions_table", "lead_lag_table",
           "practices_table", "bearing_table", "aspects_table", "observations_table"]

TABLES = Path(__file__).with_name("tables")


@lru_cache(maxsize=1)
def _yaml(name: str) -> dict[str, Any]:
    return read_yaml(TABLES / name)


def labels() -> dict[str, Any]:
    """``tables/labels.yaml`` merged with ``tables/problems.yaml`` (the aspects) and the problem and countermeasure
    names of ``text/thesis_terms.yaml``."""
    return {**_yaml("labels.yaml"), **_yaml("problems.yaml"), **thesis_terms()}


def _l(group: str, key: str, lang: str) -> str:
    return labels()[group][key][lang]


def _cols(keys: list[str], lang: str) -> list[str]:
    return [_l("columns", k, lang) for k in keys]


def place_name(region: str, lang: str, names_en: dict[str, str]) -> str:
    """A province (short Chinese name) or a country (ISO3) as printed."""
    if len(region) == 3 and region.isascii() and region.isupper():
        return W.country(region, lang)
    return region if lang == "zh" else names_en.get(region, region)


def _value(x: Any, unit_zh: str, unit_en: str, lang: str) -> str:
    if W.is_missing(x):
        return W.missing(lang)
    if unit_zh in ("%", "百分比"):
        return W.percent(x, lang, 1)            # shares as the sources print them: one decimal (53.9%, 21.1%)
    if unit_zh in ("人", "个") and abs(float(x)) >= 1e4:
        return W.count(x, lang, unit_zh, unit_en)
    v = float(x)
    whole = unit_zh in ("人", "个", "家")       # a mean of counts: one decimal (422.5个), never 422.50
    s = W.pick(lang, f"{v:.0f}", f"{v:,.0f}") if abs(v) >= 1000 or v.is_integer() else f"{v:.{1 if whole else 2}f}"
    return W.pick(lang, f"{s}{unit_zh}", f"{s} {unit_en}".strip())


def _units(fw: pd.DataFrame) -> dict[str, tuple[str, str]]:
    return {i: (z.replace("指数分", "分"), e.replace("index points", "points"))
            for i, z, e in zip(fw["indicator_id"], fw["unit_zh"], fw["unit"])}


def _label(fw: pd.DataFrame, lang: str) -> dict[str, str]:
    return dict(zip(fw["indicator_id"], fw["label_zh" if lang == "zh" else "label_en"]))


def profile_table(res: Any, lang: str) -> pd.DataFrame:
    """Chapter 2's evaluation indicators comparable with the benchmarks: the province, the benchmark and peer
    means, the province's competition rank and the best province."""
    units, lab = _units(res.framework), _label(res.framework, lang)
    ev = res.profile[res.profile["evaluation"]] if len(res.profile) else res.profile
    rows = []
    for r in ev.itertuples(index=False):
        uz, ue = units[r.indicator]
        lead = [place_name(x, lang, res.names_en) for x in str(r.leader).split("、")]
        rows.append([lab[r.indicator], _value(r.value, uz, ue, lang), _value(r.benchmark_mean, uz, ue, lang),
                     _value(r.peer_mean, uz, ue, lang), W.rank(r.rank, r.n, lang), W.listing(lead, lang)])
    return pd.DataFrame(rows, columns=_cols(["indicator", "province", "benchmark_mean", "peer_mean", "rank", "leader"], lang))


def background_table(res: Any, lang: str) -> pd.DataFrame:
    """Chapter 2's background items: the province and the two group means, not ranked (no better or worse)."""
    units, lab = _units(res.framework), _label(res.framework, lang)
    bg = res.profile[~res.profile["evaluation"]] if len(res.profile) else res.profile
    rows = [[lab[r.indicator], _value(r.value, *units[r.indicator], lang),
             _value(r.benchmark_mean, *units[r.indicator], lang), _value(r.peer_mean, *units[r.indicator], lang)]
            for r in bg.itertuples(index=False)]
    return pd.DataFrame(rows, columns=_cols(["variable", "province", "benchmark_mean", "peer_mean"], lang))


def regions_table(res: Any, lang: str) -> pd.DataFrame:
    """NBS four regions: provinces, mean TOPSIS closeness (3 decimals), mean of each composite indicator
    (2 decimals) and the regions' rank; the province's region marked * (explained in the note)."""
    lab, reg = _label(res.framework, lang), res.regions
    out = pd.DataFrame({_l("columns", "region", lang): [_l("regions", r, lang) + ("*" if m else "")
                                                         for r, m in zip(reg["region"], reg["is_province_region"])],
                        _l("columns", "n_provinces", lang): reg["n_provinces"].astype(int).tolist(),
                        _l("columns", "closeness", lang): [f"{v:.3f}" for v in reg["closeness"]]})
    for c in res.comp.matrix.columns:
        out[lab[c]] = [f"{v:.2f}" for v in reg[c]]
    out[_l("columns", "region_rank", lang)] = reg["rank"].astype(int).tolist()
    return out


def lead_lag_table(res: Any, lang: str) -> pd.DataFrame:
    """China against the comparison-country mean on each UN index of the latest edition (4 decimals)."""
    ll = res.lead_lag
    paren = ("（", "）") if lang == "zh" else (" (", ")")
    return pd.DataFrame({
        _l("columns", "index", lang): [_l("un_indices", i, lang) for i in ll["indicator"]],
        _l("columns", "china", lang): [f"{v:.4f}" for v in ll["focus_value"]],
        _l("columns", "comparison_mean", lang): [f"{v:.4f}" for v in ll["comparison_mean"]],
        _l("columns", "difference", lang): [f"{v:+.4f}" for v in ll["diff"]],
        _l("columns", "best_country", lang): [f"{b:.4f}{paren[0]}{W.country(c, lang)}{paren[1]}"
                                              for b, c in zip(ll["best"], ll["best_country"])],
        _l("columns", "china_place", lang): [W.rank(p, n, lang) for p, n in zip(ll["position"], ll["n"])]})


def practices_table(res: Any, lang: str, countries: bool) -> pd.DataFrame:
    """Documented practice rows of the benchmark provinces (``countries=False``) or countries: region, practice,
    the figure as printed (or "no figure" for a launch or a rule) and the date it refers to."""
    s = res.shown
    is_c = s["region"].str.fullmatch(r"[A-Z]{3}") if len(s) else pd.Series(dtype=bool)
    s = s[is_c == countries] if len(s) else s
    nofig = labels()["no_figure"][lang]
    return pd.DataFrame({_l("columns", "place", lang): [place_name(r, lang, res.names_en) for r in s["region"]],
                         _l("columns", "practice", lang): s["practice"].tolist(),
                         _l("columns", "fact", lang): [f or nofig for f in s["fact"]],
                         _l("columns", "date", lang): s["date"].tolist()})


def bearing_table(res: Any, lang: str) -> pd.DataFrame:
    """The book's reading: each curated practice and the problems and countermeasures it speaks to."""
    g = res.shown[res.shown["group"] != ""].drop_duplicates("group")
    sep = "；" if lang == "zh" else "; "
    return pd.DataFrame({
        _l("columns", "place", lang): [place_name(r, lang, res.names_en) for r in g["region"]],
        _l("columns", "practice", lang): g["group_name"].tolist(),
        _l("columns", "problem", lang): [sep.join(_l("problems", p, lang) for p in x.split(";")) for x in g["problems"]],
        _l("columns", "countermeasure", lang): [sep.join(_l("countermeasures", c, lang) for c in x.split(";"))
                                                for x in g["countermeasures"]]})


def aspects_table(res: Any, lang: str) -> pd.DataFrame:
    """The five aspects: independent observations for and against, rows not counted, and the verdict."""
    from heilongjiang_newmedia.text.filters import verdict_label

    r = res.ratings
    return pd.DataFrame({_l("columns", "aspect", lang): [_l("aspects", a, lang) for a in r["claim"]],
                         _l("columns", "n_for", lang): r["n_for"].astype(int).tolist(),
                         _l("columns", "n_against", lang): r["n_against"].astype(int).tolist(),
                         _l("columns", "n_excluded", lang): r["n_excluded"].astype(int).tolist(),
                         _l("columns", "verdict", lang): [verdict_label(v, lang) for v in r["verdict"]]})


def observations_table(res: Any, lang: str) -> pd.DataFrame:
    """Every observation considered: its aspect, what it is, its direction and whether it counts (and why not)."""
    o = res.observations
    return pd.DataFrame({_l("columns", "aspect", lang): [_l("aspects", a, lang) for a in o["claim"]],
                         _l("columns", "observation", lang): o["label"].tolist(),
                         _l("columns", "direction", lang): [_l("directions", d, lang) for d in o["direction"]],
                         _l("columns", "counted", lang): [_l("counted", e, lang) for e in o["excluded"]]})
