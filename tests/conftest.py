"""Shared fixtures (no test ever touches a real user profile), the Hypothesis profiles, and the
markers a test gets from the fixtures it uses (docs/contributing.md)."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Property tests (Hypothesis): a quick look every day, five times as many examples in CI (the
# CI variable set, as .ci/run and CI services do), with the failing example's blob printed to
# replay it. `--hypothesis-profile ci` picks one by hand.
settings.register_profile("everyday", max_examples=20, deadline=None)
settings.register_profile("ci", max_examples=100, deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "everyday")

# Headless by configuration, not by the person running the tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# the marker a test gets from a fixture it uses (directly or through another fixture):
# `-m "not gui"`, `-m "not cluster"` then leave it out
FIXTURE_MARKERS = {"qtbot": "gui", "qapp": "gui", "dask_scheduler": "cluster"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        for fixture, marker in FIXTURE_MARKERS.items():
            if fixture in used:
                item.add_marker(marker)
        if item.get_closest_marker("cluster"):
            item.add_marker("slow")  # a cluster takes seconds to start


@pytest.fixture(autouse=True)
def isolated_user_folders(tmp_path, monkeypatch):
    """Point every platformdirs user folder (config, state, data, cache) at tmp_path."""
    home = tmp_path / "home"
    for variable, folder in (("XDG_CONFIG_HOME", "config"), ("XDG_STATE_HOME", "state"),
                             ("XDG_DATA_HOME", "data"), ("XDG_CACHE_HOME", "cache")):
        path = home / folder
        path.mkdir(parents=True)
        monkeypatch.setenv(variable, str(path))
    monkeypatch.setenv("HOME", str(home))
    return home
