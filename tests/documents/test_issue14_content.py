"""What a lawyer reads in the deeds (issue 14, points 1 to 10), read back from the PDF text.

Minutes of a meeting not held are a marked draft; the place of signature is a commune; the
annex prints the real due dates, the tranches and the update day; the insolvency clause follows
the Code de commerce; the parties are identified; no "(s)", no internal id; every figure equals
the data.
"""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from alize_desktop.documents.budget import compute_budget
from alize_desktop.documents.wording import agree, count, de, signing_place, to, town_of

from .conftest import money, norm

DAY = dt.date(2026, 11, 26)


def _text(pages: list[str]) -> str:
    return " ".join(pages)


# --- wording helpers -------------------------------------------------------------------------


def test_french_agreement_and_elision() -> None:
    assert norm(count(1, "abstention")) == "1 abstention" and norm(count(0, "abstention")) == "0 abstention"
    assert norm(count(3, "membre présent")) == "3 membres présents"
    assert agree(2, "exemplaire original") == "exemplaires originaux"
    assert de("ASTREES") == "d'ASTREES" and de("Crédit Coopératif") == "du Crédit Coopératif"
    assert de("Région Grand Est") == "de la Région Grand Est" and de("Metz Métropole") == "de Metz Métropole"
    assert de("Hélène Thiébaut") == "d'Hélène Thiébaut" and de("Banque Populaire") == "de la Banque Populaire"
    assert to("Crédit Coopératif") == "au Crédit Coopératif" and to("ASTREES") == "à ASTREES"


def test_signing_place_is_a_commune(basin) -> None:
    assert town_of("12 rue des Forges, 88140 Saint-Amand-sur-Sorne") == "Saint-Amand-sur-Sorne"
    assert town_of("Salle « Jean Prouvé »") == ""
    assert signing_place(basin) == "Metz"
    basin["basin"]["signing_place"] = "Thionville"
    assert signing_place(basin) == "Thionville"


# --- minutes (points 1, 2, 9) ------------------------------------------------------------------


def test_minutes_of_a_future_meeting_are_a_marked_draft(basin, build) -> None:
    future = copy.deepcopy(basin["meetings"][1])
    future.update(id="m9", date="2026-12-10", present=[], excused=[], time="14:30")
    for item in future["items"]:
        item.update(decision=None, votes=None, vote_totals=None)
    basin["meetings"].append(future)
    pages = build("minutes", basin, meeting_id="m9")
    text = _text(pages)
    assert text.startswith("PROJET de procès-verbal du comité d'agrément")
    assert "PROJET — ce document n'est pas un procès-verbal : la séance du 10 décembre 2026 ne s'est pas " \
           "encore tenue (situation au 26 novembre 2026)" in text
    assert all("PROJET de procès-verbal" in page for page in pages[1:])  # the running header
    assert "Heure 14 h 30" in text and "Membres convoqués (6)" in text
    for held in ("Membres présents", "est atteint", "la séance est levée", "Point non examiné", "Signature :"):
        assert held not in text, held
    assert "Décision : à prendre en séance" in text


def test_minutes_of_a_meeting_without_decision_are_a_draft_too(basin, build) -> None:
    for item in basin["meetings"][1]["items"]:
        item.update(decision=None, votes=None, vote_totals=None)
    text = _text(build("minutes", basin, meeting_id="m2"))
    assert "aucune décision du comité n'est encore enregistrée pour cette séance" in text
    assert "la séance est levée" not in text


def test_held_minutes_wording(basin, build) -> None:
    m2 = basin["meetings"][1]
    m2["items"][0].update(vote_totals={"for": 2, "against": 0, "abstain": 1}, decision="adjourned")
    m2["items"][1].update(votes={"h1": "for", "h2": "for", "h3": "abstain"}, vote_totals=None)
    basin["engagements"].append({"id": "e9", "project_id": "pr3", "meeting_id": "m2", "kind": "subsidised_loan",
                                 "partner_id": "p9", "amount_cents": 2000000, "days": None, "description": "Prêt",
                                 "terms": {"duration_months": 24, "deferral_months": 0, "period_months": 3,
                                           "annual_rate": 0.02, "first_due_on": None}})
    basin["engagements"].append({"id": "e10", "project_id": "pr3", "meeting_id": "m2", "kind": "skills",
                                 "partner_id": "p1", "amount_cents": 150000, "days": 3, "description": "Appui",
                                 "terms": None})
    text = _text(build("minutes", basin, meeting_id="m2"))
    assert "(s)" not in text
    assert "Vote à main levée : 2 pour, 0 contre, 1 abstention." in text
    assert "Bien qu'une majorité des votants se soit prononcée pour le projet, le comité a choisi d'en " \
           "ajourner la décision" in text
    assert "Vote nominatif : 2 pour, 0 contre, 1 abstention. Membre Vote" in text
    assert f"Total des moyens ALIZÉ {money(150000)}" in text
    assert f"Prêt bonifié des banques partenaires (hors moyens ALIZÉ) {money(2000000)}" in text
    assert "Fait à Metz, le 10 mai 2024" in text and "Fait à Mairie" not in text
    assert "Lieu de la séance Mairie" in text


