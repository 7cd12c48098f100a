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


# Rows the calibration fit leaves outside their range: conflicts its residuals name
# (core/catalogue/fit.json, `airace anchors`), not rows to retune by hand. Measured on the
# one trajectory (a run from 2025 goes on from its own history run since 2022):
# - the seed's 25 GW gained over 2026-2028 against the fitted history's 21.4 GW (-2.0σ at
#   the seed's doubled σ), and with it LBNL's low 325 TWh for 2028 (311.6 TWh);
# - the 2025 shares: the history rows of China's legal imports (0.2 M H100e/yr in 2024),
#   smuggling and domestic output bring China to ~1.0 M H100e by 2025 against the US's
#   ~3.4 M, 12.5% of the world's against Epoch's 5-11% (US 60% against 62-78%);
# - world compute growth to early 2026 (2.24x/yr against 2.5-4.1): the history's 2024
#   growth sits low in its range too (2.33x/yr, -1.1σ).
NAMED_CONFLICTS = {
    ("calibration", "US data-centre power gained over 2026-2028 (GW)"),
    ("calibration", "US share of world AI compute in 2025"),
    ("calibration", "China's share of world AI compute in 2025"),
    ("envelope", "US data-centre electricity in 2028 (TWh)"),
    ("envelope", "World AI compute growth to early 2026 (x/yr)"),
}
CONFLICT = "outside its range after the calibration fit: a conflict its residuals name"


def _row_case(row):
    marks = (pytest.mark.xfail(strict=True, reason=CONFLICT),) if (
        row.kind, row.quantity) in NAMED_CONFLICTS else ()
    return pytest.param(row, marks=marks, id=f"{row.kind}:{row.quantity}")


def test_the_named_conflicts_are_the_rows_the_committed_fit_reports_outside():
    from core.catalogue.calibration import fit
    assert {(row.kind, row.quantity) for row in fit().rows if not row.holds} == \
        NAMED_CONFLICTS


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
