"""Share a scenario offline: inside its briefing (HTML or PDF), or as a short text code.

A share code is ``airace:`` and base64url (no padding) of a format byte and the minimal
scenario JSON (fields at their defaults left out), zlib-compressed: it survives e-mail and
chat. Format 1 compresses against a frozen preset dictionary (the baseline's text), so a
scenario built on the baseline takes a few dozen characters; format 0 is plain zlib.
Both ways back validate exactly as a file does (``core.scenario.parse_scenario``): the same
size limit on the JSON, the same one-line errors; decompression stops at that limit, so a
small code cannot expand into a huge one (no decompression bomb).

An HTML briefing embeds the scenario file's JSON in a ``<script type="application/json">``
block; a PDF briefing carries it as an attached file, ``scenario.json``
(``core.pdf_attachment``), which PDF readers list among the document's attachments.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from typing import Any

from core.pdf_attachment import AttachmentError, AttachmentMissing, attach, read_attachment
from core.scenario import (
    MAX_FILE_BYTES,
    Scenario,
    ScenarioError,
    parse_scenario,
)
from core.share_dictionary import DICTIONARY_1

PREFIX = "airace:"
DICTIONARIES = {0: b"", 1: DICTIONARY_1}  # format byte -> preset dictionary
FORMAT = 1  # what encode writes
MAX_CODE_CHARS = 200_000  # a few kB is typical; the longest a terminal or chat takes easily
SCRIPT_ID = "airace-scenario"
PDF_ATTACHMENT = "scenario.json"
PDF_DESCRIPTION = "The scenario of this briefing: open the PDF in AI Race Planner to restore it"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_EMBEDDED = re.compile(
    r"<script\s+type=[\"']application/json[\"']\s+id=[\"']" + SCRIPT_ID + r"[\"']\s*>(.*?)</script",
    re.DOTALL | re.IGNORECASE)
# Kept even at their defaults: the version says how to read the rest; the name is required.
_ALWAYS = ("schema_version", "model_version", "name")


def minimal_data(scenario: Scenario) -> dict[str, Any]:
    """The scenario as saved, less every top-level field left at its default."""
    data = json.loads(scenario.to_json())
    defaults = json.loads(Scenario(name=scenario.name).to_json())
    return {key: value for key, value in data.items()
            if key in _ALWAYS or defaults.get(key) != value}


def encode(scenario: Scenario) -> str:
    """The share code: ``airace:`` then base64url of the compressed minimal JSON."""
    text = json.dumps(minimal_data(scenario), separators=(",", ":"), ensure_ascii=False)
    deflater = zlib.compressobj(9, zdict=DICTIONARIES[FORMAT])
    packed = bytes([FORMAT]) + deflater.compress(text.encode("utf-8")) + deflater.flush()
    return PREFIX + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")


def is_share_code(text: str) -> bool:
    return text.strip().lower().startswith(PREFIX)


def decode(code: str, source: str = "share code") -> Scenario:
    """The scenario in a share code; ScenarioError (one line) for anything wrong."""
    code = code.strip()
    if not code.lower().startswith(PREFIX):
        raise ScenarioError(f"{source}: a share code starts with {PREFIX!r}")
    body = code[len(PREFIX):]
    if len(body) > MAX_CODE_CHARS:
        raise ScenarioError(f"{source}: {len(body):,} characters; a share code may be at most "
                            f"{MAX_CODE_CHARS:,}")
    if not body or not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
        raise ScenarioError(f"{source}: not a share code (it should be {PREFIX} followed by "
                            "letters, digits, - and _); copy the whole code again")
    try:
        packed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_",
                                  validate=True)
    except (binascii.Error, ValueError):
        raise ScenarioError(f"{source}: not a share code; copy the whole code again") from None
    if not packed or packed[0] not in DICTIONARIES:
        raise ScenarioError(f"{source}: share code of an unknown format (made by a newer "
                            "version of the app?)")
    dictionary = DICTIONARIES[packed[0]]
    inflater = zlib.decompressobj(zdict=dictionary) if dictionary else zlib.decompressobj()
    try:
        raw = inflater.decompress(packed[1:], MAX_FILE_BYTES + 1)
    except zlib.error:
        raise ScenarioError(f"{source}: damaged share code (it does not decompress); copy the "
                            "whole code again") from None
    if len(raw) > MAX_FILE_BYTES:
        raise ScenarioError(f"{source}: decodes to more than {MAX_FILE_BYTES:,} bytes; a "
                            f"scenario may be at most {MAX_FILE_BYTES:,}")
    if not inflater.eof:
        raise ScenarioError(f"{source}: incomplete share code (cut short); copy the whole code "
                            "again")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ScenarioError(f"{source}: damaged share code (not UTF-8 text)") from None
    return parse_scenario(text, source)


# ---- the scenario inside an HTML briefing ----------------------------------------------

def scenario_json_for_embedding(scenario: Scenario) -> str:
    """The scenario file's JSON, safe inside an HTML <script> block or as a PDF attachment:
    ``<``, ``>`` and ``&`` written as JSON escapes, so no ``</script>`` can end it early."""
    return (scenario.to_json().replace("&", "\\u0026").replace("<", "\\u003c")
            .replace(">", "\\u003e"))


def script_block(scenario: Scenario) -> str:
    return (f'<script type="application/json" id="{SCRIPT_ID}">\n'
            f"{scenario_json_for_embedding(scenario)}</script>")


def looks_like_html(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("<")


def scenario_from_briefing(text: str, source: str) -> Scenario:
    """The scenario a briefing carries; ScenarioError if it has none or it is invalid."""
    match = _EMBEDDED.search(text)
    if match is None:
        raise ScenarioError(f"{source}: an HTML file without an embedded scenario; only "
                            "briefings written by this version of AI Race Planner or later carry one")
    embedded = match.group(1)
    if len(embedded.encode("utf-8")) > MAX_FILE_BYTES:
        raise ScenarioError(f"{source}: the embedded scenario is more than {MAX_FILE_BYTES:,} "
                            f"bytes; a scenario may be at most {MAX_FILE_BYTES:,}")
    return parse_scenario(embedded, source)


# ---- the scenario attached to a PDF briefing -------------------------------------------

def pdf_with_scenario(pdf: bytes, scenario: Scenario) -> bytes:
    """The PDF with the scenario file attached as ``scenario.json``."""
    payload = scenario_json_for_embedding(scenario).encode("utf-8")
    return attach(pdf, PDF_ATTACHMENT, payload, "application/json", PDF_DESCRIPTION)


def scenario_from_pdf(data: bytes, source: str) -> Scenario:
    """The scenario a PDF briefing carries; ScenarioError (one line) if it has none, it is
    too large, or it is invalid, exactly as for a scenario file."""
    try:
        raw = read_attachment(data, PDF_ATTACHMENT, MAX_FILE_BYTES)
    except AttachmentMissing:
        raise ScenarioError(f"{source}: a PDF without an attached scenario; only briefings "
                            "written by this version of AI Race Planner or later carry "
                            "one") from None
    except AttachmentError as error:
        raise ScenarioError(f"{source}: {error}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ScenarioError(f"{source}: the attached scenario is not UTF-8 text (byte "
                            f"{error.start})") from None
    return parse_scenario(text, source)
