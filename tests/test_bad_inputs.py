"""Bad-input catalogue (issue 8, item 1): every case in ``tests/bad_inputs.yaml`` runs ``hlj-newmedia build`` in a
subprocess against a copy of one good build of the real chapter 1 and checks the exit status, the exact message
fragment on stderr and that the previous good reports are byte-identical afterwards.

Cost: one good build (~12 s) and one subprocess per case, run a few at a time (each case has its own out dir).
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "heilongjiang_newmedia.cli", "build"]
CASES = yaml.safe_load((Path(__file__).with_name("bad_inputs.yaml")).read_text(encoding="utf-8"))
DATA = {"national_series": ROOT / "data" / "raw" / "cnnic" / "national_series.csv",
        "related_non_cnnic_benchmarks": ROOT / "data" / "raw" / "cnnic" / "related_non_cnnic_benchmarks.csv"}


def digest(out: Path) -> dict[str, str]:
    """sha256 of every file under ``out`` except the kept failing notebooks."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file() and "_failed" not in p.relative_to(out).parts}


def env() -> dict[str, str]:
    e = {**os.environ, "HLJ_NEWMEDIA_PROJECT_ROOT": str(ROOT)}
    for k in ("HLJ_NEWMEDIA_BUILD_DIR", "HLJ_NEWMEDIA_DATA_DIR", "HLJ_NEWMEDIA_READ_LOG"):
        e.pop(k, None)
    return e


def run(args: list[str], out: Path) -> subprocess.CompletedProcess:
    t = time.perf_counter()
    r = subprocess.run(CLI + ["--out", str(out), "--jobs", "1", *args], capture_output=True, text=True, env=env(),
                       timeout=300, cwd=ROOT)
    r.seconds = time.perf_counter() - t
    return r


# -- data file transformations ---------------------------------------------------------------------------------------
def transform(dataset: str, op: dict) -> bytes:
    text = DATA[dataset].read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header, body = rows[0], rows[1:]
    if op.get("empty"):
        return b""
    if "bytes" in op:
        return bytes.fromhex(op["bytes"])
    if op.get("header_only"):
        body = []
    if "drop_column" in op:
        j = header.index(op["drop_column"])
        header = header[:j] + header[j + 1:]
        body = [r[:j] + r[j + 1:] for r in body]
    if "add_column" in op:
        header = header + [op["add_column"]]
        body = [r + ["x"] for r in body]
    if "set" in op:
        s, j = op["set"], header.index(op["set"]["column"])
        if "where" in s:
            (col, val), = s["where"].items()
            i = next(i for i, r in enumerate(body) if r[header.index(col)] == val)
        else:
            i = s["row"] - 1
        body[i][j] = s["value"]
    for one in op.get("sets", []):  # several bad cells at once
        body[one["row"] - 1][header.index(one["column"])] = one["value"]
    if "set_rows" in op:  # the same bad value in rows 1..n
        j = header.index(op["set_rows"]["column"])
        for i in range(op["set_rows"]["rows"]):
            body[i][j] = op["set_rows"]["value"]
    if "trailing_empty_columns" in op:  # as spreadsheets save them: ",,," after the last column
        k = op["trailing_empty_columns"]
        header, body = header + [""] * k, [r + [""] * k for r in body]
    if "unnamed_column_value" in op:  # a column without a name that does hold a value
        header, body = header + [""], [r + [""] for r in body]
        body[op["unnamed_column_value"]["row"] - 1][-1] = op["unnamed_column_value"]["value"]
    if "duplicate_row" in op:
        body.insert(op["duplicate_row"], list(body[op["duplicate_row"] - 1]))
    if "truncate_row" in op:
        i = op["truncate_row"] - 1
        body[i] = body[i][:7]
    buf = io.StringIO(newline="")
    if op.get("utf16_tab"):  # Excel's "Unicode text": UTF-16 little-endian with BOM, tab-separated, CRLF
        csv.writer(buf, delimiter="\t", lineterminator="\r\n").writerows([header, *body])
        return buf.getvalue().encode("utf-16")
    csv.writer(buf, lineterminator="\n").writerows([header, *body])
    return buf.getvalue().encode("gbk" if op.get("encode_gbk") else "utf-8")


