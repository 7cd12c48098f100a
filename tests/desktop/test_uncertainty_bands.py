"""Monte Carlo bands: drawn behind the curves off the GUI thread, cancellable, kept fresh."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QFrame, QProgressBar, QToolButton
from qt_helpers import activate, find, plot, settle

from core.analysis.uncertainty import Cancelled, monte_carlo
from core.common.timegrid import decimal_years
from core.formats.scenario import load_bundled
from core.formats.story import bundled_story
from desktop.commands.bands import BandsCommands, band_is_stale, band_rows

SAMPLES = 200
LEVER = "us_dc_committed_additions_gw_per_year"


@pytest.fixture
def small_window(window):
    """The main window with a scenario asking for few Monte Carlo samples (fast runs)."""
    scenario = window.session.scenario
    scenario = scenario.model_copy(update={"uncertainty": scenario.uncertainty.model_copy(
        update={"samples": SAMPLES})})
    window.session.load(scenario, None)
    settle(window)
    yield window
    window.bands_controller.shutdown()


def wait_for_fresh(qtbot, window, runs_before: int = 0) -> None:
    controller = window.bands_controller
    qtbot.waitUntil(lambda: controller.runs_finished > runs_before
                    and window.session.latest_bands is not None, timeout=15_000)


@pytest.mark.slow
def test_bands_appear_around_the_curve(small_window, qtbot):
    window = small_window
    action = find(window, QAction, "action:bands")
    assert action.isCheckable() and not action.isChecked()
    action.trigger()
    wait_for_fresh(qtbot, window)

    bands = window.session.latest_bands
    assert bands.samples == SAMPLES
    assert set(bands.percentiles) == set(window.bands_controller.plotted_outputs())
    for output_id in ("us_dc_capacity_gw", "us_installed_h100e"):
        gap_plot = plot(window, output_id)
        for series in range(len(gap_plot.series_ids)):  # US and China where both are drawn
            low, high = band_rows(gap_plot, series)
            curve = window.session.results.central(gap_plot.series_ids[series])
            assert low.size == curve.size
            inside = (low <= curve * (1 + 1e-6) + 1e-9) & (curve <= high * (1 + 1e-6) + 1e-9)
            assert inside.mean() > 0.8, output_id
            assert np.all(high >= low)
        assert band_is_stale(gap_plot) is False
    assert not find(window, QProgressBar, "mc:progress").isVisible()
    assert "5–95 %" in find(window, QFrame, "kpi:us_power_gap_2028").toolTip()

    action.trigger()  # off: bands hidden, nothing for the briefing
    assert window.session.latest_bands is None
    assert band_rows(plot(window, "us_dc_capacity_gw")) is None


def test_cancel_stops_the_run_and_hides_progress(small_window, qtbot, monkeypatch):
    window = small_window
    controller: BandsCommands = window.bands_controller
    import desktop.commands.bands as view

    started = []

    def slow_monte_carlo(scenario, chunk=None, progress=None, cancelled=None, outputs=None,
                         workers=None):
        """A run that only ends when cancelled, reporting progress as it goes."""
        started.append(True)
        total, done = scenario.uncertainty.samples, 0
        while not cancelled():
            done = min(done + 10, total)
            progress(done, total)
            time.sleep(0.01)
        raise Cancelled("stopped")

    monkeypatch.setattr(view, "monte_carlo", slow_monte_carlo)
    controller.use_process = False  # the stand-in lives in this process: run it in a thread
    controller.set_enabled(True)
    qtbot.waitUntil(lambda: bool(started), timeout=5_000)
    progress = find(window, QProgressBar, "mc:progress")
    cancel = find(window, QToolButton, "mc:cancel")
    qtbot.waitUntil(lambda: progress.value() > 0, timeout=5_000)
    assert progress.isVisible() and cancel.isVisible()
    job = controller.job

    cancel.click()

    assert job.wait(5)
    assert controller.job is None
    assert not progress.isVisible() and not cancel.isVisible()
    qtbot.wait(50)
    assert controller.runs_finished == 0
    assert window.session.latest_bands is None
    assert band_rows(plot(window, "us_dc_capacity_gw")) is None


@pytest.mark.slow
def test_moving_a_lever_dims_the_bands_then_refreshes_them(small_window, qtbot):
    window = small_window
    controller = window.bands_controller
    controller.set_enabled(True)
    wait_for_fresh(qtbot, window)
    gap_plot = plot(window, "us_power_gap_gw")
    before_low, before_high = band_rows(gap_plot)
    runs = controller.runs_finished

    window.session.set_lever(LEVER, 20.0)
    settle(window)

    assert band_is_stale(gap_plot) is True  # dimmed, still drawn
    fills = (gap_plot.band_layers[0].outer, gap_plot.band_layers[0].inner)
    assert all(fill.opacity() < 0.5 and fill.isVisible() for fill in fills)
    assert window.session.latest_bands is None
    assert controller.timer.isActive()  # the refresh waits for the levers to rest
    wait_for_fresh(qtbot, window, runs)
    assert band_is_stale(gap_plot) is False
    assert all(fill.opacity() == 1.0 for fill in fills)
    low, high = band_rows(gap_plot)
    assert not np.allclose(low, before_low)
    curve = window.session.results.central("us_power_gap_gw")
    assert ((low <= curve + 1e-9) & (curve <= high + 1e-9)).mean() > 0.8


@pytest.mark.slow
def test_a_burst_of_lever_changes_starts_one_run(small_window, qtbot):
    window = small_window
    controller = window.bands_controller
    controller.set_enabled(True)
    wait_for_fresh(qtbot, window)
    started = controller.runs_started
    for step in range(8):
        window.session.set_lever(LEVER, 8.0 + step)
        settle(window)
        qtbot.wait(20)
    assert controller.runs_started == started  # debounced: nothing yet
    wait_for_fresh(qtbot, window, controller.runs_finished)
    assert controller.runs_started == started + 1
    assert window.session.latest_bands.percentiles  # for the scenario now shown


@pytest.mark.slow
def test_changing_the_plots_draws_bands_on_the_new_ones(small_window, qtbot):
    window = small_window
    controller = window.bands_controller
    controller.set_enabled(True)
    wait_for_fresh(qtbot, window)
    runs = controller.runs_finished
    window.plot_grid.set_outputs(["us_power_gap_gw", "open_weight_share"])
    qtbot.waitUntil(lambda: band_rows(plot(window, "open_weight_share")) is not None,
                    timeout=15_000)
    assert controller.runs_finished >= runs


@pytest.mark.slow
def test_bands_from_a_thread_match_those_from_the_worker_process(small_window, qtbot):
    window = small_window
    controller = window.bands_controller
    assert controller.use_process
    controller.set_enabled(True)
    wait_for_fresh(qtbot, window)
    from_process = window.session.latest_bands
    controller.set_enabled(False)
    controller.use_process = False
    controller.set_enabled(True)
    wait_for_fresh(qtbot, window, controller.runs_finished)
    for output_id, rows in from_process.percentiles.items():
        assert np.array_equal(rows, window.session.latest_bands.percentiles[output_id])


@pytest.mark.slow
def test_closing_the_window_joins_a_running_job(make_window, qtbot):
    window = make_window()
    window.show()
    controller = window.bands_controller
    controller.set_enabled(True)
    job = controller.job
    assert job is not None
    window.ask_save_changes = lambda: "discard"
    window.close()
    assert not job.is_running()


def drawn_band(gap_plot, series: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(x, 5 %, 95 %) read back from the outer fill's path as it is painted: along the top
    edge, then back along the bottom."""
    path = gap_plot.band_layers[series].outer.path()
    points = np.array([(path.elementAt(i).x, path.elementAt(i).y)
                       for i in range(path.elementCount())])
    top, bottom = np.split(points, 2)
    assert np.array_equal(top[:, 0], bottom[::-1, 0])  # one closed outline, no fold
    return top[:, 0], bottom[::-1, 1], top[:, 1]


