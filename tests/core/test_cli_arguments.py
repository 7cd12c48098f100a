"""Every command has help; --version; bad numbers and seeds refused in one line; names and
paths printed with their control characters escaped."""

import math

import pytest

from core.analysis.goalseek import goal_seek
from core.catalogue.key_figures import KPIS
from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.cli.main import build_parser, main
from core.common.version import APP_VERSION, MODEL_VERSION
from core.formats.scenario import Scenario, load_bundled, save_scenario


def commands() -> list[str]:
    parser = build_parser()
    return list(next(a for a in parser._actions if a.dest == "command").choices)


def test_airace_help_lists_every_command_with_its_help(capsys):
    assert main(["--help"]) == 0
    listing = capsys.readouterr().out
    names = commands()
    assert {"screenshot", "brief", "validate", "mc", "sweep"} <= set(names)
    parser = build_parser()
    helps = {a.dest: a.help for a in next(a for a in parser._actions
                                          if a.dest == "command")._choices_actions}
    for name in names:
        assert name in listing and helps.get(name), name


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help_that_exits_0(command, capsys):
    assert main([command, "--help"]) == 0
    assert f"usage: airace {command}" in capsys.readouterr().out


def test_version_prints_the_app_and_model_versions(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == (f"airace {APP_VERSION} (model version "
                                               f"{MODEL_VERSION})")


def test_desktop_commands_need_their_handler_and_get_parsed_arguments(capsys):
    assert main(["brief", "baseline", "--pdf", "x.pdf"]) == 2  # no handler: no Qt here
    assert "needs the desktop app" in capsys.readouterr().err
    seen = []
    assert main(["screenshot", "out.png", "baseline"],
                desktop={"screenshot": lambda args: seen.append(args) or 0}) == 0
    assert (seen[0].out, seen[0].scenario) == ("out.png", "baseline")


SEEDED = [["mc", "baseline", "-n", "10"], ["sweep", "baseline", "-n", "10", "--out", "x.csv"],
          ["sensitivity", "baseline", "--kpi", "us_power_gap_2028", "--base-samples", "4"]]


@pytest.mark.parametrize("argv", SEEDED, ids=lambda argv: argv[0])
@pytest.mark.parametrize("seed", ["-1", "4294967296", "1.5", "x"])
def test_a_seed_outside_0_to_2_32_is_refused_in_one_line(argv, seed, capsys, tmp_path,
                                                         monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main([*argv, "--seed", seed]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "--seed" in err and "Traceback" not in err
    assert not (tmp_path / "x.csv").exists()


@pytest.mark.parametrize("target", ["nan", "inf", "-inf"])
def test_goal_seek_refuses_a_target_that_is_not_finite(target, capsys):
    lever, output = next(iter(LEVERS)), next(iter(OUTPUTS))
    with pytest.raises(ValueError, match="finite"):
        goal_seek(load_bundled("baseline"), lever, output, float(target), "2028-12")
    assert main(["goalseek", "baseline", "--lever", lever, "--output", output, "--month",
                 "2028-12", f"--target={target}"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "finite" in err
    assert math.isfinite(goal_seek(load_bundled("baseline"), lever, output, 0.0,
                                   "2028-12").value)


def test_control_characters_in_names_and_paths_are_printed_escaped(tmp_path, capsys):
    name = "Evil\x1b[2J\u202e name\nsecond line"
    path = tmp_path / "bad\x1bname.json"
    save_scenario(Scenario(name=name, description="d\x07"), path)
    assert main(["run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "Evil\\x1b[2J\\u202e name\\x0asecond line" in out
    assert main(["validate", str(path)]) == 0
    out = capsys.readouterr().out
    assert out == f"{tmp_path}/bad\\x1bname.json: ok\n"
    for argv in (["mc", str(path), "-n", "10"], ["compare", "baseline", str(path)],
                 ["sensitivity", str(path), "--kpi", next(iter(KPIS)), "--method", "tornado"]):
        assert main(argv) == 0
        out = capsys.readouterr().out
        assert "\x1b" not in out and "\u202e" not in out and "\\x1b" in out, argv
    assert main(["validate", str(tmp_path / "no\x1bfile.json")]) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "no\\x1bfile.json: no such file" in err
