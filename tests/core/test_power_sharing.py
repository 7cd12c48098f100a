"""Power in model version 3: conventional load shares a shortfall with AI by the declared
rule (core/model/power.py), the rest of the world has a power limit, and every power lever
acts over its whole range. Properties over 200 sampled worlds (every lever uniform over its
range, as tests/core/test_properties.py draws them)."""

import numpy as np
import pytest

from core.catalogue.levers import LEVERS
from core.engine.simulation import run_scenario, simulate
from core.formats.scenario import load_bundled

BASELINE = load_bundled("baseline")
WORLDS = 200
POWER_LEVERS = [lever_id for lever_id, lever in LEVERS.items() if lever.group == "Power"]


def sampled_worlds(seed, **fixed):
    rng = np.random.default_rng(seed)
    values = {lever_id: rng.uniform(lever.min, lever.max, WORLDS)
              for lever_id, lever in LEVERS.items()}
    return values | {key: np.full(WORLDS, value) for key, value in fixed.items()}


def paired(values, lever_id, first, second):
    """The same worlds twice: ``lever_id`` at ``first`` (columns :n), then ``second``."""
    both = {key: np.concatenate([value, value]) for key, value in values.items()}
    both[lever_id] = np.concatenate([first, second])
    return simulate(both, BASELINE.events)


def test_more_us_new_generation_never_lowers_us_powered_compute():
    """Within 1%: the installed stock is one aggregate, so chips installed a little sooner
    can be older, hungrier ones when power later binds (the vintage mix; worst seen 0.2%).
    Over the same worlds, exactly equal or higher in at least 95% of them."""
    values = sampled_worlds(11, us_control_reaction=0.0, cn_substitution_reaction=0.0)
    lever = LEVERS["us_new_generation_gw_per_year"]
    rng = np.random.default_rng(12)
    low = rng.uniform(lever.min, lever.max, WORLDS)
    high = np.minimum(low + rng.uniform(1.0, 60.0, WORLDS), lever.max)
    powered = paired(values, lever.id, low, high)["us_powered_h100e"]
    ratio = powered[:, WORLDS:] / powered[:, :WORLDS]
    assert ratio.min() >= 0.99
    assert (ratio.min(axis=0) >= 1 - 1e-9).mean() >= 0.95
    # and it does something: more generation raises powered compute in most worlds by 2035
    assert (ratio[-1] > 1 + 1e-6).mean() >= 0.5


def _shares_by_the_rule(results):
    """Each month, conventional load's served share and AI's share of capacity under the
    declared rule: pro rata to load wanted when capacity falls short."""
    conventional = results["us_non_ai_load_gw"]
    ai_wanted = results["us_ai_power_gw"] + results["us_waiting_gw"]
    capacity = results["us_dc_capacity_gw"]
    short = conventional + ai_wanted > capacity
    pro_rata = capacity / (conventional + ai_wanted)
    served = 1.0 - results["us_non_ai_unserved_gw"] / conventional
    return short, pro_rata, served, ai_wanted, capacity, conventional


def test_a_us_power_crunch_shares_its_loss_between_conventional_and_ai_load_by_the_rule():
    crunch = run_scenario(load_bundled("us_power_crunch"))
    short, pro_rata, served, ai_wanted, capacity, conventional = _shares_by_the_rule(crunch)
    assert short[crunch.index_of("2027-01"):].all()
    # conventional load loses its pro-rata share (never more), and so does AI load
    np.testing.assert_array_less(pro_rata[short] - 1e-9, served[short])
    ai_served = crunch["us_ai_power_gw"] - crunch["us_stranded_gw"]
    np.testing.assert_allclose(crunch["us_ai_capacity_gw"][short],
                               (capacity * ai_wanted / (conventional + ai_wanted))[short],
                               rtol=1e-12)
    assert np.all(ai_served <= crunch["us_ai_capacity_gw"] + 1e-9)
    # both kinds lose load: conventional is no longer served first
    month = crunch.index_of("2030-12")
    assert crunch["us_non_ai_unserved_gw"][month, 0] > 0.05 * conventional[month, 0]
    assert crunch["us_waiting_gw"][month, 0] > 0.05 * ai_wanted[month, 0]
    base = run_scenario(BASELINE)
    capacity_lost = 1 - crunch.at("us_dc_capacity_gw", "2030-12") / base.at(
        "us_dc_capacity_gw", "2030-12")
    compute_lost = 1 - crunch.at("us_powered_h100e", "2030-12") / base.at(
        "us_powered_h100e", "2030-12")
    assert compute_lost < 2 * capacity_lost  # version 2: capacity -13%, AI compute -42%


