"""Briefing export: a scenario as an A4 PDF (Qt's own PDF writer) or a standalone HTML file.

The text comes from ``core.reports.briefing.briefing_html``; this module renders the key plots
offscreen (``OutputPlot`` at a fixed size, light theme) and writes the bytes through
``core.common.files.write_atomic``. ``airace brief`` is ``desktop.brief_cli.command``.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Sequence
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMarginsF,
    QRectF,
    QSizeF,
    Qt,
    QUrl,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextTable,
)
from PySide6.QtWidgets import QApplication

from core.catalogue.outputs import OUTPUTS, companion
from core.common.files import write_atomic
from core.common.formatting import without_paths
from core.engine.results import Results
from core.formats.scenario import Scenario
from core.formats.share import pdf_with_scenario
from core.reports.briefing import Figure, briefing_html
from desktop.widgets import themes
from desktop.widgets.export import encode_png
from desktop.widgets.plots import HEADLINE_PLOTS, OutputPlot, title_html

PLOT_SIZE = (460, 300)  # logical pixels per plot image: half the page width, two to a row
PLOT_SCALE = 2  # device pixels per logical pixel: sharp on paper and high-DPI screens
PDF_DPI = 150
# QTextDocument reads a subset of CSS: a simpler sheet, table widths as attributes. Sizes
# are in px of 1/96 inch, as the document is printed (13 px = 9.75 pt).
PDF_STYLE = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; color: #1d2733; font-size: 13px; }
p.meta { color: #5b6875; font-size: 11px; }
th { background-color: #eef2f6; font-weight: bold; text-align: left; }
td.num { text-align: right; }
td.source { color: #5b6875; font-size: 11px; }
"""


PDF_PLOT_WIDTH = 330  # px of 1/96 inch: two plots side by side on the A4 printable width
FOOTER_HEIGHT = 28  # px of 1/96 inch kept free at each page's foot for its number
HEADER_ROW_HEIGHT = 24  # px: a table row of one line with its padding (a header row)


def plot_caption(output_id: str) -> str:
    """The plot's caption: which line is which, US and China named on a two-country plot."""
    output = OUTPUTS[output_id]
    unit = "%" if output.unit == "share" else output.unit
    if companion(output_id):
        label = output.label.removeprefix("US ").removeprefix("US-")
        label = label[:1].upper() + label[1:]
        return (f"{label} ({unit}), US and China: blue line US, red line China; "
                f"grey lines: each country's baseline.")
    return f"{output.label} ({unit}): coloured line this scenario, grey line baseline."


def render_plots(results: Results, baseline: Results, events: list,
                 output_ids: Sequence[str] = HEADLINE_PLOTS,
                 bands=None) -> list[tuple[str, QImage]]:
    """(caption, image) of each plot, drawn offscreen in the light theme with thicker lines."""
    images = []
    for output_id in output_ids:
        plot = OutputPlot(output_id)
        try:
            plot.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            plot.resize(*PLOT_SIZE)
            plot.apply_theme(themes.LIGHT)
            item = plot.getPlotItem()
            item.setTitle(title_html(output_id), size="11pt", color=themes.LIGHT.plot_foreground)
            font = QFont()
            font.setPointSize(10)
            for side in ("left", "bottom"):
                item.getAxis(side).setStyle(tickFont=font)
                item.getAxis(side).label.setFont(font)
            item.getAxis("left").setWidth(56)
            for curve in plot.curves:
                curve.setPen(pg.mkPen(curve.pen().color(), width=2))
            for ghost in plot.ghosts:
                ghost.setPen(pg.mkPen((110, 110, 110, 200), width=2))
            plot.set_baseline(baseline)
            plot.set_results(results)
            plot.set_events(events)
            if bands is not None:
                plot.set_bands(bands)
            plot.show()
            QApplication.processEvents()
            image = QImage(PLOT_SIZE[0] * PLOT_SCALE, PLOT_SIZE[1] * PLOT_SCALE,
                           QImage.Format.Format_ARGB32_Premultiplied)
            image.fill(QColor(themes.LIGHT.plot_background))
            painter = QPainter(image)
            try:
                plot.render(painter)  # a QGraphicsView scales its view onto the image
            finally:
                painter.end()
            images.append((plot_caption(output_id), image))
        finally:
            plot.hide()
            plot.deleteLater()
    return images


