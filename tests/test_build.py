"""Report pipeline end to end on small throwaway notebooks (not the real chapters).

Each project is a temporary checkout (``HLJ_NEWMEDIA_PROJECT_ROOT``) with ``notebooks/``, ``data/``,
``requirements.lock`` and ``reports/``; builds run through the CLI in a subprocess, as users run them.
"""
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

CLI = [sys.executable, "-m", "heilongjiang_newmedia.cli"]

INTRO_CODE = '''
import os
from pathlib import Path
import matplotlib.pyplot as plt
import pandas as pd
from heilongjiang_newmedia.reporting.exhibits import Chapter

path = (Path(data_dir) if data_dir else Path("../data")).resolve() / "values.csv"
with open(os.environ["HLJ_NEWMEDIA_READ_LOG"], "a") as fh:   # what datasets.load() does
    fh.write(f"{path}\\n")
df = pd.read_csv(path)
df.attrs["sources"] = [{"title": "第47次《中国互联网络发展状况统计报告》", "url": "https://www.cnnic.net.cn/",
                        "date": "2021-02-03", "confidence": "high", "rows": len(df)}]
ch = Chapter("01_introduction", lang=lang)
fig, ax = plt.subplots(figsize=(5, 3))
ax.plot(df["year"], df["value"], marker="o", label="黑龙江")
ax.set_xlabel(ch.t(zh="年份", en="Year")); ax.set_ylabel(ch.t(zh="网民规模（亿人）", en="Netizens"))
ax.legend()
ch.exhibit(fig, id="values", title=ch.t(zh="网民规模变化", en="Netizens"), data=df)
table = pd.DataFrame({"名称": ["<script>alert(1)</script>", "哈尔滨"], "数值": [1, 2]})
table.attrs["sources"] = [{"title": "低可信度来源", "url": "https://example.org/", "date": "2019",
                           "confidence": "low", "rows": 2}]
ch.exhibit(table, id="names", title=ch.t(zh="名称表", en="Names"))
ch.find("latest", "value", float(df["value"].iloc[-1]), exhibits=["values"])
ch.say(zh="最新值为{v:.2f}亿人。", en="The latest value is {v:.2f}.", v=df["value"].iloc[-1])
'''

PROBLEMS_CODE = '''
from heilongjiang_newmedia.reporting.exhibits import Chapter
import pandas as pd
ch = Chapter("04_problems", lang=lang)
t = pd.DataFrame({"省份": [province] + benchmarks, "得分": list(range(1 + len(benchmarks)))})
t.attrs["sources"] = [{"title": "省级政府网上政务服务能力调查评估报告", "url": "https://example.org/eval",
                       "date": "2020-05-01", "confidence": "medium", "rows": 3}]
ch.exhibit(t, id="scores", title=ch.t(zh="问题证据", en="Evidence"))
ch.say(zh="焦点省份：{p}。", en="Focus province: {p}.", p=province)
'''

CONCLUSION_CODE = '''
from heilongjiang_newmedia.reporting.exhibits import Chapter
ch = Chapter("07_conclusion", lang=lang, uses=["introduction"])
r = ch.earlier("introduction")
ch.say(zh="第一章最新值：{v:.2f}。", en="Chapter 1 latest: {v:.2f}.", v=r.value("latest"))
'''


def _nb(params: str, title_zh: str, title_en: str, code: str, extra=()):
    cells = [new_markdown_cell(f"# {title_zh}", metadata={"tags": ["lang-zh"]}),
             new_markdown_cell(f"# {title_en}", metadata={"tags": ["lang-en"]}),
             new_code_cell(params, metadata={"tags": ["parameters"]}),
             new_markdown_cell("## 1.1 背景\n\n中文段落：政务新媒体。", metadata={"tags": ["lang-zh"]}),
             new_markdown_cell("## 1.1 Background\n\nEnglish paragraph.", metadata={"tags": ["lang-en"]}),
             new_code_cell(code), *extra]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


NOTEBOOKS = {
    "01_introduction": lambda: _nb('lang = "zh"\nstart_year = None\nend_year = None\ndata_dir = None',
                                   "第一章 绪论", "Chapter 1 Introduction", INTRO_CODE),
    "04_problems": lambda: _nb('province = "黑龙江"\nbenchmarks = ["浙江", "广东", "上海", "江苏", "北京"]\n'
                               'lang = "zh"\ndata_dir = None', "第四章 问题", "Chapter 4 Problems", PROBLEMS_CODE),
    "07_conclusion": lambda: _nb('province = "黑龙江"\nlang = "zh"', "第七章 结论", "Chapter 7 Conclusion",
                                 CONCLUSION_CODE),
}


