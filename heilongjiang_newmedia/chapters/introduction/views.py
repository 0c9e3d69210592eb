"""Chapter 1's exhibits and the values its text prints, from a :class:`~.analysis.Result`.

No sentences here: table headers and chart labels come from ``tables/labels.yaml``; every table cell that is worded
(a source figure with its date, the reason for an outcome) is a passage of the chapter's text file, rendered through
``cell`` — the chapter's ``Chapter.cell`` (passage name, **values) -> plain text.
"""
from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pandas as pd

from heilongjiang_newmedia.text.filters import outcome_label

from . import audit as A
from . import shipped as S
from .analysis import Result
from .charts import scope_lines, two_panels

__all__ = ["netizens_figure", "netizens_data", "users_figure", "users_data", "microblogs_figure", "audit_table",
           "audit_data", "policy_table", "national_values", "audit_values", "policy_values"]

Cell = Callable[..., str]


def _lab(key: str, lang: str) -> str:
    return S.label(S.labels()["charts"][key], lang)


def _scale(kind: str, lang: str) -> float:
    return float(S.labels()["chart_scale"][kind][lang])


def netizens_data(res: Result) -> pd.DataFrame:
    return pd.concat([res.netizens, res.penetration], ignore_index=True)


def netizens_figure(res: Result):
    """Netizens (left, 亿人 / million) and internet penetration (right, %)."""
    zh = res.lang == "zh"
    return two_panels(res.netizens, res.penetration, _lab("netizens", res.lang), _lab("penetration", res.lang),
                      left_scale=_scale("people", res.lang), left_fmt=".2f" if zh else ".0f")


def users_data(res: Result) -> pd.DataFrame:
    return pd.concat([res.users, res.users_share], ignore_index=True)


def users_figure(res: Result):
    """Online government service users (left) and their share of netizens (right); reports without a figure stay
    gaps (points are not joined)."""
    zh = res.lang == "zh"
    return two_panels(res.users, res.users_share, _lab("users", res.lang), _lab("users_share", res.lang),
                      left_scale=_scale("people", res.lang), connect=False, labels=True,
                      left_fmt=".2f" if zh else ".0f")


def microblogs_figure(res: Result):
    """Government microblogs by counting scope, with the 2018 clean-up marked."""
    from .national import CLEAN_UP_2018

    return scope_lines(res.blogs, "label", _lab("microblog_accounts", res.lang), scale=_scale("accounts", res.lang),
                       breaks=((CLEAN_UP_2018, _lab("clean_up_2018", res.lang)),))


# ------------------------------------------------------------------------------------------------------- the audit
def _source(row: dict[str, Any], lang: str) -> dict[str, Any]:
    """A source row with its publisher and scope in the reader's words."""
    if not row:
        return {}
    lab = S.labels()
    return {**row, "publisher_label": S.label(lab["publishers"].get(row["publisher"]), lang, row["publisher"]),
            "scope_label": S.label(lab["scopes"].get(row["indicator"]), lang, "")}


def audit_values(res: Result) -> list[dict[str, Any]]:
    """One dict per claim for the text: the claim's fields, ``outcome``, ``evidence``, ``nearest``, ``near``,
    ``other_unit`` (source rows with ``publisher_label`` and ``scope_label``), ``missing_reports``,
    ``qualitative`` and ``factor_exp`` (4 or 8 for a mismatch: the power of ten between 万 and 亿)."""
    out = []
    for r in res.audit.to_dict("records"):
        f = None if pd.isna(r["unit_factor"]) else int(r["unit_factor"])
        out.append({**r, "evidence": _source(r["evidence"], res.lang), "nearest": _source(r["nearest"], res.lang),
                    "near": [_source(x, res.lang) for x in r["near"]],
                    "other_unit": [_source(x, res.lang) for x in r["other_unit"]],
                    "factor_exp": int(round(math.log10(f))) if f else None,
                    "lower": r["bound"] == "lower"})
    return out