def html_document(scenario: Scenario, results: Results, baseline: Results,
                  images: list[tuple[str, QImage]],
                  percentiles: dict[str, list[float]] | None = None,
                  monte_carlo_bands: bool = False) -> str:
    """The standalone HTML: every plot inline as a data:image/png;base64 URI."""
    figures = [Figure(caption, "data:image/png;base64,"
                      + base64.b64encode(encode_png(image)).decode("ascii"))
               for caption, image in images]
    return briefing_html(scenario, results, baseline, figures, percentiles,
                         monte_carlo_bands=monte_carlo_bands)


def pdf_html(text: str) -> str:
    """The briefing HTML as QTextDocument lays it out well: its own sheet, table attributes,
    the plots' table without borders."""
    text = re.sub(r"<style>.*?</style>", "", text, flags=re.DOTALL)
    text = text.replace("<table class='plots'>", "<table class='plots' width='100%' "
                        "cellspacing='0' cellpadding='2' border='0'>")
    for table in ("<table>", "<table class='events'>"):
        text = text.replace(table, table[:-1] + " width='100%' cellspacing='0' "
                            "cellpadding='4' border='0'>")
    text = text.replace("<h1>", "<h1 style='font-size:26px; color:#0f2a4a'>")
    text = text.replace("<h2>", "<h2 style='font-size:17px; color:#0f2a4a'>")
    text = text.replace('<p class="bottom-line">',
                        "<p style='background-color:#f3f6f9' class='bottom-line'>")
    text = re.sub(r"<td class='num'>(.*?)</td>",
                  lambda cell: f"<td class='num'>{unbroken_figures(cell.group(1))}</td>", text)
    return text.replace("<span class='caption'>",
                        "<span style='color:#5b6875; font-size:10px'>")


UNBROKEN_FIGURE = 18  # characters: a figure up to this long never breaks across lines


def unbroken_figures(text: str) -> str:
    """A figure or a range of figures with no line break inside a figure ("-278.4 k H100e"
    stays on one line; a range may break at its "to"): the PDF layout would otherwise
    break a narrow cell at any space. A figure with a long unit ("0 share of deployment
    value per state") keeps only its number and the unit's first word together."""
    def unbroken(figure: str) -> str:
        if len(figure) <= UNBROKEN_FIGURE:
            return figure.replace(" ", "&nbsp;")
        return figure.replace(" ", "&nbsp;", 1)
    return " to ".join(unbroken(part) for part in text.split(" to "))


