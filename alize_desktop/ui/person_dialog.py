"""Representative form: first and last name, role, e-mail, phone, comité member, active."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from alize_desktop.services import partners as svc
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.context import AppContext
from alize_desktop.ui.forms import FieldErrors, ok_cancel
from alize_desktop.ui.partner_dialog import ServiceCommand


class PersonDialog(QDialog):
    """Create a person for `partner` (row None) or edit `row`; undoable through ctx.undo."""

    def __init__(self, ctx: AppContext, partner: svc.PartnerRow, row: svc.PersonRow | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("person_dialog")
        self.ctx, self.partner, self.row = ctx, partner, row
        self.saved_id: str | None = None
        self.setWindowTitle("Nouveau représentant" if row is None else f"Représentant {row.full_name}")
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        of = QLabel(f"Représentant de : {partner.name}")
        of.setTextFormat(Qt.TextFormat.PlainText)  # the partner's name is user text, shown literally
        layout.addWidget(of)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)
        self.edits: dict[str, QLineEdit] = {}
        for key, caption, hint in (("first_name", "Prénom", ""), ("last_name", "Nom", ""),
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
        layout.addWidget(self.errors.general)
        self.buttons = ok_cancel(self, layout, "Enregistrer" if row is not None else "Créer")
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
        values = self.values()
        engine = self.ctx.engine
        try:
            if self.row is None:
                new_id = svc.create_person(engine, values)
                saved = svc.normalise_person(values)
                command = ServiceCommand(
                    self.ctx, f"création de {saved['first_name']} {saved['last_name']}",
                    redo=lambda: svc.create_person(engine, saved, new_id),
                    undo=lambda: svc.delete_person(engine, new_id), parent=self.parentWidget())
                self.saved_id = new_id
            else:
                before, hid = self.row.values(), self.row.id
                after = svc.normalise_person(values)
                if not svc.update_person(engine, hid, values).partners:
                    super().accept()
                    return
                command = ServiceCommand(
                    self.ctx, f"modification de {after['first_name']} {after['last_name']}",
                    redo=lambda: svc.update_person(engine, hid, after),
                    undo=lambda: svc.update_person(engine, hid, before), parent=self.parentWidget())
                self.saved_id = hid
        except RuleError as exc:
            self.errors.show(exc.problems)
            return
        self.ctx.undo.push(command)
        self.ctx.bus.emit(Changes(partners=True))
        super().accept()
