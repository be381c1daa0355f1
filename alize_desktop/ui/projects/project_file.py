"""The project file: one window with everything about a project in time order.

Also the small form that records the convention's signature (date, mandatary, signed scan), the
one workflow step that needs more than a click.
"""

from __future__ import annotations

import pathlib

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_long, date_short, money
from alize_desktop.models.enums import label
from alize_desktop.services.projects.project_file import KIND_LABELS, ProjectFile, project_file
from alize_desktop.services.projects.projects import PersonChoice
from alize_desktop.services.projects.workflow import transition
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.pages.base import heading
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import ERROR_STYLE, FieldErrors, date_edit, get_date, ok_cancel
from alize_desktop.ui.widgets.kit_forms import RecordDialog, file_field, set_saving, show_problems
from alize_desktop.ui.widgets.kit_widgets import plain_label, shortcut
from alize_desktop.ui.widgets.read_only import writes


class ProjectFileDialog(QDialog):
    """Non-modal; `navigate(page, id)` asks the window for another page, `edit_requested(id)` for the form."""

    navigate = Signal(str, str)
    edit_requested = Signal(str)
    company_requested = Signal(str)

    def __init__(self, ctx: AppContext, project_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.project_id = ctx, project_id
        self.setObjectName("project_file")
        self.resize(980, 660)
        lay = QVBoxLayout(self)
        self.title = heading("")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        lay.addWidget(self.title)
        self.summary = QGridLayout()
        lay.addLayout(self.summary)
        self.insolvency = plain_label(style=ERROR_STYLE + " font-weight: 600;")
        self.insolvency.setObjectName("insolvency")
        lay.addWidget(self.insolvency)
        self.events = QTableWidget(0, 3)
        self.events.setObjectName("events")
        self.events.setHorizontalHeaderLabels(["Date", "Étape", "Événement"])
        self.events.verticalHeader().hide()
        self.events.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.events.setWordWrap(True)
        header = self.events.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        lay.addWidget(self.events, 1)
        buttons = QHBoxLayout()
        self.edit_button = writes(QPushButton("Modifier le projet…"))
        self.edit_button.setToolTip("Modifier le formulaire du projet (F2)")
        self.company_button = writes(QPushButton("Fiche de l'entreprise…"))
        self.company_button.setToolTip("Modifier la fiche de l'entreprise porteuse")
        self.convention_button = QPushButton("Convention de coopération…")
        self.scan_button = QPushButton("Ouvrir la convention signée")
        close = QPushButton("Fermer")
        close.setToolTip("Fermer le dossier (Échap)")
        for b in (self.edit_button, self.company_button, self.convention_button, self.scan_button):
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(close)
        lay.addLayout(buttons)
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(self.project_id))
        self.company_button.clicked.connect(
            lambda: self.data is not None and self.company_requested.emit(self.data.company_id))
        self.convention_button.clicked.connect(self.open_convention)
        self.scan_button.clicked.connect(self.open_scan)
        close.clicked.connect(self.close)
        writes(shortcut(self, "F2", lambda: self.edit_requested.emit(self.project_id),
                        Qt.ShortcutContext.WindowShortcut))
        self.data: ProjectFile | None = None
        self.loading = False  # the file is being read on the database worker
        self.reload()

    def show_project(self, project_id: str) -> None:
        self.project_id = project_id
        self.reload()

    def reload(self) -> None:
        """Read the file on the database worker (a network's project holds years of events); the
        window shows at once, what it said of another project is cleared meanwhile."""
        engine, project_id, today = self.ctx.engine, self.project_id, self.ctx.clock.today()
        if self.data is None or self.data.id != project_id:
            self._waiting(project_id)

        def work() -> tuple[ProjectFile, bool]:
            f = project_file(engine, project_id, today)
            # The signed scan may sit on a network share: looked for here, not on the GUI thread.
            return f, bool(f.signed_scan_path) and pathlib.Path(f.signed_scan_path or "").is_file()

        self.loading = True
        self.setCursor(Qt.CursorShape.BusyCursor)
        self.ctx.runner.query(self, work, lambda read: self._show(*read), self._unreadable, key="file")

    def _waiting(self, project_id: str) -> None:
        """Another project's file is on its way: nothing of the previous one stays to be clicked."""
        self.data = None
        self.setWindowTitle(f"Dossier du projet {project_id}")
        self.title.setText(project_id)
        self.insolvency.hide()
        self.events.setRowCount(0)
        for b in (self.convention_button, self.company_button):
            b.setEnabled(False)
        self.scan_button.hide()

    def _unreadable(self, exc: BaseException) -> None:
        self._done_loading()
        if not isinstance(exc, RuleError):
            raise exc  # the window's crash handler logs it and shows a French dialog
        self.close()  # the project was deleted meanwhile

    def _done_loading(self) -> None:
        self.loading = False
        self.unsetCursor()

    def _show(self, f: ProjectFile, scan_ok: bool) -> None:
        self._done_loading()
        self.data = f
        self.company_button.setEnabled(True)
        self.setWindowTitle(f"Dossier du projet {f.id} — {f.title}")
        self.title.setText(f"{f.id} — {f.title}")
        self._fill_summary(f)
        self.insolvency.setText(f.insolvency)
        self.insolvency.setVisible(bool(f.insolvency))
        self.insolvency.setStyleSheet((ERROR_STYLE if f.insolvency_urgent else "color: #8a5a00;") + " font-weight: 600;")
        self.events.setRowCount(len(f.events))
        for row, ev in enumerate(f.events):
            text = ev.title + (f"\n{ev.detail}" if ev.detail else "")
            for col, value in enumerate((date_short(ev.date), KIND_LABELS.get(ev.kind, ev.kind), text)):
                item = QTableWidgetItem(value)
                if ev.warning:
                    item.setForeground(QBrush(QColor("#b00020")))
                if col == 0:
                    item.setToolTip(date_long(ev.date))
                self.events.setItem(row, col, item)
        self.events.resizeRowsToContents()
        self.convention_button.setEnabled(f.has_convention)
        self.convention_button.setToolTip(
            "Produire ou consulter la convention de coopération et développement (page Conventions)"
            if f.has_convention else "Le projet doit d'abord être agréé par le comité d'agrément.")
        self.scan_button.setVisible(bool(f.signed_scan_path))
        self.scan_button.setEnabled(scan_ok)
        self.scan_button.setToolTip(f.signed_scan_path or "")

    def _fill_summary(self, f: ProjectFile) -> None:
        while self.summary.count():
            item = self.summary.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        scores = " / ".join("—" if s is None else str(s) for s in f.scores)
        jobs = " ; ".join("—" if n is None else str(n) for n in f.jobs_planned)
        siret = f" (SIRET {f.company_siret})" if f.company_siret else ""
        pairs = [
            ("Entreprise", f.company_name + siret), ("Statut", label(f.status)),
            ("Type", label(f.type)), ("Reçu le", date_long(f.received_on)),
            ("Prescripteur", f.prescriber or "non désigné"), ("Mandataire", f.mandatary or "non désigné"),
            ("Grille (qualité / porteur / impact)", scores), ("Emplois prévus (créés ; maintenus)", jobs),
            ("Moyens accordés (valorisés)", money(f.granted_cents)),
            ("Décaissé / remboursé", f"{money(f.disbursed_cents)} / {money(f.repaid_cents)}"),
            ("Sinistré", money(f.written_off_cents)), ("Restant dû", money(f.outstanding_cents)),
        ]
        if f.means_requested:
            pairs.append(("Moyens demandés", f.means_requested))
        for i, (key, value) in enumerate(pairs):
            row, col = divmod(i, 2)
            name = QLabel(key + " :")
            name.setStyleSheet("color: #555;")
            self.summary.addWidget(name, row, 2 * col)
            self.summary.addWidget(plain_label(value), row, 2 * col + 1)
        for col in (1, 3):
            self.summary.setColumnStretch(col, 1)
        self.summary.setHorizontalSpacing(12)

    def open_convention(self) -> None:
        if self.data is not None and self.data.has_convention:
            self.navigate.emit("conventions", self.project_id)

    def open_scan(self) -> None:
        if self.data is not None and self.data.signed_scan_path:
            QDesktopServices.openUrl(QUrl.fromLocalFile(self.data.signed_scan_path))


