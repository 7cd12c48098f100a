"""Explicit-Euler integration of every stock in the model, for all months at once.

A stock with first-order outflow obeys, per monthly Euler step,

    S[t+1] = S[t] + inflow[t] - S[t] / tau[t]  =  keep[t] * S[t] + inflow[t],

with keep = 1 - 1/tau. This is the Vensim/Stella/En-ROADS recurrence; here it is solved for
every step in one vectorised pass (cumulative products), because a Python loop over 132
months costs ~1 ms even for one sample. All model stocks go through ``euler_stock``.
"""

from __future__ import annotations

import functools

import numpy as np


def euler_stock(keep: np.ndarray | float, inflow: np.ndarray | float,
                initial: np.ndarray | float, n_months: int) -> np.ndarray:
    """Stock values for every month, S[0] = initial, S[t+1] = keep[t] * S[t] + inflow[t].

    keep must be positive (a delay of at least one step). Arguments are scalars or arrays of
    shape (1, N) (constant in time) or (months, N); the result has shape (months, N) or
    (months, 1) when nothing varies by sample. With non-negative inflows and initial value
    the result is non-negative.
    """
    dtype = np.result_type(keep, inflow, initial, 1.0)  # Python floats do not widen it
    keep, inflow = _as_rows(keep, dtype), _as_rows(inflow, dtype)
    initial = np.asarray(initial, dtype=dtype)
    n_samples = max(keep.shape[1], inflow.shape[1], initial.shape[-1] if initial.ndim else 1)
    if n_samples >= MONTH_LOOP_SAMPLES or dtype != np.float64:
        return _month_by_month(keep, inflow, initial, n_months, n_samples)
    return _all_months_at_once(keep, inflow, initial, n_months)


# From this many samples on, stepping month by month over whole rows (two passes over
# memory) beats the cumulative-product solution (six passes, and ``accumulate`` along the
# month axis strides across rows); below it, the per-call overhead of 131 steps dominates.
# Single precision always steps: its cumulative products underflow over long horizons, and
# stepping gives every sample the same result whatever the chunk it runs in.
MONTH_LOOP_SAMPLES = 256


def _month_by_month(keep, inflow, initial, n_months: int, n_samples: int) -> np.ndarray:
    stock = np.empty((n_months, n_samples), dtype=inflow.dtype)
    stock[0] = initial
    keep_varies, inflow_varies = keep.shape[0] == n_months, inflow.shape[0] == n_months
    accumulate_only = keep.size == 1 and keep[0, 0] == 1.0
    for month in range(n_months - 1):
        here, after = stock[month], stock[month + 1]
        if accumulate_only:
            np.add(here, inflow[month if inflow_varies else 0], out=after)
            continue
        np.multiply(here, keep[month if keep_varies else 0], out=after)
        after += inflow[month if inflow_varies else 0]
    return stock


def _all_months_at_once(keep, inflow, initial, n_months: int) -> np.ndarray:
    """The same recurrence solved with cumulative products: S[t] = P[t] (S0 + sum u/P)."""
    added = np.empty((n_months, max(inflow.shape[1], keep.shape[1])))
    added[0] = 0.0
    if keep.size == 1 and keep[0, 0] == 1.0:  # a pure accumulator: no decay to carry
        added[1:] = inflow[:-1] if inflow.shape[0] == n_months else inflow
        np.add.accumulate(added, axis=0, out=added)
        return added + initial
    carried = np.empty((n_months, keep.shape[1]))
    carried[0] = 1.0
    carried[1:] = keep[:-1] if keep.shape[0] == n_months else keep
    np.multiply.accumulate(carried, axis=0, out=carried)
    np.divide(inflow[:-1] if inflow.shape[0] == n_months else inflow, carried[1:],
              out=added[1:])
    np.add.accumulate(added, axis=0, out=added)
    added += initial
    added *= carried
    return added


def _as_rows(value, dtype) -> np.ndarray:
    """A scalar or array as a 2-D (rows, samples) array."""
    value = np.asarray(value, dtype=dtype)
    return value.reshape(-1, value.shape[-1] if value.ndim else 1)


def keep_for_delay(delay_months: np.ndarray) -> np.ndarray:
    """Share of a first-order delay's stock that stays each month (delay >= 1.5 months)."""
    return 1.0 - 1.0 / np.maximum(delay_months, 1.5)


@functools.lru_cache(maxsize=16)
def years_from_mid_2025(n_months: int, dtype: np.dtype) -> np.ndarray:
    """Years from mid-2025 to the middle of each month, shape (months, 1); read-only."""
    years = ((np.arange(n_months) + 0.5) / 12.0 - 0.5).reshape(-1, 1).astype(dtype)
    years.flags.writeable = False
    return years
