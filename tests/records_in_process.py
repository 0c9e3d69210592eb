"""Findings records and rendered passages of chapters 6 and 7 computed in the test process (no notebook, no build),
for the fast tests of those chapters.

* Chapters 1-5 run their own analyses (``analyse`` of each chapter) and give their real records. The build tests
  (test_consistency.py) read the records a real build wrote.
* :func:`render` fills a passage of a chapter's text file the way ``Chapter.text`` does (context names, the
  records by namespace, ``see`` and ``ref``), with the chapter's exhibits numbered as its notebook numbers them.
"""
from __future__ import annotations

import inspect
import re
from functools import lru_cache
from typing import Any

from heilongjiang_newmedia.chapters import comparison as C
from heilongjiang_newmedia.chapters import framework as F
from heilongjiang_newmedia.chapters import introduction as I
from heilongjiang_newmedia.chapters import status as S
from heilongjiang_newmedia.chapters import countermeasures as M
from heilongjiang_newmedia.chapters import problems as P
from heilongjiang_newmedia.findings import ExhibitRef, Finding, Findings
from heilongjiang_newmedia.loading.context import StudyContext
from heilongjiang_newmedia.loading.datasets import load
from heilongjiang_newmedia.text import chapter_text, context_fields
from heilongjiang_newmedia.text import render as render_passage

CASES = [("黑龙江", None), ("吉林", None), ("浙江", ["广东", "上海", "江苏", "北京"])]

#: the exhibits each chapter's notebook makes, in order (numbers for ``ref``)
EXHIBITS = {"countermeasures": ("cm-problems", "practices", "monitoring"), "conclusion": ("predictions",)}


def context(province: str, benchmarks: list[str] | None = None, lang: str = "zh") -> StudyContext:
    return StudyContext.from_params(province=province, benchmarks=benchmarks, lang=lang)


@lru_cache(maxsize=8)
def _real(province: str, benchmarks: tuple[str, ...] | None) -> dict[str, Findings]:
    ctx = context(province, list(benchmarks) if benchmarks else None)
    intro = Findings("01_introduction", "introduction", ctx.to_json())
    for f in I.findings(I.analyse(ctx, load)):
        intro.add(f)
    framework = F.findings(F.analyse(ctx))
    st = S.analyse(ctx, load)
    status = Findings("03_status", "status", ctx.to_json())
    made = [{"id": i} for i in re.findall(r'"([a-z][a-z0-9-]+)"', inspect.getsource(S.record))]
    for part in S.record.FINDING_PARTS:
        for f in S.findings(st, part, made).values():
            status.add(f)
    problems = P.findings(P.analyse(ctx, load))
    res = C.analyse(ctx, load)
    comparison = Findings("05_comparison", "comparison", ctx.to_json())
    for s in C.record.SECTIONS:
        for f in C.findings(res, s):
            comparison.add(f)
    problems.context = ctx.to_json()
    return {"introduction": _numbered(intro), "framework": _numbered(framework), "status": _numbered(status), "problems": _numbered(problems),
            "comparison": _numbered(comparison)}


def _numbered(rec: Findings) -> Findings:
    """The record with its exhibit ids numbered in order of first mention (the notebook numbers them as made)."""
    nums: dict[str, int] = {}
    out = Findings(rec.chapter, rec.namespace, rec.context)
    for key in rec:
        f = rec[key]
        refs = []
        for x in f.exhibits:
            xid = x.id if isinstance(x, ExhibitRef) else str(x)
            refs.append(ExhibitRef(rec.chapter, xid, "table", nums.setdefault(xid, len(nums) + 1)))
        out.add(Finding(f.key, f.kind, f.value, unit=f.unit, exhibits=tuple(refs), low_confidence=f.low_confidence,
                        detail=f.detail))
    return out


def _ref(stem: str, id: str, n: int = 1, kind: str = "table") -> ExhibitRef:
    return ExhibitRef(stem, id, kind, n)


def records(province: str, benchmarks: list[str] | None = None) -> dict[str, Findings]:
    """Chapters 1-5 for a province (computed once per province)."""
    return dict(_real(province, tuple(benchmarks) if benchmarks else None))


def chapter6(province: str, benchmarks: list[str] | None = None, lang: str = "zh", target_year: int = 2030):
    """Cached: see :func:`_chapter6`."""
    return _chapter6(province, tuple(benchmarks) if benchmarks else None, lang, target_year)


@lru_cache(maxsize=16)
def _chapter6(province: str, benchmarks: tuple[str, ...] | None, lang: str, target_year: int):
    """``(ctx, result, record)`` of chapter 6 in process, its findings' exhibits numbered as the notebook numbers
    them."""
    benchmarks = list(benchmarks) if benchmarks else None
    ctx = context(province, benchmarks, lang)
    recs = records(province, benchmarks)
    res = M.analyse(ctx, load, recs["problems"], recs["comparison"], target_year=target_year)
    rec = Findings("06_countermeasures", "countermeasures", ctx.to_json())
    nums = {x: i + 1 for i, x in enumerate(EXHIBITS["countermeasures"])}
    for f in M.findings(res):
        refs = tuple(_ref("06_countermeasures", str(x), nums[str(x)]) for x in f.exhibits)
        rec.add(Finding(f.key, f.kind, f.value, unit=f.unit, exhibits=refs, low_confidence=f.low_confidence,
                        detail=f.detail))
    return ctx, res, rec


