"""French identifiers the operator types: SIRET (Luhn, with La Poste's exception) and IBAN.

One place for the check and its French message, used by the forms, the services, the import
validation and the documents, so that the same mistake is always explained the same way.
"""

from __future__ import annotations

from stdnum import iban as _iban
from stdnum.fr import siret as _siret


def compact(text: str | None) -> str:
    """SIRET and IBAN are typed with spaces; they are stored without (and IBAN upper case)."""
    return "".join((text or "").split()).upper()


def iban_groups(iban: str | None) -> str:
    """`FR7630006000011234567890189` → `FR76 3000 6000 0112 3456 7890 189`."""
    c = compact(iban)
    return " ".join(c[i : i + 4] for i in range(0, len(c), 4))


def siret_problem(siret: str | None) -> str | None:
    """French message for a SIRET that is not one; None when empty or valid."""
    c = compact(siret)
    if not c:
        return None
    if not c.isdigit() or len(c) != 14:
        return f"SIRET « {c} » invalide : un SIRET compte 14 chiffres."
    if not _siret.is_valid(c):
        return f"SIRET « {c} » invalide : la clé de contrôle ne correspond pas (faute de frappe ?)."
    return None


def iban_problem(iban: str | None) -> str | None:
    """French message for an IBAN that is not one; None when empty or valid."""
    c = compact(iban)
    if not c:
        return None
    if not _iban.is_valid(c):
        return f"IBAN « {iban_groups(c)} » invalide : vérifiez sa saisie (longueur ou clé de contrôle)."
    return None
