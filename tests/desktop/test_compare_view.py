"""Compare scenarios: curves overlaid per scenario, differences from a chosen reference, and a
table of what differs (levers, events) and the key figures side by side."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QCheckBox, QComboBox, QMainWindow, QTableWidget, QWidget
from qt_helpers import find

from core.kpis import KPIS
from core.scenario import load_bundled
from core.simulation import run_scenario


def two_scenarios():
    return [("Baseline", load_bundled("baseline")),
            ("Safe chips act", load_bundled("safe_chips_act"))]


def open_compare(window, scenarios):
    window.analysis.choose_compare_scenarios = lambda: scenarios
    find(window, QAction, "analysis:compare").trigger()
    compare = window.findChild(QMainWindow, "compare")
    assert compare is not None and compare.isVisible()
    return compare


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


def test_choosing_one_scenario_is_refused_with_a_message(window, monkeypatch):
    messages = []
    monkeypatch.setattr(type(window), "show_error", lambda self, text: messages.append(text))
    window.analysis.choose_compare_scenarios = lambda: [("Baseline", load_bundled("baseline"))]
    find(window, QAction, "analysis:compare").trigger()
    assert messages and "two" in messages[0]
    assert window.findChild(QMainWindow, "compare") is None




def test_compare_table_fits_without_sideways_scrolling(window, qtbot):
    scenarios = [(f"Scenario {n}", load_bundled(n)) for n in
                 ("baseline", "safe_chips_act", "us_power_crunch", "tpu_expansion")]
    compare = open_compare(window, scenarios)
    qtbot.waitExposed(compare)
    table = find(compare, QTableWidget, "compare:table")
    assert table.horizontalScrollBar().maximum() == 0


def test_scenario_colours_are_not_the_us_china_colours(window):
    from core.palette import CN_COLOUR, US_COLOUR

    compare = open_compare(window, two_scenarios())
    colours = {curve.opts["pen"].color().name() for row in
               compare.plots["cn_legal_imports_h100e"].curves for curve in row}
    assert len(colours) == 2 and not colours & {US_COLOUR, CN_COLOUR}


def test_the_current_file_is_offered_once(window, tmp_path):
    from core.scenario import save_scenario
    from desktop import settings

    path = tmp_path / "mine.json"
    save_scenario(load_bundled("us_power_crunch"), path)
    assert window.open_path(path)
    settings.add_recent_file(tmp_path / "other.json")
    keys = [key for key, _ in window.analysis.compare_candidates()]
    assert "current" in keys and f"file:{path.resolve()}" not in keys
    texts = [text for _, text in window.analysis.compare_candidates()]
    assert "Bundled: US power crunch" in texts  # each file's own name
