"""Reader's text (issue 13, items 2-5): citations like a publication, the cover, the contents, one language and no
machine text. Helpers on small fixtures first; then the real chapters and books, built once per language and
province (session-scoped), checked page by page: every failure lists the chapter, section and exhibit."""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from checkers import purity
from heilongjiang_newmedia.reporting import book
from heilongjiang_newmedia.reporting import references as R
from heilongjiang_newmedia.reporting.exhibits import source_note

ROOT = Path(__file__).resolve().parents[1]
CNNIC_33 = {"title": "文汇网：第33次中国互联网络发展状况统计报告发布", "url": "http://news.wenweipo.com/x.htm",
            "date": "2014-01-16", "confidence": "medium", "rows": 2}
CNNIC_45 = {"title": "CNNIC第45次《中国互联网络发展状况统计报告》发布（转载）", "url": "https://example.org/45",
            "date": "2020-04-28", "confidence": "low", "rows": 1}
CENSUS = {"title": "第七次全国人口普查公报（第三号）——地区人口情况（全文转载）", "url": "https://example.org/c7",
          "date": "2021-05-11", "confidence": "high", "rows": 31}


# -- publications ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("title,key,part", [
    ("文汇网：第33次中国互联网络发展状况统计报告发布", "cnnic-csr", 33),
    ("The 39th Statistical Report on Internet Development in China (English), p.93", "cnnic-csr", 39),
    ("CNNIC發布第49次《中國互聯網絡發展狀況統計報告》（轉載）", "cnnic-csr", 49),
    ("智研咨询：政务新媒体发展概况（引用CNNIC数据，转载）", "cnnic-csr", None),
    ("UN E-Government Survey 2020 - country data file EGOV_DATA_2020.csv (UN DESA Data Center export, GitHub copy)",
     "un-egov", 2020),
    ("Guangdong tops China's provincial e-government ranking (Xinhua)", "online-service-capacity", None),
    ("生活报：2018年黑龙江省国民经济和社会发展统计公报发布", "bulletin:黑龙江省:2018", None),
    ("生活报/新浪黑龙江：2018年黑龙江省国民经济和社会发展统计公报发布", "bulletin:黑龙江省:2018", None),
    ("Results of Q2 govt website inspection released (english.gov.cn)", "national-inspection", None),
    ("黑龙江省人民政府办公厅关于2022年第二季度全省政府网站和政务新媒体检查情况的通报 (third-party verbatim copy; "
     "original on hlj.gov.cn)", "notice:黑龙江省人民政府办公厅关于2022年第二季度全省政府网站和政务新媒体检查情况的通报", None),
])
def test_publication_rules(title, key, part):
    p = R.publication_of(title)
    assert (p.key, p.part) == (key, part)


def test_publication_fallback_and_exclusions():
    p = R.publication_of("中国科学报：我国网民规模达10.92亿人（转载）")
    assert (p.publisher_zh, p.title_zh) == ("中国科学报", "我国网民规模达10.92亿人")
    assert R.publication_of("东北网/新华网：黑龙江网民以初高中学历为主（《黑龙江省互联网络发展状况统计报告》）").key != "cnnic-csr"
    assert R.publication_of("Whitehall Monitor 2019 - Digital (Institute for Government)").key != "itu-internet"


def test_catalogue_numbers_cover_every_bundled_source():
    """Every source title of the bundled data belongs to a numbered publication; numbers are 1..N, CNNIC first."""
    import csv

    numbers = R.catalogue_numbers()
    assert numbers["cnnic-csr"] == 1
    assert sorted(numbers.values()) == list(range(1, len(numbers) + 1))
    titles = set()
    for path in (ROOT / "data" / "raw").rglob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            titles |= {r["source_title"] for r in csv.DictReader(fh) if r.get("source_title")}
    assert titles and not [t for t in titles if R.publication_of(t).key not in numbers]
    assert len(numbers) < len(titles) / 1.5  # reprints grouped: far fewer publications than cited pages


