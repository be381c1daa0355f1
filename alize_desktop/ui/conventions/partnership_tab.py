"""The 3-year partnership conventions: list, create/edit, renewal alert, documents and Annex 2,
with the commitments editor of the selected convention underneath."""

from __future__ import annotations

import datetime as dt
import pathlib
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.clock import Clock
from alize_desktop.formatting import date_long, date_short, integer, money
from alize_desktop.services.conventions import conventions as svc
from alize_desktop.services.conventions.document_options import document_bytes
from alize_desktop.services.conventions.page_data import ConventionsData
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.conventions.commitments_editor import CommitmentsEditor
from alize_desktop.ui.conventions.dialog import ConventionDialog
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_forms import documents_folder
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_tables import current_row, row_table, select_record
from alize_desktop.ui.widgets.kit_undo import apply_undoable
from alize_desktop.ui.widgets.kit_widgets import ElidedLabel, banner, button, row_shortcuts
from alize_desktop.ui.widgets.pdf_preview import preview_document
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.table_model import Column


def _state(row: svc.ConventionRow, today: dt.date) -> str:
    if today < row.start:
        return "à venir"
    return "en cours" if today <= row.end else "terminée"


def _columns(clock: Clock) -> list[Column]:
    return [
        Column("Convention", lambda r: r.id),
        Column("Début", lambda r: date_short(r.start), sort=lambda r: r.start),
        Column("Fin", lambda r: date_short(r.end), sort=lambda r: r.end),
        Column("État", lambda r: _state(r, clock.today())),
        Column("Signée le", lambda r: date_short(r.signed_on) if r.signed_on else "non signée", sort=lambda r: r.signed_on),
        Column("Engagements", lambda r: integer(r.commitments), sort=lambda r: r.commitments, align_right=True),
        Column("Total engagé", lambda r: money(r.total_cents), sort=lambda r: r.total_cents, align_right=True),
        Column("Objectifs spécifiques", lambda r: (r.specific_objectives or "").replace("\n", " ")),
    ]


