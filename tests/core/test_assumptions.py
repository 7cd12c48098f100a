"""The assumptions browser's data: every lever and constant with its citation, the anchors
with the model's value, and search."""

import math

from core.catalogue.anchors import anchors
from core.catalogue.constants import CONSTANTS
from core.catalogue.levers import LEVERS
from core.catalogue.sources import SOURCES
from core.reports.assumptions import anchor_checks, assumptions, search


def test_every_lever_and_constant_is_listed_with_a_full_citation():
    rows = assumptions()
    assert [row.id for row in rows] == [*LEVERS, *CONSTANTS]
    for row in rows:
        assert row.citation and "unknown source" not in row.citation
        keys = [key.strip() for key in row.source.split(";") if key.strip()]
        assert all(SOURCES[key] in row.citation for key in keys)
    lever = next(row for row in rows if row.id == "us_grid_connection_delay_months")
    assert (lever.value, lever.low, lever.high, lever.unit) == (24, 6, 60, "months")
    assert lever.estimate and "Queued Up" in lever.citation
    constant = next(row for row in rows if row.id == "connected_share_2025")
    assert constant.kind == "constant" and constant.value == 0.68 and not constant.estimate
    assert math.isnan(constant.low)
    assert any(row.estimate for row in rows if row.kind == "constant")


def test_search_matches_every_word_in_any_field_and_the_estimate_flag():
    found = search("queue LBNL")
    assert found and all("queue" in row.text().lower() for row in found)
    assert "us_grid_connection_delay_months" in [row.id for row in found]
    estimates = search("estimate")
    assert [row for row in assumptions() if row.estimate] == [row for row in estimates
                                                              if row.estimate]
    assert search("") == assumptions()
    assert search("no-such-thing-anywhere") == []


def test_anchor_checks_put_the_model_value_beside_each_published_figure():
    from core.catalogue.calibration import fit
    outside = {row.quantity for row in fit().rows if not row.holds}
    checks = anchor_checks()
    assert [check.anchor for check in checks] == list(anchors())
    assert {check.anchor.quantity for check in checks if not check.holds} == outside
    assert all(check.outside == (not check.holds) for check in checks)
    assert all(math.isfinite(check.model_value) and check.citation for check in checks)
    power = search("2028 power gap", checks)
    assert power and all(check.anchor in anchors() for check in power)
    assert {check.anchor.quantity for check in search("outside", checks)} == outside


def test_a_constant_shows_its_range_and_why_or_why_it_is_fixed():
    rows = {row.id: row for row in assumptions()}
    ranged, fixed = rows["install_ahead_months"], rows["kw_per_gw"]
    assert (ranged.low, ranged.high) == (CONSTANTS["install_ahead_months"].low,
                                         CONSTANTS["install_ahead_months"].high)
    assert ranged.uncertainty.startswith("range 1 to 6 months: EST")
    assert math.isnan(fixed.low) and fixed.uncertainty.startswith("fixed: a unit conversion")
    grouped = rows["us_installed_h100e_2022"].uncertainty
    assert "group 'installed_2022'" in grouped
    assert rows["algo_halving_months"].uncertainty.startswith("drawn in Monte Carlo")
    assert "kw_per_gw" in [row.id for row in search("fixed conversion")]
