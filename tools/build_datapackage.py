#!/usr/bin/env python3
"""Regenerate ``data/datapackage.json`` from the verbatim source tables in ``data/raw/``.

The CSVs are copied unchanged from the collected sources; this script describes them: field types inferred
from the values (integer / number / string), descriptions with units, constraints (required citation columns,
confidence enum, non-negative counts, 0–100 percentages), primary keys (verified unique), and the series breaks
recorded in each folder's NOTES.md. Run it after adding or replacing a source table, then review the diff.

    python tools/build_datapackage.py
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
RAW = ROOT / "data" / "raw"

CITATION = {
    "source_url": "Address of the public page the figure was read from (citation; required).",
    "source_title": "Title of the cited page or report (citation; required).",
    "source_date": "Publication date of the cited page as printed (YYYY, YYYY-MM or YYYY-MM-DD).",
    "locator": "Where in the cited page the figure stands (section, table, paragraph).",
    "confidence": "Confidence grade: high = read in an official/primary page or full-text copy; medium = secondary "
    "page quoting the primary source; low = inconsistent across sources or inferred.",
}

COMMON = {
    "note": "Collector's note on this row (caveats, derivations).",
    "notes": "Collector's note on this row (caveats, derivations).",
    "value_as_printed": "The figure exactly as printed in the source (authoritative where it differs from the "
    "normalised value).",
    "unit_as_printed": "Unit as printed in the source (e.g. 亿, 万人, %, 个).",
    "value": "The figure converted to base units (persons, accounts, CNY, percent as 0–100, index); see `unit`.",
    "unit": "Base unit of `value`.",
    "value_numeric": "The figure as a number in the unit given by `unit_normalised` (percent as 0–100).",
    "value_normalised": "The figure as a number in `unit` (percent as 0–100, index 0–100, counts).",
    "unit_normalised": "Unit of `value_numeric` (websites, accounts, percent, ...).",
    "indicator": "Machine name of the indicator (snake_case).",
    "indicator_zh": "Indicator name in Chinese as used by the source.",
    "year": "Reference year of the figure.",
    "cutoff": "As-of month of the figure (YYYY-MM), not always the report's survey cut-off.",
    "report_no": "Number of the CNNIC Statistical Report on Internet Development in China (e.g. 47).",
    "report_pub_date": "Publication date of the CNNIC report.",
    "province_zh": "Provincial-level division, Chinese short name (e.g. 黑龙江).",
    "province_en": "Provincial-level division, English/pinyin name.",
    "province_code": "Six-digit administrative code of the provincial-level division (e.g. 230000).",
    "region": "NBS four-region class: east, central, west, northeast (or a national/regional/military row marker).",
    "city_zh": "City or prefecture-level division, Chinese name.",
    "city_en": "City or prefecture-level division, English/pinyin name.",
    "city_pinyin": "Pinyin of the division's name.",
    "admin_code": "Six-digit administrative code of the prefecture-level division.",
    "quarter": "Quarter of the inspection (Q1–Q4) or annual marker.",
    "object": "What was inspected: website or new_media (government new-media accounts).",
    "measure": "Machine name of the reported measure.",
    "measure_zh": "Measure as named in the notice (Chinese).",
    "reference_period": "Period the figure refers to (e.g. 2022Q2).",
    "reference_date": "Date or period the figure refers to.",
    "iso3": "ISO 3166-1 alpha-3 country code (or a group code).",
    "country": "Country or group name (English).",
    "survey_year": "Edition of the UN E-Government Survey.",
    "entity_type": "country, or an average row (world / continent).",
    "rank": "Rank as printed by the source (ties as printed; see rank_note).",
    "rank_note": "How the source ranks (dense/min ties, list scope).",
    "score": "Score as printed by the evaluation (index points).",
    "grade": "Grade band as printed or derived (see grade_basis).",
    "grade_basis": "How the grade was obtained.",
    "eval_year": "Year evaluated (the report edition is usually the following year).",
    "report_edition": "Year the evaluation report was published.",
    "metric": "Which metric of the evaluation the row holds.",
    "definition": "Definition of the indicator as given by the source.",
    "confidence_note": "",
    "platform": "Platform of the accounts (weibo, wechat, toutiao, all platforms, ...).",
    "platform_zh": "Platform in Chinese.",
    "followers_as_printed": "Follower count as printed (e.g. 216万).",
    "followers_normalised": "Follower count in persons.",
    "count_as_printed": "Count as printed.",
    "count": "Count in units given by unit_as_printed (accounts / websites).",
    "gov_websites": "Number of government websites at the cut-off (websites).",
    "gov_microblogs": "Number of government microblogs of the stated measure (accounts).",
    "gov_toutiao_accounts": "Number of government Toutiao accounts (accounts).",
    "yoy_decline_pct_as_printed": "Year-on-year decline in the number of government websites, percent as printed.",
    "period": "Period of the figure as printed.",
    "geography": "Area the figure refers to (黑龙江省 or a city).",
    "series_vintage": "Which published vintage of the series the figure belongs to (first-published, revised, census basis).",
}

# Resource descriptions and the definitional breaks recorded in each folder's NOTES.md.
RESOURCES = {
    "national_series": ("CNNIC Statistical Reports 33–55: netizens, penetration, mobile netizens, online government-service "
        "users, government microblogs/Toutiao, websites, domains (national). Breaks: the 39th report counts Sina-verified "
        "government microblogs incl. civil servants (164,522) while later reports count institutional accounts only "
        "(140,837 at 2020-12) — never chain the two; the self-media clean-up from 2018-10-20 lowered counts from the "
        "42nd/43rd reports on; online government service users appear from the 39th report (2016-12); the 45th report's "
        "cut-off is 2020-03; government website counts fall with consolidation (集约化), not decline."),
    "province_gov_microblogs": ("CNNIC government microblog counts by province, leading provinces only (39th and 47th "
        "reports). `measure` separates institutional, total and civil-servant counts (scope break between reports)."),
    "province_gov_toutiao": "CNNIC government Toutiao accounts, top 3 provinces at 2020-12 (47th report).",
    "province_gov_websites": ("Government websites by province at 2019-12 with year-on-year decline (CNNIC 45th report): "
        "31 provinces + XPCC; four low-confidence rows hold conflicting in-text figures that match 2018 levels. Falls "
        "reflect consolidation (集约化)."),
    "province_internet": ("Non-CNNIC provincial internet-report figures (Heilongjiang 2019, Fujian 2012); definitions "
        "differ from CNNIC's national series — do not compare directly."),
    "related_non_cnnic_benchmarks": ("Non-CNNIC national benchmarks used to check the thesis's claims: CAG four-platform "
        "microblog counts, Sina / People's Daily–Weibo counts (incl. civil servants), government WeChat totals, websites."),
    "hlj_cities": ("Heilongjiang's 13 prefecture-level divisions: codes, county-level counts (derived by counting NBS code-list "
        "entries), census 2020/2010 and year-end population (resident 常住 vs household-registered 户籍), GDP, urbanisation. "
        "Breaks: census 2020 vs first-published year-end population; GDP 2018 economic-census revision."),
    "hlj_internet": ("Heilongjiang internet/telecom indicators and macro series. Breaks: year-end population first published "
        "(e.g. 3751.3万 for 2019) vs revised after the 2020 census (3255万) — indicators `*_yearend` vs `*_yearend_revised`, "
        "never mix; GDP revised after the 4th economic census (2018 old basis vs 2019 on); netizens (survey persons) vs "
        "subscriptions (operator accounts)."),
    "provinces": ("Province denominators: NBS four-region class, 2020/2010 census population and shares for all 31 provinces, "
        "Heilongjiang macro series, partial benchmark-province figures, national totals. Breaks: 2020 census revision of "
        "year-end population; 2018 economic-census GDP revision; first-published vs revised GDP vintages."),
    "comparator_provinces": ("Other provinces' website and new-media inspection notices: numbers checked, pass rates, account "
        "counts (2020–2025). Full-coverage vs sample checks are not comparable; criteria changed in 2019."),
    "hlj_annual_accounts": "Heilongjiang counts of government new-media accounts and government websites (2019, 2022, 2024).",
    "hlj_city_results": ("Heilongjiang inspection results by city and unit: cities at 100 % pass rate, portals scoring ≥100, "
        "provincial-department sites scoring ≥90 (2022, 2024)."),
    "hlj_problems": "Heilongjiang inspection problem items, one row per named unit and defect, coded by category.",
    "hlj_quarterly": ("Heilongjiang quarterly inspection results: check type (full coverage vs sample), numbers checked, pass "
        "rates, score counts, netizen messages. The 2019 national inspection criteria change separates earlier results."),
    "national_quarterly": ("State Council website checks (2017–2018 quarterly, 2020 annual), website-registry counts, CNNIC "
        "government Weibo/Toutiao totals. Break: inspection criteria changed in 2019 (new-media indicators added)."),
    "gov_social_media_international": ("Government social-media presence internationally (OECD, Twiplomacy, UN 2012), citizens' "
        "social-media contact with public services, GOV.UK, Singapore, Korea, US Digital Registry, UN group counts."),
    "itu_internet_users": ("Individuals using the Internet, % of population (ITU series via OWID/World Bank; ITU DataHub for "
        "China and 2023). Break: ITU's 2023 revision of the definition/estimates — do not chain across it without saying so."),
    "un_egdi": ("UN E-Government Survey 2003–2024: EGDI with rank, OSI, TII, HCI, EPI for 193 Member States and averages. "
        "Indices are relative (re-scaled each edition); early editions used a different design."),
    "provinces_panel": ("Province-by-year panel from NBS exports 2013–2023: year-end resident population (revised after the "
        "2020 census), GDP on three economic-census bases, per-capita GDP, general public budget expenditure. Pick one GDP "
        "basis per analysis and never mix population vintages (`series_vintage`)."),
    "benchmark_accounts": "Flagship government accounts of benchmark provinces in national rankings, with follower counts.",
    "microblog_influence_provinces": ("Provincial counts and rankings of government Weibo accounts (2011–2020) from several "
        "reports with different platforms and scopes (`report_name`, `platform`, `dimension`): not one series."),
    "online_service_capability": ("Party School (中央党校) provincial online government-service capability evaluation: overall "
        "index (0–100), rank (dense, ties as printed), grade band (>90 非常高, 80–90 高, <80 中), 2016–2019, 2021."),
    "online_service_capability_cities": "Same evaluation for key cities: the full 2019 table and Harbin 2018–2021.",
    "other_rankings": ("Other indices placing provinces or cities: Tsinghua digital-government index, CCID, website "
        "performance, 2014 city EGDI, Fudan open data, CNNIC Toutiao, WeChat counts and more."),
    "top_accounts_heilongjiang": "Named Heilongjiang government accounts in rankings (2015 Xinhua provincial list; 2017 Toutiao list).",
    "notice_items": ("Items of provincial inspection notices as printed (one row per item): Heilongjiang 2022 Q2 and 2024 Q2 "
        "(the stored texts stop inside the website items of section 二; no new-media problem item is readable), Jilin "
        "2018–2024 and Liaoning 2018–2023 notices. `row_type` separates problem items, new-media findings, findings, "
        "totals and requirements. Check designs differ between provinces (monthly samples vs full coverage)."),
    "references": ("Bibliography: 24 policy documents (文号, dates), 8 reports used as data sources and 28 scholarly works "
        "(theory originators, government social media), with GB/T 7714 document type (`work_type`). `date_issued` is "
        "the signing date where printed, else the release date (see NOTES.md). Cite the work itself; `source_url` is "
        "the page its record was read on."),
    "policy_provisions": ("Key provisions of the policy documents in `references`: a short English paraphrase and a "
        "verbatim quote of at most 40 characters in the script printed on its own cited page (`quote_script`)."),
    "practices": ("Documented practices and reforms with printed metrics of Heilongjiang, its peers, the benchmark "
        "provinces and countries, by the thesis's aspects; `value_as_printed` is authoritative, `year_started` only "
        "where printed; targets are kept as targets."),
}

PRIMARY_KEYS = {
    "national_series": ["report_no", "cutoff", "indicator", "source_url"],
    "province_gov_microblogs": ["report_no", "province_zh", "measure"],
    "province_gov_toutiao": ["report_no", "province_zh"],
    "province_gov_websites": ["province_zh", "confidence", "locator"],
    "province_internet": ["province_zh", "cutoff", "indicator"],
    "related_non_cnnic_benchmarks": ["cutoff", "publisher", "indicator"],
    "hlj_cities": ["admin_code", "indicator", "year", "source_url"],
    "hlj_internet": ["geography", "indicator", "year", "period"],
    "provinces": ["province_zh", "indicator", "year", "source_url"],
    "comparator_provinces": ["year", "quarter", "region_zh", "object", "measure", "reference_period"],
    "hlj_annual_accounts": ["year", "reference_date", "platform"],
    "hlj_problems": ["year", "quarter", "problem_item_no"],
    "hlj_quarterly": ["year", "quarter", "object", "measure"],
    "national_quarterly": ["year", "quarter", "reference_date", "region", "object", "measure"],
    "gov_social_media_international": ["country", "ref_period", "indicator", "source_url"],
    "itu_internet_users": ["year", "iso3", "source_url"],
    "un_egdi": ["survey_year", "entity_type", "country", "indicator", "source_url"],
    "provinces_panel": ["province_zh", "year", "indicator"],
    "benchmark_accounts": ["period", "account_zh", "list_name", "source_url"],
    "microblog_influence_provinces": ["year", "report_name", "platform", "dimension", "province_zh"],
    "online_service_capability": ["eval_year", "province_zh", "metric", "source_url"],
    "online_service_capability_cities": ["eval_year", "city_zh", "metric", "source_url"],
    "other_rankings": ["index_name", "eval_year", "level", "region_zh", "metric", "source_url"],
    "top_accounts_heilongjiang": ["year", "platform", "account_zh", "list_name"],
    "notice_items": ["row_id"],
    "references": ["ref_id"],
    "policy_provisions": ["provision_id"],
    "practices": ["row_id"],
}

# Columns that hold a percentage in every row (0–100).
PERCENT_COLUMNS = {("province_gov_websites", "yoy_decline_pct_as_printed"), ("itu_internet_users", "value")}
# Row-level percent rule for long tables: where `unit_column` is one of `units`, `value_column` must lie in 0–100.
PERCENT_ROWS = {
    "comparator_provinces": ("unit_normalised", ["percent"], "value_numeric"),
    "hlj_quarterly": ("unit_normalised", ["percent"], "value_numeric"),
    "hlj_city_results": ("unit_normalised", ["percent"], "value_numeric"),
    # CNNIC series: one value column for persons, accounts and percentages; the unit as printed says which
    "national_series": ("unit_as_printed", ["%"], "value"),
    "related_non_cnnic_benchmarks": ("unit_as_printed", ["%"], "value"),
    "online_service_capability": ("unit", ["index (0-100)"], "value_normalised"),
}
NONNEG_NAMES = re.compile(r"^(gov_websites|gov_microblogs|gov_toutiao_accounts|count|followers_normalised|report_no)$")
# (dataset, column) pairs that hold only counts, amounts or percentages (never a change), so never below 0
NONNEG_COLUMNS = {("national_series", "value"), ("related_non_cnnic_benchmarks", "value")}
# Kept as text whatever their values look like: printed figures and dates stay exactly as printed.
TEXT_COLUMNS = {"source_date", "cutoff", "report_pub_date", "reference_date", "period", "ref_period", "quarter",
                "date_issued", "year_started", "pages", "volume", "issue", "item_no", "doc_number", "doc_no"}
ENUMS = {"confidence": ["high", "medium", "low"]}
LICENSE_NOTE = ("Figures are facts compiled from the cited public pages; each row names its source, whose own terms apply. "
    "The compilation and its metadata are offered under CC-BY-4.0.")


def _infer(series: pd.Series) -> str:
    vals = series[series != ""]
    if vals.empty:
        return "string"
    if vals.str.fullmatch(r"-?\d+").all() and not vals.str.fullmatch(r"0\d+").any():
        return "integer"
    if pd.to_numeric(vals, errors="coerce").notna().all() and not vals.str.contains(r"[a-zA-Z]").any():
        return "number"
    return "string"


def describe(path: Path) -> dict:
    name = path.stem
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    fields = []
    for col in df.columns:
        as_text = col in TEXT_COLUMNS or (col.endswith("_as_printed") and (name, col) not in PERCENT_COLUMNS)
        ftype = "string" if as_text else _infer(df[col])
        field = {"name": col, "type": ftype, "description": CITATION.get(col) or COMMON.get(col) or col.replace("_", " ")}
        cons = {}
        if col in ("source_url", "source_title", "confidence"):
            cons["required"] = True
        if col in ENUMS:
            cons["enum"] = ENUMS[col]
        if ftype in ("integer", "number") and (NONNEG_NAMES.match(col) or (name, col) in NONNEG_COLUMNS):
            cons["minimum"] = 0
        if (name, col) in PERCENT_COLUMNS:
            if col.startswith("yoy_decline"):  # a decline cannot exceed 100 %; a negative decline is a rise
                cons.update(maximum=100)
                field["description"] += " Percent (negative = increase), at most 100."
            else:
                cons.update(minimum=0, maximum=100)
                field["description"] += " Percent, 0–100."
        if col == "score" and name.startswith("online_service_capability"):
            cons.update(minimum=0, maximum=100)
        if cons:
            field["constraints"] = cons
        fields.append(field)
    schema = {"fields": fields, "missingValues": [""]}
    pk = PRIMARY_KEYS.get(name)
    if pk:
        ok = all(c in df.columns for c in pk) and not (df[pk] == "").any().any() and not df.duplicated(pk).any()
        if ok:
            schema["primaryKey"] = pk
        else:
            print(f"note: {name}: {pk} is not a primary key (empty or duplicate values); none declared")
    res = {
        "name": name,
        "path": str(path.relative_to(ROOT / "data")),
        "title": name.replace("_", " "),
        "description": RESOURCES[name],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": path.stat().st_size,
        "hash": "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest(),  # datasets.is_recorded
        "schema": schema,
        "sources": [{"title": t, "path": u} for u, t in
                    df[["source_url", "source_title"]].drop_duplicates().head(3).itertuples(index=False)],
    }
    if name in PERCENT_ROWS:
        unit_col, units, value_col = PERCENT_ROWS[name]
        res["x-percent-rows"] = {"unit_column": unit_col, "units": units, "value_column": value_col}
    return res


def researcher_resources() -> list[dict]:
    """Resources the researcher fills in (empty templates under data/templates/), schema from *.schema.json."""
    tdir = ROOT / "data" / "templates"
    schema = json.loads((tdir / "account_inventory.schema.json").read_text(encoding="utf-8"))
    return [{
        "name": "account_inventory",
        "path": "templates/account_inventory.csv",
        "title": "account inventory (researcher-supplied)",
        "description": ("Inventory of the province's government new-media accounts, collected by the researcher: one row "
            "per account (platform, owning unit, administrative level, prefecture division, sector, verification, "
            "followers, posts in the observation window, last post date, service menu, snapshot date). The bundled "
            "file is an EMPTY template (header only): no account data ship with the package. Codebook: "
            "data/templates/account_inventory_codebook.md; loader: heilongjiang_newmedia.loading.inventory.load_inventory."),
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "x-researcher-data": True,
        "schema": schema,
    }]


def main() -> None:
    resources = [describe(p) for p in sorted(RAW.glob("*/*.csv"))] + researcher_resources()
    package = {
        "name": "heilongjiang-newmedia-data",
        "title": "Government new media in Heilongjiang: cited public figures",
        "description": ("Public figures on government new media, online government services and their context (CNNIC, "
            "provincial inspection notices, the Party School service-capability evaluation, the UN E-Government Survey, "
            "ITU, census and statistics bulletins), one fact per row, each row with its source address, citation and "
            "confidence grade. Nothing is interpolated or filled in; see data/raw/*/NOTES.md for coverage and breaks."),
        "version": "1.0.0",
        "licenses": [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                      "title": "Creative Commons Attribution 4.0"}],
        "x-terms-of-data": LICENSE_NOTE,
        "sources": [
            {"title": "CNNIC Statistical Reports on Internet Development in China", "path": "https://www.cnnic.net.cn/"},
            {"title": "Provincial inspection notices on government websites and new media", "path": "https://www.hlj.gov.cn/"},
            {"title": "Party School evaluation of provincial online government-service capability", "path": "https://www.ccps.gov.cn/"},
            {"title": "UN E-Government Survey", "path": "https://publicadministration.un.org/egovkb/en-us/Data-Center"},
            {"title": "ITU Individuals using the Internet", "path": "https://datahub.itu.int/"},
            {"title": "NBS census bulletins and statistical communiqués", "path": "https://www.stats.gov.cn/"},
        ],
        "resources": resources,
    }
    out = ROOT / "data" / "datapackage.json"
    out.write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {out} ({len(resources)} resources)")


if __name__ == "__main__":
    main()
