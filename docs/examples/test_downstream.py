"""A tester's own test of AI Race Planner, in a folder of its own.

With ``ai-race-planner`` installed, pytest loads the app's plugin (``airace``): no conftest.py
and no import of the app's tests are needed. Run it headless with
``QT_QPA_PLATFORM=offscreen python -m pytest``. CI (.ci/run) runs this file from a temporary
folder outside the project.
"""

import pytest

from desktop.pytest_plugin import key_figure_text, plot_data, set_lever

# Answers to the app's questions for every test in this file; a question without an answer
# fails the test instead of waiting for a click.
pytestmark = pytest.mark.airace_answers(unsaved="discard")


def test_more_grid_capacity_shrinks_the_2028_power_gap(airace_window):
    gap_before = plot_data(airace_window, "us_power_gap_gw")
    figure_before = key_figure_text(airace_window, "us_power_gap_2028")

    # typed into the lever's spin box, as a user does
    assert set_lever(airace_window, "us_dc_committed_additions_gw_per_year", 20) == 20

    gap_after = plot_data(airace_window, "us_power_gap_gw")
    assert gap_after.size == len(airace_window.session.results.months)
    assert not (gap_after == gap_before).all()
    assert key_figure_text(airace_window, "us_power_gap_2028") != figure_before


def test_a_bundled_scenario_closes_without_saving(make_airace_window):
    window = make_airace_window("us_power_crunch")  # a bundled name, a path or a Scenario
    assert window.session.scenario.name == "US power crunch"
    set_lever(window, "us_grid_connection_delay_months", 48)
    assert window.close()  # unsaved changes: the declared answer discards them
