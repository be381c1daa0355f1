"""Convention de partenariat (DOMAIN.md §7.1) with its three annexes.

Annex 2 (the programme's specification) is either a PDF the operator attaches or, without
one, a page saying where to find it. An attached PDF is inserted after the Annex 2 cover page
and its pages are counted in the "Page x / y" numbering of our own pages (see engine.py);
its own pages are left as they are.
"""

from __future__ import annotations

import os
from string import Template

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from alize_desktop import formatting
from alize_desktop.documents.blocks import (
    Signatory,
    bullets,
    esc,
    heading,
    lead_in,
    network_head_signatory,
    operator_signatory,
    para,
    party_markup,
    plain,
    signatures,
    subheading,
    title_block,
)
from alize_desktop.documents.budget import annex1_flowables, commitments_table, convention_partners
from alize_desktop.documents.engine import InsertionMark, Output, PagePlan, read_attachment, write_document
from alize_desktop.documents.facts import (
    CRITERIA,
    KIND_GROUP,
    KIND_PARTY,
    PARTNER_KINDS,
    Record,
    basin_name,
    convention,
    convention_period,
    long_date,
    network_head,
    network_head_name,
    network_head_signer,
    person_name,
    programme_line,
    representative,
    settings,
)
from alize_desktop.documents.operator import operator_flowables, operator_party
from alize_desktop.resources_path import resource_path

TITLE = "Convention de partenariat"


def _partner_line(data: Record, partner: Record) -> str:
    person = representative(data, partner["id"])
    return party_markup(partner["name"], siret=partner.get("siret"), address=partner.get("address"),
                        signer=person_name(person), role=(person or {}).get("role")) + " ;"


def _parties(data: Record, partners: list[Record]) -> list[Flowable]:
    story: list[Flowable] = [para("<b>Entre les soussignés :</b>")]
    for kind in PARTNER_KINDS[:-1]:  # the network head is named last, in its own role
        members = [p for p in partners if p["kind"] == kind]
        if members:
            story.append(subheading(KIND_GROUP[kind]))
            story += bullets(_partner_line(data, p) for p in members)
    story += [subheading("L'opérateur local"), *bullets([operator_party(data) + " ;"])]
    head = network_head(data)
    signer = network_head_signer(data)
    head_line = party_markup(network_head_name(data), quality="tête du réseau ALIZÉ", address=(head or {}).get("address"),
                             signer=person_name(signer), role=(signer or {}).get("role"))
    # The closing words of the parties never open a page on their own.
    story.append(KeepTogether([
        subheading("La tête de réseau"),
        *bullets([head_line + "."]),
        para("ci-après ensemble dénommés « les parties », il est convenu ce qui suit."),
    ]))
    return story


def _objectives(data: Record, conv: Record) -> list[Flowable]:
    st = settings(data)
    jobs = int(st.get("jobs_target_per_year", 75))
    story: list[Flowable] = [
        heading("Article 2 — Objectifs quantitatifs"),
        para("Les parties se fixent, pour la durée de la convention, les objectifs suivants :"),
        *bullets(
            [
                f"la création ou le maintien de <b>{jobs} emplois par an</b> dans les entreprises accompagnées, soit "
                f"<b>{jobs * 3} emplois</b> sur les trois ans ;",
                f"l'examen d'environ {int(st.get('examined_target_per_year', 15))} projets et l'approbation d'environ "
                f"{int(st.get('approved_target_per_year', 12))} projets par an par le comité d'agrément ;",
                f"la réunion de moyens de l'ordre de {esc(formatting.money(int(st.get('budget_target_cents', 90_000_000))))} "
                "sur trois ans, selon le budget prévisionnel de l'annexe 1.",
            ]
        ),
        para("Ces objectifs s'apprécient au regard de la densité et du dynamisme du tissu économique local."),
        heading("Article 3 — Objectifs spécifiques du bassin"),
    ]
    story.append(plain(conv.get("specific_objectives") or "Aucun objectif spécifique n'a été arrêté."))
    story += [
        heading("Article 4 — Articulation avec le marché local du travail"),
        para(
            "Les parties veillent à ce que les emplois créés profitent aussi aux personnes qui en sont le plus "
            "éloignées, en lien avec les structures d'insertion, les dispositifs d'alternance entre entreprises "
            "et les priorités du service public de l'emploi. Elles retiennent pour le bassin les modalités "
            "suivantes :"
        ),
        plain(conv.get("labour_market") or "Modalités à préciser par avenant."),
    ]
    return story


