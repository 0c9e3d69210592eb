"""Issue 22 with real clients, on real builds (made once for this module; builds are expensive):

* ``book.docx`` read back with python-docx: its headings in book order equal ``book.html``'s, every exhibit caption
  is there, as many tables and pictures as the HTML prints, each chapter's text equals the HTML's (white space
  aside), and the bytes do not depend on the process or the clock;
* LibreOffice (``libreoffice-writer-nogui``, installed by ``.ci/run``) converts it to PDF headless, with the usual
  Chinese fonts available under the names the styles use (宋体 and 黑体, served here by the bundled Noto Serif CJK SC
  and SimHei through a fontconfig file of the test's own: the machine has no system CJK font on purpose); the PDF
  holds every chapter heading and no replacement boxes;
* ``hlj-newmedia diff`` between a build and a rebuild with one parameter changed (the target year; the benchmark
  provinces) or one data row changed in a ``--data-dir`` copy lists exactly those inputs and the findings, exhibits
  and sentences they moved; identical builds give the one-line "no change" report.
"""
from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lhtml

from built_reports import copy_build

pytestmark = pytest.mark.build

CLI = [sys.executable, "-m", "heilongjiang_newmedia.cli"]
MACHINE = re.compile(r"(_[a-z]+_|\.csv|\.json|\.ipynb|/tmp/|\b0\d_[a-z]+|target_year|benchmarks\b)")


