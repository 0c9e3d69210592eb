"""Loaders: known figures load exactly; every bad-input case gives a clear DataValidationError; encodings."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from heilongjiang_newmedia.loading import datasets
from heilongjiang_newmedia.loading.datasets import DataValidationError, citations, list_datasets, load

DATA = datasets.data_root()


def test_every_source_table_is_bundled_verbatim_with_all_rows():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    paths = {r["name"]: DATA / r["path"] for r in descriptor["resources"] if not r.get("x-researcher-data")}
    assert len(paths) == len(on_disk_csv := list((DATA / "raw").glob("*/*.csv"))) == len(list_datasets()) >= 29
    assert {"references", "policy_provisions", "practices", "notice_items"} <= set(paths)
    # every data file is described by the package, and every described file is there (tests read nothing outside
    # the repository, so the comparison with the transcription sources is a development check, not a test)
    on_disk = {p.resolve() for p in (DATA / "raw").glob("*/*.csv")}
    described = {p.resolve() for p in paths.values()}
    assert described <= on_disk, sorted(str(p) for p in described - on_disk)
    assert {p.stem for p in on_disk - described} <= {r["name"] for r in descriptor["resources"]
                                                     if r.get("x-researcher-data")}


def test_datapackage_is_a_valid_frictionless_package():
    from frictionless import Package

    report = Package(str(DATA / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_bundled_tables_are_recorded_and_pass_every_check(tmp_path):
    """load() trusts a bundled table only as datapackage.json records it (sha256): each one here passes the loader's
    full checks; the same bytes anywhere else, or one byte changed, are validated again."""
    from heilongjiang_newmedia.loading.datasets import _parse_rows, _resource, _validate, is_recorded, read_table_text

    for name in list_datasets():
        res = _resource(name)
        path = DATA / res["path"]
        assert is_recorded(name, path), name                     # the recorded hash is this file's
        header, body = _parse_rows(read_table_text(path, name), path, name)
        assert len(_validate(header, body, res, path, name)) == len(body), name
    path = DATA / _resource("national_series")["path"]
    copy = tmp_path / path.name
    copy.write_bytes(path.read_bytes())
    assert not is_recorded("national_series", copy)             # a researcher's copy is checked in full
    copy.write_bytes(path.read_bytes().replace(b"11.08", b"11.09", 1))
    assert not is_recorded("national_series", copy)


def test_series_breaks_are_recorded_in_descriptions():
    text = json.dumps(json.loads((DATA / "datapackage.json").read_text(encoding="utf-8")), ensure_ascii=False)
    for needle in ("2018-10", "criteria changed in 2019", "2020 census", "economic-census", "2023 revision"):
        assert needle in text, needle


@pytest.mark.parametrize(
    "name, query, column, expected",
    [
        ("national_series", "indicator == 'online_gov_service_users' and cutoff == '2020-12'", "value", 843_000_000),
        ("provinces", "province_zh == '黑龙江' and indicator == 'census2020_resident_population'", "value", "31850088"),
        ("online_service_capability", "eval_year == 2019 and province_zh == '黑龙江' and metric.str.startswith('overall')",
         "score", 77.93),
        ("province_gov_websites", "province_zh == '黑龙江' and confidence == 'medium'", "gov_websites", 207),
        ("un_egdi", "iso3 == 'CHN' and survey_year == 2022 and indicator == 'egdi'", "value", 0.8119),
        ("un_egdi", "iso3 == 'CHN' and survey_year == 2022 and indicator == 'egdi'", "rank", 43),
    ],
)
def test_known_figures_load_exactly(name, query, column, expected):
    df = load(name)
    rows = df.query(query, engine="python")
    assert len(rows) >= 1, query  # several rows = independent copies of the same figure; all must agree
    assert (rows[column] == expected).all(), rows[column].tolist()


def test_typed_columns_and_sources():
    df = load("online_service_capability")
    assert str(df["eval_year"].dtype) == "Int64" and df["score"].dtype == "float64"
    sources = df.attrs["sources"]
    assert df.attrs["dataset"] == "online_service_capability"
    assert sum(s["rows"] for s in sources) == len(df)
    assert {"title", "url", "date", "confidence", "rows"} <= set(sources[0])
    sub = df[(df["eval_year"] == 2019) & (df["province_zh"] == "黑龙江")]
    assert [s["url"] for s in citations(sub)] == ["https://kuaihz.com/tid6/tid77_1390422.html"]


def test_load_is_not_shared_state():
    a = load("hlj_annual_accounts")
    a.loc[0, "count"] = -1
    a.attrs["sources"][0]["title"] = "changed"
    b = load("hlj_annual_accounts")
    assert b["count"].min() >= 0 and b.attrs["sources"][0]["title"] != "changed"


def test_sources_survive_dataframe_operations_as_independent_copies():
    """pandas deep-copies attrs into derived frames; the citations must arrive equal and unshared."""
    import copy

    df = load("online_service_capability")
    sub = df[df["eval_year"] == 2019].sort_values("score")
    assert sub.attrs["sources"] == df.attrs["sources"]
    sub.attrs["sources"][0]["url"] = "changed"
    assert df.attrs["sources"][0]["url"] != "changed"
    deep = copy.deepcopy(df.attrs)
    assert deep == df.attrs and deep["sources"][0] is not df.attrs["sources"][0]


# ---- bad input -------------------------------------------------------------------------------------------------

@pytest.fixture
def user_dir(tmp_path):
    """A researcher's data dir holding a copy of hlj_annual_accounts to be broken by each test."""
    src = DATA / "raw" / "inspections" / "hlj_annual_accounts.csv"
    shutil.copy(src, tmp_path / "hlj_annual_accounts.csv")
    return tmp_path


