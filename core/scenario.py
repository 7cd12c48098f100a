"""Scenario files: one pydantic model, load with clear errors, atomic save, migrations.

A scenario stores only the lever values that differ from the catalogue defaults, so a file
reads as "what this scenario changes", plus its events, uncertainty settings and notes.
"""

from __future__ import annotations

import difflib
import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from core.events import Event
from core.files import data_folder, write_atomic
from core.levers import LEVERS, default_values
from core.migrations import from_version_1
from core.timegrid import DEFAULT_END, HISTORY_START, LATEST_END, MODEL_START, parse_month
from core.version import MODEL_VERSION

SCHEMA_VERSION = 2
MAX_FILE_BYTES = 1_000_000  # a scenario is a few kB; anything this large is not one
MAX_EVENTS = 100


class ScenarioError(Exception):
    """A scenario file or value that cannot be used; the message names file, field and fix."""


class Uncertainty(BaseModel):
    model_config = ConfigDict(extra="forbid")

    samples: int = Field(1000, ge=10, le=100_000, description="Monte Carlo sample count.")
    seed: int = Field(20251204, ge=0, le=2**32 - 1, description="Random seed.")


class Scenario(BaseModel):
    """A what-if: lever changes against the defaults, time-phased events, and notes."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    schema_version: Literal[2] = SCHEMA_VERSION
    model_version: Literal[2] = Field(
        MODEL_VERSION, description="The model version the file was written for.")
    name: str = Field(min_length=1, max_length=120)
    description: str = Field("", max_length=5000)
    levers: dict[str, float] = Field(
        default_factory=dict, description="Lever values that differ from the defaults.")
    events: list[Event] = Field(default_factory=list, max_length=MAX_EVENTS)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)
    start: str = MODEL_START
    end: str = DEFAULT_END
    notes: str = Field("", max_length=20_000)
    # What loading an older file changed (core.migrations); not saved.
    _migration_notes: list[str] = PrivateAttr(default_factory=list)

    @property
    def migration_notes(self) -> list[str]:
        return self._migration_notes

    @field_validator("levers")
    @classmethod
    def _known_and_in_range(cls, levers: dict[str, float]) -> dict[str, float]:
        for lever_id, value in levers.items():
            if lever_id not in LEVERS:
                close = difflib.get_close_matches(lever_id, list(LEVERS), n=1)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                raise ValueError(f"unknown lever id {lever_id!r}{hint}; "
                                 "`airace levers` lists the known ids")
            lever = LEVERS[lever_id]
            if not math.isfinite(value) or not lever.min <= value <= lever.max:
                raise ValueError(f"{lever_id} = {value} is outside the allowed range "
                                 f"{lever.min:g} to {lever.max:g} {lever.unit}")
        return levers

    @field_validator("start", "end")
    @classmethod
    def _month_in_model(cls, month: str) -> str:
        if not parse_month(HISTORY_START) <= parse_month(month) <= parse_month(LATEST_END):
            raise ValueError(f"{month} must lie between {HISTORY_START} and {LATEST_END}")
        return month

    @model_validator(mode="after")
    def _end_after_start(self) -> Scenario:
        if parse_month(self.end) < parse_month(self.start) + 11:
            raise ValueError(f"end {self.end} must be at least 12 months after start {self.start}")
        return self

    def lever_values(self) -> dict[str, float]:
        """Every lever: the defaults with this scenario's changes on top."""
        return default_values() | self.levers

    def with_lever(self, lever_id: str, value: float) -> Scenario:
        """A copy with one lever set; a value equal to the default is dropped from the file."""
        levers = dict(self.levers)
        if value == LEVERS[lever_id].default:
            levers.pop(lever_id, None)
        else:
            levers[lever_id] = float(value)
        return self.model_copy(update={"levers": Scenario._known_and_in_range(levers)})

    def to_json(self) -> str:
        data = self.model_dump(mode="json")
        data["levers"] = dict(sorted(data["levers"].items()))
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


# ---- migrations ------------------------------------------------------------------------

