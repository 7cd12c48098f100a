"""Accessibility: every control, plot and card is named and described for a screen reader
(desktop.widgets.accessibility walks each window), Tab visits the main window in reading order, and
every menu entry is reachable from the menu bar by Alt and a letter."""

from __future__ import annotations

import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QApplication,
    QFormLayout,
    QFrame,
    QLineEdit,
    QMainWindow,
    QPushButton,
    QSlider,
    QSpinBox,
    QToolButton,
    QWidget,
)
from qt_helpers import activate, find, settle

from core.catalogue.levers import LEVERS
from core.engine.events import EVENT_TYPES
from core.formats.scenario import load_bundled
from desktop.actions import ACTIONS, MENUS, Action, Submenu
from desktop.pytest_plugin import set_lever
from desktop.widgets.accessibility import missing_accessible_names
from desktop.widgets.dialogs import EvidenceDialog
from desktop.widgets.events_panel import EventDialog
from desktop.widgets.plots import OutputPlot

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")


def assert_all_named(widget: QWidget) -> None:
    offenders = missing_accessible_names(widget)
    assert not offenders, "without an accessible name or description:\n" + "\n".join(offenders)


# ---- the checker ---------------------------------------------------------------------------

def test_the_checker_lists_unnamed_controls_and_accepts_named_ones(qtbot):
    host = QWidget()
    qtbot.addWidget(host)
    bare = QSlider(host)
    bare.setObjectName("bare")
    symbol = QToolButton(host)
    symbol.setObjectName("symbol")
    symbol.setText("↺")
    symbol.setToolTip("Back to the default")
    rich = QPushButton("Save", host)
    rich.setObjectName("rich")
    rich.setToolTip("<b>Save</b> the file")
    card = QFrame(host)
    card.setObjectName("card")
    card.setProperty("card", True)
    form = QFormLayout(host)
    buddied = QSpinBox(host)
    buddied.setObjectName("buddied")
    buddied.setToolTip("How many")
    form.addRow("Count", buddied)  # the label is the spin box's buddy: Qt names it so
    named = QSlider(host)
    named.setAccessibleName("Volume")
    named.setAccessibleDescription("Loudness, 0 to 10")
    offenders = "\n".join(missing_accessible_names(host))
    assert "QSlider 'bare': no accessible name" in offenders
    assert "QSlider 'bare': no accessible description" in offenders
    assert "QToolButton 'symbol': no accessible name (Qt exposes '↺')" in offenders
    assert "QPushButton 'rich': a rich-text description" in offenders
    assert "QFrame 'card': no accessible name" in offenders
    assert "buddied" not in offenders and "Volume" not in offenders
    assert len(missing_accessible_names(host)) == 6


def test_the_checker_leaves_out_the_parts_qt_and_pyqtgraph_speak_for(qtbot):
    plot = OutputPlot("us_power_gap_gw")  # it holds pyqtgraph's own options menu
    qtbot.addWidget(plot)
    assert plot.findChildren(QSlider)  # its sliders and check boxes are there, inside
    assert missing_accessible_names(plot) == []
    spin = QSpinBox()
    qtbot.addWidget(spin)
    assert [line.split(":")[0] for line in missing_accessible_names(spin)] == ["QSpinBox"] * 2
    search = QLineEdit()
    qtbot.addWidget(search)
    search.setClearButtonEnabled(True)
    assert search.findChildren(QToolButton)  # Qt's clear button speaks through the line edit
    assert [line.split(":")[0] for line in missing_accessible_names(search)] == ["QLineEdit"] * 2


# ---- every window ------------------------------------------------------------------------------

def test_the_main_window_names_every_control_plot_and_card(read_window):
    assert_all_named(read_window)


def test_levers_say_their_unit_and_range_and_cards_their_current_value(window):
    lever = LEVERS["cn_lab_openness"]
    slider = find(window, QSlider, f"lever:{lever.id}")
    assert slider.accessibleName() == lever.label
    assert f"In {lever.unit}, from {lever.min:g} to {lever.max:g}" in \
        slider.accessibleDescription()
    card = find(window, QFrame, "kpi:us_power_gap_2028")
    before = card.accessibleName()
    assert before.startswith(card.kpi.label + ": ") and card.value_text in before
    set_lever(window, "us_dc_committed_additions_gw_per_year", 2.0)
    settle(window)
    assert card.accessibleName() != before and card.value_text in card.accessibleName()
    plot = window.findChild(pg.PlotWidget, "plot:us_power_gap_gw")
    assert plot.accessibleName().startswith("Plot: ")