# -- source notes --------------------------------------------------------------------------------------------------
def test_source_note_zh_one_line_grouped_and_numbered():
    note = source_note([CNNIC_33, CNNIC_45, dict(CNNIC_33), CENSUS], "zh")
    first = re.search(r'<p class="source-note">(.*?)</p>', note).group(1)
    n = R.catalogue_numbers()["nbs-census7"]
    assert first == ("资料来源：CNNIC第33—45次《中国互联网络发展状况统计报告》（2014—2020年）*；"
                     f"国家统计局《第七次全国人口普查公报》（2021年），详见附录[1][{n}]。")
    assert first.count("中国互联网络发展状况统计报告") == 1  # the same source never twice
    assert "可信度低" in note and "请谨慎解读" in note
    visible = "".join(b.text for b in purity.visible_blocks(note.replace('class="source-note"', "")))
    assert not purity.english_in_zh(visible) and "medium" not in note and "high" not in note
    assert 'class="source-pages screen-only"' in note and "可信度：中" in note and "可信度：低" in note


def test_source_note_en():
    note = source_note([CNNIC_45], "en", note="values rounded")
    assert ("Source: CNNIC, Statistical Reports on Internet Development in China, 45th (2020)*; see Appendix [1]."
            in note)
    assert "low confidence" in note and "Note: values rounded" in note and "confidence: low" in note
    assert not purity.chinese_in_en(re.sub(r"<details.*</details>", "", note))


def test_source_note_many_publications_stays_short():
    srcs = [{"title": f"某报：新闻标题{i}", "url": f"https://example.org/{i}", "date": f"20{10 + i}-01-01",
             "confidence": "high"} for i in range(9)]
    note = source_note(srcs, "zh")
    first = re.search(r'<p class="source-note">(.*?)</p>', note).group(1)
    assert first.count("；") == 2 and "等9种资料" in first and "详见附录" not in first  # not numbered: not bundled
    assert source_note([], "zh").startswith('<p class="source-note">资料来源：未注明。')


# -- book: appendix, cover, contents ---------------------------------------------------------------------------
MANIFESTS = [
    {"chapter": "01_introduction", "exhibits": [
        {"chapter": "01_introduction", "id": "n", "kind": "figure", "number": "图1-1", "sources": [CNNIC_33, CNNIC_45]},
        {"chapter": "01_introduction", "id": "t", "kind": "table", "number": "表1-1", "sources": [CNNIC_33]}]},
    {"chapter": "03_status", "exhibits": [
        {"chapter": "03_status", "id": "a", "kind": "table", "number": "Table 3.10", "sources": [CNNIC_33, CENSUS]},
        {"chapter": "03_status", "id": "b", "kind": "table", "number": "表3-10", "sources": [CNNIC_33]},
        {"chapter": "03_status", "id": "c", "kind": "figure", "number": "图3-2",
         "sources": [{"title": "研究者自备清单", "url": "", "date": "", "confidence": ""}]}]},
]


def test_appendix_full_list_one_style_no_empty_dates():
    app = book.appendix_html(book.references(MANIFESTS, "zh"), "zh", "附录　数据来源")
    assert app.index('id="ref-1"') < app.index(f'id="ref-{R.catalogue_numbers()["nbs-census7"]}"')
    first = app.split('id="ref-1"')[1].split('<div class="ref"')[0]
    assert first.count("<li>") == 2  # the publication, then each page it was read on
    assert "引用于：图1-1、表1-1、表3-10</span>" in first  # deduplicated, one style, chapter order
    assert "2014年1月16日，可信度中）" in first
    assert "Table" not in app and "（）" not in app and "2014年1月16日，可信度中" in app and "可信度低" in app
    assert 'class="ref-url' in app and "研究者自备清单" in app  # researcher's source: listed, unnumbered
    en = book.appendix_html(book.references(MANIFESTS, "en"), "en", "Appendix: Data sources")
    assert "Cited by Figure 1.1, Table 1.1, Table 3.10</span>" in en and "16 January 2014, confidence medium)" in en


