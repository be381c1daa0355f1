"""Create or edit a comité meeting: date, place and president (a company partner's representative)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from alize_desktop.services.meetings.meetings import (
    create_meeting,
    meeting_fields,
    president_choices,
    redating_consequences,
    update_meeting,
)
from alize_desktop.services.uow import RuleError
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import FieldErrors, date_edit, get_date, ok_cancel, set_date
from alize_desktop.ui.widgets.kit_messages import confirmed


class MeetingDialog(QDialog):
    """`meeting_id` None creates a meeting; `self.meeting_id` holds the new id once accepted."""

    def __init__(self, ctx: AppContext, meeting_id: str | None = None, parent: QWidget | None = None,
                 default_date: dt.date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.meeting_id = meeting_id
        self.setObjectName("meeting_dialog")
        self.setWindowTitle("Nouveau comité d'agrément" if meeting_id is None else "Modifier le comité d'agrément")
        self.setMinimumWidth(680)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        lay.addLayout(form)
        self.errors = FieldErrors(form)
        self.date = date_edit(default_date or ctx.clock.today())
        self.date.setObjectName("meeting_date")
        self.time = QLineEdit()
        self.time.setObjectName("meeting_time")
        self.time.setPlaceholderText("14:30")
        self.time.setMaximumWidth(90)
        self.time.setToolTip("L'heure de la séance, imprimée sur le dossier de séance et le procès-verbal")
        self.place = QLineEdit()
        self.place.setObjectName("meeting_place")
        self.place.setPlaceholderText("ex. : salle du conseil, hôtel de communauté")
        self.president = QComboBox()
        self.president.setObjectName("meeting_president")
        # Long "name — partner" entries must not dictate the dialog's width.
        self.president.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.president.setMinimumContentsLength(40)
        self._fill_presidents()
        self.errors.add_row("date", "&Date", self.date, required=True)
        self.errors.add_row("time", "&Heure", self.time)
        self.errors.add_row("place", "&Lieu", self.place, required=True)
        self.errors.add_row("president", "&Président(e)", self.president, required=True)
        hint = QLabel("Le comité est présidé par un représentant actif d'une entreprise partenaire active.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)
        lay.addWidget(self.errors.general)
        ok_cancel(self, lay, "Enregistrer" if meeting_id else "Créer le comité")
        if meeting_id is not None:
            f = meeting_fields(ctx.engine, meeting_id)
            set_date(self.date, f.date)
            self.place.setText(f.place)
            self.time.setText(f.time or "")
            self._select_president(f.president_id)

    def _fill_presidents(self) -> None:
        self.president.addItem("— choisir —", None)
        company_done = False
        for c in president_choices(self.ctx.engine):
            if c.partner_kind != "company" and not company_done:
                company_done = True
                self.president.insertSeparator(self.president.count())
            suffix = "" if c.partner_kind == "company" else " (pas une entreprise partenaire)"
            self.president.addItem(f"{c.label}{suffix}", c.id)

    def _select_president(self, person_id: str | None) -> None:
        i = self.president.findData(person_id)
        if i < 0 and person_id:
            # A former president (since left) stays shown on the meeting he or she chaired.
            self.president.addItem(f"{person_id} (plus actif)", person_id)
            i = self.president.count() - 1
        self.president.setCurrentIndex(max(i, 0))

    def select_president(self, person_id: str) -> None:
        """Choose a president by id (tests and keyboard users alike go through the combo)."""
        self._select_president(person_id)

    def accept(self) -> None:
        date = get_date(self.date)
        assert date is not None
        president = self.president.currentData()
        try:
            if self.meeting_id is None:
                changes, self.meeting_id = create_meeting(self.ctx.engine, date, self.place.text(), president,
                                                          self.time.text())
            else:
                consequences = redating_consequences(self.ctx.engine, self.meeting_id, date)
                if consequences and date <= self.ctx.clock.today() and not confirmed(
                        self, "Changer la date du comité ?", consequences + "\n\nChanger la date ?"):
                    return
                changes = update_meeting(self.ctx.engine, self.meeting_id, date, self.place.text(), president,
                                         today=self.ctx.clock.today(), redate_decided=bool(consequences),
                                         time=self.time.text())
        except RuleError as exc:
            self.errors.show(exc.problems)
            self.adjustSize()  # room for the messages under their fields
            return
        self.ctx.bus.emit(changes)
        super().accept()

