"""The office's own wording of the documents' articles (Bassin › Modèles de documents).

The program's article texts live in the documents' registry (`documents.articles`); an office
that adapts one stores its text here, in the database (so it is backed up with it). Every save
is checked first: an unknown placeholder (`{entreprise_x}`) or an unclosed brace is refused with
its name, and nothing is stored. Each write is one transaction with its journal entry. The
printed documents receive the stored texts as `templates=` (see `document_options`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib
import pathlib
from collections.abc import Mapping

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from alize_desktop import models as m
from alize_desktop.documents.articles import ARTICLES, Article, template_problems
from alize_desktop.services.conventions.office_facts import office_templates
from alize_desktop.services.uow import Changes, RuleError, journal, unit_of_work

# The documents in the order the dialog lists them, with their French names.
DOCUMENTS: dict[str, str] = {
    "partnership": "Convention de partenariat",
    "operator": "Convention d'opérateur local",
    "cooperation": "Convention de coopération et développement",
    "agenda": "Ordre du jour du comité",
    "minutes": "Procès-verbal du comité",
    "evaluation": "Rapport d'évaluation",
}
# Modules whose import registers their articles (each document's builder and its annexes).
_MODULES = (
    "alize_desktop.documents.partnership",
    "alize_desktop.documents.operator",
    "alize_desktop.documents.cooperation",
    "alize_desktop.documents.cooperation_annex",
    "alize_desktop.documents.agenda",
    "alize_desktop.documents.minutes",
    "alize_desktop.documents.evaluation",
)


@dataclasses.dataclass(frozen=True)
class ArticleView:
    """An article as the office sees it: the text printed now, and the program's own."""

    key: str
    document: str
    document_label: str
    title: str
    text: str
    program_text: str
    placeholders: tuple[str, ...]

    @property
    def customised(self) -> bool:
        return self.text != self.program_text


def registry() -> dict[str, Article]:
    """Every article of every document (the builders' modules declare theirs when imported)."""
    for name in _MODULES:
        importlib.import_module(name)
    return ARTICLES


def _view(article: Article, own: str | None) -> ArticleView:
    return ArticleView(article.key, article.document, DOCUMENTS.get(article.document, article.document),
                       article.title, own if own is not None else article.text, article.text,
                       tuple(sorted(article.placeholders)))


def list_articles(engine: Engine) -> list[ArticleView]:
    """Every article, by document (in `DOCUMENTS` order) then in the order the document prints them."""
    articles = registry()
    own = office_templates(engine)
    order = {doc: i for i, doc in enumerate(DOCUMENTS)}
    views = [_view(a, own.get(a.key)) for a in articles.values()]
    position = {key: i for i, key in enumerate(articles)}
    return sorted(views, key=lambda v: (order.get(v.document, len(order)), position[v.key]))


def _article(key: str) -> Article:
    article = registry().get(key)
    if article is None:
        raise RuleError(f"Article inconnu : « {key} » ; choisissez un article dans la liste.")
    return article


def get_article(engine: Engine, key: str) -> ArticleView:
    article = _article(key)
    with Session(engine) as s:
        row = s.get(m.DocumentArticle, key)
        return _view(article, row.text if row is not None else None)


def check_text(key: str, text: str) -> str | None:
    """None when `text` can be printed as article `key`; else the French sentence saying why not."""
    if not text.strip():
        return "Saisissez le texte de l'article (ou revenez au texte du programme)."
    return template_problems(text, _article(key).placeholders)


def save_article(engine: Engine, key: str, text: str) -> Changes:
    """Store the office's wording of article `key`; refused (RuleError on `text`, nothing stored)
    when it names an unknown placeholder or leaves a brace open. The program's own text saved
    as such simply removes the office's version."""
    article = _article(key)
    problem = check_text(key, text)
    if problem:
        raise RuleError({"text": f"{article.title} : {problem}"})
    with unit_of_work(engine) as s:
        row = s.get(m.DocumentArticle, key)
        before = row.text if row is not None else article.text
        if before == text:
            return Changes()
        if text == article.text:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(m.DocumentArticle(key=key, text=text))
        else:
            row.text = text
        journal(s, "document_article", key, "update", {"text": [before, text]})
    return Changes(basin=True)


