"""Scenario files: one pydantic model, load with clear errors, atomic save, migrations.

A scenario stores only the lever values that differ from the catalogue defaults, so a file
reads as "what this scenario changes", plus its events, uncertainty settings and notes.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StrictInt,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from core.catalogue.levers import LEVERS, default_values, lever_named
from core.common.files import NotRegularFileError, data_folder, require_regular_file, write_atomic
from core.common.limits import MAX_BRIEFING_BYTES, MAX_FILE_BYTES, MAX_MONTE_CARLO_SAMPLES
from core.common.timegrid import DEFAULT_END, HISTORY_START, LATEST_END, MODEL_START, parse_month
from core.common.version import MODEL_VERSION
from core.engine.events import EVIDENCE_FIELDS, MAX_RATIONALE, MAX_SOURCE, Event
from core.formats.carriers import (
    CarrierError,
    is_share_code,
    json_from_briefing,
    json_from_code,
    json_from_pdf,
    looks_like_html,
)
from core.formats.migrations import MODEL_MIGRATIONS, from_version_1, from_version_2

SCHEMA_VERSION = 3
BRIEFING_SUFFIXES = (".html", ".htm")
PDF_SUFFIX = ".pdf"  # a PDF briefing: the scenario is an attached file
MAX_EVENTS = 100
MAX_NAME, MAX_DESCRIPTION, MAX_AUTHOR = 120, 5000, 200
MAX_NUMBER_DIGITS = 40  # longer integers in a file become floats (inf if huge), never an error
LeverValue = Annotated[float, Strict()]  # a number: true or "10" is not a lever value


class ScenarioError(Exception):
    """A scenario file or value that cannot be used; the message names file, field and fix."""


class Uncertainty(BaseModel):
    model_config = ConfigDict(extra="forbid")

    samples: StrictInt = Field(1000, ge=1, le=MAX_MONTE_CARLO_SAMPLES,  # what `mc -n` takes
                               description="Monte Carlo sample count.")
    seed: StrictInt = Field(20251204, ge=0, le=2**32 - 1, description="Random seed.")


class Evidence(BaseModel):
    """Why a lever has its value in this scenario, and where that comes from."""

    model_config = ConfigDict(extra="forbid")

    rationale: str = Field("", max_length=MAX_RATIONALE, description="Why (free text).")
    source: str = Field("", max_length=MAX_SOURCE, description="A citation or link.")


class Scenario(BaseModel):
    """A what-if: lever changes against the defaults, time-phased events, and notes."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, allow_inf_nan=False)

    schema_version: Literal[3] = SCHEMA_VERSION
    model_version: Literal[3] = Field(
        MODEL_VERSION, description="The model version the file was written for.")
    name: str = Field(min_length=1, max_length=MAX_NAME)
    description: str = Field("", max_length=MAX_DESCRIPTION)
    author: str = Field("", max_length=MAX_AUTHOR, description="Who wrote the scenario.")
    levers: dict[str, LeverValue] = Field(
        default_factory=dict, description="Lever values that differ from the defaults.")
    evidence: dict[str, Evidence] = Field(
        default_factory=dict, description="Rationale and source for changed lever values, "
        "by lever id; a lever the scenario does not change carries none.")
    events: list[Event] = Field(default_factory=list, max_length=MAX_EVENTS)
    uncertainty: Uncertainty = Field(default_factory=Uncertainty)
    start: str = MODEL_START
    end: str = DEFAULT_END
    notes: str = Field("", max_length=20_000)
    # What loading an older file changed (core.formats.migrations); not saved.
    _migration_notes: list[str] = PrivateAttr(default_factory=list)

    @property
    def migration_notes(self) -> list[str]:
        return self._migration_notes

    @field_validator("levers")
    @classmethod
    def _known_and_in_range(cls, levers: dict[str, float]) -> dict[str, float]:
        for lever_id, value in levers.items():
            lever = lever_named(lever_id)
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

    @field_validator("evidence")
    @classmethod
    def _evidence_for_changed_levers(cls, evidence: dict, info: ValidationInfo) -> dict:
        levers = info.data.get("levers")
        if levers is not None:  # (if levers is invalid, that error is the one to read)
            for lever_id in evidence:
                _check_evidence(lever_id, levers)
        return evidence

    def lever_values(self) -> dict[str, float]:
        """Every lever: the defaults with this scenario's changes on top."""
        return default_values() | self.levers

    def with_lever(self, lever_id: str, value: float) -> Scenario:
        """A copy with one lever set; a value equal to the default is dropped from the file."""
        levers = dict(self.levers)
        evidence = dict(self.evidence)
        if value == LEVERS[lever_id].default:
            levers.pop(lever_id, None)
            evidence.pop(lever_id, None)  # nothing changed, nothing to justify
        else:
            levers[lever_id] = float(value)
        return self.model_copy(update={"levers": Scenario._known_and_in_range(levers),
                                       "evidence": evidence})

    def with_evidence(self, lever_id: str, rationale: str, source: str) -> Scenario:
        """A copy with a changed lever's rationale and source (both empty: removed)."""
        _check_evidence(lever_id, self.levers)
        evidence = dict(self.evidence)
        if rationale or source:
            evidence[lever_id] = Evidence(rationale=rationale, source=source)
        else:
            evidence.pop(lever_id, None)
        return Scenario.model_validate(self.model_dump() | {"evidence": evidence})

    def with_event_evidence(self, index: int, rationale: str, source: str) -> Scenario:
        """A copy whose ``index``-th event carries this rationale and source."""
        events = list(self.events)
        events[index] = events[index].with_evidence(rationale, source)
        return self.model_copy(update={"events": events})

    def to_json(self) -> str:
        data = self.model_dump(mode="json")
        data["levers"] = dict(sorted(data["levers"].items()))
        data["evidence"] = {lever_id: data["evidence"][lever_id]
                            for lever_id in sorted(data["evidence"])}
        if not data["evidence"]:
            del data["evidence"]  # files without evidence read as before
        if not data["author"]:
            del data["author"]  # likewise files without an author
        data["events"] = [_evidence_last(event) for event in data["events"]]
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _check_evidence(lever_id: str, levers: dict[str, float]) -> None:
    if lever_id not in levers:
        what = ("a lever this scenario does not change" if lever_id in LEVERS else
                "not a known lever id")
        raise ValueError(f"{lever_id} is {what}; evidence goes with a changed value in "
                         "levers: set the value there or remove the evidence")


