"""A new user's first hour in the window, driven as they drive it (keys, wheel, menus):
nothing overwritten, nothing moved by accident, every change undoable from anywhere."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QPushButton, QWidget
from qt_helpers import activate, settle

from core.formats.scenario import bundled_folder, load_scenario
from desktop.commands import briefing
from desktop.main_window import MainWindow
from desktop.pytest_plugin import set_lever

CTRL = Qt.KeyboardModifier.ControlModifier
# offscreen Qt cannot size a dialog to its contents, and says so; nothing is wrong
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
ASK_DETAILS = MainWindow.ask_scenario_details  # the real form (the fixtures replace it)


def press(qtbot, window, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the keyboard focus is (the window itself when nothing has it)."""
    if not window.isActiveWindow():
        activate(qtbot, window)  # after a dialog closed: keys go to the window again
    qtbot.keyClick(QApplication.focusWidget() or window, key, modifier)
    settle(window)


def fail(message):
    raise AssertionError(message)


# ---- 1. Save never writes over a bundled scenario or a file that is not a scenario ----------

def test_ctrl_s_on_a_bundled_scenario_saves_a_copy_in_the_documents_folder(
        make_window, qtbot, airace_user_folders):
    bundled = bundled_folder() / "baseline.json"
    shipped = bundled.read_bytes()
    documents = airace_user_folders / "Documents"
    documents.mkdir()
    (documents / "baseline.json").write_text("{}")  # taken: the copy gets a fresh name
    window = make_window(bundled)
    window.show()
    set_lever(window, "bass_q", 0.5)
    offered = []
    window.choose_save_path = lambda: offered.append(window.suggested_save_path()) or str(
        offered[-1])
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert bundled.read_bytes() == shipped
    assert offered == [documents / "baseline-2.json"]
    assert load_scenario(offered[0]).levers == {"bass_q": 0.5}
    assert window.session.path == offered[0] and not window.session.dirty
    set_lever(window, "bass_q", 0.6)
    window.choose_save_path = lambda: fail("Save asked again for its own copy")
    press(qtbot, window, Qt.Key.Key_S, CTRL)  # the copy is the user's: saved in place
    assert load_scenario(offered[0]).levers == {"bass_q": 0.6}


def test_save_as_onto_a_bundled_scenario_is_refused_with_a_message(window, qtbot):
    bundled = bundled_folder() / "safe_chips_act.json"
    shipped = bundled.read_bytes()
    set_lever(window, "bass_q", 0.5)
    errors = []
    window.show_error = errors.append
    window.choose_save_path = lambda: str(bundled)
    window.save_as_action.trigger()
    assert bundled.read_bytes() == shipped
    assert len(errors) == 1 and "bundled scenario" in errors[0] and "\n" not in errors[0]
    assert window.session.dirty


def test_a_briefing_without_its_suffix_is_never_replaced_by_save(window, qtbot, tmp_path):
    report = tmp_path / "report"  # an HTML briefing saved without .html
    set_lever(window, "bass_q", 0.5)
    briefing.export_session(window.session, "html", str(report))
    kept = report.read_bytes()
    window.session.set_lever("bass_q", 0.4)
    window.ask_save_changes = lambda: "discard"
    window.choose_open_path = lambda: str(report)
    window.open_action.trigger()
    assert window.session.scenario.levers == {"bass_q": 0.5}
    set_lever(window, "bass_q", 0.7)
    asked = []
    window.choose_save_path = lambda: asked.append(True) and None
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert asked == [True] and report.read_bytes() == kept


def test_save_as_onto_a_file_that_is_not_a_scenario_is_refused(window, tmp_path):
    notes = tmp_path / "notes.json"
    notes.write_text('["my notes"]')
    set_lever(window, "bass_q", 0.5)
    errors = []
    window.show_error = errors.append
    window.choose_save_path = lambda: str(notes)
    window.save_as_action.trigger()
    assert notes.read_text() == '["my notes"]'
    assert len(errors) == 1 and "not a scenario file" in errors[0]


# ---- 2. the wheel scrolls the lever panel; a lever takes it only with focus -----------------

