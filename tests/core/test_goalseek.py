"""Goal seek: the value found really reaches the target; an unreachable target says so."""

import re

import pytest

from core.analysis import goalseek
from core.analysis.goalseek import goal_seek
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled

ADDITIONS = "us_dc_committed_additions_gw_per_year"


@pytest.fixture(scope="module")
def baseline():
    return load_bundled("baseline")


def gap_2028(scenario, additions: float | None = None) -> float:
    if additions is not None:
        scenario = scenario.with_lever(ADDITIONS, additions)
    return float(run_scenario(scenario).at("us_power_gap_gw", "2028-12")[0])


def reachable_target(scenario) -> float:
    """A 2028 gap between the scenario's own and the least the lever's top reaches: more
    power cannot close the month's deliveries waiting in line for it (a few GW), so the
    target is set from the runs, not from a figure that moves with every calibration."""
    return 0.5 * (gap_2028(scenario) + gap_2028(scenario, 40.0))


def test_power_additions_that_close_the_2028_gap_really_close_it(baseline):
    target = reachable_target(baseline)
    result = goal_seek(baseline, ADDITIONS, "us_power_gap_gw", target, "2028-12")
    assert result.reached
    assert 8.33 < result.value < 40  # more than the baseline's 25 GW over three years
    assert gap_2028(baseline, result.value) == pytest.approx(target, abs=1e-3)
    assert result.achieved == pytest.approx(target, abs=1e-3)
    assert "US committed data-centre power" in result.message


def test_a_share_target_is_found_for_another_lever(baseline):
    lever = "cn_lab_openness"
    halfway = run_scenario(baseline.with_lever(lever, 0.5)).at("open_weight_share", "2030-12")
    target = float(halfway[0])  # a share the lever surely reaches
    result = goal_seek(baseline, lever, "open_weight_share", target, "2030-12")
    assert result.reached
    rerun = run_scenario(baseline.with_lever(lever, result.value))
    assert float(rerun.at("open_weight_share", "2030-12")[0]) == pytest.approx(target, abs=1e-6)


def test_goal_seek_respects_the_scenarios_events(baseline):
    crunch = load_bundled("us_power_crunch")
    target = reachable_target(crunch)
    assert gap_2028(baseline, 40.0) < target  # the baseline reaches it too
    result = goal_seek(crunch, ADDITIONS, "us_power_gap_gw", target, "2028-12")
    assert result.reached
    assert gap_2028(crunch, result.value) == pytest.approx(target, abs=1e-3)
    plain = goal_seek(baseline, ADDITIONS, "us_power_gap_gw", target, "2028-12")
    assert plain.reached and plain.value < result.value  # the crunch's events need more


def test_an_unreachable_target_says_so_clearly(baseline):
    result = goal_seek(baseline, ADDITIONS, "us_power_gap_gw", -500.0, "2028-12")
    assert not result.reached
    assert result.message.startswith(
        "No value of US committed data-centre power between 0 and 40 GW/yr makes US power "
        "gap (wanted − connected), incl. chips abroad reach -500 GW by 2028-12; the closest is ")
    rerun = run_scenario(baseline.with_lever(ADDITIONS, result.value))
    assert float(rerun.at("us_power_gap_gw", "2028-12")[0]) == pytest.approx(result.achieved)
    assert result.achieved > -500


def test_goal_seek_batches_its_runs(baseline, monkeypatch):
    calls = []
    real = goalseek._outputs_at
    monkeypatch.setattr(goalseek, "_outputs_at", lambda *args: calls.append(args[-1].size)
                        or real(*args))
    goal_seek(baseline, ADDITIONS, "us_power_gap_gw", 0.0, "2028-12")
    assert calls[0] == goalseek.GRID_POINTS
    assert len(calls) <= 2 * goalseek.MAX_ROUNDS + 1


@pytest.mark.parametrize(("lever", "output", "month", "message"), [
    ("nope", "us_power_gap_gw", "2028-12", "unknown lever id 'nope'; known: us_dc_committed"),
    (ADDITIONS, "nope", "2028-12", "unknown output id 'nope'; known: us_dc_capacity_gw"),
    (ADDITIONS, "us_power_gap_gw", "2040-01",
     "2040-01 is after this scenario's run (2025-01 to 2035-12)"),
    (ADDITIONS, "us_power_gap_gw", "2024-12",
     "2024-12 is before this scenario's run (2025-01 to 2035-12)"),
    (ADDITIONS, "us_power_gap_gw", "2028-13", "not a month"),
])
def test_bad_ids_and_months_are_refused_with_the_allowed_values(baseline, lever, output,
                                                                month, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        goal_seek(baseline, lever, output, 0.0, month)
