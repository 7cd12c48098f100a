"""User folders: recent files and view choices (config, a typed ``Settings`` model), the
autosave records (state).

Paths are looked up on every call, so tests that point platformdirs at a temporary folder
(tests/conftest.py) never touch a real profile.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
from pathlib import Path
from typing import Any, Literal

import platformdirs
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from core.common.files import NotRegularFileError, require_regular_file, write_atomic
from core.common.limits import MAX_PROFILE_BYTES

APP_NAME = "ai-race-planner"
MAX_RECENT = 10
SETTINGS_VERSION = 2


def config_folder() -> Path:
    return _folder(Path(platformdirs.user_config_dir(APP_NAME)))


def state_folder() -> Path:
    return _folder(Path(platformdirs.user_state_dir(APP_NAME)))


def _folder(folder: Path) -> Path:
    """The folder, made if missing; one that cannot be made (a read-only profile) is still
    returned: reading from it finds nothing and writing to it fails with an OSError that
    the callers handle, so the app starts on its defaults."""
    with contextlib.suppress(OSError):
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
                                         if isinstance(e, str) and usable_path(e)][:MAX_RECENT]}
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


def usable_path(text: str) -> bool:
    """A path the system can take: not empty, no NUL, no longer than PATH_MAX."""
    return 0 < len(text) <= MAX_PATH_CHARACTERS and "\0" not in text


MAX_PATH_CHARACTERS = 4096  # Linux's PATH_MAX; longer entries come from damaged files


def read_profile_json(path: Path) -> Any:
    """The JSON value a settings file or autosave record holds, or None if there is none.

    Only its first MAX_PROFILE_BYTES are read. A file that is not a regular file is named
    in ``problems`` and left alone (opening a FIFO would block the start); one too large,
    not UTF-8, not JSON, nested too deep or holding numbers too long to read is set aside
    (``set_aside``). Nothing here raises, so a damaged profile never stops the app."""
    try:
        require_regular_file(path, "remove it; it is ignored")
        with open(path, "rb") as stream:
            raw = stream.read(MAX_PROFILE_BYTES + 1)
    except (FileNotFoundError, NotADirectoryError):  # none yet (or no folder for one)
        return None
    except NotRegularFileError as error:
        _report(str(error))
        return None
    except OSError as error:
        _report(f"{path}: cannot be read ({error.strerror or error}); it is ignored")
        return None
    if len(raw) > MAX_PROFILE_BYTES:
        return set_aside(path, f"larger than {MAX_PROFILE_BYTES:,} bytes")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        return set_aside(path, "nested too deeply")
    except ValueError as error:  # UnicodeDecodeError, JSONDecodeError, too many digits
        return set_aside(path, f"not readable JSON: {str(error).splitlines()[0]}")


def set_aside(path: Path, reason: str) -> None:
    """Rename a damaged profile file to ``<name>.damaged`` (so it is kept for a look but
    never read again) and say so in one line; returns None, the value it stood for."""
    aside = path.with_name(f"{path.name}.damaged")
    try:
        os.replace(path, aside)
    except OSError:
        _report(f"{path}: {reason}; it is ignored")
    else:
        _report(f"{path}: {reason}; set aside as {aside.name}")


def _report(message: str) -> None:
    """One line on stderr, kept in ``problems`` for the window's status bar."""
    problems.append(message)
    with contextlib.suppress(OSError, ValueError):
        print(f"AI Race Planner: {message}", file=sys.stderr)


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
    validated here so no caller checks a dict. A missing or damaged file gives the
    defaults (``read_profile_json`` says what happened to it)."""
    path = settings_path()
    stamp = _stamp(path)
    cached = _cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    settings = migrate(read_profile_json(path))
    _cache[path] = (_stamp(path), settings)
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
    return _folder(state_folder() / "autosave")
