"""Conventions page: totals equal the sums to the cent, a commitment added through the form, the
renewal alert, a convention created with its computed end, and the partnership PDF previewed."""

from __future__ import annotations

import datetime as dt
import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from sqlalchemy.orm import Session

from alize_desktop.formatting import money
from alize_desktop.services.conventions import conventions as svc
from alize_desktop.ui.conventions.commitment_dialog import CommitmentDialog
from alize_desktop.ui.conventions.dialog import ConventionDialog
from alize_desktop.ui.conventions.page import ConventionsPage
from alize_desktop.ui.widgets.pdf_preview import PdfPreviewDialog
from alize_desktop.ui.widgets.table_model import ROW_ROLE
from tests.ui.worker_checks import Statements, record_threads


def _page(qtbot, ctx, settle) -> ConventionsPage:  # type: ignore[no-untyped-def]
    page = ConventionsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1150, 700)
    page.show()
    settle(page)
    return page


def _when_open(cls, fill) -> None:  # type: ignore[no-untyped-def]
    def act() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()), None)
        if dialog is None or getattr(dialog, "loading", False):  # its choices come from the worker
            QTimer.singleShot(10, act)
        else:
            fill(dialog)

    QTimer.singleShot(0, act)


def _cell(table, row: int, col: int) -> str:  # type: ignore[no-untyped-def]
    return table.item(row, col).text()


