"""A list-backed table model for long lists (the fund's ledger holds a quarter of a million entries
on a network-size basin): no per-cell object, no sort/filter proxy calling back into Python for
every comparison.

The model keeps the loaded rows as they came and `order`, the positions of the rows shown, filtered
and sorted in Python (`list.sort` with a key per row, French collation for text, accent-free search).
`data()` formats a cell only when the view asks for it, that is for the rows on screen. The
ordering is a pure function of the rows and an `Ordering` (no Qt), so a page can compute it on the
database worker together with its load, and the GUI thread only swaps two lists.

It is its own "proxy": `set_predicate`, `set_search`, `index`, `rowCount` as RowFilterProxy's, so
that a panel written for `row_table` works unchanged with `lazy_table`.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QTableView

from alize_desktop.ui.widgets.kit_tables import Table, list_view
from alize_desktop.ui.widgets.kit_text import fold, french_key
from alize_desktop.ui.widgets.table_model import ROW_ROLE, SORT_ROLE, Column

Index = QModelIndex | QPersistentModelIndex
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
# The roles this model answers; the view asks a dozen per cell when it paints or measures one.
_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                                    Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole, ROW_ROLE, SORT_ROLE))


@dataclasses.dataclass(frozen=True)
class Ordering:
    """What the operator asked the list to show: sort column and order, filter and search."""

    column: int = -1
    descending: bool = False
    predicate: Callable[[Any], bool] | None = None
    needle: str = ""  # already folded
    haystack: Callable[[Any], str] | None = None


def sort_key(column: Column) -> Callable[[Any], Any]:
    """The key a column sorts by: its raw value (cents, dates, numbers), text in French order;
    empty values last in ascending order."""
    get = column.sort or column.text

    def key(row: Any) -> tuple[int, Any]:
        value = get(row)
        if value is None or value == "":
            return (1, "")
        if isinstance(value, str):
            return (0, french_key(value))
        return (0, value)

    return key


def order_rows(rows: Sequence[Any], columns: Sequence[Column], how: Ordering,
               folded: Sequence[str] | None = None) -> list[int]:
    """Positions in `rows` of the rows shown, in the order shown (pure Python: any thread)."""
    keep = range(len(rows))
    if how.predicate is not None:
        predicate = how.predicate
        keep = [i for i in keep if predicate(rows[i])]  # type: ignore[assignment]
    if how.needle and how.haystack is not None:
        texts = folded if folded is not None else [fold(how.haystack(r)) for r in rows]
        needle = how.needle
        keep = [i for i in keep if needle in texts[i]]  # type: ignore[assignment]
    order = list(keep)
    if 0 <= how.column < len(columns):
        key = sort_key(columns[how.column])
        keys = [key(rows[i]) for i in order]
        positions = sorted(range(len(order)), key=keys.__getitem__, reverse=how.descending)
        order = [order[p] for p in positions]
    return order


class LazyRowModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: Sequence[Any] = []
        self.order: list[int] = []
        self.how = Ordering()
        self._folded: list[str] | None = None  # the rows' search text without accents, made on first search
        # Each cell's French text, made once when first painted or measured (babel formats an amount
        # in a fifth of a millisecond, and column sizing asks for the same cells again and again).
        self._texts: dict[tuple[int, int], str] = {}

    # what is shown ----------------------------------------------------------------------------
    def ordering(self) -> Ordering:
        return self.how

    def set_rows(self, rows: Sequence[Any], order: list[int] | None = None) -> None:
        """Show `rows`; `order` when the caller computed it already (order_rows with `ordering()`,
        on the worker), else computed here."""
        self.beginResetModel()
        self.rows = rows
        self._folded = None
        self._texts = {}
        self.order = order if order is not None else self._order()
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[self.order[row]]

    def shown(self) -> list[Any]:
        rows = self.rows
        return [rows[i] for i in self.order]

    def find(self, predicate: Callable[[Any], bool]) -> int | None:
        """The shown position of the first shown row `predicate` accepts."""
        rows = self.rows
        for pos, i in enumerate(self.order):
            if predicate(rows[i]):
                return pos
        return None

    def _order(self) -> list[int]:
        how = self.how
        if how.needle and how.haystack is not None and self._folded is None:
            self._folded = [fold(how.haystack(r)) for r in self.rows]
        return order_rows(self.rows, self.columns, how, self._folded)

    def _reorder(self, how: Ordering) -> None:
        self.layoutAboutToBeChanged.emit()
        old = self.persistentIndexList()
        kept = [(self.order[i.row()] if 0 <= i.row() < len(self.order) else None, i.column()) for i in old]
        self.how = how
        self.order = self._order()
        where = {source: pos for pos, source in enumerate(self.order)} if old else {}
        self.changePersistentIndexList(
            old, [self.index(where[s], c) if s in where else QModelIndex() for s, c in kept])
        self.layoutChanged.emit()

    # RowFilterProxy's interface ---------------------------------------------------------------
    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._reorder(dataclasses.replace(self.how, predicate=predicate))

    def set_search(self, text: str, haystack: Callable[[Any], str]) -> None:
        if haystack is not self.how.haystack:
            self._folded = None  # another haystack function: fold the rows again when searched
        self._reorder(dataclasses.replace(self.how, needle=fold(text.strip()), haystack=haystack))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._reorder(dataclasses.replace(self.how, column=column,
                                          descending=order == Qt.SortOrder.DescendingOrder))

    # Qt ---------------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _ROLES:
            return None
        r = index.row()
        if not (0 <= r < len(self.order)):
            return None
        source, c = self.order[r], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            text = self._texts.get((source, c))
            if text is None:
                text = self._texts[(source, c)] = self.columns[c].text(self.rows[source])
            return text
        row = self.rows[source]
        col = self.columns[c]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if col.align_right else None
        if role == Qt.ItemDataRole.ForegroundRole and col.colour:
            colour = col.colour(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
            return col.tooltip(row)
        if role == SORT_ROLE:
            return sort_key(col)(row)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].title
        return None


class LazyTable(Table):
    """A `Table` whose model is a LazyRowModel (`proxy` is the same object)."""

    model: LazyRowModel

    def set_rows(self, rows: Sequence[Any], order: list[int] | None = None) -> None:  # type: ignore[override]
        self.model.set_rows(rows, order)

    def select(self, predicate: Callable[[Any], bool]) -> bool:
        from PySide6.QtCore import QItemSelectionModel

        pos = self.model.find(predicate)
        if pos is None:
            return False
        index = self.model.index(pos, 0)
        self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                          | QItemSelectionModel.SelectionFlag.Rows)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True


def lazy_table(columns: Sequence[Column], name: str, *, parent: Any = None, **view: Any) -> LazyTable:
    """`row_table`'s long-list twin: a `list_view` straight over a LazyRowModel of `columns`."""
    model = LazyRowModel(columns, parent)
    table_view: QTableView = list_view(model, name, **view)
    # Sizing a column to its contents reads at most a screenful of rows, not a quarter of a million.
    table_view.verticalHeader().setResizeContentsPrecision(25)
    table_view.horizontalHeader().setResizeContentsPrecision(25)
    return LazyTable(table_view, model, model)  # type: ignore[arg-type]
