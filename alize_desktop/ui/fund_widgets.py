"""Small building blocks of the Fonds page: sortable tables, money columns, figure grids."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHeaderView, QLabel, QWidget

from alize_desktop.formatting import date_short, money
from alize_desktop.ui.kit_tables import Table, row_table, stretch_columns
from alize_desktop.ui.table_model import Column

WARN = "#b00020"
GOOD = "#1b6e20"

__all__ = ["GOOD", "WARN", "FigureGrid", "Table", "date_col", "money_col", "table"]


def money_col(title: str, get: Callable[[Any], int], warn_if_positive: bool = False) -> Column:
    colour = (lambda r: WARN if get(r) > 0 else None) if warn_if_positive else None
    return Column(title, lambda r: money(get(r)), get, align_right=True, colour=colour)


def date_col(title: str, get: Callable[[Any], Any]) -> Column:
    return Column(title, lambda r: date_short(get(r)), get)


def table(columns: Sequence[Column], name: str, stretch: int | Sequence[int] | None = None,
          stretch_all: bool = False) -> Table:
    """A read-only, sortable, single-row-selection table over frozen rows.

    `stretch` columns share the width the others leave (long texts are elided);
    `stretch_all` spreads every column over the width.
    """
    t = row_table(columns, name)
    stretch_columns(t.view, () if stretch is None else stretch,
                    QHeaderView.ResizeMode.Stretch if stretch_all else QHeaderView.ResizeMode.ResizeToContents)
    t.view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    return t


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
