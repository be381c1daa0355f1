"""How the deeds name their parties: "Entre les soussignés", one paragraph per party.

Each party is introduced by a noun whose gender is known ("la société", "l'opérateur local",
"le comité d'agrément", "l'entreprise partenaire"), so that "représentée par" agrees without the
"représenté(e)" a lawyer would strike out. User text (names, addresses) is escaped here.
"""

from __future__ import annotations

from dataclasses import dataclass

from alize_desktop.documents.blocks import esc, tie_punctuation
from alize_desktop.documents.facts import Record, find, operator, person_name
from alize_desktop.documents.wording import tie_postcode

# What introduces a partner of each kind, with the gender of "représenté…" that follows it.
KIND_NOUN = {
    "company": ("l'entreprise partenaire", "e"),
    "territorial_actor": ("l'organisme", ""),
    "local_authority": ("la collectivité", "e"),
    "state": ("l'organisme public", ""),
    "network_head": ("l'association", "e"),
}


@dataclass(frozen=True)
class Party:
    markup: str  # the paragraph that names the party (trusted markup)
    alias: str  # « l'entreprise bénéficiaire »…


def _identity(siret: str | None, address: str | None) -> str:
    text = ""
    if siret:
        text += f", SIRET {esc(siret)}"
    if address:
        text += f", dont le siège est situé {esc(tie_postcode(address))}"
    return text


def _represented(ending: str, name: str, role: str = "", capacity: str = "") -> str:
    if not name:
        return f", représenté{ending} par …………………… (à compléter)"
    text = f", représenté{ending} par {esc(name)}"
    if role:
        text += f", {esc(role)}"
    if capacity:
        text += f", {capacity}"
    return text


def company_party(company: Record, alias: str = "l'entreprise bénéficiaire") -> Party:
    form = f", {esc(company['legal_form'])}" if company.get("legal_form") else ""
    text = (f"La société <b>{esc(company.get('name'))}</b>{form}{_identity(company.get('siret'), company.get('address'))}"
            f"{_represented('e', company.get('manager') or '', capacity='en qualité de dirigeant habilité à la représenter')}")
    return Party(text, alias)


def partner_party(data: Record, partner: Record, person: Record | None, alias: str, detail: str = "",
                  quality: str = "") -> Party:
    noun, ending = KIND_NOUN.get(partner.get("kind", ""), ("l'organisme", ""))
    text = (f"{noun[0].upper()}{noun[1:]} <b>{esc(partner.get('name'))}</b>{', ' + quality if quality else ''}"
            f"{_identity(partner.get('siret'), partner.get('address'))}"
            f"{_represented(ending, person_name(person), (person or {}).get('role') or '')}")
    if detail:
        text += f", {detail}"
    del data
    return Party(text, alias)


def committee_party(label: str, president: Record | None, data: Record, meeting_date: str) -> Party:
    partner = find(data.get("partners", []), (president or {}).get("partner_id")) or {}
    who = person_name(president)
    role = ", ".join(x for x in ((president or {}).get("role"), partner.get("name")) if x)
    text = f"Le <b>{esc(label)}</b>"
    text += _represented("", f"son président, {who}" if who else "", role)
    text += f", agissant en exécution de la décision du comité du {esc(meeting_date)}"
    return Party(text, "le comité d'agrément")


def operator_party(data: Record, detail: str = "") -> Party:
    op = operator(data)
    text = (f"L'opérateur local <b>{esc(op.get('name'))}</b>{_identity(op.get('siret'), op.get('address'))}"
            f"{_represented('', op.get('representative') or '')}")
    if detail:
        text += f", {detail}"
    return Party(text, "l'opérateur local")


def parties_markup(parties: list[Party]) -> list[str]:
    """The paragraphs: each party, "ci-après « … »", separated by ";" then "et" before the last."""
    out = [tie_punctuation(f"{p.markup}, ci-après « {esc(p.alias)} » ;") for p in parties]
    if len(out) >= 2:
        last = out[-1][:-2] + "."
        out[-1] = "et " + last[0].lower() + last[1:]
    return out
