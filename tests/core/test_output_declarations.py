"""Every output declares whose quantity it is and what kind of number it is, and the
declaration holds in every bundled scenario: an amount never goes below zero."""

from __future__ import annotations

import numpy as np
import pytest

from core.catalogue.key_figures import KPIS, STRIP
from core.catalogue.outputs import AMOUNT, BOTH, CHINA, GAP, OUTPUTS, SIGNED, US, WORLD
from core.common.formatting import format_gap, format_value
from core.engine.simulation import run_scenario
from core.formats.scenario import bundled_names, load_bundled


def test_every_output_declares_its_country_and_kind():
    for output in OUTPUTS.values():
        assert output.country in (US, CHINA, BOTH, WORLD), output.id
        assert output.kind in (AMOUNT, GAP, SIGNED), output.id
        if output.id.startswith("cn_"):
            assert output.country == CHINA, output.id
        if output.kind == GAP:
            assert "gap (wanted − connected)" in output.label


@pytest.mark.parametrize("name", bundled_names())
def test_an_amount_never_goes_below_zero(name):
    results = run_scenario(load_bundled(name))
    for output in OUTPUTS.values():
        if output.kind == AMOUNT:
            assert np.nanmin(results[output.id]) >= 0, output.id


def test_a_gap_reads_as_a_shortfall_or_a_surplus_everywhere_it_is_formatted():
    gap = OUTPUTS["cn_power_gap_gw"]
    assert gap.format(-3.94) == format_gap(-3.94, "GW") == "3.94 GW surplus"
    assert gap.format(19.2) == "19.2 GW short"
    assert gap.format(0.0) == "0 GW"
    assert KPIS["us_power_gap_2028"].format(-3.94) == "3.94 GW surplus"
    assert OUTPUTS["capability_gap_months"].format(-3.4) == "-3.40 months"


def test_a_count_of_units_reads_in_thousands_and_millions_like_other_counts():
    """TPUs made are a count, as H100e are: '3.92 M/yr', never '3,917,617 unit/yr'."""
    tpus = KPIS["tpu_units_2028"]
    assert tpus.format(3_917_617.0) == OUTPUTS["tpu_output_units"].format(3_917_617.0) \
        == "3.92 M/yr"
    assert tpus.format(250_000.0) == "250 k/yr"
    assert tpus.format(950.4) == "950/yr" and tpus.format(0.2) == "0/yr"
    assert format_value(-1.25e6, "unit/yr", signed=True) == "-1.25 M/yr"
    assert format_value(2e6, "unit/yr", signed=True) == "+2.00 M/yr"
    assert format_value(15e6, "H100e") == "15.0 M H100e"  # the H100e counts as before


def test_the_strip_shows_eight_figures_that_mean_something_in_the_baseline():
    """Eight cards fit the main window at its smallest; TPU external revenue is $0B in the
    baseline (no announced sales share), so the strip shows TPUs made in its place and the
    revenue stays a key figure for the briefing, the analyses and the command line."""
    assert len(STRIP) == 8 and set(STRIP) <= set(KPIS)
    assert "tpu_units_2028" in STRIP and "tpu_revenue_2028" not in STRIP
    assert "tpu_revenue_2028" in KPIS
