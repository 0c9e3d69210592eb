"""Findings recorded once (issue 23): the typed record of what each chapter found, and where it is stored.

The package itself is callable, so that the researcher's ``hlj.findings("problems")`` (``import heilongjiang_newmedia
as hlj``) and this subpackage, ``heilongjiang_newmedia.findings``, are one object: Python sets the subpackage as the
attribute ``findings`` of its parent when it is first imported, so a function of that name would be replaced.
"""
import sys
import types

from heilongjiang_newmedia.findings.record import KINDS, ExhibitRef, Finding, Findings, FindingsError, jsonable
from heilongjiang_newmedia.findings.store import (CHAPTER_STEMS, MissingFindingsError, findings_path, load_findings,
                                                  read, stem_of, write)

__all__ = ["KINDS", "CHAPTER_STEMS", "ExhibitRef", "Finding", "Findings", "FindingsError", "MissingFindingsError",
           "findings_path", "jsonable", "load_findings", "read", "stem_of", "write"]


class _FindingsPackage(types.ModuleType):
    def __call__(self, chapter: "str | int", reports=None) -> Findings:
        """A chapter's findings after a build (:func:`.store.load_findings`): ``hlj.findings("problems")``,
        ``hlj.findings(4)``, ``hlj.findings("04_problems", reports="/tmp/r")``."""
        return load_findings(chapter, reports)


sys.modules[__name__].__class__ = _FindingsPackage
