"""Small dialogs shared by the main window and presenter mode, and the window's notice bar."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.engine.events import MAX_RATIONALE, MAX_SOURCE
from core.formats.scenario import MAX_AUTHOR, MAX_DESCRIPTION, MAX_NAME

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
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    ok.setObjectName("dialog:ok")
    ok.setAccessibleDescription("Use what this form says and close it")
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setObjectName("dialog:cancel")
    cancel.setAccessibleDescription("Close this form without changing anything")
    return buttons


def evidence_icon(widget: QWidget) -> QIcon:
    """The mark of a value or an event that carries a rationale and source (the style's
    information icon: a symbol font may lack a glyph such as ⓘ)."""
    return widget.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)


def evidence_html(heading: str, rationale: str, source: str) -> str:
    """A tooltip's paragraph of evidence ('' when there is none), its text escaped."""
    if not (rationale or source):
        return ""
    text = f"<br><br><b>{heading}</b>"
    if rationale:
        text += "<br>" + html.escape(rationale).replace("\n", "<br>")
    if source:
        text += f"<br><i>Source:</i> {html.escape(source)}"
    return text


class EvidenceFields:
    """A rationale (several lines) and a source (one line) added to a form: why a value or
    an event is in the scenario, and where that comes from."""

    def __init__(self, form: QFormLayout, rationale: str, source: str, what: str,
                 parent: QWidget):
        self.rationale = QPlainTextEdit(rationale, parent)
        self.rationale.setObjectName("evidence:rationale")
        self.rationale.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.rationale.setPlaceholderText("Why this value: the reasoning, in a sentence or two")
        self.rationale.setMaximumHeight(90)
        self.rationale.setAccessibleName("Rationale")
        self.rationale.setAccessibleDescription(
            f"Why {what} (free text, at most {MAX_RATIONALE:,} characters); shown in "
            "tooltips, the compare table and the briefing")
        self.source = QLineEdit(source, parent)
        self.source.setObjectName("evidence:source")
        self.source.setMaxLength(MAX_SOURCE)
        self.source.setPlaceholderText("A citation or a link")
        self.source.setAccessibleName("Source")
        self.source.setAccessibleDescription(
            f"Where the evidence for {what} comes from: a citation or a link "
            f"(at most {MAX_SOURCE} characters)")
        rationale_label = QLabel("&Rationale", parent)
        rationale_label.setBuddy(self.rationale)
        source_label = QLabel("&Source", parent)
        source_label.setBuddy(self.source)
        form.addRow(rationale_label, self.rationale)
        form.addRow(source_label, self.source)

    def texts(self) -> tuple[str, str]:
        """(rationale, source) as typed, without surrounding blanks."""
        return self.rationale.toPlainText().strip(), self.source.text().strip()

    def problem(self) -> str:
        """What is wrong with the texts ('' if nothing)."""
        rationale, _ = self.texts()
        if len(rationale) > MAX_RATIONALE:
            return (f"The rationale is {len(rationale):,} characters long; at most "
                    f"{MAX_RATIONALE:,} fit. Shorten it or move detail to the source.")
        return ""


class EvidenceDialog(QDialog):
    """Rationale and source of one lever's value; clearing both removes them."""

    def __init__(self, title: str, rationale: str, source: str,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("evidence_dialog")
        self.setWindowTitle(f"Rationale and source: {title}")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        intro = QLabel(f"Why does “{title}” have this value in this scenario, and where does "
                       "that come from? Both are saved with the scenario and shown in the "
                       "lever's tooltip, the compare table and the briefing. Clear both to "
                       "remove them.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.fields = EvidenceFields(form, rationale, source, f"{title} has this value", self)
        self.error = QLabel("", self)
        self.error.setObjectName("evidence:error")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, self._accept))

    def texts(self) -> tuple[str, str]:
        return self.fields.texts()

    def _accept(self) -> None:
        problem = self.fields.problem()
        if problem:
            self.error.setText(problem)
            return
        self.accept()


