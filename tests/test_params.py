"""Chapter parameter registry: parsing, validation, CLI errors before any kernel starts, notebooks agree."""
import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from heilongjiang_newmedia import params as P
from heilongjiang_newmedia import paramtypes as PT

ROOT = Path(__file__).resolve().parents[1]
CLI = [sys.executable, "-m", "heilongjiang_newmedia.cli"]
ALL = list(P.CHAPTERS)


def resolve(**assign):
    return P.resolve(ALL, {k: str(v) for k, v in assign.items()})


def test_defaults_resolve_and_types():
    out = P.resolve(ALL)
    assert out["03_status"]["province"] == "黑龙江"
    assert out["05_comparison"]["countries"][0] == "CHN"
    assert out["01_introduction"] == {"province": "黑龙江", "lang": "zh", "start_year": None, "end_year": None,
                                      "data_dir": None}


@pytest.mark.parametrize("assign, expected", [
    ({"province": "Heilongjiang"}, ("03_status", "province", "黑龙江")),
    ({"province": "230000"}, ("03_status", "province", "黑龙江")),
    ({"province": "吉林省"}, ("04_problems", "province", "吉林")),
    ({"benchmarks": "浙江,广东"}, ("03_status", "benchmarks", ["浙江", "广东"])),
    ({"benchmarks": "[Zhejiang, 上海]"}, ("03_status", "benchmarks", ["浙江", "上海"])),
    ({"countries": "chn,Korea"}, ("05_comparison", "countries", ["CHN", "KOR"])),
    ({"start_year": "2015"}, ("01_introduction", "start_year", 2015)),
    ({"end_year": "none"}, ("01_introduction", "end_year", None)),
    ({"target_year": "2030"}, ("06_countermeasures", "target_year", 2030)),
    ({"ahp_matrix": "[[1, 3], [1/3, 1]]"}, ("02_framework", "ahp_matrix", [[1.0, 3.0], [1 / 3, 1.0]])),
    ({"lang": "en"}, ("07_conclusion", "lang", "en")),
])
def test_parse_ok(assign, expected):
    stem, name, value = expected
    assert resolve(**assign)[stem][name] == value


@pytest.mark.parametrize("assign, fragments", [
    ({"provnce": "吉林"}, ["unknown parameter 'provnce'", "Did you mean 'province'"]),
    ({"start_year": "abc"}, ["chapter 01_introduction", "'start_year'", "expected an integer"]),
    ({"start_year": "1990"}, ["'start_year'", "outside the range", "covered by the data"]),
    ({"end_year": "2099"}, ["'end_year'", "outside the range"]),
    ({"start_year": "2020", "end_year": "2015"}, ["'start_year'", "after 'end_year'"]),
    ({"province": "Heilongjang"}, ["chapter 01_introduction", "'province'", "Did you mean Heilongjiang"]),
    ({"benchmarks": "浙江,Atlantis"}, ["'benchmarks'", "unknown province 'Atlantis'"]),
    ({"countries": "CHN,XXY"}, ["chapter 05_comparison", "'countries'", "unknown country 'XXY'"]),
    ({"lang": "fr"}, ["'lang'", "not one of zh, en"]),
    ({"target_year": "2050"}, ["chapter 06_countermeasures", "'target_year'", "outside the range"]),
    ({"ahp_matrix": "[[1, 3], [1/3]]"}, ["chapter 02_framework", "'ahp_matrix'", "not square"]),
    ({"ahp_matrix": "[[1, x], [1, 1]]"}, ["'ahp_matrix'", "not a number"]),
    ({"ahp_matrix": "[[1, 3], [1/2, 1]]"}, ["'ahp_matrix'", "not reciprocal"]),
    ({"ahp_matrix": "[[1, 3], [1/3, 1]"}, ["'ahp_matrix'", "malformed matrix"]),
    ({"ahp_matrix": "7"}, ["'ahp_matrix'", "list of rows"]),
    ({"data_dir": "/no/such/dir"}, ["'data_dir'", "does not exist"]),
])
def test_parse_errors(assign, fragments):
    with pytest.raises(PT.ParameterError) as info:
        resolve(**assign)
    for f in fragments:
        assert f in str(info.value)


def test_unknown_for_selected_chapter_only():
    spec = P.chapter("01")
    with pytest.raises(PT.ParameterError, match="chapter 01_introduction: unknown parameter 'benchmarks'"):
        P.resolve([spec], {"benchmarks": "浙江"})
    # a name declared by another selected chapter applies to that one only
    out = P.resolve([spec, P.chapter("04")], {"benchmarks": "浙江"})
    assert "benchmarks" not in out["01_introduction"] and out["04_problems"]["benchmarks"] == ["浙江"]


