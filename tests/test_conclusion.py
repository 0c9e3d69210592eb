"""Chapter 7 (conclusion), the executive summary and the traceability table, rendered in process from the records
(real chapters 4-6, constructed chapters 1-3: tests/records_in_process.py) for Heilongjiang, Jilin and Zhejiang in zh
and en: the theory predictions on the one evidence rule, every verdict, count and order printed as recorded, the
three audit outcomes kept apart, and the book's register. The built chapters are checked in test_consistency.py."""
from __future__ import annotations

import re

import pytest

from heilongjiang_newmedia.chapters import conclusion as K
from heilongjiang_newmedia.findings import Finding, Findings
from heilongjiang_newmedia.text import CHAPTERS_DIR, chapter_text
from heilongjiang_newmedia.text.filters import outcome_label, verdict_label
from heilongjiang_newmedia.text.statements import declared_findings, declared_key
from records_in_process import CASES, chapter7_text

VERDICTS = ("supported", "partly_supported", "contested", "not_supported", "no_direct_evidence")


def _expected_verdict(n_for: int, n_against: int) -> str:
    """The scale's rule written out again (text/scale.yaml)."""
    if n_for == n_against == 0:
        return "no_direct_evidence"
    if n_for >= 2 and n_against == 0:
        return "supported"
    return "partly_supported" if n_for > n_against else "contested" if n_for == n_against else "not_supported"


# ------------------------------------------------------------------------------------------ theory predictions
def _framework(claims: dict[str, list[str]]) -> Findings:
    fw = Findings("02_framework", "framework")
    fw.add(Finding("theories", "list", list(claims)))
    for t, c in claims.items():
        fw.add(Finding(f"predictions.{t}.claims", "list", c))
    return fw


@pytest.mark.parametrize("verdicts, expected", [
    (["not_supported", "no_direct_evidence"], "not_supported"),      # one against, nothing for
    (["no_direct_evidence", "partly_supported"], "partly_supported"),
    (["no_direct_evidence", "no_direct_evidence"], "no_direct_evidence"),
    (["supported", "partly_supported"], "supported"),
    (["supported", "not_supported"], "contested"),
    (["partly_supported", "not_supported", "not_supported", "not_supported"], "not_supported"),  # 1 for, 3 against
    (["contested", "contested"], "no_direct_evidence"),                # evenly divided claims count neither way
])
def test_prediction_verdicts_follow_the_one_rule(verdicts, expected):
    claims = [f"c{i}" for i in range(len(verdicts))]
    pred = K.predictions(_framework({"t": claims}), dict(zip(claims, verdicts)))
    row = pred.iloc[0]
    assert row["verdict"] == expected == _expected_verdict(row["n_for"], row["n_against"])
    assert row["n_for"] == sum(v in ("supported", "partly_supported") for v in verdicts)
    assert row["n_against"] == verdicts.count("not_supported")


def test_prediction_with_an_unrated_claim_is_an_error():
    with pytest.raises(KeyError, match="P9"):
        K.predictions(_framework({"t": ["P1", "P9"]}), {"P1": "supported"})


def test_records_of_another_province_are_refused():
    recs = {"problems": Findings("04_problems", "problems", {"province_code": 230000}),
            "status": Findings("03_status", "status", {"province_code": 220000})}
    with pytest.raises(ValueError, match="status"):
        K.check_records(recs, 230000)
    K.check_records({"problems": recs["problems"]}, 230000)


# ------------------------------------------------------------------------------------------ the rendered chapter
@pytest.fixture(scope="module", params=[pytest.param((p, b, lang), marks=pytest.mark.build)
                                        for p, b in CASES for lang in ("zh", "en")],
                ids=[f"{p}-{lang}" for p, _ in CASES for lang in ("zh", "en")])
def case(request):
    province, benchmarks, lang = request.param
    return lang, chapter7_text(province, benchmarks, lang)


def _groups(verdicts: dict[str, str], names: dict[str, str], lang: str) -> list[str]:
    """The fragments 'names verdict' the chapter prints for claims grouped by verdict, in the scale's order."""
    out = []
    for v in VERDICTS:
        xs = [names[c] for c, x in verdicts.items() if x == v]
        if not xs:
            continue
        q = [f"“{x}”" if lang == "zh" else f'"{x}"' for x in xs]
        listed = q[0] if len(q) == 1 else (("、".join(q[:-1]) + "和" + q[-1]) if lang == "zh"
                                           else ", ".join(q[:-1]) + " and " + q[-1])
        out.append(f"{listed}{verdict_label(v, lang)}" if lang == "zh" else f"{listed}, {verdict_label(v, lang)}")
    return out


