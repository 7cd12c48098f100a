"""What matters: a tornado per key figure, computed at once; Morris and Sobol (with bootstrap
intervals, policy levers on request) off the GUI thread, driven through the dialog's controls."""

from __future__ import annotations

import re

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTabWidget,
)
from qt_helpers import find, settle

import desktop.windows.sensitivity_window as view
from core.analysis.sensitivity import SobolAnalysis, sobol_factors
from core.analysis.uncertainty import uncertain_levers
from core.catalogue.key_figures import KPIS
from core.catalogue.levers import LEVERS, is_policy, policy_levers
from core.common.formatting import format_value


def open_dialog(window):
    find(window, QAction, "analysis:sensitivity").trigger()
    dialog = window.findChild(QDialog, "sensitivity")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    return dialog


def drawn_bars(dialog):
    low, high = dialog.low_bars.opts, dialog.high_bars.opts
    return (np.asarray(low["x0"]), np.asarray(low["x1"]), np.asarray(high["x1"]),
            np.asarray(low["y"]))


@pytest.mark.slow
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


@pytest.mark.slow
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


def choose_smallest_base_samples(dialog, qtbot):
    """The chooser's first entry, picked by keyboard; its values are the module's constant."""
    combo = find(dialog, QComboBox, "sensitivity:base_samples")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)
    assert combo.currentData() == view.SOBOL_SAMPLE_CHOICES[0]


@pytest.fixture
def small_samples(monkeypatch):
    """A cheap first choice (64 base samples) so the tests run in well under a second."""
    monkeypatch.setattr(view, "SOBOL_SAMPLE_CHOICES", (64, *view.SOBOL_SAMPLE_CHOICES))


def click(widget):
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)


def tick_include_policy(dialog):
    box = find(dialog, QCheckBox, "sensitivity:include_policy")
    QTest.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()


def column_texts(table) -> list[str]:
    return [table.item(row, 0).text() for row in range(table.rowCount())]


def run_sobol(dialog, qtbot, levers: int):
    button = find(dialog, QPushButton, "sensitivity:sobol")
    click(button)
    assert find(dialog, QProgressBar, "sensitivity:progress").isVisible()
    assert not button.isEnabled()
    table = find(dialog, QTableWidget, "sensitivity:sobol_table")
    qtbot.waitUntil(lambda: table.rowCount() == levers, timeout=20_000)
    qtbot.waitUntil(button.isEnabled, timeout=5_000)
    return table


def run_morris(dialog, qtbot, levers: int):
    button = find(dialog, QPushButton, "sensitivity:morris")
    click(button)
    table = find(dialog, QTableWidget, "sensitivity:morris_table")
    qtbot.waitUntil(lambda: table.rowCount() == levers, timeout=20_000)
    qtbot.waitUntil(button.isEnabled, timeout=5_000)
    return table


def parse_interval(text: str) -> tuple[float, float, float]:
    """'0.31 (0.27 – 0.35)' -> (0.31, 0.27, 0.35)."""
    value, low, high = re.fullmatch(r"(\S+) \((\S+) – (\S+)\)", text).groups()
    return tuple(float(part.replace("−", "-")) for part in (value, low, high))


@pytest.mark.slow
def test_sobol_shows_intervals_around_the_estimates_and_how_stable_the_top_5_are(
        window, qtbot, small_samples):
    dialog = open_dialog(window)
    combo = find(dialog, QComboBox, "sensitivity:base_samples")
    assert combo.currentData() == 1024  # unless the user chooses
    choose_smallest_base_samples(dialog, qtbot)
    table = run_sobol(dialog, qtbot, len(sobol_factors()[2]))
    assert find(dialog, QProgressBar, "sensitivity:progress").value() == 100
    assert not find(dialog, QProgressBar, "sensitivity:progress").isVisible()
    assert dialog.analysis.base_samples == 64 and dialog.analysis.bootstrap == 200
    totals = [index.total_order for index in dialog.indices]
    assert totals == sorted(totals, reverse=True)
    for row, index in enumerate(dialog.indices):
        assert table.item(row, 0).text() == index.label
        for column, estimate in ((1, index.first_order), (2, index.total_order)):
            value, low, high = parse_interval(table.item(row, column).text())
            assert value == round(estimate, 2)
            assert low <= value <= high  # the interval holds the estimate, as shown
            assert "−0.00" not in table.item(row, column).text()
    line = find(dialog, QLabel, "sensitivity:stability").text()
    share = dialog.analysis.top5_agreement
    assert f"Top 5 the same in {share:.0%} of bootstrap resamples" in line
    if share >= 0.95:
        assert "stable" in line and "not settled" not in line
    else:
        assert "not settled" in line and "more base samples (1,024 or more)" in line


