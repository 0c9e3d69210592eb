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
from heilongjiang_newmedia.reporting.exhibits import source_note

ROOT = Path(__file__).resolve().parents[1]
CNNIC_33 = {"title": "文汇网：第33次中国互联网络发展状况统计报告发布", "url": "http://news.wenweipo.com/x.htm",
            "date": "2014-01-16", "confidence": "medium", "rows": 2}
CNNIC_45 = {"title": "CNNIC第45次《中国互联网络发展状况统计报告》发布（转载）", "url": "https://example.org/45",
            "date": "2020-04-28", "confidence": "low", "rows": 1}
CENSUS = {"title": "第七次全国人口普查公报（第三号）——地区人口情况（全文转载）", "url": "https://example.org/c7",
          "date": "2021-05-11", "confidence": "high", "rows": 31}


# -- source notes (the publications behind an exhibit's rows; numbers come from the build) ----------------------
def _first(note: str) -> str:
    return re.search(r'<p class="source-note">(.*?)</p>', note).group(1)


def test_source_note_zh_one_line_grouped_marked():
    note = source_note([CNNIC_33, CNNIC_45, dict(CNNIC_33), CENSUS], "zh")
    first = _first(note)
    plain = re.sub(r"<cite[^>]*>.*?</cite>", "", first)
    assert plain == ("资料来源：中国互联网络信息中心第33、45次《中国互联网络发展状况统计报告》*；"
                     "国家统计局《第七次全国人口普查公报（第三号）——地区人口情况》。")
    assert re.findall(r'data-refs="([^"]*)"', first) == ["cnnic-33 R05", "nbs-census7-3"]
    assert "可信度低" in note and "请谨慎解读" in note  # a low row of this exhibit's own data
    assert "wenweipo" not in note and "example.org" not in note and "<details" not in note  # no copy shown (N59)
    visible = "".join(b.text for b in purity.visible_blocks(note.replace('class="source-note"', "")))
    assert not purity.english_in_zh(visible) and "medium" not in note and "high" not in note


def test_source_note_low_flag_only_for_a_low_row_of_the_exhibit():
    """N58: the official 2,153 accounts rest on high rows of the 2024 notice; the notice's low rows elsewhere (the
    problem items) do not make this exhibit's note low."""
    from heilongjiang_newmedia.loading import datasets

    q = datasets.load("hlj_annual_accounts")
    shown = q[q["count"] == 2153]
    assert len(shown) and set(shown["confidence"]) == {"high"}
    p = datasets.load("hlj_problems")
    assert "low" in set(p[p["source_url"].str.contains("hlj.gov.cn")]["confidence"])  # same page, low rows
    note = source_note(datasets.citations(shown), "zh")
    assert "*" not in _first(note) and "可信度低" not in note and 'data-refs="P20"' in note
    low = source_note(datasets.citations(p[p["confidence"] == "low"]), "zh")
    assert "*" in _first(low) and "可信度低" in low


def test_source_note_en_glosses_chinese_titles():
    note = source_note([CNNIC_45, CENSUS], "en", note="values rounded")
    first = re.sub(r" <cite[^>]*>.*?</cite>", "", _first(note))
    assert first == ("Sources: CNNIC, Statistical Reports on Internet Development in China, 45th*; National Bureau "
                     "of Statistics of China, Bulletin of the Seventh National Population Census, No. 3: population "
                     "by region.")
    assert "low confidence" in note and "Note: values rounded" in note
    assert not purity.chinese_in_en(note)


def test_source_note_many_publications_stays_short_and_cites_all():
    srcs = [{"title": f"某报：新闻标题{i}", "url": f"https://example.org/{i}", "date": f"20{10 + i}-01-01",
             "confidence": "high"} for i in range(9)]
    first = _first(source_note(srcs, "zh"))
    assert first.count("；") == 2 and "等9种资料" in first
    assert sum(len(k.split()) for k in re.findall(r'data-refs="([^"]*)"', first)) == 9  # every work is numbered
    assert source_note([], "zh").startswith('<p class="source-note">资料来源：未注明。')


