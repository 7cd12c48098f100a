"""The `airace` entry: GUI with no subcommand, `screenshot`, everything else headless; no
display explained, Ctrl+C quits like File > Quit."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication
from qt_helpers import app_process

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


@pytest.mark.subprocess
def test_other_subcommands_go_to_the_headless_cli_without_qt():
    # a stand-in core.cli.main: this test is about the hand-over, not the CLI itself
    code = ("import sys, types; cli = types.ModuleType('core.cli.main'); "
            "cli.main = lambda argv: print('CLI', argv) or 7; sys.modules['core.cli.main'] = cli; "
            "from desktop.entry import main; rc = main(['levers', '--json']); "
            "print('QT' if 'PySide6' in sys.modules else 'NOQT'); sys.exit(rc)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 7, done.stderr
    assert done.stdout.split("\n")[:2] == ["CLI ['levers', '--json']", "NOQT"]


@pytest.mark.slow
@pytest.mark.subprocess
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


def _gui_without(tmp_path, **env):
    """Start `python -m desktop` in a scrubbed environment: no display variables unless given."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    return subprocess.run([sys.executable, "-m", "desktop"], capture_output=True, text=True,
                          timeout=120, env=dict(clean, **env), cwd=tmp_path)


@pytest.mark.subprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY is a Linux matter")
def test_no_display_is_explained_with_the_headless_ways_and_exit_2(tmp_path):
    done = _gui_without(tmp_path)
    assert done.returncode == entry.EXIT_NO_DISPLAY, done.stderr  # not SIGABRT (-6)
    assert "found no display" in done.stderr
    assert "QT_QPA_PLATFORM=offscreen" in done.stderr and "airace screenshot" in done.stderr
    assert "einstall" not in done.stderr


@pytest.mark.subprocess
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="DISPLAY is a Linux matter")
def test_a_display_nobody_answers_on_is_explained_and_exit_2(tmp_path):
    from desktop import qt_check

    if qt_check.x_display_reachable(":987") is not False:
        pytest.skip("no libxcb here, or an X server answers on :987")
    done = _gui_without(tmp_path, DISPLAY=":987")
    assert done.returncode == entry.EXIT_NO_DISPLAY, done.stderr
    assert "could not connect to the X display ':987'" in done.stderr
    assert "QT_QPA_PLATFORM=offscreen" in done.stderr


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()
    return int(fields[11]) + int(fields[12])  # utime + stime


@pytest.mark.slow
@pytest.mark.subprocess
@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="waits for idle through /proc")
def test_ctrl_c_in_the_terminal_quits_a_window_without_unsaved_work(tmp_path):
    with app_process(["-m", "desktop"], tmp_path) as process:
        deadline, still, last = time.monotonic() + 90, 0, -1
        while still < 4 and time.monotonic() < deadline:  # started: the event loop idles
            time.sleep(0.25)
            ticks = _cpu_ticks(process.pid)
            still, last = (still + 1 if ticks == last else 0), ticks
        assert process.poll() is None, process.stderr.read()
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        assert "Traceback" not in process.stderr.read()


@pytest.mark.slow
def test_ctrl_c_asks_about_unsaved_work_as_quit_does(window, qtbot):
    from desktop.app import install_signal_handlers

    before = signal.getsignal(signal.SIGINT)  # a background shell starts it ignored
    window.session.set_lever("bass_p", 0.2)
    asked = []
    window.ask_save_changes = lambda: asked.append(1) or ("cancel" if len(asked) == 1
                                                          else "discard")
    uninstall = install_signal_handlers(QApplication.instance())
    try:
        os.kill(os.getpid(), signal.SIGINT)
        qtbot.waitUntil(lambda: len(asked) == 1, timeout=3000)
        qtbot.wait(50)
        assert window.isVisible() and window.session.dirty  # cancelled: nothing quits
        os.kill(os.getpid(), signal.SIGINT)
        qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
        assert len(asked) == 2
    finally:
        uninstall()
    assert signal.getsignal(signal.SIGINT) is before  # put back as it was