def _evidence_last(event: dict[str, Any]) -> dict[str, Any]:
    """An event's fields with empty evidence left out and any evidence at the end."""
    evidence = {key: event.pop(key) for key in EVIDENCE_FIELDS if key in event}
    return event | {key: value for key, value in evidence.items() if value}


# ---- migrations ------------------------------------------------------------------------

V0_FIELDS = {"title": "name", "summary": "description", "parameters": "levers",
             "monte_carlo": "uncertainty", "events": "events", "notes": "notes"}


def _from_version_0(data: dict[str, Any]) -> dict[str, Any]:
    """Version 0 (the prototype's format): title/summary/parameters/monte_carlo. A field
    that format never had is refused (not dropped), and every field carried across under a
    new name says so in the migration notes."""
    unknown = [key for key in data if key not in V0_FIELDS and key != "version"]
    if unknown:
        raise ScenarioError(f"{unknown[0]}: not a field of a version-0 file (those are "
                            f"{', '.join(V0_FIELDS)}); a current file starts with "
                            f'"schema_version": {SCHEMA_VERSION}')
    monte_carlo = data.get("monte_carlo") or {}
    if not isinstance(monte_carlo, dict):
        raise ScenarioError(f"monte_carlo: must be an object such as "
                            f'{{"runs": 1000, "seed": 7}}, not {type(monte_carlo).__name__}')
    extra = [key for key in monte_carlo if key not in ("runs", "seed")]
    if extra:
        raise ScenarioError(f"monte_carlo.{extra[0]}: not a field of a version-0 file (those "
                            "are runs and seed)")
    migrated = {
        "schema_version": 1,
        "name": data.get("title", "Untitled"),
        "description": data.get("summary", ""),
        "levers": data.get("parameters", {}),
        "events": data.get("events", []),
        "notes": data.get("notes", ""),
    }
    notes = [f"version-0 field {old} became {new}" for old, new in V0_FIELDS.items()
             if old in data and old != new and old != "monte_carlo"]
    if "title" not in data:
        notes.append("the file had no title; it is named \"Untitled\"")
    if monte_carlo:
        migrated["uncertainty"] = {"samples": monte_carlo.get("runs", 1000),
                                   "seed": monte_carlo.get("seed", 20251204)}
        notes.append("version-0 monte_carlo runs and seed became uncertainty samples and "
                     "seed")
    migrated["migration_notes"] = notes
    return migrated


