"""Help > Model map: the model's stocks, flows, auxiliaries and feedback loops as a diagram,
laid out from the structure the model declares (core.model.structure via core.engine.trace),
so it cannot drift from the equations.

Columns follow the order the engine steps the blocks; stocks are boxes, flows pills,
auxiliaries rounded boxes; every declared link is an arrow. Nodes and the panel read in
plain labels (ids only in the Find box, where a user may type one). Clicking a node shows
its label, what it is in plain words, unit, source, its value in the chosen month of the
session's current run and a plot of its series; choosing a loop highlights it. The diagram
exports to SVG.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPen
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import (
    QCompleter,
    QFileDialog,
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSlider,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.catalogue.constants import CONSTANTS
from core.catalogue.levers import LEVERS
from core.catalogue.outputs import OUTPUTS
from core.catalogue.sources import describe
from core.common.files import write_atomic
from core.common.formatting import format_value
from core.common.palette import BASELINE_COLOUR, CN_COLOUR, SINGLE_COLOUR, US_COLOUR
from core.common.timegrid import decimal_years
from core.engine.inputs import JUMP
from core.engine.trace import links, map_columns, node, trace
from core.model.structure import LOOPS, VARIABLES, Loop, Variable, plain_label
from desktop.widgets.accessibility import close_keys
from desktop.widgets.plots import ValueAxis, adopt_new_menus, menus_now

KIND_NAMES = {"stock": "Stock", "flow": "Flow (rate of change of a stock)",
              "auxiliary": "Auxiliary"}
POLARITY = {"+": ("+", US_COLOUR, "raises the target"),
            "-": ("−", CN_COLOUR, "lowers the target"), "~": ("±", "#7a7a7a", "no single sign")}
FILL = {"stock": "#dce8f5", "flow": "#fbeed5", "auxiliary": "#ffffff"}
BORDER = {"stock": "#1f4f86", "flow": "#a8741a", "auxiliary": "#8a8a8a"}
COLUMN_TINTS = ("#f3f6fa", "#f7f4ef")
SELECTED = "#e07b00"
FAINT_EDGE = QColor(120, 120, 120, 38)
NODE_FONT_POINTS = 8.0
LINE_CHARACTERS = 18  # a longer node label goes on two lines of about equal length
H_GAP, V_GAP, COLUMN_PAD, TITLE_HEIGHT = 28.0, 10.0, 12.0, 30.0
PROMPT = "Click a node on the map, or type a name in Find, to see how it is computed."
REFRESH_DELAY_MS = 40  # coalesces a slider drag's recomputes into one trace


def wrapped(text: str, width: int = LINE_CHARACTERS) -> list[str]:
    """A node's plain label on one line, or two of about equal length broken at a space
    when it is longer than ``width`` characters."""
    words = text.split(" ")
    if len(text) <= width or len(words) == 1:
        return [text]
    splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
    return list(min(splits, key=lambda pair: max(len(pair[0]), len(pair[1]))))


def plain_name(name: str) -> str:
    """What a user reads for an id the model uses: a variable's or lever's plain label
    (a value read from the month before says so); ids are for typing, not for reading."""
    base = name.removesuffix("@prev")
    label = (plain_label(base)
             or ("One-off jump in China's algorithmic efficiency (an event)" if base == JUMP
                 else CONSTANTS[base].note.removesuffix(".") if base in CONSTANTS
                 else base.replace("_", " ")))
    return f"{label} (last month)" if name.endswith("@prev") else label


def escaped(text: str) -> str:
    """Plain text for a rich-text label (an apostrophe stays one, as a label reads it)."""
    return html.escape(text, quote=False)


def unit_words(unit: str) -> str:
    return "none (a pure number)" if unit == "1" else unit


def node_tooltip(variable: Variable) -> str:
    """A node's tooltip: its plain label, what it is, its unit and source."""
    source = (describe(variable.source) if variable.source
              else "arithmetic on the variables it reads")
    return (f"<b>{escaped(variable.label)}</b><br>{escaped(variable.definition)}<br>"
            f"Unit: {escaped(unit_words(variable.unit))}<br>Source: {escaped(source)}")


