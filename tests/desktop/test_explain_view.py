"""Why did this move: the waterfall opens from a key-figure card's context menu and from the
Analysis menu, follows lever moves off the GUI thread, and its bars add up to the change."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QContextMenuEvent
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QMenu, QTableWidget
from qt_helpers import find

from core.analysis.explain import EXACT_LIMIT, explain
from core.catalogue.key_figures import KPIS
from core.catalogue.levers import LEVERS
from core.formats.scenario import load_bundled
from desktop.pytest_plugin import find_key_figure, find_lever_spin, set_lever
from desktop.windows.explain_window import signed

KPI = "us_power_gap_2028"
LEVER = "us_dc_committed_additions_gw_per_year"


def wait_for_current(qtbot, view, window):
    """Until the waterfall shows the session's scenario as it is now."""
    qtbot.waitUntil(lambda: view.explained is not None
                    and view.explained[0] == window.session.scenario
                    and not view.timer.isActive(), timeout=10_000)


def open_from_menu(window, qtbot):
    find(window, QAction, "analysis:explain").trigger()
    view = window.findChild(QDialog, "explain")
    assert view is not None and view.isVisible() and not view.isModal()
    wait_for_current(qtbot, view, window)
    return view


def assert_bars_add_up(view):
    attribution = view.attribution
    starts, ends = view.drawn_steps()
    assert starts[0] == pytest.approx(attribution.reference_value, rel=1e-12, abs=1e-12)
    assert ends[-1] == attribution.scenario_value
    assert np.allclose(starts[1:], ends[:-1])  # each step starts where the last one ended
    assert np.sum(ends - starts) == pytest.approx(attribution.total, rel=1e-9, abs=1e-12)
    assert sum(item.contribution for item in attribution.items) == pytest.approx(
        attribution.total, rel=1e-12, abs=1e-12)


def table_rows(view):
    table = find(view, QTableWidget, "explain:table")
    return [[table.item(row, column).text() if table.item(row, column) else ""
             for column in range(table.columnCount())] for row in range(table.rowCount())]


# a popup menu on the offscreen platform: it cannot raise windows or grab the keyboard
@pytest.mark.slow
@pytest.mark.qt_log_ignore(r"This plugin does not support (raise|grabbing the keyboard)")
def test_a_cards_context_menu_opens_the_waterfall_for_that_figure(make_window, qtbot):
    window = make_window("us_power_crunch")
    window.show()
    card = find_key_figure(window, KPI)
    centre = card.rect().center()
    QApplication.sendEvent(card, QContextMenuEvent(QContextMenuEvent.Reason.Mouse, centre,
                                                   card.mapToGlobal(centre)))
    menu = find(card, QMenu, f"kpi:{KPI}:menu")
    assert menu.isVisible()
    action = find(menu, QAction, f"kpi:{KPI}:explain")
    assert action.text() == "Why did this move?"
    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(action).center())
    view = window.findChild(QDialog, "explain")
    assert view is not None and view.isVisible()
    assert find(view, QComboBox, "explain:target").currentData() == f"kpi:{KPI}"
    wait_for_current(qtbot, view, window)
    attribution = view.attribution
    assert attribution.label == KPIS[KPI].label
    assert attribution.scenario_value == pytest.approx(float(window.session.figures[KPI][0]),
                                                       rel=1e-9)
    assert attribution.reference_value == pytest.approx(
        float(window.session.baseline_figures[KPI][0]), rel=1e-9)
    assert attribution.total > 1  # the power crunch raises the 2028 shortfall by GW
    assert len(view.item_bars.opts["x0"]) == len(attribution.items) == 2
    assert_bars_add_up(view)
    rows = table_rows(view)
    assert rows[-1][0] == "Total change" and rows[-2][0].startswith("Interaction")
    assert len(rows) == len(attribution.items) + 2


@pytest.mark.slow
def test_a_keyboard_lever_move_updates_the_waterfall(window, qtbot):
    view = open_from_menu(window, qtbot)
    assert view.attribution.items == [] and "Nothing differs" in view.note.text()
    combo = find(view, QComboBox, "explain:target")
    combo.setCurrentIndex(combo.findData(f"kpi:{KPI}"))
    updates = view.update_count
    set_lever(window, LEVER, 12.0)  # typed into the lever's box, Enter pressed
    wait_for_current(qtbot, view, window)
    assert view.update_count > updates
    attribution = view.attribution
    assert [item.key for item in attribution.items] == [LEVER]
    assert attribution.scenario_value == pytest.approx(float(window.session.figures[KPI][0]),
                                                       rel=1e-9)
    assert_bars_add_up(view)
    # a second lever, by the arrow keys on its box: both items now, still adding up
    spin = find_lever_spin(window, "us_grid_connection_delay_months")
    spin.setFocus()
    for _ in range(6):
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    wait_for_current(qtbot, view, window)
    assert {item.key for item in view.attribution.items} == {
        LEVER, "us_grid_connection_delay_months"}
    assert_bars_add_up(view)
    interaction = view.attribution.interaction
    assert interaction == pytest.approx(view.attribution.total - sum(
        item.one_at_a_time for item in view.attribution.items))
    rows = table_rows(view)
    unit = view.attribution.unit
    assert rows[-2][2] == signed(interaction, unit) and rows[-2][1] == ""
    assert rows[-1][1] == signed(view.attribution.total, unit)


