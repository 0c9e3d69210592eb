"""Indicators of the researcher's account inventory (政务新媒体账号台账).

The table comes from :func:`heilongjiang_newmedia.loading.inventory.load_inventory` (one row per account, schema
``data/templates/account_inventory.schema.json``). Nothing here ships or invents inventory figures.

Indicators (pure functions over the loaded tables, all counts in accounts, shares in percent 0-100; no function here
reads a file: the caller loads ``hlj_cities`` and passes it):

* :func:`account_counts` — accounts by platform, level, division or sector;
* :func:`accounts_per_100k` — accounts per 100,000 residents by prefecture-level division, denominator the 2020
  (7th) census resident population of the ``hlj_cities`` table passed in (indicator
  ``census2020_resident_population``);
* :func:`inactive_share` — share of accounts without a post for more than ``threshold_days`` before the snapshot;
* :func:`follower_concentration` — top-N share of followers and the Gini coefficient;
* :func:`service_share` — share of accounts offering services.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from heilongjiang_newmedia.loading.datasets import citations
from heilongjiang_newmedia.loading.inventory import LEVELS, PLATFORMS, inventory_sources
from heilongjiang_newmedia.loading.regions import divisions_table

__all__ = [
    "INSPECTION_INACTIVE_DAYS", "INSPECTION_SOURCE", "account_counts", "accounts_per_100k", "inactive_share",
    "follower_concentration", "gini", "service_share", "inventory_overview", "canonical_division",
]

#: Default inactivity threshold in days. The 2019 national inspection criteria for government websites and new
#: media (国务院办公厅秘书局《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号) make "no update for more than
#: two weeks" (监测时间点前2周内无更新) a single-veto item (单项否决) for a government new-media account.
#: Verified in an official application of the criteria: 咸阳市 2021 inspection report, which judges 25 accounts
#: failed "依据国办政务新媒体检查指标 … 出现单项否决中超过两周无更新的情况",
#: https://xianyang.gov.cn/zmhd/jgtb/202104/t20210402_12116.html (the 2019 document itself was not available to us
#: in full text; see INSPECTION_SOURCE).
INSPECTION_INACTIVE_DAYS = 14
INSPECTION_SOURCE = {
    "title": "国务院办公厅秘书局《政府网站与政务新媒体检查指标、监管工作年度考核指标》(国办秘函〔2019〕19号), "
             "单项否决: 超过两周无更新 — as applied in 咸阳市政务服务管理局 2021年2月政府网站与政务新媒体检查情况报告",
    "url": "https://xianyang.gov.cn/zmhd/jgtb/202104/t20210402_12116.html",
    "date": "2021-04-02",
    "confidence": "medium",
}


def _with_sources(out: pd.DataFrame, inv: pd.DataFrame, extra: list[dict] | None = None) -> pd.DataFrame:
    out.attrs = {"sources": list(inv.attrs.get("sources") or inventory_sources(inv)) + list(extra or [])}
    return out


_BY = {"platform": "platform", "level": "admin_level", "admin_level": "admin_level", "division": "division",
       "sector": "sector"}


def account_counts(inv: pd.DataFrame, by: str = "platform", cities: pd.DataFrame | None = None) -> pd.DataFrame:
    """Accounts by ``by`` (platform, level, division or sector): columns ``<by>``, ``accounts`` (count) and
    ``share_pct`` (percent of all accounts in the inventory). By division, ``cities`` (the loaded ``hlj_cities``
    table) gives the official names that 哈尔滨 / Harbin / 230100 are counted under.

    Platform and level list every category of the schema, with 0 where none was recorded, in schema order; division
    and sector are sorted by count (descending) and name; an empty division/sector is shown as ``"(none)"``
    (province-level accounts have no division)."""
    if by not in _BY:
        raise ValueError(f"by must be one of platform, level, division, sector; got {by!r}")
    col = _BY[by]
    values = inv[col].astype("str").fillna("(none)").str.strip().replace({"": "(none)"})
    if col == "division":
        if cities is None:
            raise ValueError("account_counts(..., by='division') needs cities= (the loaded hlj_cities table) to "
                             "name the divisions")
        values = values.map(_canonical(divisions_table(cities)))
    counts = values.value_counts()
    if col in ("platform", "admin_level"):
        cats = list(PLATFORMS if col == "platform" else LEVELS)
        counts = counts.reindex(cats, fill_value=0)
    else:
        counts = counts.rename_axis(col).reset_index(name="n").sort_values(["n", col], ascending=[False, True])
        counts = counts.set_index(col)["n"]
    total = int(len(inv))
    out = pd.DataFrame({by: counts.index.astype(str), "accounts": counts.to_numpy().astype(int)})
    out["share_pct"] = out["accounts"] / total * 100 if total else np.nan
    return _with_sources(out.reset_index(drop=True), inv)


def _division_key(x: str) -> str:
    x = str(x).strip()
    for suffix in ("地区", "市"):
        if x.endswith(suffix) and len(x) > len(suffix):
            return x[: -len(suffix)]
    return x


def canonical_division(name: str, cities: pd.DataFrame) -> str:
    """The official Chinese name of a Heilongjiang prefecture-level division (哈尔滨 / Harbin / 230100 ->
    哈尔滨市) among the divisions of ``cities`` (the loaded ``hlj_cities`` table); other names are returned unchanged
    (stripped)."""
    return _canonical(divisions_table(cities))(name)


def _canonical(divisions: pd.DataFrame):
    keys: dict[str, str] = {}
    for r in divisions.itertuples(index=False):
        for k in (r.zh, r.short, str(r.code)):
            keys.setdefault(k, r.zh)
        keys.setdefault(str(r.en).lower(), r.zh)

    def canonical(name: str) -> str:
        name = str(name).strip()
        return keys.get(name) or keys.get(name.lower()) or keys.get(_division_key(name)) or name

    return canonical


def accounts_per_100k(inv: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Accounts per 100,000 residents by prefecture-level division of Heilongjiang.

    ``accounts_per_100k = accounts / census2020_resident_population * 100000`` where the denominator is the 7th
    census (2020-11-01) resident population of the division from ``cities``, the loaded ``hlj_cities`` table
    (``load("hlj_cities", data_dir)``; its rows of other indicators are ignored). Accounts are
    those with a non-empty ``division`` (city-, county- and township-level units; province-level accounts are not
    attributed to a division). Divisions are matched on the Chinese name with or without 市/地区, or the English
    name (case-insensitive); all 13 divisions are listed (0 accounts where none recorded). Divisions named in the
    inventory that match no census division are returned in ``attrs["unmatched"]`` (name -> accounts).
    The returned table carries the census rows' citation columns, so ``citations(table)`` cites the population
    figures; ``attrs["sources"]`` adds the inventory itself.
    """
    pop = cities[cities["indicator"] == "census2020_resident_population"].drop_duplicates("admin_code")
    pop = pop.sort_values("value", ascending=False).reset_index(drop=True)
    keys: dict[str, int] = {}
    for j, r in pop.iterrows():
        for k in (_division_key(r["city_zh"]), str(r["city_en"]).strip().lower(), str(r["admin_code"])):
            keys[k] = j
    div = inv["division"].astype("str").fillna("").str.strip()
    div = div[div != ""]
    counts = np.zeros(len(pop), dtype=int)
    unmatched: dict[str, int] = {}
    for name, n in div.value_counts().items():
        j = keys.get(_division_key(name), keys.get(name.lower()))
        if j is None:
            unmatched[name] = int(n)
        else:
            counts[j] += int(n)
    out = pd.DataFrame({
        "division": pop["city_zh"].to_numpy(), "division_en": pop["city_en"].to_numpy(),
        "admin_code": pop["admin_code"].to_numpy(), "accounts": counts,
        "population_census2020": pop["value"].to_numpy(),
    })
    out["accounts_per_100k"] = out["accounts"] / out["population_census2020"] * 100_000
    for c in ("source_url", "source_title", "source_date", "locator", "confidence"):
        out[c] = pop[c].to_numpy()
    out = out.sort_values(["accounts_per_100k", "division"], ascending=[False, True]).reset_index(drop=True)
    _with_sources(out, inv, citations(out))
    out.attrs["unmatched"] = unmatched
    out.attrs["not_attributed"] = int((inv["division"].astype("str").fillna("").str.strip() == "").sum())
    return out


