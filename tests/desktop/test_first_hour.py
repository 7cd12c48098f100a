"""A new user's first hour in the window, driven as they drive it (keys, wheel, menus):
nothing overwritten, nothing moved by accident, every change undoable from anywhere."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QWheelEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)
from qt_helpers import activate, settle

from core.formats.scenario import bundled_folder, load_bundled, load_scenario
from desktop.commands import briefing
from desktop.main_window import MainWindow
from desktop.pytest_plugin import find_plot, set_lever

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


@pytest.mark.slow
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


@pytest.mark.slow
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


# ---- 4. the power gap: one name, one sign convention, read from the output's declaration ----

@pytest.mark.slow
def test_a_power_surplus_reads_as_a_surplus_on_the_card_the_waterfall_and_the_model_map(
        window, qtbot):
    for lever_id in ("us_dc_committed_additions_gw_per_year", "us_new_generation_gw_per_year"):
        slider = window.levers_panel.rows[lever_id].slider
        slider.setFocus()
        qtbot.keyClick(slider, Qt.Key.Key_End)  # committed power, and generation to serve it
    settle(window)
    value = float(window.session.figures["us_power_gap_2028"][0])
    assert value < 0
    card = window.kpi_strip.cards["us_power_gap_2028"]
    assert card.kpi.label == "US power gap, end 2028"
    assert card.value_text.endswith("GW surplus") and "-" not in card.value_text
    window.actions["analysis:explain"].trigger()
    view = window.findChild(QDialog, "explain")
    view.show_kpi("us_power_gap_2028")
    qtbot.waitUntil(lambda: view.explained is not None
                    and view.explained[0] == window.session.scenario, timeout=10_000)
    assert f"{card.value_text} in this scenario" in view.note.text()
    assert "GW short in" in view.note.text()  # the baseline's 2028 gap is a shortfall
    view.close()
    window.actions["help:model_map"].trigger()
    map_window = window.findChild(QWidget, "model_map")
    box = map_window.findChild(QLineEdit, "model_map:find")
    qtbot.keyClicks(box, "us_power_gap_gw")
    qtbot.keyClick(box, Qt.Key.Key_Return)
    name = map_window.findChild(QLabel, "model_map:name").text()
    shown = map_window.findChild(QLabel, "model_map:value").text()
    assert "US power gap (wanted − connected)" in name
    assert "surplus" in shown or "short" in shown
    map_window.close()


# ---- 7. the waterfall: totals from zero, no value label cut -----------------------------------

def explain_from_menu(window, qtbot, kpi_id: str):
    window.actions["analysis:explain"].trigger()
    view = window.findChild(QDialog, "explain")
    view.show_kpi(kpi_id)
    qtbot.waitUntil(lambda: view.explained is not None and not view.timer.isActive()
                    and view.explained[0] == window.session.scenario, timeout=10_000)
    settle(window)
    return view


@pytest.mark.slow
@pytest.mark.parametrize("additions", ["max", "power crunch"])
def test_the_waterfall_draws_totals_from_zero_and_keeps_every_label_inside(
        make_window, qtbot, additions):
    window = make_window("us_power_crunch" if additions == "power crunch" else None)
    activate(qtbot, window)
    if additions == "max":
        for lever_id in ("us_dc_committed_additions_gw_per_year",
                         "us_new_generation_gw_per_year"):
            slider = window.levers_panel.rows[lever_id].slider
            slider.setFocus()
            qtbot.keyClick(slider, Qt.Key.Key_End)  # from a 19 GW shortfall to a surplus
    view = explain_from_menu(window, qtbot, "us_power_gap_2028")
    attribution = view.attribution
    x0 = list(view.end_bars.opts["x0"])
    if additions == "max":
        assert attribution.scenario_value < 0 < attribution.reference_value
        assert x0 == [0.0, 0.0]  # a surplus bar runs left of zero, a shortfall bar right
    box = view.chart.getPlotItem().vb.sceneBoundingRect()
    labels = [label for label in view.value_labels if label.isVisible()]
    assert len(labels) == len(attribution.items) + 2
    for label in labels:
        assert box.contains(label.mapRectToScene(label.boundingRect())), label.toPlainText()
    table = view.table
    assert view.splitter.sizes()[1] <= sum(table.rowHeight(r) for r in range(table.rowCount())
                                          ) + table.horizontalHeader().height() + 10
    view.close()


# ---- 8. What must be true: the trade-off axes read in percent ---------------------------------

@pytest.mark.slow
def test_the_trade_off_axes_read_in_percent(window, qtbot):
    window.actions["analysis:discover"].trigger()
    dialog = window.findChild(QDialog, "discover")
    dialog.resize(1180, 860)
    samples = dialog.findChild(QSpinBox, "discover:samples")
    samples.setFocus()
    samples.selectAll()
    qtbot.keyClicks(samples, "1000")
    qtbot.keyClick(samples, Qt.Key.Key_Return)
    qtbot.mouseClick(dialog.findChild(QPushButton, "discover:run"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.found is not None, timeout=60_000)
    settle(window)
    plot = dialog.chart.getPlotItem()
    for side in ("left", "bottom"):
        axis = plot.getAxis(side)
        assert "x0.0" not in axis.labelString() and "(x" not in axis.labelString()
        low, high = plot.vb.viewRange()[0 if side == "bottom" else 1]
        ticks = axis.tickStrings(np.linspace(low, high, 4), 1.0, (high - low) / 3)
        assert all(text.endswith("%") for text in ticks), ticks
        assert all(0 <= float(text[:-1]) <= 105 for text in ticks), ticks
    qtbot.waitUntil(lambda: dialog.findChild(QPushButton, "discover:run").isEnabled(),
                    timeout=5000)
    dialog.close()


# ---- 11. smaller ones ---------------------------------------------------------------------------

@pytest.mark.parametrize("key", [(Qt.Key.Key_Escape, Qt.KeyboardModifier.NoModifier),
                                 (Qt.Key.Key_W, CTRL)], ids=["Esc", "Ctrl+W"])
@pytest.mark.slow
def test_esc_and_ctrl_w_close_compare_model_map_and_assumptions(window, qtbot, key):
    window.analysis.choose_compare_scenarios = lambda: [
        ("Baseline", load_bundled("baseline")), ("Power crunch", load_bundled("us_power_crunch"))]
    for action_id, name in (("analysis:compare", "compare"), ("help:model_map", "model_map"),
                            ("help:assumptions", "assumptions")):
        window.actions[action_id].trigger()
        other = window.findChild(QWidget, name)
        activate(qtbot, other)
        qtbot.keyClick(QApplication.focusWidget() or other, *key)
        qtbot.waitUntil(lambda o=other: not o.isVisible(), timeout=3000)


# ---- 10. colour meaning: blue and red only for the US and China -------------------------------

def test_no_country_colour_where_no_country_is_meant_and_the_card_rule_is_stated(window):
    window.actions["analysis:sensitivity"].trigger()
    dialog = window.findChild(QDialog, "sensitivity")
    assert dialog.bars
    for bars in (dialog.low_bars, dialog.high_bars):
        assert QColor(bars.opts["brush"]).saturation() < 40  # a grey: no blue, no red
    assert "(blue)" not in dialog.note.text() and "grey" in dialog.note.text()
    dialog.close()
    card = window.kpi_strip.cards["cn_usage_share_2030"]
    assert "red when the figure rises (worse from the US policy view)" in card.toolTip()
    neutral = window.kpi_strip.cards["open_weight_share_2030"]
    assert "no side is taken" in neutral.toolTip()
    assert "green better, red worse from the US policy view" in window.legend.text()


@pytest.mark.parametrize(("action_id", "suffix", "what"), [
    ("file:export_csv", ".csv", "Data"), ("file:export_figure", ".png", "Figure"),
    ("file:briefing_html", ".html", "Briefing")])
@pytest.mark.slow
def test_an_export_says_where_the_file_went(window, tmp_path, action_id, suffix, what):
    target = tmp_path / f"out{suffix}"
    window.choose_export_path = lambda *args: str(target)
    window.actions[action_id].trigger()
    assert target.is_file()
    assert window.statusBar().currentMessage() == f"{what} saved to {target.resolve()}"


# ---- 5. plain words: every card defines its figure ----------------------------------------------

def test_every_card_defines_its_figure_in_plain_words(window):
    for kpi_id, card in window.kpi_strip.cards.items():
        tip = card.toolTip()
        assert card.kpi.definition and card.kpi.definition in tip, kpi_id
    assert "can afford near-frontier AI" in window.kpi_strip.cards["access_index_2030"].toolTip()
    assert "H100-equivalents" in window.kpi_strip.cards["us_stranded_2028"].toolTip()


def test_the_first_source_is_described_not_called_the_seed_article(window):
    tip = window.levers_panel.rows["us_dc_committed_additions_gw_per_year"].slider.toolTip()
    assert "[S0] News analysis of the US-China AI race, late 2025" in tip
    assert "article" not in tip.lower() and "seed" not in tip.lower()


def test_an_on_off_lever_is_a_check_box_one_undo_step_per_flip(window, qtbot):
    row = window.levers_panel.rows["us_control_reaction"]
    assert not row.slider.isVisible() and not row.spin.isVisible()
    switch = row.check
    assert switch.isVisible() and not switch.isChecked()  # off by default
    assert "A switch, off by default." in switch.toolTip() and "on/off" not in switch.text()
    switch.setFocus()
    press(qtbot, window, Qt.Key.Key_Space)
    assert window.session.scenario.levers == {"us_control_reaction": 1.0}
    assert switch.isChecked()
    press(qtbot, window, Qt.Key.Key_Z, CTRL)
    assert window.session.scenario.levers == {} and not switch.isChecked()


def test_levers_speak_plainly(window):
    for lever_id, row in window.levers_panel.rows.items():
        label = row.label.text()
        assert "coefficient" not in label and lever_id not in label, label
        assert row.lever.explanation in row.inputs()[0].toolTip()
    assert window.levers_panel.rows["bass_q"].label.text() == "Adoption: uptake by word of mouth"


def test_the_shortcuts_dialog_shows_every_row_without_scrolling(window, qtbot):
    press(qtbot, window, Qt.Key.Key_F1)
    dialog = window.help_dialogs["shortcuts"]
    qtbot.waitExposed(dialog)
    table = dialog.table
    assert table.verticalScrollBar().maximum() == 0
    last = table.rowCount() - 1
    assert table.visualItemRect(table.item(last, 1)).bottom() <= table.viewport().height()
    assert any("Esc" in keys and "Compare" in does for keys, does in dialog.rows())
    dialog.close()


def test_the_no_display_message_names_the_command_as_it_was_started(monkeypatch, capsys,
                                                                   tmp_path):
    from desktop import entry

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no airace on the PATH: installed in a venv
    monkeypatch.setattr(sys, "argv", [".venv/bin/airace"])
    assert entry.main([]) == entry.EXIT_NO_DISPLAY
    message = capsys.readouterr().err
    assert "    .venv/bin/airace screenshot OUT.png [SCENARIO]" in message
    assert "QT_QPA_PLATFORM=offscreen .venv/bin/airace [SCENARIO.json]" in message


@pytest.mark.slow
def test_airace_screenshot_ignores_the_users_view_and_names_its_scenario(
        airace_user_folders, monkeypatch, tmp_path, qtbot):
    from desktop import entry
    from desktop.state import settings
    from desktop.widgets import export
    from desktop.widgets.plots import DEFAULT_PLOTS

    settings.update_settings(theme="dark", plots=["us_dc_twh"], published_figures=True)
    before = settings.settings_path().read_bytes()
    seen = {}

    def grab(window, path):
        seen.update(theme=window.theme.name, plots=window.plot_grid.output_ids(),
                    anchors=window.actions["view:anchors"].isChecked(),
                    caption=window.top_bar.text() if window.top_bar else "")
        return real(window, path)
    real = export.export_png
    monkeypatch.setattr(export, "export_png", grab)
    out = tmp_path / "shot.png"
    assert entry.main(["screenshot", str(out), "us_power_crunch"]) == 0
    assert out.stat().st_size > 10_000
    assert seen["theme"] == "light" and seen["plots"] == list(DEFAULT_PLOTS)
    assert not seen["anchors"]
    assert load_bundled("us_power_crunch").name in seen["caption"]
    assert settings.settings_path().read_bytes() == before  # the user's choices untouched


# ---- 6. precision on screen: three significant figures, a change never rounded away ----------

def test_cards_read_three_significant_figures_and_a_small_change_shows(window, qtbot):
    texts = {kpi_id: card.value_text for kpi_id, card in window.kpi_strip.cards.items()}
    # China's legal imports 2026-2028 (664 k H100e since the volume cap is per product)
    assert texts["cn_legal_imports_2026_2028"].endswith((" k H100e", " M H100e"))
    assert len(texts["cn_legal_imports_2026_2028"].split(" ")[0].replace(".", "")) == 3
    assert texts["capability_gap_2030"].count(".") == 1 and \
        len(texts["capability_gap_2030"].split(" ")[0].replace(".", "")) == 3
    card = window.kpi_strip.cards["access_index_2030"]
    set_lever(window, "bass_q", 0.46)  # a small move: its effect must still show
    change = card.delta_text
    assert change != "= baseline" and change != "0 pts" and any(c in "123456789"
                                                                 for c in change), change


def test_log_axis_ticks_past_a_trillion_read_as_powers_of_ten(window):
    plot = find_plot(window, "us_effective_compute")
    axis = plot.getPlotItem().getAxis("left")
    ticks = axis.logTickStrings([12.0, 15.0, 16.0], 1.0, 1.0)
    assert ticks == ["1T", "10¹⁵", "10¹⁶"]


def test_every_plot_defines_what_it_shows_in_its_tooltip(read_window):
    """Item 5: a plot's tooltip gives each series' plain label, unit and one-line
    definition (declared beside its equation), never a bare id."""
    from core.catalogue.outputs import OUTPUTS, paired_series
    from core.model.structure import declared

    plots = read_window.plot_grid.plots
    assert plots
    for output_id, plot in plots.items():
        tip = plot.toolTip()
        for series_id in paired_series(output_id):
            assert OUTPUTS[series_id].label in tip, series_id
            assert declared(series_id).definition in tip, series_id
            assert series_id not in tip  # ids only where users type them


# ---- 11. the events pane fits its rows; the plots fill their grid ---------------------------

def rows_cut(panel) -> list[str]:
    """The events list's rows not wholly inside its viewport (what a user cannot read)."""
    listed = panel.list
    viewport = listed.viewport().rect()
    return [listed.item(row).text() for row in range(listed.count())
            if not viewport.contains(listed.visualItemRect(listed.item(row)))]


