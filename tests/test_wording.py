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
