"""Robust multi-lever search: the smallest change of several levers that makes a condition
hold in at least a given share of the sampled worlds.

Change is measured as the sum over the chosen levers of |new - current| / (lever max - min).
Every candidate is judged on the SAME N worlds (the Monte Carlo draws of the seed: common
random numbers), so two candidates differ only by the levers, not by sampling noise.

Search: first each lever alone at both ends of its range, which gives the helpful direction
of each lever (the end with the higher probability) and whether the target can be met at
all (all levers at their helpful ends). Then directions are spread over the simplex of
weights (how the change is shared between levers); along each, bisection finds the smallest
step that meets the target; a finer grid around the best direction refines it. Candidates of
one round run in one vectorised model call. If the target cannot be met, the result says
how close the best candidate comes.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from core.analysis.cluster import block_runner, ordered_map
from core.analysis.explore import (
    EVAL_CHUNK,
    Design,
    block_bounds,
    evaluate_values,
    make_design,
    sample_values,
)
from core.analysis.uncertainty import Cancelled
from core.catalogue.key_figures import KPIS, require_in_run
from core.catalogue.levers import LEVERS, check_policy
from core.common.formatting import format_value

BISECTION_STEPS = 5  # step found to 1/32 of its largest value along a direction


@dataclass(frozen=True)
class Target:
    kpi: str
    threshold: float
    above: bool
    probability: float  # share of worlds in which the condition must hold

    def __post_init__(self):
        if self.kpi not in KPIS:
            raise ValueError(f"unknown key figure {self.kpi!r}; known: {', '.join(KPIS)}")
        if not 0 < self.probability <= 1:
            raise ValueError(f"the probability must be in (0, 1], not {self.probability}")

    def describe(self) -> str:
        kpi = KPIS[self.kpi]
        return (f"{kpi.label} {'above' if self.above else 'below'} "
                f"{format_value(self.threshold, kpi.unit)} in at least "
                f"{self.probability:.0%} of worlds")


@dataclass(frozen=True)
class RobustResult:
    target: Target
    met: bool
    values: dict[str, float]  # the chosen levers' new values (the best found if not met)
    start: dict[str, float]
    change: float  # sum of |change| / range
    probability: float  # share of worlds meeting the condition at ``values``
    start_probability: float
    evaluations: int  # candidates judged
    samples: int

    @property
    def message(self) -> str:
        moves = ", ".join(  # by label: ids are for typing, not for reading
            f"{LEVERS[key].label} {format_value(self.start[key], LEVERS[key].unit)} → "
            f"{format_value(value, LEVERS[key].unit)}"
            for key, value in self.values.items() if value != self.start[key])
        if self.met and self.change == 0:
            return (f"Already met: {self.target.describe()} holds in "
                    f"{self.start_probability:.1%} of {self.samples:,} worlds.")
        if self.met:
            return (f"Met with a change of {self.change:.3f} (sum of |change| / range): "
                    f"{moves}; it holds in {self.probability:.1%} of {self.samples:,} worlds "
                    f"(now {self.start_probability:.1%}).")
        return (f"Not reachable with these levers: at best {self.probability:.1%} of "
                f"{self.samples:,} worlds (target {self.target.probability:.0%}, now "
                f"{self.start_probability:.1%}), with {moves or 'no change'}.")


def judge_block(scenario, design: Design, levers: Sequence[str], candidates: np.ndarray,
                target: Target, seed: int, first: int, last: int) -> np.ndarray:
    """How many of the worlds first..last-1 (one seeded block) meet the target under each
    candidate (rows of ``candidates``, one value per lever): counts (K,). A task of its own,
    run in a thread or on a Dask worker, with the same inputs and chunks either way."""
    worlds = sample_values(scenario, design, seed, first, last)
    k, size = len(candidates), last - first
    values = {lever_id: np.tile(column, k) for lever_id, column in worlds.items()}
    for position, lever_id in enumerate(levers):
        values[lever_id] = np.repeat(candidates[:, position], size)
    figure = evaluate_values(scenario, design, values)[target.kpi]
    holds = figure > target.threshold if target.above else figure < target.threshold
    return holds.reshape(k, size).sum(axis=1)


class _Judge:
    """Probabilities of candidates over the fixed worlds, each round cut into tasks of a
    seeded block of worlds and a few candidates (about EVAL_CHUNK runs each), so the tasks
    spread over threads or a cluster and give the same counts wherever they run."""

    def __init__(self, scenario, levers: Sequence[str], target: Target, samples: int,
                 seed: int, cancelled: Callable[[], bool] | None, run=None):
        self.scenario, self.levers, self.target, self.seed = scenario, list(levers), target, seed
        self.design = make_design(levers=None, kpis=[target.kpi])
        self.samples, self.count, self.cancelled = samples, 0, cancelled
        self.run = run or (lambda function, tasks, stop: ordered_map(function, tasks,
                                                                      cancelled=stop))

    def __call__(self, candidates: np.ndarray) -> np.ndarray:
        """candidates (K, levers) -> probability (K,)."""
        if self.cancelled is not None and self.cancelled():
            raise Cancelled(f"robust search cancelled after {self.count} candidates")
        tasks, places = [], []
        for first, last in block_bounds(self.samples):
            group = max(1, EVAL_CHUNK // (last - first))
            for start in range(0, len(candidates), group):
                tasks.append((self.scenario, self.design, self.levers,
                              candidates[start:start + group], self.target, self.seed,
                              first, last))
                places.append(start)
        counts = np.zeros(len(candidates))
        for start, found in zip(places, self.run(judge_block, tasks, self.cancelled),
                                strict=True):
            counts[start:start + len(found)] += found
        self.count += len(candidates)
        return counts / self.samples


def simplex_grid(k: int, steps: int) -> np.ndarray:
    """Weights (points, k) >= 0 summing to 1 on a grid of 1/steps."""
    points = [combo for combo in itertools.product(range(steps + 1), repeat=k)
              if sum(combo) == steps]
    return np.array(points, dtype=float) / steps


def _grid_steps(k: int) -> int:
    return {1: 1, 2: 4, 3: 2}.get(k, 1)


def robust_search(scenario, levers: Sequence[str], target: Target, samples: int = 2000,
                  seed: int | None = None,
                  progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None,
                  scheduler: str | None = None) -> RobustResult:
    """The smallest change of ``levers`` meeting ``target`` (see the module docstring).

    ``progress(round, rounds)`` after every batched model call; ``Cancelled`` is raised
    before a call once ``cancelled()`` says so. ``scheduler`` (None: threads of this
    process; "local" or "tcp://host:port": Dask) says where the candidates' worlds run;
    the result is the same wherever they run.
    """
    require_in_run(f"key figure {target.kpi}", KPIS[target.kpi].last_month, scenario)
    with block_runner(scheduler) as run:
        return _search(scenario, levers, target, samples, seed, progress, cancelled, run)


def _search(scenario, levers, target, samples, seed, progress, cancelled, run
            ) -> RobustResult:
    levers = list(dict.fromkeys(levers))
    if not levers:
        raise ValueError("choose at least one lever to move")
    for lever_id in levers:
        check_policy(lever_id)
    seed = scenario.uncertainty.seed if seed is None else int(seed)
    judge = _Judge(scenario, levers, target, samples, seed, cancelled, run)
    current = scenario.lever_values()
    start = np.array([current[lever_id] for lever_id in levers], dtype=float)
    low = np.array([LEVERS[lever_id].min for lever_id in levers])
    high = np.array([LEVERS[lever_id].max for lever_id in levers])
    span = high - low
    k = len(levers)
    rounds, done = 3 + 2 * BISECTION_STEPS, 0

    def tick():
        nonlocal done
        done += 1
        if progress is not None:
            progress(min(done, rounds), rounds)

    # Round 1: the start, each lever alone at either end, all at the helpful ends.
    ends = [start]
    for i in range(k):
        for bound in (low[i], high[i]):
            candidate = start.copy()
            candidate[i] = bound
            ends.append(candidate)
    probabilities = judge(np.array(ends))
    tick()
    start_p = float(probabilities[0])
    best_values, best_p = start, start_p

    def result(met: bool, values: np.ndarray, p: float) -> RobustResult:
        change = float(np.sum(np.abs(values - start) / np.where(span > 0, span, 1)))
        return RobustResult(target, met, dict(zip(levers, map(float, values), strict=True)),
                            dict(zip(levers, map(float, start), strict=True)), change, p,
                            start_p, judge.count, samples)

    if start_p >= target.probability:
        return result(True, start, start_p)
    pairs = probabilities[1:].reshape(k, 2)  # (lever, [at low, at high])
    sign = np.where(pairs[:, 1] >= pairs[:, 0], 1.0, -1.0)
    reach = np.where(sign > 0, high - start, start - low)  # room in the helpful direction
    corner = start + sign * reach
    corner_p = float(judge(corner[None, :])[0])
    tick()
    for values, p in [(corner, corner_p), *zip(ends[1:], probabilities[1:], strict=True)]:
        if p > best_p:
            best_values, best_p = np.asarray(values), float(p)
    if corner_p < target.probability and best_p < target.probability:
        return result(False, best_values, best_p)

    def along(weights: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each direction (rows of weights, in range units), the smallest step t with
        the target met, by batched bisection; inf where even the largest step fails."""
        moves = weights * span * sign  # change per unit t
        with np.errstate(divide="ignore", invalid="ignore"):
            limits = np.where(weights > 0, reach / (weights * span), np.inf)
        t_max = np.min(np.where(span > 0, limits, np.inf), axis=1)
        lower, upper = np.zeros(len(weights)), t_max.copy()
        top = judge(start + upper[:, None] * moves)
        tick()
        feasible = top >= target.probability
        best = np.where(feasible, top, 0.0)
        for _ in range(BISECTION_STEPS):
            middle = (lower + upper) / 2
            p = judge(start + middle[:, None] * moves)
            tick()
            ok = p >= target.probability
            upper = np.where(ok, middle, upper)
            best = np.where(ok, p, best)
            lower = np.where(ok, lower, middle)
        steps = np.where(feasible, upper, np.inf)
        return steps, start + np.where(feasible, upper, 0)[:, None] * moves, best

    weights = simplex_grid(k, _grid_steps(k))
    steps, points, ps = along(weights)
    if np.isfinite(steps).any():
        best = int(np.argmin(steps))
        # refine: directions halfway between the best and its grid neighbours
        near = weights[best] + (weights - weights[best]) / 2
        near = near[np.abs(near - weights[best]).sum(axis=1) > 0]
        if len(near):
            more_steps, more_points, more_ps = along(near)
            steps = np.concatenate([steps, more_steps])
            points = np.concatenate([points, more_points])
            ps = np.concatenate([ps, more_ps])
        costs = np.sum(np.abs(points - start) / np.where(span > 0, span, 1), axis=1)
        costs = np.where(np.isfinite(steps), costs, np.inf)
        best = int(np.argmin(costs))
        return result(True, points[best], float(ps[best]))
    return result(best_p >= target.probability, best_values, best_p)
