"""Numbers that mean nothing are refused in one line, and analyses asked about a figure
that never varies, or read after the run ends, say so the same way."""

import pytest

from core.cli.main import main
from core.common.formatting import format_value
from core.formats.scenario import Scenario, save_scenario

USAGE_FREE = " (usage: "


@pytest.mark.parametrize(("argv", "message"), [
    (["discover", "baseline", "--kpi", "capability_gap_2030", "--above", "nan", "-n", "50"],
     "argument --above: 'nan' is not a finite number"),
    (["discover", "baseline", "--kpi", "capability_gap_2030", "--below=-inf", "-n", "50"],
     "argument --below: '-inf' is not a finite number"),
    (["discover", "baseline", "--kpi", "capability_gap_2030", "--below", "3", "-n", "50",
      "--min-density", "2"], "argument --min-density: 2 is outside 0 to 1"),
    (["discover", "baseline", "--kpi", "capability_gap_2030", "--below", "3", "-n", "50",
      "--min-density", "nan"], "argument --min-density: 'nan' is not a finite number"),
    (["robust", "baseline", "--kpi", "capability_gap_2030", "--above", "NaN", "--lever",
      "chip_export_controls", "--probability", "0.5"],
     "argument --above: 'NaN' is not a finite number"),
    (["robust", "baseline", "--kpi", "capability_gap_2030", "--above", "0", "--lever",
      "chip_export_controls", "--probability", "0"],
     "argument --probability: 0 is outside (0, 1]"),
    (["robust", "baseline", "--kpi", "capability_gap_2030", "--above", "0", "--lever",
      "chip_export_controls", "--probability", "1.5"],
     "argument --probability: 1.5 is outside (0, 1]"),
    (["goalseek", "baseline", "--lever", "chip_export_controls", "--output",
      "capability_gap_months", "--target", "inf", "--month", "2030-12"],
     "argument --target: 'inf' is not a finite number"),
])
def test_meaningless_numbers_are_refused(capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"airace {argv[0]}: {message}{USAGE_FREE}") and err.count("\n") == 1


@pytest.mark.parametrize("method", ["tornado", "morris", "sobol"])
def test_a_figure_no_lever_moves_is_not_ranked(capsys, method):
    assert main(["sensitivity", "baseline", "--kpi", "tpu_revenue_2028", "--method", method,
                 "--base-samples", "64"]) == 2
    assert capsys.readouterr().err == (
        "airace sensitivity: key figure tpu_revenue_2028 does not vary with any lever in this "
        "scenario; there is nothing to rank (--include-policy lets the policy levers vary "
        "too)\n")


@pytest.mark.parametrize(("argv", "what"), [
    (["sensitivity", "short.json", "--kpi", "capability_gap_2030", "--method", "tornado"],
     "key figure capability_gap_2030"),
    (["discover", "short.json", "--kpi", "capability_gap_2030", "--above", "0", "-n", "50"],
     "key figure capability_gap_2030"),
    (["discover", "short.json", "--output", "capability_gap_months", "--month", "2030-01",
      "--above", "0", "-n", "50"], "output capability_gap_months"),
    (["robust", "short.json", "--kpi", "capability_gap_2030", "--above", "0", "--lever",
      "chip_export_controls", "--probability", "0.5"], "key figure capability_gap_2030"),
    (["explain", "short.json", "--kpi", "capability_gap_2030"],
     "US capability lead, end 2030"),
])
def test_a_figure_after_the_run_ends_cannot_be_computed(tmp_path, monkeypatch, capsys, argv,
                                                        what):
    monkeypatch.chdir(tmp_path)
    save_scenario(Scenario(name="short", start="2025-01", end="2026-06"), "short.json")
    assert main(argv) == 2
    month = "2030-01" if "--month" in argv else "2030-12"
    assert capsys.readouterr().err == (
        f"airace {argv[0]}: {what} cannot be computed for this scenario: {month} is outside "
        "the run (2025-01 to 2026-06)\n")


@pytest.mark.parametrize("target", ["1e300", "4e+15"])
def test_a_huge_goal_seek_target_is_said_in_a_few_characters(capsys, target):
    assert main(["goalseek", "baseline", "--lever", "us_permitting_reform_share", "--output",
                 "us_power_gap_gw", "--target", target, "--month", "2030-12"]) == 1
    said = capsys.readouterr().out
    assert f"reach {float(target):.3g} GW by 2030-12" in said and len(said) < 300


def test_huge_values_are_written_in_powers_of_ten_in_every_unit():
    assert format_value(3e20, "GW") == "3e+20 GW"
    assert format_value(-3e20, "$B/yr", signed=True) == "-3e+20 $B/yr"
    assert format_value(4.5e18, "H100e") == "4.5e+18 H100e"
    assert format_value(2e15, "share") == "2e+17%"
    assert format_value(123_456.7, "GW") == "123,457 GW"  # ordinary sizes as before
