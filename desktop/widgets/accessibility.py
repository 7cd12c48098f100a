"""Accessible names and descriptions: find every control, plot and card a screen reader
would announce without saying what it is or what it does.

``missing_accessible_names(widget)`` walks a widget and everything under it and returns one
line per offender; an empty list means every interactive widget is named and described. It
reads what Qt itself exposes to assistive technology (``QAccessible``): a name set with
``setAccessibleName``, a button's text, a ``QLabel`` buddy or a window title, and a
description set with ``setAccessibleDescription`` or, failing that, the tooltip.

``set_focus_order(areas)`` makes Tab visit a window's areas in reading order.
"""

from __future__ import annotations

import re

import pyqtgraph as pg
from PySide6.QtGui import QAccessible, QAction, QKeySequence, Qt  # QtGui's Qt: mightBeRichText
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QWidget,
)

# the widgets a user operates or reads: each must be named and described
INTERACTIVE = (QAbstractButton, QAbstractSlider, QAbstractSpinBox, QComboBox, QLineEdit,
               QTextEdit, QPlainTextEdit, QAbstractItemView, QTabBar, pg.GraphicsView)
CARD_PROPERTY = "card"  # a key-figure card (or any card) sets this dynamic property to True
_WORD = re.compile(r"\w")  # a name needs a letter or digit: "↺" or "×" alone says nothing



CLOSE_KEYS = ("Esc", "Ctrl+W")  # close a window of its own, as Esc closes a dialog


def close_keys(window: QWidget) -> QAction:
    """Esc and Ctrl+W close ``window`` (Compare, Model map, Assumptions): a window of its own
    gets no Esc from Qt, unlike a dialog."""
    action = QAction("Close window", window)
    action.setObjectName("window:close")
    action.setShortcuts([QKeySequence(key) for key in CLOSE_KEYS])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.triggered.connect(window.close)
    window.addAction(action)
    return action


def describe(widget: QWidget, name: str, description: str,
             object_name: str | None = None) -> QWidget:
    """Give a control its accessible name and description (screen readers read them; the
    accessibility test fails on a control without), and its object name if given (tests
    find it by that)."""
    if object_name is not None:
        widget.setObjectName(object_name)
    widget.setAccessibleName(name)
    widget.setAccessibleDescription(description)
    return widget

def is_card(widget: QWidget) -> bool:
    return widget.property(CARD_PROPERTY) is True


def _is_part_of_another(widget: QWidget) -> bool:
    """Qt's own parts of a compound widget, which that widget speaks for: the line edit of a
    spin box or combo box, a line edit's clear button, a tab bar's scroll arrows, a scroll
    area's scroll bars, a table's headers, Qt's internal
    buttons (``qt_`` names, e.g. a dock widget's float button), and the widgets of
    pyqtgraph's own plot-options menu, which live inside the plot they belong to."""
    if widget.objectName().startswith("qt_"):
        return True
    parent = widget.parentWidget()
    ancestor = parent
    while ancestor is not None:
        if isinstance(ancestor, pg.GraphicsView):
            return True
        ancestor = ancestor.parentWidget()
    if isinstance(widget, QLineEdit) and isinstance(parent, QAbstractSpinBox | QComboBox):
        return True
    if isinstance(widget, QAbstractButton) and isinstance(parent, QLineEdit | QTabBar):
        return True  # a line edit's clear button, a tab bar's scroll arrows
    if isinstance(widget, QAbstractItemView) and isinstance(parent, QComboBox | QHeaderView):
        return True
    if isinstance(widget, QHeaderView) and isinstance(parent, QAbstractItemView):
        return True
    if isinstance(widget, QScrollBar):
        while parent is not None:  # the scroll area's own bars sit in a container
            if isinstance(parent, QAbstractScrollArea):
                return widget in (parent.horizontalScrollBar(), parent.verticalScrollBar())
            parent = parent.parentWidget()
    return False


def _combo_popup(widget: QWidget) -> bool:
    """A combo box's popup list lives in a private container window (QComboBoxPrivate)."""
    parent = widget.parentWidget()
    return (isinstance(widget, QAbstractItemView) and parent is not None
            and isinstance(parent.parentWidget(), QComboBox))


def accessible_texts(widget: QWidget) -> tuple[str, str]:
    """(name, description) as Qt exposes them to a screen reader."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return widget.accessibleName(), widget.accessibleDescription() or widget.toolTip()
    return (interface.text(QAccessible.Text.Name),
            interface.text(QAccessible.Text.Description))


def needs_accessible_texts(widget: QWidget) -> bool:
    """True for an interactive control, a plot, a card or any other stop of the Tab key
    that is not a part of another widget."""
    return ((isinstance(widget, INTERACTIVE) or is_card(widget) or _tab_stop(widget))
            and not _is_part_of_another(widget) and not _combo_popup(widget))


def _tab_stop(widget: QWidget) -> bool:
    return takes_tab_focus(widget) and widget.focusProxy() is None


def problems(widget: QWidget) -> list[str]:
    """What is wrong with one widget's accessible name and description (nothing: [])."""
    name, description = accessible_texts(widget)
    found = []
    if not _WORD.search(name or ""):
        found.append(f"no accessible name (Qt exposes {name!r})" if name else
                     "no accessible name")
    if not (description or "").strip():
        found.append("no accessible description")
    elif Qt.mightBeRichText(description):
        found.append("a rich-text description (a screen reader reads the tags): set a "
                     "plain setAccessibleDescription")
    return found


def widget_path(widget: QWidget, root: QWidget) -> str:
    """'ClassName "objectName"' and the named ancestors up to ``root``: enough to find it."""
    def one(item: QWidget) -> str:
        return f"{type(item).__name__} {item.objectName()!r}" if item.objectName() \
            else type(item).__name__
    trail = []
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if parent.objectName() and not parent.objectName().startswith("qt_"):
            trail.append(parent.objectName())
        parent = parent.parentWidget()
    return one(widget) + (f" in {' / '.join(reversed(trail))}" if trail else "")


def missing_accessible_names(widget: QWidget) -> list[str]:
    """One line per control, plot or card under ``widget`` (itself included) that has no
    meaningful accessible name or no plain description, in tree order."""
    offenders = []
    for item in [widget, *widget.findChildren(QWidget)]:
        if needs_accessible_texts(item):
            offenders.extend(f"{widget_path(item, widget)}: {problem}"
                             for problem in problems(item))
    return offenders


# ---- keyboard focus order ------------------------------------------------------------------

def takes_tab_focus(widget: QWidget) -> bool:
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus)


def focus_chain(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` that Tab can reach, in the order Tab visits them (hidden
    and disabled ones included: they take their place when shown)."""
    # the ring is walked from its window: a reordered area's first widget may sit before the
    # area's own node in the ring
    start = widget = root.window()
    chain = [root] if takes_tab_focus(root) and root.focusProxy() is None else []
    for _ in range(100_000):  # the bound only guards a broken ring
        widget = widget.nextInFocusChain()
        if widget is start:
            break
        if root.isAncestorOf(widget) and takes_tab_focus(widget) and widget.focusProxy() is None:
            chain.append(widget)
    return chain


def set_focus_order(areas: list[QWidget]) -> None:
    """Tab visits ``areas`` one after another, each whole and in its own order (the order a
    reader scans the window: top to bottom, left to right)."""
    order = [widget for area in areas for widget in focus_chain(area)]
    for first, second in zip(order, order[1:], strict=False):
        QWidget.setTabOrder(first, second)
