"""French text: search ignores accents and case on every list, lists sort the French way, and "&"
in a name is shown in menu entries instead of underlining the next letter."""

from __future__ import annotations

from PySide6.QtCore import Qt

from alize_desktop.ui.projects.page import ProjectsPage
from alize_desktop.ui.widgets.kit_text import fold, french_key, matches, mnemonic_safe, phone
from alize_desktop.ui.widgets.table_model import SORT_ROLE, Column, RowFilterProxy, RowTableModel


def test_fold_and_order() -> None:
    assert fold("Tôlerie de l'Œuvre") == "tolerie de l'oeuvre"
    assert matches("TOLERIE", "Tôlerie Vosgienne") and matches("ecole", "École Saint-Dié")
    names = ["Transports Martin", "Zinc & Co", "École des métiers", "Tôlerie Vosgienne", "Ecole Jules", "atelier"]
    assert sorted(names, key=french_key) == ["atelier", "École des métiers", "Ecole Jules", "Tôlerie Vosgienne",
                                             "Transports Martin", "Zinc & Co"]
    assert mnemonic_safe("Dupont & Fils") == "Dupont && Fils"


def test_a_list_sorts_and_searches_the_french_way(qtbot) -> None:  # type: ignore[no-untyped-def]
    rows = [type("R", (), {"name": n})() for n in ("Transports", "Tôlerie", "Zèbre", "École", "Ecole")]
    model = RowTableModel([Column("Nom", lambda r: r.name)])
    model.set_rows(rows)
    proxy = RowFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    shown = [proxy.index(i, 0).data() for i in range(proxy.rowCount())]
    assert shown.index("Tôlerie") < shown.index("Transports") < shown.index("Zèbre")
    assert abs(shown.index("École") - shown.index("Ecole")) == 1
    assert isinstance(proxy.index(0, 0).data(SORT_ROLE), str)
    proxy.set_search("TOLERIE", lambda r: r.name)
    assert proxy.rowCount() == 1


def test_projects_and_companies_find_tolerie_without_its_accent(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = ProjectsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    settle(page)  # the list is read on the database worker
    rows = [page.model.rows[i] for i in range(len(page.model.rows))]
    accented = next(r for r in rows if fold(r.company_name) != r.company_name.casefold())
    needle = fold(accented.company_name.split()[0]).upper()
    qtbot.keyClicks(page.search, needle)
    shown = {page.proxy.index(i, 0).data(Qt.ItemDataRole.DisplayRole) for i in range(page.proxy.rowCount())}
    assert accented.id in shown, (needle, shown)
    page.tabs.setCurrentWidget(page.companies)
    settle(page)  # the companies are read on the database worker when their tab shows
    qtbot.keyClicks(page.companies.search, needle)
    assert page.companies.proxy.rowCount() >= 1


def test_phone_numbers_are_shown_in_groups_of_two() -> None:
    assert phone("0329001234") == "03 29 00 12 34"
    assert phone("03.29.00.12.34") == "03 29 00 12 34"
    assert phone("+33329001234") == "+33 3 29 00 12 34"
    assert phone("poste 12") == "poste 12" and phone(None) == ""


def test_combo_boxes_list_names_in_french_order(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.projects.dialog import ProjectDialog

    dialog = ProjectDialog(ctx)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.ready, timeout=30_000)  # its choices are read on the database worker
    names = [dialog.company.itemText(i) for i in range(dialog.company.count())]
    assert len(names) > 5 and names == sorted(names, key=french_key)
    people = [dialog.prescriber.itemText(i) for i in range(1, dialog.prescriber.count())]
    assert people == sorted(people, key=french_key)
