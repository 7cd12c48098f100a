"""The events list: add (from a menu of the core's event types), edit and remove.

The edit form is built from each event class's pydantic ``model_fields`` (bounds from
``ge``/``le``, help from ``description``), so a new event type in the core needs no GUI code.
Below the fields, the event's evidence (rationale and source), which an edit keeps.
"""

from __future__ import annotations

import html
import re

import annotated_types
from pydantic import ValidationError
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.analysis.reactions import reaction_spells
from core.common.timegrid import LATEST_END, MODEL_START
from core.engine.events import EVENT_TYPES
from desktop.widgets.dialogs import EvidenceFields, evidence_html, evidence_icon, ok_cancel_buttons


def _bounds(field) -> tuple[float | None, float | None]:
    low = high = None
    for item in field.metadata:
        if isinstance(item, annotated_types.Ge):
            low = item.ge
        elif isinstance(item, annotated_types.Le):
            high = item.le
    return low, high


def _month_to_date(month: str) -> QDate:
    return QDate(int(month[:4]), int(month[5:7]), 1)


# reaction spells: not the user's events (violet, where events are amber), on light and dark
REACTION_COLOUR, REACTION_COLOUR_ON_DARK = "#6d28d9", "#c4b5fd"
REACTION_PREFIX = "⟳ Reaction, "
REACTION_TIP = ("A reaction rule fired in these results (Reactions levers). It follows from "
                "the scenario; it is not an event and cannot be edited or removed here.")
UNIT_SUFFIXES = (("_gw_per_year", "GW/yr"), ("_months", "months"), ("_share", "share"))
MAX_SHOWN_ROWS = 8  # the list grows to show this many rows whole; more scroll


def _field_label(name: str) -> str:
    """'lag_months' -> 'Lag (months)', 'volume_cap_share' -> 'Volume cap (share)'."""
    for suffix, unit in UNIT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return f"{name[:-len(suffix)].replace('_', ' ').capitalize()} ({unit})"
    return name.replace("_", " ").capitalize()


def _intro(doc: str) -> str:
    """The event's docstring with field names (``lag_months``) said as the form says them."""
    return re.sub(r"``(\w+)``", lambda m: f"“{_field_label(m.group(1))}”", doc.strip())


def event_tooltip(event) -> str:
    """The event type explained and, when it has some, why it is in the scenario."""
    return (html.escape((type(event).__doc__ or "").strip())
            + evidence_html("Why this event", event.rationale, event.source))


