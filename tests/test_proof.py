"""Proof sheets (``hlj-newmedia proof``) and the print defaults of the charts."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from heilongjiang_newmedia.reporting import charts  # noqa: E402
from heilongjiang_newmedia.reporting.proof import contact_sheets  # noqa: E402


def _pdf(path: Path, portrait: int, landscape: int) -> Path:
    from weasyprint import CSS, HTML

    body = "".join(f'<p style="break-before:{"page" if i else "auto"}">page {i + 1}</p>' for i in range(portrait))
    body += "".join(f'<div class="l">landscape {i + 1}</div>' for i in range(landscape))
    css = CSS(string="@page wide { size: A4 landscape } div.l { page: wide; break-before: page }")
    HTML(string=f"<html><body>{body}</body></html>").write_pdf(str(path), stylesheets=[css])
    return path


def test_contact_sheets_hold_every_page_24_to_a_sheet(tmp_path):
    from PIL import Image

    pdf = _pdf(tmp_path / "b.pdf", 25, 1)
    sheets = contact_sheets(pdf, tmp_path / "proof")
    assert [p.name for p in sheets] == ["proof-01.png", "proof-02.png"]
    full, rest = Image.open(sheets[0]), Image.open(sheets[1])
    assert full.width == rest.width and full.height > 3.5 * rest.height      # 4 rows of 6 vs 1 row (2 pages)
    # the landscape page (26th) is drawn wider than tall: its cell has white paper across its full width
    px = rest.convert("L").load()
    x0 = 12 + (300 + 12) + 1                                                    # second cell of the row
    assert px[x0 + 5, 12 + 150] > 240 and px[x0 + 290, 12 + 150] > 240


def test_proof_command_writes_sheets_and_names_a_missing_book(tmp_path):
    reports = tmp_path / "reports"
    reports.mkdir()
    cli = [sys.executable, "-m", "heilongjiang_newmedia.cli", "proof", "--reports", str(reports)]
    run = subprocess.run(cli, capture_output=True, text=True)
    assert run.returncode == 1 and "book.pdf does not exist" in run.stderr
    _pdf(reports / "book.pdf", 3, 0)
    run = subprocess.run(cli, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in (reports / "proof").iterdir()) == ["proof-01.png"]


# -- charts at print size ----------------------------------------------------------------------------------------
def test_wrap_label_breaks_chinese_and_english_and_shortens():
    assert charts.wrap_label("每百万常住人口政府网站数", 6) == "每百万常住人\n口政府网站数"
    assert charts.wrap_label("Websites per million residents", 8) == "Websites per\nmillion…"
    lines = charts.wrap_label("Websites per million residents", 8, max_lines=3).split("\n")
    assert lines == ["Websites per", "million", "residents"]                # 16 columns a line, at spaces
    assert charts.wrap_label("黑龙江省人民政府办公厅政务公开办公室", 6) == "黑龙江省人民\n政府办公厅…"


def test_time_positions_are_proportional_to_time():
    pos = charts.time_positions(["2020-03", "2020-06", "2023-12", "2019", "2020Q2"])
    assert pos[1] - pos[0] == pytest.approx(0.25)
    assert pos[2] - pos[1] == pytest.approx(3.5)
    assert pos[3] == pytest.approx(2019.5) and pos[4] == pytest.approx(2020.375)


def test_dual_chart_bars_stand_at_their_dates():
    charts.apply_print_defaults()
    left = pd.DataFrame({"cutoff": ["2016-12", "2020-03", "2020-06", "2023-12"], "value": [1e8, 2e8, 3e8, 4e8]})
    right = pd.DataFrame({"cutoff": ["2016-12", "2023-12"], "value": [20.0, 40.0]})
    fig = charts.dual_series_chart(left, right, "cutoff", "value", "Users (100 million)", "Share (%)", left_scale=1e8)
    xs = sorted(p.get_x() + p.get_width() / 2 for p in fig.axes[0].patches)
    assert xs[1] - xs[0] == pytest.approx(3.25) and xs[2] - xs[1] == pytest.approx(0.25)
    assert fig.get_figwidth() == pytest.approx(charts.TEXT_WIDTH_IN)
    assert charts.smallest_print_pt(fig) >= charts.MIN_PRINT_PT
    plt.close(fig)


def test_series_chart_has_no_inner_title_and_print_size_type():
    charts.apply_print_defaults()
    df = pd.DataFrame({"cutoff": ["2018-12", "2019-12", "2020-12"], "value": [1.0, 2.0, 3.0], "s": ["a"] * 3})
    fig = charts.series_chart(df, "cutoff", "value", hue="s", ylabel="Netizens", title="A repeated title")
    assert fig.axes[0].get_title() == ""
    assert charts.smallest_print_pt(fig) >= charts.MIN_PRINT_PT
    plt.close(fig)


def test_smallest_print_pt_sees_tiny_labels_and_oversized_figures():
    fig, ax = plt.subplots(figsize=(charts.TEXT_WIDTH_IN * 3, 3))               # printed at a third
    ax.set_yticks(range(3), ["a", "b", "c"], fontsize=10)
    ax.set_xticks([0, 1], ["x", "y"], fontsize=10)
    assert charts.smallest_print_pt(fig) < charts.MIN_PRINT_PT
    plt.close(fig)
