"""The articles of the convention de partenariat, as templates (see articles.py).

Every figure is a placeholder taken from the data or the basin settings, printed once: the jobs
target (creations, as the evaluation counts them), the means total of Annex 1, the payment
deadlines and the accounts.
"""

from __future__ import annotations

from alize_desktop.documents.articles import register
from alize_desktop.documents.clauses_common import COMMON_FACTS, register_common

DOC = "partnership"
FACTS = COMMON_FACTS | {
    "territoire", "periode", "debut", "fin", "emplois_par_an", "emplois_total", "projets_examines",
    "projets_agrees", "total_moyens", "compte_avances", "compte_fonctionnement", "echeances_versement",
    "delai_versement", "plafond_defraiement",
}

register(f"{DOC}.objet", DOC, "Objet", (
    "La présente convention institue le programme ALIZÉ sur le bassin ({territoire}) pour la période {periode}. "
    "Elle fixe les objectifs que se donnent les parties et les moyens humains et financiers que chacune met à "
    "la disposition des PME et PMI du territoire, en complément des dispositifs d'appui déjà présents."
), FACTS)

register(f"{DOC}.objectifs", DOC, "Objectifs quantitatifs", (
    "Les parties se fixent, pour la durée de la convention, les objectifs suivants :\n\n"
    "- la création de {emplois_par_an} par an dans les entreprises accompagnées, soit {emplois_total} sur les "
    "trois années de la convention ; les emplois maintenus grâce aux projets sont suivis et présentés à part ;\n"
    "- l'examen d'environ {projets_examines} et l'agrément d'environ {projets_agrees} par an par le comité "
    "d'agrément ;\n"
    "- la mobilisation des moyens inscrits au budget prévisionnel de l'annexe 1, soit {total_moyens} sur trois "
    "ans.\n\n"
    "Ces objectifs s'apprécient au regard de la densité et du dynamisme du tissu économique local."
), FACTS)

register(f"{DOC}.articulation", DOC, "Articulation avec le marché local du travail", (
    "Les parties veillent à ce que les emplois créés profitent aussi aux personnes qui en sont le plus "
    "éloignées, en lien avec les structures d'insertion, les dispositifs d'alternance entre entreprises et les "
    "priorités du service public de l'emploi. Elles retiennent pour le bassin les modalités suivantes :"
), FACTS)

register(f"{DOC}.engagements", DOC, "Engagements des partenaires", (
    "Chaque partenaire s'engage, pour chaque année de la convention, sur les moyens ci-dessous. Les compétences "
    "et les apports en nature sont valorisés en euros ; le détail par année figure à l'annexe 1."
), FACTS)

register(f"{DOC}.versements", DOC, "Versement des engagements financiers", (
    "Chaque partenaire verse son engagement financier d'une année dans les {delai_versement} qui suivent le "
    "début de cette année de la convention, soit au plus tard {echeances_versement}.\n\n"
    "Les versements sont faits par virement au nom de l'opérateur local, selon la destination de "
    "l'engagement :\n\n"
    "- les dotations au fonds d'avances remboursables, sur le compte dédié des avances : {compte_avances} ;\n"
    "- les contributions au fonctionnement du dispositif, sur le compte de fonctionnement : "
    "{compte_fonctionnement}.\n\n"
    "Les compétences sont mises à disposition à la demande du comité d'agrément, projet par projet, dans les "
    "conditions de la convention de coopération et développement de chaque projet ; les apports en nature "
    "sont fournis dans les mêmes conditions. L'opérateur local accuse réception de chaque versement et en rend "
    "compte aux parties."
), FACTS)

register(f"{DOC}.organes", DOC, "Organes du dispositif", (
    "- Le comité d'agrément, composé de représentants des parties, examine les projets, décide des moyens "
    "humains et financiers qui leur sont accordés et en suit la réalisation. Il est présidé par le représentant "
    "en activité d'une entreprise partenaire. Chaque projet agréé est suivi par un mandataire, membre du "
    "comité, pendant dix-huit mois au moins.\n"
    "- Le comité local de pilotage et d'évaluation, présidé par le préfet ou son représentant, ou avec son "
    "accord par une collectivité territoriale, valide a posteriori les actions et les résultats du comité "
    "d'agrément.\n"
    "- L'opérateur local, {operateur}, assure la gestion technique, administrative et financière du dispositif "
    "dans les conditions de la convention d'opérateur local (annexe 3) ; il peut être défrayé dans la limite "
    "de {plafond_defraiement} par année civile.\n"
    "- {tete_de_reseau}, tête du réseau ALIZÉ, anime les échanges entre bassins et reçoit chaque année les "
    "données du bassin."
), FACTS)

register(f"{DOC}.duree", DOC, "Durée et renouvellement", (
    "La présente convention est conclue pour trois ans, du {debut} au {fin}. Les parties se réunissent au cours "
    "de la troisième année pour préparer son renouvellement, au vu du rapport d'évaluation."
), FACTS)

register(f"{DOC}.fonds_a_terme", DOC, "Sort du fonds d'avances en l'absence de renouvellement", (
    "Si la convention n'est pas renouvelée à son terme, aucune nouvelle avance n'est accordée. L'opérateur "
    "local continue de gérer le fonds d'avances jusqu'au remboursement ou à la clôture des avances en cours et "
    "rend compte chaque année aux parties.\n\n"
    "Les sommes disponibles sur le compte des avances, et celles qui y sont remboursées ensuite, sont affectées "
    "par décision des partenaires qui ont doté le fonds, prise sur avis du comité local de pilotage et "
    "d'évaluation : à un programme ALIZÉ qui succède à celui-ci sur le bassin, à un dispositif local de même "
    "objet, ou, à défaut, restituées à ces partenaires au prorata de leurs dotations. Le solde du compte de "
    "fonctionnement suit la même règle après paiement des frais engagés."
), FACTS)

register(f"{DOC}.suivi", DOC, "Suivi et évaluation", (
    "L'opérateur local tient les parties informées de l'état des projets et des fonds. Un rapport d'évaluation "
    "annuel présente les emplois créés et maintenus, les moyens engagés par catégorie de partenaires au regard "
    "du profil de référence et la situation du fonds d'avances ; il est soumis au comité local de pilotage et "
    "d'évaluation et transmis {a_tete_de_reseau}."
), FACTS)

register(f"{DOC}.annexes", DOC, "Annexes", (
    "Sont annexés à la présente convention et en font partie intégrante :\n\n"
    "- annexe 1 : le budget prévisionnel triennal ;\n"
    "- annexe 2 : le cahier des charges du programme ALIZÉ ;\n"
    "- annexe 3 : la convention d'opérateur local."
), FACTS)

register(f"{DOC}.modification", DOC, "Modification et retrait", (
    "Toute modification de la présente convention fait l'objet d'un avenant signé par les parties. Un "
    "partenaire peut se retirer à la fin d'une année de la convention en prévenant les autres parties trois "
    "mois à l'avance par lettre recommandée avec accusé de réception ; les engagements qu'il a souscrits pour "
    "les projets déjà agréés restent dus."
), FACTS)

register_common(DOC)
