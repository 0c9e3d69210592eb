"""Exhibits API: numbering, captions, source notes, CSV and manifest, deterministic PNG, findings."""
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from heilongjiang_newmedia.reporting import exhibits  # noqa: E402
from heilongjiang_newmedia.reporting.exhibits import Chapter  # noqa: E402

SRC = [{"title": "第47次《中国互联网络发展状况统计报告》", "url": "https://www.cnnic.net.cn/x", "date": "2021-02-03",
        "confidence": "high", "rows": 2},
       {"title": "Low source", "url": "https://example.org/low", "date": "2019", "confidence": "low", "rows": 1}]


@pytest.fixture
def build_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("HLJ_NEWMEDIA_BUILD_DIR", str(tmp_path))
    return tmp_path


def _html(capsys_out: list) -> str:
    return capsys_out


@pytest.fixture
def shown(monkeypatch):
    items = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "display", lambda obj, raw=False: items.append(obj))
    return items


def _fig():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([2019, 2020, 2021], [-1, 2, 3], label="黑龙江")
    ax.set_title("政务新媒体 −1")
    ax.legend()
    return fig


def test_numbering_caption_sources_csv_manifest(build_dir, shown):
    ch = Chapter("03_status", lang="zh")
    data = pd.DataFrame({"year": [2019, 2020], "value": [1.5, 2.5]})
    e1 = ch.exhibit(_fig(), id="trend", title="趋势", data=data, sources=SRC)
    e2 = ch.exhibit(pd.DataFrame({"name": ["<script>alert(1)</script>"]}), id="tbl", title="表格", sources=SRC[:1])
    e3 = ch.exhibit(_fig(), id="trend2", title="趋势二", data=data, sources=[])
    assert (e1["number"], e2["number"], e3["number"]) == ("图3-1", "表3-1", "图3-2")
    html1 = shown[0]["text/html"]
    assert "图3-1" in html1 and "data:image/png;base64," in html1
    assert "第47次《中国互联网络发展状况统计报告》<cite class=\"ref\"" in html1  # the publication, with its marker
    assert html1.count("中国互联网络发展状况统计报告") == 1
    assert "cnnic.net.cn" not in html1 and "<details" not in html1  # the pages read: in REPLICATION.md only
    assert "可信度低" in html1 and e1["low_confidence"]
    html2 = shown[1]["text/html"]
    assert "<script>" not in html2 and "&lt;script&gt;" in html2
    assert "可信度" not in html2.split("资料来源")[1]
    assert "未注明" in shown[2]["text/html"]
    csv = build_dir / "exhibits" / "03_status" / "trend.csv"
    assert pd.read_csv(csv, encoding="utf-8-sig").equals(data)
    manifest = json.loads((build_dir / "exhibits" / "03_status" / "manifest.json").read_text(encoding="utf-8"))
    assert [x["id"] for x in manifest["exhibits"]] == ["trend", "tbl", "trend2"]
    assert manifest["exhibits"][0]["csv"] == "exhibits/03_status/trend.csv"
    with pytest.raises(ValueError, match="used twice"):
        ch.exhibit(_fig(), id="trend", title="x")


def test_english_numbering_and_note(build_dir, shown):
    ch = Chapter("05_comparison", lang="en")
    e = ch.exhibit(pd.DataFrame({"a": [1]}), id="t", title="A table", sources=SRC, note="values rounded")
    assert e["number"] == "Table 5.1"
    html = shown[0]["text/html"]
    assert "Sources: " in html and "low confidence" in html and "Note: values rounded" in html
    assert ch.t(zh="中", en="en") == "en"
    ch.say(zh="{x}", en="Value {x:.1f} of {name}", x=2.345, name="<b>")
    assert shown[-1]["text/markdown"] == "Value 2.3 of &lt;b&gt;"


def test_default_sources_from_data(build_dir, shown):
    ch = Chapter("04_problems", lang="zh")
    df = pd.DataFrame({"v": [1, 2], "source_title": ["T", "T"], "source_url": ["https://t", "https://t"],
                       "source_date": ["2020-01-01", "2020-01-01"], "confidence": ["low", "low"]})
    e = ch.exhibit(df[["v", "source_title", "source_url", "source_date", "confidence"]], id="d", title="t")
    assert [s["title"] for s in e["sources"]] == ["T"] and e["low_confidence"]
    plain = df[["v"]].copy()
    plain.attrs["sources"] = [SRC[0]]
    e = ch.exhibit(plain, id="d2", title="t")
    assert e["sources"][0]["url"] == SRC[0]["url"]


def test_png_deterministic_and_font():
    exhibits.setup_style()
    assert matplotlib.rcParams["font.sans-serif"][0] == exhibits.CJK_FONT_NAME
    assert matplotlib.rcParams["axes.unicode_minus"] is False
    a, b = exhibits._figure_png(_fig()), exhibits._figure_png(_fig())
    assert a == b and b"Software" not in a and b"matplotlib" not in a


def test_rerun_clears_stale_exhibits(build_dir, shown):
    Chapter("03_status", "zh").exhibit(pd.DataFrame({"a": [1]}), id="old", title="t")
    Chapter("03_status", "zh")
    assert not (build_dir / "exhibits" / "03_status" / "old.csv").exists()


def test_a_finding_names_its_numbered_exhibit_and_no_results_file_is_written(build_dir, shown):
    import numpy as np

    from heilongjiang_newmedia.findings import read

    ch = Chapter("01_introduction", lang="zh")
    ch.exhibit(pd.DataFrame({"a": [1]}), id="u", title="u", sources=SRC[:1])
    ch.exhibit(pd.DataFrame({"a": [1]}), id="t", title="t", sources=SRC[:1])
    ch.find("netizens", "value", np.float64(10.11), unit="100 million people", exhibits=["t"])
    got = read("introduction", [build_dir])
    assert got.value("netizens") == 10.11 and [(x.id, x.n) for x in got["netizens"].exhibits] == [("t", 2)]
    text = (build_dir / "findings" / "01_introduction.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), ensure_ascii=False, sort_keys=True, indent=1) + "\n"
    assert not (build_dir / "results").exists()
    with pytest.raises(KeyError, match="exhibit 'missing'"):
        ch.find("other", "count", 1, exhibits=["missing"])
