"""Undo in the window: each page undoes only what was done on it, the Édition menu names the edit
before it runs, every save and undo is acknowledged in the status bar, taking money back out of the
fund asks first, and Rétablir answers Ctrl+Maj+Z and Ctrl+Y (one owner per key)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import money
from alize_desktop.services.partners import partners as svc


def _repayments(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return len(s.execute(select(m.Repayment.id)).all())


def _record_repayment(qtbot, window) -> int:  # type: ignore[no-untyped-def]
    """On Fonds, 123,45 € repaid on the first running advance through its dialog; returns the cents."""
    page = window.show_page("fund")
    qtbot.waitUntil(lambda: not page.loading and not page.ctx.runner.busy(), timeout=30_000)
    adv = next(a for a in page.view.advances if a.state == "En cours" and a.outstanding_cents > 12345)
    page.advances.select(adv.engagement_id)
    qtbot.mouseClick(page.advances.repay_button, Qt.MouseButton.LeftButton)
    dialog = page.advances.dialog
    dialog.amount.clear()
    qtbot.keyClicks(dialog.amount, "123,45")
    qtbot.mouseClick(dialog.buttons.button(QDialogButtonBox.StandardButton.Ok), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=30_000)  # saved on the database worker
    return 12345


def test_undo_acts_on_the_visible_page_only_and_asks_before_moving_money(main_window, qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    window = main_window
    engine = window.ctx.engine
    before = _repayments(engine)
    cents = _record_repayment(qtbot, window)
    assert _repayments(engine) == before + 1
    assert window.statusBar().currentMessage().startswith(f"Enregistré : Remboursement de {money(cents)}")

    partners = window.show_page("partners")
    qtbot.waitUntil(lambda: not partners.loading)  # its list comes from the database worker
    partners.select_partner("p1")
    qtbot.mouseClick(partners.toggle_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.ctx.runner.busy())  # written on the database worker
    assert svc.get_partner(engine, "p1").active is False
    assert window.undo_action.text().startswith("Annuler : désactivation de ")
    assert "Ctrl+Z" in window.undo_action.toolTip()

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)  # back from the (closed) repayment dialog
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Z on Partenaires
    assert svc.get_partner(engine, "p1").active is True
    assert window.statusBar().currentMessage().startswith("Annulé : désactivation de ")
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)  # nothing left on this page
    assert _repayments(engine) == before + 1  # the repayment made on Fonds is untouched
    assert not window.undo_action.isEnabled()
    assert window.undo_action.toolTip() == "Rien à annuler sur la page Partenaires"

    window.show_page("fund")
    assert window.undo_action.text().startswith(f"Annuler : Remboursement de {money(cents)} du 26/11/2026 — ")
    asked: list[str] = []

    def answer(reply):  # type: ignore[no-untyped-def]
        return staticmethod(lambda _p, title, text, *a, **k: (asked.append(text), reply)[1])

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    window.undo_action.trigger()
    assert asked and money(cents) in asked[0] and "fonds" in asked[0]
    assert _repayments(engine) == before + 1  # « Non »: the money stays
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _repayments(engine) == before
    assert window.statusBar().currentMessage().startswith(f"Annulé : Remboursement de {money(cents)}")

    qtbot.keyClick(window, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Y redoes
    assert _repayments(engine) == before + 1
    assert window.statusBar().currentMessage().startswith("Rétabli : ")
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert _repayments(engine) == before + 1  # Ctrl+Maj+Z redoes too


def test_each_undo_key_has_one_owner(main_window) -> None:  # type: ignore[no-untyped-def]
    """Two owners of one key make Qt say "Ambiguous shortcut overload" and do nothing."""
    owners: dict[str, int] = {}
    for act in main_window.findChildren(QAction):
        for seq in act.shortcuts():
            owners[seq.toString()] = owners.get(seq.toString(), 0) + 1
    for sc in main_window.findChildren(QShortcut):
        if sc.context() in (Qt.ShortcutContext.WindowShortcut, Qt.ShortcutContext.ApplicationShortcut):
            owners[sc.key().toString()] = owners.get(sc.key().toString(), 0) + 1
    for keys in ("Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y"):
        assert owners.get(QKeySequence(keys).toString()) == 1, keys