def test_note_number_resolves_to_appendix_entry():
    app = book.appendix_html(book.references(MANIFESTS, "zh"), "zh", "附录")
    for x in (x for m in MANIFESTS for x in m["exhibits"]):
        note = source_note(x["sources"], "zh")
        for n in re.findall(r"\[(\d+)\]", note.split("<details")[0]):
            assert f'id="ref-{n}"' in app, (x["number"], n)


RECORDS = {"01_introduction": {"params": {"province": "黑龙江", "lang": "zh", "data_dir": "/tmp/xyz/trunc",
                                          "ahp_criteria": None, "sensitivity_pct": 10}},
           "05_comparison": {"params": {"province": "黑龙江", "benchmarks": ["浙江", "广东", "上海"],
                                        "peers": ["吉林", "辽宁"], "countries": ["CHN", "DNK", "KOR"]}},
           "06_countermeasures": {"params": {"target_year": 2025, "target": "benchmark_mean"}}}


def test_cover_worded_settings_no_parameters():
    zh = book.cover_html("黑龙江省政务新媒体发展研究", "副标题", "黑龙江省", "2025-06-30",
                         book.study_settings(RECORDS, "zh"), "zh")
    zh_text = re.sub(r"<[^>]+>", "", zh)
    assert "研究设定" in zh_text and "标杆省份：浙江、广东和上海" in zh_text and "同类省份：吉林和辽宁" in zh_text
    assert "比较国家：中国、丹麦和韩国" in zh_text and "目标年份：2025年" in zh_text
    assert "数据截至：2025年6月30日" in zh_text
    en = book.cover_html("Government new media in Heilongjiang", "Sub", "Heilongjiang", "2025-06-30",
                         book.study_settings(RECORDS, "en"), "en")
    en_text = re.sub(r"<[^>]+>", "", en)
    assert "Benchmark provinces: Zhejiang, Guangdong and Shanghai" in en_text
    assert "Target year: 2025" in en_text and "Focus province: Heilongjiang" in en_text
    assert "Data as of: 30 June 2025" in en_text
    for page, lang in ((zh, "zh"), (en, "en")):
        assert "/tmp" not in page and "trunc" not in page and "<table" not in page
        assert not purity.findings(page, lang, "cover")


def test_chapter_heading_and_sections():
    body = ('<article><h1 id="x">第三章 政务新媒体发展现状<a class="anchor-link" href="#x">¶</a></h1>'
            '<section class="executive-summary"><h2>摘要</h2><p>要点</p></section><p>正文</p></article>')
    assert book.chapter_heading(body) == "第三章 政务新媒体发展现状"
    rest, summary = book.take_section(body, "executive-summary")
    assert summary.startswith('<section class="executive-summary">') and "要点" not in rest and "正文" in rest
    assert book.take_section(rest, "traceability") == (rest, "")
    assert book.readable_url("http://a.cn/xinwen/%E7%AC%AC34%E6%AC%A1") == "http://a.cn/xinwen/第34次"
    assert book.readable_url("http://a.cn/%E7%AC") == "http://a.cn/%E7%AC"  # not UTF-8: as it is
    assert book.exhibit_ref("Table 5.6", "table", "zh") == "表5-6"
    assert book.exhibit_ref("表5-6", "table", "en") == "Table 5.6"


# -- the purity rules ---------------------------------------------------------------------------------------------
def test_machine_text_rule():
    hits = purity.machine_text("见 data/raw/cnnic/NOTES.md 与 online_service_index_2019；运行 hlj-newmedia build "
                               "02_framework -p ahp_matrix=1；mcda.entropy_weights(x)；inventory_supplied：False")
    kinds = {h.split(":")[0] for h in hits}
    assert kinds == {"identifier", "file path", "module or call", "command line", "Python literal"}
    assert not purity.machine_text("网民规模为11.08亿人（2024年），见 https://www.cnnic.net.cn/n4/a_b.html 。")


