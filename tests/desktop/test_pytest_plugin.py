"""The app's pytest plugin (desktop/pytest_plugin.py): what testers rely on, shipped."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import entry_points

import pytest
from PySide6.QtWidgets import QDoubleSpinBox, QSlider

from core.catalogue.levers import LEVERS
from core.formats.scenario import bundled_folder, load_bundled
from desktop.pytest_plugin import (
    find_key_figure,
    find_lever,
    find_plot,
    key_figure_change,
    key_figure_text,
    plot_data,
    question_name,
    set_lever,
)


def test_the_plugin_is_registered_under_pytest11():
    found = [e for e in entry_points(group="pytest11") if e.value == "desktop.pytest_plugin"]
    assert [e.name for e in found] == ["airace"]


@pytest.mark.subprocess
def test_importing_the_plugin_imports_no_qt():
    code = ("import sys, desktop.pytest_plugin; "
            "sys.exit(any(m.split('.')[0] in ('PySide6', 'shiboken6', 'pyqtgraph') "
            "for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0


def test_set_lever_types_into_the_spin_box(window):
    lever_id = "us_grid_connection_delay_months"
    assert set_lever(window, lever_id, 48) == 48
    assert window.session.lever_value(lever_id) == 48
    slider = find_lever(window, lever_id)
    assert isinstance(slider, QSlider)
    assert slider.value() == round((48 - LEVERS[lever_id].min) / LEVERS[lever_id].step)
    assert window.findChild(QDoubleSpinBox, f"lever:{lever_id}:spin").value() == 48
    assert len(window.session.undo_stack) == 1  # one edit, one undo step


def test_set_lever_refuses_a_value_out_of_range_as_the_spin_box_does(window):
    lever_id = "us_grid_connection_delay_months"
    assert set_lever(window, lever_id, 999) != 999


def test_plot_data_and_key_figures_follow_a_lever(window):
    before = plot_data(window, "us_power_gap_gw")
    figure = key_figure_text(window, "us_power_gap_2028")
    assert before.size == len(window.session.results.months)
    assert figure == find_key_figure(window, "us_power_gap_2028").value_text
    assert key_figure_change(window, "us_power_gap_2028") == "= baseline"
    set_lever(window, "us_dc_committed_additions_gw_per_year", 20)
    assert not (plot_data(window, "us_power_gap_gw") == before).all()
    assert key_figure_text(window, "us_power_gap_2028") != figure
    assert key_figure_change(window, "us_power_gap_2028") != "= baseline"
    assert plot_data(window, "us_effective_compute", series=1).size == before.size
    assert find_plot(window, "us_power_gap_gw").objectName() == "plot:us_power_gap_gw"


def test_a_missing_control_names_what_was_looked_for(read_window):
    with pytest.raises(AssertionError, match="lever:no_such_lever"):
        find_lever(read_window, "no_such_lever")


@pytest.mark.slow
@pytest.mark.parametrize("scenario", ["us_power_crunch", load_bundled("us_power_crunch")],
                         ids=["name", "Scenario"])
def test_windows_on_a_bundled_name_or_a_scenario(make_window, scenario):
    window = make_window(scenario)
    assert window.session.scenario.name == "US power crunch"
    assert window.session.path is None
    assert not window.isWindowModified()


@pytest.mark.slow
def test_windows_on_a_path(make_window):
    window = make_window(bundled_folder() / "us_power_crunch.json")
    assert window.session.scenario.name == "US power crunch"
    assert window.session.path == (bundled_folder() / "us_power_crunch.json").resolve()


@pytest.mark.airace_answers(unsaved="cancel")
def test_a_marker_answers_questions(window):
    set_lever(window, "us_grid_connection_delay_months", 48)
    assert not window.close()  # "cancel": the window stays open


def test_an_unanswered_question_fails_the_test(window):
    set_lever(window, "us_grid_connection_delay_months", 48)
    with pytest.raises(AssertionError, match="unexpected dialog: MainWindow.ask_save_changes"):
        window.ask_save_changes()


ASKED: list[int] = []


@pytest.mark.airace_answers(unsaved=lambda: ASKED.append(1) or "discard")
def test_an_answer_may_be_a_callable(window):
    ASKED.clear()
    set_lever(window, "us_grid_connection_delay_months", 48)
    assert window.close()
    assert ASKED == [1]


def test_answers_have_short_names():
    assert question_name("unsaved") == "ask_save_changes"
    assert question_name("ask_recover") == "ask_recover"
    with pytest.raises(ValueError, match="unknown question"):
        question_name("ask_nothing")
