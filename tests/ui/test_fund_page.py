"""Fonds page: entries typed through the dialogs, refusals beside the field, ledger export."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QMessageBox
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import money, money_csv, money_plain
from alize_desktop.ui.fund.page import FundPage
from alize_desktop.ui.widgets.forms import set_date

D = dt.date(2026, 11, 26)  # the demo basin's "today"


@pytest.fixture
def page(qtbot, ctx, settle):
    widget = FundPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    set_date(widget.as_of, D)
    widget.show()
    settle(widget)
    return widget


def _snapshot(engine) -> dict[str, int]:
    with Session(engine) as s:
        return {model.__name__: s.scalar(select(func.count()).select_from(model)) or 0
                for model in (m.Disbursement, m.Repayment, m.WriteOff, m.Receipt, m.Expense, m.JournalEntry)}


def typed(cents: int) -> str:
    """An amount as an operator types it (keyClicks cannot send babel's U+202F separator)."""
    return f"{cents // 100},{cents % 100:02d}"


def _type_amount(qtbot, dialog, text: str) -> None:
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, text)


def _save(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)


def _running(page):
    return next(a for a in page.view.advances if a.state == "En cours"
                and sum(1 for i in a.schedule if i.left_cents) >= 2 and a.schedule[0].due_on <= D)


def test_a_repayment_updates_the_schedule_and_the_balances(qtbot, settle, page, ctx):
    adv = _running(page)
    before = page.view
    page.advances.select(adv.engagement_id)
    qtbot.mouseClick(page.advances.repay_button, Qt.MouseButton.LeftButton)
    dialog = page.advances.dialog
    qtbot.waitUntil(lambda: not dialog.reading)  # the advance's figures, read on the worker
    assert dialog.advance_combo.currentData() == adv.engagement_id
    first = next(i for i in adv.schedule if i.left_cents)
    amount = first.left_cents + 1234  # the next instalment and 12,34 € of the following one
    _type_amount(qtbot, dialog, typed(amount))
    assert dialog.preview.rowCount() == 2
    assert dialog.preview.item(0, 4).text() == money(first.left_cents)
    assert dialog.preview.item(1, 4).text() == money(1234)
    _save(qtbot, dialog)
    settle(page)
    assert not dialog.isVisible()

    with Session(ctx.engine) as s:
        rp = s.execute(select(m.Repayment).order_by(m.Repayment.id.desc())
                       .where(m.Repayment.engagement_id == adv.engagement_id, m.Repayment.amount_cents == amount)).scalar()
    assert rp is not None and rp.date == D == ctx.clock.today()
    after = page.view  # the page refreshed through the change bus
    assert after.advances_balance_cents == before.advances_balance_cents + amount
    assert after.operating_balance_cents == before.operating_balance_cents
    a2 = after.advance(adv.engagement_id)
    assert a2.outstanding_cents == adv.outstanding_cents - amount
    k = adv.schedule.index(first)
    assert a2.schedule[k].status == "Payée" and a2.schedule[k + 1].paid_cents == adv.schedule[k + 1].paid_cents + 1234
    assert money(after.advances_balance_cents) in page.strip.text()
    shown = page.advances.schedule
    assert shown.proxy.index(k, 5).data() == "Payée"
    assert shown.proxy.index(k + 1, 3).data() == money(adv.schedule[k + 1].paid_cents + 1234)

    ctx.undo.undo()  # Ctrl+Z takes the repayment back
    settle(page)
    assert page.view.advances_balance_cents == before.advances_balance_cents


def test_a_repayment_beyond_what_is_owed_is_refused_beside_the_field(qtbot, settle, page, ctx):
    adv = _running(page)
    start = _snapshot(ctx.engine)
    page.advances.select(adv.engagement_id)
    page.advances.repay()
    dialog = page.advances.dialog
    qtbot.waitUntil(lambda: not dialog.reading)  # the advance's figures, read on the worker
    _type_amount(qtbot, dialog, typed(adv.outstanding_cents + 1))
    _save(qtbot, dialog)
    settle(page)
    assert dialog.isVisible()
    message = dialog.errors.text("amount")
    assert "dépasse le capital restant dû" in message and money(adv.outstanding_cents) in message
    _type_amount(qtbot, dialog, "12,345")  # a fraction of a cent: refused, never rounded
    _save(qtbot, dialog)
    settle(page)
    assert "deux décimales" in dialog.errors.text("amount")
    assert _snapshot(ctx.engine) == start


def test_a_write_off_beyond_the_outstanding_is_refused(qtbot, settle, page, ctx):
    adv = _running(page)
    start = _snapshot(ctx.engine)
    page.advances.select(adv.engagement_id)
    qtbot.mouseClick(page.advances.write_off_button, Qt.MouseButton.LeftButton)
    dialog = page.advances.dialog
    qtbot.waitUntil(lambda: not dialog.reading)  # the advance's figures, read on the worker
    assert dialog.amount.text() == money_plain(adv.outstanding_cents)  # the default: all that is owed
    _type_amount(qtbot, dialog, typed(adv.outstanding_cents + 100))
    _save(qtbot, dialog)
    settle(page)
    assert "Sinistre refusé" in dialog.errors.text("amount")
    assert "motif" in dialog.errors.text("reason")
    assert dialog.isVisible() and _snapshot(ctx.engine) == start


