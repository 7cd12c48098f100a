"""Which Linux system libraries Qt needs and which of them are missing, checked before Qt loads.

Qt's wheels do not ship the system libraries (OpenGL, EGL, xkbcommon, fontconfig, D-Bus, GLib,
and the xcb helpers for a real X display). When one is absent, importing PySide6 or starting the
platform plugin aborts with a message few people can act on. This module finds the gap first and
names the Debian/Ubuntu packages to install. It never imports PySide6.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import sys
from collections.abc import Callable, Iterable

# (soname, Debian package); enough for QT_QPA_PLATFORM=offscreen.
HEADLESS_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libGL.so.1", "libgl1"),
    ("libEGL.so.1", "libegl1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
)

# Needed in addition by the xcb platform plugin on a real X display.
DISPLAY_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
)


def _loads(soname: str) -> bool:
    """True if the dynamic loader can open ``soname`` (or find_library knows the library)."""
    try:
        ctypes.CDLL(soname)
        return True
    except OSError:
        pass
    # "libxcb-render-util.so.0" -> "xcb-render-util"
    name = soname.split(".so", 1)[0].removeprefix("lib")
    found = ctypes.util.find_library(name)
    if not found:
        return False
    try:
        ctypes.CDLL(found)
        return True
    except OSError:
        return False


# Tests replace this to simulate a machine without a library.
library_loads: Callable[[str], bool] = _loads


def display_in_use() -> bool:
    """True when Qt will use the xcb plugin on an X display: QT_QPA_PLATFORM unset or xcb,
    and DISPLAY set."""
    platform = os.environ.get("QT_QPA_PLATFORM", "").strip()
    return platform in ("", "xcb") and bool(os.environ.get("DISPLAY"))


def missing_linux_libraries(display: bool | None = None) -> list[str]:
    """Debian package names of the system libraries Qt needs that this machine lacks.

    ``display`` adds the xcb libraries of a real X display; None decides by the environment
    (see ``display_in_use``). Always empty on macOS and Windows, where the wheels are complete.
    """
    if not sys.platform.startswith("linux"):
        return []
    if display is None:
        display = display_in_use()
    wanted = HEADLESS_LIBRARIES + (DISPLAY_LIBRARIES if display else ())
    missing: list[str] = []
    for soname, package in wanted:
        if package not in missing and not library_loads(soname):
            missing.append(package)
    return missing


def explain_missing(packages: Iterable[str]) -> str:
    """A plain-words message naming the missing packages and the exact line that installs them."""
    packages = list(packages)
    if not packages:
        return "All system libraries that Qt needs are installed."
    names = ", ".join(packages)
    plural = "libraries" if len(packages) > 1 else "library"
    return (
        f"AI Race Planner cannot start its window: Qt needs system {plural} that this computer "
        f"does not have ({names}).\n"
        "On Debian or Ubuntu, install them with:\n\n"
        f"    sudo apt-get install -y {' '.join(packages)}\n\n"
        "On other Linux distributions, install the packages that provide the same libraries. "
        "The command line (airace run, compare, mc, ...) works without them."
    )


def program() -> str:
    """The command to type again: ``airace`` when the shell finds it, else the path it was
    started by (such as .venv/bin/airace, where an install leaves it)."""
    typed = sys.argv[0] if sys.argv and sys.argv[0] else "airace"
    if os.path.basename(typed) != "airace" or shutil.which("airace"):
        return "airace"
    return typed


def headless_hint() -> str:
    """Ways to use the app with no display, for the messages below."""
    airace = program()
    return (
        "To run without a display:\n\n"
        f"    QT_QPA_PLATFORM=offscreen {airace} [SCENARIO.json]\n"
        "        the window, drawn off screen (nothing is shown)\n"
        f"    {airace} screenshot OUT.png [SCENARIO]\n"
        "        the window saved as a PNG\n"
        f"    {airace} run, compare, mc, sensitivity, brief, ... ({airace} --help)\n"
        "        the command line, which needs no window\n\n"
        "Or start it from a desktop session (or over ssh -X) so that DISPLAY is set."
    )


def _x_display_reachable(display: str) -> bool | None:
    """Whether an X server answers on ``display`` (libxcb's own connect, no Qt); None if
    libxcb itself is missing (the library check reports that)."""
    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return None
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return xcb.xcb_connection_has_error(connection) == 0
    finally:
        xcb.xcb_disconnect(connection)


# Tests replace this to simulate an X server that does or does not answer.
x_display_reachable: Callable[[str], bool | None] = _x_display_reachable


def display_problem() -> str | None:
    """Why the window cannot open on this Linux machine's display, or None if it can (or the
    user chose a platform with QT_QPA_PLATFORM). Qt itself would abort with a message that
    suggests reinstalling; this says what is wrong and how to run headless instead."""
    if not sys.platform.startswith("linux"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "").strip()
    if platform not in ("", "xcb"):
        return None
    display = os.environ.get("DISPLAY", "")
    if not display:
        if platform == "" and os.environ.get("WAYLAND_DISPLAY"):
            return None
        return ("AI Race Planner found no display to open its window on (DISPLAY and "
                f"WAYLAND_DISPLAY are not set).\n{headless_hint()}")
    if x_display_reachable(display) is False:
        return (f"AI Race Planner could not connect to the X display {display!r} (DISPLAY): "
                "no X server answers there, or it refused the connection.\n"
                f"{headless_hint()}")
    return None


def headless() -> bool:
    """Linux with no display to draw on (run offscreen)."""
    return sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