def keep_rows_whole(document: QTextDocument, page_height: float) -> bool:
    """Move a row of plots that would straddle a page break to the next page, whole (Qt
    paginates line by line, which would part a plot from its caption)."""
    layout = document.documentLayout()
    plots = [frame for frame in document.rootFrame().childFrames()
             if isinstance(frame, QTextTable) and "\ufffc" in _frame_text(frame)]
    moved = False
    for index, frame in enumerate(plots):  # only the plots' tables hold images
        rect = layout.frameBoundingRect(frame)
        if int(rect.top() // page_height) == int((rect.bottom() - 1) // page_height):
            continue
        heading = document.find("Plots") if index == 0 else QTextCursor()
        # the first row takes the "Plots" heading and the legend line along
        moved |= _break_before(heading.block() if not heading.isNull()
                               and heading.block().text() == "Plots" else frame)
    return moved


def keep_text_rows_whole(document: QTextDocument, page_height: float) -> bool:
    """Move a table row that would straddle a page break to the next page, whole (Qt
    breaks a row's cells line by line, which parts a key figure from its figures); a table's
    last row does not start a page alone: the row before it goes along."""
    layout = document.documentLayout()
    tables = [frame for frame in document.rootFrame().childFrames()
              if isinstance(frame, QTextTable) and "\ufffc" not in _frame_text(frame)]
    moved = False
    for table in tables:
        for row in range(table.rows()):
            top, bottom = _row_span(layout, table, row)
            if _page(top, page_height) != _page(bottom - 1, page_height) and \
                    bottom - top < page_height:
                _push_row(table, row, top, page_height)
                moved = True
        last = table.rows() - 1
        if last >= 2:
            before, _ = _row_span(layout, table, last - 1)
            top, _ = _row_span(layout, table, last)
            if _page(before, page_height) < _page(top, page_height):
                _unpush_row(table, last)  # it follows the row before it now
                _push_row(table, last - 1, before, page_height)
                moved = True
    return moved


def _row_span(layout, table: QTextTable, row: int) -> tuple[float, float]:
    cells = [table.cellAt(row, column) for column in range(table.columns())]
    top = min(layout.blockBoundingRect(cell.firstCursorPosition().block()).top()
              for cell in cells)
    bottom = max(layout.blockBoundingRect(cell.lastCursorPosition().block()).bottom()
                 for cell in cells)
    return top, bottom


def _unpush_row(table: QTextTable, row: int) -> None:
    """Take out the empty lines ``_push_row`` put at the top of a row's cells, if any."""
    fixed = QTextBlockFormat.LineHeightTypes.FixedHeight.value
    for column in range(table.columns()):
        cursor = table.cellAt(row, column).firstCursorPosition()
        block = cursor.block()
        if block.text() == "" and block.blockFormat().lineHeightType() == fixed and \
                block.next().isValid():
            text = block.next().blockFormat()
            cursor.deleteChar()  # joins the empty line with the text after it...
            cursor.setBlockFormat(text)  # ...which keeps its own format


def _push_row(table: QTextTable, row: int, top: float, page_height: float) -> None:
    """Start a row's text on the next page: an empty line as tall as the rest of the page
    opens each of its cells (Qt ignores block margins inside cells)."""
    spacer = QTextBlockFormat()
    spacer.setLineHeight((_page(top, page_height) + 1) * page_height - top,
                         QTextBlockFormat.LineHeightTypes.FixedHeight.value)
    for column in range(table.columns()):
        cursor = table.cellAt(row, column).firstCursorPosition()
        text = cursor.block().blockFormat()
        cursor.setBlockFormat(spacer)
        cursor.insertBlock(text)


def _page(y: float, page_height: float) -> int:
    return int(y // page_height)


def _break_before(item) -> bool:
    """Start a heading, a paragraph or a table on a new page; False if it already does."""
    always = QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore
    item_format = item.format() if isinstance(item, QTextTable) else item.blockFormat()
    if item_format.pageBreakPolicy() & always:
        return False
    item_format.setPageBreakPolicy(always)
    if isinstance(item, QTextTable):
        item.setFormat(item_format)
    else:
        QTextCursor(item).setBlockFormat(item_format)
    return True


def _top_level(document: QTextDocument) -> list:
    """The document's headings, paragraphs and tables in order (empty blocks left out)."""
    items, position = [], document.rootFrame().begin()
    while not position.atEnd():
        frame, block = position.currentFrame(), position.currentBlock()
        if isinstance(frame, QTextTable):
            items.append(frame)
        elif block.isValid() and block.text().strip():
            items.append(block)
        position += 1
    return items


def _span(document: QTextDocument, item) -> tuple[float, float]:
    """Top and bottom of a paragraph, or of a table's first row, with the row after it
    when the first is a one-line header (a header alone at a page's foot is a stray line)."""
    layout = document.documentLayout()
    if not isinstance(item, QTextTable):
        rect = layout.blockBoundingRect(item)
        return rect.top(), rect.bottom()
    top = layout.frameBoundingRect(item).top()
    bottom = _row_bottom(document, item, 0)
    if item.rows() > 1 and bottom - top < 2 * HEADER_ROW_HEIGHT:
        bottom = _row_bottom(document, item, 1)
    return top, bottom


def _row_bottom(document: QTextDocument, table: QTextTable, row: int) -> float:
    layout = document.documentLayout()
    return max(layout.blockBoundingRect(table.cellAt(row, column).lastCursorPosition()
                                        .block()).bottom()
               for column in range(table.columns()))


def _first_line_bottom(document: QTextDocument, item) -> float:
    """Where the first line of a paragraph, or the first row of a table, ends."""
    if isinstance(item, QTextTable):
        return _row_bottom(document, item, 0)
    top = document.documentLayout().blockBoundingRect(item).top()
    layout = item.layout()
    if layout.lineCount() == 0:  # an empty paragraph has no line (and lineAt(0) would crash Qt)
        return top
    return top + layout.lineAt(0).rect().bottom()


def _is_heading(item) -> bool:
    return item is not None and not isinstance(item, QTextTable) and \
        item.blockFormat().headingLevel() > 0


def keep_blocks_together(document: QTextDocument, page_height: float) -> bool:
    """No paragraph split across pages (no orphan or widow line), no heading alone at a
    page's foot, no table that starts with a lone row there: each moves to the next page,
    taking the heading before it along."""
    moved = False
    items = _top_level(document)
    for index, item in enumerate(items):
        top, bottom = _span(document, item)
        if _is_heading(item) and index + 1 < len(items):  # with the next one's first line
            bottom = max(bottom, _first_line_bottom(document, items[index + 1]))
        if _page(top, page_height) == _page(bottom - 1, page_height) or \
                bottom - top >= page_height:
            continue
        previous = items[index - 1] if index else None
        moved |= _break_before(previous if _is_heading(previous) else item)
    return moved


def paginate(document: QTextDocument, page_height: float) -> None:
    """Move whatever a page break would cut to the next page, whole: table rows, paragraphs
    with their headings, rows of plots. Each move shifts what follows, so the passes repeat
    until none moves anything (a few rounds at most)."""
    for _ in range(6):
        moved = [keep_text_rows_whole(document, page_height),
                 keep_blocks_together(document, page_height),
                 keep_rows_whole(document, page_height)]
        if not any(moved):
            return


def _frame_text(frame) -> str:
    cursor = frame.firstCursorPosition()
    cursor.setPosition(frame.lastPosition(), QTextCursor.MoveMode.KeepAnchor)
    return cursor.selectedText()


def _page_number(painter: QPainter, page: int, pages: int, width: float, top: float,
                 font: QFont) -> None:
    painter.setFont(font)
    painter.setPen(QColor("#5b6875"))
    painter.drawText(QRectF(0, top, width, FOOTER_HEIGHT),
                     int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                     f"Page {page} of {pages}")


def pdf_bytes(scenario: Scenario, results: Results, baseline: Results,
              images: list[tuple[str, QImage]],
              percentiles: dict[str, list[float]] | None = None,
              monte_carlo_bands: bool = False) -> bytes:
    """An A4 portrait PDF through QPdfWriter and QTextDocument (plots as image resources),
    each page numbered 'Page n of N' at its foot, with the scenario attached."""
    document = QTextDocument()
    figures = []
    for index, (caption, image) in enumerate(images):
        name = f"plot-{index}.png"
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)
        figures.append(Figure(caption, name))
    document.setDefaultStyleSheet(PDF_STYLE)
    font = QFont("DejaVu Sans")
    font.setPixelSize(13)
    document.setDefaultFont(font)
    document.setHtml(pdf_html(briefing_html(scenario, results, baseline, figures,
                                            percentiles, plot_width=PDF_PLOT_WIDTH,
                                            monte_carlo_bands=monte_carlo_bands)))
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(f"{without_paths(scenario.name)} — AI Race Planner briefing")
    writer.setCreator("AI Race Planner")
    writer.setResolution(PDF_DPI)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                     QPageLayout.Orientation.Portrait,
                                     QMarginsF(16, 16, 16, 16), QPageLayout.Unit.Millimeter))
    # lay the text out on the printable width, so fonts print at their point size
    # (QTextDocument pixels are 1/96 inch when printed); the foot of each page is kept for
    # its number
    printable = writer.pageLayout().paintRect(QPageLayout.Unit.Inch)
    width, height = printable.width() * 96, printable.height() * 96
    document.setPageSize(QSizeF(width, height - FOOTER_HEIGHT))
    document.setDocumentMargin(0)
    paginate(document, height - FOOTER_HEIGHT)
    pages = document.pageCount()
    footer_font = QFont("DejaVu Sans")
    footer_font.setPixelSize(10)
    painter = QPainter(writer)
    try:
        painter.scale(PDF_DPI / 96, PDF_DPI / 96)
        for page in range(pages):
            if page:
                writer.newPage()
            top = page * (height - FOOTER_HEIGHT)
            painter.save()
            painter.translate(0, -top)
            document.drawContents(painter, QRectF(0, top, width, height - FOOTER_HEIGHT))
            painter.restore()
            _page_number(painter, page + 1, pages, width, height - FOOTER_HEIGHT, footer_font)
    finally:
        painter.end()
    del writer  # finishes the PDF
    buffer.close()
    return pdf_with_scenario(bytes(data.data()), scenario)  # so the briefing reopens


