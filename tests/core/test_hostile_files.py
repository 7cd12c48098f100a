"""Hostile input: every bad file gives one line naming the file and the field, exit 2.

The corpus in tests/data/hostile holds one committed file per case; FIFOs, devices and
sockets cannot be committed, so they are made here in tmp_path.
"""

import os
import socket
import stat
import subprocess
import sys

import pytest

from core.cli.main import main
from core.formats.scenario import ScenarioError, load_scenario
from core.formats.story import load_story

HOSTILE = os.path.join(os.path.dirname(__file__), "..", "data", "hostile")
V0 = os.path.join(os.path.dirname(__file__), "..", "data", "scenario_v0.json")
# file -> what its one error line must name (the field or key at fault)
EXPECTED = {
    "v0_monte_carlo_string.json": "monte_carlo",
    "v0_monte_carlo_list.json": "monte_carlo",
    "v0_parameters_string.json": "levers",
    "huge_integer_lever.json": "levers.us_dc_power_additions_gw_per_year",
    "huge_integer_samples.json": "uncertainty.samples",
    "huge_integer_version.json": "schema_version",
    "duplicate_key.json": "key 'name' appears twice",
    "duplicate_lever.json": "key 'us_dc_power_additions_gw_per_year' appears twice",
    "lever_true.json": "levers.us_dc_power_additions_gw_per_year",
    "lever_string_number.json": "levers.us_dc_power_additions_gw_per_year",
    "samples_string_number.json": "uncertainty.samples",
    "seed_out_of_range.json": "uncertainty.seed",
    "control_characters_in_key.json": "levers",
}


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    code = "import sys; from core.cli.main import main; raise SystemExit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True,
                          timeout=timeout)


def assert_one_clean_line(stderr: str, *named: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr and "\x1b" not in stderr and "\u202e" not in stderr
    for part in named:
        assert part in lines[0], (part, lines[0])


def test_the_corpus_and_the_expectations_match():
    assert sorted(os.listdir(HOSTILE)) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_validate_reports_a_hostile_file_in_one_line(name, capsys):
    path = os.path.join(HOSTILE, name)
    assert main(["validate", path]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert_one_clean_line(captured.err, path, EXPECTED[name])


@pytest.mark.subprocess
def test_validate_as_a_process_checks_every_file_and_reports_each():
    names = sorted(EXPECTED)
    result = run_cli("validate", V0, *(os.path.join(HOSTILE, name) for name in names), V0)
    assert result.returncode == 2
    assert [line.split(": ok")[0] for line in result.stdout.splitlines()] == [V0, V0]
    errors = result.stderr.splitlines()
    assert "Traceback" not in result.stderr and len(errors) == len(names)
    for name, line in zip(names, errors, strict=True):
        assert name in line and EXPECTED[name] in line, line


def special_files(tmp_path):
    """(kind, path) of a FIFO, a socket, a folder and, as root, a character device."""
    made = []
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    made.append(("pipe", fifo))
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "socket.json"))
    made.append(("socket", tmp_path / "socket.json"))
    made.append(("folder", tmp_path / "folder.json"))
    (tmp_path / "folder.json").mkdir()
    try:
        os.mknod(tmp_path / "device.json", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        made.append(("device", tmp_path / "device.json"))
    except PermissionError:
        pass
    return made, sock


@pytest.mark.subprocess
def test_a_fifo_socket_folder_or_device_given_as_a_scenario_is_refused_at_once(tmp_path):
    made, sock = special_files(tmp_path)
    try:
        # a process with a timeout: before the fix, reading the FIFO waited forever
        result = run_cli("validate", *(str(path) for _, path in made), timeout=60)
    finally:
        sock.close()
    assert result.returncode == 2
    errors = result.stderr.splitlines()
    assert len(errors) == len(made) and "Traceback" not in result.stderr
    for (kind, path), line in zip(made, errors, strict=True):
        assert line.startswith(f"{path}: is a") and "not a regular file" in line, line
        assert kind in line


@pytest.mark.subprocess
def test_a_fifo_given_as_a_story_is_refused_without_opening_it(tmp_path):
    fifo = tmp_path / "story.json"
    os.mkfifo(fifo)
    code = ("import sys; from core.formats.story import load_story; from core.formats.scenario import "
            "ScenarioError\ntry:\n    load_story(sys.argv[1])\nexcept ScenarioError as e:\n"
            "    print(e)")
    result = subprocess.run([sys.executable, "-c", code, str(fifo)], capture_output=True,
                            text=True, timeout=60)
    assert result.stdout.strip() == f"{fifo}: is a pipe (FIFO), not a regular file; " \
                                    "give a story file"


def test_a_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"schema_version": 1, "name": "With BOM"}')
    assert load_scenario(path).name == "With BOM"
    story = tmp_path / "story.json"
    story.write_bytes(b"\xef\xbb\xbf" + b'{"title": "t", "steps": [{"scenario": '
                      b'"bundled:baseline"}]}')
    assert load_story(story).title == "t"


def test_a_story_with_a_duplicate_key_is_refused(tmp_path):
    story = tmp_path / "story.json"
    story.write_text('{"title": "t", "title": "u", "steps": []}')
    with pytest.raises(ScenarioError, match="key 'title' appears twice"):
        load_story(story)


def test_integers_are_fine_as_lever_values(tmp_path):
    path = tmp_path / "int.json"
    path.write_text('{"schema_version": 2, "name": "x", '
                    '"levers": {"us_dc_committed_additions_gw_per_year": 12}}')
    assert load_scenario(path).levers == {"us_dc_committed_additions_gw_per_year": 12.0}