def _edit(path: Path, fn) -> None:
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(fn(lines)) + "\n", encoding="utf-8")


def _fail(user_dir, *fragments):
    with pytest.raises(DataValidationError) as err:
        load("hlj_annual_accounts", data_dir=user_dir)
    msg = str(err.value)
    for frag in fragments:
        assert frag in msg, msg
    return msg


def test_unknown_dataset_lists_valid_names():
    with pytest.raises(DataValidationError, match=r"unknown dataset 'un_egdy'.*Did you mean un_egdi.*Valid names: "):
        load("un_egdy")
    assert issubclass(DataValidationError, ValueError)


def test_user_file_overrides_bundled(user_dir):
    _edit(user_dir / "hlj_annual_accounts.csv", lambda ls: ls[:2])
    df = load("hlj_annual_accounts", data_dir=user_dir)
    assert len(df) == 1 and df.attrs["path"].startswith(str(user_dir))


def test_missing_data_dir(tmp_path):
    with pytest.raises(DataValidationError, match="is not a directory"):
        load("hlj_annual_accounts", data_dir=tmp_path / "nope")


def test_missing_file(monkeypatch, tmp_path):
    monkeypatch.setattr(datasets, "data_root", lambda: tmp_path)
    monkeypatch.setattr(datasets, "_resources", lambda: {"x": {"name": "x", "path": "raw/g/x.csv", "schema": {}}})
    with pytest.raises(DataValidationError, match=r"dataset 'x': file not found: .*raw/g/x.csv"):
        load("x")


def test_empty_file(user_dir):
    (user_dir / "hlj_annual_accounts.csv").write_text("")
    _fail(user_dir, "hlj_annual_accounts", "is empty")


def test_header_only(user_dir):
    _edit(user_dir / "hlj_annual_accounts.csv", lambda ls: ls[:1])
    _fail(user_dir, "header but no data rows")


def test_missing_column(user_dir):
    path = user_dir / "hlj_annual_accounts.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["count"])
    df.to_csv(path, index=False)
    _fail(user_dir, "missing column(s) count", str(path))


def test_unexpected_column(user_dir):
    path = user_dir / "hlj_annual_accounts.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False).assign(extra="x")
    df.to_csv(path, index=False)
    _fail(user_dir, "unexpected column(s) extra")


def test_unparsable_value(user_dir):
    path = user_dir / "hlj_annual_accounts.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[2, "count"] = "about 300"
    df.to_csv(path, index=False)
    _fail(user_dir, "row 3 (line 4)", "column 'count'", "cannot read 'about 300' as integer")


def test_value_outside_constraint(user_dir):
    path = user_dir / "hlj_annual_accounts.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[0, "count"] = "-5"
    df.to_csv(path, index=False)
    _fail(user_dir, "row 1 (line 2)", "column 'count'", "-5 is below the minimum 0")


