"""Read-only lists as the screens show them: whole-row selection, no editing in place, one compact line
per row (long texts are elided and shown whole in their tooltip), columns sized to their contents but
the stretched ones, the row/model/proxy trio, finding and selecting a record, and the usual columns."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QTableWidgetItem

from alize_desktop.formatting import date_short, money
from alize_desktop.ui.widgets.kit_widgets import WARN
from alize_desktop.ui.widgets.table_model import ROW_ROLE, Column, RowFilterProxy, RowTableModel

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Stretch = int | Sequence[int]
UNSORTED = (-1, Qt.SortOrder.AscendingOrder)  # `sort` keeping the order of the rows as given


def make_read_only(view: QTableView, *, single: bool = True, alternating: bool = True,
                   record_list: bool = False) -> None:
    """Whole rows selected (one at a time unless `single` is False), nothing edited in place,
    no row numbers, one line per row.

    A `record_list` (the lists of partners, conventions, projects… that open a record) lets Tab leave
    the table, since moving from cell to cell means nothing there, and gives rows 2 px more room.
    """
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    if record_list:
        view.setTabKeyNavigation(False)
    view.setAlternatingRowColors(alternating)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + (10 if record_list else 8))


def stretch_columns(view: QTableView, stretch: Stretch = (), rest: QHeaderView.ResizeMode
                    = QHeaderView.ResizeMode.ResizeToContents) -> None:
    """Columns sized by `rest`; the `stretch` ones share the width the others leave. With contents
    sizing, every column can be dragged and keeps its width per list (kit_columns.ColumnFitter)."""
    if rest == QHeaderView.ResizeMode.ResizeToContents and view.model() is not None:
        from alize_desktop.ui.widgets.kit_columns import ColumnFitter

        view._column_fitter = ColumnFitter(view, [stretch] if isinstance(stretch, int) else stretch)  # type: ignore[attr-defined]
        return
    header = view.horizontalHeader()
    header.setSectionResizeMode(rest)
    for col in [stretch] if isinstance(stretch, int) else stretch:
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)


def list_view(model: QAbstractItemModel, name: str = "", *, sortable: bool = True, alternating: bool = True,
              record_list: bool = False, stretch: Stretch | None = None, stretch_all: bool = False,
              sort: tuple[int, Qt.SortOrder] | None = None) -> QTableView:
    """A read-only table over `model`, sortable by clicking a header unless `sortable` is False.

    With `stretch` (or `stretch_all`), columns fit their contents but the `stretch` ones (every one),
    which share the width left. `sort` is the (column, order) shown first; column -1 keeps the
    model's order.
    """
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSortingEnabled(sortable)
    make_read_only(view, alternating=alternating, record_list=record_list)
    if stretch is not None or stretch_all:
        stretch_columns(view, tuple(range(model.columnCount())) if stretch_all else () if stretch is None else stretch,
                        QHeaderView.ResizeMode.ResizeToContents)
    if sort is not None:
        view.sortByColumn(*sort)
    return view


def current_row(view: QTableView) -> Any | None:
    """The row dataclass selected in a RowTableModel-based view, or None.

    A click makes the row current (currentRowChanged) *before* it selects it: a panel refreshed on
    currentRowChanged that read the selection would describe the previous row. So the current row
    wins while any row is selected; with nothing selected, there is no row."""
    selection = view.selectionModel()
    if selection is None or not selection.hasSelection():
        return None
    current = selection.currentIndex()
    if current.isValid():
        return current.siblingAtColumn(0).data(ROW_ROLE)
    rows = selection.selectedRows()
    return rows[0].data(ROW_ROLE) if rows else None


def on_row_changed(view: QTableView, slot: Callable[[], Any]) -> None:
    """Call `slot` as soon as the row the operator points at changes: a click, the arrows, or the
    selection cleared (panels and buttons must never describe the previous row)."""
    selection = view.selectionModel()
    selection.currentRowChanged.connect(lambda *_: slot())
    selection.selectionChanged.connect(lambda *_: slot())


def select_row(view: QTableView, predicate: Callable[[Any], bool]) -> bool:
    """Select, make current and show the first row shown that `predicate` accepts; False when none."""
    model = view.model()
    for i in range(model.rowCount()):
        index = model.index(i, 0)
        if predicate(index.data(ROW_ROLE)):
            # Current and selected in one step, as a click does: a handler of the selection's signal
            # that reads the current row then sees this one, not the row that was current before.
            view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                                  | QItemSelectionModel.SelectionFlag.Rows)
            view.scrollTo(index)
            return True
    return False


def select_record(view: QTableView, record_id: str) -> bool:
    """`select_row` on the record whose id is `record_id`."""
    return select_row(view, lambda r: r.id == record_id)


@dataclasses.dataclass
class Table:
    view: QTableView
    model: RowTableModel
    proxy: RowFilterProxy

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.model.set_rows(rows)

    def current(self) -> Any | None:
        return current_row(self.view)

    def select(self, predicate: Callable[[Any], bool]) -> bool:
        return select_row(self.view, predicate)


def row_table(columns: Sequence[Column], name: str, *, parent: QObject | None = None, **view: Any) -> Table:
    """A read-only, single-row-selection table over frozen rows (a `list_view` over a RowFilterProxy
    over a RowTableModel of `columns`); `view` are `list_view`'s options."""
    model = RowTableModel(columns, parent)
    proxy = RowFilterProxy(parent)
    proxy.setSourceModel(model)
    return Table(list_view(proxy, name, **view), model, proxy)


def cell(text: str, right: bool = False, tooltip: str | None = None) -> QTableWidgetItem:
    """A cell of a QTableWidget; figures are right-aligned."""
    item = QTableWidgetItem(text)
    if right:
        item.setTextAlignment(RIGHT)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def money_col(title: str, get: Callable[[Any], int], warn_if_positive: bool = False) -> Column:
    """Amounts in euros, right-aligned, sorted as cents (red when positive with `warn_if_positive`)."""
    colour = (lambda r: WARN if get(r) > 0 else None) if warn_if_positive else None
    return Column(title, lambda r: money(get(r)), get, align_right=True, colour=colour)


def date_col(title: str, get: Callable[[Any], Any]) -> Column:
    """A short French date, sorted as a date."""
    return Column(title, lambda r: date_short(get(r)), get)
