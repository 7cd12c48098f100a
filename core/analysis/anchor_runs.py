"""The runs the published-figures table (core.catalogue.anchors) is held against."""

from __future__ import annotations

from core.engine.results import Results
from core.engine.simulation import run_scenario
from core.formats.scenario import Scenario, load_bundled


def anchor_scenario(name: str) -> Scenario:
    """The scenario an anchor row names: a bundled one, or the backcast (the baseline from
    2022-01)."""
    if name == "backcast":
        return load_bundled("baseline").model_copy(update={"start": "2022-01"})
    return load_bundled(name)


def scenario_results(name: str) -> Results:
    """The run an anchor row is held against: a bundled scenario, or the backcast."""
    return run_scenario(anchor_scenario(name))
