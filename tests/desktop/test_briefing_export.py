"""Briefing export: a PDF (A4, through Qt) and a standalone HTML, from the menu and headless."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import numpy as np
import pypdf
import pytest

from core.analysis.uncertainty import Bands
from core.catalogue.key_figures import KPIS, key_figures
from core.common.formatting import format_value
from core.common.limits import MAX_MONTE_CARLO_SAMPLES
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled
from desktop.widgets.plots import HEADLINE_PLOTS

LABELS = [KPIS[k].label for k in ("us_power_gap_2028", "access_index_2030", "tpu_revenue_2028")]


def pdf_text(path) -> tuple[int, str]:
    reader = pypdf.PdfReader(path)
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", " ", text)


def menu_action(window, name):
    return next(a for a in window.findChildren(type(window.presenter_action))
                if a.objectName() == name)


def expected_values(scenario) -> list[str]:
    figures = key_figures(run_scenario(scenario))
    return [format_value(float(figures[k][0]), KPIS[k].unit)
            for k in ("us_power_gap_2028", "capability_gap_2030", "access_index_2030")]


@pytest.mark.slow
def test_pdf_from_the_menu_holds_the_name_labels_and_values(window, tmp_path):
    window.open_bundled("safe_chips_act")
    window.session.flush()
    path = tmp_path / "brief.pdf"
    asked = []
    window.choose_export_path = lambda caption, suffix, filt: asked.append(suffix) or str(path)
    menu_action(window, "file:briefing_pdf").trigger()
    assert asked == [".pdf"]
    pages, text = pdf_text(path)
    assert pages >= 1
    page = pypdf.PdfReader(path).pages[0]
    assert float(page.mediabox.width) == pytest.approx(595, abs=2)  # A4 portrait, points
    assert float(page.mediabox.height) == pytest.approx(842, abs=2)
    assert window.session.scenario.name in text
    for label in LABELS:
        assert label in text
    for value in expected_values(window.session.scenario):
        assert value in text
    assert "No Monte Carlo run" in text
    images = sum(len(p.images) for p in pypdf.PdfReader(path).pages)
    assert images == len(HEADLINE_PLOTS)


@pytest.mark.slow
def test_html_from_the_menu_embeds_plots_as_data_uris(window, tmp_path):
    window.open_bundled("blackwell_exports")
    window.session.flush()
    path = tmp_path / "brief.html"
    window.choose_export_path = lambda caption, suffix, filt: str(path)
    menu_action(window, "file:briefing_html").trigger()
    text = path.read_text(encoding="utf-8")
    assert window.session.scenario.name in text
    for label in LABELS:
        assert label in text
    for value in expected_values(window.session.scenario):
        assert value in text
    sources = re.findall(r"<img src='([^']*)'", text)
    assert len(sources) == len(HEADLINE_PLOTS)
    assert all(s.startswith("data:image/png;base64,") for s in sources)
    assert "http" not in "".join(sources)


@pytest.mark.slow
def test_window_monte_carlo_bands_become_ranges(window, tmp_path):
    bands = Bands(months=[], percentiles={}, samples=200, seed=7,
                  kpi_percentiles={k: np.array([1.0, 2.0, 3.0, 4.0, 5.0]) for k in KPIS})
    window.session.set_bands(bands, fresh=True)  # as a finished Monte Carlo run hands them
    path = tmp_path / "brief.html"
    window.choose_export_path = lambda *args: str(path)
    menu_action(window, "file:briefing_html").trigger()
    text = path.read_text(encoding="utf-8")
    assert "5–95% range" in text and "Monte Carlo samples" in text


@pytest.mark.slow
def test_a_failed_write_is_reported(window, tmp_path):
    errors = []
    window.show_error = errors.append
    window.choose_export_path = lambda *args: str(tmp_path / "missing" / "brief.pdf")
    menu_action(window, "file:briefing_pdf").trigger()
    missing = tmp_path / "missing"
    assert errors == [f"{missing / 'brief.pdf'}: the folder {missing} does not exist"]


def run_brief(args, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_STATE_HOME=str(tmp_path / "state"))
    env.pop("DISPLAY", None)
    code = f"from desktop.entry import main; raise SystemExit(main({args!r}))"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, timeout=180, cwd=tmp_path)


@pytest.mark.slow
@pytest.mark.subprocess
def test_airace_brief_writes_pdf_and_html_with_monte_carlo_ranges(tmp_path):
    pdf, html = tmp_path / "out.pdf", tmp_path / "out.html"
    done = run_brief(["brief", "safe_chips_act", "--pdf", str(pdf), "--html", str(html),
                      "--mc", "50"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    pages, text = pdf_text(pdf)
    scenario = load_bundled("safe_chips_act")
    assert pages >= 1 and scenario.name in text
    assert "5–95% range" in text and "50 Monte Carlo samples" in text
    for label in LABELS:
        assert label in text
    page_html = html.read_text(encoding="utf-8")
    assert scenario.name in page_html and "data:image/png;base64," in page_html
    assert "50 Monte Carlo samples" in page_html


@pytest.mark.subprocess
@pytest.mark.parametrize(("args", "phrase"), [
    (["brief", "no_such_scenario", "--pdf", "x.pdf"], "no_such_scenario"),
    (["brief", "baseline"], "--pdf"),
    (["brief", "baseline", "--pdf", "x.pdf", "--mc", "many"], "--mc"),
    (["brief", "baseline", "--pdf", "x.pdf", "--mc", "0"], "--mc must be at least 1"),
    (["brief", "baseline", "--pdf", "x.pdf", "--mc", str(MAX_MONTE_CARLO_SAMPLES + 1)],
     f"the limit is {MAX_MONTE_CARLO_SAMPLES:,}"),
    (["brief", "baseline", "--pdf", "nowhere/x.pdf"], "does not exist"),
])
def test_airace_brief_bad_input_exits_2_with_one_line(args, phrase, tmp_path):
    done = run_brief(args, tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and phrase in lines[0] and lines[0].startswith("airace brief:")
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.slow
@pytest.mark.subprocess
def test_pdf_pages_are_numbered_and_plots_sit_two_to_a_row(tmp_path):
    pdf = tmp_path / "base.pdf"
    done = run_brief(["brief", "baseline", "--pdf", str(pdf)], tmp_path)
    assert done.returncode == 0, done.stderr
    reader = pypdf.PdfReader(pdf)
    pages = len(reader.pages)
    assert pages == 2  # text on page one, the six plots two to a row on page two: no lone plot
    for number, page in enumerate(reader.pages, start=1):
        assert f"Page {number} of {pages}" in re.sub(r"\s+", " ", page.extract_text())
    text = pdf_text(pdf)[1].replace("\ufb01", "fi")  # pypdf reads the "fi" ligature as one
    assert text.index("Bottom line.") < text.index("Key figures against the baseline")
    assert "changes no lever and adds no event" in text
    assert "No key figure moves against the baseline" in text
    assert "Light orange bands" in text and "docs/model.md" not in text
    assert "0.00" not in text and "0.0 pts" not in text and "$0.0B" not in text


def test_two_country_captions_name_both_lines_and_the_baseline():
    from desktop.commands.briefing import plot_caption
    caption = plot_caption("us_power_gap_gw")
    assert not caption.startswith("US ")
    assert "blue line US" in caption and "red line China" in caption
    assert "baseline" in caption
    single = plot_caption("capability_gap_months")
    assert "China" not in single.split(":")[1] and "grey line baseline" in single
    assert "(share)" not in plot_caption("open_weight_share")


@pytest.mark.slow
@pytest.mark.subprocess
def test_monte_carlo_shading_is_explained_in_the_pdf(tmp_path):
    pdf = tmp_path / "mc.pdf"
    done = run_brief(["brief", "safe_chips_act", "--pdf", str(pdf), "--mc", "20"], tmp_path)
    assert done.returncode == 0, done.stderr
    pages, text = pdf_text(pdf)
    assert "Monte Carlo range" in text and "Light orange bands" in text
    assert f"Page {pages} of {pages}" in text
    assert "This scenario changes no lever; it adds this event: Export ban from 2026-01" in text


def straddling_rows(document, page_height: float) -> list[int]:
    """Rows of the document's first table whose text runs across a page break."""
    from PySide6.QtGui import QTextTable
    layout = document.documentLayout()
    table = next(frame for frame in document.rootFrame().childFrames()
                 if isinstance(frame, QTextTable))
    rows = []
    for row in range(table.rows()):
        cells = [table.cellAt(row, column) for column in range(table.columns())]
        tops = [layout.blockBoundingRect(cell.lastCursorPosition().block()).top()
                for cell in cells]
        bottoms = [layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom()
                   for cell in cells]
        if int(min(tops) // page_height) != int((max(bottoms) - 1) // page_height):
            rows.append(row)
    return rows


def test_a_table_row_never_runs_across_a_page_break(qapp):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument

    from desktop.commands.briefing import keep_text_rows_whole
    document = QTextDocument()
    document.setHtml("<table>" + "".join(
        f"<tr><td>Key figure {n},<br>end 2028</td><td>+{n}.0 GW</td></tr>"
        for n in range(40)) + "</table>")
    page_height = 307.0  # not a multiple of the rows' height: some row straddles a break
    document.setPageSize(QSizeF(400, page_height))
    assert straddling_rows(document, page_height)
    keep_text_rows_whole(document, page_height)
    assert straddling_rows(document, page_height) == []
    assert document.toPlainText().count("Key figure") == 40  # no row lost or doubled


def test_a_tables_last_row_never_starts_a_page_alone(qapp):
    from PySide6.QtCore import QSizeF
    from PySide6.QtGui import QTextDocument, QTextTable

    from desktop.commands.briefing import keep_text_rows_whole

    def row_pages(document, page_height):
        layout = document.documentLayout()
        table = next(frame for frame in document.rootFrame().childFrames()
                     if isinstance(frame, QTextTable))
        pages = [int(layout.blockBoundingRect(table.cellAt(row, 0).lastCursorPosition()
                                              .block()).top() // page_height)
                 for row in range(table.rows())]
        return pages

    html = "<table>" + "".join(f"<tr><td>Key figure {n}</td><td>+{n}.0 GW</td></tr>"
                               for n in range(12)) + "</table>"
    for page_height in range(150, 400):
        document = QTextDocument()
        document.setHtml(html)
        document.setPageSize(QSizeF(400, page_height))
        pages = row_pages(document, page_height)
        if pages[-1] > pages[-2]:
            break
    else:
        pytest.fail("no page height leaves the last row alone")
    keep_text_rows_whole(document, page_height)
    pages = row_pages(document, page_height)
    assert pages[-1] == pages[-2]  # the row before it went along
    assert document.toPlainText().count("Key figure") == 12
