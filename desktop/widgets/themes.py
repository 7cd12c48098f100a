"""Light and dark themes: the application's style sheet (resources/themes/*.qss) plus the
colours Qt style sheets cannot reach (pyqtgraph plots, painted key-figure values).

``apply_application_theme(theme)`` themes the application; a window themes its own widgets
through their ``apply_theme`` methods (``MainWindow.apply_theme``, View > Theme). Presenter
mode reuses the dark palette with larger type and thicker lines.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from core.common.files import data_folder
from desktop.state import settings


@dataclass(frozen=True)
class Theme:
    name: str
    label: str
    plot_background: str
    plot_foreground: str  # axes, ticks, titles
    grid_alpha: float
    ghost: tuple[int, int, int, int]
    value_text: str  # the large figure on a key-figure card
    muted_text: str  # card titles, hints, the legend
    window: str  # QPalette roles, for widgets the style sheet does not name
    base: str
    text: str
    button: str
    highlight: str
    lift_series: bool = False  # series colours lightened to read on a dark ground


LIGHT = Theme("light", "&Light", "#ffffff", "#333333", 0.15, (150, 150, 150, 130),
              "#1f2329", "#555b66", "#f4f5f7", "#ffffff", "#1f2329", "#eceef1", "#2563eb")
DARK = Theme("dark", "&Dark", "#16191f", "#d7dbe2", 0.16, (150, 156, 168, 150),
             "#f1f3f6", "#aab1bd", "#1e2128", "#262a32", "#e6e8ec", "#2c313a", "#60a5fa", lift_series=True)
THEMES: dict[str, Theme] = {theme.name: theme for theme in (LIGHT, DARK)}



def chosen_theme() -> Theme:
    """The theme remembered in the settings (light if none or unknown)."""
    return THEMES.get(settings.load_settings().theme, LIGHT)


def palette(theme: Theme) -> QPalette:
    colours = QPalette()
    role = QPalette.ColorRole
    for roles, colour in (((role.Window, role.AlternateBase), theme.window),
                          ((role.Base, role.ToolTipText), theme.base),
                          ((role.WindowText, role.Text, role.ButtonText, role.ToolTipBase),
                           theme.text),
                          ((role.Button,), theme.button),
                          ((role.Highlight, role.Link), theme.highlight),
                          ((role.PlaceholderText,), theme.muted_text),
                          ((role.Mid,), theme.muted_text)):
        for each in roles:
            colours.setColor(each, QColor(colour))
    colours.setColor(role.HighlightedText, QColor(theme.base))
    return colours


def resources_folder() -> Path:
    """Icons and themes: inside the installed package, or the checkout's ``resources/``."""
    return data_folder("desktop", "resources", "resources")


def style_sheet(theme: Theme) -> str:
    path = resources_folder() / "themes" / f"{theme.name}.qss"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return path.read_text(encoding="utf-8")
    return ""


def apply_application_theme(theme: Theme) -> None:
    """The application's palette, style sheet and pyqtgraph defaults; each window then
    themes its own widgets (``MainWindow.apply_theme``)."""
    app = QApplication.instance()
    if app is None:
        return
    if app.property("theme_name") != theme.name:
        app.setPalette(palette(theme))
        app.setProperty("theme_name", theme.name)
    sheet = style_sheet(theme)
    if sheet and app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    pg.setConfigOptions(background=theme.plot_background,
                        foreground=QColor(theme.plot_foreground))


def remember_theme(theme: Theme) -> None:
    settings.update_settings(theme=theme.name)


def widget_background(widget: QWidget) -> QColor:
    """The colour a plot paints behind its curves (for tests)."""
    return widget.backgroundBrush().color()
