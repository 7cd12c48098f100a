"""Key-figure cards: the headline number, and its change against the baseline, coloured by
whether the change is better or worse from the US policy view (``Kpi.higher_is``).

The figure line paints its own text: a QLabel's ``setText`` re-lays out the whole window,
which cost more than all the plots together while a slider was dragged.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from core.kpis import KPIS, Kpi
from core.outputs import OUTPUTS, SHORTFALL_OUTPUTS
from core.units import format_shortfall, format_value

BETTER = "#1b7a3a"
WORSE = "#b3261e"
NEUTRAL = "#5b6270"
VALUE_COLOUR = "#1f2329"
NORMAL_SCALE = (13, 8, 8)  # point sizes of the figure, its change and the title
PRESENTER_SCALE = (22, 13, 12)  # the same in presenter mode, read across a room


def delta_colour(kpi: Kpi, delta: float) -> str:
    if not math.isfinite(delta) or abs(delta) < 1e-12 or kpi.higher_is == "neutral":
        return NEUTRAL
    up_is_good = kpi.higher_is == "better"
    return BETTER if (delta > 0) == up_is_good else WORSE


class FigureLine(QWidget):
    """The value in large bold type, then the change against the baseline, small and coloured.

    Fixed height and a size hint that never changes, so an update repaints this widget only.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.value_font = QFont(self.font())
        self.value_font.setPointSize(13)
        self.value_font.setBold(True)
        self.delta_font = QFont(self.font())
        self.delta_font.setPointSize(8)
        self.value_text = "–"
        self.delta_text = ""
        self.colour = QColor(NEUTRAL)
        self.value_colour = QColor(VALUE_COLOUR)
        value_metrics = QFontMetrics(self.value_font)
        self.setFixedHeight(value_metrics.height() + 2)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._hint = QSize(value_metrics.horizontalAdvance("88.8 M H100e")
                           + QFontMetrics(self.delta_font).horizontalAdvance("+8.8 M H100e"),
                           value_metrics.height() + 2)

    def sizeHint(self) -> QSize:
        return self._hint

    def minimumSizeHint(self) -> QSize:
        return QSize(80, self._hint.height())

    def set_texts(self, value: str, delta: str, colour: str) -> bool:
        """Show the texts; False (and no repaint) when they are what is shown already."""
        if (value, delta, colour) == (self.value_text, self.delta_text, self.colour.name()):
            return False
        self.value_text, self.delta_text = value, delta
        self.colour = QColor(colour)
        self.update()
        return True

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        rect = self.rect()
        value_metrics = QFontMetrics(self.value_font)
        baseline = rect.top() + value_metrics.ascent() + 1
        painter.setFont(self.value_font)
        painter.setPen(self.value_colour)
        value = value_metrics.elidedText(self.value_text, Qt.TextElideMode.ElideRight,
                                         rect.width())
        painter.drawText(rect.left(), baseline, value)
        used = value_metrics.horizontalAdvance(value) + 8
        if used < rect.width() and self.delta_text:
            delta_metrics = QFontMetrics(self.delta_font)
            painter.setFont(self.delta_font)
            painter.setPen(self.colour)
            delta = delta_metrics.elidedText(self.delta_text, Qt.TextElideMode.ElideRight,
                                             rect.width() - used)
            painter.drawText(rect.left() + used, baseline, delta)
        painter.end()


class ElidedLabel(QLabel):
    """A one-line label that shortens itself with "…" instead of being cut off."""

    def minimumSizeHint(self) -> QSize:
        return QSize(40, super().minimumSizeHint().height())

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.setFont(self.font())
        text = self.fontMetrics().elidedText(self.text(), Qt.TextElideMode.ElideRight,
                                             self.contentsRect().width())
        painter.drawText(self.contentsRect(), int(Qt.AlignmentFlag.AlignLeft
                                                  | Qt.AlignmentFlag.AlignVCenter), text)
        painter.end()


