"""Comités: the meetings by year against the 6–10 target, and the meeting screen for one of them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import count, date_long, date_short, integer
from alize_desktop.services.meetings.meetings import MEETINGS_PER_YEAR, MeetingRow, delete_meeting
from alize_desktop.services.meetings.page_data import MeetingsData, meetings_page_data
from alize_desktop.services.uow import Changes
from alize_desktop.ui.meetings.agenda_builder import AgendaBuilderDialog
from alize_desktop.ui.meetings.dialog import MeetingDialog
from alize_desktop.ui.meetings.pdf import AGENDA_TITLE, MINUTES_TITLE, preview_agenda, preview_minutes
from alize_desktop.ui.meetings.saving import refusal
from alize_desktop.ui.meetings.screen import MeetingScreen
from alize_desktop.ui.pages.base import Page, heading, note
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_tables import row_table
from alize_desktop.ui.widgets.kit_widgets import button, shortcut
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.table_model import ROW_ROLE, Column

ALL_YEARS = "Toutes les années"
COLUMNS = [
    Column("Date", lambda r: date_short(r.date), sort=lambda r: r.date),
    Column("Lieu", lambda r: r.place),
    Column("Président(e)", lambda r: r.president_name or "—"),
    Column("Projets", lambda r: integer(r.items), sort=lambda r: r.items, align_right=True),
    Column("Décisions", lambda r: integer(r.decided), sort=lambda r: r.decided, align_right=True),
    Column("Agréés", lambda r: integer(r.approved), sort=lambda r: r.approved, align_right=True),
    Column("Présents", lambda r: integer(r.present), sort=lambda r: r.present, align_right=True),
    Column("Excusés", lambda r: integer(r.excused), sort=lambda r: r.excused, align_right=True),
    Column("État", lambda r: r.state, colour=lambda r: "#8a5a00" if r.state in ("À tenir", "En cours") else None),
]


class MeetingsPage(Page):
    """The list and its pipeline line are read in one load on the database worker (`loader`); the
    meeting screen reads its meeting itself when it opens (MeetingScreen.load)."""

    key = "meetings"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        self.stack = QStackedWidget()
        outer.addWidget(self.stack)
        self.list_widget = QWidget()
        self.stack.addWidget(self.list_widget)
        self.meeting_screen = MeetingScreen(ctx)
        self.meeting_screen.back.connect(self.show_list)
        self.stack.addWidget(self.meeting_screen)
        lay = QVBoxLayout(self.list_widget)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(heading("Comités d'agrément"))
        bar = QHBoxLayout()
        self.year = QComboBox()
        self.year.setObjectName("year_filter")
        self.year.currentIndexChanged.connect(lambda _i: self._filter())
        self.search = QLineEdit()
        self.search.setObjectName("meeting_search")
        self.search.setPlaceholderText("Rechercher (lieu, président)…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(lambda _t: self._filter())
        bar.addWidget(QLabel("&Année :"))
        bar.itemAt(0).widget().setBuddy(self.year)
        bar.addWidget(self.year)
        bar.addWidget(self.search, 1)
        lay.addLayout(bar)
        self.count = QLabel()
        self.count.setObjectName("year_count")
        lay.addWidget(self.count)
        self.pipeline = note("")
        self.pipeline.setObjectName("pipeline")
        self.pipeline.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(self.pipeline)
        listing = row_table(COLUMNS, "meetings_table", parent=self, stretch=1, sort=(0, Qt.SortOrder.DescendingOrder))
        self.model, self.proxy, self.table = listing.model, listing.proxy, listing.view
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        lay.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.new_button = writes(button("Nouveau comité…", "Créer un comité (Inser)",
                                 self.new_meeting, layout=buttons))
        self.open_button = button("Ouvrir la séance", "Présences, votes et décisions (Entrée)",
                                  self.open_selected, layout=buttons)
        self.edit_button = writes(button("Modifier…", "Date, lieu, président (F2)",
                                  self.edit_selected, layout=buttons))
        self.agenda_button = writes(button("Ordre du jour…", "Inscrire et ordonner les projets (Ctrl+J)",
                                    self.agenda_selected, layout=buttons))
        self.pack_button = button(AGENDA_TITLE, "Ordre du jour et fiche de chaque projet",
                                  lambda: self._pdf(preview_agenda), layout=buttons)
        self.minutes_button = button(MINUTES_TITLE, "Procès-verbal de la séance",
                                     lambda: self._pdf(preview_minutes), layout=buttons)
        buttons.addStretch()
        self.delete_button = writes(button("Supprimer", "Supprimer un comité sans décision (Suppr)",
                                    self.delete_selected, layout=buttons))
        lay.addLayout(buttons)
        for key, slot in ((Qt.Key.Key_Insert, self.new_meeting), (Qt.Key.Key_Return, self.open_selected),
                          (Qt.Key.Key_Enter, self.open_selected), (Qt.Key.Key_F2, self.edit_selected),
                          (Qt.Key.Key_Delete, self.delete_selected)):
            made = shortcut(self.table, key, slot, Qt.ShortcutContext.WidgetShortcut)
            if slot != self.open_selected:
                writes(made)
        writes(shortcut(self.list_widget, "Ctrl+J", self.agenda_selected))
        self.rows: list[MeetingRow] = []

    def concerns(self, changes: Changes) -> bool:
        return changes.meetings or changes.projects or changes.partners or changes.basin

    # --- list ------------------------------------------------------------------------------------
    def loader(self) -> Callable[[], MeetingsData]:
        engine = self.ctx.engine
        return lambda: meetings_page_data(engine)

    def show_loaded(self, data: MeetingsData) -> None:
        # The selection and the year as they are now: the operator may have moved while the load ran.
        selected = self.selected()
        self.rows = list(data.rows)
        years = sorted({r.date.year for r in self.rows}, reverse=True)
        wanted = self.year.currentText() or str(self.ctx.clock.today().year)
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(ALL_YEARS, None)
        for y in years:
            self.year.addItem(str(y), y)
        i = self.year.findText(wanted)
        self.year.setCurrentIndex(i if i >= 0 else 0)
        self.year.blockSignals(False)
        self.model.set_rows(self.rows)
        self._filter()
        self.pipeline.setText(f"Projets prêts à inscrire à un ordre du jour : {data.ready} · inscrits en attente "
                              f"de décision : {data.waiting}")
        if selected:
            self.select(selected.id)
        elif self.proxy.rowCount():
            self.table.selectRow(0)

    def _filter(self) -> None:
        year = self.year.currentData()
        self.proxy.set_predicate(None if year is None else (lambda r: r.date.year == year))
        self.proxy.set_search(self.search.text(), lambda r: f"{r.place} {r.president_name} {date_long(r.date)}")
        low, high = MEETINGS_PER_YEAR
        if year is None:
            self.count.setText(f"{count(len(self.rows), 'comité')} au total (objectif : {low} à {high} par an)")
            self.count.setStyleSheet("")
            return
        n = sum(1 for r in self.rows if r.date.year == year)
        if n > high:
            verdict, colour = "au-delà de l'objectif", "#b00020"
        elif n >= low:
            verdict, colour = "dans l'objectif", "#1b6e20"
        else:
            verdict = "en dessous de l'objectif" + (" (année en cours)" if year == self.ctx.clock.today().year else "")
            colour = "#8a5a00"
        self.count.setText(f"{year} : {count(n, 'comité')} — {verdict} de {low} à {high} réunions par an")
        self.count.setStyleSheet(f"color: {colour}; font-weight: 600;")

    def selected(self) -> MeetingRow | None:
        idx = self.table.currentIndex()
        return self.proxy.data(idx, ROW_ROLE) if idx.isValid() else None

    def select(self, meeting_id: str) -> bool:
        for r in range(self.proxy.rowCount()):
            row = self.proxy.data(self.proxy.index(r, 0), ROW_ROLE)
            if row.id == meeting_id:
                self.table.selectRow(r)
                return True
        return False

    # --- actions ---------------------------------------------------------------------------------
    def new_meeting(self) -> None:
        dialog = MeetingDialog(self.ctx, None, self)
        if dialog.exec() and dialog.meeting_id:
            made = dialog.meeting_id
            self.year.setCurrentIndex(0)
            self.reload()
            self.when_loaded(lambda: self.select(made))

    def edit_selected(self) -> None:
        row = self.selected()
        if row is not None and MeetingDialog(self.ctx, row.id, self).exec():
            self.reload()

    def agenda_selected(self) -> None:
        row = self.selected()
        if row is not None:
            AgendaBuilderDialog(self.ctx, row.id, self).exec()
            self.reload()

    def open_selected(self) -> None:
        row = self.selected()
        if row is not None:
            self.show_record(row.id)

    def delete_selected(self) -> None:
        row = self.selected()
        if row is None:
            return
        if row.decided:
            QMessageBox.warning(self, "Supprimer le comité",
                                "Ce comité a déjà pris des décisions : il ne peut plus être supprimé.")
            return
        extra = ("" if not row.items else "\nLe projet inscrit retournera à l'instruction." if row.items == 1
                 else f"\nSes {count(row.items, 'projet inscrit')} retourneront à l'instruction.")
        if not confirmed(self, "Supprimer le comité",
                         f"Supprimer le comité du {date_long(row.date)} ({row.place}) ?{extra}"):
            return
        engine, meeting_id = self.ctx.engine, row.id

        def refused(exc: BaseException) -> None:
            QMessageBox.warning(self, "Supprimer le comité", refusal(exc))

        # On the database worker; the runner tells the bus, and the page reloads from that.
        self.ctx.runner.op(self, lambda: delete_meeting(engine, meeting_id), lambda _c: self.reload(), refused)

    def _pdf(self, opener) -> None:  # type: ignore[no-untyped-def]
        row = self.selected()
        if row is not None:
            opener(self, self.ctx, row.id, row.date)

    # --- screen ----------------------------------------------------------------------------------
    def show_record(self, record_id: str) -> None:
        """Open the meeting screen of meeting `record_id` at once (it reads its meeting itself); the
        list behind it selects the meeting once the list's load is painted."""
        if self._stale or (not self.loading and not any(r.id == record_id for r in self.rows)):
            self.reload()  # a meeting made since the list was read: the list will hold it
            self._stale = False
        self.when_loaded(lambda: self.select(record_id))
        screen = self.meeting_screen
        screen.load(record_id)
        self.stack.setCurrentWidget(screen)
        screen.when_opened(screen.items.setFocus)

    def show_list(self) -> None:
        self.stack.setCurrentWidget(self.list_widget)
        self.reload()
        shown = self.meeting_screen.meeting_id
        self.when_loaded(lambda: self.select(shown))
        self.table.setFocus()