def test_own_compilation_is_no_reference():
    """N11, N63: the book's own classification is "本研究整理", never a reference (no 年份不详, no pseudo-entry)."""
    own = {"title": "本书分析框架：理论、维度与指标的对应（分类，不含数据）", "url": "", "date": "", "confidence": ""}
    assert source_note([own], "zh") == '<p class="source-note">资料来源：本研究整理。</p>'
    mixed = source_note([own, CENSUS], "en")
    assert "compiled for this study" in mixed and mixed.count("<cite") == 1


# -- book: reference list, cover, contents -------------------------------------------------------------------------
MANIFESTS = [
    {"chapter": "01_introduction", "exhibits": [
        {"chapter": "01_introduction", "id": "n", "kind": "figure", "number": "图1-1", "sources": [CNNIC_33, CNNIC_45]},
        {"chapter": "01_introduction", "id": "t", "kind": "table", "number": "表1-1", "sources": [CNNIC_33]}]},
    {"chapter": "03_status", "exhibits": [
        {"chapter": "03_status", "id": "a", "kind": "table", "number": "表3-1", "sources": [
            {**CNNIC_33, "as_of": "2013-12"}, {**CENSUS, "as_of": "2020"}]},
        {"chapter": "03_status", "id": "c", "kind": "figure", "number": "图3-2",
         "sources": [{"title": "某报：一条新闻", "url": "https://news.example.org/1", "date": "2019-05-01",
                      "confidence": "", "as_of": "2019-03"}]}]},
]
CITES = {"01_introduction": ["P01", "cnnic-33", "R05"], "03_status": ["S03", "cnnic-33", "nbs-census7-3", "P01"]}


def _records(base):
    from heilongjiang_newmedia.reporting.citations import numbering

    out = {}
    for stem, rec in base.items():
        prior = [CITES[s] for s in CITES if s < stem]
        nums = numbering([*prior, CITES.get(stem, [])])
        out[stem] = {**rec, "citations": CITES.get(stem, []),
                     "cite_numbers": {k: nums[k] for k in CITES.get(stem, [])}}
    return out


def test_reference_list_numbered_in_order_of_first_citation():
    from heilongjiang_newmedia.reporting.bibliography import book_numbering, reference_list_html, resolve

    records = _records({"01_introduction": {}, "03_status": {}})
    nums = book_numbering(records, ["01_introduction", "03_status"])
    assert nums == {"P01": 1, "cnnic-33": 2, "R05": 3, "S03": 4, "nbs-census7-3": 5}
    html_ = reference_list_html(nums, resolve(list(nums), MANIFESTS), "zh", "参考文献")
    ids = re.findall(r'<li class="ref" id="ref-(\d+)"><span class="ref-number">\[(\d+)\]</span>', html_)
    assert [int(a) for a, b in ids] == [int(b) for a, b in ids] == [1, 2, 3, 4, 5]
    text = re.sub(r"<[^>]+>", "", html_)
    assert "[1] 国务院办公厅. 国务院办公厅关于推进政务新媒体健康有序发展的意见" in text
    assert "[2] 中国互联网络信息中心. 第33次中国互联网络发展状况统计报告[R]. 2014." in text
    assert "KATZ E, BLUMLER J G, GUREVITCH M. Utilization of Mass Communication" in html_
    assert "wenweipo" not in html_ and "example.org" not in html_ and "可信度" not in html_  # N58: no grades
    records["03_status"]["cite_numbers"]["S03"] = 9  # a chapter page rendered with other numbers
    with pytest.raises(ValueError, match="03_status"):
        book_numbering(records, ["01_introduction", "03_status"])
    with pytest.raises(KeyError, match="P99"):
        resolve(["P99"], MANIFESTS)


