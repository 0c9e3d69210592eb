"""Prose as text (issue 23): the book's Chinese characters come from text sources (the project's target is at least
90 %; main holds 98.3 % today, so the floor is 98 %), every chapter has its text files, and the book's own text files
agree in both languages (rules: tests/checkers/text_sources.py). The checkers are tested on a small synthetic package
first, so the real-package tests can fail.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from checkers.text_sources import (CHAPTERS, chapter_of_path, cjk, notebook_chars, python_literal_chars,
                                   text_file_chars, text_share)

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / "heilongjiang_newmedia"
NOTEBOOKS = ROOT / "notebooks"
#: the floor: what main achieves today (98.3 % on 2026-12-07; the project's target is 90 %). Do not lower it.
MIN_SHARE = 0.98


def _nb(path: Path, cells: list[tuple[str, str]]) -> Path:
    path.write_text(json.dumps({"cells": [{"cell_type": k, "metadata": {}, "source": s} for k, s in cells],
                                "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, ensure_ascii=False),
                    encoding="utf-8")
    return path


# -- the checkers on a synthetic package ------------------------------------------------------------------------------

def test_counting_rules(tmp_path):
    assert cjk("黑龙江 Heilongjiang，“政务”") == 5
    py = ('"""模块说明不算。"""\n# 注释不算\nA = "三个字"\n\n\ndef f(x):\n    """函数说明不算"""\n'
          '    return f"共{x}个" + "。"\n')
    assert python_literal_chars(py) == 5                       # 三个字 + 共 + 个
    assert python_literal_chars("%matplotlib inline\nx = '两字'\n") == 2
    md = tmp_path / "zh.md"
    md.write_text("<!-- 给研究者的备注 -->\n<!-- passage: a -->\n本章{{ x }}。\n", encoding="utf-8")
    y = tmp_path / "t.yaml"
    y.write_text("# 注释\nP1: {zh: 管理体制, en: management}\n", encoding="utf-8")
    c = tmp_path / "t.csv"
    c.write_text("id,label_zh\nP1,平台落后\n", encoding="utf-8")
    assert (text_file_chars(md), text_file_chars(y), text_file_chars(c)) == (2, 4, 4)
    nb = _nb(tmp_path / "01_x.ipynb", [("markdown", "# 第一章"), ("code", "ch.say(zh='本章', en='x')  # 注释")])
    assert notebook_chars(nb) == (3, 2)


def test_share_by_chapter_on_a_synthetic_package(tmp_path):
    pkg, nbs = tmp_path / "pkg", tmp_path / "notebooks"
    for rel, text in {"chapters/status/text/zh.md": "<!-- passage: a -->\n一二三四五六七八九十\n",
                      "chapters/status/text/en.md": "<!-- passage: a -->\nten\n",
                      "chapters/status/__init__.py": "X = '一'\n",
                      "chapters/problems_core.py": "Y = '一二三四'\n",
                      "chapters/data_tables/problems.csv": "id,zh\nP1,一二三四五六\n",
                      "text/scale.yaml": "supported: {zh: 得到支持}\n",
                      "text/wording.py": "Z = '个'\n",
                      "reporting/templates/x.yaml": "a: 不算\n"}.items():
        (pkg / rel).parent.mkdir(parents=True, exist_ok=True)
        (pkg / rel).write_text(text, encoding="utf-8")
    nbs.mkdir()
    _nb(nbs / "03_status.ipynb", [("markdown", "现状"), ("code", "ch.text('a')")])
    _nb(nbs / "explore.ipynb", [("markdown", "不算在书里")])
    share = text_share(pkg, nbs)
    assert dict(share.text) == {"status": 12, "problems": 6, "(shared)": 4}
    assert dict(share.code) == {"status": 1, "problems": 4, "(shared)": 1}
    assert share.ratio("status") == pytest.approx(12 / 13) and share.ratio() == pytest.approx(22 / 28)
    assert share.largest_code(1) == [("chapters/problems_core.py", 4)]
    assert chapter_of_path(Path("chapters/researcher_data.py")) == "(shared)"
    assert chapter_of_path(Path("chapters/conclusion_words.py")) == "conclusion"


# -- the real package ---------------------------------------------------------------------------------------------

def test_at_least_90_percent_of_the_chinese_text_is_in_text_sources():
    share = text_share(PACKAGE_DIR, NOTEBOOKS)
    largest = "\n".join(f"  {n:6d}  {f}" for f, n in share.largest_code())
    assert share.ratio() >= MIN_SHARE, (
        f"{share.ratio():.1%} of the book's Chinese characters come from text sources (at least {MIN_SHARE:.0%} "
        f"needed):\n{share.table()}\nmost Chinese in code:\n{largest}")


def test_every_chapter_has_its_text_files():
    missing = [c for c in CHAPTERS if not all((PACKAGE_DIR / "chapters" / c / "text" / f"{lang}.md").is_file()
                                              for lang in ("zh", "en"))]
    assert not missing, f"chapters without chapters/<name>/text/zh.md and en.md: {missing}"


def test_the_book_text_files_agree_in_both_languages():
    from heilongjiang_newmedia.text.passages import passage_fields, read_text

    folder = PACKAGE_DIR / "text" / "book"
    problems = []
    for zh_file in sorted(folder.glob("**/zh.md")):
        zh, en = read_text(zh_file.parent, "zh"), read_text(zh_file.parent, "en")
        if set(zh.passages) != set(en.passages):
            problems.append(f"{zh_file.parent}: passages only in one language: "
                            f"{sorted(set(zh.passages) ^ set(en.passages))}")
        problems += [f"{zh_file.parent}: passage {p!r}: fields differ" for p in set(zh.passages) & set(en.passages)
                     if passage_fields(zh, p) != passage_fields(en, p)]
    assert not problems, "\n".join(problems)