def inactive_share(inv: pd.DataFrame, threshold_days: int = INSPECTION_INACTIVE_DAYS,
                   by: str | None = None) -> pd.DataFrame:
    """Share of accounts inactive on their snapshot date.

    An account is *inactive* when ``snapshot_date - last_post_date > threshold_days`` (days), i.e. it has not
    posted within the ``threshold_days`` before the snapshot. The default, 14 days, is the single-veto item of the
    2019 national inspection criteria (《政府网站与政务新媒体检查指标》, 国办秘函〔2019〕19号: no update within the two
    weeks before the check) — see :data:`INSPECTION_INACTIVE_DAYS` for the verified source
    (https://xianyang.gov.cn/zmhd/jgtb/202104/t20210402_12116.html). Accounts with an empty ``last_post_date``
    (never posted, or not read) are counted in ``unknown`` and left out of the denominator.

    Returns one row (``by=None``, label ``"all"``) or one row per category of ``by`` with columns ``group``,
    ``accounts``, ``known``, ``unknown``, ``inactive``, ``inactive_share_pct`` (percent of ``known``) and
    ``threshold_days``.
    """
    if int(threshold_days) != threshold_days or threshold_days < 0:
        raise ValueError(f"threshold_days must be a non-negative whole number of days, got {threshold_days!r}")
    days = (pd.to_datetime(inv["snapshot_date"]) - pd.to_datetime(inv["last_post_date"])).dt.days
    frame = pd.DataFrame({"known": days.notna(), "inactive": days > threshold_days})
    frame["group"] = "all" if by is None else inv[_BY[by]].astype("str").fillna("(none)").replace({"": "(none)"})
    rows = []
    for g, part in frame.groupby("group", sort=True):
        known, inactive = int(part["known"].sum()), int(part["inactive"].sum())
        rows.append({"group": g, "accounts": len(part), "known": known, "unknown": len(part) - known,
                     "inactive": inactive, "inactive_share_pct": inactive / known * 100 if known else np.nan,
                     "threshold_days": int(threshold_days)})
    out = pd.DataFrame(rows, columns=["group", "accounts", "known", "unknown", "inactive", "inactive_share_pct",
                                      "threshold_days"])
    return _with_sources(out, inv, [INSPECTION_SOURCE] if threshold_days == INSPECTION_INACTIVE_DAYS else [])


