"""The reaction rules sit in the lever panel like any lever and change the results."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QToolButton
from qt_helpers import find, settle

from core.catalogue.levers import levers_in_group


def test_the_reactions_group_holds_every_reaction_lever(window):
    header = find(window, QToolButton, "group:Reactions")
    section = header.parent()
    for lever in levers_in_group("Reactions"):
        row = window.levers_panel.rows[lever.id]
        control = row.inputs()[0]  # a slider, or a switch's check box
        assert lever.explanation in control.toolTip()
        assert section.isAncestorOf(control) and control.isVisible()


def test_switching_china_substitution_off_by_keyboard_changes_chinas_chips(window, qtbot):
    switch = find(window, QCheckBox, "lever:cn_substitution_reaction:check")
    assert switch.isChecked()
    before = window.session.results.central("cn_domestic_output_h100e").copy()
    switch.setFocus()
    qtbot.keyClick(switch, Qt.Key.Key_Space)  # off
    settle(window)
    assert window.session.lever_value("cn_substitution_reaction") == 0.0
    after = window.session.results.central("cn_domestic_output_h100e")
    assert after[-1] < before[-1]  # without substitution China builds fewer chips
    assert not np.allclose(after, before)
