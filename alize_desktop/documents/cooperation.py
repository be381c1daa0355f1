"""Convention de coopération et développement (DOMAIN.md §7.3) for an approved project.

Signed by the company's manager, the president of the comité d'agrément that approved the
project, a representative of each partner lending skills, and the mandatary when he or she
does not already sign. One annex per repayable advance or subsidised loan, also signed by
the operator's representative (and by the lending bank for a loan). The articles' wording is
in `cooperation_clauses` (templates the office may adapt); this module gathers the facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from alize_desktop import formatting
from alize_desktop.documents import cooperation_clauses as clauses
from alize_desktop.documents.blocks import (
    Signatory,
    data_table,
    esc,
    key_values,
    lead_in,
    operator_signatory,
    para,
    signatures,
    spacer,
    title_block,
)
from alize_desktop.documents.clauses_common import ArticleNumbers, common_articles, common_facts
from alize_desktop.documents.cooperation_annex import annex_flowables, lender_signatory
from alize_desktop.documents.engine import Output, write_document
from alize_desktop.documents.errors import DocumentError
from alize_desktop.documents.facts import (
    ENGAGEMENT_KIND,
    Record,
    advance_fund,
    alize_label,
    convention_covering,
    find,
    iso,
    long_date,
    period_text,
    person_name,
    person_role,
    programme_line,
    project_type,
    representative,
    settings,
)
from alize_desktop.documents.parties import (
    committee_party,
    company_party,
    operator_party,
    parties_markup,
    partner_party,
)
from alize_desktop.documents.wording import count, nb_date, nb_percent, signing_place, the
from alize_desktop.rules.schedule import add_months

TITLE = "Convention de coopération et développement"
SIGNABLE = ("approved", "convention_signed", "in_follow_up", "closed")
STATUS = {
    "received": "reçu",
    "in_review": "en instruction",
    "scheduled": "inscrit à l'ordre du jour",
    "approved": "agréé",
    "adjourned": "ajourné",
    "rejected": "refusé",
    "convention_signed": "convention signée",
    "in_follow_up": "en suivi",
    "closed": "clos",
    "withdrawn": "retiré",
}
FOLLOW_UP_MONTHS = (3, 6, 12, 18)
FINANCIAL = ("repayable_advance", "subsidised_loan")
LAPSE_MONTHS = 6  # default delay to meet the conditions before the financial means lapse
_ = clauses  # the articles register themselves on import


def approving_meeting(data: Record, project_id: str) -> Record:
    """The (latest) meeting whose item approved the project."""
    approving = [
        m
        for m in data.get("meetings", [])
        if any(
            i.get("project_id") == project_id and i.get("decision") == "approved" for i in m.get("items", [])
        )
    ]
    if not approving:
        raise DocumentError("aucune décision d'agrément du comité n'est enregistrée pour ce projet")
    return max(approving, key=lambda m: m["date"])


def _check(data: Record, project_id: str) -> Record:
    project = find(data.get("projects", []), project_id)
    if project is None:
        raise DocumentError(f"projet inconnu : « {project_id} »")
    if project.get("status") not in SIGNABLE:
        status = STATUS.get(project.get("status", ""), project.get("status"))
        raise DocumentError(
            f"le projet « {project.get('title')} » n'est pas agréé (statut : {status}) : "
            "une convention de coopération et développement ne peut être établie qu'après son agrément"
        )
    if not project.get("mandatary_id") or find(data.get("people", []), project["mandatary_id"]) is None:
        raise DocumentError(
            f"le projet « {project.get('title')} » n'a pas de mandataire : désigner un membre du comité "
            "d'agrément chargé de son suivi avant d'établir la convention"
        )
    return project


def _skill_signer(data: Record, partner_id: str, mandatary: Record, president: Record | None) -> Record | None:
    # The mandatary (or the president) signs for his own partner: one signature, not two.
    if mandatary.get("partner_id") == partner_id:
        return mandatary
    if president and president.get("partner_id") == partner_id:
        return president
    return representative(data, partner_id)


def _signatories(
    data: Record, project: Record, company: Record, meeting: Record, skills: list[Record]
) -> list[Signatory]:
    people = data.get("people", [])
    president = find(people, meeting.get("president_id"))
    mandatary = find(people, project["mandatary_id"]) or {}
    signers = [
        Signatory(company.get("name") or "", company.get("manager") or "", "Dirigeant",
                  "L'entreprise bénéficiaire"),
        Signatory(alize_label("Comité d'agrément", data), person_name(president), person_role(data, president),
                  "Le président du comité d'agrément"),
    ]
    signing_ids = {president["id"]} if president else set()
    for partner_id in dict.fromkeys(e["partner_id"] for e in skills if e.get("partner_id")):
        partner = find(data.get("partners", []), partner_id) or {"name": ""}
        person = _skill_signer(data, partner_id, mandatary, president)
        capacity = "Partenaire mettant des compétences à disposition"
        if person and person.get("id") == mandatary.get("id"):
            capacity += " ; mandataire du projet"
        signers.append(Signatory(partner["name"], person_name(person), (person or {}).get("role", ""), capacity))
        if person:
            signing_ids.add(person["id"])
    if mandatary.get("id") not in signing_ids:
        partner = find(data.get("partners", []), mandatary.get("partner_id")) or {"name": ""}
        signers.append(Signatory(partner["name"], person_name(mandatary), mandatary.get("role", ""),
                                 "Le mandataire du projet"))
    elif president and mandatary.get("id") == president.get("id"):
        signers[1] = Signatory(signers[1].party, signers[1].name, signers[1].role,
                               "Le président du comité d'agrément, mandataire du projet")
    return signers


def _parties(data: Record, project: Record, company: Record, meeting: Record, skills: list[Record],
             financial: list[Record]) -> list[Flowable]:
    people, partners = data.get("people", []), data.get("partners", [])
    president = find(people, meeting.get("president_id"))
    mandatary = find(people, project["mandatary_id"]) or {}
    parties = [company_party(company),
               committee_party(alize_label("Comité d'agrément", data), president, data,
                               nb_date(meeting.get("date")))]
    skill_partners = list(dict.fromkeys(e["partner_id"] for e in skills if e.get("partner_id")))
    for partner_id in skill_partners:
        partner = find(partners, partner_id) or {"name": "", "kind": ""}
        person = _skill_signer(data, partner_id, mandatary, president)
        detail = "qui met des compétences à la disposition de l'entreprise"
        if mandatary.get("partner_id") == partner_id:
            detail += f" et dont relève le mandataire du projet, {esc(person_name(mandatary))}"
        parties.append(partner_party(data, partner, person, "le partenaire", detail))
    if mandatary.get("partner_id") not in skill_partners:
        partner = find(partners, mandatary.get("partner_id")) or {"name": "", "kind": ""}
        parties.append(partner_party(data, partner, mandatary, "le partenaire du mandataire",
                                     "membre du comité d'agrément désigné comme mandataire du projet"))
    story: list[Flowable] = [para("<b>Entre les soussignés :</b>")]
    if financial:
        parties.append(operator_party(data, "qui gère le fonds d'avances du programme et signe les annexes "
                                            "financières de la présente convention"))
    story += [para(text) for text in parties_markup(parties)]
    if not financial:
        op = operator_party(data, "qui assure le secrétariat du comité d'agrément et le suivi administratif du "
                                  "projet")
        story.append(para(f"en présence de {op.markup[0].lower()}{op.markup[1:]},"))
    story.append(para("Il est convenu ce qui suit :"))
    return story


def _means_tables(data: Record, engagements: list[Record], title: Flowable) -> list[Flowable]:
    """The article's heading, then the skills and the financial means, each table led in by its
    title so that no heading is left alone at the foot of a page."""
    partners = data.get("partners", [])
    skills = [e for e in engagements if e["kind"] == "skills"]
    other = [e for e in engagements if e["kind"] != "skills"]
    story: list[Flowable] = []
    if skills:
        rows = [[esc((find(partners, e.get("partner_id")) or {}).get("name")), esc(e.get("description")),
                 esc(formatting.integer(e.get("days"))), esc(formatting.money(int(e["amount_cents"])))]
                for e in skills]
        rows.append(["Total", "", esc(formatting.integer(sum(int(e.get("days") or 0) for e in skills))),
                     esc(formatting.money(sum(int(e["amount_cents"]) for e in skills)))])
        story += lead_in([title, para("<b>Compétences mises à disposition par les partenaires</b>")],
                         data_table(["Partenaire", "Intervention", "Jours", "Valorisation"], rows, [45, 80, 15, 30],
                                    right=(2, 3), total_rows=[len(rows) - 1]))
    if other:
        rows = []
        for e in other:
            lender = find(partners, e.get("partner_id"))
            source = lender["name"] if lender else advance_fund(data)
            rows.append([esc(ENGAGEMENT_KIND.get(e["kind"], e["kind"])), esc(source), esc(e.get("description")),
                         esc(formatting.money(int(e["amount_cents"])))])
        intro: list[Flowable] = [] if skills else [title]
        story += [spacer(3), *lead_in([*intro, para("<b>Moyens financiers et apports</b>")],
                                      data_table(["Nature", "Apporté par", "Objet", "Montant"], rows,
                                                 [35, 45, 60, 30], right=(3,)))]
    if not engagements:
        story += [title, para("Aucun moyen chiffré n'a été arrêté par le comité d'agrément.")]
    if any(e["kind"] in FINANCIAL for e in engagements):
        n = sum(1 for e in engagements if e["kind"] in FINANCIAL)
        story += [spacer(2), para(
            f"Les conditions et le calendrier de remboursement de chaque avance ou prêt figurent "
            f"{'à l' + chr(39) + 'annexe, qui fait' if n == 1 else 'aux annexes, qui font'} partie de la présente "
            "convention.",
            "note")]
    return story


def _follow_up_rows(project: Record) -> list[tuple[str, str]]:
    signed = iso(project.get("convention_signed_on"))
    rows = []
    for months in (*FOLLOW_UP_MONTHS, 24):
        when = nb_date(add_months(signed, months)) if signed else f"{months} mois après la signature"
        label = f"Compte rendu à {months} mois" + (" (facultatif)" if months == 24 else "")
        rows.append((label, when))
    return rows


def _names(names: list[str]) -> str:
    names = list(dict.fromkeys(n for n in names if n))
    if len(names) < 2:
        return names[0] if names else ""
    return ", ".join(names[:-1]) + " et " + names[-1]


def _facts(data: Record, project: Record, company: Record, meeting: Record, engagements: list[Record],
           signers: int) -> dict[str, str]:
    partners = data.get("partners", [])
    skills = [e for e in engagements if e["kind"] == "skills"]
    approved_on = iso(meeting.get("date"))
    lapse = int(settings(data).get("lapse_months") or LAPSE_MONTHS)
    conv = convention_covering(data, approved_on)
    # A bank's subsidised loan is its own contract (see the annex), not a pledge of the partnership.
    contributors = [the((find(partners, e.get("partner_id")) or {}).get("name", ""))
                    for e in engagements if e["kind"] in ("in_kind", "direct_funding") and e.get("partner_id")]
    if any(e["kind"] == "repayable_advance" for e in engagements):
        contributors.append("les partenaires qui dotent le fonds d'avances")
    lines = [f"- {(find(partners, e.get('partner_id')) or {}).get('name', '')} : {count(int(e.get('days') or 0), 'jour')}"
             f" ({e.get('description') or 'intervention'})" for e in skills]
    return {
        **common_facts(data, signers),
        "entreprise": str(company.get("name") or ""),
        "projet": str(project.get("title") or ""),
        "comite": alize_label("Comité d'agrément", data),
        "date_agrement": nb_date(approved_on),
        "mandataire": person_name(find(data.get("people", []), project.get("mandatary_id"))),
        "delai_caducite": count(lapse, "mois"),
        "date_caducite": nb_date(add_months(approved_on, lapse)) if approved_on else "……",
        "periode_convention": period_text(conv) if conv else "en vigueur",
        "taux": nb_percent(0),
        "liste_competences": "\n".join(lines),
        "jours_competences": count(sum(int(e.get("days") or 0) for e in skills), "jour"),
        "apporteurs": _names(contributors) or "les partenaires du programme",
        "interventions": ("Les partenaires mettant des compétences à disposition réalisent les interventions "
                          "prévues dans les conditions de la présente convention." if skills else
                          "Aucune mise à disposition de compétences n'est prévue pour ce projet ; le comité "
                          "d'agrément peut en décider une en cours de suivi, par avenant."),
    }


def cooperation_flowables(data: Record, project_id: str, *, as_of: dt.date | None = None,
                          templates: Mapping[str, str] | None = None) -> list[Flowable]:
    project = _check(data, project_id)
    meeting = approving_meeting(data, project_id)
    company = find(data.get("companies", []), project["company_id"]) or {}
    engagements = [e for e in data.get("engagements", [])
                   if e.get("project_id") == project_id and e.get("meeting_id") == meeting["id"]]
    skills = [e for e in engagements if e["kind"] == "skills"]
    financial = [e for e in engagements if e["kind"] in FINANCIAL]
    advances = [e for e in engagements if e["kind"] == "repayable_advance"]
    signers = _signatories(data, project, company, meeting, skills)
    date_text = nb_date(project.get("convention_signed_on"))
    place = signing_place(data)
    facts = _facts(data, project, company, meeting, engagements, len(signers))
    numbers = ArticleNumbers(facts, templates)
    company_rows = [("Raison sociale", company.get("name") or ""), ("SIRET", company.get("siret") or ""),
                    ("Forme juridique", company.get("legal_form") or ""), ("Code NAF", company.get("naf") or ""),
                    ("Adresse", company.get("address") or ""), ("Dirigeant", company.get("manager") or "")]
    if company.get("created_on"):
        company_rows.insert(4, ("Date de création", long_date(company["created_on"])))
    story: list[Flowable] = [
        *title_block(TITLE, esc(programme_line(data)), f"Projet « {esc(project.get('title'))} »"),
        *_parties(data, project, company, meeting, skills, financial),
        *numbers.article("cooperation.objet"),
        numbers.title("L'entreprise bénéficiaire"),
        key_values(company_rows),
        numbers.title("Le projet"),
        key_values([("Intitulé", project.get("title") or ""), ("Type de projet", project_type(project)),
                    ("Emplois à créer", formatting.integer(project.get("jobs_planned_created") or 0)),
                    ("Emplois à maintenir", formatting.integer(project.get("jobs_planned_maintained") or 0)),
                    ("Date d'agrément", long_date(meeting.get("date")))]),
        *_means_tables(data, engagements, numbers.title("Moyens mis à disposition")),
    ]
    if skills:
        story += numbers.article("cooperation.mise_a_disposition")
    story += numbers.article("cooperation.engagements_entreprise")
    story += numbers.article("cooperation.engagements_partenaires")
    mandatary = find(data.get("people", []), project["mandatary_id"])
    story += [
        numbers.title("Mandataire et suivi du projet"),
        para(f"Le comité d'agrément désigne comme mandataire <b>{esc(person_name(mandatary))}</b> "
             f"({esc(person_role(data, mandatary))}). Le mandataire suit le projet pendant dix-huit mois au moins "
             "à compter de la signature, informe régulièrement le comité de son avancement et le saisit si une "
             "nouvelle intervention paraît utile. L'entreprise lui donne accès aux informations nécessaires."),
        KeepTogether([para("Le suivi donne lieu aux comptes rendus suivants, qui précisent notamment les emplois "
                           "créés et maintenus :"), key_values(_follow_up_rows(project), 55)]),
    ]
    if advances or any(e["kind"] == "direct_funding" for e in engagements):
        story += numbers.article("cooperation.conditions_versement")
    story += numbers.article("cooperation.de_minimis")
    refs: dict[str, str] = {}
    if financial:
        story += numbers.article("cooperation.interets_retard")
        refs["article_interets"] = str(numbers.number)
    story += numbers.article("cooperation.defaillance")
    refs["article_defaillance"] = str(numbers.number)
    if financial:
        story += numbers.article("cooperation.insolvabilite")
        refs["article_procedures"] = str(numbers.number)
    story += common_articles(numbers, "cooperation")
    story += numbers.article("cooperation.duree")
    last_clause = numbers.article("cooperation.exemplaires")
    story += signatures(last_clause, signers, place=place, date_text=date_text)
    president_sig = signers[1]
    for n, engagement in enumerate(financial, start=1):
        label = ENGAGEMENT_KIND[engagement["kind"]].lower()
        number = f" {n}" if len(financial) > 1 else ""
        title = (f"Annexe{number} — Conditions du {label}" if engagement["kind"] == "subsidised_loan"
                 else f"Annexe{number} — Conditions de l'{label}")
        annex_signers = [signers[0], president_sig, operator_signatory(data)]
        lender = lender_signatory(data, engagement)
        if lender is not None:
            annex_signers.append(lender)
        annex_facts = {**facts, **common_facts(data, len(annex_signers), "la présente annexe", "la présente annexe"),
                       **refs}
        story += [PageBreak(), *annex_flowables(data, engagement, project, meeting, title, annex_signers,
                                                date_text, place=place, as_of=as_of, facts=annex_facts,
                                                templates=templates)]
    return story


def build_cooperation(data: Record, project_id: str, out: Output, as_of: dt.date | None = None,
                      templates: Mapping[str, str] | None = None, **_options: Any) -> None:
    """Write the cooperation convention of project `project_id` (with its annexes) to `out`.

    Raises DocumentError when the project is unknown, not approved, or has no mandatary.
    """
    story = cooperation_flowables(data, project_id, as_of=as_of, templates=templates)
    project = find(data["projects"], project_id) or {}
    company = find(data.get("companies", []), project.get("company_id")) or {}
    write_document(story, out, data, title=TITLE,
                   subject=f"{TITLE} — {company.get('name', '')} — {project.get('title', '')}")


__all__ = ["build_cooperation", "cooperation_flowables"]
