"""Convention d'opérateur local (DOMAIN.md §7.2): ASTREES ↔ the local operator.

Same period as the partnership convention; it is also that convention's Annex 3, hence
`operator_flowables`, which the partnership builder reuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable

from alize_desktop import formatting
from alize_desktop.documents import operator_clauses as _clauses  # noqa: F401 - registers the articles
from alize_desktop.documents.blocks import (
    bullets,
    data_table,
    esc,
    heading,
    network_head_signatory,
    operator_signatory,
    para,
    signatures,
    spacer,
    tie_punctuation,
    title_block,
)
from alize_desktop.documents.clauses_common import ArticleNumbers, common_articles, common_facts
from alize_desktop.documents.engine import Output, write_document
from alize_desktop.documents.facts import (
    Record,
    add_years,
    basin_name,
    convention,
    convention_period,
    iban_groups,
    long_date,
    network_head,
    network_head_name,
    network_head_signer,
    operator,
    period_text,
    programme_line,
    settings,
)
from alize_desktop.documents.parties import operator_party, partner_party
from alize_desktop.documents.wording import nb_date, signing_place
from alize_desktop.rules.schedule import add_months

TITLE = "Convention d'opérateur local"
TO_COMPLETE = "à compléter"


def _parties(data: Record) -> list[Flowable]:
    head = network_head(data) or {"name": network_head_name(data), "kind": "network_head"}
    head_text = partner_party(data, head, network_head_signer(data), "", quality="tête du réseau ALIZÉ").markup
    return [
        para("<b>Entre les soussignés :</b>"),
        para(tie_punctuation(head_text + ", ci-après « la tête de réseau »,")),
        para("d'une part,", "note"),
        para("et"),
        para(tie_punctuation(operator_party(data).markup + ", ci-après « l'opérateur local »,")),
        para("d'autre part,", "note"),
        para("il est convenu ce qui suit."),
    ]


def _accounts_table(data: Record) -> Flowable:
    accounts = data["basin"].get("accounts") or {}
    rows = []
    for key, label, purpose in (
        (
            "advances",
            "Fonds d'avances remboursables",
            "reçoit les apports destinés aux avances et leurs remboursements ; verse les avances accordées",
        ),
        (
            "operating",
            "Compte de fonctionnement",
            "reçoit les apports destinés au fonctionnement ; règle les frais et les défraiements",
        ),
    ):
        account = accounts.get(key) or {}
        rows.append(
            [
                f"<b>{label}</b>",
                purpose,
                esc(account.get("bank")) or TO_COMPLETE,
                esc(iban_groups(account.get("iban"))) or TO_COMPLETE,
            ]
        )
    return data_table(["Compte", "Destination", "Banque", "IBAN"], rows, [40, 62, 30, 48])


def _report_deadlines(start: dt.date) -> str:
    days = [nb_date(add_months(add_years(start, k), 3) - dt.timedelta(days=1)) for k in range(1, 4)]
    return f"le {days[0]}, le {days[1]} et le {days[2]}"


def operator_flowables(data: Record, convention_id: str, *, as_annex: bool = False,
                       templates: Mapping[str, str] | None = None) -> list[Flowable]:
    """The body of the operator convention, from its title to its signature blocks."""
    conv = convention(data, convention_id)
    signers = [network_head_signatory(data), operator_signatory(data)]
    facts = {**common_facts(data, len(signers)), "periode": period_text(conv),
             "echeances_rapport": _report_deadlines(convention_period(conv)[0]),
             "delai_proces_verbal": "quinze jours"}
    numbers = ArticleNumbers(facts, templates)
    start, end = convention_period(conv)
    head = esc(network_head_name(data))
    op = esc(operator(data).get("name"))
    cap = formatting.money(settings(data).get("operator_reimbursement_cap_cents", 1_000_000))
    period = f"du {long_date(start)} au {long_date(end)}"
    title = f"Annexe 3 — {TITLE}" if as_annex else TITLE
    story: list[Flowable] = [
        *title_block(title, esc(programme_line(data)), f"Période {period}"),
        *_parties(data),
        heading("Préambule"),
        para(
            f"La convention de partenariat ALIZÉ du bassin « {esc(basin_name(data))} », conclue pour la période "
            f"{period}, confie la conduite quotidienne du programme à une structure locale reconnue pour sa "
            f"compétence technique et sa neutralité. Les partenaires ont désigné d'un commun accord {op} "
            "pour remplir ce rôle. La présente convention précise les responsabilités qui en découlent."
        ),
        numbers.title("Objet"),
        para(
            "La présente convention définit les missions confiées à l'opérateur local pour mettre en œuvre le "
            "programme ALIZÉ sur le bassin, ainsi que les engagements réciproques des parties. Elle est annexée "
            "à la convention de partenariat, dont elle constitue l'annexe 3."
        ),
        numbers.title("Durée"),
        para(
            f"La convention prend effet le {long_date(start)} et prend fin le "
            f"{long_date(end)}. Sa durée est celle de la convention de partenariat ; elle est "
            "renouvelée en même temps qu'elle."
        ),
        numbers.title("Gestion technique du dispositif"),
        para("L'opérateur local :"),
        *bullets(
            [
                "recherche et reçoit les projets des PME et PMI du bassin, en lien avec les partenaires et les "
                "dispositifs d'appui déjà présents sur le territoire ;",
                "organise l'instruction des dossiers, en appui du membre du comité d'agrément qui prescrit le projet "
                "et en établit le diagnostic préalable ;",
                "prépare les réunions du comité d'agrément (convocations, ordre du jour, dossiers), en assure le "
                "secrétariat et en rédige les procès-verbaux ;",
                "établit les conventions de coopération et développement et en organise la signature ;",
                "aide les mandataires à suivre les projets pendant au moins dix-huit mois et recueille leurs comptes "
                "rendus.",
            ]
        ),
        numbers.title("Gestion administrative"),
        para("L'opérateur local :"),
        *bullets(
            [
                "tient à jour les données du bassin : partenaires, engagements, projets, décisions et suivi ;",
                "conserve les conventions signées et les pièces justificatives ;",
                "prépare les réunions du comité local de pilotage et d'évaluation et lui présente le rapport "
                "d'évaluation ;",
                f"transmet chaque année à {head} les données et le bilan du bassin, sous la forme qu'elle définit.",
            ]
        ),
        numbers.title("Gestion financière"),
        para(
            "L'opérateur local ouvre à son nom deux comptes bancaires réservés au programme, distincts de ceux "
            "de ses autres activités :"
        ),
        _accounts_table(data),
        spacer(3),
        para("Sur ces comptes, l'opérateur local :"),
        *bullets(
            [
                "encaisse les apports financiers des partenaires selon leur destination ;",
                "verse les avances remboursables décidées par le comité d'agrément, une fois la convention de "
                "coopération et développement signée, et en suit le remboursement selon l'échéancier annexé à "
                "celle-ci ;",
                "informe sans délai le comité d'agrément de tout retard de remboursement et de toute procédure "
                "collective ouverte contre un bénéficiaire ;",
                "tient une comptabilité séparée qui justifie à tout moment l'emploi des fonds.",
            ]
        ),
        para(
            "L'opérateur local est le signataire des demandes de fonds publics ou communautaires présentées "
            "au titre du programme ; il en rend compte aux partenaires."
        ),
        numbers.title("Défraiement de l'opérateur local"),
        para(
            "L'opérateur local exerce ses missions au titre de sa contribution au programme et n'est pas "
            "rémunéré pour elles. Avec l'accord de l'ensemble des partenaires, il peut être défrayé des "
            f"dépenses qu'il engage dans la limite de <b>{esc(cap)}</b> par année civile. Ces défraiements sont "
            "réglés sur le compte de fonctionnement."
        ),
        numbers.title("Engagements de la tête de réseau"),
        para(
            f"{head} anime le réseau ALIZÉ : elle associe l'opérateur local aux rencontres d'échange entre "
            "bassins, assure la communication nationale du programme et peut, à la demande de l'opérateur "
            "local, l'appuyer lors de phases délicates (changement d'équipe, renouvellement de la convention, "
            "recherche de financements)."
        ),
        numbers.title("Transparence et évaluation"),
        para(
            "L'opérateur local présente à toute demande d'un partenaire la situation des deux comptes et du "
            "fonds d'avances. Il concourt à l'évaluation permanente du programme, dont le comité local de "
            "pilotage et d'évaluation valide les résultats a posteriori."
        ),
    ]
    for key in ("responsabilite", "assurances", "comptes_rendus", "controle"):
        story += numbers.article(f"operator.{key}")
    story += common_articles(numbers, "operator")
    story += numbers.article("operator.resiliation")
    # The last article travels with the signatures: no signature page without its text.
    last_clause = numbers.article("operator.exemplaires")
    story += signatures(last_clause, signers, place=signing_place(data), date_text=nb_date(conv.get("signed_on")))
    return story


def build_operator(data: Record, convention_id: str, out: Output, templates: Mapping[str, str] | None = None,
                   **_options: Any) -> None:
    """Write the operator convention of the partnership convention `convention_id` to `out`."""
    write_document(operator_flowables(data, convention_id, templates=templates), out, data, title=TITLE,
                   subject=f"{TITLE} — {basin_name(data)}")
