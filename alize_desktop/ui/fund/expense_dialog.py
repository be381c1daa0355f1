"""Dépense: engineering, operator reimbursement (capped per calendar year) or other costs."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from alize_desktop.formatting import money
from alize_desktop.models.enums import ACCOUNTS, EXPENSE_CATEGORIES, label
from alize_desktop.rules.fund import REIMBURSEMENT_CATEGORY
from alize_desktop.services.fund.entries import record_expense
from alize_desktop.services.fund.views import reimbursement_status
from alize_desktop.ui.fund.dialog_base import EntryDialog, Write
from alize_desktop.ui.shell.context import AppContext


class ExpenseDialog(EntryDialog):
    kind = "expense"

    def __init__(self, ctx: AppContext, day: dt.date | None = None, category: str = "engineering",
                 parent: QWidget | None = None):
        super().__init__(ctx, "Enregistrer une dépense", parent)
        self.account = QComboBox()
        self.account.setObjectName("account")
        for code in ACCOUNTS:
            self.account.addItem(label(code), code)
        self.account.setCurrentIndex(self.account.findData("operating"))  # running costs, as a rule
        self.errors.add_row("account", "&Compte :", self.account, required=True)
        self.category = QComboBox()
        self.category.setObjectName("category")
        for code in EXPENSE_CATEGORIES:
            self.category.addItem(label(code), code)
        self.category.setCurrentIndex(max(0, self.category.findData(category)))
        self.errors.add_row("category", "Ca&tégorie :", self.category, required=True)
        self.add_date(day)
        self.add_amount()
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("label")
        self.label_edit.setPlaceholderText("Objet et période, par exemple « Défraiement de l'opérateur (T4) »")
        self.errors.add_row("label", "&Libellé :", self.label_edit, required=True)
        self.cap_label = self.info_label()
        self.cap_label.setObjectName("cap")
        self.layout_.addWidget(self.cap_label)
        self.finish()
        self.category.currentIndexChanged.connect(self._update_cap)
        self.date.dateChanged.connect(self._update_cap)
        self._update_cap()

    def _update_cap(self) -> None:
        if self.category.currentData() != REIMBURSEMENT_CATEGORY:
            self.cap_label.hide()
            return
        year, engine = self.picked_date().year, self.ctx.engine
        self.reading = True
        # Read on the database worker; typing through dates paints only the last year's figures.
        self.ctx.runner.query(self, lambda: reimbursement_status(engine, year),
                              lambda status: self._show_cap(year, *status), key="cap")

    def _show_cap(self, year: int, cap: int, used: int) -> None:
        self.reading = False
        if self.category.currentData() != REIMBURSEMENT_CATEGORY:
            return  # the category changed meanwhile
        self.cap_label.setText(f"Défraiement de l'opérateur en {year} : {money(used)} déjà imputés sur un "
                               f"plafond annuel de {money(cap)} ; reste possible : {money(max(0, cap - used))}.")
        self.cap_label.show()

    def save(self) -> Write:
        cents = self.typed_amount()
        if cents is None:
            self.invalid()
        engine, account, day = self.ctx.engine, self.account.currentData(), self.picked_date()
        category, label = self.category.currentData(), self.label_edit.text()
        return ((lambda entry_id: record_expense(engine, account, day, cents, category, label, entry_id)),
                f"Dépense de {money(cents)}")
