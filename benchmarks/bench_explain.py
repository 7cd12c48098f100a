"""Time `explain` (Shapley attribution against the baseline), and the waterfall window.

Target: well under 300 ms, so the GUI can recompute the waterfall within 300 ms of the last
lever move. Times the largest bundled scenario (most items changed) for every key figure,
then 10 levers changed (1,024 exact runs), 14 and 30 (sampled, about 2,048 runs). Then, in
the window (offscreen): the time from the last lever move to the waterfall redrawn (the
debounce, the run off the GUI thread, the redraw), median and p90 (target: 300 ms).
Run: python benchmarks/bench_explain.py [--gui-only]
"""

from __future__ import annotations

import os
import statistics
import sys
import time

from core.analysis.explain import explain
from core.catalogue.key_figures import KPIS
from core.catalogue.levers import LEVERS
from core.formats.scenario import bundled_names, load_bundled

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
GUI_REPETITIONS = 20
GUI_LEVER = "us_grid_connection_delay_months"


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


def gui_latency() -> None:
    """Last lever move to waterfall redrawn, with 1, 10 (exact) and 14 (sampled) items."""
    from PySide6.QtCore import QEventLoop

    from core.catalogue.levers import LEVERS as CATALOGUE
    from desktop.app import create_window

    window = create_window(recover=False)
    window.session.autosave_enabled = False
    window.show()
    view = window.explainer.open_for_kpi("capability_gap_2030")
    lever = CATALOGUE[GUI_LEVER]
    base = load_bundled("baseline")
    loop = QEventLoop()  # waits as the app does: idle in the event loop, not polling
    view.updated.connect(loop.quit)
    for count in (0, 10, 14):  # levers changed (the moved one among them, or alone)
        window.session.load(with_levers(base, count), None)
        times = []
        for repetition in range(GUI_REPETITIONS + 2):
            drawn = view.update_count
            value = lever.default + (repetition % 2 + 1) * lever.step * 3
            window.session.set_lever(GUI_LEVER, value)
            start = time.perf_counter()  # the last (only) move of this burst
            while view.update_count == drawn or view.explained[0] != window.session.scenario:
                loop.exec()
            if repetition >= 2:  # warm-up
                times.append((view.updated_at - start) * 1000)
        items = len(view.attribution.items)
        ordered = sorted(times)
        alone, _ = timed(lambda: explain(window.session.scenario, base, "capability_gap_2030"))
        print(f"waterfall, {items:2d} items ({'exact' if view.attribution.exact else 'sampled'}"
              f"): last lever move to redrawn median {statistics.median(times):.0f} ms, "
              f"p90 {ordered[int(0.9 * (len(ordered) - 1))]:.0f} ms (target 300 ms; of "
              f"which the debounce {view.timer.interval()} ms, explain alone now "
              f"{alone:.0f} ms)")
    window.session.undo_stack.set_clean()
    view.shutdown()
    window.close()


def main() -> None:
    if "--gui-only" in sys.argv:
        gui_latency()
        return
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
    gui_latency()


if __name__ == "__main__":
    main()
