"""One means granted with an approval: skills, repayable advance, subsidised loan, in kind, direct
funding. Loans show their repayment schedule live (rules.schedule), projected from the meeting's
date until the advance is disbursed, or from the first due date when one is given.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import count, date_long, date_short, money, money_plain, parse_money
from alize_desktop.models.enums import ENGAGEMENT_KINDS, LOAN_KINDS, PERIOD_LABELS, PERIODS, label
from alize_desktop.services.meetings.engagements import (
    EngagementInput,
    add_engagement,
    preview,
    update_engagement,
)
from alize_desktop.services.meetings.meetings import PartnerChoice, partner_choices
from alize_desktop.services.meetings.view import EngagementRow
from alize_desktop.services.uow import Changes, RuleError
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
from alize_desktop.ui.widgets.kit_tables import cell, make_read_only, stretch_columns
from alize_desktop.ui.widgets.kit_text import by_french_name

KIND_LABELS = {"skills": "Mise à disposition de compétences", "in_kind": "Apport en nature"}


class EngagementDialog(QDialog):
    """Add (`engagement` None) or edit an engagement of the approval of `project_id` at `meeting_id`."""

    def __init__(self, ctx: AppContext, meeting_id: str, project_id: str, meeting_date: dt.date,
                 engagement: EngagementRow | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx, self.meeting_id, self.project_id = ctx, meeting_id, project_id
        self.meeting_date = meeting_date
        self.engagement = engagement
        self.engagement_id = engagement.id if engagement else None
        self.setObjectName("engagement_dialog")
        self.setWindowTitle("Nouveau moyen accordé" if engagement is None else "Modifier le moyen accordé")
        self.resize(860, 600)
        outer = QHBoxLayout(self)
        left = QVBoxLayout()
        outer.addLayout(left, 1)
        form = QFormLayout()
        left.addLayout(form)
        self.errors = FieldErrors(form)
        self.kind = QComboBox()
        self.kind.setObjectName("engagement_kind")
        for k in ENGAGEMENT_KINDS:
            self.kind.addItem(KIND_LABELS.get(k, label(k)), k)
        self.partner = QComboBox()
        self.partner.setObjectName("engagement_partner")
        self.partner.addItem("— aucun —", None)
        self.amount = QLineEdit()
        self.amount.setObjectName("engagement_amount")
        self.amount.setPlaceholderText("ex. : 15 000,00")
        self.days = QSpinBox()
        self.days.setObjectName("engagement_days")
        self.days.setRange(0, 10000)
        self.description = QLineEdit()
        self.description.setObjectName("engagement_description")
        self.errors.add_row("kind", "&Nature", self.kind, required=True)
        self.errors.add_row("partner", "&Partenaire", self.partner, required=True)
        self.errors.add_row("amount", "&Montant (€)", self.amount, required=True)
        self.errors.add_row("days", "&Jours :", self.days)
        self.errors.add_row("description", "&Objet :", self.description)
        self.terms_box = QGroupBox("Conditions de remboursement")
        tform = QFormLayout(self.terms_box)
        terms_errors = FieldErrors(tform)
        self.duration = QSpinBox()
        self.duration.setObjectName("engagement_duration")
        self.duration.setRange(0, 600)
        self.duration.setSuffix(" mois")
        self.duration.setValue(36)
        self.deferral = QSpinBox()
        self.deferral.setObjectName("engagement_deferral")
        self.deferral.setRange(0, 600)
        self.deferral.setSuffix(" mois")
        self.period = QComboBox()
        self.period.setObjectName("engagement_period")
        for p in PERIODS:
            self.period.addItem(f"{PERIOD_LABELS[p]} ({p} mois)", p)
        self.rate = QDoubleSpinBox()
        self.rate.setObjectName("engagement_rate")
        self.rate.setDecimals(3)
        self.rate.setRange(0, 30)
        self.rate.setSuffix(" %")
        self.first_due = date_edit(None, optional=True)
        self.first_due.setObjectName("engagement_first_due")
        terms_errors.add_row("duration", "&Durée totale :", self.duration)
        terms_errors.add_row("deferral", "Di&fféré :", self.deferral)
        terms_errors.add_row("period", "Pé&riodicité :", self.period)
        terms_errors.add_row("rate", "&Taux annuel :", self.rate)
        terms_errors.add_row("first_due_on", "Première é&chéance :", self.first_due)
        # One error display for the whole form: the terms' labels join the main one.
        self.errors.labels.update(terms_errors.labels)
        self.errors.labels["terms"] = terms_errors.general
        tform.addRow(terms_errors.general)
        left.addWidget(self.terms_box)
        left.addWidget(self.errors.general)
        left.addStretch()
        self.buttons = ok_cancel(self, left)
        self.form = form
        right = QVBoxLayout()
        outer.addLayout(right, 1)
        self.preview_title = QLabel("Échéancier")
        self.preview_title.setStyleSheet("font-weight: 600;")
        self.preview_title.setWordWrap(True)
        right.addWidget(self.preview_title)
        self.schedule = QTableWidget(0, 4)
        self.schedule.setObjectName("schedule_preview")
        self.schedule.setHorizontalHeaderLabels(["N°", "Échéance", "Montant", "Dont intérêts"])
        make_read_only(self.schedule)
        stretch_columns(self.schedule, (1, 2, 3))
        right.addWidget(self.schedule, 1)
        self.preview_total = QLabel()
        self.preview_total.setObjectName("schedule_total")
        self.preview_total.setWordWrap(True)
        right.addWidget(self.preview_total)
        if engagement is not None:
            self._load(engagement)
        for w in (self.kind, self.period, self.partner):
            w.currentIndexChanged.connect(self._refresh)
        for s in (self.duration, self.deferral, self.days):
            s.valueChanged.connect(self._refresh)
        self.rate.valueChanged.connect(self._refresh)
        self.amount.textChanged.connect(self._refresh)
        self.first_due.dateChanged.connect(self._refresh)
        self._refresh()
        # The partners are read on the database worker; the form waits, not editable, until they
        # are there: it never accepts before.
        self.loading = True
        self.saving = False
        set_saving(self, form, True)
        engine = ctx.engine
        ctx.runner.query(self, lambda: partner_choices(engine), self._filled, key="choices")

    def _filled(self, partners: list[PartnerChoice]) -> None:
        engagement = self.engagement
        for p in by_french_name(partners, lambda p: p.name):
            if p.active or (engagement and engagement.partner_id == p.id):
                self.partner.addItem(p.name, p.id)
        if engagement is not None:
            self.partner.setCurrentIndex(max(self.partner.findData(engagement.partner_id), 0))
        self.loading = False
        set_saving(self, self.form, False)
        self._refresh()  # what the kind allows (an advance has no partner)
        for guard in self.findChildren(DiscardGuard):
            if guard.shown is not None:  # shown before the partners came: they are not the operator's typing
                guard.shown = form_state(self)

    def _load(self, e: EngagementRow) -> None:
        self.kind.setCurrentIndex(self.kind.findData(e.kind))
        self.partner.setCurrentIndex(max(self.partner.findData(e.partner_id), 0))
        self.amount.setText(money_plain(e.amount_cents))
        self.days.setValue(e.days or 0)
        self.description.setText(e.description)
        if e.duration_months is not None:
            self.duration.setValue(e.duration_months)
            self.deferral.setValue(e.deferral_months or 0)
            self.period.setCurrentIndex(max(self.period.findData(e.period_months), 0))
            self.rate.setValue(float(Decimal(str(e.annual_rate or 0)) * 100))
            set_date(self.first_due, e.first_due_on)

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(self.kind.findData(kind))

    def _amount(self) -> int | None:
        text = self.amount.text().strip()
        return parse_money(text) if text else None

    def value(self) -> EngagementInput:
        """What is typed; raises ValueError (French) on an amount that is not one."""
        kind = self.kind.currentData()
        loan = kind in LOAN_KINDS
        return EngagementInput(
            kind=kind, partner_id=self.partner.currentData(), amount_cents=self._amount(),
            days=self.days.value() if kind == "skills" else None, description=self.description.text(),
            duration_months=self.duration.value() if loan else None,
            deferral_months=self.deferral.value() if loan else None,
            period_months=self.period.currentData() if loan else None,
            annual_rate=float(Decimal(str(self.rate.value())) / 100) if loan else None,
            first_due_on=get_date(self.first_due) if loan else None)

    def _refresh(self) -> None:
        kind = self.kind.currentData()
        loan = kind in LOAN_KINDS
        self.terms_box.setVisible(loan)
        self.days.setEnabled(kind == "skills")
        self.partner.setEnabled(kind != "repayable_advance")
        self.errors.set_required("partner", kind != "repayable_advance")  # the fund pays an advance: no partner
        self.rate.setEnabled(kind == "subsidised_loan")
        if kind == "repayable_advance":
            self.partner.setCurrentIndex(0)
            self.rate.setValue(0)
        self.schedule.setRowCount(0)
        if not loan:
            self.preview_title.setText("Pas d'échéancier : seuls les avances et prêts se remboursent.")
            self.preview_total.clear()
            return
        try:
            rows = preview(self.value(), self.meeting_date)
        except ValueError as exc:
            self.preview_title.setText("Échéancier")
            self.preview_total.setText(str(exc))
            return
        # The terms now give a schedule: a refusal shown earlier no longer applies.
        self.errors.labels["terms"].clear()
        self.errors.labels["terms"].hide()
        first_due = get_date(self.first_due)
        self.preview_title.setText(
            f"Échéancier à partir de la première échéance du {date_long(first_due)}" if first_due else
            f"Échéancier prévisionnel (versement supposé le {date_long(self.meeting_date)}, date du comité ; "
            "il partira du premier versement)")
        self.schedule.setRowCount(len(rows))
        for r, inst in enumerate(rows):
            for c, text in enumerate((str(inst.number), date_short(inst.due_on), money(inst.amount_cents),
                                      money(inst.interest_cents))):
                self.schedule.setItem(r, c, cell(text, right=c != 1))
        total = sum(i.amount_cents for i in rows)
        interest = sum(i.interest_cents for i in rows)
        self.preview_total.setText(f"{count(len(rows), 'échéance')}, total {money(total)} dont {money(interest)} d'intérêts.")

    def accept(self) -> None:
        """Save on the database worker; the dialog is busy meanwhile and closes once the write has
        landed; a refusal shows its messages under the fields and keeps what was typed."""
        if self.loading or self.saving:
            return
        self.errors.clear()
        try:
            inp = self.value()
        except ValueError as exc:
            self.errors.show({"amount": str(exc)})
            return
        engine, meeting_id, project_id, engagement_id = self.ctx.engine, self.meeting_id, self.project_id, self.engagement_id

        def work() -> tuple[str, Changes]:
            if engagement_id is None:
                changes, made = add_engagement(engine, meeting_id, project_id, inp)
                return made, changes  # the runner tells the bus the last item
            return engagement_id, update_engagement(engine, engagement_id, inp)

        def saved(result: tuple[str, Changes]) -> None:
            set_saving(self, self.form, False)
            self.engagement_id = result[0]
            super(EngagementDialog, self).accept()

        def refused(exc: BaseException) -> None:
            set_saving(self, self.form, False)
            self._refresh()  # what the kind allows, enabled again
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and says so in French
            self.errors.show(exc.problems)

        set_saving(self, self.form, True)
        self.ctx.runner.op(self, work, saved, refused)
