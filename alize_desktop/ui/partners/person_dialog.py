"""Representative form: first and last name, role, e-mail, phone, comité member, active."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from alize_desktop.services.partners import partners as svc
from alize_desktop.services.uow import Changes
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_forms import RecordDialog, form_buttons, form_frame, save_undoable


class PersonDialog(RecordDialog):
    """Create a person for `partner` (row None) or edit `row`; undoable through ctx.undo."""

    def __init__(self, ctx: AppContext, partner: svc.PartnerRow, row: svc.PersonRow | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.partner, self.row = ctx, partner, row
        layout, self.errors = form_frame(self, "person_dialog", "Nouveau représentant" if row is None
                                         else f"Représentant {row.full_name}", 480)
        of = QLabel(f"Représentant de : {partner.name}")
        of.setTextFormat(Qt.TextFormat.PlainText)  # the partner's name is user text, shown literally
        layout.insertWidget(0, of)
        self.edits: dict[str, QLineEdit] = {}
        for key, caption, hint in (("first_name", "Prénom *", ""), ("last_name", "Nom *", ""),
                                   ("role", "Fonction", "Directeur du site, DRH…"),
                                   ("email", "Courriel", "prenom.nom@entreprise.fr"),
                                   ("phone", "Téléphone", "03 29 00 00 00")):
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setPlaceholderText(hint)
            self.errors.add_row(key, caption, edit)
            self.edits[key] = edit
        self.committee = QCheckBox("Membre du comité d'agrément")
        self.committee.setObjectName("committee_member")
        self.errors.add_row("committee_member", "Comité", self.committee)
        self.active = QCheckBox("Personne active")
        self.active.setObjectName("active")
        self.active.setChecked(True)
        self.errors.add_row("active", "État", self.active)
        self.buttons = form_buttons(self, layout, self.errors, row is None)
        if row is not None:
            for key, edit in self.edits.items():
                edit.setText(getattr(row, key) or "")
            self.committee.setChecked(row.committee_member)
            self.active.setChecked(row.active)

    def values(self) -> dict[str, Any]:
        values: dict[str, Any] = {key: edit.text() for key, edit in self.edits.items()}
        values.update(partner_id=self.row.partner_id if self.row else self.partner.id,
                      committee_member=self.committee.isChecked(), active=self.active.isChecked())
        return values

    def accept(self) -> None:
        save_undoable(self, self.row, self.values(), create=svc.create_person, update=svc.update_person,
                      delete=svc.delete_person, changes=Changes(partners=True),
                      created=lambda v, _id: f"création de {v['first_name']} {v['last_name']}",
                      updated=lambda v, _id: f"modification de {v['first_name']} {v['last_name']}",
                      normalise=svc.normalise_person)
