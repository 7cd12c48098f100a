"""Which levers move a key figure most: a one-at-a-time tornado and Sobol indices.

Both use the Monte Carlo distributions (core.analysis.uncertainty): each uncertain lever's
range shifted to the scenario's value and clipped to its bounds. Both batch every model
evaluation into a few vectorised simulate calls. Sobol streams: base samples come in seeded
blocks whose evaluations are reduced to running sums and dropped, so memory does not grow
with the base sample count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.analysis.uncertainty import Cancelled, lever_samples, triangle, uncertain_levers
from core.kpis import KPIS, Kpi
from core.simulation import run_scenario

SOBOL_CHUNK = 10_000  # model evaluations per simulate call
SOBOL_BLOCK = 1_024  # base samples per seeded block: (levers + 2) x this many evaluations
DEFAULT_SOBOL_SEED = 20251204


@dataclass(frozen=True)
class TornadoBar:
    """A key figure with one lever at each end of its range, all others at the scenario."""

    lever_id: str
    label: str
    low_value: float  # the lever at the low end of its range
    high_value: float
    kpi_at_low: float
    kpi_at_high: float
    kpi_base: float

    @property
    def swing(self) -> float:
        return abs(self.kpi_at_high - self.kpi_at_low)


@dataclass(frozen=True)
class SobolIndex:
    """Share of a key figure's variance due to one lever alone (first order) and with all
    its interactions (total order)."""

    lever_id: str
    label: str
    first_order: float
    total_order: float


def kpi_by_id(kpi_id: str) -> Kpi:
    """The key figure with this id; ValueError naming the known ids otherwise."""
    if kpi_id not in KPIS:
        raise ValueError(f"unknown key figure {kpi_id!r}; known: {', '.join(KPIS)}")
    return KPIS[kpi_id]


def _kpi_values(scenario, kpi: Kpi, values: dict[str, np.ndarray]) -> np.ndarray:
    results = run_scenario(scenario, values)
    try:
        return np.asarray(kpi(results), dtype=float)
    except ValueError as error:  # its month lies outside the scenario's run
        raise ValueError(f"key figure {kpi.id} cannot be computed for this scenario: "
                         f"{error}") from None


def tornado(scenario, kpi_id: str) -> list[TornadoBar]:
    """Every uncertain lever at the low and the high end of its range, largest swing first.

    One simulate call runs 2 x levers + 1 samples: the base, then each lever low and high.
    """
    kpi = kpi_by_id(kpi_id)
    levers = uncertain_levers()
    base = scenario.lever_values()
    count = 2 * len(levers) + 1
    values = {lever_id: np.full(count, value) for lever_id, value in base.items()}
    ends = []
    for index, lever in enumerate(levers):
        left, _, right = triangle(lever, base[lever.id])
        low, high = lever.clip(left), lever.clip(right)
        values[lever.id][1 + 2 * index] = low
        values[lever.id][2 + 2 * index] = high
        ends.append((low, high))
    figures = _kpi_values(scenario, kpi, values)
    bars = [TornadoBar(lever.id, lever.label, low, high, float(figures[1 + 2 * index]),
                       float(figures[2 + 2 * index]), float(figures[0]))
            for index, (lever, (low, high)) in enumerate(zip(levers, ends, strict=True))]
    return sorted(bars, key=lambda bar: (-bar.swing, bar.lever_id))


# ---- Sobol indices (Saltelli 2010, with Jansen's total-order estimator) -----------------

def saltelli_design(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The AB matrices of Saltelli (2010): AB_i is A with column i taken from B.

    a, b: (N, k) -> (k, N, k).
    """
    n, k = a.shape
    ab = np.broadcast_to(a, (k, n, k)).copy()
    columns = np.arange(k)
    ab[columns, :, columns] = b.T
    return ab


