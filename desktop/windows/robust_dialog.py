"""Analysis > Robust change of several levers (robust)…: goal seek over several policy levers
for a target that must hold in a share of the sampled worlds ("lead above 12 months in at least
90 % of worlds").

``core.analysis.robust.robust_search`` finds the smallest change from the current scenario
(the sum of |change| / range over the chosen levers, every candidate judged on the same
worlds), or says how close it gets; it runs off the GUI thread through a ``RunBar`` (a few
seconds for 2,000 worlds). Apply sets the levers it moved as one undoable step.
"""

from __future__ import annotations

import functools

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from core.analysis.robust import RobustResult, Target, robust_search
from core.catalogue.key_figures import KPIS
from core.catalogue.levers import LEVERS, policy_levers
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

DEFAULT_KPI = "capability_gap_2030"
DEFAULT_THRESHOLD = 12.0  # months of US lead
DEFAULT_PROBABILITY_PERCENT = 90
DEFAULT_SAMPLES = 2000
DEFAULT_LEVERS = ("us_permitting_reform_share", "export_fee_share")


class RobustDialog(AnalysisDialog):
    """Levers, target and probability in; the change per lever, the probability reached,
    the search's own message and Apply out."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__("robust", "Robust change of several levers", session, parent)
        self.result: RobustResult | None = None
        self.searched = session.scenario  # the scenario of the last search

        layout = QVBoxLayout(self)
        intro = QLabel("Goal seek over several policy levers at once, for a target that must "
                       "hold in most sampled worlds: the smallest change from the current "
                       "scenario (the sum over the chosen levers of |change| / the lever's "
                       "range) that meets it, every candidate judged on the same worlds; or "
                       "how close the levers can get.", self)
        intro.setWordWrap(True)
        describe(intro, "About the robust search", "What the search finds and how it measures "
                 "change")
        layout.addWidget(intro)

        top = QHBoxLayout()
        levers = QGroupBox("Levers to move", self)
        describe(levers, "Levers to move", "The policy levers the search may change")
        levers_layout = QVBoxLayout(levers)
        self.lever_list = LeverChecklist(
            "robust:levers", [lever.id for lever in policy_levers()],
            DEFAULT_LEVERS, levers)
        describe(self.lever_list, "Levers to move",
                 "The policy levers the search may change; Space ticks one")
        levers_layout.addWidget(self.lever_list)
        top.addWidget(levers, 1)
        target = QGroupBox("Target", self)
        describe(target, "Target", "The key figure, its value, the probability, the sample "
                 "count and seed")
        form = QFormLayout(target)
        self.kpi_combo = QComboBox(target)
        self.kpi_combo.setObjectName("robust:kpi")
        for kpi in KPIS.values():
            self.kpi_combo.addItem(f"{kpi.label} ({kpi.unit})", kpi.id)
        describe(self.kpi_combo, "Key figure", "The key figure the target is about")
        self.direction_combo = QComboBox(target)
        self.direction_combo.setObjectName("robust:direction")
        self.direction_combo.addItem("at least (≥)", True)
        self.direction_combo.addItem("at most (≤)", False)
        describe(self.direction_combo, "At least or at most",
                 "Whether the figure must be above or below the value")
        self.threshold_spin = ThresholdSpin("robust:threshold", target)
        describe(self.threshold_spin, "Value", "The value the figure must reach, in its unit")
        self.probability_spin = QDoubleSpinBox(target)
        self.probability_spin.setObjectName("robust:probability")
        self.probability_spin.setRange(1, 100)
        self.probability_spin.setDecimals(0)
        self.probability_spin.setSuffix(" % of worlds")
        self.probability_spin.setValue(DEFAULT_PROBABILITY_PERCENT)
        describe(self.probability_spin, "Probability",
                 "The share of the sampled worlds in which the target must hold")
        self.samples_spin, self.seed_spin = worlds_spins(
            "robust", DEFAULT_SAMPLES, 100_000, 500, session.scenario.uncertainty.seed, target)
        self.samples_spin.setAccessibleDescription(
            "Worlds every candidate is judged on (the same for every candidate)")
        form.addRow("Key figure:", self.kpi_combo)
        form.addRow("Should be:", self.direction_combo)
        form.addRow("Value:", self.threshold_spin)
        form.addRow("In at least:", self.probability_spin)
        form.addRow("Sampled worlds:", self.samples_spin)
        form.addRow("Seed:", self.seed_spin)
        top.addWidget(target, 1)
        layout.addLayout(top)

        self.run_bar = RunBar("robust", "Find", "robust search", self)
        layout.addWidget(self.run_bar)
        self.message = QLabel("", self)
        self.message.setObjectName("robust:message")
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setMinimumHeight(48)
        describe(self.message, "Result", "Whether the target is met, with what change, or how "
                 "close the levers get")
        layout.addWidget(self.message)
        self.table = LeverTable("robust:table",
                                ["Lever", "Now", "Found", "Change (share of range)"], self)
        describe(self.table, "Change per lever", "Each chosen lever now, as found, and its "
                 "change as a share of its range")
        layout.addWidget(self.table, 1)

        layout.addLayout(self.bottom_buttons("Apply", "Set the levers to the values found"))

        self.kpi_combo.currentIndexChanged.connect(self._kpi_changed)
        self.run_bar.run_button.clicked.connect(self.run)
        self.run_bar.done.connect(self._found)
        self.apply_button.clicked.connect(self.apply)
        session.scenario_changed.connect(self._scenario_changed)
        self.kpi_combo.setCurrentIndex(self.kpi_combo.findData(DEFAULT_KPI))
        self._kpi_changed()
        self.threshold_spin.setValue(DEFAULT_THRESHOLD)
        self.setMinimumSize(760, 520)  # explicit: the layout never resizes a shown window
        self.resize(960, 560)

    @property
    def kpi_id(self) -> str:
        return self.kpi_combo.currentData()

    def _kpi_changed(self, *_args) -> None:
        self.threshold_spin.set_unit(KPIS[self.kpi_id].unit)
        self.threshold_spin.setValue(round(scalar(self.session.figures[self.kpi_id]), 3))

    def target(self) -> Target:
        return Target(self.kpi_id, self.threshold_spin.value(),
                      self.direction_combo.currentData(),
                      self.probability_spin.value() / 100)

    def run(self) -> None:
        levers = self.lever_list.chosen()
        if not levers:
            self.run_bar.show_message("Tick at least one lever to move.", error=True)
            return
        try:
            target = self.target()
        except ValueError as error:
            self.run_bar.show_message(str(error), error=True)
            return
        self.session.flush()
        self._clear()
        samples = self.samples_spin.value()
        self.searched = self.session.scenario
        call = functools.partial(robust_search, self.searched, levers, target, samples,
                                 self.seed_spin.value())
        self.run_bar.start(call, f"Judging candidates on {samples:,} worlds…")

    def _clear(self) -> None:
        self.result = None
        self.apply_button.setEnabled(False)
        self.message.setText("")
        self.table.setRowCount(0)

    def _found(self, result: RobustResult) -> None:
        self.result = result
        self.message.setText(f"{result.message}\nProbability reached: "
                             f"{result.probability:.1%} (target "
                             f"{result.target.probability:.0%}; now "
                             f"{result.start_probability:.1%}).")
        self.message.setStyleSheet("color: #1b5e20;" if result.met else "color: #b3261e;")
        rows = []
        for lever_id, value in result.values.items():
            lever = LEVERS[lever_id]
            start = result.start[lever_id]
            share = (value - start) / (lever.max - lever.min) if lever.max > lever.min else 0.0
            rows.append((lever_id, [bare_value(start, lever.unit), bare_value(value, lever.unit),
                                    f"{share:+.3f}"], value != start))
        self.table.set_rows(rows)
        current = self.session.scenario == self.searched
        if not current:
            self.run_bar.show_message("The scenario changed during the search: this answer "
                                      "is for the scenario as it was; Find again to apply one.")
        self.apply_button.setEnabled(result.met and self.moves() != {} and current)

    def moves(self) -> dict[str, float]:
        """The levers the answer changes, with their new values."""
        if self.result is None:
            return {}
        return {lever_id: value for lever_id, value in self.result.values.items()
                if value != self.result.start[lever_id]}

    def apply(self) -> None:
        moves = self.moves()
        if not moves or not self.result.met:
            return
        self.session.set_levers(moves, f"Apply robust change ({len(moves)} levers)")
        self.run_bar.show_message("Applied; Edit > Undo takes it back in one step.")

    def _scenario_changed(self, _scenario) -> None:
        """An answer is a change from the scenario it was found for: after any other change
        (Apply included) it no longer applies."""
        if self.result is not None:
            self.apply_button.setEnabled(False)
