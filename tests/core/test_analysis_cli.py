"""The analysis subcommands: compare, mc, sensitivity, goalseek, as a user types them."""

import pytest

from core.analysis.uncertainty import bands_to_csv, monte_carlo
from core.catalogue.key_figures import KPIS
from core.catalogue.outputs import OUTPUTS
from core.cli.main import main
from core.formats.scenario import load_bundled, save_scenario

ADDITIONS = "us_dc_committed_additions_gw_per_year"


def test_compare_prints_the_table_for_names_and_files(tmp_path, capsys):
    path = tmp_path / "mine.json"
    save_scenario(load_bundled("baseline").with_lever(ADDITIONS, 12.0), path)
    assert main(["compare", "baseline", str(path)]) == 0
    printed = capsys.readouterr().out
    assert "baseline (reference)" in printed and "mine" in printed
    assert "US committed data-centre power" in printed and "12.0 GW/yr" in printed


def test_mc_prints_percentiles_and_writes_identical_csv_for_a_seed(tmp_path, capsys):
    out = tmp_path / "bands.csv"
    assert main(["mc", "baseline", "-n", "60", "--seed", "9", "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "60 samples, seed 9" in printed and "p5" in printed and "p95" in printed
    for kpi in KPIS.values():
        assert kpi.id in printed
    written = out.read_bytes()
    assert written == bands_to_csv(monte_carlo(load_bundled("baseline"), 60, 9)).encode()
    assert written.decode().splitlines()[0].count(",") == 5 * len(OUTPUTS)
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically, nothing left behind


@pytest.mark.slow
@pytest.mark.parametrize("method", ["tornado", "sobol"])
def test_sensitivity_prints_a_ranking(capsys, method):
    assert main(["sensitivity", "baseline", "--kpi", "us_power_gap_2028", "--method", method,
                 "--base-samples", "32"]) == 0
    printed = capsys.readouterr().out
    assert "rank" in printed and ADDITIONS in printed


def test_goalseek_exits_0_when_reached_and_1_with_a_clear_message_when_not(capsys):
    args = ["goalseek", "baseline", "--lever", ADDITIONS, "--output", "us_power_gap_gw",
            "--month", "2028-12", "--target"]
    # (a month's deliveries always wait in line for power, so the gap stays a few GW above
    # zero even at the most committed power: 5.4 GW at 40 GW/yr on the fitted trajectory)
    assert main([*args, "6"]) == 0
    assert "US committed data-centre power = " in capsys.readouterr().out
    assert main([*args, "-500"]) == 1
    assert capsys.readouterr().out.startswith("No value of US committed data-centre power "
                                              "between 0 and 40 GW/yr")


@pytest.mark.parametrize(("argv", "named"), [
    (["sensitivity", "baseline", "--kpi", "nope"], "us_power_gap_2028"),
    (["goalseek", "baseline", "--lever", "nope", "--output", "us_power_gap_gw",
      "--target", "0", "--month", "2028-12"], ADDITIONS),
    (["goalseek", "baseline", "--lever", ADDITIONS, "--output", "nope",
      "--target", "0", "--month", "2028-12"], "us_power_gap_gw"),
    (["mc", "no_such_scenario"], "no bundled scenario named 'no_such_scenario'"),
    (["mc", "baseline", "-n", "0"], "-n must be at least 1"),
])
def test_bad_ids_print_one_line_naming_the_allowed_values(capsys, argv, named):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert named in captured.err and "Traceback" not in captured.err
    assert len(captured.err.strip().splitlines()) == 1