def sobol_estimates(f_a: np.ndarray, f_b: np.ndarray,
                    f_ab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First-order and total-order indices from model outputs on A (N,), B (N,), AB (k, N).

    S_i = mean(f_B (f_ABi - f_A)) / V (Saltelli 2010); ST_i = mean((f_A - f_ABi)^2) / 2V
    (Jansen 1999); V is the variance of A and B pooled. A figure that does not vary gives
    zeros (no lever explains it).
    """
    sums = SobolSums(f_ab.shape[0])
    sums.add(f_a, f_b, f_ab)
    return sums.estimates()


class SobolSums:
    """The sums behind ``sobol_estimates``, added block by block so no block is kept.

    The pooled variance merges each block's mean and sum of squared deviations (Chan et al.
    1979), which stays accurate where a running sum of squares would cancel.
    """

    def __init__(self, levers: int):
        self.base = 0  # base samples so far
        self.first = np.zeros(levers)
        self.total = np.zeros(levers)
        self.count, self.mean, self.squares = 0, 0.0, 0.0  # of A and B pooled

    def add(self, f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray) -> None:
        self.base += f_a.size
        self.first += np.sum(f_b * (f_ab - f_a), axis=1)
        self.total += np.sum((f_a - f_ab) ** 2, axis=1)
        pooled = np.concatenate([f_a, f_b])
        count, mean = pooled.size, float(np.mean(pooled))
        squares = float(np.sum((pooled - mean) ** 2))
        merged = self.count + count
        delta = mean - self.mean
        self.squares += squares + delta * delta * self.count * count / merged
        self.mean += delta * count / merged
        self.count = merged

    def estimates(self) -> tuple[np.ndarray, np.ndarray]:
        variance = self.squares / self.count if self.count else 0.0
        if not variance > 0:
            zeros = np.zeros(self.first.shape)
            return zeros, zeros.copy()
        return (self.first / self.base / variance,
                0.5 * self.total / self.base / variance)


def sobol(scenario, kpi_id: str, base_samples: int = 1024,
          seed: int = DEFAULT_SOBOL_SEED,
          progress: Callable[[int, int], None] | None = None,
          cancelled: Callable[[], bool] | None = None) -> list[SobolIndex]:
    """Sobol indices of a key figure for every uncertain lever, largest total order first.

    Runs (levers + 2) x base_samples model evaluations in simulate calls of SOBOL_CHUNK;
    ``progress(done, total)`` after each call, and ``Cancelled`` is raised between calls
    once ``cancelled()`` says so (as ``monte_carlo`` does). Base samples come in blocks of
    SOBOL_BLOCK, block b's A and B drawn from ``default_rng([seed, b])``; each block's
    evaluations are reduced to SobolSums and dropped, so memory does not grow with n.
    """
    kpi = kpi_by_id(kpi_id)
    if base_samples < 2:
        raise ValueError(f"base samples must be at least 2, not {base_samples}")
    levers = uncertain_levers()
    k, n = len(levers), int(base_samples)
    base = scenario.lever_values()
    total, done = (k + 2) * n, 0
    sums = SobolSums(k)
    for block, block_first in enumerate(range(0, n, SOBOL_BLOCK)):
        size = min(SOBOL_BLOCK, n - block_first)
        u = np.random.default_rng([seed, block]).random((size, 2 * k))
        u_a, u_b = u[:, :k], u[:, k:]
        design = np.concatenate([u_a, u_b, saltelli_design(u_a, u_b).reshape(k * size, k)])
        drawn = {lever.id: lever_samples(lever, base[lever.id], design[:, column])
                 for column, lever in enumerate(levers)}
        outputs = np.empty(design.shape[0])
        for first in range(0, design.shape[0], SOBOL_CHUNK):
            if cancelled is not None and cancelled():
                raise Cancelled(f"Sobol cancelled after {done} of {total} runs")
            last = min(first + SOBOL_CHUNK, design.shape[0])
            outputs[first:last] = _kpi_values(
                scenario, kpi, {lever_id: values[first:last] for lever_id, values in drawn.items()})
            done += last - first
            if progress is not None:
                progress(done, total)
        sums.add(outputs[:size], outputs[size:2 * size], outputs[2 * size:].reshape(k, size))
    first_order, total_order = sums.estimates()
    indices = [SobolIndex(lever.id, lever.label, float(s1), float(st))
               for lever, s1, st in zip(levers, first_order, total_order, strict=True)]
    return sorted(indices, key=lambda index: (-index.total_order, index.lever_id))
