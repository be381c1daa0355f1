"""Partner form (kind, name, SIRET, address, active) and the undo command shared by partner edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.models.enums import PARTNER_KINDS, label
from alize_desktop.services import partners as svc
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.context import AppContext
from alize_desktop.ui.forms import FieldErrors, ok_cancel


class ServiceCommand(QUndoCommand):
    """An edit already applied by a service; undo/redo call the inverse and the same service again.

    A step that the rules now refuse (e.g. undoing a creation once the record is referenced) is
    reported in French and the command is dropped from the stack rather than left half-applied.
    """

    def __init__(self, ctx: AppContext, text: str, redo: Callable[[], Any], undo: Callable[[], Any],
                 changes: Changes = Changes(partners=True), parent: QWidget | None = None):  # noqa: B008
        super().__init__(text)
        self.ctx, self._redo, self._undo, self.changes, self.parent = ctx, redo, undo, changes, parent
        self.first = True

    def _run(self, action: Callable[[], Any]) -> None:
        try:
            action()
        except RuleError as exc:
            QMessageBox.warning(self.parent, "Annulation impossible", str(exc))
            self.setObsolete(True)
            return
        self.ctx.bus.emit(self.changes)

    def redo(self) -> None:
        if self.first:  # the dialog has just done it
            self.first = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)


class PartnerDialog(QDialog):
    """Create (row None) or edit a partner; the service validates, messages appear under the fields."""

    def __init__(self, ctx: AppContext, row: svc.PartnerRow | None = None, parent: QWidget | None = None,
                 kind: str | None = None):
        super().__init__(parent)
        self.setObjectName("partner_dialog")
        self.ctx, self.row = ctx, row
        self.saved_id: str | None = None
        self.setWindowTitle("Nouveau partenaire" if row is None else f"Partenaire {row.id}")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        layout.addLayout(form)
        self.errors = FieldErrors(form)
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in PARTNER_KINDS:
            self.kind.addItem(label(code), code)
        self.errors.add_row("kind", "Type", self.kind)
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.errors.add_row("name", "Nom", self.name)
        self.siret = QLineEdit()
        self.siret.setObjectName("siret")
        self.siret.setPlaceholderText("14 chiffres")
        self.siret.editingFinished.connect(self._check_siret)
        self.errors.add_row("siret", "SIRET", self.siret)
        self.address = QPlainTextEdit()
        self.address.setObjectName("address")
        self.address.setFixedHeight(64)
        self.address.setTabChangesFocus(True)
        self.errors.add_row("address", "Adresse", self.address)
        self.active = QCheckBox("Partenaire actif")
        self.active.setObjectName("active")
        self.active.setChecked(True)
        self.errors.add_row("active", "État", self.active)
        layout.addWidget(self.errors.general)
        self.buttons = ok_cancel(self, layout, "Enregistrer" if row is not None else "Créer")
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
        self.siret.setPlaceholderText("14 chiffres (obligatoire)" if company else "14 chiffres (facultatif)")

    def _check_siret(self) -> None:
        message = svc.siret_problem(self.siret.text())
        lab = self.errors.labels["siret"]
        lab.setText(message or "")
        lab.setVisible(bool(message))

    def values(self) -> dict[str, Any]:
        return {"kind": self.kind.currentData(), "name": self.name.text(), "siret": self.siret.text(),
                "address": self.address.toPlainText(), "active": self.active.isChecked()}

    def accept(self) -> None:
        values = self.values()
        engine = self.ctx.engine
        try:
            if self.row is None:
                new_id = svc.create_partner(engine, values)
                saved = svc.normalise_partner(values)
                command = ServiceCommand(
                    self.ctx, f"création du partenaire {saved['name']}",
                    redo=lambda: svc.create_partner(engine, saved, new_id),
                    undo=lambda: svc.delete_partner(engine, new_id), parent=self.parentWidget())
                self.saved_id = new_id
            else:
                before, pid = self.row.values(), self.row.id
                after = svc.normalise_partner(values)
                if not svc.update_partner(engine, pid, values).partners:
                    super().accept()
                    return
                command = ServiceCommand(
                    self.ctx, f"modification du partenaire {after['name']}",
                    redo=lambda: svc.update_partner(engine, pid, after),
                    undo=lambda: svc.update_partner(engine, pid, before), parent=self.parentWidget())
                self.saved_id = pid
        except RuleError as exc:
            self.errors.show(exc.problems)
            return
        self.ctx.undo.push(command)
        self.ctx.bus.emit(Changes(partners=True))
        super().accept()
