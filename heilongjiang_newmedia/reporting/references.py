"""Publications behind the cited pages: short citations under exhibits and numbered references in the book's appendix.

A data row cites the web page it was read on (``source_title``, ``source_url``, ``source_date``, ``confidence``);
many rows are reprints of one publication (the CNNIC statistical reports are read on 40 news pages). A reader wants
the publication, so every cited page is assigned to a **publication** by :func:`publication_of`:

1. the first rule of :data:`RULES` whose pattern matches the page title (a regular expression over the title; a
   rule names the publisher and the publication's title in zh and en and, for a series, which part of the title
   names the issue: ``第45次`` or a year) -- e.g. every page whose title names a 《中国互联网络发展状况统计报告》
   issue, "CNNIC" or "Statistical Report on Internet Development" belongs to the CNNIC series;
2. otherwise the page is its own publication: the outlet before a leading ``outlet：`` or in a trailing
   ``(outlet)`` is the publisher, the rest (reprint remarks such as "（转载）" removed) the title -- except that a
   statistical communiqué (``2018年黑龙江省国民经济和社会发展统计公报``) or a provincial inspection notice
   (``黑龙江省人民政府办公厅关于2022年第二季度…通报``) named in the title is the publication, whichever page reprints it.

Numbering. The chapters are built one by one and joined into the book as built, so a reference number must not
depend on which chapters a build contains. The number of a publication is its place in the **catalogue**: all
publications of the rows of the bundled data (``data/raw``), ordered by rule order (series first), then by key.
The chapter notes and the book's appendix therefore use the same numbers ("详见附录[3]"); the appendix lists the
publications a build cites, so a book that cites only part of the catalogue has gaps in its numbering. Pages of
the researcher's own data files that are not in the catalogue have no number; their notes name them in full.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Iterable

__all__ = ["Publication", "RULES", "publication_of", "group_sources", "catalogue_numbers", "short_citation",
           "year_span", "part_span"]


@dataclass(frozen=True)
class Rule:
    """A publication (or series) recognised by ``pattern`` in a page title; ``part`` names the group of the match
    holding the issue (an integer: 45 for 第45次, a year for an annual report) when the publication is a series."""
    key: str
    pattern: str
    publisher_zh: str
    publisher_en: str
    title_zh: str
    title_en: str
    part: str = ""          # "issue" (第N次 / Nth), "year" or "" (a single publication)
    exclude: str = ""       # titles also matching this are not this publication


_ISSUE = r"(?:第\s*(?P<issue>\d{2})\s*次|(?P<issue_en>\d{2})(?:st|nd|rd|th) Statistical Report)"
RULES: tuple[Rule, ...] = (
    Rule("cnnic-csr", r"CNNIC|中国互联网络信息中心|中國互聯網絡信息中心|中国互联网信息中心|互联网络发展状况统计报告|"
         r"互聯網絡發展狀況統計報告|Statistical Report on Internet Development|第\d{2}次(?:调查)?报告|第\d{2}次報告|"
         r"四次《中国互联网络", "中国互联网络信息中心（CNNIC）", "CNNIC", "中国互联网络发展状况统计报告",
         "Statistical Reports on Internet Development in China", "issue",
         exclude=r"(?:黑龙江|黑龍江|Heilongjiang|浙江|河北|福建)省?(?:省)?互联网"),
    Rule("online-service-capacity", r"政务服务能力(?:调查)?评估报告|网上政务服务能力|政务服务能力调查评估|"
         r"一体化政务服务能力|Online Government Service Capacity|Government Service Evaluation of 32 Key Cities|"
         r"provincial e-government ranking|網上政務服務能力",
         "中央党校（国家行政学院）电子政务研究中心", "Party School of the CPC Central Committee (National Academy of "
         "Governance)", "省级政府和重点城市网上政务服务能力调查评估报告",
         "Survey and Evaluation of Online Government Service Capacity of Provincial Governments and Key Cities",
         "year"),
    Rule("un-egov", r"UN (?:Global )?E-Government (?:Survey|Readiness)|EGOV_DATA_|UN E-Government Survey|"
         r"联合国调查显示:全球电子政务|E-Government Development Index|E-Government Ranking",
         "联合国经济和社会事务部", "UN DESA", "联合国电子政务调查报告", "United Nations E-Government Survey", "year"),
    Rule("itu-internet", r"(?-i:\bITU\b)|Our World in Data grapher \"share-of-individuals-using-the-internet\"",
         "国际电信联盟（ITU）", "ITU", "使用互联网的个人比例", "Individuals using the Internet", "year"),
    Rule("nbs-census7", r"第七次全国人口普查公报", "国家统计局", "National Bureau of Statistics of China",
         "第七次全国人口普查公报", "Bulletin of the Seventh National Population Census"),
    Rule("nbs-provincial", r"分省年度数据|historical_(?:gdp|population)\.csv|一般公共预算", "国家统计局",
         "National Bureau of Statistics of China", "分省年度数据", "Annual data by province"),
    Rule("nbs-divisions", r"统计用区划代码", "国家统计局", "National Bureau of Statistics of China",
         "统计用区划代码", "Statistical division codes"),
    Rule("nbs-regions", r"东西中部和东北地区划分", "国家统计局", "National Bureau of Statistics of China",
         "东西中部和东北地区划分方法", "Division of eastern, central, western and north-eastern regions"),
    Rule("e-service-index", r"政府电子服务能力指数报告", "南京大学", "Nanjing University",
         "中国政府电子服务能力指数报告", "China Government E-Service Capacity Index Report", "year"),
    Rule("digital-gov-index", r"数字政府发展指数报告", "", "", "数字政府发展指数报告",
         "Digital Government Development Index Report", "year"),
    Rule("people-weibo-index", r"政务指数", "人民日报·政务指数", "People's Daily Government Index",
         "政务指数·微博影响力报告", "Government Microblog Influence Report", "year"),
    Rule("procuratorate-index", r"互联网\+检察|Internet \+ Procuratorate", "正义网", "Jcrb.com (Procuratorial Daily)",
         "“互联网+检察”指数排行榜", "“Internet + Procuratorate” index rankings", "year"),
    Rule("gov-website-performance", r"政府网站绩效评估|website performance evaluation|政府门户网站绩效",
         "中国软件评测中心", "China Software Testing Center", "中国政府网站绩效评估报告",
         "China Government Website Performance Evaluation", "year"),
    Rule("isc-internet-report", r"中国互联网发展报告", "中国互联网协会", "Internet Society of China",
         "中国互联网发展报告", "China Internet Development Report", "year"),
    Rule("twiplomacy", r"Twiplomacy", "博雅公关（Burson-Marsteller/BCW）", "Burson-Marsteller / BCW",
         "Twiplomacy Study", "Twiplomacy Study", "year"),
    Rule("national-inspection", r"^(?:\d{4}年)?政府网站和政务新媒体检查情况通报|^(?:Q\d \d{4} |\d{4} national )?"
         r"(?:government|govt) website (?:and new media )?inspection|govt website inspections?|"
         r"国务院办公厅公布.{0,12}全国政府网站抽查", "国务院办公厅", "General Office of the State Council",
         "全国政府网站与政务新媒体检查情况通报", "Notices on the inspection of government websites and new media",
         "year"),
    Rule("hlj-internet-report", r"(?:黑龙江|黑龍江)省?互联网络发展状况统计报告|Heilongjiang (?:provincial )?Internet "
         r"development report", "", "", "黑龙江省互联网络发展状况统计报告",
         "Statistical Report on Internet Development in Heilongjiang", "year"),
    Rule("wechat-report", r"政务微信发展报告|政務微信發展報告", "", "", "政务微信发展报告",
         "Government WeChat Development Report", "year"),
    Rule("un-egov-news", r"UN E-Government|E-Government Survey", "联合国经济和社会事务部", "UN DESA",
         "联合国电子政务调查报告", "United Nations E-Government Survey", "year"),
)

_RULE_RE = [(r, re.compile(r.pattern, re.I), re.compile(r.exclude, re.I) if r.exclude else None) for r in RULES]
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_ISSUE_RE = re.compile(_ISSUE)
# Reprint remarks that name how a page reproduces a publication, not the publication.
_REMARK_RE = re.compile(r"[（(](?:[^（）()]*(?:转载|轉載|reprint|repost|copy|mirror|镜像|转述|摘录|translation|"
                        r"rendering|paraphrased|全文|summary|稿)[^（）()]*)[）)]", re.I)
_OUTLET_PREFIX = re.compile(r"^([^：:（）()\d]{2,24})：\s*(.+)$")
_NOTICE_RE = re.compile(r"[^\s：:（(]{2,12}?(?:人民政府办公厅|省)\s?(?:关于)?\d{4}年第?[一二三四1-4]季度[^（(]*?通报")
_BULLETIN_RE = re.compile(r"((?:19|20)\d{2})年(?:度)?([^\s：:（(、，]{2,10}?)国民经济和社会发展统计公报")


@dataclass(frozen=True)
class Publication:
    """One publication as cited: ``key`` groups its pages; ``rule`` is its place in :data:`RULES` (len for a page
    that is its own publication); ``part`` the issue/year of a series the page stands for (or None)."""
    key: str
    rule: int
    publisher_zh: str
    publisher_en: str
    title_zh: str
    title_en: str
    series: str = ""
    part: int | None = None


def _clean(title: str) -> str:
    t = title
    for _ in range(3):
        t2 = _REMARK_RE.sub("", t).strip()
        if t2 == t:
            break
        t = t2
    return t.strip(" -—:：") or title.strip()


def publication_of(title: str, url: str = "") -> Publication:
    """The publication a cited page (``title``, ``url``) stands for (see the module docstring for the rules)."""
    title = str(title or "").strip()
    for i, (rule, rx, ex) in enumerate(_RULE_RE):
        if rx.search(title) and not (ex and ex.search(title)):
            part = None
            if rule.part == "issue":
                m = _ISSUE_RE.search(title)
                if m:
                    part = int(m.group("issue") or m.group("issue_en"))
            elif rule.part == "year":
                years = [int(y) for y in _YEAR_RE.findall(title)]
                part = years[0] if years else None
            return Publication(rule.key, i, rule.publisher_zh, rule.publisher_en, rule.title_zh, rule.title_en,
                               rule.part, part)
    m = _BULLETIN_RE.search(title)
    if m:  # a statistical communiqué, whichever page reprints it
        name = f"{m.group(1)}年{m.group(2)}国民经济和社会发展统计公报"
        return Publication(f"bulletin:{m.group(2)}:{m.group(1)}", len(RULES), "", "", name, name)
    m = _NOTICE_RE.search(title)
    if m:  # an official notice (通报), whichever page reprints it
        name = m.group(0).strip()
        return Publication(f"notice:{name}", len(RULES), "", "", name, name)
    core = _clean(title) if title else str(url or "")
    publisher, name = "", core
    m = _OUTLET_PREFIX.match(core)
    if m:
        publisher, name = m.group(1).strip(), m.group(2).strip()
    key = "page:" + re.sub(r"\s+", " ", core)
    return Publication(key, len(RULES) + 1, publisher, publisher, name, name)


def _norm(s: Any) -> dict[str, Any]:
    if isinstance(s, str):
        return {"title": s, "url": "", "date": "", "confidence": "", "rows": None}
    return {"title": str(s.get("title") or ""), "url": str(s.get("url") or ""), "date": str(s.get("date") or ""),
            "confidence": str(s.get("confidence") or ""), "rows": s.get("rows")}


def group_sources(sources: Iterable[Any]) -> list[dict[str, Any]]:
    """The cited pages grouped by publication: ``[{"pub", "parts", "years", "pages", "low", "number"}]`` in catalogue
    order (numbered publications first, by number, then the others by key); pages deduplicated by (title, url, date),
    in date order, each with its lowest confidence grade."""
    groups: dict[str, dict[str, Any]] = {}
    for s in sources:
        s = _norm(s)
        pub = publication_of(s["title"], s["url"])
        g = groups.setdefault(pub.key, {"pub": pub, "parts": set(), "years": set(), "pages": {}, "low": False})
        if pub.part is not None:
            g["parts"].add(pub.part)
        y = _YEAR_RE.search(s["date"])
        if y:
            g["years"].add(int(y.group(1)))
        elif pub.series == "year" and pub.part:
            g["years"].add(pub.part)
        k = (s["title"], s["url"], s["date"])
        page = g["pages"].setdefault(k, {**s, "confidence": set()})
        if s["confidence"]:
            page["confidence"].add(s["confidence"])
        g["low"] = g["low"] or s["confidence"].strip().lower() == "low"
    numbers = catalogue_numbers()
    out = []
    for g in groups.values():
        if not g["years"]:
            g["years"] = {int(y) for y in _YEAR_RE.findall(g["pub"].title_zh)}
        g["number"] = numbers.get(g["pub"].key)
        g["pages"] = [dict(p, confidence=_worst(p["confidence"])) for _, p in  # by date, then title and URL
                      sorted(g["pages"].items(), key=lambda kv: (kv[0][2], kv[0][0], kv[0][1]))]
        out.append(g)
    return sorted(out, key=lambda g: (g["number"] is None, g["number"] or 0, g["pub"].key))


_GRADES = ("low", "medium", "high")


def _worst(grades: set[str]) -> str:
    for g in _GRADES:
        if g in grades:
            return g
    return sorted(grades)[0] if grades else ""


@lru_cache(maxsize=1)
def _catalogue() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Keys of the publications of every row of the bundled data, in numbering order (see module docstring), and
    the files read."""
    from heilongjiang_newmedia.loading import datasets

    pubs: dict[str, Publication] = {}
    files: list[str] = []
    names = datasets.list_datasets()  # no data package: DataValidationError naming the descriptor looked for
    root = datasets.data_root()
    for name in names:
        path = root / datasets.describe(name)["path"]
        if not path.is_file():
            continue
        files.append(str(path))
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                t = row.get("source_title") or ""
                if t or row.get("source_url"):
                    p = publication_of(t, row.get("source_url") or "")
                    pubs.setdefault(p.key, p)
    return tuple(k for k, _ in sorted(pubs.items(), key=lambda kv: (kv[1].rule, kv[0]))), tuple(files)


