"""Issue 22 on small cases (no build): the Word document made from HTML, read back with python-docx; the change
report's comparisons (paragraphs, data rows, exhibit cells, findings) on made-up versions."""
from __future__ import annotations

import base64
import io
import json
import zipfile

import docx
import pytest
from PIL import Image

from heilongjiang_newmedia.findings import Findings
from heilongjiang_newmedia.reporting.changes import Version, compare, diff_csv, diff_rows, diff_table
from heilongjiang_newmedia.reporting.changes_render import body_html, summary_text
from heilongjiang_newmedia.reporting.changes_text import compare_paragraphs, marked, paragraphs
from heilongjiang_newmedia.reporting.docx_book import book_docx
from heilongjiang_newmedia.reporting.snapshot import build_label

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _png(width: int, height: int, dpi: int = 150) -> str:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), "white").save(buf, format="PNG", dpi=(dpi, dpi))
    return base64.b64encode(buf.getvalue()).decode("ascii")


BODY = ('<article class="chapter" id="chapter-01_x"><div class="cell markdown"><h1 id="h1">第一章 绪论</h1>'
        '<nav class="toc"><p class="toc-title">本章目录</p><ol><li><a href="#h2">1.1 背景</a></li></ol></nav>'
        '<h2 id="h2">1.1 背景</h2><p>第一段，见<a href="#exhibit-x">表1-1</a>。</p>'
        '<ol><li>甲</li><li>乙<ul><li>丙</li></ul></li></ol><ol><li>丁</li></ol></div>'
        '<figure class="exhibit exhibit-table" id="exhibit-x"><figcaption class="exhibit-caption">'
        '<span class="exhibit-number">表1-1</span>　两行</figcaption><div class="exhibit-body">'
        '<table class="exhibit-table"><thead><tr><th>地区</th><th>数值</th></tr></thead><tbody>'
        '<tr><td rowspan="2">黑龙江</td><td>1.5</td></tr><tr><td>2.5</td></tr></tbody></table></div>'
        '<p class="source-note">资料来源：某报告（2020年）。</p><details class="source-pages screen-only"><summary>网页'
        '</summary></details></figure>'
        '<figure class="exhibit exhibit-figure" id="exhibit-y"><figcaption class="exhibit-caption">'
        '<span class="exhibit-number">图1-1</span>　一幅图</figcaption><div class="exhibit-body">'
        f'<img class="exhibit-figure" alt="一幅图" src="data:image/png;base64,{_png(300, 150)}"/></div></figure>'
        '<h3 id="h3">1.1.1 小节</h3><p>第二段<br/>换行。</p></article>')
PARTS = {"head": "<html><head><title>书名</title></head>", "lang": "zh", "zh": True,
         "cover": '<section class="book-cover"><h1>书名</h1><p class="subtitle">副题</p></section>',
         "toc_entries": [("#executive-summary", "摘要"), ("01_x", "第一章 绪论"), (None, "附录")],
         "summary": '<section class="book-part" id="executive-summary"><section><h1>摘要</h1><p>要点。</p></section>'
                    "</section>",
         "bodies": [BODY],
         "back": '<section class="book-part" id="appendix-sources"><h1>附录</h1><p>[1] 某报告</p></section>'}


@pytest.fixture(scope="module")
def book():
    data = book_docx(PARTS, "第2稿 2026-12", "2026-05-19")
    return data, docx.Document(io.BytesIO(data))


