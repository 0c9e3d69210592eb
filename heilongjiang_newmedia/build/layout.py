"""One WeasyPrint renderer per build, used from a single thread.

The print stylesheet and the 16 MB CJK font are loaded once per build instead of once per PDF, and each chapter's
laid-out ``Document`` is kept so that ``book.pdf`` is assembled from the chapter pages already laid out (plus a
cover/contents document and an appendix document) instead of laying out every chapter a second time. The same
fetcher restrictions and glyph check as :func:`.pdf.write_pdf` apply; output bytes are the same as ``write_pdf``'s.
"""
from __future__ import annotations

from pathlib import Path

from .pdf import check_glyphs, font_face_css, make_fetcher
from .render import print_css_text


class Renderer:
    def __init__(self, base_dir: Path):
        self.base_dir = Path(base_dir)
        self.docs: dict[str, object] = {}  # chapter stem -> weasyprint Document
        self._css = None

    def _setup(self) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self._fetcher = make_fetcher(self.base_dir)
        self._fonts = FontConfiguration()
        self._css = CSS(string=print_css_text() + "\n" + font_face_css(), font_config=self._fonts,
                        url_fetcher=self._fetcher)

    def render(self, html_text: str, label: str, extra_css: str = ""):
        """Glyph check, then lay out ``html_text`` (a weasyprint ``Document``)."""
        from weasyprint import CSS, HTML

        from .webfont import strip_webfont

        html_text = strip_webfont(html_text)  # the PDF embeds the font itself

        if self._css is None:
            self._setup()
        check_glyphs(html_text, label)
        sheets = [self._css]
        if extra_css:
            sheets.append(CSS(string=extra_css, font_config=self._fonts, url_fetcher=self._fetcher))
        return HTML(string=html_text, base_url=str(self.base_dir.resolve()) + "/",
                    url_fetcher=self._fetcher).render(stylesheets=sheets, font_config=self._fonts)

    def chapter_pdf(self, stem: str, html_text: str, target: Path) -> None:
        doc = self.render(html_text, f"chapter {stem}")
        target.parent.mkdir(parents=True, exist_ok=True)
        doc.write_pdf(str(target))
        self.docs[stem] = doc

    def ensure(self, stem: str, html_path: Path) -> None:
        """Lay out a chapter built earlier (cached) from its committed HTML, for the book."""
        if stem not in self.docs and html_path.is_file():
            self.docs[stem] = self.render(html_path.read_text(encoding="utf-8"), f"chapter {stem}")

    def book_pdf(self, parts: dict, stems: list[str], target: Path, out: Path) -> None:
        """Cover + contents (given each chapter's first page number), the chapters' pages as laid out for their own
        PDFs, then the appendix (``parts`` from :func:`.book.book_parts`)."""
        from .book import back_html, front_html

        for stem in stems:
            self.ensure(stem, out / "html" / f"{stem}.html")
        stems = [s for s in stems if s in self.docs]
        front_css = "@page { @bottom-center { content: none; } }\n" \
                    "nav.toc a::after { content: leader('.') attr(data-page); }\n"
        starts: dict[str, int] = {}
        front = None
        for _ in range(3):  # the contents' own length decides the first chapter's page: iterate to a fixed point
            front = self.render(front_html(parts, starts), "book", front_css)
            page = len(front.pages) + 1
            new = {}
            for stem in stems:
                new[stem] = page
                page += len(self.docs[stem].pages)
            if new == starts:
                break
            starts = new
        back = self.render(back_html(parts), "book")
        pages = list(front.pages) + [p for s in stems for p in self.docs[s].pages] + list(back.pages)
        target.parent.mkdir(parents=True, exist_ok=True)
        front.copy(pages).write_pdf(str(target))


# -- the render process: one per build, holding the renderer and the chapters' laid-out documents ------------------
_RENDERER: Renderer | None = None


def _renderer(out: str) -> Renderer:
    global _RENDERER
    if _RENDERER is None or _RENDERER.base_dir != Path(out):
        _RENDERER = Renderer(Path(out))
    return _RENDERER


def warm(out: str) -> None:
    """Import nbconvert and WeasyPrint and load the stylesheet and font while the first kernels start."""
    import nbconvert  # noqa: F401
    from nbconvert import HTMLExporter  # noqa: F401

    r = _renderer(out)
    if r._css is None:
        r._setup()


def chapter_job(task: dict, res: dict, out: str) -> dict:
    from .runner import render_chapter

    return render_chapter(task, res, _renderer(out))


def book_job(parts: dict, stems: list[str], target: str, out: str) -> None:
    _renderer(out).book_pdf(parts, stems, Path(target), Path(out))
