"""Regression guard for PySide6 6.12.0, which crashes under Python 3.11 (none_dealloc /
bool_dealloc) after many calls that return None or bool, as every pyqtgraph setData does.

The calls run in a subprocess so that a crash fails this test instead of killing the test run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from importlib import metadata
from pathlib import Path

import pytest

STRESS = textwrap.dedent("""
    import numpy as np
    import pyqtgraph as pg
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QApplication, QSlider

    app = QApplication([])
    holder = QObject()
    for _ in range(10_000):
        holder.property("unset")
    slider = QSlider()
    slider.setRange(0, 100)
    for i in range(10_000):
        slider.setValue(i % 101)
    item = pg.PlotDataItem()
    x = np.arange(200, dtype=float)
    for i in range(2_000):
        item.setData(x, np.sin(x / 20.0 + i))
    print("OK", flush=True)
""")


def _pyside6_version() -> str | None:
    for distribution in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(distribution)
        except metadata.PackageNotFoundError:
            continue
    return None


def test_installed_pyside6_is_not_the_crashing_6_12_0():
    version = _pyside6_version()
    if version is None:
        pytest.skip("PySide6 is not installed")
    assert not version.startswith("6.12.0"), (
        f"PySide6 {version} is installed; 6.12.0 crashes with none_dealloc/bool_dealloc under "
        "Python 3.11. pyproject.toml pins PySide6-Essentials>=6.10.3,<6.12: reinstall with "
        "pip install -e '.[test]' to get a supported version.")


@pytest.mark.subprocess
def test_many_none_and_bool_returns_do_not_crash_the_binding():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-c", STRESS], capture_output=True, text=True,
                          env=env, timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0 and done.stdout.strip().endswith("OK"), (
        f"the Qt binding stress run exited with {done.returncode} (negative = killed by a "
        f"signal, i.e. a crash; see pyproject.toml's PySide6 pin)\n"
        f"stdout:\n{done.stdout[-2000:]}\nstderr:\n{done.stderr[-4000:]}")
