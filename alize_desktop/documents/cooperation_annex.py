"""Annex of the cooperation convention: a repayable advance or a subsidised loan and its schedule.

The schedule is the *actual* one (rules.schedule.actual_schedule) once an advance is disbursed
or has a first due date; otherwise, and always for a subsidised loan (lent by a partner bank),
a *projected* one based on the convention's signature date, or before signature on the
approving meeting's date. The annex says which, because the dates will move.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from alize_desktop import formatting
from alize_desktop.documents.blocks import (
    Signatory,
    data_table,
    esc,
    heading,
    key_values,
    para,
    signatures,
    spacer,
    title_block,
)
from alize_desktop.documents.facts import (
    ENGAGEMENT_KIND,
    PERIODICITY,
    Record,
    advance_fund,
    find,
    iban_groups,
    iso,
    long_date,
)
from alize_desktop.rules.schedule import (
    Instalment,
    Terms,
    actual_schedule,
    engagement_principal,
    projected_base_date,
    projected_schedule,
)


def _schedule(
    data: Record, engagement: Record, project: Record, meeting: Record
) -> tuple[list[Instalment], str]:
    """The instalments and the sentence that says on what they are based."""
    own = [d for d in data.get("disbursements", []) if d.get("engagement_id") == engagement["id"]]
    actual = actual_schedule(engagement, own)
    if actual is not None:
        terms = Terms.from_dict(engagement["terms"])
        if terms.first_due_on is not None:
            basis = f"de la première échéance, fixée au {long_date(terms.first_due_on)}"
        else:
            first = min(iso(d["date"]) for d in own)  # type: ignore[type-var]
            basis = f"du premier versement, effectué le {long_date(first)}"
        return actual, f"<b>Échéancier effectif</b>, établi à partir {basis}."
    base = projected_base_date(project, meeting.get("date"))
    what = (
        "date de signature de la convention"
        if project.get("convention_signed_on")
        else "date du comité d'agrément, la convention n'étant pas encore signée"
    )
    text = f"<b>Échéancier prévisionnel</b> établi sur la base du {long_date(base)} ({what}). "
    if engagement["kind"] == "subsidised_loan":
        text += "Les dates définitives sont celles du contrat de prêt conclu avec l'établissement prêteur."
    else:
        text += "Les échéances seront recalculées à partir de la date du premier versement de l'avance."
    return projected_schedule(engagement, project, meeting.get("date")), text


def _terms_rows(data: Record, engagement: Record, principal: int, count: int) -> list[tuple[str, str]]:
    terms = Terms.from_dict(engagement["terms"])
    lender = find(data.get("partners", []), engagement.get("partner_id"))
    if engagement["kind"] == "repayable_advance":
        source = advance_fund(data)
    else:
        source = lender["name"] if lender else "Établissement prêteur à préciser"
    rate = (
        "0 % (avance sans intérêt)"
        if terms.annual_rate == 0
        else f"{formatting.percent(terms.annual_rate, 2)} par an"
    )
    duration = f"{terms.duration_months} mois"
    if terms.deferral_months:
        duration += f", dont {terms.deferral_months} mois de différé"
    rows = [
        ("Nature", ENGAGEMENT_KIND[engagement["kind"]]),
        ("Financement", source),
        ("Montant accordé", formatting.money(int(engagement["amount_cents"]))),
    ]
    if principal != int(engagement["amount_cents"]):
        rows.append(("Montant versé, à rembourser", formatting.money(principal)))
    rows += [
        ("Durée totale", duration),
        ("Différé d'amortissement", f"{terms.deferral_months} mois" if terms.deferral_months else "aucun"),
        ("Périodicité des échéances", PERIODICITY.get(terms.period_months, f"{terms.period_months} mois")),
        ("Nombre d'échéances", str(count)),
        ("Taux", rate),
    ]
    if engagement.get("description"):
        rows.append(("Objet", engagement["description"]))
    return rows


def _table(instalments: list[Instalment], principal: int) -> Flowable:
    remaining = principal
    rows = []
    for inst in instalments:
        remaining -= inst.principal_cents
        rows.append(
            [
                str(inst.number),
                esc(long_date(inst.due_on)),
                esc(formatting.money(inst.amount_cents)),
                esc(formatting.money(inst.principal_cents)),
                esc(formatting.money(inst.interest_cents)),
                esc(formatting.money(remaining)),
            ]
        )
    rows.append(
        [
            "Total",
            "",
            esc(formatting.money(sum(i.amount_cents for i in instalments))),
            esc(formatting.money(sum(i.principal_cents for i in instalments))),
            esc(formatting.money(sum(i.interest_cents for i in instalments))),
            "",
        ]
    )
    return data_table(
        ["N°", "Échéance", "Montant de l'échéance", "dont capital", "dont intérêts", "Capital restant dû"],
        rows,
        [10, 34, 30, 28, 26, 30],
        right=(0, 2, 3, 4, 5),
        total_rows=[len(rows) - 1],
        spans=[((0, len(rows) - 1), (1, len(rows) - 1))],
        keep=[(len(rows) - 2, len(rows) - 1)],  # never a total alone at the top of a page
    )


def annex_flowables(
    data: Record,
    engagement: Record,
    project: Record,
    meeting: Record,
    title: str,
    signers: list[Signatory],
    date_text: str,
) -> list[Flowable]:
    """One annex: the terms, the schedule and the signatures (beneficiary, president, operator)."""
    company = find(data.get("companies", []), project["company_id"]) or {}
    own = [d for d in data.get("disbursements", []) if d.get("engagement_id") == engagement["id"]]
    instalments, basis = _schedule(data, engagement, project, meeting)
    principal = (
        engagement_principal(engagement, own)
        if engagement["kind"] == "repayable_advance"
        else int(engagement["amount_cents"])
    )
    account = (data["basin"].get("accounts") or {}).get("advances") or {}
    story: list[Flowable] = [
        *title_block(
            title,
            f"à la convention de coopération et développement conclue avec {esc(company.get('name'))}",
            f"Projet « {esc(project.get('title'))} »",
        ),
        para(
            f"Le comité d'agrément réuni le {esc(long_date(meeting.get('date')))} a accordé à "
            f"l'entreprise <b>{esc(company.get('name'))}</b> le financement décrit ci-dessous. La présente annexe "
            "en fixe les conditions et le calendrier de remboursement."
        ),
        heading("1. Conditions du financement"),
        key_values(_terms_rows(data, engagement, principal, len(instalments)), 55),
        heading("2. Calendrier de remboursement"),
        para(basis),
        _table(instalments, principal),
        spacer(3),
    ]
    if engagement["kind"] == "repayable_advance":
        iban = iban_groups(account.get("iban"))
        where = f" ouvert auprès de {esc(account.get('bank'))}, IBAN {esc(iban)}" if iban else ""
        clauses = [
            heading("3. Modalités"),
            para(
                "Les échéances sont réglées par virement sur le compte du fonds d'avances de l'opérateur local"
                f"{where}. L'entreprise peut rembourser tout ou partie de l'avance par anticipation, sans frais."
            ),
            para(
                "Tout retard est signalé par l'opérateur local au comité d'agrément, qui peut convenir avec "
                "l'entreprise d'un nouveau calendrier. L'ouverture d'une procédure collective rend les sommes "
                "restant dues immédiatement exigibles, dans les limites prévues par la loi ; l'opérateur local "
                "déclare alors la créance du fonds."
            ),
        ]
    else:
        clauses = [
            heading("3. Modalités"),
            para(
                "Le prêt est consenti par l'établissement prêteur, selon son propre contrat, qui prévaut sur le "
                "présent calendrier. Le comité d'agrément est tenu informé de tout incident de remboursement."
            ),
        ]
    story += signatures(clauses, signers, date_text=date_text)
    return story