def render(namespace: str, ctx: StudyContext, recs: dict[str, Findings], name: str, **values: Any) -> str:
    """Passage ``name`` of chapter ``namespace`` filled as its notebook fills it."""
    stem = {"countermeasures": "06_countermeasures", "conclusion": "07_conclusion"}[namespace]
    out: dict[str, Any] = dict(context_fields(ctx))
    for ns, r in recs.items():
        out[ns] = r.tree()
    out["_findings"] = recs
    out["_exhibits"] = {x: {"chapter": stem, "id": x, "kind": "table", "n": i + 1}
                        for i, x in enumerate(EXHIBITS[namespace])}
    out.update(values)
    return str(render_passage(chapter_text(namespace, ctx.lang), name, out))


def chapter6_text(province: str, benchmarks: list[str] | None = None, lang: str = "zh") -> tuple[str, Any, Findings]:
    """Chapter 6's prose as its notebook renders it (every passage, in order): ``(text, result, record)``; cached."""
    return _chapter6_text(province, tuple(benchmarks) if benchmarks else None, lang)


@lru_cache(maxsize=8)
def _chapter6_text(province: str, benchmarks: tuple[str, ...] | None, lang: str) -> tuple[str, Any, Findings]:
    benchmarks = list(benchmarks) if benchmarks else None
    ctx, res, rec = chapter6(province, benchmarks, lang)
    recs = {**records(province, benchmarks), "countermeasures": rec}
    tv = M.text_values(res, lang)
    parts = [render("countermeasures", ctx, recs, n, **tv) for n in ("h.chapter", "intro", "policy", "h.pairs",
                                                                      "pairs", "h.practices", "practices-intro")]
    for c in tv["cms"]:
        parts += [render("countermeasures", ctx, recs, "cm.heading", c=c),
                  render("countermeasures", ctx, recs, "cm.evidence", c=c),
                  render("countermeasures", ctx, recs, f"{c['id']}.measures", **tv),
                  render("countermeasures", ctx, recs, "cm.practices", c=c),
                  render("countermeasures", ctx, recs, f"{c['id']}.reading", **tv),
                  render("countermeasures", ctx, recs, f"indicator.{c['indicator']}", c=c, **tv)]
    reasons = {c: render("countermeasures", ctx, recs, f"cost.{c}") for c in tv["cm"]}
    parts += [render("countermeasures", ctx, recs, n, **tv) for n in ("h.monitoring", "monitoring", "h.priority")]
    parts += [render("countermeasures", ctx, recs, "priority", reasons=reasons, **tv),
              render("countermeasures", ctx, recs, "survey.missing")]
    return "\n\n".join(p for p in parts if p.strip()), res, rec


def chapter7(province: str, benchmarks: list[str] | None = None, lang: str = "zh"):
    """Chapter 7 in process: ``(ctx, records of chapters 1-7, predictions table, passage values)``."""
    from heilongjiang_newmedia.chapters import conclusion as K

    ctx = context(province, benchmarks, lang)
    recs = {**records(province, benchmarks), "countermeasures": chapter6(province, benchmarks, lang)[2]}
    K.check_records(recs, ctx.province.code)
    pred = K.predictions(recs["framework"], K.claim_verdicts(recs["problems"], recs["comparison"]))
    own = Findings("07_conclusion", "conclusion", ctx.to_json())
    for f in K.findings(pred):
        own.add(Finding(f.key, f.kind, f.value, unit=f.unit, exhibits=(_ref("07_conclusion", "predictions"),),
                        detail=f.detail))
    recs["conclusion"] = own
    return ctx, recs, pred, K.text_values(recs, pred, lang)


def chapter7_text(province: str, benchmarks: list[str] | None = None, lang: str = "zh") -> dict[str, Any]:
    """Chapter 7 as its notebook renders it: ``{"text", "summary", "keywords", "rows", "records", "values"}``;
    cached (read-only)."""
    return _chapter7_text(province, tuple(benchmarks) if benchmarks else None, lang)


@lru_cache(maxsize=8)
def _chapter7_text(province: str, benchmarks: tuple[str, ...] | None, lang: str) -> dict[str, Any]:
    benchmarks = list(benchmarks) if benchmarks else None
    from heilongjiang_newmedia.chapters import conclusion as K

    ctx, recs, pred, tv = chapter7(province, benchmarks, lang)
    rows = K.trace_rows(recs, lang)
    names = ["h.chapter", "intro", "h.status", "status", "h.problems", "problems", "h.lessons", "lessons",
             "h.measures", "measures", "h.theory", "theory", "h.claims", "claims", "h.limits", "limits", "further"]
    text = "\n\n".join(render("conclusion", ctx, recs, n, n_statements=len(rows), n_low=int(rows["low"].sum()), **tv)
                       for n in names)
    return {"text": text, "summary": render("conclusion", ctx, recs, "summary", **tv),
            "keywords": render("conclusion", ctx, recs, "summary.keywords", **tv), "rows": rows, "records": recs,
            "values": tv, "pred": pred}
