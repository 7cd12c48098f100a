"""Small dialogs shared by the main window and presenter mode."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
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
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        layout.addWidget(label)
        self.list = QListWidget(self)
        for item_id, text in items:
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, item_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if item_id in current
                               else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout.addWidget(self.list)
        self.buttons = ok_cancel_buttons(self, self.accept)
        layout.addWidget(self.buttons)

    def chosen(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())
                if self.list.item(i).checkState() == Qt.CheckState.Checked]


class RecoveryDialog(ChecklistDialog):
    """Work left by windows that ended without saving: restore the ticked ones (each in a
    window of its own), discard the rest, or decide at the next start."""

    def __init__(self, items: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__(
            "Recover unsaved work",
            "These windows ended without saving their changes. Ticked ones open again, each "
            "in its own window, with their changes unsaved; unticked ones are deleted. "
            "“Decide later” keeps them all for the next start.",
            items, [item_id for item_id, _ in items], parent)
        self.resize(760, 360)
        self.setObjectName("recovery_dialog")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Restore ticked")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Decide later")
        discard = self.buttons.addButton("Discard all",
                                         QDialogButtonBox.ButtonRole.DestructiveRole)
        discard.setObjectName("discard_all")
        discard.clicked.connect(self.discard_all)

    def discard_all(self) -> None:
        for index in range(self.list.count()):
            self.list.item(index).setCheckState(Qt.CheckState.Unchecked)
        self.accept()


class ChoiceDialog(QDialog):
    """A question with one button per answer; ``choice()`` is the answer clicked. Enter
    picks ``default``; Esc cancels (no answer)."""

    def __init__(self, title: str, text: str, choices: list[tuple[str, str]],
                 default: str | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._choice: str | None = None
        layout = QVBoxLayout(self)
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setMinimumWidth(460)
        layout.addWidget(label)
        row = QHBoxLayout()
        row.addStretch(1)
        for answer, caption in choices:
            button = QPushButton(caption, self)
            button.setObjectName(f"choice:{answer}")
            button.clicked.connect(lambda _checked=False, a=answer: self._choose(a))
            button.setDefault(answer == default)
            button.setAutoDefault(answer == default)
            row.addWidget(button)
        layout.addLayout(row)

    def _choose(self, answer: str) -> None:
        self._choice = answer
        self.accept()

    def choice(self) -> str | None:
        return self._choice
