"""Chapter 7 (conclusion): assemble the key results recorded by chapters 1-6 into a one-page summary.

Nothing is recomputed and no number is typed: every statement is formatted from a value that a chapter stored with
``ch.record(key, value, exhibit=id, **extra)`` (see :mod:`heilongjiang_newmedia.reporting.results`), and carries the chapter
and exhibit it comes from, so a reader can follow it back to the exhibit and its sources.

Pure functions over the recalled dicts (``{chapter_stem: {key: value}}`` plus, optionally, the full entries with
``exhibit`` and extras), so they are unit-tested with small dicts. :func:`gather` is the only function that reads
(through an injected ``recall`` callable) and it fails with one error naming *every* chapter to build first.

How a statement is phrased, in order of preference:

1. a template in :data:`TEMPLATES` for ``(chapter, key)`` (format fields: ``value``, the entry's extras and derived
   helpers such as ``value_1e8``);
2. extras recorded with the result: ``statement_zh`` / ``statement_en`` (a template with the same fields) or
   ``label_zh`` / ``label_en`` (the thing measured), rendered as "label: value";
3. the key itself, rendered as "key: value".
"""
from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["CHAPTERS", "CHAPTER_TITLES", "TEMPLATES", "MissingChapterResultsError", "gather", "format_value",
           "statement", "exhibit_index", "read_manifests", "summary_table", "summary_markdown", "collect_sources",
           "province_mismatches"]

#: The chapters whose results the conclusion reads, in book order.
CHAPTERS = ("01_introduction", "02_framework", "03_status", "04_problems", "05_comparison", "06_countermeasures")
CHAPTER_TITLES = {
    "01_introduction": ("第一章 绪论", "Chapter 1 Introduction"),
    "02_framework": ("第二章 理论基础与分析框架", "Chapter 2 Theory and framework"),
    "03_status": ("第三章 发展现状", "Chapter 3 Status"),
    "04_problems": ("第四章 问题与成因", "Chapter 4 Problems and causes"),
    "05_comparison": ("第五章 国内外经验比较", "Chapter 5 Domestic and international comparison"),
    "06_countermeasures": ("第六章 对策建议", "Chapter 6 Countermeasures"),
}


class MissingChapterResultsError(LookupError):
    """One or more chapters the conclusion needs have no recorded results in this build directory."""


def _chapter_number(stem: str) -> int:
    return int(stem.split("_", 1)[0])


def gather(recall: Callable[[str], Mapping[str, Any]], chapters: Iterable[str] = CHAPTERS,
           required: Iterable[str] | None = None) -> dict[str, Mapping[str, Any]]:
    """Recall the results of ``chapters``; raise :class:`MissingChapterResultsError` naming every missing one.

    ``recall`` is :func:`heilongjiang_newmedia.reporting.results.recall` (or a stand-in in tests); any ``LookupError`` or
    ``FileNotFoundError`` it raises counts as "not built". ``required`` (default: all ``chapters``) are the
    chapters whose absence is an error; others are skipped silently when missing.
    """
    chapters = list(chapters)
    required = set(chapters if required is None else required)
    found: dict[str, Mapping[str, Any]] = {}
    missing: list[str] = []
    for stem in chapters:
        try:
            found[stem] = recall(stem)
        except (LookupError, FileNotFoundError):
            if stem in required:
                missing.append(stem)
    if missing:
        raise MissingChapterResultsError(
            "chapter 7 needs the recorded results of chapter(s) " + ", ".join(missing)
            + "; build them first: hlj-newmedia build " + " ".join(missing))
    return found


