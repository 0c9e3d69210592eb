"""The reader's words: hand-checked renderings of numbers, ranks and labels in both languages."""
import math

from heilongjiang_newmedia.text import wording as W


def test_counts_zh_use_wan_yi_without_spaces():
    assert W.count(1_108_000_000, "zh", "人") == "11.08亿人"
    assert W.count(176_000, "zh", "个") == "17.6万个"
    assert W.count(2153, "zh", "个") == "2153个"


def test_counts_en_use_million_billion_and_separators():
    assert W.count(1_108_000_000, "en", unit_en="people") == "1.108 billion people"
    assert W.count(3_610_000, "en") == "3.61 million"
    assert W.count(2153, "en", unit_en="accounts") == "2,153 accounts"


def test_percent_points_rank_labels():
    assert W.percent(98.75, "zh") == "98.75%"
    assert W.percent(97.6, "en") == "97.6%"
    assert W.points(-1.5, "zh") == "-1.5个百分点"
    assert W.rank(25, 31, "zh") == "第25位（共31个）"
    assert W.rank(25, 31, "en") == "25th of 31"
    assert [W.ordinal(n) for n in (1, 2, 3, 11, 12, 13, 21, 22, 101)] == \
        ["1st", "2nd", "3rd", "11th", "12th", "13th", "21st", "22nd", "101st"]
    assert W.confidence("medium", "zh") == "中"
    assert W.yes_no(False, "zh") == "否"
    assert W.listing(["浙江", "广东", "上海"], "zh") == "浙江、广东和上海"
    assert W.listing(["Zhejiang", "Guangdong"], "en") == "Zhejiang and Guangdong"


def test_missing_values_are_said_not_printed_as_nan():
    assert W.percent(math.nan, "zh") == "无数据"
    assert W.count(None, "en") == "no data"


def test_month():
    assert W.month("2017-12", "zh") == "2017年12月" and W.month("2017-12", "en") == "December 2017"
    assert W.month("2019", "zh") == "2019年" and W.month(None, "en") == "no data"


def test_reference_date_and_units_as_printed():
    """The date a data row refers to (chapters 5 and 6 alike) and the units a notice names, in zh and en."""
    from heilongjiang_newmedia.text import wording as W

    assert W.reference_date("2019Q4 (accounts running to November)", "en") == W.quarter("2019Q4", "en") == "Q4 2019"
    assert W.reference_date("2021-07-05", "zh") == "2021年7月5日" and W.reference_date("2021-07-05", "en") == "5 July 2021"
    assert W.reference_date("2019H2", "zh") == "2019年下半年" and W.reference_date("2019H2", "en") == "H2 2019"
    assert W.reference_date("2011-2015 strategy", "en") == "2011" and W.reference_date("n.d.", "zh") == ""
    assert W.unit("大连市", "zh") == "大连市" and W.unit("大连市", "en") == "Dalian"
    assert W.unit("吉林省畜牧业管理局网", "en").endswith(" (吉林省畜牧业管理局网)")
    assert W.unit("(个别网站,未点名)", "en") == "(a few websites, not named)"
    assert W.unit("哈尔滨市", "en", {"哈尔滨市": "Harbin"}) == "Harbin"     # the data's own English name first


def test_every_unit_a_notice_names_has_an_english_name():
    """English tables print no unit a notice names in Chinese alone (text/units_en.yaml, text/names_en.yaml, or the
    data's English columns for Heilongjiang)."""
    import re

    from heilongjiang_newmedia.chapters.problems.analysis import glossary
    from heilongjiang_newmedia.loading.datasets import load
    from heilongjiang_newmedia.text import wording as W

    g = glossary(load("hlj_problems"), load("hlj_cities"))
    items = load("notice_items")
    for col in ("unit_zh", "city_zh"):
        for value in items[col].dropna():
            for part in (p.strip() for p in re.split(r"[、;；]", str(value)) if p.strip()):
                shown = W.unit(part, "en", g)
                assert not re.search(r"[\u4e00-\u9fff]", re.sub(r"\([^()]*\)$", "", shown)), (col, part, shown)
