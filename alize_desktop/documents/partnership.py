"""Convention de partenariat (DOMAIN.md §7.1) with its three annexes.

Annex 2 (the programme's specification) is either a PDF the operator attaches or, without
one, a page saying where to find it. An attached PDF is inserted after the Annex 2 cover page
and its pages are counted in the "Page x / y" numbering of our own pages (see engine.py);
its own pages are left as they are.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from string import Template
from typing import Any

from reportlab.platypus import Flowable, KeepTogether, PageBreak

from alize_desktop import formatting
from alize_desktop.documents import partnership_clauses as _clauses  # noqa: F401 - registers the articles
from alize_desktop.documents.blocks import (
    Signatory,
    bullets,
    esc,
    heading,
    lead_in,
    network_head_signatory,
    operator_signatory,
    para,
    plain,
    signatures,
    subheading,
    tie_punctuation,
    title_block,
)
from alize_desktop.documents.budget import (
    annex1_flowables,
    commitments_table,
    compute_budget,
    convention_partners,
)
from alize_desktop.documents.clauses_common import ArticleNumbers, common_articles, common_facts
from alize_desktop.documents.engine import InsertionMark, Output, PagePlan, read_attachment, write_document
from alize_desktop.documents.facts import (
    CRITERIA,
    KIND_GROUP,
    KIND_PARTY,
    PARTNER_KINDS,
    Record,
    add_years,
    basin_name,
    convention,
    convention_period,
    iban_groups,
    network_head,
    network_head_name,
    network_head_signer,
    period_text,
    person_name,
    programme_line,
    representative,
    settings,
)
from alize_desktop.documents.operator import operator_flowables
from alize_desktop.documents.parties import operator_party, partner_party
from alize_desktop.documents.wording import NBSP, count, de, nb_date, signing_place
from alize_desktop.resources_path import resource_path
from alize_desktop.rules.schedule import add_months

PAYMENT_MONTHS = 3  # a year's money commitment is paid within this many months of the year's start

TITLE = "Convention de partenariat"


KIND_ALIAS = {"company": "entreprise partenaire", "territorial_actor": "acteur territorial",
              "local_authority": "collectivité partenaire", "state": "partenaire public"}


def _parties(data: Record, partners: list[Record]) -> list[Flowable]:
    story: list[Flowable] = [para("<b>Entre les soussignés :</b>")]
    for kind in PARTNER_KINDS[:-1]:  # the network head is named last, in its own role
        members = [p for p in partners if p["kind"] == kind]
        if members:
            story.append(subheading(KIND_GROUP[kind]))
            story += bullets(tie_punctuation(partner_party(data, p, representative(data, p["id"]), "").markup + " ;")
                             for p in members)
    story += [subheading("L'opérateur local"),
              *bullets([tie_punctuation(operator_party(data).markup + ", ci-après « l'opérateur local » ;")])]
    head = network_head(data) or {"name": network_head_name(data), "kind": "network_head"}
    head_line = partner_party(data, head, network_head_signer(data), "", quality="tête du réseau ALIZÉ").markup
    # The closing words of the parties never open a page on their own.
    story.append(KeepTogether([
        subheading("La tête de réseau"),
        *bullets([tie_punctuation(head_line + ", ci-après « la tête de réseau »,")]),
        para(tie_punctuation("ci-après ensemble dénommés « les parties », il est convenu ce qui suit.")),
    ]))
    return story


def _account(data: Record, key: str) -> str:
    account = (data["basin"].get("accounts") or {}).get(key) or {}
    iban = iban_groups(account.get("iban")).replace(" ", NBSP)
    if not iban:
        return "compte à ouvrir par l'opérateur local (IBAN à compléter)"
    bank = account.get("bank")
    return f"IBAN {iban}" + (f", ouvert auprès {de(bank)}" if bank else "")


def _facts(data: Record, conv: Record, convention_id: str, signers: int) -> dict[str, str]:
    st = settings(data)
    start, end = convention_period(conv)
    jobs = int(st.get("jobs_target_per_year", 75))
    delay = int(st.get("payment_months") or PAYMENT_MONTHS)
    deadlines = [nb_date(add_months(add_years(start, k), delay) - dt.timedelta(days=1)) for k in range(3)]
    return {
        **common_facts(data, signers),
        "territoire": str(data.get("basin", {}).get("territory") or basin_name(data)),
        "periode": period_text(conv),
        "debut": nb_date(start),
        "fin": nb_date(end),
        "emplois_par_an": count(jobs, "emploi"),
        "emplois_total": count(jobs * 3, "emploi"),
        "projets_examines": count(int(st.get("examined_target_per_year", 15)), "projet"),
        "projets_agrees": count(int(st.get("approved_target_per_year", 12)), "projet"),
        "total_moyens": formatting.money(compute_budget(data, convention_id).grand_total),
        "compte_avances": _account(data, "advances"),
        "compte_fonctionnement": _account(data, "operating"),
        "delai_versement": count(delay, "mois"),
        "echeances_versement": f"le {deadlines[0]} pour la première année, le {deadlines[1]} pour la deuxième et "
                               f"le {deadlines[2]} pour la troisième",
        "plafond_defraiement": formatting.money(int(st.get("operator_reimbursement_cap_cents", 1_000_000))),
    }


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
    # The shipped text writes "auprès de $network_head": elide it as French does ("auprès d'ASTREES").
    text = text.replace(f"de {values['network_head']}", de(values["network_head"]))
    for block in (b.strip() for b in text.split("\n\n")):
        if not block:
            continue
        if block.startswith("- "):
            story += bullets(esc(item[2:].strip()) for item in block.splitlines())
        else:
            story.append(plain(" ".join(block.splitlines())))
    return story


def partnership_flowables(data: Record, convention_id: str, plan: PagePlan | None = None,
                          templates: Mapping[str, str] | None = None) -> list[Flowable]:
    conv = convention(data, convention_id)
    start, end = (nb_date(d) for d in convention_period(conv))
    partners = convention_partners(data, convention_id)
    signing = [p for p in partners if p["kind"] != "network_head"]
    signers = [
        Signatory(p["name"], person_name(r), (r or {}).get("role", ""), KIND_PARTY[p["kind"]])
        for p in signing
        for r in [representative(data, p["id"])]
    ]
    signers += [operator_signatory(data), network_head_signatory(data)]
    numbers = ArticleNumbers(_facts(data, conv, convention_id, len(signers)), templates)
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
    story += [*numbers.article("partnership.objet"), *numbers.article("partnership.objectifs"),
              numbers.title("Objectifs spécifiques du bassin"),
              plain(conv.get("specific_objectives") or "Aucun objectif spécifique n'a été arrêté."),
              *numbers.article("partnership.articulation"),
              plain(conv.get("labour_market") or "Modalités à préciser par avenant.")]
    engagements_intro = numbers.article("partnership.engagements")
    story += [*lead_in(engagements_intro, commitments_table(data, convention_id))]
    for key in ("versements", "organes", "duree", "fonds_a_terme", "suivi"):
        story += numbers.article(f"partnership.{key}")
    story += common_articles(numbers, "partnership")
    story += numbers.article("partnership.annexes")
    story += numbers.article("partnership.modification")
    last_clause = numbers.article("partnership.exemplaires")
    story += signatures(last_clause, signers, place=signing_place(data), date_text=nb_date(conv.get("signed_on")))
    story += [
        PageBreak(),
        *annex1_flowables(data, convention_id),
        PageBreak(),
        *_annex2(data, plan),
        PageBreak(),
    ]
    story += operator_flowables(data, convention_id, as_annex=True, templates=templates)
    return story


def build_partnership(
    data: Record, convention_id: str, out: Output, annex2_pdf: str | os.PathLike[str] | None = None,
    templates: Mapping[str, str] | None = None, **_options: Any,
) -> None:
    """Write the partnership convention `convention_id`, with its annexes, to `out`.

    `annex2_pdf`: the programme's specification as a PDF, inserted as Annex 2.
    """
    plan = None
    if annex2_pdf is not None:
        plan = PagePlan(inserted_pages=len(read_attachment(annex2_pdf).pages))
    write_document(partnership_flowables(data, convention_id, plan, templates), out, data, title=TITLE,
                   subject=f"{TITLE} — {basin_name(data)}", attach=annex2_pdf, plan=plan)
