"""The model's stocks and their starting values.

In January 2025 (the calibration month) the stocks follow the seed's and Epoch's figures and
are consistent with each other: pipelines in steady state, installed chips within capacity
(nothing stranded at start). A backcast starts in January 2022 from ``core.engine.history``.
"""

from __future__ import annotations

from core.catalogue.constants import K
from core.model.chips import initial_kw_per_h100e_of_stock

STOCKS: tuple[str, ...] = (
    "us_dc_capacity_gw", "us_queue_gw", "cn_dc_capacity_gw", "cn_queue_gw",
    "log_us_chip_budget_busd", "log_us_packaging_h100e", "log_cn_domestic_capacity_h100e",
    "us_in_transit_h100e", "us_deferred_h100e", "us_installed_h100e", "us_installed_load_gw",
    "us_abroad_h100e", "us_abroad_load_gw",
    "cn_in_transit_h100e", "cn_deferred_h100e", "cn_installed_h100e", "cn_installed_load_gw",
    "row_installed_h100e", "row_installed_load_gw",
    "cn_substitution_pressure", "us_control_tightness",
    "us_log_algo_efficiency", "cn_log_algo_efficiency_vs_us",
    "adoption_share_connected", "open_weight_share",
)

SUBSTITUTION_PRESSURE_2025 = 0.5  # EST: controls since 2022, H20 sales still allowed


def steady_queue(committed, delay_months, xp):
    """A queue in steady state connects ``committed`` GW/yr."""
    return (committed * xp.maximum(delay_months, K.min_adjustment_months) / K.months_per_year
            / K.queue_completion_share)


def initial_2025(u, xp) -> dict:
    """Stocks in January 2025 from the month's inputs ``u`` (floats or (N,) arrays)."""
    half_year = K.jan_to_mid_2025_years  # the 2025 figures are mid-year; this is January
    price = K.price_per_h100e_usd_2025 * u["price_performance_growth_per_year"] ** half_year
    order_growth = u["us_chip_order_growth_per_year"]
    output = K.us_gpu_output_h100e_2025 * order_growth ** -half_year
    tpu = K.tpu_output_h100e_2025 * u["tpu_output_multiple_2028"] ** (-half_year
                                                                      / K.tpu_plan_years)
    us_arrivals = output * u["us_share_of_us_gpu_output"] + tpu
    lag_years = (xp.maximum(u["ship_to_online_lag_months"], K.min_pipeline_months)
                 / K.months_per_year)
    kw_stock = initial_kw_per_h100e_of_stock(u["facility_kw_per_h100e"])
    domestic = (K.cn_domestic_output_h100e_2025
                * u["cn_domestic_chip_growth_per_year"] ** -half_year)
    cn_arrivals = (domestic * u["ascend_yield"] / K.ascend_yield_2025
                   + K.cn_other_arrivals_h100e_2025)
    penalty = 1.0 + (K.cn_domestic_power_penalty - 1.0) * K.cn_domestic_share_of_stock_2025
    us_delay = u["us_grid_connection_delay_months"] * (1.0 - u["us_permitting_reform_share"])
    cn_committed = u["cn_new_generation_gw_per_year"] * u["cn_dc_share_of_new_generation"]
    return {
        "us_dc_capacity_gw": K.us_dc_capacity_gw_2025,
        "us_queue_gw": steady_queue(u["us_dc_committed_additions_gw_per_year"], us_delay, xp),
        "cn_dc_capacity_gw": K.cn_dc_capacity_gw_2025,
        "cn_queue_gw": steady_queue(cn_committed, K.cn_grid_connection_delay_months, xp),
        "log_us_chip_budget_busd": xp.log(output * price / K.usd_per_busd),
        "log_us_packaging_h100e": xp.log(output * K.packaging_slack),
        "log_cn_domestic_capacity_h100e": xp.log(domestic),
        "us_in_transit_h100e": us_arrivals * lag_years,
        "us_deferred_h100e": us_arrivals / K.months_per_year * K.install_months,
        "us_installed_h100e": K.us_installed_h100e_2025,
        "us_installed_load_gw": K.us_installed_h100e_2025 * kw_stock / K.kw_per_gw,
        "us_abroad_h100e": 0.0,
        "us_abroad_load_gw": 0.0,
        "cn_in_transit_h100e": cn_arrivals * lag_years,
        "cn_deferred_h100e": cn_arrivals / K.months_per_year * K.install_months,
        "cn_installed_h100e": K.cn_installed_h100e_2025,
        "cn_installed_load_gw": K.cn_installed_h100e_2025 * kw_stock * penalty / K.kw_per_gw,
        "row_installed_h100e": K.row_installed_h100e_2025,
        "row_installed_load_gw": K.row_installed_h100e_2025 * kw_stock / K.kw_per_gw,
        "cn_substitution_pressure": SUBSTITUTION_PRESSURE_2025,
        "us_control_tightness": 0.0,
        "us_log_algo_efficiency": 0.0,
        "cn_log_algo_efficiency_vs_us": xp.log(K.cn_algo_efficiency_vs_us_2025),
        "adoption_share_connected": K.adoption_share_connected_2025,
        "open_weight_share": K.open_share_2025,
    }
