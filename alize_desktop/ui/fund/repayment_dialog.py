"""Remboursement d'une avance: shows, before saving, how the amount fills the instalments."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QHeaderView, QLabel, QTableWidget, QWidget

from alize_desktop.formatting import date_short, money, parse_money
from alize_desktop.services.fund.entries import record_repayment
from alize_desktop.services.fund.views import AdvancePosition, AdvanceRow
from alize_desktop.ui.fund.dialog_base import EntryDialog, Write
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_tables import cell, make_read_only

HEADERS = ("N°", "Échéance", "Montant", "Déjà payé", "Ce remboursement", "Reste dû")


class RepaymentDialog(EntryDialog):
    kind = "repayment"

    def __init__(self, ctx: AppContext, advances: list[AdvanceRow], selected: str | None = None,
                 day: dt.date | None = None, parent: QWidget | None = None):
        super().__init__(ctx, "Enregistrer un remboursement", parent)
        self.setMinimumWidth(720)
        self.add_advances([a for a in advances if a.outstanding_cents > 0], selected)
        self.add_date(day)
        self.add_amount()
        self.add_position_label()
        self.layout_.addWidget(QLabel("Affectation aux échéances (les plus anciennes d'abord) :"))
        self.preview = QTableWidget(0, len(HEADERS))
        self.preview.setObjectName("allocation")
        self.preview.setHorizontalHeaderLabels(HEADERS)
        make_read_only(self.preview)
        header = self.preview.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.preview.setMinimumHeight(150)
        self.layout_.addWidget(self.preview)
        self.finish()
        self.position: AdvancePosition | None = None
        self.advance_combo.currentIndexChanged.connect(self._advance_changed)
        self.amount.textChanged.connect(self._update_preview)
        self._advance_changed()

    def _advance_changed(self) -> None:
        self.read_position(self._position_read)

    def _position_read(self, position: AdvancePosition | None) -> None:
        self.position = position
        if self.position is not None:
            # Sensible default: what remains of the oldest instalment not fully paid.
            nxt = next((ln for ln in self.position.allocation(self.position.outstanding_cents)), None)
            due = (nxt.amount_cents - nxt.paid_before_cents) if nxt else self.position.outstanding_cents
            self.set_amount(min(due, self.position.outstanding_cents))
        self._update_preview()

    def _update_preview(self) -> None:
        pos = self.position
        if pos is None:
            self.position_label.setText("Aucune avance n'a de capital restant dû.")
            self.preview.setRowCount(0)
            return
        try:
            cents = parse_money(self.amount.text())
        except ValueError:
            cents = 0
        after = pos.outstanding_cents - cents
        text = (f"Versé : {money(pos.disbursed_cents)} — remboursé : {money(pos.repaid_cents)} — "
                f"sinistré : {money(pos.written_off_cents)}\nCapital restant dû : {money(pos.outstanding_cents)}")
        if cents > 0:
            text += (f" ; après ce remboursement : {money(after)}" if after >= 0
                     else f" ; ce montant le dépasse de {money(-after)}")
        self.position_label.setText(text)
        lines = pos.allocation(min(max(cents, 0), max(pos.outstanding_cents, 0)))
        self.preview.setRowCount(len(lines))
        for r, ln in enumerate(lines):
            values = (str(ln.number), date_short(ln.due_on), money(ln.amount_cents), money(ln.paid_before_cents),
                      money(ln.this_cents), money(ln.left_after_cents))
            for c, v in enumerate(values):
                self.preview.setItem(r, c, cell(v, right=c != 1))

    def save(self) -> Write:
        cents = self.typed_amount()
        if cents is None:
            self.invalid()
        engine, eid, day = self.ctx.engine, self.advance_combo.currentData(), self.picked_date()
        return (lambda entry_id: record_repayment(engine, eid, day, cents, entry_id)), f"Remboursement de {money(cents)}"
