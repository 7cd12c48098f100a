"""Light and dark themes: the application's style sheet (resources/themes/*.qss) plus the
colours Qt style sheets cannot reach (pyqtgraph plots, painted key-figure values).

``apply_theme(window, name)`` themes one window and the application; View > Theme calls it
and remembers the choice in the settings. Presenter mode reuses the dark palette with
larger type and thicker lines (``style_plot(plot, theme, presenter=True)``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import pyqtgraph as pg
from PySide6.QtGui import QActionGroup, QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from desktop import settings

THEME_SETTING = "theme"


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


LIGHT = Theme("light", "&Light", "#ffffff", "#333333", 0.15, (150, 150, 150, 130),
              "#1f2329", "#555b66", "#f4f5f7", "#ffffff", "#1f2329", "#eceef1", "#2563eb")
DARK = Theme("dark", "&Dark", "#16191f", "#d7dbe2", 0.16, (150, 156, 168, 150),
             "#f1f3f6", "#aab1bd", "#1e2128", "#262a32", "#e6e8ec", "#2c313a", "#60a5fa")
THEMES: dict[str, Theme] = {theme.name: theme for theme in (LIGHT, DARK)}

PRESENTER_LINE_WIDTH = 4
PRESENTER_GHOST_WIDTH = 3
PRESENTER_TITLE_PT = 15
PRESENTER_AXIS_PT = 12


def chosen_theme() -> Theme:
    """The theme remembered in the settings (light if none or unknown)."""
    return THEMES.get(str(settings.load_settings().get(THEME_SETTING, "light")), LIGHT)


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


def style_sheet(theme: Theme) -> str:
    from desktop.app import resources_folder

    path = resources_folder() / "themes" / f"{theme.name}.qss"
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return path.read_text(encoding="utf-8")
    return ""


def style_plot(plot, theme: Theme, presenter: bool = False) -> None:
    """Background, axis and text colours, grid, ghost colour (and presenter sizes) of one
    OutputPlot."""
    from desktop.plots import CN_COLOUR, SINGLE_COLOUR, US_COLOUR, title_html

    item = plot.getPlotItem()
    plot.setBackground(theme.plot_background)
    foreground = QColor(theme.plot_foreground)
    axis_font = QFont()
    axis_font.setPointSize(PRESENTER_AXIS_PT if presenter else 8)
    for side in ("left", "bottom"):
        axis = item.getAxis(side)
        axis.setPen(pg.mkPen(foreground))
        axis.setTextPen(pg.mkPen(foreground))
        axis.setStyle(tickFont=axis_font)
        axis.label.setFont(axis_font)
        axis.picture = None  # repaint the cached axis in the new colours
        axis.update()
    item.getAxis("left").setWidth(80 if presenter else 52)
    item.showGrid(x=True, y=True, alpha=theme.grid_alpha)
    size = f"{PRESENTER_TITLE_PT}pt" if presenter else "9pt"
    item.setTitle(title_html(plot.output_id), size=size, color=theme.plot_foreground)
    line = PRESENTER_LINE_WIDTH if presenter else 1
    colours = [US_COLOUR, CN_COLOUR] if len(plot.series_ids) == 2 else [SINGLE_COLOUR]
    if theme is DARK:  # the same hues, lifted so they read on a dark ground
        colours = [QColor(c).lighter(150).name() for c in colours]
    for curve, colour in zip(plot.curves, colours, strict=True):
        curve.setPen(pg.mkPen(colour, width=line))
    for ghost in plot.ghosts:
        ghost.setPen(pg.mkPen(theme.ghost, width=PRESENTER_GHOST_WIDTH if presenter else 1))
    plot.theme = theme


def style_cards(window, theme: Theme) -> None:
    for card in window.kpi_strip.cards.values():
        card.figure.value_colour = QColor(theme.value_text)
        card.title_label.setStyleSheet(
            f"color: {theme.muted_text}; font-size: 8pt; border: none;")
        card.figure.update()


def apply_theme(window, name: str, remember: bool = True) -> Theme:
    """Theme the application and one window: style sheet, plots, cards, legend."""
    theme = THEMES.get(name, LIGHT)
    app = QApplication.instance()
    sheet = style_sheet(theme)
    if app is not None and getattr(app, "theme_name", None) != theme.name:
        app.setPalette(palette(theme))
        app.theme_name = theme.name
    if app is not None and sheet and app.styleSheet() != sheet:
        app.setStyleSheet(sheet)
    pg.setConfigOptions(background=theme.plot_background,
                        foreground=QColor(theme.plot_foreground))
    window.plot_grid.apply_theme(theme)
    style_cards(window, theme)
    window.legend.setStyleSheet(f"color: {theme.muted_text}; padding: 2px 6px;")
    hint = window.levers_panel.findChild(QLabel, "levers:hint")
    if hint is not None:
        hint.setStyleSheet(f"color: {theme.muted_text};")
    window.theme = theme
    actions = getattr(window, "theme_actions", {})
    if name in actions:
        actions[name].setChecked(True)
    if remember:
        settings.save_setting(THEME_SETTING, theme.name)
    return theme


def install(window) -> None:
    """View > Theme (Light, Dark) on a window, and the remembered theme applied."""
    view_menu = next(a.menu() for a in window.menuBar().actions()
                     if a.menu() is not None and a.text() == "&View")
    menu = view_menu.addMenu("&Theme")
    menu.setObjectName("view:theme")
    group = QActionGroup(window)
    group.setExclusive(True)
    window.theme_actions = {}
    for theme in THEMES.values():
        action = menu.addAction(theme.label)
        action.setObjectName(f"theme:{theme.name}")
        action.setCheckable(True)
        group.addAction(action)
        action.triggered.connect(lambda _checked=False, n=theme.name: apply_theme(window, n))
        window.theme_actions[theme.name] = action
    apply_theme(window, chosen_theme().name, remember=False)


def widget_background(widget: QWidget) -> QColor:
    """The colour a plot paints behind its curves (for tests)."""
    return widget.backgroundBrush().color()
