"""Monte Carlo: draw every uncertain lever around the scenario's value and report bands.

Each lever Monte Carlo draws (core.catalogue.levers.is_drawn) is triangular over its
catalogue range, shifted so its mode is the scenario's value (the range follows the user's
lever) and clipped to the lever's bounds. The others stay at the scenario's value.

Every constant with a range (core.catalogue.constants) is drawn too, triangular over its
range with its mode at its value, from a stream of its own (``default_rng([seed, k, 2])``),
so adding a ranged constant never changes the levers' draws. Constants in one group (fitted
together) share one uniform: one factor of the world moves them together. The draws travel
with the lever values under keys ``"K.<id>"``, and the run reads them from its inputs.
The constants the calibration fit moved (core/catalogue/fit.json) are drawn jointly instead:
a normal around the fitted values with the fit's covariance, clipped to their ranges, from
the same uniforms (so the stream and every other draw stay as they were).

Samples are seeded per fixed block of SEED_CHUNK: block k draws from
``numpy.random.default_rng([seed, k])``, one row of uniforms per sample, so sample i is the
same whatever the run size, the chunk size, the number of workers or the order in which
chunks finish: a seed gives identical results independent of workers and scheduling.

Runs of up to SEED_CHUNK samples keep every value and report exact percentiles. Larger runs
reduce each block as it completes into a QuantileSketch and drop it, so memory stays bounded
whatever the sample count (see QuantileSketch for the error bound).
"""

from __future__ import annotations

import csv
import io
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy.special import ndtri

from core.catalogue import calibration
from core.catalogue.constants import CONSTANTS, RANGED, Constant
from core.catalogue.key_figures import KPIS, key_figures
from core.catalogue.levers import LEVERS, Lever, is_drawn
from core.catalogue.outputs import OUTPUTS
from core.engine.simulation import run_scenario

PERCENTILES: tuple[int, ...] = (5, 25, 50, 75, 95)
# Samples per simulate call when the caller does not choose: a run is split evenly among
# the workers up to this size. Large chunks pay: the model's month loops cost the same per
# call for 500 samples as for 5,000 (0.27 s for 10,000 samples in chunks of 500, 0.22 s in
# chunks of 5,000, on two threads); callers wanting progress or quick cancel pass a smaller one.
DEFAULT_CHUNK = 5_000
# Monthly series are computed and kept for sorting in single precision: 7 significant digits
# is more than a band needs (a float32 run's series differ from double's by ~1e-5 of their
# scale), and it halves the memory and the sort time (0.2 s instead of 0.36 s for every
# output at 10,000 samples). Key figures stay in double precision.
BAND_DTYPE = np.float32
WORKERS = min(2, os.cpu_count() or 1)  # threads for chunks and sorting (see run_chunks)
BAND_DIGITS = ".7g"  # what single precision holds
SEED_CHUNK = 10_000  # samples per seeded block; a run this size or smaller stays exact
SKETCH_POINTS = 1024  # points a block is reduced to; rank error <= (levels + 1) / 2048
CONSTANT_STREAM = 2  # default_rng([seed, block, 2]) draws the constants (1: explore's policy)


class Cancelled(Exception):  # noqa: N818 - the name says the state a caller catches
    """The caller's ``cancelled()`` said stop; raised between chunks."""


@dataclass(frozen=True)
class Bands:
    """Percentile bands of every output over the run and of every key figure."""

    months: list[str]
    percentiles: dict[str, np.ndarray]  # output id -> (len(PERCENTILES), months)
    kpi_percentiles: dict[str, np.ndarray]  # kpi id -> (len(PERCENTILES),)
    samples: int
    seed: int
    levels: tuple[int, ...] = PERCENTILES


def uncertain_levers() -> list[Lever]:
    """The levers Monte Carlo draws, in catalogue order."""
    return [lever for lever in LEVERS.values() if is_drawn(lever)]


def triangle(lever: Lever, value: float) -> tuple[float, float, float]:
    """(left, mode, right) of a lever's distribution with its mode moved to ``value``.

    The bounds are not clipped here: clipping the draws keeps the shape of the range and
    puts the cut-off mass on the bound, as a user pushing a lever to its limit expects.
    """
    low, high = lever.uncertainty
    return value + (low - lever.default), value, value + (high - lever.default)


