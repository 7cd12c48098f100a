"""SIGTERM while the window writes (or waits on a question): the write finishes whole, no
temporary file is left, the unsaved change goes to the autosave record, and the app ends
with 143 and no traceback."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from qt_helpers import app_process, read_line

ROOT = Path(__file__).resolve().parents[2]

# The app as `airace` runs it (desktop.app.run), with one lever changed; then File > Export
# data (CSV) or the autosave timer writes through a slowed writer that says "now" half way
# and sleeps, so the test's SIGTERM lands mid-write; or File > Quit's question is open.
_APP = """
import sys, time
from PySide6.QtCore import QTimer
from core.common import files
from desktop import app
from desktop.main_window import MainWindow
from desktop.state import autosave
from desktop.widgets import export

route, out = sys.argv[1], sys.argv[2]
real = files.write_atomic

def slow(path, data):
    def pieces():
        text = data if isinstance(data, (str, bytes)) else b"".join(
            part.encode() if isinstance(part, str) else part for part in data)
        yield text[: len(text) // 2]
        print("now", flush=True)
        time.sleep(4)
        yield text[len(text) // 2:]
    real(path, pieces())

if route != "question":
    (export if route == "export" else autosave).write_atomic = slow
MainWindow.choose_export_path = lambda self, *args: out
MainWindow.ask_scenario_details = lambda self, *args: None  # the offer before an export

def act():
    window = app.windows()[0]
    window.session.set_lever("bass_p", 0.05)
    if route == "export":
        window.actions["file:export_csv"].trigger()
    elif route == "autosave":
        window.session.autosave_now()
    else:  # File > Quit asks about the unsaved change in a modal box nobody answers
        print("now", flush=True)
        window.actions["file:quit"].trigger()

app.application()  # the loop the timer needs
QTimer.singleShot(300, act)
sys.exit(app.run())
"""


def _env(home: Path) -> dict[str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), HOME=str(home))
    for variable, folder in (("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                             ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        (home / folder).mkdir(parents=True, exist_ok=True)
        env[variable] = str(home / folder)
    return env


@pytest.mark.slow
@pytest.mark.parametrize("route", ["export", "autosave", "question"])
def test_sigterm_while_the_window_writes_leaves_no_temporary_file(tmp_path, route):
    out = tmp_path / "out" / "data.csv"
    out.parent.mkdir()
    home = tmp_path / "home"
    with app_process(["-c", _APP, route, str(out)], tmp_path, _env(home)) as process:
        assert read_line(process) == "now\n"
        time.sleep(1 if route == "question" else 0)  # the question is up
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 128 + signal.SIGTERM
        assert "Traceback" not in process.stderr.read()
    everything = [path for path in tmp_path.rglob("*") if path.is_file()]
    assert not [path for path in everything if path.name.endswith(".tmp")], everything
    records = list((home / "state").rglob("*.json"))
    records = [json.loads(path.read_text()) for path in records if "autosave" in str(path)]
    assert [record["scenario"]["levers"]["bass_p"] for record in records] == [0.05]
    if route == "export":
        assert out.read_text().startswith("month,")  # the export finished whole
