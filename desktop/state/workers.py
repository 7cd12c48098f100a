"""Background runs: one core function off the GUI thread, with progress, cancel and a result.

A ``BackgroundJob`` runs ``function(progress, cancelled)`` in a plain Python thread and
reports through Qt signals (queued to the GUI thread, so slots run there). Cancelling sets a
flag the core checks between chunks (``core.analysis.uncertainty.Cancelled``); a cancelled
job never emits ``done``. ``wait()`` joins the thread, so a window can close (or a test end)
with no thread left running.

Why not superqt's ``thread_worker``: its ``run`` wraps the work in
``warnings.catch_warnings()``, which swaps the process-wide warning filters from the worker
thread and can restore them over the GUI thread's own (pytest's warnings-as-errors among
them). A Python thread and three signals are all a chunked core call needs.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import queue
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import wait as futures_wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from core.analysis.uncertainty import Cancelled

GIL_SWITCH_INTERVAL_S = 0.001  # Python's default is 5 ms: a frame's worth of waiting
Progress = Callable[[int, int], None]
IsCancelled = Callable[[], bool]


class BackgroundJob(QObject):
    """``function(progress, cancelled) -> result`` in a thread; signals land on the GUI thread."""

    progress = Signal(int, int)  # done, total
    done = Signal(object)  # the result; never after cancel()
    failed = Signal(str)  # the error's message
    ended = Signal()  # after done, failed or a cancel took effect
    broken = False  # a thread always runs (ProcessJob sets it when no worker process can)

    def __init__(self, function: Callable[[Progress, IsCancelled], Any],
                 parent: QObject | None = None, name: str = "background job"):
        super().__init__(parent)
        self._function = function
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)

    # ---- GUI thread ------------------------------------------------------------------------
    def start(self) -> None:
        # the GUI thread waits at most this long for the GIL while a run holds it
        if sys.getswitchinterval() > GIL_SWITCH_INTERVAL_S:
            sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
        self._thread.start()

    def cancel(self) -> None:
        """Ask the run to stop at its next chunk boundary; its result is dropped either way."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def is_running(self) -> bool:
        return self._thread.is_alive()

    def wait(self, timeout_s: float | None = None) -> bool:
        """Join the thread; True if it has ended."""
        if self._thread.ident is not None:
            self._thread.join(timeout_s)
        return not self._thread.is_alive()

    # ---- worker thread ---------------------------------------------------------------------
    def _report(self, done: int, total: int) -> None:
        if not self._cancel.is_set():
            self.progress.emit(done, total)
        time.sleep(0)  # let the GUI thread take the GIL between chunks

    def _work(self) -> None:
        try:
            result = self._function(self._report, self._cancel.is_set)
        except Cancelled:
            pass
        except Exception as error:  # reported to the user, never lost in a thread
            if not self._cancel.is_set():
                self.failed.emit(f"{type(error).__name__}: {error}")
        else:
            if not self._cancel.is_set():
                self.done.emit(result)
        self.ended.emit()


# ---- a persistent worker process ---------------------------------------------------------------
# Python threads share the GIL: a Monte Carlo run in a thread holds it for most of its time,
# and a lever move then waits for it (benchmarks/bench_gui.py). One spawned process, started
# on first use and kept, runs the same core function with no share of the GUI's GIL.

_pool: ProcessPoolExecutor | None = None
_cancel_upto = None  # multiprocessing.Value: jobs with an id up to this are cancelled
_progress_queue = None  # multiprocessing.Queue of (job id, done, total)
_job_ids = itertools.count(1)
_child_cancel_upto = None
_child_progress = None


def _child_init(cancel_upto, progress_queue) -> None:
    global _child_cancel_upto, _child_progress
    _child_cancel_upto, _child_progress = cancel_upto, progress_queue


def _child_run(job_id: int, function, args: tuple, kwargs: dict):
    """In the worker process: the core function with progress and cancel wired to the GUI."""
    def progress(done: int, total: int) -> None:
        _child_progress.put((job_id, done, total))

    def cancelled() -> bool:
        return _child_cancel_upto.value >= job_id

    return function(*args, progress=progress, cancelled=cancelled, **kwargs)


def process_pool() -> ProcessPoolExecutor:
    """The one worker process (spawned: no Qt state is forked), created on first use."""
    global _pool, _cancel_upto, _progress_queue
    if _pool is None:
        context = multiprocessing.get_context("spawn")
        _cancel_upto = context.Value("q", 0)
        _progress_queue = context.Queue()
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=context,
                                    initializer=_child_init,
                                    initargs=(_cancel_upto, _progress_queue))
    return _pool


def shutdown_process_pool() -> None:
    global _pool
    pool, _pool = _pool, None
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)


