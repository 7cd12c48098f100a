"""Evidence in the GUI: a lever's rationale and source from its context menu (mouse and
keyboard), undoable; the event form keeps and edits an event's evidence; tooltips, the
events list and the briefing show them."""

from __future__ import annotations

import pypdf
import pytest
from PySide6.QtCore import QDate, QPoint, Qt
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPlainTextEdit, QPushButton
from qt_helpers import activate, settle

from core.engine.events import MAX_RATIONALE, ExportBan
from core.engine.history import HISTORY_EVENTS
from desktop.pytest_plugin import set_lever
from desktop.widgets.dialogs import EvidenceDialog
from desktop.widgets.events_panel import EventDialog

LEVER = "cn_lab_openness"
# offscreen Qt cannot grab the keyboard for a popup or size a window to its contents, and
# says so; nothing is wrong
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def answer_with(window, rationale: str, source: str) -> list:
    """Answer the lever's evidence question; the questions asked, for the test to read."""
    asked = []

    def answer(lever, old_rationale, old_source):
        asked.append((lever.id, old_rationale, old_source))
        return rationale, source
    window.levers_panel.ask_evidence = answer
    return asked


@pytest.mark.slow
def test_menu_key_on_a_lever_edits_its_evidence_as_one_undoable_step(window, qtbot):
    activate(qtbot, window)
    set_lever(window, LEVER, 0.5)
    asked = answer_with(window, "Qwen and DeepSeek publish weights", "Epoch AI (2025)")
    row = window.levers_panel.rows[LEVER]
    assert not row.marker.isVisible()
    row.slider.setFocus()
    qtbot.keyClick(row.slider, Qt.Key.Key_Menu)
    menu = window.levers_panel.menu
    assert menu.isVisible() and menu.title() == row.lever.label
    qtbot.keyClick(menu, Qt.Key.Key_Return)  # the first entry: Rationale and source…
    assert asked == [(LEVER, "", "")]
    session = window.session
    evidence = session.scenario.evidence[LEVER]
    assert (evidence.rationale, evidence.source) == ("Qwen and DeepSeek publish weights",
                                                      "Epoch AI (2025)")
    assert session.dirty
    assert window.undo_action.text() == f"&Undo Edit rationale for {row.lever.label}"
    assert "Qwen and DeepSeek publish weights" in row.slider.toolTip()
    assert "Epoch AI (2025)" in row.spin.toolTip()
    assert row.marker.isVisible()
    assert "Qwen and DeepSeek" in row.marker.accessibleDescription()
    assert "Qwen and DeepSeek" in row.slider.accessibleDescription()

    window.undo_action.trigger()
    assert LEVER not in session.scenario.evidence and session.lever_value(LEVER) == 0.5
    assert not row.marker.isVisible() and "Qwen" not in row.slider.toolTip()
    window.redo_action.trigger()
    assert session.scenario.evidence[LEVER] == evidence and row.marker.isVisible()


def test_shift_f10_on_a_spin_box_opens_the_same_menu(window, qtbot):
    activate(qtbot, window)
    set_lever(window, LEVER, 0.5)
    row = window.levers_panel.rows[LEVER]
    row.spin.setFocus()
    qtbot.keyClick(row.spin, Qt.Key.Key_F10, Qt.KeyboardModifier.ShiftModifier)
    assert window.levers_panel.menu.isVisible()
    assert window.levers_panel.menu.activeAction().objectName() == "lever_menu:evidence"


def test_right_click_then_clearing_both_fields_removes_the_evidence(window, qtbot):
    activate(qtbot, window)
    set_lever(window, LEVER, 0.5)
    window.session.set_evidence(LEVER, "why", "where")
    asked = answer_with(window, "", "")
    row = window.levers_panel.rows[LEVER]
    right_click = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, QPoint(5, 5),
                                    row.label.mapToGlobal(QPoint(5, 5)))
    QApplication.sendEvent(row.label, right_click)  # what Qt sends on a right-click
    menu = window.levers_panel.menu
    assert menu.isVisible()
    next(a for a in menu.actions() if a.objectName() == "lever_menu:evidence").trigger()
    assert asked == [(LEVER, "why", "where")]
    assert LEVER not in window.session.scenario.evidence
    assert not row.marker.isVisible()
    assert window.undo_action.text().startswith("&Undo Remove rationale")


def test_a_lever_at_its_default_offers_no_evidence(read_window, qtbot):
    activate(qtbot, read_window)
    answer_with(read_window, "never asked", "")
    row = read_window.levers_panel.rows[LEVER]
    row.slider.setFocus()
    qtbot.keyClick(row.slider, Qt.Key.Key_Menu)
    action = next(a for a in read_window.levers_panel.menu.actions()
                  if a.objectName() == "lever_menu:evidence")
    assert not action.isEnabled() and "change the value first" in action.text()
    action.trigger()  # a disabled action does nothing
    assert read_window.session.scenario.evidence == {} and not read_window.session.undo_stack.can_undo


def test_clicking_the_marker_edits_and_a_saved_file_keeps_the_evidence(window, qtbot, tmp_path):
    set_lever(window, LEVER, 0.5)
    window.session.set_evidence(LEVER, "first", "")
    answer_with(window, "second", "a source")
    row = window.levers_panel.rows[LEVER]
    qtbot.mouseClick(row.marker, Qt.MouseButton.LeftButton)
    path = tmp_path / "mine.json"
    window.session.save(path)
    window.session.set_lever(LEVER, 0.9)  # back to the default: the evidence goes with it
    assert LEVER not in window.session.scenario.evidence and not row.marker.isVisible()
    window.ask_save_changes = lambda: "discard"
    assert window.open_path(path)
    assert window.session.scenario.evidence[LEVER].source == "a source"
    assert row.marker.isVisible() and "second" in row.label.toolTip()


