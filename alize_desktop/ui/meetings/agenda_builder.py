"""Ordre du jour of a meeting: put ready projects on it, order them, take them off.

Each action is saved at once (one transaction): the project becomes scheduled when added and goes
back to in review, or adjourned, when removed. Order with the buttons, Alt+Haut / Alt+Bas, or by
dragging the rows.
"""

from __future__ import annotations

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
from alize_desktop.services.meetings.view import ProjectRow, meeting_view, ready_projects
from alize_desktop.services.uow import RuleError
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_widgets import button, error_label, shortcut
from alize_desktop.ui.widgets.read_only import writes

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
        self.reload()

    def reload(self, select: str | None = None) -> None:
        view = meeting_view(self.ctx.engine, self.meeting_id)
        self.setWindowTitle(f"Ordre du jour du comité du {date_long(view.date)}")
        self.title.setText(f"Ordre du jour du comité du {date_long(view.date)} — {view.place}")
        self.ready.clear()
        for p in ready_projects(self.ctx.engine):
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

    def _run(self, action, select: str | None = None) -> bool:  # type: ignore[no-untyped-def]
        try:
            changes = action()
        except RuleError as exc:
            self.error.setText("\n".join(exc.problems.values()))
            self.reload(select)
            return False
        self.error.clear()
        self.ctx.bus.emit(changes)
        self.reload(select)
        return True

    def add_selected(self) -> None:
        ids = [i.data(ID_ROLE) for i in self.ready.selectedItems()] or (
            [self.ready.currentItem().data(ID_ROLE)] if self.ready.currentItem() else [])
        for pid in ids:
            if not self._run(lambda pid=pid: add_to_agenda(self.ctx.engine, self.meeting_id, pid), pid):
                break

    def remove_selected(self) -> None:
        item = self.agenda.currentItem()
        if item is None:
            return
        pid = item.data(ID_ROLE)
        view = meeting_view(self.ctx.engine, self.meeting_id).item(pid)
        if view is not None and (view.votes or view.totals or view.conflicts):
            if not confirmed(self, "Retirer de l'ordre du jour",
                             "Des votes ou des conflits d'intérêts sont saisis pour ce projet : "
                             "ils seront effacés. Retirer le projet de l'ordre du jour ?"):
                return
        self._run(lambda: remove_from_agenda(self.ctx.engine, self.meeting_id, pid))

    def move(self, step: int) -> None:
        row = self.agenda.currentRow()
        target = row + step
        if row < 0 or not (0 <= target < self.agenda.count()):
            return
        ids = self.agenda_ids()
        ids[row], ids[target] = ids[target], ids[row]
        self._run(lambda: reorder_agenda(self.ctx.engine, self.meeting_id, ids), ids[target])

    def _save_order(self) -> None:
        ids = self.agenda_ids()
        current = self.agenda.currentItem()
        self._run(lambda: reorder_agenda(self.ctx.engine, self.meeting_id, ids),
                  current.data(ID_ROLE) if current else None)
