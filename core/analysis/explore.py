"""Sampled worlds for exploratory analyses: sweep, discover (PRIM), robust search, paired
compare, evaluated block by block, in-process or on a Dask cluster.

A run of n samples is cut into the seeded blocks of ``core.analysis.uncertainty`` (block k
holds samples k*SEED_CHUNK onwards). In every block the uncertain levers take exactly the
draws of ``airace mc`` with the same seed (the ranged constants too, when a design samples
the Monte Carlo worlds); policy levers a design varies are drawn uniformly
over their range from a second stream, ``default_rng([seed, k, 1])``, so adding a policy
lever never changes the worlds. Every block is evaluated in the same fixed chunks
(EVAL_CHUNK samples per simulate call) wherever it runs, so a seed gives bit-identical
results in-process, on a local Dask cluster or on a remote one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from core.analysis.cluster import ordered_map
from core.analysis.uncertainty import (
    DEFAULT_CHUNK,
    PERCENTILES,
    SEED_CHUNK,
    WORKERS,
    Bands,
    Cancelled,
    QuantileSketch,
    band_block,
    constant_draws,
    constant_samples,
    lever_samples,
    uncertain_levers,
    uniform_draws,
)
from core.catalogue.key_figures import KPIS, key_figures
from core.catalogue.levers import LEVERS, is_drawn, lever_named
from core.catalogue.outputs import OUTPUTS
from core.common.timegrid import parse_month
from core.engine.simulation import simulate

EVAL_CHUNK = 5_000  # samples per simulate call inside a block: fixed, so results never vary


@dataclass(frozen=True)
class SampledLever:
    """A lever a design varies: uncertain ones by their Monte Carlo triangle around the
    scenario's value, policy ones uniformly over [low, high]."""

    lever_id: str
    low: float
    high: float
    uncertain: bool


@dataclass(frozen=True)
class Design:
    """What to sample and what to record for every sample."""

    levers: tuple[SampledLever, ...]
    outputs: tuple[tuple[str, str], ...] = ()  # (output id, month) pairs recorded
    kpis: tuple[str, ...] = tuple(KPIS)
    dtype: str = "float32"  # the model's precision (as Monte Carlo: 7 digits)
    fixed: tuple[tuple[str, float], ...] = field(default=())  # lever values set for every sample
    constants: bool = False  # draw the ranged constants as Monte Carlo does (its worlds)

    @property
    def columns(self) -> list[str]:
        return ["sample", *self.lever_ids, *self.kpis,
                *(output_column(o, m) for o, m in self.outputs)]

    @property
    def lever_ids(self) -> list[str]:
        return [lever.lever_id for lever in self.levers]


def output_column(output_id: str, month: str) -> str:
    return f"{output_id}@{month}"


def lever_spec(item) -> SampledLever:
    """A lever id, or (id, low, high) for a policy lever over part of its range."""
    if isinstance(item, str):
        lever_id, bounds = item, None
    else:
        lever_id, *bounds = item
        if len(bounds) != 2:
            raise ValueError(f"give a lever as an id or (id, low, high), not {item!r}")
    lever = lever_named(lever_id)
    low, high = (lever.min, lever.max) if bounds is None else map(float, bounds)
    if not lever.min <= low <= high <= lever.max:
        raise ValueError(f"range {low:g} to {high:g} of {lever_id} is outside its bounds "
                         f"{lever.min:g} to {lever.max:g}")
    return SampledLever(lever_id, low, high, is_drawn(lever) and bounds is None)


def make_design(levers: Iterable | None = None, outputs: Iterable[str] = (),
                months: Iterable[str] = (), policy: Iterable = (), kpis: Iterable[str] | None = None,
                dtype: str = "float32", fixed: dict[str, float] | None = None) -> Design:
    """``levers`` None means every uncertain lever and every ranged constant (the Monte
    Carlo worlds); ``policy`` adds levers (ids or (id, low, high)) on top; ``outputs`` x
    ``months`` are recorded too."""
    items = [lever.id for lever in uncertain_levers()] if levers is None else list(levers)
    chosen = {}
    for item in [*items, *policy]:
        spec = lever_spec(item)
        chosen[spec.lever_id] = spec
    months = list(months)
    pairs = []
    for output_id in outputs:
        if output_id not in OUTPUTS:
            raise ValueError(f"unknown output id {output_id!r}; known: {', '.join(OUTPUTS)}")
        if not months:
            raise ValueError("give the months at which to record the outputs")
        pairs.extend((output_id, month) for month in months)
    kpi_ids = tuple(KPIS) if kpis is None else tuple(kpis)
    for kpi_id in kpi_ids:
        if kpi_id not in KPIS:
            raise ValueError(f"unknown key figure {kpi_id!r}; known: {', '.join(KPIS)}")
    fixed_items = tuple(sorted((fixed or {}).items()))
    return Design(tuple(chosen.values()), tuple(pairs), kpi_ids, dtype, fixed_items,
                  constants=levers is None)


