"""Fixtures for the document tests: a small hand-made basin with hostile names, and a reader
that turns a PDF back into normalised text, one string per page."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from alize_desktop import formatting


def norm(text: str) -> str:
    """pypdf gives U+202F / U+00A0 back as such and breaks lines inside table cells: fold them."""
    text = text.replace("\u202f", " ").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def money(cents: int) -> str:
    return norm(formatting.money(cents))


def read_pages(source: bytes | Path) -> list[str]:
    reader = PdfReader(io.BytesIO(source) if isinstance(source, bytes) else source)
    return [norm(page.extract_text() or "") for page in reader.pages]


BASIN: dict[str, Any] = {
    "format": "alize-basin",
    "version": 1,
    "exported_at": "2026-11-20T09:30:00+01:00",
    "basin": {
        "name": "Bassin d'essai <Nord> & Sud",
        "territory": "Vallée <haute> & plateau",
        "priority_criteria": ["industrial_change"],
        "operator": {
            "name": "Opérateur & Co <Local>",
            "siret": "62198649634216",
            "address": "3 rue de l'Usine, 57000 Metz",
            "representative": "Hélène Périer",
            "email": "contact@example.org",
        },
        "accounts": {
            "advances": {"bank": "Crédit Coopératif", "iban": "FR7303531469141714304355469"},
            "operating": {"bank": "Banque Populaire", "iban": "FR9359377151215894178869424"},
        },
        "settings": {
            "quorum_fraction": 0.5,
            "jobs_target_per_year": 75,
            "examined_target_per_year": 15,
            "approved_target_per_year": 12,
            "budget_target_cents": 90000000,
            "loss_rate_benchmark": 0.06,
            "operator_reimbursement_cap_cents": 1000000,
        },
    },
    "conventions": [
        {
            "id": "conv1",
            "start": "2024-03-01",
            "specific_objectives": "Objectifs <spécifiques> & publics éloignés",
            "labour_market": "Clauses d'insertion & alternance <inter-entreprises>",
            "signed_on": "2024-02-20",
        }
    ],
    "partners": [
        {
            "id": "p1",
            "kind": "company",
            "name": "Saint-Gobain <Pont>",
            "siret": "95324696403740",
            "address": "5 avenue de la République",
            "active": True,
        },
        {
            "id": "p2",
            "kind": "company",
            "name": "Essilor & Cie",
            "siret": None,
            "address": "4 avenue",
            "active": True,
        },
        {
            "id": "p3",
            "kind": "territorial_actor",
            "name": "CCI Moselle",
            "siret": None,
            "address": "",
            "active": True,
        },
        {
            "id": "p4",
            "kind": "local_authority",
            "name": "Région Grand Est",
            "siret": None,
            "address": "",
            "active": True,
        },
        {
            "id": "p5",
            "kind": "state",
            "name": "Caisse des Dépôts",
            "siret": None,
            "address": "",
            "active": True,
        },
        {
            "id": "p6",
            "kind": "network_head",
            "name": "ASTREES",
            "siret": None,
            "address": "Paris",
            "active": True,
        },
        {
            "id": "p7",
            "kind": "company",
            "name": "Ancien Partenaire Sans Engagement",
            "siret": None,
            "address": "",
            "active": False,
        },
        {"id": "p8", "kind": "company", "name": "Parti & Cie", "siret": None, "address": "", "active": False},
        {
            "id": "p9",
            "kind": "territorial_actor",
            "name": "Banque <Régionale>",
            "siret": None,
            "address": "",
            "active": True,
        },
    ],
    "people": [
        {
            "id": "h1",
            "partner_id": "p1",
            "first_name": "Loïc",
            "last_name": "Béranger",
            "role": "Directeur",
            "email": None,
            "phone": None,
            "committee_member": True,
            "active": True,
        },
        {
            "id": "h2",
            "partner_id": "p2",
            "first_name": "Agnès",
            "last_name": "Da Silva",
            "role": "Directrice",
            "email": None,
            "phone": None,
            "committee_member": True,
            "active": True,
        },
        {
            "id": "h3",
            "partner_id": "p3",
            "first_name": "Étienne",
            "last_name": "Dąbrowski",
            "role": "Chargé d'affaires",
            "email": None,
            "phone": None,
            "committee_member": True,
            "active": True,
        },
        {
            "id": "h4",
            "partner_id": "p4",
            "first_name": "Zoé",
            "last_name": "Müller",
            "role": "Élue",
            "email": None,
            "phone": None,
            "committee_member": True,
            "active": True,
        },
        {
            "id": "h5",
            "partner_id": "p5",
            "first_name": "Maëlle",
            "last_name": "Le Goff",
            "role": "Directrice",
            "email": None,
            "phone": None,
            "committee_member": True,
            "active": True,
        },
        {
            "id": "h6",
            "partner_id": "p6",
            "first_name": "Noël",
            "last_name": "Lefèvre",
            "role": "Délégué général",
            "email": None,
            "phone": None,
            "committee_member": True,
            "active": True,
        },
        {
            "id": "h7",
            "partner_id": "p2",
            "first_name": "Jérôme",
            "last_name": "Nguyễn",
            "role": "Ingénieur",
            "email": None,
            "phone": None,
            "committee_member": False,
            "active": True,
        },
        {
            "id": "h8",
            "partner_id": "p8",
            "first_name": "Paul",
            "last_name": "Ancien",
            "role": "Directeur",
            "email": None,
            "phone": None,
            "committee_member": True,
            "active": False,
        },
    ],
    "commitments": [
        {
            "id": "k1",
            "convention_id": "conv1",
            "partner_id": "p1",
            "year": 1,
            "nature": "money",
            "amount_cents": 1500001,
            "days": None,
            "description": "Dotation au fonds <avances>",
        },
        {
            "id": "k2",
            "convention_id": "conv1",
            "partner_id": "p1",
            "year": 2,
            "nature": "skills",
            "amount_cents": 780094,
            "days": 12,
            "description": "Mise à disposition d'un cadre",
        },
        {
            "id": "k3",
            "convention_id": "conv1",
            "partner_id": "p1",
            "year": 3,
            "nature": "money",
            "amount_cents": 500000,
            "days": None,
            "description": "Dotation",
        },
        {
            "id": "k4",
            "convention_id": "conv1",
            "partner_id": "p2",
            "year": 1,
            "nature": "skills",
            "amount_cents": 1200000,
            "days": 20,
            "description": "Appui qualité",
        },
        {
            "id": "k5",
            "convention_id": "conv1",
            "partner_id": "p3",
            "year": 2,
            "nature": "in_kind",
            "amount_cents": 800037,
            "days": None,
            "description": "Locaux",
        },
        {
            "id": "k6",
            "convention_id": "conv1",
            "partner_id": "p4",
            "year": 1,
            "nature": "money",
            "amount_cents": 3000000,
            "days": None,
            "description": "Apport annuel",
        },
        {
            "id": "k7",
            "convention_id": "conv1",
            "partner_id": "p4",
            "year": 3,
            "nature": "money",
            "amount_cents": 2500000,
            "days": None,
            "description": "Apport annuel",
        },
        {
            "id": "k8",
            "convention_id": "conv1",
            "partner_id": "p5",
            "year": 2,
            "nature": "money",
            "amount_cents": 1800000,
            "days": None,
            "description": "Apport",
        },
        {
            "id": "k9",
            "convention_id": "conv1",
            "partner_id": "p6",
            "year": 1,
            "nature": "in_kind",
            "amount_cents": 500000,
            "days": None,
            "description": "Ingénierie nationale",
        },
        {
            "id": "k10",
            "convention_id": "conv1",
            "partner_id": "p8",
            "year": 1,
            "nature": "money",
            "amount_cents": 250000,
            "days": None,
            "description": "Dotation",
        },
    ],
    "receipts": [],
    "support_schemes": [],
    "companies": [
        {
            "id": "c1",
            "name": "Dupont & Fils <SARL>",
            "siret": "73463288860580",
            "legal_form": "EURL",
            "naf": "25.62B",
            "created_on": "1998-03-07",
            "headcount": 43,
            "address": "Zone d'activités n°1, 57001",
            "manager": "Anne Da Silva",
            "insolvency": None,
        },
        {
            "id": "c2",
            "name": "Ateliers Ørsted",
            "siret": "18259388957245",
            "legal_form": "SAS",
            "naf": "22.29A",
            "created_on": "2004-06-07",
            "headcount": 12,
            "address": "Zone 8",
            "manager": "Chloé Lefèvre",
            "insolvency": None,
        },
    ],
    "projects": [
        {
            "id": "pr1",
            "company_id": "c1",
            "title": "Nouvelle ligne <A> & atelier",
            "type": "development",
            "received_on": "2024-02-10",
            "prescriber_id": "h1",
            "diagnostic": "…",
            "complementary_diagnostic": None,
            "scores": {"quality": 4, "holder": 3, "impact": 5},
            "jobs_planned_created": 6,
            "jobs_planned_maintained": 10,
            "status": "in_follow_up",
            "other_supports": [],
            "mandatary_id": "h3",
            "convention_signed_on": "2024-04-15",
        },
        {
            "id": "pr2",
            "company_id": "c2",
            "title": "Reprise de l'atelier",
            "type": "takeover",
            "received_on": "2024-03-01",
            "prescriber_id": "h2",
            "diagnostic": "…",
            "complementary_diagnostic": None,
            "scores": {"quality": 4, "holder": 3, "impact": 5},
            "jobs_planned_created": 3,
            "jobs_planned_maintained": 8,
            "status": "approved",
            "other_supports": [],
            "mandatary_id": "h1",
            "convention_signed_on": None,
        },
        {
            "id": "pr3",
            "company_id": "c2",
            "title": "Projet sans mandataire",
            "type": "creation",
            "received_on": "2024-03-01",
            "prescriber_id": "h2",
            "diagnostic": "…",
            "complementary_diagnostic": None,
            "scores": None,
            "jobs_planned_created": 2,
            "jobs_planned_maintained": 0,
            "status": "approved",
            "other_supports": [],
            "mandatary_id": None,
            "convention_signed_on": None,
        },
        {
            "id": "pr4",
            "company_id": "c2",
            "title": "Projet à l'étude",
            "type": "structuring",
            "received_on": "2024-03-01",
            "prescriber_id": "h2",
            "diagnostic": "…",
            "complementary_diagnostic": None,
            "scores": None,
            "jobs_planned_created": 2,
            "jobs_planned_maintained": 0,
            "status": "scheduled",
            "other_supports": [],
            "mandatary_id": "h1",
            "convention_signed_on": None,
        },
    ],
    "meetings": [
        {
            "id": "m1",
            "date": "2024-03-20",
            "place": "Salle « Jean Prouvé »",
            "president_id": "h1",
            "present": ["h1", "h2", "h3"],
            "excused": [],
            "quorum_override": None,
            "items": [
                {
                    "project_id": "pr1",
                    "position": 1,
                    "conflicts": [],
                    "votes": {"h1": "for", "h2": "for"},
                    "vote_totals": None,
                    "decision": "approved",
                    "notes": "",
                }
            ],
        },
        {
            "id": "m2",
            "date": "2024-05-10",
            "place": "Mairie",
            "president_id": "h2",
            "present": ["h1", "h2", "h3"],
            "excused": [],
            "quorum_override": None,
            "items": [
                {
                    "project_id": "pr2",
                    "position": 1,
                    "conflicts": [],
                    "votes": None,
                    "vote_totals": {"for": 3, "against": 0, "abstain": 0},
                    "decision": "approved",
                    "notes": "",
                },
                {
                    "project_id": "pr3",
                    "position": 2,
                    "conflicts": [],
                    "votes": None,
                    "vote_totals": {"for": 3, "against": 0, "abstain": 0},
                    "decision": "approved",
                    "notes": "",
                },
            ],
        },
    ],
    "engagements": [
        {
            "id": "e1",
            "project_id": "pr1",
            "meeting_id": "m1",
            "kind": "skills",
            "partner_id": "p1",
            "amount_cents": 455000,
            "days": 7,
            "description": "Appui qualité & méthodes",
            "terms": None,
        },
        {
            "id": "e2",
            "project_id": "pr1",
            "meeting_id": "m1",
            "kind": "skills",
            "partner_id": "p2",
            "amount_cents": 325000,
            "days": 5,
            "description": "Appui commercial",
            "terms": None,
        },
        {
            "id": "e3",
            "project_id": "pr1",
            "meeting_id": "m1",
            "kind": "repayable_advance",
            "partner_id": None,
            "amount_cents": 3000000,
            "days": None,
            "description": "Avance à taux zéro",
            "terms": {
                "duration_months": 18,
                "deferral_months": 6,
                "period_months": 1,
                "annual_rate": 0.0,
                "first_due_on": None,
            },
        },
        {
            "id": "e4",
            "project_id": "pr1",
            "meeting_id": "m1",
            "kind": "subsidised_loan",
            "partner_id": "p9",
            "amount_cents": 4000000,
            "days": None,
            "description": "Prêt bonifié",
            "terms": {
                "duration_months": 30,
                "deferral_months": 6,
                "period_months": 3,
                "annual_rate": 0.015,
                "first_due_on": None,
            },
        },
        {
            "id": "e5",
            "project_id": "pr2",
            "meeting_id": "m2",
            "kind": "repayable_advance",
            "partner_id": None,
            "amount_cents": 1000000,
            "days": None,
            "description": "Avance",
            "terms": {
                "duration_months": 12,
                "deferral_months": 0,
                "period_months": 3,
                "annual_rate": 0.0,
                "first_due_on": None,
            },
        },
        {
            "id": "e6",
            "project_id": "pr2",
            "meeting_id": "m2",
            "kind": "skills",
            "partner_id": "p1",
            "amount_cents": 100000,
            "days": 2,
            "description": "Appui",
            "terms": None,
        },
    ],
    "disbursements": [
        {"id": "d1", "engagement_id": "e3", "date": "2024-05-31", "amount_cents": 2000000},
        {"id": "d2", "engagement_id": "e3", "date": "2024-07-15", "amount_cents": 500000},
    ],
    "repayments": [],
    "write_offs": [],
    "follow_ups": [],
    "expenses": [],
}


@pytest.fixture
def basin() -> dict[str, Any]:
    return copy.deepcopy(BASIN)


@pytest.fixture
def build(tmp_path: Path) -> Callable[..., list[str]]:
    """build(kind, data, **ids) → the pages' normalised text (the PDF is kept in tmp_path)."""
    from alize_desktop.documents import build_document

    def run(kind: str, data: dict[str, Any], **kwargs: Any) -> list[str]:
        out = tmp_path / f"{kind}.pdf"
        build_document(kind, data, out, **{"as_of": dt.date(2026, 11, 26), **kwargs})
        return read_pages(out)

    return run
