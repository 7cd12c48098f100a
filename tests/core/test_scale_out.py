"""Parquet sweeps and Dask (issue 13, item 5): a seed gives identical data wherever it ran."""

import contextlib

import numpy as np
import pytest

from core.analysis.cluster import SchedulerError, ordered_map
from core.analysis.explore import block_bounds, make_design, run_blocks
from core.analysis.uncertainty import SEED_CHUNK, sample_levers, uncertain_levers
from core.catalogue.key_figures import KPIS
from core.cli.main import main
from core.formats.scenario import load_bundled

pq = pytest.importorskip("pyarrow.parquet")

MONTHS = "2026-12,2028-12,2030-12"


def sweep(tmp_path, name, *extra):
    out = tmp_path / name
    assert main(["sweep", "baseline", "-n", "12000", "--seed", "5", "--out", str(out),
                 "--months", MONTHS, *extra]) == 0
    return out


def test_parquet_sweep_has_a_row_per_sample_in_row_groups_of_a_block(tmp_path, capsys):
    out = sweep(tmp_path, "s.parquet", "--levers", "export_fee_share")
    table = pq.read_table(out)
    assert table.num_rows == 12000
    assert pq.ParquetFile(out).num_row_groups == len(block_bounds(12000)) == 2
    names = table.schema.names
    assert names[0] == "sample" and "export_fee_share" in names
    for kpi_id, kpi in KPIS.items():
        assert kpi_id in names
        assert all(f"{kpi.output_id}@{m}" in names for m in MONTHS.split(","))
    drawn = sample_levers(load_bundled("baseline"), 12000, 5)
    for lever in uncertain_levers():
        np.testing.assert_array_equal(table[lever.id].to_numpy(), drawn[lever.id])
    meta = table.schema.metadata
    assert meta[b"airace.seed"] == b"5" and b"airace.model_version" in meta
    assert not list(tmp_path.glob(".*.tmp"))


def test_csv_sweep_refuses_parquet_only_options(tmp_path, capsys):
    assert main(["sweep", "baseline", "-n", "10", "--out", str(tmp_path / "s.csv"),
                 "--scheduler", "local"]) != 0
    assert "parquet" in capsys.readouterr().err.lower()


@pytest.mark.cluster
def test_in_process_and_local_dask_cluster_give_identical_parquet_data(tmp_path):
    """--scheduler local starts (and stops) a cluster of its own."""
    pytest.importorskip("dask.distributed")
    here = pq.read_table(sweep(tmp_path, "here.parquet"))
    there = pq.read_table(sweep(tmp_path, "there.parquet", "--scheduler", "local"))
    assert here.equals(there)


@pytest.mark.slow
def test_blocks_stream_in_order_and_cancel_between_blocks():
    design = make_design(kpis=["capability_gap_2030"])
    seen = []
    for columns in run_blocks(load_bundled("baseline"), design, 2 * SEED_CHUNK + 7, 1,
                              progress=lambda done, total: seen.append(done)):
        assert len(columns["sample"]) <= SEED_CHUNK
    assert seen == [SEED_CHUNK, 2 * SEED_CHUNK, 2 * SEED_CHUNK + 7]
    from core.analysis.uncertainty import Cancelled
    with pytest.raises(Cancelled):
        list(ordered_map(pow, [(2, i) for i in range(50)], cancelled=lambda: True))


def test_an_unreachable_scheduler_is_one_clear_error(unreachable_scheduler):
    with pytest.raises(SchedulerError, match="cannot reach the Dask scheduler"):
        list(ordered_map(pow, [(2, 3)], scheduler=unreachable_scheduler))


def test_a_sweep_through_a_running_dask_scheduler_matches_in_process(tmp_path, dask_scheduler):
    """On the session's cluster, or on AIRACE_DASK_SCHEDULER (.ci/run starts a real
    `dask scheduler` and `dask worker`)."""
    address = dask_scheduler
    here = pq.read_table(sweep(tmp_path, "here.parquet"))
    there = pq.read_table(sweep(tmp_path, "there.parquet", "--scheduler", address))
    assert here.equals(there)


def test_sobol_on_a_dask_cluster_gives_identical_indices(dask_scheduler):
    from core.analysis.sensitivity import sobol_analysis
    base = load_bundled("baseline")
    here = sobol_analysis(base, "us_power_gap_2028", 64, 3, bootstrap=20)
    there = sobol_analysis(base, "us_power_gap_2028", 64, 3, bootstrap=20,
                           scheduler=dask_scheduler)
    assert here == there


def test_mc_on_a_cluster_prints_and_writes_the_in_process_bands(tmp_path, capsys,
                                                                dask_scheduler):
    here, there = tmp_path / "here.csv", tmp_path / "there.csv"
    assert main(["mc", "safe_chips_act", "-n", "12000", "--seed", "4", "--csv", str(here)]) == 0
    printed_here = capsys.readouterr().out
    assert main(["mc", "safe_chips_act", "-n", "12000", "--seed", "4", "--csv", str(there),
                 "--scheduler", dask_scheduler]) == 0
    printed_there = capsys.readouterr().out
    assert f"on Dask: {dask_scheduler}" in printed_there
    assert here.read_bytes() == there.read_bytes()  # two blocks, each reduced on a worker
    table = lambda text: text.splitlines()[1:-1]  # noqa: E731 - the key-figure rows
    assert table(printed_here) == table(printed_there)


@pytest.mark.slow
def test_mc_bands_of_blocks_run_elsewhere_equal_the_in_process_ones():
    from core.analysis.explore import monte_carlo_on
    from core.analysis.uncertainty import bands_to_csv, monte_carlo
    scenario = load_bundled("us_power_crunch")
    for n in (700, 10_500):  # one exact block; a full block and a short one, sketched
        here = monte_carlo(scenario, n, 9)
        there = monte_carlo_on(None, scenario, n, 9)  # the blocks as tasks, in threads
        assert bands_to_csv(here) == bands_to_csv(there)
        for kpi_id in KPIS:
            np.testing.assert_array_equal(here.kpi_percentiles[kpi_id],
                                          there.kpi_percentiles[kpi_id])


def test_robust_search_on_a_cluster_finds_the_same_change(dask_scheduler):
    from core.analysis.robust import Target, robust_search
    base = load_bundled("baseline")
    levers = ["export_fee_share", "us_permitting_reform_share"]
    target = Target("capability_gap_2030", 5.0, True, 0.75)
    here = robust_search(base, levers, target, 600, 2)
    there = robust_search(base, levers, target, 600, 2, scheduler=dask_scheduler)
    assert here == there and here.met


def test_robust_takes_a_scheduler_on_the_command_line(capsys):
    with contextlib.suppress(SystemExit):  # argparse exits after printing help
        main(["robust", "--help"])
    assert "--scheduler ADDRESS" in capsys.readouterr().out


def test_the_python_api_runs_bands_on_a_cluster_when_given_one(dask_scheduler,
                                                               unreachable_scheduler):
    from core import api
    from core.analysis.uncertainty import bands_to_csv
    here = api.monte_carlo("us_power_crunch", 700, 9, raw=False)
    there = api.monte_carlo("us_power_crunch", 700, 9, raw=False, scheduler=dask_scheduler)
    assert bands_to_csv(here) == bands_to_csv(there)
    with pytest.raises(SchedulerError):  # the address is used, not ignored
        api.monte_carlo("us_power_crunch", 700, 9, raw=False, scheduler=unreachable_scheduler)
