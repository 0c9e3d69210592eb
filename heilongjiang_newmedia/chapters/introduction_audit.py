"""The audit of the thesis abstract's headline figures (chapter 1), on an explicit, coded rule.

Each claim (``data_tables/thesis_claims.csv``) names its value, whether it is exact or a lower bound ("more than"),
the period it refers to (``when_from``–``when_to``, YYYY-MM) and its candidate source rows as
``dataset:indicator=scope``, where ``scope`` is ``same`` (the population the claim counts), ``other`` (a related
count of another population, same unit) or ``other_unit`` (a different unit: e.g. accounts for a claim about
governments). The rule, in order:

1. **same figure** = the source value equals the claim at the claim's printed precision (an exact claim is compared
   after rounding the source to the claim's last non-zero digit; a lower bound "more than X" after truncating);
2. ``found`` — a ``same``-scope row within the period gives the same figure;
3. ``contradicted`` — a ``same``-scope row within the period gives a different figure (a factor of exactly 10^4 or
   10^8 after rounding is flagged as a likely unit error, 万/亿 mistaken);
4. ``found_other`` — the same figure, but only for another date or on another scope;
5. ``derivable`` — no row prints it, but it follows from cited rows without using the claim (``share_of_netizens``:
   the share of netizens times the netizens at the same cutoff);
6. ``not_found`` — otherwise. The closest row is the ``same``-scope row nearest in date (else the ``other``-scope
   row nearest in value); ``other_unit`` rows are never offered as closest ("no comparable figure").
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pandas as pd

from heilongjiang_newmedia.text import wording as W

__all__ = ["VERDICTS", "thesis_claims", "audit_claims", "same_figure", "verdict_label", "audit_table",
           "audit_summary", "claim_note", "audit_discussion", "audit_sources", "audit_data"]

_TABLES = Path(__file__).resolve().parent / "data_tables"
VERDICTS = ("found", "found_other", "derivable", "not_found", "contradicted")
_LABELS = {"found": ("已找到", "found"), "found_other": ("找到，但时点或口径不同", "found, other date or scope"),
           "derivable": ("可推算", "derivable"), "not_found": ("未找到", "not found"),
           "contradicted": ("与来源矛盾", "contradicted")}
_PUBLISHERS = {
    "CAG E-Government Research Center": ("国家行政学院电子政务研究中心", "E-Government Research Center, Chinese Academy of Governance"),
    "Sina / People's Daily Online opinion lab": ("新浪与人民网舆情监测室", "Sina / People's Daily Online opinion lab"),
    "People's Daily / Weibo": ("人民日报与微博", "People's Daily / Weibo"),
    "China E-Government Yearbook 2015": ("《中国电子政务年鉴2015》", "China E-Government Yearbook 2015"),
    "WeChat team / Tencent Research": ("微信团队与腾讯研究院", "WeChat team / Tencent Research"),
    "Communication University of China": ("中国传媒大学", "Communication University of China"),
    "Sina Weibo": ("新浪微博", "Sina Weibo"),
}
_SCOPES = {
    "sina_gov_weibo_total": ("微博认证的政务微博，含机构与公务人员", "Weibo-certified government microblogs, institutions and officials"),
    "gov_weibo_sina_verified_total": ("新浪认证的政务微博，含机构与公务人员", "Sina-verified government microblogs, institutions and officials"),
    "gov_weibo_institutions": ("仅政务机构微博", "institutional accounts only"),
    "sina_gov_weibo_institutions": ("仅政务机构微博", "institutional accounts only"),
    "sina_verified_gov_institutions": ("新浪认证的政府机构（约数）", "Sina-verified government institutions (rounded)"),
    "gov_microblog_accounts_4_platforms": ("四家网站合计，含机构与公务人员", "four platforms together, institutions and officials"),
    "sina_gov_weibo_reads": ("政务微博全年总阅读量", "annual total reads of government microblogs"),
    "gov_wechat_accounts": ("政务微信账号数", "government WeChat accounts"),
    "online_gov_service_users": ("在线政务服务用户", "online government service users"),
}


def thesis_claims() -> pd.DataFrame:
    """The thesis's headline figures as quoted in its published abstract, with period, bound and candidates."""
    return pd.read_csv(_TABLES / "thesis_claims.csv", dtype={"thesis_value": "int64"}, keep_default_na=False)


