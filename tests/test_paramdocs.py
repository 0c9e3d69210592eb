"""docs/parameters.md is generated from the parameter registry and must not be stale; its examples are valid."""
import re
import subprocess
import sys

import yaml

from heilongjiang_newmedia import paramdocs
from heilongjiang_newmedia import params as P
from heilongjiang_newmedia import paramtypes as PT

REGEN = "run: .venv/bin/python -m heilongjiang_newmedia.paramdocs"


def test_docs_parameters_md_is_current():
    path = paramdocs.docs_path()
    assert path.is_file(), f"{path} is missing; {REGEN}"
    assert path.read_text(encoding="utf-8") == paramdocs.render_markdown(), f"{path} is stale; {REGEN}"


def test_render_is_deterministic_and_complete():
    text = paramdocs.render_markdown()
    assert text == paramdocs.render_markdown()
    for spec in P.CHAPTERS:
        assert f"### {spec.number:02d} {spec.title_zh} / {spec.title_en}" in text
        section = text.split(f'<a id="chapter-{spec.number}"></a>')[1].split("<a id=")[0]
        rows = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
        assert rows == [p.name for p in spec.params], spec.stem
    # real values from the registry, formatted as a user would type them
    assert "| `province` | str | `黑龙江` |" in text
    assert "`[浙江, 广东, 上海, 江苏, 北京]`" in text
    assert "| `sensitivity_pct` | float | `10` | 0 to 100 |" in text
    assert "1997 to 2025; or `None`" in text                         # start_year/end_year range (P.DATA_YEARS)
    assert "| `lang` | str | `zh` | one of `zh`, `en` |" in text                # a parameter with choices
    # the common table lists province (used by six chapters) with the chapters that use it
    common = text.split("## Common parameters")[1].split("## Parameters by chapter")[0]
    assert "| `province` |" in common and "[02](#chapter-2)" in common
    assert "| `target_year` |" not in common                           # only chapter 6
    # presets and province names
    for preset in ("heilongjiang_zh.yaml", "heilongjiang_en.yaml", "jilin_en.yaml", "custom_benchmarks.yaml"):
        assert f"params/{preset}" in text
    assert "| 黑龙江 | 黑龙江省 | Heilongjiang | 230000 |" in text
    assert len(re.findall(r"^\| \S+ \| \S+ \| [^|]+ \| \d{6} \|$", text, flags=re.M)) == 31


def test_examples_on_the_page_are_valid_parameters():
    text = paramdocs.render_markdown()
    block = re.search(r"```yaml\n(.*?)```", text, flags=re.S).group(1)
    out = P.resolve(list(P.CHAPTERS), file_values=yaml.safe_load(block))
    assert out["03_status"]["province"] == "吉林" and out["07_conclusion"]["lang"] == "en"
    assert out["05_comparison"]["start_year"] == 2015 and out["03_status"]["start_year"] is None
    assert out["02_framework"]["ahp_matrix"] == [[1.0, 3.0], [1 / 3, 1.0]]
    for line in re.search(r"```sh\n(.*?)```", text, flags=re.S).group(1).splitlines():
        words = line.split("#")[0].split()
        chosen = [w for w in words[2:] if w.isdigit()]
        assign = [quoted or bare for quoted, bare in re.findall(r"-p (?:'([^']*)'|(\S+))", line)]
        specs = P.select(chosen)
        P.resolve(specs, PT.parse_assignments(assign), overrides={"lang": "en" if "--lang en" in line else None})


def test_module_check_command(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "heilongjiang_newmedia.paramdocs", "--check"],
                        capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "parameters.md").write_text("old\n", encoding="utf-8")
    assert not paramdocs.is_current(tmp_path)
    paramdocs.write(tmp_path)
    assert paramdocs.is_current(tmp_path)
