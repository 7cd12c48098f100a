"""Which levers move a key figure most: a one-at-a-time tornado and Sobol indices.

Both use the Monte Carlo distributions (core.analysis.uncertainty): each uncertain lever's
range shifted to the scenario's value and clipped to its bounds. Both batch every model
evaluation into a few vectorised simulate calls. Sobol draws its base samples from a
scrambled Sobol' sequence in blocks and keeps one number per run ((levers + 2) x base
samples, 40 MB at the limit) for the bootstrap intervals; Morris screening is the quick pass.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

from core.analysis.uncertainty import (
    Cancelled,
    constant_factors,
    constant_samples,
    lever_samples,
    triangle,
    uncertain_levers,
)
from core.catalogue.key_figures import KPIS, Kpi
from core.catalogue.levers import LEVERS, is_drawn, is_policy
from core.engine.simulation import run_scenario

SOBOL_CHUNK = 10_000  # model evaluations per simulate call
# Levers fitted together, so not known apart: Sobol varies them as one group and reports
# one index (their draws stay separate). Bass p and q: a one-point fit to 39.4% adoption at
# 21 months (A1), not unique: a higher p with a lower q fits as well.
LEVER_GROUPS: dict[str, tuple[str, str]] = {
    "bass_p": ("bass_diffusion", "Bass diffusion (p and q, fitted together)"),
    "bass_q": ("bass_diffusion", "Bass diffusion (p and q, fitted together)"),
}
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
    """Share of a key figure's variance due to one factor alone (first order) and with all
    its interactions (total order). A factor is a lever, a ranged constant (its id is the
    run's key, ``"K.<id>"``), or a group of them known only together (its id is the group's
    name): a group's index is reported once, for the group."""

    lever_id: str
    label: str
    first_order: float
    total_order: float
    first_order_ci: tuple[float, float] | None = None  # bootstrap interval, when computed
    total_order_ci: tuple[float, float] | None = None


def kpi_by_id(kpi_id: str) -> Kpi:
    """The key figure with this id; ValueError naming the known ids otherwise."""
    if kpi_id not in KPIS:
        raise ValueError(f"unknown key figure {kpi_id!r}; known: {', '.join(KPIS)}")
    return KPIS[kpi_id]


def require_variation(what: str, effects: Iterable[float], hint: str = "") -> None:
    """ValueError when no lever moves the figure (every effect zero): a ranking of zeros
    would order levers by their ids and say nothing. ``hint`` says how to let more vary."""
    if not any(effects):
        raise ValueError(f"{what} does not vary with any lever in this scenario; there is "
                         f"nothing to rank{hint}")


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


