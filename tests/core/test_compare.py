"""Comparing scenarios: what differs, and key figures side by side against a reference."""

import math

import pytest

from core.analysis.compare import compare, format_comparison
from core.catalogue.key_figures import KPIS, key_figures
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled


@pytest.fixture(scope="module")
def trio():
    return [(name, load_bundled(name)) for name in ("baseline", "safe_chips_act",
                                                    "us_power_crunch")]


def test_only_levers_that_differ_are_listed_with_a_value_per_scenario(trio):
    comparison = compare(trio)
    assert comparison.names == ("baseline", "safe_chips_act", "us_power_crunch")
    by_id = {row.lever_id: row for row in comparison.levers}
    assert set(by_id) == {"us_dc_committed_additions_gw_per_year",
                          "us_grid_connection_delay_months"}
    assert by_id["us_grid_connection_delay_months"].values == (24.0, 24.0, 36.0)


def test_events_are_summarised_per_scenario(trio):
    comparison = compare(trio)
    history = [event.summary() for event in load_bundled("baseline").events]
    assert comparison.shared_events == history  # the baseline's history, listed once
    assert comparison.events[0] == [] and comparison.events[2] == []
    assert comparison.events[1] == ["Export ban from 2026-01 for 30 months"]


def test_key_figures_are_central_runs_with_differences_from_the_reference(trio):
    comparison = compare(trio, reference=1)
    figures = [key_figures(run_scenario(scenario)) for _, scenario in trio]
    assert [row.kpi_id for row in comparison.kpis] == list(KPIS)
    for row in comparison.kpis:
        for i, value in enumerate(row.values):
            expected = float(figures[i][row.kpi_id][0])
            assert value == pytest.approx(expected, nan_ok=True)
            assert row.differences[i] == pytest.approx(value - row.values[1], nan_ok=True)
        assert row.differences[1] == 0 or math.isnan(row.differences[1])
    imports = next(row for row in comparison.kpis if row.kpi_id == "cn_legal_imports_2026_2028")
    assert imports.values[1] < imports.values[0]  # the ban cuts legal imports


def test_the_text_table_shows_every_scenario_figure_and_difference(trio):
    text = format_comparison(compare(trio))
    assert "baseline (reference)" in text and "us_power_crunch" in text
    for kpi in KPIS.values():
        assert kpi.label in text
    assert "US grid-connection delay" in text and "36.0 months" in text
    assert "Export ban from 2026-01 for 30 months" in text
    assert "(+" in text  # the crunch's larger power gap, as a signed difference


def test_identical_scenarios_show_no_lever_differences():
    baseline = load_bundled("baseline")
    comparison = compare([("a", baseline), ("b", baseline)])
    assert comparison.levers == []
    assert all(row.differences == (0.0, 0.0) for row in comparison.kpis)
    assert "none: every lever has the same value" in format_comparison(comparison)


def test_bad_input_is_refused():
    with pytest.raises(ValueError, match="at least one"):
        compare([])
    with pytest.raises(ValueError, match="reference 3"):
        compare([("a", load_bundled("baseline"))], reference=3)
