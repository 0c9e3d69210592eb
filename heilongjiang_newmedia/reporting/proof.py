"""Proof sheets: every page of a PDF (the book) as a thumbnail, many to a PNG contact sheet, to check the layout at a
glance -- tables cut at the margin, nearly empty pages, orphaned captions, charts with tiny labels.

``hlj-newmedia proof [--reports DIR] [--out DIR]`` writes ``proof-01.png``, ``proof-02.png``, ... (24 pages a
sheet, numbered as the PDF viewer numbers them) with pypdfium2; nothing outside the package is needed.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["contact_sheets", "render_pages"]

THUMB_PX = 300           # longer side of a thumbnail
COLUMNS, ROWS = 6, 4     # pages per sheet: 24
LABEL_PX = 22


def render_pages(pdf: Path, longer_side: int = THUMB_PX) -> list:
    """Every page of ``pdf`` as a PIL image whose longer side is ``longer_side`` pixels."""
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(pdf))
    try:
        images = []
        for page in doc:
            w, h = page.get_size()  # points
            bitmap = page.render(scale=longer_side / max(w, h))
            images.append(bitmap.to_pil().convert("RGB"))
            page.close()
        return images
    finally:
        doc.close()


def contact_sheets(pdf: Path, out: Path, columns: int = COLUMNS, rows: int = ROWS,
                   thumb: int = THUMB_PX) -> list[Path]:
    """Write contact sheets of all pages of ``pdf`` to ``out`` (``proof-NN.png``) and return their paths. Each
    thumbnail sits in a square cell with a thin frame (the page edge) and its page number below."""
    from PIL import Image, ImageDraw

    if not pdf.is_file():
        raise FileNotFoundError(f"proof: {pdf} does not exist (build the reports first)")
    pages = render_pages(pdf, thumb)
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("proof-*.png"):
        old.unlink()
    cell_w, cell_h, pad = thumb, thumb + LABEL_PX, 12
    per_sheet = columns * rows
    written = []
    for s in range(0, len(pages), per_sheet):
        chunk = pages[s:s + per_sheet]
        n_rows = -(-len(chunk) // columns)
        sheet = Image.new("RGB", (columns * (cell_w + pad) + pad, n_rows * (cell_h + pad) + pad), (200, 204, 208))
        draw = ImageDraw.Draw(sheet)
        for k, img in enumerate(chunk):
            x0 = pad + (k % columns) * (cell_w + pad)
            y0 = pad + (k // columns) * (cell_h + pad)
            x, y = x0 + (cell_w - img.width) // 2, y0 + (thumb - img.height) // 2
            sheet.paste(img, (x, y))
            draw.rectangle((x - 1, y - 1, x + img.width, y + img.height), outline=(90, 99, 110))
            label = f"p.{s + k + 1}" + (" (landscape)" if img.width > img.height else "")
            draw.text((x0 + 4, y0 + thumb + 4), label, fill=(20, 20, 20))
        path = out / f"proof-{s // per_sheet + 1:02d}.png"
        sheet.save(path, optimize=True)
        written.append(path)
    return written
