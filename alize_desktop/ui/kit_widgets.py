"""Small widgets every screen builds the same way: a red error line, a label showing user text
literally, a section title, and a button whose shortcut is also said in its tooltip."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from alize_desktop.ui.forms import ERROR_STYLE


def error_label(name: str, hidden: bool = True) -> QLabel:
    """A red, wrapped message line (hidden until there is something to say)."""
    lab = QLabel()
    lab.setObjectName(name)
    lab.setStyleSheet(ERROR_STYLE)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.PlainText)  # messages quote names typed by the user
    if hidden:
        lab.hide()
    return lab


def plain_label(text: str = "", selectable: bool = False) -> QLabel:
    """A wrapped label that shows user text literally (a QLabel would render `<SARL>` as HTML)."""
    lab = QLabel(text)
    lab.setTextFormat(Qt.TextFormat.PlainText)
    lab.setWordWrap(True)
    if selectable:
        lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return lab


def section_title(text: str = "") -> QLabel:
    """A bold line above a list; give it a `&` mnemonic and a buddy to reach the list by Alt+letter."""
    lab = QLabel(text)
    lab.setStyleSheet("font-weight: 600;")
    return lab


def action_button(layout: QBoxLayout, text: str, slot: Callable[[], Any], tip: str, keys: str | None = None,
                  owner: QWidget | None = None) -> QPushButton:
    """A push button added to `layout`; `keys` (e.g. "Ctrl+Shift+V") become a shortcut on `owner` and its
    children and are said at the end of the tooltip."""
    button = QPushButton(text)
    button.clicked.connect(slot)
    if keys:
        assert owner is not None, "a shortcut needs the widget it lives in"
        QShortcut(QKeySequence(keys), owner, slot, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        tip += f" ({QKeySequence(keys).toString(QKeySequence.SequenceFormat.NativeText)})"
    button.setToolTip(tip)
    layout.addWidget(button)
    return button


def confirmed(parent: QWidget, title: str, question: str) -> bool:
    """Ask a yes/no question (Qt's buttons read « Oui » / « Non » through qtbase_fr)."""
    return QMessageBox.question(parent, title, question) == QMessageBox.StandardButton.Yes