def make_project(root: Path, stems=("01_introduction", "04_problems", "07_conclusion")) -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "data").mkdir()
    (root / "data" / "values.csv").write_text("year,value\n2019,8.54\n2020,9.89\n", encoding="utf-8")
    (root / "requirements.lock").write_text("pandas==3\n", encoding="utf-8")
    for stem in stems:
        nbformat.write(NOTEBOOKS[stem](), str(root / "notebooks" / f"{stem}.ipynb"))
    return root


def cli(root: Path, *args, out: Path | None = None):
    env = {**os.environ, "HLJ_NEWMEDIA_PROJECT_ROOT": str(root)}
    env.pop("HLJ_NEWMEDIA_BUILD_DIR", None)
    cmd = CLI + ["build", "--out", str(out or root / "reports"), *args]
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
    r.seconds = time.perf_counter() - t
    return r


def statuses(stderr: str) -> dict[str, str]:
    out = {}
    for line in stderr.splitlines():
        parts = line.split("]", 1)[-1].split()
        if len(parts) >= 2 and parts[0] in ("done", "cached", "failed"):
            out[parts[1]] = parts[0]
    out.pop("book", None)
    return out


def settle(root: Path, *args) -> None:
    """Rebuild until everything is cached: other people editing the package (part of every cache key) during a test
    run would otherwise make a cache assertion fail for a reason that is not the one tested."""
    for _ in range(3):
        r = cli(root, *args)
        assert r.returncode == 0, r.stderr
        if set(statuses(r.stderr).values()) <= {"cached"}:
            return
    raise AssertionError("build never settled into the cache")


def digest(out: Path) -> dict[str, str]:
    files = [p for p in out.rglob("*") if p.is_file() and p.suffix in (".html", ".pdf", ".csv")
             and "_failed" not in p.parts and ".cache" not in p.parts]
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(files)}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("proj"))
    r = cli(root, "--jobs", "1")
    assert r.returncode == 0, r.stderr
    return root


# -- outputs ------------------------------------------------------------------------------------------------------
@pytest.mark.build
def test_outputs_exist(project):
    out = project / "reports"
    for stem in ("01_introduction", "04_problems", "07_conclusion"):
        for rel in (f"html/{stem}.html", f"pdf/{stem}.pdf", f"executed/{stem}.ipynb"):
            assert (out / rel).is_file(), rel
    for rel in ("book.html", "book.pdf", "REPLICATION.md", "exhibits/manifest.json",
                "exhibits/01_introduction/values.csv", "exhibits/01_introduction/names.csv",
                "findings/01_introduction.json"):
        assert (out / rel).is_file(), rel
    assert not (out / ".staging").exists() and not (out / "_failed").exists()
    manifest = json.loads((out / "exhibits" / "manifest.json").read_text(encoding="utf-8"))
    assert [m["chapter"] for m in manifest["chapters"]] == ["01_introduction", "04_problems", "07_conclusion"]
    rep = (out / "REPLICATION.md").read_text(encoding="utf-8")
    assert "图1-1" in rep and "values.csv" in rep and "## Computational requirements" in rep


