"""Bassin: name, territory, priority criteria, operator, the two accounts, programme settings and
the office's own settings (ASTREES address, SMTP server). On an empty database it creates the basin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.documents.wording import town_of
from alize_desktop.formatting import money_plain, parse_money
from alize_desktop.models.enums import PRIORITY_CRITERIA, label
from alize_desktop.rules.identifiers import iban_groups
from alize_desktop.services import basin_settings as svc
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.conventions.document_templates_dialog import open_document_templates
from alize_desktop.ui.pages.base import Page, heading, note
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import FieldErrors
from alize_desktop.ui.widgets.kit_forms import text_box
from alize_desktop.ui.widgets.kit_undo import ServiceCommand
from alize_desktop.ui.widgets.kit_widgets import error_label, shortcut
from alize_desktop.ui.widgets.read_only import writes

MONEY_FIELDS = ("budget_target_cents", "operator_reimbursement_cap_cents")
PERCENT_FIELDS = ("quorum_fraction", "loss_rate_benchmark")
COUNT_FIELDS = ("jobs_target_per_year", "examined_target_per_year", "approved_target_per_year")
Saved = tuple[bool, dict[str, Any], dict[str, str]]  # (a basin exists, its values, the office settings)
CHECKED_LIVE = {"operator_siret": svc.siret_problem, "advances_iban": svc.iban_problem,
                "operating_iban": svc.iban_problem, "operator_email": svc.email_problem}


class BasinPage(Page):
    """The basin and the office settings are read on the database worker (`loader`); a save writes
    at once, and its undo puts back what the base held, as last read or saved (`saved`)."""

    key = "basin"
    is_form = True  # read-only window: every field shown, none editable

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.dirty = False
        self.saving = False  # a save is on the database worker
        self._typed = 0  # edits counted: one typed while a save is on its way stays to be saved
        self.exists = False
        self.saved: Saved | None = None  # what the base holds; None until the first load came back
        self._filled = False  # the form shows a load (before that, nothing typed is worth keeping)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: list[FieldErrors] = []
        outer = QVBoxLayout(self)
        self.title = heading("Bassin")
        outer.addWidget(self.title)
        self.intro = note("Cette base ne contient pas encore de bassin : renseignez-le ci-dessous puis "
                          "cliquez sur « Créer le bassin » (ou importez un fichier depuis le menu Fichier).")
        outer.addWidget(self.intro)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        grid = QGridLayout(body)
        grid.addWidget(self._basin_group(), 0, 0)
        grid.addWidget(self._operator_group(), 1, 0)
        grid.addWidget(self._accounts_group(), 2, 0)
        grid.addWidget(self._settings_group(), 0, 1, 2, 1)
        grid.addWidget(self._office_group(), 2, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        self.general_error = error_label()
        outer.addWidget(self.general_error)
        outer.addLayout(self._buttons())

    # -- building ------------------------------------------------------------------------------

    def _form(self, title: str) -> tuple[QGroupBox, FieldErrors]:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        errors = FieldErrors(form)
        self.errors.append(errors)
        return box, errors

    def _line(self, errors: FieldErrors, key: str, caption: str, placeholder: str = "") -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(key)
        edit.setPlaceholderText(placeholder)
        edit.textEdited.connect(self._mark_dirty)
        if key in CHECKED_LIVE:
            edit.editingFinished.connect(lambda key=key: self._check_live(key))
        errors.add_row(key, caption, edit)
        self.edits[key] = edit
        return edit

    def _basin_group(self) -> QGroupBox:
        box, errors = self._form("Bassin d'emploi")
        self._line(errors, "name", "Nom du bassin", "ALIZÉ Vallée de…")
        self.territory = text_box("territory", 60)
        self.territory.textChanged.connect(self._mark_dirty)
        errors.add_row("territory", "Territoire", self.territory)
        criteria = QWidget()
        lay = QVBoxLayout(criteria)
        lay.setContentsMargins(0, 0, 0, 0)
        self.criteria: dict[str, QCheckBox] = {}
        for code in PRIORITY_CRITERIA:
            check = QCheckBox(label(code))
            check.setObjectName(f"criterion_{code}")
            check.toggled.connect(self._mark_dirty)
            lay.addWidget(check)
            self.criteria[code] = check
        errors.add_row("priority_criteria", "Critères prioritaires", criteria)
        return box

    def _operator_group(self) -> QGroupBox:
        box, errors = self._form("Opérateur local")
        self._line(errors, "operator_name", "Raison sociale")
        self._line(errors, "operator_siret", "SIRET", "14 chiffres")
        self._line(errors, "operator_address", "Adresse")
        self._line(errors, "operator_representative", "Représentant légal", "Prénom Nom, fonction")
        self._line(errors, "operator_email", "Courriel", "contact@operateur.fr")
        return box

    def _accounts_group(self) -> QGroupBox:
        box, errors = self._form("Comptes dédiés de l'opérateur")
        self._line(errors, "advances_bank", "Banque du fonds d'avances")
        self._line(errors, "advances_iban", "IBAN du fonds d'avances", "FR76 …")
        self._line(errors, "operating_bank", "Banque du fonctionnement")
        self._line(errors, "operating_iban", "IBAN du fonctionnement", "FR76 …")
        return box

    def _settings_group(self) -> QGroupBox:
        box, errors = self._form("Paramètres du programme")
        self.spins: dict[str, QDoubleSpinBox | QSpinBox] = {}
        for key, caption, low in (("quorum_fraction", "Quorum (part des membres actifs)", 1.0),
                                  ("loss_rate_benchmark", "Taux de sinistre de référence", 0.0)):
            spin = QDoubleSpinBox()
            spin.setRange(low, 100.0)
            spin.setDecimals(1)
            spin.setSuffix(" %")
            self._add_spin(errors, key, caption, spin)
        for key, caption in (("jobs_target_per_year", "Objectif d'emplois par an"),
                             ("examined_target_per_year", "Projets examinés visés par an"),
                             ("approved_target_per_year", "Projets agréés visés par an")):
            spin = QSpinBox()
            spin.setRange(0, 100_000)
            self._add_spin(errors, key, caption, spin)
        self._line(errors, "budget_target_cents", "Moyens de référence sur 3 ans (€)", "900 000,00")
        self._line(errors, "operator_reimbursement_cap_cents", "Plafond annuel du défraiement (€)", "10 000,00")
        defaults = writes(QPushButton("Valeurs par défaut du programme"))
        defaults.setToolTip("Quorum 50 %, 75 emplois, 15 examinés, 12 agréés, 900 000 €, 6 %, 10 000 €")
        defaults.clicked.connect(self.reset_defaults)
        errors.form.addRow("", defaults)
        return box

    def _add_spin(self, errors: FieldErrors, key: str, caption: str, spin: QDoubleSpinBox | QSpinBox) -> None:
        spin.setObjectName(key)
        spin.valueChanged.connect(self._mark_dirty)
        errors.add_row(key, caption, spin)
        self.spins[key] = spin

    def _office_group(self) -> QGroupBox:
        box, errors = self._form("Réglages du poste (non exportés)")
        self._line(errors, "astrees_email", "Adresse d'envoi à ASTREES", "adresse communiquée par ASTREES")
        place = self._line(errors, "signing_place", "Lieu de signature", "commune de l'opérateur")
        place.setToolTip("La commune imprimée dans « Fait à … » des conventions et procès-verbaux (jamais la salle "
                         "de réunion) ; vide : la commune de l'adresse de l'opérateur")
        self._line(errors, "smtp_host", "Serveur SMTP", "smtp.exemple.fr")
        self.smtp_port = QSpinBox()
        self.smtp_port.setObjectName("smtp_port")
        self.smtp_port.setRange(1, 65535)
        self.smtp_port.setGroupSeparatorShown(False)
        self.smtp_port.valueChanged.connect(self._mark_dirty)
        errors.add_row("smtp_port", "Port", self.smtp_port)
        self.starttls = QCheckBox("Chiffrer la connexion (STARTTLS)")
        self.starttls.setObjectName("smtp_starttls")
        self.starttls.toggled.connect(self._mark_dirty)
        errors.add_row("smtp_starttls", "Sécurité", self.starttls)
        self._line(errors, "smtp_user", "Identifiant SMTP")
        errors.form.addRow("", note("Le mot de passe n'est jamais enregistré : il est demandé au moment de l'envoi."))
        return box

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.state = QLabel()
        self.state.setObjectName("dirty_label")
        row.addWidget(self.state)
        row.addStretch(1)
        self.templates_button = writes(QPushButton("Modèles de documents…"))  # the office's wording of the articles
        self.templates_button.setObjectName("templates_button")
        self.templates_button.clicked.connect(lambda: open_document_templates(self.ctx, self))
        row.addWidget(self.templates_button)
        self.revert_button = writes(QPushButton("Rétablir les valeurs enregistrées"))
        self.revert_button.setObjectName("revert_button")
        self.revert_button.setToolTip("Abandonner les modifications non enregistrées")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = writes(QPushButton("Enregistrer"))
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip("Enregistrer le bassin et les réglages (Ctrl+S)")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.revert_button)
        row.addWidget(self.save_button)
        writes(shortcut(self, QKeySequence.StandardKey.Save, self.save))
        return row

    # -- reading and writing -------------------------------------------------------------------

    def loader(self) -> Callable[[], svc.BasinForm]:
        engine = self.ctx.engine
        return lambda: svc.basin_form(engine)

    def show_loaded(self, form: svc.BasinForm) -> None:
        # Read even while the operator types: the base may change meanwhile (an import, an undo),
        # and the next save's undo must put back what it holds then.
        self.saved = (form.basin is not None, form.values(), dict(form.office))
        if self.dirty and self._filled:
            return  # never overwrite what the operator is typing; "Rétablir" reloads on request
        self.exists = form.basin is not None
        self._fill(form.values(), dict(form.office))
        self._filled = True

    def _fill(self, values: dict[str, Any], office: dict[str, str]) -> None:
        widgets = [*self.edits.values(), *self.spins.values(), *self.criteria.values(), self.territory,
                   self.smtp_port, self.starttls]
        for w in widgets:
            w.blockSignals(True)
        for key, edit in self.edits.items():
            if key in MONEY_FIELDS:
                edit.setText(money_plain(values[key]))
            elif key in svc.APP_KEYS:
                edit.setText(office.get(key, ""))
            elif key.endswith("_iban"):
                edit.setText(iban_groups(values[key]))
            else:
                edit.setText(values[key] or "")
        self.territory.setPlainText(values["territory"] or "")
        town = town_of(values.get("operator_address"))  # what documents print when the field is left empty
        self.edits["signing_place"].setPlaceholderText(f"{town} (commune de l'opérateur)" if town
                                                       else "commune de l'opérateur")
        for code, check in self.criteria.items():
            check.setChecked(code in values["priority_criteria"])
        for key, spin in self.spins.items():
            spin.setValue(values[key] * 100 if key in PERCENT_FIELDS else values[key])
        self.smtp_port.setValue(int(office.get("smtp_port") or 587))
        self.starttls.setChecked(office.get("smtp_starttls", "1") == "1")
        for w in widgets:
            w.blockSignals(False)
        for errors in self.errors:
            errors.clear()
        self.general_error.hide()
        self._set_dirty(False)
        self.intro.setVisible(not self.exists)
        self.title.setText("Bassin" if self.exists else "Bassin — création")
        self.save_button.setText("Enregistrer" if self.exists else "Créer le bassin")

    def values(self) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
        """(basin values, office settings, problems found while reading typed amounts)."""
        v: dict[str, Any] = {key: self.edits[key].text() for key in svc.TEXT_FIELDS if key in self.edits}
        v["territory"] = self.territory.toPlainText()
        v["priority_criteria"] = tuple(code for code, check in self.criteria.items() if check.isChecked())
        for key, spin in self.spins.items():
            v[key] = round(spin.value() / 100, 4) if key in PERCENT_FIELDS else int(spin.value())
        problems: dict[str, str] = {}
        for key in MONEY_FIELDS:
            try:
                v[key] = parse_money(self.edits[key].text())
            except ValueError as exc:
                v[key] = None
                problems[key] = str(exc)
        office = {key: self.edits[key].text().strip() for key in ("astrees_email", "smtp_host", "smtp_user",
                                                                     "signing_place")}
        office["smtp_port"] = str(self.smtp_port.value())
        office["smtp_starttls"] = "1" if self.starttls.isChecked() else "0"
        return v, office, problems

    def save(self) -> bool:
        """Validate everything, then save basin and office settings on the database worker; False
        (and messages) when refused at once, True once the save is on its way (a refusal of the
        rules then shows beside its field, and what was typed stays)."""
        if self.saving:
            return False
        values, office, problems = self.values()
        problems = {**svc.basin_problems(values), **svc.app_settings_problems(office), **problems}
        if problems:
            self._show(problems)
            return False
        if self.saved is None:
            return False  # the form is not filled yet: its load is on its way
        existed, before_values, before_office = self.saved
        engine, typed = self.ctx.engine, self._typed

        def work() -> Changes:
            return svc.save_basin(engine, values) | svc.set_app_settings(engine, office)

        def done(_changes: Changes) -> None:
            self._set_saving(False)
            if existed:
                self._push_undo((before_values, before_office), (values, office))
            self.saved = (True, values, office)  # until the load below comes back with the same
            if self._typed == typed:  # typed meanwhile: the form keeps it (still to be saved)
                self.dirty = False
            self.reload()

        def refused(exc: BaseException) -> None:
            self._set_saving(False)
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            self._show(exc.problems)

        self._set_saving(True)
        self.ctx.runner.op(self, work, done, refused)
        return True

    def _set_saving(self, busy: bool) -> None:
        """A light busy state while the worker writes: a second Enregistrer (or Ctrl+S) does nothing."""
        self.saving = busy
        self.save_button.setEnabled(not busy)
        self.revert_button.setEnabled(not busy and self.dirty)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        elif not self.loading:
            self.unsetCursor()

    def _push_undo(self, before: tuple[dict[str, Any], dict[str, str]],
                   after: tuple[dict[str, Any], dict[str, str]]) -> None:
        """Undo a saved edit of the basin by saving the previous values back (already done on push)."""
        def apply(state: tuple[dict[str, Any], dict[str, str]]) -> Changes:
            engine = self.ctx.engine
            changes = svc.save_basin(engine, state[0]) | svc.set_app_settings(engine, state[1])
            self.saved = (True, *state)
            self.dirty = False
            return changes | Changes(basin=True)

        self.ctx.undo.push(ServiceCommand(self.ctx, "modification du bassin", redo=lambda: apply(after),
                                          undo=lambda: apply(before), changes=None, parent=self, title="Bassin"))

    def revert(self) -> None:
        self.dirty = False
        self.reload()

    def reset_defaults(self) -> None:
        for key, spin in self.spins.items():
            value = svc.DEFAULT_SETTINGS[key]
            spin.setValue(value * 100 if key in PERCENT_FIELDS else value)
        for key in MONEY_FIELDS:
            self.edits[key].setText(money_plain(svc.DEFAULT_SETTINGS[key]))
        self._mark_dirty()

    # -- messages ------------------------------------------------------------------------------

    def _show(self, problems: dict[str, str]) -> None:
        for errors in self.errors:
            errors.show({k: v for k, v in problems.items() if k in errors.labels})
        known = {k for errors in self.errors for k in errors.labels}
        general = [v for k, v in problems.items() if k not in known]
        self.general_error.setText("\n".join(general))
        self.general_error.setVisible(bool(general))
        first = next((k for k in problems if k in self.edits), None)
        if first:
            self.edits[first].setFocus()

    def error_text(self, key: str) -> str:
        return next((e.text(key) for e in self.errors if key in e.labels), "")

    def _check_live(self, key: str) -> None:
        """SIRET, IBAN and e-mail are checked as soon as the field is left; IBAN regrouped by 4."""
        edit = self.edits[key]
        message = CHECKED_LIVE[key](edit.text())
        if key.endswith("_iban") and message is None and edit.text().strip():
            edit.setText(iban_groups(edit.text()))
        lab = next(e.labels[key] for e in self.errors if key in e.labels)
        lab.setText(message or "")
        lab.setVisible(bool(message))

    def _mark_dirty(self, *_: object) -> None:
        self._typed += 1
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.state.setText("Modifications non enregistrées" if dirty else "")
        self.revert_button.setEnabled(dirty)
