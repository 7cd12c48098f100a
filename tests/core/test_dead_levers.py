"""No dead lever (issue 19, item 8): on an 11-point grid over each lever's range, every
interval moves some output by at least 0.5% in some month of the baseline.

A reaction parameter does nothing while its switch is off, so it is swept with its switch on;
a lever another lever's bound masks in the baseline is swept with that bound lifted (MASKED_BY).
An output that only reports the lever back (US new generation, for one) does not count.
The intervals dead today are exempt below, each with the finding; the exemptions must match
exactly, so the list can only shrink as the model is fixed.
"""

from __future__ import annotations

import numpy as np

from core.catalogue.levers import LEVERS, default_values, switch_of
from core.catalogue.outputs import OUTPUTS
from core.engine import simulation
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled

POINTS = 11
MIN_CHANGE = 0.005  # relative: |b - a| / max(|a|, |b|)

# lever -> (the lower grid point from which every interval is dead today, the finding)
EXEMPT: dict[str, tuple[float, str]] = {}

# lever -> (the lever whose bound masks it in the baseline, the value that lifts the bound).
# Since the baseline goes on from its history, China enters 2025 wanting more licensed chips
# than the volume cap lets through (half of US buyers' volume of the product, N7): from ~80%
# licensing up the cap binds in every month, so licensing is swept with the cap lifted, as a
# reaction parameter is swept with its switch on.
MASKED_BY: dict[str, tuple[str, float]] = {"export_licensing": ("export_volume_cap_share", 1.0)}


def _grid(lever_id: str) -> np.ndarray:
    lever = LEVERS[lever_id]
    return np.linspace(lever.min, lever.max, POINTS)


def dead_intervals() -> dict[str, list[float]]:
    """Each lever's dead intervals (their lower grid point), from one run of every lever's
    grid as samples of the baseline."""
    ids = list(LEVERS)
    n = len(ids) * POINTS
    values = {lever_id: np.full(n, value) for lever_id, value in default_values().items()}
    for position, lever_id in enumerate(ids):
        block = slice(position * POINTS, (position + 1) * POINTS)
        values[lever_id][block] = _grid(lever_id)
        if switch_of(lever_id):
            values[switch_of(lever_id)][block] = 1.0
        if lever_id in MASKED_BY:
            masking, lifted = MASKED_BY[lever_id]
            values[masking][block] = lifted
    results = run_scenario(load_bundled("baseline"), values)
    dead = {}
    for position, lever_id in enumerate(ids):
        block = slice(position * POINTS, (position + 1) * POINTS)
        moved = np.zeros(POINTS - 1)
        for output_id in OUTPUTS:
            series = results[output_id][:, block]  # months x grid points
            if np.array_equal(series, np.broadcast_to(values[lever_id][block], series.shape)):
                continue  # the output reports the lever itself
            low, high = series[:, :-1], series[:, 1:]
            scale = np.maximum(np.abs(low), np.abs(high))
            change = np.divide(np.abs(high - low), scale, out=np.zeros_like(scale),
                               where=scale > 1e-12)
            moved = np.maximum(moved, change.max(axis=0))
        lows = _grid(lever_id)[:-1]
        if (moved < MIN_CHANGE).any():
            dead[lever_id] = [float(low) for low in lows[moved < MIN_CHANGE]]
    return dead


def test_every_interval_of_every_lever_moves_an_output():
    dead = dead_intervals()
    expected = {lever_id: [float(low) for low in _grid(lever_id)[:-1]
                           if low >= start - 1e-9]
                for lever_id, (start, _) in EXEMPT.items()}
    unexpected = {k: v for k, v in dead.items() if v != expected.get(k)}
    revived = {k: v for k, v in expected.items() if dead.get(k) != v}
    assert not unexpected and not revived, (
        f"dead intervals not exempt: {unexpected}; exempt intervals that changed (shrink "
        f"EXEMPT): { {k: dead.get(k, []) for k in revived} }")


def test_the_check_finds_a_lever_that_moves_nothing(monkeypatch):
    """A lever whose effect is cut off is found dead over its whole range."""
    from core.model import regulation

    original = regulation.step

    def without_federal(stocks, inputs, aux, rates, memory, xp, clock):
        original(stocks, dict(inputs, us_federal_preemption=0.0), aux, rates, memory, xp,
                 clock)

    monkeypatch.setattr(simulation, "BLOCKS", tuple(
        (name, without_federal if block is original else block)
        for name, block in simulation.BLOCKS))
    dead = dead_intervals()
    assert dead["us_federal_preemption"] == [float(x) for x in _grid("us_federal_preemption")[:-1]]