def gini(values: Any) -> float:
    """Gini coefficient of non-negative values (0 = all equal, (n-1)/n = one holds everything).

    ``G = sum_i (2i - n - 1) x_(i) / (n * sum x)`` with ``x`` sorted ascending and ``i = 1..n``. NaN for no
    values or an all-zero total."""
    x = np.sort(np.asarray(pd.Series(values).dropna(), dtype=float))
    if len(x) == 0 or x.sum() == 0:
        return float("nan")
    if (x < 0).any():
        raise ValueError("gini: values must be non-negative")
    n = len(x)
    i = np.arange(1, n + 1)
    return float(((2 * i - n - 1) * x).sum() / (n * x.sum()))


def follower_concentration(inv: pd.DataFrame, top_n: int = 10, platform: str | None = None) -> pd.DataFrame:
    """Concentration of followers across accounts (optionally on one ``platform``).

    Columns: ``platform`` ("all" or the platform), ``accounts_with_followers`` (accounts with a follower count;
    WeChat official accounts usually have none), ``total_followers`` (sum, followers), ``top_n``,
    ``top_n_share_pct`` (percent of all followers held by the ``top_n`` largest accounts) and ``gini``
    (see :func:`gini`). Follower counts are summed across platforms as recorded; one person following several
    accounts counts several times."""
    if top_n < 1:
        raise ValueError("top_n must be at least 1")
    part = inv if platform is None else inv[inv["platform"] == platform]
    f = part["followers"].dropna().astype(float).sort_values(ascending=False)
    total = float(f.sum())
    out = pd.DataFrame([{
        "platform": platform or "all", "accounts_with_followers": int(len(f)), "total_followers": total,
        "top_n": int(top_n), "top_n_share_pct": float(f.head(top_n).sum() / total * 100) if total else np.nan,
        "gini": gini(f),
    }])
    return _with_sources(out, inv)


def service_share(inv: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Share of accounts offering services: ``has_service_menu`` true or ``n_services`` > 0.

    Columns: ``group``, ``accounts``, ``known`` (accounts where either field is filled), ``offering``,
    ``service_share_pct`` (percent of ``known``), ``mean_services`` (mean ``n_services`` among offering accounts
    that report a number)."""
    menu = inv["has_service_menu"].astype("boolean")
    n = inv["n_services"].astype("Float64")
    offering = (menu.fillna(False) | (n.fillna(0) > 0)).astype(bool)
    known = (menu.notna() | n.notna()).astype(bool)
    frame = pd.DataFrame({"offering": offering, "known": known, "n": n})
    frame["group"] = "all" if by is None else inv[_BY[by]].astype("str").fillna("(none)").replace({"": "(none)"})
    rows = []
    for g, part in frame.groupby("group", sort=True):
        k, o = int(part["known"].sum()), int(part["offering"].sum())
        ns = part.loc[part["offering"], "n"].dropna()
        rows.append({"group": g, "accounts": len(part), "known": k, "offering": o,
                     "service_share_pct": o / k * 100 if k else np.nan,
                     "mean_services": float(ns.mean()) if len(ns) else np.nan})
    return _with_sources(pd.DataFrame(rows), inv)


def inventory_overview(inv: pd.DataFrame, cities: pd.DataFrame, threshold_days: int = INSPECTION_INACTIVE_DAYS,
                       top_n: int = 10) -> dict[str, pd.DataFrame]:
    """All inventory exhibits for a chapter section, keyed ``by_platform``, ``by_level``, ``by_division``,
    ``by_sector``, ``per_100k``, ``inactive``, ``inactive_by_platform``, ``concentration``, ``services``;
    ``cities`` is the loaded ``hlj_cities`` table (the census denominators of ``per_100k``)."""
    return {
        "by_platform": account_counts(inv, "platform"), "by_level": account_counts(inv, "level"),
        "by_division": account_counts(inv, "division", cities), "by_sector": account_counts(inv, "sector"),
        "per_100k": accounts_per_100k(inv, cities),
        "inactive": inactive_share(inv, threshold_days),
        "inactive_by_platform": inactive_share(inv, threshold_days, by="platform"),
        "concentration": follower_concentration(inv, top_n),
        "services": service_share(inv),
    }
