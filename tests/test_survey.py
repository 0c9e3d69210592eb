"""Citizen survey: wjx-layout import (CSV UTF-8/GBK, XLSX), personal-data removal, alpha, satisfaction, IPA.

Fixtures are generated here (hand-made and small seeded samples); no responses ship with the package.
"""
from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest
import yaml

matplotlib.use("Agg")

from heilongjiang_newmedia.loading import survey as L  # noqa: E402
from heilongjiang_newmedia.loading.survey_codebook import load_codebook  # noqa: E402
from heilongjiang_newmedia.methods import survey as S  # noqa: E402
from heilongjiang_newmedia.loading.datasets import DataValidationError  # noqa: E402

TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "templates"

IP = "223.104.3.25"
PHONE = "13912345678"
EMAIL = "someone@example.com"

CODEBOOK = {
    "survey": {"title_zh": "测试问卷", "title_en": "Test survey"},
    "missing_values": ["(跳过)", "-3"],
    "personal": ["3、请留下您的联系方式"],
    "scales": {"agree5": {"min": 1, "max": 5, "labels": {"非常不同意": 1, "不同意": 2, "一般": 3, "同意": 4,
                                                          "非常同意": 5}}},
    "dimensions": {"information": {"zh": "信息获取", "en": "Information", "kind": "gratification"},
                   "satisfaction": {"zh": "满意度", "en": "Satisfaction", "kind": "satisfaction"},
                   "importance": {"zh": "重要性", "en": "Importance", "kind": "importance"}},
    "groups": {"age": {"column": "1、您的年龄段", "zh": "年龄段", "en": "Age",
                       "categories": {1: "30岁以下", 2: "30岁及以上"}}},
    "items": {
        "info_a": {"column": "5(信息A)", "dimension": "information", "scale": "agree5"},
        "info_b": {"column": "5(信息B)", "dimension": "information", "scale": "agree5"},
        "info_c": {"column": "5（信息C，反向）", "dimension": "information", "scale": "agree5", "reverse": True},
        **{f"sat_{a}": {"column": f"6、您对以下方面的满意程度—属性{a}", "dimension": "satisfaction", "scale": "agree5",
                        "ipa": {"attribute": a, "role": "performance"}} for a in "abcd"},
        **{f"imp_{a}": {"column": f"7(属性{a})", "dimension": "importance", "scale": "agree5",
                        "ipa": {"attribute": a, "role": "importance"}} for a in "abcd"},
    },
    "ipa_attributes": {"a": {"zh": "属性甲", "en": "Attribute A"}},
}

META = ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP", "总分"]
Q = ["1、您的年龄段", "3、请留下您的联系方式", "4、其他意见建议", "5(信息A)", "5(信息B)", "5(信息C，反向)"] + \
    [f"6、您对以下方面的满意程度—属性{a}" for a in "abcd"] + [f"7(属性{a})" for a in "abcd"]
HEADER = META + Q

# Hand-checkable responses (4 respondents).
# information items after reverse coding: A = 1,2,3,4; B = 2,2,3,5; C = 1,3,3,5 (C stored as 6 - C = 5,3,3,1)
# IPA: importance a 4,5 b 4,4 c 3,3 d 3,4 (respondents 1-2; respondents 3-4 skip), performance a 2,3 b 4,5 c 3,4 d 2,3
HAND = [
    # age, contact, other, infoA, infoB, infoC(raw), sat a b c d, imp a b c d
    ["1", PHONE, "无", "1", "2", "5", "2", "4", "3", "2", "4", "4", "3", "3"],
    ["2", EMAIL, f"请回电 {PHONE}", "2", "2", "3", "3", "5", "4", "3", "5", "4", "3", "4"],
    ["1", "(跳过)", "(跳过)", "3", "3", "3", "(跳过)", "-3", "", "", "(跳过)", "", "", ""],
    ["2", "微信号 abc_12345", "", "同意", "非常同意", "非常不同意", "", "", "", "", "", "", "", ""],
]


def hand_table() -> list[list[str]]:
    rows = []
    for i, r in enumerate(HAND, start=1):
        meta = [str(i), f"2021/3/{i} 10:0{i}:00", f"{100 + i}秒", "微信", "https://example.com/s?x=1", IP, "0"]
        rows.append(meta + r)
    return rows


