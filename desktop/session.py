"""The live state of one window: scenario, baseline, undo stack, latest results, file, dirty.

Widgets change the state only through this object and redraw only from its signals. A lever
change sets the scenario at once and schedules one recompute per event-loop turn, so a slider
drag repaints at most once per frame however many values it passes through.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from core.events import EVENT_TYPES
from core.kpis import key_figures
from core.levers import LEVERS
from core.results import Results
from core.scenario import Scenario, load_bundled, load_scenario, save_scenario
from core.simulation import run_scenario
from desktop import settings
from desktop.undo import ScenarioCommand, UndoStack

AUTOSAVE_DELAY_MS = 500


class Session(QObject):
    """Owns the scenario and everything derived from it."""

    scenario_changed = Signal(object)  # Scenario, emitted at once on every change
    results_changed = Signal(object)  # Results, after the coalesced recompute
    baseline_changed = Signal(object)  # Results of the baseline (ghost curves, KPI deltas)
    state_changed = Signal()  # file path, dirty flag, undo/redo labels

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = UndoStack()
        self.undo_stack.subscribe(self._on_stack_changed)
        self.path: Path | None = None
        self._scenario: Scenario = load_bundled("baseline")
        self._baseline_template = self._scenario
        self.baseline_results: Results = run_scenario(self._scenario)
        self.baseline_figures = key_figures(self.baseline_results)
        self.results: Results = self.baseline_results
        self.figures = self.baseline_figures
        self._recompute_timer = QTimer(self)
        self._recompute_timer.setSingleShot(True)
        self._recompute_timer.setInterval(0)
        self._recompute_timer.timeout.connect(self.recompute_now)
        self._autosave_timer = QTimer(self)
        self._autosave_timer.setSingleShot(True)
        self._autosave_timer.setInterval(AUTOSAVE_DELAY_MS)
        self._autosave_timer.timeout.connect(self.autosave_now)
        self.autosave_enabled = True
        self.recompute_count = 0

    # ---- reading -------------------------------------------------------------------------
    @property
    def scenario(self) -> Scenario:
        return self._scenario

    @property
    def dirty(self) -> bool:
        return not self.undo_stack.is_clean

    def lever_value(self, lever_id: str) -> float:
        return self._scenario.levers.get(lever_id, LEVERS[lever_id].default)

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "unsaved"

    # ---- the one way the scenario changes ------------------------------------------------
    def apply_scenario(self, scenario: Scenario) -> None:
        """Called by undo commands: set the scenario, tell the views, schedule a recompute."""
        old = self._scenario
        self._scenario = scenario
        if (old.start, old.end) != (scenario.start, scenario.end):
            self._refresh_baseline()
        self.scenario_changed.emit(scenario)
        self.schedule_recompute()
        if self.autosave_enabled:
            self._autosave_timer.start()

    def _push(self, after: Scenario, label: str, merge_key: str | None = None) -> None:
        if after == self._scenario:
            return
        self.undo_stack.push(ScenarioCommand(self, self._scenario, after, label, merge_key))

    def set_lever(self, lever_id: str, value: float) -> None:
        """One undoable step per run of changes to the same lever (a slider drag)."""
        lever = LEVERS[lever_id]
        value = round(lever.clip(float(value)), max(lever.decimals, 6))
        if value == self.lever_value(lever_id):
            return
        self._push(self._scenario.with_lever(lever_id, value), f"Set {lever.label}",
                   merge_key=f"lever:{lever_id}")

    def end_lever_change(self) -> None:
        """A slider was released: the next change is a new undo step."""
        self.undo_stack.close_merge()

    def reset_lever(self, lever_id: str) -> None:
        self.end_lever_change()
        self.set_lever(lever_id, LEVERS[lever_id].default)
        self.end_lever_change()

    def reset_all_levers(self) -> None:
        """Every lever back to its default, as one undoable step."""
        if self._scenario.levers:
            self._push(self._scenario.model_copy(update={"levers": {}}), "Reset all levers")

    def add_event(self, event) -> None:
        events = [*self._scenario.events, event]
        self._push(self._scenario.model_copy(update={"events": events}),
                   f"Add {event.title.lower()}")

    def replace_event(self, index: int, event) -> None:
        events = list(self._scenario.events)
        events[index] = event
        self._push(self._scenario.model_copy(update={"events": events}),
                   f"Edit {event.title.lower()}")

    def remove_event(self, index: int) -> None:
        events = list(self._scenario.events)
        removed = events.pop(index)
        self._push(self._scenario.model_copy(update={"events": events}),
                   f"Remove {removed.title.lower()}")

    def new_event(self, kind: str):
        """A new event of a type, starting at the scenario's first full year."""
        cls = EVENT_TYPES[kind]
        start = max(self._scenario.start, "2026-01")
        return cls(start=start)

    def undo(self) -> None:
        self.undo_stack.undo()

    def redo(self) -> None:
        self.undo_stack.redo()

    # ---- files ---------------------------------------------------------------------------
    def load(self, scenario: Scenario, path: Path | None, dirty: bool = False) -> None:
        """Start afresh on a scenario (New, Open, Revert, recovery); clears undo history."""
        self.path = Path(path) if path else None
        self.undo_stack.clear()
        self.apply_scenario(scenario)
        if dirty:
            self.undo_stack.set_unclean()  # recovered work is not saved anywhere
        self._autosave_timer.stop()
        self.state_changed.emit()

    def open(self, path: str | Path) -> None:
        """Load a file; raises ScenarioError and keeps the current scenario if it is broken."""
        scenario = load_scenario(path)
        self.load(scenario, Path(path))
        settings.remove_autosave()

    def save(self, path: str | Path | None = None) -> Path:
        """Save to ``path`` (or the current file); raises ScenarioError if it fails."""
        target = Path(path) if path else self.path
        if target is None:
            raise ValueError("no file to save to; use save(path)")
        save_scenario(self._scenario, target)
        self.path = target
        self.undo_stack.set_clean()
        self._autosave_timer.stop()
        settings.remove_autosave()
        self.state_changed.emit()
        return target

    def autosave_now(self) -> None:
        """Write the scenario to the state folder at once (the debounced save, flushed)."""
        self._autosave_timer.stop()
        if not self.dirty:
            settings.remove_autosave()
            return
        with contextlib.suppress(OSError):
            settings.write_autosave(self._scenario.to_json(), self.path)

    def discard_autosave(self) -> None:
        self._autosave_timer.stop()
        settings.remove_autosave()

    # ---- results -------------------------------------------------------------------------
    def schedule_recompute(self) -> None:
        if not self._recompute_timer.isActive():
            self._recompute_timer.start()

    def recompute_now(self) -> None:
        self._recompute_timer.stop()
        self.results = run_scenario(self._scenario)
        self.figures = key_figures(self.results)
        self.recompute_count += 1
        self.results_changed.emit(self.results)

    def flush(self) -> None:
        """Run a pending recompute now (tests and screenshots)."""
        if self._recompute_timer.isActive():
            self.recompute_now()

    def _refresh_baseline(self) -> None:
        template = self._baseline_template.model_copy(
            update={"start": self._scenario.start, "end": self._scenario.end})
        self.baseline_results = run_scenario(template)
        self.baseline_figures = key_figures(self.baseline_results)
        self.baseline_changed.emit(self.baseline_results)

    def _on_stack_changed(self) -> None:
        self.state_changed.emit()
