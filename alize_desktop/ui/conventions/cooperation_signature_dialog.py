"""Enregistrer la signature d'une convention de coopération et développement (date + scan)."""

from __future__ import annotations

import pathlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_long
from alize_desktop.services.conventions.signatures import CooperationRow, record_signature
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import FieldErrors, date_edit, get_date, ok_cancel
from alize_desktop.ui.widgets.kit_forms import file_field, set_saving
from alize_desktop.ui.widgets.read_only import writes


class SignatureDialog(QDialog):
    def __init__(self, ctx: AppContext, row: CooperationRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.setWindowTitle("Signature de la convention de coopération et développement")
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        intro = QLabel(f"{row.company_name} — {row.title}")
        intro.setTextFormat(Qt.TextFormat.PlainText)  # user text, shown literally
        intro.setWordWrap(True)
        intro.setStyleSheet("font-weight: 600;")
        lay.addWidget(intro)
        facts = [f"Agréé le {date_long(row.approved_on)}." if row.approved_on else "Date d'agrément inconnue."]
        if row.signed_on:
            facts.append(f"Signature déjà enregistrée le {date_long(row.signed_on)} : la saisie la corrige.")
        facts.append("La signature marque le début du suivi (18 mois au moins).")
        note = QLabel(" ".join(facts))
        note.setWordWrap(True)
        note.setStyleSheet("color: #555;")
        lay.addWidget(note)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.signed_on = date_edit(row.signed_on or ctx.clock.today())
        self.signed_on.setObjectName("signed_on")
        self.errors.add_row("signed_on", "Signée le *", self.signed_on)
        scan_box, self.scan, scan_row = file_field(
            "scan", "Facultatif : le PDF de l'exemplaire signé" if not row.has_scan
            else "Scan déjà joint ; choisir un fichier pour le remplacer", "Scan de la convention signée",
            "Documents PDF (*.pdf);;Tous les fichiers (*)", "Choisir…")  # typed or pasted, or chosen
        self.clear = writes(QPushButton("Retirer"))
        self.clear.setToolTip("Ne pas joindre de scan")
        self.clear.clicked.connect(self.scan.clear)
        scan_row.addWidget(self.clear)
        self.errors.add_row("scan", "Scan signé", scan_box)
        lay.addLayout(form)
        lay.addWidget(self.errors.general)
        self.form = form
        self.buttons = ok_cancel(self, lay, "Enregistrer la signature")
        self.saving = False  # the signature is being written on the database worker

    def reject(self) -> None:
        if not self.saving:  # the signature and its scan being stored cannot be called back half-way
            super().reject()

    def accept(self) -> None:
        """Record the signature (and copy the scan) on the database worker, busy meanwhile; a
        refusal is shown beside its field and what was typed stays."""
        if self.saving:
            return
        self.errors.clear()
        scan = pathlib.Path(self.scan.text().strip()).expanduser() if self.scan.text().strip() else None
        if scan is not None and not scan.is_file():
            self.errors.show({"scan": f"Le fichier « {scan} » est introuvable : vérifiez le chemin tapé ou "
                                      "choisissez le fichier avec « Choisir… »."})
            self.adjustSize()
            return
        engine, db_path, project_id = self.ctx.engine, self.ctx.db_path, self.row.project_id
        signed_on, today = get_date(self.signed_on), self.ctx.clock.today()

        def work() -> Changes:
            return record_signature(engine, db_path, project_id, signed_on, scan, today=today) | Changes(projects=True)

        set_saving(self, self.form, True)
        self.ctx.runner.op(self, work, self._saved, self._refused)

    def _saved(self, _changes: Changes) -> None:
        set_saving(self, self.form, False)
        super().accept()  # the runner has told every page

    def _refused(self, exc: BaseException) -> None:
        set_saving(self, self.form, False)
        if isinstance(exc, RuleError):
            self.errors.show(exc.problems)
        elif isinstance(exc, OSError):  # the scan could not be read or copied: say so, keep the dialog
            self.errors.show({"scan": f"Copie du scan impossible : {exc.strerror or exc}"})
        else:
            raise exc  # the window's crash handler logs it and shows a French dialog
        self.adjustSize()
