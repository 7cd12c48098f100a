"""Help > User guide, About, Keyboard shortcuts and Model documentation: windows that never
block.

The user guide is ``docs/guide.md``, shipped in the wheel as ``desktop/guide/guide.md``
(pyproject maps the folder there), so Help finds it installed or in a checkout. The shortcuts
come from the actions table (``desktop.actions.TABLE.shortcut_rows``); the model documentation
is ``core.model.docs.model_markdown()``, the text ``docs/model.md`` is generated from, so the
window shows the model the app runs, for a reader: without the note to developers and with
the Mermaid diagrams' source replaced by a pointer to the drawn model map.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.common.files import data_folder
from core.common.version import APP_VERSION, MODEL_VERSION
from core.model.docs import model_markdown

APP_TITLE = "AI Race Planner"
LICENCE = "MIT"
GUIDE_NAME = "guide.md"
MERMAID = re.compile(r"```mermaid\n.*?```", re.DOTALL)
DRAWN_ELSEWHERE = "*This diagram is drawn under Help > Model map.*"


def guide_path() -> Path:
    """The user guide: in the installed package, or the checkout's ``docs/``."""
    return data_folder("desktop", "guide", "docs") / GUIDE_NAME


def model_text_for_readers(markdown: str) -> str:
    """The model documentation as a user reads it in the app: the note to developers ("do
    not edit by hand") left out, each Mermaid diagram's source replaced by a pointer to the
    drawn model map."""
    markdown = re.sub(r"Generated from the code by `[^`]*`; do not edit by hand\. ", "",
                      markdown)
    return MERMAID.sub(DRAWN_ELSEWHERE, markdown)


class _HelpWindow(QDialog):
    """A non-modal window with a Close button."""

    def __init__(self, title: str, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName(name)
        self.setModal(False)
        self.column = QVBoxLayout(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.close)
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAccessibleDescription(
            f"Close {title}")

    def finish(self, width: int, height: int) -> None:
        self.column.addWidget(self.buttons)
        # explicit sizes: the layout never resizes a shown window (no size-hint round trip)
        self.setMinimumSize(min(width, 360), min(height, 200))
        self.resize(width, height)


class AboutDialog(_HelpWindow):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(f"About {APP_TITLE}", "help:about_dialog", parent)
        self.text = QLabel(
            f"<h3>{APP_TITLE} {APP_VERSION}</h3>"
            f"<p>Model version {MODEL_VERSION}</p>"
            "<p>An offline what-if explorer for the US-China AI race: power, chips and export "
            "controls, regulation and open-model adoption. Everything runs on this computer; "
            "nothing is sent anywhere.</p>"
            f"<p>Licence: {LICENCE}</p>", self)
        self.text.setObjectName("help:about_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.column.addWidget(self.text)
        self.finish(440, 240)


class ShortcutsDialog(_HelpWindow):
    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None):
        super().__init__("Keyboard shortcuts", "help:shortcuts_dialog", parent)
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("help:shortcuts_table")
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setAccessibleDescription("Each shortcut's keys and what they do")
        self.table.setHorizontalHeaderLabels(["Keys", "Does"])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (keys, does) in enumerate(rows):
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(does))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.column.addWidget(self.table)
        # every row in view at once: as tall as the table's rows, header and the Close row
        table = self.table.horizontalHeader().sizeHint().height() + \
            self.table.verticalHeader().length() + 2 * self.table.frameWidth()
        margins = self.column.contentsMargins()
        self.finish(620, table + self.buttons.sizeHint().height() + margins.top()
                    + margins.bottom() + 2 * self.column.spacing() + 8)

    def rows(self) -> list[tuple[str, str]]:
        return [(self.table.item(r, 0).text(), self.table.item(r, 1).text())
                for r in range(self.table.rowCount())]


class GuideDialog(_HelpWindow):
    """The user guide, rendered from its Markdown; links inside it jump to its sections."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__("User guide", "help:guide_dialog", parent)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help:guide_text")
        self.browser.setAccessibleName("User guide")
        self.browser.setAccessibleDescription(
            "What the key figures and plots mean, a ten-minute walk-through, presenter keys, "
            "bands and policy effects, and where files are kept")
        self.browser.setOpenExternalLinks(True)
        path = guide_path()
        try:
            self.browser.setMarkdown(path.read_text(encoding="utf-8"))
        except OSError as error:
            self.browser.setPlainText(f"The user guide could not be read: {path} ({error}).")
        self.column.addWidget(self.browser)
        self.finish(860, 720)


class ModelDocumentationDialog(_HelpWindow):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Model documentation", "help:model_dialog", parent)
        note = QLabel("How the model works: its feedback loops, stocks, flows, levers and "
                      "constants, each with its unit, equation and source. Help > User guide "
                      "explains the app itself.", self)
        note.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help:model_text")
        self.browser.setAccessibleName("Model documentation")
        self.browser.setAccessibleDescription("Every stock, flow, feedback loop, lever and "
                                              "constant with its unit, equation and source")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(model_text_for_readers(model_markdown()))
        self.column.addWidget(note)
        self.column.addWidget(self.browser)
        self.finish(900, 700)
