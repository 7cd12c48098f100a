"""What matters: a tornado chart of one key figure (every uncertain lever at the low and the
high end of its range) and, on request, a Morris screen and Sobol indices computed off the
GUI thread.

The tornado (``core.analysis.sensitivity.tornado``, a few ms) follows the session's scenario;
Sobol (``sobol_analysis``, a few seconds, with bootstrap intervals and how often the top 5
stay the same) and Morris (``morris``, a fraction of a second) run one at a time in a
``BackgroundJob``: Sobol reports progress after every batch of model runs and stops at the
next batch when cancelled. Both vary the policy levers too when the user asks.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.analysis.sensitivity import (
    DEFAULT_SOBOL_SEED,
    MorrisEffect,
    SobolAnalysis,
    SobolIndex,
    TornadoBar,
    morris,
    require_variation,
    sobol_analysis,
    tornado,
)
from core.catalogue.key_figures import KPIS
from core.catalogue.levers import LEVERS, is_drawn
from core.common.formatting import format_value
from desktop.state.workers import BackgroundJob, JobSlot
from desktop.widgets.accessibility import describe
from desktop.widgets.analysis_controls import LeverTable, PromptedResults, fill_table
from desktop.widgets.plots import adopt_new_menus, menus_now, still_chart

# neutral greys: blue and red mean the US and China everywhere else
LOW_COLOUR = "#b4b4b4"  # the figure with the lever at the low end of its range
HIGH_COLOUR = "#505050"  # ... at the high end
SOBOL_BASE_SAMPLES = 1024  # the chooser's default
SOBOL_SAMPLE_CHOICES = (1024, 2048, 4096)  # base samples the user can choose
SOBOL_BOOTSTRAP = 200  # resamples behind the intervals and the top-5 agreement
SOBOL_CONFIDENCE = 0.95
STABLE_AGREEMENT = 0.95  # the top 5 count as settled when this share of resamples agree
MORRIS_TRAJECTORIES = 40  # (levers + 1) x 40 runs: a fraction of a second
REFRESH_DELAY_MS = 150


class LabelAxis(pg.AxisItem):
    """Left axis with one text label per bar (lever names)."""

    def __init__(self):
        super().__init__("left")
        self.labels: dict[int, str] = {}

    def set_labels(self, labels: list[str]) -> None:
        self.labels = dict(enumerate(labels))
        self.setTicks([[(i, text) for i, text in self.labels.items()], []])


class SensitivityWindow(QDialog):
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
        self.analysis: SobolAnalysis | None = None
        self.effects: list[MorrisEffect] = []
        self.slot = JobSlot(self)  # the one Sobol or Morris run at a time
        self.slot.progress.connect(self._sobol_progress)
        self.slot.done.connect(self._run_done)
        self.slot.failed.connect(self._run_failed)
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
        self.policy_check = QCheckBox("Include policy levers", self)
        self.policy_check.setObjectName("sensitivity:include_policy")
        describe(self.policy_check, "Include policy levers",
                 "Let the Morris screen and the Sobol ranking vary the policy levers too, each "
                 "uniformly over its whole range; the tornado varies the uncertain levers "
                 "only")
        self.policy_check.setToolTip("Morris and Sobol vary the policy levers too, over their "
                                     "whole range")
        top.addWidget(self.policy_check)
        layout.addLayout(top)

        runs = QHBoxLayout()
        self.morris_button = QPushButton("Quick screen (Morris)", self)
        self.morris_button.setObjectName("sensitivity:morris")
        describe(self.morris_button, "Quick screen (Morris)",
                 "Rank the levers by their mean effect on the key figure (Morris elementary "
                 "effects, under a second): a quick first pass before the Sobol ranking")
        self.morris_button.setToolTip(f"Morris screening: {MORRIS_TRAJECTORIES} trajectories, "
                                      "under a second")
        runs.addWidget(self.morris_button)
        samples_label = QLabel("Base samples:", self)
        runs.addWidget(samples_label)
        self.samples_combo = QComboBox(self)
        self.samples_combo.setObjectName("sensitivity:base_samples")
        describe(self.samples_combo, "Base samples",
                 "Base samples of the Sobol ranking: more samples give narrower intervals "
                 "and a steadier top 5, and take longer")
        samples_label.setBuddy(self.samples_combo)
        for count in SOBOL_SAMPLE_CHOICES:
            self.samples_combo.addItem(f"{count:,}", count)
        default = self.samples_combo.findData(SOBOL_BASE_SAMPLES)
        self.samples_combo.setCurrentIndex(max(default, 0))
        runs.addWidget(self.samples_combo)
        self.sobol_button = QPushButton("Global ranking (Sobol)", self)
        self.sobol_button.setObjectName("sensitivity:sobol")
        describe(self.sobol_button, "Global ranking (Sobol)",
                 "Each lever's share of the key figure's variance, with "
                 f"{SOBOL_CONFIDENCE:.0%} bootstrap intervals; runs in the background")
        self.sobol_button.setToolTip(
            "Share of the figure's variance due to each lever, with bootstrap intervals "
            "(a few seconds at 1,024 base samples)")
        runs.addWidget(self.sobol_button)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("sensitivity:progress")
        describe(self.progress, "Progress", "How far the running analysis has got")
        self.progress.setRange(0, 100)
        self.progress.setMaximumWidth(120)
        self.progress.hide()
        runs.addWidget(self.progress)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.setObjectName("sensitivity:cancel")
        self.cancel_button.setAccessibleDescription("Stop the running analysis")
        self.cancel_button.hide()
        runs.addWidget(self.cancel_button)
        runs.addStretch(1)
        layout.addLayout(runs)

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
        item = still_chart(self.chart.getPlotItem(), y_grid=False)
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
        self.tabs = QTabWidget(splitter)
        self.pages: dict[QTableWidget, PromptedResults] = {}
        self.tabs.setObjectName("sensitivity:results")
        describe(self.tabs, "Rankings", "The Sobol ranking and the Morris screen, one per tab")
        self.table, self.stability = self._result_page(
            "sobol_table", "Global ranking (Sobol)",
            ["Lever", "First order (alone)", "Total order (with interactions)"],
            "Global ranking",
            "Each lever's share of the key figure's variance, alone and with interactions, "
            f"each with its {SOBOL_CONFIDENCE:.0%} bootstrap interval")
        self.stability.setObjectName("sensitivity:stability")
        self.morris_table, self.morris_note = self._result_page(
            "morris_table", "Quick screen (Morris)",
            ["Lever", "μ* (mean size of effect)", "μ (mean effect)", "σ (spread)"],
            "Quick screen",
            "The levers ranked by their mean absolute effect on the key figure (μ*), with "
            "the mean signed effect (μ) and its spread (σ)")
        self.morris_note.setObjectName("sensitivity:morris_note")
        splitter.addWidget(self.tabs)
        splitter.setSizes([470, 350])
        self.splitter = splitter
        layout.addWidget(splitter, 1)

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REFRESH_DELAY_MS)
        self.timer.timeout.connect(self.refresh)
        self.kpi_combo.currentIndexChanged.connect(self._kpi_changed)
        # clicked(bool) must not reach start_sobol's sample count
        self.sobol_button.clicked.connect(lambda _checked=False: self.start_sobol())
        self.morris_button.clicked.connect(lambda _checked=False: self.start_morris())
        self.cancel_button.clicked.connect(self.cancel_sobol)
        self.policy_check.toggled.connect(self._levers_changed)
        session.scenario_changed.connect(self._scenario_changed)
        for table in (self.table, self.morris_table):
            self.prompt(table)
        self.tabs.currentChanged.connect(lambda _index: self.fit_rankings())
        self.refresh()

    @property
    def kpi_id(self) -> str:
        return self.kpi_combo.currentData()

    @property
    def include_policy(self) -> bool:
        return self.policy_check.isChecked()

    def _result_page(self, name: str, title: str, headers: list[str], accessible: str,
                     description: str) -> tuple[QTableWidget, QLabel]:
        """A tab with a read-only ranking table and a line of explanation under it; until a
        run fills the table, one line saying which button fills it (``self.pages``)."""
        page = QWidget(self.tabs)
        box = QVBoxLayout(page)
        box.setContentsMargins(0, 0, 0, 0)
        results = QWidget(page)
        column = QVBoxLayout(results)
        column.setContentsMargins(4, 4, 4, 4)
        table = describe(LeverTable(f"sensitivity:{name}", headers, results), accessible,
                         description)
        column.addWidget(table, 1)
        line = QLabel(results)
        line.setWordWrap(True)
        column.addWidget(line)
        self.pages[table] = PromptedResults(f"sensitivity:{name}", results, page)
        box.addWidget(self.pages[table])
        self.tabs.addTab(page, title)
        return table, line

    def prompt(self, table: QTableWidget, text: str | None = None) -> None:
        """In place of ``table``: ``text``, or which button ranks the levers for the figure."""
        if text is None:
            button = self.sobol_button if table is self.table else self.morris_button
            what = ("which assumptions drive" if table is self.table
                    else "a quick first ranking of the assumptions that move")
            text = f"Press {button.text()} to see {what} “{KPIS[self.kpi_id].label}”."
        self.pages[table].show_prompt(text)
        self.fit_rankings()

    def fit_rankings(self) -> None:
        """The rankings' half: a line high while the shown tab has only its line, so the
        tornado has the window; back to its share when a table is shown."""
        total = sum(self.splitter.sizes())
        if total <= 0 or not self.pages:
            return
        page = self.pages[self.table if self.tabs.currentIndex() == 0 else self.morris_table]
        if page.prompting():
            wanted = (self.tabs.tabBar().sizeHint().height() + 24
                      + page.prompt.heightForWidth(max(self.tabs.width() - 16, 200)))
        else:
            wanted = total * 350 // 820
        self.splitter.setSizes([total - wanted, wanted])

    def clear_rankings(self) -> None:
        """Drop the Sobol and Morris results: they belong to another figure or lever set."""
        self.cancel_sobol()
        self.indices, self.analysis, self.effects = [], None, []
        for table, line in ((self.table, self.stability),
                            (self.morris_table, self.morris_note)):
            table.setRowCount(0)
            line.clear()
            self.prompt(table)

    def _kpi_changed(self) -> None:
        self.clear_rankings()
        self.refresh()

    def _levers_changed(self) -> None:
        self.clear_rankings()
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
            require_variation(kpi.label, [bar.swing for bar in self.bars],
                              " (the tornado varies uncertain levers only)")
        except ValueError as error:
            self.bars = []
            self.note.setText(str(error))
            self._draw([])
            return
        base = self.bars[0].kpi_base if self.bars else float("nan")
        shown = self.shown_bars()
        hidden = len(self.bars) - len(shown)
        note = (f"{kpi.label}: {kpi.format(base)} in this scenario. Each bar moves "
                "one uncertain lever to the low (light grey) or high (dark grey) end of its range, the "
                "others held; largest swing at the top.")
        if hidden:
            note += f" {hidden} lever{'s' if hidden != 1 else ''} that do not move it: not drawn."
        note += " The tornado varies uncertain levers only. " + self.policy_note()
        if self.include_policy:
            note += " Morris and Sobol vary them too, each over its whole range."
        self.note.setText(note)
        self._draw(shown)

    def shown_bars(self) -> list[TornadoBar]:
        """The bars worth drawing: a lever whose swing rounds to nothing is left out."""
        unit = KPIS[self.kpi_id].unit
        return [bar for bar in self.bars
                if format_value(bar.kpi_at_low - bar.kpi_base, unit, signed=True)[:1] in "+-"
                or format_value(bar.kpi_at_high - bar.kpi_base, unit, signed=True)[:1] in "+-"]

    def policy_note(self) -> str:
        """Policies and reaction settings are the user's choices, not uncertainties: say which
        were set and that the tornado holds them fixed at those values."""
        chosen = [(LEVERS[i], v) for i, v in self.session.scenario.levers.items()
                  if i in LEVERS and not is_drawn(i)]
        if not chosen:
            return "Policy and reaction levers stay at their defaults (held fixed)."
        listed = ", ".join(f"{lever.label} = {format_value(value, lever.unit)}"
                           for lever, value in chosen)
        return f"Policy and reaction levers you set, held fixed: {listed}."

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
        self.base_line.setVisible(bool(count))  # no bars: no base value to mark
        if count:
            self.base_line.setValue(float(base[0]))
            values = np.concatenate([base, low, high])
            values = values[np.isfinite(values)]
            if values.size:
                span = float(values.max() - values.min()) or max(abs(float(values[0])), 1.0)
                item.setXRange(values.min() - 0.05 * span, values.max() + 0.05 * span,
                               padding=0)
            item.setYRange(-0.6, count - 0.4, padding=0)

    # ---- Sobol and Morris ------------------------------------------------------------------
    @property
    def base_samples(self) -> int:
        return int(self.samples_combo.currentData())

    def start_sobol(self, base_samples: int | None = None) -> None:
        """Sobol indices with bootstrap intervals at the chosen (or given) base samples."""
        scenario, kpi_id, include_policy = self.session.scenario, self.kpi_id, self.include_policy
        count = self.base_samples if base_samples is None else base_samples

        def run(progress, cancelled):
            return sobol_analysis(scenario, kpi_id, count, DEFAULT_SOBOL_SEED, progress,
                                  cancelled, include_policy=include_policy,
                                  bootstrap=SOBOL_BOOTSTRAP, confidence=SOBOL_CONFIDENCE)

        self.progress.setRange(0, 100)
        self._start(BackgroundJob(run, self, name="sobol"))
        self._prompt_running(self.table)

    def start_morris(self) -> None:
        """The quick screen: one vectorised batch of model runs, so no progress to report."""
        scenario, kpi_id, include_policy = self.session.scenario, self.kpi_id, self.include_policy

        def run(_progress, _cancelled):
            return morris(scenario, kpi_id, MORRIS_TRAJECTORIES, seed=DEFAULT_SOBOL_SEED,
                          include_policy=include_policy)

        self.progress.setRange(0, 0)  # busy: Morris is one call
        self._start(BackgroundJob(run, self, name="morris"))
        self._prompt_running(self.morris_table)

    def _prompt_running(self, table: QTableWidget) -> None:
        """While the first run for this figure goes: say so in place of its table."""
        self.tabs.setCurrentIndex(0 if table is self.table else 1)
        if self.pages[table].prompting():
            self.prompt(table, f"Ranking the levers by their effect on "
                               f"“{KPIS[self.kpi_id].label}”… (progress above)")

    def _start(self, job: BackgroundJob) -> None:
        self.progress.setValue(0)
        self.progress.show()
        self.cancel_button.show()
        self.sobol_button.setEnabled(False)
        self.morris_button.setEnabled(False)
        self.slot.start(job)

    @property
    def job(self) -> BackgroundJob | None:
        """The Sobol or Morris run in progress, if any."""
        return self.slot.job

    def _sobol_progress(self, done: int, total: int) -> None:
        self.progress.setValue(100 * done // total)

    def _run_done(self, result) -> None:
        if isinstance(result, SobolAnalysis):
            self._show_sobol(result)
        else:
            self._show_morris(result)

    def nothing_to_rank(self, effects: list[float]) -> str | None:
        """Why a Morris or Sobol result ranks nothing (no lever moves the figure), or None."""
        hint = ("" if self.include_policy else
                " (Include policy levers lets the policy levers vary too)")
        try:
            require_variation(KPIS[self.kpi_id].label, effects, hint)
        except ValueError as error:
            return f"{error}."
        return None

    def _show_sobol(self, analysis: SobolAnalysis) -> None:
        nothing = self.nothing_to_rank([index.total_order for index in analysis.indices])
        self.tabs.setCurrentIndex(0)
        if nothing:
            self.table.setRowCount(0)
            self.stability.setText(nothing)
            self.prompt(self.table, nothing)
            return
        self.pages[self.table].show_results()
        self.fit_rankings()
        self.analysis, self.indices = analysis, analysis.indices
        fill_table(self.table, [(index.label,
                                 with_interval(index.first_order, index.first_order_ci),
                                 with_interval(index.total_order, index.total_order_ci))
                                for index in analysis.indices])
        self.stability.setText(self.stability_text(analysis))

    def stability_text(self, analysis: SobolAnalysis) -> str:
        """How often the top 5 survive a bootstrap resample, and what that means."""
        shown = (f"{analysis.base_samples:,} base samples, {len(analysis.indices)} factors "
                 "(levers, ranged constants, and groups known only together); "
                 f"intervals: {SOBOL_CONFIDENCE:.0%} bootstrap ({analysis.bootstrap} "
                 "resamples).")
        share = analysis.top5_agreement
        if share is None:
            return shown
        said = f"Top 5 the same in {share:.0%} of bootstrap resamples: "
        if share >= STABLE_AGREEMENT:
            verdict = "stable, the same five levers lead whichever samples are drawn."
        else:
            larger = [count for count in SOBOL_SAMPLE_CHOICES if count > analysis.base_samples]
            verdict = ("the ranking is not settled yet, so read the top levers as a group. "
                       + (f"Run again with more base samples ({larger[0]:,} or more)."
                          if larger else "The interval widths say how far to trust the order."))
        return f"{said}{verdict} {shown}"

    def _show_morris(self, effects: list[MorrisEffect]) -> None:
        nothing = self.nothing_to_rank([effect.mu_star for effect in effects])
        self.tabs.setCurrentIndex(1)
        if nothing:
            self.morris_table.setRowCount(0)
            self.morris_note.setText(nothing)
            self.prompt(self.morris_table, nothing)
            return
        self.pages[self.morris_table].show_results()
        self.fit_rankings()
        self.effects = effects
        unit = KPIS[self.kpi_id].unit
        fill_table(self.morris_table, [(effect.label, change_text(effect.mu_star, unit),
                                        change_text(effect.mu, unit, signed=True),
                                        change_text(effect.sigma, unit))
                                       for effect in effects])
        self.morris_note.setText(
            f"Effects in {unit_words(unit)} per full sampled range of the lever. μ*: how far "
            "the key figure moves on average when the lever crosses that range (the ranking); "
            "μ: the same with its sign; σ: how much that effect changes with the other "
            f"levers (large: interactions or a curved response). {MORRIS_TRAJECTORIES} "
            f"trajectories, {len(effects)} levers.")

    def _run_failed(self, message: str, _broken: bool) -> None:
        self.note.setText(f"The ranking failed: {message}")

    def _idle(self) -> None:
        for table, page in self.pages.items():  # cancelled or failed: how to run again
            if page.prompting() and page.prompt.text().startswith("Ranking the levers"):
                self.prompt(table)
        self.progress.hide()
        self.cancel_button.hide()
        self.sobol_button.setEnabled(True)
        self.morris_button.setEnabled(True)

    def cancel_sobol(self) -> None:
        """Stop the running Sobol or Morris run; what it still sends is dropped."""
        self.slot.cancel()
        self._idle()

    def shutdown(self, timeout_s: float = 30.0) -> None:
        """Stop the Sobol run and join its thread."""
        self.timer.stop()
        self._idle()
        self.slot.shutdown(timeout_s)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.fit_rankings()  # the split has its sizes only once shown

    def closeEvent(self, event) -> None:
        self.shutdown()
        super().closeEvent(event)


def number_text(value: float) -> str:
    """Two decimals with a true minus sign, so a negative bound reads apart from the dash;
    no "−0.00" for a bound a hair below zero."""
    return f"{round(value, 2) + 0.0:.2f}".replace("-", "−")


def with_interval(value: float, interval: tuple[float, float] | None) -> str:
    """'0.31 (0.27 – 0.35)': an index and its bootstrap interval."""
    if interval is None:
        return number_text(value)
    return f"{number_text(value)} ({number_text(interval[0])} – {number_text(interval[1])})"


def change_text(value: float, unit: str, signed: bool = False) -> str:
    """A change of a key figure: shares in percentage points, other units as they are."""
    text = format_value(value, unit, signed=True)
    return text if signed else text.removeprefix("+")


def unit_words(unit: str) -> str:
    return "percentage points" if unit == "share" else unit
