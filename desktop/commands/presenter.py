"""Presenter mode: the window as a talk needs it, stepping through a story (core/formats/story.py).

F5 enters and Esc leaves. Full screen, the dark palette with large type and thick lines,
six key plots on y axes fixed from every story step's results (nothing rescales mid-talk),
and only the levers the presenter chose. Keys, whatever has the focus (a plot or a lever
the presenter clicked): Right, Down or Page Down the next step, Left, Up or Page Up the
previous one (in a number box the arrows still edit the number), 1-9 jump to a step, B shows
or hides the baseline ghosts, Space plays time (a cursor sweeps the months and the key-figure
cards read their series at that month), R returns to the step's scenario after live lever
changes (one undoable step).

Every change of scenario goes through the window's Session: a step is ``session.load`` (its
own undo history starts there) and R is an undoable command. Entering sets the user's document
aside in the Session (``hold_document``) and leaving brings it back exactly as it was (its
scenario, file, undo history and unsaved changes), so F5 never asks to save or discard.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS, companion
from core.common.formatting import padded_span, value_span
from core.engine.simulation import run_scenario
from core.formats.scenario import ScenarioError, load_bundled
from core.formats.story import BUNDLED_PREFIX, Story, bundled_story, load_story, save_story
from core.reports.briefing import added_events, change_lines, changed_levers, event_levers
from desktop.state import settings
from desktop.widgets import themes
from desktop.widgets.dialogs import ChecklistDialog, ask
from desktop.widgets.plots import HEADLINE_PLOTS

DEFAULT_PRESENTER_LEVERS: tuple[str, ...] = (
    "us_dc_committed_additions_gw_per_year", "export_licensing", "us_federal_preemption",
    "tpu_output_multiple_2028", "cn_lab_openness",
)
STORY_FILTER = "Story files (*.story.json *.json);;All files (*)"
PRESENTER_COLUMNS = 3  # six headline plots in two rows
NEXT_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_PageDown)
PREVIOUS_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_PageUp)
ARROW_KEYS = (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Left, Qt.Key.Key_Up)
KEY_HINT = "→ ↓ next · ← ↑ back · 1–9 jump · B baseline · Space play · R reset · Esc leave"
PRESENTER_QSS = """
QWidget { font-size: 14pt; }
QLabel#presenter_caption_title { font-size: 22pt; font-weight: bold; color: #ffffff; }
QLabel#presenter_caption_note { font-size: 16pt; color: #d7dbe2; }
QLabel#presenter_caption_changes { font-size: 13pt; color: #fbbf24; }
QLabel#presenter_caption_hint { font-size: 11pt; color: #9aa1ad; }
QWidget#presenter_caption { background: #0b0d11; border-bottom: 2px solid #60a5fa; }
"""


def presenter_levers() -> list[str]:
    """The levers shown in presenter mode (settings), unknown ids dropped."""
    known = [i for i in settings.load_settings().presenter_levers if i in LEVERS]
    return known or list(DEFAULT_PRESENTER_LEVERS)


def fixed_range(output, arrays: list[np.ndarray]) -> tuple[float, float] | None:
    """A y range that holds every array, with the plots' own rule (``core.common.formatting``)."""
    finite = [a[np.isfinite(a) & ((a > 0) if output.log_scale else True)] for a in arrays]
    finite = [a for a in finite if a.size]
    if not finite:
        return None
    low, high = value_span(float(min(a.min() for a in finite)),
                           float(max(a.max() for a in finite)), output.log_scale,
                           output.is_share)
    return padded_span(low, high, 0.08, output.log_scale)


