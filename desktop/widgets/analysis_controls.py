"""Controls the exploratory analyses share (What must be true, the robust search): a
checklist of levers, a threshold box that shows its unit, and a run bar (Run, Cancel, a
progress bar and the one background run they control).

A run is a ``functools.partial`` of a core function that takes ``progress`` and
``cancelled`` keywords; the bar runs it in a ``BackgroundJob`` behind a ``JobSlot``, so a new
run replaces the old one, a cancelled or replaced run's result is dropped, and ``shutdown``
joins the thread before the window goes.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import threading
from collections.abc import Collection, Iterable, Sequence

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDoubleSpinBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from core.catalogue.levers import LEVERS
from core.common.formatting import format_value
from desktop.state.workers import BackgroundJob, JobSlot
from desktop.widgets.accessibility import describe

WORKER_NICENESS = 10  # Linux: a run's threads give the CPU to the window's thread first


def lower_thread_priority() -> None:
    """Make the calling thread (and the threads it starts, which inherit it) yield the CPU
    to the GUI thread. Linux only: there a thread has its own nice value; elsewhere
    setpriority would slow the whole process."""
    if WORKER_NICENESS and sys.platform.startswith("linux"):
        thread = threading.get_native_id()
        with contextlib.suppress(OSError):
            now = os.getpriority(os.PRIO_PROCESS, thread)
            os.setpriority(os.PRIO_PROCESS, thread, min(19, now + WORKER_NICENESS))


def scalar(value) -> float:
    """A single run's figure (the session keeps them as arrays of one sample)."""
    return float(np.asarray(value).ravel()[0])


def bare_value(value: float, unit: str) -> str:
    """A value in a table row that names its unit: '5.5', '2.0 M', '31%' (shares, as
    percentages, and money keep their signs)."""
    return format_value(value, unit).removesuffix(f" {unit}")


def lever_heading(lever_id: str) -> str:
    """A table row's lever: its label and unit, for the bare values beside it."""
    lever = LEVERS[lever_id]
    return lever.label if lever.unit == "share" else f"{lever.label} ({lever.unit})"


def unit_suffix(unit: str) -> str:
    """A spin box suffix: shares are typed as fractions, so the unit says so."""
    return " (share, 0–1)" if unit == "share" else f" {unit}"


class ThresholdSpin(QDoubleSpinBox):
    """A figure's threshold, its unit shown after the number."""

    def __init__(self, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setRange(-1e15, 1e15)
        self.setDecimals(3)
        self.setMinimumWidth(190)

    def set_unit(self, unit: str) -> None:
        self.setSuffix(unit_suffix(unit))


class LeverChecklist(QListWidget):
    """Levers with a check box each (Space toggles the current one)."""

    def __init__(self, name: str, lever_ids: Iterable[str], checked: Iterable[str] = (),
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        checked = set(checked)
        for lever_id in lever_ids:
            lever = LEVERS[lever_id]
            item = QListWidgetItem(lever.label, self)
            item.setData(Qt.ItemDataRole.UserRole, lever_id)
            item.setToolTip(f"{lever.id} ({lever.unit}): {lever.explanation}")
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if lever_id in checked
                               else Qt.CheckState.Unchecked)
        if self.count():
            self.setCurrentRow(0)

    def row_of(self, lever_id: str) -> int:
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == lever_id:
                return row
        raise KeyError(lever_id)

    def chosen(self) -> list[str]:
        """The checked levers' ids, in list order."""
        return [self.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.count())
                if self.item(row).checkState() == Qt.CheckState.Checked]

    def set_chosen(self, lever_ids: Iterable[str]) -> None:
        wanted = set(lever_ids)
        for row in range(self.count()):
            item = self.item(row)
            item.setCheckState(Qt.CheckState.Checked
                               if item.data(Qt.ItemDataRole.UserRole) in wanted
                               else Qt.CheckState.Unchecked)


