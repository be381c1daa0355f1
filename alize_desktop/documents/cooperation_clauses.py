"""The articles of the convention de coopération et développement, as templates (see articles.py).

Every figure or name in them is a placeholder filled from the data by `cooperation.py`; the
French law they state (collective procedures, de minimis aid, default) is the program's own
wording, which the office may adapt per basin.
"""

from __future__ import annotations

from alize_desktop.documents.articles import register
from alize_desktop.documents.clauses_common import COMMON_FACTS, register_common

DOC = "cooperation"
FACTS = COMMON_FACTS | {
    "entreprise", "projet", "comite", "date_agrement", "mandataire", "date_caducite", "delai_caducite",
    "periode_convention", "taux", "liste_competences", "jours_competences", "apporteurs",
    "article_defaillance", "article_procedures", "interventions",
}

register(f"{DOC}.objet", DOC, "Objet", (
    "Réuni le {date_agrement}, le comité d'agrément a agréé le projet « {projet} » présenté par {entreprise}. "
    "La présente convention fixe les moyens humains et financiers mis à la disposition de l'entreprise "
    "bénéficiaire pour réaliser ce projet, les engagements de chacune des parties et les conditions de "
    "l'accompagnement et du suivi du projet.\n\n"
    "Les moyens sont ceux que les partenaires du programme ont promis dans la convention de partenariat "
    "{periode_convention} et que le comité d'agrément a affectés au projet : ils sont dus à l'entreprise dans "
    "les conditions de la présente convention, sans autre condition que celles qu'elle prévoit."
), FACTS)

register(f"{DOC}.mise_a_disposition", DOC, "Mise à disposition des personnels des partenaires", (
    "Les partenaires désignés à l'article précédent mettent à la disposition de l'entreprise, à titre "
    "gratuit, des membres de leur personnel pour les interventions suivantes :\n\n"
    "{liste_competences}\n\n"
    "soit {jours_competences} au total, à réaliser pendant le suivi du projet selon un calendrier convenu "
    "entre l'entreprise, le partenaire et le mandataire. Ces interventions sont valorisées pour l'évaluation "
    "du programme ; elles ne sont pas facturées à l'entreprise.\n\n"
    "Les personnes mises à disposition restent salariées de leur employeur, qui conserve sur elles son "
    "autorité hiérarchique et disciplinaire et continue de les rémunérer ; elles conseillent l'entreprise, "
    "qui reste seule maître de ses décisions. Le partenaire est tenu d'une obligation de moyens : il ne répond "
    "des dommages causés par son personnel à l'entreprise qu'en cas de faute lourde ou intentionnelle.\n\n"
    "Chaque partenaire maintient l'assurance de responsabilité civile couvrant son personnel pendant ces "
    "missions ; l'entreprise assure ses locaux et veille à la sécurité des intervenants qu'elle accueille, "
    "auxquels elle communique ses consignes. Les intervenants sont tenus à la confidentialité prévue par la "
    "présente convention, pendant et après leur mission. Sauf accord écrit, la mise à disposition n'emporte "
    "aucun transfert de droits de propriété intellectuelle ni de savoir-faire propres au partenaire."
), FACTS)

register(f"{DOC}.engagements_entreprise", DOC, "Engagements de l'entreprise bénéficiaire", (
    "{entreprise} s'engage à :\n\n"
    "- réaliser le projet décrit à la présente convention et affecter les moyens reçus à ce seul projet ;\n"
    "- accueillir les intervenants des partenaires et leur donner accès aux informations utiles à leur "
    "mission ;\n"
    "- informer sans délai le mandataire et l'opérateur local de toute difficulté, de toute modification de "
    "son capital ou de sa direction, de tout projet de cession ou de cessation d'activité et de l'ouverture de "
    "toute procédure amiable ou collective ;\n"
    "- remettre à chaque compte rendu de suivi le nombre d'emplois créés et maintenus, et chaque année ses "
    "comptes approuvés ;\n"
    "- rembourser les avances selon l'échéancier annexé ;\n"
    "- mentionner le soutien du programme ALIZÉ dans sa communication sur le projet, dans les conditions de "
    "la présente convention."
), FACTS)

register(f"{DOC}.engagements_partenaires", DOC, "Engagements des partenaires, du comité et de l'opérateur local", (
    "{interventions}\n\n"
    "Les apports financiers et en nature affectés au projet sont fournis sur les engagements pris par "
    "{apporteurs} dans la convention de partenariat {periode_convention} ; l'opérateur local les met en "
    "œuvre pour le compte du comité d'agrément.\n\n"
    "Le comité d'agrément, représenté par son président, veille à l'exécution de la présente convention, "
    "entend les comptes rendus du mandataire et décide, s'il y a lieu, de nouvelles interventions ou d'un "
    "nouveau calendrier de remboursement.\n\n"
    "{operateur}, opérateur local, tient le dossier du projet, verse les avances accordées sur le compte "
    "dédié du fonds d'avances lorsque les conditions préalables prévues par la présente convention sont remplies, en suit le "
    "remboursement et rend compte au comité d'agrément."
), FACTS)

register(f"{DOC}.conditions_versement", DOC, "Conditions préalables au versement et caducité", (
    "L'opérateur local ne verse une avance qu'après avoir reçu :\n\n"
    "- la présente convention et son annexe financière signées par toutes les parties ;\n"
    "- un extrait d'immatriculation de l'entreprise de moins de trois mois et un relevé d'identité bancaire "
    "à son nom ;\n"
    "- l'attestation relative aux aides de minimis prévue à l'article suivant ;\n"
    "- la justification des autres financements du projet, lorsque la décision du comité en fait une "
    "condition.\n\n"
    "L'avance est versée en une ou plusieurs tranches sur le compte de l'entreprise. Si ces conditions ne "
    "sont pas remplies dans un délai de {delai_caducite} après la décision du comité, soit le "
    "{date_caducite}, les moyens financiers accordés deviennent caducs, sauf prorogation décidée par le "
    "comité d'agrément avant cette date."
), FACTS)

