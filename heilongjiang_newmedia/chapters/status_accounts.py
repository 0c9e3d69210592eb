"""Chapter 3's new-media facts: the inspection notices side by side and the province's named accounts in rankings."""
from __future__ import annotations

import numpy as np
import pandas as pd

from heilongjiang_newmedia.chapters.status_data import _cite

SUMMARY_MEASURES = {"check_type": ("检查方式", "Check type", "", ""),
                    "n_checked": ("检查数量", "Number checked", "个", ""),
                    "pass_rate": ("合格率", "Pass rate", "%", "%"),
                    "pass_rate_after_rectification": ("整改后合格率", "After rectification", "%", "%")}
CHECK_TYPES = {"全覆盖检查": ("全覆盖检查", "full coverage"), "抽查": ("抽查", "sample"), "随机抽查": ("随机抽查", "random sample")}


def inspection_summary(quarterly: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The province's notices side by side: one column per (quarter, object) with a pass rate, one row per measure of
    :data:`SUMMARY_MEASURES` (values with their unit, ``—`` where the notice prints none). Columns are ordered by
    date, websites first; ``attrs["rows"]`` holds the rows shown (for citation)."""
    q = quarterly[quarterly["measure"].isin(list(SUMMARY_MEASURES))]
    keys = (q[q["measure"] == "pass_rate"][["year", "quarter", "object"]].drop_duplicates()
            .assign(_o=lambda d: d["object"].map({"website": 0, "new_media": 1}))
            .sort_values(["year", "quarter", "_o"]))
    qz = {"Q1": "一", "Q2": "二", "Q3": "三", "Q4": "四"}
    obj = {"website": ("网站", "websites"), "new_media": ("新媒体", "new media")}
    i = 0 if lang == "zh" else 1
    cols, used = {}, []
    for y, qu, o in zip(keys["year"], keys["quarter"], keys["object"]):
        g = q[(q["year"] == y) & (q["quarter"] == qu) & (q["object"] == o)]
        used.append(g)
        head = f"{int(y)}年{qz.get(qu, qu)}季度{obj[o][0]}" if i == 0 else f"{int(y)} {qu} {obj[o][1]}"
        vals = []
        for m, (lz, le, uz, ue) in SUMMARY_MEASURES.items():
            r = g[g["measure"] == m]
            if r.empty:
                vals.append("—")
            elif m == "check_type":
                v = str(r["value_as_printed"].iloc[0])
                vals.append(CHECK_TYPES.get(v, (v, v))[i])
            else:
                v = float(r["value_numeric"].iloc[0])
                s = f"{v:,.2f}".rstrip("0").rstrip(".") if m != "n_checked" else f"{v:,.0f}".replace(",", "" if i == 0 else ",")
                vals.append(s + (uz if i == 0 else ue if ue else ""))
        cols[head] = vals
    out = pd.DataFrame(cols, index=[v[i] for v in SUMMARY_MEASURES.values()])
    out.attrs["rows"] = pd.concat(used, ignore_index=True) if used else q.iloc[0:0]
    return out


_PLATFORMS = {"weibo": ("微博", "Weibo"), "wechat": ("微信", "WeChat"), "toutiao": ("头条号", "Toutiao")}


def named_accounts(top: pd.DataFrame, province: str) -> pd.DataFrame:
    """The province's accounts placed on a ranking list (``top_accounts_heilongjiang`` rows with a rank, confidence
    medium or high; provincial aggregates left out): ``year``,
    ``account`` (the handle, or the institution when the list names only the institution), ``platform_zh`` /
    ``platform_en``, ``list_name``, ``scope`` (national / provincial), ``rank``, citation columns; newest first."""
    import re

    r = pd.to_numeric(top["rank"], errors="coerce")
    t = top[(top["province_zh"] == province) & r.notna() & (top["confidence"] != "low")
            & ~top["account_zh"].astype(str).str.contains("aggregate")].copy()
    t["rank"] = pd.to_numeric(t["rank"]).astype(int)

    def account(a: str) -> str:
        m = re.search(r"of ([^;)\s]+)", a)
        return m.group(1) if a.startswith("(") and m else a

    def platform(p: str) -> tuple[str, str]:
        hits = [v for k, v in _PLATFORMS.items() if k in p]
        return hits[0] if len(hits) == 1 else ("综合", "combined")

    t["account"] = t["account_zh"].astype(str).map(account)
    t["platform_zh"] = [platform(p)[0] for p in t["platform"].astype(str)]
    t["platform_en"] = [platform(p)[1] for p in t["platform"].astype(str)]
    t["scope"] = np.where(t["list_scope"].astype(str).str.startswith("national"), "national", "provincial")
    cols = ["year", "account", "platform_zh", "platform_en", "list_name", "scope", "rank"]
    return t[cols + _cite(t)].sort_values(["year", "rank"], ascending=[False, True], kind="stable").reset_index(drop=True)


def account_events(top: pd.DataFrame, account: str) -> pd.DataFrame:
    """Launch and award rows of one named account (no rank): ``year``, ``period``, ``list_name``, ``rank_note``."""
    t = top[(top["account_zh"] == account) & pd.to_numeric(top["rank"], errors="coerce").isna()
            & ~top["list_name"].astype(str).str.contains("crawler|follower", regex=True)]
    return t[["year", "period", "list_name", "rank_note"] + _cite(t)].sort_values("year", kind="stable")
