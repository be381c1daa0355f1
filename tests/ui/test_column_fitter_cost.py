"""Sizing columns costs a pass over every row: it is done once per change of the rows, and not at
all for a list on a tab nobody looks at (it is measured when it shows)."""

from __future__ import annotations

from PySide6.QtCore import Qt
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
    fitter = table.view._column_fitter
    original = fitter.measure_cells
    fitter.measure_cells = lambda column: (measured.append(column), original(column))[1]
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


def test_a_long_lists_column_is_measured_as_qt_does_without_asking_every_row(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Qt's sizeHintForColumn asks the model six roles for each of 1 000 rows (130 ms of frozen
    window on the Conventions page); the fitter measures each distinct text once and asks Qt for
    the widest row only, with the same width."""
    from alize_desktop.ui.widgets.table_model import RowTableModel

    table = row_table([Column("Partenaire", lambda r: r[0]), Column("Jours", lambda r: r[1], align_right=True)],
                      "", stretch=(0,))
    qtbot.addWidget(table.view)
    table.view.resize(900, 400)
    table.view.show()
    rows = [(f"Entreprise {i}", str(i)) for i in range(2000)]
    rows[1500] = ("Caisse des dépôts et consignations, direction régionale Grand Est", "1500")
    table.model.set_rows(rows)
    table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # the long name first, its source row in the middle
    calls: list[int] = []
    original = RowTableModel.data

    def counted(self, index, role=Qt.ItemDataRole.DisplayRole):  # type: ignore[no-untyped-def]
        calls.append(role)
        return original(self, index, role)

    fitter = table.view._column_fitter
    RowTableModel.data = counted  # type: ignore[method-assign]
    try:
        fast = [fitter.measure_cells(c) for c in (0, 1)]
        asked = len(calls)
    finally:
        RowTableModel.data = original  # type: ignore[method-assign]
    assert fast == [table.view.sizeHintForColumn(c) for c in (0, 1)]
    assert fast[0] >= table.view.fontMetrics().horizontalAdvance(rows[1500][0])
    assert asked < 40  # Qt's own measure: about 6 000 per column