register(f"{DOC}.de_minimis", DOC, "Aides d'État", (
    "L'avance sans intérêt et les interventions gratuites des partenaires peuvent constituer une aide au sens "
    "du règlement (UE) 2023/2831 de la Commission du 13 décembre 2023 relatif aux aides de minimis. Avant le "
    "premier versement, l'entreprise remet à l'opérateur local une attestation sur l'honneur des aides de "
    "minimis qu'elle et les entreprises qui lui sont liées ont reçues au cours des trois dernières années. Le "
    "montant total de ces aides, y compris celle accordée par la présente convention, ne peut dépasser le "
    "plafond fixé par ce règlement ; l'opérateur local indique à l'entreprise le montant de l'aide accordée."
), FACTS)

register(f"{DOC}.interets_retard", DOC, "Intérêts de retard", (
    "Les avances du fonds d'avances ALIZÉ sont consenties sans intérêt (taux de {taux}) : aucun intérêt, "
    "ni conventionnel ni de retard, ne court sur les sommes dues au titre d'une avance, y compris en cas de "
    "retard de paiement ou de déchéance du terme. Les intérêts d'un prêt bonifié, y compris de retard, sont "
    "ceux de son contrat de prêt."
), FACTS)

register(f"{DOC}.defaillance", DOC, "Défaillance et exigibilité anticipée", (
    "Constituent un manquement de l'entreprise :\n\n"
    "- le défaut de paiement d'une échéance à sa date ;\n"
    "- l'emploi des sommes reçues à une autre fin que le projet, ou une déclaration inexacte ;\n"
    "- la cession ou la mise en location-gérance du fonds, la cession du contrôle de l'entreprise, le "
    "transfert de son activité hors du bassin ou sa cessation, sans l'accord préalable du comité "
    "d'agrément.\n\n"
    "En cas de manquement, l'opérateur local met l'entreprise en demeure, par lettre recommandée avec "
    "accusé de réception, d'y remédier dans un délai de trente jours. À défaut, le comité d'agrément peut "
    "prononcer la déchéance du terme : les sommes restant dues au titre de l'avance deviennent immédiatement "
    "exigibles et les interventions non encore réalisées prennent fin. L'emploi des fonds à une autre fin "
    "que le projet ouvre en outre droit à la restitution des sommes ainsi employées."
), FACTS)

register(f"{DOC}.insolvabilite", DOC, "Procédures collectives", (
    "L'ouverture d'une procédure de sauvegarde ou de redressement judiciaire à l'égard de l'entreprise ne "
    "rend pas exigibles les sommes non échues (articles L. 622-29 et L. 631-14 du code de commerce) : "
    "l'échéancier se poursuit dans les conditions fixées par le tribunal et le plan qu'il arrête. Seul le "
    "jugement qui prononce la liquidation judiciaire rend exigibles les sommes non échues (article L. 643-1 "
    "du code de commerce).\n\n"
    "Dans tous les cas, l'opérateur local déclare la créance du fonds d'avances au mandataire judiciaire ou "
    "au liquidateur dans le délai de deux mois qui suit la publication du jugement d'ouverture au Bulletin "
    "officiel des annonces civiles et commerciales (BODACC). Aucune stipulation de la présente convention ne "
    "peut avoir pour effet de résilier celle-ci du seul fait de l'ouverture d'une procédure collective."
), FACTS)

register(f"{DOC}.duree", DOC, "Durée", (
    "La présente convention prend effet à sa signature par toutes les parties. Elle reste en vigueur jusqu'au "
    "terme du suivi du projet, dix-huit mois au moins après sa signature, et, le cas échéant, jusqu'au "
    "remboursement complet des sommes avancées. Toute modification fait l'objet d'un avenant signé par les "
    "parties."
), FACTS)

register(f"{DOC}.annexe_modalites", DOC, "Modalités de l'avance (annexe)", (
    "Les échéances sont réglées par virement sur le compte du fonds d'avances de l'opérateur local{compte}. "
    "L'entreprise peut rembourser tout ou partie de l'avance par anticipation, sans frais ni indemnité.\n\n"
    "Tout retard est signalé par l'opérateur local au comité d'agrément, qui peut convenir avec l'entreprise "
    "d'un nouveau calendrier. Les stipulations de la convention sur les intérêts de retard (article "
    "{article_interets}), la défaillance (article {article_defaillance}) et les procédures collectives (article "
    "{article_procedures}) s'appliquent à la présente annexe."
), FACTS | {"compte", "article_interets"})

register(f"{DOC}.annexe_pret", DOC, "Modalités du prêt bonifié (annexe)", (
    "Le prêt est consenti par {preteur} selon son propre contrat de prêt, qui prévaut sur le présent "
    "calendrier pour les dates, les intérêts, y compris de retard, et les garanties. {preteur_majuscule} "
    "signe la présente annexe pour confirmer les conditions du prêt et s'engage à informer le comité "
    "d'agrément de tout incident de remboursement.\n\n"
    "Les stipulations de la convention sur la défaillance (article {article_defaillance}) et les procédures "
    "collectives (article {article_procedures}) s'appliquent au prêt dans la mesure où le contrat de prêt ne "
    "les écarte pas."
), FACTS | {"preteur", "preteur_majuscule"})

register_common(DOC)
