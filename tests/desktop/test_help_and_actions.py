"""Menus come from one actions table; the Help menu answers what a new user asks."""

from __future__ import annotations

import re

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QTableWidget, QTextBrowser
from qt_helpers import find

from core.catalogue.key_figures import KPIS
from core.common.version import APP_VERSION, MODEL_VERSION
from desktop.actions import ACTIONS, MENUS, Action, Submenu, shortcut_text


def test_every_action_of_the_table_is_in_its_menu(window):
    menus = {menu.id: menu.text for menu in MENUS}
    top = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert list(top) == list(menus.values())  # one menu bar, in table order
    for entry in ACTIONS:
        if isinstance(entry, Action):
            action = find(window, QAction, entry.id)
            assert action.text() == entry.text
            if entry.shortcut is not None:
                assert action.shortcut() == QKeySequence(entry.shortcut)
            assert action in window.menus[entry.menu].actions()
        else:
            assert isinstance(entry, Submenu)
            assert window.menus[entry.id].menuAction() in window.menus[entry.menu].actions()


def test_help_about_names_versions_and_licence(window, qtbot):
    find(window, QAction, "help:about").trigger()
    dialog = window.findChild(QDialog, "help:about_dialog")
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


def test_help_model_documentation_shows_the_model_to_a_reader(window):
    find(window, QAction, "help:model").trigger()
    dialog = window.findChild(QDialog, "help:model_dialog")
    assert dialog.isVisible()
    text = dialog.findChild(QTextBrowser, "help:model_text").toPlainText()
    assert "feedback" in text.lower() and len(text) > 2000
    assert "do not edit" not in text and "Generated from the code" not in text
    assert "mermaid" not in text and "flowchart" not in text and "-->" not in text
    assert "drawn under Help > Model map" in text


def test_bundled_scenarios_are_listed_by_their_own_names(window):
    window.menus["file/bundled"].aboutToShow.emit()
    texts = [a.text() for a in window.menus["file/bundled"].actions()]
    assert "TPU expansion (more than double by 2028)" in texts
    assert "US power crunch" in texts and "Tpu expansion" not in texts
    find(window, QAction, "bundled:us_power_crunch").trigger()
    assert window.session.scenario.name == "US power crunch"


def test_view_menu_hides_and_shows_the_levers(window):
    action = find(window, QAction, "view:levers")
    assert action.isChecked()
    action.trigger()
    assert not window.levers_dock.isVisible() and not action.isChecked()
    action.trigger()
    assert window.levers_dock.isVisible() and action.isChecked()


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
