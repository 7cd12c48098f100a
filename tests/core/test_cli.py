"""The headless command line: run, validate, levers, scenarios; bad input never traces back."""

import csv
import io
import subprocess
import sys

import pytest

from core.catalogue.key_figures import KPIS
from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.cli.main import main
from core.common.version import MODEL_VERSION
from core.engine.simulation import run_scenario
from core.formats.scenario import bundled_names, load_bundled


def run_cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI as a user runs it: a fresh process, no display, no Qt."""
    code = ("import sys; from core.cli.main import main; code = main(sys.argv[1:]); "
            "assert 'PySide6' not in sys.modules, 'the headless CLI imported Qt'; "
            "raise SystemExit(code)")
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True,
                          text=True, timeout=120)


def test_run_prints_key_figures_and_writes_the_csv(tmp_path, capsys):
    out = tmp_path / "baseline.csv"
    assert main(["run", "baseline", "--csv", str(out)]) == 0
    printed = capsys.readouterr().out
    gap = float(run_scenario(load_bundled("baseline")).at("us_power_gap_gw", "2028-12")[0])
    assert KPIS["us_power_gap_2028"].label in printed and f"{gap:.1f} GW" in printed
    rows = list(csv.reader(io.StringIO(out.read_text())))
    assert rows[0] == ["month", *OUTPUTS, "model_version"]
    assert {row[-1] for row in rows[1:]} == {str(MODEL_VERSION)}
    assert rows[1][0] == "2025-01" and rows[-1][0] == "2035-12" and len(rows) == 133


def test_run_accepts_a_scenario_file(tmp_path, capsys):
    path = tmp_path / "mine.json"
    path.write_text('{"schema_version": 1, "name": "Mine", '
                    '"levers": {"us_dc_committed_additions_gw_per_year": 20}}')
    assert main(["run", str(path)]) == 0
    assert "Mine" in capsys.readouterr().out


def test_validate_exits_0_for_good_files_and_2_with_one_line_per_problem(tmp_path, capsys):
    good = tmp_path / "good.json"
    good.write_text('{"schema_version": 1, "name": "ok"}')
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "name": "x", "levers": {"nope": 1}}')
    truncated = tmp_path / "cut.json"
    truncated.write_text('{"schema_version": 1, "na')
    assert main(["validate", str(good)]) == 0
    capsys.readouterr()
    assert main(["validate", str(good), str(bad), str(truncated)]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2
    assert "bad.json" in errors[0] and "unknown lever id 'nope'" in errors[0]
    assert "cut.json" in errors[1] and "not valid JSON" in errors[1]


def test_levers_lists_the_catalogue_and_scenarios_lists_the_bundle(capsys):
    assert main(["levers"]) == 0
    listing = capsys.readouterr().out
    for lever_id in LEVERS:
        assert lever_id in listing
    assert main(["scenarios"]) == 0
    listing = capsys.readouterr().out
    for name in bundled_names():
        assert f"{name}:" in listing


@pytest.mark.subprocess
@pytest.mark.parametrize("args, message", [
    (["run", "no_such_scenario"], "no bundled scenario named 'no_such_scenario'"),
    (["run", "/nonexistent/file.json"], "no such file"),
    (["validate", "/nonexistent/file.json"], "no such file"),
])
def test_bad_input_prints_one_clear_line_and_no_traceback(args, message):
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.subprocess
def test_the_headless_cli_runs_without_importing_qt():
    result = run_cli("run", "safe_chips_act")
    assert result.returncode == 0, result.stderr
    assert "SAFE Chips Act" in result.stdout