def centred_estimates(f_a: np.ndarray, f_b: np.ndarray,
                      f_ab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``sobol_estimates`` of the outputs centred on the mean of every run, as SALib does:
    the first-order estimator is not shift-invariant in a finite sample (a figure of 5e6
    with a spread of 1 swamps it), and centring cuts its noise."""
    centre = (np.sum(f_a) + np.sum(f_b) + np.sum(f_ab)) / (f_a.size + f_b.size + f_ab.size)
    return sobol_estimates(f_a - centre, f_b - centre, f_ab - centre)


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


def sensitivity_levers(include_policy: bool = False) -> list:
    """The levers the analyses vary: those Monte Carlo draws, plus on request the policy
    levers (uniform over their whole range); reaction switches and the reaction parameters
    Monte Carlo does not draw stay as set."""
    if not include_policy:
        return uncertain_levers()
    return [lever for lever in LEVERS.values() if is_drawn(lever) or is_policy(lever)]


def _to_values(levers, base: dict[str, float], u: np.ndarray) -> dict[str, np.ndarray]:
    """Uniforms (rows, levers) to lever values: uncertain levers through their Monte Carlo
    distribution around the scenario's value, policy levers uniform over their range."""
    return {lever.id: lever_samples(lever, base[lever.id], u[:, column]) if is_drawn(lever)
            else (lever.min + (lever.max - lever.min) * u[:, column])
            for column, lever in enumerate(levers)}


@dataclass(frozen=True)
class Factor:
    """What Sobol varies as one: ``columns`` of the uniform design (a lever's own, or a
    constant group's one shared column) swapped together between A and B."""

    id: str
    label: str
    columns: tuple[int, ...]


def sobol_factors(include_policy: bool = False, include_constants: bool = True
                  ) -> tuple[list, list[tuple[str, tuple]], list[Factor]]:
    """(levers, constant factors, Sobol factors): one uniform column per lever, then one per
    constant factor (a group of constants shares one, as in Monte Carlo); levers of one
    LEVER_GROUPS group form one factor."""
    levers = sensitivity_levers(include_policy)
    constants = constant_factors() if include_constants else []
    factors: dict[str, Factor] = {}
    for column, lever in enumerate(levers):
        group, label = LEVER_GROUPS.get(lever.id, (lever.id, lever.label))
        known = factors.get(group)
        factors[group] = Factor(group, label, (*known.columns, column) if known else (column,))
    for offset, (name, members) in enumerate(constants):
        label = (f"{name.replace('_', ' ')} (constants: {', '.join(c.id for c in members)})"
                 if len(members) > 1 else f"{name.replace('_', ' ')} (constant)")
        factor_id = name if len(members) > 1 else members[0].key
        factors[factor_id] = Factor(factor_id, label, (len(levers) + offset,))
    return levers, constants, list(factors.values())


def grouped_design(a: np.ndarray, b: np.ndarray, factors: list[Factor]) -> np.ndarray:
    """The AB matrices of Saltelli (2010) by factor: AB_g is A with every column of factor
    g taken from B. a, b: (N, columns) -> (factors, N, columns)."""
    ab = np.broadcast_to(a, (len(factors), *a.shape)).copy()
    for index, factor in enumerate(factors):
        columns = list(factor.columns)
        ab[index][:, columns] = b[:, columns]
    return ab


@dataclass(frozen=True)
class SobolAnalysis:
    """Sobol indices with bootstrap confidence intervals and how stable the top 5 are."""

    indices: list[SobolIndex]  # largest total order first
    base_samples: int
    sampling: str  # "sobol" (scrambled Sobol' sequence) or "random"
    bootstrap: int  # resamples behind the intervals (0: none)
    top5_agreement: float | None  # share of resamples with the same top 5 (as a set)


def _block_uniforms(sampling: str, seed: int, dims: int):
    """A function (block, size) -> uniforms (size, dims), deterministic for a seed."""
    if sampling == "random":
        return lambda block, size: np.random.default_rng([seed, block]).random((size, dims))
    if sampling != "sobol":
        raise ValueError(f"sampling must be 'sobol' or 'random', not {sampling!r}")
    import warnings

    from scipy.stats import qmc
    engine = qmc.Sobol(d=dims, scramble=True, seed=np.random.default_rng(seed))

    def draw(block, size):
        with warnings.catch_warnings():  # sizes that are not powers of 2 are still fine
            warnings.simplefilter("ignore", UserWarning)
            return engine.random(size)
    return draw


def sobol_analysis(scenario, kpi_id: str, base_samples: int = 1024,
                   seed: int = DEFAULT_SOBOL_SEED,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None, *,
                   sampling: str = "sobol", include_policy: bool = False,
                   bootstrap: int = 200, confidence: float = 0.95,
                   scheduler: str | None = None,
                   include_constants: bool = True) -> SobolAnalysis:
    """Sobol indices (Saltelli 2010 first order, Jansen total order, on centred outputs:
    ``centred_estimates``) of a key figure.

    ``sampling`` "sobol" draws A and B from one scrambled Sobol' sequence of 2 x levers
    dimensions (low discrepancy: the indices settle with far fewer samples than random
    draws; scipy.stats.qmc, Owen-scrambled, seeded); "random" is the former seeded
    pseudo-random design. ``bootstrap`` resamples of the base samples give percentile
    intervals at ``confidence`` and the share of resamples whose top 5 (by total order)
    are the same set as the estimate's. The model outputs are kept for the bootstrap:
    (levers + 2) x base_samples numbers (40 MB at the 100,000 limit). ``scheduler`` runs
    the model chunks on Dask ("local" or "tcp://host:port", see core.analysis.cluster), in
    the same chunks as in-process, so the indices are identical.

    The factors (``sobol_factors``) are the uncertain levers and, with
    ``include_constants`` (the default), every ranged constant, as Monte Carlo draws them;
    levers or constants known only together form one factor with one index.
    """
    kpi = kpi_by_id(kpi_id)
    if base_samples < 2:
        raise ValueError(f"base samples must be at least 2, not {base_samples}")
    levers, constants, factors = sobol_factors(include_policy, include_constants)
    width, k, n = len(levers) + len(constants), len(factors), int(base_samples)
    base = scenario.lever_values()
    total, done = (k + 2) * n, 0
    draw = _block_uniforms(sampling, seed, 2 * width)
    f_a, f_b, f_ab = np.empty(n), np.empty(n), np.empty((k, n))
    layout: deque = deque()  # (block start, size, rows, first, last) of each chunk in order

    def chunks():
        for block, block_first in enumerate(range(0, n, SOBOL_BLOCK)):
            size = min(SOBOL_BLOCK, n - block_first)
            u = draw(block, size)
            u_a, u_b = u[:, :width], u[:, width:]
            design = np.concatenate([u_a, u_b, grouped_design(u_a, u_b, factors).reshape(
                k * size, width)])
            drawn = _to_values(levers, base, design[:, :len(levers)])
            if constants:
                drawn |= constant_samples(design[:, len(levers):])
            for first in range(0, design.shape[0], SOBOL_CHUNK):
                last = min(first + SOBOL_CHUNK, design.shape[0])
                layout.append((block_first, size, design.shape[0], first, last))
                yield scenario, kpi.id, {lever_id: values[first:last]
                                         for lever_id, values in drawn.items()}

    def in_process():
        for task in chunks():
            if cancelled is not None and cancelled():
                raise Cancelled(f"Sobol cancelled after {done} of {total} runs")
            yield _chunk_kpi(*task)

    if scheduler is None:
        values_in_order = in_process()
    else:
        from core.analysis.cluster import ordered_map
        values_in_order = ordered_map(_chunk_kpi, chunks(), scheduler, cancelled=cancelled)
    outputs = np.empty(0)
    for values in values_in_order:
        block_first, size, rows, first, last = layout.popleft()
        if first == 0:
            outputs = np.empty(rows)
        outputs[first:last] = values
        done += last - first
        if progress is not None:
            progress(done, total)
        if last == rows:
            end = block_first + size
            f_a[block_first:end] = outputs[:size]
            f_b[block_first:end] = outputs[size:2 * size]
            f_ab[:, block_first:end] = outputs[2 * size:].reshape(k, size)
    first_order, total_order = centred_estimates(f_a, f_b, f_ab)
    low_s1 = high_s1 = low_st = high_st = [None] * k
    agreement = None
    if bootstrap > 0:
        boot_s1, boot_st = bootstrap_indices(f_a, f_b, f_ab, bootstrap, seed)
        tail = (1 - confidence) / 2 * 100
        low_s1, high_s1 = np.percentile(boot_s1, [tail, 100 - tail], axis=0)
        low_st, high_st = np.percentile(boot_st, [tail, 100 - tail], axis=0)
        agreement = top_agreement(total_order, boot_st, 5)
    indices = [SobolIndex(factor.id, factor.label, float(s1), float(st),
                          _interval(low_s1[i], high_s1[i]), _interval(low_st[i], high_st[i]))
               for i, (factor, s1, st) in enumerate(zip(factors, first_order, total_order,
                                                        strict=True))]
    indices.sort(key=lambda index: (-index.total_order, index.lever_id))
    return SobolAnalysis(indices, n, sampling, bootstrap, agreement)


def _chunk_kpi(scenario, kpi_id: str, values: dict[str, np.ndarray]) -> np.ndarray:
    """One chunk of Sobol runs (a task for a thread or a Dask worker)."""
    return _kpi_values(scenario, kpi_by_id(kpi_id), values)


def _interval(low, high) -> tuple[float, float] | None:
    return None if low is None else (float(low), float(high))


def bootstrap_indices(f_a: np.ndarray, f_b: np.ndarray, f_ab: np.ndarray, resamples: int,
                      seed: int) -> tuple[np.ndarray, np.ndarray]:
    """First- and total-order indices of ``resamples`` bootstrap resamples of the base
    samples, each (resamples, levers)."""
    rng = np.random.default_rng([seed, 0xB007])
    n = f_a.size
    first = np.empty((resamples, f_ab.shape[0]))
    total = np.empty_like(first)
    for r in range(resamples):
        pick = rng.integers(0, n, n)
        first[r], total[r] = centred_estimates(f_a[pick], f_b[pick], f_ab[:, pick])
    return first, total


def top_agreement(total_order: np.ndarray, boot_total: np.ndarray, top: int) -> float:
    """Share of resamples whose ``top`` levers by total order are the estimate's (as a set)."""
    top = min(top, total_order.size)
    wanted = set(np.argsort(-total_order, kind="stable")[:top].tolist())
    ranks = np.argsort(-boot_total, axis=1, kind="stable")[:, :top]
    return float(np.mean([set(row.tolist()) == wanted for row in ranks]))


def sobol(scenario, kpi_id: str, base_samples: int = 1024,
          seed: int = DEFAULT_SOBOL_SEED,
          progress: Callable[[int, int], None] | None = None,
          cancelled: Callable[[], bool] | None = None, *, sampling: str = "sobol",
          include_policy: bool = False, bootstrap: int = 0,
          scheduler: str | None = None, include_constants: bool = True) -> list[SobolIndex]:
    """Sobol indices of a key figure for every uncertain lever (and the policy levers with
    ``include_policy``), largest total order first; see ``sobol_analysis``.

    ``progress(done, total)`` after each simulate call of SOBOL_CHUNK runs; ``Cancelled``
    is raised between calls once ``cancelled()`` says so (as ``monte_carlo`` does).
    """
    return sobol_analysis(scenario, kpi_id, base_samples, seed, progress, cancelled,
                          sampling=sampling, include_policy=include_policy,
                          bootstrap=bootstrap, scheduler=scheduler,
                          include_constants=include_constants).indices


# ---- Morris screening (elementary effects) ----------------------------------------------

@dataclass(frozen=True)
class MorrisEffect:
    """Elementary effects of one lever, in the key figure's unit per unit of the lever's
    sampled range (0 to 1): mu_star (mean |effect|, the ranking), mu, sigma (spread:
    interactions or non-linearity)."""

    lever_id: str
    label: str
    mu_star: float
    mu: float
    sigma: float


def morris_design(k: int, trajectories: int, levels: int, seed: int) -> np.ndarray:
    """Morris (1991) trajectories in [0, 1]^k: (trajectories * (k + 1), k); each step
    moves one lever by delta = levels / (2 (levels - 1)), in random order and direction."""
    rng = np.random.default_rng([seed, 0x30])
    delta = levels / (2 * (levels - 1))
    grid = np.arange(levels // 2) / (levels - 1)  # starts from which +delta stays in [0, 1]
    rows = []
    for _ in range(trajectories):
        start = rng.choice(grid, size=k)
        flip = rng.random(k) < 0.5  # move down from start + delta instead of up
        point = np.where(flip, start + delta, start)
        order = rng.permutation(k)
        path = [point.copy()]
        for i in order:
            point[i] = point[i] - delta if flip[i] else point[i] + delta
            path.append(point.copy())
        rows.extend(path)
    return np.array(rows)


def morris_effects(design: np.ndarray, outputs: np.ndarray, k: int
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(mu_star, mu, sigma) per input from a trajectory design and its outputs."""
    steps = design.reshape(-1, k + 1, k)
    values = outputs.reshape(-1, k + 1)
    moves = np.diff(steps, axis=1)  # (trajectories, k, k): one non-zero per step
    changes = np.diff(values, axis=1)  # (trajectories, k)
    which = np.argmax(np.abs(moves), axis=2)  # the input each step moved
    size = np.take_along_axis(moves, which[:, :, None], axis=2)[:, :, 0]
    effects = np.empty((steps.shape[0], k))
    rows = np.arange(steps.shape[0])[:, None]
    effects[rows, which] = changes / size
    sigma = effects.std(axis=0, ddof=1) if effects.shape[0] > 1 else np.zeros(k)
    return np.abs(effects).mean(axis=0), effects.mean(axis=0), sigma


def morris(scenario, kpi_id: str, trajectories: int = 20, levels: int = 4,
           seed: int = DEFAULT_SOBOL_SEED, include_policy: bool = False) -> list[MorrisEffect]:
    """Morris screening: a quick first pass, (levers + 1) x trajectories runs in one
    vectorised call; largest mu_star first."""
    kpi = kpi_by_id(kpi_id)
    levers = sensitivity_levers(include_policy)
    k = len(levers)
    design = morris_design(k, trajectories, levels, seed)
    u = np.clip(design, 1e-9, 1 - 1e-9)
    outputs = _kpi_values(scenario, kpi, _to_values(levers, scenario.lever_values(), u))
    mu_star, mu, sigma = morris_effects(design, outputs, k)
    effects = [MorrisEffect(lever.id, lever.label, float(a), float(b), float(c))
               for lever, a, b, c in zip(levers, mu_star, mu, sigma, strict=True)]
    return sorted(effects, key=lambda effect: (-effect.mu_star, effect.lever_id))
