"""Why did this move: a waterfall from the reference's value, through each changed lever's
and event's share of the change, to the scenario's value, with a table beside it.

The shares are Shapley values (``core.analysis.explain.explain``): they add up to the
total change exactly. Beside each the table shows its one-at-a-time effect, and a row says
how much the one-at-a-time effects miss together (the interaction), so it is never hidden.

The window follows the session: a lever move drops any run under way (its result would be
stale) and, ``DEBOUNCE_MS`` after the last move, one ``explain`` runs off the GUI thread
(a ``BackgroundJob`` in a ``JobSlot``); the chart and table redraw when it lands. Opened from
a key-figure card's context menu ("Why did this move?") or Analysis > Why did this move
(explain)….
"""

from __future__ import annotations

import math
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from core.analysis.explain import Attribution, Contribution, explain
from core.catalogue.key_figures import KPIS
from core.catalogue.outputs import OUTPUTS
from core.common.formatting import format_value
from core.common.palette import BASELINE_COLOUR, CN_COLOUR, EVENT_COLOUR, SINGLE_COLOUR, US_COLOUR
from core.common.timegrid import month_range
from core.formats.scenario import load_bundled
from desktop.state.session import bundled_titles
from desktop.state.workers import BackgroundJob, JobSlot
from desktop.widgets.accessibility import describe
from desktop.widgets.analysis_controls import PromptedResults, fill_table
from desktop.widgets.plots import ValueAxis, adopt_new_menus, menus_now, still_chart
from desktop.windows.sensitivity_window import LabelAxis

DEBOUNCE_MS = 100  # after the last lever move; a run takes 15-80 ms, so ~200 ms in all
MAX_BARS = 12  # items drawn one by one; the rest share one bar (the table lists them all)
TOTAL_COLOUR = "#3a3a3a"  # the scenario's value: a total, neither country's colour
LABEL_CHARS = 54  # item names on the chart's axis are cut here; the table has them whole
LEGEND = (f"<span style='color:{US_COLOUR}'>■</span> US lever &nbsp; "
          f"<span style='color:{CN_COLOUR}'>■</span> China lever &nbsp; "
          f"<span style='color:{SINGLE_COLOUR}'>■</span> other lever &nbsp; "
          f"<span style='color:{EVENT_COLOUR}'>■</span> event &nbsp; · &nbsp; "
          "solid bar: raises the figure; pale bar with an outline: lowers it &nbsp; · &nbsp; "
          f"<span style='color:{BASELINE_COLOUR}'>■</span> reference, "
          f"<span style='color:{TOTAL_COLOUR}'>■</span> this scenario")


def item_colour(key: str) -> str:
    """A lever's country colour (by its id), events in the events' colour."""
    if key.startswith("event:"):
        return EVENT_COLOUR
    if key.startswith("us_"):
        return US_COLOUR
    if key.startswith("cn_") or key == "ascend_yield":
        return CN_COLOUR
    return SINGLE_COLOUR


def signed(value: float, unit: str) -> str:
    """A change with its sign; a small non-zero one keeps three significant digits rather
    than rounding to a zero that hides it."""
    text = format_value(value, unit, signed=True)
    if value != 0 and math.isfinite(value) and text[:1] not in "+-":
        shown = value * 100 if unit == "share" else value
        return f"{shown:+.3g} {'pts' if unit == 'share' else unit}".rstrip()
    return text.replace("-", "−", 1) if text.startswith("-") else text


def shown_items(attribution: Attribution) -> list[Contribution]:
    """The items to draw, largest first; beyond ``MAX_BARS`` the rest as one bar."""
    items = sorted(attribution.items, key=lambda c: -abs(c.contribution))
    if len(items) <= MAX_BARS:
        return items
    rest = items[MAX_BARS - 1:]
    return items[:MAX_BARS - 1] + [Contribution(
        f"{len(rest)} other items (listed in the table)", "rest",
        sum(c.contribution for c in rest), sum(c.one_at_a_time for c in rest))]