def reset_article(engine: Engine, key: str) -> Changes:
    """Back to the program's own text for article `key` (the office's version is removed)."""
    article = _article(key)
    with unit_of_work(engine) as s:
        row = s.get(m.DocumentArticle, key)
        if row is None:
            return Changes()
        journal(s, "document_article", key, "reset", {"text": [row.text, article.text]})
        s.delete(row)
    return Changes(basin=True)


def with_overrides(engine: Engine, overrides: Mapping[str, str]) -> dict[str, str]:
    """The office's texts with some replaced (the dialog's preview of a text not yet saved)."""
    return {**office_templates(engine), **overrides}


# Articles printed only for a project holding one kind of means: its preview takes such a project.
_NEEDS_KIND = {"cooperation.annexe_pret": "subsidised_loan"}


def sample_ids(engine: Engine, document: str, as_of: dt.date, key: str | None = None) -> dict[str, str]:
    """The record a preview of `document` is printed for, the one that prints the most clauses:
    the latest convention; the approved project with the most means granted (its annexes too);
    for minutes the latest meeting held with decisions, for an agenda the next meeting.
    RuleError (French) when the basin has none yet."""
    from sqlalchemy import func

    with Session(engine) as s:
        if document in ("partnership", "operator", "evaluation"):
            found = s.scalar(select(m.Convention.id).order_by(m.Convention.start.desc()))
            key, missing = "convention_id", "Aucune convention de partenariat n'est enregistrée"
        elif document == "cooperation":
            means = select(func.count()).where(m.Engagement.project_id == m.Project.id).scalar_subquery()
            needed = select(func.count()).where(m.Engagement.project_id == m.Project.id,
                                                m.Engagement.kind == _NEEDS_KIND.get(key or "", "")).scalar_subquery()
            found = s.scalar(select(m.Project.id).where(m.Project.mandatary_id.is_not(None),
                                                         m.Project.status.in_(("approved", "convention_signed",
                                                                               "in_follow_up", "closed")))
                             .order_by((needed > 0).desc(), means.desc(), m.Project.received_on.desc(), m.Project.id))
            key, missing = "project_id", "Aucun projet agréé avec un mandataire n'est enregistré"
        elif document == "minutes":
            decided = (select(m.AgendaItem.meeting_id).where(m.AgendaItem.decision.is_not(None)))
            found = s.scalar(select(m.Meeting.id).where(m.Meeting.date <= as_of, m.Meeting.id.in_(decided))
                             .order_by(m.Meeting.date.desc()))
            key, missing = "meeting_id", "Aucun comité tenu avec des décisions n'est enregistré"
        else:
            found = (s.scalar(select(m.Meeting.id).where(m.Meeting.date >= as_of).order_by(m.Meeting.date))
                     or s.scalar(select(m.Meeting.id).order_by(m.Meeting.date.desc())))
            key, missing = "meeting_id", "Aucun comité n'est enregistré"
    if found is None:
        raise RuleError(f"{missing} : l'aperçu de ce document n'est pas encore possible.")
    return {key: found}


def preview_bytes(engine: Engine, db_path: pathlib.Path, key: str, text: str, *, as_of: dt.date) -> bytes:
    """The PDF of article `key`'s document printed with `text` (saved or not) as that article."""
    from alize_desktop.services.conventions.document_options import document_bytes

    article = _article(key)
    problem = check_text(key, text)
    if problem:
        raise RuleError({"text": problem})
    ids = sample_ids(engine, article.document, as_of, key)
    return document_bytes(engine, db_path, article.document, as_of=as_of,
                          templates=with_overrides(engine, {key: text}), **ids)
