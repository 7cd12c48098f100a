"""Small helpers the desktop tests share: find a control by its objectName, settle updates
and find a plot (those two from the app's pytest plugin), another app process that crashes
or keeps running."""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
from collections.abc import Iterator

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog

from desktop.pytest_plugin import find_plot as plot  # noqa: F401 (the tests import it here)
from desktop.pytest_plugin import settle  # noqa: F401


def find(window, cls, name: str):
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name!r}"
    return widget


# Another app process: opens one window per (file or None, lever, value), makes that change,
# autosaves, says "ready", then crashes (os._exit, no clean-up) or waits on stdin while alive.
_OTHER_APP = """
import json, os, sys
from desktop.app import create_window
for path, lever, value in json.loads(sys.argv[1]):
    window = create_window(path, recover=False)
    window.session.set_lever(lever, value)
    window.session.autosave_now()
print("ready", flush=True)
if sys.argv[2] == "crash":
    os._exit(70)
sys.stdin.readline()
"""


def _other_app(edits, mode: str, cwd=None) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", _OTHER_APP, json.dumps(edits), mode],
                               cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert read_line(process).strip() == "ready"
    return process


def crashed_app(edits, cwd=None) -> None:
    """Windows of another process that died with unsaved changes (their autosaves orphaned)."""
    process = _other_app(edits, "crash", cwd)
    assert process.wait(timeout=60) == 70
    process.stdout.close()
    process.stderr.close()


def live_app(edits, cwd=None) -> subprocess.Popen:
    """Another running instance with unsaved, autosaved changes; kill it to orphan them."""
    return _other_app(edits, "live", cwd)


def activate(qtbot, window) -> None:
    """Show the window and make it the active one, so its keyboard shortcuts work."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def open_from_menu(window, action_id: str, dialog_name: str):
    """Trigger a menu action (by its id) and return the dialog it shows."""
    find(window, QAction, action_id).trigger()
    dialog = window.findChild(QDialog, dialog_name)
    assert dialog is not None and dialog.isVisible()
    return dialog


def type_into(qtbot, spin, text: str) -> None:
    """Replace a spin box's text by typing, as a user does (no Return: in a dialog it would
    press the default button)."""
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, text)
    assert spin.cleanText().replace(",", "") == text


def read_line(process: subprocess.Popen, timeout: float = 60) -> str:
    """The process's next line of stdout, or a failure naming what it said on stderr when
    none comes within ``timeout`` seconds (a child stuck in a dialog must not hang the run)."""
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        process.kill()
        raise AssertionError(f"no line within {timeout} s; stderr: {process.stderr.read()}")
    return process.stdout.readline()


@contextlib.contextmanager
def app_process(argv: list[str], cwd, env: dict[str, str] | None = None
                ) -> Iterator[subprocess.Popen]:
    """The app in a process of its own, offscreen (stdout and stderr as text pipes); killed
    on the way out if a test left it running."""
    process = subprocess.Popen([sys.executable, *argv], cwd=cwd, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True,
                               env=env or dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    try:
        yield process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()