def test_problem_verdicts_are_chapter_4s_in_text_and_summary(case):
    lang, r = case
    problems = r["records"]["problems"]
    names = {p: K.labels()["problems"][p][lang] for p in ("P1", "P2", "P3", "P4")}
    verdicts = {p: problems.value(f"{p}.verdict") for p in names}
    for fragment in _groups(verdicts, names, lang):
        assert fragment in r["text"] and fragment in r["summary"], fragment


def test_counts_and_orders_are_the_records(case):
    lang, r = case
    rec, text, summary = r["records"], r["text"], r["summary"]
    fi = {k: rec["framework"].value(f"indicators.{k}") for k in ("n_evaluation", "n_comparable_all", "n_partial",
                                                                 "n_none", "n_background")}
    a = {k: rec["introduction"].value(f"audit.{k}") for k in ("n_claims", "n_not_found", "n_magnitude_mismatch")}
    cm = [K.labels()["countermeasures"][c][lang] for c in rec["countermeasures"].value("priority")]
    comp = rec["comparison"]
    if lang == "zh":
        assert f"有{fi['n_evaluation']}项评价指标，其中只有{fi['n_comparable_all']}项" in text
        assert f"{fi['n_partial']}项只有部分省份" in text and f"{fi['n_none']}项没有数据" in text
        assert f"另有{fi['n_background']}项背景变量" in text                      # N13, N35: apart from evaluation
        assert f"核对了论文英文摘要中的{a['n_claims']}个关键数字" in text
        assert f"{a['n_not_found']}个{outcome_label('not_found', 'zh')}" in text
        assert (f"在第二章可比较的{comp.value('indicators.n_compared')}项评价指标上" in text
                and (f"有{comp.value('indicators.n_ahead')}项优于标杆省份均值" if comp.value("indicators.n_ahead")
                     else "没有一项优于标杆省份均值") in text)
        order = "优先顺序为" + "、".join(f"“{n}”" for n in cm[:-1]) + f"和“{cm[-1]}”"
    else:
        assert f"Of the {fi['n_evaluation']} evaluation indicators of chapter 2,\nonly" not in text
        assert f"only {fi['n_comparable_all']} are comparable across the 31 provinces" in text
        assert f"{fi['n_background']} background variables are context" in text
        assert f"Chapter 1 checked {a['n_claims']} headline figures" in text
        assert f"{a['n_not_found']} {outcome_label('not_found', 'en')}" in text
        order = ", ".join(f'"{n}"' for n in cm[:-1]) + f' and "{cm[-1]}"'
    assert order in " ".join(text.split()) and order in " ".join(summary.split())
    # the limitations count the stated findings and the low ones as the traceability table does (N56)
    rows = r["rows"]
    n, low = len(rows), int(rows["low"].sum())
    assert (f"陈述的{n}项结论中，有{low}项" if lang == "zh" else f"Of the {n} findings this chapter and the summary "
            f"state, {low}\nrest") in text or f"state, {low} rest" in " ".join(text.split())


def test_theory_predictions_printed_as_recorded(case):
    lang, r = case
    pred, own = r["pred"], r["records"]["conclusion"]
    for t in pred.itertuples():
        assert own.value(f"predictions.{t.theory}.verdict") == t.verdict
        word = verdict_label(t.verdict, lang)
        assert (f"结论为“{word}”" if lang == "zh" else f'so its verdict is "{word}"') in " ".join(r["text"].split())


def test_audit_outcomes_kept_apart_and_never_untestable(case):
    lang, r = case
    text = r["text"] + r["summary"]
    if lang == "zh":
        for bad in ("公开数据无法检验", "0项得到支持", "无法检验", "得到部分支持，但需限定", "较强", "较弱", "中等",
                    "证据强度", "第六章按“权重", "权重×", "本项目", "另一数据文件"):
            assert bad not in text, bad
        assert not re.search(r"第\d+章", text)                                  # 第一章 style (N57)
        for para in text.split("\n\n"):                                          # at most once per paragraph (N54)
            assert para.count("含低可信度数据") <= 1
        assert not re.search(r"[，。；：、！？）》」][ \t]", text)
        assert "““" not in text and "””" not in text
    else:
        plain = re.sub(r"<[^>]+>", "", text)
        assert not re.search(r"[“”\u4e00-\u9fff]", plain)                      # Latin quotes, no Chinese (E2)
        for bad in ("partly supported and to be qualified", "untestable", "cannot be tested", "moderate", "fairly strong"):
            assert bad not in plain, bad
        assert not re.search(r"\(see chapter \d\)", plain)
        assert not re.search(r'[a-z0-9)"%\]]\.[A-Z"]', plain)                # no sentences glued together
        assert not re.search(r'; (The|This|These|It|An?) |[a-z"]\(', plain)                # "; The", "building"(see


