"""Findings recorded once (issue 23): the typed record of what each chapter found, and where it is stored."""
from heilongjiang_newmedia.findings.record import KINDS, ExhibitRef, Finding, Findings, FindingsError, jsonable
from heilongjiang_newmedia.findings.store import (CHAPTER_STEMS, MissingFindingsError, findings_path, read, stem_of,
                                                  write)

__all__ = ["KINDS", "CHAPTER_STEMS", "ExhibitRef", "Finding", "Findings", "FindingsError", "MissingFindingsError",
           "findings_path", "jsonable", "read", "stem_of", "write"]
