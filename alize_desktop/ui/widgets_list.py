"""What the list screens share: the read-only sortable table, finding and selecting a record in it,
buttons with their tooltip, keyboard shortcuts, and the orange warning banner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QWidget,
)

from alize_desktop.ui.table_model import ROW_ROLE, RowFilterProxy, RowTableModel
from alize_desktop.ui.widgets_form import error_label

WARNING_STYLE = "background: #fff4e5; color: #8a4b00; border: 1px solid #f0b46b; padding: 6px;"


def list_view(model: QAbstractItemModel, name: str = "") -> QTableView:
    """A read-only, sortable table with one row selected at a time and one line per record.

    Tab leaves the table (the selection is a whole row: moving from cell to cell means nothing).
    """
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    view.setWordWrap(False)  # long texts are elided; the tooltip or the form shows them whole
    return view


def make_table(model: RowTableModel, proxy: RowFilterProxy, name: str, stretch: int = 0) -> QTableView:
    """`list_view` over `proxy(model)`, sorted on the first column; columns fit their contents
    but `stretch`, which takes the width left."""
    proxy.setSourceModel(model)
    view = list_view(proxy, name)
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    return view


def current_row(view: QTableView) -> Any | None:
    """The row dataclass selected in a RowTableModel-based view, or None."""
    rows = view.selectionModel().selectedRows()
    return rows[0].data(ROW_ROLE) if rows else None


def select_record(view: QTableView, record_id: str) -> bool:
    """Select, make current and show the row whose record has `record_id`; False when not shown."""
    model = view.model()
    for i in range(model.rowCount()):
        index = model.index(i, 0)
        if index.data(ROW_ROLE).id == record_id:
            view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                         | QItemSelectionModel.SelectionFlag.Rows)
            view.setCurrentIndex(index)
            view.scrollTo(index)
            return True
    return False


def button(text: str, tip: str, slot: Callable[..., Any], name: str = "",
           layout: QBoxLayout | None = None) -> QPushButton:
    b = QPushButton(text)
    if name:
        b.setObjectName(name)
    b.setToolTip(tip)
    b.clicked.connect(slot)
    if layout is not None:
        layout.addWidget(b)
    return b


def shortcut(owner: QWidget, keys: str | QKeySequence | QKeySequence.StandardKey, slot: Callable[[], Any],
             widget_only: bool = False) -> QShortcut:
    """A shortcut active while the focus is in `owner` (or on `owner` itself with `widget_only`)."""
    context = Qt.ShortcutContext.WidgetShortcut if widget_only else Qt.ShortcutContext.WidgetWithChildrenShortcut
    found = QShortcut(QKeySequence(keys), owner)
    found.setContext(context)
    found.activated.connect(slot)
    return found


def row_shortcuts(view: QTableView, edit: Callable[[], Any], delete: Callable[[], Any]) -> None:
    """Entrée opens the selected record, Suppr deletes it (while the list has the focus)."""
    for keys, slot in (("Return", edit), ("Enter", edit), (QKeySequence.StandardKey.Delete, delete)):
        shortcut(view, keys, slot, widget_only=True)


def banner(name: str) -> QLabel:
    """The orange warning strip above a list (hidden until it has something to say)."""
    return error_label(name, WARNING_STYLE)
