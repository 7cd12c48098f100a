"""Explicit-Euler integration of every stock in the model, for all months at once.

A stock with first-order outflow obeys, per monthly Euler step,

    S[t+1] = S[t] + inflow[t] - S[t] / tau[t]  =  keep[t] * S[t] + inflow[t],

with keep = 1 - 1/tau. This is the Vensim/Stella/En-ROADS recurrence; here it is solved for
every step in one vectorised pass (cumulative products), because a Python loop over 132
months costs ~1 ms even for one sample. All model stocks go through ``euler_stock``.
"""

from __future__ import annotations

import numpy as np


def euler_stock(keep: np.ndarray, inflow: np.ndarray, initial: np.ndarray | float,
                n_months: int) -> np.ndarray:
    """Stock values for every month, S[0] = initial, S[t+1] = keep[t] * S[t] + inflow[t].

    keep must be positive (a delay of at least one step); arrays broadcast to (months, N).
    With non-negative inflows and initial value the result is non-negative.
    """
    keep = np.asarray(keep, dtype=float)
    inflow = np.asarray(inflow, dtype=float)
    initial = np.asarray(initial, dtype=float)
    n_samples = np.broadcast_shapes(keep.shape[1:], inflow.shape[1:], initial.shape[-1:])[0]
    shape = (n_months, n_samples)
    carried = np.empty(shape)
    carried[0] = 1.0
    np.cumprod(np.broadcast_to(keep, shape)[:-1], axis=0, out=carried[1:])
    added = np.empty(shape)
    added[0] = 0.0
    np.cumsum(np.broadcast_to(inflow, shape)[:-1] / carried[1:], axis=0, out=added[1:])
    return carried * (initial + added)


def keep_for_delay(delay_months: np.ndarray) -> np.ndarray:
    """Share of a first-order delay's stock that stays each month (delay >= 1.5 months)."""
    return 1.0 - 1.0 / np.maximum(delay_months, 1.5)


def years_from_mid_2025(n_months: int) -> np.ndarray:
    """Years from mid-2025 to the middle of each month, shape (months, 1)."""
    return ((np.arange(n_months) + 0.5) / 12.0 - 0.5).reshape(-1, 1)
