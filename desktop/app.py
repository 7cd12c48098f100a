"""Build the application and its main window.

``create_window(scenario_path=None)`` is the documented entry for tests and scripts: it
returns the shown-ready main window without entering the event loop.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from core.files import data_folder
from desktop import settings
from desktop.main_window import APP_TITLE, MainWindow
from desktop.plots import configure_pyqtgraph


def resources_folder() -> Path:
    """Icons and themes: inside the installed package, or the checkout's ``resources/``."""
    return data_folder("desktop", "resources", "resources")


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
        from desktop import themes  # a window then applies the remembered theme

        app.setStyleSheet(themes.style_sheet(themes.LIGHT))  # "" if unreadable: platform look
    configure_pyqtgraph()
    return app


def create_window(scenario_path: str | Path | None = None,
                  recover: bool | None = None) -> MainWindow:
    """The main window on the baseline, or on ``scenario_path``; the event loop is not entered.

    If the last session left autosaved work, ``recover`` decides whether to load it; None
    asks the user (``MainWindow.ask_recover``). A broken ``scenario_path`` is reported through
    ``MainWindow.show_error`` and the window stays on the baseline.
    """
    application()
    window = MainWindow()
    autosave = settings.autosave_path()
    if autosave.is_file():
        wanted = window.ask_recover(autosave) if recover is None else recover
        if wanted and window.recover(autosave):
            window.session.flush()
            return window
        settings.remove_autosave()
    if scenario_path is not None:
        window.open_path(scenario_path, ask=False)
    window.session.flush()
    return window


def run(scenario_path: str | Path | None = None) -> int:
    """Open the window and run the event loop until it closes."""
    app = application()
    window = create_window(scenario_path)
    window.show()
    return app.exec()