def empty_plot_cells(grid) -> list[int]:
    """Rows of the plot grid that end short of the grid's right edge by a plot's width or
    more (empty cells beside their last plot), as the user sees the plots laid out."""
    edge = grid.contentsRect().right()
    rows: dict[int, list] = {}
    for plot in grid.plots.values():
        rows.setdefault(plot.geometry().top(), []).append(plot.geometry())
    assert len(rows) > 1
    return [top for top, cells in rows.items()
            if edge - max(cell.right() for cell in cells) >= min(c.width() for c in cells) / 2]


def test_the_events_pane_shows_every_row_whole_and_no_plot_cell_is_empty(make_window, qtbot):
    """Item 11: four events and China's reaction, then the US reaction switched on (a sixth
    row): every row is whole in the events pane, and the ten plots leave no empty cell."""
    window = make_window("blackwell_exports")
    window.show()
    window.resize(1600, 1000)
    settle(window)
    panel = window.events_panel
    assert len(window.session.scenario.events) == 4 and len(panel.reaction_texts()) == 1
    assert rows_cut(panel) == []
    switch = window.levers_panel.rows["us_control_reaction"].check
    switch.setFocus()
    press(qtbot, window, Qt.Key.Key_Space)  # the US reaction on: it fires, a sixth row
    settle(window)
    reactions = len(panel.reaction_texts())  # China's, and the US's spells (one or more)
    assert reactions >= 2 and panel.list.count() == 4 + reactions
    assert rows_cut(panel) == []
    assert len(window.plot_grid.plots) == 10 and empty_plot_cells(window.plot_grid) == []
    press(qtbot, window, Qt.Key.Key_Z, CTRL)  # back to five rows: the pane shrinks with them
    assert panel.list.count() == 5 and rows_cut(panel) == []
    assert panel.list.viewport().height() < 5 * panel.list.sizeHintForRow(0) + 40


