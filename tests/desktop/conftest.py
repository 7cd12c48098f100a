"""Desktop fixtures: a main window that must not leak widgets, and dialogs that never block."""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication


def _unexpected(name):
    def fail(self, *args, **kwargs):
        raise AssertionError(f"unexpected dialog: MainWindow.{name}{args}")
    return fail


@pytest.fixture(autouse=True)
def no_modal_dialogs(monkeypatch):
    """Any question a test did not answer fails the test instead of blocking it."""
    from desktop.main_window import MainWindow

    for name in ("ask_save_changes", "ask_recover", "show_error", "choose_open_path",
                 "choose_save_path", "choose_export_path", "ask_event", "choose_plots",
                 "ask_presenter_levers", "choose_story_open_path", "choose_story_save_path",
                 "choose_compare_scenarios", "ask_file_changed"):
        monkeypatch.setattr(MainWindow, name, _unexpected(name))


def _delete_later_now() -> None:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    gc.collect()  # pyqtgraph's parentless context menus go with their Python owners
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture
def make_window(qtbot):
    """Build windows with desktop.app.create_window; on teardown close them (and the windows
    recovered work opened) and check that no top-level widget is left behind."""
    from desktop import app

    app.application()
    _delete_later_now()
    before = set(QApplication.topLevelWidgets())
    existing = app.windows()
    windows = []

    def make(*args, **kwargs):
        window = app.create_window(*args, **kwargs)
        windows.append(window)
        return window

    yield make
    windows += [w for w in app.windows() if w not in existing and w not in windows]
    for window in windows:
        window.ask_save_changes = lambda: "discard"
        window.close()
        window.deleteLater()
    windows.clear()
    _delete_later_now()
    leaked = [w for w in QApplication.topLevelWidgets() if w not in before]
    assert not leaked, f"widgets leaked: {[type(w).__name__ for w in leaked]}"


@pytest.fixture
def window(make_window):
    window = make_window()
    window.show()
    return window
