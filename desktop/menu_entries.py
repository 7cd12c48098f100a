"""What a menu entry is: the types of the actions table (desktop/actions.py), which the main
window builds its menus from. Apart from the table so that the window can read entries without
importing the table, which imports the window (its handlers are the window's own methods)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence


@dataclass(frozen=True)
class Menu:
    id: str
    text: str


@dataclass(frozen=True)
class Action:
    id: str  # the QAction's objectName: "file:save"
    menu: str  # a Menu id, or "<menu>/<submenu>" for an action inside a Submenu
    text: str
    # an unbound method of the main window (MainWindow.save) or of an object it owns
    # (PresenterCommands.toggle); a checkable action's method gets the new state
    callback: Callable
    shortcut: str | QKeySequence.StandardKey | None = None
    section: int = 0
    checkable: bool = False
    exclusive: str | None = None  # checkable actions of one exclusive group
    tip: str = ""
    # the shortcut only while the window has focus in a widget of its own (F5 is also
    # handled by presenter mode's key filter, which must see it in full screen)
    widget_shortcut: bool = False

    def __post_init__(self) -> None:
        must_be_method(self.id, self.callback)


@dataclass(frozen=True)
class Submenu:
    id: str  # "file/bundled": the path of its actions' ``menu``
    menu: str
    text: str
    fill: Callable | None = None  # a MainWindow method that fills it (again) before it shows
    section: int = 0

    def __post_init__(self) -> None:
        if self.fill is not None:
            must_be_method(self.id, self.fill)


@dataclass(frozen=True)
class MenuTable:
    """The menu bar's menus, their entries in order, and the keys handled outside menus
    (listed by Help > Keyboard shortcuts)."""

    menus: tuple[Menu, ...]
    entries: tuple[Action | Submenu, ...]
    other_keys: tuple[tuple[str, str], ...] = ()

    def handlers(self) -> list[Callable]:
        """Every callable the table names: actions' callbacks and submenus' fills."""
        return [entry.callback if isinstance(entry, Action) else entry.fill
                for entry in self.entries
                if isinstance(entry, Action) or entry.fill is not None]

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(keys, what they do) for every action with a shortcut, then the other keys."""
        menus = {menu.id: plain_text(menu.text) for menu in self.menus}
        rows = [(shortcut_text(entry.shortcut),
                 f"{menus[entry.menu.partition('/')[0]]} > {plain_text(entry.text)}")
                for entry in self.entries
                if isinstance(entry, Action) and entry.shortcut is not None]
        return [row for row in rows if row[0]] + list(self.other_keys)


def must_be_method(entry_id: str, handler: object) -> None:
    """A handler named as a string ("save", the table's old style) fails at import."""
    if not callable(handler):
        raise TypeError(f"menu entry {entry_id}: the handler must be a method "
                        f"(MainWindow.save, PresenterCommands.toggle), not {handler!r}")


def plain_text(text: str) -> str:
    """A menu text without its mnemonic ampersand and trailing ellipsis."""
    return text.replace("&", "").removesuffix("…")


def shortcut_text(shortcut: str | QKeySequence.StandardKey | None) -> str:
    if shortcut is None:
        return ""
    return QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)