def readable(text: str) -> str:
    """An item as the core names it, with a real arrow."""
    return text.replace(" -> ", " → ")


def total_bar_floor(low: float, high: float) -> float:
    """Where the reference and scenario bars start: at zero whenever the figures cross it
    or zero is near (a bar's length then reads as its value, and a negative figure as
    negative); only figures far from zero on one side start nearer, and the axis says so."""
    span = (high - low) or max(abs(high), abs(low), 1.0) * 0.1
    if low <= 0 <= high or (low > 0 and low <= 3 * span) or (high < 0 and -high <= 3 * span):
        return 0.0
    return low - 0.35 * span if low > 0 else high + 0.35 * span


def _short(text: str) -> str:
    text = readable(text)
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


class ExplainWindow(QDialog):
    """The waterfall and table for one figure, following the session's scenario."""

    updated = Signal()  # a new attribution is drawn

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("explain")
        self.setWindowTitle("Why did this move?")
        self.setAccessibleName("Why did this move")
        self.setAccessibleDescription("A waterfall of a figure's change from a reference "
                                      "scenario, split among the levers and events changed")
        self.setMinimumSize(720, 520)
        self.resize(1120, 900)
        self.session = session
        self.attribution: Attribution | None = None
        self.explained = None  # (scenario, reference name, target) the attribution is of
        self.update_count = 0
        self.updated_at = 0.0  # perf_counter() when the last attribution was drawn
        self.value_labels: list[pg.TextItem] = []
        self._references: dict[str, object] = {}
        self._months_span: tuple[str, str] | None = None
        self.slot = JobSlot(self)
        self.slot.done.connect(self._show)
        self.slot.failed.connect(self._failed)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.recompute)

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel("Figure:", self))
        self.target_combo = describe(QComboBox(self), "Figure to explain",
                                   "A key figure, or a plotted output at a chosen month",
                                   object_name="explain:target")
        for kpi in KPIS.values():
            self.target_combo.addItem(kpi.label, f"kpi:{kpi.id}")
        self.target_combo.insertSeparator(self.target_combo.count())
        for output in OUTPUTS.values():
            self.target_combo.addItem(f"{output.label} (at a month)", f"output:{output.id}")
        top.addWidget(self.target_combo, 2)
        self.month_label = QLabel("Month:", self)
        top.addWidget(self.month_label)
        self.month_combo = describe(QComboBox(self), "Month",
                                  "The month an output is read at (key figures have their own)",
                                  object_name="explain:month")
        top.addWidget(self.month_combo)
        top.addWidget(QLabel("Against:", self))
        self.reference_combo = describe(QComboBox(self), "Reference scenario",
                                      "The scenario the change is measured from",
                                      object_name="explain:reference")
        for name, title in bundled_titles():
            self.reference_combo.addItem(title, name)
        top.addWidget(self.reference_combo, 1)
        self.status = describe(QLabel("", self), "Status",
                             "Whether the waterfall is being recomputed",
                             object_name="explain:status")
        self.status.setMinimumWidth(90)
        top.addWidget(self.status)
        layout.addLayout(top)

        self.note = describe(QLabel(self), "Summary",
                           "The figure in the reference and in this scenario, and the method",
                           object_name="explain:note")
        self.note.setWordWrap(True)
        layout.addWidget(self.note)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        chart_box = QWidget(splitter)
        chart_column = QVBoxLayout(chart_box)
        chart_column.setContentsMargins(0, 0, 0, 0)
        self.axis = LabelAxis()
        before = menus_now()
        self.value_axis = ValueAxis("bottom")  # readable ticks, shares in percent
        self.chart = pg.PlotWidget(chart_box, axisItems={"left": self.axis,
                                                         "bottom": self.value_axis})
        adopt_new_menus(self.chart, before)
        describe(self.chart, "Waterfall chart",
               "Bars from the reference value through each item's contribution to this "
               "scenario's value", object_name="explain:waterfall")
        plot = still_chart(self.chart.getPlotItem(), y_grid=False)
        small = QFont()
        small.setPointSize(9)
        self.axis.setStyle(tickFont=small, hideOverlappingLabels=False,
                           textFillLimits=[(0, 1.0), (2, 1.0)])
        self.axis.setWidth(370)
        self.end_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.6)
        self.item_bars = pg.BarGraphItem(x0=[], x1=[], y=[], height=0.6)
        self.connectors = pg.PlotDataItem(pen=pg.mkPen("#888", width=1,
                                                       style=Qt.PenStyle.DashLine),
                                          connect="pairs")
        for item in (self.connectors, self.end_bars, self.item_bars):
            plot.addItem(item)
        chart_column.addWidget(self.chart, 1)
        self.legend = describe(QLabel(LEGEND, chart_box), "Legend",
                             "What the bar colours and fills mean", object_name="explain:legend")
        self.legend.setWordWrap(True)
        chart_column.addWidget(self.legend)
        splitter.addWidget(chart_box)
        self.table = describe(QTableWidget(0, 3), "Contributions",
                            "Each item's contribution, its one-at-a-time effect, the "
                            "interaction and the total change", object_name="explain:table")
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table_page = PromptedResults("explain:table", self.table, splitter)
        splitter.addWidget(self.table_page)
        splitter.setSizes([500, 330])
        self.splitter = splitter
        layout.addWidget(splitter, 1)

        self._fill_months()
        self.target_combo.currentIndexChanged.connect(self._target_changed)
        self.month_combo.currentIndexChanged.connect(self.schedule)
        self.reference_combo.currentIndexChanged.connect(self.schedule)
        session.scenario_changed.connect(self._scenario_changed)
        if parent is not None:
            parent.installEventFilter(self)  # the main window closing: join the run
        self._target_changed()

    # ---- what is explained -----------------------------------------------------------------
    @property
    def target(self) -> tuple[str, str, str | None]:
        """("kpi", id, None) or ("output", id, month)."""
        kind, _, target_id = self.target_combo.currentData().partition(":")
        return kind, target_id, self.month_combo.currentText() if kind == "output" else None

    def level(self, value: float, unit: str) -> str:
        """A level of the figure explained, as its output declares it (a power gap as
        shortfall or surplus); the bars' changes stay signed."""
        kind, target_id, _month = self.target
        return (KPIS[target_id] if kind == "kpi" else OUTPUTS[target_id]).format(value, unit)

    def show_kpi(self, kpi_id: str) -> None:
        """Explain a key figure (a card's "Why did this move?")."""
        self.target_combo.setCurrentIndex(self.target_combo.findData(f"kpi:{kpi_id}"))

    def _fill_months(self) -> None:
        """The months of the scenario's run (every lever move calls this: cheap when the
        run's span is unchanged)."""
        scenario = self.session.scenario
        if (scenario.start, scenario.end) == self._months_span:
            return
        self._months_span = (scenario.start, scenario.end)
        months = list(month_range(scenario.start, scenario.end))
        chosen = self.month_combo.currentText() or months[-1]
        self.month_combo.blockSignals(True)
        self.month_combo.clear()
        self.month_combo.addItems(months)
        self.month_combo.setCurrentIndex(months.index(chosen) if chosen in months
                                         else len(months) - 1)
        self.month_combo.blockSignals(False)

    def _target_changed(self) -> None:
        by_month = self.target[0] == "output"  # a key figure has its own month
        self.month_label.setVisible(by_month)
        self.month_combo.setVisible(by_month)
        self.schedule()

    def _scenario_changed(self, _scenario) -> None:
        self._fill_months()
        self.schedule()

    # ---- computing -------------------------------------------------------------------------
    def schedule(self, *_args) -> None:
        """Drop the run under way (its answer would be stale) and run again shortly."""
        owner = self.parentWidget()
        if not self.isVisible() or (owner is not None and not owner.isVisible()):
            return  # nobody sees it (or the main window has closed)
        self.slot.cancel()
        self.status.setText("Updating…")
        self.chart.setOpacity(0.55)
        if self.attribution is None:  # nothing drawn yet: say what is on its way
            kind, target_id, _month = self.target
            label = (KPIS[target_id] if kind == "kpi" else OUTPUTS[target_id]).label
            self.table_page.show_prompt(
                f"Working out which levers and events moved “{label}” away from "
                f"{self.reference_title()}…")
            self._fit_table()
        self.timer.start()

    def _reference(self, name: str):
        if name not in self._references:
            self._references[name] = load_bundled(name)
        return self._references[name]

    def recompute(self) -> None:
        """Start one attribution off the GUI thread for the scenario as it is now."""
        self.timer.stop()
        scenario = self.session.scenario
        reference_name = self.reference_combo.currentData()
        reference = self._reference(reference_name)
        kind, target_id, month = self.target
        key = (scenario, reference_name, (kind, target_id, month))

        def run(_progress, _cancelled):
            if kind == "kpi":
                return key, explain(scenario, reference, kpi_id=target_id)
            return key, explain(scenario, reference, output_id=target_id, month=month)

        self.status.setText("Updating…")
        self.slot.start(BackgroundJob(run, self, name="explain"))

    def _failed(self, message: str, _broken: bool) -> None:
        """Say why (e.g. a key figure read after the scenario's last month); draw nothing
        rather than an answer to another question."""
        self.status.setText("")
        self.chart.setOpacity(1.0)
        self.attribution = self.explained = None
        for item in (self.end_bars, self.item_bars):
            item.setOpts(x0=[], x1=[], y=[], brushes=None, pens=None)
        self.connectors.setData([], [])
        for label in self.value_labels:
            label.hide()
        self.axis.set_labels([])
        self.table.setRowCount(0)
        self.note.setText(f"Could not explain this figure: {message.partition(': ')[2]}")
        self.table_page.show_prompt("No contributions to list: this figure could not be "
                                    "explained (the reason is above).")
        self._fit_table()

    def _show(self, answer) -> None:
        key, attribution = answer
        self.attribution, self.explained = attribution, key
        self._draw(attribution)
        self._fill_table(attribution)
        self.note.setText(self._summary(attribution))
        self.chart.setOpacity(1.0)
        if not self.timer.isActive():
            self.status.setText("")
        self.update_count += 1
        self.updated_at = time.perf_counter()
        self.updated.emit()

    # ---- drawing ---------------------------------------------------------------------------
    def reference_title(self) -> str:
        return self.reference_combo.currentText()

    def _summary(self, attribution: Attribution) -> str:
        unit = attribution.unit
        method = (f"exact Shapley values over {attribution.runs} runs" if attribution.exact
                  else f"Shapley values sampled over {attribution.runs} runs (± standard "
                  "errors in the table)")
        text = (f"<b>{attribution.label}</b>: {self.level(attribution.reference_value, unit)} "
                f"in {self.reference_title()}, {self.level(attribution.scenario_value, unit)} "
                f"in this scenario: {signed(attribution.total, unit)}. Each bar is an item's "
                f"fair share of the change, by {method}; the shares add up to the total exactly.")
        if not attribution.items:
            text += " Nothing differs from the reference: no lever or event changes."
        for note in attribution.notes:
            text += f" Note: {note}."
        return text

    def _draw(self, attribution: Attribution) -> None:
        unit = attribution.unit
        items = shown_items(attribution)
        count = len(items)
        starts = attribution.reference_value + np.concatenate(
            [[0.0], np.cumsum([c.contribution for c in items])])
        ends = starts[1:].copy()
        if count:
            ends[-1] = attribution.scenario_value  # the exact end, whatever the rounding
        rows = np.arange(count + 2)[::-1].astype(float)  # reference on top, scenario last
        values = np.concatenate([starts, [attribution.scenario_value]])
        values = values[np.isfinite(values)]
        low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
        floor = total_bar_floor(low, high)
        self.end_bars.setOpts(
            x0=[floor, floor], x1=[attribution.reference_value, attribution.scenario_value],
            y=[rows[0], rows[-1]], height=0.6,
            brushes=[pg.mkBrush(BASELINE_COLOUR), pg.mkBrush(TOTAL_COLOUR)],
            pens=[pg.mkPen(None), pg.mkPen(None)])
        brushes, pens = [], []
        for item in items:
            colour = QColor(item_colour(item.key))
            if item.contribution >= 0:
                brushes.append(pg.mkBrush(colour))
            else:
                pale = QColor(colour)
                pale.setAlpha(70)
                brushes.append(pg.mkBrush(pale))
            pens.append(pg.mkPen(colour, width=1.5))
        self.item_bars.setOpts(x0=starts[:-1], x1=ends, y=rows[1:-1], height=0.6,
                               brushes=brushes or None, pens=pens or None)  # none: no lists
        # dashed steps from each bar's end to the next bar's start
        joins_x = np.repeat(np.concatenate([[attribution.reference_value], ends]), 2)
        joins_y = np.column_stack([rows[:-1] - 0.3, rows[1:] + 0.3]).ravel()
        self.connectors.setData(joins_x, joins_y)
        self._label_values(attribution, items, ends, rows, floor)
        labels = [f"{self.reference_title()} (reference)"]
        labels += [_short(item.item) for item in items]
        labels.append("This scenario")
        self.axis.set_labels(labels[::-1])
        self.value_axis.is_share = unit == "share"
        plot = self.chart.getPlotItem()
        plot.setLabel("bottom", attribution.label + ("" if unit == "share" else f" ({unit})")
                      + ("" if floor == 0 else " · the axis does not start at zero"))
        lowest, highest = min(low, floor), max(high, floor)
        width = (highest - lowest) or 1.0
        left, right = self._label_room()  # the share of the chart the value labels need
        plot.setXRange(lowest - (0.03 + left) * width, highest + (0.03 + right) * width,
                       padding=0)
        plot.setYRange(-0.6, count + 1.6, padding=0)
        self.chart.setToolTip("\n".join(
            f"{readable(item.item)}: {signed(item.contribution, unit)}" for item in items))

    def _label_values(self, attribution, items, ends, rows, floor: float) -> None:
        """Each bar's value beside its end, outside the bar: the change for items, the level
        for totals. The text items are kept and reused (making one costs a millisecond)."""
        unit = attribution.unit
        texts = [(self.level(attribution.reference_value, unit),
                  attribution.reference_value, rows[0], attribution.reference_value >= floor)]
        texts += [(signed(item.contribution, unit), float(end), row, item.contribution >= 0)
                  for item, end, row in zip(items, ends, rows[1:-1], strict=True)]
        texts.append((self.level(attribution.scenario_value, unit),
                      attribution.scenario_value, rows[-1], attribution.scenario_value >= floor))
        plot = self.chart.getPlotItem()
        while len(self.value_labels) < len(texts):
            label = pg.TextItem("", color=pg.getConfigOption("foreground"))  # the theme's
            plot.addItem(label)
            self.value_labels.append(label)
        for label, (text, x, y, rightwards) in zip(self.value_labels, texts, strict=False):
            label.setText(text)
            label.setAnchor((0, 0.5) if rightwards else (1, 0.5))
            label.setPos(x, y)
            label.show()
        for label in self.value_labels[len(texts):]:
            label.hide()

    def _label_room(self) -> tuple[float, float]:
        """How far past the bars the value labels reach, left and right, as shares of the
        bars' span: wide enough that no label is cut at the chart's edge."""
        plot_width = max(self.chart.getPlotItem().vb.width(), 200.0)
        left = right = 0.0
        for label in self.value_labels:
            if label.isVisible():
                metrics = QFontMetrics(label.textItem.font())
                needed = (metrics.horizontalAdvance(label.toPlainText()) + 12) / plot_width
                if label.anchor.x() == 0:
                    right = max(right, needed)
                else:
                    left = max(left, needed)
        return left / max(1 - left - right, 0.3), right / max(1 - left - right, 0.3)

    def _fill_table(self, attribution: Attribution) -> None:
        unit = attribution.unit
        sampled = not attribution.exact
        headers = ["Item", "Contribution (fair share)", "One at a time"]
        headers += ["± standard error"] if sampled else []
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        rows = [[readable(item.item), signed(item.contribution, unit), signed(item.one_at_a_time, unit)]
                + ([format_value(item.standard_error, unit)] if sampled else [])
                for item in sorted(attribution.items, key=lambda c: -abs(c.contribution))]
        blank = [""] if sampled else []
        rows.append(["Interaction (total change − sum of one-at-a-time effects)", "",
                     signed(attribution.interaction, unit), *blank])
        rows.append(["Total change", signed(attribution.total, unit),
                     signed(sum(c.one_at_a_time for c in attribution.items), unit), *blank])
        header = self.table.horizontalHeader()
        for column in range(1, len(headers)):  # sized once below, not after every cell
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        fill_table(self.table, rows, bold={len(rows) - 2, len(rows) - 1})  # the totals
        self.table_page.show_results()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            self.table.resizeColumnToContents(column)
        self._fit_table()

    def _fit_table(self) -> None:
        """The table as tall as its rows (up to half the split), the chart the rest: no
        empty table under a few rows, and only a line while the table has none."""
        table = self.table
        if self.table_page.prompting():  # one line in place of the table
            prompt = self.table_page.prompt
            wanted = prompt.heightForWidth(max(self.splitter.width(), 200)) + 4
        else:
            rows = sum(table.rowHeight(row) for row in range(table.rowCount()))
            wanted = rows + table.horizontalHeader().height() + 2 * table.frameWidth() + 4
        total = sum(self.splitter.sizes())
        wanted = min(wanted, total // 2)
        self.splitter.setSizes([total - wanted, wanted])

    def drawn_steps(self) -> tuple[np.ndarray, np.ndarray]:
        """(starts, ends) of the item bars as drawn, top to bottom."""
        opts = self.item_bars.opts
        return np.asarray(opts["x0"], dtype=float), np.asarray(opts["x1"], dtype=float)

    # ---- life ------------------------------------------------------------------------------
    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.schedule()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop computing and join the run under way (closing, or the main window going)."""
        self.timer.stop()
        self.slot.shutdown(timeout_s)
        self.status.setText("")

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.shutdown()  # before the main window (and this with it) can be deleted
            QTimer.singleShot(0, self, self.schedule)  # the close was cancelled: go on
        return False


class ExplainCommands(QObject):
    """The main window's "Why did this move?" commands: one waterfall window, opened from
    Analysis > Why did this move (explain)… or a key-figure card's context menu."""

    def __init__(self, window):
        super().__init__(window)
        self.main_window = window
        self.view: ExplainWindow | None = None
        for card in window.kpi_strip.cards.values():
            card.explain_requested.connect(self.open_for_kpi)

    def open(self) -> ExplainWindow:
        """Show the waterfall window (the one already open, if any)."""
        if self.view is None:
            self.view = ExplainWindow(self.main_window.session, self.main_window)
            self.view.setWindowFlag(Qt.WindowType.Window, True)
        if self.view.isVisible() and QGuiApplication.platformName() != "offscreen":
            self.view.raise_()  # already open, maybe behind: to the front
        self.view.show()
        return self.view

    def open_for_kpi(self, kpi_id: str) -> ExplainWindow:
        view = self.open()
        view.show_kpi(kpi_id)
        return view
