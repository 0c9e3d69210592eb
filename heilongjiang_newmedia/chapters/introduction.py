"""National context (chapter 1): CNNIC series and the audit of the thesis's headline figures.

Definitions (CNNIC Statistical Reports on Internet Development in China):

* netizens (网民): persons aged 6+ who used the internet at least once in the past six months; persons.
* internet penetration (互联网普及率): netizens / total population, percent (0–100).
* online government service users (在线政务服务用户): netizens who used online government services in the past
  half year; persons. First reported in the 39th report (2016-12); its share of netizens in percent.
* government microblogs: two scopes that must not be chained — Sina-verified government microblogs *including*
  civil servants' personal accounts (39th report, 2016-12) versus institutional accounts (政务机构微博) only
  (later reports). The self-media clean-up from 2018-10-20 lowered counts (Luo 2020, in ``cnnic/NOTES.md``).

A CNNIC figure is dated by its ``cutoff`` month (YYYY-MM), not by the report's publication date.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

__all__ = ["cnnic_series", "microblog_counts", "MICROBLOG_BREAKS", "thesis_claims", "audit_claims"]

_TABLES = Path(__file__).resolve().parent / "data_tables"
_CONF = {"high": 0, "medium": 1, "low": 2}

#: Declared breaks in the government-microblog series: (cutoff month, machine id, zh label, en label, citation URL).
MICROBLOG_BREAKS = (
    ("2018-10", "clean_up_2018", "2018年10月自媒体账号清理", "Oct 2018 account clean-up",
     "https://mtoou.info/tubiao/1713774.html"),
)


def _year(cutoff: pd.Series) -> pd.Series:
    return cutoff.str.slice(0, 4).astype(int)


def cnnic_series(national: pd.DataFrame, indicator: str, start_year: int | None = None,
                 end_year: int | None = None) -> pd.DataFrame:
    """One CNNIC indicator as a tidy series: one row per ``cutoff`` month, sorted.

    Where several cited rows give the same cutoff (independent copies), the highest-confidence row is kept; the
    values agree in the bundled data. Columns: ``cutoff`` (YYYY-MM), ``year``, ``report_no``, ``value`` (base units:
    persons, or percent 0–100) and the citation columns. Years outside ``start_year``–``end_year`` are dropped;
    nothing is interpolated, so reports not covered by the sources are simply absent.
    """
    rows = national[national["indicator"] == indicator].copy()
    if rows.empty:
        raise ValueError(f"national_series has no indicator {indicator!r}")
    rows["year"] = _year(rows["cutoff"])
    rows["_conf"] = rows["confidence"].map(_CONF)
    rows = rows.sort_values(["cutoff", "_conf"]).drop_duplicates("cutoff").drop(columns="_conf")
    if start_year is not None:
        rows = rows[rows["year"] >= start_year]
    if end_year is not None:
        rows = rows[rows["year"] <= end_year]
    keep = ["cutoff", "year", "report_no", "indicator", "value", "value_as_printed", "unit_as_printed",
            "source_url", "source_title", "source_date", "locator", "confidence"]
    return rows[keep].reset_index(drop=True)


# Scope of each government-microblog indicator (labels for charts and tables).
_MICROBLOG_SCOPES = {
    ("national_series", "gov_weibo_institutions"): ("institutions", "CNNIC：政务机构微博", "CNNIC: institutional accounts"),
    ("national_series", "gov_weibo_sina_verified_total"):
        ("incl_civil_servants", "CNNIC：新浪认证政务微博（含公务人员）", "CNNIC: Sina-verified incl. civil servants"),
    ("related_non_cnnic_benchmarks", "sina_gov_weibo_total"):
        ("incl_civil_servants", "人民网/微博：政务微博总数（含公务人员）", "People's Daily/Weibo: total incl. civil servants"),
}


def microblog_counts(national: pd.DataFrame, benchmarks: pd.DataFrame, start_year: int | None = None,
                     end_year: int | None = None) -> pd.DataFrame:
    """Government microblog counts (accounts) by scope and publisher, long format, for charting side by side.

    Columns: ``cutoff``, ``year``, ``series`` (machine id), ``scope`` (``institutions`` or
    ``incl_civil_servants``), ``label_zh``, ``label_en``, ``value`` (accounts) and citation columns. The scopes are
    different populations: plot them as separate series, never as one line.
    """
    parts = []
    for (dataset, indicator), (scope, zh, en) in _MICROBLOG_SCOPES.items():
        src = national if dataset == "national_series" else benchmarks
        rows = src[src["indicator"] == indicator].copy()
        rows["series"] = f"{dataset}:{indicator}"
        rows["scope"], rows["label_zh"], rows["label_en"] = scope, zh, en
        parts.append(rows)
    out = pd.concat(parts, ignore_index=True)
    out["year"] = _year(out["cutoff"])
    if start_year is not None:
        out = out[out["year"] >= start_year]
    if end_year is not None:
        out = out[out["year"] <= end_year]
    keep = ["cutoff", "year", "series", "scope", "label_zh", "label_en", "value", "value_as_printed",
            "source_url", "source_title", "source_date", "locator", "confidence"]
    return out.sort_values(["series", "cutoff"])[keep].reset_index(drop=True)


def thesis_claims() -> pd.DataFrame:
    """The thesis's headline figures as quoted in its published abstract (``data_tables/thesis_claims.csv``)."""
    return pd.read_csv(_TABLES / "thesis_claims.csv", dtype={"thesis_value": "int64"}, keep_default_na=False)


