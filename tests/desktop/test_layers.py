"""The desktop's structure: every module imports on its own, nothing imports in a circle, and
no module reaches into another object's private attributes or ``__dict__``."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

DESKTOP = Path(__file__).resolve().parents[2] / "desktop"
# __main__ runs the app when imported: it is the one module not imported here
SOURCES = sorted(DESKTOP.rglob("*.py"))
MODULES = sorted(".".join(p.relative_to(DESKTOP.parent).with_suffix("").parts) for p in SOURCES
                 if p.stem not in ("__init__", "__main__"))


@pytest.mark.slow
@pytest.mark.subprocess
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


@pytest.mark.parametrize("package", ["desktop", "core"])
def test_no_import_cycle(package):
    """Not even through an import inside a function (grimp reads those too)."""
    graph = grimp.build_graph("desktop", "core", cache_dir=None)  # a stale cache hides edits
    modules = sorted(m for m in graph.modules if m.startswith(f"{package}."))
    cycles = []
    for index, first in enumerate(modules):
        for second in modules[index + 1:]:
            there = graph.find_shortest_chain(importer=first, imported=second)
            back = there and graph.find_shortest_chain(importer=second, imported=first)
            if there and back:
                cycles.append(" -> ".join(there) + " -> " + " -> ".join(back[1:]))
    assert not cycles, cycles


def reaches_in(node: ast.AST) -> bool:
    """``other._x`` or ``x.__dict__``: an attribute that is not the object's own. Only
    ``self._x``, ``cls._x`` and ``super()._x`` are; ``self.window._x`` is not."""
    if not isinstance(node, ast.Attribute):
        return False
    name = node.attr
    if name == "__dict__":
        return True
    if not name.startswith("_") or (name.startswith("__") and name.endswith("__")):
        return False
    owner = node.value
    if isinstance(owner, ast.Name) and owner.id in ("self", "cls"):
        return False
    return not (isinstance(owner, ast.Call) and isinstance(owner.func, ast.Name)
                and owner.func.id == "super")


def problems_in(source: str, name: str = "<code>") -> list[str]:
    """Every reach into another object's private state, and every ``install`` function (one
    that would stamp attributes on the window instead of the window owning an object)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if reaches_in(node):
            found.append(f"{name}:{node.lineno}: {ast.unparse(node)}")
        elif (isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
              and node.name == "install"):
            found.append(f"{name}:{node.lineno}: def install(...)")
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(DESKTOP)))
def test_no_module_reaches_into_another_objects_private_state(path):
    """``self._x`` is a module's own; ``other._x`` and ``__dict__`` are someone else's; and no
    ``install()`` stamps features onto the window."""
    assert not problems_in(path.read_text(encoding="utf-8"), path.name)


def test_the_private_access_check_sees_what_it_should():
    assert problems_in("plot._range = span")
    assert problems_in("window.plot_grid._arrange(3)")
    assert problems_in("self.window._folder()")
    assert problems_in("vars = plot.__dict__")
    assert problems_in("def install(window):\n    window.extra = 1")
    assert not problems_in("self._range = span")
    assert not problems_in("super()._fit()")
    assert not problems_in("self.plot_grid.set_fixed_ranges(spans)")
    assert not problems_in("class A:\n    def __init__(self):\n        pass")


def test_the_main_window_inherits_no_feature_mixins():
    """Features are objects the window owns (``window.presenter``, ``window.analysis``),
    not classes mixed into it."""
    from desktop.main_window import MainWindow

    assert [base.__name__ for base in MainWindow.__bases__] == ["QMainWindow"]
