"""Goal seek: which value of a lever makes an output reach a target by a month?

The answer comes from ``core.analysis.goalseek.goal_seek`` (a few batched runs, fast enough
for the GUI thread); Apply sets the lever through the session, so it is one undoable step.
"""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.analysis.goalseek import GoalSeekResult, goal_seek
from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.common.formatting import format_value

DEFAULT_LEVER = "us_dc_committed_additions_gw_per_year"
DEFAULT_OUTPUT = "us_power_gap_gw"
# the default question: what committed power halves the baseline's ~19 GW 2028 shortfall
# (closing it wholly also needs generation to serve it: one lever alone cannot)
DEFAULT_TARGET = 10.0
DEFAULT_MONTH = "2028-12"


def month_date(month: str) -> QDate:
    year, number = (int(part) for part in month.split("-"))
    return QDate(year, number, 1)


def date_month(date: QDate) -> str:
    return f"{date.year():04d}-{date.month():02d}"


class GoalSeekDialog(QDialog):
    """Lever, output, target and month in; the lever value (and Apply) out."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("goalseek")
        self.setWindowTitle("Goal seek")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session
        self.result: GoalSeekResult | None = None
        self._searched_lever: str | None = None

        layout = QVBoxLayout(self)
        intro = QLabel("Which value of a lever makes a figure reach a target by a month? "
                       "All other levers and events stay as in the current scenario.", self)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.lever_combo = QComboBox(self)
        self.lever_combo.setObjectName("goalseek:lever")
        self.lever_combo.setAccessibleDescription("The lever whose value is searched for")
        for lever in LEVERS.values():
            self.lever_combo.addItem(f"{lever.label} ({lever.unit})", lever.id)
        self.output_combo = QComboBox(self)
        self.output_combo.setObjectName("goalseek:output")
        self.output_combo.setAccessibleDescription("The output that should reach the target")
        for output in OUTPUTS.values():
            self.output_combo.addItem(f"{output.label} ({output.unit})", output.id)
        self.target_spin = QDoubleSpinBox(self)
        self.target_spin.setObjectName("goalseek:target")
        self.target_spin.setAccessibleDescription("The value the figure should reach, in "
                                                  "the figure's unit")
        self.target_spin.setRange(-1e15, 1e15)
        self.target_spin.setDecimals(3)
        self.target_spin.setMinimumWidth(160)
        self.month_edit = QDateEdit(self)
        self.month_edit.setObjectName("goalseek:month")
        self.month_edit.setAccessibleDescription("The month by which the figure should "
                                                 "reach the target")
        self.month_edit.setDisplayFormat("yyyy-MM")
        scenario = session.scenario
        self.month_edit.setDateRange(month_date(scenario.start), month_date(scenario.end))
        form.addRow("Lever to change:", self.lever_combo)
        form.addRow("Figure:", self.output_combo)
        form.addRow("Should reach:", self.target_spin)
        form.addRow("By month:", self.month_edit)
        layout.addLayout(form)

        self.message = QLabel("", self)
        self.message.setObjectName("goalseek:message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumHeight(48)
        layout.addWidget(self.message)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.find_button = QPushButton("Find", self)
        self.find_button.setObjectName("goalseek:find")
        self.find_button.setAccessibleDescription("Search for the lever value that reaches "
                                                  "the target")
        self.find_button.setDefault(True)
        self.apply_button = QPushButton("Apply", self)
        self.apply_button.setObjectName("goalseek:apply")
        self.apply_button.setToolTip("Set the lever to this value (undoable)")
        self.apply_button.setEnabled(False)
        close = QPushButton("Close", self)
        close.setObjectName("goalseek:close")
        close.setAccessibleDescription("Close goal seek")
        buttons.addWidget(self.find_button)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)

        self.find_button.clicked.connect(self.find)
        self.apply_button.clicked.connect(self.apply)
        close.clicked.connect(self.close)
        for signal in (self.lever_combo.currentIndexChanged,
                       self.output_combo.currentIndexChanged,
                       self.target_spin.valueChanged, self.month_edit.dateChanged):
            signal.connect(self._inputs_changed)
        self.output_combo.currentIndexChanged.connect(self._output_changed)
        self.set_goal(DEFAULT_LEVER, DEFAULT_OUTPUT, DEFAULT_TARGET, DEFAULT_MONTH)
        self.setMinimumSize(self.sizeHint())  # explicit: no re-layout of a shown window
        self.resize(620, self.sizeHint().height())

    def set_goal(self, lever_id: str, output_id: str, target: float, month: str) -> None:
        self.lever_combo.setCurrentIndex(self.lever_combo.findData(lever_id))
        self.output_combo.setCurrentIndex(self.output_combo.findData(output_id))
        self.target_spin.setValue(target)
        self.month_edit.setDate(month_date(month))
        self._inputs_changed()

    @property
    def lever_id(self) -> str:
        return self.lever_combo.currentData()

    @property
    def output_id(self) -> str:
        return self.output_combo.currentData()

    @property
    def month(self) -> str:
        return date_month(self.month_edit.date())

    def _output_changed(self) -> None:
        self.target_spin.setSuffix(f" {OUTPUTS[self.output_id].unit}")

    def _inputs_changed(self, *_args) -> None:
        self.result = None
        self.apply_button.setEnabled(False)
        self.message.setText("")

    def find(self) -> GoalSeekResult | None:
        lever_id, output_id, target, month = (self.lever_id, self.output_id,
                                              self.target_spin.value(), self.month)
        try:
            result = goal_seek(self.session.scenario, lever_id, output_id, target, month)
        except ValueError as error:
            self.result = None
            self.message.setText(str(error))
            self.apply_button.setEnabled(False)
            return None
        self.result, self._searched_lever = result, lever_id
        if result.reached:
            lever = LEVERS[lever_id]
            current = format_value(self.session.lever_value(lever_id), lever.unit)
            self.message.setText(f"{result.message}\nNow: {current}. Apply sets the lever.")
            self.message.setStyleSheet("color: #1b5e20;")
        else:
            self.message.setText(result.message)
            self.message.setStyleSheet("color: #b3261e;")
        self.apply_button.setEnabled(result.reached)
        return result

    def apply(self) -> None:
        if self.result is None or not self.result.reached or self._searched_lever is None:
            return
        session = self.session
        session.end_lever_change()
        session.set_lever(self._searched_lever, self.result.value)
        session.end_lever_change()
        self.apply_button.setEnabled(False)
