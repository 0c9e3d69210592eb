"""The policy frame of chapter 1: verbatim provision quotes in simplified script, the provisions each of the thesis's
problems touches, and the policy documents of the focus province in the literature data.

Quotes keep the wording printed on their page. A quote printed in traditional script (a big5 rendering of a
simplified original, ``quote_script`` ``zh-Hant…``) is converted to simplified characters with OpenCC's ``t2s``
dictionary. ASCII commas between Chinese characters and ASCII parentheses next to them become full-width (Chinese
punctuation in Chinese text). Nothing else is changed. An English
quote (``quote_script`` ``en``) is kept for the English book only.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pandas as pd

__all__ = ["simplified", "provision_quotes", "reference_quotes", "provisions_for_problems", "province_documents", "cited_works"]

_CJK = r"[\u3400-\u9fff\uf900-\ufaff“”]"


def _text(x: Any) -> str:
    """A text cell ('' for a missing value)."""
    return x if isinstance(x, str) else ""


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(quote: str, script: str) -> str:
    """``quote`` in simplified script with Chinese commas (see module docstring); English quotes unchanged."""
    text = str(quote)
    if script.startswith("en"):
        return text
    if script.startswith("zh-Hant"):
        text = _t2s().convert(text)
    text = re.sub(rf"(?<={_CJK}),\s*(?={_CJK})", "，", text)
    text = re.sub(rf"(?<={_CJK})\(|\((?={_CJK})", "（", text)
    return re.sub(rf"(?<={_CJK})\)|\)(?={_CJK})", "）", text)


def provision_quotes(provisions: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """``provision_id`` -> ``{zh, en, ref, doc, theme, confidence}``: ``zh`` the simplified Chinese quote (None when
    the quote is English), ``en`` the English quote when the page printed one (else None)."""
    out = {}
    for r in provisions.to_dict("records"):
        script = str(r["quote_script"])
        english = script.startswith("en")
        out[r["provision_id"]] = {"zh": None if english else simplified(r["quote"], script),
                                  "en": r["quote"] if english else None, "ref": r["ref_id"],
                                  "doc": _text(r["doc_number"]), "theme": r["theme"], "confidence": r["confidence"]}
    return out


def reference_quotes(references: pd.DataFrame) -> dict[str, str]:
    """``ref_id`` -> the work's verbatim quote (Chinese quotes in simplified script), for works that print one."""
    out = {}
    for r in references.to_dict("records"):
        if _text(r["quote"]):
            out[r["ref_id"]] = simplified(r["quote"], "zh-Hant" if r["language"] == "zh" else "en")
    return out


def provisions_for_problems(links: pd.DataFrame, provisions: pd.DataFrame, references: pd.DataFrame) -> pd.DataFrame:
    """The provisions each problem touches, in the links' order: ``problem_id``, ``provision_id``, ``ref_id``,
    ``summary_wording`` (the quote is from the official news summary of the document, not its own text: see the
    literature NOTES), ``doc_number``, ``year`` (of the document), ``quote_zh`` (simplified), ``quote_script``, ``paraphrase`` (English)
    and the provision's citation columns. A link to a provision the data do not hold is an error."""
    prov = provisions.set_index("provision_id")
    missing = [p for p in links["provision_id"] if p not in prov.index]
    if missing:
        raise KeyError(f"policy_links.csv names provisions the literature data do not hold: {', '.join(missing)}")
    years = references.set_index("ref_id")["year"]
    rows = []
    for link in links.to_dict("records"):
        p = prov.loc[link["provision_id"]]
        rows.append({"problem_id": link["problem_id"], "provision_id": link["provision_id"], "ref_id": p["ref_id"],
                     "summary_wording": link.get("summary_wording") == "yes",
                     "doc_number": _text(p["doc_number"]), "year": int(years[p["ref_id"]]),
                     "quote_zh": simplified(p["quote"], str(p["quote_script"])), "quote_script": p["quote_script"],
                     "paraphrase": p["paraphrase"], "source_url": p["source_url"], "source_title": p["source_title"],
                     "source_date": p["source_date"], "locator": p["locator"], "confidence": p["confidence"]})
    return pd.DataFrame(rows)


def province_documents(references: pd.DataFrame, province_zh: str) -> list[str]:
    """``ref_id`` of the policy documents issued by the focus province's own bodies (issuer names the province)."""
    pol = references[references["kind"] == "policy"]
    return [r for r, who in zip(pol["ref_id"], pol["authors_or_issuer"]) if str(who).startswith(province_zh)]


def cited_works(references: pd.DataFrame, ids: list[str]) -> pd.DataFrame:
    """The rows of ``references`` for ``ids`` (a citation of an id the data do not hold is an error)."""
    have = set(references["ref_id"])
    unknown = [i for i in ids if i not in have]
    if unknown:
        raise KeyError(f"cited works missing from the references data: {', '.join(unknown)}")
    return references[references["ref_id"].isin(ids)]
