"""The `airace` entry: GUI with no subcommand, `screenshot`, everything else headless."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from desktop import entry


@pytest.mark.parametrize(("argv", "gui"), [
    ([], True), (["my.json"], True), (["levers"], False), (["run", "baseline"], False),
    (["--help"], False), (["screenshot", "x.png"], False),
])
def test_which_arguments_open_the_window(argv, gui):
    assert entry._opens_gui(argv) is gui


def test_no_subcommand_opens_the_gui(monkeypatch):
    opened = []
    monkeypatch.setattr(entry, "open_gui", lambda scenario: opened.append(scenario) or 0)
    assert entry.main([]) == 0
    assert entry.main(["some.json"]) == 0
    assert opened == [None, "some.json"]


def test_other_subcommands_go_to_the_headless_cli_without_qt():
    # a stand-in core.cli: this test is about the hand-over, not the CLI itself
    code = ("import sys, types; cli = types.ModuleType('core.cli'); "
            "cli.main = lambda argv: print('CLI', argv) or 7; sys.modules['core.cli'] = cli; "
            "from desktop.entry import main; rc = main(['levers', '--json']); "
            "print('QT' if 'PySide6' in sys.modules else 'NOQT'); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 7, done.stderr
    assert done.stdout.split("\n")[:2] == ["CLI ['levers', '--json']", "NOQT"]


def test_screenshot_writes_a_png(tmp_path):
    out = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "desktop", "screenshot", str(out),
                           "safe_chips_act"], capture_output=True, text=True, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_screenshot_without_a_file_name_is_a_usage_error(capsys):
    assert entry.main(["screenshot"]) == 2
    assert "usage" in capsys.readouterr().err


def test_create_window_does_not_enter_the_event_loop(make_window):
    window = make_window()
    assert window.session.results is not None
    assert not window.isVisible()


def test_missing_system_libraries_are_explained_and_exit_3(monkeypatch, capsys):
    from desktop import qt_check

    monkeypatch.setattr(qt_check, "missing_linux_libraries", lambda display=None: ["libegl1"])
    assert entry.open_gui(None) == entry.EXIT_MISSING_LIBRARIES
    assert "libegl1" in capsys.readouterr().err