class ScenarioDetailsDialog(QDialog):
    """Edit > Scenario details…: the name, description and author a scenario carries into
    the window title, compare, the briefing and its file. ``offer`` is the line saying why
    the form comes up on its own (saving or exporting a changed bundled scenario)."""

    def __init__(self, name: str, description: str, author: str, offer: str = "",
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("details_dialog")
        self.setWindowTitle("Scenario details")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if offer:
            intro = QLabel(offer, self)
            intro.setObjectName("details:offer")
            intro.setWordWrap(True)
            layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.name = QLineEdit(name, self)
        self.name.setObjectName("details:name")
        self.name.setMaxLength(MAX_NAME)
        self.description = QPlainTextEdit(description, self)
        self.description.setObjectName("details:description")
        self.description.setTabChangesFocus(True)
        self.description.setPlaceholderText("What this scenario asks, in a sentence or two")
        self.author = QLineEdit(author, self)
        self.author.setObjectName("details:author")
        self.author.setMaxLength(MAX_AUTHOR)
        self.author.setPlaceholderText("You, your team or your organisation")
        for text, field, description in (
                ("&Name", self.name, "The scenario's title (required)"),
                ("&Description", self.description, "What the scenario asks"),
                ("&Author", self.author, "Who wrote it")):
            label = QLabel(text, self)
            label.setBuddy(field)
            field.setAccessibleName(text.replace("&", ""))
            field.setAccessibleDescription(description)
            form.addRow(label, field)
        self.error = QLabel("", self)
        self.error.setObjectName("details:error")
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, self._accept))
        self.name.selectAll()
        self.name.setFocus()

    def details(self) -> tuple[str, str, str]:
        """(name, description, author) as typed, without surrounding blanks."""
        return (self.name.text().strip(), self.description.toPlainText().strip(),
                self.author.text().strip())

    def _accept(self) -> None:
        name, description, _author = self.details()
        if not name:
            self.error.setText("A scenario needs a name.")
        elif len(description) > MAX_DESCRIPTION:
            self.error.setText(f"The description is {len(description):,} characters long; "
                               f"at most {MAX_DESCRIPTION:,} fit.")
        else:
            self.accept()


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
        self.list.setAccessibleName(title)
        self.list.setAccessibleDescription(prompt)
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
        discard.setAccessibleDescription("Delete every listed piece of unsaved work")
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
            button.setAccessibleDescription(f"An answer to: {text.split(chr(10))[0]}")
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


class NoticeBar(QFrame):
    """A non-modal information bar at the top of a window: a message, a "Details" button that
    shows or hides a list of details below it, and a close button. Hidden until ``show_notice``.
    """

    STYLE = ("QFrame#notice_bar { background: #e8f0fe; border: 1px solid #9ab6e8; "
             "border-radius: 3px; } QFrame#notice_bar QLabel { color: #1e3a6e; }")

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("notice_bar")
        self.setStyleSheet(self.STYLE)
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 4, 4, 4)
        column.setSpacing(2)
        row = QHBoxLayout()
        self.message = QLabel("", self)
        self.message.setObjectName("notice_bar:message")
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        self.details_button = QPushButton("Details", self)
        self.details_button.setObjectName("notice_bar:details")
        self.details_button.setCheckable(True)
        self.details_button.toggled.connect(self._show_details)
        self.details_button.setAccessibleDescription("Show or hide the details of this "
                                                     "notice")
        metrics = self.details_button.fontMetrics()  # room for the longer of its two texts
        self.details_button.setMinimumWidth(metrics.horizontalAdvance("Hide details") + 24)
        row.addWidget(self.details_button)
        self.close_button = QToolButton(self)
        self.close_button.setObjectName("notice_bar:close")
        self.close_button.setText("×")
        self.close_button.setToolTip("Dismiss")
        self.close_button.setAccessibleName("Dismiss notice")
        self.close_button.setAutoRaise(True)
        self.close_button.clicked.connect(self.dismiss)
        row.addWidget(self.close_button)
        column.addLayout(row)
        self.details = QLabel("", self)
        self.details.setObjectName("notice_bar:details_text")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.hide()
        column.addWidget(self.details)
        self.hide()

    def show_notice(self, message: str, details: list[str]) -> None:
        """Show ``message``; ``details`` (one line each) behind the Details button."""
        self.message.setText(message)
        items = "".join(f"<li>{_escape(line)}</li>" for line in details)
        self.details.setText(f"<ul style='margin: 0'>{items}</ul>")
        self.details_button.setVisible(bool(details))
        self.details_button.setChecked(False)
        self.show()

    def dismiss(self) -> None:
        self.details_button.setChecked(False)
        self.hide()

    def _show_details(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_button.setText("Hide details" if shown else "Details")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
