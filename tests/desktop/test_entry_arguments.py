"""`airace screenshot --help` and `airace brief --help` print help; arguments reach the
commands as parsed (no file named --help)."""

from __future__ import annotations

import pytest

from desktop import entry


@pytest.mark.parametrize("command", ["screenshot", "brief"])
def test_help_of_a_desktop_command_prints_help_and_writes_nothing(command, tmp_path,
                                                                   monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    before = set(tmp_path.iterdir())
    assert entry.main([command, "--help"]) == 0
    assert f"usage: airace {command}" in capsys.readouterr().out
    assert set(tmp_path.iterdir()) == before


def test_the_top_level_help_lists_screenshot_and_brief(capsys):
    assert entry.main(["--help"]) == 0
    listing = capsys.readouterr().out
    assert "screenshot" in listing and "brief" in listing


def test_parsed_arguments_reach_screenshot_and_brief(monkeypatch):
    calls = []
    monkeypatch.setattr(entry, "screenshot", lambda argv: calls.append(argv) or 0)
    import desktop.brief_cli

    monkeypatch.setattr(desktop.brief_cli, "command", lambda *parsed: calls.append(parsed) or 0)
    assert entry.main(["screenshot", "out.png"]) == 0
    assert entry.main(["brief", "baseline", "--html", "b.html", "--mc", "200"]) == 0
    # brief gets its arguments parsed once, by the command line's one parser
    assert calls == [["out.png"], ("baseline", None, "b.html", 200)]


def test_brief_refuses_a_sample_count_above_the_limit(capsys):
    from core.common.limits import MAX_MONTE_CARLO_SAMPLES

    assert entry.main(["brief", "baseline", "--pdf", "b.pdf", "--mc",
                       str(MAX_MONTE_CARLO_SAMPLES + 1)]) == 2
    err = capsys.readouterr().err
    assert f"{MAX_MONTE_CARLO_SAMPLES:,}" in err and "airace sweep" in err
    assert len(err.strip().splitlines()) == 1
