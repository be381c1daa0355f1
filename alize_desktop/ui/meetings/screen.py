"""The meeting screen: attendance with a live quorum, the agenda, and the item being examined.

Everything is saved as it is typed, one small transaction each: closing the program in the middle
of a meeting loses nothing. Ctrl+Page suivante / Ctrl+Page précédente go from one item to the next.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import count, date_long
from alize_desktop.models.enums import label
from alize_desktop.services.meetings.items import set_quorum_override
from alize_desktop.services.meetings.view import MeetingView, meeting_view
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.meetings.agenda_builder import AgendaBuilderDialog
from alize_desktop.ui.meetings.attendance import AttendancePanel
from alize_desktop.ui.meetings.item_panel import ItemPanel
from alize_desktop.ui.meetings.pdf import AGENDA_TITLE, MINUTES_TITLE, preview_agenda, preview_minutes
from alize_desktop.ui.meetings.saving import refusal, told
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import ERROR_STYLE
from alize_desktop.ui.widgets.kit_widgets import error_label, section_title, shortcut
from alize_desktop.ui.widgets.read_only import writes

ID_ROLE = Qt.ItemDataRole.UserRole
DECISION_MARK = {"approved": "✔ Agréé", "adjourned": "↻ Ajourné", "rejected": "✘ Refusé"}


class MeetingScreen(QWidget):
    back = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("meeting_screen")
        self.meeting_id = ""
        self.view: MeetingView | None = None
        self.loading = False  # the meeting being opened is on its way from the database worker
        self._after_open: list[Callable[[], None]] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        self.back_button = QPushButton("← Liste des comités")
        self.back_button.setToolTip("Revenir à la liste des comités (Échap)")
        self.back_button.clicked.connect(self.leave)
        top.addWidget(self.back_button)
        self.title = QLabel()
        self.title.setObjectName("meeting_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setStyleSheet("font-size: 14pt; font-weight: 600;")
        top.addWidget(self.title, 1)
        self.agenda_button = writes(QPushButton("Ordre du jour…"))
        self.agenda_button.setToolTip("Inscrire, ordonner ou retirer des projets (Ctrl+J)")
        self.agenda_button.clicked.connect(self.edit_agenda)
        self.pack_button = QPushButton(AGENDA_TITLE)
        self.pack_button.setToolTip("Ordre du jour et fiche de chaque projet, à imprimer ou envoyer")
        self.pack_button.clicked.connect(lambda: preview_agenda(self, self.ctx, self.meeting_id, self.view.date))
        self.minutes_button = QPushButton(MINUTES_TITLE)
        self.minutes_button.setToolTip("Procès-verbal de la séance : présences, votes et décisions")
        self.minutes_button.clicked.connect(lambda: preview_minutes(self, self.ctx, self.meeting_id, self.view.date))
        for b in (self.agenda_button, self.pack_button, self.minutes_button):
            top.addWidget(b)
        lay.addLayout(top)
        self.president = QLabel()
        self.president.setObjectName("meeting_president_label")
        self.president.setTextFormat(Qt.TextFormat.PlainText)
        self.president.setWordWrap(True)
        lay.addWidget(self.president)
        self.quorum = QLabel()
        self.quorum.setObjectName("quorum_label")
        self.quorum.setWordWrap(True)
        lay.addWidget(self.quorum)
        self.override_row = QWidget()
        orow = QHBoxLayout(self.override_row)
        orow.setContentsMargins(0, 0, 0, 0)
        orow.addWidget(QLabel("Motif de dérogation au &quorum :"))
        self.override = writes(QLineEdit())
        self.override.setObjectName("quorum_override")
        self.override.setPlaceholderText("obligatoire pour décider sans quorum ; imprimé au procès-verbal")
        self.override.editingFinished.connect(self.save_override)
        orow.itemAt(0).widget().setBuddy(self.override)
        orow.addWidget(self.override, 1)
        lay.addWidget(self.override_row)
        self.override_error = error_label("error_override")
        lay.addWidget(self.override_error)
        split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        llay = QVBoxLayout(left)
        llay.setContentsMargins(0, 0, 0, 0)
        agenda_title = section_title("Ordre d&u jour")
        llay.addWidget(agenda_title)
        self.items = QListWidget()
        self.items.setObjectName("items_list")
        self.items.setToolTip("Projet suivant : Ctrl+Page suivante · précédent : Ctrl+Page précédente")
        self.items.currentRowChanged.connect(lambda _r: self._show_current())
        agenda_title.setBuddy(self.items)
        llay.addWidget(self.items, 2)
        self.attendance = AttendancePanel(ctx)
        self.attendance.saved.connect(self.after_change)
        llay.addWidget(self.attendance, 5)
        self.item_panel = ItemPanel(ctx)
        self.item_panel.saved.connect(self.after_change)
        split.addWidget(left)
        split.addWidget(self.item_panel)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([430, 700])
        lay.addWidget(split, 1)
        for keys, slot in (("Ctrl+PgDown", lambda: self.step(1)), ("Ctrl+PgUp", lambda: self.step(-1)),
                           ("Ctrl+J", self.edit_agenda), ("Escape", self.leave)):
            made = shortcut(self, keys, slot)
            if keys == "Ctrl+J":
                writes(made)

    # --- loading ---------------------------------------------------------------------------------
    def load(self, meeting_id: str) -> None:
        """Open meeting `meeting_id`: it is read on the database worker, and the screen's controls
        wait, disabled, until it is painted (`when_opened` runs an action then)."""
        if meeting_id != self.meeting_id:
            self.item_panel.save_notes(emit=False)
            self.meeting_id = meeting_id
            self.view = None  # nothing of the previous meeting may be saved or printed as this one
            self.item_panel.item = None
            self.items.clear()
            self.title.setText("Comité — chargement…")
        self._set_waiting(True)
        engine = self.ctx.engine
        self.ctx.runner.query(self, lambda: meeting_view(engine, meeting_id), self._opened, self._open_failed,
                              key="open")

    def when_opened(self, action: Callable[[], None]) -> None:
        """Run `action` once the meeting being opened is shown (at once when none is on its way)."""
        if self.loading:
            self._after_open.append(action)
        else:
            action()

    def _set_waiting(self, waiting: bool) -> None:
        self.loading = waiting
        # Containers and buttons only: what a read-only window locked inside them stays locked.
        for w in (self.agenda_button, self.pack_button, self.minutes_button, self.override_row, self.items,
                  self.attendance, self.item_panel):
            w.setEnabled(not waiting)
        if waiting:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _opened(self, view: MeetingView) -> None:
        self._set_waiting(False)
        self._paint(view)
        actions, self._after_open = self._after_open, []
        for action in actions:
            action()

    def _open_failed(self, exc: BaseException) -> None:
        self._set_waiting(False)
        self._after_open = []
        if not isinstance(exc, RuleError):
            raise exc  # the window's crash handler logs it and says so in French
        QMessageBox.warning(self, "Comité", "\n".join(exc.problems.values()))  # deleted meanwhile
        self.back.emit()

    def reload(self) -> None:
        """Read the meeting again after a change made on the screen: on the database worker, queued
        after the write, so it reads it back; the controls stay enabled (the operator types on while
        it comes back). While the meeting is being opened, the opening is simply asked again."""
        if not self.meeting_id:
            return
        if self.loading:
            self.load(self.meeting_id)
            return
        engine, meeting_id = self.ctx.engine, self.meeting_id
        # The same key as the opening: a meeting opened meanwhile supersedes this answer.
        self.ctx.runner.query(self, lambda: meeting_view(engine, meeting_id), self._refreshed, self._open_failed,
                              key="open")

    def _refreshed(self, view: MeetingView) -> None:
        if view.id == self.meeting_id:
            self._paint(view)

    def _paint(self, view: MeetingView) -> None:
        self.view = view
        self.title.setText(f"Comité du {date_long(view.date)}")
        pres = f"Lieu : {view.place or '—'} · Président(e) de séance : {view.president_name or 'non désigné'}"
        if view.president_problem:
            pres += f" — attention : {view.president_problem}"
        self.president.setText(pres)
        self.president.setStyleSheet(ERROR_STYLE if view.president_problem else "")
        q = view.quorum
        if q.reached:
            self.quorum.setText(f"<b>Quorum atteint</b> : {count(q.present, 'présent')} sur {count(q.members, 'membre actif')} du "
                                f"comité (il en faut au moins {q.required}).")
            self.quorum.setStyleSheet("color: #1b6e20;")
        else:
            self.quorum.setText(f"<b>Quorum non atteint</b> : {count(q.present, 'présent')} sur {count(q.members, 'membre actif')} "
                                f"(il en faut au moins {q.required}). Une décision demande un motif de dérogation.")
            self.quorum.setStyleSheet("color: #b00020;")
        self.override_row.setVisible(not q.reached or bool(view.quorum_override))
        if q.reached:
            self.override_error.hide()  # a refusal about the missing quorum no longer applies
        if not self.override.hasFocus():
            self.override.setText(view.quorum_override)
        self.attendance.show_view(view)
        current = self._current_id()
        self.items.blockSignals(True)
        self.items.clear()
        for it in view.items:
            mark = DECISION_MARK.get(it.decision or "", "en attente")
            entry = QListWidgetItem(f"{it.position}. {it.project.company}\n    {it.project.title}\n    {mark}")
            entry.setData(ID_ROLE, it.project.id)
            entry.setToolTip(f"{label(it.project.type)} — {it.project.prescriber}")
            self.items.addItem(entry)
            if it.project.id == current:
                self.items.setCurrentItem(entry)
        self.items.blockSignals(False)
        if self.items.currentRow() < 0 and self.items.count():
            self.items.setCurrentRow(0)
        self._show_current()

    def _current_id(self) -> str | None:
        item = self.items.currentItem()
        return item.data(ID_ROLE) if item else None

    def _show_current(self) -> None:
        if self.view is not None:
            pid = self._current_id()
            self.item_panel.show_item(self.view, self.view.item(pid) if pid else None)

    def select_item(self, project_id: str) -> None:
        for r in range(self.items.count()):
            if self.items.item(r).data(ID_ROLE) == project_id:
                self.items.setCurrentRow(r)

    def step(self, delta: int) -> None:
        row = self.items.currentRow() + delta
        if 0 <= row < self.items.count():
            self.items.setCurrentRow(row)

    # --- writing ---------------------------------------------------------------------------------
    def after_change(self, changes: Changes) -> None:
        self.reload()
        if changes != Changes():
            self.ctx.bus.emit(changes)

    def save_override(self) -> None:
        text = self.override.text()
        if self.view is None or text.strip() == self.view.quorum_override:
            return
        engine, meeting_id = self.ctx.engine, self.meeting_id

        def saved(_said: object) -> None:
            self.override_error.hide()
            self.after_change(Changes())  # the runner told the bus: only read back

        def refused(exc: BaseException) -> None:
            self.override_error.setText(refusal(exc))  # what was typed stays in the field
            self.override_error.show()

        self.ctx.runner.op(self, lambda: told(set_quorum_override(engine, meeting_id, text)), saved, refused)

    def edit_agenda(self) -> None:
        if not self.meeting_id or self.loading:
            return
        AgendaBuilderDialog(self.ctx, self.meeting_id, self).exec()
        self.reload()

    def leave(self) -> None:
        self.item_panel.save_notes()
        self.back.emit()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt API
        # Closing the window or switching pages: whatever is being typed is kept.
        self.item_panel.save_notes(emit=False)
        super().hideEvent(event)
