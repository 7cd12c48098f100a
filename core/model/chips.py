"""Chips block: production by supplier, the export regime, and installed stocks.

Units: H100-equivalents (H100e) for stocks, H100e per year for flows, GW for the chips'
power load (a co-flow of the installed stock, so old, hungrier chips retire with their load).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from core.inputs import ModelInputs
from core.model.stocks import euler_stock, keep_for_delay, years_from_mid_2025

US_GPU_OUTPUT_2025_H100E_PER_YEAR = 9.0e6  # DER N3: 4-5M GPUs, Blackwell ~2 H100e each
TPU_OUTPUT_2025_H100E_PER_YEAR = 2.5e6  # DER M1: ~2.5M TPUs in 2025; EST 1 H100e per TPU
CN_DOMESTIC_OUTPUT_2025_H100E_PER_YEAR = 0.48e6  # DER H1; H3: 0.8M Ascend x 0.6 H100e
ASCEND_YIELD_2025 = 0.40  # H1
CN_DOMESTIC_POWER_PENALTY = 2.3  # DER: CloudMatrix-384 vs GB200 NVL72, watts per FLOP
# Installed stocks in January 2025, fitted so the baseline gives ~15M H100e worldwide in early
# 2026 (E6) with the US at ~70% and China at ~8% (E7; E8). DER from those sources.
US_INSTALLED_H100E_2025 = 4.4e6
CN_INSTALLED_H100E_2025 = 0.55e6
ROW_INSTALLED_H100E_2025 = 1.3e6
INSTALLED_STOCK_AGE_YEARS_2025 = 1.0  # EST: average vintage of the 2025 stock
GROWTH_FADE_START_YEARS = 3.0  # mid-2028, three years after mid-2025 (EST)
GROWTH_FADE_HALF_LIFE_YEARS = 3.0  # EST
CN_DOMESTIC_SHARE_OF_STOCK_2025 = 0.3  # EST: Ascend share of China's installed H100e


@dataclass
class Chips:
    us_gpu_output: np.ndarray  # H100e/yr, US-designed GPUs
    tpu_output: np.ndarray  # H100e/yr
    cn_domestic_output: np.ndarray  # H100e/yr
    cn_legal_imports: np.ndarray  # H100e/yr, performance-discounted for lagged exports
    cn_smuggled: np.ndarray  # H100e/yr
    us_installed: np.ndarray  # H100e
    cn_installed: np.ndarray
    row_installed: np.ndarray
    us_chip_load_gw: np.ndarray  # GW the installed US chips draw when powered
    cn_chip_load_gw: np.ndarray


@functools.lru_cache(maxsize=16)
def growth_years(n_months: int, dtype: np.dtype) -> np.ndarray:
    """Years of growth at the lever's rate since mid-2025, shape (months, 1).

    Growth runs at full rate to mid-2028 (the article's horizon), then fades with a half-life
    of GROWTH_FADE_HALF_LIFE_YEARS (EST: chip capex cannot outgrow the economy for ever).
    """
    years = years_from_mid_2025(n_months, dtype)
    late = np.maximum(years - GROWTH_FADE_START_YEARS, 0.0)
    half_life = GROWTH_FADE_HALF_LIFE_YEARS
    faded = half_life / np.log(2.0) * (1.0 - 2.0 ** (-late / half_life))
    grown = (np.minimum(years, GROWTH_FADE_START_YEARS) + faded).astype(dtype)
    grown.flags.writeable = False
    return grown


def _grow(base_per_year: float, growth_per_year: np.ndarray, n_months: int) -> np.ndarray:
    return base_per_year * growth_per_year ** growth_years(n_months, growth_per_year.dtype)


def legal_export_share(inputs: ModelInputs) -> tuple[np.ndarray, np.ndarray]:
    """(share of US-designed output diverted to China, H100e delivered per H100e diverted).

    Demand falls one for one with the fee; the volume cap bounds it; a chip L months old
    delivers the performance of the trend L months back (MODEL.md, lagged exports).
    """
    demand = inputs["cn_export_share"] * (1.0 - inputs["export_fee_share"])
    diverted = np.minimum(demand, inputs["export_volume_cap_share"])
    worth = inputs["chip_perf_growth_per_year"] ** (-inputs["export_lag_months"] / 12.0)
    return diverted, worth


def _installed(inflow_per_year, lag_months, lifetime_years, initial_h100e, n_months):
    """(installed stock, H100e coming online per month) after shipping lag, minus retirement."""
    lag_keep = keep_for_delay(lag_months)
    shipped = inflow_per_year / 12.0
    in_transit = euler_stock(lag_keep, shipped, shipped[0] * np.maximum(lag_months, 1.5)[0],
                             n_months)
    online = in_transit * (1.0 - lag_keep)
    retire_keep = 1.0 - 1.0 / (12.0 * lifetime_years)
    return euler_stock(retire_keep, online, initial_h100e, n_months), online, retire_keep


def chips(inputs: ModelInputs) -> Chips:
    n = inputs.n_months
    us_gpu = _grow(US_GPU_OUTPUT_2025_H100E_PER_YEAR, inputs["us_gpu_output_growth_per_year"], n)
    tpu_growth = inputs["tpu_output_multiple_2028"] ** (1.0 / 3.0)  # 2025 -> 2028
    tpu = _grow(TPU_OUTPUT_2025_H100E_PER_YEAR, tpu_growth, n)
    domestic = _grow(CN_DOMESTIC_OUTPUT_2025_H100E_PER_YEAR * inputs["ascend_yield"]
                     / ASCEND_YIELD_2025, inputs["cn_domestic_chip_growth_per_year"], n)
    domestic = np.minimum(domestic, inputs["cn_domestic_cap_mh100e_per_year"] * 1e6)

    diverted_share, worth = legal_export_share(inputs)
    imports = us_gpu * diverted_share * worth
    smuggled = inputs["cn_smuggled_mh100e_per_year"] * 1e6
    us_share = inputs["us_share_of_us_gpu_output"]
    us_inflow = us_gpu * us_share + tpu
    row_inflow = np.maximum(us_gpu * (1.0 - us_share - diverted_share), 0.0)
    cn_inflow = imports + smuggled + domestic

    lag = inputs["ship_to_online_lag_months"]
    life = inputs["hw_lifetime_years"]
    us_installed, us_online, us_keep = _installed(us_inflow, lag, life,
                                                  US_INSTALLED_H100E_2025, n)
    cn_installed, cn_online, cn_keep = _installed(cn_inflow, lag, life,
                                                  CN_INSTALLED_H100E_2025, n)
    row_installed, _, _ = _installed(row_inflow, lag, life, ROW_INSTALLED_H100E_2025, n)

    # Power drawn per H100e coming online falls with chip energy efficiency (kW -> GW).
    kw_new = inputs["facility_kw_per_h100e"] * inputs["flop_per_watt_growth_per_year"] ** (
        -years_from_mid_2025(n, inputs.dtype))
    kw_stock_2025 = inputs.at_start("facility_kw_per_h100e") * inputs.at_start(
        "flop_per_watt_growth_per_year") ** INSTALLED_STOCK_AGE_YEARS_2025
    cn_penalty = 1.0 + (CN_DOMESTIC_POWER_PENALTY - 1.0) * domestic / np.maximum(cn_inflow, 1.0)
    us_load = euler_stock(us_keep, us_online * kw_new / 1e6,
                          US_INSTALLED_H100E_2025 * kw_stock_2025 / 1e6, n)
    cn_load = euler_stock(cn_keep, cn_online * kw_new * cn_penalty / 1e6,
                          CN_INSTALLED_H100E_2025 * kw_stock_2025 * _stock_penalty_2025() / 1e6,
                          n)
    return Chips(us_gpu, tpu, domestic, imports, smuggled, us_installed, cn_installed,
                 row_installed, us_load, cn_load)


def _stock_penalty_2025() -> float:
    return 1.0 + (CN_DOMESTIC_POWER_PENALTY - 1.0) * CN_DOMESTIC_SHARE_OF_STOCK_2025
