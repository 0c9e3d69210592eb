"""Chapter 3: the province's named accounts on ranking lists, independent first places, and flagship-account facts.

Definitions:

* a *ranking row* = a ``top_accounts_heilongjiang`` row of the province with a rank, confidence medium or high, for one
  account or institution (provincial aggregates left out);
* an *observation* = one list in one period (evidence rule, ``methods.evidence``): rows of the sub-lists of one list
  (地方榜 总榜 / 微博榜 / 省级榜 ...) in one month are one observation, however many sub-lists and accounts;
  the list is its name before `` - `` without a leading ``YYYY年度``; the period is the first ``YYYY-MM`` printed in
  ``period`` (else the year);
* *first-place observations* = observations on a national list with at least one first place;
* *flagship facts* = the province's ``practices`` rows marked new-media specific, plus the follower snapshots and
  account launches of ``top_accounts_heilongjiang`` that no practices row already gives; confidence medium or high.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from heilongjiang_newmedia.methods.evidence import count_observations

__all__ = ["named_accounts", "observation_period", "list_series", "first_place_observations", "named_rows",
           "flagship_facts"]

CITE = ["source_url", "source_title", "source_date", "locator", "confidence"]


def _cite(df: pd.DataFrame) -> list[str]:
    return [c for c in CITE if c in df.columns]


def observation_period(period: str) -> str:
    """``2020-03`` from "2020-03 (monthly)" or "report released 2015-07-07"; ``2017`` from "year 2017"."""
    m = re.search(r"(\d{4}-\d{2})", str(period))
    if m:
        return m.group(1)
    m = re.search(r"(\d{4})", str(period))
    return m.group(1) if m else ""


def list_series(list_name: str) -> str:
    """The list a sub-list belongs to: the name before `` - ``, without a leading ``YYYY年度``."""
    base = str(list_name).split(" - ")[0].strip()
    return re.sub(r"^\d{4}年度", "", base)


def _platform(p: str, platforms: dict[str, str]) -> str:
    hits = [code for key, code in platforms.items() if key in p]
    return hits[0] if len(hits) == 1 else "combined"


def named_accounts(top: pd.DataFrame, province: str, platforms: dict[str, str]) -> pd.DataFrame:
    """The province's ranking rows: ``year``, ``month`` (observation period), ``account`` (the handle, or the
    institution when the list names only it), ``platform`` (code: weibo / wechat / toutiao / combined), ``list_name``,
    ``series``, ``sublist``, ``scope`` (national / provincial), ``rank``, citation columns; newest first.
    ``platforms`` maps words of the ``platform`` column to codes."""
    r = pd.to_numeric(top["rank"], errors="coerce")
    t = top[(top["province_zh"] == province) & r.notna() & (top["confidence"] != "low")
            & ~top["account_zh"].astype(str).str.contains("aggregate")].copy()
    t["rank"] = pd.to_numeric(t["rank"]).astype(int)

    def account(a: str) -> str:
        m = re.search(r"of ([^;)\s]+)", a)
        return m.group(1) if a.startswith("(") and m else a

    t["account"] = t["account_zh"].astype(str).map(account)
    t["platform"] = [_platform(p, platforms) for p in t["platform"].astype(str)]
    t["scope"] = np.where(t["list_scope"].astype(str).str.startswith("national"), "national", "provincial")
    t["month"] = t["period"].map(observation_period)
    t["series"] = t["list_name"].map(list_series)
    t["sublist"] = [str(n).partition(" - ")[2] for n in t["list_name"]]
    cols = ["year", "month", "account", "platform", "list_name", "series", "sublist", "scope", "rank"]
    return t[cols + _cite(t)].sort_values(["month", "rank"], ascending=[False, True], kind="stable") \
        .reset_index(drop=True)


def first_place_observations(named: pd.DataFrame) -> pd.DataFrame:
    """Independent first places on national lists (one list in one period = one), by the book's evidence rule:
    ``series``, ``month``, ``n_rows`` (sub-list rows behind it), ``accounts`` (``、``-joined, first-place rows)."""
    first = named[(named["scope"] == "national") & (named["rank"] == 1)]
    obs = pd.DataFrame({"claim": "first_place", "direction": "for", "source": first["series"],
                        "period": first["month"], "construct": True, "comparable": True})
    counted = count_observations(obs) if len(obs) else obs.assign(independent_key=[])
    rows = []
    for key, g in first.assign(_k=counted["independent_key"].to_numpy() if len(obs) else []).groupby("_k", sort=False):
        rows.append({"series": g["series"].iloc[0], "month": g["month"].iloc[0], "n_rows": len(g),
                     "accounts": "、".join(dict.fromkeys(g["account"]))})
    return pd.DataFrame(rows, columns=["series", "month", "n_rows", "accounts"])


def named_rows(named: pd.DataFrame) -> pd.DataFrame:
    """One row per (period, list, account), sub-lists together: ``month``, ``series``, ``account``, ``scope``,
    ``placings`` (list of (sub-list, rank)), ``best`` rank; newest first, then national before provincial."""
    rows = []
    for (month, series, account), g in named.groupby(["month", "series", "account"], sort=False):
        rows.append({"month": month, "series": series, "account": account, "scope": g["scope"].iloc[0],
                     "platforms": list(dict.fromkeys(g["platform"])),
                     "placings": list(zip(g["sublist"], g["rank"])), "best": int(g["rank"].min())})
    out = pd.DataFrame(rows, columns=["month", "series", "account", "scope", "platforms", "placings", "best"])
    out["_s"] = out["scope"].map({"national": 0, "provincial": 1})
    return out.sort_values(["month", "_s", "best"], ascending=[False, True, True], kind="stable") \
        .drop(columns="_s").reset_index(drop=True)


def flagship_facts(practices: pd.DataFrame, top: pd.DataFrame, province: str) -> pd.DataFrame:
    """Facts on the province's flagship accounts and new-media platforms, one per row, dated and cited:
    ``kind`` (practice / followers / launch), ``name`` (practice or account, Chinese as printed), ``name_en``,
    ``date`` (as printed), ``quote`` (verbatim, Chinese), ``value`` (as printed), ``unit``, ``description_en``,
    ``followers`` (a number, lower bound where printed with 多 / 近), citation columns; by date."""
    p = practices[(practices["region"] == province) & (practices["new_media_specific"] == "yes")
                  & (practices["confidence"] != "low")]
    rows = [{"kind": "practice", "name": r.practice_zh, "name_en": r.practice_en, "date": str(r.reference_date),
             "quote": "" if pd.isna(r.quote) else str(r.quote), "value": "" if pd.isna(r.value_as_printed) else
             str(r.value_as_printed), "unit": "" if pd.isna(r.unit_as_printed) else str(r.unit_as_printed),
             "description_en": r.description_en, "followers": np.nan, **{c: getattr(r, c) for c in CITE}}
            for r in p.itertuples(index=False)]
    t = top[(top["province_zh"] == province) & pd.to_numeric(top["rank"], errors="coerce").isna()
            & (top["confidence"] != "low")
            & top["list_name"].astype(str).str.match(r"^\((follower snapshot|account launch)")]
    for r in t.itertuples(index=False):
        kind = "followers" if "follower" in str(r.list_name) else "launch"
        named = p[p["practice_zh"].astype(str).str.contains(re.escape(str(r.account_zh)))]
        if kind == "launch" and len(named):
            continue                                       # the practices row gives the launch already
        if kind == "followers" and named["value_as_printed"].notna().any():
            continue                                       # the practices row gives the follower count already
        rows.append({"kind": kind, "name": str(r.account_zh), "name_en": "", "date": str(r.period), "quote": "",
                     "value": "" if pd.isna(r.followers_as_printed) else str(r.followers_as_printed), "unit": "",
                     "description_en": "", "followers": r.followers_normalised, "platform": r.platform,
                     **{c: getattr(r, c) for c in CITE}})
    out = pd.DataFrame(rows)
    if out.empty:
        return out
    out["_d"] = out["date"].map(lambda d: (re.search(r"\d{4}", d) or re.search("", "")).group(0) or "9999")
    return out.sort_values("_d", kind="stable").drop(columns="_d").reset_index(drop=True)
