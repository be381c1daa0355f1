"""Encaissement: a partner's payment into the advance fund or the operating account."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QWidget

from alize_desktop.formatting import money
from alize_desktop.models.enums import ACCOUNTS, label
from alize_desktop.services.fund.entries import record_receipt
from alize_desktop.ui.fund.dialog_base import EntryDialog, Write
from alize_desktop.ui.shell.context import AppContext


class ReceiptDialog(EntryDialog):
    kind = "receipt"

    def __init__(self, ctx: AppContext, partners: list[tuple[str, str]], account: str = "advances",
                 day: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(ctx, "Enregistrer un encaissement", parent)
        self.account = QComboBox()
        self.account.setObjectName("account")
        for code in ACCOUNTS:
            self.account.addItem(label(code), code)
        self.account.setCurrentIndex(max(0, self.account.findData(account)))
        self.errors.add_row("account", "&Compte :", self.account, required=True)
        self.partner = QComboBox()
        self.partner.setObjectName("partner")
        self.partner.addItem("— choisir le partenaire —", None)
        for pid, name in partners:
            self.partner.addItem(name, pid)
        self.errors.add_row("partner", "&Partenaire :", self.partner, required=True)
        self.add_date(day, "&Date de valeur :")
        self.add_amount()
        self.finish()

    def save(self) -> Write:
        cents = self.typed_amount()
        if cents is None:
            self.invalid()
        engine, account, partner, day = (self.ctx.engine, self.account.currentData(), self.partner.currentData(),
                                         self.picked_date())
        return ((lambda entry_id: record_receipt(engine, account, partner, day, cents, entry_id)),
                f"Encaissement de {money(cents)}")
