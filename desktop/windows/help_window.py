"""Help > About, Keyboard shortcuts and Model documentation: small windows that never block.

The shortcuts come from the actions table (``desktop.actions.shortcut_rows``); the model
documentation is ``core.model.docs.model_markdown()``, the text ``docs/model.md`` is generated
from, so the window shows the model the app runs, installed or not.
"""

from __future__ import annotations

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

from core.common.version import APP_VERSION, MODEL_VERSION
from core.model.docs import model_markdown

APP_TITLE = "AI Race Planner"
LICENCE = "MIT"


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


class ModelDocumentationDialog(_HelpWindow):
    def __init__(self, parent: QWidget | None = None):
        super().__init__("Model documentation", "help:model_dialog", parent)
        note = QLabel("The same text as docs/model.md in the project, generated from the model "
                      "code (python -m core.model.docs).", self)
        note.setWordWrap(True)
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help:model_text")
        self.browser.setAccessibleName("Model documentation")
        self.browser.setAccessibleDescription("Every stock, flow, feedback loop, lever and "
                                              "constant with its unit, equation and source")
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(model_markdown())
        self.column.addWidget(note)
        self.column.addWidget(self.browser)
        self.finish(900, 700)
