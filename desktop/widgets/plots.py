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
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainterPath, QPen
from PySide6.QtWidgets import (
    QApplication,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.catalogue.anchors import Anchor, drawable_anchors, months_of
from core.catalogue.outputs import OUTPUTS, companion, paired_series
from core.catalogue.sources import describe
from core.common.formatting import (
    compact_number,
    format_value,
    padded_span,
    value_span,
)
from core.common.palette import CN_COLOUR, EVENT_COLOUR, US_COLOUR, series_colours
from core.common.timegrid import decimal_years, month_to_year
from core.engine.results import Results
from core.model.structure import declared

DEFAULT_PLOTS: tuple[str, ...] = (
    "us_dc_capacity_gw", "us_power_demand_gw", "us_power_gap_gw", "us_installed_h100e",
    "cn_legal_imports_h100e", "us_effective_compute", "capability_gap_months",
    "open_weight_share", "cn_usage_share", "access_index",
)
GHOST_COLOUR = (150, 150, 150, 130)
# the six plots a briefing and presenter mode show: the seed article's story in one screen
HEADLINE_PLOTS: tuple[str, ...] = (
    "us_power_gap_gw", "us_installed_h100e", "cn_legal_imports_h100e",
    "capability_gap_months", "cn_usage_share", "open_weight_share",
)
PAD = 0.08  # share of the data's span left free above and below the curves
GROWTH_PAD = 0.25  # the same when the data has just left the view
MIN_PLOT_WIDTH = 290
MAX_COLUMNS = 4
OUTER_ALPHA, INNER_ALPHA = 45, 80  # Monte Carlo 5-95 % and 25-75 % fills
STALE_FACTOR = 0.35  # stale bands keep this share of their opacity
BAND_Z = -8  # above the baseline ghost (-10), below event lines (-5) and the curves (0)
LEVEL_INDEX = {5: 0, 25: 1, 50: 2, 75: 3, 95: 4}
CURSOR_COLOUR = "#fbbf24"  # presenter mode's played month
PRESENTER_LINE_WIDTH = 4
PRESENTER_GHOST_WIDTH = 3
PRESENTER_TITLE_PT = 15
PRESENTER_AXIS_PT = 12
ANCHOR_Z = 15  # published figures: above the curves, below presenter mode's cursor
ANCHOR_CAP_YEARS = 0.08  # half the width of a whisker's end caps
ANCHOR_MARKER_PX = 9
ANCHOR_KIND_WORDS = {"calibration": "calibration figure (baseline)",
                     "envelope": "published range (baseline)",
                     "history": "history (backcast from 2022-01)",
                     "check": "check, never fitted (backcast from 2022-01)"}


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


years = decimal_years  # the x axis of every plot



def still_chart(item: pg.PlotItem, x_grid: bool = True, y_grid: bool = True,
                grid_alpha: float = 0.2) -> pg.PlotItem:
    """A chart to read, not to explore: no context menu, no auto-range button, no mouse
    panning or zooming (a stray drag would move the axes away from the figures)."""
    item.showGrid(x=x_grid, y=y_grid, alpha=grid_alpha)
    item.setMenuEnabled(False)
    item.hideButtons()
    item.setMouseEnabled(x=False, y=False)
    return item

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
        return [compact_number(round(v, 10)) for v in values]

    def logTickStrings(self, values, scale, spacing):
        return [compact_number(float(10 ** v)) if abs(v - round(v)) < 1e-6 else "" for v in values]


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


def band_path(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> QPainterPath:
    """The closed outline between two edges: along the top, back along the bottom."""
    return pg.arrayToQPath(np.concatenate([x, x[::-1]]), np.concatenate([high, low[::-1]]),
                           connect="all")


class SeriesBands:
    """The 5-95 and 25-75 fills of one series: one filled path each (a single setPath)."""

    def __init__(self, plot, colour: str):
        item = plot.getPlotItem()
        self.colour = QColor(colour)
        self.outer, self.inner = QGraphicsPathItem(), QGraphicsPathItem()
        for fill, alpha in ((self.outer, OUTER_ALPHA), (self.inner, INNER_ALPHA)):
            colour = QColor(self.colour)
            colour.setAlpha(alpha)
            fill.setBrush(pg.mkBrush(colour))
            fill.setPen(QPen(Qt.PenStyle.NoPen))
            fill.setZValue(BAND_Z)
            # a lever move repaints the curves over the fills: blit them from a pixmap
            fill.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            item.addItem(fill, ignoreBounds=True)
        self.rows = np.empty((5, 0))  # as drawn (log10 on a log plot)
        self.stale: bool | None = None

    def set_data(self, x: np.ndarray, rows: np.ndarray, log: bool) -> None:
        """rows: (5, months) at levels 5, 25, 50, 75, 95."""
        rows = in_view_units(rows, log)
        keep = np.isfinite(rows).all(axis=0)
        x, rows = x[keep], rows[:, keep]
        self.rows = rows
        level = LEVEL_INDEX
        self.outer.setPath(band_path(x, rows[level[5]], rows[level[95]]))
        self.inner.setPath(band_path(x, rows[level[25]], rows[level[75]]))
        self.set_visible(True)

    def set_stale(self, stale: bool) -> None:
        """Dim or undim by opacity: the cached pixmap is blitted fainter, not re-rendered
        (a new brush would throw the cache away on every plot at the first lever move)."""
        if stale == self.stale:
            return
        self.stale = stale
        for fill in (self.outer, self.inner):
            fill.setOpacity(STALE_FACTOR if stale else 1.0)

    def set_visible(self, visible: bool) -> None:
        self.outer.setVisible(visible)
        self.inner.setVisible(visible)


def anchor_tooltip(anchor: Anchor, unit: str) -> str:
    """The quantity, the published figure (central and range) and the source."""
    figure = f"{format_value(anchor.low, unit)} to {format_value(anchor.high, unit)}"
    if math.isfinite(anchor.central):
        figure = f"{format_value(anchor.central, unit)} ({figure})"
    return (f"{anchor.quantity}\nPublished figure: {figure}, "
            f"{ANCHOR_KIND_WORDS.get(anchor.kind, anchor.kind)}\n"
            f"Source: {describe(anchor.source)}")


class EventLine(QGraphicsLineItem):
    """An event's start: a vertical line at ``x`` (years) over the y span it is given."""

    def __init__(self, x: float, pen: QPen):
        super().__init__()
        self.x_years = x
        self.setPen(pen)
        self.setZValue(-5)

    def stretch(self, low: float, high: float) -> None:
        self.setLine(self.x_years, low, self.x_years, high)


class EventRegion(QGraphicsRectItem):
    """A time-phased event's months: a light band from ``start`` to ``end`` (years)."""

    def __init__(self, start: float, end: float, brush):
        super().__init__()
        self.span_years = (start, end)
        self.setBrush(brush)
        self.setPen(QPen(Qt.PenStyle.NoPen))
        self.setZValue(-20)

    def stretch(self, low: float, high: float) -> None:
        start, end = self.span_years
        self.setRect(QRectF(start, low, end - start, high - low))


class AnchorItem(QGraphicsPathItem):
    """One published figure: a whisker from low to high with end caps, a horizontal bar at
    the central figure over the months of a mean or range row, a marker at the central
    figure of a one-month row. Drawn in view units (log10 on a log plot)."""

    def __init__(self, anchor: Anchor, unit: str, log: bool, floor: float, colour,
                 foreground):
        super().__init__()
        self.anchor = anchor
        first, last = months_of(anchor)
        x0, x1 = month_to_year(first), month_to_year(last)
        span = first != last
        if span:
            x1 += 1 / 12  # a mean or range covers its last month too
        middle = (x0 + x1) / 2
        low, central, high = in_view_units(
            np.array([anchor.low, anchor.central, anchor.high], dtype=float), log)
        if not math.isfinite(low):  # a zero low on a log plot: from the bottom of the view
            low = floor
        path = QPainterPath()
        path.moveTo(middle, low)
        path.lineTo(middle, high)
        for y in (low, high):
            path.moveTo(middle - ANCHOR_CAP_YEARS, y)
            path.lineTo(middle + ANCHOR_CAP_YEARS, y)
        if span and math.isfinite(central):
            path.moveTo(x0, central)
            path.lineTo(x1, central)
        self.setPath(path)
        pen = pg.mkPen(foreground, width=2 if span else 1.5)
        pen.setCosmetic(True)
        self.setPen(pen)
        self.setZValue(ANCHOR_Z)
        self.setToolTip(anchor_tooltip(anchor, unit))
        self.marker = None
        if not span and math.isfinite(central):
            self.marker = pg.ScatterPlotItem(
                x=[middle], y=[central], symbol="d", size=ANCHOR_MARKER_PX,
                brush=pg.mkBrush(colour), pen=pg.mkPen(foreground, width=1))
            self.marker.setZValue(ANCHOR_Z + 1)
            self.marker.setToolTip(self.toolTip())
        self.view_values = [v for v in (low, central, high) if math.isfinite(v)]



def plot_tooltip(series_ids: list[str]) -> str:
    """What a plot shows, in words: each series' plain label, unit and one-line definition
    (declared beside its equation in the model), and how to read the grey line."""
    lines = []
    for series_id in series_ids:
        variable, output = declared(series_id), OUTPUTS[series_id]
        lines.append(f"<b>{output.label}</b> ({output.unit}): {variable.definition}")
    return "<br>".join(lines) + "<br><i>Grey: the bundled baseline, for comparison.</i>"

class OutputPlot(pg.PlotWidget):
    """One output (and its China counterpart), its baseline ghost, event markers, read-out."""

    def __init__(self, output_id: str, parent: QWidget | None = None):
        output = OUTPUTS[output_id]
        menus_before = menus_now()
        super().__init__(parent, axisItems={"left": ValueAxis("left", output.is_share)})
        adopt_new_menus(self, menus_before)
        self.output_id = output_id
        self.output = output
        self.series_ids = paired_series(output_id)
        self.setObjectName(f"plot:{output_id}")
        self.setMinimumSize(220, 190)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = self.getPlotItem()
        item.setTitle(title_html(output_id), size="9pt")
        self.setToolTip(plot_tooltip(self.series_ids))
        self.setAccessibleName(f"Plot: {output.label}")
        self.setAccessibleDescription(
            f"{output.label} ({output.unit}) month by month: this scenario as coloured "
            "lines (US and China where both are drawn), the baseline in grey, events as "
            "shaded spans; hover to read values")
        unit = "" if output.is_share else output.unit
        item.setLabel("left", unit)
        item.getAxis("left").setWidth(52)
        still_chart(item, grid_alpha=0.15)
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
        colours = series_colours(len(self.series_ids) == 2)
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
        self.band_layers: list[SeriesBands] = []
        self.bands_drawn = None
        self.theme = None  # a desktop.widgets.themes.Theme once one is applied
        self.cursor: pg.InfiniteLine | None = None
        self.anchor_items: list[AnchorItem] = []  # published figures shown (View menu)
        self.anchor_values = np.zeros(0)  # their low/central/high: kept in the y range

        self.readout = QLabel(self)
        self.readout.setObjectName(f"plot:{output_id}:readout")
        self.readout.setStyleSheet("QLabel { background: rgba(255,255,255,215); color: #222; "
                                   "border: 1px solid #ccc; border-radius: 3px; "
                                   "padding: 1px 4px; font-size: 8pt; }")
        self.readout.hide()
        self._proxy = pg.SignalProxy(self.scene().sigMouseMoved, rateLimit=30,
                                     slot=self._mouse_moved)
        item.vb.sigYRangeChanged.connect(self._stretch_events)

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
        """Monte Carlo bands (core Bands) behind the curves, dimmed when stale; None hides."""
        layers = self.band_layers
        if bands is not None and layers and self.bands_drawn is bands:
            for layer in layers:  # the same bands, only freshness changed: opacity, no data
                layer.set_stale(stale)
            return
        self.bands_drawn = bands
        if bands is None or not any(i in bands.percentiles for i in self.series_ids):
            for layer in layers:
                layer.set_visible(False)
            self.band_arrays = []
            return
        if not layers:
            layers.extend(SeriesBands(self, colour)
                          for colour in series_colours(len(self.series_ids) == 2))
        x = years(bands.months)
        extent = []
        for layer, series_id in zip(layers, self.series_ids, strict=True):
            rows = bands.percentiles.get(series_id)
            if rows is None:
                layer.set_visible(False)
                continue
            layer.set_data(x, rows, self.output.log_scale)
            layer.set_stale(stale)
            extent.append(self._clean(np.asarray(rows[[0, 4]], dtype=float).ravel()))
        self.band_arrays = extent
        self._fit_range()

    def band_edges(self, index: int = 0) -> tuple[np.ndarray, np.ndarray] | None:
        """The (5 %, 95 %) edges drawn for a series, in data units; None if none drawn."""
        layers = self.band_layers
        if index >= len(layers) or not layers[index].outer.isVisible():
            return None
        low, high = layers[index].rows[LEVEL_INDEX[5]], layers[index].rows[LEVEL_INDEX[95]]
        if self.output.log_scale:
            low, high = 10 ** low, 10 ** high
        return low, high

    def bands_stale(self) -> bool | None:
        """True if the bands drawn are dimmed as out of date; None if none are drawn."""
        layers = self.band_layers
        return layers[0].stale if layers and layers[0].outer.isVisible() else None

    def set_fixed_range(self, span: tuple[float, float] | None) -> None:
        """Hold the y axis at ``span`` (presenter mode: nothing rescales mid-talk); None
        returns to the automatic range."""
        self.fixed_y_range = span
        if span is None:
            self._range = None
            self._fit_range()
            return
        self._range = span
        self.getPlotItem().setYRange(*span, padding=0)

    def set_anchors(self, rows: list[Anchor]) -> None:
        """Draw these published figures (core.catalogue.anchors rows) on the plot; [] removes them."""
        item = self.getPlotItem()
        for anchor_item in self.anchor_items:
            item.removeItem(anchor_item)
            if anchor_item.marker is not None:
                item.removeItem(anchor_item.marker)
        self.anchor_items = []
        self.anchor_values = np.array(
            [v for row in rows for v in (row.low, row.central, row.high)], dtype=float)
        self._fit_range()
        log = self.output.log_scale
        floor = self._range[0] if self._range else 0.0
        colours = dict(zip(self.series_ids, series_colours(len(self.series_ids) == 2),
                           strict=True))
        foreground = self.theme.plot_foreground if self.theme is not None else "#222222"
        for row in rows:
            anchor_item = AnchorItem(row, self.output.unit, log, floor, colours[row.output],
                                     foreground)
            item.addItem(anchor_item, ignoreBounds=True)
            if anchor_item.marker is not None:
                item.addItem(anchor_item.marker, ignoreBounds=True)
            self.anchor_items.append(anchor_item)

    def show_at(self, month: str | None) -> None:
        """A vertical cursor at ``month`` (presenter mode plays time); None removes it."""
        if month is None:
            if self.cursor is not None:
                self.getPlotItem().removeItem(self.cursor)
                self.cursor = None
            return
        if self.cursor is None:
            self.cursor = pg.InfiniteLine(pos=0, angle=90, movable=False,
                                          pen=pg.mkPen(CURSOR_COLOUR, width=3))
            self.cursor.setZValue(20)
            self.getPlotItem().addItem(self.cursor, ignoreBounds=True)
        self.cursor.setValue(month_to_year(month))

    def set_ghosts_visible(self, visible: bool) -> None:
        for ghost in self.ghosts:
            ghost.setVisible(visible)

    def apply_theme(self, theme, presenter: bool = False) -> None:
        """Background, axis and text colours, grid, ghost colour (and presenter sizes) from
        a desktop.widgets.themes.Theme."""
        item = self.getPlotItem()
        self.setBackground(theme.plot_background)
        foreground = QColor(theme.plot_foreground)
        axis_font = QFont()
        axis_font.setPointSize(PRESENTER_AXIS_PT if presenter else 8)
        for side in ("left", "bottom"):
            axis = item.getAxis(side)
            axis.setPen(pg.mkPen(foreground))
            axis.setTextPen(pg.mkPen(foreground))
            axis.setStyle(tickFont=axis_font)
            axis.label.setFont(axis_font)
            axis.picture = None  # repaint the cached axis in the new colours
            axis.update()
        item.getAxis("left").setWidth(80 if presenter else 52)
        item.showGrid(x=True, y=True, alpha=theme.grid_alpha)
        size = f"{PRESENTER_TITLE_PT}pt" if presenter else "9pt"
        item.setTitle(title_html(self.output_id), size=size, color=theme.plot_foreground)
        line = PRESENTER_LINE_WIDTH if presenter else 1
        colours = series_colours(len(self.series_ids) == 2)
        if theme.lift_series:  # the same hues, lifted so they read on a dark ground
            colours = [QColor(c).lighter(150).name() for c in colours]
        for curve, colour in zip(self.curves, colours, strict=True):
            curve.setPen(pg.mkPen(colour, width=line))
        for ghost in self.ghosts:
            ghost.setPen(pg.mkPen(theme.ghost, width=PRESENTER_GHOST_WIDTH if presenter else 1))
        self.theme = theme

    def curve_data(self, index: int = 0) -> np.ndarray:
        """The plotted values of a series (0 = the plot's own output), in data units (tests)."""
        drawn = self.curves[index].y
        return 10.0 ** drawn if self.output.log_scale else drawn

    def _fit_range(self) -> None:
        if self.fixed_y_range is not None:
            return
        arrays = [a for a in (*self._data, *self._baseline, *self.band_arrays,
                              self._clean(self.anchor_values)) if a.size]
        if not arrays:
            return
        stacked = np.concatenate(arrays)
        finite = stacked[np.isfinite(stacked)]
        if not finite.size:
            return
        low, high = value_span(float(finite.min()), float(finite.max()),
                               self.output.log_scale, self.output.is_share)
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
        self._range = padded_span(low, high, GROWTH_PAD if left_view else PAD,
                                  self.output.log_scale)
        self.getPlotItem().setYRange(*self._range, padding=0)

    # ---- events --------------------------------------------------------------------------
    def set_events(self, events: list) -> None:
        """A dashed line at each event's start and a light band over its months: C++-painted
        items over the view's height (pyqtgraph's InfiniteLine and LinearRegionItem paint in
        Python, a third of a whole-grid repaint with the history events)."""
        item = self.getPlotItem()
        for marker in self.event_items:
            item.removeItem(marker)
        self.event_items = []
        event_fill = QColor(EVENT_COLOUR)
        event_fill.setAlpha(28)
        line_pen = pg.mkPen(QColor(EVENT_COLOUR), width=1, style=Qt.PenStyle.DashLine)
        for event in events:
            start = month_to_year(event.start)
            marks = [EventLine(start, line_pen)]
            if event.duration_months:
                marks.append(EventRegion(start, start + event.duration_months / 12,
                                         pg.mkBrush(event_fill)))
            for mark in marks:
                mark.setToolTip(event.summary())
                item.addItem(mark, ignoreBounds=True)
                self.event_items.append(mark)
        self._stretch_events()

    def _stretch_events(self, *_args) -> None:
        """Event marks span the y range shown (it follows every change of it)."""
        low, high = self.getPlotItem().vb.viewRange()[1]
        margin = (high - low) or 1.0
        for mark in self.event_items:
            mark.stretch(low - margin, high + margin)

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
        for name, series_id, values, base in zip(names, self.series_ids, self._data,
                                                 self._baseline, strict=True):
            value = float(values[index])
            text = OUTPUTS[series_id].format(value)
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
        self.rows_box = QVBoxLayout(self)  # one QHBoxLayout of plots per row
        self.rows_box.setContentsMargins(4, 4, 4, 4)
        self.rows_box.setSpacing(6)
        self._rows: list[QHBoxLayout] = []
        self.plots: dict[str, OutputPlot] = {}
        self.max_columns = MAX_COLUMNS  # presenter mode shows fewer, larger plots
        self.theme = None
        self.presenter_sizes = False
        self.anchors_shown = False  # View > Published figures
        self._anchor_window: tuple[str, str] | None | bool = False  # False: redraw
        self.set_outputs(list(output_ids))
        session.results_changed.connect(self.show_results)
        session.bands_changed.connect(self.show_bands)
        session.baseline_changed.connect(self.show_baseline)
        session.scenario_changed.connect(self._scenario_changed)
        self._events = list(session.scenario.events)

    def apply_theme(self, theme, presenter: bool = False) -> None:
        """Colours of every plot (desktop.widgets.themes.Theme); new plots follow it too."""
        self.theme, self.presenter_sizes = theme, presenter
        for plot in self.plots.values():
            plot.apply_theme(theme, presenter)
        self._anchor_window = False  # whiskers in the new foreground colour
        self._draw_anchors()

    def set_bands(self, bands, stale: bool) -> None:
        """Draw the session's Monte Carlo bands (None: none) on every plot."""
        self.bands, self.bands_are_stale = bands, stale
        for plot in self.plots.values():
            plot.set_bands(bands, stale)

    def show_bands(self) -> None:
        """Follow ``Session.bands_changed``."""
        self.set_bands(self.session.bands, not self.session.bands_fresh)

    def set_max_columns(self, columns: int | None) -> None:
        """At most this many plots per row (presenter mode: fewer, larger); None: the usual."""
        self.max_columns = MAX_COLUMNS if columns is None else columns
        self._arrange(self._columns_for(self.width()))

    def set_fixed_ranges(self, spans: dict[str, tuple[float, float]]) -> None:
        """Hold each listed plot's y axis at its span; every other plot ranges itself."""
        for output_id, plot in self.plots.items():
            plot.set_fixed_range(spans.get(output_id))

    def show_at(self, month: str | None) -> None:
        """Every plot's cursor at ``month``; None removes them."""
        for plot in self.plots.values():
            plot.show_at(month)

    def set_ghosts_visible(self, visible: bool) -> None:
        for plot in self.plots.values():
            plot.set_ghosts_visible(visible)

    def show_anchors(self, shown: bool) -> None:
        """Draw (or remove) the published figures each plot's outputs are held against."""
        self.anchors_shown = shown
        self._anchor_window = False
        self._draw_anchors()

    def _draw_anchors(self) -> None:
        months = self.session.results.months
        window = (months[0], months[-1]) if self.anchors_shown else None
        if window == self._anchor_window:
            return  # the rows drawn depend only on the months shown
        self._anchor_window = window
        for plot in self.plots.values():
            plot.set_anchors(drawable_anchors(plot.series_ids, *window) if window else [])

    def output_ids(self) -> list[str]:
        return list(self.plots)

    def set_outputs(self, output_ids: list[str]) -> None:
        output_ids = [i for i in dict.fromkeys(output_ids) if i in OUTPUTS] or list(DEFAULT_PLOTS)
        self._clear_rows()
        for plot in self.plots.values():
            plot.setParent(None)
            plot.deleteLater()
        self.plots = {}
        for output_id in output_ids:
            self.plots[output_id] = OutputPlot(output_id, self)
            if self.theme is not None:
                self.plots[output_id].apply_theme(self.theme, self.presenter_sizes)
        self._columns = 0
        self._arrange(self._columns_for(self.width()))
        session = self.session
        for plot in self.plots.values():
            plot.set_baseline(session.baseline_results)
            plot.set_results(session.results)
            plot.set_events(session.scenario.events)
            plot.set_bands(session.bands, not session.bands_fresh)
            plot.show()
        self._anchor_window = False
        self._draw_anchors()
        self.outputs_changed.emit()

    def _columns_for(self, width: int) -> int:
        """As many columns as fit at about 290 px each: 2 to 4, never more than plots."""
        if width < 200:  # not laid out yet: assume the default window
            width = 1190
        return max(1, min(len(self.plots), self.max_columns, max(2, width // MIN_PLOT_WIDTH)))

    def _arrange(self, columns: int) -> None:
        """The plots in rows of at most ``columns``, shared as evenly as they go, each row
        filled edge to edge: 10 plots in 4 columns are rows of 4, 3 and 3 (a shorter row's
        plots wider), never a last row of 2 beside two empty cells."""
        if columns == self._columns:
            return
        self._columns = columns
        self._clear_rows()
        plots = iter(self.plots.values())
        for count in row_counts(len(self.plots), columns):
            row = QHBoxLayout()
            row.setSpacing(self.rows_box.spacing())
            for _ in range(count):
                row.addWidget(next(plots), 1)
            self.rows_box.addLayout(row, 1)
            self._rows.append(row)

    def _clear_rows(self) -> None:
        for row in self._rows:
            while row.count():
                row.takeAt(0)
            self.rows_box.removeItem(row)
            row.deleteLater()
        self._rows = []

    def rows(self) -> list[list[str]]:
        """The output ids as laid out, row by row."""
        return [[row.itemAt(index).widget().output_id for index in range(row.count())]
                for row in self._rows]

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange(self._columns_for(event.size().width()))

    def show_results(self, results: Results) -> None:
        for plot in self.plots.values():
            plot.set_results(results)
        if self.anchors_shown:
            self._draw_anchors()

    def show_baseline(self, results: Results) -> None:
        for plot in self.plots.values():
            plot.set_baseline(results)

    def _scenario_changed(self, scenario) -> None:
        if scenario.events != self._events:
            self._events = list(scenario.events)
            for plot in self.plots.values():
                plot.set_events(self._events)


def row_counts(plots: int, columns: int) -> list[int]:
    """Plots per row: as few rows as ``columns`` allow, the plots shared among them as
    evenly as they go, the fuller rows first (10 plots, 4 columns: [4, 3, 3])."""
    if plots <= 0:
        return []
    rows = -(-plots // max(columns, 1))
    base, extra = divmod(plots, rows)
    return [base + 1] * extra + [base] * (rows - extra)


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
