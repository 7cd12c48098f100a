"""The undo stack is plain Python: tested without a QApplication."""

from __future__ import annotations

import subprocess
import sys

import pytest

from core.common.undo import Command, ScenarioCommand, UndoStack


class Box:
    """A stand-in for the session: holds one value."""

    def __init__(self, value=0):
        self.value = value

    def apply_scenario(self, value):
        self.value = value


def set_to(box, value, key=None):
    return ScenarioCommand(box, box.value, value, f"Set to {value}", merge_key=key)


@pytest.mark.subprocess
def test_undo_module_does_not_import_qt():
    code = "import sys, core.common.undo; print('PySide6' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_push_undo_redo_walk_the_history():
    box, stack = Box(), UndoStack()
    stack.push(set_to(box, 1))
    stack.push(set_to(box, 2))
    assert box.value == 2 and stack.undo_label == "Set to 2"
    stack.undo()
    assert box.value == 1 and stack.can_redo and stack.redo_label == "Set to 2"
    stack.undo()
    assert box.value == 0 and not stack.can_undo
    stack.redo()
    stack.redo()
    assert box.value == 2 and not stack.can_redo


def test_new_command_after_undo_drops_the_redo_branch():
    box, stack = Box(), UndoStack()
    stack.push(set_to(box, 1))
    stack.undo()
    stack.push(set_to(box, 5))
    assert not stack.can_redo and box.value == 5 and len(stack) == 1


def test_same_key_commands_merge_into_one_step():
    box, stack = Box(), UndoStack()
    for value in (1, 2, 3, 4):
        stack.push(set_to(box, value, key="lever:a"))
    assert len(stack) == 1 and box.value == 4
    stack.undo()
    assert box.value == 0


def test_close_merge_starts_a_new_step():
    box, stack = Box(), UndoStack()
    stack.push(set_to(box, 1, key="a"))
    stack.close_merge()
    stack.push(set_to(box, 2, key="a"))
    assert len(stack) == 2


def test_different_keys_do_not_merge():
    box, stack = Box(), UndoStack()
    stack.push(set_to(box, 1, key="a"))
    stack.push(set_to(box, 2, key="b"))
    assert len(stack) == 2


def test_clean_mark_follows_undo_and_redo():
    box, stack = Box(), UndoStack()
    assert stack.is_clean
    stack.push(set_to(box, 1, key="a"))
    assert not stack.is_clean
    stack.set_clean()
    assert stack.is_clean
    stack.push(set_to(box, 2, key="a"))  # never merges into the saved step
    assert len(stack) == 2 and not stack.is_clean
    stack.undo()
    assert stack.is_clean
    stack.undo()
    assert not stack.is_clean
    stack.push(set_to(box, 9))  # the saved state is now unreachable
    assert not stack.is_clean
    stack.undo()
    assert not stack.is_clean


def test_set_unclean_and_clear():
    stack = UndoStack()
    stack.set_unclean()
    assert not stack.is_clean
    stack.clear()
    assert stack.is_clean and not stack.can_undo


def test_listeners_hear_every_change():
    box, stack, heard = Box(), UndoStack(), []
    stack.subscribe(lambda: heard.append(stack.undo_label))
    stack.push(set_to(box, 1))
    stack.undo()
    stack.redo()
    assert heard == ["Set to 1", "", "Set to 1"]


def test_limit_drops_the_oldest_step():
    box, stack = Box(), UndoStack(limit=3)
    for value in range(5):
        stack.push(set_to(box, value))
    assert len(stack) == 3
    for _ in range(3):
        stack.undo()
    assert box.value == 1


def test_custom_command_subclass():
    log = []

    class Append(Command):
        label = "Append"

        def do(self):
            log.append(1)

        def undo(self):
            log.pop()

    stack = UndoStack()
    stack.push(Append())
    stack.push(Append())
    assert log == [1, 1]
    stack.undo()
    assert log == [1] and stack.undo_label == "Append"
