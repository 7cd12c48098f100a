"""Hostile output paths: an output never destroys an input or a protected file, messages
name the user's path and cause, interrupted writes leave nothing behind, new files follow
the umask and existing ones keep their mode."""

import errno
import os
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from core.cli.main import main
from core.common import files
from core.formats.scenario import Scenario, save_scenario
from desktop.entry import main as airace  # brief and screenshot run through it

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def scenario(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    save_scenario(Scenario(name="Zölle — 名前"), tmp_path / "s.json")
    return tmp_path / "s.json"


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


def _refused(capsys, argv, message, folder):
    before = _listing(folder)
    assert airace(argv) == 2
    err = capsys.readouterr().err
    assert err == message + "\n"
    assert _listing(folder) == before  # nothing replaced, nothing left behind


@pytest.mark.parametrize(("argv", "option"), [
    (["run", "s.json", "--csv", "s.json"], "--csv"),
    (["mc", "s.json", "-n", "5", "--csv", "./s.json"], "--csv"),
    (["sweep", "s.json", "-n", "5", "--out", "s.json"], "--out"),
    (["explain", "baseline", "--against", "s.json", "--kpi", "frontier_gap_months",
      "--csv", "s.json"], "--csv"),
    (["brief", "s.json", "--html", "s.json"], "--html"),
])
def test_an_output_that_is_an_input_is_refused(scenario, capsys, argv, option):
    given = argv[argv.index(option) + 1]
    _refused(capsys, argv, f"airace {argv[0]}: {option} {given}: is also a file this command "
             "reads; choose another file name", scenario.parent)


@pytest.mark.parametrize("link", [os.symlink, os.link])
def test_an_output_linked_to_an_input_is_refused(scenario, capsys, link):
    link(scenario, scenario.parent / "link.csv")
    _refused(capsys, ["run", "s.json", "--csv", "link.csv"], "airace run: --csv link.csv: is "
             "also a file this command reads; choose another file name", scenario.parent)


def test_two_outputs_on_one_path_are_refused(scenario, capsys):
    _refused(capsys, ["brief", "s.json", "--pdf", "o.pdf", "--html", "o.pdf"],
             "airace brief: --html o.pdf: --pdf names the same file; give each its own",
             scenario.parent)


def test_a_read_only_file_is_not_replaced(scenario, capsys):
    protected = scenario.parent / "ro.csv"
    protected.write_text("keep")
    protected.chmod(0o444)
    _refused(capsys, ["run", "s.json", "--csv", "ro.csv"],
             "airace run: --csv ro.csv: the file is read-only; it was not replaced",
             scenario.parent)
    with pytest.raises(PermissionError, match="read-only"):
        files.write_atomic(protected, "x")  # the window's saves go through the same guard
    assert protected.read_text() == "keep"


@pytest.mark.parametrize(("given", "message"), [
    ("", "--csv : the file name is empty"),
    ("nodir/x.csv", "--csv nodir/x.csv: the folder nodir does not exist"),
    ("/dev/stdout", None),
    ("a" * 300 + ".csv", f"--csv {'a' * 300}.csv: File name too long"),
])
def test_bad_output_paths_are_refused_before_any_work(scenario, capsys, monkeypatch, given,
                                                        message):
    sampled = []
    monkeypatch.setattr("core.cli.analysis.monte_carlo",
                        lambda *a, **k: sampled.append(1))
    if given == "/dev/stdout":
        read, write = os.pipe()
        monkeypatch.setattr(sys, "stdout", os.fdopen(write, "w"))
        given = f"/proc/self/fd/{write}"
        message = f"--csv {given}: is a pipe (FIFO), not a regular file; choose another file name"
    _refused(capsys, ["mc", "s.json", "-n", "20000", "--csv", given],
             f"airace mc: {message}", scenario.parent)
    assert sampled == []


def test_an_unwritable_folder_and_a_full_disk_name_the_users_path(scenario, capsys,
                                                                  monkeypatch):
    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    real_open = open
    monkeypatch.setattr("builtins.open", lambda name, mode="r", *a, **k: no_space()
                        if "w" in mode and ".airace-" in str(name) else real_open(name, mode, *a, **k))
    _refused(capsys, ["run", "s.json", "--csv", "x.csv"],
             "airace run: x.csv: No space left on device", scenario.parent)

    def denied(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", "/elsewhere/.x.csv.tmp")

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    _refused(capsys, ["run", "s.json", "--csv", "x.csv"],
             "airace run: x.csv: cannot write in the folder . (Permission denied)",
             scenario.parent)


def test_a_name_the_console_cannot_encode_never_costs_the_file(scenario):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "cp1252"}
    result = subprocess.run([sys.executable, "-m", "core.cli.main", "run", "s.json", "--csv",
                             "Zölle — 名前.csv"], cwd=scenario.parent, env=env,
                            capture_output=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert (scenario.parent / "Zölle — 名前.csv").stat().st_size > 10_000


def test_a_name_too_long_for_a_file_says_what_was_expected(scenario, capsys):
    name = "airace;" + "x" * 300
    assert main(["run", name]) == 2
    assert capsys.readouterr().err == (
        f"airace run: {name}: not a share code (those begin \"airace:\"), a bundled scenario "
        "or a file that can be read (File name too long)\n")


def _start_sweep(folder: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "core.cli.main", "sweep", "s.json", "-n",
                             "200000", "--out", "big.csv"], cwd=folder, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def _wait_for_temporary(folder: Path, process) -> Path:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        found = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
        if found and found[0].stat().st_size > 1_000_000:
            return found[0]
        assert process.poll() is None, process.stderr.read()
        time.sleep(0.2)
    raise AssertionError("the sweep never started writing")


@pytest.mark.slow
def test_sigterm_mid_write_removes_the_temporary_file(scenario):
    process = _start_sweep(scenario.parent)
    _wait_for_temporary(scenario.parent, process)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert sorted(_listing(scenario.parent)) == ["s.json"]


@pytest.mark.slow
def test_sigkill_leftovers_go_on_the_next_write_but_a_live_writers_stay(scenario, capsys):
    process = _start_sweep(scenario.parent)
    stale = _wait_for_temporary(scenario.parent, process)
    process.kill()
    process.wait(timeout=60)
    live = scenario.parent / f".other.csv.airace-{os.getpid()}-abcdefgh.tmp"
    live.write_text("still being written")
    foreign = scenario.parent / ".notes.txt.12345.tmp"  # not ours: never touched
    foreign.write_text("x")
    assert main(["run", "s.json", "--csv", "x.csv"]) == 0
    assert not stale.exists()
    assert live.exists() and foreign.exists()


def test_new_files_follow_the_umask_and_parquet_keeps_the_files_mode(scenario, capsys):
    pytest.importorskip("pyarrow")
    previous = os.umask(0o027)
    try:
        assert main(["run", "s.json", "--csv", "new.csv"]) == 0
        assert main(["sweep", "s.json", "-n", "5", "--out", "new.parquet"]) == 0
    finally:
        os.umask(previous)
    for name in ("new.csv", "new.parquet"):
        assert stat.S_IMODE((scenario.parent / name).stat().st_mode) == 0o640
    private = scenario.parent / "private.parquet"
    private.write_bytes(b"")
    private.chmod(0o600)
    assert main(["sweep", "s.json", "-n", "5", "--out", "private.parquet"]) == 0
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
