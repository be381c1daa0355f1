"""Articles as templates, and the clauses every deed of the programme carries.

An article's text is plain French (no markup): paragraphs are separated by a blank line, a
paragraph whose lines all start with "- " is a dashed list. `ArticleNumbers` prints registered
articles one after the other, numbered, from the office's wording when it has one
(`articles.article_text`).

The common clauses (amicable settlement then the competent court, applicable law,
confidentiality, personal data, the ALIZÉ® mark, originals and initials) are registered once per
document with `register_common(document)`; their facts come from `common_facts`.
"""

from __future__ import annotations

from collections.abc import Mapping

from reportlab.platypus import Flowable

from alize_desktop.documents.articles import ARTICLES, article_text, register
from alize_desktop.documents.blocks import bullets, esc, heading, plain
from alize_desktop.documents.facts import Record, network_head_name, operator
from alize_desktop.documents.wording import agree, count, de, operator_town, the, to

Templates = Mapping[str, str] | None


def text_flowables(text: str) -> list[Flowable]:
    """Plain article text → paragraphs and dashed lists (user values inside are printed literally)."""
    story: list[Flowable] = []
    for block in (b.strip() for b in text.split("\n\n")):
        if not block:
            continue
        lines = block.splitlines()
        if all(line.lstrip().startswith("- ") for line in lines):
            story += bullets(esc(line.lstrip()[2:].strip()) for line in lines)
        else:
            story.append(plain(" ".join(line.strip() for line in lines)))
    return story


class ArticleNumbers:
    """Numbers the articles of one deed as they are printed ("Article 1 — Objet", …)."""

    def __init__(self, facts: Mapping[str, str], templates: Templates, start: int = 1) -> None:
        self.facts = dict(facts)
        self.templates = templates
        self.number = start - 1

    def title(self, title: str) -> Flowable:
        """A numbered heading for an article whose body is not a template (a table, a list of parties)."""
        self.number += 1
        return heading(f"Article {self.number} — {title}")

    def article(self, key: str, **more: str) -> list[Flowable]:
        """The registered article `key`, numbered, with the facts (and `more` facts) put in."""
        facts = {**self.facts, **more}
        return [self.title(ARTICLES[key].title), *article_body(key, facts, self.templates)]


# A placeholder the office may use but this print has no value for (an article number in a deed
# without that article…) prints as a blank to fill in, never as an error.
MISSING = "……"


def article_body(key: str, facts: Mapping[str, str], templates: Templates) -> list[Flowable]:
    """An article's text without a heading (a clause inside a numbered section)."""
    complete = {name: MISSING for name in ARTICLES[key].placeholders} | dict(facts)
    return text_flowables(article_text(key, complete, templates))


COMMON_FACTS = {"operateur", "de_operateur", "ville_siege", "tete_de_reseau", "de_tete_de_reseau",
                "a_tete_de_reseau", "nombre_exemplaires", "exemplaires", "signataires", "document", "pages"}

_CONFIDENTIALITE = (
    "Les parties tiennent pour confidentielles les informations sur les entreprises accompagnées, leurs "
    "projets, leurs comptes et leurs savoir-faire dont elles ont connaissance au titre du programme. Elles ne "
    "les communiquent qu'aux personnes qui en ont besoin pour l'exécution de {document} et qui sont tenues à la "
    "même discrétion. Cette obligation dure pendant l'exécution de {document} et les cinq années qui suivent "
    "son terme ; elle ne s'applique pas aux informations publiques ni à celles dont la loi impose la "
    "communication."
)
_DONNEES = (
    "{operateur} traite les données personnelles nécessaires à la gestion du programme (coordonnées des "
    "représentants des parties et des dirigeants des entreprises accompagnées, décisions, suivi des projets), "
    "en qualité de responsable de traitement, sur le fondement de l'exécution de {document} et de l'intérêt "
    "légitime des parties à évaluer le programme, conformément au règlement (UE) 2016/679 (RGPD) et à la loi "
    "n° 78-17 du 6 janvier 1978.\n\n"
    "Ces données ne sont communiquées qu'aux membres du comité d'agrément, aux parties et {a_tete_de_reseau}, "
    "tête du réseau, pour l'évaluation du programme ; elles sont conservées pendant la durée du programme "
    "puis cinq ans. Toute personne concernée peut exercer ses droits d'accès, de rectification, d'effacement, "
    "de limitation et d'opposition auprès {de_operateur}, et saisir la Commission nationale de "
    "l'informatique et des libertés (CNIL)."
)
_MARQUE = (
    "La dénomination et le logo ALIZÉ® sont utilisés par les parties pour les seules actions du programme, "
    "dans les conditions définies par {tete_de_reseau}, tête du réseau ALIZÉ. Toute autre utilisation, et "
    "toute utilisation après le terme de {document}, demande l'accord écrit {de_tete_de_reseau}."
)
_LITIGES = (
    "{document_majuscule} est régie par le droit français.\n\n"
    "En cas de difficulté sur son interprétation ou son exécution, les parties recherchent d'abord une "
    "solution amiable : la partie la plus diligente saisit les autres par écrit et les parties se réunissent "
    "dans le mois qui suit. À défaut d'accord dans les deux mois de cette saisine, le litige est porté devant "
    "le tribunal compétent dans le ressort duquel est situé le siège de l'opérateur local, à {ville_siege}."
)
_EXEMPLAIRES = (
    "{document_majuscule} est établie en {exemplaires}, un pour chacun des {signataires}. Chaque signataire "
    "paraphe chaque page de {pages}."
)


def register_common(document: str) -> None:
    """Register the common clauses of `document` ("cooperation", "partnership", "operator"); how the
    deed names itself ("la présente convention") is a fact, so the office's wording may change it."""
    facts = COMMON_FACTS | {"document_majuscule"}
    register(f"{document}.confidentialite", document, "Confidentialité", _CONFIDENTIALITE, facts)
    register(f"{document}.donnees_personnelles", document, "Données personnelles", _DONNEES, facts)
    register(f"{document}.marque", document, "Marque ALIZÉ®", _MARQUE, facts)
    register(f"{document}.litiges", document, "Droit applicable, règlement amiable et juridiction compétente",
             _LITIGES, facts)
    register(f"{document}.exemplaires", document, "Exemplaires et paraphes", _EXEMPLAIRES, facts)


COMMON_KEYS = ("confidentialite", "donnees_personnelles", "marque", "litiges")


def common_facts(data: Record, signatories: int, document: str = "la présente convention",
                 pages: str = "la présente convention et de ses annexes") -> dict[str, str]:
    """The facts of the common clauses (French strings from the data)."""
    op = str(operator(data).get("name") or "l'opérateur local")
    head = network_head_name(data)
    return {
        "operateur": the(op),
        "de_operateur": de(op),
        "ville_siege": operator_town(data) or "……………………",
        "tete_de_reseau": the(head),
        "de_tete_de_reseau": de(head),
        "a_tete_de_reseau": to(head),
        "nombre_exemplaires": str(signatories),
        "exemplaires": count(signatories, "exemplaire original"),
        "signataires": agree(signatories, "signataire"),
        "document": document,
        "pages": pages,
        "document_majuscule": document[:1].upper() + document[1:],
    }


def common_articles(numbers: ArticleNumbers, document: str) -> list[Flowable]:
    """Confidentiality, personal data, the mark and the disputes clause, numbered in sequence."""
    story: list[Flowable] = []
    for key in COMMON_KEYS:
        story += numbers.article(f"{document}.{key}")
    return story
