"""Conventions page: totals equal the sums to the cent, a commitment added through the form, the
renewal alert, a convention created with its computed end, and the partnership PDF previewed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from alize_desktop.formatting import money
from alize_desktop.services.conventions import conventions as svc
from alize_desktop.ui.conventions.commitment_dialog import CommitmentDialog
from alize_desktop.ui.conventions.dialog import ConventionDialog
from alize_desktop.ui.conventions.page import ConventionsPage
from alize_desktop.ui.widgets.pdf_preview import PdfPreviewDialog


def _page(qtbot, ctx) -> ConventionsPage:  # type: ignore[no-untyped-def]
    page = ConventionsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1150, 700)
    page.show()
    return page


def _when_open(cls, fill) -> None:  # type: ignore[no-untyped-def]
    def act() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(10, act)
        else:
            fill(dialog)

    QTimer.singleShot(0, act)


def _cell(table, row: int, col: int) -> str:  # type: ignore[no-untyped-def]
    return table.item(row, col).text()


def test_totals_equal_the_sums_to_the_cent(qtbot, ctx, demo_data) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    editor = page.partnership.editor
    assert editor.convention.id == "conv-2025"  # the running convention is chosen
    mine = [k for k in demo_data["commitments"] if k["convention_id"] == "conv-2025"]
    kinds = {p["id"]: p["kind"] for p in demo_data["partners"]}
    last = editor.partner_totals.rowCount() - 1
    assert _cell(editor.partner_totals, last, 4) == money(sum(k["amount_cents"] for k in mine))
    for year in (1, 2, 3):
        assert _cell(editor.partner_totals, last, year) == money(sum(k["amount_cents"] for k in mine if k["year"] == year))
    company_row = next(r for r in range(editor.kind_totals.rowCount())
                       if _cell(editor.kind_totals, r, 0) == "Entreprise partenaire")
    assert _cell(editor.kind_totals, company_row, 4) == money(
        sum(k["amount_cents"] for k in mine if kinds[k["partner_id"]] == "company"))
    assert f"sur {money(90_000_000)} de référence" in editor.means_label.text()


def test_add_commitment_through_the_form(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    editor = page.partnership.editor
    before = editor.totals.grand_cents
    errors: list[str] = []

    def fill(d: CommitmentDialog) -> None:
        d.partner.setCurrentIndex(d.partner.findData("p12"))
        d.year.setCurrentIndex(1)
        d.nature.setCurrentIndex(d.nature.findData("skills"))
        qtbot.keyClicks(d.amount, "2 500,55")
        ok = d.buttons.button(QDialogButtonBox.StandardButton.Ok)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)  # no days for a skills pledge: refused
        errors.append(d.errors.text("days"))
        d.days.setValue(4)
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)

    _when_open(CommitmentDialog, fill)
    qtbot.mouseClick(editor.add_button, Qt.MouseButton.LeftButton)
    assert "jours" in errors[0]
    assert editor.totals.grand_cents == before + 250055
    added = [r for r in svc.list_commitments(ctx.engine, "conv-2025") if r.amount_cents == 250055]
    assert [(r.partner_id, r.year, r.nature, r.days) for r in added] == [("p12", 2, "skills", 4)]
    ctx.undo.undo()
    assert svc.commitment_totals(svc.list_commitments(ctx.engine, "conv-2025"), 0).grand_cents == before


def test_renewal_alert_for_a_convention_ending_within_six_months(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    tab = page.partnership
    today = ctx.clock.today()
    assert svc.renewal_alert(svc.list_conventions(ctx.engine), today) is None or tab.alert.isVisible()
    # Set up a running convention that ends in 120 days, the other one long ago.
    from sqlalchemy import update

    from alize_desktop import models as m
    from alize_desktop.rules.schedule import add_months
    from alize_desktop.services.uow import unit_of_work

    end = today + dt.timedelta(days=120)
    with unit_of_work(ctx.engine) as s:
        s.execute(update(m.Convention).where(m.Convention.id == "conv-2022").values(start=dt.date(2000, 1, 1)))
        s.execute(update(m.Convention).where(m.Convention.id == "conv-2025")
                  .values(start=add_months(end + dt.timedelta(days=1), -36)))
    assert next(r for r in svc.list_conventions(ctx.engine) if r.id == "conv-2025").end == end
    tab.reload()
    assert tab.alert.isVisible()
    assert "préparez son renouvellement" in tab.alert.text()


def test_create_convention_with_computed_end(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    seen: list[str] = []

    def fill(d: ConventionDialog) -> None:
        seen.append(d.end.text())  # proposed start: the day after conv-2025 ends
        d.objectives.setPlainText("Troisième cycle & <filière bois>")
        qtbot.mouseClick(d.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    _when_open(ConventionDialog, fill)
    qtbot.mouseClick(page.partnership.new_button, Qt.MouseButton.LeftButton)
    assert seen == ["31 décembre 2030"]
    new = next(r for r in svc.list_conventions(ctx.engine) if r.id == "conv-2028")
    assert new.start == dt.date(2028, 1, 1) and new.end == dt.date(2030, 12, 31)
    assert new.specific_objectives == "Troisième cycle & <filière bois>"
    assert page.partnership.current().id == "conv-2028"


def test_partnership_pdf_opens_in_the_preview(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    qtbot.mouseClick(page.partnership.operator_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.findChildren(PdfPreviewDialog)), timeout=30000)
    dialog = page.findChildren(PdfPreviewDialog)[0]
    assert dialog.pdf_bytes.startswith(b"%PDF")
    assert dialog.suggested_name == "convention-operateur-local-conv-2025.pdf"
    qtbot.waitUntil(lambda: dialog.page_count() > 0)
    dialog.close()


def test_show_record_selects_the_convention(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx)
    page.show_record("conv-2022")
    assert page.partnership.current().id == "conv-2022"
    assert page.tabs.currentWidget() is page.partnership
