"""Checkers of finished reports used only by the tests (moved out of the installed package, issue 23): reader text
(:mod:`.purity`), PDF text and page fill (:mod:`.pdfcheck`), remote loads and fonts (:mod:`.checks`)."""
