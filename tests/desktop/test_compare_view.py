"""Compare scenarios: curves overlaid per scenario, differences from a chosen reference, and a
table of what differs (levers, events) and the key figures side by side."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTabWidget,
    QWidget,
)
from qt_helpers import find

from core.analysis.paired import paired_effect, sign_in_words
from core.catalogue.key_figures import KPIS
from core.common.formatting import format_value
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled


def two_scenarios():
    return [("Baseline", load_bundled("baseline")),
            ("Safe chips act", load_bundled("safe_chips_act"))]


def open_compare(window, scenarios):
    window.analysis.choose_compare_scenarios = lambda: scenarios
    find(window, QAction, "analysis:compare").trigger()
    compare = window.findChild(QMainWindow, "compare")
    assert compare is not None and compare.isVisible()
    return compare


@pytest.mark.slow
def test_compare_overlays_each_scenario_and_lists_what_differs(window):
    compare = open_compare(window, two_scenarios())
    assert not compare.isModal()
    expected = [run_scenario(s) for _, s in two_scenarios()]
    imports = compare.plots["cn_legal_imports_h100e"]
    for index, results in enumerate(expected):
        assert np.allclose(imports.curve_data(index), results.central("cn_legal_imports_h100e"))
    assert not np.allclose(imports.curve_data(0), imports.curve_data(1))
    assert set(compare.plots) == set(window.plot_grid.output_ids())
    assert "Safe chips act" in find(compare, QWidget, "compare:key").text()

    rows = compare.table_rows()
    table = find(compare, QTableWidget, "compare:table")
    assert table.columnCount() == 3
    assert rows[0][0].startswith("Key figures")
    labels = [row[0] for row in rows]
    for kpi in KPIS.values():
        assert kpi.label in labels
    events_row = next(row for row in rows if row[0].startswith("events"))
    assert events_row[1] == "(none)"
    assert "Export ban" in events_row[2]
    imports_row = next(row for row in rows if row[0] == KPIS["cn_legal_imports_2026_2028"].label)
    assert "(-" in imports_row[2]  # the ban cuts imports: a difference against the reference


@pytest.mark.slow
def test_difference_view_against_a_chosen_reference(window):
    compare = open_compare(window, two_scenarios())
    find(compare, QCheckBox, "compare:difference").setChecked(True)
    gap = compare.plots["us_power_gap_gw"]
    imports = compare.plots["cn_legal_imports_h100e"]
    assert np.allclose(imports.curve_data(0), 0)  # the reference against itself
    a, b = (run_scenario(s).central("cn_legal_imports_h100e") for _, s in two_scenarios())
    assert np.allclose(imports.curve_data(1), b - a)
    assert gap.zero_line.isVisible()

    reference = find(compare, QComboBox, "compare:reference")
    reference.setCurrentIndex(1)
    assert np.allclose(imports.curve_data(1), 0)
    assert np.allclose(imports.curve_data(0), a - b)
    assert compare.table_rows()[0][2].endswith("(reference)") or "(reference)" in \
        compare.table.horizontalHeaderItem(2).text()


@pytest.mark.slow
def test_compare_with_the_current_scenario_and_a_cancelled_choice(window):
    window.session.set_lever("us_dc_committed_additions_gw_per_year", 20.0)
    window.analysis.choose_compare_scenarios = lambda: None
    find(window, QAction, "analysis:compare").trigger()
    assert window.findChild(QMainWindow, "compare") is None
    current = window.analysis.load_compare_candidate("current")
    compare = open_compare(window, [current, ("Baseline", load_bundled("baseline"))])
    rows = compare.table_rows()
    lever_row = next(row for row in rows if row[0] == "US committed data-centre power")
    assert lever_row[1].startswith("20")
    candidates = window.analysis.compare_candidates()
    assert any(key == "bundled:safe_chips_act" for key, _ in candidates)


@pytest.mark.slow
def test_choosing_one_scenario_is_refused_with_a_message(window, monkeypatch):
    messages = []
    monkeypatch.setattr(type(window), "show_error", lambda self, text: messages.append(text))
    window.analysis.choose_compare_scenarios = lambda: [("Baseline", load_bundled("baseline"))]
    find(window, QAction, "analysis:compare").trigger()
    assert messages and "two" in messages[0]
    assert window.findChild(QMainWindow, "compare") is None




@pytest.mark.slow
def test_compare_table_fits_without_sideways_scrolling(window, qtbot):
    scenarios = [(f"Scenario {n}", load_bundled(n)) for n in
                 ("baseline", "safe_chips_act", "us_power_crunch", "tpu_expansion")]
    compare = open_compare(window, scenarios)
    qtbot.waitExposed(compare)
    table = find(compare, QTableWidget, "compare:table")
    assert table.horizontalScrollBar().maximum() == 0
    one_line = table.fontMetrics().height() + 12
    labels = [row[0] for row in compare.table_rows()]
    kpi_rows = [labels.index(kpi.label) for kpi in KPIS.values()]
    qtbot.waitUntil(lambda: max(map(table.rowHeight, kpi_rows)) <= one_line)  # not sized
    # while the columns were narrow


@pytest.mark.slow
def test_compare_keeps_us_blue_and_china_red_and_tells_scenarios_by_line_style(window):
    from core.common.palette import CN_COLOUR, US_COLOUR

    compare = open_compare(window, two_scenarios())
    rows = compare.plots["us_dc_capacity_gw"].curves  # [scenario][US, China]
    assert [[curve.opts["pen"].color().name() for curve in row] for row in rows] == [
        [US_COLOUR, CN_COLOUR]] * 2
    styles = [row[0].opts["pen"].style() for row in rows]
    assert len(set(styles)) == 2  # one stroke per scenario
    chinese = compare.plots["cn_legal_imports_h100e"].curves
    assert {row[0].opts["pen"].color().name() for row in chinese} == {CN_COLOUR}
    key = find(compare, QWidget, "compare:key").text()
    assert key.count("<nobr>") == 2  # a scenario's name never wraps in its middle


@pytest.mark.slow
def test_the_current_file_is_offered_once(window, tmp_path):
    from core.formats.scenario import save_scenario
    from desktop.state import settings

    path = tmp_path / "mine.json"
    save_scenario(load_bundled("us_power_crunch"), path)
    assert window.open_path(path)
    settings.add_recent_file(tmp_path / "other.json")
    keys = [key for key, _ in window.analysis.compare_candidates()]
    assert "current" in keys and f"file:{path.resolve()}" not in keys
    texts = [text for _, text in window.analysis.compare_candidates()]
    assert "Bundled: US power crunch" in texts  # each file's own name


# ---- the policy effect with its uncertainty (paired worlds) -------------------------------------
def open_paired_tab(compare, qtbot):
    tabs = find(compare, QTabWidget, "compare:tabs")
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    assert tabs.currentWidget() is find(compare, QWidget, "compare:paired")
    return compare.paired


def type_samples(panel, qtbot, count: int) -> None:
    box = find(panel, QSpinBox, "compare:paired_samples")
    box.selectAll()
    qtbot.keyClicks(box, str(count))
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert box.value() == count


@pytest.mark.slow
def test_run_shows_each_scenarios_effect_over_the_same_worlds(window, qtbot):
    compare = open_compare(window, two_scenarios())
    qtbot.waitExposed(compare)
    panel = open_paired_tab(compare, qtbot)
    assert find(panel, QSpinBox, "compare:paired_samples").value() == 1000  # the default
    assert panel.rows() == []
    type_samples(panel, qtbot, 300)
    qtbot.mouseClick(find(panel, QPushButton, "compare:paired_run"), Qt.MouseButton.LeftButton)
    assert find(panel, QProgressBar, "compare:paired_progress").isVisible()
    qtbot.waitUntil(lambda: len(panel.rows()) == 1 + len(KPIS), timeout=30_000)
    assert not find(panel, QProgressBar, "compare:paired_progress").isVisible()
    assert find(panel, QPushButton, "compare:paired_run").isEnabled()

    (_, a), (_, b) = two_scenarios()
    expected = paired_effect(a, b, 300, a.uncertainty.seed)
    rows = panel.rows()
    assert rows[0][0] == "Safe chips act minus Baseline"
    for row, kpi in zip(rows[1:], expected.kpis, strict=True):
        assert row == [kpi.label, format_value(kpi.median, kpi.unit, signed=True),
                       f"{format_value(kpi.low, kpi.unit, signed=True)} to "
                       f"{format_value(kpi.high, kpi.unit, signed=True)}", sign_in_words(kpi)]
    imports = next(row for row in rows if row[0] == KPIS["cn_legal_imports_2026_2028"].label)
    assert imports[1].startswith("-")  # the ban cuts China's imports in every world
    assert imports[3] == "China's legal imports smaller in 100% of worlds"
    note = find(panel, QLabel, "compare:paired_note").text()
    assert "300" in note and f"seed {a.uncertainty.seed}" in note


@pytest.mark.slow
def test_a_new_reference_clears_the_effects_and_runs_against_it(window, qtbot):
    compare = open_compare(window, two_scenarios())
    panel = open_paired_tab(compare, qtbot)
    type_samples(panel, qtbot, 200)
    run = find(panel, QPushButton, "compare:paired_run")
    qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.rows()) > 1, timeout=30_000)
    find(compare, QComboBox, "compare:reference").setCurrentIndex(1)
    assert panel.rows() == []
    qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: len(panel.rows()) > 1, timeout=30_000)
    assert panel.rows()[0][0] == "Baseline minus Safe chips act"
    imports = next(row for row in panel.rows()
                   if row[0] == KPIS["cn_legal_imports_2026_2028"].label)
    assert imports[3] == "China's legal imports larger in 100% of worlds"


@pytest.mark.slow
def test_cancel_stops_the_paired_run_and_leaves_the_table_empty(window, qtbot):
    compare = open_compare(window, two_scenarios())
    panel = open_paired_tab(compare, qtbot)
    type_samples(panel, qtbot, 200_000)  # 20 blocks of two runs: far longer than the test
    qtbot.mouseClick(find(panel, QPushButton, "compare:paired_run"), Qt.MouseButton.LeftButton)
    job = panel.slot.job
    assert job is not None and job.is_running()
    cancel = find(panel, QPushButton, "compare:paired_cancel")
    assert cancel.isVisible()
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert not cancel.isVisible() and find(panel, QPushButton, "compare:paired_run").isEnabled()
    assert "Cancelled" in find(panel, QLabel, "compare:paired_note").text()
    assert job.wait(10)  # stopped at the next block
    qtbot.wait(50)
    assert panel.rows() == []


def paired_thread_running() -> bool:
    return any(thread.name == "paired compare" for thread in threading.enumerate())


def start_a_long_paired_run(window, qtbot):
    compare = open_compare(window, two_scenarios())
    panel = open_paired_tab(compare, qtbot)
    type_samples(panel, qtbot, 200_000)
    qtbot.mouseClick(find(panel, QPushButton, "compare:paired_run"), Qt.MouseButton.LeftButton)
    assert paired_thread_running()
    return compare


@pytest.mark.slow
def test_closing_the_window_stops_a_paired_run(window, qtbot):
    start_a_long_paired_run(window, qtbot).close()
    assert not paired_thread_running()


def test_the_table_shows_each_scenarios_evidence(window):
    base = load_bundled("baseline")
    argued = (base.with_lever("export_fee_share", 0.3)
              .with_evidence("export_fee_share", "Fees fund the grid", "Commerce memo 2026"))
    compare = open_compare(window, [("Baseline", base), ("Fee", argued)])
    rows = compare.table_rows()
    evidence = next(row for row in rows if row[0].startswith("rationale"))
    assert evidence[1] == "(none given)"
    assert "Fees fund the grid (source: Commerce memo 2026)" in evidence[2]
    table = find(compare, QTableWidget, "compare:table")
    lever_row = next(r for r, row in enumerate(rows) if row[0] == "Export fee")
    assert table.item(lever_row, 2).toolTip() == \
        "Why: Fees fund the grid (source: Commerce memo 2026)"
    assert table.item(lever_row, 1).toolTip() == ""


@pytest.mark.slow
def test_closing_the_main_window_stops_a_paired_run(window, qtbot):
    start_a_long_paired_run(window, qtbot)
    window.close()
    assert not paired_thread_running()
