"""Account inventory: loader (CSV UTF-8/BOM/GBK, XLSX), validation messages, indicators on hand-checked fixtures.

All fixtures are generated here (small, seeded); the template shipped in data/templates/ stays empty.
"""
from __future__ import annotations

import csv
import io
import json
import random
from pathlib import Path

import pandas as pd
import pytest

from heilongjiang_newmedia.loading import inventory as LI
from heilongjiang_newmedia.methods import inventory as I
from heilongjiang_newmedia.loading.datasets import DataValidationError, citations, load

TEMPLATES = Path(__file__).resolve().parents[1] / "data" / "templates"
HEADER = [f["name"] for f in LI.inventory_schema()["fields"]]

# Hand-made rows (account_id, platform, level, division, sector, followers, last_post_date, menu, n_services)
# snapshot 2021-03-31 for all.
HAND = [
    ("A1", "weibo", "province", "", "综合", 1000, "2021-03-30", "true", 3),
    ("A2", "wechat", "city", "哈尔滨市", "公安", "", "2021-03-17", "是", 2),   # 14 days: still active
    ("A3", "douyin", "city", "哈尔滨", "公安", 300, "2021-03-16", "false", 0),  # 15 days: inactive
    ("A4", "weibo", "county", "大庆市", "教育", 200, "", "0", ""),              # never posted: unknown
    ("A5", "toutiao", "township", "Daqing", "综合", 0, "2021-01-01", "", ""),   # inactive; service unknown
    ("A6", "app", "city", "大兴安岭", "综合", 500, "2021-03-31", "1", 5),
]


def hand_rows() -> list[list[str]]:
    rows = []
    for aid, plat, lvl, div, sec, fol, last, menu, nserv in HAND:
        rec = {h: "" for h in HEADER}
        rec.update(account_id=aid, account_name=f"测试账号{aid}", platform=plat, owning_unit="测试单位",
                   admin_level=lvl, division=div, sector=sec, verified="true", followers=str(fol),
                   posts_in_window="10", window_days="30", last_post_date=last, has_service_menu=menu,
                   n_services=str(nserv), snapshot_date="2021-03-31")
        rows.append([rec[h] for h in HEADER])
    return rows


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8", header=None) -> Path:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header or HEADER)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