def test_reset_all_drops_the_evidence_so_the_file_still_opens(window, tmp_path):
    set_lever(window, LEVER, 0.5)
    window.session.set_evidence(LEVER, "why", "")
    window.actions["edit:reset_all"].trigger()
    path = tmp_path / "reset.json"
    window.session.save(path)
    assert window.open_path(path)
    assert window.session.scenario.levers == {} and window.session.scenario.evidence == {}


def test_the_evidence_dialog_takes_typed_text_and_refuses_a_too_long_rationale(qtbot):
    dialog = EvidenceDialog("Chinese labs' openness", "", "")
    qtbot.addWidget(dialog)
    dialog.show()
    rationale = dialog.findChild(QPlainTextEdit, "evidence:rationale")
    source = dialog.findChild(QLineEdit, "evidence:source")
    qtbot.keyClicks(rationale, "  Two labs publish weights ")
    qtbot.keyClick(rationale, Qt.Key.Key_Tab)  # Tab leaves the rationale for the source
    assert QApplication.focusWidget() is source or not dialog.isActiveWindow()
    qtbot.keyClicks(source, "Epoch AI")
    qtbot.mouseClick(dialog.findChild(QPushButton, "dialog:ok"), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted
    assert dialog.texts() == ("Two labs publish weights", "Epoch AI")

    long = EvidenceDialog("Chinese labs' openness", "x" * (MAX_RATIONALE + 1), "")
    qtbot.addWidget(long)
    long.show()
    qtbot.mouseClick(long.findChild(QPushButton, "dialog:ok"), Qt.MouseButton.LeftButton)
    assert long.isVisible() and long.result() != long.DialogCode.Accepted
    assert "at most 2,000" in long.findChild(QLabel, "evidence:error").text()


# ---- events ----------------------------------------------------------------------------

def submit(qtbot, dialog: EventDialog, edit) -> object:
    """Show the real form, let ``edit`` change it as a user would, press OK."""
    qtbot.addWidget(dialog)
    dialog.show()
    edit(dialog)
    qtbot.mouseClick(dialog.findChild(QPushButton, "dialog:ok"), Qt.MouseButton.LeftButton)
    assert dialog.result() == dialog.DialogCode.Accepted, dialog.error.text()
    return dialog.event_value()


def test_editing_an_event_date_keeps_its_evidence(window, qtbot):
    ban = ExportBan(start="2026-01").with_evidence("SAFE Chips Act passes", "S.1234")
    window.session.add_event(ban)
    index = len(HISTORY_EVENTS)
    window.ask_event = lambda event: submit(
        qtbot, EventDialog(event, window),
        lambda dialog: dialog.editors["start"].setDate(QDate(2027, 3, 1)))
    window.events_panel.list.setCurrentRow(index)
    qtbot.mouseClick(window.events_panel.edit_button, Qt.MouseButton.LeftButton)
    edited = window.session.scenario.events[index]
    assert edited.start == "2027-03"
    assert (edited.rationale, edited.source) == ("SAFE Chips Act passes", "S.1234")


def test_the_event_form_writes_evidence_and_the_list_shows_it(window, qtbot):
    def write(dialog):
        qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "evidence:rationale"), "A bill")
        qtbot.keyClicks(dialog.findChild(QLineEdit, "evidence:source"), "S.1")
    window.ask_event = lambda event: submit(qtbot, EventDialog(event, window), write)
    window.events_panel.add_event("export_ban")
    event = window.session.scenario.events[-1]
    assert (event.rationale, event.source) == ("A bill", "S.1")
    item = window.events_panel.list.item(len(HISTORY_EVENTS))
    assert "A bill" in item.toolTip() and "S.1" in item.toolTip()
    assert item.data(Qt.ItemDataRole.AccessibleTextRole).endswith("with a rationale and source")

    def clear(dialog):
        dialog.findChild(QPlainTextEdit, "evidence:rationale").clear()
        dialog.findChild(QLineEdit, "evidence:source").clear()
    window.ask_event = lambda event: submit(qtbot, EventDialog(event, window), clear)
    window.events_panel.edit_selected()
    assert not window.session.scenario.events[-1].evidence()
    assert "A bill" not in window.events_panel.list.item(len(HISTORY_EVENTS)).toolTip()


# ---- the briefing ----------------------------------------------------------------------

@pytest.mark.slow
def test_the_pdf_briefing_shows_lever_and_event_evidence(window, tmp_path):
    set_lever(window, LEVER, 0.5)
    window.session.set_evidence(LEVER, "Two labs publish weights", "Epoch AI")
    history = window.session.scenario.with_event_evidence(0, "The October 2022 rule", "BIS")
    window.session.change_scenario(history, "Evidence for a history event")
    settle(window)
    path = tmp_path / "brief.pdf"
    window.choose_export_path = lambda caption, suffix, file_filter: str(path)
    window.actions["file:briefing_pdf"].trigger()
    text = " ".join(" ".join(page.extract_text().split())
                    for page in pypdf.PdfReader(path).pages)
    assert "Why this value" in text
    assert "Two labs publish weights (source: Epoch AI)" in text
    assert "Why: The October 2022 rule (source: BIS)" in text
    # a baseline event with a rationale is still the baseline's, not one this scenario adds
    assert "added by this scenario" not in text

