"""A file attached to a PDF (an embedded file, as PDF readers list under "Attachments").

``attach`` appends an incremental update to a finished PDF (the bytes before it stay as they
are): an EmbeddedFile stream, a file specification (``/AFRelationship /Source``: the data the
document was made from), a ``/Names /EmbeddedFiles`` name tree, the catalog again with those
added, and a new cross-reference section whose trailer points back (``/Prev``) to the old one.
``read_attachment`` reads it back with pypdf, a maintained PDF library, so a briefing
rewritten by another tool (qpdf, pypdf, a viewer's "save as") still reopens, and checks it
against the MD5 checksum written beside it (a damaged copy is refused).

The small parser here serves ``attach`` only: it reads the trailer and catalog of the PDF
Qt's writer has just made (classic cross-reference tables, direct objects), bounded in depth
and size, and raises ``AttachmentError`` (one line) for anything else.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import warnings
from dataclasses import dataclass

from pypdf import PdfReader

logging.getLogger("pypdf").addHandler(logging.NullHandler())  # damage is said in one line
logging.getLogger("pypdf").propagate = False

MAX_DEPTH = 32  # nested arrays and dictionaries; our objects nest 4 deep
MAX_XREF_SECTIONS = 64  # incremental updates followed through /Prev


class AttachmentError(ValueError):
    """A PDF without the attachment asked for, or one this reader cannot follow."""


class AttachmentMissing(AttachmentError):
    """A readable PDF without the file asked for."""


class Name(str):
    """A PDF name, without its slash (``/Type`` is ``Name("Type")``)."""


@dataclass(frozen=True)
class Ref:
    number: int
    generation: int = 0


@dataclass(frozen=True)
class Stream:
    info: dict
    start: int  # offset of the stream's first byte in the file


_WHITESPACE = b" \t\r\n\f\x00"
_DELIMITERS = b"()<>[]{}/%"
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_REF_TAIL = re.compile(rb"\s+(\d+)\s+R(?![A-Za-z0-9])")
_NAME = re.compile(rb"/([^\s()<>\[\]{}/%]*)")
_KEYWORD = re.compile(rb"[A-Za-z]+")
_OBJ_HEAD = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj(?![A-Za-z])")
_OBJ_ANYWHERE = re.compile(rb"(?<![0-9])(\d+)\s+(\d+)\s+obj(?![A-Za-z])")
_XREF_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])")
_ESCAPES = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f",
            b"(": b"(", b")": b")", b"\\": b"\\"}


# ---- reading objects -----------------------------------------------------------------------

class _Parser:
    def __init__(self, data: bytes):
        self.data = data

    def skip(self, pos: int) -> int:
        data, size = self.data, len(self.data)
        while pos < size:
            if data[pos] in _WHITESPACE:
                pos += 1
            elif data[pos] == 0x25:  # % comment to the end of the line
                while pos < size and data[pos] not in b"\r\n":
                    pos += 1
            else:
                break
        return pos

    def value(self, pos: int, depth: int = 0):
        """(value, position after it) of the object starting at or after ``pos``."""
        if depth > MAX_DEPTH:
            raise AttachmentError("damaged PDF (objects nested too deeply)")
        data = self.data
        pos = self.skip(pos)
        if pos >= len(data):
            raise AttachmentError("damaged PDF (cut short)")
        head = data[pos:pos + 2]
        if head == b"<<":
            return self._dictionary(pos + 2, depth)
        if head[:1] == b"[":
            items, pos = [], pos + 1
            while True:
                pos = self.skip(pos)
                if data[pos:pos + 1] == b"]":
                    return items, pos + 1
                item, pos = self.value(pos, depth + 1)
                items.append(item)
        if head[:1] == b"(":
            return self._literal(pos + 1)
        if head[:1] == b"<":
            end = data.find(b">", pos)
            if end < 0:
                raise AttachmentError("damaged PDF (a hex string is not closed)")
            digits = re.sub(rb"\s", b"", data[pos + 1:end])
            try:
                return bytes.fromhex((digits + b"0" * (len(digits) % 2)).decode("ascii")), end + 1
            except ValueError:
                raise AttachmentError("damaged PDF (bad hex string)") from None
        if head[:1] == b"/":
            match = _NAME.match(data, pos)
            return Name(match.group(1).decode("latin-1")), match.end()
        match = _NUMBER.match(data, pos)
        if match:
            text = match.group()
            if b"." not in text:
                ref = _REF_TAIL.match(data, match.end())
                if ref:
                    return Ref(int(text), int(ref.group(1))), ref.end()
                return int(text), match.end()
            return float(text), match.end()
        match = _KEYWORD.match(data, pos)
        if match and match.group() in (b"true", b"false", b"null"):
            return {b"true": True, b"false": False, b"null": None}[match.group()], match.end()
        raise AttachmentError(f"damaged PDF (unexpected {data[pos:pos + 12]!r} at byte {pos})")

    def _dictionary(self, pos: int, depth: int):
        data, entries = self.data, {}
        while True:
            pos = self.skip(pos)
            if data[pos:pos + 2] == b">>":
                return entries, pos + 2
            key, pos = self.value(pos, depth + 1)
            if not isinstance(key, Name):
                raise AttachmentError(f"damaged PDF (a dictionary key at byte {pos} is not a "
                                      "name)")
            entries[key], pos = self.value(pos, depth + 1)

    def _literal(self, pos: int):
        data, out, level = self.data, bytearray(), 1
        while pos < len(data):
            char = data[pos:pos + 1]
            if char == b"\\":
                following = data[pos + 1:pos + 2]
                octal = re.match(rb"[0-7]{1,3}", data[pos + 1:pos + 4])
                if octal:
                    out.append(int(octal.group(), 8) & 0xFF)
                    pos += 1 + len(octal.group())
                    continue
                if following in b"\r\n":  # a line continuation
                    pos += 3 if data[pos + 1:pos + 3] == b"\r\n" else 2
                    continue
                out += _ESCAPES.get(following, following)
                pos += 2
                continue
            if char == b"(":
                level += 1
            elif char == b")":
                level -= 1
                if level == 0:
                    return bytes(out), pos + 1
            out += char
            pos += 1
        raise AttachmentError("damaged PDF (a string is not closed)")


class _Document:
    """A PDF's objects by number, from its cross-reference tables (newest first)."""

    def __init__(self, data: bytes):
        if not data.startswith(b"%PDF-"):
            raise AttachmentError("not a PDF file")
        self.data = data
        self.parser = _Parser(data)
        self.offsets: dict[int, int] = {}
        self.trailer: dict = {}
        self.startxref = self._startxref()
        self.scanned = False  # True: offsets found by scanning, the tables being unusable
        try:
            self._read_xref_chain(self.startxref)
        except (AttachmentError, IndexError):
            self._scan_objects()  # tolerant: no usable table, so the last definition wins
        if "Root" not in self.trailer:
            raise AttachmentError("damaged PDF (no document catalog)")
        if "Encrypt" in self.trailer:
            raise AttachmentError("an encrypted PDF; its attachments cannot be read")

    def _startxref(self) -> int:
        at = self.data.rfind(b"startxref", max(0, len(self.data) - 2048))
        match = re.match(rb"startxref\s+(\d+)", self.data[at:at + 40]) if at >= 0 else None
        if match is None:
            raise AttachmentError("damaged PDF (no startxref at its end; cut short?)")
        return int(match.group(1))

    def _read_xref_chain(self, offset: int) -> None:
        seen = set()
        while offset is not None:
            if offset in seen or len(seen) >= MAX_XREF_SECTIONS or offset >= len(self.data):
                raise AttachmentError("damaged PDF (cross-reference chain)")
            seen.add(offset)
            pos = self.parser.skip(offset)
            if not self.data.startswith(b"xref", pos):
                raise AttachmentError("a cross-reference stream (not written by this app)")
            pos += 4
            while True:
                pos = self.parser.skip(pos)
                header = re.match(rb"(\d+)\s+(\d+)", self.data[pos:pos + 40])
                if header is None:
                    break
                first, count = int(header.group(1)), int(header.group(2))
                pos += header.end()
                for number in range(first, first + count):
                    pos = self.parser.skip(pos)
                    entry = _XREF_ENTRY.match(self.data, pos)
                    if entry is None:
                        raise AttachmentError("damaged PDF (cross-reference entry)")
                    pos = entry.end()
                    if entry.group(3) == b"n":
                        self.offsets.setdefault(number, int(entry.group(1)))
            if not self.data.startswith(b"trailer", pos):
                raise AttachmentError("damaged PDF (no trailer)")
            trailer, _ = self.parser.value(pos + 7)
            if not isinstance(trailer, dict):
                raise AttachmentError("damaged PDF (the trailer is not a dictionary)")
            for key, value in trailer.items():
                self.trailer.setdefault(key, value)
            previous = trailer.get("Prev")
            offset = previous if isinstance(previous, int) else None

    def _scan_objects(self) -> None:
        self.scanned = True
        self.offsets = {int(m.group(1)): m.start() for m in _OBJ_ANYWHERE.finditer(self.data)}
        at = self.data.rfind(b"trailer")
        if at < 0:
            raise AttachmentError("damaged PDF (no trailer)")
        self.trailer, _ = self.parser.value(at + 7)
        if not isinstance(self.trailer, dict):
            raise AttachmentError("damaged PDF (the trailer is not a dictionary)")

    def object(self, ref: Ref):
        """The object a reference names (a Stream for a stream object)."""
        offset = self.offsets.get(ref.number)
        if offset is None:
            raise AttachmentError(f"damaged PDF (object {ref.number} is missing)")
        head = _OBJ_HEAD.match(self.data, offset)
        if head is None or int(head.group(1)) != ref.number:
            raise AttachmentError(f"damaged PDF (object {ref.number} is not where the "
                                  "cross-reference table says)")
        value, pos = self.parser.value(head.end())
        pos = self.parser.skip(pos)
        if isinstance(value, dict) and self.data.startswith(b"stream", pos):
            pos += 6
            pos += 2 if self.data.startswith(b"\r\n", pos) else 1
            return Stream(value, pos)
        return value

    def resolve(self, value, depth: int = 0):
        while isinstance(value, Ref):
            depth += 1
            if depth > MAX_DEPTH:
                raise AttachmentError("damaged PDF (a reference loop)")
            value = self.object(value)
        return value


