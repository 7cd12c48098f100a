"""The main window: levers left, key figures and plots centre, events below, File/Edit/View
menus. Every question to the user (message boxes, file dialogs) goes through a small method
(``ask_save_changes``, ``show_error``, ``choose_open_path``…) that tests replace."""

from __future__ import annotations

import functools
import traceback
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QSize, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.catalogue.outputs import OUTPUTS
from core.common.files import check_outputs
from core.common.palette import CN_COLOUR, EVENT_COLOUR, SINGLE_COLOUR, US_COLOUR
from core.common.version import MODEL_VERSION
from core.formats.scenario import ScenarioError, load_bundled
from desktop.commands import briefing
from desktop.commands.analysis import AnalysisCommands
from desktop.commands.bands import BandsCommands
from desktop.commands.presenter import PresenterCommands
from desktop.commands.sharing import ShareCommands
from desktop.menu_entries import MenuTable, Submenu
from desktop.state import settings
from desktop.state.autosave import Orphan
from desktop.state.session import Session, bundled_titles
from desktop.widgets import export
from desktop.widgets.accessibility import set_focus_order
from desktop.widgets.dialogs import (
    ChecklistDialog,
    ChoiceDialog,
    NoticeBar,
    RecoveryDialog,
    ScenarioDetailsDialog,
    ask,
)
from desktop.widgets.events_panel import EventDialog, EventsPanel
from desktop.widgets.key_figures import KeyFigureStrip
from desktop.widgets.levers_panel import LeversPanel
from desktop.widgets.plots import DEFAULT_PLOTS, PlotGrid
from desktop.widgets.themes import (
    LIGHT,
    THEMES,
    Theme,
    apply_application_theme,
    chosen_theme,
    remember_theme,
)
from desktop.windows import help_window as help_view
from desktop.windows.assumptions_window import AssumptionsCommands
from desktop.windows.discover_window import ExploreCommands
from desktop.windows.explain_window import ExplainCommands
from desktop.windows.model_map_window import ModelMapCommands

APP_TITLE = "AI Race Planner"
PLOT_LEGEND = (
    f"<span style='color:{SINGLE_COLOUR}'>━</span> scenario &nbsp; "
    f"<span style='color:{US_COLOUR}'>━</span> US &nbsp; "
    f"<span style='color:{CN_COLOUR}'>━</span> China &nbsp; "
    "<span style='color:#999'>━</span> baseline (the bundled baseline, for comparison) &nbsp; "
    f"<span style='color:{EVENT_COLOUR}'>┆ ▮</span> events &nbsp; "
    "<span style='color:#777'>· small figures on the cards: change vs baseline (green "
    "better, red worse from the US policy view; grey: no side taken)"
    " · hover a plot to read values</span>")
ANCHORS_LEGEND = (" &nbsp; <b>⟂ ◆</b> published figure (low–high, central; hover for the "
                  "source)")
SCENARIO_FILTER = "Scenario files (*.json);;All files (*)"
OPEN_FILTER = ("Scenarios and briefings (*.json *.html *.htm *.pdf);;Scenario files (*.json);;"
               "Briefings (*.html *.htm *.pdf);;All files (*)")


