"""The bundled baseline reproduces the seed article's figures (MODEL.md, calibration)."""

import pytest

from core.scenario import load_bundled
from core.simulation import run_scenario


@pytest.fixture(scope="module")
def baseline():
    return run_scenario(load_bundled("baseline"))


@pytest.fixture(scope="module")
def tpu_expansion():
    return run_scenario(load_bundled("tpu_expansion"))


def value(results, output_id, month):
    return float(results.at(output_id, month)[0])


def test_us_data_centre_capacity_is_51_gw_at_the_start_of_2025(baseline):
    assert value(baseline, "us_dc_capacity_gw", "2025-01") == pytest.approx(51, abs=0.5)


def test_us_power_gap_is_19_gw_at_the_end_of_2028(baseline):
    assert value(baseline, "us_power_gap_gw", "2028-12") == pytest.approx(19, abs=1.5)


def test_the_us_gets_about_25_gw_and_needs_about_44_gw_over_2026_to_2028(baseline):
    gained = (value(baseline, "us_dc_capacity_gw", "2028-12")
              - value(baseline, "us_dc_capacity_gw", "2025-12"))
    needed = (value(baseline, "us_power_demand_gw", "2028-12")
              - value(baseline, "us_dc_capacity_gw", "2025-12"))
    assert gained == pytest.approx(25, abs=1.5)
    assert needed == pytest.approx(44, abs=3)
    gap = value(baseline, "us_power_gap_gw", "2028-12")
    assert gap / needed == pytest.approx(0.40, abs=0.05)


def test_generation_inputs_are_429_gw_china_and_51_gw_us(baseline):
    assert value(baseline, "cn_new_generation_gw_per_year", "2025-06") == pytest.approx(429)
    assert value(baseline, "us_new_generation_gw_per_year", "2025-06") == pytest.approx(51)


def test_world_ai_compute_is_about_15_million_h100e_in_early_2026(baseline):
    assert value(baseline, "global_installed_h100e", "2026-01") == pytest.approx(15e6, rel=0.3)


def test_us_holds_about_70_percent_and_china_about_8_percent_of_compute_in_2025(baseline):
    world = baseline.mean_over("global_installed_h100e", "2025-01", "2025-12")[0]
    us = baseline.mean_over("us_installed_h100e", "2025-01", "2025-12")[0]
    cn = baseline.mean_over("cn_installed_h100e", "2025-01", "2025-12")[0]
    assert us / world == pytest.approx(0.70, abs=0.05)
    assert cn / world == pytest.approx(0.08, abs=0.02)


def test_open_weight_share_is_about_30_percent_at_the_end_of_2025(baseline):
    assert value(baseline, "open_weight_share", "2025-12") == pytest.approx(0.30, abs=0.03)


def test_open_models_trail_by_about_3_5_months_in_2025(baseline):
    assert value(baseline, "open_model_lag_months", "2025-06") == pytest.approx(3.5, abs=0.5)


def test_tpu_output_in_2028_is_at_least_twice_2025_in_the_tpu_expansion(tpu_expansion):
    ratio = (tpu_expansion.mean_over("tpu_output_h100e", "2028-01", "2028-12")
             / tpu_expansion.mean_over("tpu_output_h100e", "2025-01", "2025-12"))
    assert ratio[0] >= 2.0
    assert value(tpu_expansion, "tpu_external_revenue_busd", "2028-06") > 0