def test_register_file_word_and_punctuation_rules():
    assert purity.register_zh("本项目没有收集到；本研究收集了") == ["register: 本项目"]
    assert purity.file_words("本省一行在另一数据文件中列为低可信度，另一份数据文件亦然") == [
        "file word: 另一数据文件", "file word: 另一份数据文件"]
    assert purity.file_words("见CSV与x.csv；the dataset and data files") == [
        "file word: CSV", "file word: .csv", "file word: dataset", "file word: data files"]
    assert not purity.file_words("数据来源：CNNIC；下载见 https://example.org/a.csv ；数据显示")
    assert purity.space_after_cjk_punctuation("逐项比较， 并看综合排序。 下一句（注） 后") == [
        "space after Chinese punctuation: «逐项比较， 并看综合排序»", "space after Chinese punctuation: «并看综合排序。 下一句（注）»",
        "space after Chinese punctuation: « 下一句（注） 后»"]
    assert not purity.space_after_cjk_punctuation("逐项比较，并看。Heilongjiang, 2019. Next")
    assert purity.ascii_parentheses_zh("0.8889 (4)；指数(分州市级)") == ["ASCII parentheses: (4)",
                                                                     "ASCII parentheses: (分州市级)"]
    assert not purity.ascii_parentheses_zh("CR=(λmax−n)/(n−1)，见（表2-1）与 https://x.org/a_(b)")
    page = ('<p>本项目的数据文件。</p><p class="exhibit-data screen-only"><a href="x.csv">下载本图表数据（CSV）</a></p>'
            '<p class="source-note">资料来源：某数据文件(转载)</p>')
    assert [h.split(": ", 1)[1] for h in purity.findings(page, "zh")] == [
        "file word: 数据文件 — «本项目的数据文件。»", "register: 本项目 — «本项目的数据文件。»"]
    assert [h.split(": ", 1)[1] for h in purity.findings("<p>See the data file, 本省。 Next.</p>", "en")] == [
        "file word: data file — «See the data file, 本省。 Next.»",
        "space after Chinese punctuation: «le, 本省。 Next.» — «See the data file, 本省。 Next.»",
        "Chinese in en text: 本省。 — «See the data file, 本省。 Next.»"]


def test_language_rules():
    assert purity.english_in_zh("可信度：medium") == ["medium"]
    assert purity.english_in_zh("口径：CNNIC registry count by province")
    assert not purity.english_in_zh("联合国 UN E-Government Survey 中的 EGDI 得分，Twiplomacy Study 2018")
    assert purity.chinese_in_en("rank 1 on 政务微博人气榜 with followers 超过210万")
    assert not purity.chinese_in_en("the provincial notice (通报) of 2024")
    blocks = purity.visible_blocks('<h2>3.1 Scope</h2><figure><figcaption><span class="exhibit-number">Table 3.1'
                                   '</span> T</figcaption><table><tr><td>高</td></tr></table>'
                                   '<p class="source-note">Source: 人民网 (2019)</p></figure><pre>x_y</pre>')
    assert [(b.text, b.where(), b.citation) for b in blocks] == [
        ("3.1 Scope", "3.1 Scope", False), ("Table 3.1 T", "3.1 Scope / Table 3.1", False),
        ("高", "3.1 Scope / Table 3.1", False), ("Source: 人民网 (2019)", "3.1 Scope / Table 3.1", True)]


# -- the real chapters and books ---------------------------------------------------------------------------------
#: the shared builds (tests/built_reports.py): name -> (fixture, language)
BUILDS = {"zh-heilongjiang": ("built_zh", "zh"), "en-heilongjiang": ("built_en", "en"),
          "en-jilin": ("built_jilin", "en")}


@pytest.fixture(scope="session", params=list(BUILDS))
def built(request):
    fixture, lang = BUILDS[request.param]
    return request.param, lang, request.getfixturevalue(fixture).require_ok()


