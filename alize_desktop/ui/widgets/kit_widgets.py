"""Small widgets every screen builds the same way: a red error line, the orange warning banner, a label
showing user text literally, a section title, label/value figure grids, buttons whose shortcut is also
said in their tooltip, and keyboard shortcuts."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtGui import QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import QBoxLayout, QGridLayout, QLabel, QPushButton, QSizePolicy, QTableView, QWidget

from alize_desktop.ui.widgets.forms import ERROR_STYLE
from alize_desktop.ui.widgets.read_only import is_locked, writes

WARNING_STYLE = "background: #fff4e5; color: #8a4b00; border: 1px solid #f0b46b; padding: 6px;"
WARN = "#b00020"
GOOD = "#1b6e20"

Keys = str | QKeySequence | QKeySequence.StandardKey


def error_label(name: str = "error_general", hidden: bool = True, style: str = ERROR_STYLE) -> QLabel:
    """A red (or `style`), wrapped message line, hidden until there is something to say (unless
    `hidden` is False); shown literally, as messages quote names typed by the user."""
    lab = QLabel()
    lab.setObjectName(name)
    lab.setStyleSheet(style)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    if hidden:
        lab.hide()
    return lab


def banner(name: str) -> QLabel:
    """The orange warning strip above a list (hidden until it has something to say)."""
    return error_label(name, style=WARNING_STYLE)


def plain_label(text: str = "", selectable: bool = False, style: str = "") -> QLabel:
    """A wrapped label that shows user text literally (a QLabel would render `<SARL>` as HTML)."""
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setWordWrap(True)
    if style:
        lab.setStyleSheet(style)
    if selectable:
        lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


class ElidedLabel(QLabel):
    """One line of user text that gives way when the window narrows: cut with « … » when it does not
    fit, the full text then in the tooltip (a plain QLabel would widen the whole window instead)."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._full = ""
        self._tip = ""
        self.set_full_text(text)

    def set_full_text(self, text: str, tip: str = "") -> None:
        """Show `text` (cut if need be); the tooltip is `tip`, or the whole text when it is cut."""
        self._full, self._tip = text, tip
        self._elide()
        self.updateGeometry()

    def setText(self, text: str) -> None:  # type: ignore[override]  # noqa: N802 - Qt API
        self.set_full_text(text)

    def full_text(self) -> str:
        return self._full

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.fontMetrics().horizontalAdvance(self._full) + 4, super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(self.fontMetrics().horizontalAdvance("Annexe…"), super().minimumSizeHint().height())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        shown = self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, max(0, self.width()))
        if shown != self.text():
            QLabel.setText(self, shown)
        whole = self._full if shown != self._full else ""
        self.setToolTip("\n".join(t for t in (whole, self._tip) if t))


def section_title(text: str = "") -> QLabel:
    """A bold line above a list; give it a `&` mnemonic and a buddy to reach the list by Alt+letter."""
    lab = QLabel(text)
    lab.setStyleSheet("font-weight: 600;")
    return lab


def shortcut(owner: QWidget, keys: Keys, slot: Callable[[], Any],
             context: Qt.ShortcutContext = Qt.ShortcutContext.WidgetWithChildrenShortcut) -> QShortcut:
    """A shortcut active while the focus is in `owner` (or as `context` says: `WidgetShortcut` on `owner`
    itself, e.g. Suppr on a list but not in its search field; `WindowShortcut` anywhere in its window)."""
    found = QShortcut(QKeySequence(keys), owner)
    found.setContext(context)
    found.activated.connect(slot)
    return found


def row_shortcuts(view: QTableView, edit: Callable[[], Any], delete: Callable[[], Any]) -> None:
    """Entrée opens the selected record, Suppr deletes it (while the list has the focus); in a
    read-only window Entrée opens the record read-only and Suppr does nothing."""
    for keys, slot in (("Return", edit), ("Enter", edit)):
        shortcut(view, keys, slot, Qt.ShortcutContext.WidgetShortcut)
    writes(shortcut(view, QKeySequence.StandardKey.Delete, delete, Qt.ShortcutContext.WidgetShortcut))


def button(text: str, tip: str, slot: Callable[..., Any], name: str = "", layout: QBoxLayout | None = None, *,
           keys: str | None = None, owner: QWidget | None = None) -> QPushButton:
    """A push button with its tooltip, added to `layout` if given. `keys` (e.g. "Ctrl+Shift+V") become a
    shortcut on `owner` and its children and are said at the end of the tooltip ("Ctrl+Maj+V" in French)."""
    b = QPushButton(text)
    if name:
        b.setObjectName(name)
    if keys:
        assert owner is not None, "a shortcut needs the widget it lives in"
        # The keys do what the button does, and nothing once it is locked (a read-only window).
        shortcut(owner, keys, lambda: None if is_locked(b) else slot())
        tip += f" ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})"
    b.setToolTip(tip)
    # clicked(bool) would hand `checked` to a slot's first optional parameter (a record id): never.
    b.clicked.connect(lambda _checked=False: slot())
    if layout is not None:
        layout.addWidget(b)
    return b


class FigureGrid(QWidget):
    """Label / value pairs in a grid; values are right-aligned and selectable."""

    def __init__(self, columns: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(14)
        self.columns = columns
        self.values: dict[str, QLabel] = {}

    def add(self, key: str, title: str) -> QLabel:
        n = len(self.values)
        row, col = divmod(n, self.columns)
        value = QLabel()
        value.setObjectName(f"figure_{key}")
        value.setTextFormat(Qt.TextFormat.PlainText)
        value.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.grid.addWidget(QLabel(title), row, 2 * col)
        self.grid.addWidget(value, row, 2 * col + 1)
        self.values[key] = value
        return value

    def set(self, key: str, text: str, colour: str | None = None) -> None:
        lab = self.values[key]
        lab.setText(text)
        lab.setStyleSheet(f"color: {colour};" if colour else "")


def fit_to_screen(widget: QWidget, width: int, height: int) -> None:
    """Resize to the preferred size, but never wider or taller than the screen's free room: on a
    1366×768 laptop a 780-pixel dialog hid its Fermer button under the task bar."""
    screen = QWidget.screen(widget.parentWidget() or widget)  # unbound: a page may shadow `screen`
    if screen is not None:
        room = screen.availableGeometry()
        width, height = min(width, room.width() - 40), min(height, room.height() - 60)
    widget.resize(width, height)


class _ResizeWatch(QObject):
    """Calls back when the watched widget is resized. A child of the widget it watches, and holding
    its owner's method weakly: a page that filtered its own list's events was still called while
    being destroyed, its Python side already gone (a crash at random)."""

    def __init__(self, watched: QWidget, callback: Callable[[], Any]):
        super().__init__(watched)
        self._callback = weakref.WeakMethod(callback) if hasattr(callback, "__self__") else lambda: callback
        watched.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            callback = self._callback()
            if callback is not None:
                callback()
        return False


def on_resize(widget: QWidget, callback: Callable[[], Any]) -> None:
    """Run `callback` each time `widget` is resized (a list sharing its width between its columns)."""
    _ResizeWatch(widget, callback)
