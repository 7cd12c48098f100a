"""One trajectory: a run from January 2025 is its own history run (2022-01 on) continued.

The seam: the stocks and memory a run from 2025-01 starts with are the ones the uninterrupted
run from 2022-01 reaches then, and every output from 2025-01 on is the same, bit for bit (one
run, and 200 samples with sampled levers and constants, in both precisions). The history's
end state is kept for the next run that reads the same; a change to anything the history
reads (a constant, a lever, an event before 2025, the 2022 figures) must not reuse it."""

import numpy as np
import pytest

from core.analysis.uncertainty import constant_factors, constant_samples, sample_levers
from core.catalogue.constants import K
from core.catalogue.outputs import OUTPUTS
from core.common.timegrid import HISTORY_START, MODEL_START, months_between
from core.engine import simulation
from core.engine.events import EfficiencyBreakthrough, ExportBan, PowerBuildoutPush
from core.engine.inputs import ModelInputs
from core.engine.simulation import run_scenario, simulate, step_blocks
from core.formats.scenario import bundled_names, load_bundled
from core.model.state import STOCKS, Origin

HISTORY_MONTHS = months_between(HISTORY_START, MODEL_START)
N = 200


def drawn(scenario, seed: int, constants: bool = True) -> dict:
    """200 samples of the scenario's drawn levers and, with ``constants``, every ranged
    constant (as Monte Carlo draws them)."""
    values = sample_levers(scenario, N, seed)
    if constants:
        rng = np.random.default_rng(seed)
        values |= constant_samples(rng.random((N, len(constant_factors()))))
    return values


def assert_continues(values=None, events=(), dtype=np.float64, end="2035-12"):
    """Every output of the run from 2025-01 equals the uninterrupted run's from then on."""
    forward = simulate(values, events, MODEL_START, end, dtype)
    history = simulate(values, events, HISTORY_START, end, dtype)
    assert history.months[HISTORY_MONTHS:] == forward.months
    for output_id in OUTPUTS:
        assert np.array_equal(forward[output_id], history[output_id][HISTORY_MONTHS:],
                              equal_nan=True), output_id


def state_in_january_2025(values, events, vectorised, dtype=np.float64):
    """The stocks the uninterrupted run from 2022-01 holds in January 2025 (blocks stepped)."""
    inputs = ModelInputs(values, events, HISTORY_START, HISTORY_MONTHS + 1,
                         simulation.sample_count(values), dtype)
    seen = []
    step_blocks(inputs, HISTORY_START, vectorised,
                observe=lambda stocks, aux, rates: seen.append(dict(stocks)))
    return seen[HISTORY_MONTHS]


def forward_start(values, events, vectorised, dtype=np.float64):
    """(stocks, memory) a run from 2025-01 starts from."""
    inputs = ModelInputs(values, events, MODEL_START, 132, simulation.sample_count(values),
                         dtype)
    return simulation._start(inputs, MODEL_START, None, vectorised)


@pytest.fixture(autouse=True)
def fresh_history():
    simulation._history_ends.clear()
    yield
    simulation._history_ends.clear()


@pytest.mark.parametrize("name", bundled_names())
def test_a_bundled_scenario_from_2025_is_its_history_run_continued(name):
    scenario = load_bundled(name)
    assert_continues(scenario.lever_values(), scenario.events, end=scenario.end)


def test_the_2025_start_state_is_the_history_runs_one_run():
    baseline = load_bundled("baseline")
    values, events = baseline.lever_values(), baseline.events
    stocks, memory = forward_start(values, events, vectorised=False)
    expected = state_in_january_2025(values, events, vectorised=False)
    assert list(stocks) == list(STOCKS)
    for name in STOCKS:
        assert stocks[name] == expected[name], name
    # the memory goes on too: the look-back holds the 36 history months, the lead its last
    assert memory["lookback"].offset == HISTORY_MONTHS
    assert memory["lookback"].us[HISTORY_MONTHS - 1] != 0.0
    assert memory["lead_months"] != baseline.lever_values().get(
        "us_reaction_target_lead_months", memory["lead_months"] + 1.0)


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "single"])
def test_the_2025_start_state_is_the_history_runs_for_200_sampled_worlds(dtype):
    baseline = load_bundled("baseline")
    values = baseline.lever_values() | drawn(baseline, 7)
    stocks, _ = forward_start(values, baseline.events, vectorised=True, dtype=dtype)
    expected = state_in_january_2025(values, baseline.events, vectorised=True, dtype=dtype)
    for name in STOCKS:
        assert stocks[name].shape == (N,), name
        assert np.array_equal(stocks[name], expected[name]), name
    # sampled constants and levers move the history: the worlds start apart
    assert np.unique(stocks["us_installed_h100e"]).size > N // 2