class KpiCard(QFrame):
    """One key figure. ``value_text`` and ``delta_text`` hold what it shows, for tests."""

    def __init__(self, kpi: Kpi, parent: QWidget | None = None):
        super().__init__(parent)
        self.kpi = kpi
        self.setObjectName(f"kpi:{kpi.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setProperty("card", True)
        self.setStyleSheet('QFrame[card="true"] { background: palette(base); '
                           "border: 1px solid palette(mid); border-radius: 4px; }")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setSpacing(1)
        self.title_label = ElidedLabel(kpi.label, self)
        self.title_label.setStyleSheet("color: #555; font-size: 8pt; border: none;")
        self.figure = FigureLine(self)
        self.figure.setObjectName(f"kpi:{kpi.id}:figure")
        layout.addWidget(self.title_label)
        layout.addWidget(self.figure)
        output = OUTPUTS.get(kpi.output_id)
        self.plain_tooltip = (f"{kpi.label}\nRead from: "
                              f"{output.label if output else kpi.output_id}"
                              "\nThe small figure is the change against the baseline.")
        self.setToolTip(self.plain_tooltip)
        self.title_colour = "#555"
        self.title_pt = 8

    def show_band_range(self, rows) -> None:
        """The Monte Carlo 5–95 % range (percentile rows 5, 25, 50, 75, 95) in the tooltip;
        None: the plain tooltip."""
        if rows is None:
            self.setToolTip(self.plain_tooltip)
            return
        unit = self.kpi.unit
        self.setToolTip(f"{self.plain_tooltip}\nMonte Carlo 5–95 %: "
                        f"{format_value(rows[0], unit)} to {format_value(rows[4], unit)} "
                        f"(median {format_value(rows[2], unit)})")

    def _style_title(self) -> None:
        self.title_label.setStyleSheet(
            f"color: {self.title_colour}; font-size: {self.title_pt}pt; border: none;")

    def apply_theme(self, theme) -> None:
        """Value and title colours from a desktop.themes.Theme."""
        self.figure.value_colour = QColor(theme.value_text)
        self.title_colour = theme.muted_text
        self._style_title()
        self.figure.update()

    def set_scale(self, value_pt: int, delta_pt: int, title_pt: int) -> None:
        """Type sizes of the figure, its change and the title (presenter mode: larger)."""
        self.figure.value_font.setPointSize(value_pt)
        self.figure.delta_font.setPointSize(delta_pt)
        self.figure.setFixedHeight(QFontMetrics(self.figure.value_font).height() + 2)
        self.title_pt = title_pt
        self._style_title()
        self.figure.update()

    def set_title(self, text: str | None) -> None:
        """A title of its own (presenter mode's played month); None: the key figure's label."""
        self.title_label.setText(self.kpi.label if text is None else text)

    @property
    def value_text(self) -> str:
        return self.figure.value_text

    @property
    def delta_text(self) -> str:
        return self.figure.delta_text

    def set_figure(self, value: float, baseline: float, unit: str | None = None) -> None:
        """The figure and its change against the baseline, in ``unit`` (default: the KPI's)."""
        unit = self.kpi.unit if unit is None else unit
        change = value - baseline
        if math.isfinite(change) and abs(change) > 1e-9 * max(1.0, abs(baseline)):
            delta = format_value(change, unit, signed=True)
        else:
            delta = "= baseline"
        shown = (format_shortfall(value, unit) if self.kpi.output_id in SHORTFALL_OUTPUTS
                 else format_value(value, unit))
        if not self.figure.set_texts(shown, delta,
                                     delta_colour(self.kpi, change)):
            return
        self.figure.setAccessibleName(f"{self.figure.value_text}, {delta}")
        self.figure.setToolTip(f"{self.figure.value_text}; change against the baseline: {delta}")


class KpiStrip(QWidget):
    """Every key figure as a card, in two rows."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("kpi_strip")
        self.session = session
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(6)
        self.cards: dict[str, KpiCard] = {}
        columns = (len(KPIS) + 1) // 2
        for index, kpi in enumerate(KPIS.values()):
            card = KpiCard(kpi, self)
            self.cards[kpi.id] = card
            layout.addWidget(card, index // columns, index % columns)
        for column in range(columns):  # equal widths: a long title never squeezes a neighbour
            layout.setColumnStretch(column, 1)
        session.results_changed.connect(self.refresh)
        session.baseline_changed.connect(self.refresh)
        session.bands_changed.connect(self.show_bands)
        self.month_index: int | None = None  # show_at: figures read at one month
        self.refresh()

    def show_bands(self) -> None:
        """Follow ``Session.bands_changed``: fresh ranges in the tooltips, else none."""
        bands = self.session.latest_bands
        for kpi_id, card in self.cards.items():
            card.show_band_range(None if bands is None else bands.kpi_percentiles.get(kpi_id))

    def apply_theme(self, theme) -> None:
        for card in self.cards.values():
            card.apply_theme(theme)

    def set_presenter_scale(self, presenter: bool) -> None:
        """Large type for presenter mode, or the usual sizes."""
        for card in self.cards.values():
            card.set_scale(*(PRESENTER_SCALE if presenter else NORMAL_SCALE))

    def show_at(self, index: int | None) -> None:
        """Every card reads its series at month ``index`` of the results (presenter mode's
        played time); None returns to the key figures."""
        self.month_index = index
        if index is None:
            for card in self.cards.values():
                card.set_title(None)
        self.refresh()

    def refresh(self, *_args) -> None:
        if self.month_index is not None:
            self._show_month(self.month_index)
            return
        figures = self.session.figures
        baseline = self.session.baseline_figures
        for kpi_id, card in self.cards.items():
            card.set_figure(float(figures[kpi_id][0]), float(baseline[kpi_id][0]))

    def _show_month(self, index: int) -> None:
        results, baseline = self.session.results, self.session.baseline_results
        index = min(index, len(results.months) - 1)
        month = results.months[index]
        for card in self.cards.values():
            output = OUTPUTS[card.kpi.output_id]
            value = float(results.central(output.id)[index])
            base = float(baseline.central(output.id)[index]) \
                if index < len(baseline.months) else math.nan
            card.set_figure(value, base, output.unit)
            # the output's name without its parenthetical: it fits a card at 1920x1080
            card.set_title(f"{month} · {output.label.split(' (')[0]}")