def block_bounds(n: int) -> list[tuple[int, int]]:
    """(first, last) of each seeded block of a run of n samples."""
    if n < 1:
        raise ValueError(f"the sample count must be at least 1, not {n}")
    return [(first, min(first + SEED_CHUNK, n)) for first in range(0, n, SEED_CHUNK)]


def sample_values(scenario, design: Design, seed: int, first: int,
                  last: int) -> dict[str, np.ndarray]:
    """Lever values of samples first..last-1 (inside one block) for every lever: the
    design's levers sampled, the rest at the scenario's value (or the design's fixed one);
    and the ranged constants as Monte Carlo draws them when the design samples its worlds."""
    size = last - first
    base = scenario.lever_values() | dict(design.fixed)
    values = {lever_id: np.full(size, value) for lever_id, value in base.items()}
    uncertain_ids = [lever.id for lever in uncertain_levers()]
    sampled_uncertain = [lever for lever in design.levers if lever.uncertain]
    if sampled_uncertain:
        draws = uniform_draws(seed, first, last)
        for lever in sampled_uncertain:
            column = uncertain_ids.index(lever.lever_id)
            values[lever.lever_id] = lever_samples(LEVERS[lever.lever_id],
                                                   base[lever.lever_id], draws[:, column])
    uniform = [lever for lever in design.levers if not lever.uncertain]
    if uniform:
        block = first // SEED_CHUNK
        start = block * SEED_CHUNK
        rows = np.random.default_rng([seed, block, 1]).random((last - start, len(uniform)))
        rows = rows[first - start:]
        for column, lever in enumerate(uniform):
            values[lever.lever_id] = lever.low + (lever.high - lever.low) * rows[:, column]
    if design.constants:
        values |= constant_samples(constant_draws(seed, first, last))
    return values


def last_month_read(scenario, design: Design) -> str:
    """The latest month the design reads, within the scenario's run. The model steps one
    state month by month, so earlier months never depend on later ones: a run that stops
    here gives the same figures (to the bit) for about half the work when the key figures
    end in 2030 and the run in 2035."""
    months = [KPIS[kpi_id].last_month or scenario.end for kpi_id in design.kpis]
    months += [month for _, month in design.outputs]
    if not months:
        return scenario.end
    latest = min(max(months, key=parse_month), scenario.end, key=parse_month)
    return max(latest, scenario.start, key=parse_month)


def evaluate_values(scenario, design: Design, values: dict[str, np.ndarray]
                    ) -> dict[str, np.ndarray]:
    """Key figures and recorded outputs for given lever values, in EVAL_CHUNK calls."""
    size = len(next(iter(values.values())))
    names = [*design.kpis, *(output_column(o, m) for o, m in design.outputs)]
    table = {name: np.empty(size) for name in names}
    base = scenario.lever_values()
    end = last_month_read(scenario, design)
    for first in range(0, size, EVAL_CHUNK):
        last = min(first + EVAL_CHUNK, size)
        part = base | {lever_id: column[first:last] for lever_id, column in values.items()}
        results = simulate(part, scenario.events, scenario.start, end, np.dtype(design.dtype))
        figures = key_figures(results) if design.kpis else {}
        for kpi_id in design.kpis:
            table[kpi_id][first:last] = figures[kpi_id]
        for output_id, month in design.outputs:
            table[output_column(output_id, month)][first:last] = results.at(output_id, month)
    return table


def evaluate_block(scenario, design: Design, seed: int, first: int, last: int,
                   reference=None) -> dict[str, np.ndarray]:
    """One block's columns (Design.columns): sample index, sampled levers, figures. With a
    ``reference`` scenario the figures are the scenario's minus the reference's in the same
    worlds (a policy's effect, as a paired run makes it); the levers are the scenario's."""
    values = sample_values(scenario, design, seed, first, last)
    columns = {"sample": np.arange(first, last, dtype=np.int64)}
    columns.update({lever_id: values[lever_id] for lever_id in design.lever_ids})
    figures = evaluate_values(scenario, design, values)
    if reference is not None:
        base = evaluate_values(reference, design,
                               sample_values(reference, design, seed, first, last))
        figures = {name: column - base[name] for name, column in figures.items()}
    columns.update(figures)
    return columns


