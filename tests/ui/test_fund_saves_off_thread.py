"""Fund entries are written on the database worker (ctx.runner.op): the dialog is busy meanwhile,
the service's own Changes refresh the page, the undo entry is named, and a refusal leaves the
database unchanged with its French message beside the field."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import money
from alize_desktop.ui.fund import repayment_dialog
from alize_desktop.ui.fund.page import FundPage
from alize_desktop.ui.widgets.forms import set_date

D = dt.date(2026, 11, 26)


@pytest.fixture
def page(qtbot, ctx, settle):  # type: ignore[no-untyped-def]
    widget = FundPage(ctx)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    set_date(widget.as_of, D)
    widget.show()
    settle(widget)
    return widget


def _count(engine) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return (s.scalar(select(func.count()).select_from(m.Repayment)) or 0,
                s.scalar(select(func.count()).select_from(m.JournalEntry)) or 0)


def _open_repayment(qtbot, page, text: str):  # type: ignore[no-untyped-def]
    adv = next(a for a in page.view.advances if a.state == "En cours" and a.outstanding_cents > 100)
    page.advances.select(adv.engagement_id)
    page.advances.repay()
    dialog = page.advances.dialog
    qtbot.waitUntil(lambda: not dialog.reading)  # the advance's figures, read on the worker
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, text)
    return adv, dialog


def test_a_repayment_is_written_on_the_worker_and_the_page_follows(qtbot, settle, page, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    threads: list[str] = []
    real = repayment_dialog.record_repayment

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(repayment_dialog, "record_repayment", spy)
    before = page.view
    adv, dialog = _open_repayment(qtbot, page, "1,00")
    changed: list[object] = []
    ctx.bus.changed.connect(changed.append)
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    assert dialog.saving and not dialog.buttons.isEnabled() and not dialog.amount.isEnabled()  # busy, not frozen
    dialog.reject()  # Échap while the entry is written: the dialog stays until the service answers
    assert dialog.isVisible()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)
    settle(page)
    assert threads == ["alize-base"]  # the service ran on the database worker, not the GUI thread
    assert changed and all(c.fund for c in changed)  # the service's own Changes reached the bus
    assert page.view.advances_balance_cents == before.advances_balance_cents + 100
    assert page.view.advance(adv.engagement_id).outstanding_cents == adv.outstanding_cents - 100
    assert money(page.view.advances_balance_cents) in page.strip.text()
    assert ctx.undo.undoText() == f"Remboursement de {money(100)} du 26/11/2026 — {dialog.advance_combo.currentText()}"
    assert dialog.entry_id and dialog.entry_id.startswith("rp")


def test_a_refused_repayment_leaves_the_base_unchanged_and_says_why_beside_the_field(qtbot, settle, page, ctx) -> None:  # type: ignore[no-untyped-def]
    start = _count(ctx.engine)
    adv, dialog = _open_repayment(qtbot, page, "0")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.saving, timeout=30_000)
    assert dialog.isVisible() and dialog.buttons.isEnabled() and dialog.amount.isEnabled()
    assert dialog.errors.text("amount") == "Le montant d'un remboursement doit être positif."
    assert _count(ctx.engine) == start  # nothing written, not even a journal line
    assert ctx.undo.count() == 0


def test_the_entry_dialogs_read_their_figures_on_the_worker(qtbot, settle, page, ctx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Opening the repayment, write-off and disbursement forms, choosing another advance, the
    expense form's yearly cap and deleting a movement read nothing on the GUI thread."""
    from PySide6.QtWidgets import QMessageBox

    from tests.ui.worker_checks import Statements

    running = [a for a in page.view.advances if a.state == "En cours" and a.outstanding_cents > 100]
    assert len(running) >= 2
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    gui = threading.main_thread()
    before = _count(ctx.engine)
    with Statements(ctx.engine) as seen:
        page.advances.select(running[0].engagement_id)
        for open_form in (page.advances.repay, page.advances.write_off):
            open_form()
            dialog = page.advances.dialog
            assert dialog.position_label.text() == "Lecture de la position de l'avance…"
            qtbot.waitUntil(lambda: not dialog.reading)  # noqa: B023 - waited for at once
            assert money(running[0].outstanding_cents) in dialog.position_label.text()
            dialog.advance_combo.setCurrentIndex(dialog.advance_combo.findData(running[1].engagement_id))
            qtbot.waitUntil(lambda: not dialog.reading)  # noqa: B023
            assert money(running[1].outstanding_cents) in dialog.position_label.text()
            dialog.reject()
        page.tabs.setCurrentWidget(page.movements)
        page.movements.add_expense()
        expense = page.movements.dialog
        expense.category.setCurrentIndex(expense.category.findData("operator_reimbursement"))
        set_date(expense.date, D)
        qtbot.waitUntil(lambda: not expense.reading)
        assert "plafond annuel" in expense.cap_label.text()
        expense.reject()
        assert page.movements.table.select(lambda r: r.kind == "repayment")
        page.movements.delete_selected()
        qtbot.waitUntil(lambda: not ctx.runner.busy())
        settle(page)
        assert seen.seen and seen.on(gui) == []
    assert _count(ctx.engine)[0] == before[0] - 1
    ctx.undo.undo()  # typed again with the same id
    assert _count(ctx.engine)[0] == before[0]


def test_an_amount_typed_before_the_position_arrives_is_kept(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    adv = next(a for a in page.view.advances if a.state == "En cours" and a.outstanding_cents > 100)
    page.advances.select(adv.engagement_id)
    page.advances.repay()
    dialog = page.advances.dialog
    assert dialog.reading  # the proposed amount is on its way
    qtbot.keyClicks(dialog.amount, "1,00")
    qtbot.waitUntil(lambda: not dialog.reading)
    assert dialog.amount.text() == "1,00"  # not replaced by the proposal
    assert dialog.preview.rowCount() == 1 and money(adv.outstanding_cents) in dialog.position_label.text()