@pytest.mark.parametrize("dtype", [np.float64, np.float32], ids=["double", "single"])
@pytest.mark.parametrize("constants", [False, True], ids=["levers", "levers+constants"])
def test_200_sampled_worlds_from_2025_are_their_history_runs_continued(dtype, constants):
    baseline = load_bundled("baseline")
    values = baseline.lever_values() | drawn(baseline, 3, constants)
    assert_continues(values, baseline.events, dtype)


def test_events_before_and_after_2025_and_a_longer_run_continue_the_history():
    events = [*load_bundled("baseline").events, ExportBan(start="2024-03", duration_months=14),
              EfficiencyBreakthrough(start="2023-06", multiplier=2.0),
              PowerBuildoutPush(start="2027-01", extra_gw_per_year=5.0)]
    assert_continues({}, events, end="2050-12")
    switch = np.random.default_rng(2).random((len(events), N)) < 0.5
    forward = simulate({}, events, MODEL_START, "2035-12", event_switch=switch)
    history = simulate({}, events, HISTORY_START, "2035-12", event_switch=switch)
    for output_id in OUTPUTS:
        assert np.array_equal(forward[output_id], history[output_id][HISTORY_MONTHS:],
                              equal_nan=True), output_id


def test_a_later_start_and_a_shorter_time_step_continue_the_history_too():
    baseline = load_bundled("baseline")
    later = run_scenario(baseline.model_copy(update={"start": "2027-01"}))
    full = run_scenario(baseline.model_copy(update={"start": HISTORY_START}))
    at = full.months.index("2027-01")
    for output_id in OUTPUTS:
        assert np.array_equal(later[output_id], full[output_id][at:], equal_nan=True)
    halved = simulate({}, baseline.events, MODEL_START, "2030-12", steps_per_month=2)
    whole = simulate({}, baseline.events, HISTORY_START, "2030-12", steps_per_month=2)
    for output_id in OUTPUTS:
        assert np.array_equal(halved[output_id], whole[output_id][HISTORY_MONTHS:],
                              equal_nan=True), output_id


def test_a_repeated_run_reuses_the_history_and_a_change_after_2025_does_too():
    baseline = load_bundled("baseline")
    run_scenario(baseline)
    assert len(simulation._history_ends) == 1
    kept = next(iter(simulation._history_ends.values()))
    run_scenario(baseline)
    later = [*baseline.events, PowerBuildoutPush(start="2027-01", extra_gw_per_year=5.0)]
    simulate(baseline.lever_values(), later)
    assert len(simulation._history_ends) == 1
    assert next(iter(simulation._history_ends.values())) is kept


def _fresh_equals_kept(values, events, change):
    """Warm the kept history with (values, events), apply ``change``, and check the run
    from 2025 is its own (changed) history run continued, not the kept one."""
    simulate(values, events)  # keeps the unchanged history
    before = simulate(values, events)
    change()
    after = simulate(values, events)
    assert any(not np.array_equal(after[key], before[key], equal_nan=True) for key in OUTPUTS)
    assert_continues(values, events)


def test_a_changed_constant_is_not_answered_from_the_kept_history(monkeypatch):
    baseline = load_bundled("baseline")
    _fresh_equals_kept(baseline.lever_values(), baseline.events, lambda: monkeypatch.setattr(
        K, "price_per_h100e_usd_2025", K.price_per_h100e_usd_2025 * 0.8))


def test_a_changed_2022_figure_is_not_answered_from_the_kept_history(monkeypatch):
    baseline = load_bundled("baseline")
    _fresh_equals_kept(baseline.lever_values(), baseline.events, lambda: monkeypatch.setattr(
        Origin, "cn_substitution_pressure", 0.5))


def test_an_event_before_2025_is_not_answered_from_the_kept_history():
    baseline = load_bundled("baseline")
    values, events = baseline.lever_values(), list(baseline.events)
    _fresh_equals_kept(values, events, lambda: events.append(
        EfficiencyBreakthrough(start="2024-06", multiplier=3.0)))
    switch = np.ones((len(events), N), dtype=bool)
    on = simulate(values, events, event_switch=switch)
    switch[-1, ::2] = False  # the 2024 jump off in every other world
    off = simulate(values, events, event_switch=switch)
    assert not np.array_equal(on["compute_lead_months"], off["compute_lead_months"])
    assert np.array_equal(on["compute_lead_months"][:, 1::2], off["compute_lead_months"][:, 1::2])


def test_a_lever_or_a_sampled_constant_is_not_answered_from_the_kept_history():
    baseline = load_bundled("baseline")
    values = baseline.lever_values()
    first = simulate(values)
    changed = simulate(values | {"us_new_generation_gw_per_year": 30.0})
    assert first.at("us_dc_capacity_gw", MODEL_START) != changed.at("us_dc_capacity_gw",
                                                                     MODEL_START)
    sampled = values | drawn(baseline, 5)
    other = values | drawn(baseline, 6)
    assert not np.array_equal(simulate(sampled).at("us_installed_h100e", MODEL_START),
                              simulate(other).at("us_installed_h100e", MODEL_START))
    assert_continues(other)
    assert len(simulation._history_ends) == 4
