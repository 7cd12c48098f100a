"""Compare scenarios: their curves overlaid (or as differences from a reference), a table
of the levers and events that differ (with each scenario's evidence) and the key figures side
by side, and the policy effect with its uncertainty: every scenario against the reference
over the same sampled worlds.

Everything shown comes from the core: ``run_scenario`` for the curves,
``core.analysis.compare.compare`` for the table and ``core.analysis.paired`` for the effects
(run off the GUI thread in a ``JobSlot``).
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.analysis.compare import Comparison, compare
from core.analysis.paired import (
    EFFECT_WORDS,
    PairedEffect,
    discover_question,
    effect_texts,
    hinge_lines,
    paired_effects,
    sign_in_words,
)
from core.catalogue.key_figures import KPIS
from core.catalogue.outputs import OUTPUTS, paired_series
from core.common.formatting import format_value
from core.common.limits import MAX_MONTE_CARLO_SAMPLES
from core.common.palette import country_colour
from core.engine.events import evidence_text
from core.engine.simulation import run_scenario
from desktop.state.workers import BackgroundJob, JobSlot
from desktop.widgets.accessibility import close_keys
from desktop.widgets.plots import (
    ValueAxis,
    adopt_new_menus,
    menus_now,
    still_chart,
    title_html,
    years,
)

SECTION_BACKGROUND = QColor("#eef1f5")
PAIRED_SAMPLES = 1_000  # worlds per paired run by default: about a second for two scenarios


def section_rows(table: QTableWidget, rows: list[tuple[str, list[str], bool]],
                 tooltips: dict[tuple[int, int], str] | None = None) -> None:
    """Fill a table from (label, cells, is a section title) rows; section titles are bold
    on a tinted row. ``tooltips`` maps (row, column) to a cell's tooltip."""
    table.setRowCount(len(rows))
    bold = QFont(table.font())
    bold.setBold(True)
    for row, (label, cells, section) in enumerate(rows):
        first = QTableWidgetItem(label)
        if section:
            first.setFont(bold)
            for column in range(table.columnCount()):
                filler = first if column == 0 else QTableWidgetItem("")
                filler.setBackground(QBrush(SECTION_BACKGROUND))
                table.setItem(row, column, filler)
            continue
        table.setItem(row, 0, first)
        for column, text in enumerate(cells, start=1):
            table.setItem(row, column, QTableWidgetItem(text))
    for (row, column), tip in (tooltips or {}).items():
        item = table.item(row, column)
        if item is not None and tip:
            item.setToolTip(tip)


def table_text(table: QTableWidget) -> list[list[str]]:
    """A table as text, row by row (what a reader sees; tests read it)."""
    return [[(table.item(r, c).text() if table.item(r, c) else "")
             for c in range(table.columnCount())] for r in range(table.rowCount())]


def lever_evidence(scenario, lever_id: str) -> str:
    """Why a scenario sets a lever as it does, and the source; empty when it does not say."""
    item = scenario.evidence.get(lever_id)
    return evidence_text(item.rationale, item.source) if item is not None else ""


