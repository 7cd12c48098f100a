"""Share a scenario offline: inside its briefing (HTML or PDF), or as a short text code.

How each carrier packs the JSON is ``core.formats.carriers``; reading one back is
``core.formats.scenario`` (``scenario_from_code``, ``scenario_from_briefing``,
``scenario_from_pdf``), which validates it exactly as a file: the same size limit, the same
one-line errors. This module packs a Scenario and names those readers for callers that
share. What leaves the machine this way carries file names, never the folders they are in
(``shareable``).
"""

from __future__ import annotations

import json
from typing import Any

from core.common.formatting import without_paths
from core.formats.carriers import PREFIX, code_from_json, embeddable, is_share_code, pdf_with_json
from core.formats.carriers import script_block as script_block_of_json
from core.formats.scenario import (
    Scenario,
    scenario_from_briefing,
    scenario_from_code,
    scenario_from_pdf,
)

__all__ = ["PREFIX", "decode", "encode", "is_share_code", "minimal_data", "pdf_with_scenario",
           "scenario_from_briefing", "scenario_from_pdf", "scenario_json_for_embedding",
           "script_block", "shareable"]

# Kept even at their defaults: the version says how to read the rest; the name is required.
_ALWAYS = ("schema_version", "model_version", "name")

decode = scenario_from_code  # the scenario in a share code; ScenarioError if anything is wrong


def _paths_cut(value: Any) -> Any:
    if isinstance(value, str):
        return without_paths(value)
    if isinstance(value, dict):
        return {key: _paths_cut(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_paths_cut(item) for item in value]
    return value


def shareable(scenario: Scenario) -> Scenario:
    """The scenario as a briefing or share code carries it: every absolute file path in its
    text (name, description, notes, rationales, sources) cut to the file's name, as the
    briefing shows it, so no folder of the author's travels hidden in it."""
    data = scenario.model_dump(mode="json")
    cut = _paths_cut(data)
    return scenario if cut == data else Scenario.model_validate(cut)


def minimal_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as shared, less every top-level field left at its default."""
    data = json.loads(shareable(scenario).to_json())
    defaults = json.loads(Scenario(name=scenario.name).to_json())
    return {key: value for key, value in data.items()
            if key in _ALWAYS or defaults.get(key) != value}


def encode(scenario: Scenario) -> str:
    """The share code: ``airace:`` then base64url of the compressed minimal JSON."""
    return code_from_json(json.dumps(minimal_data(scenario), separators=(",", ":"),
                                     ensure_ascii=False))


def scenario_json_for_embedding(scenario: Scenario) -> str:
    """The shared scenario's JSON, safe inside an HTML <script> block or a PDF attachment."""
    return embeddable(shareable(scenario).to_json())


def script_block(scenario: Scenario) -> str:
    return script_block_of_json(shareable(scenario).to_json())


def pdf_with_scenario(pdf: bytes, scenario: Scenario) -> bytes:
    """The PDF with the shared scenario attached as ``scenario.json``."""
    return pdf_with_json(pdf, shareable(scenario).to_json())
