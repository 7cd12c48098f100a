"""The testers' contract: pytest fixtures and helpers to test AI Race Planner from your tests.

Installed with the app and registered as the pytest plugin ``airace`` (the
``[project.entry-points.pytest11]`` entry in pyproject.toml), so a test in any folder can ask
for these fixtures once ``ai-race-planner`` is installed in its environment
(``docs/testing.md``):

- ``airace_window``: a shown main window on ``airace_scenario`` (the baseline unless
  overridden);
- ``make_airace_window(scenario=None, recover=None)``: a factory for more windows; the
  scenario is a bundled name, a path or a ``core.formats.scenario.Scenario``;
- ``airace_answers``: the answers to the window's questions (``ask_save_changes``, ...);
  override the fixture or mark a test ``@pytest.mark.airace_answers(unsaved="discard")``.
  A question without an answer fails the test instead of blocking it;
- ``airace_user_folders``: every platformdirs user folder (settings, autosaves, recent
  files) in a temporary directory.

On teardown every window is closed and the test fails if a top-level widget it made is still
alive. Controls are found by objectName: ``lever:<id>`` (slider), ``lever:<id>:spin``,
``plot:<output id>``, ``kpi:<kpi id>``; ``find_lever``, ``set_lever``, ``plot_data`` and
``key_figure_text`` below use them.

Importing this module imports no Qt (pytest loads it in every session of an environment the
app is installed in); Qt is imported when a fixture or helper is used.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

# Every question the main window asks through a dialog (tests replace these methods), and
# who asks it: the window itself (""), or an object it owns (window.presenter, window.analysis).
QUESTION_OWNERS = {
    "ask_save_changes": "", "ask_recover": "", "ask_file_changed": "", "show_error": "",
    "choose_open_path": "", "choose_save_path": "", "choose_export_path": "", "ask_event": "",
    "choose_plots": "", "ask_scenario_details": "", "ask_presenter_levers": "presenter",
    "choose_story_open_path": "presenter", "choose_story_save_path": "presenter",
    "choose_compare_scenarios": "analysis",
}
QUESTIONS = tuple(QUESTION_OWNERS)
# Short names accepted in airace_answers for the common ones.
ALIASES = {
    "unsaved": "ask_save_changes",
    "recover": "ask_recover",
    "file_changed": "ask_file_changed",
    "error": "show_error",
    "details": "ask_scenario_details",
}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "airace_answers(**answers): answers to AI Race Planner's questions for "
        "this test, e.g. unsaved='discard' (merged over the airace_answers fixture)")


# ---- answers to questions --------------------------------------------------------------

def question_name(key: str) -> str:
    """The question a key of ``airace_answers`` answers (an alias or the method's name)."""
    name = ALIASES.get(key, key)
    if name not in QUESTIONS:
        raise ValueError(f"airace_answers: unknown question {key!r}; known: "
                         f"{', '.join([*ALIASES, *QUESTIONS])}")
    return name


def _answering(name: str, answer: Any) -> Callable:
    def answered(self, *args, **kwargs):
        return answer(*args, **kwargs) if callable(answer) else answer
    answered.__name__ = name
    return answered


def _unexpected(name: str, owner: str) -> Callable:
    def fail(self, *args, **kwargs):
        raise AssertionError(f"unexpected dialog: {owner}.{name}{args} (answer it in "
                             "airace_answers)")
    fail.__name__ = name
    return fail


@pytest.fixture
def airace_answers() -> dict[str, Any]:
    """Answers to the window's questions: a value to return, or a callable taking the
    question's arguments. Keys are MainWindow method names (QUESTIONS) or ALIASES. Empty by
    default: every question fails the test. Override this fixture in a conftest.py."""
    return {}


@pytest.fixture
def airace_questions(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                     airace_answers: dict[str, Any]) -> dict[str, Any]:
    """Replace every question (on MainWindow, PresenterCommands, AnalysisCommands) by its declared
    answer (``airace_answers`` updated by the test's ``airace_answers`` markers); unanswered
    ones fail the test. A test may still set ``window.ask_save_changes = ...`` or
    ``window.presenter.choose_story_open_path = ...`` on one window. Returns the answers."""
    from desktop.commands.analysis import AnalysisCommands
    from desktop.commands.presenter import PresenterCommands
    from desktop.main_window import MainWindow

    classes = {"": MainWindow, "presenter": PresenterCommands, "analysis": AnalysisCommands}

    answers = {question_name(key): value for key, value in airace_answers.items()}
    for marker in reversed(list(request.node.iter_markers("airace_answers"))):
        answers.update({question_name(key): value for key, value in marker.kwargs.items()})
    for name, owner in QUESTION_OWNERS.items():
        where = f"MainWindow.{owner}" if owner else "MainWindow"
        monkeypatch.setattr(classes[owner], name, _answering(name, answers[name])
                            if name in answers else _unexpected(name, where))
    return answers


# ---- user folders ----------------------------------------------------------------------

def point_user_folders_at(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every platformdirs user folder (config, state, data, cache) and HOME under ``home``."""
    for variable, folder in (("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                             ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        path = home / folder
        path.mkdir(parents=True, exist_ok=True)
        monkeypatch.setenv(variable, str(path))
    for variable in ("APPDATA", "LOCALAPPDATA"):  # Windows, where platformdirs reads them
        monkeypatch.setenv(variable, str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    return home


@pytest.fixture
def airace_user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The app's settings, autosaves and recent files live under this temporary folder."""
    return point_user_folders_at(tmp_path / "airace-home", monkeypatch)


# ---- windows ---------------------------------------------------------------------------

def _delete_later_now() -> None:
    from PySide6.QtCore import QCoreApplication, QEvent
    from PySide6.QtWidgets import QApplication

    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    gc.collect()  # pyqtgraph's parentless context menus go with their Python owners
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def open_window(scenario=None, **kwargs):
    """``desktop.app.create_window`` on a scenario: None (the baseline), a path, a bundled
    name or share code (``core.formats.scenario.resolve``), or a ``core.formats.scenario.Scenario``."""
    from core.formats.scenario import Scenario, resolve
    from desktop import app

    if scenario is None or isinstance(scenario, Path) or (
            isinstance(scenario, str) and Path(scenario).exists()):
        return app.create_window(scenario, **kwargs)
    if isinstance(scenario, str):
        scenario = resolve(scenario)
    if not isinstance(scenario, Scenario):
        raise TypeError(f"a scenario is a name, a path or a Scenario, not {scenario!r}")
    window = app.create_window(None, **kwargs)
    window.session.load(scenario, None)
    window.session.flush()
    return window


@pytest.fixture
def make_airace_window(airace_user_folders, airace_questions) -> Iterator[Callable]:
    """``make_airace_window(scenario=None, recover=None)``: a main window (not shown) on a
    scenario (see ``open_window``). On teardown every window made (and any window recovered
    work opened) is closed without questions, and the test fails if a top-level widget
    created during the test is left alive."""
    from PySide6.QtWidgets import QApplication

    from desktop import app

    app.application()
    _delete_later_now()
    before = set(QApplication.topLevelWidgets())
    existing = app.windows()
    windows = []

    def make(scenario=None, **kwargs):
        window = open_window(scenario, **kwargs)
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
def airace_scenario():
    """The scenario ``airace_window`` opens: None, the baseline. Override it to change it."""
    return None


@pytest.fixture
def airace_window(make_airace_window, airace_scenario):
    """A shown main window on ``airace_scenario``."""
    window = make_airace_window(airace_scenario)
    window.show()
    return window


# ---- helpers ---------------------------------------------------------------------------

def settle(window) -> None:
    """Let the coalesced recompute run and its redraws land."""
    from PySide6.QtWidgets import QApplication

    QApplication.processEvents()
    window.session.flush()
    QApplication.processEvents()


def _find(window, cls, name: str):
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name!r} in the window"
    return widget


def find_lever(window, lever_id: str):
    """The slider of a lever (objectName ``lever:<id>``)."""
    from PySide6.QtWidgets import QSlider

    return _find(window, QSlider, f"lever:{lever_id}")


def find_lever_spin(window, lever_id: str):
    """The spin box of a lever (objectName ``lever:<id>:spin``)."""
    from PySide6.QtWidgets import QDoubleSpinBox

    return _find(window, QDoubleSpinBox, f"lever:{lever_id}:spin")


def set_lever(window, lever_id: str, value: float) -> float:
    """Type ``value`` into the lever's spin box and press Enter, as a user does, then let the
    window redraw. Returns the lever's value afterwards (the spin box refuses values outside
    the lever's range, as it does for a user)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    spin = find_lever_spin(window, lever_id)
    spin.setFocus()
    spin.selectAll()  # the number, not the unit suffix
    QTest.keyClicks(spin, spin.textFromValue(value))
    QTest.keyClick(spin, Qt.Key.Key_Return)
    settle(window)
    return window.session.lever_value(lever_id)


def find_plot(window, output_id: str):
    """The plot of an output (objectName ``plot:<output id>``)."""
    from PySide6.QtWidgets import QWidget

    return _find(window, QWidget, f"plot:{output_id}")


def plot_data(window, output_id: str, series: int = 0):
    """The values a plot draws now, one per month of ``window.session.results.months``, in
    the output's units (series 0: the output itself; 1: its China twin on a paired plot)."""
    settle(window)
    return find_plot(window, output_id).curve_data(series).copy()


def find_key_figure(window, kpi_id: str):
    """The key-figure card of a KPI (objectName ``kpi:<kpi id>``)."""
    from PySide6.QtWidgets import QFrame

    return _find(window, QFrame, f"kpi:{kpi_id}")


def key_figure_text(window, kpi_id: str) -> str:
    """The figure a key-figure card shows now, as the user reads it (e.g. '19.3 GW')."""
    settle(window)
    return find_key_figure(window, kpi_id).value_text


def key_figure_change(window, kpi_id: str) -> str:
    """The card's change against the baseline as shown ('= baseline' when unchanged)."""
    settle(window)
    return find_key_figure(window, kpi_id).delta_text
