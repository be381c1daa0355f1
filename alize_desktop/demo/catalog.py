"""Fixed French material of the demo basin: a fictional industrial valley, the Sorne, in the Vosges.

Places, organisations and people are invented; the generator draws among them with its seeded
random source, so only the combinations change with the seed.
"""

from __future__ import annotations

BASIN_NAME = "ALIZÉ Vallée de la Sorne"
TERRITORY = (
    "Communauté d'agglomération de Saint-Amand-sur-Sorne et communautés de communes "
    "du Haut-Val & des Côtes-de-Sorne (Vosges)"
)
PRIORITY_CRITERIA = ["industrial_change", "structural_handicaps"]

OPERATOR = {
    "name": "Sorne Initiatives Développement",
    "address": "12 rue des Forges, 88140 Saint-Amand-sur-Sorne",
    "representative": "Hélène Thiébaut",
    "email": "contact@sorne-initiatives.example",
}
# (bank name, 5-digit bank code) of the two dedicated accounts; the other digits are drawn.
ACCOUNT_BANKS = {"advances": ("Crédit Coopératif", "42559"), "operating": ("Banque Populaire", "14707")}

TOWNS = [
    ("88140", "Saint-Amand-sur-Sorne"),
    ("88142", "Hautecourt-la-Forge"),
    ("88147", "Villers-lès-Sorne"),
    ("88152", "Montaigu-les-Mines"),
    ("88155", "Rochebrune-en-Vosges"),
    ("88158", "Le Pont-Sainte-Odile"),
    ("88161", "Bréhimont"),
]
STREETS = [
    "rue de l'Industrie", "avenue de la Gare", "rue des Forges", "rue Jules-Ferry",
    "chemin du Moulin", "zone d'activités des Grands-Prés", "ZI du Pré-Chenu",
    "boulevard de la Libération", "rue du Tissage", "allée des Tanneurs", "rue de la Filature",
]

FIRST_NAMES = [
    "Hélène", "Loïc", "François", "Gaëlle", "Jérôme", "Maëlle", "Noël", "Zoé", "Benoît", "Céline",
    "Théo", "Anaïs", "Sébastien", "Élodie", "Thierry", "Nathalie", "Rémi", "Sandrine", "Aurélien",
    "Inès", "Joël", "Clémence", "Pascal", "Léa", "Hugues", "Agnès", "Mathieu", "Stéphanie", "Yann",
    "Véronique", "Cédric", "Camille", "Frédéric", "Océane", "Grégoire", "Isabelle",
]
LAST_NAMES = [
    "Perrin", "Marchal", "Colin", "Gérard", "Thiébaut", "Laurent", "Mangin", "Didier", "Humbert",
    "Claudel", "Vautrin", "Jacquot", "Mougel", "Grandjean", "Pierrat", "Villaume", "Lhuillier",
    "Parmentier", "Aubert", "Schmitt", "Müller", "Kieffer", "Da Silva", "N'Diaye", "Le Gall",
    "Ferry", "Cuny", "François", "Hoffmann", "Petitjean", "Valentin", "Barbier", "Antoine",
    "Bœuf", "Georgel", "Rémy", "Demange", "Lhôte", "Mathis", "Costa",
]

# Partners: (kind, name, active now).
# Company names include an ampersand, guillemets and an œ ligature on purpose: documents must
# print user-typed text literally.
PARTNERS = [
    ("company", "Aciéries de la Sorne", True),
    ("company", "Énergie Vallée-Est", True),
    ("company", "Verrerie Saint-Éloi & Cie", True),
    ("company", "Transports Gérardin-Hœrdt", True),
    ("company", "L'Oréade Cosmétiques", True),
    ("company", "Banque de la Vallée", True),
    ("company", "Papeteries du Haut-Val", True),
    ("company", "Plastiques techniques « Vosgeplast »", True),
    ("company", "Fromageries Réunies du Val", True),
    ("company", "Électro-Composants Sorne", True),
    ("company", "Tuileries Lambert", False),
    ("territorial_actor", "CCI territoriale de la Sorne", True),
    ("territorial_actor", "Sorne Expansion, agence de développement économique", True),
    ("territorial_actor", "Initiative Sorne (plateforme d'initiative locale)", True),
    ("territorial_actor", "Chambre de métiers et de l'artisanat des Vosges", True),
    ("local_authority", "Région Grand Est", True),
    ("local_authority", "Département des Vosges", True),
    ("local_authority", "Communauté d'agglomération Sorne-et-Vallées", True),
    ("state", "DDETS des Vosges", True),
    ("state", "Caisse des dépôts, direction régionale Grand Est", True),
    ("network_head", "ASTREES", True),
]
# Index in PARTNERS of the bank that lends the subsidised loans, and of the partner that joined
# only at the renewal (no commitment in the first convention) and the one that left at it.
BANK_PARTNER = 5
JOINED_AT_RENEWAL = 9
LEFT_AT_RENEWAL = 10

