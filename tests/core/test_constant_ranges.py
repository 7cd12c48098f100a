"""Every estimated constant carries a range that Monte Carlo draws, or says why it is fixed;
the run reads its constants from its inputs, so drawn constants reach the model per sample
and a run at the catalogue's values is the same to the bit."""

import fnmatch

import numpy as np
import pytest

from core.analysis.uncertainty import (
    constant_draws,
    constant_factors,
    monte_carlo,
    sample_levers,
    sample_range,
)
from core.catalogue.constants import CONSTANTS, RANGED, K
from core.engine.inputs import ModelInputs
from core.engine.simulation import run_scenario, simulate, written_out_fits
from core.formats.scenario import bundled_names, load_bundled

# Constants still held fixed while someone gives them a range or a reason (none now).
PENDING: tuple[str, ...] = ()


def pending(constant_id: str) -> bool:
    return any(fnmatch.fnmatch(constant_id, pattern) for pattern in PENDING)


def test_every_constant_has_a_range_or_a_reason_to_be_fixed():
    missing = [c.id for c in CONSTANTS.values()
               if not c.is_ranged and not c.fixed and not pending(c.id)]
    assert missing == []
    for constant in CONSTANTS.values():
        if constant.is_ranged:
            assert constant.low <= constant.value <= constant.high, constant.id
            assert constant.why, constant.id
        if constant.is_estimate and not pending(constant.id):
            assert constant.is_ranged or constant.fixed, constant.id


def test_an_estimate_is_fixed_only_for_a_stated_reason_and_most_are_ranged():
    estimates = [c for c in CONSTANTS.values() if c.is_estimate and not pending(c.id)]
    ranged = [c for c in estimates if c.is_ranged]
    assert len(ranged) >= 0.75 * len(estimates)
    assert "fixed: " in CONSTANTS["kw_per_gw"].uncertainty


def test_a_range_that_misses_its_value_is_refused():
    from core.catalogue.constants import _c
    with pytest.raises(ValueError, match="must hold its value"):
        _c("x", 2.0, "1", "EST", "", range=(0.0, 1.0), why="EST")
    with pytest.raises(ValueError, match="needs its reason"):
        _c("x", 0.5, "1", "EST", "", range=(0.0, 1.0))


@pytest.mark.parametrize("name", bundled_names())
def test_a_run_reading_its_constants_from_its_inputs_gives_the_same_bits(name):
    """Every constant passed explicitly (at its catalogue value) makes the run read a
    namespace of its own and step the blocks: the same doubles as the written-out loop."""
    scenario = load_bundled(name)
    explicit = {f"K.{constant_id}": value for constant_id, value in vars(K).items()}
    inputs = ModelInputs(scenario.lever_values() | explicit, scenario.events, "2025-01", 2, 1)
    assert inputs.replaces_constants and not written_out_fits(inputs)
    loop = run_scenario(scenario)
    blocks = run_scenario(scenario, explicit)
    for output_id, series in loop.series.items():
        assert np.array_equal(series, blocks.series[output_id], equal_nan=True), output_id


def test_samples_at_the_catalogue_values_give_the_same_numbers_as_no_samples():
    """Bit for bit but where a constant is an exponent: numpy squares ``x ** 2.0`` for a
    scalar 2.0 and calls pow for a row of them, an ulp apart (which the lead's look-back
    can widen to a few). In double precision (in single
    precision a constant drawn as a float32 row rounds where a Python float does not)."""
    scenario = load_bundled("baseline")
    levers = {k: v for k, v in sample_levers(scenario, 64, seed=3).items()
              if not k.startswith("K.")}
    at_values = {constant.key: np.full(64, constant.value) for constant in RANGED}
    plain = run_scenario(scenario, levers)
    routed = run_scenario(scenario, levers | at_values)
    # and where a growth rate is the base of a power of the clock (Python's pow of a float
    # and numpy's of a row can differ in the last place)
    exponents = {"K.import_price_elasticity", "K.income_growth_per_year",
                 "K.smuggled_chip_age_years", "K.us_non_ai_load_growth_per_year",
                 "K.us_non_ai_load_growth_after_2030_per_year",
                 "K.non_ai_load_growth_per_year", "K.row_dc_capacity_growth_per_year",
                 # TPU output before 2025, which every run now steps through from 2022
                 "K.tpu_history_growth_per_year"}
    bases = run_scenario(scenario, levers | {key: value for key, value in at_values.items()
                                             if key not in exponents})
    for output_id, series in plain.series.items():
        assert np.array_equal(series, bases.series[output_id], equal_nan=True), output_id
        # ulps on the scale of the series: a difference of stocks (stranded chips are
        # installed less powered) carries its terms' ulps, not its own
        scale = float(np.nanmax(np.abs(series), initial=0.0))
        np.testing.assert_allclose(series, routed.series[output_id], rtol=1e-12,
                                   atol=1e-12 * max(scale, 1.0), err_msg=output_id)


