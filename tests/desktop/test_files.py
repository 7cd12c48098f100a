"""Files: save and reopen, broken files refused, recent files, autosave, close asks."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest
from PySide6.QtWidgets import QFrame, QSlider
from qt_helpers import find, plot, settle

from core.engine.events import ExportBan
from core.formats.scenario import load_bundled, load_scenario
from desktop.state import settings
from desktop.widgets.export import export_figure
from desktop.widgets.plots import US_COLOUR


def test_title_shows_file_name_and_unsaved_mark(window, tmp_path):
    assert window.windowTitle().startswith("Baseline — unsaved —")
    window.session.set_lever("bass_q", 1.0)
    assert "unsaved*" in window.windowTitle()
    path = tmp_path / "mine.json"
    window.save_to(path)
    assert "mine.json —" in window.windowTitle() and "*" not in window.windowTitle()


@pytest.mark.slow
def test_save_then_open_gives_same_scenario(make_window, tmp_path):
    first = make_window()
    first.session.set_lever("ascend_yield", 0.55)
    first.session.add_event(ExportBan(start="2027-01", duration_months=12))
    path = tmp_path / "saved.json"
    first.choose_save_path = lambda: str(path)
    assert first.save()
    assert not first.session.dirty
    second = make_window(path)
    assert second.session.scenario == first.session.scenario
    assert second.session.path == path
    settle(first)
    settle(second)
    assert np.allclose(plot(second, "us_power_gap_gw").curve_data(),
                       plot(first, "us_power_gap_gw").curve_data())


@pytest.mark.slow
def test_open_through_the_menu(window, tmp_path):
    path = tmp_path / "other.json"
    path.write_text(load_bundled("safe_chips_act").to_json(), encoding="utf-8")
    window.choose_open_path = lambda: str(path)
    window.open_action.trigger()
    assert window.session.scenario == load_scenario(path)
    assert not window.session.undo_stack.can_undo


def test_broken_file_is_refused_with_a_dialog_and_state_kept(window, tmp_path):
    window.session.set_lever("bass_p", 0.3)
    before = window.session.scenario
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1, "name": "x", "levers": {"bass_p": 99}}')
    errors = []
    window.show_error = errors.append
    assert not window.open_path(broken, ask=False)
    assert len(errors) == 1 and "bass_p" in errors[0] and "broken.json" in errors[0]
    assert window.session.scenario == before
    assert window.session.dirty


@pytest.mark.slow
def test_broken_file_on_the_command_line_keeps_the_baseline(make_window, tmp_path, monkeypatch):
    from desktop.main_window import MainWindow

    errors = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, text: errors.append(text))
    broken = tmp_path / "not_json.json"
    broken.write_text("{oops")
    window = make_window(broken)
    assert errors and "not valid JSON" in errors[0]
    assert window.session.scenario == load_bundled("baseline")


@pytest.mark.slow
def test_recent_files_are_remembered_and_reopen(window, tmp_path):
    paths = []
    for name in ("a", "b"):
        path = tmp_path / f"{name}.json"
        path.write_text(load_bundled("baseline").model_copy(update={"name": name}).to_json())
        assert window.open_path(path)
        paths.append(path.resolve())
    assert settings.recent_files()[:2] == [paths[1], paths[0]]
    names = [a.text() for a in window.recent_menu.actions() if a.text()]
    assert names[:2] == ["b.json", "a.json"]
    recent_a = next(a for a in window.recent_menu.actions() if a.text() == "a.json")
    recent_a.trigger()
    assert window.session.scenario.name == "a"
    config = settings.config_folder()
    assert "ai-race-planner" in str(config) and str(tmp_path) in str(config)


@pytest.mark.slow
def test_autosave_debounces_and_clean_exit_removes_it(window, qtbot):
    window.session.set_lever("bass_p", 0.2)
    folder = settings.autosave_folder()
    qtbot.waitUntil(lambda: len(list(folder.glob("*.json"))) == 1, timeout=3000)
    saved = json.loads(next(folder.glob("*.json")).read_text())
    assert saved["scenario"]["levers"] == {"bass_p": 0.2}
    assert saved["owner"]["pid"] == os.getpid() and saved["file"] is None
    window.ask_save_changes = lambda: "discard"
    assert window.close()
    assert not list(folder.iterdir())


@pytest.mark.slow
def test_closing_with_unsaved_changes_asks(window, tmp_path):
    window.session.set_lever("bass_p", 0.2)
    asked = []
    window.ask_save_changes = lambda: asked.append(1) or "cancel"
    assert not window.close()
    assert asked and window.isVisible()
    window.ask_save_changes = lambda: "save"
    window.choose_save_path = lambda: str(tmp_path / "kept.json")
    assert window.close()
    assert load_scenario(tmp_path / "kept.json").levers == {"bass_p": 0.2}


@pytest.mark.slow
def test_opening_another_file_with_unsaved_changes_asks(window, tmp_path):
    path = tmp_path / "x.json"
    path.write_text(load_bundled("baseline").to_json())
    window.session.set_lever("bass_p", 0.2)
    window.ask_save_changes = lambda: "cancel"
    assert not window.open_path(path)
    assert window.session.scenario.levers == {"bass_p": 0.2}
    window.ask_save_changes = lambda: "discard"
    assert window.open_path(path)
    assert window.session.scenario.levers == {}


@pytest.mark.slow
def test_new_and_revert(read_window, tmp_path):
    path = tmp_path / "r.json"
    path.write_text(load_bundled("us_power_crunch").to_json())
    read_window.open_path(path)
    original = read_window.session.scenario
    read_window.session.set_lever("bass_p", 0.2)
    read_window.revert_action.trigger()
    assert read_window.session.scenario == original and not read_window.session.dirty
    read_window.new_action.trigger()
    assert read_window.session.scenario == load_bundled("baseline") and read_window.session.path is None


def test_open_bundled(window):
    window.open_bundled("safe_chips_act")
    settle(window)
    assert window.session.scenario == load_bundled("safe_chips_act")
    assert find(window, QFrame, "kpi:cn_legal_imports_2026_2028").delta_text != \
        "= baseline"
    assert find(window, QSlider, "lever:bass_p") is not None


@pytest.mark.slow
def test_export_csv_png_svg(window, tmp_path):
    window.session.set_lever("bass_p", 0.3)
    window.export_data(tmp_path / "out.csv")
    lines = (tmp_path / "out.csv").read_text().splitlines()
    assert lines[0].startswith("month,") and len(lines) == len(window.session.results.months) + 1
    window.export_figure(tmp_path / "fig.png")
    assert (tmp_path / "fig.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    window.export_figure(tmp_path / "fig.svg")
    svg = (tmp_path / "fig.svg").read_text()
    assert "<svg" in svg and "</svg>" in svg
    assert svg.lower().count(US_COLOUR) >= 5  # the US curves are in it, as vector paths
    one_plot = window.plot_grid.plots["us_power_gap_gw"]  # a plot view overrides render()
    export_figure(one_plot, tmp_path / "one.svg")
    assert US_COLOUR in (tmp_path / "one.svg").read_text().lower()
    window.choose_export_path = lambda caption, suffix, file_filter: str(tmp_path / "d.csv")
    window.export_data_dialog()
    assert (tmp_path / "d.csv").is_file()


@pytest.mark.slow
def test_a_start_up_file_out_of_range_opens_the_baseline_with_one_error(make_window, tmp_path,
                                                                        monkeypatch):
    from desktop.main_window import MainWindow

    errors = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, text: errors.append(text))
    broken = tmp_path / "too_fast.json"
    broken.write_text('{"schema_version": 1, "name": "x", "levers": {"bass_p": 99}}')
    window = make_window(broken)
    assert len(errors) == 1
    detail = errors[0].splitlines()[-1]  # the core's one-line message: file, field, value
    assert str(broken) in detail and "bass_p" in detail and "99" in detail
    assert window.session.scenario == load_bundled("baseline") and not window.session.dirty
    assert window.session.path is None and settings.recent_files() == []


@pytest.mark.slow
def test_a_broken_file_from_file_open_keeps_the_work_and_its_undo(window, tmp_path):
    window.session.set_lever("bass_p", 0.2)
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema_version": 1, "name": "x", "levers": {"no_such_lever": 1}}')
    errors = []
    window.show_error = errors.append
    window.choose_open_path = lambda: str(broken)
    window.ask_save_changes = lambda: "discard"
    window.open_action.trigger()
    assert len(errors) == 1 and "no_such_lever" in errors[0] and str(broken) in errors[0]
    assert window.session.scenario.levers == {"bass_p": 0.2} and window.session.dirty
    window.undo_action.trigger()
    assert window.session.scenario.levers == {}
