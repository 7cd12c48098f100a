"""What the model map and the assumptions browser cost (offscreen).

Prints the median time of: one traced run (every variable) beside one ordinary run, opening
the map window, its refresh after a lever change (it runs after a drag pauses, never inside
one), the SVG export, and opening the assumptions browser.
Run: python benchmarks/bench_model_map.py
"""

from __future__ import annotations

import os
import statistics
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPETITIONS = 30


def median_ms(action, repetitions: int = REPETITIONS) -> float:
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from core.engine.simulation import run_scenario
    from core.engine.trace import trace
    from core.formats.scenario import load_bundled
    from desktop.app import create_window
    from desktop.windows.assumptions_window import AssumptionsWindow
    from desktop.windows.model_map_window import ModelMapWindow

    app = QApplication.instance() or QApplication([])
    baseline = load_bundled("baseline")
    print(f"one run (outputs only):      {median_ms(lambda: run_scenario(baseline)):7.1f} ms")
    print(f"one traced run (every name): {median_ms(lambda: trace(baseline)):7.1f} ms")

    window = create_window(recover=False)
    window.session.autosave_enabled = False
    window.show()
    app.processEvents()

    def open_map():
        map_window = ModelMapWindow(window.session, window)
        map_window.show()
        app.processEvents()
        map_window.close()
        map_window.deleteLater()

    print(f"open the model map:          {median_ms(open_map, 5):7.1f} ms")
    map_window = window.model_map.open()
    map_window.select("us_unmet_gw")
    app.processEvents()
    values = iter(range(10**6))

    def lever_then_refresh():
        window.session.set_lever("us_grid_connection_delay_months", 12 + next(values) % 40)
        window.session.flush()
        map_window.refresh()

    print(f"refresh after a lever:       {median_ms(map_window.refresh):7.1f} ms "
          f"(lever + recompute + refresh {median_ms(lever_then_refresh):.1f} ms)")
    print(f"export SVG (bytes):          {median_ms(lambda: map_window.scene.svg_bytes('x'), 5):7.1f} ms")

    def open_browser():
        browser = AssumptionsWindow(window.session, window)
        browser.show()
        app.processEvents()
        browser.close()
        browser.deleteLater()

    print(f"open the assumptions browser:{median_ms(open_browser, 5):7.1f} ms")
    window.session.undo_stack.set_clean()
    window.close()


if __name__ == "__main__":
    main()
