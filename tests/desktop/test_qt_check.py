"""The missing-library check names the Debian package and the exact install line, without Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop import qt_check


@pytest.fixture
def linux(monkeypatch):
    monkeypatch.setattr(qt_check.sys, "platform", "linux")


def _without(*sonames: str):
    return lambda soname: soname not in sonames


def test_nothing_missing_when_every_library_loads(linux, monkeypatch):
    monkeypatch.setattr(qt_check, "library_loads", lambda soname: True)
    assert qt_check.missing_linux_libraries(display=True) == []


def test_missing_egl_names_its_package_and_the_install_line(linux, monkeypatch):
    monkeypatch.setattr(qt_check, "library_loads", _without("libEGL.so.1"))
    missing = qt_check.missing_linux_libraries(display=False)
    assert missing == ["libegl1"]
    message = qt_check.explain_missing(missing)
    assert "libegl1" in message
    assert "sudo apt-get install -y libegl1" in message


def test_xcb_libraries_are_checked_only_for_a_display(linux, monkeypatch):
    monkeypatch.setattr(qt_check, "library_loads",
                        _without("libxcb-cursor.so.0", "libfontconfig.so.1"))
    assert qt_check.missing_linux_libraries(display=False) == ["libfontconfig1"]
    missing = qt_check.missing_linux_libraries(display=True)
    assert missing == ["libfontconfig1", "libxcb-cursor0"]
    assert "sudo apt-get install -y libfontconfig1 libxcb-cursor0" in qt_check.explain_missing(
        missing)


def test_every_known_library_maps_to_one_package(linux, monkeypatch):
    monkeypatch.setattr(qt_check, "library_loads", lambda soname: False)
    missing = qt_check.missing_linux_libraries(display=True)
    assert missing == [package for _, package in
                       qt_check.HEADLESS_LIBRARIES + qt_check.DISPLAY_LIBRARIES]


def test_other_platforms_never_report_missing_libraries(monkeypatch):
    monkeypatch.setattr(qt_check.sys, "platform", "darwin")
    monkeypatch.setattr(qt_check, "library_loads", lambda soname: False)
    assert qt_check.missing_linux_libraries(display=True) == []


@pytest.mark.parametrize(("platform", "display", "expected"), [
    (None, ":0", True),
    ("xcb", ":0", True),
    ("offscreen", ":0", False),
    (None, None, False),
    ("wayland", ":0", False),
])
def test_display_follows_qt_platform_and_display(monkeypatch, platform, display, expected):
    for name, value in (("QT_QPA_PLATFORM", platform), ("DISPLAY", display)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    assert qt_check.display_in_use() is expected


def test_explain_missing_with_nothing_missing_says_so():
    assert "installed" in qt_check.explain_missing([])


@pytest.mark.subprocess
def test_importing_the_check_does_not_import_qt():
    code = "import sys, desktop.qt_check; print('PySide6' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux libraries only")
def test_this_machine_has_the_headless_libraries():
    """The test run itself uses Qt offscreen, so the real loader must find these."""
    assert qt_check.missing_linux_libraries(display=False) == []


@pytest.mark.parametrize(("env", "problem"), [
    ({}, "found no display"),
    ({"QT_QPA_PLATFORM": "xcb"}, "found no display"),
    ({"WAYLAND_DISPLAY": "wayland-0"}, None),
    ({"QT_QPA_PLATFORM": "offscreen"}, None),
    ({"DISPLAY": ":0"}, None),
    ({"DISPLAY": ":5", "QT_QPA_PLATFORM": "xcb", "unreachable": True},
     "could not connect to the X display ':5'"),
])
def test_display_problem_is_found_before_qt(linux, monkeypatch, env, problem):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    unreachable = env.pop("unreachable", False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(qt_check, "x_display_reachable", lambda display: not unreachable)
    found = qt_check.display_problem()
    if problem is None:
        assert found is None
    else:
        assert problem in found and "QT_QPA_PLATFORM=offscreen" in found
