"""The researcher's API (``import heilongjiang_newmedia as hlj``) and the exploration notebook that shows it.

The API tests are fast: the names exist, import lazily and are the package's own functions. ``notebooks/explore.ipynb``
is executed with nbclient in a temporary folder against the shared Chinese build (its ``reports`` parameter), and
what it computes is compared with an independent computation on the CSV files (numpy entropy weights and TOPSIS).
"""
from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXPLORE = ROOT / "notebooks" / "explore.ipynb"
API = ("load", "list_datasets", "describe", "citations", "indicators", "mcda", "evidence", "StudyContext",
       "findings", "resolve_province")


# -- the API --------------------------------------------------------------------------------------------------------

def test_importing_the_package_imports_nothing_else():
    code = ("import sys, heilongjiang_newmedia as hlj\n"
            "print(sorted(m for m in sys.modules if m.startswith(('heilongjiang_newmedia', 'pandas', 'numpy'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['heilongjiang_newmedia']"


def test_the_documented_names_are_the_package_functions():
    import heilongjiang_newmedia as hlj
    from heilongjiang_newmedia.loading import datasets, regions
    from heilongjiang_newmedia.loading.context import StudyContext
    from heilongjiang_newmedia.methods import evidence, indicators, mcda

    assert set(API) <= set(hlj.__all__) <= set(dir(hlj))
    assert (hlj.load, hlj.list_datasets, hlj.describe, hlj.citations) == (
        datasets.load, datasets.list_datasets, datasets.describe, datasets.citations)
    assert (hlj.indicators, hlj.mcda, hlj.evidence, hlj.StudyContext, hlj.resolve_province) == (
        indicators, mcda, evidence, StudyContext, regions.resolve_province)
    for name in hlj.__all__[1:]:
        assert name in (hlj.__doc__ or ""), f"hlj.{name} is not documented in the package docstring"
    with pytest.raises(AttributeError, match="no attribute 'lod'; the API: list_datasets"):
        hlj.lod  # noqa: B018


def test_findings_reads_a_build_and_stays_callable(tmp_path):
    """``hlj.findings`` is the findings subpackage, callable: importing its submodules does not replace it."""
    import heilongjiang_newmedia as hlj
    import heilongjiang_newmedia.findings.store  # noqa: F401  (a submodule import after hlj.findings)
    from heilongjiang_newmedia.findings import Findings, write

    rec = Findings("04_problems", "problems")
    rec.put("P2.verdict", "verdict", "not_supported")
    write(rec, tmp_path)
    got = hlj.findings(4, reports=tmp_path)
    assert got.value("P2.verdict") == "not_supported" and hlj.findings("problems", tmp_path).chapter == "04_problems"
    assert hlj.findings.Findings is Findings
    with pytest.raises(hlj.MissingFindingsError, match=r"no findings of chapter 05_comparison .*hlj-newmedia build 5"):
        hlj.findings("comparison", reports=tmp_path)


def test_explore_notebook_is_committed_clean_and_thin():
    nb = json.loads(EXPLORE.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code)
    assert [c for c in code if "parameters" in c["metadata"].get("tags", [])] == [code[0]]
    for c in code:
        src = "".join(c["source"])
        assert "\ndef " not in "\n" + src and "\nclass " not in "\n" + src and "lambda" not in src, src
    assert "import heilongjiang_newmedia as hlj" in "".join(code[1]["source"])
    used = {n for c in code for n in API if f"hlj.{n}" in "".join(c["source"])}
    assert set(API) - {"resolve_province"} <= used  # the notebook shows the API (provinces: through the context)


# -- the notebook, executed -----------------------------------------------------------------------------------------

def _egdi_2024() -> dict[tuple[str, str], float]:
    with open(ROOT / "data" / "raw" / "international" / "un_egdi.csv", encoding="utf-8-sig", newline="") as fh:
        return {(r["iso3"], r["indicator"]): float(r["value"]) for r in csv.DictReader(fh)
                if r["survey_year"] == "2024" and r["entity_type"] == "country"}


def _entropy_topsis(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Entropy weights (min-max, p = x'/Σx', e = -Σ p ln p / ln n) and TOPSIS closeness (vector normalisation),
    every criterion a benefit, written out independently of the package."""
    mm = (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))
    p = mm / mm.sum(axis=0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0.0)
    e = -plogp.sum(axis=0) / np.log(len(x))
    w = (1 - e) / (1 - e).sum()
    v = x / np.sqrt((x ** 2).sum(axis=0)) * w
    d_plus = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    return w, d_minus / (d_plus + d_minus)


def test_explore_notebook_runs_on_real_data_and_a_build(built_zh, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    out = built_zh.require_ok()
    nb = nbformat.read(str(EXPLORE), as_version=4)
    params = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    params.source = f"reports = {str(out)!r}"
    nb.cells.append(nbformat.v4.new_code_cell(
        "import json\nprint(json.dumps({'datasets': hlj.list_datasets(), 'cited': len(hlj.citations(latest)), "
        "'ranks': {k: int(v) for k, v in hlj.indicators.rank(egdi_2024).items()}, "
        "'weights': weights.to_dict(), 'closeness': hlj.mcda.topsis(matrix, weights, directions)['closeness'].to_dict(), "
        "'verdicts': [hlj.evidence.verdict_for(1, 3), hlj.evidence.verdict_for(2, 0)], "
        "'findings': [intro.chapter, sorted(intro)]}))"))
    work = tmp_path / "explore"
    work.mkdir()
    shutil.copy(EXPLORE, work / EXPLORE.name)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute()
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors
    got = json.loads(nb.cells[-1].outputs[0]["text"])

    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert got["datasets"] == [r["name"] for r in package["resources"] if not r.get("x-researcher-data")]
    table = _egdi_2024()
    countries = ["CHN", "DNK", "KOR", "SGP", "GBR", "USA", "EST"]  # the book's default countries
    egdi = {c: table[(c, "egdi")] for c in countries}
    assert got["ranks"] == {c: 1 + sum(v > egdi[c] for v in egdi.values()) for c in countries}
    crit = ["hci", "osi", "tii"]
    order = sorted(countries)
    w, closeness = _entropy_topsis(np.array([[table[(c, k)] for k in crit] for c in order]))
    assert [got["weights"][k] for k in crit] == pytest.approx(list(w), abs=1e-9)
    assert [got["closeness"][c] for c in order] == pytest.approx(list(closeness), abs=1e-9)
    assert got["verdicts"] == ["not_supported", "supported"] and got["cited"] >= 1
    recorded = json.loads((out / "findings" / "01_introduction.json").read_text(encoding="utf-8"))
    assert got["findings"] == ["01_introduction", sorted(recorded["findings"])]


def test_the_build_and_the_notebook_rules_leave_the_explore_notebook_alone():
    """The build lists its notebooks from the chapter registry, and the chapter-notebook rules match NN_*.ipynb."""
    from heilongjiang_newmedia import params as P

    stems = {s.stem for s in P.select([], notebooks_dir=ROOT / "notebooks")}
    assert "explore" not in stems and stems == {s.stem for s in P.CHAPTERS}
    from test_notebooks_clean import NOTEBOOKS

    assert EXPLORE.is_file() and EXPLORE not in NOTEBOOKS