def test_a_reimbursement_beyond_the_cap_is_refused_saying_what_remains(qtbot, settle, page, ctx):
    start = _snapshot(ctx.engine)
    view = page.view
    room = view.reimbursement_cap_cents - view.reimbursed_this_year_cents
    page.tabs.setCurrentWidget(page.movements)
    qtbot.mouseClick(page.movements.expense_button, Qt.MouseButton.LeftButton)
    dialog = page.movements.dialog
    dialog.category.setCurrentIndex(dialog.category.findData("operator_reimbursement"))
    set_date(dialog.date, D)
    qtbot.waitUntil(lambda: not dialog.reading)  # the cap's figures, read on the worker
    assert money(room) in dialog.cap_label.text()
    _type_amount(qtbot, dialog, typed(room + 1))
    dialog.label_edit.setText("Défraiement de l'opérateur (T4)")  # keyClicks sends ASCII only
    _save(qtbot, dialog)
    settle(page)
    message = dialog.errors.text("amount")
    assert "plafond annuel" in message and f"reste possible {money(room)}" in message
    assert dialog.isVisible() and _snapshot(ctx.engine) == start
    _type_amount(qtbot, dialog, typed(room))  # exactly up to the cap is fine
    _save(qtbot, dialog)
    settle(page)
    assert not dialog.isVisible()
    assert page.view.operating_balance_cents == view.operating_balance_cents - room


def test_receipt_delete_with_confirmation_and_undo(qtbot, settle, page, ctx, monkeypatch):
    before = page.view.advances_balance_cents
    page.tabs.setCurrentWidget(page.movements)
    page.movements.add_receipt()
    dialog = page.movements.dialog
    dialog.partner.setCurrentIndex(1)
    set_date(dialog.date, D)
    _type_amount(qtbot, dialog, "12 500,50")
    _save(qtbot, dialog)
    settle(page)
    assert page.view.advances_balance_cents == before + 1_250_050
    entry = dialog.entry_id
    assert page.movements.table.select(lambda r: r.id == entry)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.movements.delete_button, Qt.MouseButton.LeftButton)
    settle(page)
    with Session(ctx.engine) as s:
        assert s.get(m.Receipt, entry) is None
    assert page.view.advances_balance_cents == before
    ctx.undo.undo()
    settle(page)
    with Session(ctx.engine) as s:
        assert s.get(m.Receipt, entry).amount_cents == 1_250_050


def test_deleting_a_disbursement_that_repayments_rely_on_is_refused(qtbot, page, ctx, monkeypatch):
    repaid = {r.engagement_id for r in page.view.movements if r.kind == "repayment"}
    target = next(r for r in page.view.movements if r.kind == "disbursement" and r.engagement_id in repaid)
    page.tabs.setCurrentWidget(page.movements)
    assert page.movements.table.select(lambda r: r.id == target.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said.append(a[2]))
    page.movements.delete_selected()
    qtbot.waitUntil(lambda: bool(said) and not ctx.runner.busy())  # refused on the database worker
    assert "Suppression refusée" in said[0]
    with Session(ctx.engine) as s:
        assert s.get(m.Disbursement, target.id) is not None


def test_csv_export_from_the_page(qtbot, page, ctx, tmp_path, monkeypatch):
    out = tmp_path / "journal"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), "Fichier CSV (*.csv)"))
    done: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: done.append(a[2]))
    page.tabs.setCurrentWidget(page.movements)
    qtbot.mouseClick(page.movements.csv_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(done), timeout=10000)
    path = tmp_path / "journal.csv"
    with open(path, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=";"))
    bank = [r for r in page.view.movements if r.kind != "write_off"]
    assert len(rows) == 1 + len(bank)
    assert rows[1][5] == money_csv(bank[0].amount_cents)


def test_forecast_until_a_picked_date(qtbot, settle, page):
    f = page.view.forecast
    page.tabs.setCurrentWidget(page.summary)
    set_date(page.summary.until, dt.date(2027, 12, 31))
    settle(page)
    g = page.view.forecast
    assert g.until == dt.date(2027, 12, 31) and g.instalments_cents > f.instalments_cents
    assert page.summary.forecast.values["available"].text() == money(g.balance_cents + g.instalments_cents)
    qtbot.mouseClick(page.summary.next_button, Qt.MouseButton.LeftButton)
    settle(page)
    assert page.view.forecast.until == f.until


def test_a_database_without_basin_says_so(qtbot, settle, empty_db):
    from PySide6.QtGui import QUndoStack

    from alize_desktop.db import open_database
    from alize_desktop.ui.shell.context import AppContext, ChangeBus

    engine = open_database(empty_db)
    try:
        widget = FundPage(AppContext(engine=engine, db_path=empty_db, bus=ChangeBus(), undo=QUndoStack()))
        qtbot.addWidget(widget)
        widget.show()
        settle(widget)
        assert widget.view is None and widget.empty.isVisible() and not widget.tabs.isVisible()
    finally:
        engine.dispose()


def test_entry_dialog_fields_answer_their_alt_letter(qtbot, ctx):
    """« &Montant (€) : » takes the cursor to the amount itself, not to the box holding its error line."""
    from alize_desktop.ui.fund.expense_dialog import ExpenseDialog

    dialog = ExpenseDialog(ctx)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    dialog.label_edit.setFocus()
    qtbot.waitUntil(dialog.label_edit.hasFocus)
    qtbot.keyClick(dialog.label_edit, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.amount
    qtbot.keyClick(dialog.amount, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is dialog.label_edit