class PairedEffectPanel(QWidget):
    """The policy effect with its uncertainty: each scenario minus the reference in every
    one of N shared sampled worlds, per key figure the median, the 5-95% range and how often
    the difference goes either way. Runs in the background on Run; Cancel stops it."""

    HEADERS = ["Key figure", "Median difference", "5–95% range", "In how many worlds"]
    # What must be true asked of an effect: (scenario, reference, (their names), figure
    # (kind, id), above, samples, seed, month or None)
    ask = Signal(object)

    def __init__(self, scenarios: list[tuple[str, object]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compare:paired")
        self.scenarios = scenarios
        self.reference = 0
        self.effects: list[PairedEffect] = []
        self.questions: list[tuple] = []  # what the question box offers, in its order
        self.slot = JobSlot(self)  # the one paired run at a time
        self.slot.progress.connect(self._progress)
        self.slot.done.connect(self._done)
        self.slot.failed.connect(self._failed)
        self.slot.finished.connect(self._idle)

        column = QVBoxLayout(self)
        column.setContentsMargins(4, 4, 4, 4)
        bar = QHBoxLayout()
        samples_label = QLabel("Sampled worlds:", self)
        bar.addWidget(samples_label)
        self.samples_box = QSpinBox(self)
        self.samples_box.setObjectName("compare:paired_samples")
        self.samples_box.setRange(100, MAX_MONTE_CARLO_SAMPLES)
        self.samples_box.setSingleStep(500)
        self.samples_box.setGroupSeparatorShown(True)
        self.samples_box.setValue(PAIRED_SAMPLES)
        self.samples_box.setAccessibleName("Sampled worlds")
        self.samples_box.setAccessibleDescription(
            "How many sampled worlds every scenario runs in; more gives steadier figures "
            "and takes longer")
        samples_label.setBuddy(self.samples_box)
        bar.addWidget(self.samples_box)
        self.run_button = QPushButton("Run", self)
        self.run_button.setObjectName("compare:paired_run")
        self.run_button.setToolTip("Run every scenario over the same sampled worlds and show "
                                   "its effect against the reference")
        self.run_button.setAccessibleName("Run the paired comparison")
        self.run_button.setAccessibleDescription(self.run_button.toolTip())
        bar.addWidget(self.run_button)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("compare:paired_progress")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(140)
        self.progress.setAccessibleName("Paired run progress")
        self.progress.setAccessibleDescription("Share of the sampled worlds run so far")
        self.progress.hide()
        bar.addWidget(self.progress)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("compare:paired_cancel")
        self.cancel_button.setAccessibleName("Cancel the paired run")
        self.cancel_button.setAccessibleDescription("Stop the run; the table stays empty")
        self.cancel_button.hide()
        bar.addWidget(self.cancel_button)
        bar.addStretch(1)
        column.addLayout(bar)
        self.note = QLabel(self)
        self.note.setObjectName("compare:paired_note")
        self.note.setWordWrap(True)
        self.note.setStyleSheet("color: #555;")
        self.note.setAccessibleName("About the paired comparison")
        self.note.setAccessibleDescription("What the table below shows and how it was run")
        column.addWidget(self.note)
        self.table = QTableWidget(0, len(self.HEADERS), self)
        self.table.setObjectName("compare:paired_table")
        self.table.setHorizontalHeaderLabels(self.HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setAccessibleName("Policy effect with uncertainty")
        self.table.setAccessibleDescription(
            "For every scenario against the reference and every key figure: the median "
            "difference over the shared worlds, its 5 to 95% range and how often it goes "
            "either way")
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(0, 300)
        for index in range(1, len(self.HEADERS)):
            header.setSectionResizeMode(index, QHeaderView.ResizeMode.Stretch)
        column.addWidget(self.table, 2)
        hinge_title = QLabel("What the effect hinges on", self)
        hinge_title.setStyleSheet("font-weight: bold;")
        hinge_title.setAccessibleName("What the effect hinges on (heading)")
        column.addWidget(hinge_title)
        self.hinges = QTextBrowser(self)
        self.hinges.setObjectName("compare:hinges")
        self.hinges.setAccessibleName("What the effect hinges on")
        self.hinges.setAccessibleDescription(
            "For the US lead and China's compute: the two uncertain levers or constants that "
            "explain most of the effect's spread over the worlds, the effect at their low and "
            "high ends, and where it turns sign")
        self.hinges.setPlaceholderText("Press Run: what the effect on the US lead and on "
                                       "China's compute hinges on shows here.")
        column.addWidget(self.hinges, 1)
        ask_bar = QHBoxLayout()
        self.question_box = QComboBox(self)
        self.question_box.setObjectName("compare:hinge_question")
        self.question_box.setAccessibleName("Question for What must be true")
        self.question_box.setAccessibleDescription(
            "An effect that goes either way: which worlds give its less likely sign")
        ask_bar.addWidget(self.question_box, 1)
        self.discover_button = QPushButton("What must be true…", self)
        self.discover_button.setObjectName("compare:hinge_discover")
        self.discover_button.setToolTip("Open What must be true, set to find the lever "
                                        "ranges in which the effect takes the chosen sign")
        self.discover_button.setAccessibleName("What must be true for this effect")
        self.discover_button.setAccessibleDescription(self.discover_button.toolTip())
        ask_bar.addWidget(self.discover_button)
        column.addLayout(ask_bar)
        self.discover_button.clicked.connect(self._ask)
        self.run_button.clicked.connect(self.start)
        self.cancel_button.clicked.connect(self.cancel)
        self.set_reference(0)

    @property
    def seed(self) -> int:
        return self.scenarios[self.reference][1].uncertainty.seed

    def set_reference(self, reference: int) -> None:
        """A new reference: a run for the old one is dropped and the table cleared."""
        self.reference = reference
        self.cancel()
        self.effects = []
        self.table.setRowCount(0)
        self._fill_hinges([])
        self.note.setText(
            f"Every scenario runs over the same sampled worlds (seed {self.seed}): its own "
            "policy levers and events, the same draws of the uncertain levers. The table "
            f"shows each one minus {self.scenarios[reference][0]} (the reference) in every "
            "world. Press Run.")

    def start(self) -> None:
        scenarios, reference = list(self.scenarios), self.reference
        samples, seed = self.samples_box.value(), self.seed

        def run(progress, cancelled):
            return paired_effects(scenarios, samples, seed, reference, progress, cancelled)

        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.run_button.setEnabled(False)
        self.note.setText(f"Running {len(scenarios) - 1} scenario(s) and the reference over "
                          f"{samples:,} shared worlds…")
        self.slot.start(BackgroundJob(run, self, name="paired compare"))

    def cancel(self) -> None:
        if self.slot.running:
            self.slot.cancel()
            self.note.setText("Cancelled. Press Run to start again.")
        self._idle()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop the run and join its thread (the window closes)."""
        self._idle()
        self.slot.shutdown(timeout_s)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setValue(100 * done // max(total, 1))

    def _failed(self, message: str, _broken: bool) -> None:
        self.note.setText(f"The paired run failed: {message}")

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.run_button.setEnabled(True)

    def _done(self, effects: list[PairedEffect]) -> None:
        self.effects = effects
        rows: list[tuple[str, list[str], bool]] = []
        for effect in effects:
            rows.append((f"{effect.other} minus {effect.reference}", [], True))
            for kpi in effect.kpis:
                rows.append((kpi.label, [*effect_texts(kpi), sign_in_words(kpi)], False))
        section_rows(self.table, rows)
        self.table.resizeRowsToContents()
        self._fill_hinges(effects)
        first = effects[0] if effects else None
        if first is not None:
            self.note.setText(
                f"Each scenario minus {first.reference} in every one of {first.samples:,} "
                f"shared sampled worlds (seed {first.seed}): the median difference, the "
                "range holding 90% of the worlds (5th to 95th percentile), and how often "
                "the difference goes either way.")

    def rows(self) -> list[list[str]]:
        return table_text(self.table)

    def _fill_hinges(self, effects: list[PairedEffect]) -> None:
        """What each effect hinges on, and a What must be true question for every effect
        on the US lead or China's compute that goes either way."""
        blocks, self.questions = [], []
        names = [name for name, _ in self.scenarios]
        for effect in effects:
            blocks.append(f"{effect.other} minus {effect.reference}\n"
                          + "\n".join(hinge_lines(effect)))
            for found in effect.hinges:
                question = discover_question(effect, found.figure_id)
                if question is None:
                    continue
                above, _threshold = question
                what, more, less = EFFECT_WORDS.get(found.figure_id,
                                                    (found.label, "higher", "lower"))
                kpi_id, _, month = found.figure_id.partition("@")
                figure = ("output", kpi_id) if month else ("kpi", kpi_id)
                text = (f"What must be true for {what} to come out "
                        f"{more if above else less} with {effect.other}")
                self.questions.append((text, (
                    self.scenarios[names.index(effect.other)][1],
                    self.scenarios[names.index(effect.reference)][1],
                    (effect.other, effect.reference), figure, above, effect.samples,
                    effect.seed, month or None)))
        self.hinges.setPlainText("\n\n".join(blocks))
        self.question_box.clear()
        self.question_box.addItems([text for text, _ in self.questions])
        self.question_box.setEnabled(bool(self.questions))
        self.discover_button.setEnabled(bool(self.questions))
        if effects and not self.questions:
            self.question_box.addItem("(each effect keeps its sign in nearly every world)")

    def hinge_text(self) -> str:
        """What the hinges area shows (tests read it)."""
        return self.hinges.toPlainText()

    def _ask(self) -> None:
        index = self.question_box.currentIndex()
        if 0 <= index < len(self.questions):
            self.ask.emit(self.questions[index][1])


# each compared scenario's line: US blue and China red keep their meaning, so the
# scenarios differ in stroke (and the key shows each stroke beside its name)
SCENARIO_STYLES = ((Qt.PenStyle.SolidLine, "━━━"), (Qt.PenStyle.DashLine, "╺╸╺╸"),
                   (Qt.PenStyle.DotLine, "┈┈┈"), (Qt.PenStyle.DashDotLine, "╺·╺·"),
                   (Qt.PenStyle.DashDotDotLine, "╺··╺"))


def scenario_style(index: int) -> tuple[Qt.PenStyle, str]:
    """(pen style, the key's text sample) of the index-th compared scenario."""
    return SCENARIO_STYLES[index % len(SCENARIO_STYLES)]


class ComparePlot(pg.PlotWidget):
    """One output for every scenario: US blue and China red as everywhere, a line style
    per scenario."""

    def __init__(self, output_id: str, names: list[str], parent: QWidget | None = None):
        output = OUTPUTS[output_id]
        before = menus_now()
        super().__init__(parent, axisItems={"left": ValueAxis("left", output.is_share)})
        adopt_new_menus(self, before)
        self.output_id = output_id
        self.output = output
        self.series_ids = paired_series(output_id)
        self.setObjectName(f"compare:plot:{output_id}")
        self.setMinimumSize(260, 230)
        item = self.getPlotItem()
        item.setTitle(title_html(output_id), size="9pt")  # its US / China colour key
        self.setAccessibleName(f"Compare plot: {output.label}")
        self.setAccessibleDescription(
            f"{output.label} ({output.unit}) month by month, one line style per scenario: "
            + ", ".join(names))
        item.setLabel("left", "" if output.is_share else output.unit)
        still_chart(item, grid_alpha=0.15)
        small = QFont()
        small.setPointSize(8)
        for side in ("left", "bottom"):
            item.getAxis(side).setStyle(tickFont=small)
        self.curves: list[list[pg.PlotDataItem]] = []  # [scenario][series]
        for index, name in enumerate(names):
            style, _sample = scenario_style(index)
            row = []
            for series_id in self.series_ids:
                colour = country_colour(OUTPUTS[series_id].country)
                curve = item.plot(pen=pg.mkPen(colour, width=1.6, style=style),
                                  connect="finite")
                curve.setToolTip(name)
                row.append(curve)
            self.curves.append(row)
        self.zero_line = pg.InfiniteLine(pos=0, angle=0, pen=pg.mkPen("#999", width=1))
        self.zero_line.setVisible(False)
        item.addItem(self.zero_line, ignoreBounds=True)

    def show_series(self, x: np.ndarray, data: list[list[np.ndarray]], difference: bool) -> None:
        """data[scenario][series]: values, or differences from the reference."""
        log = self.output.log_scale and not difference
        self.getPlotItem().setLogMode(x=False, y=log)
        for row, values in zip(self.curves, data, strict=True):
            for curve, series in zip(row, values, strict=True):
                y = np.where(series > 0, series, np.nan) if log else series
                curve.setData(x, y)
        self.zero_line.setVisible(difference)
        self.getPlotItem().enableAutoRange()

    def curve_data(self, scenario: int, series: int = 0) -> np.ndarray:
        return self.curves[scenario][series].yData  # as set (display data may be clipped)


class CompareWindow(QMainWindow):
    """A non-modal window comparing two or more named scenarios."""

    def __init__(self, scenarios: list[tuple[str, object]], output_ids: list[str],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("compare")
        close_keys(self)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWindowTitle("Compare scenarios — " + " · ".join(n for n, _ in scenarios))
        self.setMinimumSize(700, 500)  # explicit: the layout never resizes a shown window
        self.resize(1300, 900)
        self.scenarios = list(scenarios)
        self.names = [name for name, _ in self.scenarios]
        self.results = [run_scenario(scenario) for _, scenario in self.scenarios]
        self.x = years(self.results[0].months)

        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(6, 6, 6, 6)
        bar = QHBoxLayout()
        key = " &nbsp;&nbsp; ".join(  # a name never wraps in its middle
            f"<nobr><span style='font-size:12pt'>"
            f"{scenario_style(i)[1]}</span> <b>{html.escape(name)}</b></nobr>"
            for i, name in enumerate(self.names))
        self.key_label = QLabel(key, central)
        self.key_label.setObjectName("compare:key")
        self.key_label.setWordWrap(True)  # many scenarios wrap instead of being cut
        bar.addWidget(self.key_label, 1)
        self.difference_box = QCheckBox("Difference vs reference", central)
        self.difference_box.setObjectName("compare:difference")
        self.difference_box.setToolTip("Plot each scenario minus the reference scenario")
        bar.addWidget(self.difference_box)
        bar.addWidget(QLabel("Reference:", central))
        self.reference_combo = QComboBox(central)
        self.reference_combo.setObjectName("compare:reference")
        self.reference_combo.setAccessibleName("Reference scenario")
        self.reference_combo.setAccessibleDescription(
            "The scenario the others are measured against in the difference plots")
        self.reference_combo.addItems(self.names)
        bar.addWidget(self.reference_combo)
        column.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Vertical, central)
        scroll = QScrollArea(splitter)
        scroll.setWidgetResizable(True)
        scroll.setAccessibleName("Plots")
        scroll.setAccessibleDescription("One plot per output, every scenario on each")
        grid_host = QWidget(scroll)
        grid = QGridLayout(grid_host)
        grid.setSpacing(6)
        self.plots: dict[str, ComparePlot] = {}
        columns = 3
        for index, output_id in enumerate(output_ids):
            plot = ComparePlot(output_id, self.names, grid_host)
            self.plots[output_id] = plot
            grid.addWidget(plot, index // columns, index % columns)
        scroll.setWidget(grid_host)
        self.table = QTableWidget(splitter)
        self.table.setObjectName("compare:table")
        self.table.setAccessibleName("Key figures of every scenario")
        self.table.setAccessibleDescription(
            "One row per key figure, one column per scenario, with each scenario's "
            "rationale and sources where it has them")
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        # every column fits the window: the columns share its width and long text wraps,
        # so the table never scrolls sideways
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().sectionResized.connect(
            lambda *_: self.table.resizeRowsToContents())
        self.table.setAccessibleName("Scenarios side by side")
        self.table.setAccessibleDescription(
            "Key figures of every scenario with the change against the reference, the levers "
            "and events that differ, and each scenario's evidence for them (also in the "
            "cells' tooltips)")
        self.paired = PairedEffectPanel(self.scenarios, splitter)
        self.tabs = QTabWidget(splitter)
        self.tabs.setObjectName("compare:tabs")
        self.tabs.setAccessibleName("Comparison tables")
        self.tabs.setAccessibleDescription("The scenarios side by side, and the policy "
                                           "effect with its uncertainty")
        self.tabs.addTab(self.table, "Side by side")
        self.tabs.addTab(self.paired, "Policy effect with uncertainty")
        splitter.addWidget(scroll)
        splitter.addWidget(self.tabs)
        splitter.setSizes([520, 360])
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.difference_box.toggled.connect(self.refresh)
        self.reference_combo.currentIndexChanged.connect(self.refresh)
        self.reference_combo.currentIndexChanged.connect(
            lambda *_: self.paired.set_reference(self.reference))
        self.comparison: Comparison | None = None
        self.paired.ask.connect(self.ask_what_must_be_true)
        self.paired.discover_button.setVisible(self._explore() is not None)
        self.refresh()

    def _explore(self):
        """The main window's What must be true commands, when this window has one."""
        return getattr(self.parent(), "explore", None)

    def ask_what_must_be_true(self, question: tuple) -> None:
        """Open What must be true preset for a policy effect's less likely sign."""
        explore = self._explore()
        if explore is None:
            return
        scenario, reference, names, figure, above, samples, seed, month = question
        dialog = explore.open_discover()
        dialog.ask_effect(scenario, reference, names, figure, above, samples, seed, month)
        dialog.activateWindow()

    @property
    def reference(self) -> int:
        return max(0, self.reference_combo.currentIndex())

    @property
    def difference(self) -> bool:
        return self.difference_box.isChecked()

    def refresh(self, *_args) -> None:
        reference = self.reference
        for plot in self.plots.values():
            data = [[np.asarray(results.central(i), dtype=float) for i in plot.series_ids]
                    for results in self.results]
            if self.difference:
                data = [[series - base for series, base in zip(row, data[reference],
                                                               strict=True)]
                        for row in data]
            plot.show_series(self.x, data, self.difference)
        self.comparison = compare(self.scenarios, reference=reference, results=self.results)
        self.fill_table(self.comparison)

    # ---- the table ---------------------------------------------------------------------------
    def fill_table(self, comparison: Comparison) -> None:
        names = list(comparison.names)
        headers = ["", *(f"{n} (reference)" if i == comparison.reference else n
                         for i, n in enumerate(names))]
        rows: list[tuple[str, list[str], bool]] = []  # label, cells, is a section title
        rows.append(("Key figures (central run; brackets: change vs reference)", [], True))
        for kpi in comparison.kpis:
            cells = []
            for i, (value, diff) in enumerate(zip(kpi.values, kpi.differences, strict=True)):
                text = KPIS[kpi.kpi_id].format(value)
                change = format_value(diff, kpi.unit, signed=True)
                if i != comparison.reference and change[:1] in "+-":  # "0.0 pts": no change
                    text += f" ({change})"
                cells.append(text)
            rows.append((kpi.label, cells, False))
        tooltips: dict[tuple[int, int], str] = {}  # a changed lever's evidence, per scenario
        rows.append(("Levers that differ", [], True))
        if not comparison.levers:
            rows.append(("(none: every lever has the same value)", [], False))
        for lever in comparison.levers:
            for column, (_, scenario) in enumerate(self.scenarios, start=1):
                why = lever_evidence(scenario, lever.lever_id)
                if why:
                    tooltips[(len(rows), column)] = f"Why: {why}"
            rows.append((lever.label, [format_value(v, lever.unit) for v in lever.values],
                         False))
        rows.append(("Events", [], True))
        rows.append(("events (one per line)", ["\n".join(events) or "(none)" for events in comparison.events],
                     False))
        if any(comparison.evidence):
            rows.append(("Evidence: why, and the source", [], True))
            rows.append(("rationale (source) of changed levers and events",
                         ["\n".join(lines) or "(none given)" for lines in comparison.evidence],
                         False))
        table = self.table
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        section_rows(table, rows, tooltips)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap)
        header.setMinimumHeight(2 * header.fontMetrics().height() + 10)  # long names: 2 lines
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        table.setColumnWidth(0, 260)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        table.resizeRowsToContents()

    def table_rows(self) -> list[list[str]]:
        """The table as text, row by row (tests)."""
        return table_text(self.table)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # the rows were sized while the tab's columns were still narrow: size them again once
        # the shown window has laid its columns out, so one-line rows are one line high
        QTimer.singleShot(0, self.table.resizeRowsToContents)

    def shutdown(self) -> None:
        """Stop the paired run and join its thread (this window or its owner closes)."""
        self.paired.shutdown()

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)
