"""Build the application and its main window.

``create_window(scenario_path=None)`` is the documented entry for tests and scripts: it
returns the shown-ready main window without entering the event loop. Work recovered from
crashed windows opens in further windows of its own (``windows()`` lists them all).
"""

from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from desktop.actions import TABLE
from desktop.main_window import APP_TITLE, MainWindow
from desktop.state import autosave
from desktop.widgets import themes
from desktop.widgets.plots import configure_pyqtgraph
from desktop.widgets.themes import resources_folder

# How often Python gets a turn while Qt's loop runs, so a Ctrl+C is seen promptly.
SIGNAL_POLL_MS = 200

_windows: list[MainWindow] = []


def application() -> QApplication:
    """The QApplication, created once with the app's name, icon and theme."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName(APP_TITLE)
        app.setOrganizationName("ai-race-planner")
        app.setDesktopFileName("ai-race-planner")
        icon = resources_folder() / "icons" / "airace.svg"
        if icon.is_file():
            app.setWindowIcon(QIcon(str(icon)))
        # a window then applies the remembered theme
        app.setStyleSheet(themes.style_sheet(themes.LIGHT))  # "" if unreadable: platform look
    configure_pyqtgraph()
    return app


def windows() -> list[MainWindow]:
    """The main windows made here that still exist, oldest first."""
    _windows[:] = [window for window in _windows if shiboken6.isValid(window)]
    return list(_windows)


def _new_window() -> MainWindow:
    window = MainWindow(TABLE)
    _windows.append(window)
    return window


def create_window(scenario_path: str | Path | None = None,
                  recover: bool | None = None) -> MainWindow:
    """The main window on the baseline, or on ``scenario_path``; the event loop is not entered.

    Autosaves left by windows whose process is gone are offered first: ``recover`` None asks
    the user (``MainWindow.ask_recover``), True restores them all, False leaves them alone.
    The first restored document opens in this window unless ``scenario_path`` is given (then
    in a new one, unless it is that file's own unsaved work); every further one opens in a
    new window (see ``windows()``). A broken ``scenario_path`` is reported through
    ``MainWindow.show_error`` and the window stays on the baseline.
    """
    application()
    window = _new_window()
    found = autosave.orphans() if recover is not False else []
    chosen = (window.ask_recover(found) if recover is None else found) if found else None
    if chosen is not None:
        for orphan in found:
            if orphan not in chosen:
                autosave.discard(orphan)
        if scenario_path is not None:
            start_file = Path(scenario_path).resolve()
            own = [orphan for orphan in chosen if orphan.file == start_file]
            if own:  # its unsaved work is newer than the file: open that instead
                chosen = own + [orphan for orphan in chosen if orphan not in own]
                scenario_path = None
        _restore(window if scenario_path is None else None, chosen)
    if scenario_path is not None:
        window.open_path(scenario_path, ask=False)
    window.session.flush()
    return window


def _restore(first: MainWindow | None, chosen: list[autosave.Orphan]) -> None:
    """Each chosen orphan in a window: ``first`` for the first, then new windows."""
    for orphan in chosen:
        target = first or _new_window()
        if target.recover(orphan):
            target.session.flush()
            first = None
        elif target is not first:
            target.deleteLater()


def close_all_windows() -> bool:
    """Close every main window as File > Quit does (each asks about its unsaved work);
    stops at the first one the user keeps open. True if all closed. Does nothing while a
    dialog is open: that question is answered first."""
    if QApplication.activeModalWidget() is not None:
        return False
    return all(not window.isVisible() or window.close() for window in windows())


def end_on_sigterm() -> None:
    """SIGTERM (a logout, a shutdown, a supervisor): nobody is there to answer a question,
    so each window's unsaved work goes to its autosave record (offered at the next start)
    instead of being asked about, its background runs stop, and the app leaves its loop
    with 143 as a terminated process does. A write under way has finished by then: the
    handler only posts this to the loop, so no temporary file is left half written."""
    for window in windows():
        window.session.autosave_now()
        window.analysis.stop_workers()
    QApplication.exit(128 + signal.SIGTERM)


def install_signal_handlers(app: QApplication) -> Callable[[], None]:
    """Ctrl+C in the terminal quits like File > Quit instead of killing unsaved work; SIGTERM
    ends the app through ``end_on_sigterm`` instead of killing it mid-write.

    Python runs signal handlers only between bytecodes, so a timer gives it a turn every
    SIGNAL_POLL_MS while Qt's loop runs; each handler posts its work to the loop. Returns a
    function that puts the previous handlers back.
    """
    poll = QTimer(app)
    poll.timeout.connect(lambda: None)
    poll.start(SIGNAL_POLL_MS)
    previous = {number: signal.signal(number, lambda _signum, _frame, then=then:
                                      QTimer.singleShot(0, then))
                for number, then in ((signal.SIGINT, close_all_windows),
                                     (signal.SIGTERM, end_on_sigterm))}

    def uninstall() -> None:
        poll.stop()
        poll.deleteLater()
        for number, handler in previous.items():
            signal.signal(number, handler)

    return uninstall


def run(scenario_path: str | Path | None = None) -> int:
    """Open the window (and any recovered work) and run the event loop until they close."""
    app = application()
    uninstall = install_signal_handlers(app)
    try:
        create_window(scenario_path)
        for window in windows():
            window.show()
        return app.exec()
    finally:
        uninstall()
