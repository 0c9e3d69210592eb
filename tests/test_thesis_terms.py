"""One name per problem and per countermeasure: every chapter prints the thesis's terms from
``text/thesis_terms.yaml``; no chapter table or text file keeps a copy (or another wording) of its own."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from heilongjiang_newmedia.text import Markdown, render
from heilongjiang_newmedia.text.passages import TextSource
from heilongjiang_newmedia.text.terms import term, terms, thesis_terms

CHAPTERS = Path(__file__).resolve().parents[1] / "heilongjiang_newmedia" / "chapters"
#: English wordings the chapters used before the names were put in one table (chapter 1, 2, 5 variants)
OLD_EN = ("management system not perfect", "the management system is imperfect", "relatively backward",
          "platforms lag behind", "hidden dangers in network security", "network security has hidden risks",
          "few forms of service", "service forms are few", "few service forms", "optimise platform operation",
          "institutionalise management")


def _all_names(lang: str) -> dict[str, str]:
    return {**terms("problems", lang), **terms("countermeasures", lang)}


def test_the_table_has_four_problems_and_four_countermeasures_in_both_languages():
    t = yaml.safe_load((Path(__file__).resolve().parents[1] / "heilongjiang_newmedia" / "text" /
                        "thesis_terms.yaml").read_text(encoding="utf-8"))
    assert list(t["problems"]) == ["P1", "P2", "P3", "P4"] and list(t["countermeasures"]) == ["CM1", "CM2", "CM3", "CM4"]
    assert term("P4", "en") == t["problems"]["P4"]["en"] and term("CM2", "zh") == t["countermeasures"]["CM2"]["zh"]
    assert thesis_terms() == t
    with pytest.raises(KeyError, match="thesis_terms"):
        term("P5", "en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_term_filter_prints_the_table_in_the_passage_language(lang):
    src = TextSource(Path("t.md"), lang, {"x": '{{ "P4" | term | quoted }}; {{ value | term }}'}, {"x": 1})
    out = render(src, "x", {"lang": lang, "value": "CM1"})
    q = ("“{}”" if lang == "zh" else '"{}"').format(term("P4", lang))
    assert isinstance(out, Markdown) and str(out).strip() == f"{q}; {term('CM1', lang)}"


def test_no_chapter_table_keeps_a_copy_of_the_names():
    for path in sorted(CHAPTERS.glob("*/tables/*")):
        text = path.read_text(encoding="utf-8")
        low = " ".join(text.lower().split())
        for lang in ("zh", "en"):
            for code, name in _all_names(lang).items():
                assert name.lower() not in low, (path.relative_to(CHAPTERS), code, lang)
        for old in OLD_EN:
            assert old not in low, (path.relative_to(CHAPTERS), old)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_text_file_quotes_a_name_of_its_own(lang):
    for path in sorted(CHAPTERS.glob(f"*/text/{lang}.md")):
        text = " ".join(path.read_text(encoding="utf-8").split())
        for code, name in _all_names(lang).items():
            quoted = f"“{name}”" if lang == "zh" else f'"{name}"'
            assert quoted.lower() not in text.lower(), (path.relative_to(CHAPTERS), code)
        if lang == "en":
            prose = re.sub(r"\{\{.*?\}\}|\{%.*?%\}|<!--.*?-->", " ", text)
            for phrase in re.findall(r'"([^"]*)"', prose):
                assert not any(old in phrase.lower() for old in OLD_EN), (path.relative_to(CHAPTERS), phrase)