MIGRATIONS = {0: _from_version_0, 1: from_version_1, 2: from_version_2}


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
    # then the model: a file written for an older model version opens with a note that its
    # figures changed (a value that is no version at all is left to validation to name)
    model = data.get("model_version")
    while type(model) is int and model in MODEL_MIGRATIONS:
        data = MODEL_MIGRATIONS[model](data)
        model = data["model_version"]
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


class _DuplicateKey(Exception):  # noqa: N818 - raised out of json.loads, caught just below
    pass


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """json's object hook: a key given twice is an error (json keeps the last silently)."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise _DuplicateKey(key)
        data[key] = value
    return data


def _integer(text: str) -> int | float:
    """A JSON integer; one too long for Python's int parser becomes a float (inf when huge)
    so the field's own check names it, instead of an error without file or field."""
    return int(text) if len(text) <= MAX_NUMBER_DIGITS else float(text)


def load_json(text: str, source: str, what: str = "scenario") -> Any:
    """Parse JSON text strictly (duplicate keys refused, a BOM accepted); ScenarioError
    naming ``source`` for anything wrong."""
    try:
        return json.loads(text.removeprefix("\ufeff"), object_pairs_hook=_unique_keys,
                          parse_int=_integer)
    except json.JSONDecodeError as error:
        raise ScenarioError(f"{source}: not valid JSON at line {error.lineno}, column "
                            f"{error.colno}: {error.msg}") from None
    except _DuplicateKey as error:
        raise ScenarioError(f"{source}: key {error.args[0]!r} appears twice in one object; "
                            "each key may appear once") from None
    except RecursionError:
        raise ScenarioError(f"{source}: JSON nested too deeply to be a {what}") from None


def parse_scenario(text: str, source: str = "scenario") -> Scenario:
    """Validate scenario JSON text; raises ScenarioError naming the source and the field."""
    data = load_json(text, source)
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


def read_file_bytes(path: Path, what: str = "scenario", limit: int = MAX_FILE_BYTES) -> bytes:
    """A regular file's bytes, at most ``limit`` of them; ScenarioError for anything else. A
    FIFO, device or socket is refused before it is opened (opening a FIFO waits forever for
    a writer)."""
    try:
        require_regular_file(path, f"give a {what} file")
        size = path.stat().st_size
        if size > limit:
            raise ScenarioError(f"{path}: file is {size:,} bytes; a {what} file may be at "
                                f"most {limit:,} bytes")
        return path.read_bytes()
    except NotRegularFileError as error:
        raise ScenarioError(str(error)) from None
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file") from None
    except PermissionError:
        raise ScenarioError(f"{path}: permission denied") from None
    except OSError as error:
        raise ScenarioError(f"{path}: cannot be read ({error.strerror})") from None


def read_text_file(path: Path, what: str = "scenario", limit: int = MAX_FILE_BYTES) -> str:
    """A small UTF-8 file's text; ScenarioError for anything else (see read_file_bytes)."""
    raw = read_file_bytes(path, what, limit)
    try:
        return raw.decode("utf-8-sig")  # a byte-order mark, as some editors write, is fine
    except UnicodeDecodeError as error:
        raise ScenarioError(f"{path}: not UTF-8 text (byte {error.start}); save it as UTF-8 "
                            "JSON") from None