def _build(out: Path, *args: str) -> str:
    run = subprocess.run([*CLI, "build", "--out", str(out), *args], capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stderr


@pytest.fixture(scope="module")
def base(built_zh, tmp_path_factory) -> Path:
    """Version 1: a copy of the session's default build (Heilongjiang, Chinese), so no build of its own."""
    return copy_build(built_zh, tmp_path_factory.mktemp("versions") / "v1")


def _rebuilt(base: Path, name: str, *args: str) -> Path:
    out = base.parent / name
    if not out.exists():
        shutil.copytree(base, out)
        _build(out, *args)
    return out


def _diff(old: Path, new: Path) -> tuple[str, "object"]:
    from heilongjiang_newmedia.reporting.changes import compare, load_version

    run = subprocess.run([*CLI, "diff", str(old), str(new)], capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    for name in ("changes.html", "changes.pdf", "changes.docx"):
        assert (new / name).is_file()
    return run.stdout, compare(load_version(old), load_version(new))


# -- book.docx ------------------------------------------------------------------------------------------------------
def _printed(root) -> None:
    """Remove what the print stylesheet hides (the DOCX follows the PDF)."""
    for el in root.xpath('//*[contains(concat(" ", @class, " "), " screen-only ")] | //nav[contains(@class, "toc")]'
                         ' | //details | //script | //style'):
        el.getparent().remove(el)


@pytest.fixture(scope="module")
def book(base):
    import docx

    page = lhtml.fromstring((base / "book.html").read_text(encoding="utf-8"))
    _printed(page)
    return page, docx.Document(str(base / "book.docx"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_docx_headings_in_book_order(book):
    page, d = book
    parts = page.xpath('//section[contains(@class, "book-summary")] | //article[contains(@class, "chapter")] | '
                       '//section[@id="references"] | //section[@id="appendix-traceability"]')   # the back parts
    expected = [(int(h.tag[1]), _squash(h.text_content())) for part in parts
                for h in part.iter("h1", "h2", "h3")]
    got = [(int(p.style.name[-1]), _squash(p.text)) for p in d.paragraphs if p.style.name in
           ("Heading 1", "Heading 2", "Heading 3")]
    assert got == expected
    chapters = [_squash(a.xpath(".//h1")[0].text_content()) for a in page.xpath('//article[contains(@class, "chapter")]')]
    assert len(chapters) == 7 and all(c in [t for _, t in got] for c in chapters)


def test_docx_captions_tables_and_pictures(book):
    page, d = book
    captions = [_squash(c.text_content()) for c in page.iter("figcaption")]
    assert [_squash(p.text) for p in d.paragraphs if p.style.name == "Caption"] == captions
    assert len(d.tables) == len(page.xpath("//table")) > 20
    assert len(d.inline_shapes) == len(page.xpath("//img")) > 10
    for shape in d.inline_shapes:  # print size: at most the text width (160 mm), not thumbnails
        assert 60 < shape.width.mm <= 160.01


def _docx_text_by_chapter(d) -> dict[str, str]:
    """Body text between one Heading 1 and the next (paragraphs and table cells, in order)."""
    from docx.text.paragraph import Paragraph

    out, current = {}, None
    for el in d.element.body.iterchildren():
        if el.tag.endswith("}p"):
            p = Paragraph(el, d)
            if p.style.name == "Heading 1":
                current = _squash(p.text)
                out[current] = ""
            if current:
                out[current] += _squash(p.text)
        elif el.tag.endswith("}tbl") and current:
            for row in el.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr"):
                for tc in row.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc"):
                    out[current] += _squash("".join(t.text or "" for t in tc.iter(
                        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t")))
    return out


def test_docx_chapter_text_equals_the_html(book):
    page, d = book
    by_heading = _docx_text_by_chapter(d)
    for article in page.xpath('//article[contains(@class, "chapter")]'):
        for hidden in article.xpath('.//section[contains(@class, "executive-summary") or '
                                    'contains(@class, "traceability")]'):
            hidden.getparent().remove(hidden)  # printed once, before chapter 1 and in the appendix
        title = _squash(article.xpath(".//h1")[0].text_content())
        assert by_heading[title] == _squash(article.text_content()), title


def test_docx_bytes_do_not_depend_on_the_process(base):
    from heilongjiang_newmedia import params as P
    from heilongjiang_newmedia.pipeline.book_stage import write_book_docx
    from heilongjiang_newmedia.reporting.book import book_parts
    from heilongjiang_newmedia.reporting.provenance import data_vintage, load_record, manifest_path, read_manifest
    from heilongjiang_newmedia.reporting.snapshot import build_label

    specs = P.existing()
    manifests = [read_manifest(manifest_path(base, s.stem)) for s in specs]
    records = {s.stem: load_record(base, s.stem) or {} for s in specs}
    target = base.parent / "again.docx"
    write_book_docx(book_parts(base, specs, manifests, records), build_label(records), data_vintage(manifests),
                    str(target))
    assert target.read_bytes() == (base / "book.docx").read_bytes()


def test_libreoffice_renders_the_docx_with_chinese_fonts(base, book, tmp_path):
    from pypdf import PdfReader

    from heilongjiang_newmedia.loading.paths import cjk_font_path

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: apt-get install libreoffice-writer-nogui (.ci/run does)"
    fonts = cjk_font_path().parent
    conf = tmp_path / "fonts.conf"
    aliases = "".join(f"<alias><family>{a}</family><prefer><family>{b}</family></prefer></alias>" for a, b in
                      (("宋体", "Noto Serif CJK SC"), ("SimSun", "Noto Serif CJK SC"), ("黑体", "SimHei")))
    conf.write_text(f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
                    f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>{fonts}</dir>{aliases}'
                    f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "FONTCONFIG_FILE": str(conf), "LANG": "C.UTF-8"}
    run = subprocess.run([soffice, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/lo",
                          "--convert-to", "pdf", "--outdir", str(tmp_path), str(base / "book.docx")],
                         capture_output=True, text=True, timeout=600, env=env)
    pdf = tmp_path / "book.pdf"
    assert pdf.is_file(), run.stderr[-2000:]
    reader = PdfReader(str(pdf))
    text = _squash("".join(p.extract_text() or "" for p in reader.pages))
    page, _ = book
    for h1 in page.xpath('//article[contains(@class, "chapter")]//h1'):
        assert _squash(h1.text_content()) in text
    assert "\ufffd" not in text and "\u25a1" not in text and len(re.findall(r"[\u4e00-\u9fff]", text)) > 20000
    used = {str(f.get_object().get("/BaseFont")) for p in reader.pages[:10]
            for f in (p["/Resources"].get("/Font") or {}).values()}
    assert any("CJK" in f or "SimHei" in f for f in used), used


# -- the change report -------------------------------------------------------------------------------------------------
def test_identical_builds_give_no_change(base):
    same = _rebuilt(base, "same")
    stdout, ch = _diff(base, same)
    assert ch.empty and stdout.startswith("与上一版相比没有变化。")
    body = lhtml.fromstring((same / "changes.html").read_text(encoding="utf-8")).xpath("//article")[0]
    assert [p.text_content() for p in body.iter("p")][-1] == "与上一版相比没有变化：输入、结论、图表数据和正文完全相同。"
    assert len(list(body.iter("p"))) == 2 and not list(body.iter("li"))


def _only(ch, chapters: set[str]) -> None:
    assert set(ch.text) <= chapters, set(ch.text)
    assert {x["stem"] for x in ch.exhibits} <= chapters
    assert {f["stem"] for f in ch.findings} <= chapters


def _no_machine_text(folder: Path) -> None:
    body = lhtml.fromstring((folder / "changes.html").read_text(encoding="utf-8")).xpath("//article")[0]
    found = MACHINE.findall(body.text_content())
    assert not found, found


def test_target_year_changed(base):
    new = _rebuilt(base, "target", "-p", "target_year=2032")
    stdout, ch = _diff(base, new)
    assert ch.params == [("target_year", 2030, 2032)]
    assert ch.tables == [] and ch.version == {}
    _only(ch, {"06_countermeasures", "07_conclusion"})
    changed = [c for cs in ch.text.values() for c in cs]
    assert changed and all(c.kind == "changed" for c in changed)
    assert any("2030" in c.old and "2032" in c.new for c in changed)
    for c in changed:  # sentences moved by the target year: only their figures (the year, the pace per year)
        assert re.sub(r"[\d.]", "", c.old) == re.sub(r"[\d.]", "", c.new), (c.old, c.new)
    assert "目标年份：由2030年改为2032年。" in stdout
    _no_machine_text(new)


def test_benchmarks_changed(base):
    new = _rebuilt(base, "bench", "-p", 'benchmarks=["上海","江苏"]')
    stdout, ch = _diff(base, new)
    assert [p[0] for p in ch.params] == ["benchmarks"] and ch.params[0][2] == ["上海", "江苏"]
    assert ch.tables == []
    _only(ch, {"03_status", "04_problems", "05_comparison", "06_countermeasures", "07_conclusion"})
    assert ch.text and "标杆省份：由浙江、广东、上海、江苏和北京改为上海和江苏。" in stdout
    _no_machine_text(new)


def test_one_data_row_changed(base, tmp_path_factory):
    from heilongjiang_newmedia.loading.datasets import data_root, describe

    source = data_root() / describe("national_series")["path"]
    data_dir = tmp_path_factory.mktemp("own-data")
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8-sig"))))
    head = rows[0]
    hit = [r for r in rows[1:] if r[head.index("cutoff")] == "2024-12" and r[head.index("indicator")] == "netizens"]
    assert len(hit) == 1 and hit[0][head.index("value_as_printed")] == "11.08"
    row = hit[0]
    row[head.index("value_as_printed")], row[head.index("value")] = "11.12", "1112000000"
    with open(data_dir / source.name, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)
    new = _rebuilt(base, "data", "--data-dir", str(data_dir))
    stdout, ch = _diff(base, new)
    assert ch.params == []  # the data folder is not a study setting; its rows are listed instead
    (table,) = ch.tables
    assert table["name"] == "national_series" and not table["added"] and not table["removed"]
    ((old_row, new_row),) = table["changed"]
    assert (old_row["value_as_printed"], new_row["value_as_printed"]) == ("11.08", "11.12")
    page = (new / "changes.html").read_text(encoding="utf-8")
    assert "数值（原文）由11.08改为11.12" in page and new_row["source_title"] in page
    changed = [c for cs in ch.text.values() for c in cs]
    assert changed and all("11.12" in c.new or "11.1" in c.new for c in changed), [(c.old, c.new) for c in changed]
    assert {x["id"] for x in ch.exhibits} <= {"netizens"}
    assert "数据表1张" in stdout
    _no_machine_text(new)
