"""Presenter mode: F5 in, Esc out, stepping through the story with keys, playing time."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QSlider
from qt_helpers import activate, find, settle

from core.formats.scenario import load_bundled, load_scenario
from core.formats.story import Story, StoryStep, bundled_story, load_story
from desktop.commands.presenter import DEFAULT_PRESENTER_LEVERS, presenter_levers
from desktop.state import settings
from desktop.widgets.plots import HEADLINE_PLOTS


def activate_action(window, action_id: str) -> None:
    """Trigger a menu item as a click on it does (found by its objectName)."""
    find(window, QAction, action_id).trigger()
    settle(window)


def press(window, key) -> None:
    QTest.keyClick(window, key)
    settle(window)


@pytest.fixture
def presenting(window):
    press(window, Qt.Key.Key_F5)
    assert window.presenter.active
    return window


@pytest.mark.slow
def test_f5_enters_full_screen_with_the_story_and_esc_restores_the_layout(window):
    plots_before = window.plot_grid.output_ids()
    assert window.events_dock.isVisible() and window.menuBar().isVisible()
    press(window, Qt.Key.Key_F5)
    presenter = window.presenter
    assert presenter.active and window.isFullScreen()
    assert window.session.scenario == bundled_story().load_step(0)
    assert presenter.caption.isVisible()
    assert "1/8" in presenter.caption.title.text()
    assert "Where we stand" in presenter.caption.title.text()
    assert "51 GW" in presenter.caption.note.text()
    assert not window.events_dock.isVisible() and not window.menuBar().isVisible()
    assert window.plot_grid.output_ids() == list(HEADLINE_PLOTS)
    for plot in window.plot_grid.plots.values():
        assert plot.curves[0].pen().width() >= 3
        assert plot.fixed_y_range is not None
        assert plot.getPlotItem().viewRange()[1] == pytest.approx(plot.fixed_y_range)
    card = window.kpi_strip.cards["us_power_gap_2028"]
    assert card.figure.value_font.pointSize() >= 20
    shown = [i for i, row in window.levers_panel.rows.items() if row.slider.isVisibleTo(window)]
    assert sorted(shown) == sorted(DEFAULT_PRESENTER_LEVERS)

    press(window, Qt.Key.Key_Escape)
    assert not presenter.active and not window.isFullScreen()
    assert presenter.caption is None
    assert window.events_dock.isVisible() and window.menuBar().isVisible()
    assert window.plot_grid.output_ids() == plots_before
    assert all(p.fixed_y_range is None for p in window.plot_grid.plots.values())
    assert card.figure.value_font.pointSize() == 13
    assert all(widget.isVisibleTo(window) for row in window.levers_panel.rows.values()
               for widget in row.inputs())  # sliders, and check boxes for switches


@pytest.mark.slow
def test_page_keys_and_digits_change_the_scenario_through_the_session(presenting):
    window = presenting
    story = bundled_story()
    press(window, Qt.Key.Key_PageDown)
    assert window.session.scenario.name == story.load_step(1).name
    assert "2/8" in window.presenter.caption.title.text()
    press(window, Qt.Key.Key_3)
    assert window.session.scenario.name == story.load_step(2).name
    assert window.presenter.step == 2
    press(window, Qt.Key.Key_PageUp)
    assert window.session.scenario.name == story.load_step(1).name
    press(window, Qt.Key.Key_PageUp)
    press(window, Qt.Key.Key_PageUp)  # already at the first step: stays
    assert window.presenter.step == 0


@pytest.mark.slow
def test_axes_stay_fixed_across_steps(presenting):
    window = presenting
    ranges = {i: p.getPlotItem().viewRange()[1] for i, p in window.plot_grid.plots.items()}
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_5, Qt.Key.Key_8):
        press(window, key)
        for output_id, plot in window.plot_grid.plots.items():
            assert plot.getPlotItem().viewRange()[1] == pytest.approx(ranges[output_id])


@pytest.mark.slow
def test_b_toggles_the_baseline_ghosts(presenting):
    window = presenting
    ghosts = [g for p in window.plot_grid.plots.values() for g in p.ghosts]
    assert all(g.isVisible() for g in ghosts)
    press(window, Qt.Key.Key_B)
    assert not any(g.isVisible() for g in ghosts)
    press(window, Qt.Key.Key_B)
    assert all(g.isVisible() for g in ghosts)


@pytest.mark.slow
def test_space_plays_time_and_cards_read_the_cursor_month(presenting):
    window = presenting
    presenter = window.presenter
    press(window, Qt.Key.Key_2)  # the power crunch: the gap grows over the years
    card = window.kpi_strip.cards["us_power_gap_2028"]
    normal = card.value_text
    press(window, Qt.Key.Key_Space)
    assert presenter.playing and presenter.cursor_index == 0
    assert presenter.play_interval_ms > 0 and presenter.timer.isActive()
    # the test steps the cursor itself: a loaded machine's ticks would move it too, so the
    # timer keeps running (still playing) but will not tick within the test
    presenter.timer.start(2**31 - 1)
    first_value = card.value_text
    gap_plot = window.plot_grid.plots["us_power_gap_gw"]
    first_x = gap_plot.cursor.value()
    for _ in range(40):
        presenter.advance_cursor()
    assert presenter.cursor_index == 40
    month = window.session.results.months[40]
    assert gap_plot.cursor.value() > first_x
    assert month in card.title_label.text() and month in presenter.caption.title.text()
    assert card.value_text != first_value
    press(window, Qt.Key.Key_Space)
    assert not presenter.playing and presenter.cursor_index is None
    assert card.value_text == normal
    assert all(p.cursor is None for p in window.plot_grid.plots.values())
    assert card.title_label.text() == card.kpi.label


@pytest.mark.slow
def test_playing_to_the_end_stops(presenting):
    presenter = presenting.presenter
    presenter.play()
    for _ in range(len(presenting.session.results.months) + 2):
        presenter.advance_cursor()
    assert not presenter.playing and presenter.cursor_index is None


@pytest.mark.slow
def test_r_returns_to_the_step_after_live_changes_as_one_undo_step(presenting):
    window = presenting
    press(window, Qt.Key.Key_3)
    step_scenario = window.session.scenario
    window.session.set_lever("export_licensing", 0.3)
    window.session.end_lever_change()
    assert window.session.scenario != step_scenario
    press(window, Qt.Key.Key_R)
    assert window.session.scenario == step_scenario
    window.session.undo()
    assert window.session.lever_value("export_licensing") == pytest.approx(0.3)


@pytest.mark.slow
def test_presenter_levers_are_chosen_through_the_window_and_remembered(window):
    assert presenter_levers() == list(DEFAULT_PRESENTER_LEVERS)
    asked = []
    window.presenter.ask_presenter_levers = lambda current: asked.append(current) or ["bass_q"]
    activate_action(window, "view:presenter_levers")
    assert asked == [list(DEFAULT_PRESENTER_LEVERS)]
    assert settings.load_settings().presenter_levers == ["bass_q"]
    press(window, Qt.Key.Key_F5)
    shown = [i for i, row in window.levers_panel.rows.items() if row.slider.isVisibleTo(window)]
    assert shown == ["bass_q"]


@pytest.mark.slow
def test_story_save_and_open_round_trip_through_the_menu(window, tmp_path):
    scenario_file = tmp_path / "scenarios" / "mine.json"
    scenario_file.parent.mkdir()
    scenario_file.write_text(load_bundled("tpu_expansion").model_copy(
        update={"name": "My TPU case"}).to_json(), encoding="utf-8")
    story = Story(title="Two steps", steps=[
        StoryStep(scenario="bundled:baseline", title="Start", note="Where we are."),
        StoryStep(scenario="scenarios/mine.json", title="Mine", note="A file step.")])
    first = tmp_path / "first.story.json"
    first.write_text(story.model_dump_json(), encoding="utf-8")
    window.presenter.choose_story_open_path = lambda: str(first)
    activate_action(window, "file:open_story")
    assert window.presenter.story == story

    other = tmp_path / "elsewhere" / "copy.story.json"
    other.parent.mkdir()
    window.presenter.choose_story_save_path = lambda: str(other)
    activate_action(window, "file:save_story")
    saved = load_story(other)
    assert saved.title == "Two steps" and saved.steps[1].scenario == "../scenarios/mine.json"
    assert saved.load_step(1, other).name == "My TPU case"
    assert json.loads(other.read_text())["steps"][0]["note"] == "Where we are."

    press(window, Qt.Key.Key_F5)
    press(window, Qt.Key.Key_PageDown)
    assert window.session.scenario.name == "My TPU case"
    assert "Mine" in window.presenter.caption.title.text()


def test_a_broken_story_is_refused_and_the_story_kept(window, tmp_path):
    broken = tmp_path / "broken.story.json"
    broken.write_text('{"title": "x", "steps": []}', encoding="utf-8")
    errors = []
    window.show_error = errors.append
    window.presenter.choose_story_open_path = lambda: str(broken)
    activate_action(window, "file:open_story")
    assert len(errors) == 1 and "broken.story.json" in errors[0]
    assert window.presenter.story == bundled_story()


@pytest.mark.slow
def test_presenter_screenshot_renders(presenting, tmp_path):
    from desktop.widgets.export import export_png

    press(presenting, Qt.Key.Key_3)
    path = tmp_path / "presenter.png"
    export_png(presenting, path)
    assert path.stat().st_size > 10_000


@pytest.mark.slow
def test_f5_and_esc_keep_the_users_unsaved_work_without_asking(window, qtbot, tmp_path):
    plan = tmp_path / "plan.json"
    plan.write_text(load_bundled("us_power_crunch").to_json())
    window.choose_open_path = lambda: str(plan)
    window.open_action.trigger()
    activate(qtbot, window)
    slider = find(window, QSlider, "lever:bass_p")
    slider.setFocus()
    qtbot.keyClick(slider, Qt.Key.Key_PageUp)
    settle(window)
    changed = window.session.lever_value("bass_p")
    assert changed != load_bundled("us_power_crunch").lever_values()["bass_p"]
    assert window.session.dirty
    window.session.autosave_now()
    [record] = settings.autosave_folder().glob("*.json")
    autosaved = record.read_text()

    press(window, Qt.Key.Key_F5)  # no save/discard question (the fixture fails on one)
    assert window.presenter.active
    press(window, Qt.Key.Key_PageDown)
    press(window, Qt.Key.Key_PageDown)
    assert window.session.scenario.name == bundled_story().load_step(2).name
    window.session.autosave_now()
    assert record.read_text() == autosaved  # story steps are not the user's work
    press(window, Qt.Key.Key_Escape)

    assert not window.presenter.active
    assert window.session.lever_value("bass_p") == changed
    assert find(window, QSlider, "lever:bass_p").value() == slider.value()
    assert window.session.dirty and window.session.path == plan.resolve()
    assert window.windowTitle().startswith("US power crunch — plan.json* —")
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(window)
    assert window.session.scenario == load_scenario(plan) and not window.session.dirty


@pytest.mark.slow
def test_closing_in_presenter_mode_asks_about_the_users_work(window):
    window.session.set_lever("bass_p", 0.2)
    press(window, Qt.Key.Key_F5)
    asked = []
    window.ask_save_changes = lambda: asked.append(window.session.scenario.levers) or "cancel"
    assert not window.close()
    assert asked == [{"bass_p": 0.2}] and not window.presenter.active


@pytest.mark.slow
def test_a_story_opened_by_a_relative_path_still_finds_its_steps_after_a_folder_change(
        window, tmp_path, monkeypatch):
    (tmp_path / "mine.json").write_text(load_bundled("tpu_expansion").model_copy(
        update={"name": "My TPU case"}).to_json(), encoding="utf-8")
    story = Story(title="One step", steps=[StoryStep(scenario="mine.json", title="Mine")])
    (tmp_path / "talk.story.json").write_text(story.model_dump_json(), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    window.presenter.choose_story_open_path = lambda: "talk.story.json"
    activate_action(window, "file:open_story")
    monkeypatch.chdir(tmp_path.parent)
    press(window, Qt.Key.Key_F5)
    assert window.session.scenario.name == "My TPU case"


@pytest.mark.slow
@pytest.mark.parametrize("step", [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_5])
def test_key_figures_fit_their_cards_in_presenter_mode_at_1920_by_1080(presenting, qtbot,
                                                                         step):
    from test_levers_and_plots import texts_cut_on_cards

    window = presenting
    window.showNormal()  # the offscreen screen is smaller than a projector's
    window.resize(1920, 1080)
    qtbot.waitExposed(window)
    press(window, step)
    assert window.size().width() == 1920
    assert not texts_cut_on_cards(window)
    press(window, Qt.Key.Key_Space)  # played time: the cards' titles carry the month
    for _ in range(30):
        window.presenter.advance_cursor()
    settle(window)
    assert not texts_cut_on_cards(window)


@pytest.mark.slow
def test_uncertainty_bands_fit_the_fixed_axes(presenting, qtbot):
    """Ctrl+B in presenter mode: the 5-95 % bands are inside every plot's fixed y range
    (a band that ran off the top and bottom read as a broken shape), and the axes then stay
    put from step to step."""
    from qt_helpers import activate

    window = presenting
    window.bands_controller.use_process = False
    activate(qtbot, window)
    press(window, Qt.Key.Key_2)
    qtbot.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.session.latest_bands is not None, timeout=60_000)
    settle(window)
    for output_id, plot in window.plot_grid.plots.items():
        low, high = plot.getPlotItem().viewRange()[1]
        for layer in plot.band_layers:
            edges = layer.rows[[0, 4]]
            assert low <= edges.min() and edges.max() <= high, output_id
    ranges = {i: p.getPlotItem().viewRange()[1] for i, p in window.plot_grid.plots.items()}
    press(window, Qt.Key.Key_3)
    for output_id, plot in window.plot_grid.plots.items():
        assert plot.getPlotItem().viewRange()[1] == pytest.approx(ranges[output_id])


@pytest.mark.parametrize("forward, back", [(Qt.Key.Key_Right, Qt.Key.Key_Left),
                                           (Qt.Key.Key_Down, Qt.Key.Key_Up),
                                           (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)])
@pytest.mark.slow
def test_arrow_and_page_keys_step_with_the_focus_on_a_plot_the_presenter_clicked(
        presenting, qtbot, forward, back):
    from qt_helpers import plot

    window = presenting
    activate(qtbot, window)
    gap_plot = plot(window, "us_power_gap_gw")
    qtbot.mouseClick(gap_plot.viewport(), Qt.MouseButton.LeftButton)
    gap_plot.setFocus()  # the offscreen platform does not give focus on a click
    assert QApplication.focusWidget() is gap_plot
    story = bundled_story()
    qtbot.keyClick(gap_plot, forward)
    settle(window)
    assert window.presenter.step == 1
    assert window.session.scenario.name == story.load_step(1).name
    qtbot.keyClick(gap_plot, forward)
    qtbot.keyClick(gap_plot, back)
    settle(window)
    assert window.presenter.step == 1
    assert "2/8" in window.presenter.caption.title.text()


@pytest.mark.slow
def test_arrow_keys_step_with_the_focus_on_a_lever_slider(presenting, qtbot):
    window = presenting
    activate(qtbot, window)
    slider = find(window, QSlider, "lever:us_dc_committed_additions_gw_per_year")
    slider.setFocus()
    value = slider.value()
    assert slider.minimum() < value < slider.maximum()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    settle(window)
    lever = "us_dc_committed_additions_gw_per_year"
    step_value = bundled_story().load_step(1).lever_values()[lever]
    assert window.presenter.step == 1  # the step, not a nudge of the lever
    assert window.session.lever_value(lever) == pytest.approx(step_value)


def test_arrow_keys_are_the_usual_keys_outside_presenter_mode(window, qtbot):
    activate(qtbot, window)
    slider = find(window, QSlider, "lever:us_dc_committed_additions_gw_per_year")
    slider.setFocus()
    value = slider.value()
    assert slider.minimum() < value < slider.maximum()
    qtbot.keyClick(slider, Qt.Key.Key_Right)
    settle(window)
    assert not window.presenter.active and slider.value() != value


def layout_record(window) -> dict:
    """What a user sees of the main layout: docks, their sizes, the plot grid's rows."""
    grid = window.plot_grid

    return {"state": bytes(window.saveState()), "size": window.size().toTuple(),
            "levers_width": window.levers_dock.width(),
            "levers_panel_width": window.levers_panel.width(),
            "events_height": window.events_dock.height(),
            "plots": grid.output_ids(), "rows": grid.rows(),
            "plot_sizes": [p.size().toTuple() for p in grid.plots.values()],
            "cards": {i: c.geometry().getRect() for i, c in window.kpi_strip.cards.items()}}


