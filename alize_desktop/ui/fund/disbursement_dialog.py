"""Versement d'une tranche d'avance remboursable: never beyond the granted amount."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QWidget

from alize_desktop.formatting import money
from alize_desktop.services.fund.entries import record_disbursement
from alize_desktop.services.fund.views import AdvancePosition, AdvanceRow
from alize_desktop.ui.fund.dialog_base import EntryDialog, Write
from alize_desktop.ui.shell.context import AppContext


class DisbursementDialog(EntryDialog):
    kind = "disbursement"
    no_advance_text = "Toutes les avances accordées ont été entièrement versées."

    def __init__(self, ctx: AppContext, advances: list[AdvanceRow], advances_balance_cents: int,
                 selected: str | None = None, day: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(ctx, "Enregistrer un versement d'avance", parent)
        self.balance = advances_balance_cents
        self.add_advances([a for a in advances if a.to_disburse_cents > 0], selected)
        self.add_date(day)
        self.add_amount()
        self.add_position_label()
        self.finish()
        self.follow_advance()

    def show_position(self, pos: AdvancePosition) -> None:
        left = pos.granted_cents - pos.disbursed_cents
        self.set_amount(left)
        text = (f"Accordé : {money(pos.granted_cents)} — déjà versé : {money(pos.disbursed_cents)} — "
                f"reste à verser : {money(left)}.\nSolde du compte « Fonds d'avances » : {money(self.balance)}.")
        if left > self.balance:
            text += "\nAttention : le solde du fonds ne couvre pas le reste à verser."
        self.position_label.setText(text)

    def save(self) -> Write:
        cents = self.typed_amount()
        if cents is None:
            self.invalid()
        engine, eid, day = self.ctx.engine, self.advance_combo.currentData(), self.picked_date()
        return (lambda entry_id: record_disbursement(engine, eid, day, cents, entry_id)), f"Versement de {money(cents)}"