def export_briefing(scenario: Scenario, results: Results, baseline: Results,
                    pdf_path: str | Path | None = None, html_path: str | Path | None = None,
                    percentiles: dict[str, list[float]] | None = None,
                    bands=None) -> None:
    """Write the PDF and/or HTML briefing (atomically); raises OSError if a write fails.

    bands (core Bands over months) are drawn as Monte Carlo fills on the plots."""
    images = render_plots(results, baseline, list(scenario.events), bands=bands)
    drawn = bands is not None and bool(bands.percentiles)
    if pdf_path is not None:
        write_atomic(pdf_path, pdf_bytes(scenario, results, baseline, images, percentiles,
                                         monte_carlo_bands=drawn))
    if html_path is not None:
        write_atomic(html_path, html_document(scenario, results, baseline, images,
                                              percentiles, monte_carlo_bands=drawn))


def with_sampling(scenario: Scenario, samples: int | None, seed: int | None) -> Scenario:
    """The scenario as the briefing should describe its Monte Carlo run (samples, seed)."""
    update = {k: v for k, v in (("samples", samples), ("seed", seed)) if isinstance(v, int)}
    if not update:
        return scenario
    return scenario.model_copy(
        update={"uncertainty": scenario.uncertainty.model_copy(update=update)})


def session_percentiles(session) -> dict[str, list[float]] | None:
    """The session's fresh Monte Carlo key-figure percentiles, if it has any."""
    bands = session.latest_bands
    if bands is None or not bands.kpi_percentiles:
        return None
    return {kpi_id: [float(v) for v in values]
            for kpi_id, values in bands.kpi_percentiles.items()}


def export_session(session, kind: str, path: str) -> None:
    """The session's scenario, results and fresh bands as a PDF or HTML briefing at
    ``path``; OSError if it cannot be written."""
    session.flush()
    target = {"pdf_path" if kind == "pdf" else "html_path": path}
    percentiles = session_percentiles(session)
    scenario = session.scenario
    if percentiles is not None:
        bands = session.latest_bands
        scenario = with_sampling(scenario, bands.samples, bands.seed)
    export_briefing(scenario, session.results, session.baseline_results,
                    percentiles=percentiles,
                    bands=session.latest_bands if percentiles is not None else None, **target)