@pytest.mark.slow
def test_moves_in_quick_succession_run_once_and_show_the_last(window, qtbot):
    view = open_from_menu(window, qtbot)
    started = view.slot.started
    spin = find_lever_spin(window, LEVER)
    spin.setFocus()
    for _ in range(5):  # no event-loop turn between the keys: inside one debounce
        qtbot.keyClick(spin, Qt.Key.Key_Up)
    wait_for_current(qtbot, view, window)
    assert view.slot.started - started == 1
    assert window.session.lever_value(LEVER) == pytest.approx(
        LEVERS[LEVER].default + 5 * LEVERS[LEVER].step)
    assert_bars_add_up(view)


@pytest.mark.slow
def test_an_output_at_a_month_against_another_reference(window, qtbot):
    view = open_from_menu(window, qtbot)
    window.session.set_lever(LEVER, 20.0)
    month = find(view, QComboBox, "explain:month")
    assert not month.isVisible()  # a key figure reads its own month
    target = find(view, QComboBox, "explain:target")
    target.setCurrentIndex(target.findData("output:us_dc_capacity_gw"))
    assert month.isVisible() and month.currentText() == window.session.scenario.end
    month.setCurrentIndex(month.findText("2030-12"))
    reference = find(view, QComboBox, "explain:reference")
    reference.setCurrentIndex(reference.findData("us_power_crunch"))
    qtbot.waitUntil(lambda: view.explained is not None
                    and view.explained[1:] == ("us_power_crunch",
                                               ("output", "us_dc_capacity_gw", "2030-12")),
                    timeout=10_000)
    expected = explain(window.session.scenario, load_bundled("us_power_crunch"),
                       output_id="us_dc_capacity_gw", month="2030-12")
    assert view.attribution.total == pytest.approx(expected.total, rel=1e-12)
    assert "2030-12" in view.attribution.label and " in US power crunch," in view.note.text()
    assert_bars_add_up(view)


@pytest.mark.slow
def test_many_changes_are_sampled_with_standard_errors_and_grouped_bars(make_window, qtbot):
    scenario = load_bundled("baseline")
    movable = [lever for lever in LEVERS.values() if lever.max > lever.default]
    for lever in movable[:EXACT_LIMIT + 4]:
        scenario = scenario.with_lever(lever.id, lever.default + 0.3 * (lever.max
                                                                        - lever.default))
    window = make_window(scenario)
    window.show()
    view = open_from_menu(window, qtbot)
    assert not view.attribution.exact
    table = find(view, QTableWidget, "explain:table")
    assert table.horizontalHeaderItem(3).text() == "± standard error"
    assert table.rowCount() == EXACT_LIMIT + 4 + 2
    assert len(view.item_bars.opts["x0"]) < EXACT_LIMIT + 4  # the smallest share one bar
    assert_bars_add_up(view)


@pytest.mark.slow
def test_closing_the_window_mid_run_leaves_no_thread(make_window, qtbot):
    window = make_window("us_power_crunch")
    window.show()
    view = open_from_menu(window, qtbot)
    window.session.set_lever(LEVER, 30.0)
    view.recompute()  # a run under way, not waited for
    jobs = list(view.slot.alive)
    window.ask_save_changes = lambda: "discard"
    window.close()
    assert all(not job.is_running() for job in jobs)


@pytest.mark.slow
def test_a_figure_the_run_does_not_reach_is_explained_as_a_message(make_window, qtbot):
    scenario = load_bundled("baseline").model_copy(update={"end": "2027-12"})
    window = make_window(scenario.with_lever(LEVER, 12.0))
    window.show()
    find(window, QAction, "analysis:explain").trigger()
    view = window.findChild(QDialog, "explain")
    combo = find(view, QComboBox, "explain:target")
    assert combo.currentData() == f"kpi:{KPI}"  # read at 2028-12, after the run's end
    qtbot.waitUntil(lambda: "Could not explain" in view.note.text(), timeout=10_000)
    assert "outside the run" in view.note.text() and view.attribution is None
    assert len(view.item_bars.opts["x0"]) == 0 and view.table.rowCount() == 0
    combo.setCurrentIndex(combo.findData("output:us_dc_capacity_gw"))
    qtbot.waitUntil(lambda: view.attribution is not None, timeout=10_000)
    assert view.attribution.label.endswith("2027-12") and "Could not" not in view.note.text()
    assert_bars_add_up(view)


@pytest.mark.slow
def test_a_share_reads_in_percent_on_the_value_axis(window, qtbot):
    set_lever(window, "cn_lab_openness", 1.0)
    view = open_from_menu(window, qtbot)
    view.target_combo.setCurrentIndex(view.target_combo.findData("kpi:open_weight_share_2030"))
    qtbot.waitUntil(lambda: view.explained is not None
                    and view.explained[2][:2] == ("kpi", "open_weight_share_2030"),
                    timeout=10_000)
    axis = view.chart.getPlotItem().getAxis("bottom")
    ticks = axis.tickStrings([0.2, 0.4], 1.0, 0.2)
    assert ticks == ["20%", "40%"] and axis.autoSIPrefixScale == 1.0  # no "(x0.001)"
