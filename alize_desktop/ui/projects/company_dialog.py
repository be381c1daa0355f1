"""The company form (create or edit) with the insolvency procedure and its claim deadline, and the
companies list shown as a tab of the Projets page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.clock import Clock
from alize_desktop.formatting import count, date_long, date_short, integer
from alize_desktop.models.enums import INSOLVENCY_PROCEDURES, label
from alize_desktop.services.projects.companies import (
    LEGAL_FORMS,
    CompanyRow,
    CompanyValues,
    claim_deadline,
    create_company,
    deadline_urgent,
    delete_company,
    get_company,
    list_companies,
    normalise,
    update_company,
)
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.projects.form_reading import form_widgets, hold, release
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import ERROR_STYLE, date_edit, get_date, set_date
from alize_desktop.ui.widgets.kit_forms import (
    RecordDialog,
    form_buttons,
    form_frame,
    optional_spin,
    set_saving,
    set_spin,
    show_problems,
    spin_value,
    text_box,
)
from alize_desktop.ui.widgets.kit_messages import confirmed, literal
from alize_desktop.ui.widgets.kit_tables import list_view
from alize_desktop.ui.widgets.kit_undo import ServiceCommand
from alize_desktop.ui.widgets.kit_widgets import button, shortcut
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.table_model import Column, RowFilterProxy, RowTableModel


class CompanyDialog(RecordDialog):
    """New company (company_id None) or edit; `saved_id` holds the company once saved.

    An edit opens at once and reads the company on the database worker; its fields wait meanwhile
    and `ready` tells when they are filled (it never saves before)."""

    def __init__(self, ctx: AppContext, company_id: str | None = None, parent: QWidget | None = None,
                 on_saved: Callable[[str], None] | None = None):
        super().__init__(parent)
        self.ctx, self.company_id, self.on_saved = ctx, company_id, on_saved
        self.saved_id: str | None = None
        self.ready = company_id is None
        lay, self.errors = form_frame(self, "company_dialog",
                                      "Modifier l'entreprise" if company_id else "Nouvelle entreprise", 600)
        form = self.errors.form
        self.name = QLineEdit()
        self.name.setObjectName("name")
        self.siret = QLineEdit()
        self.siret.setObjectName("siret")
        self.siret.setPlaceholderText("14 chiffres, par exemple 983 419 086 00035")
        self.siret.setMaxLength(20)
        self.legal_form = QComboBox()
        self.legal_form.setEditable(True)
        self.legal_form.addItems(["", *LEGAL_FORMS])
        self.naf = QLineEdit()
        self.naf.setObjectName("naf")
        self.naf.setPlaceholderText("NN.NNL, par exemple 25.62B")
        self.naf.setMaxLength(6)
        self.created_on = date_edit(None, optional=True)
        self.headcount = optional_spin()
        self.manager = QLineEdit()
        self.address = text_box("address", 54)
        for key, text, widget in (
            ("name", "Raison sociale *", self.name), ("siret", "SIRET", self.siret),
            ("legal_form", "Forme juridique", self.legal_form), ("naf", "Code NAF", self.naf),
            ("created_on", "Date de création", self.created_on), ("headcount", "Effectif", self.headcount),
            ("manager", "Dirigeant", self.manager), ("address", "Adresse", self.address),
        ):
            self.errors.add_row(key, text, widget)
        section = QLabel("Procédure collective")
        section.setStyleSheet("font-weight: 600; margin-top: 8px;")
        form.addRow(section)
        self.procedure = QComboBox()
        self.procedure.setObjectName("insolvency_procedure")
        self.procedure.addItem("Aucune", None)
        for code in INSOLVENCY_PROCEDURES:
            self.procedure.addItem(label(code), code)
        self.judgment_on = date_edit(None, optional=True)
        self.published_on = date_edit(None, optional=True)
        self.published_on.setToolTip("Date de publication du jugement au BODACC : le délai de déclaration de "
                                     "créance (2 mois) court à partir de cette date.")
        self.errors.add_row("insolvency_procedure", "Procédure", self.procedure)
        self.errors.add_row("insolvency_judgment_on", "Jugement d'ouverture", self.judgment_on)
        self.errors.add_row("insolvency_published_on", "Publication au BODACC", self.published_on)
        self.deadline = QLabel()
        self.deadline.setObjectName("claim_deadline")
        self.deadline.setWordWrap(True)
        form.addRow("Déclaration de créance", self.deadline)
        self.buttons = form_buttons(self, lay, self.errors, company_id is None)
        for signal in (self.procedure.currentIndexChanged, self.published_on.dateChanged,
                       self.judgment_on.dateChanged):
            signal.connect(self._update_deadline)
        self.before: CompanyValues | None = None
        self._update_deadline()
        if company_id:
            held = hold(self, [*form_widgets(form), self.buttons.button(QDialogButtonBox.StandardButton.Ok)])
            engine = ctx.engine
            self.ctx.runner.query(self, lambda: get_company(engine, company_id).values,
                                  lambda values: self._read(values, held), self._unreadable, key="company")

    def _read(self, values: CompanyValues, held: list[QWidget]) -> None:
        self.before = values
        self._load(values)
        release(self, held, first=True)
        self._update_deadline()  # the procedure's dates are editable only with a procedure
        self.ready = True

    def _unreadable(self, exc: BaseException) -> None:
        """The company was deleted meanwhile: said, nothing to save."""
        if not isinstance(exc, RuleError):
            raise exc  # the window's crash handler logs it and shows a French dialog
        self.unsetCursor()
        self.errors.show(exc.problems)

    def _load(self, v: CompanyValues) -> None:
        self.name.setText(v.name)
        self.siret.setText(v.siret or "")
        self.legal_form.setCurrentText(v.legal_form or "")
        self.naf.setText(v.naf or "")
        set_date(self.created_on, v.created_on)
        set_spin(self.headcount, v.headcount)
        self.manager.setText(v.manager or "")
        self.address.setPlainText(v.address or "")
        self.procedure.setCurrentIndex(max(0, self.procedure.findData(v.insolvency_procedure)))
        set_date(self.judgment_on, v.insolvency_judgment_on)
        set_date(self.published_on, v.insolvency_published_on)

    def values(self) -> CompanyValues:
        return CompanyValues(
            name=self.name.text(), siret=self.siret.text(), legal_form=self.legal_form.currentText(),
            naf=self.naf.text(), created_on=get_date(self.created_on), headcount=spin_value(self.headcount),
            address=self.address.toPlainText(), manager=self.manager.text(),
            insolvency_procedure=self.procedure.currentData(), insolvency_judgment_on=get_date(self.judgment_on),
            insolvency_published_on=get_date(self.published_on),
        )

    def _update_deadline(self) -> None:
        proc = self.procedure.currentData()
        for w in (self.judgment_on, self.published_on):
            w.setEnabled(proc is not None)
        deadline = claim_deadline(proc, get_date(self.published_on))
        if proc is None:
            self.deadline.setText("—")
            self.deadline.setStyleSheet("")
        elif deadline is None:
            self.deadline.setText("Saisissez la date de publication au BODACC pour connaître l'échéance.")
            self.deadline.setStyleSheet("")
        else:
            days = (deadline - self.ctx.clock.today()).days
            when = f"délai expiré le {date_long(deadline)}" if days < 0 else \
                f"avant le {date_long(deadline)} (dans {count(days, 'jour')})"
            self.deadline.setText(when)
            self.deadline.setStyleSheet(ERROR_STYLE + " font-weight: 600;" if deadline_urgent(deadline, self.ctx.clock.today())
                                        else "")

    def accept(self) -> None:
        """Save on the database worker; returns at once (the form is busy meanwhile, a second
        Enregistrer does nothing). A refusal shows under its field with what was typed kept."""
        if not self.ready or self.saving:
            return
        self.errors.clear()
        values = self.values()
        company_id, before = self.company_id, self.before
        if company_id is not None and before is not None and normalise(values) == normalise(before):
            super().accept()  # nothing changed: nothing written, nothing to undo
            return
        engine, today = self.ctx.engine, self.ctx.clock.today()

        def work() -> tuple[str, Changes]:
            # On the worker: no widget here. The runner tells the bus the Changes (the last item).
            if company_id is None:
                return create_company(engine, values, today)
            return company_id, update_company(engine, company_id, values, today)

        def saved(result: tuple[str, Changes]) -> None:
            self._saving(False)
            self.saved_id = result[0]
            if company_id is not None and before is not None:
                self._push_undo(company_id, before, normalise(values))
            if self.on_saved is not None:
                self.on_saved(self.saved_id)
            QDialog.accept(self)

        def refused(exc: BaseException) -> None:
            self._saving(False)
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            show_problems(self, self.errors, exc.problems)

        self._saving(True)
        self.ctx.runner.op(self, work, saved, refused)

    def _saving(self, busy: bool) -> None:
        set_saving(self, self.errors.form, busy)
        if not busy:
            self._update_deadline()  # the procedure's dates stay off without a procedure

    def _push_undo(self, company_id: str, before: CompanyValues, after: CompanyValues) -> None:
        # The write has landed and the runner told the bus: pushed, not emitted. Its undo and redo
        # run as Ctrl+Z asks (ServiceCommand's steps are synchronous).
        engine, clock = self.ctx.engine, self.ctx.clock
        self.ctx.undo.push(ServiceCommand(
            self.ctx, f"modification de l'entreprise « {after.name} »",
            redo=lambda: update_company(engine, company_id, after, clock.today()),
            undo=lambda: update_company(engine, company_id, before, clock.today()), changes=None))


def _company_columns(clock: Clock) -> list[Column]:
    def urgent(c: CompanyRow) -> str | None:
        return "#b00020" if deadline_urgent(c.claim_deadline, clock.today()) else None

    def deadline_tip(c: CompanyRow) -> str | None:
        return f"Déclaration de créance au plus tard le {date_long(c.claim_deadline)}" if c.claim_deadline else None

    return [
        Column("Raison sociale", lambda c: c.name),
        Column("SIRET", lambda c: c.values.siret or ""),
        Column("Forme", lambda c: c.values.legal_form or ""),
        Column("NAF", lambda c: c.values.naf or ""),
        Column("Effectif", lambda c: integer(c.values.headcount), sort=lambda c: c.values.headcount or 0,
               align_right=True),
        Column("Dirigeant", lambda c: c.values.manager or ""),
        Column("Projets", lambda c: integer(c.projects), sort=lambda c: c.projects, align_right=True),
        Column("Procédure collective", lambda c: label(c.values.insolvency_procedure)),
        Column("Créance avant", lambda c: date_short(c.claim_deadline), sort=lambda c: c.claim_deadline,
               colour=urgent, tooltip=deadline_tip),
    ]


def _haystack(c: CompanyRow) -> str:
    v = c.values
    return " ".join(x or "" for x in (c.name, v.siret, v.naf, v.manager, v.address, v.legal_form))


class CompaniesPanel(QWidget):
    """The companies list of the Projets page: searchable, sortable, with the insolvency deadlines."""

    show_projects = Signal(str)  # a search text that finds the company's projects
    changed = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        lay = QVBoxLayout(self)
        self.search = QLineEdit()
        self.search.setObjectName("company_search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Rechercher : raison sociale, SIRET, NAF, dirigeant, adresse… (Ctrl+F)")
        lay.addWidget(self.search)
        self.model = RowTableModel(_company_columns(ctx.clock), self)
        self.proxy = RowFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        # Every column fits its contents; the name and the manager take the width left.
        self.view = list_view(self.proxy, "companies_view", record_list=True, sort=(0, Qt.SortOrder.AscendingOrder),
                              stretch=(0, 5))
        self.view.activated.connect(lambda _i: self.edit_company())
        lay.addWidget(self.view, 1)
        row = QHBoxLayout()
        self.count = QLabel()
        row.addWidget(self.count)
        row.addStretch()
        for text, tip, slot, writing in (
            ("Nouvelle entreprise…", "Saisir une PME porteuse de projet", self.new_company, True),
            ("Modifier…", "Modifier l'entreprise sélectionnée (F2 ou Entrée)", self.edit_company, True),
            ("Voir ses projets", "Filtrer la liste des projets sur cette entreprise", self._show_projects, False),
            ("Supprimer…", "Supprimer une entreprise sans projet (Suppr)", self.delete_company, True),
        ):
            made = button(text, tip, slot, layout=row)
            if writing:
                writes(made)
        lay.addLayout(row)
        self.search.textChanged.connect(self._filter)
        writes(shortcut(self.view, QKeySequence.StandardKey.Delete, self.delete_company,
                        context=Qt.ShortcutContext.WidgetShortcut))

    _stale = False
    loading = False  # the companies are being read on the database worker

    def reload(self) -> None:
        """Read the companies again, on the database worker; behind its tab, when next shown (a
        network's ten thousand companies sorted the French way cost seconds that nobody looking at
        Projets should wait)."""
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        self.loading = True
        engine = self.ctx.engine
        self.ctx.runner.query(self, lambda: list_companies(engine), self._read, key="companies")

    def _read(self, rows: list[CompanyRow]) -> None:
        self.loading = False
        self.model.set_rows(rows)
        self._filter()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._stale or not self.model.rowCount():
            self._stale = True
            self.reload()

    def _filter(self) -> None:
        self.proxy.set_search(self.search.text(), _haystack)
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count.setText(f"{count(shown, 'entreprise')} sur {integer(total)}")

    def current(self) -> CompanyRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.row_at(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def new_company(self) -> None:
        if CompanyDialog(self.ctx, None, self).exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()

    def edit_company(self) -> None:
        c = self.current()
        if c is not None and CompanyDialog(self.ctx, c.id, self).exec() == QDialog.DialogCode.Accepted:
            self.changed.emit()

    def _show_projects(self) -> None:
        c = self.current()
        if c is not None:
            self.show_projects.emit(c.values.siret or c.name)

    def delete_company(self) -> None:
        """Explain why a company cannot go, or ask, then delete it on the database worker."""
        c = self.current()
        if c is None:
            return
        if c.projects:
            QMessageBox.warning(self, "Suppression impossible", literal(
                f"« {c.name} » porte {count(c.projects, 'projet')} : elle ne peut pas être supprimée."))
            return
        if not confirmed(self, "Supprimer l'entreprise", f"Supprimer « {c.name} » ?"):
            return
        engine, company_id = self.ctx.engine, c.id

        def refused(exc: BaseException) -> None:
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            QMessageBox.warning(self, "Suppression impossible", literal(str(exc)))

        self.ctx.runner.op(self, lambda: delete_company(engine, company_id), lambda _c: self.changed.emit(), refused)
