"""Annex of the cooperation convention: a repayable advance or a subsidised loan and its schedule.

The schedule is the *actual* one (rules.schedule.actual_schedule) once an advance is disbursed
or has a first due date; otherwise, and always for a subsidised loan (lent by a partner bank),
a *projected* one based on the convention's signature date, or before signature on the
approving meeting's date. The annex says which, because the dates will move.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from reportlab.platypus import Flowable, KeepTogether

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
from alize_desktop.documents.clauses_common import article_body
from alize_desktop.documents.facts import (
    ENGAGEMENT_KIND,
    PERIODICITY,
    Record,
    advance_fund,
    find,
    iban_groups,
    iso,
    long_date,
    person_name,
    representative,
)
from alize_desktop.documents.wording import count, de, nb_date, nb_percent, the
from alize_desktop.rules.schedule import (
    Instalment,
    Terms,
    actual_schedule,
    engagement_principal,
    projected_base_date,
    projected_schedule,
)


def _own(data: Record, engagement: Record) -> list[Record]:
    own = [d for d in data.get("disbursements", []) if d.get("engagement_id") == engagement["id"]]
    return sorted(own, key=lambda d: d.get("date") or "")


def _schedule(
    data: Record, engagement: Record, project: Record, meeting: Record, as_of: dt.date | None
) -> tuple[list[Instalment], str]:
    """The instalments and the sentence that says on what they are based."""
    own = _own(data, engagement)
    actual = actual_schedule(engagement, own)
    if actual is not None:
        terms = Terms.from_dict(engagement["terms"])
        if terms.first_due_on is not None:
            basis = f"de la première échéance, fixée au {nb_date(terms.first_due_on)}"
        else:
            basis = f"du premier versement, effectué le {nb_date(own[0]['date'])}"
        text = f"<b>Échéancier effectif</b>, établi à partir {basis}"
        if own:
            updated = f" au {nb_date(as_of)}" if as_of else ""
            text += (f" ; il est <b>mis à jour{updated}</b> et calculé sur "
                     f"{'la somme versée' if len(own) == 1 else 'les sommes versées'} "
                     f"({esc(formatting.money(sum(int(d['amount_cents']) for d in own)))}). Il remplace tout "
                     "échéancier antérieur.")
        else:
            text += "."
        return actual, text
    base = projected_base_date(project, meeting.get("date"))
    what = (
        "date de signature de la convention"
        if project.get("convention_signed_on")
        else "date du comité d'agrément, la convention n'étant pas encore signée"
    )
    text = f"<b>Échéancier prévisionnel</b> établi sur la base du {nb_date(base)} ({what}). "
    if engagement["kind"] == "subsidised_loan":
        text += "Les dates définitives sont celles du contrat de prêt conclu avec l'établissement prêteur."
    else:
        text += "Les échéances seront recalculées à partir de la date du premier versement de l'avance."
    return projected_schedule(engagement, project, meeting.get("date")), text


def _paid_on(disbursement: Record) -> dt.date:
    return dt.date.fromisoformat(disbursement["date"])


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def _base_date(data: Record, engagement: Record, project: Record, meeting: Record) -> tuple[dt.date, str]:
    """The date the duration runs from: the first disbursement, else the projected base."""
    own = _own(data, engagement)
    if own:
        return iso(own[0]["date"]), "du premier versement"  # type: ignore[return-value]
    base = projected_base_date(project, meeting.get("date"))
    return base, ("de la signature" if project.get("convention_signed_on") else "de la décision du comité")


def _terms_rows(data: Record, engagement: Record, principal: int, instalments: list[Instalment],
                project: Record, meeting: Record) -> list[tuple[str, str]]:
    terms = Terms.from_dict(engagement["terms"])
    lender = find(data.get("partners", []), engagement.get("partner_id"))
    if engagement["kind"] == "repayable_advance":
        source = advance_fund(data)
    else:
        source = lender["name"] if lender else "Établissement prêteur à préciser"
    rate = (f"{nb_percent(0)} (avance sans intérêt)" if terms.annual_rate == 0
            else f"{nb_percent(terms.annual_rate, 2)} par an")
    rows = [
        ("Nature", ENGAGEMENT_KIND[engagement["kind"]]),
        ("Financement", source),
        ("Montant accordé", formatting.money(int(engagement["amount_cents"]))),
    ]
    if principal != int(engagement["amount_cents"]):
        rows.append(("Montant versé, à rembourser", formatting.money(principal)))
    # The real figures of the schedule printed below: with a first due date fixed by hand the
    # agreed "duration, of which deferral" no longer describes it, so both are counted from the dates.
    base, since = _base_date(data, engagement, project, meeting)
    first, last = instalments[0].due_on, instalments[-1].due_on
    deferral = max(0, _months_between(base, first) - terms.period_months)
    duration = _months_between(base, last)
    period = PERIODICITY.get(terms.period_months, f"tous les {count(terms.period_months, 'mois')}")
    rows += [
        ("Première échéance", nb_date(first)),
        ("Dernière échéance", nb_date(last)),
        ("Nombre d'échéances", count(len(instalments), f"échéance {period}") if terms.period_months in PERIODICITY
         else f"{count(len(instalments), 'échéance')}, {period}"),
        ("Différé d'amortissement", f"{count(deferral, 'mois')} à compter {since}" if deferral else "aucun"),
        ("Durée totale", f"{count(duration, 'mois')} à compter {since}, différé compris"),
        ("Taux", rate),
    ]
    if engagement.get("description"):
        rows.append(("Objet", engagement["description"]))
    return rows


def _tranches(data: Record, engagement: Record, project: Record, meeting: Record) -> list[Flowable]:
    """The disbursements made so far, what remains to pay, and any paid before the deed."""
    own = _own(data, engagement)
    granted = int(engagement["amount_cents"])
    if not own:
        return [para(f"L'avance de {esc(formatting.money(granted))} sera versée en une ou plusieurs tranches, "
                     "après la réalisation des conditions préalables prévues par la convention.")]
    rows = [[str(n), esc(nb_date(d["date"])), esc(formatting.money(int(d["amount_cents"])))]
            for n, d in enumerate(own, start=1)]
    paid = sum(int(d["amount_cents"]) for d in own)
    rows.append(["Total versé", "", esc(formatting.money(paid))])
    story: list[Flowable] = [KeepTogether([
        para(f"<b>{'Tranche versée' if len(own) == 1 else 'Tranches versées'}</b>"),
        data_table(["Tranche", "Date du versement", "Montant"], rows, [20, 60, 40], right=(2,),
                   total_rows=[len(rows) - 1], spans=[((0, len(rows) - 1), (1, len(rows) - 1))]),
    ])]
    if granted > paid:
        story.append(para(f"Reste à verser : {esc(formatting.money(granted - paid))}.", "note"))
    signed = iso(project.get("convention_signed_on"))
    approved = iso(meeting.get("date"))
    # What rules.chronology flags for `check`: the deed says it too, rather than contradict the dates.
    before_decision = [d for d in own if approved is not None and _paid_on(d) < approved]
    before_signature = [d for d in own if d not in before_decision and (signed is None or _paid_on(d) < signed)]
    for early, when in ((before_decision, "avant la décision du comité qui l'a accordée"),
                        (before_signature, "avant la signature de la convention" if signed
                         else "alors que la convention n'est pas encore signée")):
        if early:
            story.append(para(
                f"<b>À régulariser</b> : {'la tranche du' if len(early) == 1 else 'les tranches du'} "
                f"{esc(', '.join(nb_date(d['date']) for d in early))} "
                f"{'a été versée' if len(early) == 1 else 'ont été versées'} {when} ; l'opérateur local en rend "
                "compte au comité d'agrément.", "note"))
    return story


def lender_signatory(data: Record, engagement: Record) -> Signatory | None:
    """The bank that lends a subsidised loan signs its annex too."""
    if engagement["kind"] != "subsidised_loan":
        return None
    lender = find(data.get("partners", []), engagement.get("partner_id"))
    if lender is None:
        return Signatory("Établissement prêteur", "", "", "Le prêteur")
    person = representative(data, lender["id"])
    return Signatory(lender["name"], person_name(person), (person or {}).get("role", ""), "Le prêteur")


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
    *,
    place: str = "",
    as_of: dt.date | None = None,
    facts: Mapping[str, str] | None = None,
    templates: Mapping[str, str] | None = None,
) -> list[Flowable]:
    """One annex: the terms, the tranches, the schedule and the signatures (beneficiary, president,
    operator, and the lender for a subsidised loan)."""
    company = find(data.get("companies", []), project["company_id"]) or {}
    own = _own(data, engagement)
    instalments, basis = _schedule(data, engagement, project, meeting, as_of)
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
            f"Le comité d'agrément réuni le {esc(nb_date(meeting.get('date')))} a accordé à "
            f"l'entreprise <b>{esc(company.get('name'))}</b> le financement décrit ci-dessous. La présente annexe "
            "en fixe les conditions et le calendrier de remboursement ; elle fait partie de la convention."
        ),
        heading("1. Conditions du financement"),
        key_values(_terms_rows(data, engagement, principal, instalments, project, meeting), 55),
    ]
    section = 2
    if engagement["kind"] == "repayable_advance":
        story += [heading("2. Versement de l'avance"), *_tranches(data, engagement, project, meeting)]
        section = 3
    story += [heading(f"{section}. Calendrier de remboursement"), para(basis), _table(instalments, principal),
              spacer(3)]
    all_facts = dict(facts or {})
    all_facts.setdefault("article_interets", "…")
    all_facts.setdefault("article_defaillance", "…")
    all_facts.setdefault("article_procedures", "…")
    if engagement["kind"] == "repayable_advance":
        iban = iban_groups(account.get("iban")).replace(" ", "\u00a0")
        where = f" ouvert auprès {de(account['bank'])}, IBAN {iban}" if iban and account.get("bank") else (
            f", IBAN {iban}" if iban else "")
        clauses = [heading(f"{section + 1}. Modalités"),
                   *article_body("cooperation.annexe_modalites", {**all_facts, "compte": where}, templates)]
    else:
        lender = find(data.get("partners", []), engagement.get("partner_id"))
        name = the(lender["name"]) if lender else "l'établissement prêteur"
        clauses = [heading(f"{section + 1}. Modalités"),
                   *article_body("cooperation.annexe_pret", {**all_facts, "preteur": name,
                                                             "preteur_majuscule": name[:1].upper() + name[1:]},
                                 templates)]
    clauses += article_body("cooperation.exemplaires", all_facts, templates)
    story += signatures(clauses, signers, place=place, date_text=date_text)
    return story
