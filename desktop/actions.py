"""Every menu item and shortcut of the main window, declared once as data (as napari declares
its actions): the menus are built from this table, Help > Keyboard shortcuts is generated from
it, and tests find an action by its id (the QAction's objectName).

``callback`` names a method of the main window ("save") or of an object the window owns
("presenter.toggle"); a checkable action's method gets the new state. ``Submenu`` entries name the window method that fills them. Entries of one menu appear
in table order; a change of ``section`` puts a separator between them.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

from desktop.widgets.accessibility import CLOSE_KEYS
from desktop.widgets.levers_panel import CONTEXT_MENU_KEYS

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class Menu:
    id: str
    text: str


@dataclass(frozen=True)
class Action:
    id: str  # the QAction's objectName: "file:save"
    menu: str  # a Menu id, or "<menu>/<submenu>" for an action inside a Submenu
    text: str
    callback: str  # the MainWindow method it calls, or "<owned object>.<method>"
    shortcut: str | QKeySequence.StandardKey | None = None
    section: int = 0
    checkable: bool = False
    exclusive: str | None = None  # checkable actions of one exclusive group
    tip: str = ""
    # the shortcut only while the window has focus in a widget of its own (F5 is also
    # handled by presenter mode's key filter, which must see it in full screen)
    widget_shortcut: bool = False


@dataclass(frozen=True)
class Submenu:
    id: str  # "file/bundled": the path of its actions' ``menu``
    menu: str
    text: str
    fill: str | None = None  # a MainWindow method that fills it (again) before it shows
    section: int = 0


MENUS: tuple[Menu, ...] = (
    Menu("file", "&File"), Menu("edit", "&Edit"), Menu("view", "&View"),
    Menu("analysis", "&Analysis"), Menu("help", "&Help"),
)

ACTIONS: tuple[Action | Submenu, ...] = (
    # File
    Action("file:new", "file", "&New (baseline)", "new_scenario", Key.New),
    Action("file:open", "file", "&Open…", "open_dialog", Key.Open),
    Submenu("file/bundled", "file", "Open &bundled scenario", "fill_bundled_menu"),
    Submenu("file/recent", "file", "Open rec&ent", "fill_recent_menu"),
    Action("file:save", "file", "&Save", "save", Key.Save, section=1),
    Action("file:save_as", "file", "Save &As…", "save_as", Key.SaveAs, section=1),
    Action("file:revert", "file", "&Revert", "revert", section=1),
    Action("file:export_csv", "file", "Export &data (CSV)…", "export_data_dialog", section=2),
    Action("file:export_figure", "file", "Export &figure (PNG, SVG)…", "export_figure_dialog",
           section=2),
    Action("file:briefing_pdf", "file", "Export br&iefing (PDF)…", "export_briefing_pdf",
           section=2),
    Action("file:briefing_html", "file", "Export briefing (&HTML)…", "export_briefing_html",
           section=2),
    Action("file:open_story", "file", "Open s&tory…", "presenter.open_story_dialog", section=3),
    Action("file:save_story", "file", "Sa&ve story as…", "presenter.save_story_as_dialog",
           section=3),
    Action("file:bundled_story", "file", "Bundled stor&y", "presenter.open_bundled_story",
           section=3),
    Action("file:quit", "file", "&Quit", "close", Key.Quit, section=4),
    # Edit
    Action("edit:undo", "edit", "&Undo", "undo", Key.Undo),
    Action("edit:redo", "edit", "&Redo", "redo", "Ctrl+Shift+Z"),
    Action("edit:details", "edit", "Scenario &details…", "edit_details", section=1,
           tip="The scenario's name, description and author: the window title, compare, "
               "the briefing and the saved file carry them"),
    Action("edit:reset_all", "edit", "Reset &all levers to defaults", "reset_all_levers",
           section=1),
    Action("edit:copy_share_code", "edit", "&Copy share code", "sharing.copy_code", section=2,
           tip="The scenario as a short airace: text, to paste into a message; "
               "`airace run CODE` or Paste share code opens it"),
    Action("edit:paste_share_code", "edit", "&Paste share code", "sharing.paste_code",
           section=2, tip="Open the scenario of an airace: code on the clipboard"),
    # View
    Action("view:plots", "view", "&Plots…", "choose_plots_dialog"),
    Action("view:levers", "view", "&Levers", "show_levers_dock", checkable=True),
    Action("view:events", "view", "&Events", "show_events_dock", checkable=True),
    Action("view:anchors", "view", "Published &figures", "show_published_figures",
           checkable=True,
           tip="The published figures the model is checked against (core/catalogue/anchors.csv) on "
               "the plots of their outputs: whiskers from low to high, a marker or bar at "
               "the central figure; hover one for its source"),
    Submenu("view/theme", "view", "&Theme"),
    Action("theme:light", "view/theme", "&Light", "use_light_theme", checkable=True,
           exclusive="theme"),
    Action("theme:dark", "view/theme", "&Dark", "use_dark_theme", checkable=True,
           exclusive="theme"),
    Action("view:presenter", "view", "P&resenter mode", "presenter.toggle", "F5", section=1,
           widget_shortcut=True),
    Action("view:presenter_levers", "view", "Presenter le&vers…", "presenter.choose_levers",
           section=1),
    # Analysis
    Action("action:bands", "analysis", "Show &uncertainty bands", "analysis.show_bands",
           "Ctrl+B", checkable=True,
           tip="Monte Carlo 5–95 % (light) and 25–75 % (darker) bands behind every plotted "
               "curve, from the scenario's sample count and seed"),
    Action("analysis:compare", "analysis", "&Compare scenarios…", "analysis.compare_dialog",
           section=1),
    Action("analysis:sensitivity", "analysis", "&What matters…", "analysis.open_sensitivity",
           section=1),
    Action("analysis:goalseek", "analysis", "&Goal seek…", "analysis.open_goalseek", section=1),
    Action("analysis:robust", "analysis", "Goal seek over &several levers (robust)…",
           "explore.open_robust", section=1,
           tip="The smallest change of several policy levers that meets a target in a "
               "chosen share of sampled worlds"),
    Action("analysis:explain", "analysis", "W&hy did this move…", "explainer.open", section=1,
           tip="A waterfall of a figure's change from the baseline, split among the levers "
               "and events changed"),
    Action("analysis:discover", "analysis", "What must &be true…", "explore.open_discover",
           section=2,
           tip="Scenario discovery (PRIM): the lever ranges where a condition on a key "
               "figure or an output holds far more often than overall"),
    # Help
    Action("help:shortcuts", "help", "&Keyboard shortcuts", "show_shortcuts", "F1"),
    Action("help:model", "help", "Model &documentation", "show_model_documentation"),
    Action("help:model_map", "help", "Model &map", "model_map.open",
           tip="The model's stocks, flows and feedback loops, drawn from its declared "
               "structure; click a node for its equation, unit, source and value"),
    Action("help:assumptions", "help", "&Assumptions and sources…", "assumptions.open",
           tip="Every lever and constant with its source, and the model beside every "
               "published figure it is checked against"),
    Action("help:about", "help", "A&bout AI Race Planner", "show_about", section=1),
)

# keys a panel handles itself, not menu actions
PANEL_KEYS: tuple[tuple[str, str], ...] = (
    (" / ".join(CONTEXT_MENU_KEYS), "Levers: the focused lever's menu (rationale and source, "
                                    "reset)"),
    (" / ".join(CLOSE_KEYS), "Compare, Model map, Assumptions: close the window"),
)
# keys handled by presenter mode's key filter, not by menu actions
PRESENTER_KEYS: tuple[tuple[str, str], ...] = (
    ("Page Down / Page Up", "Presenter mode: next / previous story step"),
    ("1 – 9", "Presenter mode: jump to a step"),
    ("B", "Presenter mode: show or hide the baseline"),
    ("Space", "Presenter mode: play time"),
    ("R", "Presenter mode: back to the step's scenario"),
    ("Esc", "Presenter mode: leave"),
)


def plain_text(text: str) -> str:
    """A menu text without its mnemonic ampersand and trailing ellipsis."""
    return text.replace("&", "").removesuffix("…")


def shortcut_text(shortcut: str | QKeySequence.StandardKey | None) -> str:
    if shortcut is None:
        return ""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)


def shortcut_rows() -> list[tuple[str, str]]:
    """(keys, what they do) for every action with a shortcut, then the panels' and
    presenter mode's keys."""
    menus = {menu.id: plain_text(menu.text) for menu in MENUS}
    rows = [(shortcut_text(action.shortcut),
             f"{menus[action.menu.partition('/')[0]]} > {plain_text(action.text)}")
            for action in ACTIONS if isinstance(action, Action) and action.shortcut is not None]
    return [row for row in rows if row[0]] + list(PANEL_KEYS) + list(PRESENTER_KEYS)
