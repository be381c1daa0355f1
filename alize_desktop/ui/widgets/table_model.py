"""A read-only table model over frozen row dataclasses, and a proxy that filters and sorts.

Display role gives the French text; SORT_ROLE gives the raw value so that amounts, dates and
numbers sort as such. Rows are replaced wholesale on refresh (cheap: plain dataclasses).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QBrush, QColor

from alize_desktop.ui.widgets.kit_text import fold, french_key

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2

Index = QModelIndex | QPersistentModelIndex


@dataclasses.dataclass(frozen=True)
class Column:
    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    align_right: bool = False
    colour: Callable[[Any], str | None] | None = None  # a CSS-like colour name for warnings
    tooltip: Callable[[Any], str | None] | None = None


def fold_title(title: str) -> str:
    """A title on two lines, cut at the space nearest its middle ("Emplois\\nmaintenus")."""
    spaces = [i for i, ch in enumerate(title) if ch == " "]
    if not spaces or "\n" in title:
        return title
    cut = min(spaces, key=lambda i: abs(i - len(title) / 2))
    return title[:cut] + "\n" + title[cut + 1:]


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent: Any = None):
        super().__init__(parent)
        self.columns = list(columns)
        self.rows: list[Any] = []
        self.folded: set[int] = set()  # columns whose title shows on two lines (a narrow list)
        # Each cell's French text, made once per set of rows: painting, sizing columns and sorting ask
        # for it again and again, and an amount goes through babel each time.
        self._texts: dict[tuple[int, int], str] = {}
        self._sort_keys: dict[tuple[int, int], Any] = {}  # the same for the French sort keys

    def set_folded_titles(self, columns: set[int]) -> None:
        if columns != self.folded:
            self.folded = set(columns)
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(len(self.columns) - 1, 0))

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self._texts, self._sort_keys = {}, {}
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self.rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row = self.rows[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.row(), index.column())
        if role == SORT_ROLE:
            key = (index.row(), index.column())
            if key not in self._sort_keys:
                value = col.sort(row) if col.sort else self._text(*key)
                # French order: "École" beside "Ecole", "Tôlerie" before "Transports".
                self._sort_keys[key] = "\x00".join(french_key(value)) if isinstance(value, str) else _sortable(value)
            return self._sort_keys[key]
        if role == ROW_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col.colour:
            colour = col.colour(row)
            return QBrush(QColor(colour)) if colour else None
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip:
            return col.tooltip(row)
        return None

    def text_at(self, row: int, column: int) -> str:
        """The French text of a cell (what the display role shows)."""
        return self._text(row, column)

    def _text(self, row: int, column: int) -> str:
        key = (row, column)
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = self.columns[column].text(self.rows[row])
        return text

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self.columns):
            return None
        title = self.columns[section].title
        if role == Qt.ItemDataRole.DisplayRole:
            return fold_title(title) if section in self.folded else title
        if role == Qt.ItemDataRole.ToolTipRole:
            return title  # whole, when a narrow list cuts it
        return None


def _sortable(value: Any) -> Any:
    # QVariant cannot carry dates from Python as comparable values portably: use ISO text.
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if value is None:
        return ""
    return value


class RowFilterProxy(QSortFilterProxyModel):
    """Sorts by SORT_ROLE; filters rows with a predicate and a free-text search (case-insensitive)."""

    def __init__(self, parent: Any = None):
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._predicate: Callable[[Any], bool] | None = None
        self._needle = ""
        self._haystack: Callable[[Any], str] | None = None

    def set_predicate(self, predicate: Callable[[Any], bool] | None) -> None:
        self._predicate = predicate
        self.invalidateFilter()

    def set_search(self, text: str, haystack: Callable[[Any], str]) -> None:
        self._needle = fold(text.strip())
        self._haystack = haystack
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:  # noqa: N802 - Qt API
        model = self.sourceModel()
        row = model.row_at(source_row)  # type: ignore[attr-defined]
        if self._predicate is not None and not self._predicate(row):
            return False
        if self._needle and self._haystack is not None:
            return self._needle in fold(self._haystack(row))
        return True
