"""Monte Carlo: draw every uncertain lever around the scenario's value and report bands.

Each non-policy lever is triangular over its catalogue range, shifted so its mode is the
scenario's value (the range follows the user's lever) and clipped to the lever's bounds.
Policy levers stay at the scenario's value. One ``numpy.random.Generator`` made from the seed
draws every lever in catalogue order, so a seed always gives the same samples; all samples
are drawn before any run, so running in one chunk or many gives identical bands.
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

from core.kpis import KPIS, key_figures
from core.levers import LEVERS, Lever
from core.outputs import OUTPUTS
from core.simulation import run_scenario

PERCENTILES: tuple[int, ...] = (5, 25, 50, 75, 95)
# Samples per simulate call when the caller does not choose: a run is split evenly among
# the workers up to this size. Large chunks pay: the model's month loops cost the same per
# call for 500 samples as for 5,000 (0.27 s for 10,000 samples in chunks of 500, 0.22 s in
# chunks of 5,000, on two threads); callers wanting progress or quick cancel pass a smaller one.
DEFAULT_CHUNK = 5_000
# Monthly series are kept for sorting in single precision: 7 significant digits is more than
# a band needs, and it halves the memory and the sort time (0.2 s instead of 0.36 s for
# every output at 10,000 samples). Key figures stay in double precision.
BAND_DTYPE = np.float32
WORKERS = min(2, os.cpu_count() or 1)  # threads for chunks and sorting (see _chunk_runs)
BAND_DIGITS = ".7g"  # what single precision holds


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
    return [lever for lever in LEVERS.values() if not lever.is_policy]


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


def sample_levers(scenario, n: int, seed: int) -> dict[str, np.ndarray]:
    """n samples of every lever: uncertain levers drawn, policy levers at the scenario's value."""
    if n < 1:
        raise ValueError(f"the sample count must be at least 1, not {n}")
    rng = np.random.default_rng(seed)
    values = scenario.lever_values()
    samples = {}
    for lever in LEVERS.values():
        if lever.is_policy:
            samples[lever.id] = np.full(n, values[lever.id])
        else:
            samples[lever.id] = lever_samples(lever, values[lever.id], rng.random(n))
    return samples


def monte_carlo(scenario, n: int | None = None, seed: int | None = None,
                chunk: int | None = None,
                progress: Callable[[int, int], None] | None = None,
                cancelled: Callable[[], bool] | None = None,
                outputs: Iterable[str] | None = None, workers: int | None = None) -> Bands:
    """Run n samples (default: the scenario's setting) in chunks and return the bands.

    ``workers`` threads run chunks and sort (default WORKERS, every core up to two); the GUI
    asks for one so the window keeps a core to itself.

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
    samples = sample_levers(scenario, n, seed)
    parts: list[tuple[int, int, dict[str, np.ndarray]]] = []  # single-precision chunk series
    figures = np.empty((len(KPIS), n))
    months: list[str] = []
    runs = _chunk_runs(scenario, samples, n, chunk, cancelled, workers, output_ids)
    for first, last, (chunk_months, series, chunk_figures) in runs:
        months = list(chunk_months)
        parts.append((first, last, series))
        for row, kpi_id in enumerate(KPIS):
            figures[row, first:last] = chunk_figures[kpi_id]
        if progress is not None:
            progress(last, n)
    percentiles = _output_percentiles(parts, output_ids, (len(months), n), workers)
    kpi_bands = percentiles_in_place(figures, PERCENTILES, workers)  # (kpis, levels)
    kpi_percentiles = {kpi_id: kpi_bands[row] for row, kpi_id in enumerate(KPIS)}
    return Bands(months, percentiles, kpi_percentiles, n, seed)


def _run_chunk(scenario, part: dict[str, np.ndarray], output_ids: list[str]):
    """One chunk in a worker thread: (months, single-precision series, key figures)."""
    results = run_scenario(scenario, part, BAND_DTYPE)
    series = {output_id: results.series[output_id] for output_id in output_ids}
    return results.months, series, key_figures(results)


def _chunk_runs(scenario, samples: dict[str, np.ndarray], n: int, chunk: int,
                cancelled: Callable[[], bool] | None, workers: int,
                output_ids: list[str]) -> Iterator[tuple[int, int, tuple]]:
    """(first, last, ``_run_chunk`` result) for every chunk, in order, ``workers`` in flight.

    numpy releases the GIL inside large array operations, so two threads keep two cores
    busy; each chunk's samples are fixed in advance, so the results do not depend on timing.
    """
    starts = iter(range(0, n, chunk))
    with ThreadPoolExecutor(workers) as pool:
        pending: deque = deque()

        def submit_next() -> None:
            first = next(starts, None)
            if first is None:
                return
            if cancelled is not None and cancelled():
                pool.shutdown(wait=True, cancel_futures=True)
                raise Cancelled(f"Monte Carlo cancelled after {first} of {n} samples")
            last = min(first + chunk, n)
            part = {lever_id: values[first:last] for lever_id, values in samples.items()}
            pending.append((first, last, pool.submit(_run_chunk, scenario, part, output_ids)))

        for _ in range(workers):
            submit_next()
        while pending:
            first, last, future = pending.popleft()
            yield first, last, future.result()
            submit_next()


def _output_percentiles(parts: list[tuple[int, int, dict[str, np.ndarray]]],
                        output_ids: list[str], shape: tuple[int, int],
                        workers: int) -> dict[str, np.ndarray]:
    """Percentile rows (levels, months) of every output, gathered from the chunks' series.

    One output at a time goes into a reused (months, samples) buffer and is sorted there
    while it is still in cache: a buffer for every output at once cost more in first-touch
    page faults than the sort itself. Each worker thread takes every ``workers``-th output;
    a chunk's series is dropped as soon as it is copied, so memory falls as the work goes.
    """
    def gather_and_sort(ids: list[str]) -> dict[str, np.ndarray]:
        buffer = np.empty(shape, dtype=BAND_DTYPE)
        rows = {}
        for output_id in ids:
            for first, last, series in parts:
                buffer[:, first:last] = series.pop(output_id)
            rows[output_id] = percentiles_in_place(buffer, PERCENTILES, 1).T.astype(float)
        return rows

    groups = [output_ids[start::workers] for start in range(workers)]
    with ThreadPoolExecutor(workers) as pool:
        done = {}
        for rows in pool.map(gather_and_sort, groups):
            done.update(rows)
    return {output_id: done[output_id] for output_id in output_ids}


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
