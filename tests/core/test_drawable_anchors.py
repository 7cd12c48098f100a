"""Which published figures a plot can draw (core.catalogue.anchors.drawable_anchors)."""

from __future__ import annotations

from core.catalogue.anchors import anchors, drawable_anchors


def test_a_plot_of_us_capacity_gets_its_value_rows_only():
    rows = drawable_anchors({"us_dc_capacity_gw"}, "2025-01", "2035-12")
    assert {(row.kind, row.quantity) for row in rows} == {
        ("calibration", "US data-centre capacity at the start of 2025 (GW)"),
        ("history", "US data-centre capacity at the start of 2025 (GW)"),
        ("envelope", "US data-centre capacity in 2028 (GW)")}  # "minus": not in plot units


def test_history_rows_are_drawn_only_inside_the_window():
    outputs = {row.output for row in anchors()}
    shown = drawable_anchors(outputs, "2025-01", "2035-12")
    backcast = drawable_anchors(outputs, "2022-01", "2035-12")
    assert not any(row.date.startswith("2023") for row in shown)
    assert any(row.kind == "history" and row.date.startswith("2023") for row in backcast)
    assert all(row.scenario == "backcast" for row in backcast)  # not the baseline's run
    assert {row.kind for row in shown} == {"calibration", "envelope", "history", "check"}
