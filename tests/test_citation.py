"""CITATION.cff parses and follows the Citation File Format 1.2.0 (required keys, allowed keys, value types);
its version and licence agree with pyproject.toml and LICENSE."""
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]

# CFF 1.2.0 keys (https://github.com/citation-file-format/citation-file-format/blob/main/schema-guide.md)
TOP_REQUIRED = {"cff-version", "message", "title", "authors"}
TOP_ALLOWED = TOP_REQUIRED | {"abstract", "commit", "contact", "date-released", "doi", "identifiers", "keywords",
                              "license", "license-url", "preferred-citation", "references", "repository",
                              "repository-artifact", "repository-code", "type", "url", "version"}
PERSON = {"address", "affiliation", "alias", "city", "country", "email", "family-names", "fax", "given-names",
          "name-particle", "name-suffix", "orcid", "post-code", "region", "tel", "website"}
ENTITY = {"address", "alias", "city", "country", "date-end", "date-start", "email", "fax", "location", "name",
          "orcid", "post-code", "region", "tel", "website"}
REFERENCE_TYPES = {"article", "book", "conference-paper", "data", "database", "generic", "government-document",
                   "report", "software", "thesis", "website", "unpublished"}   # the subset this project may cite
IDENTIFIER_TYPES = {"doi", "url", "swh", "other"}


def _cff() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def _check_authors(authors, where):
    assert isinstance(authors, list) and authors, f"{where}: authors must be a non-empty list"
    for a in authors:
        assert isinstance(a, dict), where
        if "name" in a:                                           # an entity (institution, team, ...)
            assert set(a) <= ENTITY and str(a["name"]).strip(), (where, a)
        else:                                                     # a person
            assert set(a) <= PERSON and (a.get("family-names") or a.get("given-names")), (where, a)


def _check_identifiers(ids, where):
    for i in ids:
        assert set(i) <= {"type", "value", "description"} and i["type"] in IDENTIFIER_TYPES, (where, i)
        assert isinstance(i["value"], str) and i["value"].strip(), (where, i)
        if i["type"] == "doi":
            assert re.fullmatch(r"10\.\d{4,9}(\.\d+)?/\S+", i["value"]), (where, i)
        if i["type"] == "url":
            assert re.match(r"(https?|s?ftp)://.+", i["value"]), (where, i)


def test_citation_cff_is_valid_cff_1_2_0():
    cff = _cff()
    assert isinstance(cff, dict)
    assert TOP_REQUIRED <= set(cff), f"missing: {TOP_REQUIRED - set(cff)}"
    assert set(cff) <= TOP_ALLOWED, f"not CFF 1.2.0 keys: {set(cff) - TOP_ALLOWED}"
    assert cff["cff-version"] == "1.2.0"                          # a string, not the float 1.2
    assert isinstance(cff["message"], str) and isinstance(cff["title"], str) and cff["title"].strip()
    assert cff.get("type", "software") in ("software", "dataset")
    _check_authors(cff["authors"], "authors")
    keywords = cff.get("keywords", [])
    assert all(isinstance(k, str) and k for k in keywords) and len(set(keywords)) == len(keywords)
    if "date-released" in cff:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(cff["date-released"]))
    _check_identifiers(cff.get("identifiers", []), "identifiers")
    for ref in cff.get("references", []) + ([cff["preferred-citation"]] if "preferred-citation" in cff else []):
        assert {"type", "title", "authors"} <= set(ref), ref
        assert ref["type"] in REFERENCE_TYPES, ref["type"]
        _check_authors(ref["authors"], f"reference {ref['title']!r}")
        assert isinstance(ref.get("year", 0), int)
        _check_identifiers(ref.get("identifiers", []), f"reference {ref['title']!r}")


def test_citation_agrees_with_package_metadata_and_licence():
    cff = _cff()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert str(cff["version"]) == project["version"]
    assert cff["license"] == "MIT" and (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    thesis = next(r for r in cff["references"] if r["type"] == "thesis")
    assert thesis["year"] == 2021
    assert thesis["identifiers"][0]["value"] == "GTID 2416330629954113"