# ---- 11. no empty space where results will go: a line says how to get them ---------------------

@pytest.mark.slow
def test_what_matters_says_how_to_rank_until_the_sobol_run_fills_its_table(
        window, qtbot, monkeypatch):
    """Opened from the menu, the rankings' half shows one line naming the button and the
    figure, not an empty table; the run replaces it with the table; another figure brings
    the line back."""
    from qt_helpers import open_from_menu

    import desktop.windows.sensitivity_window as view

    monkeypatch.setattr(view, "SOBOL_SAMPLE_CHOICES", (64, *view.SOBOL_SAMPLE_CHOICES))
    dialog = open_from_menu(window, "analysis:sensitivity", "sensitivity")
    prompt = dialog.findChild(QLabel, "sensitivity:sobol_table:prompt")
    table = dialog.findChild(QWidget, "sensitivity:sobol_table")
    figure = dialog.kpi_combo.currentText()
    assert prompt.isVisible() and not table.isVisible()
    assert prompt.text() == f"Press Global ranking (Sobol) to see which assumptions drive “{figure}”."
    tornado, rankings = dialog.splitter.sizes()
    assert rankings < 110 < tornado  # a line's room: the tornado has the rest
    button = dialog.findChild(QPushButton, "sensitivity:sobol")
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: button.isEnabled() and table.rowCount() > 0, timeout=60_000)
    assert table.isVisible() and not prompt.isVisible()
    assert dialog.splitter.sizes()[1] > 250  # the table has its room
    dialog.kpi_combo.setFocus()
    qtbot.keyClick(dialog.kpi_combo, Qt.Key.Key_Down)  # another figure: the ranking is gone
    assert prompt.isVisible() and not table.isVisible()
    assert dialog.kpi_combo.currentText() in prompt.text() and figure not in prompt.text()


