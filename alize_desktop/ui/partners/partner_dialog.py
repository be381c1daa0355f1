"""Partner form: kind, name, SIRET, address, active; saved through the service, undoable."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QWidget

from alize_desktop.models.enums import PARTNER_KINDS, label
from alize_desktop.services.partners import partners as svc
from alize_desktop.services.uow import Changes
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_forms import RecordDialog, form_buttons, form_frame, save_undoable, text_box


class PartnerDialog(RecordDialog):
    """Create (row None) or edit a partner; the service validates, messages appear under the fields."""

    def __init__(self, ctx: AppContext, row: svc.PartnerRow | None = None, parent: QWidget | None = None,
                 kind: str | None = None):
        super().__init__(parent)
        self.ctx, self.row = ctx, row
        layout, self.errors = form_frame(self, "partner_dialog",
                                         "Nouveau partenaire" if row is None else f"Partenaire « {row.name} »", 520)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in PARTNER_KINDS:
            self.kind.addItem(label(code), code)
        self.errors.add_row("kind", "Type", self.kind)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.errors.add_row("name", "Nom *", self.name)
        self.siret = QLineEdit()
        self.siret.setObjectName("siret")
        self.siret.setPlaceholderText("14 chiffres")
        self.siret.editingFinished.connect(self._check_siret)
        self.errors.add_row("siret", "SIRET", self.siret)
        self.address = text_box("address", 64)
        self.errors.add_row("address", "Adresse", self.address)
        self.active = QCheckBox("Partenaire actif")
        self.active.setObjectName("active")
        self.active.setChecked(True)
        self.errors.add_row("active", "État", self.active)
        self.buttons = form_buttons(self, layout, self.errors, row is None)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        if row is not None:
            self.kind.setCurrentIndex(PARTNER_KINDS.index(row.kind))
            self.name.setText(row.name)
            self.siret.setText(row.siret or "")
            self.address.setPlainText(row.address or "")
            self.active.setChecked(row.active)
        elif kind in PARTNER_KINDS:
            self.kind.setCurrentIndex(PARTNER_KINDS.index(kind))
        self._kind_changed()

    def _kind_changed(self, *_: object) -> None:
        company = self.kind.currentData() == "company"
        self.siret.setPlaceholderText("14 chiffres" if company else "14 chiffres (facultatif)")
        self.errors.set_required("siret", company)  # the same " *" as every required field

    def _check_siret(self) -> None:
        message = svc.siret_problem(self.siret.text())
        lab = self.errors.labels["siret"]
        lab.setText(message or "")
        lab.setVisible(bool(message))

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "name": self.name.text(), "siret": self.siret.text(),
                "address": self.address.toPlainText(), "active": self.active.isChecked()}

    def accept(self) -> None:
        save_undoable(self, self.row, self.values(), create=svc.create_partner, update=svc.update_partner,
                      delete=svc.delete_partner, changes=Changes(partners=True),
                      created=lambda v, _id: f"création du partenaire {v['name']}",
                      updated=lambda v, _id: f"modification du partenaire {v['name']}",
                      normalise=svc.normalise_partner)
