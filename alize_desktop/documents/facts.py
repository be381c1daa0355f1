"""Read-only helpers over the basin data dict (format v1) shared by the builders.

The documents read the same plain dict as the report and the export, so these helpers only
look things up, parse ISO dates and give the French words for the code names.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import Any

from alize_desktop.documents.errors import DocumentError

Record = dict[str, Any]

PARTNER_KINDS = ("company", "territorial_actor", "local_authority", "state", "network_head")
KIND_GROUP = {
    "company": "Entreprises partenaires",
    "territorial_actor": "Acteurs territoriaux",
    "local_authority": "Collectivités territoriales",
    "state": "Services de l'État et Caisse des dépôts",
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


def iso(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


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


def iban_groups(iban: str | None) -> str:
    """`FR7630006000011234567890189` → `FR76 3000 6000 0112 3456 7890 189`."""
    if not iban:
        return ""
    compact = "".join(iban.split()).upper()
    return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))


def basin_name(data: Record) -> str:
    return str(data.get("basin", {}).get("name") or "")


def settings(data: Record) -> Record:
    return data.get("basin", {}).get("settings") or {}
