"""The Python front door for notebooks and scripts: run, sweep, Monte Carlo, discover.

    from core import api
    results = api.run("baseline", export_fee_share=0.25)
    results.to_frame()                       # months x outputs (pandas)
    samples = api.sweep("baseline", 10_000, seed=1, outputs=["capability_gap_months"],
                        months=["2028-12", "2030-12"])
    worlds = api.monte_carlo("baseline", 2_000, seed=1)   # raw samples, one row per world

Scenarios are Scenario objects, bundled names ("baseline") or paths to .json files. Frames
need the ``data`` extra (pandas, pyarrow), imported only when a frame is asked for.
Sampled runs use the seeded blocks of ``airace mc``: a seed gives the same worlds here, on
the command line and on a Dask cluster (``scheduler="local"`` or "tcp://host:port").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from core.analysis.discover import Condition, Discovery
from core.analysis.discover import discover as _discover
from core.analysis.explore import collect, make_design, monte_carlo_on, run_blocks
from core.analysis.paired import PairedEffect, paired_effect
from core.analysis.tables import to_frame, write_parquet
from core.analysis.uncertainty import Bands
from core.analysis.uncertainty import monte_carlo as _bands
from core.catalogue.levers import lever_named
from core.engine.results import Results
from core.engine.simulation import run_scenario
from core.formats.scenario import Scenario, load_scenario, resolve

__all__ = ["scenario", "run", "sweep", "monte_carlo", "discover", "paired", "Condition"]


def scenario(reference: Scenario | str | Path, **lever_values: float) -> Scenario:
    """A Scenario from an object, a bundled name or a path, with levers changed."""
    if isinstance(reference, Scenario):
        result = reference
    elif isinstance(reference, Path):
        result = load_scenario(reference)
    else:
        result = resolve(str(reference))
    for lever_id, value in lever_values.items():
        lever_named(lever_id)
        result = result.with_lever(lever_id, float(value))
    return result


def run(reference: Scenario | str | Path, **lever_values: float) -> Results:
    """One deterministic run (double precision); ``Results.to_frame()`` gives a DataFrame."""
    return run_scenario(scenario(reference, **lever_values))


def sweep(reference: Scenario | str | Path, n: int, seed: int | None = None,
          levers: Iterable | None = None, outputs: Sequence[str] = (),
          months: Sequence[str] = (), kpis: Sequence[str] | None = None,
          scheduler: str | None = None, frame: bool = True, path: str | Path | None = None):
    """Raw samples: one row per sampled world with its lever values and chosen figures.

    ``levers``: None samples every uncertain lever (the Monte Carlo worlds); a list of ids
    or (id, low, high) samples just those, policy levers uniformly over their range or
    [low, high], uncertain ones by their Monte Carlo distribution. ``outputs`` are recorded
    at each of ``months`` (columns "output@YYYY-MM"); ``kpis`` (default all key figures).
    Returns a DataFrame (``frame=False``: a dict of numpy columns). With ``path`` the rows
    stream to a Parquet file instead (never all in memory) and the row count is returned.
    """
    base = scenario(reference)
    seed = base.uncertainty.seed if seed is None else int(seed)
    design = make_design(levers=levers, outputs=outputs, months=months, kpis=kpis)
    blocks = run_blocks(base, design, int(n), seed, scheduler)
    if path is not None:
        return write_parquet(path, blocks, {"scenario": base.name, "seed": str(seed),
                                            "samples": str(n)})
    columns = collect(blocks)
    return to_frame(columns, index="sample") if frame else columns


def monte_carlo(reference: Scenario | str | Path, n: int | None = None,
                seed: int | None = None, raw: bool = True,
                scheduler: str | None = None) -> Bands | object:
    """Monte Carlo. ``raw=True``: a DataFrame of every world (uncertain levers and key
    figures, the samples of ``airace mc`` and ``airace sweep``); ``raw=False``: the
    percentile Bands."""
    base = scenario(reference)
    n = base.uncertainty.samples if n is None else int(n)
    if not raw and scheduler is not None:
        return monte_carlo_on(scheduler, base, n, base.uncertainty.seed if seed is None
                              else seed)
    if not raw:
        return _bands(base, n, seed)
    return sweep(base, n, seed, scheduler=scheduler)


def discover(reference: Scenario | str | Path, condition: Condition, n: int,
             seed: int | None = None, policy: Iterable = (),
             scheduler: str | None = None,
             against: Scenario | str | Path | None = None) -> Discovery:
    """PRIM boxes where ``condition`` holds (see core.analysis.discover); with ``against``
    a scenario, the condition is on the effect: this scenario's figure minus that one's in
    the same world."""
    base = scenario(reference)
    seed = base.uncertainty.seed if seed is None else int(seed)
    other = None if against is None else scenario(against)
    return _discover(base, condition, int(n), seed, policy, scheduler, reference=other)


def paired(reference_a: Scenario | str | Path, reference_b: Scenario | str | Path, n: int,
           seed: int | None = None) -> PairedEffect:
    """B - A of every key figure over the same n sampled worlds, and what the effect on
    the US lead and on China's compute hinges on (``PairedEffect.hinges``)."""
    a, b = scenario(reference_a), scenario(reference_b)
    seed = a.uncertainty.seed if seed is None else int(seed)
    return paired_effect(a, b, int(n), seed, (a.name, b.name))
