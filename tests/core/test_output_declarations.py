"""Every output declares whose quantity it is and what kind of number it is, and the
declaration holds in every bundled scenario: an amount never goes below zero."""

from __future__ import annotations

import numpy as np
import pytest

from core.catalogue.key_figures import KPIS
from core.catalogue.outputs import AMOUNT, BOTH, CHINA, GAP, OUTPUTS, SIGNED, US, WORLD
from core.common.formatting import format_gap
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
