"""Key-figure cards: the headline number, and its change against the baseline, coloured by
whether the change is better or worse from the US policy view (``Kpi.higher_is``).

The figure line paints its own text: a QLabel's ``setText`` re-lays out the whole window,
which cost more than all the plots together while a slider was dragged.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QFontMetricsF, QPainter
from PySide6.QtWidgets import QFrame, QGridLayout, QMenu, QSizePolicy, QVBoxLayout, QWidget

from core.catalogue.key_figures import KPIS, STRIP, Kpi
from core.catalogue.outputs import OUTPUTS
from core.common.formatting import format_value

BETTER = "#1b7a3a"
WORSE = "#b3261e"
NEUTRAL = "#5b6270"
VALUE_COLOUR = "#1f2329"
NORMAL_SCALE = (13, 8, 8)  # point sizes of the figure, its change and the title
PRESENTER_SCALE = (22, 13, 12)  # the same in presenter mode, read across a room


def advance(font: QFont, text: str) -> float:
    """The width ``text`` takes in ``font``, unrounded: a text fits a width only if this
    does (QFontMetrics rounds, and a text it says fits exactly may still be cut)."""
    return QFontMetricsF(font).horizontalAdvance(text)


def fitted(font: QFont, text: str, width: float) -> str:
    """``text`` whole if it fits ``width``, else shortened with an ellipsis ("" for no room)."""
    if advance(font, text) <= width:
        return text
    return (QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, int(width))
            if width > 0 else "")


def shrunk(font: QFont, text: str, width: int, smallest: int) -> QFont:
    """``font``, or smaller (down to ``smallest`` points) until ``text`` fits ``width``."""
    font = QFont(font)
    while font.pointSize() > smallest and width > 0 and advance(font, text) > width:
        font.setPointSize(font.pointSize() - 1)
    return font


def delta_colour(kpi: Kpi, delta: float) -> str:
    if not math.isfinite(delta) or abs(delta) < 1e-12 or kpi.higher_is == "neutral":
        return NEUTRAL
    up_is_good = kpi.higher_is == "better"
    return BETTER if (delta > 0) == up_is_good else WORSE


def colour_rule(kpi: Kpi) -> str:
    """The card's colour rule said out loud: green and red take the US policy view."""
    if kpi.higher_is == "neutral":
        return "Its colour stays grey: no side is taken on this figure."
    rises = "better" if kpi.higher_is == "better" else "worse"
    falls = "worse" if rises == "better" else "better"
    colours = {"better": "green", "worse": "red"}
    return (f"It is {colours[rises]} when the figure rises ({rises} from the US policy view) "
            f"and {colours[falls]} when it falls.")