def _report(problems: list[str], what: str) -> str:
    """The problems counted per chapter (and exhibit), then listed one per line."""
    from collections import Counter

    per = Counter(p.split(":", 1)[0] for p in problems)  # "[build] chapter — section / exhibit"
    counts = "\n".join(f"  {n:4d}  {where}" for where, n in sorted(per.items()))
    shown = "\n".join(problems[:200])
    more = f"\n… and {len(problems) - 200} more" if len(problems) > 200 else ""
    return f"{len(problems)} {what}, by place:\n{counts}\n{shown}{more}"


@pytest.mark.build
def test_real_pages_reader_text_only(built):
    """(a)+(b): no machine text and one language in every chapter page and the book's cover, contents and
    appendix, outside code blocks and citations (rules: tests/checkers/purity.py)."""
    name, lang, out = built
    problems = []
    for page in sorted((out / "html").glob("*.html")):
        problems += purity.findings(page.read_text(encoding="utf-8"), lang, f"[{name}] {page.stem}")
    whole = (out / "book.html").read_text(encoding="utf-8")
    front = whole.split("<article", 1)[0]
    back = whole[whole.index('id="appendix-sources"'):] if 'id="appendix-sources"' in whole else ""
    problems += purity.findings(front, lang, f"[{name}] book cover/contents")
    problems += purity.findings(back, lang, f"[{name}] book appendix")
    assert not problems, _report(problems, "texts a reader should not see")


@pytest.mark.build
def test_real_contents_titles_equal_chapter_headings(built):
    """(c): the contents list each chapter by its heading as printed, and the page the PDF's contents give for a
    chapter is the page where it starts in book.pdf."""
    from pypdf import PdfReader

    name, lang, out = built
    whole = (out / "book.html").read_text(encoding="utf-8")
    toc = whole[whole.index('class="toc"'):whole.index("</nav>")]
    listed = {m.group(1): book.html.unescape(m.group(2)) for m in
              re.finditer(r'<a href="#chapter-([^"]+)"[^>]*>(.*?)</a>', toc)}
    def printed_heading(page: str) -> str:  # chapter 7's summary and traceability sections are printed by the book
        for cls in ("executive-summary", "traceability"):
            page = book.take_section(page, cls)[0]
        return book.chapter_heading(page)

    headings = {p.stem: printed_heading(p.read_text(encoding="utf-8")) for p in (out / "html").glob("*.html")}
    assert listed and listed == headings
    pdf = PdfReader(out / "book.pdf")
    dests = pdf.named_destinations
    front = "\n".join(pdf.pages[i].extract_text() for i in range(pdf.get_destination_page_number(
        dests[f"chapter-{sorted(listed)[0]}"])))
    for stem, title in listed.items():
        page = pdf.get_destination_page_number(dests[f"chapter-{stem}"]) + 1
        flat = re.sub(r"\s+", "", front)  # text layers may put "第一章" and "绪论" on lines of their own
        assert re.search(re.escape(re.sub(r"\s+", "", title)) + r"\.{3,}" + str(page) + r"(?!\d)", flat), \
            (stem, title, page)


@pytest.mark.build
def test_real_short_citations_resolve(built):
    """(d) on the real build: every short citation names a year and its reference numbers are appendix entries."""
    name, lang, out = built
    whole = (out / "book.html").read_text(encoding="utf-8")
    problems = []
    for m in json.loads((out / "exhibits" / "manifest.json").read_text(encoding="utf-8")).get("exhibits", []) \
            if (out / "exhibits" / "manifest.json").is_file() else []:
        note = source_note(m.get("sources", []), lang).split("<details")[0]
        first = re.search(r'<p class="source-note">(.*?)</p>', note).group(1)
        if m.get("sources") and not re.search(r"(?:19|20)\d{2}|年份不详|n\.d\.", first):
            problems.append(f"{m['chapter']} {m['number']}: no year in «{first}»")
        for n in re.findall(r"\[(\d+)\]", first):
            if f'id="ref-{n}"' not in whole:
                problems.append(f"{m['chapter']} {m['number']}: [{n}] not in the appendix")
    assert not problems, _report(problems, "citations that do not resolve")


