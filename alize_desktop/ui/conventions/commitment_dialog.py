"""A partner's commitment for one year of a convention: nature, amount, days for skills."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialogButtonBox, QLineEdit, QPushButton, QSpinBox, QWidget

from alize_desktop.formatting import date_short, money_plain, parse_money
from alize_desktop.models.enums import COMMITMENT_NATURES, label
from alize_desktop.rules.schedule import add_months
from alize_desktop.services.conventions import conventions as svc
from alize_desktop.services.uow import Changes
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_forms import (
    RecordDialog,
    form_buttons,
    form_frame,
    save_undoable,
    show_problems,
)
from alize_desktop.ui.widgets.kit_text import by_french_name


class CommitmentDialog(RecordDialog):
    def __init__(self, ctx: AppContext, convention: svc.ConventionRow, row: svc.CommitmentRow | None = None,
                 parent: QWidget | None = None, partner_id: str | None = None):
        super().__init__(parent)
        self.ctx, self.convention, self.row = ctx, convention, row
        layout, self.errors = form_frame(self, "commitment_dialog",
                                         f"Nouvel engagement — convention {convention.id}" if row is None
                                         else f"Engagement {row.id} — convention {convention.id}", 620)
        self.partner = QComboBox()
        self.partner.setObjectName("partner_id")
        self.errors.add_row("partner_id", "Partenaire *", self.partner)
        self.year = QComboBox()
        self.year.setObjectName("year")
        for year in svc.YEARS:
            first = add_months(convention.start, 12 * (year - 1))
            last = add_months(convention.start, 12 * year)
            self.year.addItem(f"Année {year} (du {date_short(first)} au {date_short(last - dt.timedelta(days=1))})",
                              year)
        self.errors.add_row("year", "Année", self.year)
        self.nature = QComboBox()
        self.nature.setObjectName("nature")
        for code in COMMITMENT_NATURES:
            self.nature.addItem(label(code), code)
        self.errors.add_row("nature", "Nature", self.nature)
        self.amount = QLineEdit()
        self.amount.setObjectName("amount_cents")
        self.amount.setPlaceholderText("15 000,00")
        self.amount.setToolTip("Pour un engagement en compétences, le montant valorisé des jours mis à disposition")
        self.errors.add_row("amount_cents", "Montant (€) *", self.amount)
        self.days = QSpinBox()
        self.days.setObjectName("days")
        self.days.setRange(0, 3650)
        self.days.setSuffix(" j")  # « 7 j » reads right for any number, « jour(s) » for none
        self.errors.add_row("days", "Jours de compétences", self.days)
        self.description = QLineEdit()
        self.description.setObjectName("description")
        self.description.setPlaceholderText("Dotation au fonds d'avances, mise à disposition de cadres…")
        self.errors.add_row("description", "Description", self.description)
        self.buttons = form_buttons(self, layout, self.errors, row is None, "Ajouter")
        self.nature.currentIndexChanged.connect(self._nature_changed)
        if row is not None:
            self.year.setCurrentIndex(row.year - 1)
            self.nature.setCurrentIndex(COMMITMENT_NATURES.index(row.nature))
            self.amount.setText(money_plain(row.amount_cents))
            self.days.setValue(row.days or 0)
            self.description.setText(row.description or "")
        self._nature_changed()
        # The partners are read on the database worker; the list and « Ajouter » wait for them
        # (a few milliseconds), the rest of the form can be typed meanwhile.
        self.loading = True
        self.partner.setEnabled(False)
        self._ok().setEnabled(False)
        engine, keep = ctx.engine, row.partner_id if row else None
        chosen = row.partner_id if row is not None else partner_id
        ctx.runner.query(self, lambda: svc.partner_choices(engine, keep=keep),
                         lambda choices: self._partners_read(choices, chosen), key="partners")

    def _ok(self) -> QPushButton:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _partners_read(self, choices: list[tuple[str, str, str]], chosen: str | None) -> None:
        for pid, name, kind in by_french_name(choices, lambda t: t[1]):
            self.partner.addItem(f"{name} ({label(kind)})", pid)
        if chosen is not None:
            self.partner.setCurrentIndex(max(0, self.partner.findData(chosen)))
        self.loading = False
        self.partner.setEnabled(True)
        self._ok().setEnabled(True)

    def _nature_changed(self, *_: object) -> None:
        skills = self.nature.currentData() == "skills"
        self.days.setEnabled(skills)
        if not skills:
            self.days.setValue(0)

    def values(self) -> tuple[dict[str, Any], dict[str, str]]:
        problems: dict[str, str] = {}
        try:
            cents: int | None = parse_money(self.amount.text())
        except ValueError as exc:
            cents = None
            problems["amount_cents"] = str(exc)
        values = {"convention_id": self.convention.id, "partner_id": self.partner.currentData(),
                  "year": self.year.currentData(), "nature": self.nature.currentData(), "amount_cents": cents,
                  "days": self.days.value() or None, "description": self.description.text()}
        return values, problems

    def accept(self) -> None:
        if self.saving or self.loading:
            return
        values, problems = self.values()
        problems = {**svc.commitment_problems(values), **problems}
        if problems:
            show_problems(self, self.errors, problems)
            return
        save_undoable(self, self.row, values, create=svc.create_commitment, update=svc.update_commitment,
                      delete=svc.delete_commitment, changes=Changes(conventions=True),
                      created=lambda _v, _id: "ajout d'un engagement",
                      updated=lambda _v, kid: f"modification de l'engagement {kid}")
