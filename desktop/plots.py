"""The plot grid: one pyqtgraph plot per chosen output, the baseline as a faint ghost behind.

A US output plots its China counterpart beside it (``us_x`` with ``cn_x``), so "US vs China"
reads from one plot. Updates set one path per curve; the y range is computed here
and only changed when the data leaves it or shrinks a lot, so a drag does no auto-range work.
Curves are plain ``QGraphicsPathItem``s (``Curve``), painted and bounded in C++: pyqtgraph's
``PlotDataItem`` and ``PlotCurveItem`` do both in Python, which made them the largest cost of
a lever move after the model (benchmarks/bench_gui.py). The log transform they would do is
one function here (``in_view_units``).
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsPathItem,
    QGridLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QWidget,
)

from core.outputs import OUTPUTS
from core.results import Results
from core.timegrid import parse_month
from core.units import format_value

DEFAULT_PLOTS: tuple[str, ...] = (
    "us_dc_capacity_gw", "us_power_demand_gw", "us_power_gap_gw", "us_installed_h100e",
    "cn_legal_imports_h100e", "us_effective_compute", "capability_gap_months",
    "open_weight_share", "cn_usage_share", "access_index",
)
US_COLOUR = "#1f5fa8"
CN_COLOUR = "#c8372d"
SINGLE_COLOUR = "#2b6f6a"
GHOST_COLOUR = (150, 150, 150, 130)
EVENT_COLOUR = (214, 140, 30)
# the six plots a briefing and presenter mode show: the seed article's story in one screen
HEADLINE_PLOTS: tuple[str, ...] = (
    "us_power_gap_gw", "us_installed_h100e", "cn_legal_imports_h100e",
    "capability_gap_months", "cn_usage_share", "open_weight_share",
)
PAD = 0.08  # share of the data's span left free above and below the curves
GROWTH_PAD = 0.25  # the same when the data has just left the view
MIN_PLOT_WIDTH = 290


def companion(output_id: str) -> str | None:
    """The China series drawn with a US one, if the catalogue has it."""
    if output_id.startswith("us_"):
        other = "cn_" + output_id[3:]
        if other in OUTPUTS:
            return other
    return None


def plot_title(output_id: str) -> str:
    """A short title: the US/China pair drops "US", long parentheticals go to the tooltip."""
    label = OUTPUTS[output_id].label
    if companion(output_id):
        label = label.removeprefix("US ").removeprefix("US-")
        label = label[:1].upper() + label[1:]
    if len(label) > 28 and "(" in label:
        label = label[:label.index("(")].strip()
    return label


def title_html(output_id: str) -> str:
    """Title with a colour key: a legend that never covers a curve."""
    title = plot_title(output_id)
    if companion(output_id):
        return (f"{title}: <span style='color:{US_COLOUR}'>US</span> "
                f"<span style='color:{CN_COLOUR}'>China</span>")
    return title


def compact(value: float) -> str:
    """Tick labels: 1.5k, 20M, 3B instead of 1.5e+03."""
    magnitude = abs(value)
    for scale, suffix in ((1e12, "T"), (1e9, "B"), (1e6, "M"), (1e3, "k")):
        if magnitude >= scale:
            return f"{value / scale:g}{suffix}"
    if magnitude and magnitude < 0.01:
        return f"{value:.0e}"
    return f"{value:g}"


def years(months: list[str]) -> np.ndarray:
    first = parse_month(months[0])
    return 2025.0 + (first - parse_month("2025-01") + np.arange(len(months))) / 12.0


def month_to_year(month: str) -> float:
    return 2025.0 + (parse_month(month) - parse_month("2025-01")) / 12.0


class ValueAxis(pg.AxisItem):
    """Readable tick labels (no SI-prefix scaling of the axis title), shares as percent."""

    def __init__(self, orientation: str, is_share: bool = False):
        super().__init__(orientation)
        self.is_share = is_share
        self.enableAutoSIPrefix(False)

    def tickStrings(self, values, scale, spacing):
        if self.logMode:
            return self.logTickStrings(values, scale, spacing)
        if self.is_share:
            return [f"{v * 100:.0f}%" for v in values]
        return [compact(round(v, 10)) for v in values]

    def logTickStrings(self, values, scale, spacing):
        return [compact(float(10 ** v)) if abs(v - round(v)) < 1e-6 else "" for v in values]


def menus_now() -> set[int]:
    return {id(w) for w in QApplication.topLevelWidgets() if isinstance(w, QMenu)}


def adopt_new_menus(owner: QWidget, before: set[int]) -> None:
    """pyqtgraph's context menus are parentless (we turn them off): let them die with us."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu) and id(widget) not in before:
            widget.setParent(owner, widget.windowFlags())


