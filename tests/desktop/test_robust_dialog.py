"""Analysis > Robust change of several levers (robust): levers ticked, a target with a
probability typed, the search run in the background, its answer applied as one undo step;
an unreachable target says how close it gets; Cancel stops a search."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
)
from qt_helpers import activate, find, open_from_menu, settle, type_into

from core.analysis.robust import Target, robust_search
from core.catalogue.levers import policy_levers
from desktop.pytest_plugin import find_lever_spin, set_lever

LEVERS = ["us_permitting_reform_share", "export_fee_share"]
LEAD = "14.5"  # months of US lead at the end of 2030: the baseline (from its history, fitted)
# keeps it in 69.3% of 300 worlds and the two levers reach 72.3% (the export fee moves little
# once the volume cap binds), so a 72% target needs a change


def open_dialog(window):
    return open_from_menu(window, "analysis:robust", "robust")


def set_target(qtbot, dialog, value: str, percent: str, samples: str = "300") -> None:
    combo = find(dialog, QComboBox, "robust:kpi")
    assert combo.currentData() == "capability_gap_2030"
    direction = find(dialog, QComboBox, "robust:direction")
    assert direction.currentData() is True  # "at least"
    type_into(qtbot, find(dialog, QDoubleSpinBox, "robust:threshold"), value)
    type_into(qtbot, find(dialog, QDoubleSpinBox, "robust:probability"), percent)
    type_into(qtbot, find(dialog, QSpinBox, "robust:samples"), samples)
    type_into(qtbot, find(dialog, QSpinBox, "robust:seed"), "1")


def find_and_wait(qtbot, dialog) -> None:
    qtbot.mouseClick(find(dialog, QPushButton, "robust:run"), Qt.MouseButton.LeftButton)
    assert find(dialog, QPushButton, "robust:cancel").isEnabled()
    qtbot.waitUntil(lambda: find(dialog, QPushButton, "robust:run").isEnabled(),
                    timeout=120_000)


@pytest.mark.slow
def test_found_change_is_shown_per_lever_and_applied_as_one_undo_step(window, qtbot):
    dialog = open_dialog(window)
    assert find(dialog, QListWidget, "robust:levers").chosen() == LEVERS
    assert find(dialog, QDoubleSpinBox, "robust:threshold").suffix() == " months"
    set_target(qtbot, dialog, LEAD, "72")
    find_and_wait(qtbot, dialog)

    expected = robust_search(window.session.scenario, LEVERS,
                             Target("capability_gap_2030", float(LEAD), True, 0.72), 300, 1)
    assert expected.met and expected.change > 0
    assert dialog.result == expected
    message = find(dialog, QLabel, "robust:message").text()
    assert expected.message in message
    assert f"Probability reached: {expected.probability:.1%}" in message
    table = find(dialog, QTableWidget, "robust:table")
    assert table.rowCount() == len(LEVERS)
    assert [table.item(row, 0).text() for row in range(2)] == [
        "US permitting reform (share of delay cut)", "Export fee (share of price)"]
    assert table.item(1, 1).text() == "0.250"  # three figures; the row names the unit
    apply = find(dialog, QPushButton, "robust:apply")
    assert apply.isEnabled()
    before = {lever_id: window.session.lever_value(lever_id) for lever_id in LEVERS}

    qtbot.mouseClick(apply, Qt.MouseButton.LeftButton)
    settle(window)
    for lever_id in LEVERS:
        assert window.session.lever_value(lever_id) == pytest.approx(expected.values[lever_id],
                                                                     abs=1e-5)
    moved = [i for i in LEVERS if expected.values[i] != expected.start[i]]
    spin = find_lever_spin(window, moved[0])
    assert spin.value() == pytest.approx(expected.values[moved[0]],
                                         abs=0.6 * 10 ** -spin.decimals())
    assert not apply.isEnabled()  # the answer was for the scenario before it
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert {lever_id: window.session.lever_value(lever_id) for lever_id in LEVERS} == before
    assert not window.session.undo_stack.can_undo


@pytest.mark.slow
def test_an_unreachable_target_says_how_close_it_gets_and_offers_no_apply(window, qtbot):
    dialog = open_dialog(window)
    levers = find(dialog, QListWidget, "robust:levers")
    levers.setFocus()
    levers.setCurrentRow(levers.row_of("us_permitting_reform_share"))
    qtbot.keyClick(levers.viewport(), Qt.Key.Key_Space)  # untick: the fee alone
    assert levers.chosen() == ["export_fee_share"]
    set_target(qtbot, dialog, "40", "90")
    find_and_wait(qtbot, dialog)
    expected = robust_search(window.session.scenario, ["export_fee_share"],
                             Target("capability_gap_2030", 40.0, True, 0.9), 300, 1)
    assert not expected.met
    message = find(dialog, QLabel, "robust:message").text()
    assert message.startswith("Not reachable with these levers: at best")
    assert expected.message in message
    assert not find(dialog, QPushButton, "robust:apply").isEnabled()


@pytest.mark.slow
def test_no_lever_ticked_is_refused_with_a_message(window, qtbot):
    dialog = open_dialog(window)
    levers = find(dialog, QListWidget, "robust:levers")
    levers.setFocus()
    for lever_id in LEVERS:
        levers.setCurrentRow(levers.row_of(lever_id))
        qtbot.keyClick(levers.viewport(), Qt.Key.Key_Space)
    qtbot.mouseClick(find(dialog, QPushButton, "robust:run"), Qt.MouseButton.LeftButton)
    assert find(dialog, QLabel, "robust:status").text() == "Tick at least one lever to move."
    assert dialog.run_bar.slot.job is None


@pytest.mark.slow
def test_cancel_stops_a_search_mid_run_and_no_result_appears(window, qtbot):
    dialog = open_dialog(window)
    set_target(qtbot, dialog, LEAD, "75", samples="2000")  # not met at the start: rounds
    qtbot.mouseClick(find(dialog, QPushButton, "robust:run"), Qt.MouseButton.LeftButton)
    job = dialog.run_bar.slot.job
    qtbot.waitUntil(lambda: find(dialog, QProgressBar, "robust:progress").value() > 0,
                    timeout=60_000)  # a round judged: it is mid-run
    assert job.is_running()
    qtbot.mouseClick(find(dialog, QPushButton, "robust:cancel"), Qt.MouseButton.LeftButton)
    start = time.perf_counter()
    assert job.wait(20)
    assert time.perf_counter() - start < 10  # it stops before its next round
    settle(window)
    qtbot.wait(50)
    assert dialog.result is None
    assert find(dialog, QLabel, "robust:message").text() == ""
    assert find(dialog, QTableWidget, "robust:table").rowCount() == 0
    assert not find(dialog, QPushButton, "robust:apply").isEnabled()
    assert "Cancelled" in find(dialog, QLabel, "robust:status").text()


@pytest.mark.slow
def test_an_answer_for_a_scenario_changed_during_the_search_is_not_applied(window, qtbot):
    dialog = open_dialog(window)
    set_target(qtbot, dialog, LEAD, "72")
    qtbot.mouseClick(find(dialog, QPushButton, "robust:run"), Qt.MouseButton.LeftButton)
    assert set_lever(window, "bass_p", 0.05) == 0.05  # the user moves a lever meanwhile
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=120_000)
    assert dialog.result.met
    assert not find(dialog, QPushButton, "robust:apply").isEnabled()
    assert "The scenario changed during the search" in find(dialog, QLabel,
                                                            "robust:status").text()


@pytest.mark.slow
def test_the_search_offers_the_declared_policy_levers_only(window):
    """Not the reaction switches or the US target lead (guessed as policies once)."""
    dialog = open_dialog(window)
    checklist = find(dialog, QListWidget, "robust:levers")
    offered = [checklist.item(row).data(Qt.ItemDataRole.UserRole)
               for row in range(checklist.count())]
    assert offered == [lever.id for lever in policy_levers()]
    assert not {"us_control_reaction", "cn_substitution_reaction",
                "us_reaction_target_lead_months"} & set(offered)
