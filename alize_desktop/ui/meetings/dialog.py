"""Create or edit a comité meeting: date, place and president (a company partner's representative)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.services.meetings.meetings import (
    MeetingFields,
    PersonChoice,
    create_meeting,
    meeting_fields,
    president_choices,
    redating_consequences,
    update_meeting,
)
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.meetings.saving import refusal
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import (
    DiscardGuard,
    FieldErrors,
    date_edit,
    form_state,
    get_date,
    ok_cancel,
    set_date,
)
from alize_desktop.ui.widgets.kit_forms import set_saving
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
        self.errors.add_row("date", "&Date", self.date, required=True)
        self.errors.add_row("time", "&Heure", self.time)
        self.errors.add_row("place", "&Lieu", self.place, required=True)
        self.errors.add_row("president", "&Président(e)", self.president, required=True)
        hint = QLabel("Le comité est présidé par un représentant actif d'une entreprise partenaire active.")
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)
        lay.addWidget(self.errors.general)
        self.buttons = ok_cancel(self, lay, "Enregistrer" if meeting_id else "Créer le comité")
        self.form = form
        # The choices (and the meeting's fields) are read on the database worker; the form waits,
        # not editable, until they are there: it never accepts before.
        self.loading = True
        self.saving = False
        set_saving(self, form, True)
        engine = ctx.engine

        def read() -> tuple[list[PersonChoice], MeetingFields | None]:
            return president_choices(engine), meeting_fields(engine, meeting_id) if meeting_id is not None else None

        ctx.runner.query(self, read, self._filled, self._read_failed, key="choices")

    def _filled(self, data: tuple[list[PersonChoice], MeetingFields | None]) -> None:
        choices, f = data
        self._fill_presidents(choices)
        if f is not None:
            set_date(self.date, f.date)
            self.place.setText(f.place)
            self.time.setText(f.time or "")
            self._select_president(f.president_id)
        self.loading = False
        set_saving(self, self.form, False)
        if self.isVisible():
            self.date.setFocus()
        for guard in self.findChildren(DiscardGuard):
            if guard.shown is not None:  # shown before the choices came: they are not the operator's typing
                guard.shown = form_state(self)

    def _read_failed(self, exc: BaseException) -> None:
        self.loading = False
        set_saving(self, self.form, False)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        self.errors.show({"": refusal(exc)})  # the meeting was deleted meanwhile: said, nothing to save

    def _fill_presidents(self, choices: list[PersonChoice]) -> None:
        self.president.addItem("— choisir —", None)
        company_done = False
        for c in choices:
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
        """Save on the database worker; the dialog is busy meanwhile and closes once the write has
        landed. Redating a meeting whose decisions are taken asks first (read on the worker too)."""
        if self.loading or self.saving:
            return
        date = get_date(self.date)
        assert date is not None
        president, place, time = self.president.currentData(), self.place.text(), self.time.text()
        engine, meeting_id, today = self.ctx.engine, self.meeting_id, self.ctx.clock.today()
        self.errors.clear()
        set_saving(self, self.form, True)
        if meeting_id is None:
            def create() -> tuple[str, Changes]:
                changes, made = create_meeting(engine, date, place, president, time)
                return made, changes  # the runner tells the bus the last item

            self.ctx.runner.op(self, create, self._created, self._refused)
            return

        def asked(consequences: str) -> None:
            if consequences and date <= today and not confirmed(
                    self, "Changer la date du comité ?", consequences + "\n\nChanger la date ?"):
                set_saving(self, self.form, False)
                return
            self.ctx.runner.op(self, lambda: update_meeting(engine, meeting_id, date, place, president, today=today,
                                                            redate_decided=bool(consequences), time=time),
                               lambda _c: self._saved(), self._refused)

        self.ctx.runner.query(self, lambda: redating_consequences(engine, meeting_id, date), asked, self._refused,
                              key="redating")

    def _created(self, result: tuple[str, Changes]) -> None:
        self.meeting_id = result[0]
        self._saved()

    def _saved(self) -> None:
        set_saving(self, self.form, False)
        super().accept()  # the runner told the bus what changed

    def _refused(self, exc: BaseException) -> None:
        set_saving(self, self.form, False)
        if not isinstance(exc, RuleError):
            raise exc  # the window's crash handler logs it and says so in French
        self.errors.show(exc.problems)  # under their fields, with what was typed kept
        self.adjustSize()  # room for the messages under their fields
