"""Numbers that mean nothing, in the window: What matters on a key figure no lever moves says
there is nothing to rank (tornado, Morris, Sobol); What must be true and the robust search
on a figure dated after the run ends say it cannot be computed, as the command line does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QTableWidget
from qt_helpers import find, open_from_menu, type_into

import desktop.windows.sensitivity_window as view
from core.formats.scenario import load_bundled

FLAT = "tpu_revenue_2028"  # no lever moves it in the baseline
NOTHING = ("TPU external revenue, 2028 does not vary with any lever in this scenario; there "
           "is nothing to rank")
LATE = ("key figure tpu_revenue_2028 cannot be computed for this scenario: 2028-12 is outside "
        "the run (2025-01 to 2026-06)")


def choose(qtbot, combo: QComboBox, data: str) -> None:
    """Pick an item from the combo box with the keyboard, as a user does."""
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentData() == data:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentData() == data


def click_and_wait(qtbot, button: QPushButton) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(button.isEnabled, timeout=60_000)


@pytest.fixture
def short_run(make_window):
    """A window on the baseline run to 2026-06: every 2028 figure lies after its end."""
    return make_window(load_bundled("baseline").model_copy(update={"end": "2026-06"}))


@pytest.mark.slow
def test_what_matters_on_a_figure_no_lever_moves_ranks_nothing(window, qtbot, monkeypatch):
    monkeypatch.setattr(view, "SOBOL_SAMPLE_CHOICES", (64, *view.SOBOL_SAMPLE_CHOICES))
    dialog = open_from_menu(window, "analysis:sensitivity", "sensitivity")
    choose(qtbot, find(dialog, QComboBox, "sensitivity:kpi"), FLAT)
    note = find(dialog, QLabel, "sensitivity:note").text()
    assert note.startswith(NOTHING + " (the tornado varies uncertain levers only")
    assert len(dialog.low_bars.opts["x0"]) == 0 and not dialog.base_line.isVisible()
    click_and_wait(qtbot, find(dialog, QPushButton, "sensitivity:morris"))
    assert find(dialog, QTableWidget, "sensitivity:morris_table").rowCount() == 0
    assert dialog.morris_note.text() == NOTHING + (
        " (Include policy levers lets the policy levers vary too).")
    click_and_wait(qtbot, find(dialog, QPushButton, "sensitivity:sobol"))
    assert find(dialog, QTableWidget, "sensitivity:sobol_table").rowCount() == 0
    assert dialog.stability.text() == dialog.morris_note.text()
    choose(qtbot, find(dialog, QComboBox, "sensitivity:kpi"), "capability_gap_2030")
    assert not find(dialog, QLabel, "sensitivity:note").text().startswith(NOTHING[:20])
    assert len(dialog.low_bars.opts["x0"]) > 0 and dialog.base_line.isVisible()


def test_what_must_be_true_on_a_figure_after_the_run_cannot_be_computed(short_run, qtbot):
    dialog = open_from_menu(short_run, "analysis:discover", "discover")
    choose(qtbot, find(dialog, QComboBox, "discover:figure"), f"kpi:{FLAT}")
    type_into(qtbot, find(dialog, type(dialog.samples_spin), "discover:samples"), "200")
    click_and_wait(qtbot, find(dialog, QPushButton, "discover:run"))
    assert find(dialog, QLabel, "discover:status").text() == LATE
    assert dialog.found is None


def test_the_robust_search_on_a_figure_after_the_run_cannot_be_computed(short_run, qtbot):
    dialog = open_from_menu(short_run, "analysis:robust", "robust")
    choose(qtbot, find(dialog, QComboBox, "robust:kpi"), FLAT)
    type_into(qtbot, find(dialog, type(dialog.samples_spin), "robust:samples"), "200")
    click_and_wait(qtbot, find(dialog, QPushButton, "robust:run"))
    assert find(dialog, QLabel, "robust:status").text() == LATE
    assert dialog.result is None and dialog.table.rowCount() == 0
