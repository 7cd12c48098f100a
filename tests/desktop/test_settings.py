"""Settings: a typed, versioned model; old files open through a migration; a settings file
that is not a regular file is refused with a message, never read (a FIFO would hang)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from desktop.state import settings

DATA = Path(__file__).resolve().parents[1] / "data" / "settings"


def test_a_version_1_settings_file_keeps_its_valid_values():
    shutil.copy(DATA / "v1_settings.json", settings.settings_path())
    loaded = settings.load_settings()
    assert loaded.version == settings.SETTINGS_VERSION
    assert loaded.recent_files == ["/tmp/a.json", "/tmp/b.json"]  # the 7 dropped
    assert loaded.plots == ["us_power_gap_gw", "open_weight_share"]
    assert loaded.theme == "dark"
    assert loaded.presenter_levers == []  # invalid: the default, the others kept


def test_an_update_writes_the_current_version():
    shutil.copy(DATA / "v1_settings.json", settings.settings_path())
    settings.update_settings(theme="light")
    written = json.loads(settings.settings_path().read_text(encoding="utf-8"))
    assert written["version"] == settings.SETTINGS_VERSION and written["theme"] == "light"
    assert "window_geometry" not in written
    assert settings.load_settings().plots == ["us_power_gap_gw", "open_weight_share"]


def test_broken_json_gives_the_defaults():
    settings.settings_path().write_text("{not json", encoding="utf-8")
    assert settings.load_settings() == settings.Settings()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_as_settings_file_is_refused_with_a_message():
    os.mkfifo(settings.settings_path())
    settings.problems.clear()
    assert settings.load_settings() == settings.Settings()  # returns: nothing blocked
    assert settings.problems and "settings.json" in settings.problems[-1]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_the_autosave_folder_is_skipped():
    from desktop.state import autosave

    os.mkfifo(settings.autosave_folder() / "stuck.json")
    assert autosave.orphans() == []
