"""Monte Carlo bands behind the plotted curves, kept fresh while levers move.

``BandsController`` owns the "Show uncertainty bands" action, the status-bar progress and
Cancel button, and the background run (``desktop.workers.BackgroundJob`` around
``core.analysis.uncertainty.monte_carlo``). A scenario change dims the shown bands at once
(stale), cancels any run in flight and starts a new one 300 ms after the last change; the
GUI thread only sets two paths per series when fresh bands arrive.
``draw_bands`` paints one plot's bands (``OutputPlot.set_bands`` calls it).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QLabel,
    QProgressBar,
    QToolButton,
)

from core.analysis.uncertainty import Bands, monte_carlo
from core.units import format_value
from desktop.plots import CN_COLOUR, SINGLE_COLOUR, US_COLOUR, in_view_units, years
from desktop.workers import BackgroundJob, ProcessJob

REFRESH_DELAY_MS = 300
USE_PROCESS = True  # Monte Carlo in the worker process (desktop.workers.process_pool)
MC_CHUNK = 500  # samples per simulate call: cancel and GUI turns come at least this often
MC_WORKERS = 1  # one core for the bands, the other stays with the window
OUTER_ALPHA, INNER_ALPHA = 45, 80  # 5-95 % and 25-75 % fills
STALE_FACTOR = 0.35  # stale bands keep this share of their opacity
BAND_Z = -8  # above the baseline ghost (-10), below event lines (-5) and the curves (0)
LEVEL_INDEX = {5: 0, 25: 1, 50: 2, 75: 3, 95: 4}


def band_path(x: np.ndarray, low: np.ndarray, high: np.ndarray) -> QPainterPath:
    """The closed outline between two edges: along the top, back along the bottom."""
    return pg.arrayToQPath(np.concatenate([x, x[::-1]]), np.concatenate([high, low[::-1]]),
                           connect="all")


class _SeriesBands:
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


def band_colours(plot) -> list[str]:
    return [US_COLOUR, CN_COLOUR] if len(plot.series_ids) == 2 else [SINGLE_COLOUR]


def draw_bands(plot, bands: Bands | None, stale: bool = False) -> None:
    """Show ``bands`` behind a plot's curves (dimmed when stale); None hides them."""
    layers = plot.__dict__.setdefault("band_layers", [])
    if bands is not None and layers and plot.__dict__.get("bands_drawn") is bands:
        for layer in layers:  # the same bands, only freshness changed: brushes, no data
            layer.set_stale(stale)
        return
    plot.bands_drawn = bands
    if bands is None or not any(i in bands.percentiles for i in plot.series_ids):
        for layer in layers:
            layer.set_visible(False)
        plot.band_arrays = []
        return
    if not layers:
        layers.extend(_SeriesBands(plot, colour) for colour in band_colours(plot))
    x = years(bands.months)
    extent = []
    for layer, series_id in zip(layers, plot.series_ids, strict=True):
        rows = bands.percentiles.get(series_id)
        if rows is None:
            layer.set_visible(False)
            continue
        layer.set_data(x, rows, plot.output.log_scale)
        layer.set_stale(stale)
        extent.append(plot._clean(np.asarray(rows[[0, 4]], dtype=float).ravel()))
    plot.band_arrays = extent
    plot._fit_range()


def band_rows(plot, index: int = 0) -> tuple[np.ndarray, np.ndarray] | None:
    """The (5 %, 95 %) edges drawn for a series of a plot, in data units (tests)."""
    layers = getattr(plot, "band_layers", [])
    if index >= len(layers) or not layers[index].outer.isVisible():
        return None
    low, high = layers[index].rows[LEVEL_INDEX[5]], layers[index].rows[LEVEL_INDEX[95]]
    if plot.output.log_scale:
        low, high = 10 ** low, 10 ** high
    return low, high


def band_is_stale(plot) -> bool | None:
    layers = getattr(plot, "band_layers", [])
    return layers[0].stale if layers and layers[0].outer.isVisible() else None


