"""What matters: a tornado per key figure, computed at once; Sobol off the GUI thread."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QDialog, QProgressBar, QPushButton, QTableWidget
from qt_helpers import find, settle

from core.analysis.uncertainty import uncertain_levers
from core.kpis import KPIS


def open_dialog(window):
    find(window, QAction, "analysis:sensitivity").trigger()
    dialog = window.findChild(QDialog, "sensitivity")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    return dialog


def drawn_bars(dialog):
    low, high = dialog.low_bars.opts, dialog.high_bars.opts
    return (np.asarray(low["x0"]), np.asarray(low["x1"]), np.asarray(high["x1"]),
            np.asarray(low["y"]))


def test_tornado_has_a_bar_per_uncertain_lever_sorted_by_swing(window):
    dialog = open_dialog(window)
    assert find(dialog, QComboBox, "sensitivity:kpi").currentData() == next(iter(KPIS))
    assert len(dialog.bars) == len(uncertain_levers())
    swings = [bar.swing for bar in dialog.bars]
    assert swings == sorted(swings, reverse=True) and swings[0] > 0
    base, low, high, y = drawn_bars(dialog)
    shown = dialog.shown_bars()
    assert len(y) == len(shown) and 0 < len(shown) <= len(uncertain_levers())
    assert all(abs(b.kpi_at_high - b.kpi_at_low) > 0 for b in shown)  # no zero bars drawn
    assert np.allclose(base, dialog.bars[0].kpi_base)  # centred on the scenario's value
    top = int(np.argmax(y))  # the largest swing is drawn at the top
    assert abs(high[top] - low[top]) == max(abs(high - low))
    labels = dialog.axis.labels
    assert labels[len(y) - 1].startswith(dialog.bars[0].label)


def test_choosing_another_key_figure_and_moving_a_lever_redraw(window, qtbot):
    dialog = open_dialog(window)
    combo = find(dialog, QComboBox, "sensitivity:kpi")
    combo.setCurrentIndex(combo.findData("open_weight_share_2030"))
    assert dialog.note.text().startswith(KPIS["open_weight_share_2030"].label)
    top = dialog.bars[0]
    base = top.kpi_base
    window.session.set_lever(top.lever_id, top.high_value)  # the most telling lever moves
    settle(window)
    qtbot.waitUntil(lambda: dialog.bars[0].kpi_base != base, timeout=3_000)


def test_sobol_fills_the_table_off_the_gui_thread(window, qtbot, monkeypatch):
    import desktop.sensitivity_view as view

    monkeypatch.setattr(view, "SOBOL_BASE_SAMPLES", 64)
    dialog = open_dialog(window)
    button = find(dialog, QPushButton, "sensitivity:sobol")
    dialog.start_sobol(64)
    assert find(dialog, QProgressBar, "sensitivity:progress").isVisible()
    assert not button.isEnabled()
    table = find(dialog, QTableWidget, "sensitivity:sobol_table")
    qtbot.waitUntil(lambda: table.rowCount() == len(uncertain_levers()), timeout=20_000)
    totals = [index.total_order for index in dialog.indices]
    assert totals == sorted(totals, reverse=True)
    assert float(table.item(0, 2).text()) == round(totals[0], 3)
    assert find(dialog, QProgressBar, "sensitivity:progress").value() == 100
    qtbot.waitUntil(lambda: button.isEnabled(), timeout=5_000)
    assert not find(dialog, QProgressBar, "sensitivity:progress").isVisible()


def test_cancelling_sobol_leaves_the_table_empty(window, qtbot):
    dialog = open_dialog(window)
    dialog.start_sobol(4096)  # 126,976 runs, ~6 s if it were not stopped
    job = dialog.job
    find(dialog, QPushButton, "sensitivity:cancel").click()
    assert dialog.job is None
    assert find(dialog, QPushButton, "sensitivity:sobol").isEnabled()
    assert job.wait(3)  # stopped at the next batch of model runs
    qtbot.wait(50)
    assert dialog.table.rowCount() == 0


def test_the_global_ranking_button_runs_sobol(window, qtbot):
    """Analysis > What matters > Global ranking, clicked as a user does: clicked(bool) once
    reached the sample count ("base samples must be at least 2, not False")."""
    dialog = open_dialog(window)
    find(dialog, QPushButton, "sensitivity:sobol").click()
    table = find(dialog, QTableWidget, "sensitivity:sobol_table")
    qtbot.waitUntil(lambda: table.rowCount() == len(uncertain_levers()), timeout=60_000)
    assert "failed" not in dialog.note.text()
    qtbot.waitUntil(lambda: find(dialog, QPushButton, "sensitivity:sobol").isEnabled(),
                    timeout=5_000)


def test_the_tornado_says_which_policy_levers_you_set_are_held_fixed(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSlider

    from core.levers import LEVERS

    slider = find(window, QSlider, "lever:us_permitting_reform_share")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_End)
    dialog = open_dialog(window)
    note = dialog.note.text()
    assert "held fixed" in note and LEVERS["us_permitting_reform_share"].label in note
    assert "not drawn" in note or len(dialog.shown_bars()) == len(dialog.bars)