class EventDialog(QDialog):
    """A form for one event; ``event_value()`` returns the edited, validated event."""

    def __init__(self, event, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("event_dialog")
        self.cls = type(event)
        self.setWindowTitle(f"{self.cls.title} event")
        layout = QVBoxLayout(self)
        intro = QLabel(_intro(self.cls.__doc__ or ""), self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.editors: dict[str, QWidget] = {}
        for name, field in self.cls.model_fields.items():
            if name == "kind":
                continue
            value = getattr(event, name)
            low, high = _bounds(field)
            if name == "start":
                editor = QDateEdit(_month_to_date(value), self)
                editor.setDisplayFormat("yyyy-MM")
                editor.setMinimumDate(_month_to_date(MODEL_START))
                editor.setMaximumDate(_month_to_date(LATEST_END))
            elif name == "duration_months":
                if field.annotation is type(None):
                    continue  # a one-off event: no duration
                editor = QSpinBox(self)
                editor.setRange(0, int(high or 600))
                editor.setSpecialValueText("to the end of the run")
                editor.setSuffix(" months")
                editor.setValue(value or 0)
            elif field.annotation is int:
                editor = QSpinBox(self)
                editor.setRange(int(low if low is not None else 0), int(high or 10_000))
                editor.setValue(int(value))
            else:
                editor = QDoubleSpinBox(self)
                months = name.endswith("_months")  # whole months: "18 months", not "18.00"
                editor.setDecimals(0 if months else 2)
                if months:
                    editor.setSuffix(" months")
                low = float(low if low is not None else 0)
                high = float(high if high is not None else 1e6)
                editor.setRange(low, high)
                editor.setSingleStep(0.05 if high <= 1 else 1)
                editor.setValue(float(value))
            editor.setObjectName(f"event:{name}")
            if field.description:
                editor.setToolTip(field.description)
            editor.setAccessibleName(_field_label(name))
            editor.setAccessibleDescription(field.description or _field_label(name))
            form.addRow(_field_label(name), editor)  # the description is the tooltip
            self.editors[name] = editor
        self.evidence = EvidenceFields(form, event.rationale, event.source,
                                       "this event is in the scenario", self)
        self.error = QLabel("", self)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        layout.addWidget(self.error)
        layout.addWidget(ok_cancel_buttons(self, self._accept))

    def values(self) -> dict:
        data = {}
        for name, editor in self.editors.items():
            if isinstance(editor, QDateEdit):
                data[name] = editor.date().toString("yyyy-MM")
            elif name == "duration_months":
                data[name] = editor.value() or None
            else:
                data[name] = editor.value()
        return data

    def event_value(self):
        """The event as edited, with its evidence; raises pydantic ValidationError if a
        value is not allowed."""
        return self.cls(**self.values()).with_evidence(*self.evidence.texts())

    def _accept(self) -> None:
        problem = self.evidence.problem()
        if problem:
            self.error.setText(problem)
            return
        try:
            self.event_value()
        except ValidationError as error:
            self.error.setText("; ".join(e["msg"] for e in error.errors()))
            return
        self.accept()


class EventsPanel(QWidget):
    """The scenario's events as a list with Add, Edit and Remove; below them, read-only,
    the spells in which a reaction rule fired in the current results. The list is as tall
    as its rows (up to ``MAX_SHOWN_ROWS``), so no row is cut; ``rows_changed`` says when
    that height changed, for the dock around it to follow."""

    rows_changed = Signal()

    def __init__(self, session, window, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("events_panel")
        self.session = session
        self.window_ = window
        # the buttons in a row above the list: stacked beside it they were taller than a
        # short list and left an empty band under its rows
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(4)
        self.list = QListWidget(self)
        self.list.setObjectName("events:list")
        self.list.setAlternatingRowColors(True)
        self.list.setAccessibleName("Events")
        self.list.setAccessibleDescription(
            "The scenario's dated events, then the reactions that fired (read only). "
            "Double-click an event, or use Edit, to change it.")
        self.list.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        # wider or narrower than its longest row: the horizontal scroll bar comes or goes
        self.list.horizontalScrollBar().rangeChanged.connect(lambda *_: self.fit_rows())
        buttons = QHBoxLayout()
        self.add_button = QToolButton(self)
        self.add_button.setObjectName("events:add")
        self.add_button.setText("Add event ▾")
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_menu = QMenu(self.add_button)
        for kind, cls in EVENT_TYPES.items():
            action = self.add_menu.addAction(cls.title)
            action.setToolTip((cls.__doc__ or "").strip())
            action.triggered.connect(lambda _checked=False, k=kind: self.add_event(k))
        self.add_button.setMenu(self.add_menu)
        self.add_button.setAccessibleName("Add event")
        self.add_button.setAccessibleDescription("Choose a type of event to add to the "
                                                 "scenario, then fill in its form")
        self.edit_button = QPushButton("Edit…", self)
        self.edit_button.setObjectName("events:edit")
        self.edit_button.clicked.connect(self.edit_selected)
        self.edit_button.setAccessibleDescription(
            "Edit the selected event: its dates, values, rationale and source")
        self.remove_button = QPushButton("Remove", self)
        self.remove_button.setObjectName("events:remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.remove_button.setAccessibleDescription(
            "Remove the selected event from the scenario (undoable)")
        for button in (self.add_button, self.edit_button, self.remove_button):
            button.setMinimumWidth(110)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        layout.addWidget(self.list, 1)
        # Tab in reading order: the buttons above, then the list (made first, it came first)
        QWidget.setTabOrder(self.remove_button, self.list)
        session.scenario_changed.connect(self.show_events)
        session.results_changed.connect(self.show_reactions)
        self._events: list = []
        self.dark = False  # the theme (apply_theme)
        self.spells: list = reaction_spells(session.results)
        self.show_events(session.scenario, force=True)

    def show_reactions(self, results) -> None:
        """Follow ``Session.results_changed``: list the reaction spells of these results."""
        spells = reaction_spells(results)
        if spells != self.spells:
            self.spells = spells
            self.show_events(self.session.scenario, force=True)

    def reaction_texts(self) -> list[str]:
        """The reaction entries as listed (tests, and a screen reader's view of them)."""
        return [self.list.item(row).text() for row in range(self.list.count())
                if self.list.item(row).data(Qt.ItemDataRole.UserRole) == "reaction"]

    def apply_theme(self, theme) -> None:
        """Recolour the reaction entries for a desktop.widgets.themes.Theme (lighter on dark)."""
        self.dark = theme.lift_series  # the theme's series read on a dark ground
        colour = self.reaction_colour()
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == "reaction":
                item.setForeground(QBrush(colour))

    def reaction_colour(self) -> QColor:
        return QColor(REACTION_COLOUR_ON_DARK if self.dark else REACTION_COLOUR)

    def _add_reaction_items(self) -> None:
        font = QFont(self.list.font())
        font.setItalic(True)
        colour = self.reaction_colour()
        for spell in self.spells:
            item = QListWidgetItem(REACTION_PREFIX + spell.summary())
            item.setData(Qt.ItemDataRole.UserRole, "reaction")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # shown, never selected, edited, removed
            item.setForeground(QBrush(colour))
            item.setFont(font)
            item.setToolTip(REACTION_TIP)
            self.list.addItem(item)

    def show_events(self, scenario, force: bool = False) -> None:
        if not force and scenario.events == self._events:
            return
        row = self.list.currentRow()
        self._events = list(scenario.events)
        self.list.clear()
        if not self._events:
            placeholder = QListWidgetItem("No events. Add one to phase a policy in over time "
                                          "(an export ban, lagged exports, preemption…).")
            placeholder.setFlags(Qt.ItemFlag.NoItemFlags)
            self.list.addItem(placeholder)
        for event in self._events:
            item = QListWidgetItem(event.summary())
            if event.evidence():
                item.setIcon(evidence_icon(self.list))
            item.setToolTip(event_tooltip(event))
            if event.evidence():
                item.setData(Qt.ItemDataRole.AccessibleTextRole,
                             f"{event.summary()}, with a rationale and source")
            self.list.addItem(item)
        self._add_reaction_items()
        if self._events:
            self.list.setCurrentRow(min(max(row, 0), len(self._events) - 1))
        self._update_buttons()
        self.fit_rows()

    def rows_height(self) -> int:
        """The list's height that shows its first ``MAX_SHOWN_ROWS`` rows whole (with the
        horizontal scroll bar when a row is wider than the list)."""
        listed = self.list
        shown = range(min(listed.count(), MAX_SHOWN_ROWS))
        height = sum(listed.sizeHintForRow(row) for row in shown) + 2 * listed.frameWidth()
        if shown and listed.sizeHintForColumn(0) > listed.viewport().width() > 0:
            height += listed.horizontalScrollBar().sizeHint().height()
        return height

    def fit_rows(self) -> None:
        """Hold the list at the height of its rows, no taller (a taller dock showed an empty
        band under a short list); say so when that height changed."""
        height = self.rows_height()
        if height != self.list.minimumHeight() or height != self.list.maximumHeight():
            self.list.setFixedHeight(height)
            self.rows_changed.emit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_rows()  # narrower: a long row may now need the horizontal scroll bar

    def _update_buttons(self) -> None:
        selected = bool(self._events) and 0 <= self.list.currentRow() < len(self._events)
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)

    def add_event(self, kind: str) -> None:
        event = self.window_.ask_event(self.session.new_event(kind))
        if event is not None:
            self.session.add_event(event)
            self.list.setCurrentRow(len(self.session.scenario.events) - 1)

    def edit_selected(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self._events):
            return
        event = self.window_.ask_event(self._events[row])
        if event is not None:
            self.session.replace_event(row, event)

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._events):
            self.session.remove_event(row)
