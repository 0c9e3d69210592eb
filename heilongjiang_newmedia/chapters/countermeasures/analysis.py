"""Chapter 6's analysis: the four countermeasures against chapter 4's verdicts, their priority, monitoring baselines
and targets, the documented practices chapter 5 recorded for each, and the province's own policy documents.

Earlier chapters are read only through their findings records (``problems`` and ``comparison``), passed in as
:class:`~heilongjiang_newmedia.findings.Findings`; nothing here imports another chapter.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from heilongjiang_newmedia.chapters.countermeasures import monitoring as M
from heilongjiang_newmedia.chapters.countermeasures import plan as PL
from heilongjiang_newmedia.chapters.countermeasures import practices as PR

__all__ = ["Result", "analyse", "problem_evidence", "lessons_of", "province_documents", "PROBLEMS"]

PROBLEMS = ("P1", "P2", "P3", "P4")


@dataclass
class Result:
    """Everything chapter 6 shows: ``context``; ``plan`` (:func:`plan.priority_table`: one row per countermeasure
    in priority order); ``problems`` (problem id -> verdict, n_for, n_against); ``lessons`` (CM id -> row ids) and
    ``lesson_regions`` (CM id -> region keys) as chapter 5 recorded them; ``practice_rows`` (the practice rows
    behind them); ``rates`` (provincial pass rates); ``baselines`` and ``targets`` (indicator code -> dict);
    ``documents`` (the province's own policy documents in the literature data); ``target_year``; ``provisions``
    (the policy provisions with their quotes); ``criterion`` (the first practice row that prints the share of
    accounts not updated for over two weeks: the origin of that measure, any region)."""

    context: Any
    plan: pd.DataFrame
    problems: dict[str, dict[str, Any]]
    lessons: dict[str, list[str]]
    lesson_regions: dict[str, list[str]]
    practice_rows: pd.DataFrame
    rates: pd.DataFrame
    baselines: dict[str, dict[str, Any] | None]
    targets: dict[str, dict[str, Any]]
    documents: pd.DataFrame
    target_year: int
    provisions: pd.DataFrame
    criterion: pd.Series | None

    def order(self) -> list[str]:
        """Countermeasure ids in priority order."""
        return list(self.plan["countermeasure_id"])

    def indicator_of(self, cm: str) -> str:
        return str(self.plan.set_index("countermeasure_id").at[cm, "indicator"])


def problem_evidence(problems: Any) -> dict[str, dict[str, Any]]:
    """Chapter 4's record as plain values: problem id -> ``verdict``, ``n_for``, ``n_against``."""
    return {p: {"verdict": problems.value(f"{p}.verdict"), "n_for": int(problems.value(f"{p}.n_for")),
                "n_against": int(problems.value(f"{p}.n_against"))} for p in PROBLEMS}


def lessons_of(comparison: Any) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Chapter 5's lessons per countermeasure: (CM id -> practice row ids, CM id -> region keys); a countermeasure
    no documented practice speaks to is absent."""
    ids, regions = {}, {}
    for cm in PL.countermeasure_table()["countermeasure_id"]:
        if f"lessons.{cm}.ids" in comparison:
            ids[cm] = [str(i) for i in comparison.value(f"lessons.{cm}.ids")]
            regions[cm] = [str(r) for r in comparison.value(f"lessons.{cm}.regions")]
    return ids, regions


def province_documents(references: pd.DataFrame, province_full: str) -> pd.DataFrame:
    """The focus province's own policy documents in the literature data (issuer starts with the province's full
    name), without its inspection notices: ``ref_id``, ``title``, ``doc_number``, ``date_issued``, ``new_media``
    (True when the title names government new media: an implementing document of 国办发〔2018〕123号)."""
    r = references[(references["kind"] == "policy")
                   & references["authors_or_issuer"].fillna("").str.startswith(province_full)
                   & ~references["title"].fillna("").str.contains("通报")]
    out = r[["ref_id", "title", "doc_number", "date_issued"]].fillna("").copy()
    out["new_media"] = r["title"].fillna("").str.contains("政务新媒体").to_numpy()
    return out.reset_index(drop=True)


def analyse(ctx: Any, load: Callable[..., pd.DataFrame], problems: Any, comparison: Any,
            target_year: int) -> Result:
    """Chapter 6 for the study ``ctx``: ``load(name, data_dir=...)`` reads a dataset; ``problems`` and
    ``comparison`` are the findings records of chapters 4 and 5; ``target_year`` the year the targets are for."""
    data = {n: load(n, data_dir=ctx.data_dir) for n in ("hlj_quarterly", "comparator_provinces", "notice_items",
                                                       "practices", "references", "policy_provisions")}
    ev = problem_evidence(problems)
    table = PL.priority_table({p: e["verdict"] for p, e in ev.items()})
    lessons, regions = lessons_of(comparison)
    rates = M.pass_rates(data["hlj_quarterly"], data["comparator_provinces"], data["notice_items"])
    return Result(context=ctx, plan=table, problems=ev, lessons=lessons, lesson_regions=regions,
                  practice_rows=PR.lesson_rows(data["practices"], lessons), rates=rates,
                  baselines=M.baselines(ctx.province.zh, rates, data["practices"]), targets=M.targets(target_year),
                  documents=province_documents(data["references"], ctx.province.zh_full),
                  target_year=int(target_year), provisions=data["policy_provisions"],
                  criterion=_criterion(data["practices"]))


def _criterion(practices: pd.DataFrame) -> pd.Series | None:
    rows = practices[practices["measure"] == M.INACTIVE_MEASURE].sort_values("reference_date")
    return None if rows.empty else rows.iloc[0]
