"""Lever change -> plots repainted while What must be true (PRIM) or the robust search runs
in the background (offscreen).

Drags a lever a step every 50 ms (as bench_gui.py) with no job, then with a discovery run
(10,000 worlds, restarted whenever one ends, so one is always going), then with a robust
search (2,000 worlds); prints the median and p90 of the changes made while a job was
running (target: median <= 16 ms) and how many runs finished meanwhile. Each job runs with
its threads at nice 0 (normal), 5 and 10 (the app's choice, WORKER_NICENESS in
desktop/widgets/analysis_controls.py): on two busy cores the run's threads otherwise take half the
CPU time the window's thread needs to redraw.
Run: python benchmarks/bench_gui_jobs.py
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_gui import LEVER, dispose, percentile  # noqa: E402

CHANGES = 45  # per window; ROUNDS windows per variant
ROUNDS = 3
NICENESS = (0, 5, 10)  # the run's threads: normal priority, and lowered (Linux)
INTERVAL_S = 0.05


def drag_while(job: str | None, niceness: int = 0) -> tuple[list[float], int]:
    """Per-change times of the changes made while ``job`` ("discover", "robust", or None
    for none) was running with its threads at ``niceness``, and how many runs finished."""
    from PySide6.QtWidgets import QApplication

    from core.catalogue.levers import LEVERS
    from desktop.app import create_window
    from desktop.widgets import analysis_controls

    analysis_controls.WORKER_NICENESS = niceness

    window = create_window(recover=False)
    window.session.autosave_enabled = False
    window.show()
    QApplication.processEvents()
    dialog = None
    finished = []
    if job == "discover":
        dialog = window.explore.open_discover()
        dialog.samples_spin.setValue(10_000)
    elif job == "robust":
        dialog = window.explore.open_robust()
        dialog.samples_spin.setValue(2000)
    if dialog is not None:
        dialog.run_bar.done.connect(finished.append)
        dialog.run_bar.run_button.click()
    lever = LEVERS[LEVER]
    times = []
    for change in range(CHANGES):
        tick = time.perf_counter()
        if dialog is not None and not dialog.run_bar.running:
            dialog.run_bar.run_button.click()  # always one going
        busy = dialog is None or dialog.run_bar.slot.job.is_running()
        phase = change % 100
        share = phase / 50 if phase <= 50 else (100 - phase) / 50
        count = window.session.recompute_count
        start = time.perf_counter()
        window.session.set_lever(LEVER, lever.min + (lever.max - lever.min) * share)
        while window.session.recompute_count == count:
            QApplication.processEvents()
        QApplication.processEvents()
        elapsed = time.perf_counter() - start
        if change >= 5 and busy:
            times.append(elapsed)
        while time.perf_counter() < tick + INTERVAL_S:
            QApplication.processEvents()
            time.sleep(0.001)
    if dialog is not None:
        dialog.close()
    dispose(window)
    return times, len(finished)


def main() -> None:
    variants = [("no background job, for reference", None, 0)]
    for job, what in (("discover", "What must be true running (10,000 worlds, PRIM)"),
                      ("robust", "robust search running (2 levers, 2,000 worlds)")):
        variants += [(f"{what}, its threads at nice {niceness}", job, niceness)
                     for niceness in NICENESS]
    runs = {label: ([], 0) for label, _, _ in variants}
    with tempfile.TemporaryDirectory() as home:
        for variable in ("XDG_CONFIG_HOME", "XDG_STATE_HOME"):
            os.environ[variable] = os.path.join(home, variable.lower())
        for _ in range(ROUNDS):  # interleaved, so the machine's drift hits every variant
            for label, job, niceness in variants:
                times, finished = drag_while(job, niceness)
                runs[label] = (runs[label][0] + times, runs[label][1] + finished)
    for label, (times, finished) in runs.items():
        median_ms = statistics.median(times) * 1000
        print(f"lever change -> repaint, 50 ms apart, {label}: {len(times)} changes, "
              f"{finished} runs finished: median {median_ms:.1f} ms, p90 "
              f"{percentile(times, 0.9) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms "
              f"(target median <= 16 ms) {'OK' if median_ms <= 16 else 'SLOW'}")


if __name__ == "__main__":
    main()
