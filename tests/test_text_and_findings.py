"""The text layer (passages with named fields), the findings record and the one evidence rule, on small cases."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from heilongjiang_newmedia.findings import ExhibitRef, Findings, FindingsError, MissingFindingsError, read, write
from heilongjiang_newmedia.loading.context import StudyContext
from heilongjiang_newmedia.methods.evidence import count_observations, rate_claims, verdict_for
from heilongjiang_newmedia.text.passages import TextError, join_lines, passage_fields, read_text, render



# ------------------------------------------------------------------------------------------------ passages
@pytest.fixture
def text_dir(tmp_path):
    (tmp_path / "zh.md").write_text(
        "写给研究者的说明，不会印出。\n"
        "<!-- passage: verdict -->\n"
        "就{{ province }}而言，\n“{{ problem }}”{{ problems.P2.verdict | verdict }}（见{{ see('problems.P2.verdict') }}）。\n"
        "{% if n > 1 %}反面观测有{{ n }}项。{% endif %}\n"
        "<!-- 研究者备注：这一句可以改写 -->\n"
        "<!-- passage: cite -->\n"
        "相关政策见文献[@P01; @S03]，排名{{ 25 | rank(31) }}，账号{{ 176000 | count('个', 'accounts') }}。\n",
        encoding="utf-8")
    (tmp_path / "en.md").write_text(
        "<!-- passage: verdict -->\nFor {{ province }}, {{ problem | quoted }} is {{ problems.P2.verdict | verdict }}.\n"
        "<!-- passage: cite -->\nRank {{ 25 | rank(31) }}, {{ 176000 | count('个', 'accounts') }}, "
        "{{ ['Zhejiang', 'Guangdong', 'Shanghai'] | listing }}.\n", encoding="utf-8")
    return tmp_path


def _record():
    rec = Findings("04_problems", "problems")
    rec.put("P2.verdict", "verdict", "not_supported", exhibits=[ExhibitRef("04_problems", "evidence-ratings", "table", 6)])
    return rec


def test_passage_fields_filled_lines_joined_notes_dropped(text_dir):
    src = read_text(text_dir, "zh")
    rec = _record()
    out = render(src, "verdict", {"province": "黑龙江省", "problem": "平台发展相对落后", "n": 3,
                                  "problems": rec.tree(), "_findings": {"problems": rec}})
    assert out == "就黑龙江省而言，“平台发展相对落后”不支持（见表4-6）。反面观测有3项。"
    assert "研究者" not in out and "说明" not in out


def test_passage_english_words_and_latin_quotes(text_dir):
    rec = _record()
    out = render(read_text(text_dir, "en"), "verdict", {"province": "Heilongjiang", "problem": "Platforms lag",
                                                        "problems": rec.tree(), "_findings": {"problems": rec}})
    assert out == 'For Heilongjiang, "Platforms lag" is not supported.'
    assert "“" not in out


def test_citations_become_markers_and_numbers_print_the_book_way(text_dir):
    zh = render(read_text(text_dir, "zh"), "cite", {})
    assert '<cite class="ref" data-refs="P01 S03">' in zh
    assert "第25位（共31个）" in zh and "17.6万个" in zh
    en = render(read_text(text_dir, "en"), "cite", {})
    assert "25th of 31" in en and "176,000 accounts" in en and "Zhejiang, Guangdong and Shanghai" in en


def test_missing_field_names_file_passage_and_field(text_dir):
    with pytest.raises(TextError) as err:
        render(read_text(text_dir, "zh"), "verdict", {"province": "黑龙江省"})
    msg = str(err.value)
    assert "zh.md" in msg and "'verdict'" in msg and "line 2" in msg and "undefined" in msg


def test_passage_fields_lists_every_named_field(text_dir):
    assert passage_fields(read_text(text_dir, "zh"), "verdict") == {"province", "problem", "problems", "n"}


def test_data_strings_cannot_inject_markup(text_dir):
    rec = _record()
    out = render(read_text(text_dir, "zh"), "verdict", {"province": "[x](http://evil)<script>", "problem": "p", "n": 0,
                                                        "problems": rec.tree(), "_findings": {"problems": rec}})
    assert "<script>" not in out and "](http" not in out


def test_join_lines_keeps_lists_and_separates_latin_words():
    assert join_lines("第一行，\n第二行。") == "第一行，第二行。"
    assert join_lines("one\ntwo") == "one two"
    assert join_lines("- a\n- b") == "- a\n- b"
    assert join_lines("段一\n\n段二") == "段一\n\n段二"


# ------------------------------------------------------------------------------------------------ findings
def test_findings_round_trip_and_tree(tmp_path):
    rec = _record()
    rec.put("capability.rank", "rank", 25, of=31)
    write(rec, tmp_path)
    back = read("problems", [tmp_path])
    assert back["capability.rank"].detail == {"of": 31}
    assert back.tree() == {"P2": {"verdict": "not_supported"}, "capability": {"rank": 25}}
    assert json.loads((tmp_path / "findings" / "04_problems.json").read_text(encoding="utf-8"))["chapter"] == "04_problems"


def test_findings_reject_duplicates_prefixes_and_unknown_kinds():
    rec = _record()
    with pytest.raises(FindingsError):
        rec.put("P2.verdict", "verdict", "supported")
    with pytest.raises(FindingsError):
        rec.put("P2", "count", 1)
    with pytest.raises(FindingsError):
        rec.put("P3.x", "opinion", 1)


def test_findings_checked_against_declaration():
    rec = _record()
    rec.check({"P*.verdict": {"kind": "verdict"}})
    with pytest.raises(FindingsError, match="declared but not recorded"):
        rec.check({"P2.verdict": {"kind": "verdict"}, "order": {"kind": "order"}})
    with pytest.raises(FindingsError, match="is not declared"):
        rec.check({"order": {"kind": "order", "optional": True}})


def test_missing_findings_name_the_build_command(tmp_path):
    with pytest.raises(MissingFindingsError, match="hlj-newmedia build 4"):
        read("04_problems", [tmp_path])


# ------------------------------------------------------------------------------------------------ evidence rule
def _obs(rows):
    return pd.DataFrame(rows, columns=["claim", "direction", "source", "period", "construct", "comparable"])


def test_one_for_three_against_is_never_a_supporting_verdict():
    obs = _obs([("P2", "for", "notice", "2022Q2", True, True),
                ("P2", "against", "notice", "2024Q2", True, True),
                ("P2", "against", "zyw-list", "2020-03", True, True),
                ("P2", "against", "capability", "2019", True, True)])
    r = rate_claims(obs).iloc[0]
    assert (r.n_for, r.n_against, r.verdict) == (1, 3, "not_supported")


def test_sub_lists_of_one_list_in_one_month_are_one_observation():
    obs = _obs([("P2", "against", "zyw-list", "2020-03", True, True)] * 4
               + [("P2", "against", "zyw-list", "2017-06", True, True)])
    r = rate_claims(obs).iloc[0]
    assert r.n_against == 2  # March 2020 (four sub-lists) and June 2017


def test_cross_year_or_cross_method_pairs_are_not_counted_either_way():
    obs = _obs([("P2", "against", "pass-rate", "2024Q2 vs 2020", True, False),
                ("P2", "for", "pass-rate", "2022Q2 vs 2020", True, False)])
    counted = count_observations(obs)
    assert set(counted["excluded"]) == {"not_comparable"}
    assert rate_claims(obs).iloc[0].verdict == "no_direct_evidence"


def test_evidence_outside_the_construct_gives_no_direct_evidence():
    obs = _obs([("P4", "for", "notice", "2022Q2", False, True), ("P4", "for", "capability", "2019", False, True)])
    assert rate_claims(obs, claims=["P4", "P3"])["verdict"].tolist() == ["no_direct_evidence", "no_direct_evidence"]


@pytest.mark.parametrize("n_for,n_against,verdict", [
    (2, 0, "supported"), (1, 0, "partly_supported"), (3, 1, "partly_supported"), (2, 2, "contested"),
    (1, 3, "not_supported"), (0, 1, "not_supported"), (0, 0, "no_direct_evidence")])
def test_verdict_table(n_for, n_against, verdict):
    assert verdict_for(n_for, n_against) == verdict


# ------------------------------------------------------------------------------------------------ context
def test_study_context_resolves_once_and_drops_the_focus_province():
    ctx = StudyContext.from_params(province="Zhejiang", benchmarks=["浙江", "广东", "上海"], lang="en")
    assert ctx.province.zh == "浙江" and [p.zh for p in ctx.benchmarks] == ["广东", "上海"]
    assert StudyContext.from_json(ctx.to_json()) == ctx
    with pytest.raises(ValueError):
        StudyContext.from_params(lang="fr")


@pytest.mark.parametrize("lang, expected", [
    ("zh", ["没有支持或反面的观测", "支持2项，反面1项", "没有支持的观测，反面3项", "支持1项，没有反面观测"]),
    ("en", ["no observation for or against", "2 for, 1 against", "none for, 3 against", "1 for, none against"])])
def test_balance_says_none_instead_of_zero(tmp_path, lang, expected):
    (tmp_path / f"{lang}.md").write_text("<!-- passage: b -->\n"
                                         "{% for a, b in pairs %}{{ a | balance(b) }}|{% endfor %}\n", encoding="utf-8")
    out = render(read_text(tmp_path, lang), "b", {"pairs": [(0, 0), (2, 1), (0, 3), (1, 0)]})
    assert out.split("|")[:4] == expected