def documents_folder() -> Path:
    """The user's documents folder (the home folder if the system names none that exists)."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder and Path(folder).is_dir() else Path.home()


def fresh_path(folder: Path, stem: str, suffix: str) -> Path:
    """``folder/stem+suffix``, or ``stem-2``, ``stem-3``… : the first name not yet taken."""
    path, number = folder / f"{stem}{suffix}", 1
    while path.exists():
        number += 1
        path = folder / f"{stem}-{number}{suffix}"
    return path


class MainWindow(QMainWindow):
    def __init__(self, table: MenuTable, parent: QWidget | None = None):
        """``table``: the menus and their actions (desktop.actions.TABLE, which names this
        class's methods and so cannot be imported here)."""
        super().__init__(parent)
        self.table = table
        self.setObjectName("main_window")
        self.session = Session(self)
        self.resize(1600, 1000)
        self.setMinimumSize(QSize(1000, 640))

        central = QWidget(self)
        column = QVBoxLayout(central)
        self.central_column = column  # set_top_bar puts a bar above everything
        column.setContentsMargins(4, 4, 4, 0)
        column.setSpacing(2)
        self.notice_bar = NoticeBar(central)  # e.g. a file saved under an older model
        column.addWidget(self.notice_bar)
        self.kpi_strip = KeyFigureStrip(self.session, central)
        column.addWidget(self.kpi_strip)
        self.legend = QLabel(PLOT_LEGEND, central)
        self.legend.setObjectName("plot_legend")
        self.legend.setStyleSheet("color: #444; padding: 2px 6px;")
        self.legend.setWordWrap(True)  # never forces the window wider
        column.addWidget(self.legend)
        self.plot_scroll = QScrollArea(central)
        self.plot_scroll.setWidgetResizable(True)
        self.plot_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.plot_scroll.setAccessibleName("Plots")
        self.plot_scroll.setAccessibleDescription("The chosen outputs month by month; Tab "
                                                  "moves from plot to plot")
        outputs = settings.load_settings().plots or list(DEFAULT_PLOTS)
        self.plot_grid = PlotGrid(self.session, outputs, self.plot_scroll)
        self.plot_scroll.setWidget(self.plot_grid)
        column.addWidget(self.plot_scroll, 1)
        self.setCentralWidget(central)

        self.levers_panel = LeversPanel(self.session, self)
        self.levers_dock = QDockWidget("Levers", self)
        self.levers_dock.setObjectName("dock:levers")
        self.levers_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.levers_dock.setWidget(self.levers_panel)
        self.levers_dock.setMinimumWidth(330)
        self.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.levers_dock)

        self.events_panel = EventsPanel(self.session, self, self)
        self.events_dock = QDockWidget("Events", self)
        self.events_dock.setObjectName("dock:events")
        self.events_dock.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable)
        self.events_dock.setWidget(self.events_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.events_dock)
        self.resizeDocks([self.levers_dock], [380], Qt.Orientation.Horizontal)
        self.fit_events_dock()
        self.events_panel.rows_changed.connect(self.fit_events_dock)
        reading_order = [self.levers_panel, central, self.events_panel]
        set_focus_order(reading_order)  # Tab: levers, then cards and plots, then events
        self.plot_grid.outputs_changed.connect(lambda: set_focus_order(reading_order))

        self.status_label = QLabel("", self)
        self.statusBar().addPermanentWidget(self.status_label)
        self.theme: Theme = LIGHT
        self.bands_controller = BandsCommands(self.session, self.plot_grid, self.statusBar(),
                                                self)
        self.presenter = PresenterCommands(self)
        self.analysis = AnalysisCommands(self)
        self.top_bar: QWidget | None = None  # presenter mode's caption
        self.events_dock_wanted = True  # the events dock's visibility while chrome is hidden
        self.explore = ExploreCommands(self)  # What must be true, robust search
        self.explainer = ExplainCommands(self)  # Analysis > Why did this move…, the cards' menu
        self.sharing = ShareCommands(self)  # Edit > Copy / Paste share code
        self.help_dialogs: dict[str, QWidget] = {}
        self.model_map, self.assumptions = ModelMapCommands(self), AssumptionsCommands(self)
        self.actions: dict[str, QAction] = {}
        self.menus: dict[str, QMenu] = {}
        self._build_menus()
        self.undo_action = self.actions["edit:undo"]
        self.redo_action = self.actions["edit:redo"]
        self.new_action = self.actions["file:new"]
        self.open_action = self.actions["file:open"]
        self.save_action = self.actions["file:save"]
        self.save_as_action = self.actions["file:save_as"]
        self.revert_action = self.actions["file:revert"]
        self.reset_action = self.actions["edit:reset_all"]
        self.presenter_action = self.actions["view:presenter"]
        self.bands_action = self.actions["action:bands"]
        self.recent_menu = self.menus["file/recent"]
        self.bundled_menu = self.menus["file/bundled"]
        self.bands_controller.enabled_changed.connect(self.bands_action.setChecked)
        for dock, action_id in ((self.levers_dock, "view:levers"),
                                (self.events_dock, "view:events")):
            self.actions[action_id].setChecked(True)
            dock.visibilityChanged.connect(self._dock_shown)
        if settings.load_settings().published_figures:
            self.show_published_figures(True)
        self._shown_state: tuple | None = None
        self.session.state_changed.connect(self.update_state)  # after every undo step or load
        self.update_state()
        self.apply_theme(chosen_theme().name, remember=False)
        if settings.problems:  # e.g. a damaged settings file, set aside
            self.statusBar().showMessage(settings.problems[-1], 15000)
        self.session.autosave_failed.connect(self.warn_autosave_failed)

    # ---- menus (built from desktop.actions.TABLE) ------------------------------------------
    def _build_menus(self) -> None:
        bar = self.menuBar()
        for menu in self.table.menus:
            self.menus[menu.id] = bar.addMenu(menu.text)
            self.menus[menu.id].setObjectName(f"menu:{menu.id}")
        sections: dict[str, int] = {}
        groups: dict[str, QActionGroup] = {}
        for entry in self.table.entries:
            parent = self.menus[entry.menu]
            if entry.menu in sections and sections[entry.menu] != entry.section:
                parent.addSeparator()
            sections[entry.menu] = entry.section
            if isinstance(entry, Submenu):
                submenu = parent.addMenu(entry.text)
                submenu.setObjectName(entry.id)
                self.menus[entry.id] = submenu
                if entry.fill is not None:
                    fill = self.handler(entry.fill)
                    submenu.aboutToShow.connect(fill)
                    fill()
                continue
            action = QAction(entry.text, self)
            action.setObjectName(entry.id)
            if entry.shortcut is not None:
                action.setShortcut(QKeySequence(entry.shortcut))
            if entry.widget_shortcut:
                action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            if entry.tip:
                action.setToolTip(entry.tip)
            callback = self.guarded(entry.text, self.handler(entry.callback))
            if entry.checkable:
                action.setCheckable(True)
                action.triggered.connect(lambda checked, c=callback: c(checked))
            else:
                action.triggered.connect(lambda _checked=False, c=callback: c())
            if entry.exclusive is not None:
                group = groups.setdefault(entry.exclusive, QActionGroup(self))
                group.addAction(action)
            parent.addAction(action)
            self.addAction(action)  # its shortcut works with the menu bar hidden (presenter)
            self.actions[entry.id] = action

    def handler(self, method):
        """An actions-table method bound to its owner: this window (``MainWindow.save``) or
        the object of that class the window owns (``PresenterCommands.toggle``: ``self.presenter``)."""
        owners = (self, self.presenter, self.analysis, self.explore, self.explainer,
                  self.sharing, self.model_map, self.assumptions)
        for owner in owners:
            if getattr(type(owner), method.__name__, None) is method:
                return method.__get__(owner)
        raise LookupError(f"no object of the main window has the method {method.__qualname__}")

    def guarded(self, what: str, command: Callable) -> Callable:
        """``command`` as every menu entry and shortcut runs it: an exception it lets
        through is shown as one message naming the command, the document stays as it was
        (nothing was saved or replaced half-way), and the traceback goes to stderr."""
        name = what.replace("&", "").rstrip(".…")

        @functools.wraps(command)
        def run(*args):
            try:
                return command(*args)
            except Exception as error:  # the last stop before Qt, which would only print it
                traceback.print_exc()
                detail = str(error).splitlines()[0] if str(error) else type(error).__name__
                self.show_error(f"{name} did not work; your scenario is unchanged.\n\n"
                                f"{detail}")
                return None

        return run

    def _menu_item(self, menu: QMenu, text: str, slot, name: str) -> QAction:
        """An entry of a menu filled at run time (bundled scenarios, recent files)."""
        action = menu.addAction(text)
        action.setObjectName(name)
        command = self.guarded(text, slot)
        action.triggered.connect(lambda _checked=False: command())
        return action

    def fill_bundled_menu(self) -> None:
        menu = self.menus["file/bundled"]
        if menu.actions():
            return  # the bundled scenarios do not change while the app runs
        for name, title in bundled_titles():
            self._menu_item(menu, title, lambda n=name: self.open_bundled(n), f"bundled:{name}")

    def fill_recent_menu(self) -> None:
        menu = self.menus["file/recent"]
        menu.clear()
        recent = settings.recent_files()
        for path in recent:
            self._menu_item(menu, path.name, lambda p=path: self.open_path(p),
                            f"recent:{path}").setToolTip(str(path))
        if recent:
            menu.addSeparator()
            self._menu_item(menu, "Clear list", self._clear_recent, "recent:clear")
        menu.setEnabled(bool(recent))

    def _clear_recent(self) -> None:
        settings.clear_recent_files()
        self.fill_recent_menu()

    # ---- state shown -------------------------------------------------------------------
    def window_title(self) -> str:
        session = self.session
        mark = "*" if session.dirty else ""
        return f"{session.scenario.name} — {session.display_name}{mark} — {APP_TITLE}"

    def update_state(self) -> None:
        """Title, undo/redo labels, status: each set only when it changed (cheap per frame)."""
        session = self.session
        stack = session.undo_stack
        changed = len(session.scenario.levers)
        events = len(session.scenario.events)
        status = (f"{changed} lever{'s' if changed != 1 else ''} changed · "
                  f"{events} event{'s' if events != 1 else ''}")
        state = (self.window_title(), stack.can_undo, stack.undo_label, stack.can_redo,
                 stack.redo_label, session.path is not None and session.dirty,
                 bool(session.scenario.levers), status)
        if state == self._shown_state:
            return
        self._shown_state = state
        self.setWindowTitle(state[0])
        self.undo_action.setEnabled(stack.can_undo)
        self.undo_action.setText(f"&Undo {stack.undo_label}" if stack.can_undo else "&Undo")
        self.redo_action.setEnabled(stack.can_redo)
        self.redo_action.setText(f"&Redo {stack.redo_label}" if stack.can_redo else "&Redo")
        self.revert_action.setEnabled(state[5])
        self.reset_action.setEnabled(state[6])
        if self.status_label.text() != status:
            self.status_label.setText(status)

    # ---- questions to the user (tests replace these) ------------------------------------
    def ask_save_changes(self) -> str:
        """'save', 'discard' or 'cancel'."""
        answer = QMessageBox.question(
            self, APP_TITLE, f"“{self.session.scenario.name}” has unsaved changes. Save them?",
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Save)
        return {QMessageBox.StandardButton.Save: "save",
                QMessageBox.StandardButton.Discard: "discard"}.get(answer, "cancel")

    def ask_recover(self, orphans: list[Orphan]) -> list[Orphan] | None:
        """The orphaned autosaves to restore (the others are deleted); None: decide later."""
        chosen = ask(RecoveryDialog([(str(i), orphan.describe())
                                     for i, orphan in enumerate(orphans)], self),
                     RecoveryDialog.chosen)
        return None if chosen is None else [orphans[int(i)] for i in chosen]

    def ask_file_changed(self) -> str:
        """The file was changed elsewhere: 'reload', 'overwrite', 'save_as' or 'cancel'."""
        return ask(self.file_changed_dialog(), ChoiceDialog.choice) or "cancel"

    def file_changed_dialog(self) -> ChoiceDialog:
        text = (f"“{self.session.display_name}” was changed on disk by another program or "
                "window since it was opened or saved here.\n\nReload shows the version on "
                "disk (Edit > Undo brings yours back); Overwrite replaces it with yours; Save "
                "As keeps both.")
        return ChoiceDialog(APP_TITLE, text, [
            ("reload", "Reload"), ("overwrite", "Overwrite"), ("save_as", "Save As…"),
            ("cancel", "Cancel")], "cancel", self)

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, APP_TITLE, text)

    def choose_open_path(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(self, "Open scenario", self._folder(),
                                              OPEN_FILTER)
        return path or None

    def choose_save_path(self) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Save scenario as",
                                              str(self.suggested_save_path()), SCENARIO_FILTER)
        if path and not Path(path).suffix:
            path += ".json"
        return path or None

    def choose_export_path(self, caption: str, suffix: str, file_filter: str) -> str | None:
        suggested = str(Path(self._folder()) / f"{self._stem()}{suffix}")
        path, _ = QFileDialog.getSaveFileName(self, caption, suggested, file_filter)
        return path or None

    def choose_export_target(self, caption: str, suffix: str, file_filter: str) -> str | None:
        """The export path chosen, checked as the command line checks its outputs (never the
        open scenario's own file, a read-only file, a device or a missing folder); a refused
        one is said in a message and None returned."""
        path = self.choose_export_path(caption, suffix, file_filter)
        if not path:
            return None
        try:
            check_outputs({caption: path}, [str(self.session.path)] if self.session.path else [])
        except OSError as error:
            self.show_error(f"{path}: {error.strerror}")
            return None
        return path

    def ask_scenario_details(self, offer: str = "") -> tuple[str, str, str] | None:
        """(name, description, author) from Edit > Scenario details…; None if cancelled."""
        scenario = self.session.scenario
        return ask(ScenarioDetailsDialog(scenario.name, scenario.description, scenario.author,
                                         offer, self), ScenarioDetailsDialog.details)

    def ask_event(self, event):
        """Edit an event in a form; the edited event, or None if cancelled."""
        return ask(EventDialog(event, self), EventDialog.event_value)

    def choose_plots(self, current: list[str]) -> list[str] | None:
        return ask(ChecklistDialog(
            "Choose plots", "Plots to show (a US series brings its China twin):",
            [(o.id, f"{o.label}  [{o.group}]") for o in OUTPUTS.values()], current, self),
            ChecklistDialog.chosen)

    def suggested_save_path(self) -> Path:
        """Where Save As starts: the file itself, or, for a bundled or never-saved scenario,
        a name not yet taken in the user's documents folder."""
        if self.session.path is not None and not self.session.read_only:
            return self.session.path
        return fresh_path(Path(self._folder()), self._stem(), ".json")

    def _folder(self) -> str:
        if self.session.path is not None and not self.session.read_only:
            return str(self.session.path.parent)
        return str(documents_folder())

    def _stem(self) -> str:
        if self.session.path is not None and not self.session.read_only:
            return self.session.path.stem
        return "".join(c if c.isalnum() else "_" for c in self.session.scenario.name).lower()

    # ---- files ---------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """True if it is fine to drop the current scenario (saved, discarded or clean)."""
        if not self.session.dirty:
            return True
        answer = self.ask_save_changes()
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_scenario(self) -> None:
        self.open_bundled("baseline")

    def open_dialog(self) -> None:
        if not self.maybe_save():
            return
        path = self.choose_open_path()
        if path:
            self.open_path(path, ask=False)

    def open_path(self, path: str | Path, ask: bool = True) -> bool:
        """Open a scenario file; a broken one is refused with a message, the state kept."""
        if ask and not self.maybe_save():
            return False
        try:
            self.session.open(path)
        except ScenarioError as error:
            self.show_error(f"Could not open this scenario; nothing was changed.\n\n{error}")
            return False
        settings.add_recent_file(path)
        self.fill_recent_menu()
        self.show_model_notice(Path(path).name, self.session.scenario.migration_notes)
        return True

    def warn_autosave_failed(self, reason: str) -> None:
        """Say, once, that changes have lost their crash protection, and why."""
        self.notice_bar.show_notice("Changes are not being autosaved, so a crash would lose "
                                    "them: save your work to keep it.", [reason])

    def show_model_notice(self, name: str, notes: list[str]) -> None:
        """A file saved under an older model version: say (without blocking) that its
        figures changed because the model did; Details lists what the migration did."""
        if not notes:
            self.notice_bar.dismiss()
            return
        self.notice_bar.show_notice(
            f"“{name}” was saved under an older model version. It opened in model version "
            f"{MODEL_VERSION}, so its figures differ from those it showed before: the model "
            "changed, not the scenario.", notes)
        self.statusBar().showMessage(
            f"{name}: saved under an older model version; figures changed (see Details)", 10000)

    def open_bundled(self, name: str) -> None:
        if self.maybe_save():
            self.session.load(load_bundled(name), None)
            self.session.discard_autosave()
            self.notice_bar.dismiss()

    def save(self) -> bool:
        """Save to the file shown; a new or bundled scenario goes to Save As."""
        if self.session.path is None or self.session.read_only:
            return self.save_as()
        return self.save_to(self.session.path)

    def save_as(self) -> bool:
        self.offer_details("saving")
        path = self.choose_save_path()
        return bool(path) and self.save_to(path)

    def save_to(self, path: str | Path, overwrite: bool = False) -> bool:
        """Save; if the file was changed elsewhere since it was read, ask first (unless
        ``overwrite``): the last writer must not silently win."""
        if (not overwrite and Path(path).resolve() == self.session.path
                and self.session.changed_on_disk()):
            answer = self.ask_file_changed()
            if answer == "reload":
                self.reload_from_disk()
                return False
            if answer == "save_as":
                return self.save_as()
            if answer != "overwrite":
                return False
        try:
            self.session.save(path)
        except ScenarioError as error:
            self.show_error(str(error))
            return False
        settings.add_recent_file(path)
        self.fill_recent_menu()
        return True

    def revert(self) -> None:
        if self.session.path is not None:
            self.open_path(self.session.path, ask=False)

    def recover(self, orphan: Orphan) -> bool:
        """Load autosaved work as unsaved changes to the file it came from."""
        try:
            if self.session.recover(orphan):
                return True
            self.show_error(f"“{orphan.name}” was restored by another instance of "
                            f"{APP_TITLE} at the same time; it is open there.")
            return False
        except ScenarioError as error:
            self.show_error(f"The autosaved work could not be recovered; it is kept for the "
                            f"next start.\n\n{error}")
            return False

    def reload_from_disk(self) -> bool:
        try:
            self.session.reload_from_disk()
        except ScenarioError as error:
            self.show_error(f"Could not reload the file; nothing was changed.\n\n{error}")
            self.session.dismiss_disk_change()
            return False
        return True

    def check_file_on_disk(self) -> None:
        """Back in this window: if its file was changed elsewhere, ask once per change."""
        if not self.session.unannounced_disk_change():
            return
        answer = self.ask_file_changed()
        if answer == "reload":
            self.reload_from_disk()
        elif answer == "overwrite":
            self.save_to(self.session.path, overwrite=True)
        else:
            self.session.dismiss_disk_change()
            if answer == "save_as":
                self.save_as()

    def export_data(self, path: str | Path) -> None:
        self.session.flush()
        export.export_csv(self.session.results, path)

    def export_figure(self, path: str | Path) -> None:
        self.session.flush()
        export.export_figure(self.plot_grid, path)

    def export_data_dialog(self) -> None:
        self.offer_details("exporting")
        path = self.choose_export_target("Export data", ".csv", "CSV files (*.csv)")
        if path:
            try:
                self.export_data(path)
            except OSError as error:
                self.show_error(f"{path}: could not write ({error.strerror or error})")
            else:
                self.say_written("Data", path)

    def export_figure_dialog(self) -> None:
        self.offer_details("exporting")
        path = self.choose_export_target("Export figure", ".png",
                                         "PNG image (*.png);;SVG image (*.svg)")
        if path:
            try:
                self.export_figure(path)
            except (OSError, ValueError) as error:
                self.show_error(str(error))
            else:
                self.say_written("Figure", path)

    def say_written(self, what: str, path: str | Path) -> None:
        """Confirm an export where the eye is, naming the full path it went to."""
        self.statusBar().showMessage(f"{what} saved to {Path(path).resolve()}", 15000)

    # ---- view ----------------------------------------------------------------------------
    def choose_plots_dialog(self) -> None:
        chosen = self.choose_plots(self.plot_grid.output_ids())
        if chosen:
            self.set_plot_outputs(chosen)

    def set_plot_outputs(self, output_ids: list[str], remember: bool = True) -> None:
        self.plot_grid.set_outputs(output_ids)
        if remember:
            settings.update_settings(plots=self.plot_grid.output_ids())

    def use_default_view(self) -> None:
        """The window as a new user first sees it (default plots, light theme, no published
        figures), whatever this user chose, without changing their settings: screenshots."""
        self.set_plot_outputs(list(DEFAULT_PLOTS), remember=False)
        self.show_published_figures(False, remember=False)
        self.apply_theme("light", remember=False)

    def show_chrome(self, visible: bool) -> None:
        """Menu bar, status bar, plot legend and events dock (presenter mode hides them);
        showing them again brings the events dock back as it was."""
        if not visible:
            self.events_dock_wanted = self.events_dock.isVisible()
        for widget in (self.menuBar(), self.statusBar(), self.legend):
            widget.setVisible(visible)
        self.events_dock.setVisible(visible and self.events_dock_wanted)

    def set_top_bar(self, bar: QWidget | None) -> None:
        """A bar across the top of the central area (presenter mode's caption); None
        removes the one shown."""
        if self.top_bar is not None:
            self.central_column.removeWidget(self.top_bar)
            self.top_bar.hide()
        self.top_bar = bar
        if bar is not None:
            self.central_column.insertWidget(0, bar)
            bar.show()

    def fit_events_dock(self) -> None:
        """The events dock as tall as its rows (the panel holds its list at that height):
        no row cut, and no empty band under a short list."""
        self.events_dock.layout().invalidate()
        self.resizeDocks([self.events_dock], [self.events_dock.minimumSizeHint().height()],
                         Qt.Orientation.Vertical)

    def show_levers_dock(self, visible: bool) -> None:
        self.levers_dock.setVisible(visible)

    def show_events_dock(self, visible: bool) -> None:
        self.events_dock.setVisible(visible)

    def _dock_shown(self, _visible: bool) -> None:
        self.actions["view:levers"].setChecked(self.levers_dock.isVisible())
        self.actions["view:events"].setChecked(self.events_dock.isVisible())

    def show_published_figures(self, shown: bool, remember: bool = True) -> None:
        """View > Published figures: the anchors table's rows on the plots; remembered."""
        self.plot_grid.show_anchors(shown)
        self.legend.setText(PLOT_LEGEND + (ANCHORS_LEGEND if shown else ""))
        if self.actions["view:anchors"].isChecked() != shown:
            self.actions["view:anchors"].setChecked(shown)
        if remember:
            settings.update_settings(published_figures=shown)

    def use_light_theme(self, _checked: bool = True) -> None:
        self.apply_theme("light")

    def use_dark_theme(self, _checked: bool = True) -> None:
        self.apply_theme("dark")

    def apply_theme(self, name: str, remember: bool = True) -> Theme:
        """Theme the application and this window's widgets; remember the choice."""
        theme = THEMES.get(name, LIGHT)
        apply_application_theme(theme)
        self.plot_grid.apply_theme(theme)
        self.kpi_strip.apply_theme(theme)
        self.levers_panel.apply_theme(theme)
        self.events_panel.apply_theme(theme)
        self.legend.setStyleSheet(f"color: {theme.muted_text}; padding: 2px 6px;")
        self.theme = theme
        action = self.actions.get(f"theme:{theme.name}")
        if action is not None:
            action.setChecked(True)
        if remember:
            remember_theme(theme)
        return theme

    # ---- edit ------------------------------------------------------------------------------
    def undo(self) -> None:
        self.session.undo()

    def redo(self) -> None:
        self.session.redo()

    def reset_all_levers(self) -> None:
        self.session.reset_all_levers()

    def edit_details(self) -> None:
        """Edit > Scenario details…: name, description and author as one undoable step."""
        answer = self.ask_scenario_details()
        if answer is not None:
            self.session.set_details(*answer)

    def offer_details(self, doing: str) -> None:
        """Before a changed bundled scenario is first saved or exported, offer to name it:
        a copy still called "Baseline" would read as the bundled baseline everywhere."""
        if self.session.details_offered or not self.session.is_changed_bundled:
            return
        self.session.details_offered = True
        answer = self.ask_scenario_details(
            f"Before {doing}: this is your version of “{self.session.scenario.name}”, a "
            "bundled scenario. Give it a name and description of its own, so the title, "
            "compare and the briefing do not present it as the bundled one.")
        if answer is not None:
            self.session.set_details(*answer)

    # ---- briefing ----------------------------------------------------------------------------
    def export_briefing_pdf(self) -> None:
        self.export_briefing_dialog("pdf")

    def export_briefing_html(self) -> None:
        self.export_briefing_dialog("html")

    def export_briefing_dialog(self, kind: str) -> None:
        """File > Export briefing (PDF or HTML): the path from ``choose_export_path``."""
        suffix, file_filter = {"pdf": (".pdf", "PDF files (*.pdf)"),
                               "html": (".html", "HTML files (*.html)")}[kind]
        self.offer_details("exporting")
        path = self.choose_export_target(f"Export briefing ({kind.upper()})", suffix,
                                         file_filter)
        if not path:
            return
        try:
            briefing.export_session(self.session, kind, path)
        except OSError as error:
            self.show_error(f"{path}: could not write ({error.strerror or error})")
        else:
            self.say_written("Briefing", path)

    # ---- help --------------------------------------------------------------------------------
    def _help_dialog(self, key: str, make) -> QWidget:
        """One window per help topic, shown without blocking (the same one if already open)."""
        dialog = self.help_dialogs.get(key)
        if dialog is None:
            dialog = make()
            self.help_dialogs[key] = dialog
        dialog.show()
        return dialog

    def show_guide(self) -> QWidget:
        return self._help_dialog("guide", lambda: help_view.GuideDialog(self))

    def show_shortcuts(self) -> QWidget:
        return self._help_dialog("shortcuts", lambda: help_view.ShortcutsDialog(
            self.table.shortcut_rows(), self))

    def show_model_documentation(self) -> QWidget:
        return self._help_dialog("model", lambda: help_view.ModelDocumentationDialog(self))

    def show_about(self) -> QWidget:
        return self._help_dialog("about", lambda: help_view.AboutDialog(self))

    # ---- focus and closing -----------------------------------------------------------------
    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:  # after the event, not inside it
            QTimer.singleShot(0, self, self.check_file_on_disk)
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.presenter.active:
            self.presenter.leave()  # the question is about the user's work, not a story step
        if not self.maybe_save():
            event.ignore()
            return
        self.session.discard_autosave()  # a clean exit leaves nothing to recover
        self.analysis.stop_workers()  # no background run outlives the window
        for dialog in self.help_dialogs.values():
            dialog.close()
        event.accept()