def test_bad_enum_and_required(user_dir):
    path = user_dir / "hlj_annual_accounts.csv"
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df.loc[1, "confidence"] = "certain"
    df.to_csv(path, index=False)
    _fail(user_dir, "row 2", "column 'confidence'", "'certain' is not one of high, medium, low")
    df.loc[1, "confidence"] = ""
    df.to_csv(path, index=False)
    _fail(user_dir, "row 2", "column 'confidence'", "required but empty")


def test_percent_over_100(tmp_path):
    src = DATA / "raw" / "inspections" / "hlj_quarterly.csv"
    df = pd.read_csv(src, dtype=str, keep_default_na=False)
    i = int(df.index[df["unit_normalised"] == "percent"][0])
    df.loc[i, "value_numeric"] = "104.5"
    df.to_csv(tmp_path / "hlj_quarterly.csv", index=False)
    with pytest.raises(DataValidationError, match=rf"row {i + 1} .*value_numeric.*104.5 is a percentage"):
        load("hlj_quarterly", data_dir=tmp_path)


def test_duplicate_primary_key(user_dir):
    n_rows = len((user_dir / "hlj_annual_accounts.csv").read_text(encoding="utf-8").splitlines()) - 1
    _edit(user_dir / "hlj_annual_accounts.csv", lambda ls: ls + [ls[1]])
    # the appended copy of data row 1 is data row n_rows + 1, on file line n_rows + 2
    _fail(user_dir, f"row {n_rows + 1} (line {n_rows + 2})", "duplicate primary key", "year='2024'")


def test_truncated_row(user_dir):
    n_rows = len((user_dir / "hlj_annual_accounts.csv").read_text(encoding="utf-8").splitlines()) - 1
    _edit(user_dir / "hlj_annual_accounts.csv", lambda ls: ls[:-1] + [ls[-1].split(",")[0]])
    _fail(user_dir, f"row {n_rows} (line {n_rows + 1})", "1 fields, expected 14")


def test_binary_garbage(user_dir):
    (user_dir / "hlj_annual_accounts.csv").write_bytes(b"PK\x03\x04\x00\x00garbage\x00\xff")
    _fail(user_dir, "not a text CSV")


# ---- encodings -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_read_identically(user_dir, encoding):
    path = user_dir / "hlj_annual_accounts.csv"
    text = path.read_text(encoding="utf-8")
    if encoding == "gbk":  # characters outside GBK would not survive; the bundled file has none
        text.encode("gbk")
    path.write_bytes(text.encode(encoding))
    df = load("hlj_annual_accounts", data_dir=user_dir)
    bundled = load("hlj_annual_accounts")
    pd.testing.assert_frame_equal(df, bundled)
    assert "政务新媒体" in df["platform_zh"].iloc[0]


def test_read_log(tmp_path, monkeypatch):
    log = tmp_path / "reads.txt"
    monkeypatch.setenv(datasets.READ_LOG_ENV, str(log))
    load("hlj_problems")
    assert log.read_text().strip().endswith("raw/inspections/hlj_problems.csv")


def test_researcher_inventory_schema_is_in_the_package_and_in_sync():
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    res = {r["name"]: r for r in descriptor["resources"]}["account_inventory"]
    schema = json.loads((DATA / "templates" / "account_inventory.schema.json").read_text(encoding="utf-8"))
    assert res["schema"] == schema and res["x-researcher-data"] is True
    assert "account_inventory" not in list_datasets()
    assert "account_inventory" in list_datasets(include_researcher=True)
    # the shipped template is empty: a header and no account rows
    assert (DATA / "templates" / "account_inventory.csv").read_text(encoding="utf-8").count("\n") <= 1


# -- the validation engine (frictionless) on the bad-input catalogue, without a build ---------------------------------

def _catalogue_data_cases():
    from test_bad_inputs import CASES

    return [c for c in CASES if c["kind"] == "data"]


@pytest.mark.parametrize("case", _catalogue_data_cases(), ids=lambda c: c["id"])
def test_catalogue_data_cases_in_the_loader(case, tmp_path):
    """Every data case of tests/bad_inputs.yaml, loaded directly: the same verdict and message fragment as the build
    gives (tests/test_bad_inputs.py runs the same cases through ``hlj-newmedia build``)."""
    from test_bad_inputs import transform

    (tmp_path / f"{case['dataset']}.csv").write_bytes(transform(case["dataset"], case["op"]))
    if case["exit"] == 0:
        df = load(case["dataset"], data_dir=tmp_path)
        assert case["expect_in_html"] in set(df["source_title"])
        return
    with pytest.raises(DataValidationError) as err:
        load(case["dataset"], data_dir=tmp_path)
    fragment = case["fragment"].replace("{data_dir}", str(tmp_path)).removeprefix("DataValidationError: ")
    assert fragment in str(err.value)


