"""Fonds › Avances: every repayable advance with its figures, and the selected one's schedule.

Versement, remboursement and sinistre dialogs open from here on the selected advance.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_short, integer, money
from alize_desktop.services.fund.views import AdvanceRow, FundView, InstalmentRow
from alize_desktop.ui.fund.disbursement_dialog import DisbursementDialog
from alize_desktop.ui.fund.repayment_dialog import RepaymentDialog
from alize_desktop.ui.fund.write_off_dialog import WriteOffDialog
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_tables import UNSORTED, date_col, money_col, on_row_changed
from alize_desktop.ui.widgets.kit_widgets import WARN, button, shortcut
from alize_desktop.ui.widgets.read_only import is_locked, writes
from alize_desktop.ui.widgets.row_model import lazy_table
from alize_desktop.ui.widgets.table_model import Column

STATES = ("Toutes", "En cours", "En retard", "Non versée", "Soldée")

ADVANCE_COLUMNS = (
    Column("Entreprise", lambda a: a.company_name, tooltip=lambda a: a.company_name),
    Column("Projet", lambda a: a.project_title, tooltip=lambda a: a.project_title),
    date_col("Agréée le", lambda a: a.approved_on),
    money_col("Accordé", lambda a: a.granted_cents),
    money_col("Versé", lambda a: a.disbursed_cents),
    money_col("Remboursé", lambda a: a.repaid_cents),
    money_col("Sinistré", lambda a: a.written_off_cents),
    money_col("Restant dû", lambda a: a.outstanding_cents),
    money_col("Impayé", lambda a: a.overdue_cents, warn_if_positive=True),
    Column("Retard (j)", lambda a: integer(a.days_late) if a.overdue_cents else "", lambda a: a.days_late,
           align_right=True, colour=lambda a: WARN if a.overdue_cents else None),
    Column("État", lambda a: a.state + (" — procédure" if a.insolvency else ""),
           colour=lambda a: WARN if a.overdue_cents or a.insolvency else None,
           tooltip=lambda a: f"Procédure collective : {a.insolvency}" if a.insolvency else None),
)

SCHEDULE_COLUMNS = (
    Column("N°", lambda i: str(i.number), lambda i: i.number, align_right=True),
    date_col("Échéance", lambda i: i.due_on),
    money_col("Montant", lambda i: i.amount_cents),
    money_col("Payé", lambda i: i.paid_cents),
    money_col("Reste dû", lambda i: i.left_cents),
    Column("État", lambda i: i.status, colour=lambda i: WARN if "retard" in i.status or i.status == "Impayée" else None),
)


class AdvancesPanel(QWidget):
    open_project = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view: FundView | None = None
        self.dialog: QWidget | None = None  # the entry dialog in progress (tests reach it here)
        lay = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("advances_search")
        self.search.setPlaceholderText("Rechercher une entreprise ou un projet…")
        self.search.setClearButtonEnabled(True)
        self.state = QComboBox()
        self.state.setObjectName("advances_state")
        self.state.addItems(STATES)
        bar.addWidget(self.search, 1)
        state_label = QLabel("É&tat :")
        state_label.setBuddy(self.state)
        bar.addWidget(state_label)
        bar.addWidget(self.state)
        self.disburse_button = writes(button("&Versement…", "Verser une tranche de l'avance sélectionnée",
                                      self.disburse, layout=bar, keys="Ctrl+Shift+V", owner=self))
        self.repay_button = writes(button("&Remboursement…", "Enregistrer un remboursement de l'avance sélectionnée",
                                   self.repay, layout=bar, keys="Ctrl+Shift+R", owner=self))
        self.write_off_button = writes(button("&Sinistre…", "Constater la part de l'avance qui ne sera pas remboursée",
                                       self.write_off, layout=bar, keys="Ctrl+Shift+S", owner=self))
        self.project_button = button("Voir le &projet", "Ouvrir la fiche du projet",
                                     self._open_project, layout=bar)
        lay.addLayout(bar)
        self.table = lazy_table(ADVANCE_COLUMNS, "advances_table", stretch=(0, 1), sort=UNSORTED)
        self.schedule = lazy_table(SCHEDULE_COLUMNS, "schedule_table", stretch=(1, 2, 3, 4, 5), sort=UNSORTED)
        self.schedule.view.setSortingEnabled(False)  # a schedule reads in due-date order
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        self.schedule_title = QLabel()
        self.schedule_title.setObjectName("schedule_title")
        self.schedule_title.setTextFormat(Qt.TextFormat.PlainText)
        self.schedule_title.setStyleSheet("font-weight: 600;")
        self.schedule_title.setWordWrap(True)
        ll.addWidget(self.schedule_title)
        ll.addWidget(self.schedule.view)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table.view)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay.addWidget(split, 1)
        shortcut(self, QKeySequence.StandardKey.Find, self.search.setFocus)
        self.search.textChanged.connect(self._filter)
        self.state.currentIndexChanged.connect(self._filter)
        on_row_changed(self.table.view, self._show_schedule)
        self.table.view.doubleClicked.connect(lambda *_: None if is_locked(self.repay_button) else self.repay())

    def _filter(self) -> None:
        state = self.state.currentText()
        self.table.proxy.set_predicate(None if state == STATES[0] else (lambda a: a.state == state))
        self.table.proxy.set_search(self.search.text(), lambda a: f"{a.company_name} {a.project_title}")

    def set_view(self, view: FundView, order: list[int] | None = None) -> None:
        current = self.current()
        self.view = view
        self.table.set_rows(view.advances, order)
        if not (current and self.select(current.engagement_id)):
            self.table.view.clearSelection()
        self._show_schedule()

    def current(self) -> AdvanceRow | None:
        return self.table.current()

    def select(self, engagement_or_project_id: str) -> bool:
        return self.table.select(lambda a: engagement_or_project_id in (a.engagement_id, a.project_id))

    def _show_schedule(self) -> None:
        a = self.current()
        self.project_button.setEnabled(a is not None)
        if a is None:
            self.schedule_title.setText("Sélectionnez une avance pour voir son échéancier.")
            self.schedule.set_rows([])
            return
        rows: list[InstalmentRow] = list(a.schedule)
        head = f"Échéancier — {a.company_name} — {a.project_title}"
        if not rows:
            head += " : pas encore d'échéancier (aucun versement)."
        else:
            head += (f" : {len(rows)} échéances, restant dû {money(a.outstanding_cents)}"
                     + (f", prochaine le {date_short(a.next_due_on)} ({money(a.next_due_cents)})"
                        if a.next_due_on else ""))
        self.schedule_title.setText(head)
        self.schedule.set_rows(rows)

    def _advances(self) -> list[AdvanceRow]:
        return list(self.view.advances) if self.view else []

    def _selected_id(self) -> str | None:
        a = self.current()
        return a.engagement_id if a else None

    def _open(self, dialog: QWidget) -> None:
        self.dialog = dialog
        dialog.open()  # window-modal, not a nested event loop

    def disburse(self) -> None:
        balance = self.view.advances_balance_cents if self.view else 0
        self._open(DisbursementDialog(self.ctx, self._advances(), balance, self._selected_id(), parent=self))

    def repay(self) -> None:
        self._open(RepaymentDialog(self.ctx, self._advances(), self._selected_id(), parent=self))

    def write_off(self) -> None:
        self._open(WriteOffDialog(self.ctx, self._advances(), self._selected_id(), parent=self))

    def _open_project(self) -> None:
        a = self.current()
        if a is not None:
            self.open_project.emit(a.project_id)
