"""The lever catalogue, the Euler integrator and the event windows."""

import numpy as np
import pytest

from core.events import ExportBan, LaggedExports, PowerBuildoutPush
from core.levers import GROUPS, LEVERS
from core.model.stocks import euler_stock
from core.outputs import OUTPUTS
from core.simulation import simulate
from core.sources import SOURCES

REQUIRED_OUTPUTS = [
    "us_dc_capacity_gw", "cn_dc_capacity_gw", "us_power_demand_gw", "us_power_gap_gw",
    "cn_power_gap_gw", "us_installed_h100e", "cn_installed_h100e", "cn_legal_imports_h100e",
    "us_stranded_h100e", "us_effective_compute", "cn_effective_compute", "capability_gap_months",
    "open_weight_share", "cn_usage_share", "access_index", "tpu_output_h100e",
    "tpu_external_revenue_busd",
]


def test_catalogue_has_at_least_20_levers_in_the_four_groups():
    assert len(LEVERS) >= 20
    assert {lever.group for lever in LEVERS.values()} == set(GROUPS)
    for group in GROUPS:
        assert sum(lever.group == group for lever in LEVERS.values()) >= 3


@pytest.mark.parametrize("lever", LEVERS.values(), ids=list(LEVERS))
def test_every_lever_is_complete_and_sourced(lever):
    assert lever.min <= lever.default <= lever.max
    low, high = lever.uncertainty
    assert lever.min <= low <= lever.default <= high <= lever.max
    assert lever.label and lever.unit and lever.explanation and lever.step > 0
    for key in lever.source.split(";"):
        assert key.strip() in SOURCES, f"{lever.id}: unknown source key {key!r}"


def test_every_required_output_has_label_and_unit():
    for output_id in REQUIRED_OUTPUTS:
        assert OUTPUTS[output_id].unit and OUTPUTS[output_id].label
    results = simulate()
    assert set(results.series) == set(OUTPUTS)
    assert results.months[0] == "2025-01" and results.months[-1] == "2035-12"
    assert len(results.months) == 132


@pytest.mark.parametrize("n_samples", [1, 3, 300])  # both the few- and many-sample paths
@pytest.mark.parametrize("constant_keep", [False, True])
def test_euler_stock_matches_a_plain_monthly_loop(n_samples, constant_keep):
    rng = np.random.default_rng(1)
    keep = rng.uniform(0.5, 1.0, (1 if constant_keep else 40, n_samples))
    inflow = rng.uniform(0, 5, (40, n_samples))
    initial = rng.uniform(0, 3, n_samples)
    expected = np.empty((40, n_samples))
    expected[0] = initial
    for t in range(39):
        expected[t + 1] = keep[0 if constant_keep else t] * expected[t] + inflow[t]
    np.testing.assert_allclose(euler_stock(keep, inflow, initial, 40), expected, rtol=1e-10)
    accumulated = euler_stock(1.0, inflow, initial, 40)
    np.testing.assert_allclose(accumulated[-1], initial + inflow[:-1].sum(axis=0), rtol=1e-12)


def test_one_sample_of_a_batch_equals_the_same_run_alone():
    rng = np.random.default_rng(3)
    batch = {lever_id: rng.uniform(lever.min, lever.max, 500) for lever_id, lever in LEVERS.items()}
    together = simulate(batch)
    alone = simulate({lever_id: values[123] for lever_id, values in batch.items()})
    for output_id in OUTPUTS:
        np.testing.assert_allclose(together[output_id][:, 123], alone.central(output_id),
                                   rtol=1e-9, err_msg=output_id)


def test_single_precision_runs_stay_single_and_agree_with_double():
    """Monte Carlo runs the model in float32: any array made in float64 on the way would
    silently widen every output after it (and cost the speed float32 is there for). Over
    whole lever ranges the error stays within 0.2 % of each series' scale, far finer than
    a 5-95 % band."""
    rng = np.random.default_rng(4)
    batch = {lever_id: rng.uniform(lever.min, lever.max, 300) for lever_id, lever in LEVERS.items()}
    events = [ExportBan(start="2026-01", duration_months=30),
              PowerBuildoutPush(start="2027-01", extra_gw_per_year=5.0)]
    single = simulate(batch, events, dtype=np.float32)
    double = simulate(batch, events)
    for output_id in OUTPUTS:
        assert single[output_id].dtype == np.float32, output_id
        scale = np.nanmax(np.abs(double[output_id])) or 1.0
        error = np.nanmax(np.abs(single[output_id] - double[output_id])) / scale
        assert error < 2e-3, (output_id, error)  # worst here 8e-4: a gap of 181.3 vs 181.5


def test_single_precision_gives_a_sample_the_same_bits_in_any_batch():
    """Monte Carlo's chunk size must not change a single bit of any sample's result."""
    rng = np.random.default_rng(5)
    batch = {lever_id: rng.uniform(lever.min, lever.max, 400) for lever_id, lever in LEVERS.items()}
    whole = simulate(batch, dtype=np.float32)
    for first, last in ((0, 1), (7, 44), (100, 400)):
        part = simulate({lever_id: values[first:last] for lever_id, values in batch.items()},
                        dtype=np.float32)
        for output_id in OUTPUTS:
            assert np.array_equal(part[output_id], whole[output_id][:, first:last],
                                  equal_nan=True), (output_id, first, last)


def test_an_export_ban_stops_legal_imports_only_while_it_lasts():
    results = simulate(events=[ExportBan(start="2026-01", duration_months=30)])
    imports = results.central("cn_legal_imports_h100e")
    ban = slice(results.index_of("2026-01"), results.index_of("2028-06") + 1)
    assert np.all(imports[ban] == 0)
    assert imports[results.index_of("2025-12")] > 0
    assert imports[results.index_of("2028-07")] > 0


def test_a_lagged_export_chip_delivers_the_performance_of_a_chip_lag_months_older():
    deal = dict(start="2025-01", volume_cap_share=1.0, fee_share=0.2, demand_share=0.1)
    fresh = simulate(events=[LaggedExports(lag_months=0, **deal)])
    lagged = simulate(events=[LaggedExports(lag_months=18, **deal)])
    ratio = lagged.central("cn_legal_imports_h100e") / fresh.central("cn_legal_imports_h100e")
    np.testing.assert_allclose(ratio, LEVERS["chip_perf_growth_per_year"].default ** -1.5)


def test_a_timed_event_puts_the_lever_back_when_it_ends():
    push = PowerBuildoutPush(start="2026-01", duration_months=12, extra_gw_per_year=10)
    results = simulate(events=[push])
    additions = results.central("us_dc_additions_gw_per_year")
    default = LEVERS["us_dc_power_additions_gw_per_year"].default
    assert additions[results.index_of("2025-12")] == pytest.approx(default)
    assert additions[results.index_of("2026-06")] == pytest.approx(default + 10)
    assert additions[results.index_of("2027-01")] == pytest.approx(default)


def test_the_reported_window_follows_start_and_end():
    results = simulate(start="2026-01", end="2030-12")
    assert results.months[0] == "2026-01" and len(results.months) == 60
    full = simulate()
    np.testing.assert_array_equal(results["us_dc_capacity_gw"],
                                  full["us_dc_capacity_gw"][12:72])


def test_allocator_tuning_takes_effect_once_on_glibc():
    import platform

    from core.memory import keep_freed_memory

    result = keep_freed_memory()
    assert keep_freed_memory() is result  # cached: tuned once per process
    if platform.system() == "Linux" and platform.libc_ver()[0] == "glibc":
        assert result is True