@pytest.mark.build
def test_html_content(project):
    page = (project / "reports" / "html" / "01_introduction.html").read_text(encoding="utf-8")
    assert "<script" not in page.replace("&lt;script", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # data string escaped
    assert "中文段落" in page and "English paragraph" not in page and "Chapter 1 Introduction" not in page
    assert "import matplotlib" not in page and 'lang = "zh"' not in page  # code hidden
    assert "图1-1" in page and "表1-1" in page and "资料来源" in page and "本章目录" in page
    assert "cnnic.net.cn" not in page and "可信度低" in page  # the copies read are not shown (REPLICATION.md)
    assert "data:image/png;base64," in page
    concl = (project / "reports" / "html" / "07_conclusion.html").read_text(encoding="utf-8")
    assert "第一章最新值：9.89" in concl


@pytest.mark.build
def test_html_offline_check(project):
    from checkers.checks import remote_loads

    out = project / "reports"
    pages = [*sorted((out / "html").glob("*.html")), out / "book.html"]
    assert len(pages) >= 3
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert remote_loads(text) == [], page.name
        assert remote_loads(text.replace("</head>", '<link rel="stylesheet" href="https://x.org/a.css"></head>'))


@pytest.mark.build
def test_pdf_fonts_are_only_the_embedded_bundled_font(project):
    """Every chapter PDF and the book: all fonts embedded, all the bundled Noto Sans CJK SC (no system fallback such
    as DejaVu), Chinese text present and drawn in it (read with pypdf, no system tool)."""
    from pypdf import PdfReader

    from checkers.checks import pdf_font_problems, pdf_fonts

    out = project / "reports"
    pdfs = [*sorted((out / "pdf").glob("*.pdf")), out / "book.pdf"]
    assert len(pdfs) >= 3
    for pdf in pdfs:
        assert pdf_font_problems(pdf) == [], pdf.name
        assert {f.name for f in pdf_fonts(pdf)} <= {"Noto-Sans-CJK-SC-Bundled", "Noto-Sans-CJK-SC-Bundled-Bold"}
        text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
        assert sum("\u4e00" <= c <= "\u9fff" for c in text) > 10, pdf.name


@pytest.mark.build
def test_noop_rebuild_is_cached_and_fast(project):
    settle(project)
    before = digest(project / "reports")
    r = cli(project)
    assert r.returncode == 0, r.stderr
    assert set(statuses(r.stderr).values()) == {"cached"}
    assert digest(project / "reports") == before
    assert r.seconds < 5  # includes interpreter start; the benchmark measures the target (0.5 s)


@pytest.mark.build
def test_parallel_equals_sequential_and_deterministic(project, tmp_path):
    out = tmp_path / "par"
    r = cli(project, "--jobs", "3", "--force", out=out)
    assert r.returncode == 0, r.stderr
    a, b = digest(project / "reports"), digest(out)
    assert a.keys() == b.keys() and len(a) >= 8
    assert a == b


@pytest.mark.build
def test_english_build_and_show_code(project, tmp_path):
    out = tmp_path / "en"
    r = cli(project, "1", "--lang", "en", "--show-code", out=out)
    assert r.returncode == 0, r.stderr
    page = (out / "html" / "01_introduction.html").read_text(encoding="utf-8")
    assert "Figure 1.1" in page and "Table 1.1" in page and "Source: " in page
    assert "中文段落" not in page and "English paragraph" in page and "import matplotlib" in page


# -- cache -------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def small(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("cache"), stems=("01_introduction", "04_problems"))
    r = cli(root, "--jobs", "2")
    assert r.returncode == 0, r.stderr
    return root


@pytest.mark.build
def test_cache_data_file_edit_rebuilds_reader_only(small):
    settle(small)
    (small / "data" / "values.csv").write_text("year,value\n2019,8.54\n2020,9.89\n2021,10.11\n", encoding="utf-8")
    r = cli(small)
    assert r.returncode == 0, r.stderr
    assert statuses(r.stderr) == {"01_introduction": "done", "04_problems": "cached"}
    assert "2021" in (small / "reports" / "exhibits" / "01_introduction" / "values.csv").read_text()


@pytest.mark.build
def test_cache_parameter_change(small):
    """A parameter only chapter 4 has (chapter 1 also has the province: changing that for chapter 4 alone is refused,
    see test_mixed_parameters_do_not_make_a_book)."""
    settle(small)
    r = cli(small, "4", "-p", "benchmarks=Shanghai,江苏")
    assert r.returncode == 0, r.stderr
    assert statuses(r.stderr) == {"04_problems": "done"}
    assert "上海" in (small / "reports" / "html" / "04_problems.html").read_text(encoding="utf-8")
    r = cli(small, "4", "-p", "benchmarks=上海、Jiangsu Province")  # same resolved value -> cached
    assert statuses(r.stderr) == {"04_problems": "cached"}


@pytest.mark.build
def test_cache_notebook_edit(small):
    settle(small, "-p", "province=吉林")
    path = small / "notebooks" / "04_problems.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.append(new_markdown_cell("新增段落。"))
    nbformat.write(nb, str(path))
    r = cli(small, "-p", "province=吉林")
    assert statuses(r.stderr) == {"01_introduction": "cached", "04_problems": "done"}


@pytest.mark.build
def test_cache_code_and_lock_in_key(small, monkeypatch):
    from heilongjiang_newmedia.pipeline import cache

    monkeypatch.setenv("HLJ_NEWMEDIA_PROJECT_ROOT", str(small))
    nb = small / "notebooks" / "04_problems.ipynb"
    cache.code_fingerprint.cache_clear()
    k1 = cache.base_key(nb, {"a": 1}, {}, {})
    (small / "requirements.lock").write_text("pandas==3.0.1\n", encoding="utf-8")
    cache.code_fingerprint.cache_clear()
    k2 = cache.base_key(nb, {"a": 1}, {}, {})
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "edited-code")
    k3 = cache.base_key(nb, {"a": 1}, {}, {})
    assert len({k1, k2, k3}) == 3
    assert cache.base_key(nb, {"a": 2}, {}, {}) != k3