def read_attachment(pdf: bytes, filename: str, limit: int) -> bytes:
    """The bytes of the one file attached under ``filename``, read with pypdf (any
    writer's layout: cross-reference streams, object streams, rewritten by another tool).
    AttachmentMissing if the PDF has none; AttachmentError (one line) if it is damaged, if
    two files carry that name (which one is meant cannot be told), or if the file is larger
    than ``limit`` bytes or does not match its checksum."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a damaged file is answered below, in one line
        try:
            reader = PdfReader(io.BytesIO(pdf), strict=True)
            found = [attached for attached in reader.attachment_list
                     if attached.name == filename]
            if len(found) > 1:
                raise AttachmentError(f"{len(found)} files are attached as {filename}; "
                                      "which one is the scenario cannot be told")
            if not found:
                raise AttachmentMissing(f"no attached {filename}")
            data, checksum = found[0].content, found[0].checksum
            checksum = getattr(checksum, "original_bytes", checksum)  # a text string's bytes
        except AttachmentError:
            raise
        except Exception as error:  # pypdf's many kinds, one answer: the file is damaged
            raise AttachmentError(_damage(pdf, error)) from None
    if len(data) > limit:
        raise AttachmentError(f"the attached {filename} is more than {limit:,} bytes; at "
                              f"most {limit:,} may be")
    if isinstance(checksum, bytes) and checksum != hashlib.md5(data).digest():
        raise AttachmentError(f"damaged PDF (the attached {filename} does not match its "
                              "checksum)")
    return data


def _damage(pdf: bytes, error: Exception) -> str:
    """What is wrong with a PDF pypdf could not read, in words."""
    if b"%PDF-" not in pdf[:1024]:
        return "not a PDF file (it does not start with %PDF-)"
    if b"%%EOF" not in pdf[-1024:]:
        return "damaged PDF (cut short: no end-of-file marker)"
    reason = str(error).splitlines()[0][:200] if str(error) else type(error).__name__
    return f"damaged PDF ({reason})"


# ---- writing -------------------------------------------------------------------------------

def _literal(text: bytes) -> bytes:
    out = bytearray(b"(")
    for byte in text:
        if byte in b"()\\":
            out += b"\\" + bytes([byte])
        elif 32 <= byte < 127:
            out.append(byte)
        else:
            out += b"\\%03o" % byte
    return bytes(out + b")")


def _text(text: str) -> bytes:
    """A PDF text string: ASCII as is, anything else as UTF-16 with a byte-order mark."""
    return text.encode("ascii") if text.isascii() else b"\xfe\xff" + text.encode("utf-16-be")


def serialise(value) -> bytes:
    """PDF syntax for a value read by this module's parser (or built of the same types)."""
    if isinstance(value, Name):
        return b"/" + value.encode("latin-1")
    if isinstance(value, Ref):
        return b"%d %d R" % (value.number, value.generation)
    if isinstance(value, bool):
        return b"true" if value else b"false"
    if value is None:
        return b"null"
    if isinstance(value, int):
        return b"%d" % value
    if isinstance(value, float):
        return (f"{value:.6f}".rstrip("0").rstrip(".") or "0").encode("ascii")
    if isinstance(value, bytes):
        return _literal(value)
    if isinstance(value, str):
        return _literal(_text(value))
    if isinstance(value, list):
        return b"[" + b" ".join(serialise(item) for item in value) + b"]"
    if isinstance(value, dict):
        return (b"<<" + b"".join(b" /" + key.encode("latin-1") + b" " + serialise(item)
                                 for key, item in value.items()) + b" >>")
    raise TypeError(f"no PDF form for {type(value).__name__}")