def audit_claims(tables: dict[str, pd.DataFrame], claims: pd.DataFrame | None = None,
                 tolerance_pct: float = 0.5) -> pd.DataFrame:
    """Check each thesis headline figure against the cited data.

    ``tables`` maps dataset name -> loaded table (``national_series``, ``related_non_cnnic_benchmarks``). For each
    claim, the candidate rows (``dataset:indicator`` pairs in the claims table) are compared with the thesis value:

    * ``found`` — a cited row gives the same figure (relative difference <= ``tolerance_pct`` percent) dated
      in the claimed year or the year before; ``found (other date)`` — the same figure, but for another date;
    * ``derived`` — no row prints it, but it follows from cited rows by the stated derivation: for
      ``share_of_netizens`` the claim divided by the netizens of the same cutoff lies within the range the
      source describes qualitatively (e.g. the 44th report's 近六成, "nearly 60 %" of netizens);
    * ``not found`` — neither; the closest cited figures are listed so the reader can judge.

    Returns one row per claim with ``status``, ``closest`` (value, cutoff and publisher of the nearest cited
    figure), ``rel_diff_pct`` and the citation of that figure.
    """
    claims = thesis_claims() if claims is None else claims
    out = []
    for claim in claims.to_dict("records"):
        cands = []
        for pair in claim["candidates"].split(";"):
            dataset, indicator = pair.split(":")
            rows = tables[dataset]
            rows = rows[rows["indicator"] == indicator]
            cands.append(rows.assign(_dataset=dataset))
        cand = pd.concat(cands, ignore_index=True)
        cand = cand[cand["value"].notna()].copy()
        value = float(claim["thesis_value"])
        cand["rel_diff_pct"] = (cand["value"] - value).abs() / value * 100
        cand = cand.sort_values(["rel_diff_pct", "cutoff"])
        best = cand.iloc[0] if len(cand) else None
        status, derived_note = "not found", ""
        if best is not None and best["rel_diff_pct"] <= tolerance_pct:
            claimed_year = int(re.search(r"\d{4}", str(claim["claimed_when"])).group())
            status = "found" if claimed_year - 1 <= int(best["cutoff"][:4]) <= claimed_year else "found (other date)"
        elif claim["derivation"] == "share_of_netizens":
            derived = _share_of_netizens(tables["national_series"], value)
            if derived is not None:
                status, derived_note = "derived", derived
        out.append({
            "claim_id": claim["claim_id"], "claim_zh": claim["claim_zh"], "claim_en": claim["claim_en"],
            "thesis_value": int(claim["thesis_value"]), "unit": claim["unit"], "status": status,
            "closest_value": None if best is None else float(best["value"]),
            "closest_cutoff": None if best is None else best["cutoff"],
            "closest_indicator": None if best is None else best["indicator"],
            "rel_diff_pct": None if best is None else round(float(best["rel_diff_pct"]), 2),
            "derivation": derived_note,
            "source_title": None if best is None else best["source_title"],
            "source_url": None if best is None else best["source_url"],
            "source_date": None if best is None else best["source_date"],
            "confidence": None if best is None else best["confidence"],
        })
    return pd.DataFrame(out)