def _governance(data: Record, start_end: tuple[str, str]) -> list[Flowable]:
    operator = esc((data["basin"].get("operator") or {}).get("name"))
    head = esc(network_head_name(data))
    start, end = start_end
    return [
        heading("Article 6 — Organes du dispositif"),
        *bullets(
            [
                "<b>Le comité d'agrément</b>, composé de représentants des parties, examine les projets, décide des "
                "moyens humains et financiers qui leur sont accordés et en suit la réalisation. Il est présidé par le "
                "représentant en activité d'une entreprise partenaire. Chaque projet approuvé est suivi par un "
                "mandataire, membre du comité, pendant dix-huit mois au moins.",
                "<b>Le comité local de pilotage et d'évaluation</b>, présidé par le préfet ou son représentant, ou "
                "avec son accord par une collectivité territoriale, valide a posteriori les actions et les résultats "
                "du comité d'agrément.",
                f"<b>L'opérateur local</b>, {operator}, assure la gestion technique, administrative et financière du "
                "dispositif dans les conditions de la convention d'opérateur local (annexe 3).",
                f"<b>{head}</b>, tête du réseau ALIZÉ, anime les échanges entre bassins et reçoit chaque année les "
                "données du bassin.",
            ]
        ),
        heading("Article 7 — Durée"),
        para(
            f"La présente convention est conclue pour trois ans, du {start} au {end}. Les parties se rencontrent "
            "au cours de la troisième année pour préparer son renouvellement."
        ),
        heading("Article 8 — Suivi et évaluation"),
        para(
            "L'opérateur local tient les parties informées de l'état des projets et des fonds. Un rapport "
            "d'évaluation annuel présente les emplois créés et maintenus, les moyens engagés par catégorie de "
            "partenaires au regard du profil de référence et la situation du fonds d'avances ; il est soumis au "
            "comité local de pilotage et d'évaluation."
        ),
        heading("Article 9 — Annexes"),
        para("Sont annexés à la présente convention et en font partie intégrante :"),
        *bullets(
            [
                "annexe 1 : le budget prévisionnel triennal ;",
                "annexe 2 : le cahier des charges du programme ALIZÉ ;",
                "annexe 3 : la convention d'opérateur local.",
            ]
        ),
    ]


def _annex2(data: Record, plan: PagePlan | None) -> list[Flowable]:
    story: list[Flowable] = title_block("Annexe 2 — Cahier des charges", "du programme ALIZÉ")
    if plan is not None:
        pages = plan.inserted_pages
        story += [
            para(
                f"Le cahier des charges du programme ALIZÉ est reproduit dans les {pages} pages qui suivent "
                "celle-ci."
                if pages > 1
                else "Le cahier des charges du programme ALIZÉ est reproduit à la page qui suit celle-ci."
            ),
            InsertionMark(plan),
        ]
        return story
    st = settings(data)
    jobs = int(st.get("jobs_target_per_year", 75))
    values = {
        "jobs_year": str(jobs),
        "jobs_total": str(jobs * 3),
        "budget": formatting.money(int(st.get("budget_target_cents", 90_000_000))),
        "network_head": network_head_name(data),
    }
    raw = resource_path("texts", "annexe2-cahier-des-charges.txt").read_text(encoding="utf-8")
    lines = [line for line in raw.splitlines() if not line.startswith("#")]
    text = Template("\n".join(lines)).safe_substitute(values)
    for block in (b.strip() for b in text.split("\n\n")):
        if not block:
            continue
        if block.startswith("- "):
            story += bullets(esc(item[2:].strip()) for item in block.splitlines())
        else:
            story.append(plain(" ".join(block.splitlines())))
    return story


