"""The project form (create or edit): company, identity, instruction, selection grid, other schemes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.formatting import money_plain, parse_money
from alize_desktop.models.enums import PROJECT_TYPES, label
from alize_desktop.services.projects.companies import CompanyRow, list_companies
from alize_desktop.services.projects.projects import (
    PersonChoice,
    ProjectValues,
    SchemeRow,
    SupportLine,
    committee_members,
    create_project,
    get_project_values,
    list_schemes,
    normalise,
    update_project,
)
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.projects.company_dialog import CompanyDialog
from alize_desktop.ui.projects.form_reading import hold, release
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import FieldErrors, date_edit, get_date, set_date
from alize_desktop.ui.widgets.kit_forms import (
    RecordDialog,
    form_buttons,
    optional_spin,
    set_saving,
    set_spin,
    show_problems,
    spin_value,
    text_box,
)
from alize_desktop.ui.widgets.kit_text import by_french_name
from alize_desktop.ui.widgets.kit_undo import ServiceCommand

if TYPE_CHECKING:
    from sqlalchemy import Engine

IDENTITY_FIELDS = ("company_id", "title", "type", "received_on", "prescriber_id", "means_requested", "supports")
SCORES = (("score_quality", "Qualité du projet"), ("score_holder", "Capacité du porteur"),
          ("score_impact", "Impact territorial (dont emplois)"))


@dataclass(frozen=True)
class FormData:
    """What the form reads before it takes typing: the project (None for a new one) and its choices."""

    before: ProjectValues | None
    schemes: list[SchemeRow]
    companies: list[CompanyRow]  # in French order
    prescribers: list[PersonChoice]  # in French order, the project's own prescriber kept


def _companies(engine: Engine) -> list[CompanyRow]:
    return by_french_name(list_companies(engine), lambda c: c.name)


def read_form(engine: Engine, project_id: str | None) -> FormData:
    """On the database worker: a network's companies and people are thousands of rows."""
    before = get_project_values(engine, project_id) if project_id else None
    keep = (before.prescriber_id,) if before else ()
    return FormData(before, list_schemes(engine), _companies(engine),
                    by_french_name(committee_members(engine, keep), lambda w: w.name))


