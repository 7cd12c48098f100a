"""User folders: recent files and view choices (config), the autosave records (state).

Paths are looked up on every call, so tests that point platformdirs at a temporary folder
(tests/conftest.py) never touch a real profile.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import platformdirs

from core.files import write_atomic

APP_NAME = "ai-race-planner"
MAX_RECENT = 10


def config_folder() -> Path:
    folder = Path(platformdirs.user_config_dir(APP_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def state_folder() -> Path:
    folder = Path(platformdirs.user_state_dir(APP_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _settings_path() -> Path:
    return config_folder() / "settings.json"


def load_settings() -> dict[str, Any]:
    try:
        data = json.loads(_settings_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any) -> None:
    data = load_settings()
    data[key] = value
    with contextlib.suppress(OSError):
        write_atomic(_settings_path(), json.dumps(data, indent=2) + "\n")


def recent_files() -> list[Path]:
    """Most recent first; entries that are not strings are dropped."""
    entries = load_settings().get("recent_files", [])
    if not isinstance(entries, list):
        return []
    return [Path(entry) for entry in entries if isinstance(entry, str)][:MAX_RECENT]


def add_recent_file(path: str | Path) -> list[Path]:
    path = Path(path).resolve()
    entries = [path] + [entry for entry in recent_files() if entry != path]
    save_setting("recent_files", [str(entry) for entry in entries[:MAX_RECENT]])
    return entries[:MAX_RECENT]


def clear_recent_files() -> None:
    save_setting("recent_files", [])


def autosave_folder() -> Path:
    """Where each open document keeps its autosave record (see desktop/autosave.py)."""
    folder = state_folder() / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
