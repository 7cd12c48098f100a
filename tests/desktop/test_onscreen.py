"""What the new model needs on screen: published figures on the plots, reaction spells in
the events list, and a notice when a file saved under an older model version opens."""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from qt_helpers import plot, settle

from core.formats.scenario import load_bundled
from desktop.state import settings
from desktop.widgets.events_panel import REACTION_COLOUR, REACTION_COLOUR_ON_DARK
from desktop.widgets.plots import AnchorItem

DATA = Path(__file__).resolve().parents[1] / "data"
SHOTS = os.environ.get("AIRACE_TEST_SHOTS")  # a folder: save what the tests look at


def _shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, name))


def _anchor_items(window, output_id: str) -> list[AnchorItem]:
    items = plot(window, output_id).getPlotItem().items
    return [item for item in items if isinstance(item, AnchorItem)]


def test_published_figures_toggle_on_and_off_through_the_view_menu(read_window):
    settle(read_window)
    action = read_window.actions["view:anchors"]
    assert action.isCheckable() and not action.isChecked()
    assert not _anchor_items(read_window, "us_dc_capacity_gw")
    action.trigger()
    assert action.isChecked()
    drawn = _anchor_items(read_window, "us_dc_capacity_gw")
    assert {item.anchor.quantity for item in drawn} == {
        "US data-centre capacity at the start of 2025 (GW)",
        "US data-centre capacity in 2028 (GW)"}
    tip = drawn[0].toolTip()
    assert "US data-centre capacity" in tip and "Source: [" in tip and "Published figure" in tip
    assert settings.load_settings().published_figures
    assert "published figure" in read_window.legend.text()
    _shot(read_window, "anchors_on.png")
    action.trigger()
    assert not action.isChecked()
    assert not _anchor_items(read_window, "us_dc_capacity_gw")
    assert not settings.load_settings().published_figures
    assert "published figure" not in read_window.legend.text()


@pytest.mark.slow
def test_published_figures_are_remembered_for_the_next_window(make_window):
    settings.update_settings(published_figures=True)
    window = make_window()
    assert window.actions["view:anchors"].isChecked()
    assert _anchor_items(window, "us_dc_capacity_gw")


@pytest.mark.slow
def test_published_figures_follow_the_plots_window(window):
    window.actions["view:anchors"].trigger()
    window.set_plot_outputs(["us_dc_twh"])
    settle(window)
    assert not any(item.anchor.kind == "history" and item.anchor.date.startswith("2023")
                   for item in _anchor_items(window, "us_dc_twh"))
    window.session.change_scenario(window.session.scenario.model_copy(
        update={"start": "2022-01"}), "Start in 2022")
    settle(window)
    drawn = _anchor_items(window, "us_dc_twh")
    assert any(item.anchor.kind == "history" and item.anchor.date.startswith("2023")
               for item in drawn)
    assert all(item.anchor.scenario == "backcast" for item in drawn)  # the run shown


@pytest.mark.slow
def test_a_us_reaction_spell_appears_in_the_events_list_and_goes_again(window):
    panel = window.events_panel
    settle(window)
    assert not any("US controls tighten" in text for text in panel.reaction_texts())
    events_before = len(window.session.scenario.events)
    window.session.set_lever("us_control_reaction", 1)
    window.session.set_lever("us_reaction_target_lead_months", 36)
    settle(window)
    spells = [text for text in panel.reaction_texts() if "US controls tighten" in text]
    assert spells and spells[0].startswith("⟳ Reaction, 20")
    row = next(r for r in range(panel.list.count()) if panel.list.item(r).text() == spells[0])
    item = panel.list.item(row)
    assert not item.flags() & Qt.ItemFlag.ItemIsSelectable
    assert not item.flags() & Qt.ItemFlag.ItemIsEditable
    panel.list.setCurrentRow(row)  # even made current, it cannot be edited or removed
    assert not panel.edit_button.isEnabled() and not panel.remove_button.isEnabled()
    panel.remove_selected()
    panel.edit_selected()  # would fail on the unexpected ask_event dialog
    assert len(window.session.scenario.events) == events_before
    _shot(window.events_dock, "reactions_on.png")
    window.session.set_lever("us_control_reaction", 0)
    settle(window)
    assert not any("US controls tighten" in text for text in panel.reaction_texts())


@pytest.mark.slow
def test_opening_a_version_1_file_shows_a_non_modal_notice_with_details(window, tmp_path):
    path = tmp_path / "old.json"
    shutil.copy(DATA / "scenario_v1.json", path)
    bar = window.notice_bar
    assert not bar.isVisible()
    window.choose_open_path = lambda: str(path)  # the fixtures' policy: answer the dialog
    window.open_action.trigger()
    settle(window)
    assert window.session.path == path.resolve()
    assert bar.isVisible()
    assert "older model version" in bar.message.text() and "figures" in bar.message.text()
    assert "older model version" in window.statusBar().currentMessage()
    assert not bar.details.isVisible()
    bar.details_button.click()
    assert bar.details.isVisible()
    for note in window.session.scenario.migration_notes:
        assert html.escape(note, quote=False) in bar.details.text()
    _shot(window, "model_notice.png")
    window.session.set_lever("bass_q", 0.5)  # not modal: the window goes on working
    assert window.session.dirty
    window.ask_save_changes = lambda: "discard"
    current = tmp_path / "current.json"
    current.write_text(load_bundled("safe_chips_act").to_json(), encoding="utf-8")
    window.choose_open_path = lambda: str(current)
    window.open_action.trigger()
    assert not bar.isVisible()  # a file of this model version: no notice


@pytest.mark.slow
def test_opening_a_model_version_2_file_says_its_figures_changed_with_the_model(window,
                                                                                tmp_path):
    """File > Open of a file saved under model version 2: the notice says it opened in
    version 3 and Details gives the reason, from the migration's note."""
    path = tmp_path / "saved_in_v2.json"
    shutil.copy(DATA / "model_v2.json", path)
    bar = window.notice_bar
    window.choose_open_path = lambda: str(path)  # the fixtures' policy: answer the dialog
    window.open_action.trigger()
    settle(window)
    assert window.session.path == path.resolve()
    assert window.session.scenario.model_version == 3
    assert bar.isVisible()
    assert "It opened in model version 3" in bar.message.text()
    assert "older model version" in window.statusBar().currentMessage()
    bar.details_button.click()
    assert "saved under model version 2; figures differ" in bar.details.text()


@pytest.mark.slow
def test_the_notice_can_be_dismissed(window):
    assert window.open_path(DATA / "scenario_v1.json", ask=False)
    assert window.notice_bar.isVisible()
    window.notice_bar.close_button.click()
    assert not window.notice_bar.isVisible()


@pytest.mark.slow
def test_reaction_entries_stay_readable_in_the_dark_theme(read_window):
    settle(read_window)  # the baseline: China substitutes
    panel = read_window.events_panel
    rows = [panel.list.item(r) for r in range(panel.list.count())
            if panel.list.item(r).data(Qt.ItemDataRole.UserRole) == "reaction"]
    assert rows and rows[0].foreground().color().name() == REACTION_COLOUR
    read_window.actions["theme:dark"].trigger()
    assert rows[0].foreground().color().name() == REACTION_COLOUR_ON_DARK
    read_window.actions["theme:light"].trigger()
    assert rows[0].foreground().color().name() == REACTION_COLOUR
