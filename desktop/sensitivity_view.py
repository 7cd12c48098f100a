"""What matters: a tornado chart of one key figure (every uncertain lever at the low and the
high end of its range) and, on request, Sobol indices computed off the GUI thread.

The tornado (``core.analysis.sensitivity.tornado``, a few ms) follows the session's scenario;
Sobol (``sobol``, a second or two) runs in a ``BackgroundJob`` that reports progress after
every batch of model runs and stops at the next batch when cancelled.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.analysis.sensitivity import DEFAULT_SOBOL_SEED, SobolIndex, TornadoBar, sobol, tornado
from core.kpis import KPIS
from core.levers import LEVERS
from core.units import format_value
from desktop.plots import adopt_new_menus, menus_now
from desktop.workers import BackgroundJob, JobSlot

LOW_COLOUR = "#6c8ebf"  # the figure with the lever at the low end of its range
HIGH_COLOUR = "#d9822b"  # ... at the high end
SOBOL_BASE_SAMPLES = 1024
REFRESH_DELAY_MS = 150


class LabelAxis(pg.AxisItem):
    """Left axis with one text label per bar (lever names)."""

    def __init__(self):
        super().__init__("left")
        self.labels: dict[int, str] = {}

    def set_labels(self, labels: list[str]) -> None:
        self.labels = dict(enumerate(labels))
        self.setTicks([[(i, text) for i, text in self.labels.items()], []])


class SensitivityDialog(QDialog):
    """Tornado of a key figure and its Sobol ranking, for the session's current scenario."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("sensitivity")
        self.setWindowTitle("What matters")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumSize(640, 480)  # explicit: the layout never resizes a shown window
        self.resize(1000, 820)
        self.session = session
        self.bars: list[TornadoBar] = []
        self.indices: list[SobolIndex] = []
        self.slot = JobSlot(self)  # the one Sobol run at a time
        self.slot.progress.connect(self._sobol_progress)
        self.slot.done.connect(self._sobol_done)
        self.slot.failed.connect(self._sobol_failed)
        self.slot.finished.connect(self._idle)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Key figure:", self))
        self.kpi_combo = QComboBox(self)
        self.kpi_combo.setObjectName("sensitivity:kpi")
        self.kpi_combo.setAccessibleName("Key figure")
        self.kpi_combo.setAccessibleDescription("The key figure whose sensitivity to each "
                                                "lever is ranked")
        for kpi in KPIS.values():
            self.kpi_combo.addItem(kpi.label, kpi.id)
        top.addWidget(self.kpi_combo, 1)
        self.sobol_button = QPushButton("Global ranking (Sobol)", self)
        self.sobol_button.setObjectName("sensitivity:sobol")
        self.sobol_button.setToolTip(
            f"Share of the figure's variance due to each lever ({SOBOL_BASE_SAMPLES} base "
            "samples; takes a few seconds)")
        top.addWidget(self.sobol_button)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sensitivity:progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        top.addWidget(self.progress)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("sensitivity:cancel")
        self.cancel_button.setAccessibleDescription("Stop the global ranking run")
        self.cancel_button.hide()
        top.addWidget(self.cancel_button)
        layout.addLayout(top)

        self.note = QLabel(self)
        self.note.setObjectName("sensitivity:note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        layout.addWidget(self.note)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.axis = LabelAxis()
        before = menus_now()
        self.chart = pg.PlotWidget(splitter, axisItems={"left": self.axis})
        adopt_new_menus(self.chart, before)
        self.chart.setObjectName("sensitivity:tornado")
        self.chart.setAccessibleName("Tornado chart")
        self.chart.setAccessibleDescription(
            "How far the key figure moves when each lever goes to the low end and to the "
            "high end of its range, largest swing on top; the table below lists the same")
        item = self.chart.getPlotItem()
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.showGrid(x=True, y=False, alpha=0.2)
        small = QFont()
        small.setPointSize(8)
        self.axis.setStyle(tickFont=small, hideOverlappingLabels=False,
                           textFillLimits=[(0, 1.0), (2, 1.0)])  # every lever named
        self.axis.setWidth(300)
        self.low_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.7,
                                        brush=LOW_COLOUR, pen=pg.mkPen(None))
        self.high_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.7,
                                         brush=HIGH_COLOUR, pen=pg.mkPen(None))
        item.addItem(self.low_bars)
        item.addItem(self.high_bars)
        self.base_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#333", width=1))
        item.addItem(self.base_line)
        self.legend = item.addLegend(offset=(-8, -8), labelTextSize="8pt")
        self.legend.addItem(self.low_bars, "lever at low end")
        self.legend.addItem(self.high_bars, "lever at high end")
        splitter.addWidget(self.chart)
        self.table = QTableWidget(0, 3, splitter)
        self.table.setObjectName("sensitivity:sobol_table")
        self.table.setAccessibleName("Global ranking")
        self.table.setAccessibleDescription(
            "Each lever's share of the key figure's variance, alone and with interactions")
        self.table.setHorizontalHeaderLabels(["Lever", "First order (alone)",
                                              "Total order (with interactions)"])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        splitter.addWidget(self.table)
        splitter.setSizes([640, 160])
        layout.addWidget(splitter, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.kpi_combo.currentIndexChanged.connect(self._kpi_changed)
        # clicked(bool) must not reach start_sobol's sample count
        self.sobol_button.clicked.connect(lambda _checked=False: self.start_sobol())
        self.cancel_button.clicked.connect(self.cancel_sobol)
        session.scenario_changed.connect(self._scenario_changed)
        self.refresh()

    @property
    def kpi_id(self) -> str:
        return self.kpi_combo.currentData()

    def _kpi_changed(self) -> None:
        self.cancel_sobol()
        self.table.setRowCount(0)
        self.indices = []
        self.refresh()

    def _scenario_changed(self, _scenario) -> None:
        self.cancel_sobol()
        self.timer.start()

    # ---- tornado -------------------------------------------------------------------------
    def refresh(self) -> None:
        self.timer.stop()
        kpi = KPIS[self.kpi_id]
        try:
            self.bars = tornado(self.session.scenario, kpi.id)
        except ValueError as error:
            self.bars = []
            self.note.setText(str(error))
            self._draw([])
            return
        base = self.bars[0].kpi_base if self.bars else float("nan")
        shown = self.shown_bars()
        hidden = len(self.bars) - len(shown)
        note = (f"{kpi.label}: {format_value(base, kpi.unit)} in this scenario. Each bar moves "
                "one uncertain lever to the low (blue) or high (orange) end of its range, the "
                "others held; largest swing at the top.")
        if hidden:
            note += f" {hidden} lever{'s' if hidden != 1 else ''} that do not move it: not drawn."
        note += " " + self.policy_note()
        self.note.setText(note)
        self._draw(shown)

    def shown_bars(self) -> list[TornadoBar]:
        """The bars worth drawing: a lever whose swing rounds to nothing is left out."""
        unit = KPIS[self.kpi_id].unit
        return [bar for bar in self.bars
                if format_value(bar.kpi_at_low - bar.kpi_base, unit, signed=True)[:1] in "+-"
                or format_value(bar.kpi_at_high - bar.kpi_base, unit, signed=True)[:1] in "+-"]

    def policy_note(self) -> str:
        """The policy levers are the user's choices, not uncertainties: say which were set
        and that the tornado holds them fixed at those values."""
        chosen = [(LEVERS[i], v) for i, v in self.session.scenario.levers.items()
                  if i in LEVERS and LEVERS[i].is_policy]
        if not chosen:
            return "Policy levers stay at their defaults (held fixed)."
        listed = ", ".join(f"{lever.label} = {format_value(value, lever.unit)}"
                           for lever, value in chosen)
        return f"Policy levers you set, held fixed: {listed}."

    def _draw(self, bars: list[TornadoBar]) -> None:
        count = len(bars)
        y = np.arange(count)[::-1].astype(float)  # the largest swing at the top
        base = np.array([b.kpi_base for b in bars])
        low = np.array([b.kpi_at_low for b in bars])
        high = np.array([b.kpi_at_high for b in bars])
        self.low_bars.setOpts(x0=base, x1=low, y=y, height=0.7)
        self.high_bars.setOpts(x0=base, x1=high, y=y, height=0.7)
        unit = KPIS[self.kpi_id].unit
        self.axis.set_labels([b.label for b in bars][::-1])  # ranges: in the tooltip
        self.chart.setToolTip("\n".join(
            f"{b.label}: {format_value(b.low_value, LEVERS[b.lever_id].unit)} – "
            f"{format_value(b.high_value, LEVERS[b.lever_id].unit)}" for b in bars[:12]))
        item = self.chart.getPlotItem()
        item.setLabel("bottom", KPIS[self.kpi_id].label + ("" if unit == "share" else
                                                          f" ({unit})"))
        if count:
            self.base_line.setValue(float(base[0]))
            values = np.concatenate([base, low, high])
            values = values[np.isfinite(values)]
            if values.size:
                span = float(values.max() - values.min()) or max(abs(float(values[0])), 1.0)
                item.setXRange(values.min() - 0.05 * span, values.max() + 0.05 * span,
                               padding=0)
            item.setYRange(-0.6, count - 0.4, padding=0)

    # ---- Sobol ---------------------------------------------------------------------------
    def start_sobol(self, base_samples: int = SOBOL_BASE_SAMPLES) -> None:
        scenario, kpi_id = self.session.scenario, self.kpi_id

        def run(progress, cancelled):
            return sobol(scenario, kpi_id, base_samples, DEFAULT_SOBOL_SEED, progress, cancelled)

        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.sobol_button.setEnabled(False)
        self.slot.start(BackgroundJob(run, self, name="sobol"))

    @property
    def job(self) -> BackgroundJob | None:
        """The Sobol run in progress, if any."""
        return self.slot.job

    def _sobol_progress(self, done: int, total: int) -> None:
        self.progress.setValue(100 * done // total)

    def _sobol_done(self, indices: list[SobolIndex]) -> None:
        self.indices = indices
        self.table.setRowCount(len(indices))
        for row, index in enumerate(indices):
            for column, text in enumerate((index.label, f"{index.first_order:.3f}",
                                           f"{index.total_order:.3f}")):
                cell = QTableWidgetItem(text)
                if column:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)

    def _sobol_failed(self, message: str, _broken: bool) -> None:
        self.note.setText(f"Sobol ranking failed: {message}")

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.sobol_button.setEnabled(True)

    def cancel_sobol(self) -> None:
        self.slot.cancel()
        self._idle()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop the Sobol run and join its thread."""
        self.timer.stop()
        self._idle()
        self.slot.shutdown(timeout_s)

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
