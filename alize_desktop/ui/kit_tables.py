"""Read-only lists as the pages show them: whole-row selection, no editing in place, one compact line
per row (long texts are elided and shown whole in their tooltip), and the row/model/proxy trio."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidgetItem

from alize_desktop.ui.table_model import ROW_ROLE, Column, RowFilterProxy, RowTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def make_read_only(view: QTableView, *, single: bool = True, alternating: bool = True) -> None:
    """Whole rows selected (one at a time unless `single` is False), nothing edited in place,
    no row numbers, one line per row."""
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(alternating)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 8)


def stretch_columns(view: QTableView, stretch: int | Sequence[int] = (), rest: QHeaderView.ResizeMode
                    = QHeaderView.ResizeMode.ResizeToContents) -> None:
    """Columns sized by `rest`; the `stretch` ones share the width the others leave."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(rest)
    for col in [stretch] if isinstance(stretch, int) else stretch:
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)


def cell(text: str, right: bool = False, tooltip: str | None = None) -> QTableWidgetItem:
    """A cell of a QTableWidget; figures are right-aligned."""
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(RIGHT)
    if tooltip:
        item.setToolTip(tooltip)
    return item


@dataclasses.dataclass
class Table:
    view: QTableView
    model: RowTableModel
    proxy: RowFilterProxy

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)

    def current(self) -> Any | None:
        index = self.view.currentIndex()
        return index.data(ROW_ROLE) if index.isValid() else None

    def select(self, predicate: Callable[[Any], bool]) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if predicate(index.data(ROW_ROLE)):
                self.view.setCurrentIndex(index)
                self.view.scrollTo(index)
                return True
        return False


def row_table(columns: Sequence[Column], name: str, *, sortable: bool = True, alternating: bool = True,
              parent: QObject | None = None) -> Table:
    """A read-only, single-row-selection table over frozen rows, sortable by clicking a header."""
    model = RowTableModel(columns, parent)
    proxy = RowFilterProxy(parent)
    proxy.setSourceModel(model)
    view = QTableView()
    view.setObjectName(name)
    view.setModel(proxy)
    view.setSortingEnabled(sortable)
    make_read_only(view, alternating=alternating)
    return Table(view, model, proxy)