class CaptionBar(QWidget):
    """Step number and title, the step's note, what the step changes, and the keys, across
    the top. Every text wraps and the bar takes the height its wrapped text needs, so a
    laptop's 1280x720 cuts nothing."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("presenter_caption")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 8, 14, 8)
        column.setSpacing(2)
        self.title = QLabel(self)
        self.title.setObjectName("presenter_caption_title")
        self.hint = QLabel(KEY_HINT, self)
        self.hint.setObjectName("presenter_caption_hint")
        self.hint.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.note = QLabel(self)
        self.note.setObjectName("presenter_caption_note")
        self.changes = QLabel(self)  # what the step sets: levers, and events with their levers
        self.changes.setObjectName("presenter_caption_changes")
        for label in (self.title, self.hint, self.note, self.changes):
            label.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.hint, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(top)
        column.addWidget(self.note)
        column.addWidget(self.changes)

    def fit_height(self) -> None:
        """The bar as tall as its wrapped text at its width (a layout in the window's column
        would otherwise give it its one-line height and let the lines overlap)."""
        self.hint.setMaximumWidth(max(self.width() * 2 // 5, 160))
        self.setFixedHeight(self.layout().totalHeightForWidth(self.width()))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_height()


class PresenterCommands(QObject):
    """Presenter mode of one window. ``play_interval_ms`` is the time per month played."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.story: Story = bundled_story()
        self.story_path: Path | None = None
        self.step = 0
        self.step_scenario = None
        self.active = False
        self.ghosts_visible = True
        self.play_interval_ms = 80
        self.cursor_index: int | None = None
        self.fixed_ranges: dict[str, tuple[float, float]] = {}
        self.caption: CaptionBar | None = None
        self._saved: dict | None = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.advance_cursor)
        self.session.results_changed.connect(self._results_changed)
        self.session.bands_changed.connect(self._hold_bands)
        QApplication.instance().installEventFilter(self)

    # ---- story ---------------------------------------------------------------------------
    def set_story(self, story: Story, path: Path | None) -> None:
        self.story, self.story_path = story, path
        self.step = 0
        if self.active:
            self.fix_ranges()
            self.go_to(0)

    def story_for(self, target: Path) -> Story:
        """The story with file steps re-pointed relative to ``target``'s folder."""
        steps = []
        for step in self.story.steps:
            reference = step.scenario
            if not reference.startswith(BUNDLED_PREFIX) and self.story_path is not None:
                absolute = Path(reference)
                if not absolute.is_absolute():
                    absolute = self.story_path.parent / absolute
                reference = os.path.relpath(absolute.resolve(), target.resolve().parent)
            steps.append(step.model_copy(update={"scenario": reference}))
        return self.story.model_copy(update={"steps": steps})

    # ---- questions to the user (tests replace these) ------------------------------------
    def ask_presenter_levers(self, current: list[str]) -> list[str] | None:
        return ask(ChecklistDialog(
            "Presenter levers", "Levers to show in presenter mode:",
            [(lever.id, f"{lever.label}  [{lever.group}]") for lever in LEVERS.values()],
            current, self.window), ChecklistDialog.chosen)

    def choose_story_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self.window, "Open story", self.folder(),
                                              STORY_FILTER)
        return path or None

    def choose_story_save_path(self) -> str | None:
        suggested = str(Path(self.folder()) / "story.story.json")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save story as", suggested,
                                              STORY_FILTER)
        if path and not Path(path).suffix:
            path += ".json"
        return path or None

    def folder(self) -> str:
        """Where story dialogs start: the story's folder, else the scenario's, else home."""
        for path in (self.story_path, self.session.path):
            if path is not None:
                return str(path.parent)
        return str(Path.home())

    # ---- commands (the actions table names these) -----------------------------------------
    def choose_levers(self) -> None:
        """View > Presenter levers: which levers presenter mode shows (remembered)."""
        chosen = self.ask_presenter_levers(presenter_levers())
        if chosen:
            settings.update_settings(presenter_levers=list(chosen))
            if self.active:
                self.show_levers(presenter_levers())

    def toggle(self) -> None:
        """View > Presenter mode (F5)."""
        if self.active:
            self.leave()
        else:
            self.enter()

    def open_story_dialog(self) -> bool:
        path = self.choose_story_open_path()
        return bool(path) and self.open_story(path)

    def open_story(self, path: str | Path) -> bool:
        """Load a story file; a broken one is refused with a message, the story kept."""
        try:
            story = load_story(path)
        except ScenarioError as error:
            self.window.show_error(f"Could not open this story; nothing was changed.\n\n{error}")
            return False
        self.set_story(story, Path(path).resolve())
        return True

    def save_story_as_dialog(self) -> bool:
        path = self.choose_story_save_path()
        return bool(path) and self.save_story_to(path)

    def save_story_to(self, path: str | Path) -> bool:
        story = self.story_for(Path(path))
        try:
            save_story(story, path)
        except ScenarioError as error:
            self.window.show_error(str(error))
            return False
        self.story, self.story_path = story, Path(path).resolve()
        return True

    def open_bundled_story(self) -> None:
        self.set_story(bundled_story(), None)

    # ---- entering and leaving ------------------------------------------------------------
    def enter(self) -> bool:
        """Full screen as a talk needs it; the window and its widgets change through their
        own intent methods (``show_chrome``, ``set_top_bar``, ``set_presenter_scale``...)."""
        window = self.window
        if self.active:
            return False
        self.session.hold_document()
        self._saved = {
            "window_state": window.windowState(), "geometry": window.normalGeometry(),
            "docks": window.saveState(), "plots": window.plot_grid.output_ids(),
            "theme": window.theme.name,
            # the large type widens a dock's minimum width, and Qt keeps it after: put back
            "dock_minimums": {dock: dock.minimumSize() for dock in window.findChildren(
                QDockWidget)},
        }
        self.active = True
        self.caption = CaptionBar(window)
        window.set_top_bar(self.caption)
        self._set_large_type(PRESENTER_QSS)
        window.show_chrome(False)
        window.apply_theme("dark", remember=False)
        window.plot_grid.set_max_columns(PRESENTER_COLUMNS)
        window.plot_grid.set_outputs(list(HEADLINE_PLOTS))
        window.kpi_strip.set_presenter_scale(True)
        self.show_levers(presenter_levers())
        self.fix_ranges()
        self.go_to(min(self.step, len(self.story.steps) - 1))
        window.showFullScreen()
        return True

    def leave(self) -> None:
        if not self.active:
            return
        window = self.window
        saved = self._saved or {}
        self.stop()
        self.active = False
        self.session.restore_document()
        window.set_top_bar(None)
        if self.caption is not None:
            self.caption.deleteLater()
            self.caption = None
        self._set_large_type("")
        window.plot_grid.set_max_columns(None)
        window.plot_grid.set_outputs(saved.get("plots") or list(HEADLINE_PLOTS))
        window.apply_theme(saved.get("theme", "light"), remember=False)
        window.kpi_strip.set_presenter_scale(False)
        self.show_levers(None)
        self.ghosts_visible = True
        self.fixed_ranges = {}
        window.show_chrome(True)
        if "geometry" in saved:
            window.setWindowState(saved["window_state"])
            if saved["window_state"] == Qt.WindowState.WindowNoState:
                window.setGeometry(saved["geometry"])  # as it was, even if larger than the screen
            # the docks once the usual type has reached their contents (posted events):
            # before that the presenter's large type still sets their minimum widths
            QTimer.singleShot(0, window, lambda: self._restore_docks(saved))

    def _restore_docks(self, saved: dict) -> None:
        """The docks' sizes and minimum widths as they were before presenter mode."""
        if self.active:
            return
        for dock, minimum in saved["dock_minimums"].items():
            dock.setMinimumSize(minimum)
        self.window.restoreState(saved["docks"])

    # ---- layout pieces -------------------------------------------------------------------
    def _set_large_type(self, style: str) -> None:
        """The presenter's style sheet on what presenter mode shows (the central area and the
        levers), not the whole window: the hidden status and menu bars would keep its height."""
        for widget in (self.window.centralWidget(), self.window.levers_panel):
            widget.setStyleSheet(style)

    def show_levers(self, lever_ids: list[str] | None) -> None:
        """Only these levers' rows (None: every lever) and the groups that hold them; in a
        story step also the levers the step sets itself or through its events."""
        if lever_ids is not None and self.step_scenario is not None:
            scenario = self.step_scenario
            lever_ids = list(dict.fromkeys(
                [*lever_ids, *changed_levers(scenario),
                 *event_levers(added_events(scenario, load_bundled("baseline")))]))
        self.window.levers_panel.show_only(lever_ids)

    def fix_ranges(self) -> None:
        """Fixed y ranges from every story step's results and the baseline."""
        results = [self.session.baseline_results]
        for index in range(len(self.story.steps)):
            try:
                results.append(run_scenario(self.story.load_step(index, self.story_path)))
            except ScenarioError:
                continue  # reported when the step is shown
        self.fixed_ranges = {}
        for output_id in HEADLINE_PLOTS:
            series = [output_id] + ([companion(output_id)] if companion(output_id) else [])
            arrays = [r.central(s) for r in results for s in series]
            span = fixed_range(OUTPUTS[output_id], arrays)
            if span is not None:
                self.fixed_ranges[output_id] = span
        self._apply_presenter_plots()

    def _hold_bands(self) -> None:
        """Fresh Monte Carlo bands: widen a fixed y range that would cut them off (it only
        grows, so the axes move once when bands first arrive, never back and forth)."""
        bands = self.session.latest_bands
        if not self.active or bands is None:
            return
        widened = False
        for output_id, span in self.fixed_ranges.items():
            series = [output_id] + ([companion(output_id)] if companion(output_id) else [])
            edges = [bands.percentiles[s][[0, 4]].ravel() for s in series
                     if s in bands.percentiles]
            if not edges:
                continue
            low, high = span
            output = OUTPUTS[output_id]
            inside = np.concatenate(edges)
            if output.log_scale:
                inside = inside[inside > 0]
                low, high = 10.0 ** low, 10.0 ** high  # view units to data units
            if inside.size and (inside.min() < low or inside.max() > high):
                wider = fixed_range(output, [inside, np.array([low, high])])
                if wider is not None:
                    self.fixed_ranges[output_id] = wider
                    widened = True
        if widened:
            self.window.plot_grid.set_fixed_ranges(self.fixed_ranges)

    def _apply_presenter_plots(self) -> None:
        grid = self.window.plot_grid
        grid.apply_theme(themes.DARK, presenter=True)
        grid.set_ghosts_visible(self.ghosts_visible)
        grid.set_fixed_ranges(self.fixed_ranges)

    # ---- steps ---------------------------------------------------------------------------
    def go_to(self, index: int) -> bool:
        """Show a story step: its scenario through ``Session.load``, its title and note."""
        if not 0 <= index < len(self.story.steps):
            return False
        try:
            scenario = self.story.load_step(index, self.story_path)
        except ScenarioError as error:
            self.window.show_error(str(error))
            return False
        self.stop()
        self.step, self.step_scenario = index, scenario
        self.session.load(scenario, None)
        self.session.flush()
        self.show_levers(presenter_levers())
        self._update_caption()
        return True

    def next_step(self) -> bool:
        return self.go_to(self.step + 1)

    def previous_step(self) -> bool:
        return self.go_to(self.step - 1)

    def restore_step(self) -> None:
        """Back to the step's scenario after live changes (undoable)."""
        if self.step_scenario is None or self.session.scenario == self.step_scenario:
            return
        self.session.change_scenario(self.step_scenario, "Return to the story step")

    def toggle_ghosts(self) -> None:
        self.ghosts_visible = not self.ghosts_visible
        self.window.plot_grid.set_ghosts_visible(self.ghosts_visible)

    def _update_caption(self) -> None:
        if self.caption is None:
            return
        step = self.story.steps[self.step]
        title = step.title or self.session.scenario.name
        played = "" if self.cursor_index is None else \
            f"   ▶ {self.session.results.months[self.cursor_index]}"
        self.caption.title.setText(f"{self.step + 1}/{len(self.story.steps)}  {title}{played}")
        self.caption.note.setText(step.note or self.session.scenario.description)
        changes = change_lines(self.step_scenario, load_bundled("baseline"))
        self.caption.changes.setText(
            "This step: " + (" · ".join(changes) if changes else "the baseline, nothing changed"))
        self.caption.fit_height()

    # ---- playing time --------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def toggle_play(self) -> None:
        if self.playing:
            self.stop()
        else:
            self.play()

    def play(self) -> None:
        self.session.flush()
        self.cursor_index = 0
        self._show_cursor()
        self.timer.start(self.play_interval_ms)

    def advance_cursor(self) -> None:
        """One tick: the cursor moves a month; at the end, playing stops."""
        if self.cursor_index is None:
            return
        if self.cursor_index + 1 >= len(self.session.results.months):
            self.stop()
            return
        self.cursor_index += 1
        self._show_cursor()

    def stop(self) -> None:
        self.timer.stop()
        if self.cursor_index is None:
            return
        self.cursor_index = None
        self.window.plot_grid.show_at(None)
        self.window.kpi_strip.show_at(None)
        self._update_caption()

    def _show_cursor(self) -> None:
        month = self.session.results.months[self.cursor_index]
        self.window.plot_grid.show_at(month)
        self.window.kpi_strip.show_at(self.cursor_index)
        self._update_caption()

    def _results_changed(self, _results) -> None:
        if self.cursor_index is not None:  # a lever moved while playing: read the new run
            self.cursor_index = min(self.cursor_index, len(self.session.results.months) - 1)
            self._show_cursor()

    # ---- keys ----------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self.window:
            return False
        key = event.key()
        if key == Qt.Key.Key_F5 and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.toggle()
            return True
        if not self.active:
            return False
        typing = isinstance(QApplication.focusWidget(), QAbstractSpinBox | QLineEdit)
        if key == Qt.Key.Key_Escape:
            self.leave()
        elif key in NEXT_KEYS and not (typing and key in ARROW_KEYS):
            self.next_step()
        elif key in PREVIOUS_KEYS and not (typing and key in ARROW_KEYS):
            self.previous_step()
        elif typing:
            return False
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self.go_to(key - Qt.Key.Key_1)
        elif key == Qt.Key.Key_B and not event.isAutoRepeat():
            self.toggle_ghosts()
        elif key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.toggle_play()
        elif key == Qt.Key.Key_R and not event.isAutoRepeat():
            self.restore_step()
        else:
            return False
        return True
