"""Two writers: a save, or coming back to the window, notices the file changed elsewhere and
asks Reload, Overwrite, Save As or Cancel; the last writer never silently wins."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton
from qt_helpers import activate, find, settle

from core.formats.scenario import load_bundled, load_scenario


@pytest.fixture
def editing(window, tmp_path, qtbot):
    """The active window on plan.json with an unsaved change, and the answers it gives."""
    plan = tmp_path / "plan.json"
    plan.write_text(load_bundled("baseline").to_json())
    window.choose_open_path = lambda: str(plan)
    window.open_action.trigger()
    window.session.set_lever("bass_p", 0.2)
    window.answers, window.asked = [], []

    def ask():
        window.asked.append(window.session.display_name)
        return window.answers.pop(0)

    window.ask_file_changed = ask
    activate(qtbot, window)
    return window, plan


def change_elsewhere(plan, **levers):
    """Another program or instance rewrites the file."""
    plan.write_text(load_bundled("baseline").model_copy(update={"levers": levers}).to_json())


def press_save(qtbot, window):
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_save_over_a_changed_file_asks_and_cancel_keeps_both(editing, qtbot):
    window, plan = editing
    change_elsewhere(plan, bass_q=0.5)
    window.answers = ["cancel"]
    press_save(qtbot, window)
    assert window.asked == ["plan.json"]
    assert load_scenario(plan).levers == {"bass_q": 0.5}
    assert window.session.dirty and window.session.scenario.levers == {"bass_p": 0.2}


def test_overwrite_writes_this_version(editing, qtbot):
    window, plan = editing
    change_elsewhere(plan, bass_q=0.5)
    window.answers = ["overwrite"]
    press_save(qtbot, window)
    assert load_scenario(plan).levers == {"bass_p": 0.2} and not window.session.dirty
    press_save(qtbot, window)  # saved here last: no question now
    assert window.asked == ["plan.json"]


def test_reload_shows_the_file_and_undo_brings_this_version_back(editing, qtbot):
    window, plan = editing
    change_elsewhere(plan, bass_q=0.5)
    window.answers = ["reload"]
    press_save(qtbot, window)
    settle(window)
    assert window.session.scenario.levers == {"bass_q": 0.5} and not window.session.dirty
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.scenario.levers == {"bass_p": 0.2} and window.session.dirty
    assert load_scenario(plan).levers == {"bass_q": 0.5}


def test_save_as_keeps_the_other_version(editing, qtbot, tmp_path):
    window, plan = editing
    change_elsewhere(plan, bass_q=0.5)
    window.answers = ["save_as"]
    window.choose_save_path = lambda: str(tmp_path / "mine.json")
    press_save(qtbot, window)
    assert load_scenario(plan).levers == {"bass_q": 0.5}
    assert load_scenario(tmp_path / "mine.json").levers == {"bass_p": 0.2}
    assert window.session.path == (tmp_path / "mine.json").resolve()


def test_a_touched_but_unchanged_file_is_saved_without_asking(editing, qtbot):
    window, plan = editing
    stat = plan.stat()
    os.utime(plan, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    press_save(qtbot, window)  # no answer queued: a question would fail here
    assert window.asked == [] and load_scenario(plan).levers == {"bass_p": 0.2}


@pytest.mark.slow
def test_coming_back_to_the_window_asks_once_per_change(editing, make_window, qtbot):
    window, plan = editing
    other = make_window(recover=False)
    activate(qtbot, other)
    change_elsewhere(plan, bass_q=0.5)
    window.answers = ["cancel"]
    activate(qtbot, window)
    qtbot.waitUntil(lambda: window.asked == ["plan.json"], timeout=3000)
    activate(qtbot, other)
    activate(qtbot, window)
    qtbot.wait(50)
    assert window.asked == ["plan.json"]  # told once; the save still asks
    window.answers = ["overwrite"]
    press_save(qtbot, window)
    assert window.asked == ["plan.json", "plan.json"]
    assert load_scenario(plan).levers == {"bass_p": 0.2}


def test_the_question_offers_the_four_answers(editing, tmp_path):
    window, _plan = editing
    from desktop.widgets.dialogs import ChoiceDialog

    dialog = window.file_changed_dialog()
    dialog.grab().save(str(tmp_path / "changed.png"))
    assert "“plan.json” was changed on disk" in dialog.findChild(QLabel).text()
    names = [b.objectName() for b in dialog.findChildren(QPushButton)]
    assert names == ["choice:reload", "choice:overwrite", "choice:save_as", "choice:cancel"]
    assert find(dialog, QPushButton, "choice:cancel").isDefault()
    find(dialog, QPushButton, "choice:overwrite").click()
    assert dialog.result() == ChoiceDialog.DialogCode.Accepted
    assert dialog.choice() == "overwrite"
    dialog.deleteLater()
