"""Goal seek: the power additions that close the 2028 power gap, applied as one undo step."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QLabel,
    QPushButton,
)
from qt_helpers import find, settle

from core.analysis.goalseek import goal_seek

LEVER = "us_dc_committed_additions_gw_per_year"


def open_dialog(window):
    find(window, QAction, "analysis:goalseek").trigger()
    dialog = window.findChild(QDialog, "goalseek")
    assert dialog is not None and dialog.isVisible()
    return dialog


@pytest.mark.slow
def test_default_goal_is_found_and_applied_as_one_undo_step(window):
    dialog = open_dialog(window)
    assert find(dialog, QComboBox, "goalseek:lever").currentData() == LEVER
    assert find(dialog, QComboBox, "goalseek:output").currentData() == "us_power_gap_gw"
    assert find(dialog, QDoubleSpinBox, "goalseek:target").value() == 10
    assert find(dialog, QDateEdit, "goalseek:month").date().toString("yyyy-MM") == "2028-12"
    apply = find(dialog, QPushButton, "goalseek:apply")
    assert not apply.isEnabled()

    find(dialog, QPushButton, "goalseek:find").click()

    expected = goal_seek(window.session.scenario, LEVER, "us_power_gap_gw", 10.0, "2028-12")
    assert expected.reached
    message = find(dialog, QLabel, "goalseek:message").text()
    assert expected.message in message
    assert apply.isEnabled()
    apply.click()
    settle(window)
    assert abs(window.session.lever_value(LEVER) - expected.value) < 1e-3
    assert abs(window.session.results.at("us_power_gap_gw", "2028-12")[0] - 10.0) < 0.05
    assert window.session.undo_stack.can_undo
    window.session.undo()
    assert window.session.lever_value(LEVER) != expected.value


@pytest.mark.slow
def test_unreachable_goal_shows_the_core_message_and_no_apply(window):
    dialog = open_dialog(window)
    dialog.set_goal(LEVER, "us_power_gap_gw", -5000.0, "2026-06")
    find(dialog, QPushButton, "goalseek:find").click()
    expected = goal_seek(window.session.scenario, LEVER, "us_power_gap_gw", -5000.0, "2026-06")
    assert not expected.reached
    text = find(dialog, QLabel, "goalseek:message").text()
    assert text == expected.message and text.startswith("No value of")
    assert not find(dialog, QPushButton, "goalseek:apply").isEnabled()


@pytest.mark.slow
def test_changing_the_goal_clears_the_last_answer(window):
    dialog = open_dialog(window)
    find(dialog, QPushButton, "goalseek:find").click()
    assert find(dialog, QPushButton, "goalseek:apply").isEnabled()
    find(dialog, QDoubleSpinBox, "goalseek:target").setValue(12.0)
    assert not find(dialog, QPushButton, "goalseek:apply").isEnabled()
    assert find(dialog, QLabel, "goalseek:message").text() == ""