def test_totals_equal_the_sums_to_the_cent(qtbot, ctx, demo_data, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
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


def test_add_commitment_through_the_form(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
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
    settle(page)  # the page reloads through the bus
    assert editor.totals.grand_cents == before + 250055
    added = [r for r in svc.list_commitments(ctx.engine, "conv-2025") if r.amount_cents == 250055]
    assert [(r.partner_id, r.year, r.nature, r.days) for r in added] == [("p12", 2, "skills", 4)]
    assert editor.current().id == added[0].id  # the new commitment is the one selected
    ctx.undo.undo()
    assert svc.commitment_totals(svc.list_commitments(ctx.engine, "conv-2025"), 0).grand_cents == before
    settle(page)
    assert editor.totals.grand_cents == before


def test_renewal_alert_for_a_convention_ending_within_six_months(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
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
    page.reload()
    settle(page)
    assert tab.alert.isVisible()
    assert "préparez son renouvellement" in tab.alert.text()


def test_create_convention_with_computed_end(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
    seen: list[str] = []

    def fill(d: ConventionDialog) -> None:
        seen.append(d.end.text())  # proposed start: the day after conv-2025 ends
        d.objectives.setPlainText("Troisième cycle & <filière bois>")
        qtbot.mouseClick(d.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)

    _when_open(ConventionDialog, fill)
    qtbot.mouseClick(page.partnership.new_button, Qt.MouseButton.LeftButton)
    assert seen == ["31 décembre 2030"]
    settle(page)
    new = next(r for r in svc.list_conventions(ctx.engine) if r.id == "conv-2028")
    assert new.start == dt.date(2028, 1, 1) and new.end == dt.date(2030, 12, 31)
    assert new.specific_objectives == "Troisième cycle & <filière bois>"
    assert page.partnership.current().id == "conv-2028"


def test_partnership_pdf_opens_in_the_preview(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
    qtbot.mouseClick(page.partnership.operator_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(page.findChildren(PdfPreviewDialog)), timeout=30000)
    dialog = page.findChildren(PdfPreviewDialog)[0]
    assert dialog.pdf_bytes.startswith(b"%PDF")
    assert dialog.suggested_name == "convention-operateur-local-conv-2025.pdf"
    qtbot.waitUntil(lambda: dialog.page_count() > 0)
    dialog.close()


def test_show_record_selects_the_convention(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
    page.show_record("conv-2022")
    assert page.partnership.current().id == "conv-2022"
    assert page.tabs.currentWidget() is page.partnership


def test_the_page_loads_on_the_database_worker(qtbot, ctx, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.conventions import page as page_module

    gui = threading.current_thread()
    loads = record_threads(monkeypatch, page_module, "conventions_page_data")
    with Statements(ctx.engine) as sql:
        page = ConventionsPage(ctx)
        qtbot.addWidget(page)
        page.resize(1150, 700)
        page.show()  # the first showing reloads: the call returns before the rows are there
        assert page.loading
        assert page.partnership.model.rowCount() == 0 and page.cooperation.table.model.rowCount() == 0
        assert not page.partnership.period.text().startswith("Aucune convention")  # not said while loading
        settle(page)
    assert page.partnership.model.rowCount() == 2
    page.tabs.setCurrentWidget(page.cooperation)  # its rows came with the load: shown at once
    assert page.cooperation.table.model.rowCount() > 0 and not ctx.runner.busy()
    assert page.partnership.editor.convention.id == "conv-2025"
    assert page.partnership.period.text().startswith("Convention conv-2025")
    assert loads and all(t is not gui for t in loads)
    assert sql.seen and sql.on(gui) == []  # not one read on the GUI thread


def test_choosing_another_convention_reads_nothing(qtbot, ctx, demo_data, settle) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, ctx, settle)
    tab, editor = page.partnership, page.partnership.editor
    assert editor.convention.id == "conv-2025"
    with Statements(ctx.engine) as sql:
        assert tab.select("conv-2022")
        assert not ctx.runner.busy()  # nothing queued for the worker either
    assert sql.seen == []
    mine = [k for k in demo_data["commitments"] if k["convention_id"] == "conv-2022"]
    assert mine  # the demo's first convention has its commitments
    assert editor.convention.id == "conv-2022" and editor.model.rowCount() == len(mine)
    last = editor.partner_totals.rowCount() - 1
    assert _cell(editor.partner_totals, last, 4) == money(sum(k["amount_cents"] for k in mine))
    assert editor.count_label.text() == f"{len(mine)} engagements — {money(sum(k['amount_cents'] for k in mine))}"
    assert tab.period.text().startswith("Convention conv-2022 : du ")
    assert tab.annex_label.full_text() == "Annexe 2 : aucun PDF joint"
    with Statements(ctx.engine) as sql:
        assert tab.select("conv-2025")
    assert sql.seen == []
    now = [k for k in demo_data["commitments"] if k["convention_id"] == "conv-2025"]
    assert _cell(editor.partner_totals, editor.partner_totals.rowCount() - 1, 4) == money(
        sum(k["amount_cents"] for k in now))


def test_the_selection_and_filters_stay_across_a_reload(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.services.uow import Changes

    page = _page(qtbot, ctx, settle)
    tab, editor = page.partnership, page.partnership.editor
    assert tab.select("conv-2022")
    editor.year_filter.setCurrentIndex(editor.year_filter.findData(2))
    kept = editor.proxy.index(0, 0).data(ROW_ROLE)
    editor.select(kept.id)
    shown = editor.proxy.rowCount()
    ctx.bus.emit(Changes(partners=True))
    assert page.loading
    settle(page)
    assert tab.current().id == "conv-2022" and editor.current().id == kept.id
    assert editor.proxy.rowCount() == shown and all(
        editor.proxy.index(i, 0).data(ROW_ROLE).year == 2 for i in range(shown))


def test_show_record_during_a_load(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from alize_desktop import models as m

    page = ConventionsPage(ctx)
    qtbot.addWidget(page)
    page.resize(1150, 700)
    page.show()
    assert page.loading
    page.show_record("conv-2022")  # before the list is there: waits for it
    settle(page)
    assert page.tabs.currentWidget() is page.partnership and page.partnership.current().id == "conv-2022"
    approved = page.data.cooperation[-1]  # the oldest approval, last of the list
    page.reload()
    page.show_record(approved.project_id)
    settle(page)
    assert page.tabs.currentWidget() is page.cooperation
    assert page.cooperation.current().project_id == approved.project_id
    with Session(ctx.engine) as s:  # a project not approved: asked of the base, shown in its tab
        other = s.scalar(select(m.Project.id).where(m.Project.status.in_(("received", "in_review", "rejected"))))
    assert other is not None
    page.tabs.setCurrentWidget(page.partnership)
    page.cooperation.search.setText("aucune entreprise de ce nom")
    page.show_record(other)
    settle(page)
    assert page.tabs.currentWidget() is page.cooperation
    assert page.cooperation.search.text() == "" and page.cooperation.filter.currentIndex() == 0


def test_the_commitment_and_convention_forms_read_their_choices_on_the_worker(qtbot, ctx, settle) -> None:  # type: ignore[no-untyped-def]
    """The partner list of a commitment, and a new convention's proposed start when the page had
    not read its list yet, come from the database worker; « Ajouter » waits for them."""
    import threading

    convention = next(r for r in svc.list_conventions(ctx.engine) if r.id == "conv-2025")
    with Statements(ctx.engine) as seen:
        commitment = CommitmentDialog(ctx, convention, partner_id="p12")
        qtbot.addWidget(commitment)
        ok = commitment.buttons.button(QDialogButtonBox.StandardButton.Ok)
        assert commitment.loading and not ok.isEnabled() and commitment.partner.count() == 0
        qtbot.waitUntil(lambda: not commitment.loading)
        assert ok.isEnabled() and commitment.partner.currentData() == "p12"
        renewal = ConventionDialog(ctx, None)
        qtbot.addWidget(renewal)
        qtbot.waitUntil(lambda: not renewal.loading)
        assert renewal.end.text() == "31 décembre 2030"  # starts the day after conv-2025 ends
        assert seen.seen and seen.on(threading.main_thread()) == []