def _xref_section(offsets: dict[int, tuple[int, int]]) -> bytes:
    """A cross-reference section for the objects (re)defined, {number: (offset,
    generation)}: one subsection per run of consecutive numbers."""
    lines, numbers = [b"xref", b"0 1", b"0000000000 65535 f "], sorted(offsets)
    run: list[int] = []
    for number in [*numbers, None]:
        if run and (number is None or number != run[-1] + 1):
            lines.append(b"%d %d" % (run[0], len(run)))
            lines += [b"%010d %05d n " % offsets[n] for n in run]
            run = []
        if number is not None:
            run.append(number)
    return b"\n".join(lines) + b"\n"


def attach(pdf: bytes, filename: str, payload: bytes, mime: str = "application/json",
           description: str = "") -> bytes:
    """The PDF with ``payload`` attached as ``filename``, by an incremental update."""
    document = _Document(pdf)
    if document.scanned:
        raise AttachmentError("damaged PDF (its cross-reference table cannot be read)")
    root = document.trailer["Root"]
    catalog = document.resolve(root)
    if not isinstance(root, Ref) or not isinstance(catalog, dict):
        raise AttachmentError("damaged PDF (no document catalog)")
    size = max(int(document.trailer.get("Size", 0)), max(document.offsets, default=0) + 1)
    embedded, spec, names = Ref(size), Ref(size + 1), Ref(size + 2)
    old_names = document.resolve(catalog.get("Names"))
    names_dict = dict(old_names) if isinstance(old_names, dict) else {}
    names_dict[Name("EmbeddedFiles")] = {Name("Names"): [_text(filename), spec]}
    catalog = {**catalog, Name("Names"): names, Name("AF"): [spec]}
    subtype = "".join(c if c.isalnum() else f"#{ord(c):02X}" for c in mime)
    stream_info = {Name("Type"): Name("EmbeddedFile"), Name("Subtype"): Name(subtype),
                   Name("Length"): len(payload),
                   Name("Params"): {Name("Size"): len(payload),
                                    Name("CheckSum"): hashlib.md5(payload).digest()}}
    spec_dict = {Name("Type"): Name("Filespec"), Name("F"): _text(filename),
                 Name("UF"): _text(filename), Name("Desc"): _text(description),
                 Name("AFRelationship"): Name("Source"),
                 Name("EF"): {Name("F"): embedded, Name("UF"): embedded}}
    bodies = {
        embedded.number: serialise(stream_info) + b"\nstream\n" + payload + b"\nendstream",
        spec.number: serialise(spec_dict),
        names.number: serialise(names_dict),
        root.number: serialise(catalog),
    }
    out = bytearray(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for number, body in bodies.items():
        generation = root.generation if number == root.number else 0
        offsets[number] = (len(out), generation)
        out += b"%d %d obj\n" % (number, generation) + body + b"\nendobj\n"
    xref_at = len(out)
    trailer = {key: value for key, value in document.trailer.items()
               if key in ("Info", "ID")}
    trailer = {Name("Size"): size + 3, Name("Root"): root, **trailer,
               Name("Prev"): document.startxref}
    out += _xref_section(offsets) + b"trailer\n" + serialise(trailer)
    out += b"\nstartxref\n%d\n%%%%EOF\n" % xref_at
    return bytes(out)
