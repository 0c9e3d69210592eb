"""Hostile strings in user data (issue 8, item 3): HTML/script, event handlers, CSS ``url()``/``@import``, ``file:``
and ``http:`` references and Markdown link/image syntax in the text columns of a researcher's data file must come out
as inert text in the chapter HTML, the book and the PDF; the PDF renderer must fetch nothing from the network (a
local HTTP server counts requests) and read no file outside the package and the build directory.

A throwaway chapter notebook in a temporary project loads ``related_non_cnnic_benchmarks`` from ``--data-dir`` and shows
the hostile values in an exhibit table, a figure (title and caption), source notes and ``ch.say`` prose.
"""
from __future__ import annotations

import csv
import http.server
import os
import subprocess
import sys
import threading
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

ROOT = Path(__file__).resolve().parents[1]

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<div style="background:url(http://127.0.0.1:{port}/css-attr)">css</div>',
    "url(http://127.0.0.1:{port}/css-url)",
    "@import url(http://127.0.0.1:{port}/import.css);",
    "file:///etc/passwd",
    "http://127.0.0.1:{port}/leak",
    "![x](http://127.0.0.1:{port}/md-img.png)",
    "[click](file:///etc/passwd)",
    "<http://127.0.0.1:{port}/autolink>",
    '<link rel="stylesheet" href="http://127.0.0.1:{port}/link.css">',
    "<iframe src=file:///etc/passwd></iframe>",
    "<svg onload=alert(1)><image href=http://127.0.0.1:{port}/svg.png /></svg>",
    '"><script>alert("attr")</script>',
]

CODE = '''
import matplotlib.pyplot as plt
from heilongjiang_newmedia.loading.datasets import citations, load
from heilongjiang_newmedia.reporting.exhibits import Chapter

ch = Chapter("01_introduction", lang=lang)
df = load("related_non_cnnic_benchmarks", data_dir=data_dir)
table = df[["publisher", "indicator_zh", "value_as_printed", "scope_note", "locator", "value"]]
ch.exhibit(table, id="hostile-table", title=df["publisher"].iloc[0], sources=citations(df), data=df)
fig, ax = plt.subplots(figsize=(4, 2.5))
ax.bar(range(len(df)), df["value"])
ax.set_title(df["publisher"].iloc[1])
ax.set_xlabel(df["publisher"].iloc[6])
ch.exhibit(fig, id="hostile-figure", title=df["publisher"].iloc[1] + " " + df["publisher"].iloc[13], data=df)
for i in range(len(df)):
    ch.say(zh="第{i}条：{p}（{s}）。", en="Row {i}: {p} ({s}).", i=i, p=df["publisher"].iloc[i], s=df["scope_note"].iloc[i])
print(df["publisher"].iloc[0])
'''


def make_project(root: Path) -> Path:
    (root / "notebooks").mkdir(parents=True)
    (root / "requirements.lock").write_text("pandas==3\n", encoding="utf-8")
    cells = [new_markdown_cell("# 第一章 敌意字符串", metadata={"tags": ["lang-zh"]}),
             new_code_cell('lang = "zh"\nstart_year = None\nend_year = None\ndata_dir = None',
                           metadata={"tags": ["parameters"]}),
             new_markdown_cell("## 1.1 数据", metadata={"tags": ["lang-zh"]}),
             new_code_cell(CODE)]
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, str(root / "notebooks" / "01_introduction.ipynb"))
    return root