def test_summary_is_prose_of_the_right_length_without_a_composite_headline(case):
    lang, r = case
    summary = r["summary"]
    assert "\n-" not in summary and "\n*" not in summary                        # prose, not bullets (N2)
    if lang == "zh":
        assert 300 <= len(re.sub(r"\s", "", summary)) <= 400, len(summary)
        assert r["keywords"].startswith("**关键词**：")
        assert "综合" not in summary
    else:
        assert 150 <= len(summary.split()) <= 300, len(summary.split())
        assert r["keywords"].startswith("**Keywords:**")
        assert "composite" not in summary and "TOPSIS" not in summary


def test_traceability_rows_are_the_owners_findings(case):
    lang, r = case
    rows, recs = r["rows"], r["records"]
    assert list(rows["key"]) == [k for k in K.statement_keys()
                                 if k.partition(".")[2] in recs[k.partition(".")[0]]]
    for row in rows.itertuples():
        ns, _, key = row.key.partition(".")
        f = recs[ns][key]
        assert row.value == K.printed_value(f, lang) and row.low == f.low_confidence
        assert row.statement and "{{" not in row.statement and "**" not in row.statement
    verdict_rows = rows[rows["key"].str.endswith(".verdict")]
    for row in verdict_rows.itertuples():
        ns, _, key = row.key.partition(".")
        assert row.value == verdict_label(recs[ns].value(key), lang)
    table = K.trace_table(rows, lang)
    assert list(table.index) == list(range(len(rows)))                          # no index-name row
    assert set(table.iloc[:, 3]) <= {"", K.labels()["low"][lang]}


# ------------------------------------------------------------------------------------------ the text files
def test_every_printed_finding_is_in_the_traceability_list():
    keys = K.statement_keys()
    for lang in ("zh", "en"):
        src = chapter_text("conclusion", lang)
        for name, body in src.passages.items():
            if name.startswith("finding."):
                continue
            for m in re.finditer(r"\b(introduction|framework|status|problems|comparison|countermeasures)"
                                 r"((?:\.[A-Za-z_][A-Za-z0-9_]*)+)", body):
                ref = m.group(1) + m.group(2)
                assert any(k == ref or k.startswith(ref + ".") for k in keys), (lang, name, ref)


def test_statement_keys_are_declared_by_their_chapters():
    for full in K.statement_keys():
        ns, _, key = full.partition(".")
        if not (CHAPTERS_DIR / ns / "findings.yaml").is_file():
            continue                                                            # chapters 1-3 before their merge
        declared_key(ns, key)                                                   # raises when not declared


def test_text_files_agree_and_names_are_the_owners():
    zh, en = chapter_text("conclusion", "zh"), chapter_text("conclusion", "en")
    assert set(zh.passages) == set(en.passages)
    for key in declared_findings("conclusion"):
        assert f"finding.{key}" in zh.passages
    from heilongjiang_newmedia.chapters import countermeasures as M
    from heilongjiang_newmedia.text.terms import thesis_terms
    lab = K.labels()
    assert lab["countermeasures"] == M.labels()["countermeasures"] == thesis_terms()["countermeasures"]
    assert lab["problems"] == M.labels()["problems"] == thesis_terms()["problems"]
    theories = CHAPTERS_DIR / "framework" / "tables" / "theories.csv"
    if theories.is_file():
        import csv
        for r in csv.DictReader(open(theories, encoding="utf-8")):
            assert lab["theories"][r["theory"]]["zh"] == r["name_zh"]
            assert lab["theories"][r["theory"]]["en"].lower() == r["name_en"].lower()
    import yaml
    aspects = yaml.safe_load((CHAPTERS_DIR / "comparison" / "tables" / "problems.yaml").read_text(encoding="utf-8"))
    assert lab["aspects"] == aspects["aspects"]
