"""Time the analyses on the baseline: Monte Carlo, tornado, Sobol, goal seek.

Targets on the 2-core reference machine: 10,000-sample Monte Carlo <= 0.5 s; tornado over
every uncertain lever <= 0.2 s; Sobol with 1,024 base samples <= 5 s.
Run: python benchmarks/bench_analysis.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from core.analysis.goalseek import goal_seek
from core.analysis.sensitivity import sobol, tornado, uncertain_levers
from core.analysis.uncertainty import (
    BAND_DTYPE,
    DEFAULT_CHUNK,
    PERCENTILES,
    WORKERS,
    bands_to_csv,
    monte_carlo,
    percentiles_in_place,
    sample_levers,
)
from core.catalogue.key_figures import KPIS
from core.catalogue.outputs import OUTPUTS
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled

OUTPUTS_LIST = list(OUTPUTS)


def timed(function, repeats: int) -> tuple[float, object]:
    """Median seconds over repeats, and the last result."""
    times, result = [], None
    for _ in range(repeats):
        began = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - began)
    return statistics.median(times), result


def verdict(seconds: float, target: float) -> str:
    return "ok" if seconds <= target else "MISSED"


def main() -> None:
    baseline = load_bundled("baseline")
    monte_carlo(baseline, n=100, seed=1)  # warm imports and caches

    n = 10_000
    for chunk in (None, 500):
        seconds, bands = timed(lambda c=chunk: monte_carlo(baseline, n=n, seed=1, chunk=c), 5)
        label = f"default chunks ({min(DEFAULT_CHUNK, n // WORKERS):,} samples, {WORKERS} " \
                f"threads)" if chunk is None else f"chunks of {chunk:,}"
        print(f"Monte Carlo, {n:,} samples, every output, {label}: median {seconds:.3f} s "
              f"over 5 runs (target <= 0.5 s: {verdict(seconds, 0.5)})")
    plotted = list(dict.fromkeys(kpi.output_id for kpi in KPIS.values()))
    seconds, _ = timed(lambda: monte_carlo(baseline, n=n, seed=1, outputs=plotted), 3)
    print(f"Monte Carlo, {n:,} samples, bands of only the {len(plotted)} key-figure series "
          f"(as a GUI showing them would ask): median {seconds:.3f} s "
          f"(target <= 0.5 s: {verdict(seconds, 0.5)})")
    # where the time goes: the model itself, then the percentile sort
    samples = sample_levers(baseline, n, 1)
    model, results = timed(lambda: run_scenario(baseline, samples, BAND_DTYPE), 3)
    # Percentiles as monte_carlo takes them: one output at a time in a reused buffer, sorted
    # on WORKERS threads. Stacking every output first (as this line once did) copies 320 MB
    # that monte_carlo never makes (0.4-0.7 s of CPU in a process whose freed memory is not
    # yet kept); its cost is printed separately.
    buffer = np.empty_like(results.series[OUTPUTS_LIST[0]])

    def sort_one_at_a_time():
        for output_id in OUTPUTS_LIST:
            buffer[...] = results.series[output_id]
            percentiles_in_place(buffer, PERCENTILES)

    sort_seconds, _ = timed(sort_one_at_a_time, 3)
    stack_seconds, _ = timed(lambda: np.stack([results.series[i] for i in OUTPUTS]), 3)
    csv_seconds, _ = timed(lambda: bands_to_csv(bands), 3)
    print(f"    of which: one {n:,}-sample simulate in single precision, one thread: "
          f"{model:.3f} s; sort + percentiles of {len(OUTPUTS)} outputs, one at a time on "
          f"{WORKERS} threads: {sort_seconds:.3f} s (stacking them all first would add "
          f"{stack_seconds:.3f} s); bands CSV {csv_seconds:.3f} s")

    seconds, bars = timed(lambda: tornado(baseline, "us_power_gap_2028"), 20)
    print(f"Tornado over {len(bars)} uncertain levers (one simulate of {2 * len(bars) + 1} "
          f"samples): median {seconds * 1e3:.1f} ms (target <= 0.2 s: "
          f"{verdict(seconds, 0.2)})")

    k = len(uncertain_levers())
    seconds, indices = timed(lambda: sobol(baseline, "us_power_gap_2028", base_samples=1024),
                             3)
    print(f"Sobol, 1,024 base samples x ({k} levers + 2) = {(k + 2) * 1024:,} runs: median "
          f"{seconds:.3f} s (target <= 5 s: {verdict(seconds, 5.0)}); top lever "
          f"{indices[0].lever_id} (total order {indices[0].total_order:.2f})")

    seconds, result = timed(lambda: goal_seek(baseline, "us_dc_committed_additions_gw_per_year",
                                              "us_power_gap_gw", 0.0, "2028-12"), 10)
    print(f"Goal seek (US power additions closing the 2028 gap): median {seconds * 1e3:.1f} ms;"
          f" {result.message}")


if __name__ == "__main__":
    main()