def write_data(data_dir: Path, port: int) -> list[str]:
    values = [h.format(port=port) for h in HOSTILE]
    header = ["cutoff", "publisher", "indicator", "indicator_zh", "value_as_printed", "unit_as_printed", "value",
              "scope_note", "source_url", "source_title", "source_date", "locator", "confidence"]
    rows = []
    for i, v in enumerate(values):
        url = "javascript:alert(1)" if i == 0 else ("file:///etc/passwd" if i == 1 else "https://example.org/src")
        rows.append(["2020-12", v, f"ind_{i}", v, v, "个", str(i), values[-1 - i], url, v, "2020-12-01", v, "high"])
    data_dir.mkdir(parents=True)
    with open(data_dir / "related_non_cnnic_benchmarks.csv", "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows([header, *rows])
    return values


class CountingServer:
    """An HTTP server on 127.0.0.1 (random port, thread) that counts the requests it receives."""

    def __init__(self):
        self.requests: list[str] = []
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                outer.requests.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def server():
    s = CountingServer()
    yield s
    s.close()


@pytest.fixture(scope="module")
def built(server, tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("hostile"))
    values = write_data(root / "userdata", server.port)
    env = {**os.environ, "HLJ_NEWMEDIA_PROJECT_ROOT": str(root)}
    for k in ("HLJ_NEWMEDIA_BUILD_DIR", "HLJ_NEWMEDIA_DATA_DIR", "HLJ_NEWMEDIA_READ_LOG"):
        env.pop(k, None)
    out = root / "reports"
    r = subprocess.run([sys.executable, "-m", "heilongjiang_newmedia.cli", "build", "--out", str(out), "--jobs", "1",
                        "--data-dir", str(root / "userdata")], capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    return {"root": root, "out": out, "values": values, "port": server.port}


class Elements(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.style_text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style_text.append(data)


def live_problems(page: str, port: int) -> list[str]:
    """Markup that a browser or WeasyPrint would execute or load (the hostile values may only appear as text)."""
    p = Elements()
    p.feed(page)
    bad = []
    for tag, attrs in p.tags:
        if tag in ("script", "iframe", "svg", "object", "embed", "link", "base", "meta") and not (
                tag == "meta" and set(attrs) <= {"charset", "name", "content"}):
            bad.append(f"<{tag}>")
        for name, value in attrs.items():
            value = value or ""
            if name.startswith("on"):
                bad.append(f"<{tag} {name}>")
            if name in ("src", "href", "srcset", "data", "poster", "action", "style") and (
                    f"127.0.0.1:{port}" in value or value.lower().startswith(("file:", "javascript:"))
                    or "url(" in value):
                bad.append(f"<{tag} {name}={value[:80]!r}>")
            if tag == "img" and name == "src" and not value.startswith("data:image/"):
                bad.append(f"<img src={value[:80]!r}>")
    if any(f"127.0.0.1:{port}" in s or "/etc/passwd" in s for s in p.style_text):
        bad.append("hostile url in <style>")
    return bad


def pages(built) -> dict[str, str]:
    out = built["out"]
    return {"chapter": (out / "html" / "01_introduction.html").read_text(encoding="utf-8"),
            "book": (out / "book.html").read_text(encoding="utf-8")}


@pytest.mark.build
def test_html_has_no_live_markup(built):
    for name, page in pages(built).items():
        assert live_problems(page, built["port"]) == [], name


@pytest.mark.build
def test_hostile_values_shown_as_text(built):
    from html import unescape

    page = pages(built)["chapter"]
    text = unescape(page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    for v in built["values"]:  # every value is visible to the reader, verbatim (escaped in the markup)
        assert v in text, v
    prose = [line for line in text.splitlines() if "第13条" in line]
    assert prose and "![x](http://127.0.0.1" not in prose[0]  # row 13's scope note is value 0


@pytest.mark.build
def test_markdown_syntax_in_prose_is_not_a_link(built):
    page = pages(built)["chapter"]
    p = Elements()
    p.feed(page)
    hrefs = [a.get("href", "") for t, a in p.tags if t == "a"]
    assert all(h.startswith(("#", "https://example.org/", "../exhibits/")) for h in hrefs), hrefs  # + CSV links
    assert not any("javascript:" in h or h.startswith("file:") for h in hrefs)


@pytest.mark.build
def test_html_offline_check(built):
    out = built["out"]
    from checkers.checks import remote_loads

    for page in (out / "html" / "01_introduction.html", out / "book.html"):
        assert remote_loads(page.read_text(encoding="utf-8")) == [], page.name


@pytest.mark.build
def test_pdf_fetched_nothing_and_shows_text(built, server):
    out = built["out"]
    assert server.requests == []  # the build's PDF renderer (chapter + book) made no request
    for pdf in (out / "pdf" / "01_introduction.pdf", out / "book.pdf"):
        from pypdf import PdfReader

        text = "".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
        assert "alert(1)" in text and "onerror" in text, pdf  # inert, printed as text


@pytest.mark.build
def test_pdf_renderer_reads_only_package_and_build_files(built, server, monkeypatch):
    """Re-render the built chapter page in-process with a spy on the fetcher: every URL it was asked for is either a
    data: URI or a file of the package / build directory / bundled font; everything else was refused."""
    from heilongjiang_newmedia.reporting import pdf as pdfmod
    from heilongjiang_newmedia.loading.paths import PACKAGE_DIR, cjk_font_path

    seen: list[str] = []
    fetchers = []
    real = pdfmod.make_fetcher

    def spy(*dirs):
        f = real(*dirs)
        inner = f.fetch

        def fetch(url, headers=None):
            seen.append(url)
            return inner(url, headers)

        f.fetch = fetch
        fetchers.append(f)
        return f

    monkeypatch.setattr(pdfmod, "make_fetcher", spy)
    page = pages(built)["chapter"]
    # the same page with the hostile values as *live* markup: the fetcher is the last line of defence
    live = page.replace("</article>", "".join(built["values"]) + '<img src="file:///etc/passwd">'
                        f'<img src="{(Path.home() / ".bashrc").as_uri()}"></article>')
    pdfmod.write_pdf(live, built["root"] / "spy.pdf", built["out"], label="spy")
    allowed = [PACKAGE_DIR.resolve(), built["out"].resolve()]
    font = cjk_font_path().resolve()
    from urllib.parse import unquote, urlparse

    refused = {u for f in fetchers for u in f.refused}
    for url in seen:
        if url.startswith("data:") or url in refused:
            continue
        if url.startswith(pdfmod.SUBSET_SCHEME):  # a font subset, served from memory (no file, no network)
            assert url in pdfmod._SUBSETS, url
            continue
        path = Path(unquote(urlparse(url).path)).resolve()
        assert path == font or any(path.is_relative_to(a) for a in allowed), url
    assert any("127.0.0.1" in u for u in refused) and any("/etc/passwd" in u for u in refused), sorted(refused)
    assert server.requests == []


def test_server_counts_requests_when_unrestricted(server, tmp_path):
    """Control: an unrestricted WeasyPrint does hit the local server, so the zero above means something."""
    from weasyprint import HTML

    before = len(server.requests)
    HTML(string=f'<p>x</p><img src="http://127.0.0.1:{server.port}/control.png">').write_pdf(str(tmp_path / "c.pdf"))
    assert len(server.requests) > before
    del server.requests[before:]


def test_say_values_inert_but_generated_markdown_kept():
    from nbconvert.filters.markdown import markdown2html

    from heilongjiang_newmedia.reporting.exhibits import Markdown, inert_markdown

    for v in ("![x](http://127.0.0.1:9/i.png)", "[c](file:///etc/passwd)", "http://127.0.0.1:9/leak",
              "<http://127.0.0.1:9/a>", "<img src=x onerror=alert(1)>", "a\n\n# heading *em* `code` | cell"):
        out = markdown2html(inert_markdown(v))
        assert "<a " not in out and "<img" not in out and "<h1" not in out and "<em" not in out, (v, out)
        assert " ".join(v.splitlines()) in __import__("html").unescape(out.replace("<p>", "").replace("</p>", ""))
    out = markdown2html(__import__("html").escape(Markdown("- **黑龙江** [图5-2](#exhibit-05-x)")))
    assert "<strong>黑龙江</strong>" in out and 'href="#exhibit-05-x"' in out