RECORDS = {"01_introduction": {"params": {"province": "黑龙江", "lang": "zh", "data_dir": "/tmp/xyz/trunc",
                                          "ahp_criteria": None, "sensitivity_pct": 10}},
           "05_comparison": {"params": {"province": "黑龙江", "benchmarks": ["浙江", "广东", "上海"],
                                        "peers": ["吉林", "辽宁"], "countries": ["CHN", "DNK", "KOR"]}},
           "06_countermeasures": {"params": {"target_year": 2025, "target": "benchmark_mean"}}}
INFO = {"author": "王五", "institution": "某大学公共管理学院", "supervisor": "赵六教授", "date": "2026-12",
        "label": "第2稿 2026-12"}


def test_cover_options_given_shown_not_given_left_out():
    from heilongjiang_newmedia.reporting.provenance import data_cutoff

    cutoff = data_cutoff(MANIFESTS)
    assert cutoff == "2020"  # the newest reference date of the rows shown, not a page's date (2021-05-11)
    zh = book.cover_html("黑龙江省政务新媒体发展研究", "副标题", "黑龙江省", cutoff, book.study_settings(RECORDS, "zh"),
                         "zh", INFO)
    zh_text = re.sub(r"<[^>]+>", "|", zh)
    for want in ("作者：|王五", "单位：|某大学公共管理学院", "指导教师：|赵六教授", "完成日期：|2026年12月", "第2稿 2026-12",
                 "数据截至2020年", "标杆省份：|浙江、广东和上海", "目标年份：|2025年"):
        assert want in zh_text, want
    bare = book.cover_html("T", "S", "黑龙江省", "", [], "zh", {"label": " "})
    assert not any(w in bare for w in ("作者", "单位", "指导教师", "完成日期", "数据截至", "cover-label"))
    en = book.cover_html("Government new media in Heilongjiang", "Sub", "Heilongjiang", "2025-06",
                         book.study_settings(RECORDS, "en"), "en", {"supervisor": "Prof. Zhao"})
    en_text = re.sub(r"<[^>]+>", "", en)
    assert "Supervisor: Prof. Zhao" in en_text and "Data up to June 2025" in en_text and "Author" not in en_text
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
#: the builds read here, each made once per session by tests/built_reports.py: name -> (shared build, language);
#: the shared zh, en and Jilin-en builds, and Jilin in Chinese (added to the shared builds here)
BUILDS = {"zh-heilongjiang": ("zh", "zh"), "en-heilongjiang": ("en", "en"), "zh-jilin": ("jilin-zh", "zh"),
          "en-jilin": ("jilin", "en")}


@pytest.fixture(scope="session", params=list(BUILDS))
def built(request, tmp_path_factory):
    import built_reports

    key, lang = BUILDS[request.param]
    built_reports.BUILDS.setdefault("jilin-zh", ["--lang", "zh", "-p", "province=吉林"])
    return request.param, lang, built_reports.shared_build(key, tmp_path_factory).require_ok()


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
    back = whole[whole.index('id="references"'):] if 'id="references"' in whole else ""
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


def _cited_numbers_in_reading_order(page: str) -> list[int]:
    """The numbers of the citation markers of a page, in reading order (the reference list left out)."""
    page = page.split('<section class="book-part" id="references"')[0]
    out = []
    for m in re.finditer(r'<cite class="ref" data-refs="[^"]*">(?:<sup>)?\[([^\]]*)\](?:</sup>)?</cite>', page):
        for part in re.split(r",\s*", m.group(1)):
            a, _, b = re.split(r"([-–])", part) if re.search(r"[-–]", part) else (part, "", part)
            out += list(range(int(a), int(b) + 1))
    return out


