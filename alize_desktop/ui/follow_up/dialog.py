"""The mandataire's follow-up report: cumulative jobs and skills days, author, notes, and the
request for a new intervention of the comité. Saved through services.follow_ups on the database
worker, undoable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_long, integer
from alize_desktop.services.projects.follow_ups import (
    FollowedProject,
    FollowUpRow,
    Member,
    add_follow_up,
    delete_follow_up,
    update_follow_up,
)
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import FieldErrors, date_edit, get_date, ok_cancel
from alize_desktop.ui.widgets.kit_forms import RecordDialog, set_saving
from alize_desktop.ui.widgets.kit_undo import ServiceCommand

MAX_FIGURE = 100_000
FOLLOWED = Changes(follow_ups=True, projects=True)  # a report moves its project's figures and status


def _spin() -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, MAX_FIGURE)
    box.setGroupSeparatorShown(True)
    box.setAlignment(Qt.AlignmentFlag.AlignRight)
    return box


class FollowUpDialog(RecordDialog):
    """New report (`report=None`) or correction of `report` for `project`. `reports` (the project's)
    and `members` (the comité's, the authors to choose from) are read on the database worker
    before the form opens."""

    def __init__(self, ctx: AppContext, project: FollowedProject, reports: list[FollowUpRow],
                 report: FollowUpRow | None = None, today: dt.date | None = None, parent: QWidget | None = None,
                 *, members: list[Member]):
        super().__init__(parent)
        self.ctx = ctx
        self.project = project
        self.report = report
        self.today = today or ctx.clock.today()
        self.saved_id: str | None = None
        self.setObjectName("follow_up_dialog")
        self.setWindowTitle("Modifier le rapport de suivi" if report else "Nouveau rapport de suivi")
        self.setMinimumWidth(700)  # the intervention box and the author (name + partner) whole
        lay = QVBoxLayout(self)
        head = QLabel(f"{project.company} — {project.title}")
        head.setTextFormat(Qt.TextFormat.PlainText)
        head.setWordWrap(True)
        head.setStyleSheet("font-weight: 600;")
        lay.addWidget(head)
        hint = QLabel(self._hint(reports))
        hint.setTextFormat(Qt.TextFormat.PlainText)
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #555;")
        lay.addWidget(hint)
        form = QFormLayout()
        lay.addLayout(form)
        self.errors = FieldErrors(form)
        self.date = date_edit(report.date if report else self.today)
        self.author = QComboBox()
        ids = [m.id for m in members]
        for member in members:
            self.author.addItem(f"{member.name} ({member.partner})" if member.partner else member.name, member.id)
        wanted = report.author_id if report else project.mandatary_id
        if wanted and wanted not in ids:
            # An author who has left the comité still signed this report: keep the name shown.
            self.author.addItem(report.author if report and report.author else project.mandatary, wanted)
        self.author.setCurrentIndex(max(0, self.author.findData(wanted)) if wanted else -1)
        last = reports[-1] if reports else None
        base = report or last
        self.jobs_created, self.jobs_maintained, self.skills_days = _spin(), _spin(), _spin()
        if base is not None:
            self.jobs_created.setValue(base.jobs_created)
            self.jobs_maintained.setValue(base.jobs_maintained)
            self.skills_days.setValue(base.skills_days_delivered)
        self.new_intervention = QCheckBox("Le mandataire demande une nouvelle intervention du comité")
        self.new_intervention.setChecked(bool(report and report.new_intervention))
        self.notes = QPlainTextEdit(report.notes if report else "")
        self.notes.setPlaceholderText("Observations du mandataire : visite, difficultés, besoins…")
        self.notes.setTabChangesFocus(True)
        self.notes.setMinimumHeight(90)
        self.errors.add_row("date", "&Date du rapport", self.date, required=True)
        self.errors.add_row("author", "&Auteur (membre du comité)", self.author, required=True)
        self.errors.add_row("jobs_created", "Emplois &créés (cumul) :", self.jobs_created)
        self.errors.add_row("jobs_maintained", "Emplois &maintenus (cumul) :", self.jobs_maintained)
        self.errors.add_row("skills_days_delivered", "&Jours de compétences réalisés (cumul) :", self.skills_days)
        self.errors.add_row("new_intervention", "", self.new_intervention)
        self.errors.add_row("notes", "&Notes :", self.notes)
        lay.addWidget(self.errors.general)
        self.buttons = ok_cancel(self, lay, "Enregistrer")

    def _hint(self, reports: list[FollowUpRow]) -> str:
        p = self.project
        parts = ["Chiffres cumulés depuis l'agrément."]
        if p.jobs_planned_created is not None or p.jobs_planned_maintained is not None:
            parts.append(f"Prévu au dossier : {integer(p.jobs_planned_created or 0)} emplois créés, "
                         f"{integer(p.jobs_planned_maintained or 0)} maintenus.")
        others = [r for r in reports if self.report is None or r.id != self.report.id]
        if others:
            last = others[-1]
            parts.append(f"Dernier rapport ({date_long(last.date)}) : {integer(last.jobs_created)} créés, "
                         f"{integer(last.jobs_maintained)} maintenus, {integer(last.skills_days_delivered)} jours.")
        nxt = p.next_due
        if nxt is not None and self.report is None:
            parts.append(f"Rapport attendu : {nxt.month}e mois, le {date_long(nxt.due_on)}.")
        return " ".join(parts)

    def values(self) -> dict[str, Any]:
        return {"date": get_date(self.date), "author_id": self.author.currentData(),
                "jobs_created": self.jobs_created.value(), "jobs_maintained": self.jobs_maintained.value(),
                "skills_days_delivered": self.skills_days.value(), "notes": self.notes.toPlainText(),
                "new_intervention": self.new_intervention.isChecked()}

    def accept(self) -> None:
        """Save on the database worker; returns at once (the form is busy meanwhile, a second
        Enregistrer does nothing). A refusal shows under its field with what was typed kept."""
        if self.saving:
            return
        values = self.values()
        engine, project_id, report, today = self.ctx.engine, self.project.id, self.report, self.today

        def work() -> tuple[str, Changes]:
            # On the worker: no widget here. The runner tells the bus the Changes (the last item).
            if report is None:
                saved = add_follow_up(engine, project_id, today=today, **values)
                return saved.id, saved.changes | FOLLOWED
            return report.id, update_follow_up(engine, report.id, today=today, **values) | FOLLOWED

        def saved(result: tuple[str, Changes]) -> None:
            set_saving(self, self.errors.form, False)
            self.saved_id, changes = result
            # Already done: undoable from now on.
            if report is None:
                push_added(self.ctx, project_id, self.saved_id, values, today, changes)
            else:
                push_edited(self.ctx, report, values, today, changes)
            QDialog.accept(self)

        def refused(exc: BaseException) -> None:
            set_saving(self, self.errors.form, False)
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            self.errors.show(exc.problems)

        set_saving(self, self.errors.form, True)
        self.ctx.runner.op(self, work, saved, refused)


def _old_values(report: FollowUpRow) -> dict[str, Any]:
    return {"date": report.date, "author_id": report.author_id, "jobs_created": report.jobs_created,
            "jobs_maintained": report.jobs_maintained, "skills_days_delivered": report.skills_days_delivered,
            "notes": report.notes, "new_intervention": report.new_intervention}


def push_write(ctx: AppContext, text: str, changes: Changes, again: Callable[[], Any], back: Callable[[], Any]) -> None:
    """A write already made once on the database worker, whose Changes the runner has told the pages:
    make it undoable; later redo/undo call the service (`again`) and its inverse (`back`), and tell
    the pages `changes` (ServiceCommand's steps run as Ctrl+Z asks, synchronously)."""
    ctx.undo.push(ServiceCommand(ctx, text, redo=again, undo=back, changes=changes | FOLLOWED, title=text,
                                 refusal="Opération impossible : {}"))


def push_added(ctx: AppContext, project_id: str, report_id: str, values: dict[str, Any], today: dt.date,
               changes: Changes) -> None:
    push_write(
        ctx, "Saisie d'un rapport de suivi", changes,
        lambda: add_follow_up(ctx.engine, project_id, today=today, follow_up_id=report_id, **values),
        lambda: delete_follow_up(ctx.engine, report_id))


def push_edited(ctx: AppContext, report: FollowUpRow, values: dict[str, Any], today: dt.date,
                changes: Changes) -> None:
    old = _old_values(report)
    push_write(
        ctx, "Modification d'un rapport de suivi", changes,
        lambda: update_follow_up(ctx.engine, report.id, today=today, **values),
        lambda: update_follow_up(ctx.engine, report.id, today=today, **old))


def push_deleted(ctx: AppContext, project_id: str, report: FollowUpRow, today: dt.date,
                 changes: Changes) -> None:
    """Deleting a report (the page asks for confirmation first); undo puts it back under its id."""
    old = _old_values(report)
    push_write(
        ctx, "Suppression d'un rapport de suivi", changes,
        lambda: delete_follow_up(ctx.engine, report.id),
        lambda: add_follow_up(ctx.engine, project_id, today=today, follow_up_id=report.id, **old))
