"""The one place lever values and events become model inputs.

Each lever becomes an array that broadcasts to (months, samples): shape (1, N) while no event
touches it, (T, N) once an event does. Keeping untouched levers at (1, N) keeps a
10,000-sample run small and fast. Every array has the run's dtype: double precision, or single
precision for Monte Carlo (see core.simulation.simulate); model code keeps to it by using
Python floats for constants and ``inputs.dtype`` where it makes arrays of its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from core.events import EfficiencyBreakthrough, application_order
from core.levers import LEVERS
from core.timegrid import MODEL_START, months_between


class ModelInputs:
    """Lever values over the monthly grid for N parameter samples."""

    def __init__(self, values: Mapping[str, float | np.ndarray], events: Iterable,
                 n_months: int, n_samples: int, dtype=np.float64):
        self.n_months = n_months
        self.n_samples = n_samples
        self.dtype = np.dtype(dtype)
        self._levers: dict[str, np.ndarray] = {}
        for lever_id, lever in LEVERS.items():
            row = np.empty((1, n_samples), dtype=self.dtype)
            row[0] = values.get(lever_id, lever.default)
            self._levers[lever_id] = row
        # One-off jumps in Chinese algorithmic efficiency, as natural logs per month.
        self.cn_algo_jump_log = np.zeros((n_months, 1), dtype=self.dtype)
        for event in application_order(list(events)):
            self._apply(event)

    def _window(self, event) -> slice:
        first = max(months_between(MODEL_START, event.start), 0)
        last = self.n_months if event.duration_months is None else first + event.duration_months
        return slice(min(first, self.n_months), min(last, self.n_months))

    def _apply(self, event) -> None:
        window = self._window(event)
        if window.start >= window.stop:
            return
        if isinstance(event, EfficiencyBreakthrough):
            self.cn_algo_jump_log[window.start, 0] += np.log(event.multiplier)
            return
        for lever_id, mode, amount in event.overrides():
            lever = LEVERS[lever_id]
            series = np.empty((self.n_months, self.n_samples), dtype=self.dtype)
            series[:] = self._levers[lever_id]
            changed = amount if mode == "set" else series[window] + amount
            series[window] = np.clip(changed, lever.min, lever.max)
            self._levers[lever_id] = series

    def __getitem__(self, lever_id: str) -> np.ndarray:
        return self._levers[lever_id]

    def at_start(self, lever_id: str) -> np.ndarray:
        """The lever's value in the first month, shape (N,)."""
        return self._levers[lever_id][0]
