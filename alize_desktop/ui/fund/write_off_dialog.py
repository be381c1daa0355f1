"""Sinistre: the part of an advance that will not be repaid, within the outstanding, with its reason."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QPlainTextEdit, QWidget

from alize_desktop.formatting import money
from alize_desktop.services.fund.entries import record_write_off
from alize_desktop.services.fund.views import AdvancePosition, AdvanceRow
from alize_desktop.ui.fund.dialog_base import EntryDialog, Write
from alize_desktop.ui.shell.context import AppContext


class WriteOffDialog(EntryDialog):
    kind = "write_off"
    no_advance_text = "Aucune avance n'a de capital restant dû."

    def __init__(self, ctx: AppContext, advances: list[AdvanceRow], selected: str | None = None,
                 day: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(ctx, "Enregistrer un sinistre", parent)
        self.add_advances([a for a in advances if a.outstanding_cents > 0], selected)
        self.add_date(day)
        self.add_amount()
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText("Procédure collective, abandon partiel de créance, décision du comité…")
        self.reason.setFixedHeight(80)
        self.reason.setTabChangesFocus(True)
        self.errors.add_row("reason", "M&otif :", self.reason, required=True)
        self.add_position_label()
        self.finish()
        self.follow_advance()

    def show_position(self, pos: AdvancePosition) -> None:
        self.set_amount(pos.outstanding_cents)
        self.position_label.setText(f"Capital restant dû : {money(pos.outstanding_cents)} (versé "
                                    f"{money(pos.disbursed_cents)}, remboursé {money(pos.repaid_cents)}, déjà "
                                    f"sinistré {money(pos.written_off_cents)}). Un sinistre ne peut dépasser "
                                    "le capital restant dû.")

    def save(self) -> Write:
        cents = self.typed_amount()
        if cents is None:
            self.invalid()
        engine, eid, day, reason = (self.ctx.engine, self.advance_combo.currentData(), self.picked_date(),
                                    self.reason.toPlainText())
        return ((lambda entry_id: record_write_off(engine, eid, day, cents, reason, entry_id)),
                f"Sinistre de {money(cents)}")
