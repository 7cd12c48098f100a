"""The reaction rules sit in the lever panel like any lever and change the results."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QCheckBox, QDoubleSpinBox, QLabel, QSlider, QToolButton
from qt_helpers import find, settle

from core.catalogue.levers import levers_in_group


def test_the_reactions_group_holds_every_reaction_lever(read_window):
    header = find(read_window, QToolButton, "group:Reactions")
    section = header.parent()
    for lever in levers_in_group("Reactions"):
        row = read_window.levers_panel.rows[lever.id]
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


def parameter_widgets(window, lever_id: str) -> list:
    return [find(window, QSlider, f"lever:{lever_id}"),
            find(window, QDoubleSpinBox, f"lever:{lever_id}:spin"),
            find(window, QLabel, f"lever:{lever_id}:label")]


def test_a_reaction_parameter_is_disabled_saying_why_while_its_switch_is_off(window, qtbot):
    """US controls follow the lead is off by default: its target and delay do nothing, so
    their rows are greyed, the tooltip says why; a click on the switch brings them back."""
    parameters = ("us_reaction_target_lead_months", "us_reaction_delay_months")
    switch = find(window, QCheckBox, "lever:us_control_reaction:check")
    assert window.session.lever_value("us_control_reaction") == 0.0
    for lever_id in parameters:
        for widget in parameter_widgets(window, lever_id):
            assert not widget.isEnabled(), lever_id
            assert "No effect while \u201cUS controls follow the lead\u201d is off" in (
                widget.toolTip())
    assert find(window, QSlider, "lever:cn_substitution_delay_months").isEnabled()

    indicator = QPoint(switch.height() // 2, switch.height() // 2)  # the box itself
    qtbot.mouseClick(switch, Qt.MouseButton.LeftButton, pos=indicator)
    settle(window)
    assert window.session.lever_value("us_control_reaction") == 1.0
    for lever_id in parameters:
        for widget in parameter_widgets(window, lever_id):
            assert widget.isEnabled(), lever_id
            assert "No effect while" not in widget.toolTip()

    window.undo_action.trigger()  # Edit > Undo: the switch off again, the rows greyed again
    settle(window)
    assert not find(window, QSlider, "lever:us_reaction_delay_months").isEnabled()

    cn_switch = find(window, QCheckBox, "lever:cn_substitution_reaction:check")
    cn_switch.setFocus()
    qtbot.keyClick(cn_switch, Qt.Key.Key_Space)  # China's substitution off
    settle(window)
    delay = find(window, QSlider, "lever:cn_substitution_delay_months")
    assert not delay.isEnabled()
    assert "\u201cChina substitutes under export pressure\u201d is off" in delay.toolTip()
