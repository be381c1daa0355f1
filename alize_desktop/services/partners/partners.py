"""Partners and their representatives: lists, validation, create/update, deactivate or delete.

A partner or person that other records point to (commitments, receipts, engagements, meetings,
projects, follow-ups) is never deleted: it is deactivated, so history and documents stay whole.
Creations accept an explicit id so that undo/redo can bring back exactly the same record.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.formatting import count
from alize_desktop.models.enums import PARTNER_KINDS, label
from alize_desktop.rules.identifiers import compact, siret_problem
from alize_desktop.rules.text import form_text_problems
from alize_desktop.services.basin_settings import email_problem
from alize_desktop.services.common_records import checked, existing, journal_update, set_active
from alize_desktop.services.uow import Changes, RuleError, journal, next_id, unit_of_work

MIN_ACTIVE_COMPANIES = 4  # DOMAIN.md §1: at least 4 partner companies sign the convention
PARTNER_FIELDS = ("kind", "name", "siret", "address", "active")
PERSON_FIELDS = ("partner_id", "first_name", "last_name", "role", "email", "phone", "committee_member", "active")


@dataclasses.dataclass(frozen=True)
class PartnerRow:
    id: str
    kind: str
    name: str
    siret: str | None
    address: str | None
    active: bool
    people: int
    committee_members: int
    references: tuple[str, ...]  # French descriptions of what points to it (empty: deletable)

    @property
    def kind_label(self) -> str:
        return label(self.kind)

    def values(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in PARTNER_FIELDS}


@dataclasses.dataclass(frozen=True)
class PersonRow:
    id: str
    partner_id: str
    first_name: str
    last_name: str
    role: str | None
    email: str | None
    phone: str | None
    committee_member: bool
    active: bool
    references: tuple[str, ...]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def values(self) -> dict[str, Any]:
        return {key: getattr(self, key) for key in PERSON_FIELDS}


# -- reads ---------------------------------------------------------------------------------------


def _counts(s: Session, column: Any, ids: Any = None) -> dict[str, int]:
    query = select(column, func.count()).group_by(column)
    if ids is not None:
        query = query.where(column.in_(ids))
    return {k: n for k, n in s.execute(query).all() if k is not None}


def _partner_references(s: Session) -> dict[str, list[str]]:
    refs: dict[str, list[str]] = {}
    for column, what in ((m.Person.partner_id, "représentant"), (m.Commitment.partner_id, "engagement de partenariat"),
                         (m.Receipt.partner_id, "versement"), (m.Engagement.partner_id, "moyen accordé")):
        for pid, n in _counts(s, column).items():
            refs.setdefault(pid, []).append(count(n, what))
    return refs


def _person_references(s: Session) -> dict[str, list[str]]:
    refs: dict[str, list[str]] = {}
    for column, what in ((m.Meeting.president_id, "présidence de comité"), (m.Attendance.person_id, "présence en comité"),
                         (m.ItemVote.person_id, "vote"), (m.ItemConflict.person_id, "conflit d'intérêts"),
                         (m.Project.prescriber_id, "projet prescrit"), (m.Project.mandatary_id, "mandat"),
                         (m.FollowUp.author_id, "rapport de suivi")):
        for hid, n in _counts(s, column).items():
            refs.setdefault(hid, []).append(count(n, what))
    return refs


def list_partners(engine: Engine) -> list[PartnerRow]:
    """Every partner with its people counts and what refers to it, ordered by kind then name."""
    with Session(engine) as s:
        refs = _partner_references(s)
        people = _counts(s, m.Person.partner_id)
        members = dict(s.execute(select(m.Person.partner_id, func.count())
                                 .where(m.Person.committee_member, m.Person.active).group_by(m.Person.partner_id)).tuples().all())
        rows = [
            PartnerRow(p.id, p.kind, p.name, p.siret, p.address, bool(p.active), people.get(p.id, 0),
                       members.get(p.id, 0), tuple(refs.get(p.id, ())))
            for p in s.scalars(select(m.Partner))
        ]
    order = {k: i for i, k in enumerate(PARTNER_KINDS)}
    return sorted(rows, key=lambda r: (order.get(r.kind, 99), r.name.casefold()))


def get_partner(engine: Engine, partner_id: str) -> PartnerRow | None:
    return next((r for r in list_partners(engine) if r.id == partner_id), None)


def list_people(engine: Engine, partner_id: str | None = None) -> list[PersonRow]:
    """The people of one partner (or everyone), ordered by last then first name."""
    with Session(engine) as s:
        refs = _person_references(s)
        query = select(m.Person)
        if partner_id is not None:
            query = query.where(m.Person.partner_id == partner_id)
        rows = [
            PersonRow(h.id, h.partner_id, h.first_name, h.last_name, h.role, h.email, h.phone,
                      bool(h.committee_member), bool(h.active), tuple(refs.get(h.id, ())))
            for h in s.scalars(query)
        ]
    return sorted(rows, key=lambda r: (r.last_name.casefold(), r.first_name.casefold(), r.id))


def get_person(engine: Engine, person_id: str) -> PersonRow | None:
    with Session(engine) as s:
        partner_id = s.scalar(select(m.Person.partner_id).where(m.Person.id == person_id))
    if partner_id is None:
        return None
    return next((r for r in list_people(engine, partner_id) if r.id == person_id), None)


def active_company_count(engine: Engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(m.Partner)
                        .where(m.Partner.kind == "company", m.Partner.active)) or 0


# -- validation ----------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    text = str(value or "").strip()
    return text or None


def normalise_partner(values: dict[str, Any]) -> dict[str, Any]:
    return {"kind": values.get("kind"), "name": _text(values.get("name")) or "",
            "siret": compact(values.get("siret")) or None, "address": _text(values.get("address")),
            "active": bool(values.get("active", True))}


def partner_problems(values: dict[str, Any]) -> dict[str, str]:
    v = normalise_partner(values)
    problems: dict[str, str] = form_text_problems(v, "")  # the import's own text rule
    if v["kind"] not in PARTNER_KINDS:
        problems["kind"] = "Choisir le type de partenaire."
    if not v["name"]:
        problems["name"] = "Le nom du partenaire est obligatoire."
    message = siret_problem(v["siret"])
    if message:
        problems["siret"] = message
    elif v["kind"] == "company" and not v["siret"]:
        problems["siret"] = "Le SIRET est obligatoire pour une entreprise partenaire."
    return problems


def normalise_person(values: dict[str, Any]) -> dict[str, Any]:
    return {"partner_id": values.get("partner_id"), "first_name": _text(values.get("first_name")) or "",
            "last_name": _text(values.get("last_name")) or "", "role": _text(values.get("role")),
            "email": _text(values.get("email")), "phone": _text(values.get("phone")),
            "committee_member": bool(values.get("committee_member", False)), "active": bool(values.get("active", True))}


def person_problems(values: dict[str, Any]) -> dict[str, str]:
    v = normalise_person(values)
    problems: dict[str, str] = form_text_problems(v, "")  # the import's own text rule
    if not v["first_name"]:
        problems["first_name"] = "Le prénom est obligatoire."
    if not v["last_name"]:
        problems["last_name"] = "Le nom est obligatoire."
    message = email_problem(v["email"])
    if message:
        problems["email"] = message
    if v["phone"] and sum(ch.isdigit() for ch in v["phone"]) < 6:
        problems["phone"] = "Numéro de téléphone incomplet."
    return problems


# -- writes --------------------------------------------------------------------------------------


def create_partner(engine: Engine, values: dict[str, Any], partner_id: str | None = None) -> str:
    """Create a partner; returns its id (`partner_id` when given, for redo after an undo)."""
    v = checked(values, partner_problems, normalise_partner)
    with unit_of_work(engine) as s:
        new_id = _free_id(s, m.Partner, "p", partner_id, "Le partenaire")
        s.add(m.Partner(id=new_id, **v))
        journal(s, "partner", new_id, "create", v)
    return new_id


def _free_id(s: Session, model: type[Any], prefix: str, wanted: str | None, what: str) -> str:
    """`wanted` (redo after an undo) or the next id; refused when a record already holds it."""
    new_id = wanted or next_id(s, model, prefix)
    if s.get(model, new_id) is not None:
        raise RuleError({"": f"{what} {new_id} existe déjà."})
    return new_id


def update_partner(engine: Engine, partner_id: str, values: dict[str, Any]) -> Changes:
    v = checked(values, partner_problems, normalise_partner)
    with unit_of_work(engine) as s:
        partner = existing(s, m.Partner, partner_id, {"": f"Partenaire {partner_id} introuvable."})
        if partner.kind != v["kind"] and s.scalar(select(func.count()).select_from(m.Commitment)
                                                 .where(m.Commitment.partner_id == partner_id)):
            # The budget annex and the resource profile group pledges by kind: changing it rewrites history.
            raise RuleError({"kind": "Ce partenaire a des engagements de partenariat : son type ne peut plus changer."})
        changed = journal_update(s, "partner", partner, partner_id, v)
    return Changes(partners=True) if changed else Changes()


def set_partner_active(engine: Engine, partner_id: str, active: bool) -> Changes:
    return set_active(engine, m.Partner, "partner", partner_id, active, f"Partenaire {partner_id} introuvable.",
                      Changes(partners=True))


def delete_partner(engine: Engine, partner_id: str) -> Changes:
    """Delete a partner nothing refers to; otherwise refused (deactivate it instead)."""
    return _delete_unreferenced(
        engine, m.Partner, "partner", partner_id, f"Partenaire {partner_id} introuvable.", _partner_references,
        lambda p, refs: f"« {p.name} » ne peut pas être supprimé ({refs}) : désactivez-le plutôt.", PARTNER_FIELDS)


def _delete_unreferenced(engine: Engine, model: type[Any], entity: str, record_id: str, missing: str,
                         references: Callable[[Session], dict[str, list[str]]],
                         refusal: Callable[[Any, str], str], fields: tuple[str, ...]) -> Changes:
    """Delete a partner or person nothing points to; refused with `refusal(record, what points to it)`."""
    with unit_of_work(engine) as s:
        record = existing(s, model, record_id, {"": missing})
        refs = references(s).get(record_id)
        if refs:
            raise RuleError({"": refusal(record, ", ".join(refs))})
        journal(s, entity, record_id, "delete", {k: getattr(record, k) for k in fields})
        s.delete(record)
    return Changes(partners=True)


def create_person(engine: Engine, values: dict[str, Any], person_id: str | None = None) -> str:
    v = checked(values, person_problems, normalise_person)
    with unit_of_work(engine) as s:
        if s.get(m.Partner, v["partner_id"]) is None:
            raise RuleError({"": "Choisir d'abord le partenaire que cette personne représente."})
        new_id = _free_id(s, m.Person, "h", person_id, "La personne")
        s.add(m.Person(id=new_id, **v))
        journal(s, "person", new_id, "create", v)
    return new_id


def update_person(engine: Engine, person_id: str, values: dict[str, Any]) -> Changes:
    v = checked(values, person_problems, normalise_person)
    with unit_of_work(engine) as s:
        person = existing(s, m.Person, person_id, {"": f"Personne {person_id} introuvable."})
        if v["partner_id"] != person.partner_id and _person_references(s).get(person_id):
            raise RuleError({"": "Cette personne figure déjà dans des comités ou des projets : "
                                 "elle ne peut pas changer de partenaire."})
        changed = journal_update(s, "person", person, person_id, v)
    return Changes(partners=True) if changed else Changes()


def set_person_active(engine: Engine, person_id: str, active: bool) -> Changes:
    return set_active(engine, m.Person, "person", person_id, active, f"Personne {person_id} introuvable.",
                      Changes(partners=True))


def delete_person(engine: Engine, person_id: str) -> Changes:
    return _delete_unreferenced(
        engine, m.Person, "person", person_id, f"Personne {person_id} introuvable.", _person_references,
        lambda h, refs: f"{h.first_name} {h.last_name} ne peut pas être supprimé(e) ({refs}) : "
                        "désactivez plutôt cette personne.", PERSON_FIELDS)


def search_text(row: PartnerRow) -> str:
    """What the partners search field looks into."""
    return " ".join(filter(None, (row.id, row.name, row.siret, row.address, row.kind_label)))


def people_search_text(row: PersonRow) -> str:
    """What a person is found by: in the people list, and in the partners search for its partner."""
    return " ".join(filter(None, (row.first_name, row.last_name, row.role, row.email, row.phone)))


@dataclasses.dataclass(frozen=True)
class PartnersListing:
    """What the Partenaires page shows, read at once on the database worker: choosing a partner,
    searching by representative or opening a record from an alert then reads nothing more."""

    partners: list[PartnerRow]
    people: dict[str, list[PersonRow]]  # by partner id, ordered by last then first name
    active_companies: int

    def people_of(self, partner_id: str) -> list[PersonRow]:
        return self.people.get(partner_id, [])

    def owner_of(self, record_id: str) -> tuple[str | None, str | None]:
        """(partner id, person id) for an id that is either a partner's or a person's."""
        if any(p.id == record_id for p in self.partners):
            return record_id, None
        for partner_id, people in self.people.items():
            if any(h.id == record_id for h in people):
                return partner_id, record_id
        return None, None


def partners_listing(engine: Engine) -> PartnersListing:
    people: dict[str, list[PersonRow]] = {}
    for row in list_people(engine):
        people.setdefault(row.partner_id, []).append(row)
    return PartnersListing(list_partners(engine), people, active_company_count(engine))
