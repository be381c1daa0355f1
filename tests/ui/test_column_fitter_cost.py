"""Sizing columns costs a pass over every row: it is done once per change of the rows, and not at
all for a list on a tab nobody looks at (it is measured when it shows)."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

from alize_desktop.ui.widgets.kit_tables import row_table
from alize_desktop.ui.widgets.table_model import Column

ROWS = [("Aciéries de la Sorne et Chaudronnerie du Haut-Val", "12"), ("Banque de la Vallée", "3")]


def _table_on_second_tab(qtbot):  # type: ignore[no-untyped-def]
    table = row_table([Column("Partenaire", lambda r: r[0]), Column("Jours", lambda r: r[1], align_right=True)],
                      "", stretch=(0,))
    tabs = QTabWidget()
    tabs.addTab(QWidget(), "Premier")
    tabs.addTab(table.view, "Second")
    qtbot.addWidget(tabs)
    tabs.resize(900, 400)
    tabs.show()
    qtbot.waitExposed(tabs)
    measured: list[int] = []
    original = table.view.sizeHintForColumn
    table.view.sizeHintForColumn = lambda column: (measured.append(column), original(column))[1]  # type: ignore[method-assign]
    return tabs, table, measured


def test_a_list_on_a_hidden_tab_is_measured_when_it_shows(qtbot) -> None:  # type: ignore[no-untyped-def]
    tabs, table, measured = _table_on_second_tab(qtbot)
    table.model.set_rows(ROWS)
    for _ in range(3):
        QApplication.processEvents()
    assert measured == []  # behind the first tab: nothing measured
    tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: bool(measured))
    name = table.view.fontMetrics().horizontalAdvance(ROWS[0][0])
    assert table.view.columnWidth(0) >= name  # the long name whole once shown


def test_resizing_a_shown_list_measures_nothing_again(qtbot) -> None:  # type: ignore[no-untyped-def]
    tabs, table, measured = _table_on_second_tab(qtbot)
    tabs.setCurrentIndex(1)
    table.model.set_rows(ROWS)
    qtbot.waitUntil(lambda: len(measured) >= 2)
    qtbot.wait(100)  # the fit the new rows asked for has run
    before = len(measured)
    for width in (700, 800, 950, 1000):
        tabs.resize(width, 400)
        QApplication.processEvents()
    assert len(measured) == before  # the rows did not change: their widths are known
    table.model.set_rows([*ROWS, ("Caisse des dépôts, direction régionale Grand Est", "7")])
    qtbot.waitUntil(lambda: len(measured) > before)  # new rows: measured again