# --- cooperation convention (points 3, 4, 5, 7) --------------------------------------------------


def _main_and_annexes(pages: list[str]) -> tuple[str, list[str]]:
    parts = _text(pages).split("Annexe ")
    return parts[0], parts[1:]


def test_parties_clause_identifies_everyone(basin, build) -> None:
    main, _ = _main_and_annexes(build("cooperation", basin, project_id="pr1"))
    parties = main[main.index("Entre les soussignés"):main.index("Il est convenu ce qui suit")]
    assert norm("La société Dupont & Fils <SARL>, EURL, SIRET 73463288860580, dont le siège est situé "
                "Zone d'activités n°1, 57001, représentée par Anne Da Silva, en qualité de dirigeant habilité à "
                "la représenter, ci-après « l'entreprise bénéficiaire »") in parties
    assert "représenté par son président, Loïc Béranger, Directeur, Saint-Gobain <Pont>, agissant en exécution " \
           "de la décision du comité du 20 mars 2024" in parties
    assert "L'entreprise partenaire Saint-Gobain <Pont>, SIRET 95324696403740" in parties
    assert "L'entreprise partenaire Essilor & Cie" in parties and "qui met des compétences à la disposition" in parties
    # The mandatary (h3) belongs to the CCI, which lends no skills: its partner is a party too.
    assert "L'organisme CCI Moselle, représenté par Étienne Dąbrowski, Chargé d'affaires, membre du comité " \
           "d'agrément désigné comme mandataire du projet" in parties
    assert "l'opérateur local Opérateur & Co <Local>, SIRET 62198649634216, dont le siège est situé 3 rue de " \
           "l'Usine, 57000 Metz, représenté par Hélène Périer" in parties
    assert "(e)" not in parties and "(s)" not in main


def test_obligations_staff_conditions_de_minimis_and_interest(basin, build) -> None:
    main, _ = _main_and_annexes(build("cooperation", basin, project_id="pr1"))
    for clause in ("Mise à disposition des personnels des partenaires", "à titre gratuit",
                   "Saint-Gobain <Pont> : 7 jours (Appui qualité & méthodes)", "soit 12 jours au total",
                   "faute lourde ou intentionnelle", "assurance de responsabilité civile",
                   "Engagements de l'entreprise bénéficiaire", "Engagements des partenaires, du comité et de "
                   "l'opérateur local", "Conditions préalables au versement et caducité",
                   "dans un délai de 6 mois après la décision du comité, soit le 20 septembre 2024",
                   "règlement (UE) 2023/2831", "attestation sur l'honneur des aides de minimis",
                   "taux de 0 %) : aucun intérêt, ni conventionnel ni de retard",
                   "Défaillance et exigibilité anticipée", "met l'entreprise en demeure",
                   "déchéance du terme", "la cession ou la mise en location-gérance du fonds",
                   "sans autre condition que celles qu'elle prévoit"):
        assert norm(clause) in main, clause


def test_insolvency_clause_follows_the_code_de_commerce(basin, build) -> None:
    main, _ = _main_and_annexes(build("cooperation", basin, project_id="pr1"))
    clause = main[main.index("Procédures collectives"):main.index("Confidentialité")]
    assert "L'ouverture d'une procédure de sauvegarde ou de redressement judiciaire à l'égard de l'entreprise " \
           "ne rend pas exigibles les sommes non échues (articles L. 622-29 et L. 631-14 du code de commerce)" in clause
    assert "Seul le jugement qui prononce la liquidation judiciaire rend exigibles les sommes non échues " \
           "(article L. 643-1 du code de commerce)" in clause
    assert "dans le délai de deux mois qui suit la publication du jugement d'ouverture au Bulletin officiel des " \
           "annonces civiles et commerciales (BODACC)" in clause
    assert "immédiatement exigibles, dans les limites" not in main