def test_every_sampled_world_shares_a_shortfall_by_the_declared_rule():
    results = simulate(sampled_worlds(13), BASELINE.events)
    short, pro_rata, served, ai_wanted, capacity, conventional = _shares_by_the_rule(results)
    assert short.any()
    assert np.all(served[short] >= pro_rata[short] - 1e-9)
    assert np.all(served[~short] >= 1 - 1e-9)
    expected = np.maximum(capacity - conventional, capacity * ai_wanted / (conventional + ai_wanted))
    np.testing.assert_allclose(results["us_ai_capacity_gw"], expected, rtol=1e-9)


def test_fewer_chips_for_the_us_never_raise_world_compute_beyond_power_elsewhere():
    """Chips the US does not take go elsewhere, where they are installed only as far as the
    capacity left to AI chips there allows; the newest chips draw the least power, so that
    capacity holds at most capacity / (kW per new H100e) of them."""
    values = sampled_worlds(14)
    more_us = values["us_share_of_us_gpu_output"]
    fewer_us = np.maximum(more_us - 0.2, LEVERS["us_share_of_us_gpu_output"].min)
    results = paired(values, "us_share_of_us_gpu_output", more_us, fewer_us)
    world = results["global_installed_h100e"]
    gain = world[:, WORLDS:] - world[:, :WORLDS]
    years = np.arange(world.shape[0])[:, None] / 12.0 - 0.5
    kw_new = values["facility_kw_per_h100e"] * values["flop_per_watt_growth_per_year"] ** -years
    room = results["row_ai_capacity_gw"][:, WORLDS:] * 1e6 / kw_new
    allowed = np.maximum(room - results["row_installed_h100e"][:, :WORLDS], 0.0)
    assert np.all(gain <= allowed + 1e-6 * world[:, :WORLDS])
    # and elsewhere never installs more chips than its capacity for AI holds
    assert np.all(results["row_installed_h100e"] <= results["row_ai_capacity_gw"] * 1e6
                  / np.concatenate([kw_new, kw_new], axis=1) * (1 + 1e-9))


def test_baseline_world_compute_does_not_rise_when_the_us_takes_fewer_chips():
    values = BASELINE.lever_values() | {"us_share_of_us_gpu_output": np.array([0.65, 0.4])}
    world = simulate(values, BASELINE.events)["global_installed_h100e"]
    assert np.all(world[:, 1] <= world[:, 0] * 1.01)  # version 2: +25% by 2035


@pytest.mark.parametrize("lever_id", POWER_LEVERS)
def test_each_power_lever_moves_some_output_on_every_interval_of_its_range(lever_id):
    lever = LEVERS[lever_id]
    grid = np.linspace(lever.min, lever.max, 11)
    values = BASELINE.lever_values() | {lever_id: grid}
    results = simulate(values, BASELINE.events)
    for first in range(10):
        moved = 0.0
        for output_id, series in results.series.items():
            if output_id.endswith("new_generation_gw_per_year"):
                continue  # the lever itself, echoed as an output
            a, b = series[:, first], series[:, first + 1]
            scale = max(np.abs(a).max(), np.abs(b).max())  # the series' own size, as
            if scale > 0:  # test_model_behaviour's dead-lever test measures it
                moved = max(moved, float(np.abs(b - a).max() / scale))
        assert moved >= 0.005, (f"{lever_id} moves no output by 0.5% between "
                                f"{grid[first]:g} and {grid[first + 1]:g}")
