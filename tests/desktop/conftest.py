"""Desktop fixtures: the app's own pytest plugin (desktop/pytest_plugin.py, the fixtures
testers use) under the names these tests have always used."""

from __future__ import annotations

import pytest

from desktop.pytest_plugin import settle


@pytest.fixture
def airace_user_folders(isolated_user_folders):
    """The plugin's user folders are tests/conftest.py's (one set, under tmp_path/home)."""
    return isolated_user_folders


@pytest.fixture
def airace_answers():
    """Saving or exporting a changed bundled scenario offers Scenario details… first: a test
    about something else keeps the details as they are (test_first_hour answers it)."""
    return {"details": None}


@pytest.fixture(autouse=True)
def no_modal_dialogs(airace_questions):
    """Any question a test did not answer fails the test instead of blocking it, also for
    windows built without make_window."""
    return airace_questions


@pytest.fixture
def make_window(qtbot, make_airace_window):
    """Build windows (desktop.app.create_window on a path, a name or a Scenario); on teardown
    close them (and the windows recovered work opened) and check that no top-level widget
    is left behind."""
    return make_airace_window


@pytest.fixture
def window(qtbot, airace_window):
    return airace_window


def window_state(window) -> dict:
    """What a test could leave changed in a main window: the document, its undo history, the
    view, and answers or stubs set on the window or the objects it owns."""
    session = window.session
    owned = {"window": window, "presenter": window.presenter, "analysis": window.analysis,
             "explore": window.explore, "explainer": window.explainer,
             "sharing": window.sharing, "model_map": window.model_map,
             "assumptions": window.assumptions}
    return {
        "scenario": session.scenario, "file": session.path, "unsaved": session.dirty,
        "undo": window.undo_action.isEnabled(), "redo": window.redo_action.isEnabled(),
        "bands": session.latest_bands is not None, "presenter": window.presenter.active,
        "theme": window.theme.name, "levers dock": window.levers_dock.isVisible(),
        "events dock": window.events_dock.isVisible(), "plots": window.plot_grid.output_ids(),
        "published figures": window.actions["view:anchors"].isChecked(),
        "shown": window.isVisible(), "full screen": window.isFullScreen(),
        "menu bar": window.menuBar().isVisible(),
        **{f"attributes of {name}": sorted(vars(thing)) for name, thing in owned.items()},
    }


class SharedWindow:
    """The module's one main window on the baseline, rebuilt after a test changed it."""

    def __init__(self):
        self.window = None

    def get(self):
        if self.window is None:
            from desktop.pytest_plugin import open_window
            self.window = open_window(None, recover=False)
            self.window.show()
            settle(self.window)
        return self.window

    def discard(self) -> None:
        from PySide6.QtCore import QCoreApplication, QEvent

        if self.window is not None:
            self.window.ask_save_changes = lambda: "discard"
            self.window.close()
            self.window.deleteLater()
            self.window = None
            QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(scope="module")
def shared_window(qapp, tmp_path_factory):
    """One window per module, its settings under a folder of its own."""
    from desktop.pytest_plugin import point_user_folders_at

    with pytest.MonkeyPatch.context() as patch:
        point_user_folders_at(tmp_path_factory.mktemp("home"), patch)
        shared = SharedWindow()
        yield shared
        shared.discard()


@pytest.fixture
def read_window(shared_window, qtbot):
    """A shown main window on the baseline shared by the module's tests that only read it
    (building one costs most of a window test's time). A test that changes it (a lever, an
    undo step, a docked panel, a dialog left open, an answer set on it) fails here: take
    ``window`` instead."""
    from PySide6.QtWidgets import QApplication

    window = shared_window.get()
    before, tops = window_state(window), set(QApplication.topLevelWidgets())
    yield window
    settle(window)
    left_open = [type(w).__name__ for w in QApplication.topLevelWidgets()
                 if w not in tops and w.isVisible()]
    after = window_state(window)
    changed = [key for key in before if after[key] != before[key]] + (
        [f"left open: {', '.join(left_open)}"] if left_open else [])
    if changed:
        shared_window.discard()  # the next test gets a fresh one
        pytest.fail(f"this test changed the shared read_window ({'; '.join(changed)}): "
                    "give it the `window` fixture, a window of its own", pytrace=False)