@pytest.mark.slow
@pytest.mark.parametrize("steps", [0, 3])
def test_f5_then_esc_puts_the_layout_back_exactly(window, qtbot, steps):
    from test_levers_and_plots import texts_cut_on_cards

    activate(qtbot, window)
    window.resize(1600, 1000)
    settle(window)
    qtbot.wait(50)
    before = layout_record(window)
    press(window, Qt.Key.Key_F5)
    for _ in range(steps):
        press(window, Qt.Key.Key_Right)
    press(window, Qt.Key.Key_Escape)
    qtbot.wait(50)
    settle(window)
    after = layout_record(window)
    assert after == before
    assert not texts_cut_on_cards(window)


def shown_levers(window) -> list[str]:
    return [i for i, row in window.levers_panel.rows.items() if row.slider.isVisibleTo(window)]


@pytest.mark.slow
def test_each_step_shows_the_levers_and_events_it_changes(presenting, qtbot):
    """Step 7 works through a federal-preemption event (the lever itself stays at its
    pre-event 0.00): the caption says what the event sets; step 3 changes only an event;
    step 2's levers get their rows even when the presenter did not choose them."""
    window = presenting
    changes = window.presenter.caption.changes
    assert changes.isVisible() and "baseline, nothing changed" in changes.text()
    for _ in range(6):
        press(window, Qt.Key.Key_Right)
    assert "7/8  One rulebook" in window.presenter.caption.title.text()
    assert "Adds Federal preemption from 2026-03 → US federal preemption 1.00 share of state " \
        "rules overridden" in changes.text()
    assert "us_federal_preemption" in shown_levers(window)
    press(window, Qt.Key.Key_3)
    assert "Adds Export ban from 2026-01 for 30 months → Export licences granted 0" \
        in changes.text()
    press(window, Qt.Key.Key_2)
    assert "US committed data-centre power 5.00 GW/yr (baseline" in changes.text()
    assert "US grid-connection delay" in changes.text()
    assert "us_grid_connection_delay_months" in shown_levers(window)
    press(window, Qt.Key.Key_1)
    assert "us_grid_connection_delay_months" not in shown_levers(window)