def partnership_flowables(data: Record, convention_id: str, plan: PagePlan | None = None) -> list[Flowable]:
    conv = convention(data, convention_id)
    start, end = (long_date(d) for d in convention_period(conv))
    partners = convention_partners(data, convention_id)
    signing = [p for p in partners if p["kind"] != "network_head"]
    basin = data.get("basin", {})
    criteria = [CRITERIA[c] for c in basin.get("priority_criteria", []) if c in CRITERIA]
    story: list[Flowable] = [
        *title_block(TITLE, esc(programme_line(data)), f"Période du {start} au {end}"),
        *_parties(data, partners),
        heading("Préambule"),
        para(
            "Le programme ALIZÉ réunit les grandes entreprises d'un territoire, les collectivités, l'État et les "
            "acteurs du développement local pour soutenir les projets créateurs d'emplois des PME et PMI "
            "existantes, en leur apportant des compétences et des moyens financiers, en complément des "
            f"dispositifs déjà présents. Le territoire retenu est le suivant : {esc(basin.get('territory'))}."
        ),
    ]
    if criteria:
        story.append(para(f"Il relève des priorités du programme en tant que {esc(' et '.join(criteria))}."))
    story += [
        heading("Article 1 — Objet"),
        para(
            "La présente convention institue le programme ALIZÉ sur le bassin. Elle fixe les objectifs que se "
            "donnent les parties et les moyens humains et financiers que chacune met à la disposition des PME "
            "du territoire."
        ),
        *_objectives(data, conv),
        *lead_in(
            [
                heading("Article 5 — Engagements des partenaires"),
                para(
                    "Chaque partenaire s'engage, pour chaque année de la convention, sur les moyens ci-dessous. "
                    "Les compétences et les apports en nature sont valorisés en euros ; le détail par année "
                    "figure à l'annexe 1."
                ),
            ],
            commitments_table(data, convention_id),
        ),
        *_governance(data, (start, end)),
    ]
    signers = [
        Signatory(p["name"], person_name(r), (r or {}).get("role", ""), KIND_PARTY[p["kind"]])
        for p in signing
        for r in [representative(data, p["id"])]
    ]
    signers += [operator_signatory(data), network_head_signatory(data)]
    last_clause = [
        heading("Article 10 — Modification et résiliation"),
        para(
            "Toute modification de la présente convention fait l'objet d'un avenant signé par les parties. Un "
            "partenaire peut se retirer à la fin d'une année de la convention en prévenant les autres parties "
            "trois mois à l'avance ; les engagements souscrits pour les projets déjà approuvés restent dus."
        ),
        para(f"Fait en {len(signers)} exemplaires originaux, un pour chaque partie."),
    ]
    story += signatures(last_clause, signers, date_text=long_date(conv.get("signed_on")))
    story += [
        PageBreak(),
        *annex1_flowables(data, convention_id),
        PageBreak(),
        *_annex2(data, plan),
        PageBreak(),
    ]
    story += operator_flowables(data, convention_id, as_annex=True)
    return story


def build_partnership(
    data: Record, convention_id: str, out: Output, annex2_pdf: str | os.PathLike[str] | None = None
) -> None:
    """Write the partnership convention `convention_id`, with its annexes, to `out`.

    `annex2_pdf`: the programme's specification as a PDF, inserted as Annex 2.
    """
    plan = None
    if annex2_pdf is not None:
        plan = PagePlan(inserted_pages=len(read_attachment(annex2_pdf).pages))
    write_document(partnership_flowables(data, convention_id, plan), out, data, title=TITLE,
                   subject=f"{TITLE} — {basin_name(data)}", attach=annex2_pdf, plan=plan)