def _from_version_0(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (the prototype's format): title/summary/parameters/monte_carlo."""
    monte_carlo = data.get("monte_carlo") or {}
    migrated = {
        "schema_version": 1,
        "name": data.get("title", "Untitled"),
        "description": data.get("summary", ""),
        "levers": data.get("parameters", {}),
        "events": data.get("events", []),
        "notes": data.get("notes", ""),
    }
    if monte_carlo:
        migrated["uncertainty"] = {"samples": monte_carlo.get("runs", 1000),
                                   "seed": monte_carlo.get("seed", 20251204)}
    return migrated


MIGRATIONS = {0: _from_version_0, 1: from_version_1}


def migrate(data: Any) -> Any:
    """Bring a parsed file up to the current schema version, one version at a time."""
    if not isinstance(data, dict):
        return data
    version = data.get("schema_version", data.get("version", 0) if "version" in data else None)
    if version is None:
        raise ScenarioError(f"schema_version: missing; a current file starts with "
                            f'"schema_version": {SCHEMA_VERSION}')
    if type(version) is not int or version > SCHEMA_VERSION or version < 0:
        raise ScenarioError(f"schema_version {version!r} is not supported; this version of the "
                            f"app reads versions 0 to {SCHEMA_VERSION}")
    while version < SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version = data["schema_version"]
    return data


# ---- reading and writing ---------------------------------------------------------------

def _describe_errors(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        field = ".".join(str(part) for part in item["loc"]) or "(top level)"
        message = item["msg"].removeprefix("Value error, ")
        if item["type"] == "extra_forbidden":
            message = "unknown field; remove it"
        lines.append(f"{field}: {message}")
    return "; ".join(lines)


def parse_scenario(text: str, source: str = "scenario") -> Scenario:
    """Validate scenario JSON text; raises ScenarioError naming the source and the field."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise ScenarioError(f"{source}: not valid JSON at line {error.lineno}, column "
                            f"{error.colno}: {error.msg}") from None
    except RecursionError:
        raise ScenarioError(f"{source}: JSON nested too deeply to be a scenario") from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{source}: a scenario must be a JSON object, not "
                            f"{type(data).__name__}")
    try:
        migrated = migrate(data)
        notes = migrated.pop("migration_notes", []) if isinstance(migrated, dict) else []
        scenario = Scenario.model_validate(migrated)
        scenario._migration_notes = notes
        return scenario
    except ScenarioError as error:
        raise ScenarioError(f"{source}: {error}") from None
    except ValidationError as error:
        raise ScenarioError(f"{source}: {_describe_errors(error)}") from None


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file; every problem raises ScenarioError."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ScenarioError(f"{path}: file is {size:,} bytes; a scenario file may be at "
                                f"most {MAX_FILE_BYTES:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ScenarioError(f"{path}: is a folder, not a scenario file") from None
    except PermissionError:
        raise ScenarioError(f"{path}: permission denied") from None
    except OSError as error:
        raise ScenarioError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ScenarioError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8 "
                            "JSON") from None
    return parse_scenario(text, str(path))


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Save atomically; raises ScenarioError (the old file stays intact) if it fails."""
    try:
        write_atomic(path, scenario.to_json())
    except OSError as error:
        raise ScenarioError(f"{path}: could not save ({error.strerror or error}); the previous "
                            "file is unchanged") from None


def json_schema() -> dict[str, Any]:
    """The published file format (scenarios/schema.json)."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "AI Race Planner scenario"
    return schema


# ---- bundled scenarios -----------------------------------------------------------------

def bundled_folder() -> Path:
    """The bundled scenarios, wherever the package is installed."""
    return data_folder("core", "bundled", "scenarios")


def bundled_names() -> list[str]:
    """Bundled scenario names (file stems), the baseline first."""
    names = sorted(entry.name[:-5] for entry in bundled_folder().iterdir()
                   if entry.name.endswith(".json") and entry.name != "schema.json")
    return sorted(names, key=lambda name: name != "baseline")


def load_bundled(name: str) -> Scenario:
    """A bundled scenario by name (e.g. 'baseline')."""
    entry = bundled_folder() / f"{name}.json"
    if not entry.is_file():
        raise ScenarioError(f"no bundled scenario named {name!r}; bundled: "
                            f"{', '.join(bundled_names())}")
    return parse_scenario(entry.read_text(encoding="utf-8"), f"bundled:{name}")


def resolve(reference: str) -> Scenario:
    """A path to a scenario file, or the name of a bundled scenario."""
    path = Path(reference)
    if path.suffix == ".json" or path.exists() or "/" in reference:
        return load_scenario(path)
    return load_bundled(reference)
