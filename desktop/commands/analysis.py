"""The Analysis menu's commands: uncertainty bands, Compare scenarios, What matters, Goal seek.

``AnalysisCommands`` is an object the main window owns (``window.analysis``); the actions
table (desktop/actions.py) names its methods (``AnalysisCommands.compare_dialog``).
``choose_compare_scenarios`` is the question tests replace.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt

from core.formats.scenario import ScenarioError, load_bundled, load_scenario
from desktop.state import settings
from desktop.state.session import bundled_titles
from desktop.widgets.dialogs import ChecklistDialog, ask
from desktop.windows.compare_window import CompareWindow
from desktop.windows.goalseek_dialog import GoalSeekDialog
from desktop.windows.sensitivity_window import SensitivityWindow


class AnalysisCommands(QObject):
    """The Analysis menu of one main window, and the windows it opened."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.compare_window = None
        self.sensitivity_dialog = None
        self.goalseek_dialog = None

    # ---- uncertainty bands -------------------------------------------------------------------
    def show_bands(self, on: bool) -> None:
        """Analysis > Show uncertainty bands."""
        self.window.bands_controller.set_enabled(on)

    # ---- compare ---------------------------------------------------------------------------
    def compare_candidates(self) -> list[tuple[str, str]]:
        """(key, text) of everything that can be compared: current, bundled, recent files."""
        items = [("current", f"Current: {self.session.scenario.name}")]
        items += [(f"bundled:{name}", f"Bundled: {title}") for name, title in bundled_titles()]
        items += [(f"file:{path}", f"File: {path.name}") for path in settings.recent_files()
                  if path != self.session.path]  # the current scenario is listed once
        return items

    def load_compare_candidate(self, key: str):
        """(name, Scenario) for a key of ``compare_candidates``; ScenarioError if broken."""
        if key == "current":
            self.session.flush()
            return (f"{self.session.scenario.name} (current)", self.session.scenario)
        kind, _, value = key.partition(":")
        if kind == "bundled":
            scenario = load_bundled(value)
            return (scenario.name or value, scenario)
        scenario = load_scenario(value)
        return (scenario.name or Path(value).stem, scenario)

    def choose_compare_scenarios(self):
        """Ask which scenarios to compare: a list of (name, Scenario), or None if cancelled."""
        chosen = ask(ChecklistDialog("Compare scenarios", "Scenarios to compare (two or more):",
                                     self.compare_candidates(), ["current", "bundled:baseline"],
                                     self.window), ChecklistDialog.chosen)
        if chosen is None:
            return None
        scenarios = []
        for key in chosen:
            try:
                scenarios.append(self.load_compare_candidate(key))
            except (ScenarioError, OSError) as error:
                self.window.show_error(f"Could not open {key.partition(':')[2]}.\n\n{error}")
                return None
        return scenarios

    def compare_dialog(self) -> None:
        scenarios = self.choose_compare_scenarios()
        if not scenarios:
            return
        if len(scenarios) < 2:
            self.window.show_error("Choose at least two scenarios to compare.")
            return
        self.open_compare(scenarios)

    def open_compare(self, scenarios):
        """Open a compare window for (name, Scenario) pairs over the plotted outputs."""
        names = [name for name, _ in scenarios]
        unique = [name if names.count(name) == 1 else f"{name} ({i + 1})"
                  for i, name in enumerate(names)]
        scenarios = [(name, scenario) for name, (_, scenario) in zip(unique, scenarios,
                                                                      strict=True)]
        window = CompareWindow(scenarios, self.window.plot_grid.output_ids(),
                               self.window)
        window.setWindowFlag(Qt.WindowType.Window, True)
        window.show()
        self.compare_window = window
        return window

    # ---- what matters, goal seek -------------------------------------------------------------
    def open_sensitivity(self):
        self.session.flush()
        dialog = SensitivityWindow(self.session, self.window)
        dialog.show()
        self.sensitivity_dialog = dialog
        return dialog

    def open_goalseek(self):
        self.session.flush()
        dialog = GoalSeekDialog(self.session, self.window)
        dialog.show()
        self.goalseek_dialog = dialog
        return dialog

    # ---- closing ---------------------------------------------------------------------------
    def stop_workers(self) -> None:
        """Cancel and join every background run (Monte Carlo, Sobol, paired
        compare) before the window goes."""
        self.window.bands_controller.shutdown()
        for dialog in self.window.findChildren(SensitivityWindow):
            dialog.shutdown()
        for compare in self.window.findChildren(CompareWindow):
            compare.shutdown()