def display_unit(name: str) -> str:
    """The unit a value is formatted in: the output's own unit, else the declared one ("1"
    for a pure number shows no unit)."""
    if name in OUTPUTS:
        return OUTPUTS[name].unit
    unit = node(name).unit
    return "" if unit == "1" else unit


def value_text(name: str, value: float, unit: str) -> str:
    """A variable's value; an output as its declaration says (a gap as shortfall/surplus)."""
    return OUTPUTS[name].format(value, unit) if name in OUTPUTS else format_value(value, unit)


def loop_label(index: int) -> str:
    """R1, B1, B2… numbered per kind in declaration order."""
    kind = LOOPS[index].kind
    return f"{kind}{sum(1 for loop in LOOPS[:index + 1] if loop.kind == kind)}"


class ShapeItem(QGraphicsItem):
    """A node's shape with text: stocks as boxes, flows as pills, auxiliaries as rounded
    boxes (the legend's samples are these without a variable)."""

    def __init__(self, kind: str, lines: list[str], rect: QRectF, font: QFont):
        super().__init__()
        self.kind, self.lines, self.rect, self.font = kind, lines, rect, font
        self.dimmed = False

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-3, -3, 3, 3)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRect(self.rect)
        return path

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        painter.setOpacity(0.3 if self.dimmed else 1.0)
        selected = self.isSelected()
        pen = QPen(QColor(SELECTED if selected else BORDER[self.kind]),
                   3.0 if selected else 1.6 if self.kind == "stock" else 1.0)
        painter.setPen(pen)
        painter.setBrush(QBrush(QColor(FILL[self.kind])))
        radius = {"stock": 1.5, "flow": self.rect.height() / 2, "auxiliary": 7.0}[self.kind]
        painter.drawRoundedRect(self.rect, radius, radius)
        painter.setFont(self.font)
        painter.setPen(QColor("#1d1d1d"))
        metrics = QFontMetricsF(self.font)
        top = self.rect.center().y() - metrics.height() * len(self.lines) / 2
        for row, line in enumerate(self.lines):
            box = QRectF(self.rect.left(), top + row * metrics.height(), self.rect.width(),
                         metrics.height())
            painter.drawText(box, Qt.AlignmentFlag.AlignCenter, line)


class NodeItem(ShapeItem):
    """One declared variable on the map; clicking it selects it."""

    def __init__(self, name: str, rect: QRectF, font: QFont):
        self.name, self.variable = name, node(name)
        super().__init__(self.variable.kind, wrapped(self.variable.label), rect, font)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setZValue(10)
        self.setToolTip(node_tooltip(self.variable))