def test_common_clauses_and_originals(basin, build) -> None:
    main, annexes = _main_and_annexes(build("cooperation", basin, project_id="pr1"))
    for clause in ("Confidentialité", "Données personnelles", "règlement (UE) 2016/679 (RGPD)", "Marque ALIZÉ®",
                   "l'accord écrit d'ASTREES", "régie par le droit français", "recherchent d'abord une solution amiable",
                   "le siège de l'opérateur local, à Metz",
                   "établie en 5 exemplaires originaux, un pour chacun des signataires",
                   "Chaque signataire paraphe chaque page"):
        assert clause in main, clause
    assert main.count("Fait à Metz, le 15 avril 2024") == 5
    advance, loan = annexes
    assert "La présente annexe est établie en 3 exemplaires originaux" in advance
    assert "ouvert auprès du Crédit Coopératif, IBAN FR73 0353 1469 1417 1430 4355 469" in advance
    # The loan annex is signed by the lending bank too.
    assert "La présente annexe est établie en 4 exemplaires originaux" in loan
    assert "Banque <Régionale> Le prêteur" in loan and loan.count("Fait à Metz") == 4


def test_annex_prints_real_dates_tranches_and_update_day(basin, build) -> None:
    _, (advance, _loan) = _main_and_annexes(build("cooperation", basin, project_id="pr1"))
    # 18 months, 6 of deferral, monthly, disbursed on 31 May 2024 then 15 July 2024.
    for fact in ("Première échéance 31 décembre 2024", "Dernière échéance 30 novembre 2025",
                 "Nombre d'échéances 12 échéances mensuelles", "Différé d'amortissement 6 mois à compter du premier versement",
                 "Durée totale 18 mois à compter du premier versement",
                 f"1 31 mai 2024 {money(2000000)} 2 15 juillet 2024 {money(500000)} Total versé {money(2500000)}",
                 f"Reste à verser : {money(500000)}", "mis à jour au 26 novembre 2026"):
        assert fact in advance, fact
    assert "l'avance n'est versée qu'après la signature" not in advance


def test_first_due_on_changes_the_printed_terms(basin, build) -> None:
    basin["engagements"][2]["terms"]["first_due_on"] = "2025-03-31"
    _, (advance, _loan) = _main_and_annexes(build("cooperation", basin, project_id="pr1"))
    assert "Première échéance 31 mars 2025" in advance and "Dernière échéance 28 février 2026" in advance
    # From the first disbursement (31 May 2024): 9 months before the first due date, less one period.
    assert "Différé d'amortissement 9 mois" in advance and "Durée totale 21 mois" in advance
    assert "dont 6 mois de différé" not in advance


def test_a_tranche_paid_before_signature_is_flagged(basin, build) -> None:
    basin["disbursements"][0]["date"] = "2024-04-01"
    _, (advance, _loan) = _main_and_annexes(build("cooperation", basin, project_id="pr1"))
    assert "À régulariser : la tranche du 1er avril 2024 a été versée avant la signature de la convention" in advance


# --- partnership and operator (points 6, 7) -------------------------------------------------------


def test_partnership_figures_come_from_the_data_once(basin, build) -> None:
    text = _text(build("partnership", basin, convention_id="conv1"))
    main = text[:text.index("Annexe 1 — Budget prévisionnel")]
    total = compute_budget(basin, "conv1").grand_total
    assert f"soit {money(total)} sur trois ans" in main
    assert money(90000000) not in main  # the national reference figure stays in the annexes
    assert "la création de 75 emplois par an" in main and "soit 225 emplois sur les trois années" in main
    assert "création ou maintien" not in main
    basin["basin"]["settings"]["jobs_target_per_year"] = 60
    other = _text(build("partnership", basin, convention_id="conv1"))
    assert "la création de 60 emplois par an" in other and "soit 180 emplois" in other and "225" not in other


