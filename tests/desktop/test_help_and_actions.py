"""Menus come from one actions table; the Help menu answers what a new user asks."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QTextBrowser
from qt_helpers import find

from core.catalogue.key_figures import KPIS
from core.cli.main import build_parser
from core.common.version import APP_VERSION, MODEL_VERSION
from desktop.actions import ACTIONS, MENUS, TABLE, Action, Submenu, shortcut_text
from desktop.commands.analysis import AnalysisCommands
from desktop.commands.presenter import PresenterCommands
from desktop.commands.sharing import ShareCommands
from desktop.main_window import MainWindow
from desktop.menu_entries import MenuTable, plain_text
from desktop.widgets.levers_panel import LeversPanel
from desktop.windows.assumptions_window import AssumptionsCommands
from desktop.windows.discover_window import ExploreCommands
from desktop.windows.explain_window import ExplainCommands
from desktop.windows.model_map_window import ModelMapCommands


def test_every_action_of_the_table_is_in_its_menu(read_window):
    menus = {menu.id: menu.text for menu in MENUS}
    top = {a.text(): a.menu() for a in read_window.menuBar().actions()}
    assert list(top) == list(menus.values())  # one menu bar, in table order
    for entry in ACTIONS:
        if isinstance(entry, Action):
            action = find(read_window, QAction, entry.id)
            assert action.text() == entry.text
            if entry.shortcut is not None:
                assert action.shortcut() == QKeySequence(entry.shortcut)
            assert action in read_window.menus[entry.menu].actions()
        else:
            assert isinstance(entry, Submenu)
            assert read_window.menus[entry.id].menuAction() in read_window.menus[entry.menu].actions()


def test_every_handler_of_the_table_is_a_method_of_an_object_the_window_owns(read_window):
    """The table names methods, not strings: each binds to the window or to the one object
    of its class the window owns."""
    handlers = TABLE.handlers()
    named = [e for e in ACTIONS if isinstance(e, Action) or e.fill is not None]
    assert len(handlers) == len(named) >= 40
    owners = set()
    for method in handlers:
        bound = read_window.handler(method)
        assert bound == getattr(bound.__self__, method.__name__)  # the owner's own method
        owners.add(type(bound.__self__))
    assert owners == {MainWindow, PresenterCommands, AnalysisCommands, ShareCommands, ExploreCommands,
                      ExplainCommands, ModelMapCommands, AssumptionsCommands}
    assert read_window.handler(PresenterCommands.toggle).__self__ is read_window.presenter


def test_a_handler_no_owned_object_has_is_refused(read_window):
    with pytest.raises(LookupError, match="LeversPanel.show_only"):
        read_window.handler(LeversPanel.show_only)


def test_a_handler_named_by_a_string_fails_when_the_table_is_declared():
    with pytest.raises(TypeError, match="file:save: the handler must be a method"):
        Action("file:save", "file", "&Save", "save")
    with pytest.raises(TypeError, match="file/recent"):
        Submenu("file/recent", "file", "Recent", "fill_recent_menu")
    assert MenuTable(MENUS, ()).handlers() == []


ROOT = Path(__file__).resolve().parents[2]


def test_each_analysis_has_one_name_in_its_menu_text_modules_and_command():
    """Analysis > X (command)…: the command line's command names the core module and the
    desktop window or dialog, and the menu text names the command."""
    commands = next(a for a in build_parser()._actions
                    if isinstance(a, argparse._SubParsersAction)).choices
    analyses = [e for e in ACTIONS if isinstance(e, Action) and e.id.startswith("analysis:")]
    assert len(analyses) == 6
    for entry in analyses:
        name = entry.id.partition(":")[2]
        text = plain_text(entry.text).lower()
        assert name in commands, entry.id
        assert name in text.replace(" ", ""), entry.text
        assert (ROOT / "core" / "analysis" / f"{name}.py").is_file(), name
        windows = ROOT / "desktop" / "windows"
        assert {f"{name}_window.py", f"{name}_dialog.py"} & {p.name for p in windows.iterdir()}


def test_help_about_names_versions_and_licence(read_window, qtbot):
    find(read_window, QAction, "help:about").trigger()
    dialog = read_window.findChild(QDialog, "help:about_dialog")
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    text = dialog.findChild(QLabel, "help:about_text").text()
    assert APP_VERSION in text and f"Model version {MODEL_VERSION}" in text and "MIT" in text
    dialog.close()


def test_help_shortcuts_lists_every_shortcut_of_the_table(window):
    find(window, QAction, "help:shortcuts").trigger()
    dialog = window.findChild(QDialog, "help:shortcuts_dialog")
    assert dialog.isVisible()
    table = dialog.findChild(QTableWidget, "help:shortcuts_table")
    described = [table.item(row, 1).text() for row in range(table.rowCount())]
    for entry in ACTIONS:
        if isinstance(entry, Action) and shortcut_text(entry.shortcut):  # Quit has none here
            text = entry.text.replace("&", "").removesuffix("…")
            assert any(line.endswith(text) for line in described), text
    assert any("Presenter mode: play time" in line for line in described)
    keys = [table.item(row, 0).text() for row in range(table.rowCount())]
    assert "Ctrl+B" in keys and "F5" in keys
    assert "Right / Down / Page Down" in keys and "Left / Up / Page Up" in keys


@pytest.mark.slow
def test_help_model_documentation_shows_the_model_to_a_reader(window):
    find(window, QAction, "help:model").trigger()
    dialog = window.findChild(QDialog, "help:model_dialog")
    assert dialog.isVisible()
    text = dialog.findChild(QTextBrowser, "help:model_text").toPlainText()
    assert "feedback" in text.lower() and len(text) > 2000
    assert "do not edit" not in text and "Generated from the code" not in text
    assert "mermaid" not in text and "flowchart" not in text and "-->" not in text
    assert "drawn under Help > Model map" in text


@pytest.mark.slow
def test_bundled_scenarios_are_listed_by_their_own_names(window):
    window.menus["file/bundled"].aboutToShow.emit()
    texts = [a.text() for a in window.menus["file/bundled"].actions()]
    assert "TPU expansion (more than double by 2028)" in texts
    assert "US power crunch" in texts and "Tpu expansion" not in texts
    find(window, QAction, "bundled:us_power_crunch").trigger()
    assert window.session.scenario.name == "US power crunch"


@pytest.mark.slow
def test_view_menu_hides_and_shows_the_levers(read_window):
    action = find(read_window, QAction, "view:levers")
    assert action.isChecked()
    action.trigger()
    assert not read_window.levers_dock.isVisible() and not action.isChecked()
    action.trigger()
    assert read_window.levers_dock.isVisible() and action.isChecked()


def test_help_user_guide_opens_the_guide_without_blocking(window):
    find(window, QAction, "help:guide").trigger()
    dialog = window.findChild(QDialog, "help:guide_dialog")
    assert dialog.isVisible() and not dialog.isModal()
    browser = dialog.findChild(QTextBrowser, "help:guide_text")
    text = browser.toPlainText()
    assert "Ten minutes with one policy question" in text
    assert "positive: a shortfall" in text.lower() and "negative: a surplus" in text.lower()
    assert "Right, Down or Page Down" in text
    assert "#" not in text.splitlines()[0]  # rendered Markdown, not its source
    for kpi in KPIS.values():
        assert kpi.label in text, kpi.label
    find(window, QAction, "help:guide").trigger()  # the same window, not a second one
    assert len(window.findChildren(QDialog, "help:guide_dialog")) == 1


@pytest.mark.slow
def test_the_guide_names_the_menus_as_the_app_does(window):
    """Every 'Menu > Item' the guide names is an item of that menu (names match)."""
    from desktop.windows.help_window import guide_path

    guide = re.sub(r"\s+", " ", guide_path().read_text(encoding="utf-8"))
    menus = {menu.text.replace("&", ""): menu.id for menu in MENUS}
    named = re.findall(r"\*\*?(File|Edit|View|Analysis|Help) > ([^*]+?)\*\*?", guide)
    named += re.findall(r"(?<![*\w])(File|Edit|View|Analysis|Help) > ([A-Z][\w ()-]+[\w)])",
                        guide)
    assert len(named) > 10
    for menu, item in named:
        texts = [a.text().replace("&", "").removesuffix("…")
                 for a in window.menus[menus[menu]].actions()]
        item = item.split(" > ")[0].strip()
        assert any(text.startswith(item) or item.startswith(text) for text in texts if text), \
            (menu, item, texts)
