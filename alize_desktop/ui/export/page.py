"""Export: the ASTREES bundle (.zip) with progress and cancel, its files, and the email to ASTREES."""

from __future__ import annotations

import dataclasses
import datetime as dt
import pathlib
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_long, integer
from alize_desktop.services.export.bundle import (
    BundleError,
    BundleFile,
    BundlePlan,
    BundleResult,
    bundle_plan,
    convention_text,
    read_zip_bytes,
    recipient,
    size_text,
    write_bundle,
)
from alize_desktop.services.export.email_draft import ASTREES_EMAIL_KEY, EmailProblem, compose, write_draft
from alize_desktop.services.export.smtp_send import SmtpSettings, smtp_settings
from alize_desktop.services.progress import Cancelled
from alize_desktop.ui.pages.base import Page, heading, note
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.shell.worker import run_with_progress
from alize_desktop.ui.widgets.forms import as_of_edit, get_date
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_tables import row_table
from alize_desktop.ui.widgets.kit_widgets import plain_label
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.table_model import Column

TITLE = "Export du paquet ASTREES"
FOLDER_KEY = "export/folder"


def bundle_file_name(basin_name: str | None, as_of: dt.date) -> str:
    """`paquet-astrees-alize-vallee-de-la-sorne-2026-11-26.zip`: plain ASCII, safe on every disk."""
    ascii_name = unicodedata.normalize("NFKD", basin_name or "bassin").encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "bassin"
    return f"paquet-astrees-{slug}-{as_of.isoformat()}.zip"


def _kind(f: BundleFile) -> str:
    if f.name.startswith("documents/"):
        return "Document PDF" if f.name.endswith(".pdf") else "Scan signé"
    if f.name.startswith("csv/"):
        return "Tableau CSV"
    return {"data.json": "Données du bassin (format ALIZÉ)", "report.json": "Rapport d'évaluation (chiffres)"}.get(
        f.name, "Fichier")


FILE_COLUMNS = (
    Column("Fichier", lambda f: f.name),
    Column("Contenu", _kind),
    Column("Taille", lambda f: size_text(f.size), sort=lambda f: f.size, align_right=True),
    Column("Empreinte SHA-256", lambda f: f.sha256[:16] + "…", tooltip=lambda f: f.sha256),
)


