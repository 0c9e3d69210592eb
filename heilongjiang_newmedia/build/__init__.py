"""The report pipeline: validate params -> papermill execute -> nbconvert HTML -> WeasyPrint PDF -> book.

Modules: ``execute`` (papermill), ``render`` (HTML), ``pdf`` (WeasyPrint, glyph check, fetcher), ``cache`` (keys and
records), ``book`` (book.html/pdf), ``replication`` (REPLICATION.md), ``runner`` (scheduling, atomic outputs).
Heavy libraries are imported lazily so that a no-op rebuild stays fast.
"""
