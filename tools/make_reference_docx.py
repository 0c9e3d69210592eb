#!/usr/bin/env python3
"""Write the Word reference document the build generates for book.docx and changes.docx (styles, fonts, page,
header and footer; reporting/templates/docx_styles.yaml), with one paragraph in each style, to look at in Word or to
use as a template elsewhere. The build makes it itself; nothing here is read by the build.

Usage: python tools/make_reference_docx.py [OUT.docx] [--lang zh|en] [--label LABEL]
"""
from __future__ import annotations

import argparse
from pathlib import Path

from heilongjiang_newmedia.reporting.docx_book import WordDocument
from heilongjiang_newmedia.reporting.docx_styles import spec


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", nargs="?", default="reference.docx")
    ap.add_argument("--lang", choices=("zh", "en"), default="zh")
    ap.add_argument("--label", default=None)
    a = ap.parse_args()
    doc = WordDocument(a.lang, "heilongjiang-newmedia reference document", a.label, "2021-01-01", [], cover=False)
    for style in spec()["paragraph"]:
        doc.writer.paragraph(f"{style['name']} 样式 style", style["id"])
    Path(a.out).write_bytes(doc.to_bytes())
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
