"""Scenario discovery reports progress per seeded block and stops when cancelled (the
window's What must be true runs it in the background)."""

import pytest

from core.analysis.discover import Condition, discover
from core.analysis.uncertainty import SEED_CHUNK, Cancelled
from core.formats.scenario import load_bundled

CONDITION = Condition(10.0, above=False, kpi="capability_gap_2030")


@pytest.mark.slow
def test_progress_comes_after_every_block():
    calls = []
    discover(load_bundled("baseline"), CONDITION, SEED_CHUNK + 500, 1,
             progress=lambda done, total: calls.append((done, total)))
    assert calls == [(SEED_CHUNK, SEED_CHUNK + 500), (SEED_CHUNK + 500, SEED_CHUNK + 500)]


def test_a_cancel_during_sampling_stops_before_prim():
    asked = []

    def cancelled():
        asked.append(True)
        return len(asked) > 1  # not before the first block; from then on

    with pytest.raises(Cancelled):
        discover(load_bundled("baseline"), CONDITION, 500, 1, cancelled=cancelled)
