"""Compute block: powered and effective compute, the algorithmic race, the capability gap.

Effective compute is in H100e at 2025 algorithmic efficiency ("effective H100e"): powered
H100e x algorithmic efficiency x (1 - regulatory friction) (MODEL.md, Compute).
"""

from __future__ import annotations

import math

import numpy as np

from core.inputs import ModelInputs
from core.model.stocks import euler_stock

LN2 = float(np.log(2.0))
CN_ALGO_EFFICIENCY_VS_US_2025 = 1.0  # EST: DeepSeek-V3/R1 matched US efficiency in Jan 2025
MIN_EFFECTIVE_H100E = 1.0  # floor so logs stay finite when a side has no powered chips
MAX_GAP_MONTHS = 240.0


def us_algo_log_efficiency(inputs: ModelInputs) -> np.ndarray:
    """ln of US algorithmic efficiency, doubling every halving time (E3)."""
    return euler_stock(1.0, LN2 / inputs["algo_halving_months"], 0.0, inputs.n_months)


def cn_relative_log_efficiency(inputs: ModelInputs) -> np.ndarray:
    """ln(CN efficiency / US efficiency): extra Chinese efficiency gains and one-off
    breakthroughs push it up; open-model spillover pulls both sides towards parity."""
    openness = (inputs["us_lab_openness"] + inputs["cn_lab_openness"]) / 2.0
    keep = 1.0 - inputs["open_spillover_rate"] * openness / 12.0
    gain = np.log(inputs["cn_efficiency_gain_per_year"]) / 12.0 + inputs.cn_algo_jump_log
    return euler_stock(keep, gain, math.log(CN_ALGO_EFFICIENCY_VS_US_2025), inputs.n_months)


def effective_compute(powered_h100e, log_efficiency, friction) -> np.ndarray:
    return np.maximum(powered_h100e * np.exp(log_efficiency) * (1.0 - friction),
                      MIN_EFFECTIVE_H100E)


def capability_gap_months(us_effective, cn_effective) -> np.ndarray:
    """Months the US leads (negative: trails): the log compute ratio over the leader's
    trailing 12-month log growth rate, floored at half the pace of algorithms alone."""
    log_us, log_cn = np.log(us_effective), np.log(cn_effective)
    leader = np.maximum(log_us, log_cn)
    n = leader.shape[0]
    window = min(12, n - 1)
    growth = np.empty_like(leader)
    if window > 0:
        growth[window:] = (leader[window:] - leader[:-window]) / window
        growth[:window] = growth[window]
    else:
        growth[:] = LN2 / 8.0
    growth = np.maximum(growth, 0.5 * LN2 / 24.0)
    return np.clip((log_us - log_cn) / growth, -MAX_GAP_MONTHS, MAX_GAP_MONTHS)