def test_yaml_values_and_per_chapter(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("province: Jilin\nbenchmarks: [浙江, 广东]\nchapters:\n  06_countermeasures:\n    target_year: 2030\n",
                 encoding="utf-8")
    out = P.resolve(ALL, {}, PT.load_yaml(f))
    assert out["04_problems"]["province"] == "吉林" and out["04_problems"]["benchmarks"] == ["浙江", "广东"]
    assert out["06_countermeasures"]["target_year"] == 2030
    # typed YAML values are not coerced from the wrong type
    f.write_text("start_year: '2015x'\n", encoding="utf-8")
    with pytest.raises(PT.ParameterError, match="expected an integer"):
        P.resolve(ALL, {}, PT.load_yaml(f))
    f.write_text("province: [吉林\n", encoding="utf-8")
    with pytest.raises(PT.ParameterError, match=r"p.yaml: line \d+, column \d+: malformed YAML"):
        PT.load_yaml(f)
    f.write_text("chapters:\n  04_problems:\n    target_year: 2030\n", encoding="utf-8")
    with pytest.raises(PT.ParameterError, match="chapter 04_problems: unknown parameter 'target_year'"):
        P.resolve(ALL, {}, PT.load_yaml(f))


def test_chapter_selection():
    assert P.chapter("3").stem == "03_status"
    assert P.chapter("03_status.ipynb").stem == "03_status"
    assert P.chapter("conclusion").stem == "07_conclusion"
    with pytest.raises(PT.ParameterError, match="Did you mean 03_status"):
        P.chapter("03_statis")


def test_assignment_syntax():
    assert PT.parse_assignments(["a=b=c"]) == {"a": "b=c"}
    with pytest.raises(PT.ParameterError, match="expected NAME=VALUE"):
        PT.parse_assignments(["province"])


def _notebook_parameters(path: Path) -> dict:
    nb = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", []))
    values = {}
    for node in ast.parse("".join(cell["source"])).body:
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
            values[node.targets[0].id] = ast.literal_eval(node.value)
    return values


@pytest.mark.parametrize("spec", [s for s in P.CHAPTERS], ids=lambda s: s.stem)
def test_notebook_parameters_agree_with_registry(spec):
    path = ROOT / "notebooks" / f"{spec.stem}.ipynb"
    if not path.is_file():
        pytest.skip(f"{spec.stem} notebook not written yet")
    assert _notebook_parameters(path) == spec.defaults(), (
        f"{path.name}: parameters cell and heilongjiang_newmedia/params.py disagree")


def _cli(*args, env_extra=None, cwd=None):
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(CLI + list(args), capture_output=True, text=True, env=env, cwd=cwd)


@pytest.mark.build
def test_cli_parameter_error_exits_2_before_running(tmp_path):
    out = tmp_path / "reports"
    r = _cli("build", "1", "-p", "start_year=1900", "--out", str(out))
    assert r.returncode == 2
    assert "chapter 01_introduction: parameter 'start_year'" in r.stderr
    assert not out.exists()  # nothing ran, nothing written
    r = _cli("build", "99", "--out", str(out))
    assert r.returncode == 2 and "unknown chapter '99'" in r.stderr


def test_cli_list_and_params():
    r = _cli("list")
    assert r.returncode == 0 and "01_introduction" in r.stdout and "07_conclusion" in r.stdout
    r = _cli("params", "6")
    assert r.returncode == 0
    for p in P.chapter("6").params:
        assert p.name in r.stdout
    assert "range: 2020-2035" in r.stdout and "one of: zh, en" in r.stdout      # ranges and choices shown
    for cmd in ("build", "list", "params", "clean"):
        assert _cli(cmd, "--help").returncode == 0


# -- issue 19, item 5: parameters as a person types them ---------------------------------------------------------------
@pytest.mark.parametrize("typed", ["Heilongjiang Province", "黑龙江省", "heilongjiang", "HEILONGJIANG  province",
                                   "Heilongjiang Sheng", "230000"])
def test_province_as_typed(typed):
    assert resolve(province=typed)["04_problems"]["province"] == "黑龙江"


@pytest.mark.parametrize("typed, expected", [
    ("Beijing Municipality", "北京"), ("Tibet Autonomous Region", "西藏"), ("Guangxi Zhuang Autonomous Region", "广西"),
    ("Xinjiang Uygur Autonomous Region", "新疆"), ("Inner Mongolia Autonomous Region", "内蒙古"), ("Shaanxi Province", "陕西"),
])
def test_other_province_name_forms(typed, expected):
    assert resolve(province=typed)["04_problems"]["province"] == expected


@pytest.mark.parametrize("typed", ["浙江,广东", "浙江、广东", "浙江，广东", "浙江; 广东", "Zhejiang Province,广东省"])
def test_list_as_typed_is_two_provinces(typed):
    assert resolve(benchmarks=typed)["04_problems"]["benchmarks"] == ["浙江", "广东"]


def test_kernel_reads_a_typed_list_as_two_provinces():
    """papermill -p benchmarks 浙江,广东 hands the notebook a string: the study context splits it as the CLI does."""
    from heilongjiang_newmedia.loading.context import StudyContext

    ctx = StudyContext.from_params(province="Heilongjiang Province", benchmarks="浙江,广东", peers="吉林、辽宁",
                                   countries="CHN, KOR")
    assert [p.zh for p in ctx.benchmarks] == ["浙江", "广东"] and [p.zh for p in ctx.peers] == ["吉林", "辽宁"]
    assert ctx.province.zh == "黑龙江" and ctx.countries == ("CHN", "KOR")


@pytest.mark.parametrize("spec", [s for s in P.CHAPTERS], ids=lambda s: s.stem)
def test_papermill_lists_every_parameter_without_warnings(spec, caplog):
    """``papermill --help-notebook`` infers every registry parameter from the parameters cell; no line is skipped
    with "Unable to parse" (a second ``=`` in a trailing comment does that)."""
    import logging

    from papermill.inspection import inspect_notebook

    with caplog.at_level(logging.WARNING, logger="papermill"):
        found = inspect_notebook(str(ROOT / "notebooks" / f"{spec.stem}.ipynb"))
    assert list(found) == [p.name for p in spec.params] or set(found) == {p.name for p in spec.params}
    assert not [r for r in caplog.records if "Unable to parse" in r.getMessage()]


@pytest.mark.parametrize("assign, fragments", [
    ({"ahp_matrix": "[[1, 3], [1/3, 1]]", "ahp_criteria": "A,B"},
     ["chapter 02_framework: parameter 'ahp_criteria': 'A', 'B' are not dimensions or indicators of the framework"]),
    ({"ahp_matrix": "[[1, 3], [1/3, 1]]", "ahp_criteria": "reach,servce"}, ["'servce'", "Did you mean service?"]),
    ({"ahp_matrix": "[[1, 3, 1], [1/3, 1, 1], [1, 1, 1]]"},
     ["parameter 'ahp_matrix' is 3x3: name the 3 criteria it compares with -p ahp_criteria="]),
    ({"ahp_matrix": "[[1, 3], [1/3, 1]]", "ahp_criteria": "reach,service,security"}, ["has 2 rows but"]),
    ({"target_year": "2021"}, ["chapter 06_countermeasures: parameter 'target_year': 2021 is not after the year of "
                               "the data"]),
])
def test_values_the_kernel_would_reject_are_rejected_before(assign, fragments):
    with pytest.raises(PT.ParameterError) as info:
        resolve(**assign)
    for f in fragments:
        assert f in str(info.value)


def test_criteria_the_kernel_accepts_pass():
    out = resolve(ahp_matrix="[[1, 3], [1/3, 1]]", ahp_criteria="reach,service")["02_framework"]
    assert out["ahp_criteria"] == ["reach", "service"]
    assert resolve(ahp_matrix="[[1,3,1,1,1],[1/3,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1],[1,1,1,1,1]]")["02_framework"][
        "ahp_criteria"] is None


def test_validation_remembers_what_it_read_from_the_data_and_looks_up_only_new_names(monkeypatch):
    """DataFacts: a rebuild with one new value does not load the region tables again (they and pandas cost the
    first kernel's start 1.5 s of CPU), and an unknown name is refused with suggestions every time."""
    from heilongjiang_newmedia.loading import datasets, regions

    specs = P.select(["4", "6"])
    facts = PT.DataFacts()
    first = P.resolve(specs, {"province": "Heilongjiang", "benchmarks": "浙江,Guangdong"}, facts=facts)
    assert first["04_problems"]["province"] == "黑龙江"
    assert facts.domains["province:Heilongjiang"] == "黑龙江" and facts.domains["province:Guangdong"] == "广东"
    assert facts.years == {"": datasets.latest_source_year(None)}

    def no_lookup(*a, **k):
        raise AssertionError("looked up again")

    monkeypatch.setattr(regions, "resolve_province", no_lookup)
    monkeypatch.setattr(datasets, "latest_source_year", no_lookup)
    again = P.resolve(specs, {"province": "Heilongjiang", "benchmarks": "浙江,Guangdong", "target_year": "2032"},
                      facts=facts)
    assert again["04_problems"]["benchmarks"] == first["04_problems"]["benchmarks"]
    assert again["06_countermeasures"]["target_year"] == 2032
    monkeypatch.undo()
    with pytest.raises(PT.ParameterError, match="unknown province 'Heilongjaing'.*Did you mean"):
        P.resolve(specs, {"province": "Heilongjaing"}, facts=facts)
    assert "province:Heilongjaing" not in facts.domains


def test_a_rebuild_with_a_new_value_validates_on_the_remembered_facts(tmp_path):
    from heilongjiang_newmedia.pipeline.cache import memo_resolve

    seen = []

    def resolve(facts):
        seen.append(dict(facts.domains))
        facts.domains.setdefault("province:黑龙江", "黑龙江")
        return {"06_countermeasures": {"province": "黑龙江"}}

    out = tmp_path / "reports"
    _, remember = memo_resolve(out, {"assignments": ["target_year=2031"]}, resolve, defer=True)
    remember()  # only a build that succeeded remembers
    memo_resolve(out, {"assignments": ["target_year=2032"]}, resolve, defer=True)
    assert seen == [{}, {"province:黑龙江": "黑龙江"}]
    assert json.loads((out / ".cache" / "param-facts.json").read_text(encoding="utf-8"))["domains"] == \
        {"province:黑龙江": "黑龙江"}
