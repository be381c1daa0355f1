"""Conventions › Coopération et développement: the approved projects and their conventions.

Preview and print the convention (built off the GUI thread), save it as a PDF, record the
signature date with the signed scan, and open that scan after checking it is unchanged.
"""

from __future__ import annotations

import datetime as dt
import os
import pathlib
import re
import tempfile
from collections.abc import Sequence

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.documents.errors import DocumentError
from alize_desktop.formatting import date_short
from alize_desktop.models.enums import label
from alize_desktop.services.conventions.document_options import document_bytes
from alize_desktop.services.conventions.signatures import (
    CooperationRow,
    ScanCheck,
    verify_scan,
)
from alize_desktop.ui.conventions.cooperation_signature_dialog import SignatureDialog
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.shell.worker import run_with_progress
from alize_desktop.ui.widgets.kit_forms import documents_folder
from alize_desktop.ui.widgets.kit_messages import literal
from alize_desktop.ui.widgets.kit_tables import UNSORTED, date_col, on_row_changed, row_table
from alize_desktop.ui.widgets.kit_widgets import GOOD, WARN, button, shortcut
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.table_model import Column

TITLE = "Convention de coopération et développement"
FILTERS = ("Toutes", "À produire", "Signées", "Sans mandataire")

COLUMNS = (
    Column("Entreprise", lambda r: r.company_name, tooltip=lambda r: r.company_name),
    Column("Projet", lambda r: r.title, tooltip=lambda r: r.title),
    date_col("Agréé le", lambda r: r.approved_on),
    Column("Mandataire", lambda r: r.mandatary or "aucun", colour=lambda r: None if r.mandatary else WARN),
    Column("Statut", lambda r: label(r.status)),
    Column("Convention", lambda r: f"Signée le {date_short(r.signed_on)}" if r.signed_on else "À produire",
           lambda r: r.signed_on, colour=lambda r: GOOD if r.signed_on else None),
    Column("Scan signé", lambda r: "joint" if r.has_scan else "—"),
)


def convention_bytes(engine, db_path: pathlib.Path, project_id: str, today: dt.date) -> bytes:  # type: ignore[no-untyped-def]
    """The convention's PDF (runs in the worker thread)."""
    return document_bytes(engine, db_path, "cooperation", project_id=project_id, as_of=today)


def suggested_name(row: CooperationRow) -> str:
    company = re.sub(r"[^\w-]+", "-", row.company_name, flags=re.UNICODE).strip("-").lower() or row.project_id
    return f"convention-cooperation-{company}-{row.project_id}.pdf"


