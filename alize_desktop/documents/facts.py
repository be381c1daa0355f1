"""Read-only helpers over the basin data dict (format v1) shared by the builders.

The documents read the same plain dict as the report and the export, so these helpers only
look things up, parse ISO dates and give the French words for the code names.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

from alize_desktop import formatting
from alize_desktop.documents.errors import DocumentError
from alize_desktop.rules.identifiers import iban_groups  # noqa: F401 - part of the facts the documents use

Record = dict[str, Any]

PARTNER_KINDS = ("company", "territorial_actor", "local_authority", "state", "network_head")
KIND_GROUP = {
    "company": "Entreprises partenaires",
    "territorial_actor": "Acteurs territoriaux",
    "local_authority": "Collectivités territoriales",
    "state": "Services de l'État et Caisse des dépôts",
    "network_head": "Tête de réseau",
}
# What one party is, on its signature block.
KIND_PARTY = {
    "company": "Entreprise partenaire",
    "territorial_actor": "Acteur territorial",
    "local_authority": "Collectivité territoriale",
    "state": "Service de l'État ou Caisse des dépôts",
    "network_head": "Tête de réseau",
}
# The reference resource profile of the programme (share of the means over three years).
RESOURCE_PROFILE = {"company": 0.40, "territorial_actor": 0.20, "local_authority": 0.25, "state": 0.15}
NATURE = {"money": "Financier", "skills": "Compétences", "in_kind": "En nature"}
NATURE_ORDER = ("money", "skills", "in_kind")
PROJECT_TYPE = {
    "development": "Développement d'une entreprise existante",
    "takeover": "Reprise d'entreprise",
    "structuring": "Projet structurant pour le territoire",
    "creation": "Création d'entreprise à potentiel",
}
ENGAGEMENT_KIND = {
    "repayable_advance": "Avance remboursable",
    "subsidised_loan": "Prêt bonifié",
    "skills": "Mise à disposition de compétences",
    "in_kind": "Apport en nature",
    "direct_funding": "Financement direct",
}
PERIODICITY = {1: "mensuelle", 3: "trimestrielle", 6: "semestrielle", 12: "annuelle"}
CRITERIA = {
    "structural_handicaps": "bassin présentant des handicaps structurels lourds",
    "industrial_change": "bassin exposé à des mutations industrielles prévisibles",
    "weak_endogenous_growth": "bassin au développement endogène faible",
}
NETWORK_HEAD_NAME = "ASTREES"


def project_type(project: Record) -> str:
    """French label of the project's type (the code itself when unknown, empty when missing)."""
    code: str = project.get("type") or ""
    return PROJECT_TYPE.get(code, code)


def iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def long_date(value: dt.date | str | None) -> str:
    """`formatting.date_long` (`1er mars 2024`, `26 novembre 2026`) of a date, an ISO string
    (format v1) or None (empty text)."""
    day = iso(value) if isinstance(value, str) or value is None else value
    return formatting.date_long(day)


def add_years(day: dt.date, years: int) -> dt.date:
    """Same day `years` later, 29 February clipped to the month's last day."""
    year = day.year + years
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))


def convention_period(convention: Record) -> tuple[dt.date, dt.date]:
    """Start and end of a three-year convention (end = start + 3 years − 1 day)."""
    start = dt.date.fromisoformat(convention["start"])
    return start, add_years(start, 3) - dt.timedelta(days=1)


def find(records: Iterable[Record], record_id: str | None) -> Record | None:
    if record_id is None:
        return None
    return next((r for r in records if r.get("id") == record_id), None)


def convention(data: Record, convention_id: str) -> Record:
    found = find(data.get("conventions", []), convention_id)
    if found is None:
        raise DocumentError(f"convention de partenariat inconnue : « {convention_id} »")
    return found


def person_name(person: Record | None) -> str:
    if not person:
        return ""
    return f"{person.get('first_name', '')} {person.get('last_name', '')}".strip()


def person_role(data: Record, person: Record | None) -> str:
    """'Directeur, EDF Unité Est': the role and the partner a person speaks for."""
    if not person:
        return ""
    partner = find(data.get("partners", []), person.get("partner_id"))
    parts = [person.get("role") or "", partner["name"] if partner else ""]
    return ", ".join(p for p in parts if p)


def person_with_partner(data: Record, person_id: str | None) -> str:
    """'Claire Martin (Directrice, Saint-Gobain)'; empty for an unknown person."""
    person = find(data.get("people", []), person_id)
    if person is None:
        return ""
    detail = person_role(data, person)
    return f"{person_name(person)} ({detail})" if detail else person_name(person)


def representative(data: Record, partner_id: str) -> Record | None:
    """Who signs for a partner: an active comité member first, then any active person."""
    people = [p for p in data.get("people", []) if p.get("partner_id") == partner_id]
    for wanted in (
        lambda p: p.get("active") and p.get("committee_member"),
        lambda p: p.get("active"),
        lambda p: True,
    ):
        chosen = [p for p in people if wanted(p)]
        if chosen:
            return chosen[0]
    return None


def network_head(data: Record) -> Record | None:
    """The partner of kind network_head (ASTREES), active ones first; None when not recorded."""
    heads = [p for p in data.get("partners", []) if p.get("kind") == "network_head"]
    heads.sort(key=lambda p: not p.get("active"))
    return heads[0] if heads else None


def network_head_name(data: Record) -> str:
    head = network_head(data)
    return head["name"] if head else NETWORK_HEAD_NAME


def network_head_signer(data: Record) -> Record | None:
    head = network_head(data)
    return representative(data, head["id"]) if head else None


def basin_name(data: Record) -> str:
    return str(data.get("basin", {}).get("name") or "")


def alize_label(label: str, data: Record) -> str:
    """`Comité d'agrément ALIZÉ — Bassin de l'Orne`; when the basin's own name already says
    ALIZÉ (`ALIZÉ Vallée de la Sorne`), the word is not printed twice."""
    name = basin_name(data)
    if "alizé" in name.casefold():
        return f"{label} — {name}"
    return f"{label} ALIZÉ — {name}"


def programme_line(data: Record) -> str:
    """The subtitle line naming the programme and the basin (plain text)."""
    name = basin_name(data)
    return name if "alizé" in name.casefold() else f"Programme ALIZÉ — {name}"


def operator(data: Record) -> Record:
    """The basin's local operator (name, SIRET, address, representative), {} when not recorded."""
    return data.get("basin", {}).get("operator") or {}


def operator_name(data: Record) -> str:
    return str(operator(data).get("name") or "")


def advance_fund(data: Record) -> str:
    """Who lends a repayable advance: the operator's advance fund."""
    name = operator_name(data)
    return f"Fonds d'avances ALIZÉ ({name})" if name else "Fonds d'avances ALIZÉ"


def settings(data: Record) -> Record:
    return data.get("basin", {}).get("settings") or {}


def convention_covering(data: Record, day: dt.date | str | None) -> Record | None:
    """The partnership convention whose three years include `day` (the latest starting one)."""
    when = iso(day) if isinstance(day, str) or day is None else day
    if when is None:
        return None
    covering = [c for c in data.get("conventions", []) if c.get("start")
                and convention_period(c)[0] <= when <= convention_period(c)[1]]
    return max(covering, key=lambda c: c["start"]) if covering else None


def period_text(conv: Record) -> str:
    """"du 1er janvier 2025 au 31 décembre 2027": how a document names a convention (never its id)."""
    start, end = convention_period(conv)
    return f"du {long_date(start)} au {long_date(end)}".replace(" ", "\u00a0").replace("\u00a0au\u00a0", " au ")