_LOGGED: set[str] = set()


def catalogue_numbers() -> dict[str, int]:
    """``{publication key: reference number}`` over the bundled data (1-based). The numbers depend on every bundled
    file, so each is logged as read (once per build read log): a changed file rebuilds the chapters citing."""
    import os
    from pathlib import Path

    from heilongjiang_newmedia.loading import datasets

    keys, files = _catalogue()
    log = os.environ.get(datasets.READ_LOG_ENV, "")
    if log and log not in _LOGGED:
        _LOGGED.add(log)
        for f in files:
            datasets.log_read(Path(f))
    return {k: i for i, k in enumerate(keys, start=1)}


def part_span(parts: set[int], series: str, lang: str) -> str:
    """Issues or years of a series as printed: ``第33—55次`` / ``33rd–55th``; ``2019、2020年`` / ``2019, 2020``."""
    if not parts:
        return ""
    xs = sorted(parts)
    from heilongjiang_newmedia.text.wording import ordinal

    if series == "issue":
        if len(xs) == 1:
            return f"第{xs[0]}次" if lang == "zh" else ordinal(xs[0])
        return f"第{xs[0]}—{xs[-1]}次" if lang == "zh" else f"{ordinal(xs[0])}–{ordinal(xs[-1])}"
    return ""