def format_value(value: Any, lang: str = "zh", labels: Mapping[str, str] | None = None) -> str:
    """A recorded value as text: integers with thousands separators, floats to 4 significant digits, dicts as
    ``k: v`` pairs, lists joined; ``None`` as "—". ``labels`` replaces dict keys and string list items that are
    ids (e.g. indicator or countermeasure ids) by their display names."""
    sep = "；" if lang != "en" else "; "
    lab = dict(labels or {})
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang != "en" else ("yes" if value else "no")
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1000:
            return f"{int(value):,}"
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, Mapping):
        return sep.join(f"{lab.get(str(k), k)}: {format_value(v, lang)}" for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return ("、" if lang != "en" else ", ").join(format_value(lab.get(v, v) if isinstance(v, str) else v, lang)
                                                   for v in value)
    return str(value)


#: Statement templates for known results, ``(chapter, key) -> (zh, en)``. Fields: ``value`` (raw), ``v`` (formatted),
#: the entry's extras, and ``value_1e8`` (value / 1e8, e.g. persons in 亿).
TEMPLATES: dict[tuple[str, str], tuple[str, str]] = {
    ("01_introduction", "netizens_latest"): (
        "截至{cutoff}，全国网民规模为{value_1e8:.2f}亿人。",
        "China had {value_1e8:.2f} hundred million netizens at {cutoff}."),
    ("01_introduction", "online_gov_users_latest"): (
        "截至{cutoff}，全国在线政务服务用户规模为{value_1e8:.2f}亿人。",
        "Online government service users numbered {value_1e8:.2f} hundred million at {cutoff}."),
    ("01_introduction", "gov_weibo_institutions_latest"): (
        "截至{cutoff}，经新浪认证的政务机构微博为{v}个。",
        "There were {v} verified institutional government microblogs at {cutoff}."),
    ("01_introduction", "claims_audit"): (
        "论文摘要中{value_n}个关键数字的核对结果：{value_counts}。",
        "Audit of {value_n} headline figures of the thesis: {value_counts}."),
    ("04_problems", "n_inspection_items"): (
        "检查通报中点名的问题条目共{v}条（按类别编码）。",
        "Inspection notices name {v} problem items (coded by category)."),
    ("04_problems", "pass_rate_mean_gap_pp"): (
        "检查合格率与同期其他省份均值的平均差距为{value:.2f}个百分点（正值表示低于其他省份）。",
        "The mean gap of inspection pass rates to other provinces in the same quarter is {value:.2f} percentage "
        "points (positive = below the others)."),
    ("04_problems", "website_decline_2019_pct"): (
        "2019年政府网站数同比下降{value:.1f}%。",
        "Government websites fell {value:.1f}% year on year in 2019."),
    ("04_problems", "indicator_gaps"): (
        "与标杆省份均值相比的指标差距：{v}。",
        "Gaps to the benchmark mean by indicator: {v}."),
    ("06_countermeasures", "gap_to_target"): (
        "{target_year}年达到目标（{target_zh}）所需的差距：{v}。",
        "Gap to the target ({target_en}) by {target_year}: {v}."),
    ("06_countermeasures", "priority_order"): (
        "对策优先顺序（权重×差距）：{v}。",
        "Priority order of the countermeasures (weight × gap): {v}."),
    ("06_countermeasures", "priority_order_stable"): (
        "各项权重上下浮动{pct}%时，优先顺序保持不变：{v}。",
        "Order unchanged when each weight moves by ±{pct}%: {v}."),
    ("05_comparison", "composite_rank"): (
        "在{n_indicators}项覆盖全部省份的框架指标上，按熵权-TOPSIS综合评价，{province}在{n}个省份中排第{value}位。",
        "On the {n_indicators} framework indicators that cover every province, {province} ranks {value} of {n} "
        "by entropy-weighted TOPSIS."),
    ("05_comparison", "composite_rank_band"): (
        "各项权重分别上下浮动{pct:g}%时，{province}的排名在第{min_rank}至第{max_rank}位之间。",
        "When each weight is moved up and down by {pct:g}%, {province}'s rank stays between {min_rank} and "
        "{max_rank}."),
    ("05_comparison", "composite_closeness"): (
        "{province}的TOPSIS贴近度为{value:.3f}(0–1，1为理想解)。",
        "{province}'s TOPSIS closeness is {value:.3f} (0–1, 1 = the ideal)."),
    ("05_comparison", "region_rank"): (
        "按NBS四大区域平均，{province}所在的{region}地区综合贴近度在四个区域中排第{value}位。",
        "By NBS region, {province}'s region ({region}) ranks {value} of 4 on mean composite closeness."),
    ("05_comparison", "indicators_better_than_benchmarks"): (
        "在{n_compared}项可与标杆省份比较的指标中，{province}有{value}项优于标杆省份均值。",
        "{province} is better than the benchmark mean on {value} of {n_compared} comparable indicators."),
    ("05_comparison", "china_egdi_latest"): (
        "联合国电子政务调查{year}年版中，中国电子政务发展指数(EGDI)为{value:.4f}，在193个成员国中排第{rank}位。",
        "In the {year} UN E-Government Survey China's EGDI is {value:.4f}, rank {rank} of 193."),
    ("05_comparison", "china_egdi_rank_first"): (
        "中国EGDI排名从{year}年的第{value}位变为{last_year}年的第{last_rank}位(各版指数重新标定，宜比较排名)。",
        "China's EGDI rank moved from {value} in {year} to {last_rank} in {last_year} (indices are re-scaled "
        "every edition, so ranks are compared)."),
    ("05_comparison", "china_strongest_component"): (
        "{year}年与对比国家均值相比，中国差距最小(或领先最多)的是{value}(差值{diff:+.3f})。",
        "In {year}, compared with the comparison-country mean, China does best on {value} (difference {diff:+.3f})."),
    ("05_comparison", "china_weakest_component"): (
        "{year}年中国与对比国家均值差距最大的是{value}(差值{diff:+.3f})。",
        "In {year}, China's largest shortfall against the comparison-country mean is on {value} (difference "
        "{diff:+.3f})."),
}


def _renumber(number: str, lang: str) -> str:
    """An exhibit number in the other language's form: 图5-1 <-> Figure 5.1, 表5-2 <-> Table 5.2."""
    m = re.match(r"^(图|表|Figure |Table )(\d+)[-.](\d+)$", number)
    if not m:
        return number
    kind = "figure" if m.group(1) in ("图", "Figure ") else "table"
    if lang == "en":
        return f"{'Figure' if kind == 'figure' else 'Table'} {m.group(2)}.{m.group(3)}"
    return f"{'图' if kind == 'figure' else '表'}{m.group(2)}-{m.group(3)}"


def exhibit_index(manifests: Iterable[Mapping[str, Any]], lang: str = "zh") -> dict[tuple[str, str], dict[str, str]]:
    """``(chapter, exhibit id) -> {"number", "anchor", "title"}`` from per-chapter exhibit manifests (the
    ``exhibits/<chapter>/manifest.json`` written by :class:`~heilongjiang_newmedia.reporting.exhibits.Chapter`). Numbers are
    given in ``lang``'s form whatever language the chapter was built in (图5-1 / Figure 5.1)."""
    out: dict[tuple[str, str], dict[str, str]] = {}
    for man in manifests:
        for x in man.get("exhibits", []):
            out[(x["chapter"], x["id"])] = {"number": _renumber(str(x.get("number", "")), lang),
                                            "anchor": str(x.get("anchor", "")), "title": str(x.get("title", ""))}
    return out


def read_manifests(build_dir: str | Path, chapters: Iterable[str] = CHAPTERS) -> list[dict[str, Any]]:
    """The exhibit manifests of ``chapters`` found under ``<build_dir>/exhibits/`` (absent ones are skipped)."""
    found = []
    for stem in chapters:
        path = Path(build_dir) / "exhibits" / stem / "manifest.json"
        if path.is_file():
            found.append(json.loads(path.read_text(encoding="utf-8")))
    return found


class _Fields(dict):
    def __missing__(self, key: str) -> Any:  # a template field the entry lacks -> fall back to a generic line
        raise KeyError(key)


def _fields(value: Any, extras: Mapping[str, Any], lang: str, labels: Mapping[str, str] | None = None) -> _Fields:
    f = _Fields(extras)
    f["value"] = value
    own = extras.get("labels_en" if lang == "en" else "labels_zh")
    lab = {**dict(labels or {}), **(dict(own) if isinstance(own, Mapping) else {})}
    f["v"] = format_value(value, lang, lab)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        f["value_1e8"] = value / 1e8
    if isinstance(value, Mapping):
        f["value_n"] = len(value)
        counts: dict[str, int] = {}
        for v in value.values():
            counts[str(v)] = counts.get(str(v), 0) + 1
        f["value_counts"] = ("; " if lang == "en" else "；").join(f"{k} {n}" for k, n in counts.items())
    for k in list(extras):
        if isinstance(extras[k], (int, float)) and not isinstance(extras[k], bool) and k != "value":
            f.setdefault(f"{k}_v", format_value(extras[k], lang))
    return f


def statement(chapter: str, key: str, value: Any, extras: Mapping[str, Any] | None = None,
              lang: str = "zh", labels: Mapping[str, str] | None = None) -> str:
    """One sentence for a recorded result (see module docstring for the order of preference). ``labels`` (id ->
    display name, e.g. framework indicator labels) and the entry's ``labels_zh``/``labels_en`` extras name the ids
    inside dict and list values."""
    extras = dict(extras or {})
    for k in ("value", "exhibit", "sources"):
        extras.pop(k, None)
    f = _fields(value, extras, lang, labels)
    en = lang == "en"
    candidates = []
    own = extras.get("statement_en" if en else "statement_zh")
    if own:  # the recording chapter knows its result best
        candidates.append(str(own))
    if (chapter, key) in TEMPLATES:
        candidates.append(TEMPLATES[(chapter, key)][1 if en else 0])
    for tpl in candidates:
        try:
            return tpl.format_map(f)
        except (KeyError, ValueError, TypeError, IndexError):
            continue
    label = extras.get("label_en" if en else "label_zh") or key
    return f"{label}: {f['v']}" if en else f"{label}：{f['v']}"


def _entries(res: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Full entries of a recalled chapter: ``Recalled.entries`` when present, else ``{key: {"value": v}}``."""
    ent = getattr(res, "entries", None)
    if ent:
        return {k: dict(v) for k, v in ent.items()}
    return {k: (dict(v) if isinstance(v, Mapping) and "value" in v else {"value": v}) for k, v in res.items()}


def summary_table(recalled: Mapping[str, Mapping[str, Any]], lang: str = "zh",
                  exhibits: Mapping[tuple[str, str], Mapping[str, str]] | None = None,
                  skip: Iterable[str] = (), labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """One row per recorded result, in chapter order; within a chapter, results with a template in
    :data:`TEMPLATES` order first, then the others in stored order.

    Columns: ``chapter`` (stem), ``chapter_title``, ``key``, ``statement``, ``value`` (as recorded, formatted),
    ``exhibit`` (the exhibit id recorded with the result, or ""), ``exhibit_label`` (its number, e.g. 图5-1, when
    ``exhibits`` (from :func:`exhibit_index`) knows ``(chapter, id)``; else the chapter number and id) and
    ``anchor`` (the exhibit's HTML anchor, or ""). Keys in ``skip`` are left out (e.g. long dict results better
    read in their own chapter). ``labels``: id -> display name for ids inside dict/list values.
    """
    en = lang == "en"
    skip = set(skip)
    rows = []
    order = {k: n for n, k in enumerate(TEMPLATES)}
    for stem in sorted(recalled, key=lambda s: (CHAPTERS.index(s) if s in CHAPTERS else 99, s)):
        entries = _entries(recalled[stem])
        keys = sorted(entries, key=lambda k: (order.get((stem, k), len(order)), list(entries).index(k)))
        for key in keys:
            entry = entries[key]
            if key in skip:
                continue
            value = entry.get("value")
            ex = entry.get("exhibit") or ""
            label, anchor = "", ""
            if ex:
                info = (exhibits or {}).get((stem, ex))
                if info and info.get("number"):
                    label, anchor = info["number"], info.get("anchor", "")
                else:
                    label = f"ch.{_chapter_number(stem)} · {ex}" if en else f"第{_chapter_number(stem)}章 · {ex}"
            title = CHAPTER_TITLES.get(stem, (stem, stem))[1 if en else 0]
            rows.append({"chapter": stem, "chapter_title": title, "key": key,
                         "statement": statement(stem, key, value, entry, lang, labels),
                         "value": format_value(value, lang, labels), "exhibit": ex, "exhibit_label": label,
                         "anchor": anchor})
    return pd.DataFrame(rows, columns=["chapter", "chapter_title", "key", "statement", "value", "exhibit",
                                       "exhibit_label", "anchor"])


def summary_markdown(table: pd.DataFrame, lang: str = "zh") -> str:
    """The one-page summary as Markdown: a heading per chapter, one bullet per statement with its exhibit."""
    en = lang == "en"
    lines: list[str] = []
    for stem, part in table.groupby("chapter", sort=False):
        lines.append(f"**{part['chapter_title'].iloc[0]}**")
        lines.append("")
        for r in part.itertuples(index=False):
            target = f"[{r.exhibit_label}](#{r.anchor})" if r.anchor else r.exhibit_label
            ref = (f" (see {target})" if en else f"（见{target}）") if r.exhibit_label else ""
            lines.append(f"- {r.statement}{ref}")
        lines.append("")
    from heilongjiang_newmedia.reporting.exhibits import Markdown  # generated Markdown: Chapter.say keeps its bullets and links

    return Markdown("\n".join(lines).strip() + "\n")


def collect_sources(recalled: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The distinct sources recorded with the results (first-seen order), for the summary exhibit's source note."""
    seen: dict[tuple, dict[str, Any]] = {}
    for stem in recalled:
        for entry in _entries(recalled[stem]).values():
            for src in entry.get("sources") or []:
                if isinstance(src, Mapping):
                    key = (src.get("title"), src.get("url"), src.get("date"))
                    seen.setdefault(key, dict(src))
    return list(seen.values())


def province_mismatches(recalled: Mapping[str, Mapping[str, Any]], code: int,
                        names: Iterable[str] = ()) -> dict[str, list[Any]]:
    """Chapters whose results were recorded for another province: entries with a ``province_code`` extra other
    than ``code``, or (when ``names`` is given, e.g. the province's Chinese and English names) a ``province`` extra
    not among ``names``. Returns ``{chapter: [the province codes/names found]}``; empty when all agree or no
    chapter records the province."""
    ok = {str(n) for n in names}
    out: dict[str, list[Any]] = {}
    for stem in recalled:
        bad: set[str] = set()
        for e in _entries(recalled[stem]).values():
            c = e.get("province_code")
            if c is not None and int(c) != int(code):
                bad.add(str(c))
            p = e.get("province")
            if ok and isinstance(p, str) and p not in ok:
                bad.add(p)
        if bad:
            out[stem] = sorted(bad)
    return out
