"""Convention de coopération et développement (DOMAIN.md §7.3) for an approved project.

Signed by the company's manager, the president of the comité d'agrément that approved the
project, a representative of each partner lending skills, and the mandatary when he or she
does not already sign. One annex per repayable advance or subsidised loan, also signed by
the operator's representative.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from alize_desktop import formatting
from alize_desktop.documents.blocks import (
    Signatory,
    bullets,
    data_table,
    esc,
    heading,
    key_values,
    operator_signatory,
    para,
    signatures,
    spacer,
    title_block,
)
from alize_desktop.documents.cooperation_annex import annex_flowables
from alize_desktop.documents.engine import Output, write_document
from alize_desktop.documents.errors import DocumentError
from alize_desktop.documents.facts import (
    ENGAGEMENT_KIND,
    Record,
    advance_fund,
    alize_label,
    find,
    iso,
    long_date,
    person_name,
    person_role,
    programme_line,
    project_type,
    representative,
)
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


def _signatories(
    data: Record, project: Record, company: Record, meeting: Record, skills: list[Record]
) -> list[Signatory]:
    people = data.get("people", [])
    president = find(people, meeting.get("president_id"))
    mandatary = find(people, project["mandatary_id"]) or {}
    signers = [
        Signatory(
            company.get("name") or "",
            company.get("manager") or "",
            "Dirigeant(e)",
            "L'entreprise bénéficiaire",
        ),
        Signatory(
            alize_label("Comité d'agrément", data),
            person_name(president),
            person_role(data, president),
            "Le président du comité d'agrément",
        ),
    ]
    signing_ids = {president["id"]} if president else set()
    for partner_id in dict.fromkeys(e["partner_id"] for e in skills if e.get("partner_id")):
        partner = find(data.get("partners", []), partner_id) or {"name": partner_id}
        # The mandatary (or the president) signs for his own partner: one signature, not two.
        if mandatary.get("partner_id") == partner_id:
            person: Record | None = mandatary
        elif president and president.get("partner_id") == partner_id:
            person = president
        else:
            person = representative(data, partner_id)
        capacity = "Partenaire mettant des compétences à disposition"
        if person and person.get("id") == mandatary.get("id"):
            capacity += " ; mandataire du projet"
        signers.append(
            Signatory(partner["name"], person_name(person), (person or {}).get("role", ""), capacity)
        )
        if person:
            signing_ids.add(person["id"])
    if mandatary.get("id") not in signing_ids:
        partner = find(data.get("partners", []), mandatary.get("partner_id")) or {"name": ""}
        signers.append(
            Signatory(
                partner["name"], person_name(mandatary), mandatary.get("role", ""), "Le mandataire du projet"
            )
        )
    elif president and mandatary.get("id") == president.get("id"):
        signers[1] = Signatory(
            signers[1].party,
            signers[1].name,
            signers[1].role,
            "Le président du comité d'agrément, mandataire du projet",
        )
    return signers


def _means(data: Record, engagements: list[Record]) -> list[Flowable]:
    partners = data.get("partners", [])
    skills = [e for e in engagements if e["kind"] == "skills"]
    other = [e for e in engagements if e["kind"] != "skills"]
    story: list[Flowable] = [heading("Article 3 — Moyens mis à disposition")]
    if skills:
        rows = [
            [
                esc((find(partners, e.get("partner_id")) or {}).get("name")),
                esc(e.get("description")),
                esc(formatting.integer(e.get("days"))),
                esc(formatting.money(int(e["amount_cents"]))),
            ]
            for e in skills
        ]
        rows.append(
            [
                "Total",
                "",
                esc(formatting.integer(sum(int(e.get("days") or 0) for e in skills))),
                esc(formatting.money(sum(int(e["amount_cents"]) for e in skills))),
            ]
        )
        story += [
            para("<b>Compétences mises à disposition par les partenaires</b>"),
            data_table(
                ["Partenaire", "Intervention", "Jours", "Valorisation"],
                rows,
                [45, 80, 15, 30],
                right=(2, 3),
                total_rows=[len(rows) - 1],
            ),
        ]
    if other:
        rows = []
        for e in other:
            lender = find(partners, e.get("partner_id"))
            source = lender["name"] if lender else advance_fund(data)
            rows.append(
                [
                    esc(ENGAGEMENT_KIND.get(e["kind"], e["kind"])),
                    esc(source),
                    esc(e.get("description")),
                    esc(formatting.money(int(e["amount_cents"]))),
                ]
            )
        story += [
            spacer(3),
            para("<b>Moyens financiers et apports</b>"),
            data_table(["Nature", "Apporté par", "Objet", "Montant"], rows, [35, 45, 60, 30], right=(3,)),
        ]
    if not engagements:
        story.append(para("Aucun moyen chiffré n'a été arrêté par le comité d'agrément."))
    if any(e["kind"] in FINANCIAL for e in engagements):
        story.append(
            para(
                "Les conditions et le calendrier de remboursement de chaque avance ou prêt figurent en "
                "annexe ; l'avance n'est versée qu'après la signature de la présente convention.",
                "note",
            )
        )
    return story


def _follow_up(data: Record, project: Record) -> list[Flowable]:
    mandatary = find(data.get("people", []), project["mandatary_id"])
    signed = iso(project.get("convention_signed_on"))
    rows = []
    for months in (*FOLLOW_UP_MONTHS, 24):
        when = long_date(add_months(signed, months)) if signed else f"{months} mois après la signature"
        label = f"Compte rendu à {months} mois" + (" (facultatif)" if months == 24 else "")
        rows.append((label, when))
    return [
        heading("Article 4 — Mandataire et suivi du projet"),
        para(
            f"Le comité d'agrément désigne comme mandataire <b>{esc(person_name(mandatary))}</b> "
            f"({esc(person_role(data, mandatary))}). Le mandataire suit le projet pendant dix-huit mois au moins à "
            "compter de la signature, informe régulièrement le comité de son avancement et le saisit si une "
            "nouvelle intervention paraît utile. L'entreprise lui donne accès aux informations nécessaires."
        ),
        KeepTogether(
            [
                para(
                    "Le suivi donne lieu aux comptes rendus suivants, qui précisent notamment les emplois créés et "
                    "maintenus :"
                ),
                key_values(rows, 55),
            ]
        ),
    ]


def cooperation_flowables(data: Record, project_id: str) -> list[Flowable]:
    project = _check(data, project_id)
    meeting = approving_meeting(data, project_id)
    company = find(data.get("companies", []), project["company_id"]) or {}
    engagements = [
        e
        for e in data.get("engagements", [])
        if e.get("project_id") == project_id and e.get("meeting_id") == meeting["id"]
    ]
    skills = [e for e in engagements if e["kind"] == "skills"]
    signers = _signatories(data, project, company, meeting, skills)
    date_text = long_date(project.get("convention_signed_on"))
    company_rows = [
        ("Raison sociale", company.get("name") or ""),
        ("SIRET", company.get("siret") or ""),
        ("Forme juridique", company.get("legal_form") or ""),
        ("Code NAF", company.get("naf") or ""),
        ("Adresse", company.get("address") or ""),
        ("Dirigeant(e)", company.get("manager") or ""),
    ]
    if company.get("created_on"):
        company_rows.insert(4, ("Date de création", long_date(company["created_on"])))
    place = f" ({esc(meeting['place'])})" if meeting.get("place") else ""
    story: list[Flowable] = [
        *title_block(TITLE, esc(programme_line(data)), f"Projet « {esc(project.get('title'))} »"),
        para(
            f"Réuni en séance le {esc(long_date(meeting.get('date')))}{place}, le comité d'agrément ALIZÉ a "
            "agréé le projet présenté ci-dessous. La présente convention précise les moyens humains et "
            "financiers que les partenaires mettent à la disposition de l'entreprise et les conditions de son "
            "accompagnement."
        ),
        heading("Article 1 — L'entreprise bénéficiaire"),
        key_values(company_rows),
        heading("Article 2 — Le projet"),
        key_values(
            [
                ("Intitulé", project.get("title") or ""),
                ("Type de projet", project_type(project)),
                ("Emplois à créer", formatting.integer(project.get("jobs_planned_created") or 0)),
                ("Emplois à maintenir", formatting.integer(project.get("jobs_planned_maintained") or 0)),
                ("Date d'agrément", long_date(meeting.get("date"))),
            ]
        ),
        *_means(data, engagements),
        *_follow_up(data, project),
        heading("Article 5 — Engagements de l'entreprise"),
        *bullets(
            [
                "mettre en œuvre le projet décrit à l'article 2 et affecter les moyens reçus à ce seul projet ;",
                "accueillir les intervenants des partenaires et faciliter leur mission ;",
                "informer sans délai le mandataire de toute difficulté ou de tout changement important ;",
                "communiquer à chaque compte rendu le nombre d'emplois créés et maintenus.",
            ]
        ),
    ]
    last_clause = [
        heading("Article 6 — Durée"),
        para(
            "La présente convention prend effet à sa signature. Elle reste en vigueur jusqu'au terme du suivi et, "
            "le cas échéant, jusqu'au remboursement complet des sommes avancées."
        ),
        para(f"Fait en {len(signers)} exemplaires originaux."),
    ]
    story += signatures(last_clause, signers, date_text=date_text)
    financial = [e for e in engagements if e["kind"] in FINANCIAL]
    annex_signers = [*signers[:2], operator_signatory(data)]
    for n, engagement in enumerate(financial, start=1):
        label = ENGAGEMENT_KIND[engagement["kind"]].lower()
        number = f" {n}" if len(financial) > 1 else ""
        title = (
            f"Annexe{number} — Conditions du {label}"
            if engagement["kind"] == "subsidised_loan"
            else f"Annexe{number} — Conditions de l'{label}"
        )
        story += [
            PageBreak(),
            *annex_flowables(data, engagement, project, meeting, title, annex_signers, date_text),
        ]
    return story


def build_cooperation(data: Record, project_id: str, out: Output) -> None:
    """Write the cooperation convention of project `project_id` (with its annexes) to `out`.

    Raises DocumentError when the project is unknown, not approved, or has no mandatary.
    """
    story = cooperation_flowables(data, project_id)
    project = find(data["projects"], project_id) or {}
    company = find(data.get("companies", []), project.get("company_id")) or {}
    write_document(
        story, out, data, title=TITLE, subject=f"{TITLE} — {company.get('name', '')} — {project.get('title', '')}"
    )
