"""Chapter 6 (countermeasures): the priority rule on constructed cases, baselines derived here from the raw CSVs,
the monitoring indicators, the documented practices chapter 5 recorded, the findings against their declaration, and
the prose for Heilongjiang, Jilin and Zhejiang in zh and en (rendered in process from the real records of chapters
4 and 5; no notebook)."""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from heilongjiang_newmedia.chapters import countermeasures as M
from heilongjiang_newmedia.chapters.countermeasures import monitoring as MO
from heilongjiang_newmedia.text.filters import verdict_label
from heilongjiang_newmedia.text.statements import declared_findings, finding_statement
from records_in_process import CASES, chapter6, chapter6_text, records

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"
PKG = ROOT / "heilongjiang_newmedia" / "chapters"
#: computes chapters 2-6 in process for three provinces (about a minute on two cores): in the full suite only
SLOW = pytest.mark.build


def _csv(*parts: str) -> list[dict[str, str]]:
    with open(RAW.joinpath(*parts), encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# ------------------------------------------------------------------------------------------ the priority rule
HLJ = {"P1": "partly_supported", "P2": "not_supported", "P3": "no_direct_evidence", "P4": "no_direct_evidence"}


def test_priority_evidence_first_then_cost_then_thesis_order():
    # CM3 answers the one supported problem; CM1 and CM4 tie on evidence, CM4 costs less; CM2's problem is rejected
    assert M.priority_order(HLJ) == ["CM3", "CM4", "CM1", "CM2"]
    # nothing measured anywhere: cost decides, and CM2 before CM3 (both low) by the thesis's order
    nothing = {p: "no_direct_evidence" for p in HLJ}
    assert M.priority_order(nothing) == ["CM2", "CM3", "CM4", "CM1"]
    # a supported problem comes first whatever its cost; a contested one before an unmeasured one
    case = {"P1": "contested", "P2": "no_direct_evidence", "P3": "not_supported", "P4": "supported"}
    assert M.priority_order(case) == ["CM1", "CM3", "CM2", "CM4"]


def test_priority_refuses_unknown_or_missing_verdicts():
    with pytest.raises(ValueError, match="strong"):
        M.priority_order({**HLJ, "P1": "strong"})
    with pytest.raises(KeyError, match="P4"):
        M.priority_order({k: v for k, v in HLJ.items() if k != "P4"})


# ------------------------------------------------------------------------------------------ baselines from the data
def _first_check_from_raw(province: str) -> dict | None:
    """The latest full-coverage first-check pass rates of a province's own notices, read here from the raw CSVs."""
    rates = []  # (year, quarter, object, rate)
    if province == "黑龙江":
        q = _csv("inspections", "hlj_quarterly.csv")
        full = {(r["year"], r["quarter"], r["object"]) for r in q if r["measure"] == "check_type"
                and "全覆盖" in r["value_as_printed"]}
        rates = [(int(r["year"]), r["quarter"], r["object"], float(r["value_numeric"])) for r in q
                 if r["measure"] == "pass_rate" and (r["year"], r["quarter"], r["object"]) in full]
    else:
        items = [r for r in _csv("inspections", "notice_items.csv") if r["province"] == province
                 and r["row_type"] == "total" and re.fullmatch(r"Q[1-4]", r["quarter"])]
        for r in items:
            if "pass rate" not in r["measure"]:
                continue
            same = [x for x in items if (x["period"], x["object"]) == (r["period"], r["object"])]
            if any("full coverage" in x["measure"] or "100% of" in x["measure"] for x in same):
                rates.append((int(r["year"]), r["quarter"], r["object"], float(r["count_numeric"])))
    nm = sorted(x for x in rates if x[2] == "new_media")
    web = sorted(x for x in rates if x[2] == "website")
    if not nm:
        return None
    return {"value": nm[-1][3], "year": nm[-1][0], "quarter": nm[-1][1], "website": web[-1][3] if web else None}


@pytest.mark.parametrize("province", ["黑龙江", "吉林", "辽宁", "浙江", "北京"])
def test_baselines_derived_from_the_raw_data(province):
    from heilongjiang_newmedia.loading.datasets import load

    rates = MO.pass_rates(load("hlj_quarterly"), load("comparator_provinces"), load("notice_items"))
    got = MO.first_check_baseline(rates, province)
    want = _first_check_from_raw(province)
    if want is None:
        assert got is None
    else:
        assert {k: got[k] for k in want} == want
    # the baseline is never the pass rate after rectification (that measures rectification: N47)
    after = {float(r["value_numeric"]) for r in _csv("inspections", "hlj_quarterly.csv")
             if r["measure"] == "pass_rate_after_rectification"}
    assert got is None or (province != "黑龙江" or got["value"] not in after)
    inactive = [r for r in _csv("practices", "practices.csv") if r["region"] == province
                and r["measure"] == "share not updated for over 2 weeks"]
    base = MO.inactive_baseline(load("practices"), province)
    assert (base is None) == (not inactive)
    if inactive:
        assert base["value"] == float(max(inactive, key=lambda r: r["reference_date"])["value_numeric"])


def test_heilongjiang_baseline_is_the_full_coverage_check():
    want = _first_check_from_raw("黑龙江")
    assert (want["year"], want["quarter"]) == (2024, "Q2") and want["website"] is not None
    # the 2022 Q2 new-media check was a sample check: not comparable, never the baseline
    q = _csv("inspections", "hlj_quarterly.csv")
    kind = {(r["year"], r["quarter"], r["object"]): r["value_as_printed"] for r in q if r["measure"] == "check_type"}
    assert kind[("2022", "Q2", "new_media")] == "抽查"


# ------------------------------------------------------------------------------------------ indicators and measures
def test_each_indicator_measures_its_countermeasures_object_and_is_published_regularly():
    table = M.countermeasure_table().set_index("countermeasure_id")
    problems = {r["problem_id"]: set(r["objects"].split(";")) for r in
                csv.DictReader(open(PKG / "problems" / "tables" / "problems.csv", encoding="utf-8"))}
    ind = MO.indicators()
    assert sorted(table["indicator"]) == sorted(ind)
    for cm, r in table.iterrows():
        spec = ind[r["indicator"]]
        # what the indicator measures is what the problem is about (chapter 4's objects): new media for P2
        assert set(spec["objects"]) <= problems[r["problem_id"]], cm
        assert re.search("每季度|每年", spec["publisher"]["zh"]) and re.search("quarter|year", spec["publisher"]["en"])
    assert ind[table.at["CM2", "indicator"]]["objects"] == ["new_media"]
    # not the one-off 2019 cross-section indicators of chapter 2 (N45, N46)
    assert not {"online_service_index_2019", "websites_per_million_2019"} & set(ind)


@SLOW
@pytest.mark.parametrize("province, benchmarks", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_measure_consolidates_websites(province, benchmarks, lang):
    text, res, rec = chapter6_text(province, benchmarks, lang)
    body = text
    if lang == "zh":
        bad = re.findall(r"[^。\n]*(?:集约|整合|迁入|关停|合并)[^。\n]*政府网站[^。\n]*|[^。\n]*政府网站[^。\n]*(?:集约|整合|迁入|关停)[^。\n]*", body)
        bad = [b for b in bad if "不涉及政府网站" not in b and "不再单独建设政府网站" not in b]
    else:
        bad = re.findall(r"[^.\n]*(?:consolidat|merg|clos)[^.\n]*websites?[^.\n]*", body)
        bad = [b for b in bad if "not government websites" not in b and "building websites of their own" not in b]
    assert not bad, bad


@SLOW
# ------------------------------------------------------------------------------------------ practices
@pytest.mark.parametrize("province, benchmarks", CASES, ids=[c[0] for c in CASES])
def test_practices_are_chapter_5s_rows_dated_and_cited(province, benchmarks):
    ctx, res, rec = chapter6(province, benchmarks)
    comp = records(province, benchmarks)["comparison"]
    rows = {r["row_id"]: r for r in _csv("practices", "practices.csv")}
    for cm, ids in res.lessons.items():
        assert ids == comp.value(f"lessons.{cm}.ids")
        shown = res.practice_rows[res.practice_rows["countermeasure_id"] == cm]
        assert list(shown["row_id"]) == ids
        for i in ids:
            assert rows[i]["source_url"].startswith("http") and rows[i]["region"] != ctx.province.zh
    shown = M.shown_practices(res)
    assert set(shown["region"]) == set(res.practice_rows["region"])
    assert all(M.practices_table(res, "zh")["时点"] != "无数据") or len(shown) == 0


@SLOW
# ------------------------------------------------------------------------------------------ findings and statements
@pytest.mark.parametrize("province, benchmarks", CASES, ids=[c[0] for c in CASES])
def test_findings_match_the_declaration_and_chapter_4(province, benchmarks):
    ctx, res, rec = chapter6(province, benchmarks)
    rec.check(declared_findings("countermeasures"))
    problems = records(province, benchmarks)["problems"]
    pairs = {r["countermeasure_id"]: r["problem_id"] for r in _csv_pkg("countermeasures", "countermeasures.csv")}
    for cm, p in pairs.items():
        assert rec.value(f"{cm}.problem") == p
        assert rec.value(f"{cm}.target") in (None, 0, 100) and rec[f"{cm}.target"].detail["year"] == 2030
    verdicts = {p: problems.value(f"{p}.verdict") for p in ("P1", "P2", "P3", "P4")}
    assert rec.value("priority") == M.priority_order(verdicts)
    base = _first_check_from_raw(ctx.province.zh)
    assert ("CM3.baseline" in rec) == (base is not None)
    if base:
        assert rec.value("CM3.baseline") == base["value"]


def _csv_pkg(ns: str, name: str) -> list[dict[str, str]]:
    with open(PKG / ns / "tables" / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@SLOW
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_finding_has_a_statement_with_the_books_names(lang):
    ctx, res, rec = chapter6("黑龙江", None, lang)
    lab = M.labels()
    for key in rec:
        text = str(finding_statement(rec, key, lang))
        assert text.strip() and "{{" not in text and "CM1" not in text and "_" not in text, (key, text)
        if lang == "en":
            assert not re.search(r"[\u4e00-\u9fff]", text), (key, text)
    for cm in ("CM1", "CM2", "CM3", "CM4"):
        assert lab["countermeasures"][cm][lang] in str(finding_statement(rec, f"{cm}.problem", lang))
        p = rec.value(f"{cm}.problem")
        assert lab["problems"][p][lang] in str(finding_statement(rec, f"{cm}.problem", lang))
    order = str(finding_statement(rec, "priority", lang))
    assert [m.start() for m in (re.search(re.escape(lab["countermeasures"][c][lang]), order)
                                for c in rec.value("priority"))] == sorted(
        m.start() for m in (re.search(re.escape(lab["countermeasures"][c][lang]), order) for c in rec.value("priority")))


def test_problem_names_are_chapter_4s():
    from heilongjiang_newmedia.chapters import problems as P

    lab = M.labels()["problems"]
    for r in P.problems().itertuples(index=False):
        assert lab[r.problem_id] == {"zh": r.problem_zh, "en": r.problem_en}


# ------------------------------------------------------------------------------------------ the prose
FORBIDDEN_ZH = ("本项目", "另一数据文件", "本章所用数据最新到", "管理办法修订", "较强", "较弱", "证据强度", "权重×")


@SLOW
@pytest.mark.parametrize("province, benchmarks", CASES, ids=[c[0] for c in CASES])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_prose_prints_the_records_and_reads_as_the_books(province, benchmarks, lang):
    text, res, rec = chapter6_text(province, benchmarks, lang)
    problems = records(province, benchmarks)["problems"]
    lab = M.labels()
    # each countermeasure section prints chapter 4's verdict on its problem, and the counts behind it
    for cm in ("CM1", "CM2", "CM3", "CM4"):
        p = rec.value(f"{cm}.problem")
        word = verdict_label(problems.value(f"{p}.verdict"), lang)
        n_for, n_against = problems.value(f"{p}.n_for"), problems.value(f"{p}.n_against")
        if lang == "zh":
            counts = ("没有支持或反面的观测" if not n_for and not n_against else
                      (f"支持{n_for}项" if n_for else "没有支持的观测") + "，" +
                      (f"反面{n_against}项" if n_against else "没有反面观测"))
            evidence = f"第四章的判断是“{word}”（{counts}"
        else:
            counts = ("no observation for or against" if not n_for and not n_against else
                      (f"{n_for} for" if n_for else "none for") + ", " +
                      (f"{n_against} against" if n_against else "none against"))
            evidence = f'Chapter 4\'s verdict is "{word}" ({counts}'
        assert "0项" not in counts and "(0 " not in counts
        assert f"“{lab['problems'][p][lang]}”。{evidence}" in text if lang == "zh" else evidence in text
    # the priority order as recorded, once, in the last section
    order = [lab["countermeasures"][c][lang] for c in rec.value("priority")]
    last = text.split("6.8", 1)[1]
    pos = [last.rfind(f"“{n}”" if lang == "zh" else f'"{n}"') for n in order]
    assert all(p >= 0 for p in pos) and pos == sorted(pos)
    # policy documents cited; no Heilongjiang management rules presumed (N49)
    assert "[P01]" in text or "P01" in text
    if province == "黑龙江":
        for ref in ("P02", "P16", "P17", "P18"):
            assert ref in text
    if lang == "zh":
        for word in FORBIDDEN_ZH:
            assert word not in text, word
        assert not re.search(r"[，。；：、！？）》」][ \t]", text)          # no space after Chinese punctuation
        plain = re.sub(r"<[^>]+>", "", text)
        assert not re.search(r"[\u4e00-\u9fff]\(|\)[\u4e00-\u9fff]", plain)  # no ASCII parentheses in Chinese
        assert "“”" not in text and "““" not in text
    else:
        plain = re.sub(r"<[^>]+>|\[[^\]]*\]", "", text)
        assert not re.search(r"[“”]", plain)                                   # Latin quotes (E2)
        assert "partly supported and to be qualified" not in plain            # E4
        assert not re.search(r'[a-z0-9)"%\]]\.[A-Z"]', plain)                # no sentences glued together
        assert not re.search(r'; (The|This|These|It|An?) |[a-z"]\(', plain)                # "; The", "building"(see
        for cm in ("CM1", "CM2", "CM3", "CM4"):                                # sentence case mid-sentence (E4)
            name = lab["countermeasures"][cm]["en"]
            assert name == name[0].lower() + name[1:] and f'"{name}"' in plain
    assert "{{" not in text and not re.search(r"[a-z:(（：] ?None\b|\b(nan|NaN)\b", text)


def test_text_files_have_the_same_passages():
    from heilongjiang_newmedia.text import chapter_text

    zh, en = chapter_text("countermeasures", "zh"), chapter_text("countermeasures", "en")
    assert set(zh.passages) == set(en.passages)
    declared = declared_findings("countermeasures")
    for key in declared:
        assert f"finding.{key}" in zh.passages, key
    # the statements print the names from the one table of the thesis's terms, none of their own
    lab = M.labels()
    for lang, src in (("zh", zh), ("en", en)):
        for key in ("finding.priority", "finding.CM1.problem"):
            assert "| term" in str(src.passages[key])
            for group in ("countermeasures", "problems"):
                assert not any(names[lang] in str(src.passages[key]) for names in lab[group].values())


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_survey_passages_render_for_every_status(lang):
    from heilongjiang_newmedia.text import chapter_text, render

    src = chapter_text("countermeasures", lang)
    values = {"_exhibits": {"survey-ipa-priorities": {"chapter": "06_countermeasures", "id": "survey-ipa-priorities",
                                                      "kind": "table", "n": 4}}, "lang": lang}
    assert str(render(src, "survey.missing", values)).strip() == ""            # no section without a survey
    for status in ("no_pairs", "none_to_improve", "priorities"):
        text = str(render(src, f"survey.{status}", values))
        assert text.strip() and "{{" not in text
    assert ("表6-4" if lang == "zh" else "Table 6.4") in str(render(src, "survey.priorities", values))
