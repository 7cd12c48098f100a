"""The floors of core/ and desktop/, read from the import-linter contracts in pyproject.toml:
no import runs back up a floor, not even one inside a function (grimp reads those too)."""

from __future__ import annotations

import sys
import tomllib
from pathlib import Path

import grimp
import pytest

ROOT = Path(__file__).resolve().parents[1]


def layer_contracts() -> dict[str, dict]:
    with open(ROOT / "pyproject.toml", "rb") as file:
        contracts = tomllib.load(file)["tool"]["importlinter"]["contracts"]
    return {c["name"]: c for c in contracts if c["type"] == "layers"}


def floors(contract: dict) -> list[grimp.Layer]:
    return [grimp.Layer(*(name.strip() for name in floor.split(":")), independent=False)
            for floor in contract["layers"]]


def imports_back_up(graph: grimp.ImportGraph, contract: dict) -> list[str]:
    """Each import that runs from a floor to one above it, as 'importer -> imported (line)'."""
    found = graph.find_illegal_dependencies_for_layers(
        layers=floors(contract), containers=set(contract.get("containers", ())) or None)
    lines = []
    for dependency in found:
        for route in dependency.routes:
            for head in route.heads:
                for tail in route.tails:
                    details = graph.get_import_details(importer=head, imported=tail)
                    where = ", ".join(f"l.{d['line_number']}" for d in details)
                    lines.append(f"{head} -> {tail} ({where or 'via ' + ' -> '.join(route.middle)})")
    return sorted(lines)


def test_the_contracts_name_every_floor_of_the_core():
    """A new subpackage of core/ must be placed on a floor, or nothing checks it."""
    contract = layer_contracts()["The core's floors"]
    named = {name.strip() for floor in contract["layers"] for name in floor.split(":")}
    packages = {path.parent.name for path in (ROOT / "core").glob("*/__init__.py")}
    modules = {path.stem for path in (ROOT / "core").glob("*.py") if path.stem != "__init__"}
    assert packages | modules <= named, sorted((packages | modules) - named)


@pytest.mark.parametrize("name", sorted(layer_contracts()))
def test_no_import_runs_back_up_a_floor(name):
    # a stale cache hides edits; an import only for type checkers is not an import (the
    # catalogues name Results, the type of what they describe, that way)
    graph = grimp.build_graph("core", "desktop", cache_dir=None,
                              exclude_type_checking_imports=True)
    assert not imports_back_up(graph, layer_contracts()[name])


def test_an_import_back_up_inside_a_function_is_found(tmp_path, monkeypatch):
    """The check itself: a catalogue that runs the engine from inside a function fails."""
    package = tmp_path / "house"
    for floor in ("engine", "catalogue"):
        (package / floor).mkdir(parents=True)
        (package / floor / "__init__.py").write_text("")
    (package / "__init__.py").write_text("")
    (package / "engine" / "run.py").write_text("from house.catalogue import levers\n")
    (package / "catalogue" / "levers.py").write_text(
        "def checked():\n    from house.engine import run\n    return run\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    graph = grimp.build_graph("house", cache_dir=None)
    contract = {"layers": ["engine", "catalogue"], "containers": ["house"]}
    assert imports_back_up(graph, contract) == ["house.catalogue.levers -> house.engine.run (l.2)"]
    sys.modules.pop("house", None)
