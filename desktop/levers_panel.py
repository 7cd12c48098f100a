"""The lever panel: one collapsible section per group, one row per lever.

Each row: label and unit, a slider (integer ticks of ``lever.step``), a spin box, and a
reset button enabled only off the default. Widgets only ask the session to change a lever
and follow ``Session.scenario_changed`` to show the value.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.levers import GROUPS, LEVERS, Lever, levers_in_group
from core.sources import describe
from core.units import format_value
from desktop.session import Session

SHORT_UNIT = 9  # units longer than this are shown on the label line, not as a suffix


def lever_tooltip(lever: Lever) -> str:
    return (f"<b>{lever.label}</b><br>{lever.explanation}<br><br>"
            f"Unit: {lever.unit}. Range {lever.min:g} to {lever.max:g}, default "
            f"{lever.default:g}.<br><br><i>Source:</i> {describe(lever.source)}")


class LeverRow:
    """The widgets of one lever, kept in step with each other and with the session."""

    def __init__(self, lever: Lever, session: Session, grid: QGridLayout, row: int,
                 parent: QWidget):
        self.lever = lever
        self.session = session
        self.ticks = max(1, round((lever.max - lever.min) / lever.step))
        tooltip = lever_tooltip(lever)

        unit_note = f"  <span style='color:#777'>({lever.unit})</span>" \
            if len(lever.unit) > SHORT_UNIT else ""
        self.label = QLabel(f"{lever.label}{unit_note}", parent)
        self.changed: bool | None = None
        self.label.setToolTip(tooltip)
        self.label.setWordWrap(True)
        self.label.setObjectName(f"lever:{lever.id}:label")

        self.slider = QSlider(Qt.Orientation.Horizontal, parent)
        self.slider.setObjectName(f"lever:{lever.id}")
        self.slider.setRange(0, self.ticks)
        self.slider.setSingleStep(1)
        self.slider.setPageStep(max(1, self.ticks // 10))
        self.slider.setToolTip(tooltip)
        self.slider.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # no accidental wheel moves

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

        grid.addWidget(self.label, row, 0, 1, 3)
        grid.addWidget(self.slider, row + 1, 0)
        grid.addWidget(self.spin, row + 1, 1)
        grid.addWidget(self.reset, row + 1, 2)

        self.show_value(session.lever_value(lever.id))
        self.slider.valueChanged.connect(self._slider_moved)
        self.slider.sliderReleased.connect(session.end_lever_change)
        self.spin.valueChanged.connect(self._spin_changed)
        self.spin.editingFinished.connect(session.end_lever_change)
        self.reset.clicked.connect(lambda: session.reset_lever(lever.id))

    def tick_of(self, value: float) -> int:
        return round((value - self.lever.min) / self.lever.step)

    def value_of(self, tick: int) -> float:
        value = self.lever.min + tick * self.lever.step
        return round(min(value, self.lever.max), max(self.lever.decimals, 6))

    def _slider_moved(self, tick: int) -> None:
        self.session.set_lever(self.lever.id, self.value_of(tick))

    def _spin_changed(self, value: float) -> None:
        self.session.set_lever(self.lever.id, value)

    def show_value(self, value: float) -> None:
        for widget in (self.slider, self.spin):
            widget.blockSignals(True)
        if self.tick_of(value) != self.slider.value():
            self.slider.setValue(self.tick_of(value))
        if abs(self.spin.value() - value) > 1e-12:
            self.spin.setValue(value)
        for widget in (self.slider, self.spin):
            widget.blockSignals(False)
        changed = value != self.lever.default
        self.reset.setEnabled(changed)
        if self.changed != changed:  # a changed lever reads bold, so a scan finds it
            self.changed = changed
            # its own style sheet: the application's theme sheet would reset a set font
            self.label.setStyleSheet("font-weight: bold;" if changed else "")
            font = self.label.font()
            font.setBold(changed)
            self.label.setFont(font)

    def set_visible(self, visible: bool) -> None:
        for widget in (self.label, self.slider, self.spin, self.reset):
            widget.setVisible(visible)


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
        content = QWidget(self.scroll)
        column = QVBoxLayout(content)
        column.setContentsMargins(8, 4, 8, 8)
        self.rows: dict[str, LeverRow] = {}
        self.sections: dict[str, GroupSection] = {}
        for group in GROUPS:
            section = GroupSection(group, content)
            for index, lever in enumerate(levers_in_group(group)):
                self.rows[lever.id] = LeverRow(lever, session, section.grid, 2 * index,
                                               section.body)
            self.sections[group] = section
            column.addWidget(section)
        column.addStretch(1)
        self.scroll.setWidget(content)
        outer.addWidget(self.scroll)
        self._shown: dict[str, float] | None = None
        session.scenario_changed.connect(self.show_scenario)
        self.show_scenario(session.scenario)

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
        self._shown = dict(values)
        self.reset_all.setEnabled(bool(values))