def run_blocks(scenario, design: Design, n: int, seed: int, scheduler: str | None = None,
               workers: int = WORKERS,
               progress: Callable[[int, int], None] | None = None,
               cancelled: Callable[[], bool] | None = None,
               reference=None) -> Iterator[dict[str, np.ndarray]]:
    """Every block's columns, in order, as they complete (never all in memory).

    ``scheduler`` None runs in ``workers`` threads; "local" starts a Dask LocalCluster;
    "tcp://host:port" uses a running Dask scheduler (see core.analysis.cluster).
    ``reference``: figures are the scenario's minus this one's (``evaluate_block``).
    """
    tasks = [(scenario, design, seed, first, last, reference)
             for first, last in block_bounds(n)]
    done = 0
    for columns in ordered_map(evaluate_block, tasks, scheduler, workers, cancelled):
        done += len(columns["sample"])
        if progress is not None:
            progress(done, n)
        yield columns


def monte_carlo_on(scheduler: str, scenario, n: int, seed: int,
                   outputs: Iterable[str] | None = None, workers: int = WORKERS,
                   progress: Callable[[int, int], None] | None = None,
                   cancelled: Callable[[], bool] | None = None) -> Bands:
    """``uncertainty.monte_carlo`` with its seeded blocks run on Dask (``scheduler``): each
    block runs and is reduced on a worker in the chunks the in-process run uses (``workers``
    says how many that run would have), so the bands are the same to the bit, and only
    percentiles or sketch summaries travel back."""
    output_ids = list(OUTPUTS) if outputs is None else list(dict.fromkeys(outputs))
    unknown = [output_id for output_id in output_ids if output_id not in OUTPUTS]
    if unknown:
        raise ValueError(f"unknown output id {unknown[0]!r}; known: {', '.join(OUTPUTS)}")
    chunk = min(DEFAULT_CHUNK, -(-n // max(1, workers)))
    exact = n <= SEED_CHUNK
    tasks = [(scenario, seed, first, last, chunk, output_ids, exact)
             for first, last in block_bounds(n)]
    sketches = {output_id: QuantileSketch() for output_id in output_ids}
    kpi_sketch = QuantileSketch()
    months: list[str] = []
    for (_, _, _, last, *_), (months, reduced, kpi_reduced) in zip(
            tasks, ordered_map(band_block, tasks, scheduler, cancelled=cancelled),
            strict=True):
        if exact:
            return Bands(months, reduced, dict(zip(KPIS, kpi_reduced, strict=True)), n, seed)
        for output_id, summary in reduced.items():
            sketches[output_id].add_summary(*summary)
        kpi_sketch.add_summary(*kpi_reduced)
        if progress is not None:
            progress(last, n)
    percentiles = {output_id: sketch.percentiles(PERCENTILES).T.astype(float)
                   for output_id, sketch in sketches.items()}
    kpi_bands = kpi_sketch.percentiles(PERCENTILES)
    return Bands(months, percentiles, dict(zip(KPIS, kpi_bands, strict=True)), n, seed)


def collect(blocks: Iterable[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """Concatenate streamed blocks into whole columns."""
    gathered: dict[str, list[np.ndarray]] = {}
    for columns in blocks:
        for name, column in columns.items():
            gathered.setdefault(name, []).append(column)
    return {name: np.concatenate(parts) for name, parts in gathered.items()}


def check_cancel(cancelled: Callable[[], bool] | None, what: str) -> None:
    if cancelled is not None and cancelled():
        raise Cancelled(f"{what} cancelled")


def parse_lever_items(texts: Sequence[str]) -> list:
    """CLI lever arguments: ``ID`` or ``ID=LOW:HIGH``."""
    items = []
    for text in texts:
        if "=" in text:
            lever_id, _, span = text.partition("=")
            low, sep, high = span.partition(":")
            if not sep:
                raise ValueError(f"give a lever range as ID=LOW:HIGH, not {text!r}")
            items.append((lever_id, float(low), float(high)))
        else:
            items.append(text)
    return items
