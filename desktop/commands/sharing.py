"""Edit > Copy share code and Paste share code: a scenario as a short ``airace:`` text.

Copy puts the current scenario's share code (``core.formats.share.encode``) on the clipboard. Paste
reads the clipboard and opens the scenario in it as File > Open opens a file: the code is
checked exactly as a file is (``core.formats.share.decode``: the same size limits, the same
messages), a bad one is refused with the same message as a bad file and nothing changes;
a good one asks to save unsaved changes first, then replaces the document (unsaved: it has
no file, so Save asks where to write it).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QGuiApplication

from core.formats import share
from core.formats.scenario import ScenarioError

STATUS_MS = 8000
OPEN_FAILED = "Could not open this scenario; nothing was changed."


class ShareCommands(QObject):
    """The Edit menu's share-code commands for one main window."""

    def __init__(self, window):
        super().__init__(window)
        self.main_window = window

    def copy_code(self) -> str:
        """Edit > Copy share code: the current scenario's code on the clipboard."""
        code = share.encode(self.main_window.session.scenario)
        QGuiApplication.clipboard().setText(code)
        self.main_window.statusBar().showMessage(
            f"Share code copied ({len(code):,} characters): paste it into a message, or "
            "Edit > Paste share code in AI Race Planner opens it", STATUS_MS)
        return code

    def paste_code(self) -> bool:
        """Edit > Paste share code: open the scenario on the clipboard; False if nothing
        was opened (a bad code, or the user kept the current work)."""
        window = self.main_window
        text = QGuiApplication.clipboard().text()
        try:
            if not share.is_share_code(text):
                raise ScenarioError(
                    "clipboard: no share code on the clipboard (a share code starts with "
                    f"{share.PREFIX!r}; copy the whole code, then paste again)")
            scenario = share.decode(text, "clipboard share code")
        except ScenarioError as error:
            window.show_error(f"{OPEN_FAILED}\n\n{error}")
            return False
        if not window.maybe_save():
            return False
        window.session.load(scenario, None)
        window.session.discard_autosave()
        window.show_model_notice("The pasted scenario", scenario.migration_notes)
        window.statusBar().showMessage(
            f"Opened “{scenario.name}” from a share code; Save asks where to keep it",
            STATUS_MS)
        return True
