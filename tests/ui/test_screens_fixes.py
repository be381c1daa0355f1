"""What reading the screenshots at 1366 × 768 led to fix: an empty panel says why."""

from __future__ import annotations


def test_the_people_box_says_why_it_is_empty(ctx, qtbot) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.partners.page import PartnersPage

    page = PartnersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() > 0, timeout=30_000)
    page.table.clearSelection()
    assert page.people_box.title() == "Représentants — choisir un partenaire dans la liste"
    page.select_partner("p1")
    assert page.people_box.title().startswith("Représentants de « ")