class Curve(QGraphicsPathItem):
    """One plotted series: a cosmetic pen along a path, NaN values left as gaps."""

    def __init__(self, colour, width: float = 1):
        super().__init__()
        self.setPen(pg.mkPen(colour, width=width))
        self.y = np.zeros(0)  # the values drawn (log10 on a log plot)

    def set_data(self, x: np.ndarray, y: np.ndarray) -> None:
        self.y = y
        self.setPath(pg.arrayToQPath(x, y, connect="finite"))


class OutputPlot(pg.PlotWidget):
    """One output (and its China counterpart), its baseline ghost, event markers, read-out."""

    def __init__(self, output_id: str, parent: QWidget | None = None):
        output = OUTPUTS[output_id]
        menus_before = menus_now()
        super().__init__(parent, axisItems={"left": ValueAxis("left", output.is_share)})
        adopt_new_menus(self, menus_before)
        self.output_id = output_id
        self.output = output
        self.series_ids = [output_id] + ([companion(output_id)] if companion(output_id) else [])
        self.setObjectName(f"plot:{output_id}")
        self.setMinimumSize(220, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = self.getPlotItem()
        item.setTitle(title_html(output_id), size="9pt")
        self.setToolTip(f"{output.label} ({output.unit}); grey: baseline")
        unit = "" if output.is_share else output.unit
        item.setLabel("left", unit)
        item.getAxis("left").setWidth(52)
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        item.disableAutoRange()
        if output.log_scale:
            item.setLogMode(x=False, y=True)
        for side in ("left", "bottom"):
            # axes (and the grid they draw) change rarely: paint them from a pixmap cache
            item.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        small = QFont()
        small.setPointSize(8)
        for side in ("left", "bottom"):
            item.getAxis(side).setStyle(tickFont=small)
            item.getAxis(side).label.setFont(small)
        colours = [US_COLOUR, CN_COLOUR] if len(self.series_ids) == 2 else [SINGLE_COLOUR]
        self.ghosts = [self._add_curve(GHOST_COLOUR, z=-10) for _ in self.series_ids]
        self.curves = [self._add_curve(colour) for colour in colours]
        self.event_items: list = []
        self._x = np.zeros(0)
        self._data: list[np.ndarray] = []
        self._baseline: list[np.ndarray] = []
        self._months: list[str] = []
        self._range: tuple[float, float] | None = None
        self.fixed_y_range: tuple[float, float] | None = None  # presenter mode: no rescaling
        self.band_arrays: list[np.ndarray] = []  # uncertainty band edges: kept in the y range

        self.readout = QLabel(self)
        self.readout.setObjectName(f"plot:{output_id}:readout")
        self.readout.setStyleSheet("QLabel { background: rgba(255,255,255,215); color: #222; "
                                   "border: 1px solid #ccc; border-radius: 3px; "
                                   "padding: 1px 4px; font-size: 8pt; }")
        self.readout.hide()
        self._proxy = pg.SignalProxy(self.scene().sigMouseMoved, rateLimit=30,
                                     slot=self._mouse_moved)

    def _add_curve(self, colour, z: float = 0) -> Curve:
        curve = Curve(colour)
        curve.setZValue(z)
        self.getPlotItem().addItem(curve, ignoreBounds=True)  # we set the range ourselves
        return curve

    # ---- data ----------------------------------------------------------------------------
    def _clean(self, values: np.ndarray) -> np.ndarray:
        if self.output.log_scale:
            values = np.where(values > 0, values, np.nan)
        return values

    def set_baseline(self, results: Results) -> None:
        self._baseline = [self._clean(results.central(i)) for i in self.series_ids]
        x = years(results.months)
        for ghost, values in zip(self.ghosts, self._baseline, strict=True):
            ghost.set_data(x, in_view_units(values, self.output.log_scale))
        self._fit_range()

    def set_results(self, results: Results) -> None:
        new_axis = len(self._x) != len(results.months) or self._months[:1] != results.months[:1]
        if new_axis:
            self._x = years(results.months)
            self.getPlotItem().setXRange(self._x[0], self._x[-1] + 1 / 12, padding=0.01)
        self._months = results.months
        data = [self._clean(results.central(i)) for i in self.series_ids]
        if not new_axis and len(self._data) == len(data) and all(
                np.array_equal(new, old, equal_nan=True)
                for new, old in zip(data, self._data, strict=True)):
            return  # this output did not move: no new path, no repaint
        self._data = data
        for curve, values in zip(self.curves, data, strict=True):
            curve.set_data(self._x, in_view_units(values, self.output.log_scale))
        self._fit_range()

    def set_bands(self, bands, stale: bool = False) -> None:
        """Monte Carlo bands behind the curves, dimmed when stale; None hides them."""
        from desktop.uncertainty_view import draw_bands
        draw_bands(self, bands, stale)

    def curve_data(self, index: int = 0) -> np.ndarray:
        """The plotted values of a series (0 = the plot's own output), in data units (tests)."""
        drawn = self.curves[index].y
        return 10.0 ** drawn if self.output.log_scale else drawn

    def _fit_range(self) -> None:
        if self.fixed_y_range is not None:
            return
        arrays = [a for a in (*self._data, *self._baseline, *self.band_arrays) if a.size]
        if not arrays:
            return
        stacked = np.concatenate(arrays)
        finite = stacked[np.isfinite(stacked)]
        if not finite.size:
            return
        low, high = float(finite.min()), float(finite.max())
        if self.output.log_scale:
            low, high = math.log10(low), math.log10(high)
        elif self.output.is_share:
            low, high = min(low, 0.0), max(high, 0.05)
        elif low >= 0:
            low = 0.0
        if high - low < 1e-9:
            high = low + (1.0 if low == 0 else abs(low) * 0.1)
        current = self._range
        left_view = False
        if current is not None:
            span = current[1] - current[0]
            inside = low >= current[0] and high <= current[1]
            if inside and (high - low) > 0.4 * span:
                return  # the data still fill the view: leave it be (no re-layout while dragging)
            left_view = not inside
        # Data leaving the view is most often a drag in progress: give it room to go on, so
        # the axis (3-4 ms to repaint) is not redrawn at every step of the drag.
        pad = (GROWTH_PAD if left_view else PAD) * (high - low)
        self._range = (low - (0 if low == 0 and not self.output.log_scale else pad), high + pad)
        self.getPlotItem().setYRange(*self._range, padding=0)

    # ---- events --------------------------------------------------------------------------
    def set_events(self, events: list) -> None:
        item = self.getPlotItem()
        for marker in self.event_items:
            item.removeItem(marker)
        self.event_items = []
        for event in events:
            start = month_to_year(event.start)
            pen = pg.mkPen(EVENT_COLOUR, width=1, style=Qt.PenStyle.DashLine)
            line = pg.InfiniteLine(pos=start, angle=90, pen=pen, movable=False)
            line.setToolTip(event.summary())
            line.setZValue(-5)
            item.addItem(line, ignoreBounds=True)
            self.event_items.append(line)
            if event.duration_months:
                end = start + event.duration_months / 12
                region = pg.LinearRegionItem((start, end), movable=False,
                                             brush=pg.mkBrush(*EVENT_COLOUR, 28),
                                             pen=pg.mkPen(None))
                region.setZValue(-20)
                region.setToolTip(event.summary())
                item.addItem(region, ignoreBounds=True)
                self.event_items.append(region)

    # ---- hover read-out ------------------------------------------------------------------
    def _mouse_moved(self, args) -> None:
        position = args[0]
        item = self.getPlotItem()
        if not self._months or not item.sceneBoundingRect().contains(position):
            self.readout.hide()
            return
        x = item.vb.mapSceneToView(position).x()
        index = int(round((x - self._x[0]) * 12))
        if not 0 <= index < len(self._months):
            self.readout.hide()
            return
        self.readout.setText(self.readout_text(index))
        self.readout.adjustSize()
        corner = self.mapFromScene(item.vb.sceneBoundingRect().topLeft())
        self.readout.move(corner.x() + 4, corner.y() + 2)
        self.readout.show()

    def readout_text(self, index: int) -> str:
        names = ["US", "China"] if len(self.series_ids) == 2 else [""]
        parts = []
        for name, values, base in zip(names, self._data, self._baseline, strict=True):
            value = float(values[index])
            text = format_value(value, self.output.unit)
            if base.size:
                delta = value - float(base[index])
                if math.isfinite(delta) and abs(delta) > 1e-9 * max(1.0, abs(value)):
                    text += f" ({format_value(delta, self.output.unit, signed=True)})"
            parts.append(f"{name} {text}".strip())
        return f"{self._months[index]}\n" + "\n".join(parts)

    def leaveEvent(self, event) -> None:
        self.readout.hide()
        super().leaveEvent(event)


class PlotGrid(QWidget):
    """The chosen plots in a grid; follows the session's results, baseline and events."""

    outputs_changed = Signal()  # the plots were rebuilt (set_outputs)

    def __init__(self, session, output_ids=DEFAULT_PLOTS, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("plot_grid")
        self.session = session
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 4, 4, 4)
        self.grid.setSpacing(6)
        self.plots: dict[str, OutputPlot] = {}
        self.max_columns = 4  # presenter mode shows fewer, larger plots
        self.set_outputs(list(output_ids))
        session.results_changed.connect(self.show_results)
        session.baseline_changed.connect(self.show_baseline)
        session.scenario_changed.connect(self._scenario_changed)
        self._events = list(session.scenario.events)

    def apply_theme(self, theme) -> None:
        """Colours of every plot (desktop.themes.Theme); new plots follow it too."""
        from desktop.themes import style_plot

        self.theme = theme
        for plot in self.plots.values():
            style_plot(plot, theme)

    def output_ids(self) -> list[str]:
        return list(self.plots)

    def set_outputs(self, output_ids: list[str]) -> None:
        output_ids = [i for i in dict.fromkeys(output_ids) if i in OUTPUTS] or list(DEFAULT_PLOTS)
        for plot in self.plots.values():
            self.grid.removeWidget(plot)
            plot.setParent(None)
            plot.deleteLater()
        self.plots = {}
        for output_id in output_ids:
            self.plots[output_id] = OutputPlot(output_id, self)
            if getattr(self, "theme", None) is not None:  # desktop.themes
                from desktop.themes import style_plot
                style_plot(self.plots[output_id], self.theme)
        self._columns = 0
        self._arrange(self._columns_for(self.width()))
        session = self.session
        for plot in self.plots.values():
            plot.set_baseline(session.baseline_results)
            plot.set_results(session.results)
            plot.set_events(session.scenario.events)
            plot.show()
        self.outputs_changed.emit()

    def _columns_for(self, width: int) -> int:
        """As many columns as fit at about 290 px each: 2 to 4, never more than plots."""
        if width < 200:  # not laid out yet: assume the default window
            width = 1190
        return max(1, min(len(self.plots), self.max_columns, max(2, width // MIN_PLOT_WIDTH)))

    def _arrange(self, columns: int) -> None:
        if columns == self._columns:
            return
        self._columns = columns
        for plot in self.plots.values():
            self.grid.removeWidget(plot)
        for index, plot in enumerate(self.plots.values()):
            self.grid.addWidget(plot, index // columns, index % columns)
        for column in range(4):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(self._columns_for(event.size().width()))

    def show_results(self, results: Results) -> None:
        for plot in self.plots.values():
            plot.set_results(results)

    def show_baseline(self, results: Results) -> None:
        for plot in self.plots.values():
            plot.set_baseline(results)

    def _scenario_changed(self, scenario) -> None:
        if scenario.events != self._events:
            self._events = list(scenario.events)
            for plot in self.plots.values():
                plot.set_events(self._events)


def in_view_units(values: np.ndarray, log_scale: bool) -> np.ndarray:
    """Values as a plot's view draws them: log10 on a log plot, where values <= 0 are gaps."""
    if not log_scale:
        return values
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(values > 0, np.log10(np.where(values > 0, values, 1.0)), np.nan)


def configure_pyqtgraph() -> None:
    """Light background, no antialiasing: painting, not numpy, is the cost of a lever move."""
    pg.setConfigOptions(background="w", foreground=QColor("#333333"), antialias=False,
                        useOpenGL=False)
