"""International comparison (chapter 5): UN E-Government Survey indices and ITU internet use. These describe
China's national context, not the focus province's position abroad. Documented practices of the comparison
countries are in :mod:`comparison_lessons`.

Definitions (UN DESA E-Government Survey, see ``data/raw/international/NOTES.md``):

* EGDI - E-Government Development Index, 0-1: the simple mean of three components, each z-scored and rescaled
  to 0-1 *within the edition*: OSI (Online Service Index, expert review of national portals), TII
  (Telecommunication Infrastructure Index, ITU statistics) and HCI (Human Capital Index, UNESCO statistics).
* EPI - E-Participation Index, 0-1: supplementary index (e-information, e-consultation, e-decision-making), not
  part of the EGDI.
* ``rank``: the published EGDI rank among the 193 UN Member States (1 = best). The data files publish no
  component ranks and none are computed here.

Because every edition is re-scaled against that edition's field (best country = 1 on OSI and EPI), a change of
level between editions is not a change in absolute quality; ranks and gaps to the comparison group are the more
meaningful comparison. Known breaks: 2010 (OSI questionnaire), 2014 (HCI adds years of schooling), 2022 (OSI split
into sub-indices; overall OSI still reported).

ITU "individuals using the Internet" is in percent of population. ITU's 2023 figure for China uses a new definition
(it adds people who say they do not use the Internet but do use apps such as WeChat), so China 2023+ is a new
series; the OWID/World Bank copy and the ITU DataHub export are different vintages and are never mixed in one line.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from heilongjiang_newmedia.text import wording as W

__all__ = ["UN_COMPONENTS", "EGDI_DEFAULT_START", "ITU_DEFINITION_CHANGE_YEAR", "egdi_panel", "egdi_trend",
           "latest_edition", "components", "lead_lag", "itu_series",
           "egdi_chart", "components_chart", "itu_chart", "country_label", "component_label", "egdi_table",
           "lead_lag_table"]

#: Components shown for the latest edition (EGDI components plus the supplementary EPI).
UN_COMPONENTS = ("osi", "tii", "hci", "epi")
#: First edition shown by default: the issue scopes the comparison to 2012-2024; earlier editions used a different
#: design (2003-2008) and the OSI questionnaire changed in 2010 (NOTES.md, breaks 1-2).
EGDI_DEFAULT_START = 2012
#: Year from which ITU's China figure follows the new definition (NOTES.md, "Disagreements between sources").
ITU_DEFINITION_CHANGE_YEAR = 2023

_CONF = {"high": 0, "medium": 1, "low": 2}
_CITE = ["source_url", "source_title", "source_date", "locator", "confidence"]
_COMPONENT_LABELS = {
    "egdi": ("电子政务发展指数(EGDI)", "E-Government Development Index (EGDI)"),
    "osi": ("在线服务指数(OSI)", "Online Service Index (OSI)"),
    "tii": ("电信基础设施指数(TII)", "Telecommunication Infrastructure Index (TII)"),
    "hci": ("人力资本指数(HCI)", "Human Capital Index (HCI)"),
    "epi": ("电子参与指数(EPI)", "E-Participation Index (EPI)"),
}
_COUNTRY_ZH = {"CHN": "中国", "DNK": "丹麦", "KOR": "韩国", "SGP": "新加坡", "GBR": "英国", "USA": "美国",
               "EST": "爱沙尼亚", "JPN": "日本", "FIN": "芬兰", "AUS": "澳大利亚", "NZL": "新西兰", "DEU": "德国",
               "FRA": "法国", "RUS": "俄罗斯", "WLD": "世界", "NOR": "挪威", "IND": "印度", "BRA": "巴西",
               "SAU": "沙特阿拉伯", "ARE": "阿联酋", "CHE": "瑞士", "NLD": "荷兰", "SWE": "瑞典"}


_COUNTRY_EN = {"CHN": "China", "DNK": "Denmark", "KOR": "Korea", "SGP": "Singapore", "GBR": "UK", "USA": "USA",
               "EST": "Estonia", "JPN": "Japan", "FIN": "Finland", "AUS": "Australia", "NZL": "New Zealand",
               "DEU": "Germany", "FRA": "France", "RUS": "Russia", "WLD": "World", "NOR": "Norway", "IND": "India",
               "BRA": "Brazil", "SAU": "Saudi Arabia", "ARE": "UAE", "CHE": "Switzerland", "NLD": "Netherlands",
               "SWE": "Sweden"}


def component_label(indicator: str, lang: str = "zh") -> str:
    """Display name of a UN index (``egdi``, ``osi``, ``tii``, ``hci``, ``epi``)."""
    zh, en = _COMPONENT_LABELS.get(indicator, (indicator.upper(), indicator.upper()))
    return en if lang == "en" else zh


def country_label(iso3: str, names: dict[str, str] | None = None, lang: str = "zh") -> str:
    """Display name of a country: a short Chinese / English name where known, else the UN English name (from
    ``names``), else the ISO3 code."""
    short = _COUNTRY_EN if lang == "en" else _COUNTRY_ZH
    if iso3 in short:
        return short[iso3]
    if names and iso3 in names:
        return names[iso3]
    return iso3


def _best_rows(df: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """One row per ``keys``: the highest-confidence row (ties: first in file order)."""
    out = df.assign(_c=df["confidence"].map(_CONF).fillna(3)).reset_index(names="_pos")
    out = out.sort_values(["_c", "_pos"]).drop_duplicates(keys).sort_values("_pos")
    return out.drop(columns=["_c", "_pos"]).reset_index(drop=True)


def egdi_panel(un: pd.DataFrame, countries: Iterable[str], start_year: int | None = None,
               end_year: int | None = None, indicators: Sequence[str] = ("egdi", *UN_COMPONENTS)) -> pd.DataFrame:
    """Country rows of ``un_egdi`` for ``countries`` (ISO3) and editions ``start_year``-``end_year``.

    ``start_year`` defaults to :data:`EGDI_DEFAULT_START`, ``end_year`` to the latest edition in the data. Rows
    holding only a nationally published component rank (no value) are dropped; where two cited rows give the same
    (edition, country, indicator) the higher-confidence row is kept (e.g. Switzerland 2024 rank 26, not the
    low-confidence 20). Columns: ``survey_year``, ``iso3``, ``country``, ``indicator``, ``value`` (index 0-1),
    ``rank`` (EGDI rank among 193, else missing) and the citation columns. Countries absent from the data are
    simply absent (``attrs["missing_countries"]`` lists them).
    """
    codes = [str(c).upper() for c in countries]
    df = un[(un["entity_type"] == "country") & un["value"].notna() & un["iso3"].isin(codes)
            & un["indicator"].isin(list(indicators))]
    start = EGDI_DEFAULT_START if start_year is None else int(start_year)
    df = df[df["survey_year"] >= start]
    if end_year is not None:
        df = df[df["survey_year"] <= int(end_year)]
    df = _best_rows(df, ["survey_year", "iso3", "indicator"])
    keep = ["survey_year", "iso3", "country", "indicator", "value", "rank", *_CITE]
    out = df[keep].sort_values(["survey_year", "iso3", "indicator"]).reset_index(drop=True)
    out.attrs["missing_countries"] = [c for c in codes if c not in set(out["iso3"])]
    return out


def egdi_trend(panel: pd.DataFrame) -> pd.DataFrame:
    """EGDI value and published rank by edition and country (long: ``survey_year, iso3, country, value, rank``)."""
    e = panel[panel["indicator"] == "egdi"]
    return e[["survey_year", "iso3", "country", "value", "rank", *_CITE]].reset_index(drop=True)


def latest_edition(panel: pd.DataFrame) -> int:
    """The latest survey edition present in ``panel`` (raises if the panel is empty)."""
    if panel.empty:
        raise ValueError("no UN E-Government Survey rows for the chosen countries and years")
    return int(panel["survey_year"].max())


def components(panel: pd.DataFrame, year: int, indicators: Sequence[str] = UN_COMPONENTS) -> pd.DataFrame:
    """Component values of one edition, wide: one row per country (``iso3``), one column per index (0-1)."""
    part = panel[(panel["survey_year"] == year) & panel["indicator"].isin(list(indicators))]
    wide = part.pivot(index="iso3", columns="indicator", values="value")
    return wide.reindex(columns=[i for i in indicators if i in wide.columns])


def lead_lag(wide: pd.DataFrame, focus: str = "CHN") -> pd.DataFrame:
    """Where ``focus`` leads and lags the comparison countries, per index of one edition.

    ``wide``: rows = countries (ISO3), columns = indices (0-1), e.g. from :func:`components`. For each index:
    ``focus_value``; ``comparison_mean`` = unweighted mean over the *other* countries with a value;
    ``diff`` = focus value minus that mean (index points, same 0-1 scale); ``best`` / ``best_country`` among the
    others; ``gap_to_best`` = focus minus best; ``position`` = focus's place among all countries with a value
    (1 = highest); ``n`` = number of countries with a value; ``status`` = "leads" if diff > 0, "lags" if < 0.
    Sorted by ``diff`` descending. Raises if ``focus`` is not a row or there is no other country.
    """
    if focus not in wide.index:
        raise ValueError(f"{focus} has no values in this edition")
    others = wide.drop(index=focus)
    if others.empty:
        raise ValueError("lead_lag needs at least one comparison country besides the focus")
    rows = []
    for ind in wide.columns:
        f = wide.at[focus, ind]
        o = others[ind].dropna()
        if pd.isna(f) or o.empty:
            continue
        col = wide[ind].dropna()
        rows.append({"indicator": ind, "focus_value": float(f), "comparison_mean": float(o.mean()),
                     "diff": float(f - o.mean()), "best_country": str(o.idxmax()), "best": float(o.max()),
                     "gap_to_best": float(f - o.max()), "position": int((col > f).sum() + 1), "n": int(len(col)),
                     "status": "leads" if f > o.mean() else ("lags" if f < o.mean() else "equal")})
    out = pd.DataFrame(rows)
    return out.sort_values("diff", ascending=False, kind="stable").reset_index(drop=True)


def itu_series(itu: pd.DataFrame, countries: Iterable[str], start_year: int | None = None,
               end_year: int | None = None) -> dict[str, pd.DataFrame]:
    """ITU internet use (% of population) split by vintage so that no line mixes them.

    Returns ``{"owid": ..., "itu": ...}``: ``owid`` = the OWID/World Bank copy of the ITU series for ``countries``
    (one consistent vintage, to 2023 at most); ``itu`` = the ITU DataHub export rows for the same countries (China
    2005-2025 and the 2023 extract for others), with a ``series`` column: ``before`` for years before
    :data:`ITU_DEFINITION_CHANGE_YEAR` and ``new_definition`` from it on for China (the definition change); other
    countries' extract rows are ``extract``. Columns: ``year``, ``iso3``, ``country``, ``value`` (percent),
    ``series`` and the citation columns. Years outside ``start_year``-``end_year`` are dropped.
    """
    codes = [str(c).upper() for c in countries]
    df = itu[itu["iso3"].isin(codes) & itu["value"].notna()].copy()
    if start_year is not None:
        df = df[df["year"] >= int(start_year)]
    if end_year is not None:
        df = df[df["year"] <= int(end_year)]
    is_owid = df["source_title"].str.startswith("Our World in Data")
    keep = ["year", "iso3", "country", "value", "series", *_CITE]
    owid = df[is_owid].assign(series="owid")
    owid = _best_rows(owid, ["year", "iso3"])[keep].sort_values(["iso3", "year"]).reset_index(drop=True)
    hub = df[~is_owid].copy()
    hub["series"] = "extract"
    chn = hub["source_title"].str.startswith("ITU DataHub export")
    hub.loc[chn, "series"] = (hub.loc[chn, "year"] >= ITU_DEFINITION_CHANGE_YEAR).map(
        {True: "new_definition", False: "before"})
    hub = _best_rows(hub, ["year", "iso3"])[keep].sort_values(["iso3", "year"]).reset_index(drop=True)
    return {"owid": owid, "itu": hub}


# ------------------------------------------------------------------------------------------------------ charts
def egdi_chart(trend: pd.DataFrame, focus: str = "CHN", lang: str = "zh") -> Figure:
    """Two panels: EGDI value (0-1) and published EGDI rank (inverted axis) by edition, one line per country."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(6.3, 3.4))
    names = dict(zip(trend["iso3"], trend["country"]))
    for iso, part in trend.groupby("iso3", sort=True):
        part = part.sort_values("survey_year")
        lw, z = (2.6, 3) if iso == focus else (1.2, 2)
        lab = country_label(iso, names, lang)
        a1.plot(part["survey_year"], part["value"], marker="o", lw=lw, zorder=z, label=lab)
        rk = part.dropna(subset=["rank"])
        a2.plot(rk["survey_year"], rk["rank"].astype(float), marker="o", lw=lw, zorder=z, label=lab)
    a2.set_ylabel("排名（193国，对数刻度）" if lang != "en" else "rank of 193 (log scale)", fontsize=9)
    a2.set_yscale("log")
    a2.set_yticks([1, 2, 5, 10, 20, 50, 100])
    a2.set_yticklabels(["1", "2", "5", "10", "20", "50", "100"])
    a2.invert_yaxis()
    a1.set_ylabel("EGDI（0–1）" if lang != "en" else "EGDI (0–1)", fontsize=9)
    for a in (a1, a2):
        a.set_xticks(sorted(trend["survey_year"].unique())[::2])
        a.tick_params(labelsize=8)
    h, lab = a2.get_legend_handles_labels()
    fig.legend(h, lab, frameon=False, fontsize=8, loc="lower center", ncol=min(len(lab), 7))
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    return fig