class BandsController(QObject):
    """Runs Monte Carlo for the current scenario when bands are on; keeps the plots' bands."""

    bands_changed = Signal(object)  # fresh Bands, or None (off or stale)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.session = window.session
        self.enabled = False
        self.bands: Bands | None = None  # what the plots show (fresh or stale)
        self.fresh = False
        self.job: BackgroundJob | ProcessJob | None = None
        # a worker process keeps the GIL free for the sliders; a thread when told (tests)
        self.use_process = USE_PROCESS
        self.runs_started = 0
        self.runs_finished = 0

        self.action = QAction("Show &uncertainty bands", window)
        self.action.setObjectName("action:bands")
        self.action.setCheckable(True)
        self.action.setToolTip("Monte Carlo 5–95 % (light) and 25–75 % (darker) bands behind "
                               "every plotted curve, from the scenario's sample count and seed")
        self.action.toggled.connect(self.set_enabled)

        self.progress = QProgressBar(window)
        self.progress.setObjectName("mc:progress")
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(16)
        self.progress.setFormat("Monte Carlo %p%")
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton(window)
        self.cancel_button.setObjectName("mc:cancel")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop this Monte Carlo run")
        self.cancel_button.clicked.connect(self.cancel)
        self.note = QLabel(window)
        self.note.setObjectName("mc:note")
        self.note.setStyleSheet("color: #555; padding: 0 6px;")
        status = window.statusBar()
        status.addWidget(self.note)
        status.addWidget(self.progress)
        status.addWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()
        self.note.hide()

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_DELAY_MS)
        self.timer.timeout.connect(self.start_run)
        self.bands_changed.connect(self._publish)
        self.session.scenario_changed.connect(self._scenario_changed)
        outputs_changed = getattr(window.plot_grid, "outputs_changed", None)
        if outputs_changed is not None:
            outputs_changed.connect(self._outputs_changed)

    # ---- state ---------------------------------------------------------------------------
    @property
    def latest_bands(self) -> Bands | None:
        return self.bands if self.enabled and self.fresh else None

    def _publish(self, bands: Bands | None) -> None:
        self.window.latest_bands = bands  # what the briefing export reads
        if self.enabled and self.bands is not None:
            state = "" if bands is not None else " (updating…)"
            self.note.setText(f"Shaded: 5–95 % and 25–75 % of {self.bands.samples:,} Monte "
                              f"Carlo samples{state}")
        self.note.setVisible(self.enabled and self.bands is not None)
        self._card_ranges(bands)

    def _card_ranges(self, bands: Bands | None) -> None:
        """Key-figure cards: the fresh 5–95 % range in their tooltip."""
        strip = getattr(self.window, "kpi_strip", None)
        for kpi_id, card in getattr(strip, "cards", {}).items():
            plain = card.__dict__.setdefault("plain_tooltip", card.toolTip())
            rows = None if bands is None else bands.kpi_percentiles.get(kpi_id)
            if rows is None:
                card.setToolTip(plain)
                continue
            unit = card.kpi.unit
            card.setToolTip(f"{plain}\nMonte Carlo 5–95 %: {format_value(rows[0], unit)} to "
                            f"{format_value(rows[4], unit)} (median "
                            f"{format_value(rows[2], unit)})")

    def plotted_outputs(self) -> list[str]:
        return [series for plot in self.window.plot_grid.plots.values()
                for series in plot.series_ids]

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        if on:
            self.start_run()
        else:
            self.timer.stop()
            self.cancel()
            self.bands, self.fresh = None, False
            self._show()
            self.bands_changed.emit(None)

    def _show(self) -> None:
        for plot in self.window.plot_grid.plots.values():
            plot.set_bands(self.bands, not self.fresh)

    # ---- following the session -------------------------------------------------------------
    def _scenario_changed(self, _scenario) -> None:
        if not self.enabled:
            return
        # its answer is for a scenario that is gone; the progress bar stays (at 0) for the
        # run the timer starts, rather than leaving and coming back at every drag step
        self._cancel_job(hide_progress=False)
        if self.fresh:
            self.fresh = False
            self._show()  # dim: an opacity change per fill, no data
            self.bands_changed.emit(None)
        self.timer.start()  # restarts: one run 300 ms after the last change

    def _outputs_changed(self) -> None:
        if not self.enabled:
            return
        self._show()  # new plots: draw what we have (missing outputs stay bare)
        if self.bands is None or not set(self.plotted_outputs()) <= set(self.bands.percentiles):
            self.timer.start()

    # ---- the background run -----------------------------------------------------------------
    def start_run(self) -> None:
        self.timer.stop()
        if not self.enabled:
            return
        self._cancel_job(hide_progress=False)
        scenario = self.session.scenario
        outputs = self.plotted_outputs()
        job = None
        if self.use_process:
            job = ProcessJob(monte_carlo, (scenario,),
                             {"chunk": MC_CHUNK, "outputs": outputs, "workers": MC_WORKERS}, self)
            if not job.submit():  # no worker process here: run in a thread instead
                job.deleteLater()
                job, self.use_process = None, False
        if job is None:
            def run(progress, cancelled):
                return monte_carlo(scenario, chunk=MC_CHUNK, progress=progress,
                                   cancelled=cancelled, outputs=outputs, workers=MC_WORKERS)

            job = BackgroundJob(run, self, name="monte carlo")
        job.progress.connect(lambda done, total, j=job: self._progress(j, done, total))
        job.done.connect(lambda bands, j=job: self._done(j, bands))
        job.failed.connect(lambda message, j=job: self._failed(j, message))
        job.ended.connect(lambda j=job: self._ended(j))
        self.job = job
        self.runs_started += 1
        self._set_progress(0, scenario.uncertainty.samples)
        self.progress.show()
        self.cancel_button.show()
        job.start()

    def _set_progress(self, done: int, total: int) -> None:
        """QProgressBar.setValue repaints at once (about 1 ms, inside a lever move's frame);
        with updates off it only schedules a paint, which joins the next frame's."""
        if (self.progress.value(), self.progress.maximum()) == (done, total):
            return
        self.progress.setUpdatesEnabled(False)
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setUpdatesEnabled(True)

    def _progress(self, job: BackgroundJob | ProcessJob, done: int, total: int) -> None:
        if job is self.job:
            self._set_progress(done, total)

    def _done(self, job: BackgroundJob | ProcessJob, bands: Bands) -> None:
        if job is not self.job:  # cancelled: a scenario change or Cancel cleared self.job
            return
        self.bands, self.fresh = bands, True
        self.runs_finished += 1
        self._show()
        self.bands_changed.emit(bands)

    def _failed(self, job: BackgroundJob | ProcessJob, message: str) -> None:
        if job is self.job and getattr(job, "broken", False):
            self.use_process = False  # no worker process here (a frozen build?): use a thread
            self.timer.start()
            return
        if job is self.job:
            self.window.statusBar().showMessage(f"Monte Carlo failed: {message}", 8000)

    def _ended(self, job: BackgroundJob | ProcessJob) -> None:
        if job is self.job:
            self.job = None
            self.progress.hide()
            self.cancel_button.hide()
        job.wait()
        job.deleteLater()

    def _cancel_job(self, hide_progress: bool = True) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.cancel()  # it ends by itself at its next chunk; _ended cleans up
        if hide_progress:
            self.progress.hide()
            self.cancel_button.hide()
        else:
            self._set_progress(0, self.progress.maximum())

    def cancel(self) -> None:
        """The Cancel button: stop the run; the bands shown stay as they are."""
        self.timer.stop()
        self._cancel_job()
        if self.enabled and self.bands is not None and not self.fresh:
            self.note.setText("Shaded bands are out of date (run cancelled); they refresh at "
                              "the next change")

    def shutdown(self, timeout_s: float = 5.0) -> None:
        """Stop every run and join its thread (window close, test teardown)."""
        self.timer.stop()
        self._cancel_job()
        for job in [*self.findChildren(BackgroundJob), *self.findChildren(ProcessJob)]:
            job.cancel()
            job.wait(timeout_s)
