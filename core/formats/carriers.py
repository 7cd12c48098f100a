"""The texts a scenario travels in besides its own file: a share code, an HTML briefing's
script block and a PDF briefing's attachment. This module packs and unpacks the scenario
JSON only; ``core.formats.scenario`` validates what comes out exactly as it validates a file, and
``core.formats.share`` packs a Scenario.

A share code is ``airace:`` and base64url (no padding) of a format byte and the minimal
scenario JSON (fields at their defaults left out), zlib-compressed: it survives e-mail and
chat. Format 1 compresses against a frozen preset dictionary (the baseline's text), so a
scenario built on the baseline takes a few dozen characters; format 0 is plain zlib.
Decompression stops at the caller's size limit, so a small code cannot expand into a huge
one (no decompression bomb).

An HTML briefing embeds the scenario file's JSON in a ``<script type="application/json">``
block; a PDF briefing carries it as an attached file, ``scenario.json``
(``core.formats.pdf_attachment``), which PDF readers list among the document's attachments.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib

from core.formats.pdf_attachment import AttachmentError, AttachmentMissing, attach, read_attachment
from core.formats.share_dictionary import DICTIONARY_1

PREFIX = "airace:"
DICTIONARIES = {0: b"", 1: DICTIONARY_1}  # format byte -> preset dictionary
FORMAT = 1  # what code_from_json writes
MAX_CODE_CHARS = 200_000  # a few kB is typical; the longest a terminal or chat takes easily
SCRIPT_ID = "airace-scenario"
PDF_ATTACHMENT = "scenario.json"
PDF_DESCRIPTION = "The scenario of this briefing: open the PDF in AI Race Planner to restore it"
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*")
_MARKUP = re.compile(r"<(?:!--|script(?=[\s>/]))", re.IGNORECASE)  # what hides text from a browser
_OUR_SCRIPT = re.compile(r"\s+type=[\"']application/json[\"']\s+id=[\"']" + SCRIPT_ID
                         + r"[\"']\s*$", re.IGNORECASE)
_SCRIPT_END = re.compile(r"</script", re.IGNORECASE)


class CarrierError(ValueError):
    """A share code, briefing or PDF that carries no readable scenario (one line)."""


def is_share_code(text: str) -> bool:
    return text.strip().lower().startswith(PREFIX)


def looks_like_html(text: str) -> bool:
    return text.lstrip("\ufeff \t\r\n").startswith("<")


# ---- share codes -------------------------------------------------------------------------

def code_from_json(text: str) -> str:
    """The share code of a scenario's (minimal) JSON; CarrierError if it would be longer
    than a share code may be (``json_from_code`` would refuse it)."""
    deflater = zlib.compressobj(9, zdict=DICTIONARIES[FORMAT])
    packed = bytes([FORMAT]) + deflater.compress(text.encode("utf-8")) + deflater.flush()
    code = PREFIX + base64.urlsafe_b64encode(packed).decode("ascii").rstrip("=")
    if len(code) - len(PREFIX) > MAX_CODE_CHARS:
        raise CarrierError(f"this scenario is too large for a share code ({len(code):,} "
                           f"characters; at most {MAX_CODE_CHARS:,}): share its file instead")
    return code


def json_from_code(code: str, source: str, limit: int) -> str:
    """The scenario JSON in a share code, at most ``limit`` bytes; CarrierError if not."""
    code = code.strip()
    if not code.lower().startswith(PREFIX):
        raise CarrierError(f"{source}: a share code starts with {PREFIX!r}")
    body = code[len(PREFIX):]
    if len(body) > MAX_CODE_CHARS:
        raise CarrierError(f"{source}: {len(body):,} characters; a share code may be at most "
                           f"{MAX_CODE_CHARS:,}")
    if not body or not _BASE64URL.fullmatch(body) or len(body) % 4 == 1:
        raise CarrierError(f"{source}: not a share code (it should be {PREFIX} followed by "
                           "letters, digits, - and _); copy the whole code again")
    try:
        packed = base64.b64decode(body + "=" * (-len(body) % 4), altchars=b"-_",
                                  validate=True)
    except (binascii.Error, ValueError):
        raise CarrierError(f"{source}: not a share code; copy the whole code again") from None
    if not packed or packed[0] not in DICTIONARIES:
        raise CarrierError(f"{source}: share code of an unknown format (made by a newer "
                           "version of the app?)")
    dictionary = DICTIONARIES[packed[0]]
    inflater = zlib.decompressobj(zdict=dictionary) if dictionary else zlib.decompressobj()
    try:
        raw = inflater.decompress(packed[1:], limit + 1)
    except zlib.error:
        raise CarrierError(f"{source}: damaged share code (it does not decompress); copy the "
                           "whole code again") from None
    if len(raw) > limit:
        raise CarrierError(f"{source}: decodes to more than {limit:,} bytes; a scenario may be "
                           f"at most {limit:,}")
    if not inflater.eof:
        raise CarrierError(f"{source}: incomplete share code (cut short); copy the whole code "
                           "again")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise CarrierError(f"{source}: damaged share code (not UTF-8 text)") from None


# ---- briefings -----------------------------------------------------------------------------

ESCAPED_GROWTH = 6  # ``embeddable`` writes each <, > and & as six characters (\u003c)


def embeddable(json_text: str) -> str:
    """Scenario JSON safe inside an HTML <script> block or as a PDF attachment: ``<``, ``>``
    and ``&`` written as JSON escapes, so no ``</script>`` can end it early."""
    return json_text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def script_block(json_text: str) -> str:
    return (f'<script type="application/json" id="{SCRIPT_ID}">\n'
            f"{embeddable(json_text)}</script>")


def json_from_briefing(text: str, source: str, limit: int) -> str:
    """The scenario JSON an HTML briefing embeds; CarrierError if none, more than one, or
    too large. Read as a browser reads the page: a block inside a comment is no block, and
    a script's text runs to the first ``</script``. One pass over the text (each step moves
    past what it looked at), so hostile input costs linear time."""
    found = []
    position = 0
    while (opening := _MARKUP.search(text, position)) is not None:
        if opening.group().startswith("<!--"):
            end = text.find("-->", opening.end())
        else:
            tag_end = text.find(">", opening.end())
            closing = _SCRIPT_END.search(text, tag_end + 1) if tag_end >= 0 else None
            if closing is None:
                break  # an unclosed script runs to the end: nothing after it counts
            if _OUR_SCRIPT.match(text, opening.end(), tag_end):
                found.append(text[tag_end + 1:closing.start()])
            end = closing.start()
        if end < 0:
            break
        position = end + 1
    if not found:
        raise CarrierError(f"{source}: an HTML file without an embedded scenario; only "
                           "briefings written by this version of AI Race Planner or later "
                           "carry one")
    if len(found) > 1:
        raise CarrierError(f"{source}: {len(found)} embedded scenarios; which one is meant "
                           "cannot be told")
    embedded = found[0]
    size = len(embedded.encode("utf-8"))
    if size > limit * ESCAPED_GROWTH:
        raise CarrierError(f"{source}: the embedded scenario is {size:,} bytes; a scenario "
                           f"may be at most {limit:,} ({limit * ESCAPED_GROWTH:,} as embedded)")
    return embedded


def pdf_with_json(pdf: bytes, json_text: str) -> bytes:
    """The PDF with the scenario JSON attached as ``scenario.json``."""
    return attach(pdf, PDF_ATTACHMENT, embeddable(json_text).encode("utf-8"),
                  "application/json", PDF_DESCRIPTION)


def json_from_pdf(data: bytes, source: str, limit: int) -> str:
    """The scenario JSON a PDF briefing carries; CarrierError if none, too large or not
    text."""
    try:
        raw = read_attachment(data, PDF_ATTACHMENT, limit * ESCAPED_GROWTH)
    except AttachmentMissing:
        raise CarrierError(f"{source}: a PDF without an attached scenario; only briefings "
                           "written by this version of AI Race Planner or later carry "
                           "one") from None
    except AttachmentError as error:
        raise CarrierError(f"{source}: {error}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CarrierError(f"{source}: the attached scenario is not UTF-8 text (byte "
                           f"{error.start})") from None
