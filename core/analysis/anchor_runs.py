"""The runs the published-figures table (core.catalogue.anchors) is held against."""

from __future__ import annotations

from core.engine.results import Results
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled


def scenario_results(name: str) -> Results:
    """The run an anchor row is held against: a bundled scenario, or the backcast."""
    if name == "backcast":
        return run_scenario(load_bundled("baseline").model_copy(update={"start": "2022-01"}))
    return run_scenario(load_bundled(name))
