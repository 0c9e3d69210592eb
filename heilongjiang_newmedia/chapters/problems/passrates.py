"""Overall inspection pass rates of the provinces, and like-with-like comparisons for the focus province.

A pass rate is the share (%) of checked websites or new-media accounts that passed a provincial check. Its
*method* is ``full`` (every site or account in operation), ``sample`` or ``unknown`` (the notice as stored does not
say). A comparison counts only within the same quarter, object and method; a comparator whose method differs or is
not stated is shown with the reason and not counted, in either direction.
"""
from __future__ import annotations

import pandas as pd

from heilongjiang_newmedia.chapters.problems.notices import CONFIDENCE_RANK, notice_period, totals_method

__all__ = ["CITATION_COLUMNS", "pass_rates", "comparisons", "latest_rate", "worst_confidence"]

CITATION_COLUMNS = ["source_url", "source_title", "source_date", "locator", "confidence"]
_COLS = ["region_zh", "year", "quarter", "period", "object", "pass_rate", "method", *CITATION_COLUMNS]


def worst_confidence(grades) -> str:
    """The lowest of several confidence grades (a comparison rests on every figure it compares)."""
    gs = [g for g in grades if g in CONFIDENCE_RANK]
    return max(gs, key=CONFIDENCE_RANK.get) if gs else ""


def _method_of(text: str) -> str:
    if "全覆盖" in text:
        return "full"
    if "抽查" in text:
        return "sample"
    return "unknown"


def _heilongjiang(q: pd.DataFrame) -> pd.DataFrame:
    rate = q[q["measure"] == "pass_rate"]
    kind = q[q["measure"] == "check_type"]
    method = {(int(y), qq, o): _method_of(str(v))
              for y, qq, o, v in zip(kind["year"], kind["quarter"], kind["object"], kind["value_as_printed"])}
    out = rate.assign(region_zh="黑龙江", pass_rate=rate["value_numeric"].astype(float),
                      period=[f"{int(y)}{qq}" for y, qq in zip(rate["year"], rate["quarter"])],
                      method=[method.get((int(y), qq, o), "unknown")
                              for y, qq, o in zip(rate["year"], rate["quarter"], rate["object"])])
    return out[_COLS]


def _comparators(c: pd.DataFrame) -> pd.DataFrame:
    rate = c[c["measure"] == "pass_rate"]
    methods = []
    for _, r in rate.iterrows():
        same = c[(c["region_zh"] == r["region_zh"]) & (c["year"] == r["year"]) & (c["quarter"] == r["quarter"])
                 & (c["object"] == r["object"])]
        methods.append(_method_of(" ".join(same["measure_zh"].astype(str))))
    out = rate.assign(pass_rate=rate["value_numeric"].astype(float), method=methods,
                      period=[f"{int(y)}{qq}" for y, qq in zip(rate["year"], rate["quarter"])])
    return out[_COLS]


def _notice_totals(items: pd.DataFrame) -> pd.DataFrame:
    t = items[(items["row_type"] == "total") & items["measure"].astype(str).str.contains("pass rate")]
    rows = []
    for _, r in t.iterrows():
        period = notice_period(r)
        same = items[(items["province"] == r["province"]) & (items["period"] == r["period"])
                     & (items["object"] == r["object"]) & (items["row_type"] == "total")]
        method = totals_method(same)
        rows.append({"region_zh": r["province"], "year": int(r["year"]), "quarter": r["quarter"], "period": period,
                     "object": r["object"], "pass_rate": float(r["count_numeric"]), "method": method,
                     **{c: r[c] for c in CITATION_COLUMNS}})
    return pd.DataFrame(rows, columns=_COLS)


def pass_rates(hlj_quarterly: pd.DataFrame, comparator: pd.DataFrame, items: pd.DataFrame) -> pd.DataFrame:
    """Every provincial overall pass rate in the data: Heilongjiang's notices (``hlj_quarterly``), other provinces'
    notices (``comparator_provinces``) and the totals of the item-coded notices (``notice_items``). Columns:
    ``region_zh``, ``year``, ``quarter``, ``period`` (``2022Q2``; a monthly check ``2018-11``), ``object``,
    ``pass_rate`` (%), ``method`` and the citation columns. One row per region, period and object."""
    out = pd.concat([_heilongjiang(hlj_quarterly), _comparators(comparator), _notice_totals(items)],
                    ignore_index=True)
    out["year"] = out["year"].astype("int64")
    return out.drop_duplicates(["region_zh", "period", "object"]).reset_index(drop=True)


def _direction(own: float, others: pd.Series) -> str:
    if own < others.min():
        return "for"
    if own > others.max():
        return "against"
    return "mixed"


def comparisons(rates: pd.DataFrame, province_zh: str) -> pd.DataFrame:
    """The focus province's pass rate against the other provinces of the same period and object.

    One row per (period, object, group), where group is ``comparable`` (same known method) or a reason the others
    are not counted: ``method_unknown`` (theirs or the province's own method not stated) or ``method_differs``.
    Columns: ``period``, ``year``, ``quarter``, ``object``, ``own`` (%), ``own_method``, ``group``,
    ``regions`` (zh names), ``rates`` (%), ``methods``, ``direction`` (``for`` = below every province of the
    group, ``against`` = above every one, ``mixed``), ``confidence`` (lowest of the figures compared) and
    ``rows`` (the rates table rows behind it, for citation). Periods without another province are left out.
    """
    own_rows = rates[rates["region_zh"] == province_zh]
    out = []
    for _, o in own_rows.iterrows():
        others = rates[(rates["region_zh"] != province_zh) & (rates["period"] == o["period"])
                       & (rates["object"] == o["object"])]
        if others.empty:
            continue
        if o["method"] == "unknown":
            group = pd.Series("method_unknown", index=others.index)
        else:
            group = others["method"].map(lambda m, om=o["method"]: "comparable" if m == om else
                                         "method_unknown" if m == "unknown" else "method_differs")
        for g in ("comparable", "method_unknown", "method_differs"):
            sel = others[group == g]
            if sel.empty:
                continue
            out.append({"period": o["period"], "year": int(o["year"]), "quarter": o["quarter"],
                        "object": o["object"], "own": float(o["pass_rate"]), "own_method": o["method"], "group": g,
                        "regions": list(sel["region_zh"]), "rates": [float(x) for x in sel["pass_rate"]],
                        "methods": list(sel["method"]), "direction": _direction(float(o["pass_rate"]), sel["pass_rate"]),
                        "confidence": worst_confidence([o["confidence"], *sel["confidence"]]),
                        "rows": pd.concat([own_rows.loc[[o.name]], sel], ignore_index=True)})
    cols = ["period", "year", "quarter", "object", "own", "own_method", "group", "regions", "rates", "methods",
            "direction", "confidence", "rows"]
    return pd.DataFrame(out, columns=cols)


def latest_rate(rates: pd.DataFrame, province_zh: str, obj: str, min_year: int = 2019) -> pd.Series | None:
    """The province's latest pass rate for ``obj`` from ``min_year`` on (``None`` without one)."""
    r = rates[(rates["region_zh"] == province_zh) & (rates["object"] == obj) & (rates["year"] >= min_year)]
    if r.empty:
        return None
    return r.sort_values(["year", "period"], kind="stable").iloc[-1]

