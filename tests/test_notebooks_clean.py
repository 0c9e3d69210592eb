"""Chapter notebooks are committed clean: no outputs, a `parameters`-tagged cell, a kernelspec, bilingual narrative
(markdown cells tagged lang-zh and lang-en, or -- for a chapter moved to text files -- no markdown cells at all and a
Chapter built on the study context, whose prose comes from chapters/<name>/text/zh.md and en.md)."""
import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def test_there_are_chapter_notebooks():
    assert "01_introduction.ipynb" in {p.name for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_clean(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(not c.get("outputs") and c.get("execution_count") is None for c in code), "committed with outputs"
    tagged = [c for c in code if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, "exactly one cell tagged 'parameters'"
    assert "lang" in "".join(tagged[0]["source"])
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
    tags = [t for c in markdown for t in c.get("metadata", {}).get("tags", [])]
    text_files = not markdown and "context=ctx" in "".join("".join(c["source"]) for c in code)
    assert ("lang-zh" in tags and "lang-en" in tags) or text_files


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin(path):
    """Narrative + calls: no function or class definitions in chapter notebooks."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            assert "\ndef " not in "\n" + src and "\nclass " not in "\n" + src, src[:200]
