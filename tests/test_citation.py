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


# -- the reader's reference list: publications, entries, numbering (issue 21 item 3) --------------------------------
import csv  # noqa: E402
from urllib.parse import urlparse  # noqa: E402

import pytest  # noqa: E402

from heilongjiang_newmedia.reporting import citations as C  # noqa: E402
from heilongjiang_newmedia.reporting import publications as P  # noqa: E402
from heilongjiang_newmedia.reporting.references import entry  # noqa: E402

TYPE_CODES = {"J", "M", "R", "D", "N", "C", "G", "S", "P", "EB/OL", "DB/OL", "Z"}


def _data_rows() -> list[dict]:
    """Every row of data/raw with its dataset name (the test reads the files itself)."""
    rows = []
    for path in sorted((ROOT / "data" / "raw").rglob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows += [{**r, "_dataset": path.stem} for r in csv.DictReader(fh)]
    return rows


def copy_hosts_and_files() -> tuple[set[str], set[str]]:
    """The hosts of the source_url values of data/raw that are copies (not a government's or the publisher's own
    site: GOV.UK is a title), with and without ``www.``/``m.``, and the file names in them (``EGOV_DATA_2012.csv``,
    ``historical_population.csv``, ``WeiboCityTask.java``)."""
    hosts, files = set(), set()
    for r in _data_rows():
        u = urlparse(r.get("source_url") or "")
        if not u.netloc:
            continue
        host = u.netloc.lower()
        if not P.is_official(r["source_url"]):
            hosts |= {host, host.removeprefix("www.").removeprefix("m.")}
        name = u.path.rstrip("/").rsplit("/", 1)[-1]
        if re.search(r"\.(csv|xlsx?|java|json|py|ipynb|zip)$", name, re.I):
            files.add(name)
    return hosts, files


def test_every_bundled_page_has_a_curated_publication():
    """Each data row's page maps to a reviewed publication (none falls back to 'the page is the publication')."""
    unmapped = sorted({r["source_title"] for r in _data_rows() if r.get("source_title")
                       and any(k.startswith("web-") for k in P.keys_of({"title": r["source_title"],
                                                                          "url": r.get("source_url", "")}))})
    assert unmapped == []
    assert P.keys_of({"title": "某报：某条新闻（转载）", "url": "https://x.example/1"})[0].startswith("web-")


def test_mapping_reads_exist_once_and_series_by_column():
    """Every title the mapping lists is a title of the data, listed for one publication only; the CNNIC issue and
    UN edition of a row follow its data column; references.csv rows are publications under their ref_id."""
    import yaml

    titles = {r["source_title"] for r in _data_rows()}
    listed = [t for p in yaml.safe_load(P.MAPPING.read_text(encoding="utf-8"))["publications"] for t in p.get("read", [])]
    assert [t for t in listed if t not in titles] == [] and len(listed) == len(set(listed))
    for r in _data_rows():
        if r["_dataset"] == "national_series":
            want = {"43": "R04", "45": "R05", "47": "R06"}.get(r["report_no"], f"cnnic-{r['report_no']}")
            assert want in P.keys_of({"title": r["source_title"], "url": r["source_url"]}), r["source_title"]
        if r["_dataset"] == "un_egdi":
            want = {"2018": "R02", "2020": "R01", "2022": "R03"}.get(r["survey_year"], f"un-egov-{r['survey_year']}")
            assert want in P.keys_of({"title": r["source_title"], "url": r["source_url"]})
    cat = P.catalogue()
    refs = {r["ref_id"]: r for r in _data_rows() if r["_dataset"] == "references"}
    assert set(refs) <= set(cat) and cat["R04"].part == 43 and cat["R04"].series == "cnnic"
    assert all(cat[k].type == r["work_type"] for k, r in refs.items())


def test_every_entry_has_a_type_code_and_a_gloss_for_a_chinese_title():
    cat = P.catalogue()
    for key, pub in cat.items():
        assert pub.type in TYPE_CODES, key
        for lang in ("zh", "en"):
            assert f"[{pub.type}]" in entry(pub, lang), (key, lang)
        if P.CJK.search(pub.title):  # E5: the en book glosses every Chinese title
            en = entry(pub, "en")
            assert (pub.gloss and f"[{pub.gloss}]" in en) or (pub.title_en and not P.CJK.search(pub.title_en)), key


ANNOTATIONS = re.compile(r"\b(reprint|repost|copy|mirror|mirrored|translation|translated|rendering|summary|vendor|"
                         r"database|record|GitHub|export|machine|aggregator|spam|excerpt|paraphrased|English)\b", re.I)


def test_reader_list_shows_no_copy_and_no_english_annotation():
    """N59–N62: no host or file name of a page read; the zh entries of Chinese works hold no English words and no
    entry an English annotation; no self-citation, no 年份不详 (N11, N63); GitHub dates never as years (N43)."""
    hosts, files = copy_hosts_and_files()
    assert "github.com" in hosts and "EGOV_DATA_2012.csv" in files and "dnjnhb.com" in hosts
    cat = P.catalogue()
    for key, pub in cat.items():
        for lang in ("zh", "en"):
            text = entry(pub, lang).lower()
            assert not [h for h in hosts if h in text], (key, lang)
            assert not [f for f in files if f.lower() in text], (key, lang)
            assert "年份不详" not in text and "本书分析框架" not in text and "2026" not in text, key
        zh = entry(pub, "zh")
        if pub.lang == "zh":
            assert not re.search(r"[A-Za-z]{3,}", re.sub(r"APP|GDP|QQ", "", zh)), (key, zh)
        assert not ANNOTATIONS.search(pub.note), key  # zh notes: Chinese wording only (N61)
        assert not re.search(r"\b(reprint|repost|copy|mirror|GitHub|export|spam|aggregator)\b", pub.note_en, re.I), key


def test_thesis_is_a_d_entry_without_invented_chinese():
    t = P.catalogue()["thesis"]
    zh, en = entry(t, "zh"), entry(t, "en")
    assert t.type == "D" and "[D]" in zh and "2021" in zh and "ZHU M H" in zh
    assert "英文题名" in zh and not re.search(r"[\u4e00-\u9fff]", zh.split("（")[0])  # no Chinese title or name
    assert "Heilongjiang Province To Promote" in en and "[D]" in en
    assert P.keys_of("Zhu M.H. (2021), master's thesis, abstract (CNKI catalogue record GTID 2416330629954113)") == \
        ["thesis"]


def test_gbt_forms():
    cat = P.catalogue()
    assert entry(cat["cnnic-44"], "zh") == "中国互联网络信息中心. 第44次中国互联网络发展状况统计报告[R]. 2019."
    assert entry(cat["S10"], "zh") == ("DENHARDT R B, DENHARDT J V. The New Public Service: Serving Rather than "
                                       "Steering[J]. Public Administration Review, 2000, 60(6): 549-559.")
    assert entry(cat["P01"], "zh").startswith("国务院办公厅. 国务院办公厅关于推进政务新媒体健康有序发展的意见: "
                                             "国办发〔2018〕123号[EB/OL]. (2018-12-27).")
    assert "(UN DESA)" not in entry(cat["P01"], "zh") and "(General Office" not in entry(cat["P01"], "zh")
    assert entry(cat["S26"], "zh").startswith("ISLM T, MENG H, PITAFI A H, et al.")
    assert entry(cat["S07"], "zh").startswith("朱红灿, 李建, 胡新. ")
    assert entry(cat["P20"], "en").startswith("General Office of the Heilongjiang Provincial People's Government "
                                             "(27 June 2024). 黑龙江省人民政府办公厅关于2024年")


# -- numbering ---------------------------------------------------------------------------------------------------
def _marked(*keys):
    from heilongjiang_newmedia.text.passages import cite_marker

    return cite_marker(list(keys))


def test_numbers_run_in_order_of_first_citation_across_chapters():
    nb1 = {"cells": [
        {"cell_type": "code", "metadata": {"tags": ["lang-en"]}, "outputs": [{"data": {"text/html": _marked("Z9")}}]},
        {"cell_type": "code", "metadata": {}, "outputs": [
            {"data": {"text/markdown": "见" + _marked("P01", "S03"), "text/plain": _marked("X")}},
            {"data": {"text/html": "<p>" + _marked("cnnic-44") + _marked("P01") + "</p>"}}]}]}
    assert C.notebook_keys(nb1, "zh") == ["P01", "S03", "cnnic-44"]  # en cell skipped, html before plain
    ch2 = ["S03", "R04", "P01", "thesis"]
    nums = C.numbering([C.notebook_keys(nb1, "zh"), ch2])
    assert nums == {"P01": 1, "S03": 2, "cnnic-44": 3, "R04": 4, "thesis": 5}
    assert sorted(nums.values()) == list(range(1, len(nums) + 1))
    assert C.chapter_numbers([C.notebook_keys(nb1, "zh")], ch2) == {"S03": 2, "R04": 4, "P01": 1, "thesis": 5}


def test_numbers_printed_gbt_style():
    assert C.format_numbers([3, 1, 4, 5], "zh") == "[1,3-5]" and C.format_numbers([2, 1], "zh") == "[1,2]"
    assert C.format_numbers([7, 8, 9], "en") == "[7–9]" and C.format_numbers([1, 3], "en") == "[1, 3]"
    page = "<p>正文" + _marked("P01", "S03") + "。</p><p>" + _marked("S03") + "</p>"
    out = C.apply_numbers(page, {"P01": 1, "S03": 2}, "zh")
    assert out.count("<sup>[1,2]</sup>") == 1 and out.count("<sup>[2]</sup>") == 1 and "P01," not in out
    assert "[1, 2]" in C.apply_numbers(page, {"P01": 1, "S03": 2}, "en")
    with pytest.raises(KeyError, match="S03"):
        C.apply_numbers(page, {"P01": 1}, "zh")