class ProjectDialog(RecordDialog):
    """New project (project_id None) or edit; `saved_id` holds the project once saved.

    It opens at once and reads the project and its choices on the database worker; its fields wait
    meanwhile and `ready` tells when they are filled (it never saves before)."""

    def __init__(self, ctx: AppContext, project_id: str | None = None, parent: QWidget | None = None,
                 company_id: str | None = None):
        super().__init__(parent)
        self.ctx, self.project_id = ctx, project_id
        self.saved_id: str | None = None
        self.ready = False
        self.setObjectName("project_dialog")
        self.setWindowTitle(f"Modifier le projet {project_id}" if project_id else "Nouveau projet")
        self.resize(720, 600)
        self.before: ProjectValues | None = None
        self._schemes: list[SchemeRow] = []
        lay = QVBoxLayout(self)
        self.tabs = QTabWidget()
        lay.addWidget(self.tabs)
        first, second = QFormLayout(), QFormLayout()
        for form in (first, second):
            form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors = FieldErrors(first)

        company_row = QWidget()
        cl = QHBoxLayout(company_row)
        cl.setContentsMargins(0, 0, 0, 0)
        self.company = QComboBox()
        self.company.setObjectName("company_id")
        self.company.setEditable(True)
        self.company.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.company.completer().setFilterMode(Qt.MatchFlag.MatchContains)
        self.company.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.company.lineEdit().setPlaceholderText("Tapez le nom ou le SIRET de l'entreprise")
        self.new_company = QPushButton("Nouvelle entreprise…")
        self.new_company.setToolTip("Créer l'entreprise porteuse si elle n'existe pas encore")
        self.new_company.clicked.connect(self._create_company)
        cl.addWidget(self.company, 1)
        cl.addWidget(self.new_company)
        self.title = QLineEdit()
        self.title.setObjectName("title")
        self.type = QComboBox()
        self.type.setObjectName("type")
        for code in PROJECT_TYPES:
            self.type.addItem(label(code), code)
        self.type.setToolTip("Développement : prioritaire ; Structurant : peu d'emplois à court terme mais "
                             "structurant ; Création : TPE/PME à potentiel")
        self.received_on = date_edit(self.ctx.clock.today())
        self.received_on.setObjectName("received_on")
        self.prescriber = QComboBox()
        self.prescriber.setObjectName("prescriber_id")
        self.means = text_box("means_requested",
                              placeholder="Ce que le porteur demande (compétences, avance, prêt…) — usage interne")
        self.means.setMinimumHeight(60)
        self.means.setMaximumHeight(110)
        self.supports = QTableWidget(0, 2)
        self.supports.setObjectName("supports")
        self.supports.setHorizontalHeaderLabels(["Dispositif", "Montant (€)"])
        self.supports.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.supports.verticalHeader().hide()
        self.supports.setTabKeyNavigation(False)  # Tab goes on to the buttons; arrows move between cells
        self.supports.setMinimumHeight(110)
        self.supports.setMaximumHeight(170)
        support_box = QWidget()
        sl = QVBoxLayout(support_box)
        sl.setContentsMargins(0, 0, 0, 0)
        sl.addWidget(self.supports)
        sb = QHBoxLayout()
        self.add_support = QPushButton("Ajouter un dispositif")
        self.add_support.setToolTip("Ajouter une ligne : choisir le dispositif puis saisir le montant")
        self.add_support.clicked.connect(lambda: self._add_support_row(None, None))
        self.remove_support = QPushButton("Retirer la ligne")
        self.remove_support.setToolTip("Retirer la ligne sélectionnée du tableau")
        self.remove_support.clicked.connect(self._remove_support_row)
        sb.addWidget(self.add_support)
        sb.addWidget(self.remove_support)
        sb.addStretch()
        sl.addLayout(sb)
        for key, text, widget in (
            ("company_id", "Entreprise *", company_row), ("title", "Titre *", self.title),
            ("type", "Type *", self.type), ("received_on", "Reçu le *", self.received_on),
            ("prescriber_id", "Prescripteur", self.prescriber), ("means_requested", "Moyens demandés", self.means),
            ("supports", "Autres dispositifs mobilisés", support_box),
        ):
            self.errors.add_row(key, text, widget)

        self.diagnostic = text_box("diagnostic")
        self.diagnostic.setMinimumHeight(110)
        self.complementary = text_box("complementary_diagnostic",
                                      placeholder="Facultatif : diagnostic d'un professionnel d'une entreprise partenaire")
        self.complementary.setMinimumHeight(70)
        self.scores: dict[str, QComboBox] = {}
        self.errors.form = second  # the same error labels, on the second tab's form
        self.errors.add_row("diagnostic", "Diagnostic préalable", self.diagnostic)
        self.errors.add_row("complementary_diagnostic", "Diagnostic complémentaire", self.complementary)
        for key, text in SCORES:
            combo = QComboBox()
            combo.setObjectName(key)
            combo.addItem("Non noté", None)
            for n in range(1, 6):
                combo.addItem(f"{n} / 5", n)
            self.scores[key] = combo
            self.errors.add_row(key, text, combo)
        self.jobs_created = optional_spin(10_000)
        self.jobs_maintained = optional_spin(10_000)
        self.errors.add_row("jobs_planned_created", "Emplois prévus : créés", self.jobs_created)
        self.errors.add_row("jobs_planned_maintained", "Emplois prévus : maintenus", self.jobs_maintained)
        self.forms = (first, second)
        for form, title in ((first, "Projet"), (second, "Instruction et grille de sélection")):
            page = QWidget()
            page.setLayout(form)
            self.tabs.addTab(page, title)
        self.buttons = form_buttons(self, lay, self.errors, project_id is None)

        held = self._hold()
        engine = ctx.engine
        self.ctx.runner.query(self, lambda: read_form(engine, project_id),
                              lambda data: self._read(data, company_id, held), self._unreadable, key="form")

    def _hold(self) -> list[QWidget]:
        self.ready = False
        return hold(self, [self.tabs, self.buttons.button(QDialogButtonBox.StandardButton.Ok)])

    def _read(self, data: FormData, company_id: str | None, held: list[QWidget]) -> None:
        self.before, self._schemes = data.before, data.schemes
        self._fill_companies(data.companies, company_id or (self.before.company_id if self.before else None))
        self.prescriber.addItem("— non désigné —", None)
        for who in data.prescribers:
            suffix = "" if who.active else " (n'est plus membre actif)"
            self.prescriber.addItem(f"{who.name} — {who.partner}{suffix}", who.id)
        if self.before is not None:
            self._load(self.before)
        release(self, held, first=True)
        self.ready = True
        self.title.setFocus()

    def _unreadable(self, exc: BaseException) -> None:
        """The project was deleted meanwhile (another window, an undo): said, nothing to save."""
        if not isinstance(exc, RuleError):
            raise exc  # the window's crash handler logs it and shows a French dialog
        self.unsetCursor()
        self.errors.show(exc.problems)

    # companies ---------------------------------------------------------------------------------
    def _fill_companies(self, companies: list[CompanyRow], selected: str | None) -> None:
        self.company.clear()
        for c in companies:
            siret = f" — {c.values.siret}" if c.values.siret else ""
            self.company.addItem(f"{c.name}{siret}", c.id)
        self.company.setCurrentIndex(self.company.findData(selected) if selected else -1)
        if not selected:
            self.company.setEditText("")

    def reload_companies(self, selected: str) -> None:
        """Read the companies again on the worker (one was just created) and choose `selected`;
        the form waits meanwhile and keeps what was typed."""
        held, engine = self._hold(), self.ctx.engine

        def read(companies: list[CompanyRow]) -> None:
            self._fill_companies(companies, selected)
            release(self, held, first=False)
            self.ready = True

        self.ctx.runner.query(self, lambda: _companies(engine), read, key="companies")

    def _create_company(self) -> None:
        dialog = CompanyDialog(self.ctx, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.saved_id:
            self.reload_companies(dialog.saved_id)

    def selected_company(self) -> str:
        """The chosen company's id, or "" when the typed text names none."""
        i = self.company.currentIndex()
        if i < 0 or self.company.itemText(i) != self.company.currentText():
            return ""
        return str(self.company.itemData(i))

    # other schemes -----------------------------------------------------------------------------
    def _add_support_row(self, scheme_id: str | None, amount_cents: int | None) -> None:
        row = self.supports.rowCount()
        self.supports.insertRow(row)
        combo = QComboBox()
        for x in self._schemes:
            combo.addItem(f"{x.name} ({label(x.kind)})", x.id)
        if scheme_id is not None:
            combo.setCurrentIndex(combo.findData(scheme_id))
        self.supports.setCellWidget(row, 0, combo)
        item = QTableWidgetItem(money_plain(amount_cents) if amount_cents is not None else "")
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.supports.setItem(row, 1, item)
        if scheme_id is None:
            self.supports.setCurrentCell(row, 1)
        self._chain_supports()

    def _remove_support_row(self) -> None:
        row = self.supports.currentRow()
        if row >= 0:
            self.supports.removeRow(row)
            self._chain_supports()

    def _chain_supports(self) -> None:
        """Tab order: the table (amounts), each line's scheme, then the two buttons under it."""
        chain = [self.supports, *(self.supports.cellWidget(r, 0) for r in range(self.supports.rowCount())),
                 self.add_support, self.remove_support]
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def support_lines(self) -> tuple[SupportLine, ...]:
        """The rows typed; raises RuleError({'supports': …}) on an amount that is not one."""
        lines = []
        for row in range(self.supports.rowCount()):
            combo = self.supports.cellWidget(row, 0)
            scheme = combo.currentData() if isinstance(combo, QComboBox) else None
            if scheme is None:
                raise RuleError({"supports": f"Ligne {row + 1} : choisissez le dispositif."})
            item = self.supports.item(row, 1)
            text = item.text().strip() if item is not None else ""
            try:
                amount = parse_money(text) if text else None
            except ValueError as exc:
                raise RuleError({"supports": f"Ligne {row + 1} : {exc}"}) from exc
            lines.append(SupportLine(str(scheme), amount))
        return tuple(lines)

    # values ------------------------------------------------------------------------------------
    def _load(self, v: ProjectValues) -> None:
        self.title.setText(v.title)
        self.type.setCurrentIndex(max(0, self.type.findData(v.type)))
        set_date(self.received_on, v.received_on)
        self.prescriber.setCurrentIndex(max(0, self.prescriber.findData(v.prescriber_id)))
        self.means.setPlainText(v.means_requested or "")
        for line in v.supports:
            self._add_support_row(line.scheme_id, line.amount_cents)
        self.diagnostic.setPlainText(v.diagnostic or "")
        self.complementary.setPlainText(v.complementary_diagnostic or "")
        for key, combo in self.scores.items():
            combo.setCurrentIndex(max(0, combo.findData(getattr(v, key))))
        set_spin(self.jobs_created, v.jobs_planned_created)
        set_spin(self.jobs_maintained, v.jobs_planned_maintained)

    def values(self) -> ProjectValues:
        return ProjectValues(
            company_id=self.selected_company(), title=self.title.text(), type=self.type.currentData(),
            received_on=get_date(self.received_on), prescriber_id=self.prescriber.currentData(),
            diagnostic=self.diagnostic.toPlainText(), complementary_diagnostic=self.complementary.toPlainText(),
            score_quality=self.scores["score_quality"].currentData(),
            score_holder=self.scores["score_holder"].currentData(),
            score_impact=self.scores["score_impact"].currentData(),
            jobs_planned_created=spin_value(self.jobs_created), jobs_planned_maintained=spin_value(self.jobs_maintained),
            means_requested=self.means.toPlainText(), supports=self.support_lines(),
        )

    def accept(self) -> None:
        """Save on the database worker; returns at once (the form is busy meanwhile, a second
        Enregistrer does nothing). A refusal shows under its field, on its tab, with what was typed kept."""
        if not self.ready or self.saving:
            return
        self.errors.clear()
        try:
            values = self.values()  # the amounts typed are read here: a wrong one is refused at once
        except RuleError as exc:
            self._refused(exc)
            return
        project_id, before = self.project_id, self.before
        if project_id is not None and before is not None and normalise(values) == normalise(before):
            super().accept()  # nothing changed: nothing written, nothing to undo
            return
        engine, today = self.ctx.engine, self.ctx.clock.today()

        def work() -> tuple[str, Changes]:
            # On the worker: no widget here. The runner tells the bus the Changes (the last item).
            if project_id is None:
                return create_project(engine, values, today)
            return project_id, update_project(engine, project_id, values, today)

        def saved(result: tuple[str, Changes]) -> None:
            self._saving(False)
            self.saved_id = result[0]
            if project_id is not None and before is not None:
                self._push_undo(project_id, before, normalise(values))
            QDialog.accept(self)

        def refused(exc: BaseException) -> None:
            self._saving(False)
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            self._refused(exc)

        self._saving(True)
        self.ctx.runner.op(self, work, saved, refused)

    def _saving(self, busy: bool) -> None:
        for form in self.forms:
            set_saving(self, form, busy)

    def _refused(self, exc: RuleError) -> None:
        first = next(iter(exc.problems), "")
        self.tabs.setCurrentIndex(0 if first in IDENTITY_FIELDS or not first else 1)
        show_problems(self, self.errors, exc.problems)

    def _push_undo(self, project_id: str, before: ProjectValues, after: ProjectValues) -> None:
        # The write has landed and the runner told the bus: pushed, not emitted. Its undo and redo
        # run as Ctrl+Z asks (ServiceCommand's steps are synchronous).
        engine, clock = self.ctx.engine, self.ctx.clock
        self.ctx.undo.push(ServiceCommand(
            self.ctx, f"modification du projet « {after.title} »",
            redo=lambda: update_project(engine, project_id, after, clock.today()),
            undo=lambda: update_project(engine, project_id, before, clock.today()), changes=None))
