"""The test tiers (docs/contributing.md): markers given by fixtures, strict markers, the
everyday run's share of the suite, and the Hypothesis profile CI selects."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings

ROOT = Path(__file__).resolve().parents[1]


def pytest_run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=600,
                          env=dict(os.environ, PYTHONPATH=str(ROOT)))


def collected(*args: str) -> list[str]:
    run = pytest_run("--collect-only", "-q", *args)
    assert run.returncode in (0, 5), run.stdout + run.stderr
    return [line for line in run.stdout.splitlines() if "::" in line]


def test_the_hypothesis_profile_follows_the_ci_variable():
    assert settings.default.max_examples == (100 if os.environ.get("CI") else 20)
    assert settings.default.deadline is None


@pytest.mark.slow
@pytest.mark.subprocess
def test_window_tests_are_gui_and_cluster_tests_are_cluster_by_their_fixtures():
    files = ["tests/desktop/test_help_and_actions.py", "tests/core/test_scale_out.py"]
    gui, cluster = collected("-m", "gui", *files), collected("-m", "cluster", *files)
    assert any("test_every_action_of_the_table_is_in_its_menu" in t for t in gui)  # window
    assert not any("named_by_a_string" in t for t in gui)  # builds no widget
    assert not any("test_scale_out" in t for t in gui)
    assert any("test_sobol_on_a_dask_cluster" in t for t in cluster)  # dask_scheduler
    assert any("local_dask_cluster_give_identical" in t for t in cluster)  # marked by hand
    assert not any("unreachable" in t or "help_and_actions" in t for t in cluster)


@pytest.mark.slow
@pytest.mark.subprocess
def test_a_misspelt_marker_is_an_error(tmp_path):
    (tmp_path / "test_typo.py").write_text(
        "import pytest\n\n@pytest.mark.slwo\ndef test_x():\n    pass\n")
    run = pytest_run("-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path),
                     str(tmp_path / "test_typo.py"))
    assert run.returncode != 0 and "'slwo' not found in `markers`" in run.stdout + run.stderr


@pytest.mark.slow
@pytest.mark.subprocess
def test_the_everyday_run_keeps_four_in_five_tests():
    everything, everyday = collected(), collected("-m", "not slow")
    assert len(everyday) >= 0.8 * len(everything) > 900
