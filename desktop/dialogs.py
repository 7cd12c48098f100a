"""Small dialogs shared by the main window and presenter mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

Answer = TypeVar("Answer")


def ask(dialog: QDialog, answer: Callable[[QDialog], Answer]) -> Answer | None:
    """Run a dialog modally (Qt's exec: an event loop, not code execution); its answer if
    accepted, None if cancelled. The dialog is deleted either way."""
    try:
        return answer(dialog) if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()


def ok_cancel_buttons(dialog: QDialog, on_ok: Callable[[], None]) -> QDialogButtonBox:
    """The OK/Cancel row every form here ends with."""
    buttons = QDialogButtonBox(
        QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.accepted.connect(on_ok)
    buttons.rejected.connect(dialog.reject)
    return buttons


class ChecklistDialog(QDialog):
    """A checkable list of (id, text) items; ``chosen()`` gives the checked ids in order."""

    def __init__(self, title: str, prompt: str, items: list[tuple[str, str]],
                 current: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(460, 560)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(prompt, self))
        self.list = QListWidget(self)
        for item_id, text in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if item_id in current
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list)
        layout.addWidget(ok_cancel_buttons(self, self.accept))

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]
