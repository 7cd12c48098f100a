"""Help > Assumptions and sources: every lever and model constant with its value, unit,
range, full citation and whether it is an estimate, searchable; the calibration and
plausibility table with the model's value and residual beside each published figure; and the
constants the calibration fit moved, with their intervals.

Both tables come from core.reports.assumptions (as ``airace levers --sources`` and ``airace anchors``
do), so the window and the command line cannot disagree. The levers show the session's
current values; the published figures are held against the run each row is defined on and
against the session's current run, each flagged holds or OUTSIDE in colour and in words.
"""

from __future__ import annotations

import html
import math

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.catalogue import calibration
from core.catalogue.anchors import Anchor
from core.catalogue.outputs import OUTPUTS
from core.common.formatting import format_value
from core.formats.scenario import load_bundled
from core.reports.assumptions import (
    AnchorCheck,
    Assumption,
    FittedConstant,
    anchor_checks,
    assumptions,
    fit_correlations,
    fitted_constants,
    search,
)
from desktop.widgets.accessibility import close_keys

ASSUMPTION_COLUMNS = ("Group", "Name", "Value", "Unit", "Range", "Estimate", "Source")
ANCHOR_COLUMNS = ("Kind (run)", "Quantity", "Output", "Date", "Low", "Central", "High",
                  "Reference run", "Check", "This scenario", "Check", "Residual", "In the fit")
FIT_COLUMNS = ("Constant", "Prior", "Fitted", "90% interval", "Range", "Unit", "Status")
ROLE_TEXT = {"data": "fitted to", "constraint": "constraint (outside only)",
             "check": "check (never fitted)"}
HOLDS = ("✓ holds", "#e3f2e1", "#1e6b25")
OUTSIDE = ("✗ OUTSIDE", "#fbe0dc", "#a3231a")
# a what-if meant to move away from today's figures: said, not alarmed
DIFFERS = ("≠ differs, as this scenario intends", "#fff4d6", "#7a5a00")
NOT_COVERED = ("– not in this run", "#f2f2f2", "#666666")  # its months are outside the run
OTHER_RUN = ("– another scenario's", "#f2f2f2", "#666666")  # a bundled scenario's figure
ESTIMATE_COLOUR = "#fff4d6"


def number_text(value: float, unit: str) -> str:
    """An assumption's figure in full precision (an assumptions browser must not round a
    constant to nothing): shares as percentages, switches as on/off."""
    if value is None or not math.isfinite(value):
        return "–"
    if unit == "on/off":
        return "on" if value else "off"
    if unit.startswith("share"):
        return f"{value * 100:.4g}%"
    return f"{value:,.6g}"


def range_text(assumption: Assumption) -> str:
    """The Range cell: a lever's allowed range; a constant's Monte Carlo range, or
    "fixed: <why>" for a constant held at its value."""
    low, high = assumption.low, assumption.high
    if assumption.kind == "constant" and math.isnan(low):
        return assumption.uncertainty
    if math.isnan(low):
        return ""
    return f"{number_text(low, assumption.unit)} – {number_text(high, assumption.unit)}"


def anchor_unit(anchor: Anchor) -> str:
    """The unit of a published figure: a growth ratio is x, a share is a share, every other
    statistic is in its output's unit."""
    kind = anchor.statistic.split()[0]
    if kind == "growth":
        return "x"
    if kind in ("share", "share_range"):
        return "share"
    return OUTPUTS[anchor.output].unit