def random_rows(n: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    divs = ["哈尔滨市", "齐齐哈尔市", "牡丹江市", "绥化市", ""]
    rows = []
    for i in range(n):
        rec = {h: "" for h in HEADER}
        rec.update(account_id=f"R{i:03d}", account_name=f"随机账号{i}", platform=rng.choice(LI.PLATFORMS),
                   owning_unit="单位", admin_level=rng.choice(LI.LEVELS), division=rng.choice(divs),
                   sector=rng.choice(["公安", "教育", "综合"]), verified=rng.choice(["true", "false"]),
                   followers=str(rng.randint(0, 50000)), posts_in_window=str(rng.randint(0, 60)), window_days="30",
                   last_post_date=f"2021-03-{rng.randint(1, 28):02d}", has_service_menu="false", n_services="0",
                   snapshot_date="2021-03-31", notes="备注")
        rows.append([rec[h] for h in HEADER])
    return rows


@pytest.fixture(scope="module")
def hand(tmp_path_factory) -> pd.DataFrame:
    return LI.load_inventory(write_csv(tmp_path_factory.mktemp("inv") / "account_inventory.csv", hand_rows()))


# -- template and schema -----------------------------------------------------------------------------------------

def test_template_is_empty_header_matching_schema():
    lines = (TEMPLATES / "account_inventory.csv").read_text(encoding="utf-8").splitlines()
    assert lines == [",".join(HEADER)]
    schema = LI.inventory_schema()
    assert schema["primaryKey"] == ["account_id"]
    f = {x["name"]: x for x in schema["fields"]}
    assert f["platform"]["constraints"]["enum"] == list(LI.PLATFORMS)
    assert f["admin_level"]["constraints"]["enum"] == list(LI.LEVELS)
    for c in ("followers", "posts_in_window", "n_services"):
        assert f[c]["type"] == "integer" and f[c]["constraints"]["minimum"] == 0
    assert f["last_post_date"]["type"] == f["snapshot_date"]["type"] == "date"
    codebook = (TEMPLATES / "account_inventory_codebook.md").read_text(encoding="utf-8")
    for c in HEADER:
        assert f"`{c}`" in codebook


def test_schema_is_valid_frictionless(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    path = write_csv(tmp_path / "account_inventory.csv", hand_rows())
    schema = json.loads((TEMPLATES / "account_inventory.schema.json").read_text(encoding="utf-8"))
    resource = frictionless.Resource(path=path.name, basepath=str(tmp_path),
                                     schema=frictionless.Schema.from_descriptor(schema))
    report = resource.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_empty_template_error_says_no_rows():
    with pytest.raises(DataValidationError, match="header but no data rows"):
        LI.load_inventory(TEMPLATES / "account_inventory.csv")


# -- loading -----------------------------------------------------------------------------------------------------

def test_types_and_sources(hand):
    assert len(hand) == 6
    assert str(hand["followers"].dtype) == "Int64" and pd.isna(hand.at[1, "followers"])
    assert str(hand["has_service_menu"].dtype) == "boolean"
    assert bool(hand.at[1, "has_service_menu"]) is True  # 是
    assert hand.at[0, "snapshot_date"] == pd.Timestamp("2021-03-31")
    assert pd.isna(hand.at[3, "last_post_date"])
    assert hand.attrs["sources"][0]["date"] == "2021-03-31" and "account_inventory.csv" in hand.attrs["sources"][0][
        "title"]


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig"])
def test_csv_encodings_round_trip(tmp_path, encoding):
    rows = random_rows(25, seed=11)
    df = LI.load_inventory(write_csv(tmp_path / "inv.csv", rows, encoding=encoding))
    assert list(df["account_name"]) == [r[HEADER.index("account_name")] for r in rows]
    assert df["followers"].sum() == sum(int(r[HEADER.index("followers")]) for r in rows)


def test_xlsx_with_native_cell_types(tmp_path):
    from openpyxl import Workbook
    import datetime as dt

    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in hand_rows():
        rec = dict(zip(HEADER, r))
        cells = []
        for h in HEADER:
            v = rec[h]
            if h in ("followers", "n_services", "posts_in_window", "window_days") and v != "":
                v = float(v) if h == "followers" else int(v)  # Excel stores numbers as floats
            elif h in ("last_post_date", "snapshot_date") and v:
                v = dt.datetime.fromisoformat(v)
            elif v == "":
                v = None
            cells.append(v)
        ws.append(cells)
    ws.append([None] * len(HEADER))  # a blank trailing row is ignored
    path = tmp_path / "account_inventory.xlsx"
    wb.save(path)
    df = LI.load_inventory(path)
    ref = LI.load_inventory(write_csv(tmp_path / "ref.csv", hand_rows()))
    pd.testing.assert_frame_equal(df, ref)


def test_find_inventory(tmp_path):
    assert LI.find_inventory(None, None) is None or LI.find_inventory(None, None).name.startswith(LI.INVENTORY_NAME)
    assert LI.find_inventory(None, tmp_path) is None
    p = write_csv(tmp_path / "account_inventory.csv", hand_rows())
    assert LI.find_inventory(None, tmp_path) == p
    assert LI.find_inventory(str(p)) == p
    with pytest.raises(DataValidationError, match="not found"):
        LI.find_inventory(tmp_path / "nope.csv")


# -- validation errors name file, row and column -----------------------------------------------------------------

def _bad(tmp_path, mutate, header=None):
    rows = hand_rows()
    mutate(rows)
    return write_csv(tmp_path / "bad_inventory.csv", rows, header=header)


def test_missing_column(tmp_path):
    hdr = [h for h in HEADER if h != "platform"]
    rows = [[c for h, c in zip(HEADER, r) if h != "platform"] for r in hand_rows()]
    path = write_csv(tmp_path / "bad_inventory.csv", rows, header=hdr)
    with pytest.raises(DataValidationError, match=r"bad_inventory\.csv: missing column\(s\) platform"):
        LI.load_inventory(path)


def test_bad_enum(tmp_path):
    def m(rows):
        rows[2][HEADER.index("platform")] = "kuaishou"
    with pytest.raises(DataValidationError) as e:
        LI.load_inventory(_bad(tmp_path, m))
    msg = str(e.value)
    assert "bad_inventory.csv, row 3 (line 4), column 'platform'" in msg and "'kuaishou' is not one of weibo" in msg


def test_bad_level_enum(tmp_path):
    def m(rows):
        rows[0][HEADER.index("admin_level")] = "省级"
    with pytest.raises(DataValidationError, match=r"row 1 \(line 2\), column 'admin_level': '省级' is not one of"):
        LI.load_inventory(_bad(tmp_path, m))


def test_negative_followers(tmp_path):
    def m(rows):
        rows[4][HEADER.index("followers")] = "-5"
    with pytest.raises(DataValidationError,
                       match=r"bad_inventory\.csv, row 5 \(line 6\), column 'followers': -5 is below the minimum 0"):
        LI.load_inventory(_bad(tmp_path, m))


def test_duplicate_id(tmp_path):
    def m(rows):
        rows[5][0] = "A2"
    with pytest.raises(DataValidationError,
                       match=r"bad_inventory\.csv, row 6 \(line 7\): duplicate primary key \(account_id='A2'\)"):
        LI.load_inventory(_bad(tmp_path, m))


def test_bad_date_and_boolean_and_order(tmp_path):
    def m1(rows):
        rows[1][HEADER.index("last_post_date")] = "2021/3/17"
    with pytest.raises(DataValidationError, match=r"row 2 \(line 3\), column 'last_post_date'.*YYYY-MM-DD"):
        LI.load_inventory(_bad(tmp_path, m1))

    def m2(rows):
        rows[0][HEADER.index("verified")] = "maybe"
    with pytest.raises(DataValidationError, match=r"row 1 \(line 2\), column 'verified'.*as boolean"):
        LI.load_inventory(_bad(tmp_path, m2))

    def m3(rows):
        rows[0][HEADER.index("last_post_date")] = "2021-04-02"
    with pytest.raises(DataValidationError, match=r"row 1 \(line 2\), column 'last_post_date'.*after the snapshot"):
        LI.load_inventory(_bad(tmp_path, m3))


def test_xlsx_error_names_file_row_column(tmp_path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    rows = hand_rows()
    rows[1][HEADER.index("followers")] = "-1"
    for r in rows:
        ws.append(r)
    wb.save(tmp_path / "inv.xlsx")
    with pytest.raises(DataValidationError, match=r"inv\.xlsx, row 2 \(line 3\), column 'followers'"):
        LI.load_inventory(tmp_path / "inv.xlsx")


# -- indicators (hand-checked) -----------------------------------------------------------------------------------

def test_counts(hand):
    p = I.account_counts(hand, "platform").set_index("platform")["accounts"].to_dict()
    assert p == {"weibo": 2, "wechat": 1, "douyin": 1, "toutiao": 1, "app": 1, "other": 0}
    lv = I.account_counts(hand, "level")
    assert lv["accounts"].tolist() == [1, 3, 1, 1]
    assert lv["share_pct"].iloc[1] == pytest.approx(50.0)
    sec = I.account_counts(hand, "sector")
    assert sec["sector"].tolist() == ["综合", "公安", "教育"] and sec["accounts"].tolist() == [3, 2, 1]
    with pytest.raises(ValueError, match="needs cities="):
        I.account_counts(hand, "division")
    div = I.account_counts(hand, "division", load("hlj_cities"))
    assert div["division"].tolist() == ["哈尔滨市", "大庆市", "(none)", "大兴安岭地区"]  # names canonicalised
    assert div["accounts"].tolist() == [2, 2, 1, 1]


def test_per_100k_uses_census_2020(hand):
    pop = load("hlj_cities")
    out = I.accounts_per_100k(hand, pop).set_index("division")
    pop = pop[pop["indicator"] == "census2020_resident_population"].drop_duplicates("admin_code")
    harbin = float(pop.loc[pop["city_zh"] == "哈尔滨市", "value"].iloc[0])
    assert out.loc["哈尔滨市", "accounts"] == 2  # "哈尔滨市" and "哈尔滨"
    assert out.loc["哈尔滨市", "accounts_per_100k"] == pytest.approx(2 / harbin * 100_000)
    assert out.loc["大庆市", "accounts"] == 2  # "大庆市" and English "Daqing"
    assert out.loc["大兴安岭地区", "accounts"] == 1
    assert len(out) == 13 and out["accounts"].sum() == 5
    assert out.attrs["not_attributed"] == 1 and out.attrs["unmatched"] == {}
    titles = {s["title"] for s in citations(out)}
    assert titles and all("inventory" not in t for t in titles)
    assert any("inventory" in s["title"] for s in out.attrs["sources"])


def test_per_100k_reports_unmatched(tmp_path):
    rows = hand_rows()
    rows[0][HEADER.index("division")] = "长春市"
    out = I.accounts_per_100k(LI.load_inventory(write_csv(tmp_path / "i.csv", rows)), load("hlj_cities"))
    assert out.attrs["unmatched"] == {"长春市": 1}


def test_inactive_share_threshold(hand):
    r = I.inactive_share(hand).iloc[0]
    # days since last post: A1 1, A2 14, A3 15, A4 unknown, A5 89, A6 0 -> inactive A3, A5 of 5 known
    assert (r["known"], r["unknown"], r["inactive"], r["threshold_days"]) == (5, 1, 2, 14)
    assert r["inactive_share_pct"] == pytest.approx(40.0)
    assert I.inactive_share(hand, threshold_days=13).iloc[0]["inactive"] == 3  # A2 (14 days) now inactive
    assert I.INSPECTION_SOURCE["url"] in {s["url"] for s in I.inactive_share(hand).attrs["sources"]}
    byp = I.inactive_share(hand, by="platform").set_index("group")
    assert byp.loc["douyin", "inactive_share_pct"] == 100.0 and byp.loc["weibo", "known"] == 1
    with pytest.raises(ValueError):
        I.inactive_share(hand, threshold_days=-1)


def test_gini_and_concentration(hand):
    # followers known: 1000, 300, 200, 0, 500 (A2 wechat empty). Sorted asc 0,200,300,500,1000; n=5, sum=2000
    # sum (2i-n-1) x = (-4)(0) + (-2)(200) + 0(300) + 2(500) + 4(1000) = -400 + 1000 + 4000 = 4600
    # G = 4600 / (5 * 2000) = 0.46
    c = I.follower_concentration(hand, top_n=2).iloc[0]
    assert c["gini"] == pytest.approx(0.46)
    assert c["accounts_with_followers"] == 5 and c["total_followers"] == 2000
    assert c["top_n_share_pct"] == pytest.approx(75.0)  # (1000 + 500) / 2000
    assert I.gini([5, 5, 5]) == 0.0
    assert I.gini([0, 0, 0, 10]) == pytest.approx(0.75)  # (n-1)/n
    assert I.follower_concentration(hand, top_n=1, platform="weibo").iloc[0]["top_n_share_pct"] == pytest.approx(
        1000 / 1200 * 100)


def test_service_share(hand):
    s = I.service_share(hand).iloc[0]
    # A1 true/3, A2 是/2, A3 false/0, A4 0/empty, A5 unknown, A6 1/5 -> offering 3 of 5 known
    assert (s["known"], s["offering"]) == (5, 3)
    assert s["service_share_pct"] == pytest.approx(60.0)
    assert s["mean_services"] == pytest.approx((3 + 2 + 5) / 3)


def test_services_without_menu_rejected(tmp_path):
    rows = hand_rows()
    rows[2][HEADER.index("n_services")] = "4"  # A3 has_service_menu false
    with pytest.raises(DataValidationError, match=r"row 3 \(line 4\), column 'n_services'"):
        LI.load_inventory(write_csv(tmp_path / "i.csv", rows))


def test_overview_keys(hand):
    ov = I.inventory_overview(hand, load("hlj_cities"))
    assert set(ov) == {"by_platform", "by_level", "by_division", "by_sector", "per_100k", "inactive",
                       "inactive_by_platform", "concentration", "services"}
    assert all(v.attrs.get("sources") for v in ov.values())


# -- chapter 3's section (no papermill): the inventory found, summarised and labelled ---------------------------------

@pytest.mark.parametrize("lang", ["zh", "en"])
def test_inventory_section_with_and_without_file(tmp_path, lang):
    from heilongjiang_newmedia.chapters import status as S
    from heilongjiang_newmedia.loading.context import StudyContext

    ctx = StudyContext.from_params(lang=lang, data_dir=str(tmp_path))
    assert S.inventory(ctx, None) is None                      # nothing supplied: the passage says so
    path = write_csv(tmp_path / "account_inventory.csv", hand_rows())
    iv = S.inventory(ctx, None)                                  # found in data_dir
    assert LI.find_inventory(None, tmp_path) == path
    assert iv["n"] == 6 and iv["inactive_share"] == pytest.approx(40.0) and iv["gini"] == pytest.approx(0.46, abs=1e-3)
    assert iv["per_100k"]["accounts"].sum() == 5                # province-level accounts are not attributed
    t = S.inventory_table(iv["platform"], lang)
    assert ("平台" if lang == "zh" else "Platform") in t.columns
    assert not [c for c in t.columns if "_" in str(c)]           # labelled, no codes
    if lang == "zh":
        assert "微博" in set(t["平台"])


def test_the_methods_read_no_file(hand, monkeypatch):
    """Methods do no I/O: the census table is passed in, and a division table of another content is used as given."""
    import heilongjiang_newmedia.loading.datasets as D

    cities = load("hlj_cities")
    monkeypatch.setattr(D, "load", lambda *a, **k: pytest.fail("a method loaded a dataset"))
    monkeypatch.setattr(D, "_load_cached", lambda *a, **k: pytest.fail("a method read a file"))
    harbin_only = cities[cities["city_zh"] == "哈尔滨市"]
    out = I.accounts_per_100k(hand, harbin_only)
    assert out["division"].tolist() == ["哈尔滨市"] and out.attrs["unmatched"] == {"大庆市": 1, "Daqing": 1,
                                                                                  "大兴安岭": 1}
    assert I.canonical_division("Harbin", cities) == "哈尔滨市" and I.canonical_division("230600", cities) == "大庆市"
    assert I.canonical_division("长春", cities) == "长春"
    I.inventory_overview(hand, cities)