def triangular_ppf(u: np.ndarray, left: float, mode: float, right: float) -> np.ndarray:
    """Inverse CDF of the triangular distribution: uniform draws in [0, 1) to values."""
    u = np.asarray(u, dtype=float)
    width = right - left
    if width <= 0:
        return np.full_like(u, mode)
    split = (mode - left) / width
    rising = left + np.sqrt(u * width * (mode - left))
    falling = right - np.sqrt((1.0 - u) * width * (right - mode))
    return np.where(u < split, rising, falling)


def lever_samples(lever: Lever, value: float, u: np.ndarray) -> np.ndarray:
    """Uniform draws mapped through a lever's shifted triangle, clipped to its bounds."""
    return np.clip(triangular_ppf(u, *triangle(lever, value)), lever.min, lever.max)


def uniform_draws(seed: int, first: int, last: int) -> np.ndarray:
    """Uniforms (last - first, uncertain levers) for samples first..last-1 of a seeded run.

    Block k (samples k*SEED_CHUNK onwards) comes from ``default_rng([seed, k])`` filling one
    row per sample, so a sample's draws depend only on the seed and its index.
    """
    return _seeded_rows(seed, first, last, len(uncertain_levers()), ())


def _seeded_rows(seed: int, first: int, last: int, width: int, stream: tuple) -> np.ndarray:
    """Rows first..last-1 of uniforms, block k from ``default_rng([seed, k, *stream])``."""
    pieces = []
    for block in range(first // SEED_CHUNK, (last - 1) // SEED_CHUNK + 1):
        start = block * SEED_CHUNK
        low, high = max(first, start), min(last, start + SEED_CHUNK)
        rows = np.random.default_rng([seed, block, *stream]).random((high - start, width))
        pieces.append(rows[low - start:])
    return np.concatenate(pieces) if len(pieces) > 1 else pieces[0]


def constant_factors() -> list[tuple[str, tuple[Constant, ...]]]:
    """(factor name, its constants) of every ranged constant: a group is one factor (named
    after the group), any other ranged constant one of its own (named after its id)."""
    factors: dict[str, list[Constant]] = {}
    for constant in RANGED:
        factors.setdefault(constant.group or constant.id, []).append(constant)
    return [(name, tuple(members)) for name, members in factors.items()]


def constant_samples(u: np.ndarray) -> dict[str, np.ndarray]:
    """Uniforms (samples, constant factors) to values of every ranged constant, keyed
    ``"K.<id>"``: each through its triangle (low, value, high); a group's members from
    their factor's one column; the constants the calibration fit moved jointly instead
    (``fitted_samples``)."""
    factors = constant_factors()
    triangles = {constant.key: triangular_ppf(u[:, column], constant.low, constant.value,
                                              constant.high)
                 for column, (_, members) in enumerate(factors)
                 for constant in members}
    return triangles | fitted_samples(u, [name for name, _ in factors])


def fitted_samples(u: np.ndarray, factor_names: list[str]) -> dict[str, np.ndarray]:
    """The fitted parameters (core/catalogue/fit.json) drawn jointly: their factors'
    uniforms to standard normals, correlated by the fit's covariance (a Cholesky factor),
    around the fitted values, clipped to each constant's range. Only where the fit is the
    one the constants apply (made from today's priors)."""
    result = calibration.fit()
    if result is None:
        return {}
    parameters = {p.name: p for p in result.identified}
    names = [name for name in result.correlation_names
             if all(CONSTANTS[m.id].is_fitted for m in parameters[name].members)]
    if not names or len(names) != len(result.correlation_names):
        return {}
    covariance = np.array(result.covariance_z)
    lower = np.linalg.cholesky(covariance + 1e-12 * np.eye(len(names)))
    columns = [factor_names.index(name) for name in names]
    normals = ndtri(np.clip(u[:, columns], 1e-12, 1.0 - 1e-12))
    z = np.array([parameters[name].z for name in names]) + normals @ lower.T
    return {CONSTANTS[m.id].key: np.clip(m.prior + z[:, a] * m.sigma, m.low, m.high)
            for a, name in enumerate(names) for m in parameters[name].members}


def constant_draws(seed: int, first: int, last: int) -> np.ndarray:
    """Uniforms (last - first, constant factors) for samples first..last-1 of a seeded run,
    from the constants' own stream (module docstring)."""
    return _seeded_rows(seed, first, last, len(constant_factors()), (CONSTANT_STREAM,))


def sample_range(scenario, seed: int, first: int, last: int) -> dict[str, np.ndarray]:
    """Samples first..last-1 of every lever and every ranged constant: uncertain levers
    drawn (see uniform_draws), the others at the scenario's value; the constants drawn
    from their own stream (``constant_draws``), keyed ``"K.<id>"``."""
    if last <= first:
        raise ValueError(f"the sample count must be at least 1, not {last - first}")
    values = scenario.lever_values()
    draws = iter(uniform_draws(seed, first, last).T)
    levers = {lever.id: lever_samples(lever, values[lever.id], next(draws)) if is_drawn(lever)
              else np.full(last - first, values[lever.id])
              for lever in LEVERS.values()}
    return levers | constant_samples(constant_draws(seed, first, last))


def sample_levers(scenario, n: int, seed: int) -> dict[str, np.ndarray]:
    """n samples of every lever and ranged constant: the first n of the run seeded with
    ``seed``."""
    if n < 1:
        raise ValueError(f"the sample count must be at least 1, not {n}")
    return sample_range(scenario, seed, 0, n)


def monte_carlo(scenario, n: int | None = None, seed: int | None = None,
                chunk: int | None = None,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                outputs: Iterable[str] | None = None, workers: int | None = None) -> Bands:
    """Run n samples (default: the scenario's setting) in chunks and return the bands.

    ``workers`` threads run chunks and sort (default WORKERS, every core up to two); the GUI
    asks for one so the window keeps a core to itself. The bands do not depend on
    ``workers`` or ``chunk``: samples are seeded per block (see the module docstring).
    Up to SEED_CHUNK samples the percentiles are exact; above, they come from a
    QuantileSketch, within 0.5 percentile points, in memory that does not grow with n.

    ``progress(done, total)`` is called after every chunk; if ``cancelled()`` returns True
    between chunks the run stops and ``Cancelled`` is raised. ``outputs`` limits the bands
    to some output ids (e.g. the plotted ones): the per-month percentiles of every output
    cost about as much as the model run itself. Key-figure percentiles are always computed.
    """
    n = scenario.uncertainty.samples if n is None else int(n)
    seed = scenario.uncertainty.seed if seed is None else int(seed)
    workers = WORKERS if workers is None else max(1, int(workers))
    chunk = min(DEFAULT_CHUNK, -(-n // workers)) if chunk is None else int(chunk)
    if chunk < 1:
        raise ValueError(f"the chunk size must be at least 1, not {chunk}")
    output_ids = list(OUTPUTS) if outputs is None else list(dict.fromkeys(outputs))
    unknown = [output_id for output_id in output_ids if output_id not in OUTPUTS]
    if unknown:
        raise ValueError(f"unknown output id {unknown[0]!r}; known: {', '.join(OUTPUTS)}")
    if n < 1:
        raise ValueError(f"the sample count must be at least 1, not {n}")
    exact = n <= SEED_CHUNK
    sketches = {output_id: QuantileSketch() for output_id in output_ids}
    kpi_sketch = QuantileSketch()
    parts: list[tuple[int, int, dict[str, np.ndarray]]] = []  # single-precision chunk series
    figures = np.empty((len(KPIS), min(n, SEED_CHUNK)))
    months: list[str] = []
    runs = run_chunks(scenario, seed, n, chunk, cancelled, workers, output_ids)
    for first, last, _, (chunk_months, series, chunk_figures) in runs:
        months = list(chunk_months)
        offset = first // SEED_CHUNK * SEED_CHUNK  # where this chunk's block starts
        parts.append((first - offset, last - offset, series))
        for row, kpi_id in enumerate(KPIS):
            figures[row, first - offset:last - offset] = chunk_figures[kpi_id]
        if progress is not None:
            progress(last, n)
        if not exact and (last % SEED_CHUNK == 0 or last == n):  # a block is complete
            size = last - offset
            _reduce_outputs(parts, output_ids, (len(months), size), workers,
                            lambda output_id, rows: sketches[output_id].add_sorted(rows))
            block_figures = figures[:, :size].copy()
            block_figures.sort(axis=-1)
            kpi_sketch.add_sorted(block_figures)
            parts = []
    if exact:
        percentiles = _output_percentiles(parts, output_ids, (len(months), n), workers)
        kpi_bands = percentiles_in_place(figures, PERCENTILES, workers)  # (kpis, levels)
    else:
        percentiles = {output_id: sketch.percentiles(PERCENTILES).T.astype(float)
                       for output_id, sketch in sketches.items()}
        kpi_bands = kpi_sketch.percentiles(PERCENTILES)
    kpi_percentiles = {kpi_id: kpi_bands[row] for row, kpi_id in enumerate(KPIS)}
    return Bands(months, percentiles, kpi_percentiles, n, seed)


class QuantileSketch:
    """Percentiles of many series (rows) fed block by block, in memory that does not grow.

    Why a merging sketch rather than a histogram: its rank error has a bound that holds for
    any distribution, point masses at a clipped bound, skew and outliers included, where a
    fixed-bin histogram's error depends on the shape and range. Each sorted block of c
    values becomes SKETCH_POINTS evenly spaced order statistics of weight c / SKETCH_POINTS
    (rank error <= half a weight); two summaries of equal weight merge (Manku, Rajagopalan
    and Lindsay 1998) by taking every other point of their sorted union, alternating the
    offset, which adds at most one weight of rank error. Each level's merges together add at
    most n / (2 * SKETCH_POINTS) ranks, so with L levels (L = log2 of the block count) the
    error is at most (L + 1) / (2 * SKETCH_POINTS) of n: 0.2 percentile points at 10^5
    samples, 0.4 at 10^6. Every row sees the same merges, so all rows merge in one numpy
    call. A row holding a NaN reports NaN, as ``np.percentile`` does.
    """

    def __init__(self, points: int = SKETCH_POINTS):
        self.points = points
        self.count = 0
        self._levels: dict[int, np.ndarray] = {}  # level -> sorted (rows, points)
        self._flips: dict[int, int] = {}
        self._base_weight: float | None = None
        self._extra: list[tuple[float, np.ndarray]] = []  # a short last block, kept as is
        self._nan: np.ndarray | None = None

    def add_sorted(self, rows: np.ndarray) -> None:
        """One block: (rows, c) values, each row sorted ascending (NaN last)."""
        self.add_summary(*self.summary(rows))

    def summary(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
        """What the sketch keeps of a sorted block: (points, NaN per row, count). A block
        that runs elsewhere (a Dask worker) sends only this, not its values."""
        size = rows.shape[-1]
        nan = np.isnan(rows[..., -1])
        if size <= self.points:
            return rows.copy(), nan, size
        weight = size / self.points
        return rows[..., ((np.arange(self.points) + 0.5) * weight).astype(np.intp)], nan, size

    def add_summary(self, summary: np.ndarray, nan: np.ndarray, size: int) -> None:
        """A block's ``summary``; the same as ``add_sorted`` of the block itself."""
        self._nan = nan if self._nan is None else self._nan | nan
        self.count += size
        if size <= self.points:
            self._extra.append((1.0, summary))
            return
        weight = size / self.points
        if self._base_weight is None:
            self._base_weight = weight
        if weight != self._base_weight:
            self._extra.append((weight, summary))
            return
        level = 0
        while level in self._levels:
            merged = np.concatenate([self._levels.pop(level), summary], axis=-1)
            merged.sort(axis=-1, kind="stable")  # two sorted runs: a linear merge
            offset = self._flips.get(level, 0)
            self._flips[level] = 1 - offset
            summary = np.ascontiguousarray(merged[..., offset::2])
            level += 1
        self._levels[level] = summary

    def percentiles(self, levels: tuple[int, ...]) -> np.ndarray:
        """(rows, levels) by numpy's 'linear' rule on the weighted points; exact when every
        block held at most ``points`` values."""
        pieces = [(self._base_weight * 2 ** level, values)
                  for level, values in self._levels.items()] + self._extra
        values = np.concatenate([part for _, part in pieces], axis=-1)
        weights = np.concatenate([np.full(part.shape[-1], weight) for weight, part in pieces])
        order = np.argsort(values, axis=-1, kind="stable")
        values = np.take_along_axis(values, order, axis=-1)
        weights = weights[order]
        centres = np.cumsum(weights, axis=-1) - (weights + 1) / 2  # 0-based rank of each point
        rows = np.arange(values.shape[0])[:, None]
        targets = (self.count - 1) * np.asarray(levels, dtype=float) / 100  # (levels,)
        below = (centres[:, :, None] <= targets).sum(axis=1) - 1  # (rows, levels)
        below = np.clip(below, 0, max(values.shape[-1] - 2, 0))
        above = np.minimum(below + 1, values.shape[-1] - 1)
        low, high = centres[rows, below], centres[rows, above]
        span = np.where(high > low, high - low, 1.0)
        weight = np.clip((targets - low) / span, 0.0, 1.0)
        result = values[rows, below] + (values[rows, above] - values[rows, below]) * weight
        result[self._nan] = np.nan
        return result


def _run_chunk(scenario, part: dict[str, np.ndarray], output_ids: list[str]):
    """One chunk in a worker thread: (months, single-precision series, key figures)."""
    results = run_scenario(scenario, part, BAND_DTYPE)
    series = {output_id: results.series[output_id] for output_id in output_ids}
    return results.months, series, key_figures(results)


def chunk_bounds(n: int, chunk: int) -> Iterator[tuple[int, int]]:
    """(first, last) of every chunk of at most ``chunk`` samples; none spans two blocks."""
    for block_start in range(0, n, SEED_CHUNK):
        block_end = min(block_start + SEED_CHUNK, n)
        for first in range(block_start, block_end, chunk):
            yield first, min(first + chunk, block_end)


def run_chunks(scenario, seed: int, n: int, chunk: int,
                cancelled: Callable[[], bool] | None, workers: int,
                output_ids: list[str]) -> Iterator[tuple[int, int, dict, tuple]]:
    """(first, last, lever samples, ``_run_chunk`` result) for every chunk, in order,
    ``workers`` in flight.

    numpy releases the GIL inside large array operations, so two threads keep two cores
    busy; each chunk's samples depend on the seed and their indices only, so the results do
    not depend on timing.
    """
    bounds = chunk_bounds(n, chunk)
    with ThreadPoolExecutor(workers) as pool:
        pending: deque = deque()

        def submit_next() -> None:
            first, last = next(bounds, (None, None))
            if first is None:
                return
            if cancelled is not None and cancelled():
                pool.shutdown(wait=True, cancel_futures=True)
                raise Cancelled(f"Monte Carlo cancelled after {first} of {n} samples")
            part = sample_range(scenario, seed, first, last)
            pending.append((first, last, part,
                            pool.submit(_run_chunk, scenario, part, output_ids)))

        for _ in range(workers):
            submit_next()
        while pending:
            first, last, part, future = pending.popleft()
            yield first, last, part, future.result()
            submit_next()


def band_block(scenario, seed: int, first: int, last: int, chunk: int,
               output_ids: list[str], exact: bool):
    """One seeded block of a Monte Carlo run, as a task of its own (a Dask worker): run in
    the chunks ``monte_carlo`` uses, then reduced as it reduces a block. ``exact`` (the run
    is this one block): (months, output percentiles, key-figure percentiles); otherwise
    (months, output sketch summaries, key-figure sketch summary)."""
    parts: list[tuple[int, int, dict[str, np.ndarray]]] = []
    figures = np.empty((len(KPIS), last - first))
    months: list[str] = []
    for start, end in chunk_bounds(last - first, chunk):
        part = sample_range(scenario, seed, first + start, first + end)
        months, series, chunk_figures = _run_chunk(scenario, part, output_ids)
        parts.append((start, end, series))
        for row, kpi_id in enumerate(KPIS):
            figures[row, start:end] = chunk_figures[kpi_id]
    shape = (len(months), last - first)
    if exact:
        return (list(months), _output_percentiles(parts, output_ids, shape, 1),
                percentiles_in_place(figures, PERCENTILES, 1))
    sketch = QuantileSketch()
    summaries = _reduce_outputs(parts, output_ids, shape, 1,
                                lambda _, rows: sketch.summary(rows))
    figures.sort(axis=-1)
    return list(months), summaries, sketch.summary(figures)


def _reduce_outputs(parts: list[tuple[int, int, dict[str, np.ndarray]]],
                    output_ids: list[str], shape: tuple[int, int], workers: int,
                    reduce: Callable[[str, np.ndarray], object]) -> dict[str, object]:
    """``reduce(output_id, sorted (months, samples) rows)`` of every output, gathered from
    the chunks' series.

    One output at a time goes into a reused (months, samples) buffer and is sorted there
    while it is still in cache: a buffer for every output at once cost more in first-touch
    page faults than the sort itself. Each worker thread takes every ``workers``-th output;
    a chunk's series is dropped as soon as it is copied, so memory falls as the work goes.
    """
    def gather_and_sort(ids: list[str]) -> dict[str, object]:
        buffer = np.empty(shape, dtype=BAND_DTYPE)
        reduced = {}
        for output_id in ids:
            for first, last, series in parts:
                buffer[:, first:last] = series.pop(output_id)
            buffer.sort(axis=-1)
            reduced[output_id] = reduce(output_id, buffer)
        return reduced

    groups = [output_ids[start::workers] for start in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        done = {}
        for reduced in pool.map(gather_and_sort, groups):
            done.update(reduced)
    return {output_id: done[output_id] for output_id in output_ids}


def _output_percentiles(parts: list[tuple[int, int, dict[str, np.ndarray]]],
                        output_ids: list[str], shape: tuple[int, int],
                        workers: int) -> dict[str, np.ndarray]:
    """Exact percentile rows (levels, months) of every output."""
    return _reduce_outputs(parts, output_ids, shape, workers,
                           lambda _, rows: sorted_percentiles(rows, PERCENTILES).T.astype(float))


def _sort_last_axis(values: np.ndarray, workers: int) -> None:
    """Sort in place along the last axis, the leading rows split across worker threads."""
    if values.ndim < 2 or values.shape[0] < 2 or workers < 2:
        values.sort(axis=-1)
        return
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda part: part.sort(axis=-1),
                      np.array_split(values, workers, axis=0)))


def percentiles_in_place(values: np.ndarray, levels: tuple[int, ...],
                         workers: int = WORKERS) -> np.ndarray:
    """Percentiles over the last axis (numpy's default 'linear' rule), shape (..., levels).

    Sorts ``values`` in place: one in-place sort is several times faster than
    ``np.percentile`` on Monte Carlo sized arrays (it partitions for every level). A row
    holding any NaN gives NaN, as ``np.percentile`` does.
    """
    _sort_last_axis(values, workers)
    return sorted_percentiles(values, levels)


def sorted_percentiles(values: np.ndarray, levels: tuple[int, ...]) -> np.ndarray:
    """``percentiles_in_place`` of values already sorted along the last axis."""
    count = values.shape[-1]
    position = (count - 1) * np.asarray(levels, dtype=float) / 100.0
    below = np.floor(position).astype(int)
    above = np.minimum(below + 1, count - 1)
    weight = position - below
    low, high = values[..., below], values[..., above]
    result = low + (high - low) * weight
    result[np.isnan(values[..., -1])] = np.nan
    return result


def column_name(output_id: str, level: int) -> str:
    return f"{output_id}_p{level:02d}"


def bands_to_csv(bands: Bands) -> str:
    """A `month` column, then `<id>_p05 ... <id>_p95` for every output; stable to the byte."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    ids = list(bands.percentiles)
    writer.writerow(["month", *(column_name(i, level) for i in ids for level in bands.levels)])
    table = np.concatenate([bands.percentiles[i] for i in ids], axis=0).T  # (months, columns)
    for month, row in zip(bands.months, table, strict=True):
        writer.writerow([month, *(format(float(v), BAND_DIGITS) for v in row)])
    return buffer.getvalue()
