"""Sampled worlds are run only as far as the figures they record: the same numbers, less work."""

import numpy as np
import pytest

from core.analysis.explore import (
    evaluate_values,
    last_month_read,
    make_design,
    output_column,
    sample_values,
)
from core.catalogue.key_figures import KPIS, key_figures
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled


@pytest.mark.parametrize("name", ["baseline", "safe_chips_act", "us_power_crunch"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_a_run_cut_at_the_last_month_read_gives_bit_identical_figures(name, dtype):
    scenario = load_bundled(name)
    design = make_design(outputs=["us_power_gap_gw"], months=["2026-12", "2028-12"],
                         dtype=dtype)
    assert last_month_read(scenario, design) == "2030-12" < scenario.end
    values = sample_values(scenario, design, 3, 0, 300)
    cut = evaluate_values(scenario, design, values)
    whole = run_scenario(scenario, values, np.dtype(dtype))
    figures = key_figures(whole)
    for kpi_id in KPIS:
        assert np.array_equal(cut[kpi_id], figures[kpi_id], equal_nan=True), kpi_id
    for month in ("2026-12", "2028-12"):
        assert np.array_equal(cut[output_column("us_power_gap_gw", month)],
                              whole.at("us_power_gap_gw", month))


def test_the_last_month_read_follows_the_design_and_stays_inside_the_run():
    scenario = load_bundled("baseline")
    assert last_month_read(scenario, make_design(kpis=["us_power_gap_2028"])) == "2028-12"
    late = make_design(kpis=["us_power_gap_2028"], outputs=["us_power_gap_gw"],
                       months=["2033-06"])
    assert last_month_read(scenario, late) == "2033-06"
    short = scenario.model_copy(update={"end": "2029-06"})
    assert last_month_read(short, make_design()) == "2029-06"
    assert np.isnan(evaluate_values(short, make_design(),
                                    sample_values(short, make_design(), 1, 0, 10))
                    ["capability_gap_2030"]).all()
