"""One agenda item at the meeting: conflicts of interest, votes (per member or a show of hands),
the decision, the mandataire, the means granted and the notes. Every entry is saved as made.

Keyboard on a member row of the votes: P or 1 for, C or 2 against, A or 3 abstain, Suppr or 0
clears, I declares (or withdraws) a conflict of interest; the cursor then moves to the next voter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import count, date_short
from alize_desktop.models.enums import label
from alize_desktop.services.meetings import items
from alize_desktop.services.meetings.engagements import set_mandatary
from alize_desktop.services.meetings.view import ItemView, MeetingView
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.meetings.attendance import ID_ROLE, KeyTable
from alize_desktop.ui.meetings.engagements import EngagementsPanel
from alize_desktop.ui.meetings.saving import refusal, told
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_tables import cell
from alize_desktop.ui.widgets.kit_text import by_french_name
from alize_desktop.ui.widgets.kit_widgets import error_label
from alize_desktop.ui.widgets.read_only import writes

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

VOTE_COLOUR = {"for": "#1b6e20", "against": "#b00020", "abstain": "#555555"}
DECISIONS = ((None, "Non déci&dé"), ("approved", "&Agréé"), ("adjourned", "A&journé"), ("rejected", "&Refusé"))


class ItemPanel(QWidget):
    saved = Signal(object)  # Changes

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.view: MeetingView | None = None
        self.item: ItemView | None = None
        self.voters: list[str] = []
        self.errors: dict[str, QLabel] = {}
        self._notes_sent: tuple[str, str, str] | None = None  # notes on their way to the database
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("item_title")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.facts = QLabel()
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.facts.setStyleSheet("color: #444;")
        lay.addWidget(self.title)
        lay.addWidget(self.facts)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        self.tabs.addTab(self._vote_tab(), "&Vote et décision")
        self.engagements = EngagementsPanel(ctx)
        self.engagements.saved.connect(self.saved)
        self.tabs.addTab(self.engagements, "M&oyens accordés")
        self.notes = writes(QPlainTextEdit())
        self.notes.setObjectName("item_notes")
        self.notes.setPlaceholderText("Observations du comité sur ce projet (enregistrées au fil de la frappe)")
        self._notes_timer = QTimer(self)
        self._notes_timer.setSingleShot(True)
        self._notes_timer.setInterval(600)
        self._notes_timer.timeout.connect(self.save_notes)
        self.notes.textChanged.connect(self._notes_timer.start)
        self.tabs.addTab(self.notes, "Ob&servations")

    # --- building --------------------------------------------------------------------------------
    def _vote_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        mode = QHBoxLayout()
        self.by_member = QRadioButton("Vote &nominatif")
        self.by_member.setObjectName("mode_members")
        self.by_totals = QRadioButton("Vote à &main levée (totaux)")
        self.by_totals.setObjectName("mode_totals")
        self.mode_group = QButtonGroup(self)
        for b in (self.by_member, self.by_totals):
            writes(b)
            self.mode_group.addButton(b)
            mode.addWidget(b)
            b.clicked.connect(self._mode_clicked)
        mode.addStretch()
        lay.addLayout(mode)
        self.votes = KeyTable(0, 4)
        self.votes.setObjectName("votes_table")
        self.votes.setHorizontalHeaderLabels(["Membre présent", "Partenaire", "Conflit d'intérêts", "Vote"])
        self.votes.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.votes.horizontalHeader().setStretchLastSection(False)
        self.votes.setToolTip("P ou 1 : pour · C ou 2 : contre · A ou 3 : abstention · Suppr ou 0 : effacer · "
                              "I : conflit d'intérêts")
        keys: list[tuple[tuple[Qt.Key, ...], Callable[[], None]]] = [
            ((Qt.Key.Key_P, Qt.Key.Key_1), lambda: self.vote("for")),
            ((Qt.Key.Key_C, Qt.Key.Key_2), lambda: self.vote("against")),
            ((Qt.Key.Key_A, Qt.Key.Key_3), lambda: self.vote("abstain")),
            ((Qt.Key.Key_Delete, Qt.Key.Key_Backspace, Qt.Key.Key_0), lambda: self.vote(None)),
            ((Qt.Key.Key_I,), self.toggle_conflict),
        ]
        for ks, action in keys:
            for k in ks:
                self.votes.keymap[k] = action
        self.votes.choice_columns = {2, 3}
        self.votes.choices = [("Pour (P)", lambda: self.vote("for")), ("Contre (C)", lambda: self.vote("against")),
                              ("Abstention (A)", lambda: self.vote("abstain")),
                              ("Effacer le vote (Suppr)", lambda: self.vote(None)), None,
                              ("Conflit d'intérêts oui / non (I)", self.toggle_conflict)]
        lay.addWidget(self.votes, 1)
        keys_note = QLabel("Cliquez sur le vote ou le conflit d'un membre, ou tapez : P pour · C contre · "
                           "A abstention · Suppr effacer · I conflit d'intérêts (le curseur passe au suivant).")
        keys_note.setObjectName("vote_keys")
        keys_note.setWordWrap(True)
        keys_note.setStyleSheet("color: #555;")
        lay.addWidget(keys_note)
        lay.addWidget(self._error("votes"))
        totals = QHBoxLayout()
        self.totals_box = QWidget()
        self.totals_box.setLayout(totals)
        totals.setContentsMargins(0, 0, 0, 0)
        self.spins: list[QSpinBox] = []
        for text, name in (("Pour", "total_for"), ("Contre", "total_against"), ("Abstention", "total_abstain")):
            spin = writes(QSpinBox())
            spin.setObjectName(name)
            spin.setRange(0, 999)
            spin.editingFinished.connect(self.save_totals)
            totals.addWidget(QLabel(f"{text} :"))
            totals.addWidget(spin)
            self.spins.append(spin)
        totals.addStretch()
        lay.addWidget(self.totals_box)
        lay.addWidget(self._error("totals"))
        self.summary = QLabel()
        self.summary.setObjectName("vote_summary")
        lay.addWidget(self.summary)
        form = QFormLayout()
        decision_row = QHBoxLayout()
        self.decision_group = QButtonGroup(self)
        self.decision_buttons: dict[str | None, QRadioButton] = {}
        for code, text in DECISIONS:
            b = writes(QRadioButton(text))
            b.setObjectName(f"decision_{code or 'none'}")
            b.clicked.connect(lambda _=False, code=code: self.decide(code))
            self.decision_group.addButton(b)
            self.decision_buttons[code] = b
            decision_row.addWidget(b)
        decision_row.addStretch()
        box = QWidget()
        box.setLayout(decision_row)
        decision_row.setContentsMargins(0, 0, 0, 0)
        form.addRow("Décision", box)
        form.addRow("", self._error("decision"))
        self.mandatary = writes(QComboBox())
        self.mandatary.setObjectName("mandatary_combo")
        self.mandatary.setToolTip("Membre actif du comité qui suivra le projet au moins 18 mois")
        self.mandatary.activated.connect(lambda _i: self.save_mandatary())
        form.addRow("Mandatai&re", self.mandatary)
        form.addRow("", self._error("mandatary"))
        lay.addLayout(form)
        return tab

    def _error(self, key: str) -> QLabel:
        lab = error_label(f"error_{key}")
        self.errors[key] = lab
        return lab

    # --- showing ---------------------------------------------------------------------------------
    def show_item(self, view: MeetingView, item: ItemView | None) -> None:
        switched = self.item is None or item is None or item.project.id != self.item.project.id
        if switched and self.item is not None:
            self.save_notes(emit=False)  # the caller is already redrawing: no second refresh
            for lab in self.errors.values():
                lab.hide()
        if view.quorum.reached or view.quorum_override:
            # "Quorum non atteint…" said when a decision was refused is wrong once the members are in.
            for lab in self.errors.values():
                if "quorum" in lab.text().casefold():
                    lab.clear()
                    lab.hide()
        self.view, self.item = view, item
        self.setEnabled(item is not None)
        if item is None:
            self.title.setText("Aucun projet à l'ordre du jour : ajoutez-en avec « Ordre du jour… ».")
            self.facts.clear()
            self.votes.setRowCount(0)
            return
        p = item.project
        self.title.setText(f"Point {item.position} — {p.company} — {p.title}")
        self.facts.setText(f"{label(p.type)} · prescripteur : {p.prescriber or '—'} · reçu le "
                           f"{date_short(p.received_on)} · emplois prévus : {count(p.jobs_created, 'créé')}, "
                           f"{count(p.jobs_maintained, 'maintenu')} · statut : {label(p.status)}")
        self._fill_votes(view, item)
        self._fill_decision(view, item)
        self.engagements.show_item(view, item)
        self.tabs.setTabText(1, f"M&oyens accordés ({len(item.engagements)})")
        if switched or not self.notes.hasFocus():  # never overwrite what the operator is typing
            self.notes.blockSignals(True)
            self.notes.setPlainText(item.notes)
            self.notes.blockSignals(False)

    def _fill_votes(self, view: MeetingView, item: ItemView) -> None:
        totals_mode = item.totals is not None
        self.by_totals.setChecked(totals_mode)
        self.by_member.setChecked(not totals_mode)
        self.votes.setEnabled(True)
        self.totals_box.setVisible(totals_mode)
        current = self.votes.currentRow()
        present = view.present_ids
        self.votes.setRowCount(len(present))
        self.voters = []
        for r, pid in enumerate(present):
            person = next(a.person for a in view.attendees if a.person.id == pid)
            conflict = pid in item.conflicts
            vote = item.votes.get(pid)
            cells = [QTableWidgetItem(person.name), cell(person.partner_name, tooltip=person.partner_name),
                     QTableWidgetItem("En conflit — ne vote pas" if conflict else ""),
                     QTableWidgetItem(label(vote) if vote else ("—" if not totals_mode else "(main levée)"))]
            cells[0].setData(ID_ROLE, pid)
            if conflict:
                cells[2].setForeground(QBrush(QColor("#b00020")))
            elif vote:
                cells[3].setForeground(QBrush(QColor(VOTE_COLOUR[vote])))
            for c, entry in enumerate(cells):
                self.votes.setItem(r, c, entry)
            if not conflict:
                self.voters.append(pid)
        if current >= 0 and self.votes.rowCount():
            self.votes.setCurrentCell(min(current, self.votes.rowCount() - 1), 0)
        if totals_mode and item.totals is not None:
            for spin, value in zip(self.spins, item.totals, strict=True):
                if not spin.hasFocus():
                    spin.setValue(value)
        f, a, ab = item.counts
        quorum = "" if view.quorum.reached else " · quorum non atteint"
        self.summary.setText(f"Pour {f} · Contre {a} · Abstention {ab} — {count(len(self.voters), 'votant possible')} "
                             f"(présents hors conflit d'intérêts){quorum}")

    def _fill_decision(self, view: MeetingView, item: ItemView) -> None:
        self.decision_buttons[item.decision].setChecked(True)
        for b in self.decision_buttons.values():
            b.setEnabled(item.lock is None)
        if item.lock:
            self.decision_buttons[None].setToolTip(item.lock)
        self.mandatary.clear()
        self.mandatary.addItem("— aucun —", None)
        for c in by_french_name(view.members, lambda c: c.label):
            self.mandatary.addItem(c.label, c.id)
        i = self.mandatary.findData(item.mandatary_id)
        if i < 0 and item.mandatary_id:
            self.mandatary.addItem(f"{view.name(item.mandatary_id)} (plus membre actif)", item.mandatary_id)
            i = self.mandatary.count() - 1
        self.mandatary.setCurrentIndex(max(i, 0))
        self.mandatary.setEnabled(item.decision == "approved")

    # --- writing ---------------------------------------------------------------------------------
    def _apply(self, work: Callable[[Engine], Changes], key: str,
               refused: Callable[[], None] | None = None) -> None:
        """Write on the database worker (`work(engine)`; the runner tells the bus), then the screen
        reads the item back. A refusal shows its French message under its control and the screen
        reads back the stored choice; `refused` then puts back what was moved ahead (the cursor)."""
        engine = self.ctx.engine

        def saved(_said: object) -> None:
            for lab in self.errors.values():
                lab.hide()
            self.saved.emit(Changes())  # the runner told the bus already: only read back

        def failed(exc: BaseException) -> None:
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and says so in French
            for k, text in exc.problems.items():
                lab = self.errors.get(k) or self.errors[key]
                lab.setText(text)
                lab.show()
            self.saved.emit(Changes())  # the screen re-reads: a refused choice shows the stored one again
            if refused is not None:
                refused()

        self.ctx.runner.op(self, lambda: told(work(engine)), saved, failed)

    def _ids(self) -> tuple[str, str]:
        assert self.view is not None and self.item is not None
        return self.view.id, self.item.project.id

    def vote(self, vote: str | None) -> None:
        row = self.votes.currentRow()
        if self.item is None or row < 0:
            return
        pid = self.votes.item(row, 0).data(ID_ROLE)
        mid, project = self._ids()
        # The next member who votes at once, before the write lands: a whole vote is typed without
        # leaving the keyboard or waiting; a refused vote takes the cursor back to its member.
        for r in range(row + 1, self.votes.rowCount()):
            if self.votes.item(r, 0).data(ID_ROLE) in self.voters:
                self.votes.select_row(r)
                break
        self._apply(lambda e: items.set_vote(e, mid, project, pid, vote), "votes",
                    refused=lambda: self.votes.select_row(row))

    def toggle_conflict(self) -> None:
        row = self.votes.currentRow()
        if self.item is None or row < 0:
            return
        pid = self.votes.item(row, 0).data(ID_ROLE)
        mid, project = self._ids()
        now = pid not in self.item.conflicts
        self._apply(lambda e: items.set_conflict(e, mid, project, pid, now), "votes")

    def _mode_clicked(self) -> None:
        if self.item is None:
            return
        by_member = self.by_member.isChecked()
        if by_member == (self.item.totals is None):
            return
        if by_member and any(self.item.totals or ()):
            if not confirmed(self, "Vote nominatif",
                             "Les totaux saisis seront effacés. Passer au vote nominatif ?"):
                self.saved.emit(Changes())
                return
        mid, project = self._ids()
        self._apply(lambda e: items.set_vote_mode(e, mid, project, by_member), "votes")

    def save_totals(self) -> None:
        if self.item is None or self.item.totals is None:
            return
        values = [s.value() for s in self.spins]
        if tuple(values) == self.item.totals:
            return
        mid, project = self._ids()
        self._apply(lambda e: items.set_vote_totals(e, mid, project, *values), "totals")

    def decide(self, decision: str | None) -> None:
        if self.item is None or decision == self.item.decision:
            return
        mid, project = self._ids()
        today = self.ctx.clock.today()
        self._apply(lambda e: items.set_decision(e, mid, project, decision, today=today), "decision")

    def save_mandatary(self) -> None:
        if self.item is None or self.mandatary.currentData() == self.item.mandatary_id:
            return
        mid, project = self._ids()
        person = self.mandatary.currentData()
        self._apply(lambda e: set_mandatary(e, mid, project, person), "mandatary")

    def save_notes(self, emit: bool = True) -> None:
        """Save the notes now (also called when leaving the item or the screen), on the database
        worker: it runs even if the screen is gone meanwhile, and the window's close waits for it."""
        self._notes_timer.stop()
        if self.item is None or self.view is None:
            return
        text = self.notes.toPlainText()
        mid, project = self._ids()
        if text == self.item.notes or self._notes_sent == (mid, project, text):
            return  # unchanged, or already on its way (the item is read back after it lands)
        self._notes_sent = (mid, project, text)
        engine = self.ctx.engine

        def work() -> Changes | None:
            changes = items.set_notes(engine, mid, project, text)
            # Saved on the way out (emit False): the caller redraws already, nobody else is told.
            return told(changes) if emit else None

        def saved(_said: object) -> None:
            if emit:
                self.saved.emit(Changes())

        def refused(exc: BaseException) -> None:
            self._notes_sent = None
            QMessageBox.warning(self, "Observations", refusal(exc))

        self.ctx.runner.op(self, work, saved, refused)