@pytest.mark.build
def test_real_reference_list_and_numbers(built):
    """On the real build: every number the chapters print is a list entry and every entry is cited; numbers first
    appear 1, 2, 3, ... in reading order (the summary cites nothing); each entry has a type code; no host or file
    name of a page read appears in the list or the notes; chapter pages print the book's numbers."""
    from test_citation import copy_hosts_and_files

    name, lang, out = built
    whole = (out / "book.html").read_text(encoding="utf-8")
    ref_list = whole[whole.index('<section class="book-part" id="references"'):]
    ref_list = ref_list[:ref_list.index("</section>")]
    entries = dict(re.findall(r'<li class="ref" id="ref-(\d+)"><span class="ref-number">\[\d+\]</span> (.*?)</li>',
                              ref_list))
    n = len(entries)
    assert n > 10 and sorted(map(int, entries)) == list(range(1, n + 1))
    cited = _cited_numbers_in_reading_order(whole)
    first = list(dict.fromkeys(cited))
    assert first == list(range(1, n + 1))  # order of first citation, no gaps, every entry cited
    summary = book.take_section(whole, "book-summary")[1]
    assert "<cite" not in summary
    assert all(re.search(r"\[(J|M|R|D|N|Z|EB/OL|DB/OL)\]", e) for e in entries.values())
    hosts, files = copy_hosts_and_files()
    notes = " ".join(re.findall(r'<p class="source-note">(.*?)</p>', whole))
    for text, where in ((ref_list.lower(), "reference list"), (notes.lower(), "source notes")):
        assert not [h for h in hosts if h in text], where
        assert not [f for f in files if f.lower() in text], where
    for page in (out / "html").glob("*.html"):  # the chapter pages print the same numbers as the book
        body = page.read_text(encoding="utf-8")
        for m in re.finditer(r'<cite class="ref" data-refs="([^"]*)">(.*?)</cite>', body):
            assert m.group(2) in whole, (page.stem, m.group(1))


