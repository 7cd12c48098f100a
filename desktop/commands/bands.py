"""Monte Carlo bands behind the plotted curves, kept fresh while levers move.

``BandsCommands`` owns the bands switch (the window's action follows it), the status-bar progress and
Cancel button, and the background run (``desktop.state.workers.BackgroundJob`` around
``core.analysis.uncertainty.monte_carlo``). A scenario change dims the shown bands at once
(stale), cancels any run in flight and starts a new one 300 ms after the last change; the
GUI thread only sets two paths per series when fresh bands arrive.
The bands themselves belong to the Session (``Session.set_bands``, ``bands_changed``): the
plots and key-figure cards follow that signal; this controller only produces them.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QLabel,
    QProgressBar,
    QToolButton,
)

from core.analysis.uncertainty import Bands, monte_carlo
from desktop.state.workers import BackgroundJob, JobSlot, ProcessJob

REFRESH_DELAY_MS = 300
USE_PROCESS = True  # Monte Carlo in the worker process (desktop.state.workers.process_pool)
MC_CHUNK = 500  # samples per simulate call: cancel and GUI turns come at least this often
MC_WORKERS = 1  # one core for the bands, the other stays with the window


def band_rows(plot, index: int = 0) -> tuple[np.ndarray, np.ndarray] | None:
    """The (5 %, 95 %) edges drawn for a series of a plot, in data units (tests)."""
    return plot.band_edges(index)


def band_is_stale(plot) -> bool | None:
    return plot.bands_stale()


class BandsCommands(QObject):
    """Runs Monte Carlo for the current scenario when bands are on; the bands it makes go to
    the Session. ``enabled_changed`` lets the window's checkable action follow."""

    enabled_changed = Signal(bool)

    def __init__(self, session, plot_grid, status_bar, parent: QObject):
        super().__init__(parent)
        self.session = session
        self.plot_grid = plot_grid
        self.status_bar = status_bar
        self.enabled = False
        self.bands: Bands | None = None  # what the plots show (fresh or stale)
        self.fresh = False
        self.slot = JobSlot(self)  # the one Monte Carlo run at a time
        self.slot.progress.connect(self._set_progress)
        self.slot.done.connect(self._done)
        self.slot.failed.connect(self._failed)
        self.slot.finished.connect(self._hide_progress)
        # a worker process keeps the GIL free for the sliders; a thread when told (tests)
        self.use_process = USE_PROCESS
        self.runs_started = 0
        self.runs_finished = 0

        self.progress = QProgressBar(status_bar)
        self.progress.setObjectName("mc:progress")
        self.progress.setMaximumWidth(160)
        self.progress.setMaximumHeight(16)
        self.progress.setFormat("Monte Carlo %p%")
        self.progress.setTextVisible(True)
        self.cancel_button = QToolButton(status_bar)
        self.cancel_button.setObjectName("mc:cancel")
        self.cancel_button.setText("Cancel")
        self.cancel_button.setToolTip("Stop this Monte Carlo run")
        self.cancel_button.clicked.connect(self.cancel)
        self.note = QLabel(status_bar)
        self.note.setObjectName("mc:note")
        self.note.setStyleSheet("color: #555; padding: 0 6px;")
        status = status_bar
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
        self.session.scenario_changed.connect(self._scenario_changed)
        self.session.bands_changed.connect(self._show_note)
        plot_grid.outputs_changed.connect(self._outputs_changed)

    # ---- state ---------------------------------------------------------------------------
    @property
    def latest_bands(self) -> Bands | None:
        return self.bands if self.enabled and self.fresh else None

    def _show_note(self) -> None:
        if self.enabled and self.bands is not None:
            state = "" if self.fresh else " (updating…)"
            self.note.setText(f"Shaded: 5–95 % and 25–75 % of {self.bands.samples:,} Monte "
                              f"Carlo samples{state}")
        self.note.setVisible(self.enabled and self.bands is not None)

    def plotted_outputs(self) -> list[str]:
        return [series for plot in self.plot_grid.plots.values()
                for series in plot.series_ids]

    def set_enabled(self, on: bool) -> None:
        if on == self.enabled:
            return
        self.enabled = on
        self.enabled_changed.emit(on)
        if on:
            self.start_run()
        else:
            self.timer.stop()
            self.cancel()
            self.bands, self.fresh = None, False
            self._show()

    def _show(self) -> None:
        """Hand the bands to their owner, the Session; plots and cards follow its signal."""
        self.session.set_bands(self.bands, self.fresh)

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
        self.runs_started += 1
        self._set_progress(0, scenario.uncertainty.samples)
        self.progress.show()
        self.cancel_button.show()
        self.slot.start(job)

    def _set_progress(self, done: int, total: int) -> None:
        """QProgressBar.setValue repaints at once (about 1 ms, inside a lever move's frame);
        with updates off it only schedules a paint, which joins the next frame's."""
        if (self.progress.value(), self.progress.maximum()) == (done, total):
            return
        self.progress.setUpdatesEnabled(False)
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setUpdatesEnabled(True)

    @property
    def job(self) -> BackgroundJob | ProcessJob | None:
        """The Monte Carlo run in progress, if any."""
        return self.slot.job

    def _done(self, bands: Bands) -> None:
        self.bands, self.fresh = bands, True
        self.runs_finished += 1
        self._show()

    def _failed(self, message: str, broken: bool) -> None:
        if broken:
            self.use_process = False  # no worker process here (a frozen build?): use a thread
            self.timer.start()
            return
        self.status_bar.showMessage(f"Monte Carlo failed: {message}", 8000)

    def _hide_progress(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()

    def _cancel_job(self, hide_progress: bool = True) -> None:
        self.slot.cancel()  # whatever the old run still sends is dropped by the slot
        if hide_progress:
            self._hide_progress()
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
        self.slot.shutdown(timeout_s)
