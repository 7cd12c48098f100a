"""Each open document's autosave: a file of its own, named by a unique id, that names its owner.

A record ``<id>.json`` in ``settings.autosave_folder()`` holds the scenario, its name, the file
it belongs to (an absolute path, or None when never saved), when it was written, and the owning
process (pid, host, process start). A record whose owner is gone is an orphan: the next start
offers it for recovery. A live process's record is never touched by another process, so two
windows or two instances never delete each other's unsaved work.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from core.common.files import write_atomic
from core.formats.scenario import Scenario, parse_scenario
from desktop.state import settings

RECORD_FORMAT = "ai-race-planner autosave"
RECORD_VERSION = 1


def process_start(pid: int) -> str | None:
    """When a process started (clock ticks since boot, from /proc on Linux); None elsewhere.

    With the pid it tells a crashed owner from an unrelated process that reused its pid.
    """
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[-1].split()  # after the command name, which may hold spaces
    return fields[19] if len(fields) > 19 else None


def process_running(pid: int) -> bool:
    """True if a process with this pid exists (someone else's counts too)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":  # os.kill would terminate it there
        import ctypes

        kernel = ctypes.windll.kernel32
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return kernel.GetLastError() == 5  # access denied: it exists
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@dataclass(frozen=True)
class Owner:
    """The process that writes an autosave record."""

    pid: int
    host: str
    started: str | None

    @classmethod
    def current(cls) -> Owner:
        return cls(os.getpid(), socket.gethostname(), process_start(os.getpid()))

    def alive(self) -> bool:
        """Whether the owner may still be running. Another host's process cannot be checked,
        so its records count as live (left alone) rather than stolen."""
        if self.host != socket.gethostname():
            return True
        if not process_running(self.pid):
            return False
        now = process_start(self.pid)
        return self.started is None or now is None or now == self.started

    def as_dict(self) -> dict:
        return {"pid": self.pid, "host": self.host, "started": self.started}


@dataclass(frozen=True)
class Orphan:
    """An autosave record whose owner is gone: work to offer for recovery."""

    record: Path
    name: str
    file: Path | None
    saved_at: datetime
    scenario_data: dict
    file_digest: str | None  # the file's content the work started from, to spot later edits

    def describe(self) -> str:
        """One line for the recovery prompt: name, file (or unsaved), when it was autosaved."""
        when = self.saved_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        return f"{self.name} — {self.file or 'unsaved'} — autosaved {when}"

    def scenario(self) -> Scenario:
        """The autosaved scenario; raises ScenarioError if the record is damaged."""
        return parse_scenario(json.dumps(self.scenario_data), str(self.record))


def _read(record: Path) -> dict | None:
    """The record's data if it is one of ours; None if unreadable (maybe being written)."""
    data = settings.read_profile_json(record)
    if not (isinstance(data, dict) and data.get("format") == RECORD_FORMAT
            and isinstance(data.get("owner"), dict) and isinstance(data.get("scenario"), dict)):
        return None
    return data


MAX_PID = 2**31 - 1  # larger than any system's process ids


def _owner(data: dict) -> Owner:
    """The record's owner; ValueError if the record names none that can exist."""
    owner = data["owner"]
    pid, host, started = owner.get("pid"), owner.get("host"), owner.get("started")
    if not (isinstance(pid, int) and 0 < pid <= MAX_PID and isinstance(host, str)):
        raise ValueError(f"no process has the owner's id {str(pid)[:20]}")
    return Owner(pid, host, started if isinstance(started, str) else None)


def _orphan(record: Path, data: dict) -> Orphan:
    """The orphan a record describes; ValueError naming a field no recovery can use."""
    file = data.get("file")
    try:
        saved_at = datetime.fromisoformat(data.get("saved_at", ""))
    except (TypeError, ValueError):
        saved_at = datetime.fromtimestamp(record.stat().st_mtime, UTC)
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=UTC)
    try:
        saved_at.astimezone()  # shown in local time: a date at the calendar's edge cannot be
    except (OverflowError, ValueError):
        raise ValueError(f"its date {data.get('saved_at')} cannot be shown") from None
    if isinstance(file, str) and not settings.usable_path(file):
        raise ValueError("the file it names is not a usable path")
    name = data.get("name") if isinstance(data.get("name"), str) else "(unnamed)"
    digest = data.get("file_digest")
    return Orphan(record, name, Path(file) if isinstance(file, str) else None, saved_at,
                  data["scenario"], digest if isinstance(digest, str) else None)


def orphans() -> list[Orphan]:
    """Every autosave whose owning process is gone, newest first. A record no recovery can
    use is set aside (``settings.set_aside``) and named in one line."""
    found = []
    for record in settings.autosave_folder().glob("*.json"):
        data = _read(record)
        if data is None:
            continue  # unreadable (maybe being written): not ours to touch
        try:
            owner = _owner(data)
            if owner.alive():
                continue  # a live window's record is never touched
            found.append(_orphan(record, data))
        except ValueError as error:
            settings.set_aside(record, f"damaged autosave record: {error}")
        except OSError:
            continue
    return sorted(found, key=lambda orphan: orphan.saved_at, reverse=True)


def discard(orphan: Orphan) -> None:
    """Delete an orphan the user chose not to restore."""
    with contextlib.suppress(OSError):
        orphan.record.unlink()


class AutosaveSlot:
    """One document's autosave record: created on the first write, removed once saved."""

    def __init__(self) -> None:
        self.record: Path | None = None

    def write(self, scenario: Scenario, file: Path | None, file_digest: str | None) -> None:
        """Write the record atomically (core.common.files.write_atomic); raises OSError."""
        if self.record is None:
            self.record = settings.autosave_folder() / f"{uuid.uuid4().hex}.json"
        data = {
            "format": RECORD_FORMAT, "version": RECORD_VERSION,
            "owner": Owner.current().as_dict(),
            "name": scenario.name, "file": str(file) if file else None,
            "file_digest": file_digest,
            "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "scenario": json.loads(scenario.to_json()),
        }
        write_atomic(self.record, json.dumps(data, indent=1) + "\n")

    def remove(self) -> None:
        if self.record is not None:
            with contextlib.suppress(OSError):
                self.record.unlink()
            self.record = None

    def adopt(self, orphan: Orphan, scenario: Scenario) -> bool:
        """Take over an orphan: write it as this process's record, then delete the old one.

        Two instances adopting the same orphan both write a copy, but only one deletes the
        original; the other drops its copy and returns False. No work is lost either way.
        """
        self.remove()
        try:
            self.write(scenario, orphan.file, orphan.file_digest)
        except OSError:
            return True  # no copy could be written: the original stays where it is
        try:
            orphan.record.unlink()
        except FileNotFoundError:
            self.remove()
            return False
        except OSError:
            pass
        return True
