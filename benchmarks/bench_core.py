"""Time the core model: one baseline run (N=1) and one 10,000-sample run.

Targets on the 2-core reference machine: one run <= 2 ms median; 10,000 samples <= 0.5 s.
Measured on it, quiet: one run 1.4 ms (3.4 ms before one run went through the blocks
written out as a flat loop, core.model.flat); writing that loop out costs 7-12 ms once per
process and set of levers that vary over the months; 10,000 samples 0.45-0.52 s.
Run: python benchmarks/bench_core.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from core.levers import LEVERS
from core.scenario import load_bundled
from core.simulation import month_loop, run_scenario


def median_ms(function, repeats: int) -> tuple[float, float]:
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        function()
        times.append((time.perf_counter() - began) * 1e3)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.9)]


def main() -> None:
    baseline = load_bundled("baseline")
    run_scenario(baseline)  # warm imports and caches
    month_loop.cache_clear()
    first, _ = median_ms(lambda: run_scenario(baseline), 1)
    print(f"first baseline run, writing out the month loop: {first:.1f} ms")
    median, p90 = median_ms(lambda: run_scenario(baseline), 500)
    print(f"one baseline run (N=1, 132 months): median {median:.3f} ms, p90 {p90:.3f} ms "
          f"over 500 runs (target <= 2 ms)")
    rng = np.random.default_rng(1)
    samples = {lever_id: rng.uniform(*lever.uncertainty, 10_000)
               for lever_id, lever in LEVERS.items() if not lever.is_policy}
    median, p90 = median_ms(lambda: run_scenario(baseline, samples), 7)
    print(f"one 10,000-sample run: median {median / 1e3:.3f} s, p90 {p90 / 1e3:.3f} s "
          f"over 7 runs (target <= 0.5 s)")


if __name__ == "__main__":
    main()
