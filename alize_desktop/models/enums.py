"""Code names of format v1 enumerations (INTERCHANGE.md) and their French labels."""

from __future__ import annotations

PRIORITY_CRITERIA = ("structural_handicaps", "industrial_change", "weak_endogenous_growth")
PARTNER_KINDS = ("company", "territorial_actor", "local_authority", "state", "network_head")
COMMITMENT_NATURES = ("money", "skills", "in_kind")
ACCOUNTS = ("advances", "operating")
EXPENSE_CATEGORIES = ("engineering", "operator_reimbursement", "other")
SCHEME_KINDS = ("honour_loan", "grant", "guarantee", "other")
PROJECT_TYPES = ("development", "takeover", "structuring", "creation")
PROJECT_STATUSES = (
    "received", "in_review", "scheduled", "approved", "adjourned", "rejected",
    "convention_signed", "in_follow_up", "closed", "withdrawn",
)
DECISIONS = ("approved", "adjourned", "rejected")
VOTES = ("for", "against", "abstain")
ENGAGEMENT_KINDS = ("repayable_advance", "subsidised_loan", "skills", "in_kind", "direct_funding")
LOAN_KINDS = ("repayable_advance", "subsidised_loan")
INSOLVENCY_PROCEDURES = ("safeguard", "receivership", "liquidation")
PERIODS = (1, 3, 6, 12)
ATTENDANCE = ("present", "excused")

LABELS: dict[str, str] = {
    # priority criteria
    "structural_handicaps": "Handicaps structurels",
    "industrial_change": "Mutations industrielles",
    "weak_endogenous_growth": "Faible croissance endogène",
    # partner kinds
    "company": "Entreprise partenaire",
    "territorial_actor": "Acteur territorial",
    "local_authority": "Collectivité territoriale",
    "state": "État et Caisse des dépôts",
    "network_head": "Tête de réseau (ASTREES)",
    # natures
    "money": "Financier",
    "skills": "Compétences",
    "in_kind": "En nature",
    # accounts and categories
    "advances": "Fonds d'avances",
    "operating": "Fonctionnement",
    "engineering": "Ingénierie locale",
    "operator_reimbursement": "Défraiement de l'opérateur",
    "other": "Autre",
    # schemes
    "honour_loan": "Prêt d'honneur",
    "grant": "Subvention",
    "guarantee": "Garantie",
    # project types
    "development": "Développement",
    "takeover": "Reprise",
    "structuring": "Structurant",
    "creation": "Création",
    # statuses
    "received": "Reçu",
    "in_review": "En instruction",
    "scheduled": "Inscrit à un comité",
    "approved": "Agréé",
    "adjourned": "Ajourné",
    "rejected": "Refusé",
    "convention_signed": "Convention signée",
    "in_follow_up": "En suivi",
    "closed": "Clos",
    "withdrawn": "Retiré",
    # votes
    "for": "Pour",
    "against": "Contre",
    "abstain": "Abstention",
    # engagements
    "repayable_advance": "Avance remboursable",
    "subsidised_loan": "Prêt bonifié",
    "direct_funding": "Financement direct",
    # insolvency
    "safeguard": "Sauvegarde",
    "receivership": "Redressement judiciaire",
    "liquidation": "Liquidation judiciaire",
    # attendance
    "present": "Présent",
    "excused": "Excusé",
}

PERIOD_LABELS = {1: "mensuelle", 3: "trimestrielle", 6: "semestrielle", 12: "annuelle"}


def label(code: str | None) -> str:
    """French label of a code name (the code itself when unknown, so nothing is hidden)."""
    if code is None:
        return ""
    return LABELS.get(code, code)
