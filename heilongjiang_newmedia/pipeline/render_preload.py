"""Imported once by the build's render server before it forks render workers (``multiprocessing`` forkserver
preload): nbconvert (its templates compiled on a page rendered once), WeasyPrint, the parsed print stylesheet, and the HarfBuzz face of the
font for the HTML subsets. Each worker then starts warm in a few milliseconds instead of about 1.5 s. Nothing here
depends on a build: no directory, no parameter, no data file.

The server and its workers write nothing to the build's terminal (their standard output and error go to the null
device, as the kernel server's go to its log): a worker's result or error comes back to the build through its
future, and a refused build that stops the server while it forks a worker would otherwise print that worker's
traceback under the build's own one-line error.

The server stops when the build process ends (its "alive" pipe closes). It then exits at once, without the
interpreter's teardown of what it imported (about half a second): a program that runs ``hlj-newmedia build`` and
reads its output waits until every process holding that output has ended, and multiprocessing's resource tracker,
which holds it too, ends only after the server. Workers forked from the server never run this (they leave through
``os._exit`` themselves).
"""
import atexit
import os

_null = os.open(os.devnull, os.O_WRONLY)
os.dup2(_null, 1)
os.dup2(_null, 2)
os.close(_null)
atexit.register(os._exit, 0)

from heilongjiang_newmedia.loading.lean_imports import skip_unused_imports  # noqa: E402

skip_unused_imports()

from nbconvert import HTMLExporter  # noqa: E402,F401

from heilongjiang_newmedia.reporting.render import warm_up  # noqa: E402

warm_up()  # nbconvert's templates compiled once here, not in each worker's first chapter

from heilongjiang_newmedia.reporting.pdf import font_coverage, print_stylesheet  # noqa: E402
from heilongjiang_newmedia.reporting.webfont import font_face  # noqa: E402

print_stylesheet()
font_coverage()
font_face()

import docx  # noqa: E402,F401  (book.docx, made in a render worker: pipeline.book_stage)

from heilongjiang_newmedia.reporting import docx_book  # noqa: E402,F401
from heilongjiang_newmedia.reporting.docx_styles import spec  # noqa: E402

spec()