def test_every_bad_cell_is_reported_at_once(tmp_path):
    """Several bad cells: one message listing each with dataset, file, row, line, column and value, in row order;
    a blank row of spaces counts as empty; a number column's nan is not a figure (reported once)."""
    from test_bad_inputs import transform

    text = transform("national_series", {}).decode("utf-8").splitlines()
    header = text[0].split(",")
    rows = [r.split(",") for r in text[1:4]]
    assert all(len(r) == len(header) for r in rows)  # the first rows have no quoted commas
    j, k = header.index("value"), header.index("source_url")
    rows[0][j], rows[1][j], rows[2][k] = "6.18亿", "nan", "   "
    (tmp_path / "national_series.csv").write_text("\n".join([text[0], *map(",".join, rows), *text[4:]]) + "\n",
                                                 encoding="utf-8")
    with pytest.raises(DataValidationError) as err:
        load("national_series", data_dir=tmp_path)
    lines = str(err.value).splitlines()
    path = tmp_path / "national_series.csv"
    assert lines == [  # column by column (schema order), each column's rows in order (loading/tablecheck.py)
        f"dataset 'national_series': file {path}: 3 problems",
        "  - row 1 (line 2), column 'value': cannot read '6.18亿' as number",
        "  - row 2 (line 3), column 'value': cannot read 'nan' as number",
        "  - row 3 (line 4), column 'source_url': value is required but empty"]


def test_the_problems_stop_at_the_limit(tmp_path):
    from heilongjiang_newmedia.loading.validation import MAX_PROBLEMS, check_table

    schema = {"fields": [{"name": "n", "type": "integer", "constraints": {"minimum": 0}}], "primaryKey": ["n"]}
    body = [[str(-i)] for i in range(1, MAX_PROBLEMS + 10)]
    problems = check_table(["n"], body, schema)
    assert len(problems) == MAX_PROBLEMS and [p.row for p in problems] == list(range(1, MAX_PROBLEMS + 1))
    assert {(p.kind, p.column) for p in problems} == {("minimum", "n")}
    with pytest.raises(DataValidationError) as err:  # the loader counts them all and lists the first 20
        datasets.validate_table((["n"], body), schema, "t", "t.csv")
    lines = str(err.value).splitlines()
    assert lines[:2] == [f"dataset 't': file t.csv: {len(body)} problems",
                         "  - row 1 (line 2), column 'n': -1 is below the minimum 0"]
    assert len(lines) == 1 + 20 + 1 and lines[-1] == f"  - and {len(body) - 20} more"
    dup = check_table(["n"], [["1"], ["2"], ["1"]], schema)
    assert [(p.kind, p.row, p.detail) for p in dup] == [("primary_key", 3, {"key": [("n", "1")]})]


def test_the_loaded_tables_keep_their_types(tmp_path):
    """What the engine returns for a table that passes: nullable integers, floats, booleans, dates and text."""
    schema = {"fields": [{"name": "i", "type": "integer"}, {"name": "x", "type": "number"},
                         {"name": "b", "type": "boolean", "trueValues": ["是"], "falseValues": ["否"]},
                         {"name": "d", "type": "date"}, {"name": "s", "type": "string"}]}
    df = datasets.validate_table(((["s", "d", "b", "x", "i"]), [[" 哈尔滨 ", "2021-03-01", "是", " 1.5", "7"],
                                                               ["", "", "否", "", " "]]), schema, "t", "t.csv")
    assert list(df.columns) == ["i", "x", "b", "d", "s"]
    assert [str(t) for t in df.dtypes] == ["Int64", "float64", "boolean", "datetime64[ns]", "str"]
    assert df["i"].tolist() == [7, pd.NA] and df["x"].iloc[0] == 1.5 and pd.isna(df["x"].iloc[1])
    assert df["b"].tolist() == [True, False] and df["d"].iloc[0] == pd.Timestamp("2021-03-01")
    assert df["s"].iloc[0] == " 哈尔滨 " and pd.isna(df["s"].iloc[1])