def year_span(years: set[int], lang: str) -> str:
    """``2019年`` / ``2014—2025年``; en ``2019`` / ``2014–2025``; undated: ``年份不详`` / ``n.d.``."""
    if not years:
        return "年份不详" if lang == "zh" else "n.d."
    a, b = min(years), max(years)
    if lang == "zh":
        return f"{a}年" if a == b else f"{a}—{b}年"
    return f"{a}" if a == b else f"{a}–{b}"


def pub_name(g: dict[str, Any], lang: str) -> str:
    """Publisher and title of a group, as printed (no year): ``CNNIC第33—55次《中国互联网络发展状况统计报告》`` /
    ``CNNIC, Statistical Reports on Internet Development in China, 33rd–55th``."""
    p: Publication = g["pub"]
    parts = part_span(g["parts"], p.series, lang)
    if lang == "zh":
        publisher = "CNNIC" if p.key == "cnnic-csr" else p.publisher_zh
        if p.rule <= len(RULES):  # a publication (or a statistical communiqué): its title in 《》
            title = p.title_zh if p.title_zh.startswith("《") else f"《{p.title_zh}》"
            return f"{publisher}{parts}{title}"
        return f"{publisher}：{p.title_zh}" if publisher else p.title_zh  # a news page: outlet and headline
    bits = [x for x in (p.publisher_en, p.title_en, parts) if x]
    return ", ".join(bits)


def short_citation(g: dict[str, Any], lang: str) -> str:
    """One publication in a source note: name and year, e.g. ``CNNIC第33—55次《中国互联网络发展状况统计报告》
    （2014—2025年）`` / ``CNNIC, Statistical Reports on Internet Development in China, 33rd–55th (2014–2025)``."""
    ys = year_span(g["years"], lang)
    return f"{pub_name(g, lang)}（{ys}）" if lang == "zh" else f"{pub_name(g, lang)} ({ys})"
