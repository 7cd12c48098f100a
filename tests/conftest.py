"""Shared fixtures: no test ever touches a real user profile."""

from __future__ import annotations

import os

import pytest

# Headless by configuration, not by the person running the tests.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


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