def write_csv(path: Path, header, rows, encoding="utf-8") -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    d = tmp_path_factory.mktemp("survey")
    cb = d / "codebook.yaml"
    cb.write_text(yaml.safe_dump(CODEBOOK, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return {"dir": d, "codebook": cb, "csv": write_csv(d / "wjx.csv", HEADER, hand_table())}


@pytest.fixture(scope="module")
def hand(files) -> pd.DataFrame:
    return L.load_survey(files["csv"], files["codebook"])


def _seeded(n=40, seed=3):
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        age = rng.choice(["1", "2"])
        base = 2 if age == "1" else 4
        vals = [str(min(5, max(1, base + rng.choice([-1, 0, 1])))) for _ in range(3 + 8)]
        rows.append([str(i + 1), "2021/4/1 09:00:00", f"{rng.randint(20, 400)}秒", "手机提交", "", IP, "0",
                     age, "", "", *vals])
    return rows


# -- codebook ------------------------------------------------------------------------------------------------------

def test_example_codebook_loads_and_is_placeholder():
    cb = load_codebook(TEMPLATES / "survey_codebook.example.yaml")
    assert {"information", "service", "interaction", "entertainment", "satisfaction", "importance"} <= set(
        cb.dimensions)
    assert any(it.reverse for it in cb.items.values())
    assert all("示例" in it.column for it in cb.items.values())  # placeholder wording only
    assert all("示例" in g.column for g in cb.groups.values())


def test_codebook_errors(tmp_path):
    bad = {**CODEBOOK, "items": {"x": {"column": "5(信息A)", "dimension": "nope", "scale": "agree5"}}}
    with pytest.raises(DataValidationError, match=r"items\.x: dimension 'nope' is not declared"):
        load_codebook(bad)
    with pytest.raises(DataValidationError, match="file not found"):
        load_codebook(tmp_path / "missing.yaml")


# -- import and privacy --------------------------------------------------------------------------------------------

def test_import_values_and_metadata(hand):
    assert list(hand["respondent_id"]) == ["1", "2", "3", "4"]
    assert hand["duration_s"].tolist() == [101.0, 102.0, 103.0, 104.0]
    assert hand.at[0, "submitted_at"] == pd.Timestamp("2021-03-01 10:01:00")
    assert hand["age"].tolist() == ["30岁以下", "30岁及以上", "30岁以下", "30岁及以上"]
    assert hand["info_a"].tolist() == [1, 2, 3, 4]  # "同意" label -> 4
    assert hand["info_c"].tolist() == [5, 3, 3, 1]  # raw, before reverse coding; "非常不同意" -> 1
    assert np.isnan(hand.at[2, "sat_a"]) and np.isnan(hand.at[2, "sat_b"])  # "(跳过)" and "-3" are missing
    assert hand.attrs["sources"][0]["date"] == "2021-03-01/2021-03-04"


def test_personal_columns_dropped(hand):
    assert set(hand.attrs["dropped_personal"]) == {"来自IP", "来源详情", "3、请留下您的联系方式", "4、其他意见建议"}
    assert "总分" in hand.attrs["dropped_other"]
    text = hand.to_csv()
    for secret in (IP, PHONE, EMAIL, "abc_12345", "来自IP", "联系方式", "其他意见"):
        assert secret not in text


def test_personal_kept_only_on_request(files):
    raw = L.load_survey(files["csv"], files["codebook"], drop_personal=False)
    assert "来自IP" in raw.columns and raw.attrs["dropped_personal"] == []


@pytest.mark.parametrize("kind", ["gbk", "xlsx"])
def test_gbk_and_xlsx_match_utf8(files, hand, kind):
    if kind == "gbk":
        path = write_csv(files["dir"] / "wjx_gbk.csv", HEADER, hand_table(), encoding="gbk")
    else:
        from openpyxl import Workbook
        wb = Workbook()
        ws = wb.active
        ws.append(HEADER)
        for r in hand_table():
            ws.append([int(c) if c.isdigit() and len(c) < 3 else (c or None) for c in r])  # numbers as numbers
        path = files["dir"] / "wjx.xlsx"
        wb.save(path)
    df = L.load_survey(path, files["codebook"])
    pd.testing.assert_frame_equal(df, hand, check_dtype=False)


def test_min_duration_drops_fast_responses(files):
    df = L.load_survey(files["csv"], files["codebook"], min_duration_s=103)
    assert df["respondent_id"].tolist() == ["3", "4"] and df.attrs["n_fast"] == 2


def test_import_errors_name_file_row_column(files, tmp_path):
    rows = hand_table()
    rows[1][HEADER.index("5(信息B)")] = "7"
    with pytest.raises(DataValidationError,
                       match=r"wjx_bad\.csv, row 2 \(line 3\), column '5\(信息B\)' \(item info_b\): '7' is outside"):
        L.load_survey(write_csv(tmp_path / "wjx_bad.csv", HEADER, rows), files["codebook"])
    rows = hand_table()
    rows[0][HEADER.index("5(信息B)")] = PHONE  # a phone number typed into a scored column is not echoed
    with pytest.raises(DataValidationError, match="redacted") as e:
        L.load_survey(write_csv(tmp_path / "wjx_bad.csv", HEADER, rows), files["codebook"])
    assert PHONE not in str(e.value)
    hdr = [h for h in HEADER if h != "5(信息A)"]
    rows = [[c for h, c in zip(HEADER, r) if h != "5(信息A)"] for r in hand_table()]
    with pytest.raises(DataValidationError, match=r"column '5\(信息A\)' \(item info_a\) not found.*Close matches"):
        L.load_survey(write_csv(tmp_path / "wjx_bad.csv", hdr, rows), files["codebook"])
    rows = hand_table()
    rows[3][HEADER.index("1、您的年龄段")] = "9"
    with pytest.raises(DataValidationError, match=r"row 4 \(line 5\), column '1、您的年龄段' \(group age\)"):
        L.load_survey(write_csv(tmp_path / "wjx_bad.csv", HEADER, rows), files["codebook"])


def test_find_survey(files):
    assert L.find_survey(None, None) is None
    assert L.find_survey(files["csv"], files["codebook"]) == (files["csv"], files["codebook"])
    assert L.find_survey(files["csv"]) == (files["csv"], files["dir"] / "codebook.yaml")  # found next to it
    with pytest.raises(DataValidationError, match="not found"):
        L.find_survey(files["dir"] / "nope.csv", files["codebook"])


# -- reliability ---------------------------------------------------------------------------------------------------

def test_cronbach_alpha_by_hand(hand):
    # Items after reverse coding: A = 1,2,3,4; B = 2,2,3,5; C = 1,3,3,5 (n = 4, k = 3)
    # s²_A = 5/3, s²_B = 6/3 = 2, s²_C = 8/3  -> Σs²_i = 19/3
    # totals 4, 7, 9, 14 (mean 8.5): squared deviations 20.25 + 2.25 + 0.25 + 30.25 = 53 -> s²_total = 53/3
    # alpha = 3/2 · (1 − (19/3)/(53/3)) = 3/2 · 34/53 = 51/53 ≈ 0.9623
    rel = S.reliability(hand).set_index("dimension")
    assert rel.loc["information", "alpha"] == pytest.approx(51 / 53)
    assert rel.loc["information", "n"] == 4 and rel.loc["information", "items"] == 3
    # drop C: s²_A + s²_B = 11/3; totals 3, 4, 6, 9 (mean 5.5): 6.25+2.25+0.25+12.25 = 21 -> 7
    # alpha = 2 · (1 − (11/3)/7) = 20/21
    aid = S.alpha_if_item_deleted(hand).set_index("item")
    assert aid.loc["info_c", "alpha_if_deleted"] == pytest.approx(20 / 21)
    assert bool(aid.loc["info_c", "reverse"]) is True
    # without reverse coding alpha collapses (C would run against A and B)
    raw = hand[["info_a", "info_b", "info_c"]]
    assert S.cronbach_alpha(raw) < 0


def test_alpha_edge_cases():
    assert np.isnan(S.cronbach_alpha(pd.DataFrame({"a": [1, 2, 3]})))
    assert np.isnan(S.cronbach_alpha(pd.DataFrame({"a": [3, 3], "b": [3, 3]})))


# -- satisfaction --------------------------------------------------------------------------------------------------

def test_dimension_summary(hand):
    summ = S.dimension_summary(hand).set_index("dimension")
    # satisfaction per respondent (≥ half of 4 items answered): r1 (2+4+3+2)/4 = 2.75, r2 (3+5+4+3)/4 = 3.75
    assert summ.loc["satisfaction", "n"] == 2
    assert summ.loc["satisfaction", "mean"] == pytest.approx(3.25)
    # information: respondent means 4/3, 7/3, 3, 14/3 -> mean 34/12
    assert summ.loc["information", "mean"] == pytest.approx(34 / 12)
    assert list(S.dimension_summary(hand, kinds=("satisfaction",))["dimension"]) == ["satisfaction"]


def test_sample_description_and_groups(files, tmp_path):
    rows = _seeded()
    df = L.load_survey(write_csv(tmp_path / "seeded.csv", HEADER, rows), files["codebook"])
    desc = S.sample_description(df)
    n_young = sum(r[HEADER.index("1、您的年龄段")] == "1" for r in rows)
    assert desc["category"].tolist() == ["30岁以下", "30岁及以上"]
    assert desc["n"].tolist() == [n_young, 40 - n_young]
    assert desc["pct"].sum() == pytest.approx(100.0)
    by = S.scores_by_group(df, "age", dimensions=["satisfaction"]).set_index("group")
    sat_cols = [HEADER.index(f"6、您对以下方面的满意程度—属性{a}") for a in "abcd"]
    young = [np.mean([int(r[j]) for j in sat_cols]) for r in rows if r[HEADER.index("1、您的年龄段")] == "1"]
    assert by.loc["30岁以下", "mean"] == pytest.approx(np.mean(young))
    assert by.loc["30岁以下", "mean"] < by.loc["30岁及以上", "mean"]  # generated with base 2 vs 4
    small = S.scores_by_group(df, "age", dimensions=["satisfaction"], min_n=100)
    assert small["suppressed"].all() and small["mean"].isna().all()


# -- IPA -----------------------------------------------------------------------------------------------------------

def test_ipa_quadrants_by_hand(hand):
    # importance means a 4.5, b 4.0, c 3.0, d 3.5 -> cut 15/4 = 3.75
    # performance means a 2.5, b 4.5, c 3.5, d 2.5 -> cut 13/4 = 3.25
    # a: high I, low P -> concentrate; b: high/high -> keep_up; c: low I, high P -> overkill; d: low/low -> low
    t = S.ipa(hand).set_index("attribute")
    assert t.attrs["cuts"] == {"importance": 3.75, "performance": 3.25, "rule": "means"}
    assert t["importance"].to_dict() == {"a": 4.5, "b": 4.0, "c": 3.0, "d": 3.5}
    assert t["quadrant"].to_dict() == {"a": "concentrate", "b": "keep_up", "c": "overkill", "d": "low_priority"}
    assert t.loc["a", "label_zh"] == "属性甲" and t.loc["b", "label_zh"] == "b"
    assert t.loc["a", "gap"] == pytest.approx(2.0)
    # explicit cuts at the scale midpoint 3: c (I = 3.0) sits on the cut and counts as high importance
    t3 = S.ipa(hand, cuts=(3.0, 3.0)).set_index("attribute")
    assert t3["quadrant"].to_dict() == {"a": "concentrate", "b": "keep_up", "c": "keep_up", "d": "concentrate"}
    pr = S.ipa_priorities(S.ipa(hand, cuts=(3.0, 3.0)))
    assert pr["attribute"].tolist() == ["a", "d"]  # gaps 2.0 and 1.0


def test_ipa_chart(hand):
    from matplotlib.figure import Figure

    fig = S.ipa_chart(S.ipa(hand), lang="en")
    assert isinstance(fig, Figure)
    ax = fig.axes[0]
    assert ax.get_xlabel().startswith("Performance")
    texts = {t.get_text() for t in ax.texts}
    assert {"Concentrate here", "Keep up the good work", "Attribute A"} <= texts
    import matplotlib.pyplot as plt
    plt.close(fig)


def test_no_personal_data_in_any_output(hand):
    outputs = [hand, S.item_scores(hand), S.dimension_scores(hand), S.reliability(hand),
               S.alpha_if_item_deleted(hand), S.sample_description(hand), S.dimension_summary(hand),
               S.scores_by_group(hand, "age", min_n=1), S.ipa(hand), S.ipa_priorities(S.ipa(hand))]
    for out in outputs:
        text = out.to_csv() + repr(out.attrs.get("sources"))
        for secret in (IP, PHONE, EMAIL, "abc_12345", "example.com/s"):
            assert secret not in text
        assert not {"来自IP", "来源详情", "3、请留下您的联系方式", "4、其他意见建议"} & set(map(str, out.columns))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_survey_priorities_section(files, tmp_path, lang, capsys):
    """Chapter 6's survey section (chapter 4's is tested in test_problems.py): the "concentrate here" attributes,
    largest gap first, recomputed here from the survey; nothing personal in what it shows."""
    from heilongjiang_newmedia.chapters import countermeasures as M

    path = write_csv(tmp_path / "seeded.csv", HEADER,
                     [r[:HEADER.index("3、请留下您的联系方式")] + [PHONE, EMAIL] + r[HEADER.index("5(信息A)"):]
                      for r in _seeded()])
    assert M.survey_priorities(None, None) == ("missing", None)
    status, pr = M.survey_priorities(str(path), str(files["codebook"]))
    sv = L.load_survey(path, files["codebook"])
    expected = S.ipa(sv)
    expected = expected[expected["quadrant"] == "concentrate"].sort_values("gap", ascending=False)
    assert status == "priorities" and pr["attribute"].tolist() == expected["attribute"].tolist()
    shown = M.survey_table(pr, lang)
    written = shown.to_csv() + pr.to_csv()
    for secret in (IP, PHONE, EMAIL):
        assert secret not in written


def test_methods_take_a_codebook_not_a_path(hand, files):
    """Methods do no I/O: a codebook path is refused with the call that reads it; the parsed codebook is used."""
    with pytest.raises(TypeError, match=r"is a path; methods read no files: pass load_codebook\(path\)"):
        S.dimension_scores(hand, str(files["codebook"]))
    with pytest.raises(TypeError, match="is a path"):
        S.dimension_scores(hand, files["codebook"])
    pd.testing.assert_frame_equal(S.dimension_scores(hand, load_codebook(files["codebook"])),
                                  S.dimension_scores(hand))
