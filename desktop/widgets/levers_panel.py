"""The lever panel: one collapsible section per group, one row per lever.

Each row: label and unit, a slider (integer ticks of ``lever.step``), a spin box, and a
reset button enabled only off the default. Widgets only ask the session to change a lever
and follow ``Session.scenario_changed`` to show the value.

A reaction parameter's row is disabled while its reaction switch is off (it does nothing
then), with the reason in its tooltip.

A row's context menu (right-click, or the Menu key or Shift+F10 on its slider or spin box)
edits the rationale and source of a changed value; a lever that carries them shows a marker
(an information icon) and says them in its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.catalogue.levers import GROUPS, LEVERS, Lever, levers_in_group, switch_of
from core.catalogue.sources import describe
from core.common.formatting import format_value
from core.engine.events import evidence_text
from desktop.state.session import Session
from desktop.widgets.dialogs import EvidenceDialog, ask, evidence_html, evidence_icon

SHORT_UNIT = 9  # units longer than this are shown on the label line, not as a suffix
SWITCH_UNIT = "on/off"  # a lever that is a switch: a check box, not a slider
EVIDENCE_ACTION = "Rationale and source…"
CONTEXT_MENU_KEYS = ("Shift+F10", "Menu")


def is_undo_key(event) -> bool:
    """Ctrl+Z, Ctrl+Y or Ctrl+Shift+Z (and the platform's equivalents)."""
    return (event.matches(QKeySequence.StandardKey.Undo)
            or event.matches(QKeySequence.StandardKey.Redo)
            or QKeySequence(event.keyCombination()) == QKeySequence("Ctrl+Shift+Z"))


def lever_range(lever: Lever) -> str:
    """Its unit, range and default, or, for a switch, whether it starts on."""
    if lever.unit == SWITCH_UNIT:
        return f"A switch, {'on' if lever.default else 'off'} by default."
    return (f"Unit: {lever.unit}. Range {lever.min:g} to {lever.max:g}, default "
            f"{lever.default:g}.")


def idle_reason(lever: Lever) -> str:
    """Why a reaction parameter's row is disabled while its switch is off."""
    switch = LEVERS[switch_of(lever)]
    return f"No effect while “{switch.label}” is off: switch it on to use this lever."


def lever_tooltip(lever: Lever, evidence=None, idle: bool = False) -> str:
    """The lever explained; why it is disabled, if it is; the scenario's evidence for its
    value, when it has some."""
    tip = (f"<b>{lever.label}</b><br>{lever.explanation}<br><br>{lever_range(lever)}"
           f"<br><br><i>Source:</i> {describe(lever.source)}")
    if idle:
        tip = f"<i>{idle_reason(lever)}</i><br><br>" + tip
    if evidence is not None:
        tip += evidence_html("Why this value in this scenario", evidence.rationale,
                             evidence.source)
    return tip


def lever_description(lever: Lever, evidence=None, idle: bool = False) -> str:
    """The plain text a screen reader says after the lever's name."""
    text = (f"In {lever.unit}, from {lever.min:g} to {lever.max:g}, default {lever.default:g}. "
            f"{lever.explanation}")
    if idle:
        text = f"{idle_reason(lever)} {text}"
    if evidence is not None:
        text += f" Why this value: {evidence_text(evidence.rationale, evidence.source)}"
    return text


class LeverRow:
    """The widgets of one lever, kept in step with each other and with the session."""

    def __init__(self, lever: Lever, session: Session, grid: QGridLayout, row: int,
                 parent: QWidget):
        self.lever = lever
        self.session = session
        self.ticks = max(1, round((lever.max - lever.min) / lever.step))
        self.evidence = None  # the scenario's Evidence for this lever, as shown
        self.idle = False  # a reaction parameter whose switch is off
        tooltip = lever_tooltip(lever)

        unit_note = f"  <span style='color:#777'>({lever.unit})</span>" \
            if len(lever.unit) > SHORT_UNIT else ""
        self.label = QLabel(f"{lever.label}{unit_note}", parent)
        self.changed: bool | None = None
        self.label.setToolTip(tooltip)
        self.label.setWordWrap(True)
        self.label.setObjectName(f"lever:{lever.id}:label")

        self.marker = QToolButton(parent)  # on the label line, so Tab meets it first
        self.marker.setObjectName(f"lever:{lever.id}:evidence")
        self.marker.setIcon(evidence_icon(parent))
        self.marker.setAutoRaise(True)
        self.marker.setAccessibleName(f"Rationale and source of {lever.label}")
        self.marker.hide()

        self.slider = QSlider(Qt.Orientation.Horizontal, parent)
        self.slider.setObjectName(f"lever:{lever.id}")
        self.slider.setRange(0, self.ticks)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(max(1, self.ticks // 10))
        self.slider.setToolTip(tooltip)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # a wheel does not give focus

        self.spin = QDoubleSpinBox(parent)
        self.spin.setObjectName(f"lever:{lever.id}:spin")
        self.spin.setDecimals(lever.decimals)
        self.spin.setRange(lever.min, lever.max)
        self.spin.setSingleStep(lever.step)
        self.spin.setKeyboardTracking(False)
        self.spin.setToolTip(tooltip)
        self.spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        if len(lever.unit) <= SHORT_UNIT:
            self.spin.setSuffix(f" {lever.unit}")
        self.spin.setMinimumWidth(96)
        self.spin.setAlignment(Qt.AlignmentFlag.AlignRight)

        self.reset = QToolButton(parent)
        self.reset.setObjectName(f"lever:{lever.id}:reset")
        self.reset.setText("↺")
        self.reset.setAutoRaise(True)
        self.reset.setToolTip(f"Back to the default, {format_value(lever.default, lever.unit)}")
        self.reset.setAccessibleName(f"Reset {lever.label}")
        self.reset.setAccessibleDescription(
            f"Back to the default, {format_value(lever.default, lever.unit)}")

        self.slider.setAccessibleName(lever.label)
        self.spin.setAccessibleName(f"{lever.label}, value")
        # a switch reads as one: a check box in place of the slider and box
        self.check = QCheckBox("On", parent) if lever.unit == SWITCH_UNIT else None
        if self.check is not None:
            self.check.setObjectName(f"lever:{lever.id}:check")
            self.check.setAccessibleName(lever.label)
            self.check.setToolTip(tooltip)
            self.check.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        for widget in (self.label, *self.inputs(), self.marker):
            widget.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.show_evidence(None)

        grid.addWidget(self.label, row, 0, 1, 2)
        grid.addWidget(self.marker, row, 2)
        if self.check is None:
            grid.addWidget(self.slider, row + 1, 0)
            grid.addWidget(self.spin, row + 1, 1)
        else:
            grid.addWidget(self.check, row + 1, 0, 1, 2)
            self.slider.hide()
            self.spin.hide()
        grid.addWidget(self.reset, row + 1, 2)

        self.show_value(session.lever_value(lever.id))
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderReleased.connect(session.end_lever_change)
        self.spin.valueChanged.connect(self._spin_changed)
        self.spin.editingFinished.connect(session.end_lever_change)
        self.reset.clicked.connect(lambda: session.reset_lever(lever.id))
        if self.check is not None:
            self.check.toggled.connect(self._switched)

    def tick_of(self, value: float) -> int:
        return round((value - self.lever.min) / self.lever.step)

    def value_of(self, tick: int) -> float:
        value = self.lever.min + tick * self.lever.step
        return round(min(value, self.lever.max), max(self.lever.decimals, 6))

    def _slider_moved(self, tick: int) -> None:
        self.session.set_lever(self.lever.id, self.value_of(tick))

    def _spin_changed(self, value: float) -> None:
        self.session.set_lever(self.lever.id, value)

    def _switched(self, on: bool) -> None:
        """A switch flipped: one undo step of its own."""
        self.session.end_lever_change()
        self.session.set_lever(self.lever.id, 1.0 if on else 0.0)
        self.session.end_lever_change()

    def show_value(self, value: float) -> None:
        for widget in (self.slider, self.spin, self.check):
            if widget is not None:
                widget.blockSignals(True)
        if self.check is not None:
            self.check.setChecked(value >= 0.5)
        if self.tick_of(value) != self.slider.value():
            self.slider.setValue(self.tick_of(value))
        if abs(self.spin.value() - value) > 1e-12:
            self.spin.setValue(value)
        for widget in (self.slider, self.spin, self.check):
            if widget is not None:
                widget.blockSignals(False)
        changed = value != self.lever.default
        self.reset.setEnabled(changed and not self.idle)
        if self.changed != changed:  # a changed lever reads bold, so a scan finds it
            self.changed = changed
            # its own style sheet: the application's theme sheet would reset a set font
            self.label.setStyleSheet("font-weight: bold;" if changed else "")
            font = self.label.font()
            font.setBold(changed)
            self.label.setFont(font)

    def show_evidence(self, evidence) -> None:
        """Tooltips, accessible descriptions and the marker for the value's evidence."""
        self.evidence = evidence
        tooltip = lever_tooltip(self.lever, evidence, self.idle)
        description = lever_description(self.lever, evidence, self.idle)
        for widget in (self.label, self.slider, self.spin, *self.inputs()):
            widget.setToolTip(tooltip)
        for widget in (self.slider, self.spin, *self.inputs()):
            widget.setAccessibleDescription(description)
        self.marker.setToolTip(tooltip)
        self.marker.setAccessibleDescription(
            evidence_text(evidence.rationale, evidence.source) if evidence else
            "This value carries no rationale or source")
        self.marker.setVisible(evidence is not None and not self.label.isHidden())

    def inputs(self) -> tuple[QWidget, ...]:
        """What the user sets the lever with: slider and box, or a switch's check box."""
        return (self.slider, self.spin) if self.check is None else (self.check,)

    def show_switch(self, on: bool) -> None:
        """A reaction parameter follows its switch: disabled, saying why, while it is off."""
        self.idle = not on
        for widget in (self.label, *self.inputs()):
            widget.setEnabled(on)
        self.reset.setEnabled(on and bool(self.changed))
        self.show_evidence(self.evidence)

    def widgets(self) -> tuple[QWidget, ...]:
        return (self.label, *self.inputs(), self.reset, self.marker)

    def set_visible(self, visible: bool) -> None:
        for widget in (self.label, *self.inputs(), self.reset):
            widget.setVisible(visible)
        self.marker.setVisible(visible and self.evidence is not None)


class GroupSection(QWidget):
    """A header button that folds its group of levers away."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.header = QToolButton(self)
        self.header.setObjectName(f"group:{title}")
        self.header.setText(title)
        self.header.setAccessibleName(f"{title} levers")
        self.header.setAccessibleDescription(f"Show or hide the {title} levers")
        self.header.setCheckable(True)
        self.header.setChecked(True)
        self.header.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.header.setArrowType(Qt.ArrowType.DownArrow)
        self.header.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.header.setStyleSheet(
            "QToolButton, QToolButton:checked, QToolButton:hover { font-weight: bold; "
            "font-size: 11pt; border: none; background: transparent; padding: 6px 0 2px 0; }")
        self.body = QFrame(self)
        self.grid = QGridLayout(self.body)
        self.grid.setContentsMargins(6, 0, 2, 6)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(2)
        self.grid.setColumnStretch(0, 1)
        layout.addWidget(self.header)
        layout.addWidget(self.body)
        self.header.toggled.connect(self.set_expanded)

    def set_expanded(self, expanded: bool) -> None:
        self.header.setChecked(expanded)
        self.header.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.body.setVisible(expanded)


class LeversPanel(QWidget):
    """Every lever, grouped; a Reset all button on top."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("levers_panel")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.setContentsMargins(8, 6, 8, 0)
        self.hint = hint = QLabel("Move a lever; every plot follows.", self)
        hint.setObjectName("levers:hint")
        hint.setStyleSheet("color: #666;")
        self.reset_all = QPushButton("Reset all", self)
        self.reset_all.setObjectName("levers:reset_all")
        self.reset_all.setToolTip("Every lever back to its default (one undo step)")
        self.reset_all.clicked.connect(session.reset_all_levers)
        top.addWidget(hint, 1)
        top.addWidget(self.reset_all)
        outer.addLayout(top)

        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName("Levers")
        self.scroll.setAccessibleDescription(
            "Every lever, in groups; Tab moves from lever to lever, the Menu key or "
            "Shift+F10 opens a lever's menu (rationale and source)")
        content = QWidget(self.scroll)
        column = QVBoxLayout(content)
        column.setContentsMargins(8, 4, 8, 8)
        self.rows: dict[str, LeverRow] = {}
        self.parameters: dict[str, list[LeverRow]] = {}  # reaction switch -> its parameters
        self.sections: dict[str, GroupSection] = {}
        for group in GROUPS:
            section = GroupSection(group, content)
            for index, lever in enumerate(levers_in_group(group)):
                self.rows[lever.id] = LeverRow(lever, session, section.grid, 2 * index,
                                               section.body)
                if switch_of(lever) is not None:
                    self.parameters.setdefault(switch_of(lever), []).append(
                        self.rows[lever.id])
            self.sections[group] = section
            column.addWidget(section)
        column.addStretch(1)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll)
        for row in self.rows.values():
            for widget in row.inputs():
                widget.installEventFilter(self)
        self.menu = QMenu(self)  # the lever context menu, filled for the lever it opens on
        self.menu.setObjectName("lever:menu")
        for lever_id, row in self.rows.items():
            for widget in (row.label, *row.inputs(), row.marker):
                widget.customContextMenuRequested.connect(
                    lambda pos, w=widget, i=lever_id: self.open_menu(i, w.mapToGlobal(pos)))
            row.marker.clicked.connect(lambda _checked=False, i=lever_id: self.edit_evidence(i))
        # the keyboard's ways to a context menu (Qt maps neither to one on every platform)
        self.menu_key_action = QAction("Lever menu", self)
        self.menu_key_action.setObjectName("levers:context_menu_key")
        self.menu_key_action.setShortcuts([QKeySequence(key) for key in CONTEXT_MENU_KEYS])
        self.menu_key_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.menu_key_action.triggered.connect(self.open_menu_for_focus)
        self.addAction(self.menu_key_action)
        self._shown: dict[str, float] | None = None
        self._shown_evidence: dict | None = None
        session.scenario_changed.connect(self.show_scenario)
        self.show_scenario(session.scenario)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The wheel over a lever without focus scrolls the panel: a lever moves only when
        the user chose it (click or Tab), never as the pointer passes over it."""
        if event.type() == QEvent.Type.Wheel and not watched.hasFocus():
            QApplication.sendEvent(self.scroll.verticalScrollBar(), event)
            return True
        if event.type() == QEvent.Type.ShortcutOverride and is_undo_key(event) and \
                self._entered(watched):
            event.ignore()  # not the box's: Edit > Undo / Redo takes it
            return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _entered(watched: QObject) -> bool:
        """A lever box whose text is its value (nothing typed and not yet entered)."""
        return isinstance(watched, QDoubleSpinBox) and \
            watched.cleanText() == watched.textFromValue(watched.value())

    # ---- the lever context menu --------------------------------------------------------
    def open_menu(self, lever_id: str, where: QPoint) -> QMenu:
        """The context menu of one lever at a global position (shown, not waited for)."""
        lever = LEVERS[lever_id]
        changed = lever_id in self.session.scenario.levers
        self.menu.clear()
        self.menu.setTitle(lever.label)
        evidence = self.menu.addAction(EVIDENCE_ACTION if changed else
                                       f"{EVIDENCE_ACTION} (change the value first)")
        evidence.setObjectName("lever_menu:evidence")
        evidence.setEnabled(changed)
        evidence.setToolTip("Why this value, and where it comes from" if changed else
                            "Evidence goes with a changed value: the default has its "
                            "catalogue source")
        evidence.triggered.connect(lambda: self.edit_evidence(lever_id))
        reset = self.menu.addAction(f"Reset to default ({format_value(lever.default, lever.unit)})")
        reset.setObjectName("lever_menu:reset")
        reset.setEnabled(changed)
        reset.triggered.connect(lambda: self.session.reset_lever(lever_id))
        self.menu.setActiveAction(evidence if changed else None)
        self.menu.popup(where)
        return self.menu

    def focused_lever(self) -> str | None:
        """The lever whose slider, spin box or marker has the keyboard focus, if any."""
        focus = QApplication.focusWidget()
        for lever_id, row in self.rows.items():
            if focus in (*row.inputs(), row.marker) or (
                    focus is not None and row.spin.isAncestorOf(focus)):
                return lever_id
        return None

    def open_menu_for_focus(self) -> None:
        lever_id = self.focused_lever()
        if lever_id is not None:
            widget = QApplication.focusWidget()
            self.open_menu(lever_id, widget.mapToGlobal(widget.rect().center()))

    def ask_evidence(self, lever: Lever, rationale: str, source: str) -> tuple[str, str] | None:
        """Ask for a lever value's rationale and source; None if cancelled (tests replace
        this)."""
        return ask(EvidenceDialog(lever.label, rationale, source, self), EvidenceDialog.texts)

    def edit_evidence(self, lever_id: str) -> None:
        """Rationale and source… : ask, then change them through the session (undoable)."""
        if lever_id not in self.session.scenario.levers:
            return
        current = self.session.evidence(lever_id)
        answer = self.ask_evidence(LEVERS[lever_id], current.rationale if current else "",
                                   current.source if current else "")
        if answer is not None and lever_id in self.session.scenario.levers:
            self.session.set_evidence(lever_id, *answer)

    def show_only(self, lever_ids: list[str] | None) -> None:
        """Only these levers' rows and the groups that hold them (None: every lever)."""
        for lever_id, row in self.rows.items():
            row.set_visible(lever_ids is None or lever_id in lever_ids)
        for group, section in self.sections.items():
            section.setVisible(lever_ids is None or any(
                LEVERS[i].group == group for i in lever_ids))

    def apply_theme(self, theme) -> None:
        self.hint.setStyleSheet(f"color: {theme.muted_text};")

    def show_scenario(self, scenario) -> None:
        """Update only the rows whose value changed (a drag touches one row per frame)."""
        values = scenario.levers
        shown = self._shown
        changed = self.rows if shown is None else {
            lever_id for lever_id in set(values) | set(shown)
            if values.get(lever_id) != shown.get(lever_id)}
        for lever_id in changed:
            self.rows[lever_id].show_value(values.get(lever_id, LEVERS[lever_id].default))
        for switch in self.parameters.keys() & changed:
            on = values.get(switch, LEVERS[switch].default) != 0
            for row in self.parameters[switch]:
                row.show_switch(on)
        self._shown = dict(values)
        evidence, shown_evidence = scenario.evidence, self._shown_evidence
        for lever_id in (self.rows if shown_evidence is None else
                         set(evidence) | set(shown_evidence)):
            if shown_evidence is None or evidence.get(lever_id) != shown_evidence.get(lever_id):
                self.rows[lever_id].show_evidence(evidence.get(lever_id))
        self._shown_evidence = dict(evidence)
        self.reset_all.setEnabled(bool(values))