class EdgeItem(QGraphicsItem):
    """A declared link: a curve with an arrowhead; faint until its node or loop is chosen,
    then coloured and marked with its polarity (+, −, ±)."""

    def __init__(self, source: NodeItem, target: NodeItem, sign: str):
        super().__init__()
        self.source, self.target, self.sign = source, target, sign
        self.highlighted = False
        self.path, self.head, tip = self._geometry()
        self.mark_centre = tip
        self.setZValue(1)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self._bounds = self.path.boundingRect().united(self.head.boundingRect()).adjusted(
            -12, -12, 12, 12)

    def _geometry(self) -> tuple[QPainterPath, QPainterPath, QPointF]:
        a, b = self.source.rect, self.target.rect
        if b.left() > a.right():  # forwards: right side to left side
            start, end, out, into = (QPointF(a.right(), a.center().y()),
                                     QPointF(b.left(), b.center().y()), 1, -1)
        elif b.right() < a.left():  # backwards: left side to right side
            start, end, out, into = (QPointF(a.left(), a.center().y()),
                                     QPointF(b.right(), b.center().y()), -1, 1)
        else:  # the same sub-column: out and back in on the right
            start, end, out, into = (QPointF(a.right(), a.center().y()),
                                     QPointF(b.right(), b.center().y()), 1, 1)
        if out == into:  # back into the same column: bulge by the height it spans
            reach = 24.0 + min(abs(end.y() - start.y()) * 0.15, 60.0)
        else:
            reach = min(max(30.0, abs(end.x() - start.x()) * 0.4), 160.0)
        path = QPainterPath(start)
        path.cubicTo(QPointF(start.x() + out * reach, start.y()),
                     QPointF(end.x() + into * reach, end.y()), end)
        direction = -into  # the arrow points into the target
        head = QPainterPath(end)
        head.lineTo(end.x() - direction * 8, end.y() - 4)
        head.lineTo(end.x() - direction * 8, end.y() + 4)
        head.closeSubpath()
        return path, head, QPointF(end.x() + into * 16, end.y() - 9)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def set_highlighted(self, on: bool) -> None:
        if on != self.highlighted:
            self.highlighted = on
            self.setZValue(5 if on else 1)
            self.update()

    def paint(self, painter: QPainter, _option, _widget=None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        symbol, colour, _ = POLARITY[self.sign]
        colour = QColor(colour) if self.highlighted else FAINT_EDGE
        painter.setPen(QPen(colour, 1.8 if self.highlighted else 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPath(self.head)
        if self.highlighted:  # the polarity as a sign, not by colour alone
            circle = QRectF(self.mark_centre.x() - 7, self.mark_centre.y() - 7, 14, 14)
            painter.setPen(QPen(colour, 1.2))
            painter.setBrush(QColor("white"))
            painter.drawEllipse(circle)
            font = QFont(painter.font())
            font.setPointSizeF(8.5)
            font.setBold(True)
            painter.setFont(font)
            painter.drawText(circle, Qt.AlignmentFlag.AlignCenter, symbol)


class ModelMapScene(QGraphicsScene):
    """The diagram: block columns, nodes, links, loop markers and a legend."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setBackgroundBrush(QColor("white"))
        self.font = QFont()
        self.font.setPointSizeF(NODE_FONT_POINTS)
        self.nodes: dict[str, NodeItem] = {}
        self.edges: list[EdgeItem] = []
        self.loop_marker = None
        self._lay_out()
        for source, target, sign in links():
            edge = EdgeItem(self.nodes[source], self.nodes[target], sign)
            self.addItem(edge)
            self.edges.append(edge)
        self._add_legend()

    def _lay_out(self) -> None:
        metrics = QFontMetricsF(self.font)
        columns = map_columns()
        width = max(metrics.horizontalAdvance(line) for column in columns
                    for sub in column.sub_columns for name in sub
                    for line in wrapped(node(name).label))
        width += 18
        height = metrics.height() * 2 + 12
        row_height = height + V_GAP
        title_font = QFont(self.font)
        title_font.setPointSizeF(11)
        title_font.setBold(True)
        slot_x, slot_width = 0.0, {}
        for column in columns:  # each slot as wide as its widest block
            slot_width[column.slot] = max(slot_width.get(column.slot, 0.0), len(
                column.sub_columns) * (width + H_GAP) - H_GAP + 2 * COLUMN_PAD)
        lefts = {}
        for slot in sorted(slot_width):
            lefts[slot] = slot_x
            slot_x += slot_width[slot] + H_GAP
        self.legend_anchor = QPointF(0, 0)
        lowest = None
        for index, column in enumerate(columns):
            x, top = lefts[column.slot], column.first_row * row_height
            band_rect = QRectF(x, top, slot_width[column.slot],
                               TITLE_HEIGHT + COLUMN_PAD / 2 + column.rows * row_height)
            band = self.addRect(band_rect, QPen(QColor("#d5dbe3")),
                                QBrush(QColor(COLUMN_TINTS[index % 2])))
            band.setZValue(-10)
            title = self.addSimpleText(column.title, title_font)
            title.setBrush(QColor("#2b3a4a"))
            title.setPos(x + COLUMN_PAD, top + 6)
            for sub_index, sub in enumerate(column.sub_columns):
                left = x + COLUMN_PAD + sub_index * (width + H_GAP)
                for row, name in enumerate(sub):
                    rect = QRectF(left, top + TITLE_HEIGHT + row * row_height, width, height)
                    item = NodeItem(name, rect, self.font)
                    self.addItem(item)
                    self.nodes[name] = item
            if len(column.sub_columns) > 1 and (lowest is None
                                                or band_rect.bottom() < lowest.bottom()):
                lowest = band_rect  # the legend goes under the shortest wide block
        if lowest is not None:
            self.legend_anchor = QPointF(lowest.left() + COLUMN_PAD, lowest.bottom() + 26)

    def _add_legend(self) -> None:
        """Shapes, link signs and the loops, under the shortest wide block (also in an SVG
        export)."""
        left, top = self.legend_anchor.x(), self.legend_anchor.y()
        heading = QFont(self.font)
        heading.setPointSizeF(10)
        heading.setBold(True)
        line = QFontMetricsF(self.font).height() + 5
        self.addSimpleText("Legend", heading).setPos(left, top)
        y = top + 24
        for kind, text in (("stock", "stock: accumulates"), ("flow", "flow: a stock's rate"),
                           ("auxiliary", "auxiliary: computed each month")):
            self.addItem(ShapeItem(kind, [], QRectF(left, y, 44, line - 3), self.font))
            self.addSimpleText(text, self.font).setPos(left + 52, y)
            y += line + 2
        for symbol, colour, meaning in POLARITY.values():
            label = self.addSimpleText(f"{symbol}   link: more of the source {meaning}"
                                       if symbol != "±" else f"{symbol}   link: {meaning}",
                                       self.font)
            label.setBrush(QColor(colour))
            label.setPos(left + 14, y)
            y += line
        note = self.addSimpleText("Arrows run from what a variable reads to the variable.\n"
                                  "Click a node for its links; choose a loop to see it.",
                                  self.font)
        note.setBrush(QColor("#555"))
        note.setPos(left, y + 4)
        y += 2 * line + 18
        self.addSimpleText("Feedback loops (R reinforcing, B balancing)", heading).setPos(
            left, y)
        y += 24
        for index, loop in enumerate(LOOPS):
            self.addSimpleText(f"{loop_label(index)}  {loop.name}", self.font).setPos(
                left, y + index * line)

    def node_at_name(self, name: str) -> NodeItem:
        return self.nodes[name]

    def highlight(self, names: set[str], edges: set[tuple[str, str]]) -> None:
        """Colour the given links; dim every node outside ``names`` (empty: dim none, as
        for a chosen node, whose neighbours its coloured links show)."""
        for item in self.nodes.values():
            dim = bool(names) and item.name not in names
            if dim != item.dimmed:
                item.dimmed = dim
                item.update()
        for edge in self.edges:
            edge.set_highlighted((edge.source.name, edge.target.name) in edges)

    def show_loop_marker(self, loop: Loop | None, label: str = "") -> None:
        """A circled R or B label at the middle of a chosen loop's nodes."""
        if self.loop_marker is not None:
            self.removeItem(self.loop_marker)
            self.loop_marker = None
        if loop is None:
            return
        centres = [self.nodes[name].rect.center() for name in loop.path]
        x = sum(p.x() for p in centres) / len(centres)
        y = sum(p.y() for p in centres) / len(centres)
        colour = QColor(SINGLE_COLOUR if loop.kind == "R" else "#6b4fa0")
        marker = self.addEllipse(QRectF(x - 20, y - 20, 40, 40), QPen(colour, 2),
                                 QBrush(QColor(255, 255, 255, 235)))
        marker.setZValue(20)
        font = QFont(self.font)
        font.setPointSizeF(12)
        font.setBold(True)
        text = self.addSimpleText(label, font)
        text.setBrush(colour)
        text.setParentItem(marker)
        bounds = text.boundingRect()
        text.setPos(x - bounds.width() / 2, y - bounds.height() / 2)
        self.loop_marker = marker

    def svg_bytes(self, title: str) -> bytes:
        """The whole diagram as SVG, through QtSvg (pyqtgraph's exporter fails on this Qt)."""
        rect = self.itemsBoundingRect().adjusted(-16, -16, 16, 16)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        generator = QSvgGenerator()
        generator.setOutputDevice(buffer)
        generator.setSize(QSize(int(rect.width()), int(rect.height())))
        generator.setViewBox(QRectF(0, 0, rect.width(), rect.height()))
        generator.setTitle(title)
        generator.setDescription("Generated from core.model.structure by AI Race Planner")
        painter = QPainter(generator)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        finally:
            painter.end()
        buffer.close()
        return bytes(data.data())


class MapView(QGraphicsView):
    """The scene, zoomable with the wheel (Ctrl not needed), dragged with the mouse."""

    def __init__(self, scene: ModelMapScene, parent: QWidget | None = None):
        super().__init__(scene, parent)
        self.setObjectName("model_map:view")
        self.setAccessibleName("Model map diagram")
        self.setAccessibleDescription("Stocks, flows and auxiliaries of the model with their "
                                      "links; click a node for its details")
        self.setRenderHints(QPainter.RenderHint.Antialiasing
                            | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def wheelEvent(self, event) -> None:
        factor = 1.15 ** (event.angleDelta().y() / 120)
        scale = self.transform().m11() * factor
        if 0.15 <= scale <= 4.0:
            self.scale(factor, factor)

    def fit(self) -> None:
        self.fitInView(self.scene().itemsBoundingRect().adjusted(-10, -10, 10, 10),
                       Qt.AspectRatioMode.KeepAspectRatio)


def _label(text: str, name: str, parent: QWidget, description: str) -> QLabel:
    label = QLabel(text, parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(name.split(":")[-1].replace("_", " "))
    label.setAccessibleDescription(description)
    return label


class ModelMapWindow(QWidget):
    """The map beside a panel: the chosen node's details and plot, and the loop list."""

    def __init__(self, session, parent: QWidget | None = None):
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("model_map")
        close_keys(self)
        self.setWindowTitle("Model map")
        self.setAccessibleName("Model map")
        self.setAccessibleDescription("The model's stocks, flows and feedback loops, "
                                      "generated from the structure the model declares")
        self.session = session
        self.values: dict[str, np.ndarray] = {}
        self.months: list[str] = []
        self.stale = True
        self.selected: str | None = None
        self.refresh_timer = QTimer(self)
        self.refresh_timer.setSingleShot(True)
        self.refresh_timer.setInterval(REFRESH_DELAY_MS)
        self.refresh_timer.timeout.connect(self.refresh)

        self.scene = ModelMapScene(self)
        self.view = MapView(self.scene, self)
        self.scene.selectionChanged.connect(self._selection_changed)

        top = QHBoxLayout()
        self.month_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.month_slider.setObjectName("model_map:month")
        self.month_slider.setAccessibleName("Month")
        self.month_slider.setAccessibleDescription("The month whose values the panel shows")
        self.month_slider.valueChanged.connect(self._month_changed)
        self.month_label = _label("", "model_map:month_label", self,
                                  "The month the values are read at")
        self.fit_button = QPushButton("Fit to window", self)
        self.fit_button.setObjectName("model_map:fit")
        self.fit_button.setAccessibleName("Fit to window")
        self.fit_button.setAccessibleDescription("Zoom the diagram to show all of it")
        self.fit_button.clicked.connect(self.view.fit)
        self.export_button = QPushButton("Export SVG…", self)
        self.export_button.setObjectName("model_map:export_svg")
        self.export_button.setAccessibleName("Export SVG")
        self.export_button.setAccessibleDescription("Save the diagram as an SVG file")
        self.export_button.clicked.connect(self.export_dialog)
        self.find_box = QLineEdit(self)
        self.find_box.setObjectName("model_map:find")
        self.find_box.setAccessibleName("Find a variable")
        self.find_box.setAccessibleDescription("Type part of a variable's name or label and "
                                               "press Enter to choose it on the map")
        self.find_box.setPlaceholderText("Find a variable…")
        self.find_box.setClearButtonEnabled(True)
        self.find_box.setMinimumWidth(240)
        completer = QCompleter(sorted({*self.scene.nodes, *(node(n).label for n in
                                                           self.scene.nodes)}), self.find_box)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # inline: the name completes as typed (a popup list grabs the keyboard)
        completer.setCompletionMode(QCompleter.CompletionMode.InlineCompletion)
        self.find_box.setCompleter(completer)
        self.find_box.returnPressed.connect(self._find)
        hint = QLabel("Values at", self)
        hint.setAccessibleName("Values at")
        top.addWidget(self.find_box)
        top.addSpacing(12)
        top.addWidget(hint)
        top.addWidget(self.month_slider, 1)
        top.addWidget(self.month_label)
        top.addSpacing(12)
        top.addWidget(self.fit_button)
        top.addWidget(self.export_button)

        panel = QWidget(self)
        column = QVBoxLayout(panel)
        column.setContentsMargins(6, 0, 0, 0)
        loops_title = QLabel("<b>Feedback loops</b> (R reinforcing, B balancing)", panel)
        loops_title.setAccessibleName("Feedback loops")
        self.loop_list = QListWidget(panel)
        self.loop_list.setObjectName("model_map:loops")
        self.loop_list.setAccessibleName("Feedback loops")
        self.loop_list.setAccessibleDescription("Choose a loop to highlight it on the map")
        for index, loop in enumerate(LOOPS):
            item = QListWidgetItem(f"{loop_label(index)}  {loop.name}", self.loop_list)
            item.setToolTip(loop.story)
            item.setData(Qt.ItemDataRole.UserRole, index)
        self.loop_list.setFixedHeight(self.loop_list.sizeHintForRow(0) * len(LOOPS)
                                      + 2 * self.loop_list.frameWidth() + 4)
        self.loop_list.currentRowChanged.connect(self._loop_chosen)
        self.name_label = _label(PROMPT, "model_map:name", panel,
                                 "The chosen variable")
        self.value_label = _label("", "model_map:value", panel,
                                  "Its value in the chosen month of the current run")
        self.unit_label = _label("", "model_map:unit", panel, "Its unit")
        self.definition_label = _label("", "model_map:definition", panel,
                                       "What it is, in plain words")
        self.source_label = _label("", "model_map:source", panel, "Its source, cited in full")
        self.links_text = QTextBrowser(panel)
        self.links_text.setObjectName("model_map:links")
        self.links_text.setAccessibleName("Links")
        self.links_text.setAccessibleDescription("What the variable reads, with values, what "
                                                 "reads it and the loops it is part of")
        before = menus_now()
        self.plot = pg.PlotWidget(panel, axisItems={"left": ValueAxis("left")})
        adopt_new_menus(self.plot, before)
        self.plot.setObjectName("model_map:plot")
        self.plot.setAccessibleName("Series plot")
        self.plot.setAccessibleDescription("The chosen variable month by month; grey: the "
                                           "baseline where it is an output")
        self.plot.setMinimumHeight(230)
        self.plot.setMenuEnabled(False)
        self.plot.hideButtons()
        self.baseline_curve = self.plot.plot(pen=pg.mkPen(BASELINE_COLOUR, width=1))
        self.curve = self.plot.plot(pen=pg.mkPen(SINGLE_COLOUR, width=2))
        self.month_line = pg.InfiniteLine(angle=90, pen=pg.mkPen("#e07b00", width=1))
        self.plot.addItem(self.month_line, ignoreBounds=True)
        column.addWidget(loops_title)
        column.addWidget(self.loop_list)
        for widget in (self.name_label, self.value_label, self.unit_label,
                       self.definition_label, self.source_label):
            column.addWidget(widget)
        column.addWidget(self.links_text, 1)
        column.addWidget(self.plot)
        caption = QLabel("The chosen variable month by month (grey: the baseline, for an "
                         "output); the orange line is the month shown", panel)
        caption.setAccessibleName("Plot caption")
        caption.setWordWrap(True)
        column.addWidget(caption)

        splitter = QSplitter(self)
        splitter.addWidget(self.view)
        splitter.addWidget(panel)
        splitter.setStretchFactor(0, 1)
        splitter.setSizes([1150, 420])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        self.setMinimumSize(900, 560)
        self.resize(1600, 950)

        session.results_changed.connect(self._results_changed)
        session.baseline_changed.connect(self._results_changed)
        self.refresh()

    # ---- the session's run -------------------------------------------------------------
    def _results_changed(self, _results=None) -> None:
        self.stale = True
        if self.isVisible():
            self.refresh_timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self.stale:
            self.refresh()
        QTimer.singleShot(0, self.view.fit)

    def refresh(self) -> None:
        """Trace the session's current scenario (every variable, not only the outputs) and
        redraw the panel."""
        self.refresh_timer.stop()
        self.values = trace(self.session.scenario)
        months = list(self.session.results.months)
        month = self.month
        self.months = months
        self.month_slider.blockSignals(True)
        self.month_slider.setRange(0, len(months) - 1)
        self.month_slider.setValue(months.index(month) if month in months else len(months) - 1)
        self.month_slider.blockSignals(False)
        self.stale = False
        self._show_details()

    @property
    def month(self) -> str | None:
        return self.months[self.month_slider.value()] if self.months else None

    def value_of(self, name: str) -> float:
        """The variable's value in the chosen month: the session's results for an output,
        the traced run otherwise."""
        index = self.month_slider.value()
        if name in self.session.results.series:
            return float(self.session.results.central(name)[index])
        return float(self.values[name][index])

    def _month_changed(self, _index: int) -> None:
        self._show_details()

    # ---- choosing ----------------------------------------------------------------------
    def _selection_changed(self) -> None:
        chosen = [item for item in self.scene.selectedItems() if isinstance(item, NodeItem)]
        self.selected = chosen[0].name if chosen else None
        if self.selected is not None:
            self.loop_list.blockSignals(True)
            self.loop_list.setCurrentRow(-1)
            self.loop_list.blockSignals(False)
            self.scene.show_loop_marker(None)
            edges = {(e.source.name, e.target.name) for e in self.scene.edges
                     if self.selected in (e.source.name, e.target.name)}
            self.scene.highlight(set(), edges)
        else:
            self.scene.highlight(set(), set())
        self._show_details()

    def select(self, name: str) -> None:
        """Choose a node as a click does (and bring it into view)."""
        self.scene.clearSelection()
        item = self.scene.nodes[name]
        item.setSelected(True)
        self.view.centerOn(item)

    def _find(self) -> None:
        """Choose the variable named, or the first whose name or plain label contains the
        text typed."""
        text = self.find_box.text().strip().lower()
        names = sorted(self.scene.nodes)
        name = text if text in self.scene.nodes else next(
            (n for n in names if text and node(n).label.lower() == text), None) or next(
            (n for n in names if text and (text in n or text in node(n).label.lower())), None)
        if name is None:
            self.scene.clearSelection()
            self.name_label.setText(f"No variable's name or label contains “{text}”.")
            return
        self.select(name)

    def _loop_chosen(self, row: int) -> None:
        if row < 0:
            return
        loop = LOOPS[row]
        self.scene.blockSignals(True)
        self.scene.clearSelection()
        self.scene.blockSignals(False)
        self.selected = None
        path = loop.path
        edges = set(zip(path, path[1:] + path[:1], strict=True))
        self.scene.highlight(set(path), edges)
        self.scene.show_loop_marker(loop, loop_label(row))
        self.name_label.setText(f"<b>{loop_label(row)}: {loop.name}</b> "
                                f"({'reinforcing' if loop.kind == 'R' else 'balancing'})")
        for label in (self.value_label, self.unit_label, self.source_label):
            label.setText("")
        self.definition_label.setText(loop.story)
        self.links_text.setHtml(" → ".join(escaped(plain_name(n)) for n in
                                           (*path, path[0])))
        self.curve.setData([], [])
        self.baseline_curve.setData([], [])

    # ---- the panel ---------------------------------------------------------------------
    def _show_details(self) -> None:
        month = self.month
        self.month_label.setText(month or "")
        if month:
            self.month_line.setValue(decimal_years([month])[0])
        name = self.selected
        if name is None:
            if self.loop_list.currentRow() < 0:
                self._clear_details()
            return
        variable = node(name)
        unit = display_unit(name)
        self.name_label.setText(f"<b>{escaped(variable.label)}</b> &nbsp;·&nbsp; "
                                f"{KIND_NAMES[variable.kind]}, {variable.block} block")
        self.value_label.setText(f"Value in {month}: <b>{value_text(name, self.value_of(name), unit)}"
                                 "</b>")
        self.unit_label.setText(f"Unit: {unit_words(variable.unit)}")
        self.definition_label.setText(variable.definition)
        self.source_label.setText(f"Source: {describe(variable.source)}" if variable.source
                                  else "Source: arithmetic on the variables it reads")
        self.links_text.setHtml(self._links_html(name, variable))
        x = decimal_years(self.months)
        self.curve.setData(x, self.values[name])
        if name in self.session.baseline_results.series and \
                len(self.session.baseline_results.months) == len(self.months):
            self.baseline_curve.setData(x, self.session.baseline_results.central(name))
        else:
            self.baseline_curve.setData([], [])
        colour = US_COLOUR if name.startswith("us_") else CN_COLOUR if name.startswith(
            "cn_") else SINGLE_COLOUR
        self.curve.setPen(pg.mkPen(colour, width=2))

    def _clear_details(self) -> None:
        self.name_label.setText(PROMPT)
        for label in (self.value_label, self.unit_label, self.definition_label,
                      self.source_label):
            label.setText("")
        self.links_text.clear()
        self.curve.setData([], [])
        self.baseline_curve.setData([], [])

    def _input_text(self, name: str) -> str:
        if name in self.values:
            return value_text(name, self.value_of(name), display_unit(name))
        if name in LEVERS:
            lever = LEVERS[name]
            unit = "share" if lever.unit.startswith("share") else lever.unit  # 25%, not 0.25
            return f"{format_value(self.session.lever_value(name), unit)} (lever)"
        if name in CONSTANTS:
            constant = CONSTANTS[name]
            return f"{format_value(constant.value, constant.unit)} (constant)"
        return "an event input"

    def _links_html(self, name: str, variable: Variable) -> str:
        reads = [(n, s) for n, s in variable.reads if n.removesuffix("@prev") != name]
        if variable.kind == "stock":  # the stock's report as an output may read a switch
            report = VARIABLES.get(name)
            reads += [(n, s) for n, s in (report.reads if report else ()) if n != name]
        rows = [f"<tr><td><b>{POLARITY[s][0]}</b></td><td style='white-space:nowrap'>"
                f"{escaped(plain_name(n))}</td>"
                f"<td>&nbsp;{self._input_text(n.removesuffix('@prev'))}"
                "</td></tr>" for n, s in reads]
        readers = sorted({escaped(plain_name(edge.target.name)) for edge in self.scene.edges
                          if edge.source.name == name})
        loops = [f"{loop_label(i)} {loop.name}" for i, loop in enumerate(LOOPS)
                 if name in loop.path]
        parts = ["<p><b>Reads</b> (+ raises it, − lowers it, ± either way)</p>",
                 f"<table>{''.join(rows)}</table>" if rows else "<p>time only</p>",
                 "<p><b>Read by</b>: " + (", ".join(readers) or "no other variable") + "</p>"]
        if loops:
            parts.append("<p><b>Loops</b>: " + "; ".join(loops) + "</p>")
        return "".join(parts)

    # ---- export ------------------------------------------------------------------------
    def choose_svg_path(self) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Export the model map", "model_map.svg",
                                              "SVG images (*.svg)")
        return path or None

    def show_error(self, text: str) -> None:
        QMessageBox.warning(self, "Model map", text)

    def export_dialog(self) -> None:
        path = self.choose_svg_path()
        if path is None:
            return
        try:
            self.export_svg(path)
        except (OSError, ValueError) as error:
            self.show_error(f"The map was not saved to {path}: {error}")

    def export_svg(self, path: str) -> None:
        if not str(path).lower().endswith(".svg"):
            raise ValueError("choose a file name ending in .svg")
        write_atomic(path, self.scene.svg_bytes("AI Race Planner: model map"))


class ModelMapCommands:
    """Help > Model map: one map window per main window, made when first asked for."""

    def __init__(self, window):
        self.window = window
        self.map_window: ModelMapWindow | None = None

    def open(self) -> ModelMapWindow:
        if self.map_window is None:
            self.window.session.flush()
            self.map_window = ModelMapWindow(self.window.session, self.window)
        self.map_window.show()
        self.map_window.activateWindow()
        return self.map_window