# -- failure -----------------------------------------------------------------------------------------------------
@pytest.mark.build
def test_failed_build_leaves_book_and_replication_as_they_were(tmp_path):
    """``--force --data-dir D`` with a truncated file in D: the chapter reading it fails, the other one builds with
    D; the book, the exhibit manifest and REPLICATION.md are not assembled from that mixed set (byte-identical), and
    the message says so. The next consistent build assembles them again."""
    root = make_project(tmp_path / "p", stems=("01_introduction", "04_problems"))
    settle(root)
    out = root / "reports"
    kept = ("book.html", "book.pdf", "REPLICATION.md", "exhibits/manifest.json")
    before = {n: (out / n).read_bytes() for n in kept}
    bad = tmp_path / "bad-data"
    bad.mkdir()
    (bad / "values.csv").write_text("year,val", encoding="utf-8")  # truncated mid-header
    r = cli(root, "--force", "--data-dir", str(bad))
    assert r.returncode == 1, r.stderr
    assert statuses(r.stderr) == {"01_introduction": "failed", "04_problems": "done"}
    assert {n: (out / n).read_bytes() for n in kept} == before
    assert "book.html, book.pdf, REPLICATION.md left as they were: chapter(s) 01_introduction failed" in r.stderr
    assert str(bad) not in (out / "book.html").read_text(encoding="utf-8")
    r = cli(root)  # without --data-dir: chapter 4 is rebuilt to match chapter 1, then the book is assembled
    assert r.returncode == 0, r.stderr
    assert statuses(r.stderr)["04_problems"] == "done" and "left as they were" not in r.stderr
    assert (out / "book.pdf").read_bytes() != b"" and "04_problems" in (out / "REPLICATION.md").read_text()


@pytest.mark.build
def test_mixed_parameters_do_not_make_a_book(tmp_path):
    """A partial build in another language is refused before anything runs (issue 19: one study per report
    folder); a folder that got mixed another way still makes no book from it."""
    root = make_project(tmp_path / "p", stems=("01_introduction", "04_problems"))
    settle(root)
    out = root / "reports"
    before = (out / "book.pdf").read_bytes()
    r = cli(root, "4", "--lang", "en")
    assert r.returncode == 2, r.stderr
    assert "lang is zh in chapter(s) 1, not en" in r.stderr and "running" not in r.stderr
    assert (out / "book.pdf").read_bytes() == before
    from heilongjiang_newmedia.pipeline.assemble import inconsistency

    rec = json.loads((out / ".cache" / "04_problems.json").read_text(encoding="utf-8"))
    rec["params"]["lang"] = "en"
    (out / ".cache" / "04_problems.json").write_text(json.dumps(rec), encoding="utf-8")
    assert "different values of parameter lang" in inconsistency(out, ["01_introduction", "04_problems"], [])


@pytest.mark.build
def test_failing_notebook_keeps_previous_outputs(tmp_path):
    root = make_project(tmp_path, stems=("04_problems",))
    settle(root)
    out = root / "reports"
    before = digest(out)
    assert before
    path = root / "notebooks" / "04_problems.ipynb"
    nb = nbformat.read(str(path), as_version=4)
    nb.cells.insert(3, new_code_cell("x = 1\ny = x / 0\n"))  # becomes cell 4
    nbformat.write(nb, str(path))
    r = cli(root)
    assert r.returncode == 1
    msg = r.stderr
    assert "chapter 04_problems" in msg and "cell 4" in msg and "line 2" in msg and "ZeroDivisionError" in msg
    assert "FAILED" in msg
    assert (out / "_failed" / "04_problems.ipynb").is_file()
    assert digest(out) == before  # the last good outputs are untouched
    assert not (out / ".staging").exists()


