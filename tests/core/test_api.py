"""The Python API and the frames (issue 13, item 1); pandas is optional, so these skip
without it (the Qt-free core environment has neither pandas nor pyarrow)."""

import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

from core import api
from core.analysis.uncertainty import monte_carlo as bands
from core.analysis.uncertainty import sample_levers, uncertain_levers
from core.catalogue.key_figures import KPIS
from core.catalogue.outputs import OUTPUTS
from core.engine.simulation import run_scenario
from core.formats.scenario import load_bundled, save_scenario

pd = pytest.importorskip("pandas")
ROOT = Path(__file__).resolve().parents[2]


def test_the_documented_example_runs(capsys):
    runpy.run_path(str(ROOT / "docs" / "api_example.py"), run_name="__main__")
    out = capsys.readouterr().out
    assert "P(US lead > 12 months at end 2030)" in out and "box: coverage" in out


def test_run_takes_a_name_a_path_or_a_scenario_and_lever_keywords(tmp_path):
    path = tmp_path / "fee.json"
    save_scenario(load_bundled("baseline").with_lever("export_fee_share", 0.25), path)
    by_keyword = api.run("baseline", export_fee_share=0.25)
    for other in (api.run(path), api.run(load_bundled("baseline"), export_fee_share=0.25)):
        np.testing.assert_array_equal(other["capability_gap_months"],
                                      by_keyword["capability_gap_months"])
    with pytest.raises(ValueError, match="unknown lever"):
        api.run("baseline", no_such_lever=1)


def test_results_to_frame_single_and_many_samples():
    results = api.run("baseline")
    frame = results.to_frame()
    assert list(frame.columns) == list(OUTPUTS) and frame.index.name == "month"
    assert frame.loc["2030-12", "capability_gap_months"] == results.at(
        "capability_gap_months", "2030-12")[0]
    many = run_scenario(load_bundled("baseline"), sample_levers(load_bundled("baseline"), 3, 1))
    long = many.to_frame()
    assert long.index.names == ["month", "sample"] and len(long) == 3 * len(many.months)
    assert long.loc[("2030-12", 2), "capability_gap_months"] == pytest.approx(
        many.at("capability_gap_months", "2030-12")[2])


def test_monte_carlo_raw_rows_are_the_mc_samples_and_match_the_bands():
    base = load_bundled("baseline")
    worlds = api.monte_carlo(base, 400, seed=9)
    drawn = sample_levers(base, 400, 9)
    assert list(worlds.columns) == [lever.id for lever in uncertain_levers()] + list(KPIS)
    for lever in uncertain_levers():
        np.testing.assert_array_equal(worlds[lever.id].to_numpy(), drawn[lever.id])
    median = np.median(worlds["capability_gap_2030"])
    assert median == pytest.approx(bands(base, 400, 9).kpi_percentiles["capability_gap_2030"][2],
                                   rel=1e-6)
    assert isinstance(api.monte_carlo(base, 50, seed=9, raw=False).samples, int)


def test_sweep_with_policy_ranges_outputs_at_months_and_a_seed_that_repeats():
    kwargs = dict(levers=[("export_fee_share", 0.1, 0.2), "algo_halving_months"],
                  outputs=["us_power_gap_gw"], months=["2027-06", "2029-06"], kpis=[])
    first = api.sweep("baseline", 120, seed=4, **kwargs)
    assert list(first.columns) == ["export_fee_share", "algo_halving_months",
                                   "us_power_gap_gw@2027-06", "us_power_gap_gw@2029-06"]
    assert first["export_fee_share"].between(0.1, 0.2).all()
    assert first["export_fee_share"].std() > 0.02
    pd.testing.assert_frame_equal(first, api.sweep("baseline", 120, seed=4, **kwargs))
    # the uncertain lever takes the Monte Carlo draw whatever else is varied
    np.testing.assert_array_equal(first["algo_halving_months"],
                                  sample_levers(load_bundled("baseline"), 120, 4)
                                  ["algo_halving_months"])


@pytest.mark.subprocess
def test_pandas_is_imported_only_when_a_frame_is_asked_for():
    code = ("import sys; from core import api; api.run('baseline'); "
            "assert 'pandas' not in sys.modules and 'pyarrow' not in sys.modules")
    import subprocess
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
