"""Ordre du jour of a meeting: put ready projects on it, order them, take them off.

Each action is saved at once (one transaction): the project becomes scheduled when added and goes
back to in review, or adjourned, when removed. Order with the buttons, Alt+Haut / Alt+Bas, or by
dragging the rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_long, date_short
from alize_desktop.models.enums import label
from alize_desktop.services.meetings.items import add_to_agenda, remove_from_agenda, reorder_agenda
from alize_desktop.services.meetings.view import MeetingView, ProjectRow, meeting_view, ready_projects
from alize_desktop.services.uow import Changes
from alize_desktop.ui.meetings.saving import refusal, told
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_widgets import button, error_label, shortcut
from alize_desktop.ui.widgets.read_only import writes

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

ID_ROLE = Qt.ItemDataRole.UserRole


def _text(p: ProjectRow) -> str:
    return f"{p.company} — {p.title}\n{label(p.type)} · {label(p.status)} · reçu le {date_short(p.received_on)}" \
           f" · prescripteur : {p.prescriber or '—'}"


class AgendaBuilderDialog(QDialog):
    def __init__(self, ctx: AppContext, meeting_id: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.setObjectName("agenda_builder")
        self.resize(1000, 560)
        lay = QVBoxLayout(self)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the place is user text
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 13pt; font-weight: 600;")
        lay.addWidget(self.title)
        grid = QGridLayout()
        lay.addLayout(grid, 1)
        ready_label = QLabel("Projets &prêts à inscrire (en instruction ou ajournés) :")
        agenda_label = QLabel("&Ordre du jour :")
        grid.addWidget(ready_label, 0, 0)
        grid.addWidget(agenda_label, 0, 2)
        self.ready = QListWidget()
        self.ready.setObjectName("ready_list")
        self.ready.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.ready.setAlternatingRowColors(True)
        self.ready.itemDoubleClicked.connect(lambda _i: self.add_selected())
        self.agenda = QListWidget()
        self.agenda.setObjectName("agenda_list")
        self.agenda.setAlternatingRowColors(True)
        self.agenda.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.agenda.setDefaultDropAction(Qt.DropAction.MoveAction)
        # Saved once the drop is over: refilling the list inside the model's move would pull the rug.
        self.agenda.model().rowsMoved.connect(lambda *_: QTimer.singleShot(0, self._save_order))
        for lst in (self.ready, self.agenda):
            lst.setWordWrap(True)
            lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            lst.setSpacing(2)
        ready_label.setBuddy(self.ready)
        agenda_label.setBuddy(self.agenda)
        grid.addWidget(self.ready, 1, 0)
        grid.addWidget(self.agenda, 1, 2)
        middle = QVBoxLayout()
        middle.addStretch()
        self.add_button = writes(button("Inscrire →", "Inscrire le projet choisi à l'ordre du jour (Entrée)",
                                 self.add_selected, layout=middle))
        self.remove_button = writes(button("← Retirer", "Retirer le projet de l'ordre du jour (Suppr)",
                                    self.remove_selected, layout=middle))
        self.up_button = writes(button("Monter", "Monter le projet dans l'ordre du jour (Alt+Haut)",
                                lambda: self.move(-1), layout=middle))
        self.down_button = writes(button("Descendre", "Descendre le projet dans l'ordre du jour (Alt+Bas)",
                                  lambda: self.move(1), layout=middle))
        middle.addStretch()
        grid.addLayout(middle, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(2, 1)
        self.error = error_label("agenda_error", hidden=False)
        lay.addWidget(self.error)
        hint = QLabel("Les modifications sont enregistrées aussitôt. Glissez les projets pour les ordonner.")
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("Fermer")
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        for keys, slot in (("Alt+Up", lambda: self.move(-1)), ("Alt+Down", lambda: self.move(1))):
            writes(shortcut(self, keys, slot, Qt.ShortcutContext.WindowShortcut))
        writes(shortcut(self.ready, Qt.Key.Key_Return, self.add_selected, Qt.ShortcutContext.WidgetShortcut))
        writes(shortcut(self.agenda, Qt.Key.Key_Delete, self.remove_selected, Qt.ShortcutContext.WidgetShortcut))
        self.view: MeetingView | None = None  # as last read, with the lists shown
        self.loading = False  # the lists are on their way from the database worker
        self._writes = 0  # writes queued on the database worker and not yet landed
        self.reload()

    def reload(self, select: str | None = None) -> None:
        """Read the meeting and the ready projects on the database worker (queued after any write,
        so it reads it back); the lists are refilled when they come, unless a write is still on its
        way (its own read follows it)."""
        engine, meeting_id = self.ctx.engine, self.meeting_id
        self.loading = True
        self.ctx.runner.query(self, lambda: (meeting_view(engine, meeting_id), ready_projects(engine)),
                              lambda data: self._show(data, select), self._read_failed, key="load")

    def _read_failed(self, exc: BaseException) -> None:
        self.loading = self._writes > 0
        self.error.setText(refusal(exc))  # the meeting was deleted meanwhile

    def _show(self, data: tuple[MeetingView, list[ProjectRow]], select: str | None) -> None:
        if self._writes:
            return  # a write is on its way: the read queued after it will show the lists
        self.loading = False
        view, ready = data
        self.view = view
        self.setWindowTitle(f"Ordre du jour du comité du {date_long(view.date)}")
        self.title.setText(f"Ordre du jour du comité du {date_long(view.date)} — {view.place}")
        self.ready.clear()
        for p in ready:
            item = QListWidgetItem(_text(p))
            item.setData(ID_ROLE, p.id)
            self.ready.addItem(item)
        # The model's signals stay on: blocked, the view never learnt of the new rows and showed an empty
        # list after the first project was added (refilling emits no rowsMoved, so no reorder is saved).
        self.agenda.clear()
        for it in view.items:
            decided = f" — {label(it.decision)}" if it.decision else ""
            item = QListWidgetItem(f"{it.position}. {_text(it.project)}{decided}")
            item.setData(ID_ROLE, it.project.id)
            self.agenda.addItem(item)
            if it.project.id == select:
                self.agenda.setCurrentItem(item)
        if self.ready.count() and self.ready.currentRow() < 0:
            self.ready.setCurrentRow(0)

    def agenda_ids(self) -> list[str]:
        return [self.agenda.item(i).data(ID_ROLE) for i in range(self.agenda.count())]

    def _run(self, work: Callable[[Engine], Changes], select: str | None = None,
             then: Callable[[], None] | None = None) -> None:
        """Write on the database worker (the runner tells the bus), then `then()` or read the lists
        back; a refusal shows its French message and the lists are read back as stored."""
        engine = self.ctx.engine
        self.loading = True
        self._writes += 1

        def saved(_said: object) -> None:
            self._writes -= 1
            self.error.clear()
            if then is not None:
                then()
            else:
                self.reload(select)

        def refused(exc: BaseException) -> None:
            self._writes -= 1
            self.error.setText(refusal(exc))
            self.reload(select)

        self.ctx.runner.op(self, lambda: told(work(engine)), saved, refused)

    def add_selected(self) -> None:
        if self.loading:
            return  # the lists are being read again: a project shown may be on the agenda already
        ids = [i.data(ID_ROLE) for i in self.ready.selectedItems()] or (
            [self.ready.currentItem().data(ID_ROLE)] if self.ready.currentItem() else [])
        self._add(ids)

    def _add(self, ids: list[str]) -> None:
        """One project after the other, each its own transaction; the first refused stops the rest."""
        if not ids:
            return
        pid, rest = ids[0], ids[1:]
        meeting_id = self.meeting_id
        self._run(lambda e: add_to_agenda(e, meeting_id, pid), pid, (lambda: self._add(rest)) if rest else None)

    def remove_selected(self) -> None:
        item = self.agenda.currentItem()
        if item is None or self.loading or self.view is None:
            return
        pid = item.data(ID_ROLE)
        view = self.view.item(pid)  # as read with the lists just shown
        if view is not None and (view.votes or view.totals or view.conflicts):
            if not confirmed(self, "Retirer de l'ordre du jour",
                             "Des votes ou des conflits d'intérêts sont saisis pour ce projet : "
                             "ils seront effacés. Retirer le projet de l'ordre du jour ?"):
                return
        meeting_id = self.meeting_id
        self._run(lambda e: remove_from_agenda(e, meeting_id, pid))

    def move(self, step: int) -> None:
        row = self.agenda.currentRow()
        target = row + step
        if row < 0 or not (0 <= target < self.agenda.count()):
            return
        ids = self.agenda_ids()
        ids[row], ids[target] = ids[target], ids[row]
        # Moved on screen at once: a second Alt+Haut before the write lands moves on from there.
        moved = self.agenda.takeItem(row)
        self.agenda.insertItem(target, moved)
        self.agenda.setCurrentRow(target)
        meeting_id = self.meeting_id
        self._run(lambda e: reorder_agenda(e, meeting_id, ids), ids[target])

    def _save_order(self) -> None:
        ids = self.agenda_ids()
        current = self.agenda.currentItem()
        meeting_id = self.meeting_id
        self._run(lambda e: reorder_agenda(e, meeting_id, ids), current.data(ID_ROLE) if current else None)
