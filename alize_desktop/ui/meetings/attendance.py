"""Attendance at a meeting: each active comité member present, excused or not recorded.

Fast with the keyboard: on a member row, P marks present, E excused, Suppr clears, and the
cursor moves to the next member. Each entry is saved at once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import count
from alize_desktop.models.enums import label
from alize_desktop.services.meetings.items import set_attendance
from alize_desktop.services.meetings.view import MeetingView
from alize_desktop.services.uow import Changes
from alize_desktop.ui.meetings.saving import refusal, told
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_tables import cell, make_read_only
from alize_desktop.ui.widgets.kit_widgets import error_label, section_title
from alize_desktop.ui.widgets.read_only import is_read_only, writes

ID_ROLE = Qt.ItemDataRole.UserRole
STATUS_COLOUR = {"present": "#1b6e20", "excused": "#8a5a00"}


class KeyTable(QTableWidget):
    """A read-only table whose rows answer single keys (`keymap`: Qt key → action on the current row)."""

    def __init__(self, rows: int, columns: int, parent: QWidget | None = None):
        super().__init__(rows, columns, parent)
        self.keymap: dict[int, Callable[[], None]] = {}
        # What a click on a cell of `choice_columns` offers (text with its key, action on the row):
        # the mouse reaches everything the keys do.
        self.choices: list[tuple[str, Callable[[], None]] | None] = []
        self.choice_columns: set[int] = set()
        self.choice_menu: QMenu | None = None
        self.cellClicked.connect(self._offer_choices)
        make_read_only(self, single=False)  # one line per member: 17 of them fit at 1366×768
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.horizontalHeader().setStretchLastSection(True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        action = self.keymap.get(event.key())
        plain = not (event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier))
        if action is not None and plain and not is_read_only(self):  # a read-only window: keys only move
            action()
            event.accept()
            return
        super().keyPressEvent(event)

    def _offer_choices(self, row: int, column: int) -> None:
        if column not in self.choice_columns or not self.choices or is_read_only(self):
            return
        self.select_row(row)
        self.setCurrentCell(row, column)
        menu = QMenu(self)
        menu.setObjectName("choice_menu")
        for choice in self.choices:
            if choice is None:
                menu.addSeparator()
            else:
                text, action = choice
                menu.addAction(text, action)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        self.choice_menu = menu
        menu.popup(self.viewport().mapToGlobal(self.visualRect(self.model().index(row, column)).bottomLeft()))

    def row_ids(self) -> list[str]:
        rows = sorted({i.row() for i in self.selectedIndexes()}) or ([self.currentRow()] if self.currentRow() >= 0 else [])
        return [self.item(r, 0).data(ID_ROLE) for r in rows if self.item(r, 0) is not None]

    def select_row(self, row: int) -> None:
        if 0 <= row < self.rowCount():
            self.setCurrentCell(row, 0)
            self.selectRow(row)


class AttendancePanel(QWidget):
    saved = Signal(object)  # Changes

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id = ""
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = section_title("&Présences")
        lay.addWidget(self.title)
        self.table = KeyTable(0, 3)
        self.table.setObjectName("attendance_table")
        self.table.setHorizontalHeaderLabels(["Membre", "Partenaire", "Présence"])
        self.table.setToolTip("P : présent · E : excusé · Suppr : non renseigné")
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        for keys, status in (((Qt.Key.Key_P, Qt.Key.Key_1), "present"), ((Qt.Key.Key_E, Qt.Key.Key_2), "excused"),
                             ((Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_0), None)):
            for key in keys:
                self.table.keymap[key] = lambda status=status: self.mark(status)
        self.title.setBuddy(self.table)
        lay.addWidget(self.table, 1)
        row = QHBoxLayout()
        for text, tip, status in (("Présent", "Marquer présent (P)", "present"),
                                  ("Excusé", "Marquer excusé (E)", "excused"),
                                  ("Effacer", "Ni présent ni excusé (Suppr)", None)):
            b = writes(QPushButton(text))
            b.setToolTip(tip)
            b.clicked.connect(lambda _=False, status=status: self.mark(status))
            row.addWidget(b)
        self.all_present = writes(QPushButton("Tous présents"))
        self.all_present.setToolTip("Marquer présents les membres non encore renseignés")
        self.all_present.clicked.connect(self.mark_unrecorded_present)
        row.addWidget(self.all_present)
        lay.addLayout(row)
        self.error = error_label("attendance_error")
        lay.addWidget(self.error)
        self._statuses: dict[str, str | None] = {}

    def show_view(self, view: MeetingView) -> None:
        self.meeting_id = view.id
        current = self.table.currentRow()
        self._statuses = {a.person.id: a.status for a in view.attendees}
        present = sum(1 for a in view.attendees if a.status == "present")
        excused = sum(1 for a in view.attendees if a.status == "excused")
        self.title.setText(f"&Présences — {count(present, 'présent')}, {count(excused, 'excusé')}")
        self.table.setRowCount(len(view.attendees))
        for r, a in enumerate(view.attendees):
            name = QTableWidgetItem(a.person.name)
            name.setData(ID_ROLE, a.person.id)
            partner = cell(a.person.partner_name, tooltip=a.person.partner_name)
            status = QTableWidgetItem(label(a.status) if a.status else "—")
            if a.status:
                status.setForeground(QBrush(QColor(STATUS_COLOUR[a.status])))
            if not (a.person.active and a.person.partner_active and a.person.committee_member):
                name.setToolTip("N'est plus membre actif du comité")
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, partner)
            self.table.setItem(r, 2, status)
        if current >= 0:
            self.table.setCurrentCell(min(current, self.table.rowCount() - 1), 0)

    def status_of(self, person_id: str) -> str | None:
        return self._statuses.get(person_id)

    def _apply(self, statuses: dict[str, str | None], refused: Callable[[], None] | None = None) -> None:
        """Save on the database worker (the runner tells the bus), then the screen reads back the
        quorum; a refusal shows its French message and `refused` puts the cursor back."""
        engine, meeting_id = self.ctx.engine, self.meeting_id

        def saved(_said: object) -> None:
            self.error.hide()
            self.saved.emit(Changes())  # the runner told the bus already: only read back

        def failed(exc: BaseException) -> None:
            self.error.setText(refusal(exc))
            self.error.show()
            if refused is not None:
                refused()

        self.ctx.runner.op(self, lambda: told(set_attendance(engine, meeting_id, statuses)), saved, failed)

    def mark(self, status: str | None) -> None:
        """Mark the selected members (or the current one), then move the cursor below them at once,
        before the write lands (a whole attendance is typed without waiting); a refusal takes it back."""
        ids = self.table.row_ids()
        if not ids:
            return
        rows = sorted({i.row() for i in self.table.selectedIndexes()}) or [self.table.currentRow()]
        self.table.select_row(min(max(rows) + 1, self.table.rowCount() - 1))
        self._apply(dict.fromkeys(ids, status), refused=lambda: self._select_rows(rows))

    def _select_rows(self, rows: list[int]) -> None:
        self.table.select_row(rows[0])
        for r in rows[1:]:
            self.table.selectionModel().select(
                self.table.model().index(r, 0),
                QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)

    def mark_unrecorded_present(self) -> None:
        todo = [pid for pid, status in self._statuses.items() if status is None]
        if todo:
            self._apply(dict.fromkeys(todo, "present"))