ROLES = {
    "company": ["Directeur du site", "Directrice des ressources humaines", "Responsable RSE",
                "Responsable développement territorial"],
    "territorial_actor": ["Chargé d'affaires industrie", "Directrice", "Chargée de mission"],
    "local_authority": ["Vice-président au développement économique", "Chargée de mission économie",
                        "Directeur du développement économique"],
    "state": ["Directrice adjointe", "Chargé de développement territorial"],
    "network_head": ["Chargée de mission réseau ALIZÉ"],
}

SUPPORT_SCHEMES = [
    ("Initiative Sorne : prêt d'honneur", "honour_loan"),
    ("Réseau Entreprendre Vosges", "honour_loan"),
    ("Aide régionale « Industrie du futur »", "grant"),
]

# Activities of the SMEs: (word used in names, NAF code).
ACTIVITIES = [
    ("Mécanique", "25.62B"), ("Tôlerie", "25.11Z"), ("Menuiserie", "16.23Z"),
    ("Plastiques", "22.29A"), ("Traitements de surface", "25.61Z"), ("Fonderie", "24.51Z"),
    ("Imprimerie", "18.12Z"), ("Chaudronnerie", "25.29Z"), ("Électronique", "26.11Z"),
    ("Fromagerie", "10.51C"), ("Salaisons", "10.13A"), ("Scierie", "16.10A"),
    ("Confection", "14.13Z"), ("Logiciels", "62.01Z"), ("Transports", "49.41A"),
    ("Électricité", "43.21A"), ("Maintenance industrielle", "33.12Z"), ("Ingénierie", "71.12B"),
    ("Recyclage", "38.32Z"), ("Verrerie", "23.13Z"),
]
LEGAL_FORMS = ["SAS", "SAS", "SARL", "SARL", "SASU", "EURL", "SA", "SCOP SARL"]
NAME_PATTERNS = ["{a} {f}", "{a} {f}", "{f} & Fils", "Ateliers {f}", "Ets « {f} »", "{a} de la Sorne",
                 "{f} {a}", "{a} {f} & Associés"]

PROJECT_TITLES = {
    "development": [
        "Extension de l'atelier et embauches de production",
        "Nouvelle ligne de fabrication",
        "Développement à l'export vers l'Allemagne",
        "Robotisation de la ligne d'assemblage",
        "Création d'un bureau d'études interne",
        "Diversification vers le marché ferroviaire",
    ],
    "takeover": [
        "Reprise de l'entreprise par deux salariés",
        "Reprise-transmission après départ en retraite du dirigeant",
        "Reprise du fonds de commerce et du personnel",
    ],
    "structuring": [
        "Mise en place d'un ERP et structuration des fonctions support",
        "Certification ISO 9001 et démarche qualité",
        "Structuration de la fonction commerciale",
    ],
    "creation": [
        "Création d'une unité de production",
        "Lancement d'une activité de reconditionnement",
        "Création d'un atelier de prototypage",
    ],
}
DIAGNOSTICS = [
    "Carnet de commandes en hausse ; besoin de fonds de roulement et d'un appui RH.",
    "Marché porteur ; équipe dirigeante solide mais outillage vieillissant.",
    "Projet cohérent avec la stratégie du bassin ; plan de financement à consolider.",
    "Dirigeant expérimenté ; besoin d'un appui commercial & d'un regard méthodes.",
    "Savoir-faire reconnu ; fragilité sur la trésorerie pendant la montée en charge.",
]
COMPLEMENTARY = "Diagnostic industriel complémentaire réalisé par un ingénieur méthodes d'un partenaire."
SKILLS_DESCRIPTIONS = [
    "Appui d'un responsable qualité & méthodes", "Mise à disposition d'un acheteur senior",
    "Accompagnement RH au recrutement", "Appui d'un ingénieur en maintenance",
    "Transfert de savoir-faire en automatisation", "Appui commercial à l'export",
]
PLACES = [
    "Hôtel de communauté, salle du conseil",
    "CCI territoriale de la Sorne, salle Vauban",
    "Sorne Expansion, salle « Jean Prouvé »",
    "Aciéries de la Sorne, salle de réunion de la direction",
]
FOLLOW_UP_NOTES = [
    "Visite sur site ; activité conforme au prévisionnel.",
    "Point téléphonique avec le dirigeant ; recrutements en cours.",
    "Visite sur site ; carnet de commandes > prévisions.",
    "Rencontre au comité ; difficultés de recrutement signalées.",
]
