"""``airace brief SCENARIO --pdf OUT.pdf [--html OUT.html] [--mc N]``: a briefing written
without showing a window (the application is built, as the export needs Qt's renderers)."""

from __future__ import annotations

import os
import sys
import time

from PySide6.QtWidgets import QApplication

from core.analysis.uncertainty import monte_carlo
from core.engine.simulation import run_scenario
from core.formats.scenario import ScenarioError, load_bundled, resolve
from desktop.app import application
from desktop.commands.briefing import export_briefing, with_sampling
from desktop.qt_check import headless


def command(reference: str, pdf_path: str | None, html_path: str | None,
            samples: int | None) -> int:
    """``airace brief SCENARIO --pdf OUT.pdf [--html OUT.html] [--mc N]``; no window shown.

    The arguments come parsed and checked by ``core.cli.main`` (their one parser); a
    scenario that cannot be read prints one line to stderr and returns 2.
    """
    try:
        scenario = resolve(reference)
    except (ValueError, ScenarioError) as error:
        print(f"airace brief: {str(error).splitlines()[0]}", file=sys.stderr)
        return 2
    if headless():
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    results = run_scenario(scenario)
    baseline_scenario = load_bundled("baseline").model_copy(
        update={"start": scenario.start, "end": scenario.end})
    baseline = run_scenario(baseline_scenario)
    percentiles, bands = None, None
    if samples is not None:
        bands = monte_carlo(scenario, samples, None)
        percentiles = {k: [float(v) for v in values]
                       for k, values in bands.kpi_percentiles.items()}
        scenario = with_sampling(scenario, bands.samples, bands.seed)
    application()
    try:
        export_briefing(scenario, results, baseline, pdf_path, html_path, percentiles, bands)
    except OSError as error:
        print(f"airace brief: {error.filename or ''}: {error.strerror or error}",
              file=sys.stderr)
        return 1
    QApplication.processEvents()
    for path in (pdf_path, html_path):
        if path is not None:
            print(path)
    print(f"briefing written in {time.perf_counter() - started:.1f} s")
    return 0
