"""The live state of one window: scenario, baseline, undo stack, latest results, file, dirty.

Widgets change the state only through this object and redraw only from its signals. A lever
change sets the scenario at once and schedules one recompute per event-loop turn, so a slider
drag repaints at most once per frame however many values it passes through.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from core.analysis.uncertainty import Bands
from core.catalogue.key_figures import key_figures
from core.catalogue.levers import LEVERS
from core.common.undo import ScenarioCommand, UndoStack
from core.engine.events import EVENT_TYPES
from core.engine.results import Results
from core.engine.simulation import run_scenario
from core.formats.scenario import (
    Scenario,
    ScenarioError,
    bundled_folder,
    bundled_names,
    is_scenario_file,
    load_bundled,
    load_scenario,
    save_scenario,
)
from desktop.state.autosave import AutosaveSlot, Orphan

AUTOSAVE_DELAY_MS = 500


def bundled_titles() -> list[tuple[str, str]]:
    """(file name, the scenario's own name) of every bundled scenario, for menus and lists."""
    return [(name, load_bundled(name).name or name) for name in bundled_names()]


def file_stamp(path: Path) -> tuple[int, int] | None:
    """(mtime_ns, size) of a file, None if it is missing: a cheap "did it change?" check."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def is_bundled_file(path: Path) -> bool:
    """A scenario shipped with the app: opened freely, never written over."""
    return path.resolve().parent == bundled_folder().resolve()


def check_writable(path: Path) -> None:
    """Raise ScenarioError (one line) unless Save may write ``path``: never a bundled
    scenario, never over a file the app did not write as a scenario."""
    if is_bundled_file(path):
        raise ScenarioError(f"{path.name} is a bundled scenario and stays as shipped; save "
                            "your version under another name (File > Save As)")
    if path.exists() and not is_scenario_file(path):
        raise ScenarioError(f"{path}: not a scenario file, so it is not replaced; save under "
                            "another name")


def _settable(lever_id: str, value: float) -> float:
    """A lever value as the scenario keeps it: inside the range, rounded past the display."""
    lever = LEVERS[lever_id]
    return round(lever.clip(float(value)), max(lever.decimals, 6))


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """The content hash, to tell a real change from a touched file."""
    try:
        return _digest(path.read_bytes())
    except OSError:
        return None


@dataclass
class _HeldDocument:
    """The user's document, set aside while presenter mode shows story steps."""

    scenario: Scenario
    path: Path | None
    undo_stack: UndoStack
    disk: tuple
    autosave: AutosaveSlot


class Session(QObject):
    """Owns the scenario and everything derived from it."""

    scenario_changed = Signal(object)  # Scenario, emitted at once on every change
    results_changed = Signal(object)  # Results, after the coalesced recompute
    baseline_changed = Signal(object)  # Results of the baseline (ghost curves, KPI deltas)
    state_changed = Signal()  # file path, dirty flag, undo/redo labels
    bands_changed = Signal()  # Monte Carlo bands shown, or their freshness, changed
    autosave_failed = Signal(str)  # once per session: changes are no longer crash-protected

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.undo_stack = UndoStack()
        self.undo_stack.subscribe(self._on_stack_changed)
        self.path: Path | None = None  # always absolute: it must survive a change of folder
        self._autosave = AutosaveSlot()
        self._autosave_warned = False
        self._disk_stamp: tuple[int, int] | None = None  # the file as last read or written
        self._disk_digest: str | None = None
        self._dismissed_stamp: tuple[int, int] | None = None
        self._held: _HeldDocument | None = None
        self.details_offered = False  # Scenario details… offered once per document
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
        self.bands: Bands | None = None  # Monte Carlo bands shown (fresh or out of date)
        self.bands_fresh = False  # True while they belong to the scenario shown

    # ---- uncertainty bands ---------------------------------------------------------------
    @property
    def latest_bands(self) -> Bands | None:
        """The bands of the scenario shown, None if there are none or they are out of date."""
        return self.bands if self.bands_fresh else None

    def set_bands(self, bands: Bands | None, fresh: bool) -> None:
        """Record the Monte Carlo bands (the one owner of them) and tell the views."""
        if bands is self.bands and fresh == self.bands_fresh:
            return
        self.bands, self.bands_fresh = bands, fresh and bands is not None
        self.bands_changed.emit()

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
    def read_only(self) -> bool:
        """The file shown is a bundled scenario: Save goes to Save As."""
        return self.path is not None and is_bundled_file(self.path)

    @property
    def display_name(self) -> str:
        return self.path.name if self.path else "unsaved"

    # ---- the one way the scenario changes ------------------------------------------------
    def apply_scenario(self, scenario: Scenario) -> None:
        """Called by undo commands: set the scenario, tell the views, schedule a recompute."""
        self._show_scenario(scenario)
        if self.autosave_enabled and self._held is None:
            self._autosave_timer.start()

    def _show_scenario(self, scenario: Scenario) -> None:
        old = self._scenario
        self._scenario = scenario
        if (old.start, old.end) != (scenario.start, scenario.end):
            self._refresh_baseline()
        self.scenario_changed.emit(scenario)
        self.schedule_recompute()

    def _push(self, after: Scenario, label: str, merge_key: str | None = None) -> None:
        if after == self._scenario:
            return
        self.undo_stack.push(ScenarioCommand(self, self._scenario, after, label, merge_key))

    def set_lever(self, lever_id: str, value: float) -> None:
        """One undoable step per run of changes to the same lever (a slider drag)."""
        lever = LEVERS[lever_id]
        value = _settable(lever_id, value)
        if value == self.lever_value(lever_id):
            return
        self._push(self._scenario.with_lever(lever_id, value), f"Set {lever.label}",
                   merge_key=f"lever:{lever_id}")

    def set_levers(self, values: dict[str, float], label: str) -> None:
        """Several levers at once as one undoable step (an analysis's answer applied)."""
        scenario = self._scenario
        for lever_id, value in values.items():
            scenario = scenario.with_lever(lever_id, _settable(lever_id, value))
        self.change_scenario(scenario, label)

    def end_lever_change(self) -> None:
        """A slider was released: the next change is a new undo step."""
        self.undo_stack.close_merge()

    def reset_lever(self, lever_id: str) -> None:
        self.end_lever_change()
        self.set_lever(lever_id, LEVERS[lever_id].default)
        self.end_lever_change()

    def change_scenario(self, scenario: Scenario, label: str) -> None:
        """Replace the whole scenario as one undoable step (presenter mode's R)."""
        self.end_lever_change()
        self._push(scenario, label)
        self.end_lever_change()

    def set_evidence(self, lever_id: str, rationale: str, source: str) -> None:
        """Why a changed lever has its value, and where that comes from, as one undoable
        step (both empty: the evidence is removed). Raises ValueError for a lever at its
        default: evidence goes with a changed value."""
        rationale, source = rationale.strip(), source.strip()
        self.end_lever_change()
        self._push(self._scenario.with_evidence(lever_id, rationale, source),
                   f"{'Edit' if rationale or source else 'Remove'} rationale for "
                   f"{LEVERS[lever_id].label}")
        self.end_lever_change()

    def evidence(self, lever_id: str):
        """The scenario's Evidence for a lever, or None."""
        return self._scenario.evidence.get(lever_id)

    def set_details(self, name: str, description: str, author: str) -> None:
        """The scenario's name, description and author, as one undoable step."""
        self.change_scenario(self._scenario.model_copy(
            update={"name": name, "description": description, "author": author}),
            "Edit scenario details")

    @property
    def is_changed_bundled(self) -> bool:
        """Work on a bundled scenario that still carries its name: saved or exported as it
        is, a copy would read as the bundled scenario itself."""
        if not self.dirty or (self.path is not None and not self.read_only):
            return False
        return self._scenario.name in {title for _name, title in bundled_titles()}

    def reset_all_levers(self) -> None:
        """Every lever back to its default, as one undoable step."""
        if self._scenario.levers:
            # the evidence went with the changed values (a file with one and not the other
            # would not open again)
            self._push(self._scenario.model_copy(update={"levers": {}, "evidence": {}}),
                       "Reset all levers")

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
        self.path = Path(path).resolve() if path else None
        self.details_offered = False
        self._remember_disk()
        self.undo_stack.clear()
        self.apply_scenario(scenario)
        if dirty:
            self.undo_stack.set_unclean()  # recovered work is not saved anywhere
        self._autosave_timer.stop()
        self.state_changed.emit()

    def open(self, path: str | Path) -> None:
        """Load a file; raises ScenarioError and keeps the current scenario if it is broken.
        A briefing's scenario (whatever the file's name) opens with no file, so Save never
        overwrites the briefing."""
        scenario = load_scenario(path)
        self._autosave.remove()  # the work it held was saved or discarded before opening
        self.load(scenario, Path(path) if is_scenario_file(path) else None)

    def recover(self, orphan: Orphan) -> bool:
        """Load an orphaned autosave as unsaved changes to its file, and own its record.

        Raises ScenarioError if the record is damaged; False if another instance took it.
        """
        scenario = orphan.scenario()
        if not self._autosave.adopt(orphan, scenario):
            return False
        self.load(scenario, orphan.file, dirty=True)
        self._disk_stamp, self._disk_digest = None, orphan.file_digest  # what it was based on
        return True

    def save(self, path: str | Path | None = None) -> Path:
        """Save to ``path`` (or the current file); raises ScenarioError if it fails."""
        target = Path(path).resolve() if path else self.path
        if target is None:
            raise ValueError("no file to save to; use save(path)")
        check_writable(target)
        text = self._scenario.to_json()
        save_scenario(self._scenario, target)
        self.path = target
        self._disk_stamp, self._disk_digest = file_stamp(target), _digest(text.encode("utf-8"))
        self.undo_stack.set_clean()
        self.discard_autosave()
        self.state_changed.emit()
        return target

    def autosave_now(self) -> None:
        """Write this document's autosave record at once (the debounced save, flushed)."""
        self._autosave_timer.stop()
        if self._held is not None:
            return  # story steps on show are not the user's work
        if not self.dirty:
            self._autosave.remove()
            return
        try:
            self._autosave.write(self._scenario, self.path, self._disk_digest)
        except OSError as error:
            if not self._autosave_warned:  # said once: every later change fails the same way
                self._autosave_warned = True
                self.autosave_failed.emit(f"{error.filename or 'the autosave folder'}: "
                                          f"{error.strerror or error}")

    def discard_autosave(self) -> None:
        """Delete this document's autosave record (only its own, never another window's)."""
        self._autosave_timer.stop()
        self._autosave.remove()

    # ---- the file on disk ----------------------------------------------------------------
    def _remember_disk(self) -> None:
        if self.path is None:
            self._disk_stamp = self._disk_digest = None
        else:
            self._disk_stamp, self._disk_digest = file_stamp(self.path), file_digest(self.path)
        self._dismissed_stamp = None

    def changed_on_disk(self) -> bool:
        """True if another program or instance rewrote the file since it was opened or saved
        here. A missing file is not a change: saving writes it again."""
        if self.path is None or self._disk_digest is None:
            return False
        stamp = file_stamp(self.path)
        if stamp is None or stamp == self._disk_stamp:
            return False
        if file_digest(self.path) == self._disk_digest:
            self._disk_stamp = stamp  # touched, not changed
            return False
        return True

    def unannounced_disk_change(self) -> bool:
        """A change on disk the user has not yet been told about (see dismiss_disk_change)."""
        return self.changed_on_disk() and file_stamp(self.path) != self._dismissed_stamp

    def dismiss_disk_change(self) -> None:
        """Keep working on this version; the next save still asks before overwriting."""
        self._dismissed_stamp = file_stamp(self.path) if self.path else None

    def reload_from_disk(self) -> None:
        """Replace the scenario with the file's current contents as one undoable step (undo
        brings back the version that was here); raises ScenarioError if the file is broken."""
        scenario = load_scenario(self.path)
        self.end_lever_change()
        self._push(scenario, "Reload from disk")
        self.end_lever_change()
        self._remember_disk()
        self.undo_stack.set_clean()
        self.discard_autosave()
        self.state_changed.emit()

    # ---- presenter mode ------------------------------------------------------------------
    def hold_document(self) -> None:
        """Set the user's document aside, exactly as it is (scenario, file, undo history,
        dirty flag, autosave), so presenter mode can load story steps in its place."""
        if self._held is not None:
            return
        self.autosave_now()  # the held work stays recoverable while the story is on show
        self._held = _HeldDocument(self._scenario, self.path, self.undo_stack,
                                   (self._disk_stamp, self._disk_digest, self._dismissed_stamp),
                                   self._autosave)
        self.undo_stack = UndoStack()
        self.undo_stack.subscribe(self._on_stack_changed)
        self._autosave = AutosaveSlot()

    def restore_document(self) -> None:
        """Bring back the document set aside by hold_document, as it was."""
        held, self._held = self._held, None
        if held is None:
            return
        self._autosave_timer.stop()
        self._autosave.remove()
        self.undo_stack, self.path, self._autosave = held.undo_stack, held.path, held.autosave
        self._disk_stamp, self._disk_digest, self._dismissed_stamp = held.disk
        self._show_scenario(held.scenario)
        self.state_changed.emit()

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
