"""Citation numbers through the build, on a small constructed project (two throwaway chapter notebooks): numbers run
1..n in order of first citation across the chapters and the book's reference list; a chapter whose numbers change
because an earlier chapter now cites something first is rendered again, not executed again; the cover shows the
book options given and leaves out those not given; the data cut-off is the newest reference date of the rows shown.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from test_build import cli, statuses

pytestmark = pytest.mark.build  # every test builds a small project

ROW = ('{{"title": "{t}", "url": "{u}", "date": "{d}", "confidence": "{c}"}}')
CNNIC_33 = ("文汇网：第33次中国互联网络发展状况统计报告发布", "http://news.wenweipo.com/2014/01/16/IN1401160057.htm")
P20_PAGE = ("黑龙江省人民政府办公厅关于2024年第二季度全省政府网站和政务新媒体检查情况的通报",
            "https://hlj.gov.cn/hlj/c107861/202406/c00_31746358.shtml")

CH1 = '''
import pandas as pd
from IPython.display import display
from heilongjiang_newmedia.reporting.exhibits import Chapter
from heilongjiang_newmedia.text.passages import cite_marker
ch = Chapter("01_introduction", lang=lang)
display({{"text/markdown": "研究背景" + {first} + "。"}}, raw=True)
df = pd.DataFrame({{"year": [2012, 2013], "value": [5.64, 6.18],
                   "source_title": ["{t1}", "{t1}"], "source_url": ["{u1}", "{u1}"],
                   "source_date": ["2014-01-16", "2014-01-16"], "confidence": ["medium", "medium"]}})
ch.exhibit(df[["year", "value"]], id="netizens", title=ch.t(zh="网民规模", en="Netizens"), data=df)
display({{"text/markdown": "理论" + cite_marker(["S03", "S10"]) + "。"}}, raw=True)
'''
CH4 = '''
import pandas as pd
from IPython.display import display
from heilongjiang_newmedia.reporting.exhibits import Chapter
from heilongjiang_newmedia.text.passages import cite_marker
ch = Chapter("04_problems", lang=lang)
display({{"text/markdown": "问题" + cite_marker(["S10", "R04"]) + "。"}}, raw=True)
df = pd.DataFrame({{"year": [2024, 2024], "quarter": ["Q2", "Q2"], "count": [2153, 3],
                   "source_title": ["{t2}", "{t2}"], "source_url": ["{u2}", "{u2}"],
                   "source_date": ["2024-06-27", "2024-06-27"], "confidence": ["high", "high"]}})
ch.exhibit(df[["year", "count"]], id="accounts", title=ch.t(zh="账号", en="Accounts"), data=df)
'''


def _nb(title: str, code: str, params: str):
    cells = [new_markdown_cell(f"# {title}"), new_code_cell(params, metadata={"tags": ["parameters"]}),
             new_code_cell(code)]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def _write(root: Path, first: str) -> None:
    nbformat.write(_nb("第一章 绪论", CH1.format(first=first, t1=CNNIC_33[0], u1=CNNIC_33[1]),
                       'lang = "zh"\nstart_year = None\nend_year = None\ndata_dir = None'),
                   str(root / "notebooks" / "01_introduction.ipynb"))
    nbformat.write(_nb("第四章 问题", CH4.format(t2=P20_PAGE[0], u2=P20_PAGE[1]),
                       'province = "黑龙江"\nbenchmarks = ["浙江", "广东", "上海", "江苏", "北京"]\nlang = "zh"\n'
                       'data_dir = None'), str(root / "notebooks" / "04_problems.ipynb"))


def _numbers(page: str) -> list[tuple[str, str]]:
    return re.findall(r'<cite class="ref" data-refs="([^"]*)"><sup>\[([^\]]*)\]</sup></cite>', page)


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    root = tmp_path_factory.mktemp("numbering")
    (root / "notebooks").mkdir()
    (root / "data").mkdir()
    (root / "requirements.lock").write_text("pandas==3\n", encoding="utf-8")
    _write(root, '""')
    r = cli(root, "--jobs", "2", "--author", "王五", "--supervisor", "赵六教授", "--label", "第1稿")
    assert r.returncode == 0, r.stderr
    return root


def test_numbers_in_order_of_first_citation_across_chapters_and_book(project):
    out = project / "reports"
    ch1 = (out / "html" / "01_introduction.html").read_text(encoding="utf-8")
    ch4 = (out / "html" / "04_problems.html").read_text(encoding="utf-8")
    assert _numbers(ch1) == [("cnnic-33", "1"), ("S03 S10", "2,3")]  # the exhibit's note, then the text
    assert _numbers(ch4) == [("S10 R04", "3,4"), ("P20", "5")]  # S10 keeps its number from chapter 1
    book = (out / "book.html").read_text(encoding="utf-8")
    refs = re.findall(r'<li class="ref" id="ref-(\d+)"><span class="ref-number">\[\d+\]</span> (.*?)</li>', book)
    assert [int(n) for n, _ in refs] == [1, 2, 3, 4, 5]
    assert refs[0][1].startswith("中国互联网络信息中心. 第33次中国互联网络发展状况统计报告[R]. 2014.")
    assert refs[4][1].startswith("黑龙江省人民政府办公厅. 黑龙江省人民政府办公厅关于2024年第二季度")
    assert "wenweipo" not in book and "hlj.gov.cn" not in book.split('id="references"')[1]
    rep = (out / "REPLICATION.md").read_text(encoding="utf-8")
    assert "news.wenweipo.com" in rep and "**only copies**" in rep  # the copies read are listed there
    rows = (out / "exhibits" / "sources_read.csv").read_text(encoding="utf-8")
    assert "hlj.gov.cn" in rows and ",True,False" in rows  # the notice was read on the official site


def test_cover_options_and_data_cutoff(project):
    out = project / "reports"
    cover = (out / "book.html").read_text(encoding="utf-8").split("</section>")[0]
    text = re.sub(r"<[^>]+>", "|", cover)
    assert "作者：|王五" in text and "指导教师：|赵六教授" in text and "第1稿" in text
    assert "单位" not in text and "完成日期" not in text  # not given: left out
    assert "数据截至2024年6月" in text  # the newest row shown: 2024 Q2 (not the page dates)
    record = json.loads((out / ".cache" / "book.json").read_text(encoding="utf-8"))
    assert record["options"] == {"author": "王五", "supervisor": "赵六教授", "label": "第1稿"}
    assert record["data_cutoff"] == "2024-06" and record["numbers"]["P20"] == 5


def test_earlier_chapter_cites_first_later_chapter_rendered_again_not_executed(project):
    out = project / "reports"
    executed = out / "executed" / "04_problems.ipynb"
    before = _sha(executed)
    _write(project, 'cite_marker(["P01"])')  # chapter 1 now cites P01 first (the text layer's marker)
    r = cli(project, "--label", "第2稿")
    assert r.returncode == 0, r.stderr
    assert statuses(r.stderr) == {"01_introduction": "done", "04_problems": "done"}
    assert "rendered again" in r.stderr and _sha(executed) == before  # not executed again
    ch4 = (out / "html" / "04_problems.html").read_text(encoding="utf-8")
    assert _numbers(ch4) == [("S10 R04", "4,5"), ("P20", "6")]
    book = (out / "book.html").read_text(encoding="utf-8")
    assert re.findall(r'id="ref-(\d+)"', book) == ["1", "2", "3", "4", "5", "6"]
    assert "国务院办公厅关于推进政务新媒体健康有序发展的意见" in book.split('id="ref-1"')[1].split("</li>")[0]
    cover = re.sub(r"<[^>]+>", "|", book.split("</section>")[0])
    assert "第2稿" in cover and "作者" not in cover  # options of this build only
    r = cli(project, "--label", "第2稿")
    assert set(statuses(r.stderr).values()) == {"cached"}  # numbers unchanged: nothing rendered again