class FigureLine(QWidget):
    """The value in large bold type, then the change against the baseline, small and coloured:
    beside the value when both fit the width, else below it; a text too wide for a line of
    its own is set smaller rather than shortened.

    The height changes only when the layout does (a resize, or a text that no longer fits
    beside), so an update while a lever is dragged repaints this widget only.
    """

    GAP = 8  # pixels between the value and its change
    SMALLEST_PT = 9  # a value may shrink to this size in a narrow card rather than be cut

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.value_font = QFont(self.font())
        self.value_font.setPointSize(NORMAL_SCALE[0])
        self.value_font.setBold(True)
        self.delta_font = QFont(self.font())
        self.delta_font.setPointSize(NORMAL_SCALE[1])
        self.value_text = "–"
        self.delta_text = ""
        self.colour = QColor(NEUTRAL)
        self.value_colour = QColor(VALUE_COLOUR)
        self.below = False  # the change on a line of its own
        self.shown_font = QFont(self.value_font)  # the value font, smaller if need be
        self.shown_delta_font = QFont(self.delta_font)  # the same for the change
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.fonts_changed()

    def fonts_changed(self) -> None:
        """New type sizes: a new size hint and height."""
        value_metrics = QFontMetrics(self.value_font)
        self._hint = QSize(value_metrics.horizontalAdvance("88.8 M H100e") + self.GAP
                           + QFontMetrics(self.delta_font).horizontalAdvance("+8.8 M H100e"),
                           value_metrics.height() + 2)
        self.updateGeometry()
        self._fit(force=True)

    def sizeHint(self) -> QSize:
        return QSize(self._hint.width(), self.height())

    def minimumSizeHint(self) -> QSize:
        return QSize(80, self.height())

    def one_line_width(self) -> int:
        """The width the value and its change need side by side (whole pixels, rounded up)."""
        return math.ceil(advance(self.shown_font, self.value_text) + self.GAP
                         + advance(self.delta_font, self.delta_text))

    def _shrink_to_fit(self) -> None:
        """The value's font: its own size, or smaller until the value fits the width (a
        narrow card at the window's minimum size); the height stays that of its own size.
        The change's font likewise, for a line of its own."""
        self.shown_font = shrunk(self.value_font, self.value_text, self.width(), self.SMALLEST_PT)
        self.shown_delta_font = shrunk(self.delta_font, self.delta_text, self.width(),
                                       min(self.SMALLEST_PT, self.delta_font.pointSize()))

    def delta_below(self) -> bool:
        return self.below

    def _fit(self, force: bool = False) -> None:
        """The change beside or below the value; once below, it stays below until the width
        changes (no height flicker while a lever is dragged)."""
        self._shrink_to_fit()
        below = self.one_line_width() > self.width() if force else (
            self.below or self.one_line_width() > self.width())
        if below == self.below and not force:
            return
        self.below = below
        height = QFontMetrics(self.value_font).height() + 2
        if below:
            height += QFontMetrics(self.delta_font).height()
        if height != self.height() or force:
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit(force=True)

    def set_texts(self, value: str, delta: str, colour: str) -> bool:
        """Show the texts; False (and no repaint) when they are what is shown already."""
        if (value, delta, colour) == (self.value_text, self.delta_text, self.colour.name()):
            return False
        self.value_text, self.delta_text = value, delta
        self.colour = QColor(colour)
        self._fit()
        self.update()
        return True

    def delta_font_shown(self) -> QFont:
        """The change's font as painted: its own beside the value, smaller if need be below."""
        return self.shown_delta_font if self.below else self.delta_font

    def shown_texts(self) -> tuple[str, str]:
        """(value, change) as painted at the present width: shortened with "…" only if
        even a line of its own at the smallest type is too narrow."""
        width = self.width()
        value = fitted(self.shown_font, self.value_text, width)
        room = width if self.below else width - advance(self.shown_font, value) - self.GAP
        return value, fitted(self.delta_font_shown(), self.delta_text, room)

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        rect = self.rect()
        value_metrics = QFontMetrics(self.value_font)
        baseline = rect.top() + value_metrics.ascent() + 1
        value, delta = self.shown_texts()
        painter.setFont(self.shown_font)
        painter.setPen(self.value_colour)
        painter.drawText(rect.left(), baseline, value)
        if delta:
            painter.setFont(self.delta_font_shown())
            painter.setPen(self.colour)
            if self.below:
                painter.drawText(rect.left(), baseline + value_metrics.descent() + 1
                                 + QFontMetrics(self.delta_font).ascent(), delta)
            else:
                painter.drawText(QPointF(rect.left() + advance(self.shown_font, value)
                                         + self.GAP, baseline), delta)
        painter.end()


def wrapped_lines(text: str, metrics: QFontMetrics | QFontMetricsF, width: int) -> list[str]:
    """Words on as few lines as fit ``width`` (a single word wider than it keeps a line);
    pass QFontMetricsF, whose unrounded widths never let a line be cut by a pixel."""
    lines: list[str] = []
    for word in text.split():
        if lines and metrics.horizontalAdvance(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


class TitleLabel(QWidget):
    """A card's title: wrapped on as many lines as its width needs (two at most in practice),
    in smaller type only if a word alone is wider than the card; never cut with "…"."""

    def __init__(self, text: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._text = text
        self.colour = QColor("#555")
        self.lines = [text]
        self.setAccessibleName(text)
        self.setAccessibleDescription("The key figure's title")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.set_point_size(NORMAL_SCALE[2])

    def text(self) -> str:
        return self._text

    def setText(self, text: str) -> None:  # noqa: N802 - QLabel's name, which tests use
        if text != self._text:
            self._text = text
            self.setAccessibleName(text)
            self._wrap()
            self.update()

    def set_point_size(self, points: int) -> None:
        font = QFont(self.font())
        font.setPointSize(points)
        self.setFont(font)
        self._wrap()

    def set_colour(self, colour: str) -> None:
        self.colour = QColor(colour)
        self.update()

    def shown_lines(self) -> list[str]:
        return list(self.lines)

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.height())

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance(self._text), self.height())

    def _wrap(self) -> None:
        width = self.contentsRect().width() if self.width() > 40 else 10_000
        self.lines = wrapped_lines(self._text, QFontMetricsF(self.font()), width)
        height = self.fontMetrics().lineSpacing() * len(self.lines) + 1
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._wrap()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setPen(self.colour)
        painter.setFont(self.font())
        metrics = self.fontMetrics()
        for index, line in enumerate(self.lines):
            painter.drawText(0, index * metrics.lineSpacing() + metrics.ascent(), line)
        painter.end()


