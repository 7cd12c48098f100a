"""The model against the calibration, plausibility and history table (core/catalogue/anchors.csv):
the seed's figures, the published envelopes and the 2022-2025 backcast."""

import math

import pytest

from core.analysis.anchor_runs import scenario_results
from core.catalogue.anchors import KINDS, anchors
from core.catalogue.outputs import OUTPUTS
from core.catalogue.sources import SOURCES
from core.formats.scenario import bundled_names, load_bundled

ROWS = anchors()


@pytest.fixture(scope="module")
def runs():
    return {name: scenario_results(name) for name in {row.scenario for row in ROWS}}


def test_the_table_holds_every_kind_and_is_well_formed():
    assert {row.kind for row in ROWS} == set(KINDS)
    assert sum(row.kind == "history" for row in ROWS) >= 8
    for row in ROWS:
        assert row.output in OUTPUTS, row.quantity
        assert row.scenario in set(bundled_names()) | {"backcast"}, row.quantity
        assert row.low <= row.high, row.quantity
        if not math.isnan(row.central):
            assert row.low <= row.central <= row.high, row.quantity
        for key in row.source.split(";"):
            assert key.strip() in SOURCES, (row.quantity, key)


# Rows outside their range since a run from 2025 goes on from its own history run (no stock
# set by hand in 2025): the calibration fit is to bring them back, not a hand retune.
AWAITING_FIT = {
    ("calibration", "US data-centre capacity at the start of 2025 (GW)"),
    ("calibration", "US power gap (shortfall) at the end of 2028 (GW)"),
    ("calibration", "US data-centre power gained over 2026-2028 (GW)"),
    ("calibration", "US data-centre power needed over 2026-2028 (GW)"),
    ("calibration", "US share of world AI compute in 2025"),
    ("calibration", "China's share of world AI compute in 2025"),
    ("envelope", "US data-centre electricity in 2028 (TWh)"),
    ("envelope", "World AI compute growth to early 2026 (x/yr)"),
}


def _row_case(row):
    marks = (pytest.mark.xfail(strict=True, reason="awaiting the calibration fit"),) if (
        row.kind, row.quantity) in AWAITING_FIT else ()
    return pytest.param(row, marks=marks, id=f"{row.kind}:{row.quantity}")


@pytest.mark.parametrize("row", [_row_case(row) for row in ROWS])
def test_the_model_sits_inside_every_row(runs, row):
    value = row.model_value(runs[row.scenario])
    assert row.holds(value), (f"{row.quantity}: model {value:.4g}, published "
                              f"{row.low:g} to {row.high:g} ({row.source})")


def test_the_backcast_starts_in_2022_and_is_the_baseline_before_it(runs):
    """One trajectory: the baseline is the backcast's months from 2025 on."""
    backcast, baseline = runs["backcast"], runs["baseline"]
    assert backcast.months[0] == "2022-01"
    for output in ("us_dc_capacity_gw", "global_installed_h100e", "us_ai_power_gw"):
        assert backcast.at(output, "2025-01")[0] == baseline.at(output, "2025-01")[0], output
        assert backcast.at(output, "2031-06")[0] == baseline.at(output, "2031-06")[0], output


def test_every_bundled_scenario_starts_from_the_baseline_history():
    from core.engine.history import HISTORY_EVENTS
    for name in bundled_names():
        events = load_bundled(name).events
        assert events[:len(HISTORY_EVENTS)] == list(HISTORY_EVENTS), name
