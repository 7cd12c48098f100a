"""The compare window's policy effect tab says what the effect on the US lead and on China's
compute hinges on, and opens What must be true preset for an effect that goes either way."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QMainWindow,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QWidget,
)
from qt_helpers import find

from core.analysis.hinges import driver_text
from core.analysis.paired import paired_effect
from core.formats.scenario import load_bundled

SAMPLES = 200


def two_scenarios():
    return [("Baseline", load_bundled("baseline")),
            ("Safe chips act", load_bundled("safe_chips_act"))]


def run_paired(window, qtbot):
    window.analysis.choose_compare_scenarios = two_scenarios
    find(window, QAction, "analysis:compare").trigger()
    compare = window.findChild(QMainWindow, "compare")
    qtbot.waitExposed(compare)
    tabs = find(compare, QTabWidget, "compare:tabs")
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(1).center())
    panel = find(compare, QWidget, "compare:paired")
    box = find(panel, QSpinBox, "compare:paired_samples")
    box.selectAll()
    qtbot.keyClicks(box, str(SAMPLES))
    qtbot.keyClick(box, Qt.Key.Key_Tab)
    assert not find(panel, QPushButton, "compare:hinge_discover").isEnabled()
    qtbot.mouseClick(find(panel, QPushButton, "compare:paired_run"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(panel.hinge_text()), timeout=30_000)
    return compare, panel


@pytest.mark.slow
def test_the_policy_effect_tab_says_what_the_effect_hinges_on_and_asks_what_must_be_true(
        window, qtbot):
    compare, panel = run_paired(window, qtbot)
    (_, base), (_, ban) = two_scenarios()
    effect = paired_effect(base, ban, SAMPLES, base.uncertainty.seed)
    text = panel.hinge_text()
    assert text.startswith("Safe chips act minus Baseline")
    for found in effect.hinges:
        assert f"{found.label}: median " in text
        assert len(found.drivers) == 2
        for driver in found.drivers:
            assert driver_text(driver, found.unit) in text
    assert "_" not in text  # plain words, no ids

    lead = effect.figure("capability_gap_2030")
    assert lead.p_negative < lead.p_positive  # so the question is when it comes out shorter
    question = find(panel, QComboBox, "compare:hinge_question")
    assert question.itemText(0) == ("What must be true for US lead to come out shorter with "
                                    "Safe chips act")
    question.setCurrentIndex(0)
    qtbot.mouseClick(find(panel, QPushButton, "compare:hinge_discover"),
                     Qt.MouseButton.LeftButton)
    dialog = window.findChild(QDialog, "discover")
    assert dialog is not None and dialog.isVisible()
    assert find(dialog, QLabel, "discover:effect").text().startswith(
        "Asking of the effect of Safe chips act against Baseline")
    assert find(dialog, QComboBox, "discover:direction").currentText() == "below"
    assert find(dialog, QSpinBox, "discover:samples").value() == SAMPLES
    qtbot.mouseClick(find(dialog, QPushButton, "discover:run"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=60_000)
    summary = find(dialog, QLabel, "discover:summary").text()
    cases = round(lead.p_negative * SAMPLES)
    assert summary.startswith("Effect of Safe chips act against Baseline on US capability "
                              f"lead, end 2030 below 0 months: in {cases:,} of {SAMPLES:,}")
    assert not find(dialog, QPushButton, "discover:apply").isEnabled()
    qtbot.mouseClick(find(dialog, QPushButton, "discover:effect_clear"),
                     Qt.MouseButton.LeftButton)
    assert not find(dialog, QLabel, "discover:effect").isVisible()
    compare.close()


@pytest.mark.slow
def test_a_new_reference_clears_what_the_effect_hinges_on(window, qtbot):
    compare, panel = run_paired(window, qtbot)
    find(compare, QComboBox, "compare:reference").setCurrentIndex(1)
    assert panel.hinge_text() == ""
    assert not find(panel, QPushButton, "compare:hinge_discover").isEnabled()
    compare.close()
