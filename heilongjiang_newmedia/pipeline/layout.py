"""The WeasyPrint renderer of a render worker process (one per worker and build, used from a single thread).

The print stylesheet and the CJK font's HarfBuzz face are loaded once, in the render server the workers are forked
from (:mod:`.render_preload`), instead of once per PDF; each PDF embeds the font subset to its own characters
(:func:`.pdf.render_document`). ``book.pdf`` is
assembled from the chapters' PDFs as built (:mod:`.pdfjoin`) plus a cover/contents document and an appendix
document laid out here, instead of laying out every chapter a second time. The same fetcher restrictions and glyph
check as :func:`.pdf.write_pdf` apply; a chapter's output bytes are the same as ``write_pdf``'s.
"""
from __future__ import annotations

import os
from pathlib import Path

from heilongjiang_newmedia.reporting import pdf as pdfmod
from heilongjiang_newmedia.reporting.layoutcheck import fit_tables


def shared_style():
    """What every render worker loads once (in the render server it is forked from): the parsed print stylesheet
    and the code points of the bundled font. The font itself is subset per document (:func:`.pdf.render_document`)."""
    return pdfmod.print_stylesheet(), pdfmod.font_coverage()


class Renderer:
    def __init__(self, base_dir: Path):
        self.base_dir = Path(base_dir)
        self._css = None

    def _setup(self) -> None:
        self._fetcher = pdfmod.make_fetcher(self.base_dir)
        self._css = shared_style()

    def render(self, html_text: str, label: str, extra_css: str = ""):
        """Glyph check, then lay out ``html_text`` with its own font subset (a weasyprint ``Document``)."""
        if self._css is None:
            self._setup()
        return pdfmod.render_document(html_text, self.base_dir, label, extra_css, fetcher=self._fetcher)

    def chapter_pdf(self, stem: str, html_text: str, target: Path) -> None:
        with pdfmod.font_folders():
            doc = fit_tables(self.render, html_text, f"chapter {stem}")  # fails naming a table that does not fit
            target.parent.mkdir(parents=True, exist_ok=True)
            pdfmod.write_document(doc, target)

    def front_pdf(self, parts: dict, stems: list[str], out: Path, offsets: dict[str, int] | None = None
                  ) -> tuple[bytes, list, int]:
        """The book's cover, contents and executive summary (``parts`` from :func:`.book.book_parts`) as PDF bytes,
        the contents giving the page where each chapter of ``out/pdf/`` starts and each back part (``offsets``: its
        first page within the back document, from :meth:`back_pdf`); the contents' links (:class:`.pdfjoin.Link`) to
        attach once the chapters are joined; and the first page (0-based) to carry a page number: the summary's, as
        the contents list it (the cover and the contents carry none)."""
        with pdfmod.font_folders():
            return self._front_pdf(parts, stems, out, offsets)

    def _front_pdf(self, parts: dict, stems: list[str], out: Path, offsets: dict[str, int] | None
                   ) -> tuple[bytes, list, int]:
        from heilongjiang_newmedia.reporting.book import back_parts, front_html
        from heilongjiang_newmedia.reporting.pdfjoin import detach_dangling_links, page_count

        lengths = {s: page_count(out / "pdf" / f"{s}.pdf") for s in stems}
        front_css = "@page { @bottom-center { content: none; } }\n" \
                    "nav.toc a::after { content: leader('.') attr(data-page); }\n"
        starts: dict[str | None, int] = _last_starts(out, stems)  # the last build's pages: usually still right
        front = None
        for _ in range(3):  # the contents' own length decides the first chapter's page: iterate to a fixed point
            front = self.render(front_html(parts, starts), "book", front_css)
            page = len(front.pages) + 1
            new = {}
            for stem in stems:
                new[stem] = page
                page += lengths[stem]
            for key in back_parts(parts):  # the reference list, then the appendix
                new[key] = page + (offsets or {}).get(key, 0)
            if new == starts:
                break
            starts = new
        _keep_starts(out, starts)
        links = detach_dangling_links(front)
        numbered = next((i for i, pg in enumerate(front.pages) if "executive-summary" in pg.anchors), len(front.pages))
        return pdfmod.write_document(front), links, numbered

    def back_pdf(self, parts: dict) -> tuple[list[bytes], dict[str, int]]:
        """The book's reference list and appendix as PDF parts, one document each (each kept in ``.cache`` by its
        page, so a rebuild that changes only the appendix lays out only the appendix), and the page (0-based) where
        each back part starts within them taken together (``{"@references": 0, "@appendix-traceability": n}``)."""
        from heilongjiang_newmedia.reporting.book import back_documents
        from heilongjiang_newmedia.reporting.pagefill import shorten

        pdfs, offsets, page = [], {}, 0
        for key, html in back_documents(parts):
            def make(html=html) -> tuple[bytes, dict[str, int]]:
                with pdfmod.font_folders():
                    doc = self.render(html, "book")  # a last page of a few entries is taken back (tighter leading)
                    doc = shorten(lambda css: self.render(html, "book", css), doc)[0]
                    return pdfmod.write_document(doc), {"pages": len(doc.pages)}

            data, meta = _cached(self.base_dir, f"book-{key[1:]}", html, make)
            pdfs.append(data)
            offsets[key] = page
            page += int(meta["pages"])
        for old in (Path(self.base_dir) / ".cache").glob("book-back-*"):  # earlier versions' single back document
            old.unlink(missing_ok=True)
        return pdfs, offsets

    def book_pdf(self, parts: dict, stems: list[str], target: Path, out: Path) -> None:
        """Cover + contents, the chapters' PDFs from ``out/pdf/`` as they are, then the appendix, joined into
        ``target`` (the build runs the parts in two render workers at once instead, see ``Pipeline.book``)."""
        from heilongjiang_newmedia.reporting.pdfjoin import join_pdfs

        stems = book_stems(stems, out)
        backs, offsets = self.back_pdf(parts)
        parts["back_offsets"] = offsets
        front, links, numbered = self.front_pdf(parts, stems, out, offsets)
        join_pdfs([front, *(out / "pdf" / f"{s}.pdf" for s in stems), *backs], target, links, numbered_from=numbered)