def components_chart(wide: pd.DataFrame, focus: str = "CHN", names: dict[str, str] | None = None,
                     lang: str = "zh") -> Figure:
    """Grouped bars: each UN index (x) by country; the focus country drawn with a dark edge."""
    fig, ax = plt.subplots(figsize=(6.3, 3.4))
    n = len(wide.index)
    width = 0.8 / max(n, 1)
    for k, iso in enumerate(wide.index):
        xs = [j + (k - (n - 1) / 2) * width for j in range(len(wide.columns))]
        ax.bar(xs, wide.loc[iso].to_numpy(dtype=float), width=width, label=country_label(iso, names, lang),
               edgecolor="black" if iso == focus else "none", linewidth=1.4 if iso == focus else 0)
    ax.set_xticks(range(len(wide.columns)))
    ax.set_xticklabels([c.upper() for c in wide.columns])
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("指数（0–1）" if lang != "en" else "index (0–1)", fontsize=9)
    ax.tick_params(labelsize=8)
    ax.legend(frameon=False, fontsize=8, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=min(n, 7))
    fig.tight_layout()
    return fig


def itu_chart(series: dict[str, pd.DataFrame], focus: str = "CHN", lang: str = "zh") -> Figure:
    """Left: OWID copy of the ITU series for all countries (one vintage). Right: the focus country's ITU DataHub
    series, the years before and from the definition change drawn as separate lines, the change marked."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(6.3, 3.4), gridspec_kw={"width_ratios": [3, 2]})
    owid, hub = series["owid"], series["itu"]
    names = dict(zip(owid["iso3"], owid["country"]))
    for iso, part in owid.groupby("iso3", sort=True):
        lw = 2.6 if iso == focus else 1.1
        a1.plot(part["year"], part["value"], lw=lw, marker="." if iso == focus else None,
                label=country_label(iso, names, lang))
    a1.set_ylabel("%" + (" 人口" if lang != "en" else " of population"))
    a1.set_title("OWID/世界银行转载的ITU序列" if lang != "en" else "ITU series, OWID/World Bank copy", fontsize=9)
    a1.legend(frameon=False, fontsize=8, ncol=2)
    f = hub[(hub["iso3"] == focus) & hub["series"].isin(["before", "new_definition"])]
    labels = {"before": ("原口径", "earlier definition"), "new_definition": ("2023年新口径", "2023 definition")}
    for s, part in f.groupby("series", sort=False):
        a2.plot(part["year"], part["value"], marker="o", lw=1.8, label=labels[s][1 if lang == "en" else 0])
    if not f.empty:
        a2.axvline(ITU_DEFINITION_CHANGE_YEAR - 0.5, color="grey", ls="--", lw=1)
        a2.text(ITU_DEFINITION_CHANGE_YEAR - 0.6, float(f["value"].min()),
                "口径变化" if lang != "en" else "definition change", rotation=90, va="bottom", ha="right",
                fontsize=8, color="grey")
        a2.legend(frameon=False, fontsize=8, loc="upper left")
    a2.set_title(("ITU DataHub:" if lang != "en" else "ITU DataHub: ") + country_label(focus, names, lang), fontsize=9)
    for a in (a1, a2):
        a.xaxis.set_major_locator(plt.MaxNLocator(integer=True, nbins=5))
        a.tick_params(labelsize=8)
    fig.tight_layout()
    return fig


# ------------------------------------------------------------------------------------------------------ tables
def egdi_table(trend: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Display table: one row per country, per edition ``value (rank)``; rows ordered by the latest rank."""
    names = dict(zip(trend["iso3"], trend["country"]))
    t = trend.assign(cell=[f"{v:.4f} ({'—' if pd.isna(r) else int(r)})" for v, r in zip(trend["value"], trend["rank"])])
    wide = t.pivot(index="iso3", columns="survey_year", values="cell")
    last = trend[trend["survey_year"] == trend["survey_year"].max()].set_index("iso3")["rank"]
    wide = wide.loc[sorted(wide.index, key=lambda i: (pd.isna(last.get(i)), last.get(i, 0) or 0))]
    wide.index = [country_label(i, names, lang) for i in wide.index]
    wide.index.name = "国家" if lang != "en" else "country"
    wide.columns = [str(c) for c in wide.columns]
    return wide


def lead_lag_table(ll: pd.DataFrame, names: dict[str, str] | None = None, lang: str = "zh") -> pd.DataFrame:
    """Display version of :func:`lead_lag` with localised labels (values rounded to 4 decimals)."""
    en = lang == "en"
    status = {"leads": ("领先", "leads"), "lags": ("落后", "lags"), "equal": ("持平", "equal")}
    out = pd.DataFrame({
        ("index" if en else "指数"): [component_label(i, lang) for i in ll["indicator"]],
        ("China" if en else "中国"): ll["focus_value"].round(4),
        ("comparison mean" if en else "对比国均值"): ll["comparison_mean"].round(4),
        ("difference" if en else "差值"): ll["diff"].round(4),
        ("best (country)" if en else "最高(国家)"): [f"{b:.4f} ({country_label(c, names, lang)})"
                                                     for b, c in zip(ll["best"], ll["best_country"])],
        ("China's place" if en else "中国位次"): [W.rank(p, n, lang) for p, n in zip(ll["position"], ll["n"])],
        ("status" if en else "判断"): [status[s][1 if en else 0] for s in ll["status"]],
    })
    return out