@pytest.mark.slow
def test_the_compare_window_names_everything(window):
    window.analysis.choose_compare_scenarios = lambda: [("Baseline", load_bundled("baseline")),
                                               ("Safe chips act", load_bundled("safe_chips_act"))]
    find(window, QAction, "analysis:compare").trigger()
    assert_all_named(window.findChild(QMainWindow, "compare"))


@pytest.mark.slow
def test_what_matters_and_goal_seek_name_everything(window):
    find(window, QAction, "analysis:sensitivity").trigger()
    assert_all_named(window.analysis.sensitivity_dialog)
    find(window, QAction, "analysis:goalseek").trigger()
    assert_all_named(window.analysis.goalseek_dialog)


@pytest.mark.parametrize("kind", list(EVENT_TYPES))
def test_every_event_form_names_everything(read_window, qtbot, kind):
    dialog = EventDialog(EVENT_TYPES[kind](start="2027-01"), read_window)
    qtbot.addWidget(dialog)
    assert_all_named(dialog)


def test_the_evidence_form_and_the_help_windows_name_everything(window, qtbot):
    dialog = EvidenceDialog("Chinese labs' openness", "", "", window)
    qtbot.addWidget(dialog)
    assert_all_named(dialog)
    for action in ("help:guide", "help:shortcuts", "help:model", "help:about"):
        find(window, QAction, action).trigger()
    for dialog in window.help_dialogs.values():
        assert_all_named(dialog)


@pytest.mark.slow
def test_presenter_mode_names_everything(window, qtbot):
    QTest.keyClick(window, Qt.Key.Key_F5)
    settle(window)
    assert window.presenter.active
    assert_all_named(window)
    QTest.keyClick(window, Qt.Key.Key_Escape)


# ---- the keyboard --------------------------------------------------------------------------

AREAS = ("levers_panel", "central", "events_panel")


def area_of(window, widget: QWidget) -> str:
    for name, area in zip(AREAS, (window.levers_panel, window.centralWidget(),
                                  window.events_panel), strict=True):
        if area.isAncestorOf(widget):
            return name
    return "elsewhere"


