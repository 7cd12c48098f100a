"""Time the core model: one baseline run (N=1) and one 10,000-sample run.

Targets on the 2-core reference machine: one run <= 2 ms median; 10,000 samples <= 0.5 s.
One run goes through the blocks written out as a flat loop (``run`` in
core/engine/month_loop.py), N samples through the same lines on numpy rows (``run_rows``);
"stepping the blocks" is what a run neither loop was written for does.
Measured on it (model v3), alternately with main as of e9a0dcd in the same session, 3 rounds
each, medians of the rounds' medians: one run 1.89 -> 1.41 ms; stepping the blocks 3.8 ms
(unchanged); 10,000 samples 0.62 -> 0.47 s, with every ranged constant drawn 0.59 -> 0.54 s.
The machine was shared, so one round's figure wanders by a third: the two N-sample paths
alternated 16 times in one process took 0.67 and 0.62 s of CPU (the rows loop 9% less).
Then (model v3 grown to ~45 stocks; alternately with main as of a7c4c3a, 3 rounds, medians
of the rounds' medians, a machine shared with a CI run): 10,000 samples 0.77 -> 0.67 s, with
every ranged constant drawn 0.88 -> 0.67 s; one run unchanged (its loop is the same code).
The rows loop writes results into arrays that die on a line or before (out=) and outputs
into their rows of the results; the look-back of the capability gap
(core.model.compute.Lookback) reads only what a month moved and is a tenth of a
10,000-sample run, down from a fifth. The first 10,000-sample run of a process takes
0.8-3 s: it faults in ~0.9 GB of fresh memory that later runs reuse (core.engine.memory);
it was the old "p90" of the 10,000-sample line, now timed on its own.
One trajectory (a run from 2025-01 goes on from its own history run, 2022-01..2024-12, kept
for the next run whose history reads the same): alternately with main as of b4cd47e on a
shared machine, one run 1.98 -> 2.18 ms (3 rounds, medians of medians; a quieter pair of
rounds: 1.83 -> 1.95), of which the start from the kept history costs ~32 us (the key
~20 us) against ~27 us for the 2025 start rules it replaces; the rest is a different
trajectory through the same loop (its look-back walks other rows). A run whose history is new runs the 36 history months
first: 2.9-3.0 ms; the backcast (168 months) 2.65-2.7 ms. 10,000 samples 0.50 -> 0.55 s
(the key hashes every sampled row, ~10 ms), with every ranged constant drawn 0.63 -> 0.64 s,
and 0.77-0.83 s when the draws are new (each sample's history runs first).
The kernel work, measured before the one trajectory came in (growth factors compounded
as exp(ln factor x time) with the logarithm before the loop; a single-precision run kept in single precision; lines on levers only redone in a
month where an event moves one; one run's lines on the clock alone made once per set of
months; rows bounded by rows of their bound; clips as a maximum and a minimum), alternately
with main as of b4cd47e and the reference 502337f in one session, 4 rounds, medians of the
rounds' medians, on a machine shared with three other jobs (a round wanders by a third):
one run 2.00 -> 1.73 ms (reference 1.52; 1.87 -> 1.70 in 4 more rounds of one runs alone);
10,000 samples 0.58 -> 0.43 s (reference 0.50); with every ranged constant drawn 0.67 ->
0.53 s; in single precision 0.66 -> 0.26 s (reference 0.47: numpy scalars of the clock and
the constants had made most of a float32 run double); single precision with constants drawn,
as Monte Carlo runs, 0.70 -> 0.29 s.
Run: python benchmarks/bench_core.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from core.analysis.uncertainty import BAND_DTYPE, constant_factors, constant_samples
from core.catalogue.levers import LEVERS, is_drawn
from core.engine import simulation
from core.engine.inputs import ModelInputs
from core.engine.simulation import run_scenario, step_blocks
from core.formats.scenario import load_bundled


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
    median, p90 = median_ms(lambda: run_scenario(baseline), 500)
    print(f"one baseline run (N=1, 132 months): median {median:.3f} ms, p90 {p90:.3f} ms "
          f"over 500 runs (target <= 2 ms)")
    def from_history():  # the history months too (nothing kept: a run that changes them)
        simulation.forget_history_ends()
        run_scenario(baseline)
    median, _ = median_ms(from_history, 200)
    print(f"the same run with its history (2022-01..2024-12) run first, not kept: median "
          f"{median:.3f} ms")
    backcast = baseline.model_copy(update={"start": "2022-01"})
    median, _ = median_ms(lambda: run_scenario(backcast), 200)
    print(f"the backcast (168 months from 2022-01): median {median:.3f} ms")
    inputs = ModelInputs(baseline.lever_values(), baseline.events, baseline.start, 132, 1)
    median, _ = median_ms(lambda: step_blocks(inputs, baseline.start, False), 200)
    print(f"the same run stepping the blocks (a run the written-out loop does not fit): "
          f"median {median:.3f} ms")
    rng = np.random.default_rng(1)
    samples = {lever_id: rng.uniform(*lever.uncertainty, 10_000)
               for lever_id, lever in LEVERS.items() if is_drawn(lever)}
    first, _ = median_ms(lambda: run_scenario(baseline, samples), 1)
    print(f"the first 10,000-sample run of the process: {first / 1e3:.3f} s (it faults in "
          f"~0.9 GB of fresh memory, ~0.7 GB of it the results; later runs reuse it)")
    median, p90 = median_ms(lambda: run_scenario(baseline, samples), 7)
    print(f"one 10,000-sample run: median {median / 1e3:.3f} s, p90 {p90 / 1e3:.3f} s "
          f"over 7 runs (target <= 0.5 s)")
    drawn = samples | constant_samples(rng.random((10_000, len(constant_factors()))))
    median, p90 = median_ms(lambda: run_scenario(baseline, drawn), 7)
    print(f"the same with every ranged constant drawn too: median "
          f"{median / 1e3:.3f} s, p90 {p90 / 1e3:.3f} s over 7 runs (target <= 0.5 s)")
    median, p90 = median_ms(lambda: run_scenario(baseline, samples, BAND_DTYPE), 7)
    print(f"10,000 samples in single precision: median {median / 1e3:.3f} s, "
          f"p90 {p90 / 1e3:.3f} s over 7 runs")
    median, p90 = median_ms(lambda: run_scenario(baseline, drawn, BAND_DTYPE), 7)
    print(f"... with every ranged constant drawn too (as Monte Carlo runs): median "
          f"{median / 1e3:.3f} s, p90 {p90 / 1e3:.3f} s over 7 runs")

    for dtype, name in ((np.float64, "double precision"), (BAND_DTYPE, "single precision, as Monte Carlo runs")):
        def drawn_from_history(dtype=dtype):  # new draws: every sample's history runs first
            simulation.forget_history_ends()
            run_scenario(baseline, drawn, dtype)
        median, p90 = median_ms(drawn_from_history, 7)
        print(f"10,000 samples, constants drawn, each sample's history (2022-01..2024-12) "
              f"run first, nothing kept ({name}): median {median / 1e3:.3f} s, "
              f"p90 {p90 / 1e3:.3f} s over 7 runs")


if __name__ == "__main__":
    main()
