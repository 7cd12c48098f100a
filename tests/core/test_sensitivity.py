"""Sensitivity: the tornado's one-at-a-time ends and a Sobol estimator checked on functions
whose indices are known analytically, then on the model."""

import numpy as np
import pytest

from core.analysis import sensitivity
from core.analysis.sensitivity import (
    grouped_design,
    saltelli_design,
    sobol,
    sobol_estimates,
    sobol_factors,
    tornado,
)
from core.analysis.uncertainty import uncertain_levers
from core.catalogue.key_figures import KPIS
from core.catalogue.levers import LEVERS
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled


@pytest.fixture(scope="module")
def baseline():
    return load_bundled("baseline")


def _indices(function, k, n, seed, low=0.0, high=1.0):
    rng = np.random.default_rng(seed)
    a = low + (high - low) * rng.random((n, k))
    b = low + (high - low) * rng.random((n, k))
    ab = saltelli_design(a, b)
    return sobol_estimates(function(a), function(b), function(ab.reshape(k * n, k)).reshape(k, n))


def test_saltelli_design_swaps_one_column_from_b():
    a, b = np.zeros((4, 3)), np.ones((4, 3))
    ab = saltelli_design(a, b)
    assert ab.shape == (3, 4, 3)
    for i in range(3):
        assert np.all(ab[i][:, i] == 1) and np.all(np.delete(ab[i], i, axis=1) == 0)


def test_estimator_recovers_a_linear_additive_functions_indices():
    weights = np.array([1.0, 2.0, 3.0, 0.0])
    first, total = _indices(lambda x: x @ weights, 4, 20_000, seed=1)
    expected = weights ** 2 / np.sum(weights ** 2)  # additive: S_i = ST_i = w_i^2 / sum w^2
    assert np.allclose(first, expected, atol=0.03)
    assert np.allclose(total, expected, atol=0.03)


def test_estimator_recovers_the_ishigami_indices():
    def ishigami(x, a=7.0, b=0.1):
        return np.sin(x[:, 0]) + a * np.sin(x[:, 1]) ** 2 + b * x[:, 2] ** 4 * np.sin(x[:, 0])

    first, total = _indices(ishigami, 3, 40_000, seed=2, low=-np.pi, high=np.pi)
    assert np.allclose(first, [0.3139, 0.4424, 0.0], atol=0.04)
    assert np.allclose(total, [0.5576, 0.4424, 0.2437], atol=0.04)


def test_a_constant_figure_has_zero_indices():
    first, total = sobol_estimates(np.ones(10), np.ones(10), np.ones((2, 10)))
    assert np.all(first == 0) and np.all(total == 0)


def test_tornado_moves_each_uncertain_lever_to_its_range_ends(baseline):
    bars = tornado(baseline, "us_power_gap_2028")
    assert {bar.lever_id for bar in bars} == {lever.id for lever in uncertain_levers()}
    swings = [bar.swing for bar in bars]
    assert swings == sorted(swings, reverse=True)
    base = float(run_scenario(baseline).at("us_power_gap_gw", "2028-12")[0])
    assert all(bar.kpi_base == pytest.approx(base) for bar in bars)
    additions = next(bar for bar in bars if bar.lever_id == "us_dc_committed_additions_gw_per_year")
    low, high = LEVERS[additions.lever_id].uncertainty
    assert (additions.low_value, additions.high_value) == (low, high)
    single = run_scenario(baseline.with_lever(additions.lever_id, high))
    assert additions.kpi_at_high == pytest.approx(float(single.at("us_power_gap_gw",
                                                                  "2028-12")[0]))
    assert additions.kpi_at_high < base < additions.kpi_at_low  # more power, smaller gap
    assert LEVERS[bars[0].lever_id].group in {"Power", "Chips"}


def test_tornado_ranges_follow_the_users_lever_and_clip(baseline):
    lever = LEVERS["us_dc_committed_additions_gw_per_year"]
    low, high = lever.uncertainty
    bars = tornado(baseline.with_lever(lever.id, 1.0), "us_power_gap_2028")
    bar = next(bar for bar in bars if bar.lever_id == lever.id)
    assert bar.low_value == 0.0  # 1 - (default - low) clipped to the bound
    assert bar.high_value == pytest.approx(1.0 + high - lever.default)


