"""The reaction rules sit in the lever panel like any lever and change the results."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSlider, QToolButton
from qt_helpers import find, settle

from core.catalogue.levers import levers_in_group


def test_the_reactions_group_holds_every_reaction_lever(read_window):
    header = find(read_window, QToolButton, "group:Reactions")
    section = header.parent()
    for lever in levers_in_group("Reactions"):
        slider = find(read_window, QSlider, f"lever:{lever.id}")
        assert lever.explanation in slider.toolTip()
        assert section.isAncestorOf(slider)


def test_switching_china_substitution_off_by_keyboard_changes_chinas_chips(window, qtbot):
    slider = find(window, QSlider, "lever:cn_substitution_reaction")
    before = window.session.results.central("cn_domestic_output_h100e").copy()
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_Home)  # to the slider's minimum: off
    settle(window)
    assert window.session.lever_value("cn_substitution_reaction") == 0.0
    after = window.session.results.central("cn_domestic_output_h100e")
    assert after[-1] < before[-1]  # without substitution China builds fewer chips
    assert not np.allclose(after, before)
