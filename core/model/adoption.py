"""Adoption block: world AI adoption (Bass diffusion), the open/closed split, China's share
of usage and the access index (who can afford near-frontier AI).

Shares are dimensionless in [0, 1]; prices are an index (closed frontier price in 2025 = 1).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.inputs import ModelInputs
from core.model.stocks import euler_stock

ADOPTION_SHARE_2025 = 0.20  # EST: world share of potential users on generative AI, Jan 2025
OPEN_SHARE_2025 = 0.05  # O1: open-weight share of usage was near zero in late 2024
OTHER_OPEN_SUPPLY = 0.4  # EST: open models from outside US frontier labs and China
GAP_QUALITY_MONTHS = 24.0  # EST: a side's model quality falls by 1/e per 24 months behind
OPEN_LAG_PER_GAP_MONTH = 0.25  # EST: model lag months per compute-gap month (distillation)
CN_CLOSED_SHARE = 0.15  # EST: Chinese closed apps' share of closed usage, at parity
# Open/closed choice rule (logit). Weights are estimates; the intercept is fitted so the
# baseline gives a 30% open-weight share at the end of 2025 (O1).
CHOICE_PRICE_WEIGHT = 0.5  # per unit of ln(closed/open price); weak price response (O1)
CHOICE_LAG_WEIGHT = 0.25  # per month the open frontier trails
CHOICE_SUPPLY_WEIGHT = 1.0  # per unit of open-model supply
CHOICE_INTERCEPT = -2.05
# EST: willingness to pay is log-logistic (shape 1) with this median, in 2025 closed-price
# units; the affordable share at price x is 1 / (1 + x / median).
WTP_MEDIAN_PRICE = 0.25


@dataclass
class Adoption:
    adoption_share: np.ndarray
    open_weight_share: np.ndarray
    cn_usage_share: np.ndarray
    access_index: np.ndarray
    open_lag_months: np.ndarray


def bass_adoption(inputs: ModelInputs, friction: np.ndarray) -> np.ndarray:
    """Share of potential users who have adopted AI.

    The Bass equation dF/dt = (p + qF)(1 - F) is integrated exactly in 'diffusion time',
    which runs slower under regulatory friction. (A closed form, not Euler: the equation
    is nonlinear, and a monthly loop would cost more than the whole rest of the model.)
    """
    p, q = inputs["bass_p"], inputs["bass_q"]
    rate = p + q
    tau_2025 = -np.log((1 - ADOPTION_SHARE_2025) / (1 + q / p * ADOPTION_SHARE_2025)) / rate
    tau = euler_stock(1.0, (1.0 - friction) / 12.0, tau_2025, inputs.n_months)
    decay = np.exp(-rate * tau)
    return (1.0 - decay) / (1.0 + q / p * decay)


def adoption(inputs: ModelInputs, capability_gap_months: np.ndarray,
             friction: np.ndarray) -> Adoption:
    n = inputs.n_months
    us_open, cn_open = inputs["us_lab_openness"], inputs["cn_lab_openness"]
    behind = np.exp(-np.abs(capability_gap_months) / GAP_QUALITY_MONTHS)
    us_leads = capability_gap_months > 0
    cn_quality = np.where(us_leads, behind, 1.0)
    us_quality = np.where(us_leads, 1.0, behind)
    cn_open_supply = cn_open * cn_quality
    open_supply = cn_open_supply + us_open * us_quality + OTHER_OPEN_SUPPLY
    cn_part_of_open = cn_open_supply / open_supply

    # The open frontier falls further behind when China, its main supplier, falls behind.
    drift = capability_gap_months - capability_gap_months[:1]
    open_lag = np.clip(inputs["open_model_lag_months"]
                       + OPEN_LAG_PER_GAP_MONTH * cn_part_of_open * drift, 0.0, 36.0)
    price_ratio = inputs["open_closed_price_ratio"]
    # logistic choice: target = 1 / (1 + exp(-utility)), written with in-place steps because
    # this block runs on (months x 10,000) arrays in Monte Carlo
    disutility = CHOICE_LAG_WEIGHT * open_lag
    disutility -= CHOICE_SUPPLY_WEIGHT * open_supply
    disutility += CHOICE_PRICE_WEIGHT * np.log(price_ratio) - CHOICE_INTERCEPT
    target = np.exp(disutility, out=disutility)
    target += 1.0
    np.reciprocal(target, out=target)
    keep = 1.0 - 1.0 / np.maximum(inputs["open_switching_time_months"], 1.5)
    open_share = euler_stock(keep, target * (1.0 - keep), OPEN_SHARE_2025, n)

    # share x CN part of open usage + (1 - share) x CN part of closed usage
    cn_closed = CN_CLOSED_SHARE * cn_quality
    cn_usage = open_share * (cn_part_of_open - cn_closed)
    cn_usage += cn_closed

    # near-frontier price at today's open/closed mix, and the share who can afford it:
    # WTP / (WTP + price) for a log-logistic willingness to pay of shape 1
    price = np.log(inputs["frontier_price_decline_per_year"]) * (-np.arange(n, dtype=inputs.dtype).reshape(-1, 1)
                                                                / 12.0)
    np.exp(price, out=price)
    price *= 1.0 - open_share * (1.0 - price_ratio)
    price += WTP_MEDIAN_PRICE
    afford = np.divide(WTP_MEDIAN_PRICE, price, out=price)
    adopted = bass_adoption(inputs, friction)
    return Adoption(adopted, open_share, cn_usage, adopted * afford, open_lag)