def test_an_unsettled_ranking_says_so_and_suggests_more_samples(window):
    dialog = open_dialog(window)
    line = dialog.stability_text(SobolAnalysis([], 1024, "sobol", 200, 0.62))
    assert line.startswith("Top 5 the same in 62% of bootstrap resamples: the ranking is "
                           "not settled")
    assert "more base samples (2,048 or more)" in line
    settled = dialog.stability_text(SobolAnalysis([], 1024, "sobol", 200, 0.97))
    assert "stable" in settled and "not settled" not in settled
    at_most = dialog.stability_text(SobolAnalysis([], 4096, "sobol", 200, 0.9))
    assert "not settled" in at_most and "more base samples" not in at_most


@pytest.mark.slow
def test_morris_ranks_the_levers_by_mean_effect(window, qtbot):
    dialog = open_dialog(window)
    table = run_morris(dialog, qtbot, len(uncertain_levers()))
    stars = [effect.mu_star for effect in dialog.effects]
    assert stars == sorted(stars, reverse=True) and stars[0] > 0
    unit = KPIS[dialog.kpi_id].unit
    for row, effect in enumerate(dialog.effects):
        assert table.item(row, 0).text() == effect.label
        assert table.item(row, 1).text() == format_value(effect.mu_star, unit, signed=True
                                                         ).removeprefix("+")
    assert table.item(0, 1).text().endswith(unit)
    note = find(dialog, QLabel, "sensitivity:morris_note").text()
    assert "μ*" in note and "σ" in note and "per full sampled range" in note
    assert find(dialog, QTabWidget, "sensitivity:results").currentIndex() == 1


@pytest.mark.slow
def test_include_policy_levers_adds_them_to_morris_and_sobol(window, qtbot, small_samples):
    dialog = open_dialog(window)
    fee = LEVERS["export_fee_share"]
    assert is_policy(fee)
    morris_table = run_morris(dialog, qtbot, len(uncertain_levers()))
    assert fee.label not in column_texts(morris_table)
    assert "Morris and Sobol vary them too" not in dialog.note.text()
    tick_include_policy(dialog)
    assert morris_table.rowCount() == 0  # the earlier screen varied other levers
    note = dialog.note.text()
    assert "tornado varies uncertain levers only" in note
    assert "Morris and Sobol vary them too" in note
    everything = len(uncertain_levers()) + len(policy_levers())
    morris_table = run_morris(dialog, qtbot, everything)
    assert fee.label in column_texts(morris_table)
    choose_smallest_base_samples(dialog, qtbot)
    factors = len(sobol_factors(include_policy=True)[2])  # levers, constants and groups
    sobol_table = run_sobol(dialog, qtbot, factors)
    assert fee.label in column_texts(sobol_table)
    assert f"{factors} factors" in find(dialog, QLabel, "sensitivity:stability").text()


@pytest.mark.slow
def test_cancelling_sobol_mid_run_leaves_the_table_empty(window, qtbot):
    dialog = open_dialog(window)
    combo = find(dialog, QComboBox, "sensitivity:base_samples")
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_End)
    assert combo.currentData() == 4096  # 126,976 runs, ~10 s if it were not stopped
    progress = find(dialog, QProgressBar, "sensitivity:progress")
    click(find(dialog, QPushButton, "sensitivity:sobol"))
    job = dialog.job
    qtbot.waitUntil(lambda: progress.value() > 0, timeout=10_000)  # mid-run
    click(find(dialog, QPushButton, "sensitivity:cancel"))
    assert dialog.job is None
    assert find(dialog, QPushButton, "sensitivity:sobol").isEnabled()
    assert find(dialog, QPushButton, "sensitivity:morris").isEnabled()
    assert not progress.isVisible()
    assert job.wait(3)  # stopped at the next batch of model runs
    qtbot.wait(50)
    assert dialog.table.rowCount() == 0 and dialog.analysis is None


@pytest.mark.slow
def test_the_global_ranking_button_runs_sobol(window, qtbot):
    """Analysis > What matters > Global ranking, clicked as a user does: clicked(bool) once
    reached the sample count ("base samples must be at least 2, not False")."""
    dialog = open_dialog(window)
    click(find(dialog, QPushButton, "sensitivity:sobol"))
    table = find(dialog, QTableWidget, "sensitivity:sobol_table")
    qtbot.waitUntil(lambda: table.rowCount() == len(sobol_factors()[2]), timeout=60_000)
    assert "failed" not in dialog.note.text()
    qtbot.waitUntil(lambda: find(dialog, QPushButton, "sensitivity:sobol").isEnabled(),
                    timeout=5_000)


def test_the_tornado_says_which_policy_levers_you_set_are_held_fixed(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QSlider

    from core.catalogue.levers import LEVERS

    slider = find(window, QSlider, "lever:us_permitting_reform_share")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_End)
    dialog = open_dialog(window)
    note = dialog.note.text()
    assert "held fixed" in note and LEVERS["us_permitting_reform_share"].label in note
    assert "not drawn" in note or len(dialog.shown_bars()) == len(dialog.bars)
