"""Compare scenarios: their curves overlaid (or as differences from a reference) and a table
of the levers and events that differ and the key figures side by side.

Everything shown comes from the core: ``run_scenario`` for the curves and
``core.analysis.compare.compare`` for the table.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.analysis.compare import Comparison, compare
from core.outputs import OUTPUTS, paired_series
from core.palette import scenario_colour
from core.simulation import run_scenario
from core.units import format_value
from desktop.plots import ValueAxis, adopt_new_menus, menus_now, plot_title, years

SECTION_BACKGROUND = QColor("#eef1f5")


class ComparePlot(pg.PlotWidget):
    """One output for every scenario: a colour per scenario; China (if paired) dashed."""

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
        title = plot_title(output_id)
        if len(self.series_ids) == 2:
            title += " (solid US, dashed China)"
        item.setTitle(title, size="9pt")
        self.setAccessibleName(f"Compare plot: {output.label}")
        self.setAccessibleDescription(
            f"{output.label} ({output.unit}) month by month, one colour per scenario: "
            + ", ".join(names))
        item.setLabel("left", "" if output.is_share else output.unit)
        item.showGrid(x=True, y=True, alpha=0.15)
        item.setMenuEnabled(False)
        item.hideButtons()
        item.setMouseEnabled(x=False, y=False)
        small = QFont()
        small.setPointSize(8)
        for side in ("left", "bottom"):
            item.getAxis(side).setStyle(tickFont=small)
        self.curves: list[list[pg.PlotDataItem]] = []  # [scenario][series]
        for index, name in enumerate(names):
            colour = scenario_colour(index)
            row = []
            for series, _ in enumerate(self.series_ids):
                style = Qt.PenStyle.SolidLine if series == 0 else Qt.PenStyle.DashLine
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
        key = " &nbsp;&nbsp; ".join(
            f"<span style='color:{scenario_colour(i)}; font-size:14pt'>━━</span> <b>{name}</b>"
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
        splitter.addWidget(scroll)
        splitter.addWidget(self.table)
        splitter.setSizes([560, 320])
        column.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self.difference_box.toggled.connect(self.refresh)
        self.reference_combo.currentIndexChanged.connect(self.refresh)
        self.comparison: Comparison | None = None
        self.refresh()

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
                text = format_value(value, kpi.unit)
                change = format_value(diff, kpi.unit, signed=True)
                if i != comparison.reference and change[:1] in "+-":  # "0.0 pts": no change
                    text += f" ({change})"
                cells.append(text)
            rows.append((kpi.label, cells, False))
        rows.append(("Levers that differ", [], True))
        if not comparison.levers:
            rows.append(("(none: every lever has the same value)", [], False))
        for lever in comparison.levers:
            rows.append((lever.label, [format_value(v, lever.unit) for v in lever.values],
                         False))
        rows.append(("Events", [], True))
        rows.append(("events (one per line)", ["\n".join(events) or "(none)" for events in comparison.events],
                     False))
        table = self.table
        table.clear()
        table.setColumnCount(len(headers))
        table.setHorizontalHeaderLabels(headers)
        table.setRowCount(len(rows))
        bold = QFont(table.font())
        bold.setBold(True)
        for row, (label, cells, section) in enumerate(rows):
            first = QTableWidgetItem(label)
            if section:
                first.setFont(bold)
                for column in range(len(headers)):
                    filler = first if column == 0 else QTableWidgetItem("")
                    filler.setBackground(QBrush(SECTION_BACKGROUND))
                    table.setItem(row, column, filler)
                continue
            table.setItem(row, 0, first)
            for column, text in enumerate(cells, start=1):
                table.setItem(row, column, QTableWidgetItem(text))
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
        return [[(self.table.item(r, c).text() if self.table.item(r, c) else "")
                 for c in range(self.table.columnCount())]
                for r in range(self.table.rowCount())]
