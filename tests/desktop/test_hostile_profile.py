"""A damaged profile never stops the app; a lost autosave is said once; no exception of a
menu command escapes the window."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDoubleSpinBox, QMenu
from qt_helpers import activate

from core.formats.scenario import load_bundled
from desktop.actions import ACTIONS, Action
from desktop.main_window import MainWindow
from desktop.state import autosave, settings

ROOT = Path(__file__).resolve().parents[2]
DEEP = "[" * 100_000 + "]" * 100_000


def _record(**changes) -> dict:
    data = {"format": autosave.RECORD_FORMAT, "version": 1,
            "owner": {"pid": 999_999_999, "host": os.uname().nodename, "started": None},
            "name": "Plan", "file": None, "file_digest": None,
            "saved_at": "2026-01-01T00:00:00+00:00",
            "scenario": json.loads(load_bundled("baseline").to_json())}
    data.update(changes)
    return data


@pytest.fixture
def errors(monkeypatch):
    shown = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, text: shown.append(text))
    return shown


@pytest.fixture(autouse=True)
def fresh_problems(monkeypatch):
    monkeypatch.setattr(settings, "problems", [])
    settings._cache.clear()


@pytest.mark.parametrize(("text", "reason"), [
    (DEEP, "nested too deeply"),
    ('{"theme": ' + "9" * 5000 + "}", "not readable JSON: Exceeds the limit"),
    (b"\xff\xfe{}", "not readable JSON: 'utf-8' codec can't decode"),
])
def test_a_damaged_settings_file_is_set_aside_and_the_app_starts_on_defaults(
        make_window, capsys, text, reason):
    path = settings.settings_path()
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    window = make_window()
    assert settings.load_settings() == settings.Settings()
    err = capsys.readouterr().err
    assert err.startswith(f"AI Race Planner: {path}: {reason}")
    assert err.rstrip().endswith("set aside as settings.json.damaged") and err.count("\n") == 1
    assert not path.exists() and (path.parent / "settings.json.damaged").exists()
    assert window.statusBar().currentMessage() == err.removeprefix("AI Race Planner: ").strip()


def test_a_300_mb_settings_file_is_not_read_whole():
    path = settings.settings_path()
    with open(path, "wb") as stream:
        stream.truncate(300_000_000)  # sparse: costs no disk
    tracemalloc.start()
    try:
        assert settings.load_settings() == settings.Settings()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000
    assert settings.problems == [f"{path}: larger than 1,000,000 bytes; set aside as "
                                 "settings.json.damaged"]


@pytest.mark.parametrize(("record", "reason"), [
    (DEEP, "nested too deeply"),
    (_record(owner={"pid": 2**70, "host": os.uname().nodename}),
     "damaged autosave record: no process has the owner's id 11805916207174113034"),
    (_record(saved_at="9999-12-31T23:59:59-12:00"),
     "damaged autosave record: its date 9999-12-31T23:59:59-12:00 cannot be shown"),
    (_record(file="/tmp/a\0b.json"),
     "damaged autosave record: the file it names is not a usable path"),
])
def test_a_damaged_autosave_record_is_set_aside_and_the_window_opens_the_file(
        make_window, capsys, tmp_path, errors, record, reason):
    path = settings.autosave_folder() / "0123.json"
    path.write_text(record if isinstance(record, str) else json.dumps(record))
    plan = tmp_path / "plan.json"
    plan.write_text(load_bundled("baseline").model_copy(update={"name": "Mine"}).to_json())
    window = make_window(plan, recover=None)
    assert window.session.scenario.name == "Mine" and errors == []
    assert capsys.readouterr().err == (f"AI Race Planner: {path}: {reason}; set aside as "
                                       "0123.json.damaged\n")
    assert sorted(p.name for p in path.parent.iterdir()) == ["0123.json.damaged"]


def test_a_recent_entry_holding_nul_is_not_offered(make_window):
    settings.settings_path().write_text(json.dumps(
        {"version": 2, "recent_files": ["/tmp/a\0b.json", "x" * 5000, "/tmp/ok.json"]}))
    window = make_window()
    window.fill_recent_menu()
    names = [a.objectName() for a in window.menus["file/recent"].actions() if a.objectName()]
    assert names == ["recent:/tmp/ok.json", "recent:clear"]


def _start(env_changes: dict, *argv: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           **env_changes}
    return subprocess.run([sys.executable, "-m", "desktop", *argv], capture_output=True,
                          text=True, timeout=180, env=env)


@pytest.mark.slow
def test_profile_folders_that_cannot_be_made_do_not_stop_the_app(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")  # a profile folder "inside" a file: nothing can be made there
    out = tmp_path / "shot.png"
    done = _start({"XDG_CONFIG_HOME": str(blocker / "config"),
                   "XDG_STATE_HOME": str(blocker / "state")}, "screenshot", str(out))
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr and out.stat().st_size > 10_000


@pytest.mark.slow
def test_an_autosave_folder_that_cannot_be_written_is_said_once_in_the_window(
        make_window, monkeypatch, tmp_path, qtbot):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setattr(settings, "autosave_folder", lambda: blocker / "autosave")
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    spin = window.findChild(QDoubleSpinBox, "lever:bass_p:spin")
    assert window.notice_bar.isHidden()
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_Up)  # a change, then the autosave timer fires
    qtbot.waitUntil(lambda: not window.notice_bar.isHidden(), timeout=10_000)
    assert window.notice_bar.message.text() == (
        "Changes are not being autosaved, so a crash would lose them: save your work to "
        "keep it.")
    assert str(blocker / "autosave") in window.notice_bar.details.text()
    window.grab().save(str(tmp_path / "notice.png"))
    qtbot.mouseClick(window.notice_bar.close_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(spin, Qt.Key.Key_Up)
    window.session.autosave_now()  # the timer's slot, at once
    assert window.notice_bar.isHidden()  # said once, not at every change


COMMANDS = [entry for entry in ACTIONS if isinstance(entry, Action)]


def test_a_failure_in_any_command_is_one_message_and_keeps_the_document(
        make_window, monkeypatch, errors, capsys):
    real = MainWindow.handler

    def failing(self, method):
        command = real(self, method)  # the command exists
        if method not in {entry.callback for entry in COMMANDS}:
            return command  # a submenu's filler: the window needs it to build

        def fail(*args):
            raise RuntimeError(f"injected failure in {method.__qualname__}")
        return fail

    monkeypatch.setattr(MainWindow, "handler", failing)
    window = make_window()
    window.session.set_lever("bass_p", 0.2)
    scenario = window.session.scenario
    for entry in COMMANDS:
        errors.clear()
        action = window.actions[entry.id]
        action.setEnabled(True)  # Revert with no file is greyed out: the failure still counts
        action.trigger()
        name = entry.text.replace("&", "").rstrip(".…")
        assert errors == [f"{name} did not work; your scenario is unchanged.\n\n"
                          f"injected failure in {entry.callback.__qualname__}"], entry.id
        assert window.session.scenario is scenario
    assert capsys.readouterr().err.count("Traceback") == len(COMMANDS)


def test_open_recent_on_a_file_that_fails_is_one_message(make_window, monkeypatch, errors):
    window = make_window()
    monkeypatch.setattr(window, "open_path", lambda *a, **k: 1 / 0)
    settings.add_recent_file("/tmp/plan.json")
    window.fill_recent_menu()
    menu: QMenu = window.menus["file/recent"]
    next(a for a in menu.actions() if a.objectName() == "recent:/tmp/plan.json").trigger()
    assert errors == ["plan.json did not work; your scenario is unchanged.\n\n"
                      "division by zero"]


@pytest.mark.parametrize("samples", ["5"])  # 100,001: test_hostile_roundtrip (same check, no run)
def test_a_briefing_with_any_mc_count_brief_takes_reopens(tmp_path, capsys, samples):
    from core.cli.main import main as cli
    from desktop.entry import main as airace

    out = tmp_path / "b.html"
    assert airace(["brief", "baseline", "--html", str(out), "--mc", samples]) == 0
    capsys.readouterr()
    assert cli(["validate", str(out)]) == 0
    assert capsys.readouterr().out == f"{out}: ok\n"


@pytest.mark.parametrize("content", [
    b"%PDF-1.4\n1 0 obj\n<< /Filter 5 /Length 3 >>\nstream\nabc\nendstream\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n",
    b"%PDF-1.4\n" + b"<<" * 100_000 + b"\n%%EOF\n",
    b"%PDF-1.4\n1 0 obj " + b"9" * 5000 + b" endobj\n%%EOF\n",
])
def test_file_open_on_a_crafted_pdf_is_one_message(make_window, monkeypatch, errors,
                                                   tmp_path, qtbot, content):
    crafted = tmp_path / "crafted.pdf"
    crafted.write_bytes(content)
    window = make_window()
    scenario = window.session.scenario
    monkeypatch.setattr(MainWindow, "choose_open_path", lambda self: str(crafted))
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert len(errors) == 1 and errors[0].startswith("Could not open this scenario")
    assert f"{crafted}: " in errors[0] and "Traceback" not in errors[0]
    assert window.session.scenario is scenario


@pytest.mark.parametrize("action_id", ["file:export_csv", "file:export_figure",
                                       "file:briefing_html"])
def test_an_export_never_replaces_the_open_scenario_or_a_read_only_file(
        make_window, monkeypatch, errors, tmp_path, action_id):
    plan = tmp_path / "plan.json"
    plan.write_text(load_bundled("baseline").model_copy(update={"name": "Mine"}).to_json())
    kept = plan.read_bytes()
    window = make_window(plan)
    chosen = [str(plan)]
    monkeypatch.setattr(MainWindow, "choose_export_path", lambda self, *a: chosen[0])
    window.actions[action_id].trigger()
    assert errors == [f"{plan}: is also a file this command reads; choose another file name"]
    assert plan.read_bytes() == kept
    protected = tmp_path / "protected.out"
    protected.write_text("keep")
    protected.chmod(0o444)
    chosen[0] = str(protected)
    errors.clear()
    window.actions[action_id].trigger()
    assert errors == [f"{protected}: the file is read-only; it was not replaced"]
    assert protected.read_text() == "keep"
