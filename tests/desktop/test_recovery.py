"""Nothing lost: each window's own autosave, owned by its process; orphans of crashed
processes recovered at the next start, with absolute paths; live instances left alone."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton
from qt_helpers import activate, crashed_app, find, live_app

from core.formats.scenario import load_bundled, load_scenario
from desktop import app
from desktop.main_window import MainWindow
from desktop.state import settings
from desktop.state.autosave import Owner
from desktop.widgets.dialogs import RecoveryDialog


def records():
    return sorted(settings.autosave_folder().glob("*.json"))


def write_plan(path, name="Plan"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(load_bundled("baseline").model_copy(update={"name": name}).to_json())
    return path


def answer_recovery(monkeypatch, choose):
    """Answer the recovery prompt with ``choose(orphans)``; returns the prompts seen."""
    asked = []

    def ask(self, orphans):
        asked.append([orphan.describe() for orphan in orphans])
        return choose(orphans)

    monkeypatch.setattr(MainWindow, "ask_recover", ask)
    return asked


def press_save(qtbot, window):
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


@pytest.mark.slow
@pytest.mark.subprocess
def test_recovered_work_saves_to_its_own_file_from_another_folder(
        make_window, tmp_path, monkeypatch, qtbot):
    folder = tmp_path / "work"
    plan = write_plan(folder / "plan.json")
    crashed_app([["plan.json", "bass_p", 0.2]], cwd=folder)  # opened by a relative path
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    asked = answer_recovery(monkeypatch, lambda orphans: orphans)
    window = make_window()
    assert len(asked) == 1 and len(asked[0]) == 1
    assert asked[0][0].startswith(f"Plan — {plan.resolve()} — autosaved 20")
    assert window.session.dirty and window.session.path == plan.resolve()
    press_save(qtbot, window)
    assert load_scenario(plan).levers == {"bass_p": 0.2}
    assert not (elsewhere / "plan.json").exists()
    assert not window.session.dirty and "*" not in window.windowTitle()
    assert records() == []  # saved: nothing left to recover


def test_every_stored_path_is_absolute(window, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_plan(tmp_path / "rel.json")
    window.choose_open_path = lambda: "rel.json"
    window.open_action.trigger()
    assert window.session.path == tmp_path.resolve() / "rel.json"
    assert settings.recent_files()[0] == tmp_path.resolve() / "rel.json"
    window.session.set_lever("bass_p", 0.2)
    window.session.autosave_now()
    assert json.loads(records()[0].read_text())["file"] == str(tmp_path.resolve() / "rel.json")
    window.choose_save_path = lambda: "copy.json"
    window.save_as_action.trigger()
    assert window.session.path == tmp_path.resolve() / "copy.json"


@pytest.mark.slow
def test_another_window_opening_and_saving_keeps_this_windows_autosave(make_window, tmp_path):
    first = make_window()
    first.session.set_lever("bass_p", 0.2)
    first.session.autosave_now()
    [first_record] = records()
    second = make_window(recover=False)
    second.choose_open_path = lambda: str(write_plan(tmp_path / "other.json"))
    second.open_action.trigger()
    second.session.set_lever("bass_q", 0.5)
    second.session.autosave_now()
    assert len(records()) == 2
    second.save_action.trigger()
    assert records() == [first_record]
    assert json.loads(first_record.read_text())["scenario"]["levers"] == {"bass_p": 0.2}


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_live_instance_keeps_its_autosave_and_a_dead_ones_is_offered(make_window,
                                                                        monkeypatch):
    other = live_app([[None, "bass_p", 0.25]])
    try:
        [record] = records()
        make_window()  # no prompt: the work belongs to a running instance
        assert records() == [record]
    finally:
        other.kill()
        other.wait(timeout=30)
        other.stdout.close()
        other.stderr.close()
    asked = answer_recovery(monkeypatch, lambda orphans: orphans)
    window = make_window()
    assert len(asked[0]) == 1 and " — unsaved — autosaved " in asked[0][0]
    assert window.session.scenario.levers == {"bass_p": 0.25} and window.session.dirty
    assert window.session.path is None


@pytest.mark.slow
@pytest.mark.subprocess
def test_every_orphan_is_offered_and_each_restored_in_its_own_window(
        make_window, tmp_path, monkeypatch):
    plan = write_plan(tmp_path / "plan.json")
    crashed_app([[str(plan), "bass_p", 0.2], [None, "bass_q", 0.5]])
    asked = answer_recovery(monkeypatch, lambda orphans: orphans)
    window = make_window()
    assert len(asked) == 1 and len(asked[0]) == 2
    assert any(f"Plan — {plan.resolve()} — autosaved" in line for line in asked[0])
    assert any("Baseline — unsaved — autosaved" in line for line in asked[0])
    opened = [w for w in app.windows() if w.session.dirty]
    assert window in opened and len(opened) == 2
    assert sorted(list(w.session.scenario.levers.items()) for w in opened) == [
        [("bass_p", 0.2)], [("bass_q", 0.5)]]
    assert {w.session.path for w in opened} == {plan.resolve(), None}
    assert len(records()) == 2  # now owned by this process, still there until saved


@pytest.mark.slow
@pytest.mark.subprocess
def test_decide_later_keeps_orphans_and_unticked_ones_are_deleted(make_window, monkeypatch):
    crashed_app([[None, "bass_p", 0.2], [None, "bass_q", 0.5]])
    answer_recovery(monkeypatch, lambda orphans: None)
    later = make_window()
    assert not later.session.dirty and len(records()) == 2
    answer_recovery(monkeypatch, lambda orphans: [o for o in orphans
                                                  if o.scenario().levers == {"bass_q": 0.5}])
    window = make_window()
    assert window.session.scenario.levers == {"bass_q": 0.5}
    assert len(records()) == 1  # the restored one, now this process's; the other deleted
    assert json.loads(records()[0].read_text())["scenario"]["levers"] == {"bass_q": 0.5}


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_start_up_file_with_orphaned_work_opens_that_work(make_window, tmp_path,
                                                            monkeypatch):
    plan = write_plan(tmp_path / "plan.json")
    crashed_app([[str(plan), "bass_p", 0.2]])
    answer_recovery(monkeypatch, lambda orphans: orphans)
    window = make_window(plan)
    assert window.session.scenario.levers == {"bass_p": 0.2} and window.session.dirty
    assert app.windows() == [window]  # not opened a second time beside its recovered work


def test_recovery_dialog_restores_ticked_or_discards_all(read_window, qtbot, tmp_path):
    items = [("0", "Plan — /home/me/plan.json — autosaved 2026-11-30 18:00:00"),
             ("1", "Baseline — unsaved — autosaved 2026-11-30 17:55:12")]
    dialog = RecoveryDialog(items, read_window)
    dialog.grab().save(str(tmp_path / "recovery.png"))
    dialog.list.item(1).setCheckState(Qt.CheckState.Unchecked)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert dialog.result() == RecoveryDialog.DialogCode.Accepted and dialog.chosen() == ["0"]
    dialog = RecoveryDialog(items, read_window)
    qtbot.mouseClick(find(dialog, QPushButton, "discard_all"), Qt.MouseButton.LeftButton)
    assert dialog.result() == RecoveryDialog.DialogCode.Accepted and dialog.chosen() == []


def test_an_owner_is_live_only_while_its_own_process_runs():
    me = Owner.current()
    assert me.alive()
    assert Owner(me.pid, "another-host", None).alive()  # cannot check: left alone
    if me.started is not None:  # a reused pid: same number, another process start
        assert not Owner(me.pid, me.host, str(int(me.started) + 1)).alive()
    assert not Owner(2**22 + 17, me.host, None).alive()  # above Linux's pid_max
