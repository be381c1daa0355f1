"""Fund entry forms mark what they require like every other form, and a link to another page
(« Voir le projet ») has its way back (Alt+←)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel


def _captions(dialog) -> set[str]:  # type: ignore[no-untyped-def]
    return {label.text() for label in dialog.findChildren(QLabel)}


def test_every_fund_form_marks_its_required_fields(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.fund.expense_dialog import ExpenseDialog
    from alize_desktop.ui.fund.receipt_dialog import ReceiptDialog

    expense = ExpenseDialog(ctx)
    qtbot.addWidget(expense)
    assert {"&Compte *", "Ca&tégorie *", "&Libellé *", "&Date *", "&Montant (€) *"} <= _captions(expense)
    receipt = ReceiptDialog(ctx, [("p1", "Aciéries de la Sorne")])
    qtbot.addWidget(receipt)
    assert {"&Compte *", "&Partenaire *", "&Date de valeur *", "&Montant (€) *"} <= _captions(receipt)


def test_alt_left_leads_back_from_the_project_to_the_fund(main_window, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    fund = main_window.show_page("fund")
    settle(fund)
    panel = fund.advances if hasattr(fund, "advances") else None
    table = panel.table.view if panel is not None else None
    assert table is not None and table.model().rowCount() > 0
    table.selectRow(0)
    qtbot.mouseClick(panel.project_button, Qt.MouseButton.LeftButton)
    assert panel.project_button.isEnabled()
    qtbot.waitUntil(lambda: shown(main_window) == "projects")
    assert "Alt+← : revenir à la page Fonds" in main_window.statusBar().currentMessage()
    main_window.go_back()
    assert shown(main_window) == "fund"
    main_window.go_back()  # nothing left to go back to: stays
    assert shown(main_window) == "fund"


def shown(window) -> str:  # type: ignore[no-untyped-def]
    return window.pages.key_at(window.stack.currentIndex())