def _item(text: str, tip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
    if tip:
        item.setToolTip(tip)
    return item


def _flag(item: QTableWidgetItem, flag: tuple[str, str, str]) -> None:
    """Colour and words: a check is never told by colour alone."""
    text, background, foreground = flag
    item.setText(text)
    item.setBackground(QBrush(QColor(background)))
    item.setForeground(QBrush(QColor(foreground)))
    font = item.font()
    font.setBold(flag is OUTSIDE)
    item.setFont(font)


def _table(name: str, columns: tuple[str, ...], rows: int, parent: QWidget,
           description: str) -> QTableWidget:
    table = QTableWidget(rows, len(columns), parent)
    table.setObjectName(name)
    table.setAccessibleName(name.split(":")[-1].replace("_", " "))
    table.setAccessibleDescription(description)
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().hide()
    table.setWordWrap(True)
    table.setAlternatingRowColors(True)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    # wrapped cells need their rows re-measured whenever a column's width changes
    table.horizontalHeader().sectionResized.connect(
        lambda *_: table.isVisible() and table.resizeRowsToContents())
    return table


def _detail(name: str, parent: QWidget, description: str) -> QTextBrowser:
    browser = QTextBrowser(parent)
    browser.setObjectName(name)
    browser.setAccessibleName("Details")
    browser.setAccessibleDescription(description)
    browser.setOpenLinks(False)
    return browser



def _over(table: QWidget, detail: QWidget, parent: QWidget) -> QSplitter:
    """A table above the pane that details its chosen row."""
    split = QSplitter(Qt.Orientation.Vertical, parent)
    split.addWidget(table)
    split.addWidget(detail)
    split.setSizes([640, 140])
    return split

class AssumptionsWindow(QWidget):
    """Two tabs: the levers and constants, and the published figures the model is held to."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("assumptions")
        close_keys(self)
        self.setWindowTitle("Assumptions and sources")
        self.setAccessibleName("Assumptions and sources")
        self.setAccessibleDescription("Every lever and constant with its source, and the "
                                      "model beside the published figures")
        self.session = session
        self.rows: list[Assumption] = assumptions()
        self.checks: list[AnchorCheck] = anchor_checks()
        self.baseline_events = load_bundled("baseline").events  # what a what-if departs from
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("assumptions:tabs")
        self.tabs.setAccessibleName("Assumptions tabs")
        self.tabs.setAccessibleDescription("Levers and constants; published figures")
        self.tabs.addTab(self._assumptions_tab(), "Levers and constants")
        self.tabs.addTab(self._anchors_tab(), "Checked against published figures")
        self.fitted: list[FittedConstant] = fitted_constants()
        self.tabs.addTab(self._fit_tab(), "Calibration fit")
        self.tabs.currentChanged.connect(self._fit_rows)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        self.setMinimumSize(820, 520)
        self.resize(1500, 900)
        session.scenario_changed.connect(self._show_lever_values)
        session.results_changed.connect(self._show_session_checks)
        self._show_lever_values()
        self._show_session_checks()

    # ---- levers and constants ----------------------------------------------------------
    def _assumptions_tab(self) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        top = QHBoxLayout()
        self.search_box = QLineEdit(tab)
        self.search_box.setObjectName("assumptions:search")
        self.search_box.setAccessibleName("Search assumptions")
        self.search_box.setAccessibleDescription("Shows the rows containing every word typed")
        self.search_box.setPlaceholderText("Search: a name, unit or source key; “estimate” "
                                           "finds the authors' estimates")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textChanged.connect(self.filter_rows)
        self.count_label = QLabel(tab)
        self.count_label.setObjectName("assumptions:count")
        self.count_label.setAccessibleName("Rows shown")
        self.count_label.setAccessibleDescription("How many rows match the search")
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count_label)
        column.addLayout(top)
        self.table = _table("assumptions:table", ASSUMPTION_COLUMNS, len(self.rows), tab,
                            "Every lever and model constant with value, unit, range, "
                            "estimate flag and full citation")
        bold = QFont()
        bold.setBold(True)
        for row, assumption in enumerate(self.rows):
            span = range_text(assumption)
            cells = [assumption.group, f"{assumption.label}\n{assumption.id}",
                     number_text(assumption.value, assumption.unit), assumption.unit, span,
                     "yes" if assumption.estimate else "no", assumption.citation]
            for col, text in enumerate(cells):
                item = _item(text, assumption.note if col == 1 else "")
                self.table.setItem(row, col, item)
            if assumption.estimate:
                self.table.item(row, 5).setBackground(QBrush(QColor(ESTIMATE_COLOUR)))
                self.table.item(row, 5).setForeground(QBrush(QColor("#5a4300")))
                self.table.item(row, 5).setFont(bold)
        header = self.table.horizontalHeader()
        for col, width in enumerate((110, 300, 80, 130, 170, 70)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(
            lambda row, *_: self._show_assumption(row))
        self.detail = _detail("assumptions:detail", tab, "The chosen row's full citation "
                              "and note, selectable for copying")
        column.addWidget(_over(self.table, self.detail, tab), 1)
        self.filter_rows("")
        self.table.selectRow(0)
        return tab

    def filter_rows(self, text: str) -> None:
        """Show only the rows matching every word of ``text`` (core.reports.assumptions.search)."""
        shown = {id(row) for row in search(text, self.rows)}
        for index, row in enumerate(self.rows):
            self.table.setRowHidden(index, id(row) not in shown)
        self.count_label.setText(f"{len(shown)} of {len(self.rows)} shown")

    def visible_ids(self) -> list[str]:
        return [row.id for index, row in enumerate(self.rows)
                if not self.table.isRowHidden(index)]

    def _show_lever_values(self, _scenario=None) -> None:
        """A lever's value is the current scenario's; bold where it differs from the
        default (which the tooltip gives)."""
        for index, row in enumerate(self.rows):
            if row.kind != "lever":
                continue
            value = self.session.lever_value(row.id)
            item = self.table.item(index, 2)
            item.setText(number_text(value, row.unit))
            font = item.font()
            font.setBold(value != row.value)
            item.setFont(font)
            item.setToolTip(f"Default {number_text(row.value, row.unit)}")

    def _show_assumption(self, index: int) -> None:
        if not 0 <= index < len(self.rows):
            return
        row = self.rows[index]
        estimate = "<p><b>An estimate</b> by the model's authors.</p>" if row.estimate else ""
        self.detail.setHtml(f"<p><b>{row.label}</b> <code>{row.id}</code> ({row.group})</p>"
                            f"<p>{row.note}</p>{estimate}<p><b>Uncertainty</b> "
                            f"{html.escape(row.uncertainty)}</p><p><b>Source</b> "
                            f"{row.citation}</p>")

    # ---- published figures ------------------------------------------------------------
    def _anchors_tab(self) -> QWidget:
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        outside = sum(check.outside for check in self.checks)
        self.anchor_summary = QLabel(tab)
        self.anchor_summary.setObjectName("assumptions:anchor_summary")
        self.anchor_summary.setAccessibleName("Summary")
        self.anchor_summary.setAccessibleDescription("How many published figures hold")
        self.anchor_summary.setWordWrap(True)
        self.reference_summary = (f"{len(self.checks) - outside} of {len(self.checks)} "
                                  "published figures hold in the runs they are defined on "
                                  "(the bundled baseline, the backcast from 2022 or the "
                                  "scenario named)")
        column.addWidget(self.anchor_summary)
        self.anchor_table = _table("assumptions:anchors", ANCHOR_COLUMNS, len(self.checks),
                                   tab, "Each published figure, low, central and high, with "
                                   "the model's value and whether it holds")
        for row, check in enumerate(self.checks):
            anchor = check.anchor
            unit = anchor_unit(anchor)
            cells = [f"{anchor.kind}\n({anchor.scenario})", anchor.quantity, anchor.output,
                     anchor.date.replace("..", " – ").replace(">", "→"),
                     format_value(anchor.low, unit), format_value(anchor.central, unit),
                     format_value(anchor.high, unit),
                     format_value(check.model_value, unit), "", "", "",
                     check.residual_text, ROLE_TEXT.get(check.role, check.role)]
            for col, text in enumerate(cells):
                self.anchor_table.setItem(row, col, _item(text, anchor.note if col == 1
                                                          else ""))
            self.anchor_table.item(row, 7).setToolTip(f"Run: {anchor.scenario}")
            _flag(self.anchor_table.item(row, 8), HOLDS if check.holds else OUTSIDE)
        header = self.anchor_table.horizontalHeader()
        for col, width in enumerate((125, 0, 200, 140, 105, 105, 105, 110, 85, 110, 135, 75,
                                     150)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.anchor_table.setColumnWidth(col, width)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.anchor_table.currentCellChanged.connect(lambda row, *_: self._show_check(row))
        self.anchor_detail = _detail("assumptions:anchor_detail", tab, "The chosen figure's "
                                     "source and note")
        column.addWidget(_over(self.anchor_table, self.anchor_detail, tab), 1)
        self.anchor_table.selectRow(0)
        return tab

    # ---- the calibration fit ----------------------------------------------------------
    def _fit_tab(self) -> QWidget:
        """The constants the calibration fit moved, each with its prior, fitted value and
        90% interval, and those it could not identify (kept at their prior)."""
        tab = QWidget(self)
        column = QVBoxLayout(tab)
        result = calibration.fit()
        self.fit_summary = QLabel(tab)
        self.fit_summary.setObjectName("assumptions:fit_summary")
        self.fit_summary.setAccessibleName("Calibration fit summary")
        self.fit_summary.setAccessibleDescription("What the calibration fit did")
        self.fit_summary.setWordWrap(True)
        self.fit_summary.setText(self._fit_text(result))
        column.addWidget(self.fit_summary)
        self.fit_table = _table("assumptions:fit", FIT_COLUMNS, len(self.fitted), tab,
                                "Each fitted constant with its prior, fitted value, interval "
                                "and range")
        for row, constant in enumerate(self.fitted):
            low, high = constant.interval
            cells = [constant.id, number_text(constant.prior, constant.unit),
                     number_text(constant.value, constant.unit) if constant.identified
                     else "–",
                     f"{number_text(low, constant.unit)} – {number_text(high, constant.unit)}"
                     if constant.identified else "–",
                     f"{number_text(constant.low, constant.unit)} – "
                     f"{number_text(constant.high, constant.unit)}", constant.unit,
                     "fitted" if constant.identified
                     else f"not identified (kept at its prior): {constant.reason}"]
            for col, text in enumerate(cells):
                self.fit_table.setItem(row, col, _item(text))
        header = self.fit_table.horizontalHeader()
        for col, width in enumerate((260, 90, 90, 190, 150, 90)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            self.fit_table.setColumnWidth(col, width)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        column.addWidget(self.fit_table, 1)
        return tab

    @staticmethod
    def _fit_text(result) -> str:
        if result is None:
            return "No calibration fit yet: run <code>python -m core.build</code>."
        strong = [f"{a} and {b}: {r:+.2f}" for a, b, r in fit_correlations()]
        return (f"{len(result.identified)} constants fitted to the history and the published "
                f"figures (penalised least squares; each other constant keeps its sourced "
                f"value). Misfit {result.cost_prior:.3g} at the sourced values, "
                f"{result.cost_fitted:.3g} fitted (sum of squared residuals in σ, priors "
                f"included). Monte Carlo draws the fitted constants jointly"
                + (f"; correlated: {'; '.join(strong)}." if strong else "."))

    def session_value(self, anchor: Anchor) -> float | None:
        """The current run's figure for a row held against the baseline or the backcast,
        None where the run does not cover its months (or the row is another scenario's)."""
        if anchor.scenario not in ("baseline", "backcast"):
            return None
        try:
            return anchor.model_value(self.session.results)
        except (ValueError, KeyError):
            return None

    def _is_what_if(self) -> bool:
        """The scenario changes levers or events against the bundled baseline: a figure it
        moves away from the published one moves by design, not by a fault of the model."""
        scenario = self.session.scenario
        return bool(scenario.levers) or scenario.events != self.baseline_events

    def _show_session_checks(self, _results=None) -> None:
        outside = 0
        away = DIFFERS if self._is_what_if() else OUTSIDE
        for row, check in enumerate(self.checks):
            value = self.session_value(check.anchor)
            unit = anchor_unit(check.anchor)
            self.anchor_table.item(row, 9).setText(format_value(value, unit)
                                                   if value is not None else "–")
            if value is None:
                flag = NOT_COVERED if check.anchor.scenario in ("baseline", "backcast") \
                    else OTHER_RUN
            else:
                flag = HOLDS if check.anchor.holds(value) else away
            outside += flag is away
            _flag(self.anchor_table.item(row, 10), flag)
        scenario = self.session.scenario.name or "this scenario"
        self.anchor_summary.setText(
            f"{self.reference_summary}. In the current run ({scenario}, from "
            f"{self.session.results.months[0]}): "
            + ((f"<b style='color:{OUTSIDE[2]}'>{outside} outside</b>." if away is OUTSIDE
                else f"{outside} differ from the published figures, as this scenario's "
                "changes intend.") if outside else "every figure it covers holds."))

    def flagged_rows(self) -> list[str]:
        """The quantities outside the published figures in the current run's column
        (flagged OUTSIDE, or, in a what-if, "differs")."""
        return [self.anchor_table.item(row, 1).text()
                for row in range(self.anchor_table.rowCount())
                if self.anchor_table.item(row, 10).text() in (OUTSIDE[0], DIFFERS[0])]

    def _show_check(self, index: int) -> None:
        if not 0 <= index < len(self.checks):
            return
        check = self.checks[index]
        anchor = check.anchor
        self.anchor_detail.setHtml(
            f"<p><b>{anchor.quantity}</b> ({anchor.kind}; statistic <code>{anchor.statistic}"
            f"</code> of <code>{anchor.output}</code> over {anchor.date}, held against "
            f"{anchor.scenario})</p><p>{anchor.note}</p>"
            f"<p><b>In the calibration fit</b> {ROLE_TEXT.get(check.role, check.role)}; "
            f"residual {check.residual_text or '–'} (the model's distance from the central "
            f"figure in its σ)</p>"
            f"<p><b>Source</b> {check.citation}</p>")

    def showEvent(self, event) -> None:
        super().showEvent(event)
        QTimer.singleShot(0, self._fit_rows)  # once the layout has given the columns widths

    def _fit_rows(self, _tab: int = 0) -> None:
        """Wrapped rows as tall as their text at the shown table's column widths (a hidden
        tab's table has no real widths yet)."""
        table = (self.table, self.anchor_table, self.fit_table)[self.tabs.currentIndex()]
        table.resizeRowsToContents()


class AssumptionsCommands:
    """Help > Assumptions and sources: one window per main window, made when first asked
    for."""

    def __init__(self, window):
        self.window = window
        self.browser: AssumptionsWindow | None = None

    def open(self) -> AssumptionsWindow:
        if self.browser is None:
            self.window.session.flush()
            self.browser = AssumptionsWindow(self.window.session, self.window)
        self.browser.show()
        self.browser.activateWindow()
        return self.browser