def test_own_exhibit_note(tmp_path, monkeypatch):
    import IPython.display
    import pandas as pd

    from heilongjiang_newmedia.reporting.exhibits import OWN, Chapter

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: shown.append(obj))
    monkeypatch.setenv("HLJ_NEWMEDIA_BUILD_DIR", str(tmp_path))
    e = Chapter("02_framework", "zh").exhibit(pd.DataFrame({"维度": ["供给"]}), id="fw", title="框架", sources=OWN)
    assert e["sources"] == [] and "资料来源：本研究整理。" in shown[0]["text/html"]
    assert source_note(OWN, "en") == '<p class="source-note">Source: compiled for this study.</p>'
    note = source_note([CNNIC_33], "zh", note="见 priorities(..., importance=...) 参数")
    assert [b.citation for b in purity.visible_blocks(note) if "priorities" in b.text] == [False]
    assert any("module or call" in f for f in purity.findings(note, "zh"))  # the note is the report's own words


def test_book_parts_summary_first_traceability_in_appendix(tmp_path):
    """Chapter 7's executive summary goes before chapter 1, its traceability section into the appendix; the
    contents list the chapters by their headings; without the sections nothing changes."""
    from types import SimpleNamespace

    def page(title, extra=""):
        return (f"<html><body><!--chapter-body-start--><article class=\"chapter\"><h1 id=\"h\">{title}"
                f"<a class=\"anchor-link\" href=\"#h\">¶</a></h1><p>正文</p>{extra}</article>"
                "<!--chapter-body-end--></body></html>")

    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "01_introduction.html").write_text(page("第一章 绪论"), encoding="utf-8")
    (tmp_path / "html" / "07_conclusion.html").write_text(page(
        "第七章 结论", '<section class="executive-summary"><h2>摘要</h2><p>要点一</p></section>'
        '<section class="traceability"><h2>结果与出处对照</h2><p>对照</p></section>'), encoding="utf-8")
    specs = [SimpleNamespace(stem=s, number=int(s[:2]), title=lambda lang: "x") for s in
             ("01_introduction", "07_conclusion")]
    parts = book.book_parts(tmp_path, specs, MANIFESTS, RECORDS)
    whole = book.book_html_from(parts)
    assert whole.index("要点一") < whole.index('<h1 id="h">第一章 绪论') < whole.index('<h1 id="h">第七章 结论')
    assert whole.index('id="appendix-sources"') < whole.index("对照</p>") and whole.count("要点一") == 1
    assert '<section class="book-part appendix-traceability" data-title="结果与出处对照">' in whole  # a new page
    assert [label for _, label in parts["toc_entries"]] == ["摘要", "第一章 绪论", "第七章 结论", "附录 数据来源"]
    front = book.front_html(parts, {"01_introduction": 3, "07_conclusion": 5, None: 9})
    assert 'data-page="3">第一章 绪论' in front and "要点一" in front and 'class="in-doc" href="#executive-summary"' in front
    (tmp_path / "html" / "07_conclusion.html").write_text(page("第七章 结论"), encoding="utf-8")
    parts = book.book_parts(tmp_path, specs, MANIFESTS, RECORDS)
    assert parts["summary"] == "" and [x for x, _ in parts["toc_entries"]] == ["01_introduction", "07_conclusion", None]


def test_catalogue_files_are_logged_as_read(tmp_path, monkeypatch):
    """The numbering depends on every bundled data file: a chapter citing records them all as read."""
    log = tmp_path / "read.log"
    monkeypatch.setenv("HLJ_NEWMEDIA_READ_LOG", str(log))
    R.catalogue_numbers()
    read = {Path(p).name for p in log.read_text(encoding="utf-8").split()}
    assert {"national_series.csv", "un_egdi.csv", "hlj_quarterly.csv"} <= read
