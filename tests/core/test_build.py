"""`python -m core.build` writes every generated file; `--check` names each stale one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from core import build
from core.engine import flat
from core.model import regulation
from core.model.reads import READS


def copy_generated(root):
    """The project's generated files, copied under ``root`` as they are committed."""
    for relative in build.GENERATED:
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(build.ROOT / relative, root / relative)


def test_the_committed_generated_files_are_fresh():
    """Run `python -m core.build` after changing a block, a constant, a lever, an event kind
    or the scenario format."""
    result = subprocess.run([sys.executable, "-m", "core.build", "--check"], cwd=build.ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "are fresh" in result.stdout


def test_a_changed_block_makes_the_check_fail_until_the_build_runs(tmp_path, monkeypatch,
                                                                   capsys):
    copy_generated(tmp_path)
    assert build.main(["--check"], root=tmp_path) == 0

    def stricter(stocks, inputs, auxiliaries, rates, memory, xp, clock):
        regulation.step(stocks, inputs, auxiliaries, rates, memory, xp, clock)
        auxiliaries["us_regulatory_friction"] = auxiliaries["us_regulatory_friction"] * 2.0

    blocks = tuple((name, stricter if block is regulation.step else block)
                   for name, block in flat.BLOCKS)
    monkeypatch.setattr(flat, "BLOCKS", blocks)
    capsys.readouterr()
    assert build.main(["--check"], root=tmp_path) == 1
    assert capsys.readouterr().err == (
        "stale: core/engine/month_loop.py (run `python -m core.build`)\n")
    assert build.main([], root=tmp_path) == 0
    assert "wrote core/engine/month_loop.py" in capsys.readouterr().out
    assert build.main(["--check"], root=tmp_path) == 0


def test_a_block_that_reads_one_more_name_makes_its_traced_reads_stale(tmp_path, monkeypatch,
                                                                        capsys):
    """What a variable reads is written by the build from its equation, never by hand."""
    copy_generated(tmp_path)

    def frictions_add_up(stocks, inputs, auxiliaries, rates, memory, xp, clock):
        regulation.step(stocks, inputs, auxiliaries, rates, memory, xp, clock)
        auxiliaries["us_regulatory_friction"] = (auxiliaries["us_regulatory_friction"]
                                                 + inputs["cn_regulatory_friction"])

    blocks = tuple((name, frictions_add_up if block is regulation.step else block)
                   for name, block in flat.BLOCKS)
    monkeypatch.setattr(flat, "BLOCKS", blocks)
    capsys.readouterr()
    assert build.main(["--check"], root=tmp_path) == 1
    assert "stale: core/model/reads.py" in capsys.readouterr().err
    assert build.main([], root=tmp_path) == 0
    written = (tmp_path / "core/model/reads.py").read_text(encoding="utf-8")
    namespace: dict = {}
    exec(written, namespace)
    assert "cn_regulatory_friction" in namespace["READS"]["us_regulatory_friction"][1]
    assert "cn_regulatory_friction" not in READS["us_regulatory_friction"][1]


@pytest.mark.parametrize("relative", sorted(build.GENERATED))
def test_a_missing_or_edited_file_is_named_and_rewritten(tmp_path, capsys, relative):
    copy_generated(tmp_path)
    with open(tmp_path / relative, "a", encoding="utf-8") as file:
        file.write("edited by hand\n")
    assert build.main(["--check"], root=tmp_path) == 1
    assert f"stale: {relative}" in capsys.readouterr().err
    (tmp_path / relative).unlink()
    assert build.main(["--check"], root=tmp_path) == 1
    assert build.main([], root=tmp_path) == 0
    assert (tmp_path / relative).read_text(encoding="utf-8") == build.GENERATED[relative]()


@pytest.mark.slow
def test_one_build_leaves_everything_fresh_when_a_block_reads_a_new_name(tmp_path):
    """docs/model.md is written from core/model/reads.py, which the same build rewrites."""
    for folder in ("core", "docs", "scenarios"):
        shutil.copytree(build.ROOT / folder, tmp_path / folder,
                        ignore=shutil.ignore_patterns("__pycache__"))
    block = tmp_path / "core/model/regulation.py"
    text = block.read_text(encoding="utf-8")
    old = 'aux["cn_regulatory_friction"] = inputs["cn_regulatory_friction"]'
    assert old in text
    block.write_text(text.replace(old, old + ' + inputs["us_federal_preemption"]'),
                     encoding="utf-8")

    def run(*arguments):
        return subprocess.run([sys.executable, "-m", "core.build", *arguments], cwd=tmp_path,
                              capture_output=True, text=True, timeout=300,
                              env={**os.environ, "PYTHONPATH": str(tmp_path)})

    assert run().returncode == 0
    check = run("--check")
    assert check.returncode == 0, check.stderr
    assert "us_federal_preemption" in (tmp_path / "docs/model.md").read_text(
        encoding="utf-8").split("| cn_regulatory_friction |")[1].split("\n")[0]