class ExportPage(Page):
    key = "export"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.last: BundleResult | None = None
        self.astrees_email: str | None = None
        self.basin_name: str | None = None
        self.smtp_saved: SmtpSettings | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(heading(TITLE))
        lay.addWidget(note("Le paquet réunit les données complètes du bassin (data.json), le rapport d'évaluation, "
                           "un tableau CSV par table et les documents PDF de la convention, avec l'empreinte "
                           "SHA-256 de chaque fichier. Il s'importe tel quel dans ALIZÉ Desktop."))
        top = QHBoxLayout()
        lay.addLayout(top)
        top.addWidget(self._build_export_box(), 3)
        top.addWidget(self._build_mail_box(), 2)
        lay.addWidget(self._build_files_box(), 1)

    # building -----------------------------------------------------------------------------------
    def _build_export_box(self) -> QGroupBox:
        box = QGroupBox("Paquet à exporter")
        form = QFormLayout(box)
        self.as_of = as_of_edit(self.ctx.clock.today())
        self.as_of.setObjectName("export_as_of")
        self.as_of.setToolTip("Date à laquelle les chiffres du rapport sont arrêtés")
        self.as_of.setMaximumWidth(180)
        self.as_of.dateChanged.connect(lambda _d: self.reload())
        form.addRow("C&hiffres au", self.as_of)
        self.convention = plain_label(selectable=True)
        self.convention.setObjectName("export_convention")
        form.addRow("Convention", self.convention)
        row = QHBoxLayout()
        self.folder = QLineEdit(self._default_folder())
        self.folder.setObjectName("export_folder")
        self.folder.textChanged.connect(lambda _t: self._show_file_name())
        choose = QPushButton("Choisir…")
        choose.setObjectName("export_choose_folder")
        choose.clicked.connect(self.choose_folder)
        row.addWidget(self.folder, 1)
        row.addWidget(choose)
        form.addRow("&Dossier", row)
        form.labelForField(row).setBuddy(self.folder)
        self.file_name = plain_label(selectable=True)
        self.file_name.setObjectName("export_file_name")
        form.addRow("Fichier", self.file_name)
        self.export_button = QPushButton("Exporter le paquet")
        self.export_button.setObjectName("export_button")
        self.export_button.setShortcut("Ctrl+Return")
        self.export_button.setToolTip("Exporter le paquet (Ctrl+Entrée)")
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(self.export)
        form.addRow("", self.export_button)
        return box

    def _build_mail_box(self) -> QGroupBox:
        box = QGroupBox("Envoi à ASTREES")
        col = QVBoxLayout(box)
        self.address = plain_label(selectable=True)
        self.address.setObjectName("export_astrees_email")
        col.addWidget(self.address)
        edit = QPushButton("Modifier l'adresse sur la page Bassin")
        edit.setObjectName("export_edit_address")
        edit.clicked.connect(lambda: self.navigate.emit("basin", ""))
        col.addWidget(edit)
        buttons = QHBoxLayout()
        self.draft_button = QPushButton("Préparer le courriel")
        self.draft_button.setObjectName("export_draft")
        self.draft_button.setToolTip("Écrire un brouillon (.eml) avec le paquet joint et l'ouvrir dans la messagerie")
        self.draft_button.clicked.connect(self.prepare_email)
        self.smtp_button = writes(QPushButton("Envoyer par SMTP…"))
        self.smtp_button.setObjectName("export_smtp")
        self.smtp_button.setToolTip("Envoyer le paquet par le serveur d'envoi de votre messagerie")
        self.smtp_button.clicked.connect(self.send_smtp)
        buttons.addWidget(self.draft_button)
        buttons.addWidget(self.smtp_button)
        col.addLayout(buttons)
        self.mail_status = plain_label(selectable=True)
        self.mail_status.setObjectName("export_mail_status")
        col.addWidget(self.mail_status)
        col.addStretch()
        return box

    def _build_files_box(self) -> QGroupBox:
        box = QGroupBox("Dernier paquet")
        col = QVBoxLayout(box)
        self.status = plain_label("Aucun paquet exporté pendant cette session.", selectable=True)
        self.status.setObjectName("export_status")
        col.addWidget(self.status)
        self.warnings = plain_label(selectable=True)
        self.warnings.setObjectName("export_warnings")
        self.warnings.setStyleSheet("color: #8a5a00;")
        self.warnings.hide()
        col.addWidget(self.warnings)
        files = row_table(FILE_COLUMNS, "export_files", alternating=False, parent=self, stretch=0,
                          sort=(0, Qt.SortOrder.AscendingOrder))
        self.files_model, self.files_proxy, self.files = files.model, files.proxy, files.view
        col.addWidget(self.files, 1)
        open_folder = QPushButton("Ouvrir le dossier du paquet")
        open_folder.setObjectName("export_open_folder")
        open_folder.clicked.connect(self.open_folder)
        self.open_folder_button = open_folder
        col.addWidget(open_folder, 0, Qt.AlignmentFlag.AlignLeft)
        return box

    # state --------------------------------------------------------------------------------------
    def _default_folder(self) -> str:
        saved = QSettings().value(FOLDER_KEY, "")
        if saved and pathlib.Path(str(saved)).is_dir():
            return str(saved)
        docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        return docs or str(pathlib.Path.home())

    def output_path(self) -> pathlib.Path:
        return pathlib.Path(self.folder.text().strip()).expanduser() / bundle_file_name(self.basin_name, self.as_of_date())

    def as_of_date(self) -> dt.date:
        return get_date(self.as_of) or self.ctx.clock.today()

    def loader(self) -> Callable[[], tuple[BundlePlan, SmtpSettings]]:
        engine, as_of = self.ctx.engine, self.as_of_date()
        # The SMTP dialog's remembered server is read with the plan: opening it reads nothing.
        return lambda: (bundle_plan(engine, as_of), smtp_settings(engine))

    def show_loaded(self, data: tuple[BundlePlan, SmtpSettings]) -> None:
        plan, self.smtp_saved = data
        self.basin_name, self.astrees_email = plan.basin_name, plan.astrees_email
        if plan.basin_name is None:
            self.convention.setText("Cette base ne contient pas encore de bassin : rien à exporter.")
        elif plan.convention is None:
            self.convention.setText(f"Aucune convention commencée au {date_long(self.as_of_date())} : "
                                    "le paquet n'aura ni rapport ni documents.")
        else:
            self.convention.setText(convention_text(plan.convention))
        self._show_file_name()
        self.address.setText(f"Adresse d'ASTREES : {plan.astrees_email}" if plan.astrees_email else
                             "Adresse d'ASTREES : non renseignée (à saisir sur la page Bassin)")
        self._update_buttons()

    def _show_file_name(self) -> None:
        self.file_name.setText(self.output_path().name)

    def _update_buttons(self, busy: bool = False) -> None:
        self.export_button.setEnabled(not busy and self.basin_name is not None)
        has_bundle = self.last is not None and not busy
        self.draft_button.setEnabled(has_bundle)
        self.smtp_button.setEnabled(has_bundle)
        self.open_folder_button.setEnabled(has_bundle)

    # actions ------------------------------------------------------------------------------------
    def choose_folder(self) -> None:
        name = QFileDialog.getExistingDirectory(self, "Dossier du paquet", self.folder.text())
        if name:
            self.folder.setText(name)

    def export(self) -> None:
        folder = pathlib.Path(self.folder.text().strip()).expanduser()
        if not self.folder.text().strip() or not folder.is_dir():
            QMessageBox.warning(self, TITLE, f"Le dossier « {self.folder.text().strip()} » n'existe pas : "
                                             "choisissez le dossier où écrire le paquet.")
            return
        out, as_of = self.output_path(), self.as_of_date()
        if out.exists():
            if not confirmed(self, TITLE, f"Le fichier {out.name} existe déjà dans ce dossier. Le remplacer ?"):
                return
        QSettings().setValue(FOLDER_KEY, str(folder))
        engine, db_path = self.ctx.engine, self.ctx.db_path

        def task(progress: Any) -> BundleResult | None:
            try:
                return write_bundle(engine, db_path, out, as_of=as_of, progress=progress)
            except Cancelled:
                return None  # write_bundle has removed its temporary file

        self._update_buttons(busy=True)
        self.status.setText("Export en cours…")
        run_with_progress(self, TITLE, task, self._exported, self._failed, modal=False)

    def _exported(self, result: BundleResult | None) -> None:
        if result is None:
            self.status.setText("Export annulé : aucun fichier n'a été écrit.")
        else:
            self.show_bundle(result)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, BundleError) else f"Erreur inattendue : {type(exc).__name__} ({exc})"
        self.status.setText(f"Export impossible : {text}")
        self._update_buttons()
        QMessageBox.critical(self, TITLE, f"Le paquet n'a pas été écrit.\n\n{text}")

    def show_bundle(self, result: BundleResult) -> None:
        self.last = result
        self.mail_status.clear()
        stale = result.path.with_suffix(".eml")
        if stale.exists():  # written for the bundle this export replaced: never send it by mistake
            self.mail_status.setText(f"Le brouillon {stale.name} joint le paquet précédent : « Préparer le "
                                     "courriel » en écrit un nouveau avec ce paquet-ci.")
        self.files_model.set_rows(result.files)
        self.status.setText(f"{result.path} — {size_text(result.zip_size)}, {integer(len(result.files) + 1)} "
                            f"fichiers (avec manifest.json), chiffres au {date_long(result.as_of)}")
        self.warnings.setText("\n".join(f"⚠ {w}" for w in result.warnings))
        self.warnings.setVisible(bool(result.warnings))
        self._update_buttons()

    def _recipient(self) -> str | None:
        """ASTREES's address as the page last read it (the Basin page's edits reload the page)."""
        if not self.astrees_email:
            if confirmed(self, "Adresse d'ASTREES", "L'adresse de courriel d'ASTREES n'est pas renseignée. "
                         "Ouvrir la page Bassin pour la saisir ?"):
                self.navigate.emit("basin", "")
            return None
        try:
            return recipient(None, {ASTREES_EMAIL_KEY: self.astrees_email})
        except BundleError as exc:
            QMessageBox.warning(self, "Adresse d'ASTREES", f"{exc} : corrigez-la sur la page Bassin.")
            return None

    def prepare_email(self) -> None:
        self.when_loaded(self._prepare_email)  # the address may be on its way

    def _prepare_email(self) -> None:
        if self.last is None:
            return
        to = self._recipient()
        if to is None:
            return
        eml = self.last.path.with_suffix(".eml")
        try:
            write_draft(eml, compose(self.last.covering, read_zip_bytes(self.last.path), to, draft=True))
        except (BundleError, EmailProblem, OSError) as exc:
            QMessageBox.critical(self, "Courriel", f"Le brouillon n'a pas pu être écrit : {exc}")
            return
        self.last = dataclasses.replace(self.last, eml=eml, eml_to=to)
        self.mail_status.setText(f"Brouillon pour {to} écrit : {eml}")
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(eml))):
            QMessageBox.information(self, "Courriel", f"Le brouillon est écrit : {eml}\n\n"
                                                      "Ouvrez-le avec votre messagerie pour l'envoyer.")

    def send_smtp(self) -> None:
        self.when_loaded(self._send_smtp)  # the address may be on its way

    def _send_smtp(self) -> None:
        from alize_desktop.ui.export.smtp_dialog import SmtpDialog

        if self.last is None:
            return
        to = self._recipient()
        if to is None:
            return
        dialog = SmtpDialog(self.ctx, self.last, to, self, saved=self.smtp_saved)
        if dialog.exec() and dialog.sent:
            self.mail_status.setText(f"Courriel envoyé à {to}.")

    def open_folder(self) -> None:
        if self.last is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last.path.parent)))