def wheel(widget, clicks: int) -> None:
    """Turn the mouse wheel over the middle of ``widget`` (negative: towards the user)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * clicks), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_the_lever_panel_scrolls_it_and_moves_no_lever(window):
    panel = window.levers_panel
    bar = panel.scroll.verticalScrollBar()
    assert bar.maximum() > 0
    row = panel.rows["us_chip_order_growth_per_year"]
    panel.scroll.ensureWidgetVisible(row.slider)
    settle(window)
    window.plot_grid.setFocus()
    before = bar.value()
    for widget in (row.slider, row.spin):
        wheel(widget, -3)
    settle(window)
    assert window.session.scenario.levers == {}
    assert bar.value() > before
    row.slider.setFocus()  # clicked or tabbed to: now the wheel is the lever's
    wheel(row.slider, -1)
    settle(window)
    assert "us_chip_order_growth_per_year" in window.session.scenario.levers


# ---- 9. Ctrl+Z reaches the scenario right after a lever value is typed ---------------------

def test_ctrl_z_right_after_typing_a_lever_value_undoes_it(window, qtbot):
    assert set_lever(window, "bass_q", 0.5) == 0.5  # typed, Enter: the box keeps the focus
    box = window.levers_panel.rows["bass_q"].spin
    assert QApplication.focusWidget() is box
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.session.scenario.levers == {}
    assert window.levers_panel.rows["bass_q"].spin.value() != 0.5
    press(qtbot, window, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert window.session.scenario.levers == {"bass_q": 0.5}
    box.selectAll()
    qtbot.keyClicks(box, "0.3")
    assert box.cleanText() == "0.3"  # typed, not yet entered: Ctrl+Z edits the text
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.session.scenario.levers == {"bass_q": 0.5}


# ---- 3. Edit > Scenario details… -------------------------------------------------------------

def fill_details(qtbot, window, name: str, description: str, author: str,
                 seen: list) -> None:
    """When the details form comes up, type into it as a user does and click OK."""
    def fill():
        dialog = window.findChild(QDialog, "details_dialog")
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(10, fill)  # not shown yet
            return
        try:
            offer = dialog.findChild(QLabel, "details:offer")
            seen.append(offer.text() if offer is not None else "")
            for field, text in (("details:name", name), ("details:description", description),
                                ("details:author", author)):
                box = dialog.findChild(QWidget, field)
                box.setFocus()
                qtbot.keyClick(box, Qt.Key.Key_A, CTRL)
                qtbot.keyClicks(box, text)
            qtbot.mouseClick(dialog.findChild(QPushButton, "dialog:ok"),
                             Qt.MouseButton.LeftButton)
        except BaseException:
            dialog.reject()  # a failed step must not leave the test waiting on the form
            raise
    QTimer.singleShot(0, fill)


def test_edit_scenario_details_names_the_scenario_in_one_undoable_step(window, qtbot,
                                                                        tmp_path):
    window.ask_scenario_details = ASK_DETAILS.__get__(window)
    seen = []
    fill_details(qtbot, window, "Power push", "More US power sooner.", "A. Analyst", seen)
    window.actions["edit:details"].trigger()
    settle(window)
    assert seen == [""]
    scenario = window.session.scenario
    assert (scenario.name, scenario.description, scenario.author) == (
        "Power push", "More US power sooner.", "A. Analyst")
    assert window.windowTitle().startswith("Power push — unsaved*")
    assert window.analysis.load_compare_candidate("current")[0] == "Power push (current)"
    report = tmp_path / "power.html"
    window.choose_export_path = lambda *args: str(report)
    window.actions["file:briefing_html"].trigger()
    text = report.read_text(encoding="utf-8")
    assert "<h1>Power push</h1>" in text and "by A. Analyst" in text
    assert "More US power sooner." in text
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.session.scenario.name == "Baseline" and not window.session.dirty


def test_the_first_save_of_a_changed_bundled_scenario_offers_its_details(window, qtbot,
                                                                         tmp_path):
    window.ask_scenario_details = ASK_DETAILS.__get__(window)
    set_lever(window, "bass_q", 0.5)
    seen = []
    fill_details(qtbot, window, "Faster adoption", "", "", seen)
    window.choose_save_path = lambda: str(tmp_path / "mine.json")
    press(qtbot, window, Qt.Key.Key_S, CTRL)
    assert len(seen) == 1 and "your version of “Baseline”" in seen[0]
    assert load_scenario(tmp_path / "mine.json").name == "Faster adoption"
    assert window.windowTitle().startswith("Faster adoption — mine.json —")
    set_lever(window, "bass_q", 0.6)
    press(qtbot, window, Qt.Key.Key_S, CTRL)  # its own name now: saved without a question
    assert seen == [seen[0]] and load_scenario(tmp_path / "mine.json").levers == {"bass_q": 0.6}
