"""Chapter notebooks are committed clean: no outputs, a `parameters`-tagged cell, a kernelspec, bilingual narrative
(language-tagged markdown cells, or passages of the chapter's text files shown with ``ch.text``)."""
import json
from pathlib import Path

import pytest

from heilongjiang_newmedia.findings.store import CHAPTER_STEMS as SHORT_NAMES

PACKAGE = Path(__file__).resolve().parents[1] / "heilongjiang_newmedia"
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
    tags = [t for c in nb["cells"] if c["cell_type"] == "markdown" for t in c.get("metadata", {}).get("tags", [])]
    # bilingual narrative: markdown cells tagged by language, or (chapters moved to text files) text/zh.md and en.md
    text = PACKAGE / "chapters" / SHORT_NAMES[path.stem] / "text"
    assert ("lang-zh" in tags and "lang-en" in tags) or ((text / "zh.md").is_file() and (text / "en.md").is_file())


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin(path):
    """Narrative + calls: no function or class definitions in chapter notebooks."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            src = "".join(cell["source"])
            assert "\ndef " not in "\n" + src and "\nclass " not in "\n" + src, src[:200]