@pytest.mark.slow
def test_sobol_on_the_model_ranks_a_power_or_chips_lever_first(baseline, monkeypatch):
    monkeypatch.setattr(sensitivity, "SOBOL_CHUNK", 3_000)  # several batches, as at full size
    indices = sobol(baseline, "us_power_gap_2028", base_samples=256, seed=4)
    assert [index.lever_id for index in indices] == sorted(
        (factor.id for factor in sobol_factors()[2]),
        key=[index.lever_id for index in indices].index)  # every factor, once
    for index in indices:
        assert -0.1 <= index.first_order <= 1.1, index
        assert -0.1 <= index.total_order <= 1.1, index
    top_lever = next(index.lever_id for index in indices if index.lever_id in LEVERS)
    assert LEVERS[top_lever].group in {"Power", "Chips"}
    totals = [index.total_order for index in indices]
    assert totals == sorted(totals, reverse=True)
    assert sobol(baseline, "us_power_gap_2028", base_samples=256, seed=4) == indices


def test_policy_levers_have_no_share_of_the_variance(baseline):
    indices = sobol(baseline, "tpu_revenue_2028", base_samples=16, seed=1)
    # TPU external sales are a policy lever at 0: revenue does not vary at all
    assert all(index.first_order == 0 and index.total_order == 0 for index in indices)


@pytest.mark.parametrize("analysis", [tornado, sobol])
def test_unknown_key_figure_names_the_known_ones(baseline, analysis):
    with pytest.raises(ValueError, match="unknown key figure 'nope'; known: .*" +
                       list(KPIS)[0]):
        analysis(baseline, "nope")


@pytest.mark.slow
def test_sobol_reports_progress_and_stops_when_cancelled():
    from core.analysis.sensitivity import sobol
    from core.analysis.uncertainty import Cancelled
    from core.formats.scenario import load_bundled

    baseline = load_bundled("baseline")
    reports = []
    sobol(baseline, "us_power_gap_2028", base_samples=512, progress=lambda d, t: reports.append(
        (d, t)))
    assert reports[-1][0] == reports[-1][1] and len(reports) >= 2
    calls = []

    def cancel_after_first_batch():
        calls.append(1)
        return len(calls) > 1

    with pytest.raises(Cancelled):
        sobol(baseline, "us_power_gap_2028", base_samples=512, cancelled=cancel_after_first_batch)
    assert len(calls) == 2


def test_a_group_of_factors_is_swapped_together_and_reported_once(baseline):
    """Bass p and q (fitted together) and the 2022 installed stocks (a constant group) each
    have one index under the group's name; their members have none of their own; every
    ranged constant outside a group has its own."""
    _, constants, factors = sobol_factors()
    a, b = np.zeros((3, 4)), np.ones((3, 4))
    from core.analysis.sensitivity import Factor
    ab = grouped_design(a, b, [Factor("x", "x", (0, 2)), Factor("y", "y", (1,)),
                               Factor("z", "z", (3,))])
    assert ab[0, 0].tolist() == [1, 0, 1, 0] and ab[1, 0].tolist() == [0, 1, 0, 0]
    indices = sobol(baseline, "open_weight_share_2030", base_samples=16, seed=2)
    ids = [index.lever_id for index in indices]
    assert len(ids) == len(set(ids)) == len(factors)
    assert ids.count("bass_diffusion") == 1 and not {"bass_p", "bass_q"} & set(ids)
    assert ids.count("installed_2022") == 1
    assert not {"K.us_installed_h100e_2022", "K.row_installed_h100e_2022"} & set(ids)
    assert "K.gap_quality_months" in ids
    levers_only = sobol(baseline, "open_weight_share_2030", base_samples=16, seed=2,
                        include_constants=False)
    assert not any(index.lever_id.startswith("K.") for index in levers_only)
