"""A page's own ↶ button is Ctrl+Z: undoing a movement of the fund asks first, « Non » leaves the
database as it is, « Oui » takes the movement out and the status bar says so; ↷ redoes it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox
from sqlalchemy import select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import money
from alize_desktop.services.fund.entries import delete_entry, entry_values, record_repayment, restore_entry
from alize_desktop.services.fund.views import fund_view
from alize_desktop.services.uow import Changes
from alize_desktop.ui.widgets.kit_undo import push_done
from tests.conftest import DEMO_TODAY


def _repayments(engine) -> set[str]:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return set(s.scalars(select(m.Repayment.id)))


def _repay(ctx, cents: int = 12345) -> str:  # type: ignore[no-untyped-def]
    """A repayment written and made undoable exactly as the fund's repayment dialog does."""
    view = fund_view(ctx.engine, DEMO_TODAY)
    adv = next(a for a in view.advances if a.state == "En cours" and a.outstanding_cents > cents)
    before = _repayments(ctx.engine)
    record_repayment(ctx.engine, adv.engagement_id, DEMO_TODAY, cents)
    (entry_id,) = _repayments(ctx.engine) - before
    engine, values = ctx.engine, entry_values(ctx.engine, "repayment", entry_id)
    push_done(ctx, f"Remboursement de {money(cents)} du 26/11/2026", redo=lambda: restore_entry(engine, "repayment", values),
              undo=lambda: delete_entry(engine, "repayment", entry_id), changes=Changes(fund=True))
    return entry_id


def _undo_buttons(window) -> dict[str, QAbstractButton]:  # type: ignore[no-untyped-def]
    """Every page's own undo button (↶), by page."""
    found = {}
    for key, page in window.pages.items():
        for b in page.findChildren(QAbstractButton):
            if b.text() == "↶":
                found[key] = b
    return found


def _answer(monkeypatch, reply) -> list[str]:  # type: ignore[no-untyped-def]
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda _p, _title, text, *a, **k: (asked.append(text), reply)[1]))
    return asked


def test_every_page_undo_button_asks_before_taking_money_out(main_window, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = main_window
    buttons = _undo_buttons(window)
    assert "partners" in buttons  # the partners page has its own ↶ (and no other page hides one unseen)
    for key, undo_button in buttons.items():
        window.show_page(key)
        entry = _repay(window.ctx)
        assert undo_button.isEnabled()
        asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
        qtbot.mouseClick(undo_button, Qt.MouseButton.LeftButton)
        assert len(asked) == 1 and money(12345) in asked[0] and "fonds" in asked[0]
        assert entry in _repayments(window.ctx.engine)  # « Non »: the money stays
        asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
        qtbot.mouseClick(undo_button, Qt.MouseButton.LeftButton)
        assert len(asked) == 1  # asked once, not once by the button and again by the stack
        assert entry not in _repayments(window.ctx.engine)
        assert window.statusBar().currentMessage().startswith(f"Annulé : Remboursement de {money(12345)}")
        redo_button = next(b for b in window.pages[key].findChildren(QAbstractButton) if b.text() == "↷")
        qtbot.mouseClick(redo_button, Qt.MouseButton.LeftButton)
        assert entry in _repayments(window.ctx.engine)
        assert window.statusBar().currentMessage().startswith("Rétabli : ")


def test_the_menu_asks_once_too(main_window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    window = main_window
    window.show_page("partners")
    entry = _repay(window.ctx)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    window.undo_action.trigger()
    assert len(asked) == 1 and entry not in _repayments(window.ctx.engine)


def test_a_page_alone_on_a_bare_stack_asks_too(ctx, qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.partners.page import PartnersPage

    page = PartnersPage(ctx)
    qtbot.addWidget(page)
    page.show()
    entry = _repay(ctx)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert asked and entry in _repayments(ctx.engine)
    _answer(monkeypatch, QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert entry not in _repayments(ctx.engine)

