"""Analysis > What must be true (discover)…: scenario discovery (PRIM) for a condition on a key
figure or an output at a month, over sampled worlds of the current scenario.

The run (``core.analysis.discover.discover``: sampling, then PRIM's peeling and pasting)
goes off the GUI thread through a ``RunBar``. The answer is the peeling trajectory: a
coverage/density trade-off curve whose points are boxes of lever ranges; clicking a point
(or stepping with the box spin box or the arrow keys on the plot) shows that box's table and
statistics, and "Apply box centre as a scenario" sets the restricted levers to the middle of
their box ranges as one undoable step. ``ExploreCommands`` holds the menu commands of this
dialog and of the robust search, and stops their runs when the window closes.
"""

from __future__ import annotations

import functools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from core.analysis.discover import Condition, Discovery, discover
from core.analysis.prim import PrimBox
from core.catalogue.key_figures import KPIS
from core.catalogue.levers import LEVERS, policy_levers
from core.catalogue.outputs import OUTPUTS
from core.common.palette import EVENT_COLOUR, SINGLE_COLOUR  # no country is meant here
from desktop.widgets.accessibility import describe
from desktop.widgets.analysis_controls import (
    AnalysisDialog,
    LeverChecklist,
    LeverTable,
    RunBar,
    ThresholdSpin,
    bare_value,
    scalar,
    worlds_spins,
)
from desktop.widgets.plots import ValueAxis, adopt_new_menus, menus_now, still_chart
from desktop.windows.goalseek_dialog import date_month, month_date
from desktop.windows.robust_dialog import RobustDialog

DEFAULT_SAMPLES = 10_000
DEFAULT_KPI = "capability_gap_2030"
DEFAULT_MONTH = "2030-12"
STEP_KEYS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Down: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Up: 1}


def box_centre(box: PrimBox) -> dict[str, float]:
    """The middle of every restricted lever's box range."""
    return {lever_id: (low + high) / 2 for lever_id, (low, high) in box.restricted.items()}


