"""The article texts of the documents, as templates the office may adapt per basin.

Each article has a key (``cooperation.objet``), the document it belongs to, a French title, the
program's own text and the placeholders it may use. A placeholder is a fact taken from the data
at print time, written ``{nom}`` in the text (``{entreprise}``, ``{montant_avance}``…); literal
braces are doubled (``{{`` and ``}}``). The office's wording, when it has one, is stored in the
database and handed to the builders as ``templates={key: text}``; an unknown placeholder is
refused with its name when the office saves its text, so a printed clause never shows a hole.

Builders call ``article_text(key, facts, templates)``: the office's text if there is one, else the
program's, with the facts put in (already formatted French strings: amounts, dates, names).
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Article:
    key: str
    document: str  # partnership | operator | cooperation | agenda | minutes | evaluation
    title: str
    text: str  # the program's own wording
    placeholders: frozenset[str]  # the facts this article may use


ARTICLES: dict[str, Article] = {}


class TemplateError(ValueError):
    """A template the program cannot print (unknown placeholder, unbalanced brace): French message."""


def register(key: str, document: str, title: str, text: str, placeholders: set[str] | frozenset[str]) -> Article:
    """Declare an article (at import time of its document's module); its own text must be valid."""
    article = Article(key, document, title, text, frozenset(placeholders))
    problems = template_problems(text, article.placeholders)
    if problems:
        raise AssertionError(f"{key}: {problems}")
    ARTICLES[key] = article
    return article


def placeholders_in(text: str) -> set[str]:
    """The placeholder names a template uses; TemplateError when its braces are not balanced."""
    names: set[str] = set()
    try:
        for _literal, field, spec, conversion in string.Formatter().parse(text):
            if field is None:
                continue
            if field == "" or spec or conversion or not field.replace("_", "").isalnum():
                raise TemplateError(f"Le champ « {{{field}}} » n'est pas un nom de donnée valable.")
            names.add(field)
    except ValueError:
        raise TemplateError(
            "Une accolade n'est pas fermée : écrivez les données entre { et }, et doublez une accolade "
            "voulue dans le texte ({{ ou }})."
        ) from None
    return names


def template_problems(text: str, allowed: frozenset[str]) -> str | None:
    """None when the template can be printed; else one French sentence naming what is wrong."""
    try:
        unknown = sorted(placeholders_in(text) - allowed)
    except TemplateError as exc:
        return str(exc)
    if unknown:
        names = ", ".join(f"{{{n}}}" for n in unknown)
        known = ", ".join(f"{{{n}}}" for n in sorted(allowed)) or "aucune"
        return f"Donnée inconnue dans le texte : {names}. Données possibles pour cet article : {known}."
    return None


def render(text: str, facts: Mapping[str, str]) -> str:
    """Put the facts into a template already checked by `template_problems`."""
    return text.format_map(dict(facts))


def article_text(key: str, facts: Mapping[str, str], templates: Mapping[str, str] | None = None) -> str:
    """The article `key` as printed: the office's wording when it has one, else the program's."""
    article = ARTICLES[key]
    own = (templates or {}).get(key)
    if own is not None and template_problems(own, article.placeholders) is None:
        return render(own, facts)
    return render(article.text, facts)
