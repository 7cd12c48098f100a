"""The desktop's structure: every module imports on its own, nothing imports in a circle, and
no module reaches into another object's private attributes or ``__dict__``."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
# __main__ runs the app when imported: it is the one module not imported here
MODULES = sorted(f"desktop.{p.stem}" for p in DESKTOP.glob("*.py")
                 if p.stem not in ("__init__", "__main__"))


def test_every_desktop_module_imports_alone():
    """Each module in a fresh interpreter: an import that works only after another module
    was loaded first (a hidden cycle or order dependence) fails here."""
    processes = {name: subprocess.Popen([sys.executable, "-c", f"import {name}"],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True) for name in MODULES}
    failed = {}
    for name, process in processes.items():
        _, err = process.communicate(timeout=120)
        if process.returncode != 0:
            failed[name] = err.strip().splitlines()[-1:]
    assert not failed, failed


def test_no_import_cycle_in_desktop():
    graph = grimp.build_graph("desktop", "core")
    desktop = [m for m in graph.modules if m.startswith("desktop.")]
    cycles = []
    for index, first in enumerate(desktop):
        for second in desktop[index + 1:]:
            there = graph.find_shortest_chain(importer=first, imported=second)
            back = there and graph.find_shortest_chain(importer=second, imported=first)
            if there and back:
                cycles.append(" -> ".join(there) + " -> " + " -> ".join(back[1:]))
    assert not cycles, cycles


PRIVATE_ACCESS = re.compile(r"(?<![\w.])(?!self\.|cls\.)[A-Za-z_][\w]*(?:\.[A-Za-z]\w*)*\._[A-Za-z]")


@pytest.mark.parametrize("path", sorted(DESKTOP.glob("*.py")), ids=lambda p: p.name)
def test_no_module_reaches_into_another_objects_private_state(path):
    """``self._x`` is a module's own; ``other._x`` and ``__dict__`` are someone else's."""
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        code = line.split("#", 1)[0]
        if "__dict__" in code or any(
                not match.group(0).startswith(("self.", "cls."))
                for match in PRIVATE_ACCESS.finditer(code)):
            found.append(f"{path.name}:{number}: {line.strip()}")
    assert not found, found


def test_the_private_access_check_sees_what_it_should():
    def hits(code: str) -> bool:
        return any(not m.group(0).startswith(("self.", "cls."))
                   for m in PRIVATE_ACCESS.finditer(code))

    assert hits("plot._range = span")
    assert hits("window.plot_grid._arrange(3)")
    assert not hits("self._range = span")
    assert not hits("self.plot_grid.set_fixed_ranges(spans)")
