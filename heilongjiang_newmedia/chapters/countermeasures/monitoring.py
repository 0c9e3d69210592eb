"""Monitoring indicators of the four countermeasures (``tables/monitoring.yaml``) and their baselines from the data.

A baseline is the latest value the data hold for the focus province, never a typed figure:

* ``first_check_pass_rate`` — the overall pass rate (%) printed by the province's own inspection notice for a
  *full-coverage* check (every website or account in operation), before rectification; the latest quarter with a
  full-coverage new-media check, and the website rate of that quarter (or of the latest full-coverage website
  check). Sources: ``hlj_quarterly`` (Heilongjiang), ``notice_items`` totals (peer provinces),
  ``comparator_provinces`` (other provinces; method read from the printed measure).
* ``inactive_share`` — the share (%) of the province's accounts not updated for more than two weeks, where a
  documented practice row prints it (``practices``, measure ``share not updated for over 2 weeks``).
* ``service_share`` and ``security_incidents`` — no dataset measures them: no baseline.

A target is either the rule's own value (``standard``: 100 % passing, 0 % inactive) or set once a baseline is
published (``after_baseline``: value None).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd
from heilongjiang_newmedia.loading.yamlfile import read_yaml

__all__ = ["indicators", "pass_rates", "first_check_baseline", "inactive_baseline", "baselines", "targets",
           "INACTIVE_MEASURE"]

TABLES = Path(__file__).with_name("tables")
INACTIVE_MEASURE = "share not updated for over 2 weeks"
CITATION_COLUMNS = ["source_url", "source_title", "source_date", "locator", "confidence"]
_RATE_COLUMNS = ["region_zh", "year", "quarter", "period", "object", "pass_rate", "method", *CITATION_COLUMNS]


@lru_cache(maxsize=1)
def indicators() -> dict[str, dict[str, Any]]:
    """The monitoring indicators by code (``tables/monitoring.yaml``)."""
    return read_yaml(TABLES / "monitoring.yaml")


def _method(text: str) -> str:
    """``full`` (全覆盖 / full coverage / 100 % of), ``sample`` (抽查 / sampled) or ``unknown``."""
    t = str(text)
    if "全覆盖" in t or "full coverage" in t or "100% of" in t or "check ratio 100%" in t:
        return "full"
    if "抽查" in t or "sampled" in t:
        return "sample"
    return "unknown"


def _own_notices(q: pd.DataFrame) -> pd.DataFrame:
    rate = q[q["measure"] == "pass_rate"]
    kind = q[q["measure"] == "check_type"]
    method = {(str(y), qq, o): _method(str(v)) for y, qq, o, v in
              zip(kind["year"], kind["quarter"], kind["object"], kind["value_as_printed"])}
    return rate.assign(region_zh="黑龙江", pass_rate=pd.to_numeric(rate["value_numeric"]),
                       period=[f"{y}{qq}" for y, qq in zip(rate["year"], rate["quarter"])],
                       method=[method.get((str(y), qq, o), "unknown")
                               for y, qq, o in zip(rate["year"], rate["quarter"], rate["object"])])[_RATE_COLUMNS]


def _comparators(c: pd.DataFrame) -> pd.DataFrame:
    rate = c[c["measure"] == "pass_rate"]
    methods = [_method(" ".join(c.loc[(c["region_zh"] == r.region_zh) & (c["year"] == r.year)
                                      & (c["quarter"] == r.quarter) & (c["object"] == r.object), "measure_zh"]))
               for r in rate.itertuples(index=False)]
    return rate.assign(pass_rate=pd.to_numeric(rate["value_numeric"]), method=methods,
                       period=[f"{y}{qq}" for y, qq in zip(rate["year"], rate["quarter"])])[_RATE_COLUMNS]


def _notice_totals(items: pd.DataFrame) -> pd.DataFrame:
    tot = items[items["row_type"] == "total"].fillna({"measure": "", "quarter": "", "count_as_printed": ""})
    rate = tot[tot["measure"].str.contains("pass rate") & tot["quarter"].str.match(r"Q[1-4]$")]
    rows = []
    for r in rate.itertuples(index=False):
        same = tot[(tot["province"] == r.province) & (tot["period"] == r.period) & (tot["object"] == r.object)]
        text = " ".join(f"{m} {x}" for m, x in zip(same["measure"], same["count_as_printed"]))
        rows.append({"region_zh": r.province, "year": r.year, "quarter": r.quarter, "period": f"{r.year}{r.quarter}",
                     "object": r.object, "pass_rate": float(r.count_numeric), "method": _method(text),
                     **{c: getattr(r, c) for c in CITATION_COLUMNS}})
    return pd.DataFrame(rows, columns=_RATE_COLUMNS)


def pass_rates(hlj_quarterly: pd.DataFrame, comparator: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Every provincial overall (first-check) pass rate in the data, one row per region, quarter and object:
    ``region_zh``, ``year`` (int), ``quarter``, ``period`` (``2024Q2``), ``object``, ``pass_rate`` (%), ``method``
    (full / sample / unknown) and the citation columns. Monthly checks are left out (no quarter)."""
    out = pd.concat([_own_notices(hlj_quarterly), _comparators(comparator), _notice_totals(items)],
                    ignore_index=True)
    out["year"] = out["year"].astype(int)
    return out.drop_duplicates(["region_zh", "period", "object"]).reset_index(drop=True)