class PartnershipTab(QWidget):
    """Shows what the Conventions page loaded (`show_data`); reads nothing itself."""

    def __init__(self, ctx: AppContext, when_loaded: Callable[[Callable[[], None]], None],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("partnership_tab")
        self.ctx = ctx
        self.when_loaded = when_loaded  # the page's: after a write, the page reloads through the bus
        self.data: ConventionsData | None = None
        outer = QVBoxLayout(self)
        self.alert = banner("renewal_alert")
        outer.addWidget(self.alert)
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        listing = row_table(_columns(ctx.clock), "conventions_table", parent=self, record_list=True, stretch=7,
                            sort=(0, Qt.SortOrder.AscendingOrder))
        self.model, self.proxy, self.table = listing.model, listing.proxy, listing.view
        self.table.doubleClicked.connect(lambda _i: self.edit())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selected())
        row_shortcuts(self.table, self.edit, self.delete)
        # Three conventions whole under the header (a basin has one every three years): at 768 pixels
        # the splitter gave the list a row and a half.
        self.table.setMinimumHeight(self.table.horizontalHeader().sizeHint().height() * 2
                                    + 3 * self.table.verticalHeader().defaultSectionSize() + 4)
        tl.addWidget(self.table, 1)
        tl.addLayout(self._buttons())
        tl.addLayout(self._documents())
        splitter.addWidget(top)
        self.editor = CommitmentsEditor(ctx, when_loaded, self)
        splitter.addWidget(self.editor)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([150, 550])  # room for a few conventions above the commitments
        outer.addWidget(splitter, 1)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.period = QLabel()
        self.period.setObjectName("period_label")
        row.addWidget(self.period, 1)
        self.new_button = writes(button("Nouvelle convention…", "Créer la convention suivante (renouvellement)", self.new,
                                 "new_convention", row))
        self.edit_button = writes(button("Modifier…", "Modifier la convention choisie (Entrée)", self.edit,
                                  "edit_convention", row))
        self.delete_button = writes(button("Supprimer", "Seule une convention sans engagement peut être supprimée (Suppr)",
                                    self.delete, "delete_convention", row))
        return row

    def _documents(self) -> QHBoxLayout:
        row = QHBoxLayout()
        # A file name chosen by the operator, shown literally; cut with « … » (full text in the tooltip)
        # rather than widening the window when it is narrow.
        self.annex_label = ElidedLabel()
        self.annex_label.setObjectName("annex2_label")
        row.addWidget(self.annex_label, 1)
        self.attach_button = writes(button("Joindre l'annexe 2…", "Le cahier des charges du programme, en PDF, inséré "
                                    "comme annexe 2", self.attach_annex2, "attach_annex2", row))
        self.detach_button = writes(button("Retirer l'annexe 2", "Ne plus joindre ce PDF : une page de référence sera "
                                    "imprimée à sa place", self.detach_annex2, "detach_annex2", row))
        tip = "Aperçu, impression et enregistrement du PDF"
        self.partnership_button = button("Convention de partenariat", tip, lambda: self.preview("partnership"),
                                         "partnership_pdf", row)
        self.operator_button = button("Convention d'opérateur local", tip, lambda: self.preview("operator"),
                                      "operator_pdf", row)
        return row

    # -- reading -------------------------------------------------------------------------------

    def show_data(self, data: ConventionsData) -> None:
        """Paint the page's load, keeping the convention chosen (the running one at first)."""
        current = self.current()
        self.data = data
        rows = list(data.conventions)
        self.model.set_rows(rows)
        alert = svc.renewal_alert(rows, self.ctx.clock.today())
        self.alert.setText(alert or "")
        self.alert.setVisible(alert is not None)
        # The convention chosen before, else (deleted, or none chosen yet) the running one.
        for chosen in (current.id if current else None, self._default_id(rows)):
            if chosen is not None and self.select(chosen):
                return
        self._selected()

    def _default_id(self, rows: list[svc.ConventionRow]) -> str | None:
        today = self.ctx.clock.today()
        candidates = [r for r in rows if r.start <= today <= r.end] or rows
        return candidates[-1].id if candidates else None

    def current(self) -> svc.ConventionRow | None:
        return current_row(self.table)  # type: ignore[no-any-return]

    def select(self, convention_id: str) -> bool:
        already = self.current()
        if not select_record(self.table, convention_id):
            return False
        # Selecting another row shows it through the selection's signal; a row already selected
        # emits nothing, so it is shown here. Once, not twice: each showing repaints its commitments.
        if already is not None and already.id == convention_id:
            self._selected()
        return True

    def _selected(self) -> None:
        conv = self.current()
        for b in (self.edit_button, self.attach_button, self.partnership_button, self.operator_button):
            b.setEnabled(conv is not None)
        self.delete_button.setEnabled(conv is not None and conv.commitments == 0)
        data = self.data
        if conv is None or data is None:
            self.editor.set_convention(None)
        else:
            self.editor.set_convention(conv, data.commitments_of(conv.id), data.budget_target_cents)
        if conv is None:
            self.period.setText("Aucune convention : créez la première convention de partenariat.")
            self.annex_label.set_full_text("")
            self.detach_button.setEnabled(False)
            return
        self.period.setText(f"Convention {conv.id} : du {date_long(conv.start)} au {date_long(conv.end)}")
        annex = data.annex2.get(conv.id) if data is not None else None
        if annex:
            self.annex_label.set_full_text(f"Annexe 2 : {annex.name}",
                                           "Le cahier des charges joint, inséré comme annexe 2")
        else:
            self.annex_label.set_full_text("Annexe 2 : aucun PDF joint",
                                           "Une page de référence sera imprimée à la place de l'annexe 2")
        self.detach_button.setEnabled(annex is not None)

    # -- actions -------------------------------------------------------------------------------

    def new(self) -> None:
        dialog = ConventionDialog(self.ctx, None, self, list(self.data.conventions) if self.data else None)
        if dialog.exec() and dialog.saved_id:
            saved = dialog.saved_id
            self.when_loaded(lambda: self.select(saved))  # once the page's reload (through the bus) holds it

    def edit(self) -> None:
        conv = self.current()
        if conv is not None:
            ConventionDialog(self.ctx, conv, self).exec()

    def delete(self) -> None:
        conv = self.current()
        if conv is None:
            return
        if not confirmed(self, "Supprimer la convention", f"Supprimer la convention {conv.id} ?"):
            return
        engine, values, cid = self.ctx.engine, conv.values(), conv.id
        apply_undoable(self, self.ctx, f"suppression de la convention {cid}", lambda: svc.delete_convention(engine, cid),
                       lambda: svc.create_convention(engine, values, cid), Changes(conventions=True), "Conventions")

    def attach_annex2(self) -> None:
        conv = self.current()
        if conv is None:
            return
        name, _ = QFileDialog.getOpenFileName(self, "Joindre l'annexe 2 (cahier des charges)", documents_folder(),
                                              "Documents PDF (*.pdf)")
        if not name:
            return
        try:
            changes = svc.attach_annex2(self.ctx.engine, self.ctx.db_path, conv.id, pathlib.Path(name))
        except RuleError as exc:
            QMessageBox.warning(self, "Annexe 2", str(exc))
            return
        except OSError as exc:
            QMessageBox.critical(self, "Annexe 2", f"Le fichier n'a pas pu être copié : {exc.strerror or exc}")
            return
        self.ctx.bus.emit(changes)

    def detach_annex2(self) -> None:
        conv = self.current()
        if conv is not None and confirmed(self, "Annexe 2", "Ne plus joindre ce PDF comme annexe 2 ?"):
            self.ctx.bus.emit(svc.detach_annex2(self.ctx.engine, conv.id))

    def preview(self, kind: str) -> None:
        conv = self.current()
        if conv is None:
            return
        engine, db_path, cid, today = self.ctx.engine, self.ctx.db_path, conv.id, self.ctx.clock.today()
        title = "Convention de partenariat" if kind == "partnership" else "Convention d'opérateur local"
        stem = "convention-partenariat" if kind == "partnership" else "convention-operateur-local"
        preview_document(self, f"{title} — {cid}", lambda: document_bytes(engine, db_path, kind, convention_id=cid, as_of=today),
                         f"{stem}-{cid}.pdf")
