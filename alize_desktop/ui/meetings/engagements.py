"""The means granted with an approval, as a list with Ajouter / Modifier / Supprimer."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import count, date_short, integer, money, percent
from alize_desktop.models.enums import PERIOD_LABELS, label
from alize_desktop.services.meetings.engagements import delete_engagement
from alize_desktop.services.meetings.view import EngagementRow, ItemView, MeetingView
from alize_desktop.services.uow import Changes
from alize_desktop.ui.meetings.engagement_editor import KIND_LABELS, EngagementDialog
from alize_desktop.ui.meetings.saving import refusal
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_tables import cell, make_read_only, stretch_columns
from alize_desktop.ui.widgets.kit_widgets import error_label, shortcut
from alize_desktop.ui.widgets.read_only import writes


def terms_text(e: EngagementRow) -> str:
    if e.duration_months is None:
        return ""
    text = f"{e.duration_months} mois"
    if e.deferral_months:
        text += f" dont {e.deferral_months} de différé"
    text += f", {PERIOD_LABELS.get(e.period_months or 0, '')}"
    if e.annual_rate:
        text += f", {percent(e.annual_rate, 2)}"
    if e.first_due_on:
        text += f", 1re échéance le {date_short(e.first_due_on)}"
    return text


class EngagementsPanel(QWidget):
    saved = Signal(object)  # Changes

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view: MeetingView | None = None
        self.item: ItemView | None = None
        lay = QVBoxLayout(self)
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        lay.addWidget(self.hint)
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("engagements_table")
        self.table.setHorizontalHeaderLabels(["Nature", "Apporté par", "Objet", "Jours", "Montant", "Conditions"])
        make_read_only(self.table, alternating=False)
        stretch_columns(self.table, (2, 5))  # Objet and Conditions share the room left
        self.table.doubleClicked.connect(lambda _i: self.edit())
        lay.addWidget(self.table, 1)
        self.total = QLabel()
        self.total.setObjectName("engagements_total")
        lay.addWidget(self.total)
        row = QHBoxLayout()
        self.add_button = writes(QPushButton("Ajouter…"))
        self.add_button.setToolTip("Ajouter un moyen accordé (Inser)")
        self.add_button.clicked.connect(self.add)
        self.edit_button = writes(QPushButton("Modifier…"))
        self.edit_button.setToolTip("Modifier le moyen choisi (Entrée)")
        self.edit_button.clicked.connect(self.edit)
        self.delete_button = writes(QPushButton("Supprimer"))
        self.delete_button.setToolTip("Supprimer le moyen choisi (Suppr)")
        self.delete_button.clicked.connect(self.delete)
        for b in (self.add_button, self.edit_button, self.delete_button):
            row.addWidget(b)
        row.addStretch()
        lay.addLayout(row)
        self.error = error_label("engagements_error", hidden=False)
        lay.addWidget(self.error)
        for key, slot in ((Qt.Key.Key_Insert, self.add), (Qt.Key.Key_Return, self.edit),
                          (Qt.Key.Key_Delete, self.delete)):
            made = shortcut(self.table, key, slot, Qt.ShortcutContext.WidgetShortcut)
            if slot != self.edit:
                writes(made)

    def show_item(self, view: MeetingView, item: ItemView) -> None:
        self.view, self.item = view, item
        approved = item.decision == "approved" and item.lock is None
        self.hint.setText("Les moyens accordés par le comité pour ce projet : plusieurs instruments sont possibles."
                          if approved else "Les moyens s'enregistrent une fois le projet agréé (onglet « Vote et "
                          "décision »)." if item.decision != "approved" else item.lock or "")
        for b in (self.add_button, self.edit_button, self.delete_button):
            b.setEnabled(approved)
        self.table.setRowCount(len(item.engagements))
        for r, e in enumerate(item.engagements):
            source = e.partner_name or ("Fonds d'avances" if e.kind == "repayable_advance" else "")
            cells = [KIND_LABELS.get(e.kind, label(e.kind)), source, e.description,
                     integer(e.days) if e.days else "", money(e.amount_cents), terms_text(e)]
            for c, text in enumerate(cells):
                self.table.setItem(r, c, cell(text, right=c in (3, 4), tooltip=text if c in (2, 5) else None))
        total = sum(e.amount_cents or 0 for e in item.engagements)
        days = sum(e.days or 0 for e in item.engagements)
        self.total.setText(f"Total : {money(total)}" + (f" · {count(days, 'jour')} de compétences" if days else ""))

    def _current(self) -> EngagementRow | None:
        row = self.table.currentRow()
        if self.item is None or not (0 <= row < len(self.item.engagements)):
            return None
        return self.item.engagements[row]

    def open_editor(self, engagement: EngagementRow | None = None) -> EngagementDialog:
        assert self.view is not None and self.item is not None
        return EngagementDialog(self.ctx, self.view.id, self.item.project.id, self.view.date, engagement, self)

    def add(self) -> None:
        if self.item is not None and self.add_button.isEnabled():
            self._edit_in_dialog(None)

    def edit(self) -> None:
        e = self._current()
        if e is not None and self.edit_button.isEnabled():
            self._edit_in_dialog(e)

    def _edit_in_dialog(self, engagement: EngagementRow | None) -> None:
        if self.open_editor(engagement).exec():
            self.error.clear()
            self.saved.emit(Changes())  # the dialog told the program already: only redraw

    def delete(self) -> None:
        e = self._current()
        if e is None or not self.delete_button.isEnabled():
            return
        if not confirmed(self, "Supprimer le moyen accordé",
                         f"Supprimer « {KIND_LABELS.get(e.kind, label(e.kind))} — {money(e.amount_cents)} » ?"):
            return
        engine, engagement_id = self.ctx.engine, e.id

        def deleted(_said: object) -> None:
            self.error.clear()
            self.saved.emit(Changes())  # the runner told the bus already: only read back

        def refused(exc: BaseException) -> None:
            self.error.setText(refusal(exc))

        self.ctx.runner.op(self, lambda: delete_engagement(engine, engagement_id), deleted, refused)

