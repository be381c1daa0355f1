"""Projets: the projects list (filters, counts, workflow buttons), the companies list, the project file."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.models.enums import PROJECT_STATUSES, PROJECT_TYPES, label
from alize_desktop.services.projects.projects import (
    PersonChoice,
    ProjectRow,
    committee_members,
    delete_project,
    get_project_mandatary,
    list_projects,
)
from alize_desktop.services.projects.workflow import FINAL, MANUAL_TARGETS, blockers, transition
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.pages.base import Page, heading, note
from alize_desktop.ui.partners.support_schemes_dialog import SupportSchemesDialog
from alize_desktop.ui.projects.company_dialog import CompaniesPanel, CompanyDialog
from alize_desktop.ui.projects.dialog import ProjectDialog
from alize_desktop.ui.projects.project_file import ProjectFileDialog, SignatureDialog
from alize_desktop.ui.projects.table_model import (
    RECEIVED_COLUMN,
    ProjectFilter,
    ProjectFilterProxy,
    ProjectTableModel,
    column_widths,
    sort_projects,
)
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import confirmed, literal
from alize_desktop.ui.widgets.kit_tables import list_view
from alize_desktop.ui.widgets.kit_text import by_french_name
from alize_desktop.ui.widgets.kit_widgets import button, on_resize, shortcut
from alize_desktop.ui.widgets.read_only import writes

TARGET_BUTTONS = {
    "in_review": ("Passer en instruction", "Le diagnostic préalable est fait : le projet passe en instruction."),
    "convention_signed": ("Enregistrer la signature…", "Date de signature, mandataire et convention signée."),
    "in_follow_up": ("Mettre en suivi", "Le suivi du projet par son mandataire commence."),
    "closed": ("Clore le projet…", "Le suivi (au moins 18 mois après la signature) est terminé."),
    "withdrawn": ("Retirer le projet…", "Le porteur renonce ou le projet est abandonné."),
}
OPEN_STATUSES = frozenset(s for s in PROJECT_STATUSES if s not in FINAL)
NO_PROJECT = "Sélectionnez un projet dans la liste."
CHECKING = "Vérification des conditions du changement de statut…"

Reasons = dict[str, str | None]
Loaded = tuple[list[ProjectRow], tuple[int, Qt.SortOrder] | None, list[int], list[tuple[str, str]]]


def _ignore_missing(exc: BaseException) -> None:
    """A project deleted meanwhile: the reload on its way drops its row; anything else is a bug."""
    if not isinstance(exc, RuleError):
        raise exc


class ProjectsPage(Page):
    key = "projects"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        lay = QVBoxLayout(self)
        lay.addWidget(heading("Projets"))
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs, 1)
        self.file_dialog: ProjectFileDialog | None = None
        # The workflow buttons' reasons, read on the database worker for the selected project:
        # (project id, reasons) once known, None while the data they came from is being read again.
        self._reasons: tuple[str, Reasons] | None = None
        self._build_projects_tab()
        self.companies = CompaniesPanel(ctx, self)
        self.companies.show_projects.connect(self.show_company_projects)
        self.companies.changed.connect(self._after_write)
        self.tabs.addTab(self.companies, "Entreprises")
        writes(shortcut(self, "Ctrl+Shift+N", self.new_project))
        writes(shortcut(self, "F2", self.edit_current))
        shortcut(self, "Ctrl+F", self._focus_search)
        writes(shortcut(self.view, QKeySequence.StandardKey.Delete, self.delete_project,
                        context=Qt.ShortcutContext.WidgetShortcut))

    # projects tab ------------------------------------------------------------------------------
    def _build_projects_tab(self) -> None:
        tab = QWidget()
        lay = QVBoxLayout(tab)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Rechercher : titre, entreprise, SIRET, prescripteur, mandataire… (Ctrl+F)")
        self.status_filter = self._combo("status_filter", [("Tous les statuts", None), ("En cours", "open")]
                                         + [(label(s), s) for s in PROJECT_STATUSES])
        self.type_filter = self._combo("type_filter", [("Tous les types", None)]
                                       + [(label(t), t) for t in PROJECT_TYPES])
        self.year_filter = self._combo("year_filter", [("Toutes les années", None)])
        self.prescriber_filter = self._combo("prescriber_filter", [("Tous les prescripteurs", None)])
        self.clear_filters = QPushButton("Effacer les filtres")
        self.clear_filters.setToolTip("Revenir à tous les projets : recherche vidée, filtres remis à « Tous »")
        filters.addWidget(self.search, 3)
        for w in (self.status_filter, self.type_filter, self.year_filter, self.prescriber_filter):
            filters.addWidget(w, 1)
        filters.addWidget(self.clear_filters)
        lay.addLayout(filters)

        self.model = ProjectTableModel(self, today=self.ctx.clock.today)
        self.proxy = ProjectFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.view = list_view(self.proxy, "projects_view", record_list=True,
                              sort=(RECEIVED_COLUMN, Qt.SortOrder.DescendingOrder))
        # The title takes what the other columns leave, never less than TITLE_MIN_WIDTH: in a window
        # that is not maximised (about 1066 pixels) the other columns give way first, no scrolling.
        self.view.horizontalHeader().setStretchLastSection(False)
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)  # « Prescri… », tooltip
        on_resize(self.view.viewport(), self._fit_columns)
        self._fit_columns()
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.view.activated.connect(lambda _i: self.open_file())
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        lay.addWidget(self.view, 1)

        actions = QHBoxLayout()
        self.count = QLabel()
        self.count.setObjectName("count")
        actions.addWidget(self.count)
        actions.addStretch()
        self.new_button = writes(button("Nouveau projet…", "Saisir un projet reçu (Ctrl+Maj+N)", self.new_project,
                                 "new_project", actions))
        self.edit_button = writes(button("Modifier…", "Modifier le projet sélectionné (F2)", self.edit_current,
                                         "edit_project", actions))
        self.file_button = button("Dossier du projet", "Tout le projet dans l'ordre du temps (Entrée)",
                                  self.open_file, "open_file", actions)
        self.delete_button = writes(button("Supprimer…", "Supprimer une saisie erronée (Suppr)",
                                           self.delete_project, "delete_project", actions))
        button("Dispositifs existants…", "Le registre des dispositifs locaux que complète ALIZÉ", self.open_schemes,
               "open_schemes", actions)
        lay.addLayout(actions)

        flow = QHBoxLayout()
        flow.addWidget(QLabel("Statut :"))
        self.transition_buttons: dict[str, QPushButton] = {}
        for target in MANUAL_TARGETS:
            text, _tip = TARGET_BUTTONS[target]
            self.transition_buttons[target] = writes(button(
                text, "", lambda _=False, t=target: self.request_transition(t), f"to_{target}", flow))
        flow.addStretch()
        flow.addWidget(note("Inscription à un comité et décisions : page Comités."))
        lay.addLayout(flow)

        self.search.textChanged.connect(self._apply_filter)
        for combo in (self.status_filter, self.type_filter, self.year_filter, self.prescriber_filter):
            combo.currentIndexChanged.connect(self._apply_filter)
        self.clear_filters.clicked.connect(self.reset_filters)
        self.tabs.addTab(tab, "Projets")

    @staticmethod
    def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        for text, data in items:
            combo.addItem(text, data)
        return combo

    def _focus_search(self) -> None:
        target = self.search if self.tabs.currentIndex() == 0 else self.companies.search
        target.setFocus()
        target.selectAll()

    def _criteria(self) -> ProjectFilter:
        status = self.status_filter.currentData()
        statuses = OPEN_STATUSES if status == "open" else frozenset({status} if status else ())
        return ProjectFilter(statuses=statuses, type=self.type_filter.currentData(),
                             year=self.year_filter.currentData(), prescriber_id=self.prescriber_filter.currentData(),
                             text=self.search.text())

    def _apply_filter(self) -> None:
        self.proxy.set_filter(self._criteria())
        self._update_count()
        self._update_buttons()

    def reset_filters(self) -> None:
        for combo in (self.status_filter, self.type_filter, self.year_filter, self.prescriber_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._apply_filter()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        noun = "projet" if total <= 1 else "projets"
        self.count.setText(f"{shown} {noun} sur {total}" if self.proxy.criteria.active() else f"{total} {noun}")

    def _refill(self, combo: QComboBox, items: list[tuple[str, object]]) -> None:
        """Replace a filter's choices after the first one, keeping the current choice when still there."""
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for text, data in items:
            combo.addItem(text, data)
        combo.setCurrentIndex(max(0, combo.findData(current)))
        combo.blockSignals(False)

    # column sizing ---------------------------------------------------------------------------
    def _fit_columns(self) -> None:
        """Share the list's width: the title keeps a readable minimum, the other columns give way."""
        for col, width in enumerate(column_widths(self.view.viewport().width())):
            self.view.setColumnWidth(col, width)

    # reading -----------------------------------------------------------------------------------
    def concerns(self, changes: Changes) -> bool:
        return changes.projects or changes.meetings or changes.partners or changes.conventions or changes.fund \
            or changes.follow_ups

    def loader(self) -> Callable[[], Loaded]:
        engine, sort = self.ctx.engine, self.model.sorting
        self._reasons = None  # read again with the list: a change may have moved them

        def work() -> Loaded:
            # On the worker: a network's ten thousand projects took over 100 ms on the GUI thread;
            # they come sorted as the list is, so that the GUI thread does not sort them again.
            rows = list_projects(engine)
            years = sorted({r.received_on.year for r in rows}, reverse=True)
            prescribers = sorted({(r.prescriber_name, r.prescriber_id) for r in rows if r.prescriber_id})
            return (sort_projects(rows, *sort) if sort else rows), sort, years, prescribers

        return work

    def reload(self) -> None:
        super().reload()
        self.companies.reload()
        if self.file_dialog is not None and self.file_dialog.isVisible():
            self.file_dialog.reload()

    def show_loaded(self, data: Loaded) -> None:
        rows, sort, years, prescribers = data
        selected = self.current_project()  # the selection now, not when the load was asked for
        self._reasons = None
        self.model.set_rows(rows, sorted_by=sort)  # sorted again here only if the sort changed meanwhile
        self._refill(self.year_filter, [(str(y), y) for y in years])
        self._refill(self.prescriber_filter, [(name, pid) for name, pid in prescribers])
        if self._criteria() != self.proxy.criteria:  # a year or prescriber chosen is no longer there
            self.proxy.set_filter(self._criteria())
        self._update_count()
        self._update_buttons()
        if selected is not None:
            self.select_project(selected.id)

    def current_project(self) -> ProjectRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.proxy.row_at(rows[0].row()) if rows else None

    def select_project(self, project_id: str) -> bool:
        row = self.proxy.proxy_row_of(project_id)
        if row < 0:
            return False
        self.view.selectRow(row)
        self.view.scrollTo(self.proxy.index(row, 0))
        return True

    def show_record(self, record_id: str) -> None:
        """Open the project file of `record_id` (from an alert, a meeting, the fund…)."""
        self.when_fresh(lambda: self._show_project(record_id))

    def _show_project(self, record_id: str) -> None:
        self.tabs.setCurrentIndex(0)
        if not self.select_project(record_id):
            self.reset_filters()
            if not self.select_project(record_id):
                return
        self.open_file()

    def _update_buttons(self) -> None:
        p = self.current_project()
        for b in (self.edit_button, self.file_button, self.delete_button):
            b.setEnabled(p is not None)
        if p is None:
            self._paint_transitions({})
        elif self._reasons is not None and self._reasons[0] == p.id:
            self._paint_transitions(self._reasons[1])  # a filter typed, the same row still selected
        else:
            self._paint_transitions(None)  # disabled until the worker says what is allowed
            self._ask_blockers(p.id, partial(self._blockers_arrived, p.id), _ignore_missing, key="blockers")

    def _ask_blockers(self, project_id: str, done: Callable[[Reasons], None],
                      failed: Callable[[BaseException], None], *, key: str, owner: QWidget | None = None) -> None:
        engine, today = self.ctx.engine, self.ctx.clock.today()
        self.ctx.runner.query(owner or self, lambda: blockers(engine, project_id, today), done, failed, key=key)

    def _blockers_arrived(self, project_id: str, reasons: Reasons) -> None:
        p = self.current_project()
        if p is None or p.id != project_id:
            return  # the operator moved on: these reasons belong to a row no longer selected
        self._reasons = (project_id, reasons)
        self._paint_transitions(reasons)

    def _paint_transitions(self, reasons: Reasons | None) -> None:
        """Enable the allowed changes of status; a forbidden one says why (`None`: not known yet)."""
        for target, b in self.transition_buttons.items():
            reason = CHECKING if reasons is None else reasons.get(target, NO_PROJECT)
            b.setEnabled(reason is None)
            b.setToolTip(TARGET_BUTTONS[target][1] if reason is None else reason)

    # actions -----------------------------------------------------------------------------------
    def new_project(self) -> None:
        dialog = ProjectDialog(self.ctx, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id:
            saved = dialog.saved_id
            self.reload()
            self.when_loaded(lambda: self.select_project(saved))

    def edit_current(self) -> None:
        if self.tabs.currentIndex() == 1:
            self.companies.edit_company()
            return
        p = self.current_project()
        if p is not None:
            self.edit_project(p.id)

    def edit_project(self, project_id: str) -> None:
        parent = self.file_dialog if self.file_dialog is not None and self.file_dialog.isVisible() else self
        if ProjectDialog(self.ctx, project_id, parent).exec() == QDialog.DialogCode.Accepted:
            self.reload()

    def open_file(self, project_id: str | None = None) -> None:
        if not isinstance(project_id, str) or not project_id:  # a button's clicked(bool) or nothing
            p = self.current_project()
            if p is None:
                return
            project_id = p.id
        if self.file_dialog is None:
            self.file_dialog = ProjectFileDialog(self.ctx, project_id, self)
            self.file_dialog.navigate.connect(self._navigate_from_file)
            self.file_dialog.edit_requested.connect(self.edit_project)
            self.file_dialog.company_requested.connect(self.edit_company)
        else:
            self.file_dialog.show_project(project_id)
        self.file_dialog.show()
        self.file_dialog.raise_()
        self.file_dialog.activateWindow()

    def _navigate_from_file(self, page: str, record_id: str) -> None:
        if self.file_dialog is not None:
            self.file_dialog.close()
        self.navigate.emit(page, record_id)

    def delete_project(self) -> None:
        p = self.current_project()
        if p is None:
            return
        if not confirmed(self, "Supprimer le projet",
                         f"Supprimer définitivement le projet {p.id} « {p.title} » ?\n"
                         "Seule une saisie erronée se supprime ; un projet abandonné se retire."):
            return
        engine, project_id = self.ctx.engine, p.id
        self._write(lambda: delete_project(engine, project_id), "Suppression impossible")

    def open_schemes(self) -> None:
        SupportSchemesDialog(self.ctx, self).exec()

    def request_transition(self, target: str) -> None:
        """Change the selected project's status; a forbidden change is explained, never attempted.
        What the rules allow is read on the worker; the change goes on when the answer comes."""
        p = self.current_project()
        if p is None:
            return
        engine, today = self.ctx.engine, self.ctx.clock.today()
        title = TARGET_BUTTONS[target][0].rstrip("…")

        def work() -> tuple[str | None, str | None, list[PersonChoice]]:
            reason = blockers(engine, p.id, today).get(target)
            if target != "convention_signed" or reason:
                return reason, None, []
            # The signature form's choices too: it opens with them, nothing read on the GUI thread.
            mandatary = get_project_mandatary(engine, p.id)
            members = by_french_name(committee_members(engine, (mandatary,)), lambda w: w.name)
            return reason, mandatary, members

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, RuleError):
                raise exc
            QMessageBox.warning(self, title, literal(str(exc)))

        self.ctx.runner.query(self, work, lambda answer: self._transition(p, target, title, *answer), refused,
                              key="transition")

    def _transition(self, p: ProjectRow, target: str, title: str, reason: str | None, mandatary: str | None,
                    members: list[PersonChoice]) -> None:
        if reason:
            QMessageBox.warning(self, title, literal(reason))
            return
        details: dict[str, object] = {}
        if target == "convention_signed":
            SignatureDialog(self.ctx, p.id, mandatary, members, self).exec()
            self.reload()
            return
        if target == "withdrawn":
            text, ok = QInputDialog.getText(self, "Retirer le projet",
                                            literal(f"Retirer le projet {p.id} « {p.title} ».\nMotif (facultatif) :"))
            if not ok:
                return
            details["reason"] = text
        if target == "closed":
            if not confirmed(self, "Clore le projet", f"Clore le suivi du projet {p.id} « {p.title} » ?"):
                return
        engine, today, project_id = self.ctx.engine, self.ctx.clock.today(), p.id
        self._write(lambda: transition(engine, project_id, target, today, **details), title)

    def _write(self, work: Callable[[], Changes], title: str) -> None:
        """Run a service write on the database worker (the runner tells the bus its Changes); a
        refusal is shown in French under `title`."""

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            QMessageBox.warning(self, title, literal(str(exc)))

        self.ctx.runner.op(self, work, lambda _changes: self._after_write(), refused)

    def _after_write(self) -> None:
        if not self.isVisible():  # a shown page reloads through the change bus already
            self.reload()

    def edit_company(self, company_id: str) -> None:
        parent = self.file_dialog if self.file_dialog is not None and self.file_dialog.isVisible() else self
        if CompanyDialog(self.ctx, company_id, parent).exec() == QDialog.DialogCode.Accepted:
            self._after_write()

    def show_company_projects(self, needle: str) -> None:
        self.reset_filters()
        self.search.setText(needle)
        self.tabs.setCurrentIndex(0)

    def _context_menu(self, pos) -> None:  # type: ignore[no-untyped-def]
        index: QModelIndex = self.view.indexAt(pos)
        if not index.isValid():
            return
        self.view.selectRow(index.row())
        menu = QMenu(self)
        menu.addAction("Dossier du projet", self.open_file)
        writes(menu.addAction("Modifier…", self.edit_current))
        status = menu.addMenu("Changer le statut")
        pid = self.proxy.row_at(index.row()).id
        known = self._reasons[1] if self._reasons is not None and self._reasons[0] == pid else None
        entries: dict[str, QAction] = {}
        for target in MANUAL_TARGETS:
            # Forbidden changes stay listed: choosing one says why, which teaches the workflow.
            act = status.addAction(TARGET_BUTTONS[target][0], lambda t=target: self.request_transition(t))
            entries[target] = writes(act)
        status.setToolTipsVisible(True)

        def explain(reasons: Reasons) -> None:
            for target, act in entries.items():
                act.setToolTip(reasons.get(target) or TARGET_BUTTONS[target][1])

        if known is not None:
            explain(known)
        else:  # the menu opens at once; its tooltips say why once the worker has read it
            for act in entries.values():
                act.setToolTip(CHECKING)
            self._ask_blockers(pid, explain, _ignore_missing, key="menu_blockers", owner=status)
        menu.addSeparator()
        writes(menu.addAction("Supprimer…", self.delete_project))
        # popup, not exec: no nested event loop; the menu deletes itself once closed.
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.popup(self.view.viewport().mapToGlobal(pos))
