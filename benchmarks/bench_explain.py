"""Time `explain` (Shapley attribution against the baseline).

Target: well under 300 ms, so the GUI can recompute the waterfall within 300 ms of the last
lever move. Times the largest bundled scenario (most items changed) for every key figure,
then 10 levers changed (1,024 exact runs), 14 and 30 (sampled, about 2,048 runs).
Run: python benchmarks/bench_explain.py
"""

from __future__ import annotations

import statistics
import time

from core.analysis.attribution import explain
from core.kpis import KPIS
from core.levers import LEVERS
from core.scenario import bundled_names, load_bundled


def timed(function, repeats: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000, result


def with_levers(scenario, count: int):
    movable = [lever for lever in LEVERS.values() if lever.max > lever.default][:count]
    for lever in movable:
        scenario = scenario.with_lever(lever.id, lever.default + 0.3 * (lever.max - lever.default))
    return scenario


def main() -> None:
    base = load_bundled("baseline")
    scenarios = {name: load_bundled(name) for name in bundled_names()}
    largest = max(scenarios, key=lambda name: len(explain(scenarios[name], base,
                                                          "capability_gap_2030").items))
    print(f"largest bundled scenario: {largest}")
    worst_error = 0.0
    for kpi_id in KPIS:
        ms, result = timed(lambda kpi_id=kpi_id: explain(scenarios[largest], base, kpi_id))
        error = abs(result.residual) / abs(result.total) if result.total else 0.0
        worst_error = max(worst_error, error)
        print(f"  {kpi_id:28s} {len(result.items):2d} items {result.runs:5d} runs "
              f"{ms:7.1f} ms  sum-to-total error {error:.1e}")
    for count in (10, 14, 30):
        scenario = with_levers(base, count)
        ms, result = timed(lambda scenario=scenario: explain(scenario, base,
                                                             "capability_gap_2030"), 3)
        error = abs(result.residual) / abs(result.total) if result.total else 0.0
        print(f"{count} levers changed ({'exact' if result.exact else 'sampled'}): "
              f"{result.runs} runs {ms:.0f} ms, sum-to-total error {error:.1e}")
    scenario = with_levers(base, 10)
    ms, result = timed(lambda: explain(scenario, base, output_id="capability_gap_months",
                                       month="2035-12"), 3)
    print(f"10 levers changed, an output at the last month (2035-12, the longest run): "
          f"{result.runs} runs {ms:.0f} ms")
    print(f"worst relative sum-to-total error (largest bundled): {worst_error:.1e}")


if __name__ == "__main__":
    main()