@pytest.mark.build
def test_real_cover_cutoff_is_newest_reference_date_shown(built):
    """N1, N43, N50: the cover's data cut-off is the newest reference date of the rows the exhibits show, derived
    here from data/raw: for each cited page, the rows of that page, their reference-date columns."""
    import csv

    name, lang, out = built
    cited = {(s["title"], s["url"]) for f in (out / "exhibits").glob("*/manifest.json")
             for x in json.loads(f.read_text(encoding="utf-8"))["exhibits"] for s in x["sources"] if s.get("as_of")}
    best = ""
    for path in (ROOT / "data" / "raw").rglob("*.csv"):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                if (r.get("source_title"), r.get("source_url")) not in cited or "ref_id" in r:
                    continue
                for col in ("reference_date", "cutoff", "reference_period", "ref_period", "period", "survey_year",
                            "eval_year", "year"):
                    v = r.get(col) or ""
                    if v and not re.search(r"target|plan|deadline", v):
                        best = max([best] + re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", v))
                        break
    whole_cover = (out / "book.html").read_text(encoding="utf-8").split("</section>")[0]
    cover = whole_cover
    shown = re.search(r"数据截至(\d{4})年|Data up to (?:[\w ]+ )?(\d{4})", whole_cover)
    assert shown and (shown.group(1) or shown.group(2)) == best and best != "2026", (best, cover[-300:])
    assert "2026" not in re.sub(r"第2稿 2026-12|2026年12月|December 2026", "", whole_cover.split("study-settings")[0])


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
    assert whole.index('id="references"') < whole.index("对照</p>") and whole.count("要点一") == 1
    assert ('<section class="book-part appendix-traceability" id="appendix-traceability" '
            'data-title="附录　结果与出处对照">') in whole  # a new page, in the contents (N64)
    assert [label for _, label in parts["toc_entries"]] == ["摘要", "第一章 绪论", "第七章 结论", "参考文献",
                                                            "附录　结果与出处对照"]
    front = book.front_html(parts, {"01_introduction": 3, "07_conclusion": 5, "@references": 9,
                                    "@appendix-traceability": 12})
    assert 'data-page="9">参考文献' in front and 'data-page="12">附录　结果与出处对照' in front
    assert 'data-page="3">第一章 绪论' in front and "要点一" in front and 'class="in-doc" href="#executive-summary"' in front
    (tmp_path / "html" / "07_conclusion.html").write_text(page("第七章 结论"), encoding="utf-8")
    parts = book.book_parts(tmp_path, specs, MANIFESTS, RECORDS)
    assert parts["summary"] == "" and [x for x, _ in parts["toc_entries"]] == ["01_introduction", "07_conclusion",
                                                                                "@references"]


def test_mapping_files_are_logged_as_read(tmp_path, monkeypatch):
    """The publication mapping reads bundled data columns (CNNIC report numbers, UN survey years, ref_id): a chapter
    citing records those files as read, so an edit that changes a mapping rebuilds it."""
    from heilongjiang_newmedia.reporting import publications

    log = tmp_path / "read.log"
    monkeypatch.setenv("HLJ_NEWMEDIA_READ_LOG", str(log))
    publications.keys_of(CNNIC_33)
    read = {Path(p).name for p in log.read_text(encoding="utf-8").split()}
    assert {"national_series.csv", "un_egdi.csv", "references.csv"} <= read


def _visible(page: str) -> str:
    """The text a reader sees on a page: tags (and their attributes, links' addresses) left out."""
    import html as _html

    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    return " ".join(_html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.build
def test_real_pages_print_no_host_or_file_name_of_a_copy(built):
    """No passage, exhibit cell or source note prints the host or a file name of a page the data were read on (a
    copy: not the publisher's own or a government site); REPLICATION.md lists those pages."""
    from test_citation import copy_hosts_and_files

    name, lang, out = built
    hosts, files = copy_hosts_and_files()
    problems = []
    for page in sorted((out / "html").glob("*.html")) + [out / "book.html"]:
        text = _visible(page.read_text(encoding="utf-8")).lower()
        problems += [f"[{name}] {page.stem}: host {h}" for h in hosts if re.search(rf"(?<![\w.-]){re.escape(h)}\b", text)]
        problems += [f"[{name}] {page.stem}: file {f}" for f in files if f.lower() in text]
    assert not problems, "\n".join(problems)


def _table_cells(page: str) -> list[str]:
    return [_visible(c) for t in re.findall(r"<table.*?</table>", page, re.S)
            for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", t, re.S)]


@pytest.mark.build
def test_real_tables_keep_words_whole_and_english_tables_print_english(built):
    """Tables: no word is broken with a hyphen at a line end inside a column (the PDF's text: a hyphen at a line end
    where the page's text has the word whole); in English, no Chinese in a cell except a name in brackets after its
    English form."""
    from pypdf import PdfReader

    name, lang, out = built
    problems = []
    for pdf in sorted((out / "pdf").glob("*.pdf")):
        text = _visible((out / "html" / f"{pdf.stem}.html").read_text(encoding="utf-8"))
        for i, p in enumerate(PdfReader(pdf).pages):
            for m in re.finditer(r"([A-Za-z]+)-\n([a-z]+)", p.extract_text() or ""):
                a, b = m.groups()
                if f"{a}-{b}" not in text and re.search(rf"\b{a}{b}", text, re.I):
                    problems.append(f"[{name}] {pdf.stem} p.{i + 1}: {a}-{b}")
    if lang == "en":
        for page in sorted((out / "html").glob("*.html")):
            for cell in _table_cells(page.read_text(encoding="utf-8")):
                rest = re.sub(r"\([^()]*[\u4e00-\u9fff][^()]*\)", "", cell)   # "Safe Harbin, Harbin police (平安哈尔滨)"
                if re.search(r"[\u4e00-\u9fff]", rest):
                    problems.append(f"[{name}] {page.stem}: {cell[:120]}")
    assert not problems, "\n".join(problems)