class KeyFigureCard(QFrame):
    """One key figure. ``value_text`` and ``delta_text`` hold what it shows, for tests."""

    explain_requested = Signal(str)  # the context menu's "Why did this move?": the KPI id

    def __init__(self, kpi: Kpi, parent: QWidget | None = None):
        super().__init__(parent)
        self.kpi = kpi
        self.setObjectName(f"kpi:{kpi.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setProperty("card", True)
        self.setStyleSheet('QFrame[card="true"] { background: palette(base); '
                           "border: 1px solid palette(mid); border-radius: 4px; }")
        # as tall as the tallest card of its row (a title on two lines, a change below)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(120)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.setSpacing(1)
        self.title_label = TitleLabel(kpi.label, self)
        self.figure = FigureLine(self)
        self.figure.setObjectName(f"kpi:{kpi.id}:figure")
        layout.addWidget(self.title_label)
        layout.addWidget(self.figure)
        layout.addStretch(1)
        output = OUTPUTS.get(kpi.output_id)
        self.plain_tooltip = (f"{kpi.label}\n{kpi.definition}\nRead from: "
                              f"{output.label if output else kpi.output_id}"
                              "\nThe small figure is the change against the baseline. "
                              f"{colour_rule(kpi)}")
        self.setToolTip(self.plain_tooltip)
        self.setAccessibleName(kpi.label)
        self.setAccessibleDescription(self.plain_tooltip.replace("\n", ". "))
        self.context_menu = QMenu(self)
        self.context_menu.setObjectName(f"kpi:{kpi.id}:menu")
        self.context_menu.setAccessibleName(f"{kpi.label}: actions")
        explain = self.context_menu.addAction("Why did this move?")
        explain.setObjectName(f"kpi:{kpi.id}:explain")
        explain.triggered.connect(lambda _checked=False: self.explain_requested.emit(kpi.id))

    def contextMenuEvent(self, event) -> None:
        self.context_menu.popup(event.globalPos())

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

    def apply_theme(self, theme) -> None:
        """Value and title colours from a desktop.widgets.themes.Theme."""
        self.figure.value_colour = QColor(theme.value_text)
        self.title_label.set_colour(theme.muted_text)
        self.figure.update()

    def set_scale(self, value_pt: int, delta_pt: int, title_pt: int) -> None:
        """Type sizes of the figure, its change and the title (presenter mode: larger)."""
        self.figure.value_font.setPointSize(value_pt)
        self.figure.delta_font.setPointSize(delta_pt)
        self.figure.fonts_changed()
        self.title_label.set_point_size(title_pt)
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
        shown = self.kpi.format(value, unit)
        if not self.figure.set_texts(shown, delta,
                                     delta_colour(self.kpi, change)):
            return
        self.figure.setAccessibleName(f"{self.figure.value_text}, {delta}")
        self.setAccessibleName(f"{self.kpi.label}: {self.figure.value_text}, {delta}")
        self.figure.setToolTip(f"{self.figure.value_text}; change against the baseline: {delta}")


class KeyFigureStrip(QWidget):
    """The strip's key figures (``STRIP``) as cards, in two rows; the rest are read by the
    analyses, the briefing and the command line."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("kpi_strip")
        self.session = session
        layout = QGridLayout(self)
        layout.setContentsMargins(4, 4, 4, 2)
        layout.setSpacing(6)
        self.cards: dict[str, KeyFigureCard] = {}
        columns = (len(STRIP) + 1) // 2
        for index, kpi in enumerate(KPIS[kpi_id] for kpi_id in STRIP):
            card = KeyFigureCard(kpi, self)
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
