"""Export data (CSV) and figures (PNG, SVG); every byte goes through core.common.files.write_atomic."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from core.common.files import write_atomic
from core.engine.results import Results


def export_csv(results: Results, path: str | Path) -> None:
    write_atomic(path, results.to_csv())


def encode_png(image: QImage | QPixmap) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("could not encode the figure as PNG")
    buffer.close()
    return bytes(data.data())


def png_bytes(widget: QWidget) -> bytes:
    return encode_png(widget.grab())


def export_png(widget: QWidget, path: str | Path) -> None:
    write_atomic(path, png_bytes(widget))


def svg_bytes(widget: QWidget, title: str = "AI Race Planner") -> bytes:
    """Render the widget through QtSvg (pyqtgraph's own SVG exporter fails on Qt 6.11)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    size = widget.size()
    generator.setSize(QSize(size.width(), size.height()))
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        QWidget.render(widget, painter, QPoint(0, 0))  # a plot view overrides render()
    finally:
        painter.end()
    buffer.close()
    return bytes(data.data())


def export_svg(widget: QWidget, path: str | Path) -> None:
    write_atomic(path, svg_bytes(widget))


def export_figure(widget: QWidget, path: str | Path) -> None:
    """PNG or SVG by the file's suffix."""
    suffix = Path(path).suffix.lower()
    if suffix == ".svg":
        export_svg(widget, path)
    elif suffix == ".png":
        export_png(widget, path)
    else:
        raise ValueError(f"{path}: choose a .png or .svg file name")
