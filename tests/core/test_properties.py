"""Properties that hold for every lever setting within bounds (MODEL.md)."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.engine.events import ExportBan, LaggedExports
from core.engine.simulation import simulate

SIGNED = {"us_power_gap_gw", "cn_power_gap_gw", "capability_gap_months", "compute_lead_months",
          "us_control_tightness"}

lever_values = st.fixed_dictionaries({
    lever_id: st.floats(lever.min, lever.max, allow_nan=False) for lever_id, lever in LEVERS.items()
})
months = st.integers(0, 120).map(lambda m: f"{2025 + m // 12}-{m % 12 + 1:02d}")


def check_invariants(results):
    for output_id, output in OUTPUTS.items():
        series = results[output_id]
        assert np.all(np.isfinite(series)), output_id
        if output_id not in SIGNED:
            assert np.all(series >= 0), output_id
        if output.is_share:
            assert np.all(series <= 1), output_id


@pytest.mark.slow
def test_ten_thousand_random_lever_settings_keep_every_invariant():
    rng = np.random.default_rng(7)
    values = {lever_id: rng.uniform(lever.min, lever.max, 10_000)
              for lever_id, lever in LEVERS.items()}
    results = simulate(values)
    check_invariants(results)
    # and the corners of the box, where a delay or a share is at its extreme
    corners = {lever_id: np.array([lever.min, lever.max] * 2)[[0, 1, 1, 0]]
               for lever_id, lever in LEVERS.items()}
    check_invariants(simulate(corners))


@pytest.mark.slow
@given(values=lever_values, ban_start=months, duration=st.integers(1, 60))
def test_every_output_is_finite_and_legal_imports_are_zero_in_a_ban(values, ban_start, duration):
    ban = ExportBan(start=ban_start, duration_months=duration)
    deal = LaggedExports(start="2025-01", lag_months=0)
    results = simulate(values, [ban, deal])
    check_invariants(results)
    first = results.index_of(ban_start)
    assert np.all(results["cn_legal_imports_h100e"][first:first + duration] == 0)


@pytest.mark.slow
@given(values=lever_values, low=st.floats(0, 40), extra=st.floats(0.01, 40))
def test_more_us_power_additions_never_lower_us_powered_compute(values, low, extra):
    """Within 1% where chips gain efficiency by less than 1.3x a year; within 4% above.
    The installed stock is one aggregate, so chips installed a little earlier (more power,
    sooner) can be older, hungrier ones when power later binds (the vintage mix). The gap
    grows with efficiency growth and shrinks with a longer hardware lifetime: over 4,000
    random worlds none fell short by more than 0.03% below 1.3x a year, and 0.12% of them
    by more than 1% above it (worst 3.7%, at 1.5x a year and a 3-year lifetime). A vintage
    chain in core/model/chips.py would remove it."""
    high = min(low + extra, 40.0)
    values = dict(values, us_control_reaction=0.0, cn_substitution_reaction=0.0)
    values["us_dc_committed_additions_gw_per_year"] = np.array([low, high])
    powered = simulate(values)["us_powered_h100e"]
    tolerance = 0.01 if values["flop_per_watt_growth_per_year"] < 1.3 else 0.04
    assert np.all(powered[:, 1] >= powered[:, 0] * (1 - tolerance))


# Licences and the fee: a known gap, pinned by the test after this one. Over 2,000 random
# worlds (reactions off) a stricter licence share raised some month's legal imports in 108
# worlds, a higher fee in 4, by at most 1.0% and 0.1%; the volume cap and the lag in none.
@pytest.mark.slow
@given(values=lever_values, lever_id=st.sampled_from(
    ["export_volume_cap_share", "export_lag_months"]),
    a=st.floats(0, 1), b=st.floats(0, 1))
def test_a_stricter_export_regime_never_raises_china_legal_imports(values, lever_id, a, b):
    lever = LEVERS[lever_id]
    a, b = sorted((lever.min + a * (lever.max - lever.min), lever.min + b * (lever.max - lever.min)))
    # stricter: less share, lower cap, longer lag, higher fee
    lenient, strict = (b, a) if lever_id in ("export_licensing", "export_volume_cap_share") else (a, b)
    values = dict(values, us_control_reaction=0.0)  # every month holds with the US rule off
    values[lever_id] = np.array([lenient, strict])
    imports = simulate(values)["cn_legal_imports_h100e"]
    assert np.all(imports[:, 1] <= imports[:, 0] * (1 + 1e-12))
    banned = simulate(values, [ExportBan(start="2025-01", duration_months=None)])
    assert np.all(banned["cn_legal_imports_h100e"] == 0)


# The world hypothesis found (every lever at a corner: no US order growth, so the US market
# shrinks; the volume cap at 100% of US buyers' volume). Both worlds import up to the cap from
# 2028; the lenient one's earlier exports displaced US buyers' deliveries, and packaging
# capacity follows US buyers' orders only, so it shrinks faster there and leaves less room
# under the per-product cap: by 2035 the half-licensed world imports 31% more a month and
# 1.7% more in all. Packaging that answers licensed exports too would close it.
COUNTEREXAMPLE = {
    "us_dc_committed_additions_gw_per_year": 0.0, "us_grid_connection_delay_months": 6.0,
    "us_new_generation_gw_per_year": 20.0, "cn_new_generation_gw_per_year": 200.0,
    "cn_dc_share_of_new_generation": 0.0, "us_siting_abroad_rate_per_year": 0.0,
    "facility_kw_per_h100e": 1.0, "flop_per_watt_growth_per_year": 1.5,
    "us_chip_order_growth_per_year": 1.0, "price_performance_growth_per_year": 1.5,
    "packaging_growth_max_per_year": 2.0, "us_share_of_us_gpu_output": 0.5,
    "tpu_output_multiple_2028": 1.0, "cn_domestic_chip_growth_per_year": 1.0,
    "ascend_yield": 0.5, "cn_domestic_cap_mh100e_per_year": 1.0,
    "cn_domestic_hbm_mh100e_per_year": 1.0, "cn_import_discouragement": 0.0,
    "export_lag_months": 0.0, "export_volume_cap_share": 1.0, "export_fee_share": 0.0,
    "cn_smuggled_mh100e_per_year": 0.0, "chip_perf_growth_per_year": 1.5,
    "hw_lifetime_years": 3.0, "ship_to_online_lag_months": 2.0, "algo_halving_months": 4.0,
    "cn_efficiency_gain_per_year": 1.0, "bass_p": 0.25, "bass_q": 1.0,
    "open_closed_price_ratio": 0.5, "open_model_lag_months": 0.0, "us_lab_openness": 0.0,
    "cn_lab_openness": 0.0, "open_spillover_rate": 0.0, "frontier_price_decline_per_year": 1.0,
    "open_switching_time_months": 2.0, "cn_substitution_reaction": 0.0,
    "cn_substitution_delay_months": 6.0, "us_control_reaction": 0.0,
    "us_reaction_target_lead_months": 0.0, "us_reaction_delay_months": 3.0,
}


@pytest.mark.xfail(strict=True, reason="known gap: packaging follows US buyers' orders only, "
                   "so earlier exports shrink the per-product cap's room in a shrinking market")
def test_fewer_licences_never_raise_china_legal_imports_where_the_us_market_shrinks():
    values = dict(COUNTEREXAMPLE, export_licensing=np.array([1.0, 0.5]))
    imports = simulate(values)["cn_legal_imports_h100e"]
    assert np.all(imports[:, 1] <= imports[:, 0] * (1 + 1e-12))


@given(values=lever_values)
def test_the_same_inputs_give_bit_identical_results(values):
    first, second = simulate(values), simulate(values)
    for output_id in OUTPUTS:
        assert first[output_id].tobytes() == second[output_id].tobytes()
