"""Which levers move a key figure most: a one-at-a-time tornado and Sobol indices.

Both use the Monte Carlo distributions (core.analysis.uncertainty): each uncertain lever's
range shifted to the scenario's value and clipped to its bounds. Both batch every model
evaluation into a few vectorised simulate calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from core.analysis.uncertainty import Cancelled, lever_samples, triangle, uncertain_levers
from core.kpis import KPIS, Kpi
from core.simulation import run_scenario

SOBOL_CHUNK = 10_000  # model evaluations per simulate call
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
    variance = float(np.var(np.concatenate([f_a, f_b])))
    if not variance > 0:
        zeros = np.zeros(f_ab.shape[0])
        return zeros, zeros.copy()
    first = np.mean(f_b * (f_ab - f_a), axis=1) / variance
    total = 0.5 * np.mean((f_a - f_ab) ** 2, axis=1) / variance
    return first, total


def sobol(scenario, kpi_id: str, base_samples: int = 1024,
          seed: int = DEFAULT_SOBOL_SEED,
          progress: Callable[[int, int], None] | None = None,
          cancelled: Callable[[], bool] | None = None) -> list[SobolIndex]:
    """Sobol indices of a key figure for every uncertain lever, largest total order first.

    Runs (levers + 2) x base_samples model evaluations in simulate calls of SOBOL_CHUNK;
    ``progress(done, total)`` after each call, and ``Cancelled`` is raised between calls
    once ``cancelled()`` says so (as ``monte_carlo`` does).
    """
    kpi = kpi_by_id(kpi_id)
    if base_samples < 2:
        raise ValueError(f"base samples must be at least 2, not {base_samples}")
    levers = uncertain_levers()
    k, n = len(levers), int(base_samples)
    rng = np.random.default_rng(seed)
    u_a, u_b = rng.random((n, k)), rng.random((n, k))
    design = np.concatenate([u_a, u_b, saltelli_design(u_a, u_b).reshape(k * n, k)])
    base = scenario.lever_values()
    drawn = {lever.id: lever_samples(lever, base[lever.id], design[:, column])
             for column, lever in enumerate(levers)}
    total = design.shape[0]
    outputs = np.empty(total)
    for first in range(0, total, SOBOL_CHUNK):
        if cancelled is not None and cancelled():
            raise Cancelled(f"Sobol cancelled after {first} of {total} runs")
        last = min(first + SOBOL_CHUNK, total)
        outputs[first:last] = _kpi_values(
            scenario, kpi, {lever_id: values[first:last] for lever_id, values in drawn.items()})
        if progress is not None:
            progress(last, total)
    first_order, total_order = sobol_estimates(outputs[:n], outputs[n:2 * n],
                                               outputs[2 * n:].reshape(k, n))
    indices = [SobolIndex(lever.id, lever.label, float(s1), float(st))
               for lever, s1, st in zip(levers, first_order, total_order, strict=True)]
    return sorted(indices, key=lambda index: (-index.total_order, index.lever_id))