def _cached(out: Path, name: str, page: str, make) -> tuple[bytes, dict[str, int]]:
    """The PDF bytes of ``page`` and what ``make`` said of them (a dict, e.g. its page count) from
    ``<out>/.cache/<name>-<hash>.pdf`` (+ ``.json``) when laid out before by the same code (hash of the page and the
    package code), else ``make()``, kept there (one pair per ``name``)."""
    import hashlib
    import json

    from heilongjiang_newmedia.pipeline.cache import code_fingerprint

    key = hashlib.sha256(page.encode("utf-8") + code_fingerprint().encode()).hexdigest()[:24]
    path = Path(out) / ".cache" / f"{name}-{key}.pdf"
    meta = path.with_suffix(".json")
    try:
        return path.read_bytes(), json.loads(meta.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        pass
    data, offsets = make()
    path.parent.mkdir(parents=True, exist_ok=True)
    for target, content in ((meta, json.dumps(offsets, sort_keys=True).encode("utf-8")), (path, data)):
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_bytes(content)
        os.replace(tmp, target)
    for old in path.parent.glob(f"{name}-*"):
        if old not in (path, meta):
            old.unlink(missing_ok=True)
    return data, offsets


def _last_starts(out: Path, stems: list[str]) -> dict:
    """The chapters' first pages in the last book laid out in ``out`` (``{}`` when unknown or other chapters)."""
    import json

    try:
        saved = json.loads((Path(out) / ".cache" / "book-front.json").read_text(encoding="utf-8"))["starts"]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    starts = {(k or None): v for k, v in saved.items()}
    return starts if set(stems) <= set(starts) else {}


def _keep_starts(out: Path, starts: dict) -> None:
    import json

    path = Path(out) / ".cache" / "book-front.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps({"starts": {(k or ""): v for k, v in starts.items()}}, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)


def book_stems(stems: list[str], out: Path) -> list[str]:
    """The chapters of ``stems`` that have a PDF in ``out``, in order."""
    return [s for s in stems if (out / "pdf" / f"{s}.pdf").is_file()]


# -- render worker processes: each holds a renderer (forked warm from the render server) --------------------------
_RENDERER: Renderer | None = None


def _renderer(out: str) -> Renderer:
    global _RENDERER
    if _RENDERER is None or _RENDERER.base_dir != Path(out):
        _RENDERER = Renderer(Path(out))
    return _RENDERER


def follow_build(build_pid: int) -> None:
    """Render-worker initializer: exit when the build process ``build_pid`` is gone. A worker waits for jobs on a
    pipe it also holds the write end of, so a killed build (SIGKILL) would otherwise leave it, and the render server
    it was forked from, running for ever."""
    from heilongjiang_newmedia.pipeline.lifeline import exit_when_gone

    exit_when_gone(build_pid, 0.5, code=1)


def warm(out: str) -> None:
    """Import nbconvert and WeasyPrint and load the stylesheet and font (a no-op in a worker forked from the
    preloaded server, see :mod:`.render_preload`) while the first kernels start."""
    from heilongjiang_newmedia.pipeline import render_preload# noqa: F401

    r = _renderer(out)
    if r._css is None:
        r._setup()


def chapter_job(task: dict, res: dict, out: str) -> dict:
    from heilongjiang_newmedia.pipeline.chapter_jobs import render_chapter

    return render_chapter(task, res, _renderer(out))


def book_job(parts: dict, stems: list[str], target: str, out: str) -> None:
    _renderer(out).book_pdf(parts, stems, Path(target), Path(out))


def front_job(parts: dict, stems: list[str], out: str, offsets: dict[str, int] | None = None
              ) -> tuple[bytes, list, int]:
    return _renderer(out).front_pdf(parts, stems, Path(out), offsets)


def back_job(parts: dict, out: str) -> tuple[list[bytes], dict[str, int]]:
    return _renderer(out).back_pdf(parts)


def folio_job(first: int, count: int, out: str) -> bytes:
    """The book's sheet of page numbers ``first`` ... ``first + count - 1`` (:func:`.pdfjoin.folio_sheet`), kept in
    ``out/.cache`` (a rebuild that changes no page count lays it out no more)."""
    from heilongjiang_newmedia.reporting.pdfjoin import folio_sheet

    return _cached(Path(out), "book-folios", f"{first}+{count}", lambda: (folio_sheet(first, count), {}))[0]