def test_partnership_payments_fund_and_common_clauses(basin, build) -> None:
    main = _text(build("partnership", basin, convention_id="conv1"))
    for clause in ("Versement des engagements financiers", "dans les 3 mois qui suivent le début",
                   "au plus tard le 31 mai 2024 pour la première année, le 31 mai 2025 pour la deuxième et "
                   "le 31 mai 2026 pour la troisième",
                   "sur le compte dédié des avances : IBAN FR73 0353 1469 1417 1430 4355 469, ouvert auprès du "
                   "Crédit Coopératif",
                   "sur le compte de fonctionnement : IBAN FR93 5937 7151 2158 9417 8869 424, ouvert auprès de la "
                   "Banque Populaire",
                   "Sort du fonds d'avances en l'absence de renouvellement", "aucune nouvelle avance n'est accordée",
                   "restituées à ces partenaires au prorata de leurs dotations",
                   "le siège de l'opérateur local, à Metz", "Données personnelles", "Marque ALIZÉ®",
                   "Fait à Metz, le 20 février 2024"):
        assert clause in main, clause
    assert "(s)" not in main and "représenté(e) par" not in main


# --- agenda and evaluation (points 9, 10) -----------------------------------------------------------


def test_agenda_pack_time_previous_minutes_other_business(basin, build) -> None:
    basin["meetings"][1]["time"] = "09:00"
    pages = build("agenda", basin, meeting_id="m2", extras={"pr3": "Avance de 20 000 €"})
    text = _text(pages)
    for fact in ("Heure 9 h", "I. Approbation du procès-verbal de la séance précédente",
                 "Procès-verbal de la séance du 20 mars 2024", "II. Examen des projets", "III. Questions diverses",
                 "Membres convoqués (6)", "Moyens demandés Avance de 20 000 €", "3 emplois créés, 8 emplois maintenus"):
        assert fact in text, fact
    assert "(s)" not in text and "(e)" not in text


@pytest.mark.parametrize("day, year", [(dt.date(2026, 11, 26), "année 3 en cours"),
                                       (dt.date(2024, 6, 1), "année 1 en cours")])
def test_evaluation_names_the_convention_and_the_year_in_progress(basin, tmp_path, day, year) -> None:
    from alize_desktop.documents import build_document

    from .conftest import read_pages

    out = tmp_path / "e.pdf"
    build_document("evaluation", basin, out, convention_id="conv1", as_of=day)
    text = _text(read_pages(out))
    assert f"Convention de partenariat du 1er mars 2024 au 28 février 2027 ({year}" in text
    assert "portent sur toutes les avances accordées depuis l'origine du programme" in text
    assert "conv1" not in text and "(s)" not in text


def test_no_internal_id_and_same_bytes(basin, tmp_path) -> None:
    from alize_desktop.documents import build_document

    from .conftest import read_pages

    ids = {r["id"] for key in ("conventions", "projects", "meetings", "engagements", "companies", "people",
                               "partners", "disbursements") for r in basin[key]}
    for kind, key, ident in (("cooperation", "project_id", "pr1"), ("minutes", "meeting_id", "m2"),
                             ("partnership", "convention_id", "conv1"), ("operator", "convention_id", "conv1"),
                             ("agenda", "meeting_id", "m2"), ("evaluation", "convention_id", "conv1")):
        first, second = tmp_path / f"{kind}-1.pdf", tmp_path / f"{kind}-2.pdf"
        for out in (first, second):
            build_document(kind, basin, out, as_of=DAY, **{key: ident})
        assert first.read_bytes() == second.read_bytes(), kind
        words = set(_text(read_pages(first)).replace(",", " ").replace(".", " ").split())
        assert not ids & words, (kind, ids & words)


def test_the_office_wording_replaces_an_article(basin, build) -> None:
    from alize_desktop.documents.articles import ARTICLES

    templates = {"cooperation.objet": "Texte du bureau pour {entreprise}, article {article_defaillance}.",
                 "cooperation.insolvabilite": "Clause {inconnue}"}  # refused: the program's own text prints
    main, _ = _main_and_annexes(build("cooperation", basin, project_id="pr1", templates=templates))
    assert "Article 1 — Objet Texte du bureau pour Dupont & Fils <SARL>, article ……." in main
    assert "L. 643-1" in main and "Clause" not in main
    import alize_desktop.documents.operator  # noqa: F401 - the modules register their articles
    import alize_desktop.documents.partnership  # noqa: F401

    for key in ("cooperation.objet", "cooperation.insolvabilite", "cooperation.defaillance", "partnership.objectifs",
                "partnership.versements", "partnership.fonds_a_terme", "operator.controle", "operator.litiges"):
        assert key in ARTICLES, key
