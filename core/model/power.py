"""Power block: data-centre capacity as a stock fed through a construction pipeline.

Units: GW of data-centre power. Demand is the chips' load (co-flow from the chips block) plus
a slowly growing non-AI load. Source keys as in shared/reference/parameters.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.inputs import ModelInputs
from core.model.stocks import euler_stock, keep_for_delay

US_DC_CAPACITY_GW_2025 = 51.0  # S0: about 51 GW, 5% of US peak demand
US_NON_AI_DC_LOAD_GW_2025 = 46.0  # S0 51 GW minus E9's ~5 GW of US AI load in 2025
US_NON_AI_LOAD_GROWTH_PER_YEAR = 0.04  # EST: cloud and enterprise load (L1 puts all DC load at +13-27%/yr)
US_DC_MAX_SHARE_OF_NEW_GENERATION = 0.5  # EST: data centres take at most half of new plants
CN_DC_CAPACITY_GW_2025 = 14.0  # DER I1: 102 TWh in 2024 is 11.6 GW average load; EST headroom
CN_NON_AI_DC_LOAD_GW_2025 = 10.5  # DER I1: 11.6 GW average load minus ~1 GW of AI load
CN_NON_AI_LOAD_GROWTH_PER_YEAR = 0.04  # EST, below I1's +170% 2024-2030 which includes AI
CN_GRID_CONNECTION_DELAY_MONTHS = 12.0  # EST: state-directed grid build-out is fast


@dataclass
class Capacity:
    capacity_gw: np.ndarray
    additions_gw_per_year: np.ndarray  # what enters the pipeline, (1, N) or (months, N)


def _pipeline_capacity(additions_gw_per_year, delay_months, initial_gw, n_months) -> np.ndarray:
    """Capacity stock fed by a first-order construction/interconnection pipeline.

    The pipeline starts in steady state, so completions equal planned additions until a
    lever or event changes them; a shorter delay drains the pipeline faster for a while.
    """
    keep = keep_for_delay(delay_months)
    monthly = additions_gw_per_year / 12.0
    initial_pipeline = monthly[0] * np.maximum(delay_months[0], 1.5)
    pipeline = euler_stock(keep, monthly, initial_pipeline, n_months)
    completions = pipeline * (1.0 - keep)
    return euler_stock(1.0, completions, initial_gw, n_months)


def us_capacity(inputs: ModelInputs) -> Capacity:
    planned = inputs["us_dc_power_additions_gw_per_year"]
    ceiling = US_DC_MAX_SHARE_OF_NEW_GENERATION * inputs["us_new_generation_gw_per_year"]
    additions = np.minimum(planned, ceiling)
    delay = inputs["us_grid_connection_delay_months"] * (1.0 - inputs["us_permitting_reform_share"])
    return Capacity(_pipeline_capacity(additions, delay, US_DC_CAPACITY_GW_2025, inputs.n_months),
                    additions)


def cn_capacity(inputs: ModelInputs) -> Capacity:
    additions = inputs["cn_new_generation_gw_per_year"] * inputs["cn_dc_share_of_new_generation"]
    delay = np.full((1, 1), CN_GRID_CONNECTION_DELAY_MONTHS, dtype=inputs.dtype)
    capacity = _pipeline_capacity(additions, delay,
                                  CN_DC_CAPACITY_GW_2025, inputs.n_months)
    return Capacity(capacity, additions)


def non_ai_load_gw(initial_gw: float, growth_per_year: float, n_months: int,
                   dtype=np.float64) -> np.ndarray:
    """Conventional data-centre load, growing steadily, shape (months, 1)."""
    years = np.arange(n_months, dtype=dtype).reshape(-1, 1) / 12.0
    return initial_gw * (1.0 + growth_per_year) ** years


def powered_share(capacity_gw, non_ai_load_gw, chip_load_gw) -> np.ndarray:
    """Share of installed chips that have power: non-AI load is served first (EST)."""
    for_ai = np.maximum(capacity_gw - non_ai_load_gw, 0.0)
    return np.minimum(1.0, for_ai / np.maximum(chip_load_gw, 1e-9))
