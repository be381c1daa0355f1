"""Suivi: projects in follow-up with their plan (months 3, 6, 12, 18; 24 optional), the mandataires'
reports, closing after 18 months, and each mandataire's workload."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import date_long, date_short, integer
from alize_desktop.models.enums import label
from alize_desktop.services.projects.follow_ups import (
    FollowedProject,
    FollowUpRow,
    Member,
    Milestone,
    Workload,
    close_project,
    committee_members,
    delete_follow_up,
    followed_projects,
    project_reports,
    reopen_project,
    workload,
)
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.follow_up.dialog import FOLLOWED, FollowUpDialog, push_deleted, push_write
from alize_desktop.ui.pages.base import Page, heading, note
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import confirmed
from alize_desktop.ui.widgets.kit_tables import Table, current_row, row_table
from alize_desktop.ui.widgets.kit_text import french_key
from alize_desktop.ui.widgets.kit_widgets import shortcut
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.row_model import Ordering, lazy_table, order_rows
from alize_desktop.ui.widgets.table_model import Column

STATE_COLOURS = {"overdue": "#b00020", "due": "#9a5b00", "done": "#2e7d32"}
SHOW = (("followed", "Tous les projets en suivi"), ("overdue", "Rapports en retard"), ("due", "Rapports à rendre"),
        ("closable", "Projets clôturables"), ("intervention", "Nouvelle intervention demandée"),
        ("closed", "Projets clos"))


def _next(p: FollowedProject) -> str:
    s = p.next_due
    return f"{s.month}e mois, {date_short(s.due_on)}" if s else "—"


def _next_state(p: FollowedProject) -> str:
    s = p.next_due
    return s.state_label if s else ("Clos" if p.status == "closed" else "Plan rempli")


PROJECT_COLUMNS = [
    Column("Projet", lambda p: p.id, lambda p: (len(p.id), p.id)),
    Column("Entreprise", lambda p: p.company),
    Column("Intitulé", lambda p: p.title, tooltip=lambda p: p.title),
    Column("Mandataire", lambda p: p.mandatary or "—"),
    Column("Signature", lambda p: date_short(p.signed_on), lambda p: p.signed_on),
    Column("Prochain rapport", _next, lambda p: p.next_due.due_on if p.next_due else None),
    Column("État", _next_state, colour=lambda p: STATE_COLOURS.get(p.next_due.state) if p.next_due else None),
    Column("Rapports", lambda p: integer(p.reports), lambda p: p.reports, align_right=True),
    # One column for both job figures: eleven columns must fit a 1366-pixel screen with the title readable.
    Column("Emplois créés / maintenus", lambda p: f"{integer(p.jobs_created)} / {integer(p.jobs_maintained)}",
           lambda p: p.jobs_created + p.jobs_maintained, align_right=True,
           tooltip=lambda p: f"{integer(p.jobs_created)} emplois créés, {integer(p.jobs_maintained)} maintenus"),
    Column("Statut", lambda p: label(p.status) + (" — nouvelle intervention demandée" if p.new_intervention else "")),
]
PLAN_COLUMNS = [
    Column("Échéance", lambda s: f"{s.month}e mois" + (" (facultatif)" if s.optional else ""), lambda s: s.month),
    Column("Date prévue", lambda s: date_short(s.due_on), lambda s: s.due_on),
    Column("État", lambda s: s.state_label, colour=lambda s: STATE_COLOURS.get(s.state)),
    Column("Rapport du", lambda s: date_short(s.report_on) if s.report_on else "—", lambda s: s.report_on),
]
REPORT_COLUMNS = [
    Column("Date", lambda r: date_short(r.date), lambda r: r.date),
    Column("Auteur", lambda r: r.author or "—"),
    Column("Créés", lambda r: integer(r.jobs_created), lambda r: r.jobs_created, align_right=True),
    Column("Maintenus", lambda r: integer(r.jobs_maintained), lambda r: r.jobs_maintained, align_right=True),
    Column("Jours", lambda r: integer(r.skills_days_delivered), lambda r: r.skills_days_delivered,
           align_right=True),
    Column("Intervention", lambda r: "Demandée" if r.new_intervention else "",
           tooltip=lambda r: "Nouvelle intervention du comité demandée" if r.new_intervention else None),
    Column("Notes", lambda r: r.notes.replace("\n", " "), tooltip=lambda r: r.notes or None),
]
LOAD_COLUMNS = [
    Column("Mandataire", lambda w: w.name),
    Column("Projets suivis", lambda w: integer(w.projects), lambda w: w.projects, align_right=True),
    Column("Rapports à rendre", lambda w: integer(w.due), lambda w: w.due, align_right=True),
    Column("Rapports en retard", lambda w: integer(w.overdue), lambda w: w.overdue, align_right=True,
           colour=lambda w: STATE_COLOURS["overdue"] if w.overdue else None),
]


def _shows(show: str | None, mandatary: str | None) -> Callable[[FollowedProject], bool]:
    """Which projects the list shows for the two choices above it (pure: it runs on the worker too)."""
    tests: dict[str, Callable[[FollowedProject], bool]] = {
        "overdue": lambda p: p.overdue > 0, "due": lambda p: p.due > 0,
        "closable": lambda p: p.closing_problem is None, "intervention": lambda p: p.new_intervention}
    wanted = tests.get(show or "", lambda p: True)

    def shown(p: FollowedProject) -> bool:
        if mandatary and p.mandatary_id != mandatary:
            return False
        if show == "closed":
            return p.status == "closed"
        return p.status != "closed" and wanted(p)

    return shown


def _haystack(p: FollowedProject) -> str:
    """What the search box looks in (one function: the list folds its rows' text once, not per keystroke)."""
    return f"{p.id} {p.company} {p.title} {p.mandatary}"


Loaded = tuple[list[FollowedProject], list[Workload], list[tuple[str, str]], Ordering, list[int]]


def _table(columns: list[Column], name: str, sortable: bool = True, text: tuple[int, ...] = ()) -> Table:
    # One line per row: long notes and titles show whole in their tooltip. Every column fits its
    # contents; the `text` ones take the width left (kit_columns.ColumnFitter).
    return row_table(columns, name, sortable=sortable, stretch=text)


class FollowUpPage(Page):
    key = "follow_up"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.projects: list[FollowedProject] = []
        self._reports_of: str | None = None  # the project whose reports the panel shows
        lay = QVBoxLayout(self)
        lay.addWidget(heading("Suivi des projets"))
        lay.addWidget(note("Le mandataire suit chaque projet au moins 18 mois après la signature de sa convention : "
                           "rapports aux 3e, 6e, 12e et 18e mois (24e facultatif), chiffres cumulés depuis "
                           "l'agrément. Le premier rapport fait passer le projet « En suivi »."))
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        self.tabs.addTab(self._build_projects_tab(), "Projets en suivi")
        load = _table(LOAD_COLUMNS, "workload", text=(0,))
        self.load_model, self.load_view = load.model, load.view
        self.load_view.doubleClicked.connect(self._open_workload)
        self.load_view.activated.connect(self._open_workload)
        load_tab = QWidget()
        ll = QVBoxLayout(load_tab)
        ll.addWidget(note("Double-cliquer sur un mandataire (ou Entrée) pour voir ses projets."))
        ll.addWidget(self.load_view)
        self.tabs.addTab(load_tab, "Charge des mandataires")
        for keys, slot in (("Ctrl+N", self.new_report), ("Ctrl+F", self.search.setFocus),
                           (QKeySequence.StandardKey.Delete, self.delete_report)):
            made = shortcut(self, keys, slot)
            if slot != self.search.setFocus:
                writes(made)

    def _build_projects_tab(self) -> QWidget:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Rechercher un projet, une entreprise, un mandataire (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.show_combo = QComboBox()
        for key, text in SHOW:
            self.show_combo.addItem(text, key)
        self.mandatary_combo = QComboBox()
        self.mandatary_combo.setMinimumContentsLength(18)
        bar.addWidget(self.search, 2)
        for text, combo in (("Affic&her :", self.show_combo), ("&Mandataire :", self.mandatary_combo)):
            buddy = QLabel(text)
            buddy.setBuddy(combo)
            bar.addWidget(buddy)
            bar.addWidget(combo, 1)
        lay.addLayout(bar)
        # A network follows thousands of projects: rows served from the loaded list, sorted in Python;
        # every column fits its contents and the text ones share the width left (kit_columns).
        projects = lazy_table(PROJECT_COLUMNS, "followed_projects", stretch=(1, 2, 9))
        self.model, self.table, self.proxy = projects.model, projects.view, projects.proxy
        self.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
        self._filter()  # the list's ordering holds the choices from the start: the loads reuse it
        self.search.textChanged.connect(self._filter)
        self.show_combo.currentIndexChanged.connect(self._show_changed)
        self.mandatary_combo.currentIndexChanged.connect(self._filter)
        self.table.selectionModel().selectionChanged.connect(self._project_changed)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        lower = QWidget()
        low = QHBoxLayout(lower)
        low.setContentsMargins(0, 0, 0, 0)
        plan_box = QGroupBox("Plan de suivi")
        pl = QVBoxLayout(plan_box)
        plan = _table(PLAN_COLUMNS, "plan", sortable=False, text=(2,))
        self.plan_model, self.plan_view = plan.model, plan.view
        pl.addWidget(self.plan_view)
        self.close_info = QLabel()
        self.close_info.setObjectName("close_info")
        self.close_info.setWordWrap(True)
        self.close_info.setTextFormat(Qt.TextFormat.PlainText)
        pl.addWidget(self.close_info)
        self.close_button = writes(QPushButton("Clore le projet…"))
        self.close_button.setToolTip("Clore le suivi une fois les 18 mois accomplis ; Ctrl+Z l'annule")
        self.close_button.clicked.connect(self.close_selected)
        pl.addWidget(self.close_button)
        low.addWidget(plan_box, 4)
        rep_box = QGroupBox("Rapports du mandataire")
        rl = QVBoxLayout(rep_box)
        reports = _table(REPORT_COLUMNS, "reports", text=(6,))
        self.report_model, self.report_view = reports.model, reports.view
        self.report_view.doubleClicked.connect(lambda _i: self.edit_report())
        self.report_view.activated.connect(lambda _i: self.edit_report())
        rl.addWidget(self.report_view)
        buttons = QHBoxLayout()
        self.new_button = writes(QPushButton("Nouveau rapport…"))
        self.new_button.setToolTip("Saisir le rapport du mandataire (Ctrl+N)")
        self.new_button.clicked.connect(self.new_report)
        self.edit_button = writes(QPushButton("Modifier…"))
        self.edit_button.setToolTip("Corriger le rapport choisi (double-clic ou Entrée)")
        self.edit_button.clicked.connect(self.edit_report)
        self.delete_button = writes(QPushButton("Supprimer"))
        self.delete_button.setToolTip("Supprimer le rapport choisi (Suppr) ; Ctrl+Z l'annule")
        self.delete_button.clicked.connect(self.delete_report)
        for b in (self.new_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch()
        rl.addLayout(buttons)
        low.addWidget(rep_box, 5)
        split.addWidget(lower)
        split.setSizes([300, 290])
        lay.addWidget(split, 1)
        return tab

    # reading ---------------------------------------------------------------------------------
    def concerns(self, changes: Changes) -> bool:
        return changes.follow_ups or changes.projects or changes.partners or changes.basin

    def loader(self) -> Callable[[], Loaded]:
        engine, today = self.ctx.engine, self.ctx.clock.today()
        how = self.model.ordering()  # the list's filter, search and sort, as the operator left them

        def work() -> Loaded:
            # On the worker: a network's ten thousand projects took seconds on the GUI thread, and
            # filtering and sorting them still took a tenth of a second there.
            projects = followed_projects(engine, today, include_closed=True)
            mandataries = sorted({(p.mandatary_id, p.mandatary) for p in projects if p.mandatary_id},
                                 key=lambda t: french_key(t[1]))
            return projects, workload(projects), mandataries, how, order_rows(projects, PROJECT_COLUMNS, how)

        return work

    def show_loaded(self, loaded: Loaded) -> None:
        keep = self.current_project()
        self.projects, load, mandataries, asked, order = loaded
        self.load_model.set_rows(load)
        current = self.mandatary_combo.currentData()
        self.mandatary_combo.blockSignals(True)
        self.mandatary_combo.clear()
        self.mandatary_combo.addItem("Tous les mandataires", None)
        for mid, name in mandataries:
            self.mandatary_combo.addItem(name, mid)
        self.mandatary_combo.setCurrentIndex(max(0, self.mandatary_combo.findData(current)))
        self.mandatary_combo.blockSignals(False)
        gone = self.mandatary_combo.currentData() != current  # its mandataire left the list: all shown
        # The worker's order, unless the operator changed the filter or the sort while it ran.
        self.model.set_rows(self.projects, order if not gone and self.model.ordering() == asked else None)
        if gone:
            self._filter()
        if keep is not None:
            self._select(keep.id)
        self._project_changed()

    def _filter(self) -> None:
        self.proxy.set_predicate(_shows(self.show_combo.currentData(), self.mandatary_combo.currentData()))
        self.proxy.set_search(self.search.text(), _haystack)

    def _show_changed(self) -> None:
        self._filter()
        self._project_changed()

    def current_project(self) -> FollowedProject | None:
        row = current_row(self.table)
        return row if isinstance(row, FollowedProject) else None

    def current_report(self) -> FollowUpRow | None:
        row = current_row(self.report_view)
        return row if isinstance(row, FollowUpRow) else None

    def _project_changed(self, *_args: object) -> None:
        p = self.current_project()
        self.plan_model.set_rows(list(p.plan) if p else [])
        if p is None:
            self._reports_of = None
            self.report_model.set_rows([])
        else:
            if p.id != self._reports_of:
                self._reports_of = None
                self.report_model.set_rows([])  # never another project's reports under this one
            self._read_reports(p.id, partial(self._reports_arrived, p.id), key="reports")
        followed = p is not None and p.status != "closed"
        for b in (self.new_button, self.edit_button, self.delete_button, self.close_button):
            b.setEnabled(followed)
        if p is None:
            self.close_info.setText("Choisir un projet dans la liste.")
        elif p.status == "closed":
            self.close_info.setText("Projet clos.")
        elif p.closing_problem:
            self.close_info.setText(f"Clôture : {p.closing_problem}")
        else:
            self.close_info.setText("Le suivi de 18 mois est accompli : le projet peut être clos.")
        self.close_button.setEnabled(followed and p is not None and p.closing_problem is None)

    def _read_reports(self, project_id: str, done: Callable[[list[FollowUpRow]], None], *, key: str) -> None:
        """The project's reports, read on the database worker; `done` gets them on the GUI thread."""
        engine = self.ctx.engine
        self.ctx.runner.query(self, lambda: project_reports(engine, project_id), done, key=key)

    def _reports_arrived(self, project_id: str, reports: list[FollowUpRow]) -> None:
        p = self.current_project()
        if p is None or p.id != project_id:
            return  # the operator chose another project meanwhile
        keep = self.current_report()
        self._reports_of = project_id
        self.report_model.set_rows(reports)
        if keep is not None:
            for row, report in enumerate(reports):
                if report.id == keep.id:
                    self.report_view.selectRow(row)
                    break

    def _select(self, project_id: str) -> bool:
        row = self.model.find(lambda p: p.id == project_id)
        if row is None:
            return False
        self.table.selectRow(row)
        self.table.scrollTo(self.model.index(row, 0))
        return True

    def show_record(self, record_id: str) -> None:
        self.when_fresh(lambda: self._show_project(record_id))

    def _show_project(self, record_id: str) -> None:
        self.tabs.setCurrentIndex(0)
        if not self._select(record_id):  # hidden by a filter: show everything, then select it
            self.search.clear()
            self.mandatary_combo.setCurrentIndex(0)
            closed = any(p.id == record_id and p.status == "closed" for p in self.projects)
            self.show_combo.setCurrentIndex(self.show_combo.findData("closed" if closed else "followed"))
            self._select(record_id)
        self.table.setFocus()

    def _open_workload(self, index: object) -> None:
        row = current_row(self.load_view)
        if isinstance(row, Workload):
            self.mandatary_combo.setCurrentIndex(max(0, self.mandatary_combo.findData(row.person_id or None)))
            self.show_combo.setCurrentIndex(0)
            self.tabs.setCurrentIndex(0)

    # writing ---------------------------------------------------------------------------------
    def _open_report(self, p: FollowedProject, report: FollowUpRow | None) -> None:
        """The form opens once the project's reports and the comité's members are read on the worker."""
        engine, today = self.ctx.engine, self.ctx.clock.today()

        def opened(read: tuple[list[FollowUpRow], list[Member]]) -> None:
            reports, members = read
            FollowUpDialog(self.ctx, p, reports, report, today, self, members=members).exec()

        self.ctx.runner.query(self, lambda: (project_reports(engine, p.id), committee_members(engine)), opened,
                              key="dialog")

    def new_report(self) -> None:
        p = self.current_project()
        if p is None or p.status == "closed":
            return
        self._open_report(p, None)

    def edit_report(self) -> None:
        p, r = self.current_project(), self.current_report()
        if p is None or r is None or p.status == "closed":
            return
        self._open_report(p, r)

    def delete_report(self) -> None:
        p, r = self.current_project(), self.current_report()
        if p is None or r is None or p.status == "closed":
            return
        if not confirmed(
            self, "Supprimer le rapport",
            f"Supprimer le rapport du {date_long(r.date)} ({integer(r.jobs_created)} emplois créés) ?\n"
            "Ctrl+Z annule la suppression."):
            return
        engine, today = self.ctx.engine, self.ctx.clock.today()
        self.ctx.runner.op(self, lambda: delete_follow_up(engine, r.id) | FOLLOWED,
                           lambda changes: push_deleted(self.ctx, p.id, r, today, changes),
                           self._refused("Supprimer le rapport"))

    def close_selected(self) -> None:
        p = self.current_project()
        if p is None:
            return
        if p.closing_problem:
            QMessageBox.warning(self, "Clore le projet", p.closing_problem)
            return
        if not confirmed(
            self, "Clore le projet",
            f"Clore le suivi du projet « {p.title} » ({p.company}) ?\nCtrl+Z annule la clôture."):
            return
        engine, today, project_id = self.ctx.engine, self.ctx.clock.today(), p.id

        def work() -> tuple[str, Changes]:
            saved = close_project(engine, project_id, today)
            return saved.previous_status or "in_follow_up", saved.changes | FOLLOWED

        def closed(result: tuple[str, Changes]) -> None:
            previous, changes = result
            push_write(self.ctx, "Clôture d'un projet", changes,
                       lambda: close_project(engine, project_id, today),
                       lambda: reopen_project(engine, project_id, previous))

        self.ctx.runner.op(self, work, closed, self._refused("Clore le projet"))

    def _refused(self, title: str) -> Callable[[BaseException], None]:
        """A write the rules refused: its French reason under `title`; anything else is a bug."""

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            QMessageBox.warning(self, title, str(exc))

        return refused


__all__ = ["FollowUpPage", "Milestone"]