class CooperationTab(QWidget):
    """Shows the rows the Conventions page loaded (`show_rows`); the page reloads them after a change
    (its `concerns`), so the tab neither listens to the bus nor reads the list itself."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("cooperation_tab")
        self.ctx = ctx
        # Rows given while the tab is hidden (the page opens on the partnership tab): painted when it
        # shows, so a network-size basin's thousands of rows cost nothing until the operator looks.
        self._waiting: Sequence[CooperationRow] | None = None
        self.preview: QWidget | None = None  # the last preview opened (tests reach it here)
        self.dialog: QWidget | None = None
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("cooperation_search")
        self.search.setPlaceholderText("Rechercher une entreprise, un projet, un mandataire…")
        self.search.setClearButtonEnabled(True)
        self.filter = QComboBox()
        self.filter.setObjectName("cooperation_filter")
        self.filter.addItems(FILTERS)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.filter)
        lay.addLayout(bar)
        self.table = row_table(COLUMNS, "cooperation_table", stretch=(0, 1), sort=UNSORTED)
        lay.addWidget(self.table.view, 1)
        shortcut(self, QKeySequence.StandardKey.Find, self.search.setFocus)
        self.detail = QLabel()
        self.detail.setObjectName("cooperation_detail")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        lay.addWidget(self.detail)
        # What the attached signed copy's electronic signatures say (checked on the database worker).
        self.signature_state = QLabel()
        self.signature_state.setObjectName("signature_state")
        self.signature_state.setTextFormat(Qt.TextFormat.PlainText)
        self.signature_state.setWordWrap(True)
        lay.addWidget(self.signature_state)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.preview_button = button("&Aperçu / imprimer", "Produire la convention et l'afficher, avec impression",
                                     self.preview_selected, layout=buttons, keys="Ctrl+P", owner=self)
        self.save_button = button("Enregistrer le &PDF…", "Enregistrer la convention dans un fichier PDF",
                                  self.save_selected, layout=buttons, keys="Ctrl+Shift+P", owner=self)
        self.sign_button = writes(button("Enregistrer la &signature…", "Date de signature et scan de l'exemplaire signé",
                                  self.sign_selected, layout=buttons, keys="Ctrl+Shift+G", owner=self))
        self.scan_button = button("&Ouvrir le scan signé", "Ouvrir le PDF signé après avoir vérifié qu'il n'a pas "
                                  "changé", self.open_scan, layout=buttons, keys="Ctrl+Shift+O", owner=self)
        lay.addLayout(buttons)
        self.search.textChanged.connect(self._filter)
        self.filter.currentIndexChanged.connect(self._filter)
        on_row_changed(self.table.view, self._selection_changed)
        self.table.view.doubleClicked.connect(lambda *_: self.preview_selected())
        self._selection_changed()

    # refresh ------------------------------------------------------------------------------------
    def show_rows(self, rows: Sequence[CooperationRow]) -> None:
        """Paint the page's load (when the tab shows), keeping the project selected."""
        self._waiting = rows
        if self.isVisible():
            self._paint()

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 - Qt API
        super().showEvent(event)
        self._paint()

    def _paint(self) -> None:
        rows, self._waiting = self._waiting, None
        if rows is None:
            return
        current = self.current()
        self.table.set_rows(rows)
        if current is not None:
            self.table.select(lambda r: r.project_id == current.project_id)
        self._selection_changed()

    def show_project(self, project_id: str) -> None:
        """Select the project's row (clearing filters that would hide it)."""
        self._paint()
        if not self.table.select(lambda r: r.project_id == project_id):
            self.search.clear()
            self.filter.setCurrentIndex(0)
            self.table.select(lambda r: r.project_id == project_id)
        self.table.view.setFocus()

    def _filter(self) -> None:
        choice = self.filter.currentText()
        tests = {"À produire": lambda r: r.signed_on is None, "Signées": lambda r: r.signed_on is not None,
                 "Sans mandataire": lambda r: not r.mandatary}
        self.table.proxy.set_predicate(tests.get(choice))
        self.table.proxy.set_search(self.search.text(), lambda r: f"{r.company_name} {r.title} {r.mandatary}")

    def current(self) -> CooperationRow | None:
        return self.table.current()

    def _selection_changed(self) -> None:
        row = self.current()
        for b in (self.preview_button, self.save_button, self.sign_button):
            b.setEnabled(row is not None)
        self.scan_button.setEnabled(row is not None and row.has_scan)
        if row is None:
            self.detail.setText("Sélectionnez un projet agréé pour produire sa convention.")
            self.detail.setStyleSheet("color: #555;")
        elif not row.mandatary:
            self.detail.setText(f"{row.title} : aucun mandataire n'est désigné ; la convention ne peut pas être "
                                "produite ni signée avant sa désignation (fiche du projet).")
            self.detail.setStyleSheet(f"color: {WARN};")
        else:
            state = (f"signée le {date_short(row.signed_on)}" + (", scan joint" if row.has_scan else ", sans scan")
                     if row.signed_on else "à produire et faire signer")
            self.detail.setText(f"{row.title} — mandataire : {row.mandatary} — convention {state}.")
            self.detail.setStyleSheet("")
        self.signature_state.setText("")
        if row is not None and row.has_scan:
            engine, db_path, pid = self.ctx.engine, self.ctx.db_path, row.project_id
            self.ctx.runner.query(self, lambda: verify_scan(engine, db_path, pid), self._show_scan_check,
                                  lambda _exc: None, key="scan")

    def _show_scan_check(self, check: ScanCheck) -> None:
        said = " ".join(s for s in (check.message, check.signatures) if s)
        self.signature_state.setText(f"Exemplaire signé joint : {said}" if said else "")
        self.signature_state.setStyleSheet(f"color: {WARN};" if check.state != "ok" else "")

    # actions ------------------------------------------------------------------------------------
    def _refused(self, row: CooperationRow) -> bool:
        """Tell why the convention cannot be produced; True when it cannot."""
        if row.mandatary:
            return False
        QMessageBox.warning(self, TITLE, literal(f"La convention du projet « {row.title} » ne peut pas être "
                                                 "produite : aucun mandataire n'est désigné. Désignez un membre du "
                                                 "comité comme mandataire dans la fiche du projet."))
        return True

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, DocumentError):
            QMessageBox.warning(self, TITLE, f"La convention ne peut pas être produite :\n{exc}")
        elif isinstance(exc, OSError):
            QMessageBox.critical(self, TITLE, f"Le fichier n'a pas pu être écrit :\n{exc.strerror or exc}")
        else:
            QMessageBox.critical(self, TITLE, f"Une erreur a empêché de produire la convention :\n{exc}")

    def preview_selected(self) -> None:
        row = self.current()
        if row is None or self._refused(row):
            return
        engine = self.ctx.engine

        def done(pdf: bytes) -> None:
            from alize_desktop.ui.widgets.pdf_preview import PdfPreviewDialog

            self.preview = PdfPreviewDialog(self, f"{TITLE} — {row.company_name}", pdf, suggested_name(row))
            self.preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
            self.preview.open()

        run_with_progress(self, "Préparation de la convention…", lambda _p: convention_bytes(engine, self.ctx.db_path, row.project_id, self.ctx.clock.today()),
                          done, self._failed)

    def save_selected(self) -> None:
        row = self.current()
        if row is None or self._refused(row):
            return
        name, _ = QFileDialog.getSaveFileName(self, "Enregistrer la convention", documents_folder(suggested_name(row)),
                                              "Documents PDF (*.pdf)")
        if not name:
            return
        path = pathlib.Path(name) if name.lower().endswith(".pdf") else pathlib.Path(name + ".pdf")
        engine = self.ctx.engine

        def task(_progress) -> pathlib.Path:  # type: ignore[no-untyped-def]
            pdf = convention_bytes(engine, self.ctx.db_path, row.project_id, self.ctx.clock.today())
            fd, tmp = tempfile.mkstemp(prefix=".convention-", suffix=".pdf", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(pdf)
                os.replace(tmp, path)  # a half-written file never replaces a good one
            except BaseException:
                pathlib.Path(tmp).unlink(missing_ok=True)
                raise
            return path

        run_with_progress(self, "Enregistrement de la convention…", task,
                          lambda p: QMessageBox.information(self, TITLE, f"Convention enregistrée :\n{p}"),
                          self._failed)

    def sign_selected(self) -> None:
        row = self.current()
        if row is None or self._refused(row):
            return
        self.dialog = SignatureDialog(self.ctx, row, self)
        self.dialog.open()

    def open_scan(self) -> None:
        row = self.current()
        if row is None:
            return
        # The stored copy is found and its fingerprint checked on the database worker.
        engine, db_path, pid = self.ctx.engine, self.ctx.db_path, row.project_id
        self.ctx.runner.query(self, lambda: verify_scan(engine, db_path, pid), self._open_checked, key="open_scan")

    def _open_checked(self, check: ScanCheck) -> None:
        if check.state in ("none", "missing"):
            QMessageBox.warning(self, "Scan signé", check.message)
            return
        if check.state == "changed":
            answer = QMessageBox.warning(self, "Scan signé modifié", check.message + "\n\nL'ouvrir quand même ?",
                                         QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                         QMessageBox.StandardButton.No)
            if answer != QMessageBox.StandardButton.Yes:
                return
        assert check.path is not None
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(check.path))):
            QMessageBox.warning(self, "Scan signé", f"Aucun programme n'a pu ouvrir le fichier :\n{check.path}")
