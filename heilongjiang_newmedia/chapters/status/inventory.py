"""Chapter 3's section on the researcher's own account inventory (政务新媒体账号台账): found, loaded and summarised
(:mod:`heilongjiang_newmedia.loading.inventory`, :mod:`heilongjiang_newmedia.methods.inventory`); tables labelled
from ``tables/labels.yaml``. Without a file the section's passage says so; nothing is invented."""
from __future__ import annotations

import os
from typing import Any

import pandas as pd

from heilongjiang_newmedia.loading.datasets import load
from heilongjiang_newmedia.loading.inventory import find_inventory, load_inventory
from heilongjiang_newmedia.methods.inventory import INSPECTION_INACTIVE_DAYS, inventory_overview, service_share

from heilongjiang_newmedia.chapters.status.analysis import labels

__all__ = ["inventory", "inventory_table"]


def inventory(ctx: Any, inventory_file: str | os.PathLike | None = None,
              threshold_days: int = INSPECTION_INACTIVE_DAYS, top_n: int = 10) -> dict[str, Any] | None:
    """The researcher's inventory summarised, or ``None`` when none is supplied: ``n`` accounts, ``snapshot`` date,
    ``sources``, ``platform`` (by platform with service and inactive shares), ``level``, ``per_100k`` (by division,
    Heilongjiang only), ``concentration``, and the key figures ``known``, ``inactive``, ``inactive_share``,
    ``offering``, ``service_share``, ``top_share``, ``gini`` (shares in percent), ``threshold_days``, ``top_n``."""
    path = find_inventory(inventory_file, ctx.data_dir)
    if path is None:
        return None
    inv = load_inventory(path)
    ov = inventory_overview(inv, load("hlj_cities", data_dir=ctx.data_dir), threshold_days, top_n)
    plat = ov["by_platform"].merge(service_share(inv, by="platform")[["group", "service_share_pct"]],
                                   left_on="platform", right_on="group", how="left").drop(columns="group")
    plat = plat.merge(ov["inactive_by_platform"][["group", "inactive_share_pct"]], left_on="platform",
                      right_on="group", how="left").drop(columns="group")
    plat.attrs = ov["by_platform"].attrs
    act, conc, serv = ov["inactive"].iloc[0], ov["concentration"].iloc[0], ov["services"].iloc[0]
    src = inv.attrs["sources"]
    return {"n": int(len(inv)), "snapshot": src[0]["date"], "sources": src, "platform": plat, "level": ov["by_level"],
            "per_100k": ov["per_100k"], "concentration": ov["concentration"], "known": int(act["known"]),
            "inactive": int(act["inactive"]), "inactive_share": float(act["inactive_share_pct"]),
            "offering": int(serv["offering"]), "service_share": float(serv["service_share_pct"]),
            "top_share": float(conc["top_n_share_pct"]), "gini": float(conc["gini"]),
            "threshold_days": int(threshold_days), "top_n": int(top_n),
            "unmatched": list(ov["per_100k"].attrs.get("unmatched", []))}


def inventory_table(df: pd.DataFrame, lang: str, decimals: int = 1) -> pd.DataFrame:
    """A copy of an inventory table for display: labelled columns, platform and level names in ``lang``, shares
    rounded; citation columns dropped (the exhibit cites them through its sources)."""
    drop = [c for c in ("source_url", "source_title", "source_date", "locator", "confidence", "admin_code",
                        "division_en" if lang == "zh" else "division") if c in df.columns]
    out = df.drop(columns=drop).copy()
    values = labels()["inventory_values"]
    for c in out.columns:
        if out[c].dtype == object or str(out[c].dtype) in ("str", "string"):
            out[c] = out[c].map(lambda v: values.get(v, {}).get(lang, v))
        elif str(out[c].dtype).startswith("float"):
            out[c] = out[c].round(3 if c == "gini" else 2 if c == "accounts_per_100k" else decimals)
    cols = labels()["inventory_columns"]
    out.columns = [cols.get(c, {}).get(lang, c) for c in out.columns]
    out.attrs = dict(df.attrs)
    return out