class ProcessJob(QObject):
    """``function(*args, progress=, cancelled=, **kwargs)`` in the worker process; the same
    signals and methods as ``BackgroundJob``. ``function`` must be picklable (a core
    function, not a closure)."""

    progress = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)
    ended = Signal()
    POLL_MS = 40

    def __init__(self, function, args: tuple = (), kwargs: dict | None = None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self._call = (function, args, kwargs or {})
        self.job_id = next(_job_ids)
        self.broken = False
        self._cancelled = False
        self._future: Future | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._read_progress)
        self._finished.connect(self._on_finished)

    _finished = Signal()  # from the executor's thread to the GUI thread

    def submit(self) -> bool:
        """Hand the call to the worker process; False if no process can run it."""
        global _pool
        function, args, kwargs = self._call
        try:
            self._future = process_pool().submit(_child_run, self.job_id, function, args,
                                                 kwargs)
        except (BrokenProcessPool, OSError, RuntimeError):
            _pool = None
            return False
        return True

    def start(self) -> None:
        """Report its end (and progress from now on); ``submit`` first."""
        if self._future is None and not self.submit():
            raise RuntimeError("the worker process could not start")
        self._future.add_done_callback(lambda _f: self._finished.emit())
        self._poll.start()

    def cancel(self) -> None:
        self._cancelled = True
        if self._future is not None:
            self._future.cancel()
        if _cancel_upto is not None:
            with _cancel_upto.get_lock():
                _cancel_upto.value = max(_cancel_upto.value, self.job_id)

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def is_running(self) -> bool:
        return self._future is not None and not self._future.done()

    def wait(self, timeout_s: float | None = None) -> bool:
        if self._future is not None:
            futures_wait([self._future], timeout_s)
        return not self.is_running()

    def _read_progress(self) -> None:
        latest = None
        with contextlib.suppress(queue.Empty, OSError, ValueError):
            while True:
                job_id, done, total = _progress_queue.get_nowait()
                if job_id == self.job_id:
                    latest = (done, total)
        if latest is not None and not self._cancelled:
            self.progress.emit(*latest)

    def _on_finished(self) -> None:
        self._poll.stop()
        future = self._future
        if not self._cancelled and not future.cancelled():
            error = future.exception()
            if isinstance(error, Cancelled):
                pass
            elif isinstance(error, BrokenProcessPool):
                self.broken = True  # the caller may run it in a thread instead
                shutdown_process_pool()
                self.failed.emit("the worker process stopped")
            elif error is not None:
                self.failed.emit(f"{type(error).__name__}: {error}")
            else:
                self.done.emit(future.result())
        self.ended.emit()


class JobSlot(QObject):
    """The one background run an owner may have at a time (Monte Carlo bands, Sobol, ...).

    ``start(job)`` replaces: the running job is cancelled and whatever it still sends is
    dropped, so a stale result never reaches the owner. ``cancel()`` stops the current run;
    ``shutdown()`` cancels and joins every job this slot started (window close, test
    teardown). The slot re-emits only the current job's signals; ``finished`` comes when the
    current job ended by itself (done, failed or cancelled from inside), not after a
    ``cancel()`` or a replacement.
    """

    progress = Signal(int, int)  # done, total
    done = Signal(object)  # the current job's result
    failed = Signal(str, bool)  # message, and True when no worker process could run it
    finished = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.job: BackgroundJob | ProcessJob | None = None
        self.alive: list[BackgroundJob | ProcessJob] = []  # started and not yet ended
        self.started = 0

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, job: BackgroundJob | ProcessJob) -> None:
        self.cancel()
        job.progress.connect(lambda done, total, j=job: self._progress(j, done, total))
        job.done.connect(lambda result, j=job: self._done(j, result))
        job.failed.connect(lambda message, j=job: self._failed(j, message))
        job.ended.connect(lambda j=job: self._ended(j))
        self.job = job
        self.alive.append(job)
        self.started += 1
        job.start()

    def cancel(self) -> None:
        job, self.job = self.job, None
        if job is not None:
            job.cancel()  # it ends by itself at its next chunk; _ended cleans up

    def shutdown(self, timeout_s: float = 30.0) -> None:
        self.cancel()
        for job in list(self.alive):
            job.cancel()
            job.wait(timeout_s)

    def _progress(self, job, done: int, total: int) -> None:
        if job is self.job:
            self.progress.emit(done, total)

    def _done(self, job, result) -> None:
        if job is self.job:
            self.done.emit(result)

    def _failed(self, job, message: str) -> None:
        if job is self.job:
            self.failed.emit(message, job.broken)

    def _ended(self, job) -> None:
        current = job is self.job
        if current:
            self.job = None
        if job in self.alive:
            self.alive.remove(job)
        job.wait()
        job.deleteLater()
        if current:
            self.finished.emit()