def tab_round(window, qtbot, start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start`` until focus comes back to it."""
    start.setFocus()
    assert QApplication.focusWidget() is start
    visited = []
    for _ in range(1000):
        visited.append(QApplication.focusWidget())
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() is start:
            return visited
    raise AssertionError("Tab never came back to where it started")


def in_reading_order(widgets: list[QWidget], area: QWidget) -> bool:
    """Top to bottom, and left to right within a row."""
    def place(widget):
        corner = widget.mapTo(area, QPoint(0, 0))
        return corner.y(), corner.x(), widget.height()
    for (y1, x1, h1), (y2, x2, _) in zip(map(place, widgets), map(place, widgets[1:]),
                                         strict=False):
        same_row = abs(y2 - y1) < h1 / 2
        if not (y2 > y1 if not same_row else x2 > x1):
            return False
    return True


def check_tab_order(window, qtbot) -> None:
    set_lever(window, "cn_lab_openness", 0.5)  # Reset all and one reset button take focus
    window.session.set_evidence("cn_lab_openness", "Two labs publish weights", "")  # its mark
    first = window.levers_panel.reset_all
    visited = tab_round(window, qtbot, first)
    areas = [area_of(window, widget) for widget in visited]
    runs = [area for index, area in enumerate(areas) if index == 0 or areas[index - 1] != area]
    assert runs == list(AREAS), runs  # each area whole, levers, then cards and plots, events
    for area in (window.levers_panel.scroll.widget(), window.centralWidget(),
                 window.events_panel):
        inside = [w for w in visited if area.isAncestorOf(w)]
        assert inside and in_reading_order(inside, area), [w.objectName() for w in inside]
    names = {widget.objectName() for widget in visited}
    assert {"lever:cn_lab_openness", "lever:cn_lab_openness:spin", "lever:cn_lab_openness:reset",
            "lever:cn_lab_openness:evidence", "plot:us_power_gap_gw", "events:list",
            "events:add"} <= names


@pytest.mark.slow
def test_tab_visits_levers_then_plots_then_events_in_reading_order(window, qtbot):
    activate(qtbot, window)
    check_tab_order(window, qtbot)


@pytest.mark.slow
def test_tab_order_holds_after_choosing_other_plots(window, qtbot):
    activate(qtbot, window)
    window.set_plot_outputs(["access_index", "us_power_gap_gw", "cn_usage_share"])
    check_tab_order(window, qtbot)


def mnemonic(text: str) -> str:
    index = text.replace("&&", "").find("&")
    return "" if index < 0 else text.replace("&&", "")[index + 1].lower()


def test_every_menu_and_entry_has_its_own_mnemonic():
    letters = [mnemonic(menu.text) for menu in MENUS]
    assert all(letters) and len(set(letters)) == len(letters), letters
    by_menu: dict[str, list[str]] = {}
    for entry in ACTIONS:
        assert mnemonic(entry.text), f"{entry.id}: {entry.text!r} has no & letter"
        by_menu.setdefault(entry.menu, []).append(mnemonic(entry.text))
    for menu, entries in by_menu.items():
        twice = {letter for letter in entries if entries.count(letter) > 1}
        assert not twice, f"menu {menu}: the letters {sorted(twice)} are used twice"


@pytest.mark.slow
def test_alt_and_a_letter_open_each_menu_and_a_letter_picks_an_entry(window, qtbot):
    activate(qtbot, window)
    for menu in MENUS:
        key = getattr(Qt.Key, f"Key_{mnemonic(menu.text).upper()}")
        QTest.keyClick(window, key, Qt.KeyboardModifier.AltModifier)
        opened = window.menus[menu.id]
        qtbot.waitUntil(opened.isVisible, timeout=2000)
        QTest.keyClick(opened, Qt.Key.Key_Escape)
        QTest.keyClick(window.menuBar(), Qt.Key.Key_Escape)
    # one whole path: Alt+V, then L hides the levers
    levers = next(entry for entry in ACTIONS
                  if isinstance(entry, Action) and entry.id == "view:levers")
    QTest.keyClick(window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(window.menus["view"].isVisible, timeout=2000)
    QTest.keyClick(window.menus["view"], getattr(Qt.Key, f"Key_{mnemonic(levers.text).upper()}"))
    qtbot.waitUntil(lambda: not window.levers_dock.isVisible(), timeout=2000)
    assert not window.actions["view:levers"].isChecked()


@pytest.mark.slow
def test_submenus_open_from_their_letter(read_window, qtbot):
    activate(qtbot, read_window)
    theme = next(entry for entry in ACTIONS if isinstance(entry, Submenu)
                 and entry.id == "view/theme")
    QTest.keyClick(read_window, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(read_window.menus["view"].isVisible, timeout=2000)
    QTest.keyClick(read_window.menus["view"], getattr(Qt.Key, f"Key_{mnemonic(theme.text).upper()}"))
    qtbot.waitUntil(read_window.menus["view/theme"].isVisible, timeout=2000)
    QTest.keyClick(read_window.menus["view/theme"], Qt.Key.Key_Escape)
    QTest.keyClick(read_window.menus["view"], Qt.Key.Key_Escape)


def test_the_shortcuts_window_lists_the_lever_menu_keys(window):
    find(window, QAction, "help:shortcuts").trigger()
    rows = window.help_dialogs["shortcuts"].rows()
    assert ("Shift+F10 / Menu", "Levers: the focused lever's menu (rationale and source, "
            "reset)") in rows


@pytest.mark.parametrize("action", ["help:model_map", "help:assumptions", "analysis:discover",
                                    "analysis:robust", "analysis:explain"])
def test_every_window_a_menu_opens_names_everything(read_window, qtbot, action):
    before = set(QApplication.topLevelWidgets())
    find(read_window, QAction, action).trigger()
    opened = [widget for widget in QApplication.topLevelWidgets()
              if widget not in before and widget.isVisible()]
    assert opened, f"{action} opened no window"
    for widget in opened:
        assert_all_named(widget)
        widget.close()
