"""User folders: recent files and view choices (config, a typed ``Settings`` model), the
autosave records (state).

Paths are looked up on every call, so tests that point platformdirs at a temporary folder
(tests/conftest.py) never touch a real profile.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.common.files import NotRegularFileError, require_regular_file, write_atomic

APP_NAME = "ai-race-planner"
MAX_RECENT = 10
SETTINGS_VERSION = 2


def config_folder() -> Path:
    folder = Path(platformdirs.user_config_dir(APP_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def state_folder() -> Path:
    folder = Path(platformdirs.user_state_dir(APP_NAME))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settings_path() -> Path:
    return config_folder() / "settings.json"


class Settings(BaseModel):
    """The user's settings file, typed and versioned (as napari's settings model).

    Version 1 had no ``version`` field and no checks; ``migrate`` keeps every value of an
    older file that is still valid and drops the rest, one field at a time, so one bad entry
    never costs the others.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    version: Literal[2] = SETTINGS_VERSION
    recent_files: list[str] = Field(default_factory=list, max_length=MAX_RECENT)
    plots: list[str] = Field(default_factory=list)  # output ids; empty: the default grid
    theme: Literal["light", "dark"] = "light"
    presenter_levers: list[str] = Field(default_factory=list)  # lever ids; empty: defaults
    published_figures: bool = False  # View > Published figures on the plots


def migrate(data: Any) -> Settings:
    """Settings from any past file format: unknown keys and invalid values are dropped."""
    if not isinstance(data, dict):
        return Settings()
    if isinstance(data.get("recent_files"), list):  # version 1 kept non-strings too
        data = {**data, "recent_files": [e for e in data["recent_files"]
                                         if isinstance(e, str)][:MAX_RECENT]}
    kept = {}
    for name in Settings.model_fields:
        if name == "version" or name not in data:
            continue
        try:
            Settings.model_validate({name: data[name]})
        except ValidationError:
            continue
        kept[name] = data[name]
    return Settings.model_validate(kept)


_cache: dict[Path, tuple[tuple[int, int] | None, Settings]] = {}
problems: list[str] = []  # messages about a settings file that could not be read


def _stamp(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def load_settings() -> Settings:
    """The settings, read once per change of the file (a stat per call), migrated and
    validated here so no caller checks a dict. A missing, broken or non-regular file gives
    the defaults; a non-regular one (a FIFO would block) is named in ``problems``."""
    path = settings_path()
    stamp = _stamp(path)
    cached = _cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    settings = Settings()
    try:
        require_regular_file(path, "remove it; the settings are kept at their defaults")
        settings = migrate(json.loads(path.read_text(encoding="utf-8")))
    except NotRegularFileError as error:
        problems.append(str(error))
    except (OSError, ValueError):
        pass
    _cache[path] = (stamp, settings)
    return settings


def update_settings(**values: Any) -> Settings:
    """Change some settings (validated) and write the file atomically."""
    settings = Settings.model_validate({**load_settings().model_dump(), **values})
    path = settings_path()
    with contextlib.suppress(OSError):
        write_atomic(path, settings.model_dump_json(indent=2) + "\n")
    _cache[path] = (_stamp(path), settings)
    return settings


def recent_files() -> list[Path]:
    """Most recent first."""
    return [Path(entry) for entry in load_settings().recent_files]


def add_recent_file(path: str | Path) -> list[Path]:
    path = Path(path).resolve()
    entries = ([path] + [entry for entry in recent_files() if entry != path])[:MAX_RECENT]
    update_settings(recent_files=[str(entry) for entry in entries])
    return entries


def clear_recent_files() -> None:
    update_settings(recent_files=[])


def autosave_folder() -> Path:
    """Where each open document keeps its autosave record (see desktop/state/autosave.py)."""
    folder = state_folder() / "autosave"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
