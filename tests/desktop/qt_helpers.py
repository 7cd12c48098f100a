"""Small helpers the desktop tests share: find a control by its objectName, settle updates."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget


def find(window, cls, name: str):
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name!r}"
    return widget


def settle(window) -> None:
    """Let the coalesced recompute run and its redraws land."""
    QApplication.processEvents()
    window.session.flush()
    QApplication.processEvents()


def plot(window, output_id: str):
    return find(window, QWidget, f"plot:{output_id}")
