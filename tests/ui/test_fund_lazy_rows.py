"""Fonds › Mouvements and Avances on the list-backed model: rows served on demand from the loaded
result (no per-cell object, no proxy), French text in the cells, sort and filter kept, one
« Auj. » button, and the filter and sort computed with the load off the GUI thread."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QToolButton

from alize_desktop.formatting import date_short, integer, money
from alize_desktop.ui.fund.page import FundPage
from alize_desktop.ui.widgets.forms import set_date
from alize_desktop.ui.widgets.kit_text import french_key
from alize_desktop.ui.widgets.row_model import LazyRowModel, Ordering, order_rows
from alize_desktop.ui.widgets.table_model import ROW_ROLE

D = dt.date(2026, 11, 26)


@pytest.fixture
def page(qtbot, ctx, settle):  # type: ignore[no-untyped-def]
    widget = FundPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    set_date(widget.as_of, D)
    widget.show()
    settle(widget)
    widget.tabs.setCurrentWidget(widget.movements)
    return widget


def test_the_ledger_shows_every_movement_newest_first_in_french(page) -> None:  # type: ignore[no-untyped-def]
    table = page.movements.table
    assert isinstance(table.view.model(), LazyRowModel)  # straight over the rows: no proxy in between
    movements = page.view.movements
    assert table.model.rowCount() == len(movements) > 100
    first = table.model.index(0, 0).data(ROW_ROLE)
    assert first.date == max(m.date for m in movements)  # the latest entries first
    assert table.model.index(0, 0).data() == date_short(first.date)
    assert table.model.index(0, 5).data() == money(first.amount_cents)  # « 1 234,56 € », made when asked
    assert page.movements.footer.text().startswith(f"{integer(len(movements))} écritures affichées")


def test_sorting_by_a_column_follows_french_order(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = page.movements.table.view
    qtbot.mouseClick(view.horizontalHeader().viewport(), Qt.MouseButton.LeftButton,
                     pos=_centre(view, 3))  # a click on « Contrepartie »
    model = page.movements.table.model
    names = [model.index(i, 3).data() for i in range(model.rowCount())]
    keyed = [french_key(n) for n in names if n]
    assert keyed == sorted(keyed) or keyed == sorted(keyed, reverse=True)
    amounts = page.movements.table.model
    amounts.sort(5, Qt.SortOrder.AscendingOrder)
    cents = [amounts.index(i, 0).data(ROW_ROLE).amount_cents for i in range(amounts.rowCount())]
    assert cents == sorted(cents)  # amounts sort as amounts, not as text


def _centre(view, column: int):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint

    header = view.horizontalHeader()
    return QPoint(header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2)


def test_the_search_ignores_accents_and_the_filters_combine(page, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = page.movements
    someone = next(m for m in page.view.movements if any(c in m.counterpart for c in "éèÉô"))
    typed = someone.counterpart.upper().replace("É", "E").replace("È", "E").replace("Ô", "O").replace("é", "e")
    qtbot.keyClicks(panel.search, typed.split()[0])
    model = panel.table.model
    shown = [model.index(i, 0).data(ROW_ROLE) for i in range(model.rowCount())]
    assert someone in shown and len(shown) < len(page.view.movements)
    panel.account.setCurrentIndex(panel.account.findData("operating"))
    shown = [model.index(i, 0).data(ROW_ROLE) for i in range(model.rowCount())]
    assert all(r.account == "operating" for r in shown)
    panel.search.clear()
    panel.account.setCurrentIndex(0)
    assert model.rowCount() == len(page.view.movements)


def test_a_reload_keeps_the_filter_computed_with_the_load(page, settle) -> None:  # type: ignore[no-untyped-def]
    panel = page.movements
    panel.kind.setCurrentIndex(panel.kind.findData("expense"))
    expected = order_rows(page.view.movements, panel.table.model.columns, panel.table.model.ordering())
    page.reload()
    settle(page)
    assert panel.table.model.order == expected  # the worker ordered the new rows as the list shows them
    assert {panel.table.model.index(i, 0).data(ROW_ROLE).kind for i in range(panel.table.model.rowCount())} == {"expense"}


def test_the_page_offers_one_way_back_to_today(page) -> None:  # type: ignore[no-untyped-def]
    texts = [b.text() for b in page.findChildren(QPushButton) + page.findChildren(QToolButton) if b.isVisible()]
    assert "Auj." in texts and "Aujourd'hui" not in texts


def test_order_rows_is_plain_python_with_empty_values_last() -> None:
    from alize_desktop.ui.widgets.table_model import Column

    rows = ["Zoé", "", "école", "Etienne", "Ecole"]
    cols = [Column("Nom", lambda r: r)]
    order = order_rows(rows, cols, Ordering(column=0))
    assert [rows[i] for i in order] == ["Ecole", "école", "Etienne", "Zoé", ""]
    assert order_rows(rows, cols, Ordering(needle="ecole", haystack=lambda r: r)) == [2, 4]