def test_docx_headings_captions_lists_and_text(book):
    _, d = book
    heads = [(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert heads == [("Heading 1", "摘要"), ("Heading 1", "第一章 绪论"), ("Heading 2", "1.1 背景"),
                     ("Heading 3", "1.1.1 小节"), ("Heading 1", "附录")]
    assert [p.text for p in d.paragraphs if p.style.name == "Caption"] == ["表1-1\u3000两行", "图1-1\u3000一幅图"]
    assert [p.text for p in d.paragraphs if p.style.name == "Title"] == ["书名"]
    texts = [p.text for p in d.paragraphs]
    assert "本章目录" not in texts and "网页" not in texts  # the chapter's contents and screen-only parts: not printed
    assert "第二段\n换行。" in texts
    numbered = [p for p in d.paragraphs if p.style.name == "List Number"]
    num_ids = [p._p.pPr.numPr.numId.val for p in numbered]
    assert [p.text for p in numbered] == ["甲", "乙", "丁"] and num_ids[0] == num_ids[1] != num_ids[2]  # restarts
    bullets = [p for p in d.paragraphs if p.style.name == "List Bullet"]
    assert [(p.text, p._p.pPr.numPr.ilvl.val) for p in bullets] == [("丙", 1)]


def test_docx_table_header_repeats_and_spans(book):
    _, d = book
    (table,) = d.tables
    rows = table._tbl.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert all(r.find(f"{W}trPr/{W}tblHeader") is None for r in rows[1:])
    assert [c.text for c in table.rows[0].cells] == ["地区", "数值"]
    assert [c.text for c in table.columns[1].cells] == ["数值", "1.5", "2.5"]
    assert table.cell(1, 0).text == table.cell(2, 0).text == "黑龙江"  # vertically merged


def test_docx_picture_at_print_size_page_fonts_footer(book):
    data, d = book
    (shape,) = d.inline_shapes
    assert shape.width == round(300 / 150 * 914400) and shape.height == round(150 / 150 * 914400)
    section = d.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    styles = {s.name: s for s in d.styles}
    for name, east, latin in (("Normal", "宋体", "Times New Roman"), ("Heading 1", "黑体", "Arial"),
                              ("Caption", "黑体", "Arial")):
        fonts = styles[name].element.find(f"{W}rPr/{W}rFonts")
        assert (fonts.get(f"{W}eastAsia"), fonts.get(f"{W}ascii")) == (east, latin)
    footer = section.footer.paragraphs[0]
    assert footer.text.startswith("第2稿 2026-12") and "PAGE" in footer._p.xml
    assert section.different_first_page_header_footer  # the cover has neither
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert not any(n.startswith("word/fonts/") for n in names)  # no font embedded
    links = [h.get(f"{W}anchor") for h in d.element.body.iter(f"{W}hyperlink")]
    starts = {b.get(f"{W}name") for b in d.element.body.iter(f"{W}bookmarkStart")}
    assert links and set(filter(None, links)) <= starts


def test_docx_deterministic_and_dated_from_the_data(book):
    data, d = book
    assert book_docx(PARTS, "第2稿 2026-12", "2026-05-19") == data
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(data)).infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert d.core_properties.created.isoformat().startswith("2026-05-19")
    assert d.core_properties.title == "书名" and d.core_properties.author == ""


def test_label_read_from_the_build_records():
    assert build_label({"01": {"params": {}}, "02": {"label": " 第2稿 "}}) == "第2稿"
    assert build_label({"01": {"cover": {"label": "v2"}}}) == "v2"
    assert build_label({"01": {"params": {"lang": "zh"}}}) is None
    assert build_label({"01": {"label": "old"}}, {"options": {"label": "第3稿"}}) == "第3稿"  # the book's record


# -- the change report's comparisons --------------------------------------------------------------------------------
def test_text_changes_marked_by_character_zh_and_by_word_en():
    assert marked("目标年份为2030年。", "目标年份为2032年。", "zh") == (  # a number is one unit
        '目标年份为<del class="diff-del">2030</del><ins class="diff-ins">2032</ins>年。')
    assert marked("管理体制不完善", "管理制度不完善", "zh") == (
        '管理<del class="diff-del">体</del>制<ins class="diff-ins">度</ins>不完善')
    assert marked("The target year is 2030.", "The target year is 2032.", "en") == (
        'The target year is <del class="diff-del">2030.</del><ins class="diff-ins">2032.</ins>')
    old = ["第一段不变。", "第二段说2030年。", "第三段将被删除，内容完全不同。"]
    new = ["第一段不变。", "第二段说2032年。", "新加的一段，与旧的毫无关系！"]
    kinds = [(c.kind, c.old, c.new) for c in compare_paragraphs(old, new, "zh")]
    assert kinds == [("changed", "第二段说2030年。", "第二段说2032年。"),
                     ("added", "", "新加的一段，与旧的毫无关系！"),
                     ("removed", "第三段将被删除，内容完全不同。", "")]
    assert compare_paragraphs(old, old, "zh") == []


def test_paragraphs_leave_out_exhibits_and_hidden_parts():
    assert paragraphs(BODY) == ["第一章 绪论", "1.1 背景", "第一段，见表1-1。", "甲", "乙", "丙", "丁", "1.1.1 小节",
                                "第二段 换行。"]


def test_data_rows_by_key_and_exhibit_cells_by_label():
    cols = ["year", "indicator", "value", "source_title", "source_date"]
    a = {"columns": cols, "key": ["year", "indicator"],
         "rows": [["2023", "x", "1", "报告甲", "2024"], ["2024", "x", "2", "报告乙", "2025"], ["2024", "y", "3", "报告乙", "2025"]]}
    b = {"columns": cols, "key": ["year", "indicator"],
         "rows": [["2023", "x", "1", "报告甲", "2024"], ["2024", "x", "2.5", "报告乙", "2025"], ["2025", "x", "4", "报告丙", "2026"]]}
    d = diff_rows(a, b)
    assert [r["value"] for r in d["added"]] == ["4"] and [r["indicator"] for r in d["removed"]] == ["y"]
    assert [(x["value"], y["value"]) for x, y in d["changed"]] == [("2", "2.5")]
    cells = diff_csv("地区,数值,source_url\n甲,1,u\n乙,2,u\n", "地区,数值,source_url\n乙,3,v\n丙,4,v\n")
    assert diff_table(["a", "b"], [["x", "1"], ["x", "2"]], ["a", "b"], [["x", "1"], ["x", "3"], ["y", "4"]]) == {
        "cells": [("x", "b", "2", "3")], "added": ["y"], "removed": [], "label_column": "a"}  # by position
    # a problem listed once per observation (Table 4-5): the first two cells name each row, whatever the rows' order
    assert diff_table(["问题", "观测", "方向"], [["P1", "网站", "支持"], ["P1", "考核", "支持"], ["P2", "网站", "反面"]],
                      ["问题", "观测", "方向"], [["P2", "网站", "反面"], ["P1", "考核", "反面"], ["P1", "网站", "支持"]]) == {
        "cells": [("P1 · 考核", "方向", "支持", "反面")], "added": [], "removed": [], "label_column": "问题"}
    # an observation that prints the benchmark mean: new benchmarks change its label, not the row
    assert diff_table(["问题", "观测", "方向"], [["P4", "指数77.93，标杆均值94.12", "支持"], ["P4", "考核", "支持"]],
                      ["问题", "观测", "方向"], [["P4", "指数77.93，标杆均值92.92", "反面"], ["P4", "考核", "支持"]]) == {
        "cells": [("P4", "观测", "指数77.93，标杆均值94.12", "指数77.93，标杆均值92.92"), ("P4", "方向", "支持", "反面")],
        "added": [], "removed": [], "label_column": "问题"}
    assert cells == {"cells": [("乙", "数值", "2", "3")], "added": ["丙"], "removed": ["甲"], "label_column": "地区"}


def _version(tmp_path, name, target, finding_value, text, lang="zh"):
    folder = tmp_path / name
    rec = Findings("06_countermeasures", "countermeasures", {}, ())
    rec.put("CM1.target", "target", finding_value, year=target)
    body = f'<article class="chapter"><h1>第六章 对策</h1><p>{text}</p></article>'
    inputs = {"package_version": "0.1.0", "code": "c", "label": None, "tables": {},
              "params": {"06_countermeasures": {"target_year": target, "lang": lang, "data_dir": str(folder)}}}
    return Version(folder, inputs, lang, ["06_countermeasures"], {"06_countermeasures": "第六章 对策"},
                   {"06_countermeasures": rec}, {"06_countermeasures": {"exhibits": []}},
                   {"06_countermeasures": body}, "2026-05-19")


def test_change_report_lists_the_parameter_finding_and_sentence(tmp_path):
    old = _version(tmp_path, "v1", 2030, 90, "到2030年达到90分。")
    new = _version(tmp_path, "v2", 2032, 92, "到2032年达到92分。")
    ch = compare(old, new)
    assert ch.params == [("target_year", 2030, 2032)]  # the data folder is a path: not a parameter shown
    assert [(f["key"], f["old"].value, f["new"].value) for f in ch.findings] == [("CM1.target", 90, 92)]
    assert [(c.old, c.new) for c in ch.text["06_countermeasures"]] == [("到2030年达到90分。", "到2032年达到92分。")]
    page = body_html(ch)
    assert "目标年份：由2030年改为2032年。" in page
    assert "（2030年）" in page and "（2032年）" in page  # the finding's target with its year, old and new
    for machine in ("target_year", "06_countermeasures", "CM1.target", str(tmp_path)):
        assert machine not in page
    assert summary_text(ch).startswith("与上一版相比：研究参数1项、结论1项、正文段落1段有变化；数据表和图表没有变化。")
    same = compare(old, _version(tmp_path, "v1b", 2030, 90, "到2030年达到90分。"))
    assert same.empty and "与上一版相比没有变化" in body_html(same)
    assert summary_text(same) == "与上一版相比没有变化。"


def test_snapshot_roundtrip_is_deterministic(tmp_path):
    from heilongjiang_newmedia.loading.datasets import data_root, describe
    from heilongjiang_newmedia.reporting import snapshot

    path = data_root() / describe("national_series")["path"]
    digest = "ab" * 32
    rec = {"01_introduction": {"data_files": {str(path): digest}, "params": {"lang": "zh"}, "parts": {"code": "c"}}}
    index = snapshot.write_inputs(tmp_path, rec)
    first = (tmp_path / "inputs" / "tables" / f"{digest[:24]}.json.gz").read_bytes()
    (tmp_path / "inputs" / "tables" / f"{digest[:24]}.json.gz").unlink()
    snapshot.write_inputs(tmp_path, rec)
    assert (tmp_path / "inputs" / "tables" / f"{digest[:24]}.json.gz").read_bytes() == first
    table = snapshot.read_table(tmp_path, digest)
    with open(path, encoding="utf-8-sig") as fh:
        n_rows = sum(1 for line in fh if line.strip()) - 1
    assert table["key"] == describe("national_series")["schema"]["primaryKey"] and len(table["rows"]) == n_rows
    assert index["tables"]["national_series"]["chapters"] == ["01_introduction"]
    assert json.loads((tmp_path / "inputs" / "inputs.json").read_text())["params"] == {"01_introduction": {"lang": "zh"}}


def test_change_report_in_english(tmp_path):
    old = _version(tmp_path, "v1", 2030, 90, "Reach 90 points by 2030.", lang="en")
    new = _version(tmp_path, "v2", 2032, 92, "Reach 92 points by 2032.", lang="en")
    ch = compare(old, new)
    assert summary_text(ch).splitlines() == [
        "Since the previous version: 1 study setting, 1 finding and 1 paragraph of text changed; the data tables and "
        "exhibits did not.", "  Target year: 2030 changed to 2032."]
    assert ('Reach <del class="diff-del">90</del><ins class="diff-ins">92</ins> points by <del class="diff-del">2030.'
            '</del><ins class="diff-ins">2032.</ins>') in body_html(ch)


def test_inputs_record_the_researchers_copy_of_a_table_read_twice(tmp_path):
    """A chapter that read both the bundled table and the researcher's --data-dir copy (a kernel may load the bundled
    one while warming up) records the copy, whichever path sorts first."""
    import hashlib

    from heilongjiang_newmedia.loading.datasets import data_root, describe
    from heilongjiang_newmedia.reporting.snapshot import write_inputs

    bundled = data_root() / describe("national_series")["path"]
    for folder in ("a-first", "z-last"):            # the copy's path sorts before / after the bundled one
        own = tmp_path / folder / "national_series.csv"
        own.parent.mkdir()
        own.write_text(bundled.read_text(encoding="utf-8").replace("11.08", "11.12", 1), encoding="utf-8")
        digest = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in (bundled, own)}
        rec = {"data_files": {str(p): d for p, d in digest.items()}}
        index = write_inputs(tmp_path / folder / "reports", {"01_introduction": rec, "02_framework": {
            "data_files": {str(bundled): digest[bundled]}}})
        assert digest[own] != digest[bundled]
        assert index["tables"]["national_series"] == {"sha256": digest[own],
                                                      "chapters": ["01_introduction", "02_framework"]}
