"""Chapter 3's tables in the reader's language: labels from ``tables/labels.yaml``, values through ``text.wording``.

No sentences here: a cell holds a value, a name or a label. In the English book a Chinese proper name appears only
after its English form (``wording.name``), or not at all where the English is known.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pandas as pd

from heilongjiang_newmedia.text import wording as W

from heilongjiang_newmedia.chapters.status.analysis import StatusResult, labels
from heilongjiang_newmedia.chapters.status.notices import category_codes

__all__ = ["summary_table", "crosstab_table", "items_table", "cities_table", "accounts_table", "split_table",
           "named_table", "flagship_table", "weibo_table", "fact_date", "notice_label", "zh_punct"]


def _l(group: str, key: Any, lang: str) -> str:
    return labels()[group][key][lang]


def _col(key: str, lang: str) -> str:
    return _l("columns", key, lang)


def zh_punct(text: str) -> str:
    """A quote as stored (fullwidth punctuation shown as ASCII on the stored page) with Chinese punctuation."""
    table = {",": "，", ":": "：", ";": "；", "(": "（", ")": "）", "!": "！", "?": "？"}
    out = "".join(table.get(ch, ch) for ch in str(text))
    return re.sub(r"([，：；（）！？、])\s+", r"\1", out)


def notice_label(period: str, lang: str, national: bool = False) -> str:
    """A notice by its period: ``2024年第二季度`` / ``Q2 2024``; ``2018年11月``; a national notice marked."""
    return W.quarter(period, lang) + (labels()["national_notice"][lang] if national else "")


def _num(v: Any, lang: str, digits: int = 0) -> str:
    if v is None or (isinstance(v, float) and pd.isna(v)):
        return "—"
    return W.percent(v, lang) if digits < 0 else (f"{float(v):,.0f}".replace(",", "") if lang == "zh" else f"{float(v):,.0f}")


def summary_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """The province's notices side by side: one column per (notice, object), rows check type, numbers checked and in
    operation, pass rate and rate after rectification (``—`` where the notice prints none)."""
    s = res.summary
    cols = {}
    for r in s.itertuples(index=False):
        head = f"{W.quarter(r.period, lang)}{'' if lang == 'zh' else ', '}{_l('objects_short', r.object, lang)}"
        cols[head] = [_l("checks", r.check, lang), _num(r.n_checked, lang), _num(r.n_accounts, lang),
                      _num(r.pass_rate, lang, -1), _num(r.pass_rate_after_rectification, lang, -1)]
    rows = [_l("summary_rows", k, lang) for k in ("check", "n_checked", "n_accounts", "pass_rate",
                                                    "pass_rate_after_rectification")]
    return pd.DataFrame(cols, index=pd.Index(rows, name=None))


def _kind_label(obj: str, kind: str, lang: str) -> str:
    if kind.startswith("row_type:") or kind == "none":
        what = _l("item_kinds", kind, lang)
    else:
        c = category_codes().set_index("code")
        what = c.at[kind, f"label_{lang}"]
    sep = "：" if lang == "zh" else ": "
    return f"{_l('objects', obj, lang)}{sep}{what}"


def crosstab_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """Coded items by object and category (rows) and notice (columns): counts of coded entries."""
    x = res.crosstab
    national = set(res.coded.loc[res.coded["scope"] == "national", "period"])
    out = pd.DataFrame(x.to_numpy(), columns=[notice_label(p, lang, p in national) for p in x.columns])
    out.insert(0, _l("item_columns", "kind", lang), [_kind_label(o, k, lang) for o, k in x.index])
    return out


def items_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """Every coded item except the notice-level figures (shown in the summary): notice, item heading (verbatim in zh;
    in en the English heading where the data give one), object, unit named and its categories."""
    c = res.coded[res.coded["row_type"] != "total"]
    cats = category_codes().set_index("code")[f"label_{lang}"]
    sep = "、" if lang == "zh" else "; "

    names_en = res.extra.get("names_en", {})

    def heading(h: str) -> str:
        if lang == "zh":
            return zh_punct(h) or "—"
        return names_en.get(h, "—")

    def unit(u: str) -> str:
        if lang == "zh" or not u:
            return zh_punct(u) or "—"
        parts = [p.strip() for p in re.split("[、;]", u) if p.strip()]
        return ", ".join(W.unit(p, "en", names_en) for p in parts)

    def kind(r) -> str:
        if r.row_type == "problem_item":
            return sep.join(cats[k] for k in r.categories)
        return _l("item_kinds", f"row_type:{r.row_type}", lang)

    return pd.DataFrame({
        _l("item_columns", "notice", lang): [notice_label(p, lang, s == "national") for p, s in zip(c["period"], c["scope"])],
        _l("item_columns", "heading", lang): [heading(h) for h in c["heading"]],
        _l("item_columns", "object", lang): [_l("objects", o, lang) for o in c["object"]],
        _l("item_columns", "unit", lang): [unit(u) for u in c["unit"]],
        _l("item_columns", "category", lang): [kind(r) for r in c.itertuples(index=False)],
    })


def cities_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """Divisions named with a 100 % pass rate, per notice and object."""
    c = res.cities_100
    return pd.DataFrame({_col("notice", lang): [W.quarter(f"{y}{q}", lang) for y, q in zip(c["year"], c["quarter"])],
                         _l("item_columns", "object", lang): [_l("objects", o, lang) for o in c["object"]],
                         _col("cities_100", lang): c["cities" if lang == "zh" else "cities_en"].to_numpy()})


def _date(d: Any, lang: str) -> str:
    text = str(d).replace("as of ", "")
    if re.fullmatch(r"\d{4}Q[1-4]", text):
        return W.quarter(text, lang)
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return W.pick(lang, f"{int(m.group(1))}年{int(m.group(2))}月{int(m.group(3))}日",
                      f"{int(m.group(3))} {W.month(text[:7], 'en')}")
    return W.month(text, lang)


def accounts_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """Heilongjiang's counts of accounts and websites: date, what is counted, count, basis (N18: the 567 running
    websites labelled with the registered total and the offline sites the same notice prints)."""
    a = res.accounts
    registered = a.loc[a["platform"] == "government_website_registered_incl_offline", "count"]
    fill = {"registered": _num(registered.iloc[0], lang) if len(registered) else "—",
            "offline": _num(res.offline, lang)}
    return pd.DataFrame({
        _col("date", lang): [_date(d, lang) for d in a["reference_date"]],
        _col("counted", lang): [_l("accounts_counted", p, lang) for p in a["platform"]],
        _col("count", lang): [_num(v, lang) for v in a["count"]],
        _col("basis", lang): [_l("accounts_basis", k, lang).format(**fill) for k in a["basis_key"]],
    })


def split_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """Accounts by platform or level, where a notice prints a split."""
    s = res.split
    return pd.DataFrame({_col("notice", lang): [W.quarter(p, lang) for p in s["period"]],
                         _col("split", lang): [_l("splits", c, lang) for c in s["code"]],
                         _col("count", lang): [_num(v, lang) for v in s["value"]]})


def _list_name(series: str, lang: str) -> str:
    if lang == "zh":
        return series
    return labels()["lists_en"].get(series) or W.name(series, "en", chinese=False)


def named_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """The province's accounts on ranking lists, one row per list, period and account (sub-lists together):
    date (month), list, account or institution, sub-lists and places."""
    r = res.named_rows
    sep = "；" if lang == "zh" else "; "

    def placings(ps: Iterable[tuple[str, int]]) -> str:
        out = []
        for sub, rank in ps:
            if not sub:
                out.append(labels()["place"][lang].format(rank=rank))
                continue
            name = zh_punct(sub.replace(" ", "")) if lang == "zh" else labels()["sublists_en"].get(sub, sub)
            out.append(labels()["place_in"][lang].format(sublist=name, rank=rank))
        return sep.join(out)

    return pd.DataFrame({
        _col("time", lang): [W.month(m, lang) for m in r["month"]],
        _col("list", lang): [_list_name(s, lang) for s in r["series"]],
        _col("account", lang): [W.name(a, lang, chinese=False) for a in r["account"]],
        _col("placings", lang): [placings(p) for p in r["placings"]],
    })


def fact_date(text: Any, lang: str) -> str:
    """The date a fact refers to, as printed: a day, month or year; ``(year inferred)`` kept; a date without a
    printed year reads "year not printed"."""
    t = str(text)
    m = re.search(r"(\d{4}-\d{2}-\d{2})|(\d{4}-\d{2})|(\d{4})", t)
    if not m:
        return labels()["date_not_printed"][lang]
    out = _date(m.group(0), lang)
    return out + (labels()["date_inferred"][lang] if "inferred" in t else "")


def flagship_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """Facts on flagship accounts and new-media platforms: date, account or practice, fact (zh: the verbatim quote
    or the printed figure; en: the English paraphrase or the figure), confidence of the row."""
    f = res.flagship

    def name(r) -> str:
        if lang == "zh":
            return zh_punct(r.name)
        return r.name_en if r.name_en else W.name(r.name, "en", chinese=False)

    def fact(r) -> str:
        if r.kind == "followers":
            v = r.value if lang == "zh" else (W.count(r.followers, "en") + "+")
            return labels()["fact_kinds"]["followers"][lang].format(value=v)
        if r.kind == "launch":
            return labels()["fact_kinds"]["launch"][lang]
        if lang == "en":      # a Chinese name inside the English paraphrase: its English form first
            return re.sub(r"[\u4e00-\u9fff]+(?:〔\d{4}〕\d+号)?", lambda m: W.name(m.group(0), "en"), str(r.description_en))
        usable = bool(r.quote and re.search(r"[\u4e00-\u9fff]", r.quote) and not re.search(r"[\uac00-\ud7af]", r.quote))
        if r.value and r.unit and not (usable and r.value in r.quote):
            return zh_punct(f"{r.value}{r.unit}")
        if usable:
            return "“" + zh_punct(r.quote).replace("“", "‘").replace("”", "’") + "”"
        return zh_punct(r.value) if r.value else labels()["fact_kinds"]["launch"][lang]

    return pd.DataFrame({_col("time", lang): [fact_date(d, lang) for d in f["date"]],
                         _col("name", lang): [name(r) for r in f.itertuples(index=False)],
                         _col("fact", lang): [fact(r) for r in f.itertuples(index=False)],
                         _col("confidence", lang): [W.confidence(c, lang) for c in f["confidence"]]})


def weibo_table(res: StatusResult, lang: str) -> pd.DataFrame:
    """Government Weibo counts, each source's own definition: year, platform, what is counted, count as printed."""
    w = res.weibo
    scope = labels()["weibo_scope"]
    plat = labels()["weibo_platform"]

    def what(s: str) -> str:
        return next((zh if lang == "zh" else en for k, zh, en in scope if k in str(s)), "—")

    def count(v: str) -> str:
        return str(v) if lang == "zh" else str(v).replace("余个", "+").replace("个", "")

    return pd.DataFrame({_col("year", lang): w["year"].astype(str).to_numpy(),
                         _col("platform", lang): [plat.get(p, {}).get(lang, p) for p in w["platform"]],
                         _col("counted_scope", lang): [what(s) for s in w["scope"]],
                         _col("count", lang): [count(v) for v in w["value_as_printed"]]})