def _precision(value: int) -> int:
    """The claim's printed precision: 10^(number of trailing zeros), e.g. 176000 -> 1000, 297 -> 1."""
    p = 1
    while value and value % (p * 10) == 0:
        p *= 10
    return p


def same_figure(source: float, claim: int, bound: str = "exact") -> bool:
    """True when ``source`` prints as ``claim`` at the claim's precision (rounded; truncated for a lower bound)."""
    p = _precision(int(claim))
    q = math.floor(source / p) if bound == "lower" else math.floor(source / p + 0.5)
    return q * p == int(claim)


def _candidates(claim: dict, tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    parts = []
    for spec in str(claim["candidates"]).split(";"):
        pair, scope = spec.split("=")
        dataset, indicator = pair.split(":")
        rows = tables[dataset]
        rows = rows[(rows["indicator"] == indicator) & rows["value"].notna()].copy()
        rows["_dataset"], rows["_scope"] = dataset, scope
        parts.append(rows)
    out = pd.concat(parts, ignore_index=True)
    out["value"] = out["value"].astype(float)
    return out


def _publisher(row: dict) -> tuple[str, str]:
    if row.get("_dataset") == "national_series":
        n = int(row["report_no"])
        return f"CNNIC第{n}次报告", f"CNNIC {W.ordinal(n)} report"
    p = str(row.get("publisher", ""))
    return _PUBLISHERS.get(p, (p, p))


def _evidence(row: pd.Series | dict | None) -> dict[str, Any]:
    if row is None:
        return {}
    r = dict(row)
    pz, pe = _publisher(r)
    sz, se = _SCOPES.get(r["indicator"], (r["indicator"], r["indicator"]))
    note = str(r.get("scope_note", ""))
    lower = "超过" in str(r.get("value_as_printed", "")) or "lower bound" in note or "'over " in note
    return {"value": float(r["value"]), "cutoff": r["cutoff"], "publisher_zh": pz, "publisher_en": pe,
            "scope": r["_scope"], "scope_zh": sz, "scope_en": se, "lower_bound": lower,
            "printed": str(r.get("value_as_printed", "")), "source_title": r["source_title"],
            "source_url": r["source_url"], "source_date": r["source_date"], "confidence": r["confidence"]}


def _derive_share_of_netizens(national: pd.DataFrame, claim: dict) -> tuple[dict | None, dict | None]:
    """(derived match, consistency range): share x netizens at the same cutoff within the period; and, from a
    qualitative share such as 近六成 ("nearly 60 %" = 55-60 %), the range of users it implies."""
    frm, to = claim["when_from"], claim["when_to"]
    net = national[national["indicator"] == "netizens"].drop_duplicates("cutoff").set_index("cutoff")["value"]
    share = national[national["indicator"] == "online_gov_service_share_of_netizens"].drop_duplicates("cutoff")
    derived = None
    for r in share.to_dict("records"):
        if frm <= r["cutoff"] <= to and r["cutoff"] in net.index:
            v = float(r["value"]) / 100 * float(net[r["cutoff"]])
            if same_figure(v, int(claim["thesis_value"]), claim["bound"]):
                derived = {"value": v, "cutoff": r["cutoff"], "share": float(r["value"]), "netizens": float(net[r["cutoff"]])}
    rng = None
    qual = national[national["indicator"] == "online_gov_share_qualitative"]
    for r in qual.to_dict("records"):
        if frm <= r["cutoff"] <= to and r["cutoff"] in net.index and "近六成" in str(r["value_as_printed"]):
            n = float(net[r["cutoff"]])
            rng = {"cutoff": r["cutoff"], "printed": r["value_as_printed"], "netizens": n, "lo": 0.55 * n, "hi": 0.60 * n,
                   "report_no": int(r["report_no"]), "source_title": r["source_title"], "source_url": r["source_url"],
                   "source_date": r["source_date"], "confidence": r["confidence"]}
    return derived, rng


def audit_claims(tables: dict[str, pd.DataFrame], claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Apply the rule (module docstring) to every claim. ``tables``: ``national_series`` and
    ``related_non_cnnic_benchmarks`` as loaded. One row per claim: ``claim_id``, ``thesis_value``, ``bound``,
    ``verdict``, ``evidence`` (the deciding or closest source row as a dict, empty when none is comparable),
    ``near`` (other rows within 1 % of the claim, with their date and scope), ``other_unit`` (rows counting
    something else), ``derived`` / ``consistent_range`` (for ``share_of_netizens``), ``unit_factor`` (10^4 or 10^8
    when a contradiction is a likely unit error, else None) and the citation of the evidence row."""
    claims = thesis_claims() if claims is None else claims
    out = []
    for claim in claims.to_dict("records"):
        value, bound = int(claim["thesis_value"]), claim.get("bound", "exact") or "exact"
        frm, to = claim["when_from"], claim["when_to"]
        cand = _candidates(claim, tables)
        cand["_same"] = [same_figure(v, value, bound) for v in cand["value"]]
        cand["_in"] = (cand["cutoff"] >= frm) & (cand["cutoff"] <= to)
        comparable = cand[cand["_scope"] != "other_unit"]
        same = comparable[comparable["_scope"] == "same"]
        verdict, ev, factor, derived, rng = "not_found", None, None, None, None
        hit = same[same["_in"] & same["_same"]]
        clash = same[same["_in"] & ~same["_same"]]
        other = comparable[comparable["_same"]]
        if len(hit):
            verdict, ev = "found", hit.iloc[0]
        elif len(clash):
            verdict, ev = "contradicted", clash.iloc[0]
            for f in (10 ** 4, 10 ** 8):
                if same_figure(ev["value"] / f, value, bound) or same_figure(ev["value"] * f, value, bound):
                    factor = f
        elif len(other):
            verdict, ev = "found_other", other.iloc[0]
        else:
            if claim.get("derivation") == "share_of_netizens":
                derived, rng = _derive_share_of_netizens(tables["national_series"], claim)
                if derived is not None:
                    verdict = "derivable"
            if verdict == "not_found" and len(comparable):
                mid = pd.Timestamp(frm + "-01")
                pool = same if len(same) else comparable
                gap = pool["cutoff"].map(lambda c: abs((pd.Timestamp(c + "-01") - mid).days)) if len(same) else \
                    (pool["value"] - value).abs()
                ev = pool.assign(_gap=gap.to_numpy(), _d=(pool["value"] - value).abs().to_numpy()) \
                    .sort_values(["_gap", "_d"]).iloc[0]
        ev_d = _evidence(ev)
        near = comparable[((comparable["value"] - value).abs() / value <= 0.01)]
        near = [_evidence(r) for r in near.to_dict("records") if not ev_d or r["value"] != ev_d["value"]
                or r["cutoff"] != ev_d["cutoff"]]
        other_unit = [_evidence(r) for r in cand[cand["_scope"] == "other_unit"].sort_values("cutoff").to_dict("records")]
        out.append({
            "claim_id": claim["claim_id"], "claim_zh": claim["claim_zh"], "claim_en": claim["claim_en"],
            "thesis_value": value, "bound": bound, "unit_zh": claim["unit_zh"], "unit_en": claim["unit_en"],
            "when_zh": claim["when_zh"], "when_en": claim["when_en"], "verdict": verdict, "evidence": ev_d,
            "rel_diff_pct": round(abs(ev_d["value"] - value) / value * 100, 2) if ev_d else None,
            "near": near, "other_unit": other_unit, "derived": derived, "consistent_range": rng,
            "unit_factor": factor,
            "source_title": ev_d.get("source_title"), "source_url": ev_d.get("source_url"),
            "source_date": ev_d.get("source_date"), "confidence": ev_d.get("confidence"),
        })
    return pd.DataFrame(out)


def verdict_label(verdict: str, lang: str = "zh") -> str:
    """The verdict in the report language."""
    return _LABELS[verdict][0 if lang == "zh" else 1]


def _num(v: float, unit_zh: str, unit_en: str, lang: str, lower: bool = False) -> str:
    s = W.count(v, lang, unit_zh, unit_en)
    return (W.pick(lang, "超过", "more than ") + s) if lower else s


def _src(e: dict, lang: str, unit_zh: str, unit_en: str) -> str:
    """``17.36万个（2017年12月，人民日报与微博）`` / ``173,569 accounts (December 2017, People's Daily / Weibo)``."""
    v = _num(e["value"], unit_zh, unit_en, lang, e["lower_bound"])
    return W.pick(lang, f"{v}（{W.month(e['cutoff'], lang)}，{e['publisher_zh']}）",
                  f"{v} ({W.month(e['cutoff'], lang)}, {e['publisher_en']})")


def _at_precision(v: float, row: dict) -> int:
    p = _precision(int(row["thesis_value"]))
    return int(math.floor(v / p + 0.5) * p)


def claim_note(row: dict, lang: str = "zh") -> str:
    """The reason for a claim's verdict in one or two sentences, from the audit's fields."""
    uz, ue, e = row["unit_zh"], row["unit_en"], row["evidence"]
    thesis = _num(row["thesis_value"], uz, ue, lang, row["bound"] == "lower")
    when = row["when_zh"] if lang == "zh" else row["when_en"]
    parts = []
    v = row["verdict"]
    if v == "found":
        parts.append(W.pick(lang, f"同口径来源给出相同数字，时点相符（{e['scope_zh']}）。",
                            f"A source on the same scope prints the same figure for the same date ({e['scope_en']})."))
    elif v == "contradicted":
        parts.append(W.pick(lang, f"同口径、同时点的来源数字与论文的{thesis}不符。",
                            f"The source on the same scope and date does not give {thesis}."))
        if row["unit_factor"] == 10 ** 4:
            alt = _num(e["value"] / 10 ** 4, uz, ue, lang, e["lower_bound"])
            parts.append(W.pick(lang, f"若把来源的“亿”误作“万”，即为{alt}，与论文一致：很可能是单位错误。",
                                f"Read with 万 (ten thousand) in place of 亿 (hundred million) the source gives {alt}, "
                                "the thesis's figure: most likely a unit error."))
    elif v == "found_other":
        parts.append(W.pick(lang, f"相同数字只见于其他时点或口径：{_src(e, lang, uz, ue)}，{e['scope_zh']}。",
                            f"The same figure appears only for another date or scope: {_src(e, lang, uz, ue)}, {e['scope_en']}."))
    elif v == "derivable":
        d = row["derived"]
        parts.append(W.pick(lang, f"来源未直接给出，但{W.month(d['cutoff'], lang)}占网民{W.percent(d['share'], lang)}×网民"
                                  f"{W.count(d['netizens'], lang, '人')}={W.count(d['value'], lang, '人')}。",
                            f"No source prints it, but {W.percent(d['share'], lang)} of {W.count(d['netizens'], lang, 'netizens', 'netizens')} at "
                            f"{W.month(d['cutoff'], lang)} = {W.count(d['value'], lang, '', 'people')}."))
    else:
        if e and e["scope"] == "same":
            parts.append(W.pick(lang, f"来源中没有{when}的同口径数字；表中列出的是时点最接近的同口径数字。",
                                f"No source gives a figure on the same scope for {when}; the table shows the same-scope figure nearest in date."))
        elif e:
            parts.append(W.pick(lang, f"没有同口径来源；数值最接近的是{_src(e, lang, uz, ue)}（{e['scope_zh']}）。",
                                f"No source on the same scope; nearest in value is {_src(e, lang, uz, ue)} ({e['scope_en']})."))
        else:
            parts.append(W.pick(lang, "未找到可比数据。", "No comparable figure was found."))
    for n in row["near"]:
        if row["verdict"] == "found":
            break
        parts.append(W.pick(lang, f"{_src(n, lang, uz, ue)}数值相近，但{n['scope_zh']}，日期也不同，不算吻合"
                                  f"（按论文的精度为{W.count(_at_precision(n['value'], row), lang, uz, ue)}）。",
                            f"{_src(n, lang, uz, ue)} is close but counts {n['scope_en']} at another date, so it is no match "
                            f"(at the thesis's precision it is {W.count(_at_precision(n['value'], row), lang, uz, ue)})."))
    if row["other_unit"]:
        o = row["other_unit"]
        parts.append(W.pick(lang, f"来源只有{o[0]['scope_zh']}（如{_src(o[-1], lang, uz, ue)}）：账号数不是开通政务微信的政府数，不可比。",
                            f"The sources give only {o[0]['scope_en']} (e.g. {_src(o[-1], lang, uz, 'accounts')}): a count of "
                            "accounts is not a count of governments."))
    r = row["consistent_range"]
    if r and row["verdict"] == "not_found":
        parts.append(W.pick(lang, f"CNNIC第{r['report_no']}次报告（{W.month(r['cutoff'], lang)}）只写用户占网民“{r['printed']}”，"
                                  f"按同期网民{W.count(r['netizens'], lang, '人')}计为{W.count(r['lo'], lang)}—{W.count(r['hi'], lang, '人')}，"
                                  "论文数字在此范围内：相符，但不能证实。",
                            f"The CNNIC {W.ordinal(r['report_no'])} report ({W.month(r['cutoff'], lang)}) says only that users were "
                            f"\"nearly 60 %\" of netizens; with {W.count(r['netizens'], lang, '', 'netizens')} that is "
                            f"{W.count(r['lo'], lang)} to {W.count(r['hi'], lang, '', 'people')}, which contains the thesis's "
                            "figure: consistent, but not confirmed."))
    return "".join(parts) if lang == "zh" else " ".join(parts)


def audit_table(audit: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """The audit for the reader: claim, verdict, source figure and date, reason (four columns)."""
    rows = []
    for r in audit.to_dict("records"):
        e = r["evidence"]
        rows.append({
            W.pick(lang, "论文表述", "Thesis claim"): r["claim_zh" if lang == "zh" else "claim_en"],
            W.pick(lang, "核查结果", "Verdict"): verdict_label(r["verdict"], lang),
            W.pick(lang, "来源数值与时点", "Source figure and date"): _src(e, lang, r["unit_zh"], r["unit_en"]) if e else "",
            W.pick(lang, "说明", "Reason"): claim_note(r, lang),
        })
    return pd.DataFrame(rows)


def audit_summary(audit: pd.DataFrame, lang: str = "zh") -> str:
    """The verdicts counted in words, in rule order: ``1项与来源矛盾、3项未找到`` / ``1 contradicted, 3 not found``."""
    counts = audit["verdict"].value_counts()
    order = [v for v in ("found", "contradicted", "found_other", "derivable", "not_found") if v in counts.index]
    if lang == "en":
        return W.listing([f"{counts[v]} {verdict_label(v, 'en')}" for v in order], "en")
    return "、".join(f"{counts[v]}项{verdict_label(v, 'zh')}" for v in order)


def audit_discussion(audit: pd.DataFrame, lang: str = "zh") -> list[str]:
    """Paragraphs weighing the audit: what was confirmed, the likely unit error, what unlike counts cannot show, and
    what the result means for quoting the thesis. Built from the audit's fields only."""
    zh = lang == "zh"
    recs = audit.to_dict("records")
    out = []
    n_found = sum(r["verdict"] == "found" for r in recs)
    head = W.pick(lang, f"核对结果：{audit_summary(audit, lang)}。", f"Result: {audit_summary(audit, lang)}.")
    if n_found == 0:
        head += W.pick(lang, "没有一个数字能在同口径、同时点的来源中得到印证。",
                       " None of the figures is confirmed by a source on the same scope and date.")
    out.append(head)
    for r in recs:
        e = r["evidence"]
        if r["verdict"] == "contradicted" and r["unit_factor"]:
            k = int(round(math.log10(r["unit_factor"])))
            thesis = _num(r["thesis_value"], r["unit_zh"], r["unit_en"], lang, r["bound"] == "lower")
            src = _src(e, lang, r["unit_zh"], r["unit_en"])
            out.append(W.pick(lang,
                f"“{r['claim_zh']}”与同期来源（{src}）相差{k}个数量级。来源原文为“{e['printed']}”；把其中的“亿”换成“万”，"
                f"就与论文的数字相符。最可能的解释是英文摘要把“亿”译错了，原意应是{_num(e['value'], r['unit_zh'], r['unit_en'], lang, e['lower_bound'])}。"
                f"按字面，“{thesis}”并没有说错，但把规模低估了{k}个数量级，不能引用。",
                f"\"{r['claim_en'][0].upper() + r['claim_en'][1:]}\" is {k} orders of magnitude below the source for the same "
                f"period ({src}). The source prints the number with 亿 (hundred million); read with 万 (ten thousand) instead, "
                f"it agrees with the thesis's figure. The likeliest explanation is a unit error in the English abstract, "
                f"which should read {_num(e['value'], r['unit_zh'], r['unit_en'], lang, e['lower_bound'])}. Taken literally, "
                f"\"{thesis}\" is not false, but it understates the scale by {k} orders of magnitude and should not be quoted."))
        elif r["verdict"] == "not_found" and r["near"]:
            n = r["near"][0]
            out.append(W.pick(lang,
                f"“{r['claim_zh']}”：{_src(n, lang, r['unit_zh'], r['unit_en'])}与论文数字最接近，但它统计的是{n['scope_zh']}，"
                f"时点是{W.month(n['cutoff'], lang)}，既非同一口径也非同一时点，不能算作印证；同口径最接近的是{_src(e, lang, r['unit_zh'], r['unit_en'])}。",
                f"\"{r['claim_en']}\": {_src(n, lang, r['unit_zh'], r['unit_en'])} is the nearest in value, but it "
                f"counts {n['scope_en']} in {W.month(n['cutoff'], lang)}: neither the same scope nor the same "
                f"date, so it does not confirm the claim; the closest figure on the same scope is {_src(e, lang, r['unit_zh'], r['unit_en'])}."))
    out.append(W.pick(lang,
        "这些核对不改变论文的论点，但说明引用论文的数字时必须注明口径和时点；本书后续各章只使用能在来源中找到的数字。",
        "None of this changes the thesis's argument, but its figures must be quoted with their scope and date; the later "
        "chapters use only figures that can be found in the sources."))
    return out


def audit_sources(audit: pd.DataFrame) -> list[dict[str, Any]]:
    """Distinct citations of every source row the audit shows (deciding, closest, near, other-unit, range rows)."""
    seen: dict[tuple, dict[str, Any]] = {}
    for r in audit.to_dict("records"):
        rows = [r["evidence"], *r["near"], *r["other_unit"], r["consistent_range"] or {}]
        for e in rows:
            if e and e.get("source_url"):
                key = (e["source_title"], e["source_url"])
                seen.setdefault(key, {"title": e["source_title"], "url": e["source_url"], "date": e["source_date"],
                                      "confidence": e["confidence"]})
    return list(seen.values())


def audit_data(audit: pd.DataFrame) -> pd.DataFrame:
    """The audit flattened for its data file: one row per claim with the deciding or closest source figure."""
    ev = audit["evidence"]
    return pd.DataFrame({
        "claim_id": audit["claim_id"], "thesis_value": audit["thesis_value"], "bound": audit["bound"],
        "verdict": audit["verdict"], "source_value": [e.get("value") for e in ev],
        "source_cutoff": [e.get("cutoff") for e in ev], "source_scope": [e.get("scope_en") for e in ev],
        "rel_diff_pct": audit["rel_diff_pct"], "unit_factor": audit["unit_factor"],
        "source_title": [e.get("source_title") for e in ev], "source_url": [e.get("source_url") for e in ev],
        "source_date": [e.get("source_date") for e in ev], "confidence": [e.get("confidence") for e in ev]})