def audit_table(res: Result, cell: Cell) -> pd.DataFrame:
    """The audit for the reader: the abstract's words (zh: the book's translation), outcome, the deciding or nearest
    source figure with its date, and the reason (passages ``claims-audit.claim``, ``.source``, ``.reason``)."""
    cols = S.labels()["columns"]["claims-audit"]
    lang = res.lang
    rows = []
    for c in audit_values(res):
        shown = c["evidence"] or c["nearest"]
        rows.append({
            S.label(cols["claim"], lang): cell("claims-audit.claim", c=c),
            S.label(cols["outcome"], lang): outcome_label(c["outcome"], lang),
            S.label(cols["source"], lang): cell("claims-audit.source", c=c, s=shown) if shown else "",
            S.label(cols["reason"], lang): cell("claims-audit.reason", c=c),
        })
    return pd.DataFrame(rows)


def audit_data(res: Result) -> pd.DataFrame:
    """Every source row the audit shows, one per line, with the claim, its outcome and the row's role."""
    outcome = dict(zip(res.audit["claim_id"], res.audit["outcome"]))
    rows = A.shown_rows(res.audit)
    df = pd.DataFrame(rows)
    df.insert(1, "outcome", df["claim_id"].map(outcome))
    missing = [c for c in res.audit["claim_id"] if c not in set(df["claim_id"])]
    if missing:  # a claim with nothing shown still gets its line
        df = pd.concat([df, pd.DataFrame({"claim_id": missing, "outcome": [outcome[c] for c in missing]})],
                       ignore_index=True)
    return df


# ------------------------------------------------------------------------------------------------------- policy
def policy_table(res: Result, cell: Cell) -> pd.DataFrame:
    """The provisions each of the thesis's problems touches: problem, provision (zh: the quote, simplified; en: the
    paraphrase), document (passage ``policy-provisions.document``)."""
    cols = S.labels()["columns"]["policy-provisions"]
    probs, docs = S.problems(), S.documents()
    lang = res.lang
    rows = []
    for r in res.policy_rows.to_dict("records"):
        doc = S.label(docs.get(r["ref_id"]), lang, "")
        rows.append({
            S.label(cols["problem"], lang): S.label(probs[r["problem_id"]], lang),
            S.label(cols["provision"], lang): cell("policy-provisions.provision", r=r),
            S.label(cols["document"], lang): cell("policy-provisions.document", r=r, doc=doc),
        })
    return pd.DataFrame(rows)


def policy_values(res: Result) -> dict[str, Any]:
    """Fields of the policy passages: ``q`` (provision id -> quote and document), ``ref_q`` (ref id -> the work's
    quote), ``problems`` (id -> name) and
    ``province_documents`` (ref ids of the focus province's own documents in the data)."""
    return {"q": res.quotes, "ref_q": res.ref_quotes, "problems": {k: S.label(v, res.lang) for k, v in S.problems().items()},
            "province_documents": res.province_documents}


# ------------------------------------------------------------------------------------------------------- context
def _point(df: pd.DataFrame, i: int) -> dict[str, Any] | None:
    if df.empty:
        return None
    r = df.iloc[i]
    return {"cutoff": str(r["cutoff"]), "value": float(r["value"]), "report_no": int(r["report_no"])}


def national_values(res: Result) -> dict[str, Any]:
    """Fields of the background passages: first and last netizens, penetration at the last cutoff, first and last
    users and shares, reports without a users figure, the microblog facts around the 2018 clean-up, the data's age."""
    pen = res.penetration.set_index("cutoff")["value"]
    last_net = _point(res.netizens, -1)
    return {
        "net_first": _point(res.netizens, 0), "net_last": last_net,
        "pen_last": float(pen[last_net["cutoff"]]) if last_net and last_net["cutoff"] in pen.index else None,
        "users_first": _point(res.users, 0), "users_last": _point(res.users, -1),
        "share_first": _point(res.users_share, 0) if len(res.users_share) > 1 else None,
        "share_last": _point(res.users_share, -1) if len(res.users_share) > 1 else None,
        "users_missing": res.users_missing, "blogs": res.blog_facts,
        "cross_section_years": res.cross_section_years, "latest_cutoff": res.latest_cutoff,
        "age_years": res.age_years, "counts": res.counts,
    }
