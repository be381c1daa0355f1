"""The shared list model passes Qt's model tester, sorts on raw values and filters on French text."""

from __future__ import annotations

import dataclasses
import datetime as dt

from alize_desktop.formatting import date_short, money
from alize_desktop.ui.widgets.table_model import SORT_ROLE, Column, RowFilterProxy, RowTableModel


@dataclasses.dataclass(frozen=True)
class Row:
    name: str
    day: dt.date
    cents: int


ROWS = [Row("Dupont & Fils <SARL>", dt.date(2026, 1, 31), 1_250_000), Row("Ateliers Ørsted", dt.date(2025, 12, 1), 99),
        Row("Élan", dt.date(2026, 11, 26), 100_000_000)]
COLUMNS = [Column("Nom", lambda r: r.name), Column("Date", lambda r: date_short(r.day), lambda r: r.day),
           Column("Montant", lambda r: money(r.cents), lambda r: r.cents, align_right=True)]


def test_model_passes_the_qt_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    qtmodeltester.check(model)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)


def test_sorting_uses_raw_values_and_search_the_french_text() -> None:
    model = RowTableModel(COLUMNS)
    model.set_rows(ROWS)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(2)  # amounts: 0,99 € < 12 500,00 € < 1 000 000,00 € (text order would differ)
    assert [proxy.index(i, 0).data() for i in range(3)] == ["Ateliers Ørsted", "Dupont & Fils <SARL>", "Élan"]
    proxy.sort(1)
    assert [proxy.index(i, 1).data(SORT_ROLE) for i in range(3)] == ["2025-12-01", "2026-01-31", "2026-11-26"]
    proxy.set_search("<sarl>", lambda r: r.name)
    assert proxy.rowCount() == 1 and proxy.index(0, 2).data() == money(1_250_000)