class DiscoverWindow(AnalysisDialog):
    """Condition in; the trade-off curve, the chosen box and "apply its centre" out."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("discover", "What must be true", session, parent)
        self.found: Discovery | None = None
        self.sampled = self.found_around = session.scenario  # of the last run, of the result
        self.found_text = ""
        self.box_index = 0
        # (scenario, reference, "B against A") when asking of a policy's effect (preset from
        # the compare window's policy effect tab): each world runs both, the figure is B - A
        self.effect: tuple[object, object, str] | None = None

        layout = QVBoxLayout(self)
        intro = QLabel("Which lever ranges make a condition likely? Many worlds are sampled "
                       "around the current scenario (its uncertain levers, plus any policy "
                       "levers you tick, over their whole range); PRIM then finds boxes of "
                       "lever ranges where the condition holds far more often than overall.",
                       self)
        intro.setWordWrap(True)
        describe(intro, "About What must be true", "What this analysis samples and finds")
        layout.addWidget(intro)
        effect_row = QHBoxLayout()
        self.effect_label = QLabel("", self)
        self.effect_label.setObjectName("discover:effect")
        self.effect_label.setWordWrap(True)
        self.effect_label.setStyleSheet("font-weight: bold;")
        describe(self.effect_label, "Policy effect asked of",
                 "The two scenarios whose difference the condition is about")
        effect_row.addWidget(self.effect_label, 1)
        self.effect_clear = QPushButton("Ask of the current scenario instead", self)
        self.effect_clear.setObjectName("discover:effect_clear")
        describe(self.effect_clear, "Ask of the current scenario instead",
                 "Leave the policy effect and ask of the current scenario's own figure")
        self.effect_clear.clicked.connect(self.clear_effect)
        effect_row.addWidget(self.effect_clear)
        layout.addLayout(effect_row)
        self.effect_label.hide()
        self.effect_clear.hide()

        top = QHBoxLayout()
        condition = QGroupBox("Condition", self)
        describe(condition, "Condition", "The figure, month, direction, threshold, sample "
                 "count and seed")
        form = QFormLayout(condition)
        self.figure_combo = QComboBox(condition)
        self.figure_combo.setObjectName("discover:figure")
        for kpi in KPIS.values():
            self.figure_combo.addItem(f"Key figure: {kpi.label} ({kpi.unit})", f"kpi:{kpi.id}")
        for output in OUTPUTS.values():
            self.figure_combo.addItem(f"Output: {output.label} ({output.unit})",
                                      f"output:{output.id}")
        describe(self.figure_combo, "Figure",
                 "The key figure, or the output at a month, the condition is about")
        self.month_edit = QDateEdit(condition)
        self.month_edit.setObjectName("discover:month")
        self.month_edit.setDisplayFormat("yyyy-MM")
        scenario = session.scenario
        self.month_edit.setDateRange(month_date(scenario.start), month_date(scenario.end))
        self.month_edit.setDate(month_date(DEFAULT_MONTH))
        describe(self.month_edit, "Month", "The month of the output (outputs only)")
        self.direction_combo = QComboBox(condition)
        self.direction_combo.setObjectName("discover:direction")
        self.direction_combo.addItem("above", True)
        self.direction_combo.addItem("below", False)
        self.direction_combo.setCurrentIndex(1)
        describe(self.direction_combo, "Above or below",
                 "Whether the figure must be above or below the threshold")
        self.threshold_spin = ThresholdSpin("discover:threshold", condition)
        describe(self.threshold_spin, "Threshold",
                 "The value the figure must be above or below, in the figure's unit")
        self.samples_spin, self.seed_spin = worlds_spins(
            "discover", DEFAULT_SAMPLES, 1_000_000, 1000, scenario.uncertainty.seed, condition)
        form.addRow("Figure:", self.figure_combo)
        form.addRow("Month (outputs):", self.month_edit)
        form.addRow("Is:", self.direction_combo)
        form.addRow("Threshold:", self.threshold_spin)
        form.addRow("Sampled worlds:", self.samples_spin)
        form.addRow("Seed:", self.seed_spin)
        top.addWidget(condition, 3)
        policy = QGroupBox("Policy levers to vary too (uncertain ones always vary)", self)
        describe(policy, "Policy levers to vary", "Policy levers sampled over their range")
        policy_layout = QVBoxLayout(policy)
        self.policy_list = LeverChecklist(
            "discover:policy", [lever.id for lever in policy_levers()],
            parent=policy)
        describe(self.policy_list, "Policy levers to vary",
                 "Ticked policy levers are sampled over their whole range; Space ticks one")
        policy_layout.addWidget(self.policy_list)
        top.addWidget(policy, 2)
        layout.addLayout(top)

        self.run_bar = RunBar("discover", "Run", "scenario discovery", self)
        layout.addWidget(self.run_bar)
        self.summary = QLabel("", self)
        self.summary.setObjectName("discover:summary")
        self.summary.setWordWrap(True)
        describe(self.summary, "Summary", "The condition and how often it holds")
        layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        before = menus_now()
        # both axes are shares: ticks in percent, never an SI-scaled "(x0.001)"
        self.chart = pg.PlotWidget(splitter, axisItems={
            "bottom": ValueAxis("bottom", is_share=True), "left": ValueAxis("left", is_share=True)})
        adopt_new_menus(self.chart, before)
        self.chart.setObjectName("discover:tradeoff")
        self.chart.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        describe(self.chart, "Trade-off curve",
                 "Coverage against density of every box PRIM found; click a point, or use "
                 "the arrow keys, to choose a box")
        item = still_chart(self.chart.getPlotItem())
        item.setLabel("bottom", "coverage (share of the worlds meeting it that are in the box)")
        item.setLabel("left", "density (share of the box meeting it)")
        item.setTitle("Trade-off: click a box")
        self.line = pg.PlotDataItem([], [], pen=pg.mkPen("#888", width=1))
        self.points = pg.ScatterPlotItem([], [], size=9, pen=pg.mkPen(None),
                                         brush=pg.mkBrush(SINGLE_COLOUR), hoverable=True,
                                         tip=self._point_tip)
        self.chosen_point = pg.ScatterPlotItem([], [], size=16, symbol="o",
                                               pen=pg.mkPen(EVENT_COLOUR, width=3),
                                               brush=pg.mkBrush(None))
        item.addItem(self.line)
        item.addItem(self.points)
        item.addItem(self.chosen_point)
        self.points.sigClicked.connect(self._point_clicked)
        self.chart.installEventFilter(self)
        splitter.addWidget(self.chart)

        box_side = QWidget(splitter)
        box_layout = QVBoxLayout(box_side)
        box_layout.setContentsMargins(4, 0, 0, 0)
        chooser = QHBoxLayout()
        box_label = QLabel("Box:", box_side)
        describe(box_label, "Box", "Label of the box chooser")
        chooser.addWidget(box_label)
        self.box_spin = QSpinBox(box_side)
        self.box_spin.setObjectName("discover:box")
        self.box_spin.setRange(0, 0)
        self.box_spin.setEnabled(False)
        describe(self.box_spin, "Box", "Which box of the trade-off curve to show (0: all "
                 "worlds; the last: the densest)")
        chooser.addWidget(self.box_spin)
        self.box_count = QLabel("", box_side)
        describe(self.box_count, "Boxes", "How many boxes the trade-off curve has")
        chooser.addWidget(self.box_count)
        chooser.addStretch(1)
        box_layout.addLayout(chooser)
        self.stats = QLabel("", box_side)
        self.stats.setObjectName("discover:stats")
        self.stats.setWordWrap(True)
        self.stats.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        describe(self.stats, "Box statistics", "Coverage, density, mass and cases of the box")
        box_layout.addWidget(self.stats)
        self.table = LeverTable("discover:table", ["Lever", "Box from", "Box to",
                                                   "Sampled range", "Restricted"], box_side)
        describe(self.table, "Box table", "Every sampled lever's range in the box against "
                 "its sampled range; restricted levers first")
        box_layout.addWidget(self.table, 1)
        splitter.addWidget(box_side)
        splitter.setSizes([450, 700])
        layout.addWidget(splitter, 1)

        layout.addLayout(self.bottom_buttons(
            "Apply box centre as a scenario",
            "Set each restricted lever to the middle of its box range"))

        self.figure_combo.currentIndexChanged.connect(self._figure_changed)
        self.month_edit.dateChanged.connect(self._figure_changed)
        self.run_bar.run_button.clicked.connect(self.run)
        self.run_bar.done.connect(self._found)
        self.box_spin.valueChanged.connect(self.choose_box)
        self.apply_button.clicked.connect(self.apply)
        session.scenario_changed.connect(self._show_summary)
        self.figure_combo.setCurrentIndex(self.figure_combo.findData(f"kpi:{DEFAULT_KPI}"))
        self._figure_changed()
        self.setMinimumSize(900, 640)  # explicit: the layout never resizes a shown window
        self.resize(1180, 860)

    # ---- the condition -------------------------------------------------------------------
    @property
    def figure(self) -> tuple[str, str]:
        """("kpi", id) or ("output", id)."""
        kind, _, figure_id = self.figure_combo.currentData().partition(":")
        return kind, figure_id

    @property
    def month(self) -> str:
        return date_month(self.month_edit.date())

    def condition(self) -> Condition:
        kind, figure_id = self.figure
        above = self.direction_combo.currentData()
        threshold = self.threshold_spin.value()
        effect = "" if self.effect is None else self.effect[2]
        if kind == "kpi":
            return Condition(threshold, above, kpi=figure_id, effect=effect)
        return Condition(threshold, above, output=figure_id, month=self.month, effect=effect)

    def set_condition(self, figure: tuple[str, str], above: bool, threshold: float,
                      month: str | None = None) -> None:
        self.figure_combo.setCurrentIndex(self.figure_combo.findData(":".join(figure)))
        if month is not None:
            self.month_edit.setDate(month_date(month))
        self.direction_combo.setCurrentIndex(self.direction_combo.findData(above))
        self.threshold_spin.setValue(threshold)

    def ask_effect(self, scenario, reference, names: tuple[str, str],
                   figure: tuple[str, str], above: bool, samples: int, seed: int,
                   month: str | None = None) -> None:
        """Preset for a policy's effect: which worlds make ``scenario`` minus ``reference``
        (``names``: their names) above or below zero on the figure. Policy levers stay each
        scenario's own, so none is ticked to vary; Apply is off (the boxes are about the
        two scenarios, not the current one)."""
        self.effect = (scenario, reference, f"{names[0]} against {names[1]}")
        self.effect_label.setText(
            f"Asking of the effect of {names[0]} against {names[1]}: in each sampled world "
            f"both run, and the figure is {names[0]}'s minus {names[1]}'s.")
        self.effect_label.show()
        self.effect_clear.show()
        self.policy_list.setEnabled(False)
        self.set_condition(figure, above, 0.0, month)
        self.threshold_spin.setValue(0.0)
        self.samples_spin.setValue(samples)
        self.seed_spin.setValue(seed)
        self.apply_button.setEnabled(False)

    def clear_effect(self) -> None:
        """Back to the current scenario's own figure."""
        self.effect = None
        self.effect_label.hide()
        self.effect_clear.hide()
        self.policy_list.setEnabled(True)
        self._figure_changed()

    def current_value(self) -> float:
        """The figure in the current scenario: the threshold's starting point (zero for
        an effect: its sign is the usual question)."""
        if self.effect is not None:
            return 0.0
        kind, figure_id = self.figure
        if kind == "kpi":
            return scalar(self.session.figures[figure_id])
        return scalar(self.session.results.at(figure_id, self.month))

    def _figure_changed(self, *_args) -> None:
        kind, figure_id = self.figure
        unit = KPIS[figure_id].unit if kind == "kpi" else OUTPUTS[figure_id].unit
        self.month_edit.setEnabled(kind == "output")
        self.threshold_spin.set_unit(unit)
        self.threshold_spin.setValue(round(self.current_value(), 3))

    # ---- the run ---------------------------------------------------------------------------
    def run(self) -> None:
        try:
            condition = self.condition()
        except ValueError as error:
            self.run_bar.show_message(str(error), error=True)
            return
        self.session.flush()
        samples = self.samples_spin.value()
        if self.effect is not None:
            self.sampled, reference, _ = self.effect
            call = functools.partial(discover, self.sampled, condition, samples,
                                     self.seed_spin.value(), reference=reference)
            self.run_bar.start(call, f"Sampling {samples:,} worlds of both scenarios, then "
                                     "finding boxes…")
            return
        self.sampled = self.session.scenario
        call = functools.partial(discover, self.sampled, condition, samples,
                                 self.seed_spin.value(), self.policy_list.chosen())
        self.run_bar.start(call, f"Sampling {samples:,} worlds, then finding boxes…")

    def _found(self, found: Discovery) -> None:
        self.found, self.found_around = found, self.sampled
        result = found.result
        self.found_text = (
            f"{found.condition.describe()}: in {result.cases:,} of {found.samples:,} sampled "
            f"worlds ({result.cases / found.samples:.1%}; seed {found.seed}; "
            f"{len(found.levers)} levers varied). {len(result.trajectory)} boxes, from all "
            "worlds (box 0) to the densest.")
        self._show_summary()
        coverage = np.array([box.coverage for box in result.trajectory])
        density = np.array([box.density for box in result.trajectory])
        self.line.setData(coverage, density)
        self.points.setData(coverage, density, data=np.arange(len(coverage)))
        item = self.chart.getPlotItem()
        item.setXRange(0, 1.02, padding=0)
        item.setYRange(max(0.0, density.min() - 0.05), min(1.02, density.max() + 0.05),
                       padding=0)
        last = len(result.trajectory) - 1
        self.box_spin.blockSignals(True)
        self.box_spin.setRange(0, last)
        self.box_spin.setValue(last)
        self.box_spin.blockSignals(False)
        self.box_spin.setEnabled(True)
        self.box_count.setText(f"of 0–{last} (the last is the densest)")
        self.choose_box(last)

    def _show_summary(self, *_args) -> None:
        """What was found, and whether the scenario has changed since it was sampled."""
        if self.found is None:
            return
        stale = self.found.condition.effect == "" and self.session.scenario != self.found_around
        self.summary.setText(self.found_text + (
            " The scenario has changed since these worlds were sampled around it: Run again "
            "for the current one." if stale else ""))

    # ---- choosing a box ------------------------------------------------------------------
    def _point_tip(self, x: float, y: float, data) -> str:
        if self.found is None:
            return ""
        box = self.found.result.trajectory[int(data)]
        return (f"box {int(data)}: coverage {box.coverage:.1%}, density {box.density:.1%}, "
                f"{len(box.restricted)} levers restricted")

    def _point_clicked(self, _item, points, _event=None) -> None:
        if len(points):
            self.box_spin.setValue(int(points[0].data()))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Arrow keys on the trade-off plot step through the boxes."""
        if (watched is self.chart and event.type() == QEvent.Type.KeyPress
                and event.key() in STEP_KEYS and self.found is not None):
            self.box_spin.setValue(self.box_spin.value() + STEP_KEYS[event.key()])
            return True
        return super().eventFilter(watched, event)

    @property
    def box(self) -> PrimBox | None:
        return None if self.found is None else self.found.result.trajectory[self.box_index]

    def choose_box(self, index: int) -> None:
        if self.found is None:
            return
        result = self.found.result
        self.box_index = index
        box = result.trajectory[index]
        self.chosen_point.setData([box.coverage], [box.density])
        hits = round(box.coverage * result.cases)
        self.stats.setText(
            f"<b>Box {index}</b> ({box.step}): coverage <b>{box.coverage:.1%}</b> (of the "
            f"{result.cases:,} worlds where it holds, {hits:,} are in the box) · density "
            f"<b>{box.density:.1%}</b> (of the {box.samples:,} worlds in the box, the share "
            f"where it holds) · mass {box.mass:.1%} (of all worlds) · "
            f"{len(box.restricted)} levers restricted")
        self._fill_table(box)
        self.apply_button.setEnabled(bool(box.restricted) and not self.found.condition.effect)

    def _fill_table(self, box: PrimBox) -> None:
        """Every sampled lever, restricted ones first (bold): its box against its range."""
        initial = self.found.result.trajectory[0].limits
        rows = []
        for lever_id in sorted(box.limits, key=lambda lever_id: lever_id not in box.restricted):
            unit = LEVERS[lever_id].unit
            (low, high), (first, last) = box.limits[lever_id], initial[lever_id]
            restricted = lever_id in box.restricted
            rows.append((lever_id, [bare_value(low, unit), bare_value(high, unit),
                                    f"{bare_value(first, unit)} – {bare_value(last, unit)}",
                                    "yes" if restricted else "no"], restricted))
        self.table.set_rows(rows)

    # ---- applying --------------------------------------------------------------------------
    def apply(self) -> None:
        box = self.box
        if box is None or not box.restricted:
            return
        centre = box_centre(box)
        self.session.set_levers(centre, f"Apply box {self.box_index} centre "
                                        f"({len(centre)} levers)")
        self.run_bar.show_message(f"Set {len(centre)} levers to the centre of box "
                                  f"{self.box_index}; Edit > Undo takes it back in one step.")

class ExploreCommands(QObject):
    """The main window's commands for exploring at scale (named in desktop/actions.py):
    What must be true, and the robust search over several levers. When the window closes
    (hides after an accepted close), every run they started is stopped and joined."""

    def __init__(self, window):
        super().__init__(window)
        self.main_window = window
        window.installEventFilter(self)

    def _open(self, cls) -> QDialog:
        for dialog in self.main_window.findChildren(cls):
            if dialog.isVisible():  # one of each: bring it forward with its results
                dialog.activateWindow()
                return dialog
        self.main_window.session.flush()
        dialog = cls(self.main_window.session, self.main_window)
        dialog.show()
        return dialog

    def open_discover(self) -> DiscoverWindow:
        """Analysis > What must be true (discover)…"""
        return self._open(DiscoverWindow)

    def open_robust(self) -> RobustDialog:
        """Analysis > Robust change of several levers (robust)…"""
        return self._open(RobustDialog)

    def shutdown(self) -> None:
        for cls in (DiscoverWindow, RobustDialog):
            for dialog in self.main_window.findChildren(cls):
                dialog.shutdown()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self.main_window and event.type() == QEvent.Type.Hide
                and not event.spontaneous()):
            self.shutdown()
        return False