def notebook_dir(tmp: Path, op: dict) -> Path:
    nbdir = tmp / "notebooks"
    nbdir.mkdir()
    src = ROOT / "notebooks" / "01_introduction.ipynb"
    dst = nbdir / src.name
    if op.get("corrupt_json"):
        text = src.read_text(encoding="utf-8")  # cut at a character boundary: broken JSON, valid UTF-8
        dst.write_text(text[: len(text) // 2], encoding="utf-8")
    elif "insert_cell" in op:
        import nbformat
        from nbformat.v4 import new_code_cell

        nb = nbformat.read(str(src), as_version=4)
        i = next(i for i, c in enumerate(nb.cells) if "parameters" in c.metadata.get("tags", []))
        nb.cells.insert(i + 1, new_code_cell(op["insert_cell"]))
        nbformat.write(nb, str(dst))
    return nbdir


def prepare(case: dict, tmp: Path) -> list[str]:
    """Write the case's inputs under ``tmp``; returns the build arguments."""
    args = [str(a) for a in case.get("args", ["1"])]
    subst = {"{a_file}": str(tmp / "a_file.txt"), "{params_file}": str(tmp / "params.yaml")}
    (tmp / "a_file.txt").write_text("not a directory\n", encoding="utf-8")
    if "yaml" in case:
        (tmp / "params.yaml").write_text(case["yaml"], encoding="utf-8")
    if case["kind"] == "data":
        dd = tmp / "data"
        dd.mkdir()
        (dd / f"{case['dataset']}.csv").write_bytes(transform(case["dataset"], case["op"]))
        args += ["--data-dir", str(dd)]
    if case["kind"] == "notebook":
        args += ["--notebooks", str(notebook_dir(tmp, case["op"]))]
    return [subst.get(a, a) for a in args]


# -- one good build, then all cases (a few at a time, each on its own copy of the good build) -------------------------
@pytest.fixture(scope="module")
def good(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("good") / "reports"
    r = run(["1"], out)
    assert r.returncode == 0, r.stderr
    return out


@pytest.fixture(scope="module")
def outcomes(good, tmp_path_factory) -> dict[str, dict]:
    before = digest(good)
    base = tmp_path_factory.mktemp("cases")

    def one(case: dict) -> dict:
        tmp = base / case["id"]
        tmp.mkdir()
        out = tmp / "reports"
        shutil.copytree(good, out)
        assert digest(out) == before
        args = prepare(case, tmp)
        r = run(args, out)
        return {"rc": r.returncode, "stderr": r.stderr, "seconds": r.seconds, "after": digest(out), "out": out,
                "tmp": tmp}

    with ThreadPoolExecutor(max_workers=max(2, min(4, (os.cpu_count() or 1) + 1))) as pool:
        results = dict(zip([c["id"] for c in CASES], pool.map(one, CASES)))
    for v in results.values():
        v["before"] = before
    return results


def test_catalogue_size_and_coverage():
    kinds = [c["kind"] for c in CASES]
    assert len(CASES) >= 25 and len({c["id"] for c in CASES}) == len(CASES)
    assert kinds.count("param") >= 10 and kinds.count("data") >= 12 and kinds.count("notebook") >= 1
    assert all(c["fragment"] for c in CASES)


@pytest.mark.build
@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_bad_input(case, outcomes):
    o = outcomes[case["id"]]
    stderr = o["stderr"]
    fragment = case["fragment"].replace("{data_dir}", str(o["tmp"] / "data"))
    assert o["rc"] == case["exit"], stderr
    assert fragment in stderr, stderr
    assert "Traceback (most recent call last)" not in stderr, stderr
    if case["exit"] == 0:  # the GBK file without declaration is read correctly
        page = (o["out"] / "html" / "01_introduction.html").read_text(encoding="utf-8")
        assert case["expect_in_html"] in page
        return
    assert o["after"] == o["before"], "previous good reports changed"
    assert not (o["out"] / ".staging").exists()
    if case["exit"] == 2:  # rejected before any kernel started
        assert "running" not in stderr and "queued" not in stderr, stderr
        assert not (o["out"] / "_failed").exists()
    elif case["kind"] == "notebook" and case["op"].get("corrupt_json"):
        assert "error: chapter 01_introduction" in stderr and "running" not in stderr, stderr
    else:
        assert "FAILED: 1 of 1" in stderr, stderr