def test_the_waterfall_says_what_it_is_working_out_instead_of_an_empty_table(window, qtbot):
    """Analysis > Why did this move: until the first answer lands, a line in place of the
    table, and the chart has the window; then the table, as tall as its rows."""
    window.actions["analysis:explain"].trigger()
    view = window.findChild(QDialog, "explain")
    prompt = view.findChild(QLabel, "explain:table:prompt")
    assert view.isVisible() and prompt.isVisible() and not view.table.isVisible()
    assert prompt.text().startswith("Working out which levers and events moved “")
    assert view.splitter.sizes()[1] <= prompt.height() + 10 < 60
    qtbot.waitUntil(lambda: view.explained is not None, timeout=10_000)
    settle(window)
    assert view.table.isVisible() and not prompt.isVisible() and view.table.rowCount() >= 2


# ---- 5. the model map reads in plain labels; ids only where a user types them ---------------

def test_the_model_map_shows_plain_labels_and_its_tooltips_define_them(window, qtbot):
    """Help > Model map: every node reads its plain label, the chosen node's panel (name,
    reads, read by, a loop's path) names no id, and a node's tooltip gives its definition,
    unit and source; typing an id in Find still finds the node."""
    import re

    from core.catalogue.levers import LEVERS
    from core.catalogue.sources import describe
    from core.engine.trace import node

    window.actions["help:model_map"].trigger()
    map_window = window.findChild(QWidget, "model_map")
    assert map_window.isVisible()
    ids = set(map_window.scene.nodes) | set(LEVERS)
    id_pattern = re.compile(r"\b(" + "|".join(sorted(map(re.escape, ids), key=len,
                                                     reverse=True)) + r")\b")
    for name, item in map_window.scene.nodes.items():
        drawn = " ".join(item.lines)
        assert drawn == node(name).label and not id_pattern.search(drawn), (name, drawn)
    item = map_window.scene.nodes["us_backlog_ratio"]
    tip = item.toolTip()
    variable = node("us_backlog_ratio")
    assert variable.label in tip and variable.definition in tip and "Unit:" in tip
    assert describe(variable.source) in tip
    assert not id_pattern.search(tip)
    map_window.view.centerOn(item)
    point = map_window.view.mapFromScene(item.sceneBoundingRect().center())
    qtbot.mouseClick(map_window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert map_window.selected == "us_backlog_ratio"
    name = map_window.findChild(QLabel, "model_map:name").text()
    links = map_window.links_text.toPlainText()
    # the backlog is chips bought and not yet powered, measured in months of deliveries:
    # what it reads, each by its plain label
    assert variable.label in name and "US chips waiting for power" in links
    assert not id_pattern.search(name) and not id_pattern.search(links), (name, links)
    loops = map_window.loop_list
    loops.setFocus()
    qtbot.keyClick(loops, Qt.Key.Key_Home)  # the first loop: its path in plain labels
    path = map_window.links_text.toPlainText()
    assert " → " in path and not id_pattern.search(path), path
    box = map_window.findChild(QLineEdit, "model_map:find")
    box.setFocus()
    qtbot.keyClicks(box, "us_headroom_gw")  # an id, typed: found
    qtbot.keyClick(box, Qt.Key.Key_Return)
    assert map_window.selected == "us_headroom_gw"
    map_window.close()


def caption_texts_cut(caption) -> list[str]:
    """The caption's labels that are shorter than their wrapped text needs, or that overlap
    another label (the key hint over the step title was one at 1280x720)."""
    labels = [caption.title, caption.note, caption.changes, caption.hint]
    cut = [label.objectName() for label in labels
           if label.text() and (label.heightForWidth(label.width()) > label.height()
                                if label.wordWrap() else
                                label.sizeHint().width() > label.width())]
    for index, label in enumerate(labels):
        cut += [f"{label.objectName()} over {other.objectName()}" for other in labels[index + 1:]
                if label.geometry().intersects(other.geometry())
                and label.parentWidget() is other.parentWidget()]
    return cut


# ---- 6. presenter mode: every card's text whole, on a projector and a small screen ---------

@pytest.mark.slow
@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_presenter_cards_show_every_text_whole(make_window, qtbot, tmp_path, size):
    """F5 at a projector's 1920x1080 and a laptop's 1280x720, the story's second step, then
    Esc and F5 again (the cards re-fit from the window's usual width): no card's title,
    figure or change is cut or shortened ("24.0 GW short +4.84 …" was)."""
    from test_levers_and_plots import texts_cut_on_cards

    window = make_window("us_power_crunch")
    window.show()
    window.resize(1600, 1000)
    settle(window)
    for _ in range(2):
        press(qtbot, window, Qt.Key.Key_F5)
        assert window.presenter.active
        window.showNormal()  # the offscreen screen is smaller than a projector's
        window.resize(*size)
        press(qtbot, window, Qt.Key.Key_PageDown)
        settle(window)
        assert window.size().toTuple() == size
        window.grab().save(str(tmp_path / f"presenter_{size[0]}x{size[1]}.png"))
        assert texts_cut_on_cards(window) == []
        assert caption_texts_cut(window.presenter.caption) == []
        press(qtbot, window, Qt.Key.Key_Escape)
        window.resize(1600, 1000)
        settle(window)


# ---- Goal seek names the run's months and the month asked --------------------------------

@pytest.mark.slow
def test_goal_seek_after_the_run_names_the_month_asked_and_the_runs_months(
        window, qtbot, tmp_path):
    """Goal seek open at 2034-12, then File > Open of a scenario that runs to 2030-12: Find
    says the month asked is after this run and gives the run's months."""
    from PySide6.QtWidgets import QDateEdit

    from core.formats.scenario import save_scenario

    window.actions["analysis:goalseek"].trigger()
    dialog = window.findChild(QDialog, "goalseek")
    month = dialog.findChild(QDateEdit, "goalseek:month")
    assert dialog.month == "2028-12"  # the default goal's month
    month.setFocus()
    month.setCurrentSection(QDateEdit.Section.YearSection)
    for _ in range(6):
        qtbot.keyClick(month, Qt.Key.Key_Up)  # the year up, as a user steps it: 2034
    assert dialog.month == "2034-12"
    short = tmp_path / "to_2030.json"
    save_scenario(load_bundled("baseline").model_copy(update={"end": "2030-12",
                                                               "name": "To 2030"}), short)
    window.choose_open_path = lambda: str(short)
    window.actions["file:open"].trigger()
    settle(window)
    assert window.session.scenario.end == "2030-12" and dialog.month == "2034-12"
    qtbot.mouseClick(dialog.findChild(QPushButton, "goalseek:find"), Qt.MouseButton.LeftButton)
    assert dialog.findChild(QLabel, "goalseek:message").text() == (
        "2034-12 is after this scenario's run (2025-01 to 2030-12)")
    dialog.close()


def rows_gap(panel) -> int:
    """Pixels of the events list's viewport below its last row (an empty band)."""
    listed = panel.list
    last = listed.visualItemRect(listed.item(listed.count() - 1))
    return listed.viewport().rect().bottom() - last.bottom()


@pytest.mark.parametrize("name", ["baseline", "safe_chips_act", "blackwell_exports",
                                  "us_power_crunch", "federal_preemption"])
def test_a_short_events_list_leaves_no_empty_band_under_its_rows(make_window, name):
    """Four or five rows in the events pane (events and reactions): every row whole, and no
    empty band under the last row taller than half a row (14 px showed under each of these:
    the dock was taller than the list's rows)."""
    window = make_window(name)
    window.show()
    window.resize(1600, 1000)
    settle(window)
    panel = window.events_panel
    assert rows_cut(panel) == []
    assert rows_gap(panel) < panel.list.sizeHintForRow(0) / 2
