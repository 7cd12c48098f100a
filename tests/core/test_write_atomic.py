"""Saving replaces only a regular file: through symlinks to their target, never a device."""

import os
import stat
import subprocess
import sys

import pytest

from core.cli.main import main
from core.common.files import NotRegularFileError, write_atomic
from core.formats.scenario import Scenario, ScenarioError, load_scenario, save_scenario


def test_saving_over_a_symlink_updates_its_target_and_keeps_the_link(tmp_path):
    folder = tmp_path / "real"
    folder.mkdir()
    target = folder / "scenario.json"
    save_scenario(Scenario(name="old"), target)
    os.chmod(target, 0o640)
    middle = tmp_path / "middle.json"
    middle.symlink_to(target)
    link = tmp_path / "link.json"
    link.symlink_to(middle)  # a chain of two links
    save_scenario(Scenario(name="new"), link)
    assert link.is_symlink() and middle.is_symlink()
    assert os.readlink(link) == str(middle)
    assert load_scenario(target).name == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # the target's mode kept
    leftovers = [p.name for p in (*tmp_path.iterdir(), *folder.iterdir()) if p.is_file()
                 and not p.is_symlink()]
    assert leftovers == ["scenario.json"]  # no temporary left beside the link or the target


def test_a_dangling_symlink_creates_its_target(tmp_path):
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "made.json")
    write_atomic(link, "x")
    assert link.is_symlink() and (tmp_path / "made.json").read_text() == "x"


def _device(tmp_path):
    (tmp_path / "dev").mkdir()
    path = tmp_path / "dev" / "null"
    try:
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return path


def test_a_device_fifo_or_folder_is_refused_with_a_clear_error(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for path, kind in ((fifo, "a pipe (FIFO)"), (folder, "a folder")):
        with pytest.raises(NotRegularFileError) as caught:
            write_atomic(path, "x")
        assert str(caught.value) == (f"{path}: is {kind}, not a regular file; choose another "
                                     "file name")
        assert isinstance(caught.value, OSError)
    assert stat.S_ISFIFO(fifo.stat().st_mode) and folder.is_dir()
    with pytest.raises(ScenarioError, match="is a pipe"):
        save_scenario(Scenario(name="x"), fifo)
    link = tmp_path / "link"
    link.symlink_to(fifo)  # a link to a FIFO is refused too
    with pytest.raises(NotRegularFileError):
        write_atomic(link, "x")


@pytest.mark.subprocess
def test_run_csv_to_a_device_exits_2_with_one_line_and_leaves_it_alone(tmp_path):
    device = _device(tmp_path)
    before = device.stat()
    result = subprocess.run([sys.executable, "-c", "import sys; from core.cli.main import main; "
                             "raise SystemExit(main(sys.argv[1:]))", "run", "baseline",
                             "--csv", str(device)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip() == (f"airace run: --csv {device}: is a device, not a regular file; "
                                     "choose another file name")
    after = device.stat()
    assert stat.S_ISCHR(after.st_mode) and after.st_rdev == before.st_rdev
    assert after.st_ino == before.st_ino
    assert [p.name for p in device.parent.iterdir()] == ["null"]  # no temporary left


def test_mc_csv_to_a_fifo_exits_2(tmp_path, capsys):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert main(["mc", "baseline", "-n", "20", "--csv", str(fifo)]) == 2
    err = capsys.readouterr().err
    assert err.strip().endswith(f"{fifo}: is a pipe (FIFO), not a regular file; choose "
                                "another file name")
    assert len(err.strip().splitlines()) == 1 and stat.S_ISFIFO(fifo.stat().st_mode)
