"""The wheel carries everything the installed app needs: bundled scenarios, schema, icon,
themes, desktop entry and the ``airace`` console script.

Builds a real wheel (about half a minute with an isolated build environment).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

# every test here reads the one wheel built in a subprocess (about half a minute)
pytestmark = [pytest.mark.skipif(importlib.util.find_spec("build") is None,
                                 reason="the 'build' package is not installed "
                                        "(pip install -e '.[test]' brings it)"),
              pytest.mark.slow, pytest.mark.subprocess]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"wheel build failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}"
    wheels = list(out.glob("*.whl"))
    assert len(wheels) == 1, wheels
    with zipfile.ZipFile(wheels[0]) as archive:
        yield archive


def _names(wheel: zipfile.ZipFile) -> set[str]:
    return set(wheel.namelist())


def test_wheel_contains_the_bundled_baseline(wheel):
    assert "core/bundled/baseline.json" in _names(wheel)


def test_wheel_contains_every_scenario_file_and_the_schema(wheel):
    scenario_files = sorted(path.name for path in (ROOT / "scenarios").glob("*.json"))
    assert "schema.json" in scenario_files, "scenarios/schema.json is missing from the repo"
    missing = [name for name in scenario_files if f"core/bundled/{name}" not in _names(wheel)]
    assert not missing, f"scenario files not packaged: {missing}"


@pytest.mark.parametrize("resource", [
    "icons/airace.svg", "themes/light.qss", "themes/dark.qss", "airace.desktop",
])
def test_wheel_contains_desktop_resources(wheel, resource):
    assert f"desktop/resources/{resource}" in _names(wheel)


def test_wheel_declares_the_airace_console_script(wheel):
    entry_points = [name for name in _names(wheel) if name.endswith(".dist-info/entry_points.txt")]
    assert len(entry_points) == 1, entry_points
    text = wheel.read(entry_points[0]).decode()
    assert "[console_scripts]" in text
    lines = {line.replace(" ", "") for line in text.splitlines()}
    assert "airace=desktop.entry:main" in lines, text


def test_wheel_does_not_ship_tests_or_benchmarks(wheel):
    tops = {name.split("/", 1)[0] for name in _names(wheel)}
    assert not tops & {"tests", "benchmarks", "scenarios", "resources"}, sorted(tops)


def test_wheel_contains_every_data_file_of_the_packages(wheel):
    """A data file read at run time (e.g. core/catalogue/anchors.csv) must ship, or the installed app
    fails where a checkout works."""
    data = [path.relative_to(ROOT).as_posix() for folder in ("core", "desktop")
            for path in (ROOT / folder).rglob("*")
            if path.is_file() and path.suffix not in (".py", ".pyc")
            and "__pycache__" not in path.parts]
    missing = [name for name in data if name not in _names(wheel)]
    assert not missing, f"data files not packaged: {missing}"


def test_wheel_contains_the_user_guide(wheel):
    assert wheel.read("desktop/guide/guide.md") == (ROOT / "docs" / "guide.md").read_bytes()


# Opens a window from the unpacked wheel (no checkout on the path) and Help > User guide
_OPEN_GUIDE = """
import sys
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDialog, QTextBrowser
import desktop
assert desktop.__file__.startswith(sys.argv[1]), desktop.__file__
from desktop.app import create_window
window = create_window(None, recover=False)
window.findChild(QAction, "help:guide").trigger()
dialog = window.findChild(QDialog, "help:guide_dialog")
assert dialog.isVisible() and not dialog.isModal()
print(dialog.findChild(QTextBrowser, "help:guide_text").toPlainText())
window.session.discard_autosave()
"""


def test_help_opens_the_user_guide_from_the_installed_wheel(wheel, tmp_path):
    """The wheel unpacked as an installed package, run away from the checkout (no docs/
    folder beside it): Help > User guide shows the guide the wheel carries."""
    import os

    installed = tmp_path / "site"
    wheel.extractall(installed)
    home = tmp_path / "home"
    env = dict(os.environ, PYTHONPATH=str(installed), QT_QPA_PLATFORM="offscreen",
               HOME=str(home), XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_DATA_HOME=str(home / "data"))
    done = subprocess.run([sys.executable, "-c", _OPEN_GUIDE, str(installed)],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert not (installed / "docs").exists()
    assert "Ten minutes with one policy question" in done.stdout
    assert "wanted − connected" in done.stdout
