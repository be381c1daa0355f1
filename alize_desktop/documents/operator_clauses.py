"""The articles the convention d'opérateur local adds to the operator's missions: liability,
insurance, reporting deadlines and audit rights, then the common clauses (templates, see articles.py)."""

from __future__ import annotations

from alize_desktop.documents.articles import register
from alize_desktop.documents.clauses_common import COMMON_FACTS, register_common

DOC = "operator"
FACTS = COMMON_FACTS | {"echeances_rapport", "delai_proces_verbal", "periode"}

register(f"{DOC}.responsabilite", DOC, "Responsabilité de l'opérateur local", (
    "{operateur} répond de la bonne exécution des missions que lui confie la présente convention et de la "
    "garde des fonds déposés sur les deux comptes du programme. Il est tenu d'une obligation de moyens.\n\n"
    "Il ne répond ni des décisions du comité d'agrément, qu'il prépare et exécute, ni du défaut de "
    "remboursement d'une entreprise accompagnée, sauf si ce défaut résulte d'une faute de sa part dans la "
    "gestion du fonds, notamment un versement fait sans que les conditions prévues par la convention de "
    "coopération et développement soient remplies."
), FACTS)

register(f"{DOC}.assurances", DOC, "Assurances", (
    "L'opérateur local souscrit et maintient pendant toute la durée de la convention une assurance de "
    "responsabilité civile couvrant ses missions, ses salariés et ses dirigeants, ainsi qu'une garantie "
    "couvrant les détournements et fraudes sur les fonds qu'il gère. Il en remet l'attestation {a_tete_de_reseau} "
    "à la signature puis chaque année."
), FACTS)

register(f"{DOC}.comptes_rendus", DOC, "Comptes rendus et délais", (
    "L'opérateur local adresse :\n\n"
    "- aux membres du comité d'agrément, le procès-verbal de chaque séance dans les {delai_proces_verbal} qui "
    "suivent ;\n"
    "- aux partenaires, chaque trimestre, la situation des deux comptes et du fonds d'avances ;\n"
    "- au comité local de pilotage et d'évaluation et {a_tete_de_reseau}, le rapport d'évaluation de chaque "
    "année de la convention et les données du bassin dans les trois mois qui suivent la fin de cette année, "
    "soit au plus tard {echeances_rapport} ;\n"
    "- sans délai, au comité d'agrément, toute échéance impayée depuis plus de trente jours et toute procédure "
    "collective ouverte contre une entreprise accompagnée."
), FACTS)

register(f"{DOC}.controle", DOC, "Contrôle", (
    "{tete_de_reseau}, chaque partenaire qui finance le dispositif et les organismes de contrôle des fonds "
    "publics peuvent vérifier sur pièces et sur place, après un préavis de quinze jours, l'emploi des fonds et "
    "la tenue des comptes du programme. L'opérateur local leur donne accès aux pièces justificatives, aux "
    "relevés des deux comptes et aux données du bassin. Il conserve ces pièces pendant dix ans après la "
    "clôture de l'exercice auquel elles se rapportent."
), FACTS)

register(f"{DOC}.resiliation", DOC, "Résiliation", (
    "En cas de manquement grave de l'une des parties à ses obligations, l'autre partie peut résilier la "
    "présente convention par lettre recommandée avec accusé de réception, après une mise en demeure restée "
    "sans effet pendant un mois. Les partenaires désignent alors d'un commun accord la structure qui reprend les "
    "missions de l'opérateur local ; les soldes des deux comptes, les dossiers et les créances du fonds "
    "d'avances lui sont transférés."
), FACTS)

register_common(DOC)