def test_each_sample_reads_its_own_drawn_constants():
    """A run of two samples with two values of one constant equals the two runs alone."""
    values = {"K.install_ahead_months": np.array([1.5, 5.0])}
    both = simulate(values)
    for column, value in enumerate((1.5, 5.0)):
        alone = simulate({"K.install_ahead_months": value})
        stranded = alone["us_stranded_h100e"][:, 0]  # installed less powered: its ulps
        np.testing.assert_allclose(both["us_stranded_h100e"][:, column], stranded,
                                   rtol=1e-12, atol=1e-12 * np.abs(stranded).max())
    assert not np.allclose(both["us_stranded_h100e"][:, 0], both["us_stranded_h100e"][:, 1])


def test_an_unknown_constant_is_refused_by_name():
    with pytest.raises(ValueError, match="unknown constant 'install_ahead_month'"):
        simulate({"K.install_ahead_month": 2.0})


def test_ranged_constants_are_drawn_within_their_ranges_and_a_group_moves_together():
    samples = sample_levers(load_bundled("baseline"), 2_000, seed=5)
    for constant in RANGED:
        drawn = samples[constant.key]
        assert drawn.min() >= constant.low and drawn.max() <= constant.high, constant.id
        assert drawn.std() > 0, constant.id
        assert abs(np.median(drawn) - constant.value) < 0.5 * (constant.high - constant.low)
    groups = [members for _, members in constant_factors() if len(members) > 1]
    assert groups, "no group of constants to check"
    for members in groups:
        ranks = [np.argsort(np.argsort(samples[c.key])) for c in members]
        assert all(np.array_equal(ranks[0], other) for other in ranks[1:])


def test_constant_draws_do_not_depend_on_how_a_run_is_cut():
    whole = constant_draws(11, 0, 300)
    np.testing.assert_array_equal(np.concatenate([constant_draws(11, 0, 120),
                                                  constant_draws(11, 120, 300)]), whole)
    scenario = load_bundled("baseline")
    part = sample_range(scenario, 11, 100, 200)
    np.testing.assert_array_equal(part["K.install_ahead_months"],
                                  sample_levers(scenario, 200, 11)["K.install_ahead_months"][100:])


def test_drawing_the_constants_widens_the_bands():
    """The same worlds with the constants held at their values (the levers' draws are
    unchanged: the constants have a stream of their own) give narrower bands."""
    scenario = load_bundled("baseline")
    bands = monte_carlo(scenario, 400, seed=2, outputs=["open_weight_share"], workers=1)
    levers = {k: v for k, v in sample_levers(scenario, 400, 2).items() if not k.startswith("K.")}
    held = run_scenario(scenario, levers, np.float32).series["open_weight_share"][-1]
    drawn = bands.percentiles["open_weight_share"][:, -1]
    held_spread = np.percentile(held, 95) - np.percentile(held, 5)
    assert drawn[-1] - drawn[0] > 1.1 * held_spread


def test_paired_worlds_draw_the_same_constants_for_both_scenarios_as_monte_carlo():
    from core.analysis.explore import make_design, sample_values
    design = make_design(dtype="float64")
    a, b = load_bundled("baseline"), load_bundled(bundled_names()[-1])
    worlds = [sample_values(scenario, design, 9, 0, 50) for scenario in (a, b)]
    drawn = sample_levers(a, 50, 9)
    for constant in RANGED:
        np.testing.assert_array_equal(worlds[0][constant.key], worlds[1][constant.key])
        np.testing.assert_array_equal(worlds[0][constant.key], drawn[constant.key])
    chosen = sample_values(a, make_design(["bass_p"]), 9, 0, 50)
    assert not any(key.startswith("K.") for key in chosen)  # a design of levers alone
