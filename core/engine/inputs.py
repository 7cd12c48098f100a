"""The one place lever values, history and events become model inputs.

Each lever becomes an array that broadcasts to (months, samples): shape (1, N) while nothing
touches it, (T, N) once history or an event does. Events can be switched on or off per
sample (``event_switch``, shape (events, N)), so all combinations of events run in one
vectorised call.

The run's constants travel with its inputs too: every month's inputs hold them under
``"K"`` (core.catalogue.constants.INPUT_KEY). A values key ``"K.<id>"`` replaces constant
<id> for this run (Monte Carlo draws them per sample): the run then reads a namespace of its
own, with those constants as (N,) rows of the run's dtype (floats for one run); otherwise it
reads the catalogue's ``K`` itself. Every array has the run's dtype: double precision, or single precision for
Monte Carlo; the model step reads one month at a time through ``month``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping

import numpy as np

from core.catalogue.constants import INPUT_KEY, K, Namespace, constant_named, sampled_id
from core.catalogue.levers import LEVERS, lever_named
from core.common.timegrid import HISTORY_START, MODEL_START, months_between
from core.engine.events import UNCAPPED, EfficiencyBreakthrough, application_order
from core.engine.history import HISTORICAL_LEVERS, history_figures

JUMP = "cn_algo_jump_log"  # one-off jumps in Chinese algorithmic efficiency, ln per month


def _fingerprint(value):
    """A value as a key: a float itself, an array by its dtype, shape and a hash of its bytes."""
    if isinstance(value, np.ndarray) or not isinstance(value, (int, float)):
        array = np.ascontiguousarray(value)
        return (array.dtype.str, array.shape, hashlib.blake2b(array.data).digest())
    return value


class ModelInputs:
    """Lever values over the monthly grid for N parameter samples."""

    def __init__(self, values: Mapping[str, float | np.ndarray], events: Iterable,
                 first_month: str, n_months: int, n_samples: int, dtype=np.float64,
                 event_switch: np.ndarray | None = None):
        replaced = {}
        for key in values.keys() - LEVERS.keys():  # a typo must not run the defaults
            constant_id = sampled_id(key)
            if constant_id is None:
                lever_named(key)
            else:
                replaced[constant_named(constant_id).id] = values[key]
        self.given = (dict(values), tuple(events), event_switch)  # for the history's inputs
        self.first_month = first_month
        self.n_months = n_months
        self.n_samples = n_samples
        self.dtype = np.dtype(dtype)
        given = [values.get(lever_id, lever.default) for lever_id, lever in LEVERS.items()]
        rows = np.empty((len(given), 1, n_samples), dtype=self.dtype)  # one (1, N) row each
        if all(type(value) is float for value in given):  # one cast for all (the same cast)
            rows[:, 0, :] = np.array(given)[:, np.newaxis]
        else:
            for row, value in zip(rows, given, strict=True):
                row[0] = value
        self._levers: dict[str, np.ndarray] = dict(zip(LEVERS, rows, strict=True))
        self._levers[JUMP] = np.zeros((1, 1), dtype=self.dtype)
        self._levers[UNCAPPED] = np.zeros((1, 1), dtype=self.dtype)  # set by export rules
        self._replaced: dict[str, np.ndarray] = {}
        for constant_id, value in sorted(replaced.items()):
            row = np.empty(n_samples, dtype=self.dtype)
            row[:] = value
            self._replaced[constant_id] = row
        self._apply_history()
        events = list(events)
        switch = (np.ones((len(events), n_samples), dtype=bool) if event_switch is None
                  else np.asarray(event_switch, dtype=bool).reshape(len(events), -1))
        for position in application_order(events):
            self._apply(events[position], switch[position])

    def over_history(self) -> ModelInputs:
        """The same levers, constants and events over the history months, 2022-01 to
        2024-12 (the months a run from January 2025 goes on from)."""
        values, events, switch = self.given
        return ModelInputs(values, events, HISTORY_START, months_between(HISTORY_START,
                           MODEL_START), self.n_samples, self.dtype, switch)

    def history_key(self, steps_per_month: int) -> tuple:
        """What the history months of this run read, as a key for their end state: the
        constants, every lever's value (bar those history sets in all its months), the
        events that act before 2025 (and where each is on), the history's own figures, the
        precision and the number of samples."""
        values, events, switch = self.given
        set_by_history = {lever_id for lever_id, schedule in HISTORICAL_LEVERS.items()
                          if schedule[0][0] == HISTORY_START}  # their values act from 2025
        levers = tuple([value if type(value) is float else _fingerprint(value)
                        for value in (values.get(lever_id, lever.default)
                                      for lever_id, lever in LEVERS.items()
                                      if lever_id not in set_by_history)])
        replaced = tuple([(key, _fingerprint(values[key])) for key in sorted(
            values.keys() - LEVERS.keys())])
        if switch is not None:
            switch = np.asarray(switch, dtype=bool).reshape(len(events), -1)
        before = tuple([(repr(event), None if switch is None else _fingerprint(switch[at]))
                        for at, event in enumerate(events) if event.start < MODEL_START])
        return (self.dtype.str, self.n_samples, steps_per_month, tuple(vars(K).items()),
                replaced, levers, before, history_figures())

    def _series(self, lever_id: str) -> np.ndarray:
        """The lever as a full (months, samples) array, made writable on first use."""
        current = self._levers[lever_id]
        if current.shape[0] != self.n_months:
            series = np.empty((self.n_months, max(current.shape[1], self.n_samples)),
                              dtype=self.dtype)
            series[:] = current
            self._levers[lever_id] = current = series
        return current

    def _apply_history(self) -> None:
        """Months before 2025-01 take the documented historical values (core.engine.history)."""
        before = min(max(months_between(self.first_month, MODEL_START), 0), self.n_months)
        if before == 0:
            return
        for lever_id, schedule in HISTORICAL_LEVERS.items():
            series = self._series(lever_id)
            for month, value in schedule:
                row = max(months_between(self.first_month, month), 0)
                series[row:before] = value

    def _window(self, event) -> slice:
        start = months_between(self.first_month, event.start)
        first = max(start, 0)
        last = self.n_months if event.duration_months is None else first + event.duration_months
        if start < 0 and event.duration_months:
            last = start + event.duration_months
        return slice(min(first, self.n_months), min(max(last, 0), self.n_months))

    def _apply(self, event, on: np.ndarray) -> None:
        window = self._window(event)
        if window.start >= window.stop or not on.any():
            return
        if isinstance(event, EfficiencyBreakthrough):
            if months_between(self.first_month, event.start) < 0:
                return  # a jump before the run is already in the starting state
            series = self._series(JUMP)
            series[window.start] += np.where(on, np.log(event.multiplier), 0.0)
            return
        for lever_id, mode, amount in event.overrides():
            lever = LEVERS.get(lever_id)  # None: an input no user sets (UNCAPPED)
            series = self._series(lever_id)
            part = series[window]
            changed = amount if mode == "set" else part + amount
            if lever is not None:
                changed = np.clip(changed, lever.min, lever.max)
            series[window] = np.where(on, changed, part)

    def __getitem__(self, lever_id: str) -> np.ndarray:
        return self._levers[lever_id]

    def at_start(self, lever_id: str) -> np.ndarray:
        """The lever's value in the first month, shape (N,) (or (1,) if shared)."""
        return self._levers[lever_id][0]

    @property
    def replaces_constants(self) -> bool:
        """Whether this run reads constants other than the catalogue's ``K``."""
        return bool(self._replaced)

    @property
    def replaced_constants(self) -> frozenset[str]:
        """The ids of the constants this run replaces (empty: it reads ``K`` itself)."""
        return frozenset(self._replaced)

    def constants(self, vectorised: bool):
        """The run's constants: ``K`` itself, or a namespace with the replaced ones as
        (N,) rows (vectorised) or floats (one run)."""
        if not self._replaced:
            return K
        replaced = {constant_id: row if vectorised else float(row[0])
                    for constant_id, row in self._replaced.items()}
        return Namespace(vars(K) | replaced)

    def split(self, vectorised: bool) -> tuple[dict, dict]:
        """(levers constant over the run, levers that vary): the first as a float (one run)
        or an (N,) row, the second as a list of monthly floats or a (months, N) array. The
        first also holds the run's constants under ``"K"``."""
        constant, varying = {INPUT_KEY: self.constants(vectorised)}, {}
        for lever_id, series in self._levers.items():
            if series.shape[0] == 1:
                constant[lever_id] = series[0] if vectorised else float(series[0, 0])
            else:
                varying[lever_id] = series if vectorised else series[:, 0].tolist()
        return constant, varying

    def months(self, vectorised: bool) -> list[dict]:
        """Every month's inputs as a dict: Python floats for one run, (N,) rows otherwise."""
        constant, varying = self.split(vectorised)
        rows = []
        for month in range(self.n_months):
            row = dict(constant)
            for lever_id, series in varying.items():
                row[lever_id] = series[month]
            rows.append(row)
        return rows