# -- PDF renderer safety ---------------------------------------------------------------------------------------------
def test_glyph_check_names_missing_characters():
    from heilongjiang_newmedia.reporting.pdf import MissingGlyphError, check_glyphs

    check_glyphs("<p>黑龙江 Heilongjiang 1–2 “引号” ¶</p>", "t")
    with pytest.raises(MissingGlyphError, match=r"U\+13000"):
        check_glyphs("<p>政务 \U00013000</p>", "chapter x")


def test_fetcher_refuses_outside_files_and_network(tmp_path):
    from heilongjiang_newmedia.reporting.pdf import FetchRefused, make_fetcher

    inside = tmp_path / "a.png"
    inside.write_bytes(b"x")
    fetcher = make_fetcher(tmp_path)
    assert fetcher.fetch(inside.as_uri()).read() == b"x"
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    for url in ("http://127.0.0.1:9/x.png", "https://example.org/f.woff", "file:///etc/passwd"):
        with pytest.raises((FetchRefused, ValueError)):
            fetcher.fetch(url)


@pytest.mark.build
def test_book_pdf_is_the_chapter_pdfs_joined_with_contents_links(project):
    """book.pdf = cover/contents + each chapter's own PDF pages + the reference list; the contents link to the
    chapters and the reference list and give the PDF page where each starts."""
    import re

    from pypdf import PdfReader

    out = project / "reports"
    book = PdfReader(out / "book.pdf")
    stems = ["01_introduction", "04_problems", "07_conclusion"]
    own = {s: PdfReader(out / "pdf" / f"{s}.pdf") for s in stems}
    dests = book.named_destinations
    starts = {s: book.get_destination_page_number(dests[f"chapter-{s}"]) for s in stems}
    front = starts["01_introduction"]
    assert front >= 1
    assert starts["04_problems"] == front + len(own["01_introduction"].pages)
    assert starts["07_conclusion"] == starts["04_problems"] + len(own["04_problems"].pages)
    appendix = book.get_destination_page_number(dests["references"])
    assert appendix == starts["07_conclusion"] + len(own["07_conclusion"].pages)
    assert len(book.pages) > appendix
    def body(text):  # without the page number ("2 / 5" in a chapter's PDF, the book's page number in the book)
        return [x for x in text.splitlines() if not re.fullmatch(r"[\d\s/]*", x)]  # text layers may split "2 / 5"

    for s in stems:  # the chapter's own pages, numbered as pages of the book
        for i, page in enumerate(own[s].pages):
            in_book = book.pages[starts[s] + i].extract_text()
            assert body(in_book) == body(page.extract_text())
            assert in_book.splitlines()[-1].strip() == str(starts[s] + i + 1)
    links = {}
    for i in range(front):
        for annot in book.pages[i].get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
                links.setdefault(str(annot["/Dest"]), i)
    assert {f"chapter-{s}" for s in stems} | {"references"} <= set(links)
    contents = "\n".join(book.pages[i].extract_text() for i in range(front))
    printed = [int(n) for n in re.findall(r"\.{3,}\s*(\d+)", contents)]
    assert printed == [starts[s] + 1 for s in stems] + [appendix + 1]
    titles = [item.title for item in book.outline if not isinstance(item, list)]
    assert titles[-1] == "参考文献" and len(titles) >= 2 + len(stems)


def test_build_processes_skip_the_unused_iri_grammar():
    """nbformat still validates notebooks when jsonschema's rfc3987_syntax import is skipped (lean_imports)."""
    code = ("from heilongjiang_newmedia.loading.lean_imports import skip_unused_imports; skip_unused_imports(); "
            "import sys, nbformat; from nbformat.v4 import new_notebook, new_code_cell; "
            "nb = new_notebook(cells=[new_code_cell('1')]); nbformat.validate(nb); "
            "bad = new_notebook(); bad.cells = [{'cell_type': 'code'}]\n"
            "try:\n    nbformat.validate(bad); print('accepted')\n"
            "except nbformat.ValidationError:\n    print('rejected')\n"
            "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is None)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["rejected", "True"]