def is_briefing_path(path: str | Path) -> bool:
    """A briefing (HTML or PDF) by its name: it carries a scenario but is not one."""
    return Path(path).suffix.lower() in (*BRIEFING_SUFFIXES, PDF_SUFFIX)


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate a scenario file, or the scenario a briefing (HTML or PDF) carries;
    every problem raises ScenarioError."""
    path = Path(path)
    if path.suffix.lower() == PDF_SUFFIX:
        return scenario_from_pdf(read_file_bytes(path, "briefing", MAX_BRIEFING_BYTES),
                                 str(path))
    briefing = path.suffix.lower() in BRIEFING_SUFFIXES
    text = read_text_file(path, "briefing" if briefing else "scenario",
                          MAX_BRIEFING_BYTES if briefing else MAX_FILE_BYTES)
    if briefing or looks_like_html(text):
        return scenario_from_briefing(text, str(path))
    return parse_scenario(text, str(path))


def _carried(unpack, carrier, source: str) -> Scenario:
    """The scenario a carrier holds (core.formats.carriers), validated exactly as a file."""
    try:
        text = unpack(carrier, source, MAX_FILE_BYTES)
    except CarrierError as error:
        raise ScenarioError(str(error)) from None
    return parse_scenario(text, source)


def scenario_from_code(code: str, source: str = "share code") -> Scenario:
    """The scenario in a share code; ScenarioError (one line) for anything wrong."""
    return _carried(json_from_code, code, source)


def scenario_from_briefing(text: str, source: str) -> Scenario:
    """The scenario an HTML briefing embeds; ScenarioError if it has none or it is invalid."""
    return _carried(json_from_briefing, text, source)


def scenario_from_pdf(data: bytes, source: str) -> Scenario:
    """The scenario a PDF briefing carries; ScenarioError if it has none, it is too large or
    it is invalid."""
    return _carried(json_from_pdf, data, source)


def save_text(path: str | Path, text: str) -> None:
    """Save atomically; raises ScenarioError, one line, with the old file intact. A text
    larger (in bytes as written) than a scenario file may be is refused here, where it is
    written, so nothing saved is refused when it is opened again."""
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise ScenarioError(f"{path}: not saved: the scenario is {size:,} bytes as written; a "
                            f"scenario file may be at most {MAX_FILE_BYTES:,} (shorten its "
                            "notes or descriptions)")
    try:
        write_atomic(path, text)
    except NotRegularFileError as error:
        raise ScenarioError(str(error)) from None
    except OSError as error:
        raise ScenarioError(f"{path}: could not save ({error.strerror or error}); the previous "
                            "file is unchanged") from None


def is_scenario_file(path: str | Path) -> bool:
    """True if ``path`` holds scenario JSON as the app writes it (an object with a schema
    version), so Save may replace it; False for a briefing (with or without its suffix),
    any other file, or one that cannot be read."""
    if is_briefing_path(path):
        return False
    try:
        data = load_json(read_text_file(Path(path)), str(path))
    except ScenarioError:
        return False
    return isinstance(data, dict) and ("schema_version" in data or "version" in data)


def save_scenario(scenario: Scenario, path: str | Path) -> None:
    """Save atomically (through a symlink to its target); ScenarioError if it fails."""
    save_text(path, scenario.to_json())


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
    return parse_scenario(read_text_file(entry), f"bundled:{name}")


def resolve(reference: str) -> Scenario:
    """A share code, a path to a scenario file or briefing, or a bundled scenario's name."""
    if is_share_code(reference):
        return scenario_from_code(reference)
    path = Path(reference)
    try:
        a_file = (path.suffix.lower() == ".json" or is_briefing_path(path) or path.exists()
                  or "/" in reference)
    except (OSError, ValueError) as error:  # e.g. a name too long to be a file
        raise ScenarioError(f"{reference}: not a share code (those begin \"airace:\"), a "
                            "bundled scenario or a file that can be read "
                            f"({getattr(error, 'strerror', None) or error})") from None
    if a_file:
        return load_scenario(path)
    return load_bundled(reference)