def _share_of_netizens(national: pd.DataFrame, value: float) -> str | None:
    """Match a user count against the qualitative share rows (``online_gov_share_qualitative``) and netizens."""
    qual = national[national["indicator"] == "online_gov_share_qualitative"]
    for row in qual.to_dict("records"):
        net = national[(national["indicator"] == "netizens") & (national["cutoff"] == row["cutoff"])]
        if net.empty:
            continue
        share = value / float(net["value"].iloc[0]) * 100
        if 55 <= share < 60 and "六成" in str(row["value_as_printed"]):  # 近六成 = "nearly 60 %": 55–60 %
            return (f"{value / 1e8:.2f}亿 / {float(net['value'].iloc[0]) / 1e8:.2f}亿 = {share:.1f}% "
                    f"(cutoff {row['cutoff']}, {row['value_as_printed']})")
    return None


_STATUS = {"found": ("已找到", "found"), "found (other date)": ("数值吻合但日期不同", "found, other date"),
           "derived": ("可推算", "derived"), "not found": ("未找到", "not found")}


def audit_table(audit: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The audit as a display table in the report language (claim, thesis value, status, closest cited figure)."""
    zh = lang != "en"
    return pd.DataFrame({
        ("论文表述" if zh else "Thesis claim"): audit["claim_zh" if zh else "claim_en"],
        ("论文数值" if zh else "Thesis value"): audit["thesis_value"].map("{:,}".format),
        ("核查结果" if zh else "Status"): audit["status"].map(lambda s: _STATUS[s][0 if zh else 1]),
        ("最接近的来源数值" if zh else "Closest cited figure"): [
            "" if pd.isna(v) else f"{v:,.0f} ({c}, {i})"
            for v, c, i in zip(audit["closest_value"], audit["closest_cutoff"], audit["closest_indicator"])],
        ("推算" if zh else "Derivation"): audit["derivation"],
        ("来源" if zh else "Source"): audit["source_title"],
    })


def reports_not_covered(national: pd.DataFrame, indicator: str, start_year: int | None = None,
                        end_year: int | None = None) -> list[int]:
    """CNNIC report numbers, from the first report that gives ``indicator`` on, whose figure is absent here.

    The reference set is the reports present for any indicator within the year window; reports before the
    indicator's first appearance are not counted as gaps.
    """
    years = national["cutoff"].str.slice(0, 4).astype(int)
    window = national[((start_year is None) | (years >= (start_year or 0))) &
                      ((end_year is None) | (years <= (end_year or 9999)))]
    have = set(window.loc[window["indicator"] == indicator, "report_no"].dropna().astype(int))
    if not have:
        return []
    first = min(set(national.loc[national["indicator"] == indicator, "report_no"].dropna().astype(int)))
    return sorted(r for r in set(window["report_no"].dropna().astype(int)) if r >= first and r not in have)


def audit_summary(audit: pd.DataFrame, lang: str = "zh") -> str:
    """The audit's statuses counted in words, e.g. "1项数值吻合但日期不同、1项可推算、1项未找到"."""
    counts = audit["status"].value_counts(sort=False)
    order = [s for s in _STATUS if s in counts.index]
    if lang == "en":
        return ", ".join(f"{counts[s]} {_STATUS[s][1]}" for s in order)
    return "、".join(f"{counts[s]}项{_STATUS[s][0]}" for s in order)
