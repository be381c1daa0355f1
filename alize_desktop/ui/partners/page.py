"""Partenaires: the partners (filtered by kind and state, searchable, sortable) and, under the
selected one, its representatives. Referenced records are deactivated, never deleted."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from alize_desktop.models.enums import PARTNER_KINDS, label
from alize_desktop.services.partners import partners as svc
from alize_desktop.services.uow import Changes
from alize_desktop.ui.pages.base import Page, heading
from alize_desktop.ui.partners.partner_dialog import PartnerDialog
from alize_desktop.ui.partners.person_dialog import PersonDialog
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import confirmed, literal
from alize_desktop.ui.widgets.kit_tables import current_row, row_table, select_record
from alize_desktop.ui.widgets.kit_text import matches, phone
from alize_desktop.ui.widgets.kit_undo import apply_undoable, redo_last, undo_last
from alize_desktop.ui.widgets.kit_widgets import banner, button, row_shortcuts, shortcut
from alize_desktop.ui.widgets.read_only import writes
from alize_desktop.ui.widgets.table_model import Column

GREY = "#888"


def _yes(flag: bool) -> str:
    return "oui" if flag else "non"


PARTNER_COLUMNS = [
    Column("Nom", lambda r: r.name),
    Column("Type", lambda r: r.kind_label, sort=lambda r: PARTNER_KINDS.index(r.kind)),
    Column("SIRET", lambda r: r.siret or "—"),
    Column("Représentants", lambda r: str(r.people), sort=lambda r: r.people, align_right=True),
    Column("Au comité", lambda r: str(r.committee_members), sort=lambda r: r.committee_members, align_right=True),
    Column("État", lambda r: "actif" if r.active else "inactif", colour=lambda r: None if r.active else GREY),
]
PERSON_COLUMNS = [
    Column("Nom", lambda r: r.last_name), Column("Prénom", lambda r: r.first_name),
    Column("Fonction", lambda r: r.role or ""), Column("Courriel", lambda r: r.email or ""),
    Column("Téléphone", lambda r: phone(r.phone)),
    Column("Comité", lambda r: _yes(r.committee_member)),
    Column("État", lambda r: "active" if r.active else "inactive", colour=lambda r: None if r.active else GREY),
]


class PartnersPage(Page):
    key = "partners"

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        outer = QVBoxLayout(self)
        outer.addWidget(heading("Partenaires"))
        self.warning = banner("companies_warning")
        outer.addWidget(self.warning)
        outer.addLayout(self._filters())
        listing = row_table(PARTNER_COLUMNS, "partners_table", parent=self, record_list=True, stretch=0,
                            sort=(0, Qt.SortOrder.AscendingOrder))
        self.model, self.proxy, self.table = listing.model, listing.proxy, listing.view
        self.table.doubleClicked.connect(lambda _i: self.edit_partner())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._partner_selected())
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QWidget()
        tl = QVBoxLayout(top)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.table)
        tl.addLayout(self._partner_buttons())
        splitter.addWidget(top)
        splitter.addWidget(self._people_box())
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        outer.addWidget(splitter, 1)
        writes(shortcut(self, QKeySequence.StandardKey.New, self.new_partner))
        shortcut(self, "Ctrl+F", self.search.setFocus)
        row_shortcuts(self.table, self.edit_partner, self.delete_partner)
        row_shortcuts(self.people_table, self.edit_person, self.delete_person)

    # -- building ------------------------------------------------------------------------------

    def _filters(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText("Rechercher un nom, un SIRET, une adresse, un représentant… (Ctrl+F)")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._apply_filters)
        self.kind_filter = QComboBox()
        self.kind_filter.setObjectName("kind_filter")
        self.kind_filter.addItem("Tous les types", None)
        for code in PARTNER_KINDS:
            self.kind_filter.addItem(label(code), code)
        self.kind_filter.currentIndexChanged.connect(self._apply_filters)
        self.state_filter = QComboBox()
        self.state_filter.setObjectName("state_filter")
        for text, value in (("Actifs", True), ("Inactifs", False), ("Actifs et inactifs", None)):
            self.state_filter.addItem(text, value)
        self.state_filter.currentIndexChanged.connect(self._apply_filters)
        row.addWidget(self.search, 1)
        row.addWidget(self.kind_filter)
        row.addWidget(self.state_filter)
        undo = self.ctx.undo
        # The same path as Ctrl+Z and the Édition menu: undoing a fund entry asks first.
        self.undo_button = self._stack_button(row, "↶", "Annuler la dernière modification (Ctrl+Z)",
                                              lambda: undo_last(self, undo), undo.canUndoChanged, undo.canUndo())
        self.redo_button = self._stack_button(row, "↷", "Rétablir la modification annulée (Ctrl+Maj+Z)",
                                              lambda: redo_last(undo), undo.canRedoChanged, undo.canRedo())
        return row

    @staticmethod
    def _stack_button(row: QHBoxLayout, glyph: str, tip: str, slot, can_changed, can: bool) -> QToolButton:  # type: ignore[no-untyped-def]
        """An icon-like undo/redo button, enabled while the undo stack has something to undo/redo."""
        tool = writes(QToolButton())
        tool.setText(glyph)
        tool.setToolTip(tip)
        tool.setAccessibleName(tip.split(" (")[0])
        tool.clicked.connect(slot)
        can_changed.connect(tool.setEnabled)
        tool.setEnabled(can)
        row.addWidget(tool)
        return tool

    def _partner_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.count_label = QLabel()
        row.addWidget(self.count_label)
        row.addStretch(1)
        self.new_button = writes(button("Nouveau partenaire…", "Créer un partenaire (Ctrl+N)", self.new_partner, "new_partner"))
        self.edit_button = writes(button("Modifier…", "Modifier le partenaire choisi (Entrée)", self.edit_partner, "edit_partner"))
        self.toggle_button = writes(button("Désactiver", "Désactiver ou réactiver le partenaire choisi",
                                     self.toggle_partner, "toggle_partner"))
        self.delete_button = writes(button("Supprimer", "Supprimer le partenaire choisi s'il n'est référencé nulle part (Suppr)",
                                     self.delete_partner, "delete_partner"))
        for b in (self.new_button, self.edit_button, self.toggle_button, self.delete_button):
            row.addWidget(b)
        return row

    def _people_box(self) -> QGroupBox:
        self.people_box = QGroupBox("Représentants")
        lay = QVBoxLayout(self.people_box)
        people = row_table(PERSON_COLUMNS, "people_table", parent=self, record_list=True, stretch=3,
                           sort=(0, Qt.SortOrder.AscendingOrder))
        self.people_model, self.people_proxy, self.people_table = people.model, people.proxy, people.view
        self.people_table.doubleClicked.connect(lambda _i: self.edit_person())
        self.people_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        lay.addWidget(self.people_table)
        row = QHBoxLayout()
        self.show_inactive_people = QCheckBox("Afficher les personnes inactives")
        self.show_inactive_people.setChecked(True)
        self.show_inactive_people.toggled.connect(self._apply_people_filter)
        row.addWidget(self.show_inactive_people)
        row.addStretch(1)
        self.new_person_button = writes(button("Nouveau représentant…", "Ajouter un représentant à ce partenaire",
                                         self.new_person, "new_person"))
        self.edit_person_button = writes(button("Modifier…", "Modifier la personne choisie (Entrée)", self.edit_person,
                                          "edit_person"))
        self.toggle_person_button = writes(button("Désactiver", "Désactiver ou réactiver la personne choisie",
                                            self.toggle_person, "toggle_person"))
        self.delete_person_button = writes(button("Supprimer", "Supprimer la personne choisie si elle n'est référencée nulle part (Suppr)",
                                            self.delete_person, "delete_person"))
        for b in (self.new_person_button, self.edit_person_button, self.toggle_person_button, self.delete_person_button):
            row.addWidget(b)
        lay.addLayout(row)
        return self.people_box

    # -- reading -------------------------------------------------------------------------------

    def concerns(self, changes: Changes) -> bool:
        return changes.partners or changes.conventions or changes.meetings or changes.projects or changes.fund

    listing: svc.PartnersListing | None = None

    def loader(self) -> Callable[[], svc.PartnersListing]:
        engine = self.ctx.engine
        return lambda: svc.partners_listing(engine)

    def show_loaded(self, listing: svc.PartnersListing) -> None:
        selected = self.current_partner()
        person = self.current_person()
        self.listing = listing
        self.model.set_rows(listing.partners)
        self._apply_filters()
        n = listing.active_companies
        self.warning.setText(f"Seulement {n} entreprise{'s' if n > 1 else ''} partenaire{'s' if n > 1 else ''} "
                             f"active{'s' if n > 1 else ''} : le programme en demande au moins "
                             f"{svc.MIN_ACTIVE_COMPANIES} (idéalement une dizaine).")
        self.warning.setVisible(n < svc.MIN_ACTIVE_COMPANIES)
        if selected is not None:
            self.select_partner(selected.id)
        if person is not None:
            self.select_person(person.id)
        self._partner_selected(keep_people=person is not None)

    def _apply_filters(self, *_: object) -> None:
        kind, state = self.kind_filter.currentData(), self.state_filter.currentData()
        text = self.search.text()
        with_person: set[str] = set()
        if text.strip() and self.listing is not None:
            # Found through a representative: the people were read with the list (nothing read per keystroke).
            with_person = {pid for pid, people in self.listing.people.items()
                           if any(matches(text, svc.people_search_text(h)) for h in people)}
        self.proxy.set_predicate(lambda r: (kind is None or r.kind == kind) and (state is None or r.active == state)
                                 and (not text.strip() or r.id in with_person
                                      or matches(text, svc.search_text(r))))
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.count_label.setText(f"{shown} partenaire{'s' if shown > 1 else ''} affiché{'s' if shown > 1 else ''} "
                                 f"sur {total}")
        self._update_buttons()

    def _apply_people_filter(self, *_: object) -> None:
        show_all = self.show_inactive_people.isChecked()
        self.people_proxy.set_predicate(lambda r: show_all or r.active)
        self._update_buttons()

    def _partner_selected(self, keep_people: bool = False) -> None:
        partner = self.current_partner()
        person = self.current_person() if keep_people else None
        self.people_model.set_rows(self.listing.people_of(partner.id) if partner and self.listing else [])
        self._apply_people_filter()
        # The box says why it is empty: no partner chosen yet, or a partner without anyone.
        if partner is None:
            title = "Représentants — choisir un partenaire dans la liste"
        elif not self.people_model.rows:
            title = f"Représentants de « {partner.name} » — aucun pour l'instant (Nouveau représentant…)"
        else:
            title = f"Représentants de « {partner.name} »"
        self.people_box.setTitle(title)
        if person is not None:
            self.select_person(person.id)
        self._update_buttons()

    def _update_buttons(self) -> None:
        partner, person = self.current_partner(), self.current_person()
        for b in (self.edit_button, self.toggle_button, self.delete_button, self.new_person_button):
            b.setEnabled(partner is not None)
        self.toggle_button.setText("Réactiver" if partner is not None and not partner.active else "Désactiver")
        self.delete_button.setEnabled(partner is not None and not partner.references)
        for b in (self.edit_person_button, self.toggle_person_button):
            b.setEnabled(person is not None)
        self.toggle_person_button.setText("Réactiver" if person is not None and not person.active else "Désactiver")
        self.delete_person_button.setEnabled(person is not None and not person.references)

    def current_partner(self) -> svc.PartnerRow | None:
        return current_row(self.table)  # type: ignore[no-any-return]

    def current_person(self) -> svc.PersonRow | None:
        return current_row(self.people_table)  # type: ignore[no-any-return]

    def select_partner(self, partner_id: str) -> bool:
        if select_record(self.table, partner_id):
            return True
        # Hidden by a filter: clear the filters rather than pretend the partner does not exist.
        self.search.clear()
        self.kind_filter.setCurrentIndex(0)
        self.state_filter.setCurrentIndex(2)
        return select_record(self.table, partner_id)

    def select_person(self, person_id: str) -> bool:
        return select_record(self.people_table, person_id)

    def show_record(self, record_id: str) -> None:
        """Select the partner, or the person and its partner, once the list holding it is read."""
        self.when_fresh(lambda: self._show_record(record_id))

    def _show_record(self, record_id: str) -> None:
        if self.listing is None:
            return
        partner_id, person_id = self.listing.owner_of(record_id)
        if partner_id and self.select_partner(partner_id):
            self._partner_selected()
            if person_id:
                self.show_inactive_people.setChecked(True)
                self.select_person(person_id)

    # -- actions -------------------------------------------------------------------------------

    def new_partner(self) -> None:
        dialog = PartnerDialog(self.ctx, None, self, kind=self.kind_filter.currentData())
        if dialog.exec() and dialog.saved_id:
            saved = dialog.saved_id  # the save told the bus: the list is on its way
            self.when_loaded(lambda: self.select_partner(saved))

    def edit_partner(self) -> None:
        partner = self.current_partner()
        if partner is not None:
            PartnerDialog(self.ctx, partner, self).exec()

    def toggle_partner(self) -> None:
        partner = self.current_partner()
        if partner is not None:
            self._toggle(partner.name, partner.id, partner.active, svc.set_partner_active)

    def delete_partner(self) -> None:
        partner = self.current_partner()
        if partner is not None:
            self._delete(partner, partner.name, f"« {partner.name} »", "Supprimer le partenaire",
                         f"« {partner.name} » est référencé ({', '.join(partner.references)}) : "
                         "il peut seulement être désactivé.", svc.delete_partner, svc.create_partner)

    def new_person(self) -> None:
        partner = self.current_partner()
        if partner is None:
            return
        dialog = PersonDialog(self.ctx, partner, None, self)
        if dialog.exec() and dialog.saved_id:
            saved = dialog.saved_id
            self.when_loaded(lambda: self.select_person(saved))

    def edit_person(self) -> None:
        partner, person = self.current_partner(), self.current_person()
        if partner is not None and person is not None:
            PersonDialog(self.ctx, partner, person, self).exec()

    def toggle_person(self) -> None:
        person = self.current_person()
        if person is not None:
            self._toggle(person.full_name, person.id, person.active, svc.set_person_active)

    def delete_person(self) -> None:
        person = self.current_person()
        if person is not None:
            self._delete(person, person.full_name, person.full_name, "Supprimer la personne",
                         f"{person.full_name} est référencé(e) ({', '.join(person.references)}) : "
                         "cette personne peut seulement être désactivée.", svc.delete_person, svc.create_person)

    def _toggle(self, name: str, record_id: str, active_now: bool,
                set_active: Callable[[Engine, str, bool], object]) -> None:
        """Deactivate (or reactivate) a partner or a person, undoably."""
        active, engine = not active_now, self.ctx.engine
        verb = "réactivation" if active else "désactivation"
        apply_undoable(self, self.ctx, f"{verb} de {name}", lambda: set_active(engine, record_id, active),
                       lambda: set_active(engine, record_id, not active), Changes(partners=True), "Partenaires")

    def _delete(self, row: svc.PartnerRow | svc.PersonRow, name: str, shown: str, title: str, referenced: str,
                delete: Callable[[Engine, str], object], create: Callable[..., object]) -> None:
        """Delete a record referenced nowhere, after confirmation; undo creates it again with its id."""
        if row.references:
            QMessageBox.information(self, "Suppression impossible", literal(referenced))
            return
        if not confirmed(self, title, f"Supprimer définitivement {shown} ?"):
            return
        values, rid, engine = row.values(), row.id, self.ctx.engine
        apply_undoable(self, self.ctx, f"suppression de {name}", lambda: delete(engine, rid),
                       lambda: create(engine, values, rid), Changes(partners=True), "Partenaires")
