"""Undo and redo as plain Python: command objects with ``do``/``undo``/``label`` on a stack.

Nothing here imports Qt (as glue's ``core/command.py``); the window only mirrors
``can_undo``/``undo_label`` onto its menu. Consecutive commands with the same merge key
collapse into one step (Qt's ``QUndoCommand.mergeWith``), so one slider drag is one undo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol


class Command:
    """One user action. ``do`` applies it, ``undo`` takes it back; ``label`` names it."""

    label: str = "Change"

    def do(self) -> None:
        raise NotImplementedError

    def undo(self) -> None:
        raise NotImplementedError

    def merge_with(self, other: Command) -> bool:
        """Absorb ``other`` (already done) into this command; True if it did."""
        return False


class ScenarioTarget(Protocol):
    def apply_scenario(self, scenario: Any) -> None: ...


class ScenarioCommand(Command):
    """Replace the whole scenario (immutable pydantic values make this cheap and exact)."""

    def __init__(self, target: ScenarioTarget, before: Any, after: Any, label: str,
                 merge_key: str | None = None):
        self.target = target
        self.before = before
        self.after = after
        self.label = label
        self.merge_key = merge_key

    def do(self) -> None:
        self.target.apply_scenario(self.after)

    def undo(self) -> None:
        self.target.apply_scenario(self.before)

    def merge_with(self, other: Command) -> bool:
        if (isinstance(other, ScenarioCommand) and self.merge_key is not None
                and other.merge_key == self.merge_key and other.target is self.target):
            self.after = other.after
            return True
        return False


class UndoStack:
    """Done and undone commands, a clean mark (the state last saved) and change listeners."""

    def __init__(self, limit: int = 1000):
        self._done: list[Command] = []
        self._undone: list[Command] = []
        self._clean_index: int | None = 0
        self._merge_open = True
        self._limit = limit
        self._listeners: list[Callable[[], None]] = []

    # -- listening -----------------------------------------------------------------------
    def subscribe(self, callback: Callable[[], None]) -> None:
        self._listeners.append(callback)

    def _notify(self) -> None:
        for callback in list(self._listeners):
            callback()

    # -- actions ---------------------------------------------------------------------------
    def push(self, command: Command) -> None:
        """Do ``command`` and record it, merging into the previous step where allowed."""
        command.do()
        self._undone.clear()
        if self._clean_index is not None and self._clean_index > len(self._done):
            self._clean_index = None  # the saved state was on the redo branch: unreachable
        top_is_clean = self._clean_index == len(self._done)
        if (self._done and self._merge_open and not top_is_clean
                and self._done[-1].merge_with(command)):
            pass
        else:
            self._done.append(command)
            if len(self._done) > self._limit:
                self._done.pop(0)
                if self._clean_index is not None:
                    self._clean_index = self._clean_index - 1 if self._clean_index > 0 else None
        self._merge_open = True
        self._notify()

    def undo(self) -> None:
        if not self._done:
            return
        command = self._done.pop()
        command.undo()
        self._undone.append(command)
        self._merge_open = False
        self._notify()

    def redo(self) -> None:
        if not self._undone:
            return
        command = self._undone.pop()
        command.do()
        self._done.append(command)
        self._merge_open = False
        self._notify()

    def close_merge(self) -> None:
        """The next command starts a new step even if it could merge (a slider released)."""
        self._merge_open = False

    def clear(self) -> None:
        self._done.clear()
        self._undone.clear()
        self._clean_index = 0
        self._merge_open = True
        self._notify()

    def set_unclean(self) -> None:
        """No reachable state is saved (e.g. recovered work that was never saved)."""
        self._clean_index = None
        self._notify()

    def set_clean(self) -> None:
        self._clean_index = len(self._done)
        self._merge_open = False
        self._notify()

    # -- state -----------------------------------------------------------------------------
    @property
    def is_clean(self) -> bool:
        return self._clean_index == len(self._done)

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    @property
    def undo_label(self) -> str:
        return self._done[-1].label if self._done else ""

    @property
    def redo_label(self) -> str:
        return self._undone[-1].label if self._undone else ""

    def __len__(self) -> int:
        return len(self._done)