def error_text(message: str) -> str:
    """A worker's "ValueError: why" as the user reads it: the why (bad input is not a bug)."""
    kind, sep, rest = message.partition(": ")
    return rest if sep and kind == "ValueError" else message


class RunBar(QWidget):
    """Run and Cancel buttons, a progress bar and a status line, with the one background run
    they control. ``done`` carries the current run's result; ``failed`` its message."""

    done = Signal(object)
    failed = Signal(str)

    def __init__(self, prefix: str, run_text: str, what: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.what = what
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.run_button = QPushButton(run_text, self)
        self.run_button.setObjectName(f"{prefix}:run")
        self.run_button.setDefault(True)
        describe(self.run_button, run_text, f"Start the {what} in the background")
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName(f"{prefix}:cancel")
        self.cancel_button.setEnabled(False)
        describe(self.cancel_button, "Cancel", f"Stop the {what} that is running")
        self.progress = QProgressBar(self)
        self.progress.setObjectName(f"{prefix}:progress")
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.setMaximumWidth(220)
        describe(self.progress, "Progress", f"How far the {what} has got")
        self.status = QLabel("", self)
        self.status.setObjectName(f"{prefix}:status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        describe(self.status, "Status", f"What the {what} is doing, or why it stopped")
        layout.addWidget(self.run_button)
        layout.addWidget(self.cancel_button)
        layout.addWidget(self.progress)
        layout.addWidget(self.status, 1)
        self.slot = JobSlot(self)
        self.slot.progress.connect(self._progress)
        self.slot.done.connect(self._done)
        self.slot.failed.connect(self._failed)
        self.slot.finished.connect(self._idle)
        self.cancel_button.clicked.connect(self.cancel)

    @property
    def running(self) -> bool:
        return self.slot.running

    def start(self, call: functools.partial, status: str) -> None:
        """Run ``call(progress=, cancelled=)`` off the GUI thread (replacing any run)."""
        def work(progress, cancelled):
            lower_thread_priority()
            return call(progress=progress, cancelled=cancelled)

        self.progress.setValue(0)
        self.status.setText(status)
        self.status.setStyleSheet("")
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.slot.start(BackgroundJob(work, self, name=self.what))

    def cancel(self) -> None:
        """Stop the run; whatever it still sends is dropped."""
        if not self.slot.running:
            return
        self.slot.cancel()
        self._idle()
        self.status.setText(f"Cancelled: no {self.what} result.")

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Cancel and join every run this bar started (the dialog or the window closes)."""
        self.slot.shutdown(timeout_s)
        self._idle()

    def show_message(self, text: str, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b3261e;" if error else "")

    def _progress(self, done: int, total: int) -> None:
        self.progress.setValue(100 * done // max(total, 1))

    def _done(self, result) -> None:
        self.progress.setValue(100)
        self.status.setText("")
        self.done.emit(result)

    def _failed(self, message: str, _broken: bool) -> None:
        self.show_message(error_text(message), error=True)
        self.failed.emit(message)

    def _idle(self) -> None:
        self.run_button.setEnabled(True)
        self.cancel_button.setEnabled(False)


def worlds_spins(prefix: str, samples: int, maximum: int, step: int, seed: int,
                 parent: QWidget) -> tuple[QSpinBox, QSpinBox]:
    """The sample count and seed of a run over sampled worlds."""
    samples_spin = QSpinBox(parent)
    samples_spin.setObjectName(f"{prefix}:samples")
    samples_spin.setRange(100, maximum)
    samples_spin.setSingleStep(step)
    samples_spin.setGroupSeparatorShown(True)
    samples_spin.setValue(samples)
    describe(samples_spin, "Sampled worlds", "How many worlds to sample")
    seed_spin = QSpinBox(parent)
    seed_spin.setObjectName(f"{prefix}:seed")
    seed_spin.setRange(0, 2**31 - 1)
    seed_spin.setValue(seed)
    describe(seed_spin, "Seed", "The same seed samples the same worlds")
    return samples_spin, seed_spin


def fill_table(table: QTableWidget, rows: Sequence[Sequence[str]],
               bold: Collection[int] = (), tips: Sequence[str] | None = None) -> None:
    """Rows of text into a results table: a label first, then figures, right-aligned;
    ``bold`` rows (e.g. totals) in bold; ``tips`` a tooltip per row."""
    table.setRowCount(len(rows))
    strong = QFont(table.font())
    strong.setBold(True)
    for row, cells in enumerate(rows):
        for column, text in enumerate(cells):
            cell = QTableWidgetItem(text)
            if column:
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if row in bold:
                cell.setFont(strong)
            if tips is not None:
                cell.setToolTip(tips[row])
            table.setItem(row, column, cell)


class PromptedResults(QStackedWidget):
    """Results (a table and what goes with it) or, in their place until there are some, one
    plain line saying how to get them or why there are none: never an empty table."""

    def __init__(self, name: str, results: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        self.prompt = describe(QLabel(self), "Results", "What this space shows, and how to "
                               "fill it", object_name=f"{name}:prompt")
        self.prompt.setWordWrap(True)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.prompt.setContentsMargins(8, 8, 8, 8)
        self.prompt.setStyleSheet("color: #555;")
        self.results = results
        self.addWidget(self.prompt)
        self.addWidget(results)

    def show_prompt(self, text: str) -> None:
        self.prompt.setText(text)
        self.setCurrentWidget(self.prompt)
        self.updateGeometry()

    def show_results(self) -> None:
        self.setCurrentWidget(self.results)
        self.updateGeometry()

    def minimumSizeHint(self) -> QSize:  # the page shown, not the largest page: a line
        return self.currentWidget().minimumSizeHint()  # needs no table's room

    def sizeHint(self) -> QSize:
        return self.currentWidget().sizeHint()

    def prompting(self) -> bool:
        return self.currentWidget() is self.prompt


class LeverTable(QTableWidget):
    """A row per lever: its label and unit, then values without the unit (right-aligned)."""

    def __init__(self, name: str, headers: list[str], parent: QWidget | None = None):
        super().__init__(0, len(headers), parent)
        self.setObjectName(name)
        self.setHorizontalHeaderLabels(headers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)

    def set_rows(self, rows: list[tuple[str, list[str], bool]]) -> None:
        """(lever id, the cells after its heading, bold) per row."""
        fill_table(self, [[lever_heading(lever_id), *values] for lever_id, values, _ in rows],
                   bold={row for row, (_, _, bold) in enumerate(rows) if bold},
                   tips=[f"{lever_id} ({LEVERS[lever_id].unit})" for lever_id, _, _ in rows])


class AnalysisDialog(QDialog):
    """A dialog around one background analysis (``self.run_bar``): deleted when closed,
    its run stopped and joined first; an Apply and a Close button at the bottom."""

    run_bar: RunBar

    def __init__(self, name: str, title: str, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.session = session

    def bottom_buttons(self, apply_text: str, apply_description: str) -> QHBoxLayout:
        """Apply (``self.apply_button``, off until there is an answer) and Close."""
        name = self.objectName()
        buttons = QHBoxLayout()
        self.apply_button = QPushButton(apply_text, self)
        self.apply_button.setObjectName(f"{name}:apply")
        self.apply_button.setEnabled(False)
        self.apply_button.setToolTip(f"{apply_description} (one undoable step)")
        describe(self.apply_button, apply_text, f"{apply_description}, undoable")
        buttons.addWidget(self.apply_button)
        buttons.addStretch(1)
        close = QPushButton("Close", self)
        close.setObjectName(f"{name}:close")
        describe(close, "Close", f"Close this window (a {self.run_bar.what} in progress stops)")
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        return buttons

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop the run and join its thread (the dialog or the main window closes)."""
        self.run_bar.shutdown(timeout_s)

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
