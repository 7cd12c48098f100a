"""Every menu item and shortcut of the main window, declared once as data (as napari's
app-model declares its actions): the menus are built from this table, Help > Keyboard shortcuts
is generated from it, and tests find an action by its id (the QAction's objectName).

``callback`` is an unbound method of the main window (``MainWindow.save``) or of an object the
window owns (``PresenterCommands.toggle``): a renamed method fails here, at import, and
``MainWindow.handler`` binds it to its owner. A checkable action's method gets the new state.
``Submenu`` entries name the window method that fills them. Entries of one menu appear in table
order; a change of ``section`` puts a separator between them. The window is built from
``TABLE`` (desktop/app.py); the main window does not import this module, which imports it.
"""

from __future__ import annotations

from PySide6.QtGui import QKeySequence

from desktop.commands.analysis import AnalysisCommands
from desktop.commands.presenter import PresenterCommands
from desktop.commands.sharing import ShareCommands
from desktop.main_window import MainWindow
from desktop.menu_entries import Action, Menu, MenuTable, Submenu, plain_text, shortcut_text
from desktop.widgets.accessibility import CLOSE_KEYS
from desktop.widgets.levers_panel import CONTEXT_MENU_KEYS
from desktop.windows.assumptions_window import AssumptionsCommands
from desktop.windows.discover_window import ExploreCommands
from desktop.windows.explain_window import ExplainCommands
from desktop.windows.model_map_window import ModelMapCommands

__all__ = ["ACTIONS", "MENUS", "TABLE", "Action", "Menu", "Submenu", "plain_text",
           "shortcut_text"]

Key = QKeySequence.StandardKey

MENUS: tuple[Menu, ...] = (
    Menu("file", "&File"), Menu("edit", "&Edit"), Menu("view", "&View"),
    Menu("analysis", "&Analysis"), Menu("help", "&Help"),
)