def first_check_baseline(rates: pd.DataFrame, province_zh: str) -> dict[str, Any] | None:
    """The latest full-coverage new-media pass rate of ``province_zh`` (``value``, ``year``, ``quarter``, ``row``)
    with the website rate of the latest full-coverage website check (``website``, ``website_year``,
    ``website_quarter``, ``website_row``; None when there is none). None when no full-coverage new-media check."""
    own = rates[(rates["region_zh"] == province_zh) & (rates["method"] == "full")].sort_values(["year", "quarter"])
    nm, web = own[own["object"] == "new_media"], own[own["object"] == "website"]
    if nm.empty:
        return None
    last = nm.iloc[-1]
    out: dict[str, Any] = {"value": float(last["pass_rate"]), "year": int(last["year"]), "quarter": last["quarter"],
                           "row": last, "website": None, "website_year": None, "website_quarter": None,
                           "website_row": None}
    if len(web):
        w = web.iloc[-1]
        out.update(website=float(w["pass_rate"]), website_year=int(w["year"]), website_quarter=w["quarter"],
                   website_row=w)
    return out


def inactive_baseline(practices: pd.DataFrame, province_zh: str) -> dict[str, Any] | None:
    """The latest printed share (%) of the province's accounts not updated for over two weeks (``value``,
    ``period`` as printed, ``row``), or None when no practice row of the province prints one."""
    rows = practices[(practices["region"] == province_zh) & (practices["measure"] == INACTIVE_MEASURE)]
    rows = rows[pd.to_numeric(rows["value_numeric"], errors="coerce").notna()]
    if rows.empty:
        return None
    last = rows.sort_values("reference_date").iloc[-1]
    return {"value": float(last["value_numeric"]), "period": str(last["reference_date"]), "row": last}


def baselines(province_zh: str, rates: pd.DataFrame, practices: pd.DataFrame) -> dict[str, dict[str, Any] | None]:
    """Baseline of each monitoring indicator (code -> dict or None), from the data only."""
    return {"service_share": None, "inactive_share": inactive_baseline(practices, province_zh),
            "first_check_pass_rate": first_check_baseline(rates, province_zh), "security_incidents": None}


def targets(target_year: int) -> dict[str, dict[str, Any]]:
    """Target of each indicator: ``kind`` (standard / after_baseline), ``value`` (None when set after the
    baseline), ``basis`` (reference id of the rule that sets it) and ``year``."""
    out = {}
    for code, spec in indicators().items():
        t = spec["target"]
        out[code] = {"kind": t["kind"], "value": t.get("value"), "basis": t.get("basis", ""), "year": int(target_year)}
    return out