class SignatureDialog(RecordDialog):
    """approved → convention_signed: the signature date, the mandatary and the signed scan.

    `members`: the comité members to choose from, in French order (read on the database worker
    before the form opens, the current mandatary kept)."""

    def __init__(self, ctx: AppContext, project_id: str, current_mandatary: str | None,
                 members: list[PersonChoice], parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.project_id = ctx, project_id
        self.setObjectName("signature_dialog")
        self.setWindowTitle(f"Signature de la convention — projet {project_id}")
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.errors = FieldErrors(form)
        self.signed_on = date_edit(self.ctx.clock.today())
        self.signed_on.setObjectName("signed_on")
        self.mandatary = QComboBox()
        self.mandatary.setObjectName("mandatary_id")
        self.mandatary.addItem("— à désigner —", None)
        for who in members:
            self.mandatary.addItem(f"{who.name} — {who.partner}", who.id)
        self.mandatary.setCurrentIndex(max(0, self.mandatary.findData(current_mandatary)))
        scan_row, self.scan, _ = file_field("scan_path", "Facultatif : le PDF ou l'image de la convention signée",
                                            "Convention signée",
                                            "Documents (*.pdf *.png *.jpg *.jpeg *.tif *.tiff);;Tous les fichiers (*)")
        self.errors.add_row("signed_on", "Signée le *", self.signed_on)
        self.errors.add_row("mandatary_id", "Mandataire *", self.mandatary)
        self.errors.add_row("scan_path", "Scan signé", scan_row)
        lay.addWidget(plain_label("Le suivi du projet dure au moins 18 mois à compter de la signature "
                            "(rapports prévus à 3, 6, 12 et 18 mois).", "color: #555;"))
        lay.addLayout(form)
        lay.addWidget(self.errors.general)
        self.buttons = ok_cancel(self, lay, "Enregistrer la signature")
        self.changes: Changes | None = None

    def accept(self) -> None:
        """Record the signature on the database worker; returns at once (busy meanwhile). A refusal
        shows under its field with what was typed kept."""
        if self.saving:
            return
        self.errors.clear()
        engine, project_id, today = self.ctx.engine, self.project_id, self.ctx.clock.today()
        details = {"signed_on": get_date(self.signed_on), "mandatary_id": self.mandatary.currentData(),
                   "scan_path": self.scan.text().strip() or None}

        def saved(changes: Changes) -> None:  # the runner has told the bus
            set_saving(self, self.errors.form, False)
            self.changes = changes
            QDialog.accept(self)

        def refused(exc: BaseException) -> None:
            set_saving(self, self.errors.form, False)
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            show_problems(self, self.errors, exc.problems)

        set_saving(self, self.errors.form, True)
        self.ctx.runner.op(self, lambda: transition(engine, project_id, "convention_signed", today, **details),
                           saved, refused)