def assert_bands_drawn_for(window, scenario) -> None:
    """Every band on the power-gap plot is the one Monte Carlo gives the scenario shown."""
    expected = monte_carlo(scenario, outputs=window.bands_controller.plotted_outputs(),
                           workers=1)
    gap_plot = plot(window, "us_power_gap_gw")
    assert gap_plot.band_layers and band_is_stale(gap_plot) is False
    for series, series_id in enumerate(gap_plot.series_ids):
        x, low, high = drawn_band(gap_plot, series)
        rows = expected.percentiles[series_id]
        assert np.allclose(x, decimal_years(expected.months))
        assert np.allclose(low, rows[0]) and np.allclose(high, rows[4]), series_id


@pytest.mark.slow
def test_switching_to_a_bundled_scenario_redraws_the_power_gap_band(window, qtbot):
    """Bands on, then File > Open bundled scenario: once the new run is in, the band drawn
    is the new scenario's, over its whole run."""
    find(window, QAction, "action:bands").trigger()
    wait_for_fresh(qtbot, window)
    runs = window.bands_controller.runs_finished
    window.fill_bundled_menu()
    find(window, QAction, "bundled:us_power_crunch").trigger()
    settle(window)
    assert band_is_stale(plot(window, "us_power_gap_gw")) is True
    wait_for_fresh(qtbot, window, runs)
    assert_bands_drawn_for(window, load_bundled("us_power_crunch"))


@pytest.mark.slow
def test_a_story_step_redraws_the_power_gap_band_in_presenter_mode(window, qtbot):
    QTest.keyClick(window, Qt.Key.Key_F5)
    settle(window)
    activate(qtbot, window)
    QTest.keyClick(window, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # no menu bar
    assert find(window, QAction, "action:bands").isChecked()
    wait_for_fresh(qtbot, window)
    runs = window.bands_controller.runs_finished
    QTest.keyClick(window, Qt.Key.Key_PageDown)
    settle(window)
    wait_for_fresh(qtbot, window, runs)
    assert_bands_drawn_for(window, bundled_story().load_step(1))