ACTIONS: tuple[Action | Submenu, ...] = (
    # File
    Action("file:new", "file", "&New (baseline)", MainWindow.new_scenario, Key.New),
    Action("file:open", "file", "&Open…", MainWindow.open_dialog, Key.Open),
    Submenu("file/bundled", "file", "Open &bundled scenario", MainWindow.fill_bundled_menu),
    Submenu("file/recent", "file", "Open rec&ent", MainWindow.fill_recent_menu),
    Action("file:save", "file", "&Save", MainWindow.save, Key.Save, section=1),
    Action("file:save_as", "file", "Save &As…", MainWindow.save_as, Key.SaveAs, section=1),
    Action("file:revert", "file", "&Revert", MainWindow.revert, section=1),
    Action("file:export_csv", "file", "Export &data (CSV)…", MainWindow.export_data_dialog,
           section=2),
    Action("file:export_figure", "file", "Export &figure (PNG, SVG)…",
           MainWindow.export_figure_dialog, section=2),
    Action("file:briefing_pdf", "file", "Export br&iefing (PDF)…",
           MainWindow.export_briefing_pdf, section=2),
    Action("file:briefing_html", "file", "Export briefing (&HTML)…",
           MainWindow.export_briefing_html, section=2),
    Action("file:open_story", "file", "Open s&tory…", PresenterCommands.open_story_dialog, section=3),
    Action("file:save_story", "file", "Sa&ve story as…", PresenterCommands.save_story_as_dialog,
           section=3),
    Action("file:bundled_story", "file", "Bundled stor&y", PresenterCommands.open_bundled_story,
           section=3),
    Action("file:quit", "file", "&Quit", MainWindow.close, Key.Quit, section=4),
    # Edit
    Action("edit:undo", "edit", "&Undo", MainWindow.undo, Key.Undo),
    Action("edit:redo", "edit", "&Redo", MainWindow.redo, "Ctrl+Shift+Z"),
    Action("edit:details", "edit", "Scenario &details…", MainWindow.edit_details, section=1,
           tip="The scenario's name, description and author: the window title, compare, "
               "the briefing and the saved file carry them"),
    Action("edit:reset_all", "edit", "Reset &all levers to defaults", MainWindow.reset_all_levers,
           section=1),
    Action("edit:copy_share_code", "edit", "&Copy share code", ShareCommands.copy_code, section=2,
           tip="The scenario as a short airace: text, to paste into a message; "
               "`airace run CODE` or Paste share code opens it"),
    Action("edit:paste_share_code", "edit", "&Paste share code", ShareCommands.paste_code,
           section=2, tip="Open the scenario of an airace: code on the clipboard"),
    # View
    Action("view:plots", "view", "&Plots…", MainWindow.choose_plots_dialog),
    Action("view:levers", "view", "&Levers", MainWindow.show_levers_dock, checkable=True),
    Action("view:events", "view", "&Events", MainWindow.show_events_dock, checkable=True),
    Action("view:anchors", "view", "Published &figures", MainWindow.show_published_figures,
           checkable=True,
           tip="The published figures the model is checked against (core/catalogue/anchors.csv) on "
               "the plots of their outputs: whiskers from low to high, a marker or bar at "
               "the central figure; hover one for its source"),
    Submenu("view/theme", "view", "&Theme"),
    Action("theme:light", "view/theme", "&Light", MainWindow.use_light_theme, checkable=True,
           exclusive="theme"),
    Action("theme:dark", "view/theme", "&Dark", MainWindow.use_dark_theme, checkable=True,
           exclusive="theme"),
    Action("view:presenter", "view", "P&resenter mode", PresenterCommands.toggle, "F5", section=1,
           widget_shortcut=True),
    Action("view:presenter_levers", "view", "Presenter le&vers…", PresenterCommands.choose_levers,
           section=1),
    # Analysis
    Action("action:bands", "analysis", "Show &uncertainty bands", AnalysisCommands.show_bands,
           "Ctrl+B", checkable=True,
           tip="Monte Carlo 5–95 % (light) and 25–75 % (darker) bands behind every plotted "
               "curve, from the scenario's sample count and seed"),
    Action("analysis:compare", "analysis", "&Compare scenarios…", AnalysisCommands.compare_dialog,
           section=1),
    Action("analysis:sensitivity", "analysis", "&What matters (sensitivity)…",
           AnalysisCommands.open_sensitivity, section=1),
    Action("analysis:goalseek", "analysis", "&Goal seek…", AnalysisCommands.open_goalseek,
           section=1),
    Action("analysis:robust", "analysis", "Robust change of &several levers (robust)…",
           ExploreCommands.open_robust, section=1,
           tip="The smallest change of several policy levers that meets a target in a "
               "chosen share of sampled worlds"),
    Action("analysis:explain", "analysis", "W&hy did this move (explain)…", ExplainCommands.open,
           section=1,
           tip="A waterfall of a figure's change from the baseline, split among the levers "
               "and events changed"),
    Action("analysis:discover", "analysis", "What must &be true (discover)…",
           ExploreCommands.open_discover, section=2,
           tip="Scenario discovery (PRIM): the lever ranges where a condition on a key "
               "figure or an output holds far more often than overall"),
    # Help
    Action("help:guide", "help", "&User guide", MainWindow.show_guide,
           tip="What the key figures and plots mean, and a ten-minute walk-through"),
    Action("help:shortcuts", "help", "&Keyboard shortcuts", MainWindow.show_shortcuts, "F1"),
    Action("help:model", "help", "Model &documentation", MainWindow.show_model_documentation),
    Action("help:model_map", "help", "Model &map", ModelMapCommands.open,
           tip="The model's stocks, flows and feedback loops, drawn from its declared "
               "structure; click a node for its equation, unit, source and value"),
    Action("help:assumptions", "help", "&Assumptions and sources…", AssumptionsCommands.open,
           tip="Every lever and constant with its source, and the model beside every "
               "published figure it is checked against"),
    Action("help:about", "help", "A&bout AI Race Planner", MainWindow.show_about, section=1),
)

# keys a panel handles itself, not menu actions
PANEL_KEYS: tuple[tuple[str, str], ...] = (
    (" / ".join(CONTEXT_MENU_KEYS), "Levers: the focused lever's menu (rationale and source, "
                                    "reset)"),
    (" / ".join(CLOSE_KEYS), "Compare, Model map, Assumptions: close the window"),
)
# keys handled by presenter mode's key filter, not by menu actions
PRESENTER_KEYS: tuple[tuple[str, str], ...] = (
    ("Right / Down / Page Down", "Presenter mode: next story step (whatever has the focus)"),
    ("Left / Up / Page Up", "Presenter mode: previous story step"),
    ("1 – 9", "Presenter mode: jump to a step"),
    ("B", "Presenter mode: show or hide the baseline"),
    ("Space", "Presenter mode: play time"),
    ("R", "Presenter mode: back to the step's scenario"),
    ("Esc", "Presenter mode: leave"),
)

TABLE = MenuTable(MENUS, ACTIONS, PANEL_KEYS + PRESENTER_KEYS)

