"""Fonds › Mouvements: the ledger of both accounts (and the write-offs), new receipts and
expenses, deletion of a wrongly typed entry, and the CSV export of the ledger."""

from __future__ import annotations

import pathlib
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
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

from alize_desktop.formatting import date_long, integer, money
from alize_desktop.services.fund.entries import delete_entry, entry_values, restore_entry
from alize_desktop.services.fund.views import KIND_LABELS, FundView, MovementRow
from alize_desktop.services.uow import Changes
from alize_desktop.ui.fund.expense_dialog import ExpenseDialog
from alize_desktop.ui.fund.receipt_dialog import ReceiptDialog
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.shell.worker import run_with_progress
from alize_desktop.ui.widgets.kit_forms import documents_folder
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_tables import date_col, on_row_changed
from alize_desktop.ui.widgets.kit_undo import apply_undoable
from alize_desktop.ui.widgets.kit_widgets import GOOD, WARN, button, shortcut
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.row_model import lazy_table
from alize_desktop.ui.widgets.table_model import Column

ACCOUNT_FILTERS = (("Tous les comptes", None), ("Fonds d'avances", "advances"), ("Fonctionnement", "operating"),
                   ("Hors trésorerie (sinistres)", ""))

COLUMNS = (
    date_col("Date", lambda r: r.date),
    Column("Compte", lambda r: r.account_label),
    Column("Nature", lambda r: r.kind_label),
    Column("Contrepartie", lambda r: r.counterpart),
    Column("Libellé", lambda r: r.label),
    Column("Montant", lambda r: money(r.amount_cents), lambda r: r.amount_cents, align_right=True,
           colour=lambda r: WARN if r.amount_cents < 0 else GOOD),
    Column("Référence", lambda r: r.id),
)


def footer_text(rows: Sequence[MovementRow], order: Sequence[int]) -> str:
    """The line under the ledger: how many entries are shown and their cash total (any thread)."""
    total = sum(rows[i].amount_cents for i in order if rows[i].account)
    return (f"{integer(len(order))} écritures affichées — solde des mouvements de trésorerie "
            f"affichés : {money(total)}")


class MovementsPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view: FundView | None = None
        self.dialog: QWidget | None = None
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("movements_search")
        self.search.setPlaceholderText("Rechercher un partenaire, une entreprise, un libellé…")
        self.search.setClearButtonEnabled(True)
        self.account = QComboBox()
        self.account.setObjectName("movements_account")
        for text, code in ACCOUNT_FILTERS:
            self.account.addItem(text, code)
        self.kind = QComboBox()
        self.kind.setObjectName("movements_kind")
        self.kind.addItem("Toutes les natures", None)
        for code, text in KIND_LABELS.items():
            self.kind.addItem(text, code)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.account)
        bar.addWidget(self.kind)
        self.receipt_button = writes(button("&Encaissement…", "Enregistrer le versement d'un partenaire",
                                     self.add_receipt, layout=bar, keys="Ctrl+Shift+N", owner=self))
        self.expense_button = writes(button("&Dépense…", "Enregistrer une dépense (ingénierie, défraiement…)",
                                     self.add_expense, layout=bar, keys="Ctrl+Shift+D", owner=self))
        self.delete_button = writes(button("Supprimer…", "Supprimer l'écriture sélectionnée, saisie par erreur (Suppr)",
                                    self.delete_selected, layout=bar))
        self.csv_button = button("E&xporter (CSV)…", "Exporter le journal des deux comptes pour un tableur",
                                 self.export_csv, layout=bar, keys="Ctrl+Shift+X", owner=self)
        lay.addLayout(bar)
        # A network's ledger holds a quarter of a million entries: rows are served on demand from the
        # loaded list, filtered and sorted in Python (on the worker at each load, FundPage.loader).
        self.table = lazy_table(COLUMNS, "movements_table", stretch=(3, 4),
                                sort=(0, Qt.SortOrder.DescendingOrder))  # the latest entries first
        lay.addWidget(self.table.view, 1)
        # Suppr acts on the list only, never while typing in the search field.
        writes(shortcut(self.table.view, QKeySequence.StandardKey.Delete, self.delete_selected,
                        Qt.ShortcutContext.WidgetShortcut))
        shortcut(self, QKeySequence.StandardKey.Find, self.search.setFocus)
        self.footer = QLabel()
        self.footer.setObjectName("movements_footer")
        lay.addWidget(self.footer)
        self.search.textChanged.connect(self._filter)
        self.account.currentIndexChanged.connect(self._filter)
        self.kind.currentIndexChanged.connect(self._filter)
        on_row_changed(self.table.view, self._selection_changed)
        self._selection_changed()

    def _filter(self) -> None:
        account, kind = self.account.currentData(), self.kind.currentData()
        self.table.proxy.set_predicate(
            lambda r: (account is None or r.account == account) and (kind is None or r.kind == kind))
        self.table.proxy.set_search(self.search.text(), lambda r: f"{r.counterpart} {r.label} {r.id}")
        self._footer()

    def _footer(self, text: str | None = None) -> None:
        self.footer.setText(text if text is not None else footer_text(self.table.model.rows, self.table.model.order))

    def set_view(self, view: FundView, order: list[int] | None = None, footer: str | None = None) -> None:
        """Show the view's ledger; `order` (its rows' order for the list's filter and sort) and
        `footer` when the load computed them already (off the GUI thread)."""
        self.view = view
        current = self.table.current()
        self.table.set_rows(view.movements, order)
        if current is not None:
            self.table.select(lambda r: (r.kind, r.id) == (current.kind, current.id))
        self._footer(footer if order is not None else None)
        self._selection_changed()

    def _selection_changed(self) -> None:
        self.delete_button.setEnabled(self.table.current() is not None)

    def add_receipt(self) -> None:
        partners = list(self.view.partners) if self.view else []
        self.dialog = ReceiptDialog(self.ctx, partners, parent=self)
        self.dialog.open()

    def add_expense(self) -> None:
        self.dialog = ExpenseDialog(self.ctx, parent=self)
        self.dialog.open()

    def delete_selected(self) -> None:
        row: MovementRow | None = self.table.current()
        if row is None:
            return
        what = f"{row.kind_label.lower()} {row.id} du {date_long(row.date)} ({money(abs(row.amount_cents))})"
        if not confirmed(
            self, "Supprimer l'écriture ?",
            f"Supprimer l'écriture « {what} » ?\nÀ réserver à une saisie erronée ; Ctrl+Z annule la suppression."):
            return
        engine, kind, rid = self.ctx.engine, row.kind, row.id
        kept: dict[str, dict] = {}  # what Ctrl+Z types again, with the same id

        def delete() -> Changes:
            # Read and deleted in the same job on the database worker (redo reads it again).
            kept["values"] = entry_values(engine, kind, rid)
            return delete_entry(engine, kind, rid)

        apply_undoable(self, self.ctx, f"Suppression : {what}", delete,
                       lambda: restore_entry(engine, kind, kept["values"]), Changes(fund=True), "Suppression refusée")

    def export_csv(self) -> None:
        default = documents_folder(f"journal-des-comptes-{self.ctx.clock.today().isoformat()}.csv")
        name, _ = QFileDialog.getSaveFileName(self, "Exporter le journal des comptes", str(default),
                                              "Fichier CSV (*.csv)")
        if not name:
            return
        path = pathlib.Path(name)
        if path.suffix.lower() != ".csv":
            path = path.with_suffix(".csv")

        def done(count: int) -> None:
            QMessageBox.information(self, "Export terminé", f"{integer(count)} mouvements exportés dans\n{path}")

        from alize_desktop.services.fund.ledger_csv import write_ledger  # its exporter is loaded when used

        run_with_progress(self, "Export du journal des comptes", lambda _p: write_ledger(self.ctx.engine, path), done)
