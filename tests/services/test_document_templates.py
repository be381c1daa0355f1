"""The office's own wording (Bassin › Modèles de documents): a saved text is what the document
prints, an unknown placeholder is refused with its name and nothing is stored, reset gives the
program's text back; every write is journaled."""

from __future__ import annotations

import datetime as dt
import io
import pathlib
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from alize_desktop import documents
from alize_desktop import models as m
from alize_desktop.documents import articles
from alize_desktop.services.conventions import document_templates as templates
from alize_desktop.services.conventions.document_options import document_bytes
from alize_desktop.services.uow import RuleError

AS_OF = dt.date(2026, 11, 26)
KEY = "essai.objet"


def _build_test_document(data: dict[str, Any], meeting_id: str, out: Any, *, templates: dict[str, str] | None = None,
                         **options: Any) -> None:
    """A one-article document written as the real builders do (article_text + write_document)."""
    from alize_desktop.documents.blocks import heading, para
    from alize_desktop.documents.engine import write_document

    text = articles.article_text(KEY, {"basin": data["basin"]["name"]}, templates)
    write_document([heading("Article 1 — Objet"), para(text)], out, data, title="Essai", subject="Essai")


@pytest.fixture
def test_article(monkeypatch: pytest.MonkeyPatch) -> Iterator[articles.Article]:
    article = articles.register(KEY, "minutes", "Article 1 — Objet", "Le comité du bassin {basin} se réunit.",
                                {"basin"})
    monkeypatch.setitem(documents.BUILDERS, "minutes", (__name__, "_build_test_document", "meeting_id"))
    yield article
    articles.ARTICLES.pop(KEY, None)


def _text(pdf: bytes) -> str:
    return " ".join((p.extract_text() or "").replace("\n", " ") for p in PdfReader(io.BytesIO(pdf)).pages)


def _meeting(engine) -> str:  # type: ignore[no-untyped-def]
    return templates.sample_ids(engine, "minutes", AS_OF)["meeting_id"]


def _rows(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(m.DocumentArticle)) or 0


def test_a_saved_text_is_what_the_document_prints(demo_engine, demo_db: pathlib.Path, test_article) -> None:  # type: ignore[no-untyped-def]
    meeting = _meeting(demo_engine)
    before = _text(document_bytes(demo_engine, demo_db, "minutes", meeting_id=meeting, as_of=AS_OF))
    assert "se réunit." in before
    templates.save_article(demo_engine, KEY, "Les membres du bassin {basin} délibèrent en séance publique.")
    after = _text(document_bytes(demo_engine, demo_db, "minutes", meeting_id=meeting, as_of=AS_OF))
    assert "délibèrent en séance publique." in after and "se réunit." not in after
    word = document_bytes(demo_engine, demo_db, "minutes", meeting_id=meeting, as_of=AS_OF, fmt="docx")
    import docx

    assert any("délibèrent en séance publique" in p.text for p in docx.Document(io.BytesIO(word)).paragraphs)
    view = templates.get_article(demo_engine, KEY)
    assert view.customised and view.program_text == "Le comité du bassin {basin} se réunit."
    with Session(demo_engine) as s:
        entry = s.execute(select(m.JournalEntry).order_by(m.JournalEntry.pk.desc())).scalars().first()
    assert (entry.entity, entry.entity_id, entry.action) == ("document_article", KEY, "update")


def test_an_unknown_placeholder_is_refused_with_its_name_and_nothing_is_stored(demo_engine, test_article) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError) as refused:
        templates.save_article(demo_engine, KEY, "Le comité de {entreprise_inconnue} se réunit.")
    message = refused.value.problems["text"]
    assert "{entreprise_inconnue}" in message and "{basin}" in message
    with pytest.raises(RuleError, match="accolade"):
        templates.save_article(demo_engine, KEY, "Le comité de {basin se réunit.")
    with pytest.raises(RuleError, match="Saisissez le texte"):
        templates.save_article(demo_engine, KEY, "   ")
    assert _rows(demo_engine) == 0
    assert not templates.get_article(demo_engine, KEY).customised


def test_reset_restores_the_programs_text(demo_engine, demo_db: pathlib.Path, test_article) -> None:  # type: ignore[no-untyped-def]
    templates.save_article(demo_engine, KEY, "Texte du cabinet pour {basin}.")
    assert _rows(demo_engine) == 1
    templates.reset_article(demo_engine, KEY)
    assert _rows(demo_engine) == 0
    assert templates.get_article(demo_engine, KEY).text == "Le comité du bassin {basin} se réunit."
    pdf = document_bytes(demo_engine, demo_db, "minutes", meeting_id=_meeting(demo_engine), as_of=AS_OF)
    assert "Texte du cabinet" not in _text(pdf)
    # Saving the program's own text is the same as a reset: nothing stays stored.
    templates.save_article(demo_engine, KEY, "Texte du cabinet pour {basin}.")
    templates.save_article(demo_engine, KEY, "Le comité du bassin {basin} se réunit.")
    assert _rows(demo_engine) == 0


def test_the_preview_prints_a_text_not_yet_saved(demo_engine, demo_db: pathlib.Path, test_article) -> None:  # type: ignore[no-untyped-def]
    pdf = templates.preview_bytes(demo_engine, demo_db, KEY, "Brouillon pour {basin}.", as_of=AS_OF)
    assert "Brouillon pour" in _text(pdf)
    assert _rows(demo_engine) == 0


def test_unknown_article_is_refused(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleError, match="Article inconnu"):
        templates.save_article(demo_engine, "nulle.part", "x")


def test_every_registered_article_can_be_listed_and_its_own_text_is_valid(demo_engine) -> None:  # type: ignore[no-untyped-def]
    views = templates.list_articles(demo_engine)
    for view in views:
        assert articles.template_problems(view.program_text, frozenset(view.placeholders)) is None
        assert view.document in templates.DOCUMENTS


@pytest.mark.parametrize("key", sorted(templates.registry()))
def test_each_real_article_prints_the_offices_text(key: str, demo_engine, demo_db: pathlib.Path) -> None:  # type: ignore[no-untyped-def]
    """Live once the builders read their clauses from the registry: the office's text is printed."""
    article = templates.registry()[key]
    marker = "Formulation propre au cabinet quatre-vingt-dix-neuf."
    pdf = templates.preview_bytes(demo_engine, demo_db, key, marker, as_of=AS_OF)
    assert marker in " ".join(_text(pdf).split()), article.title


def test_previews_print_a_record_that_shows_the_most_clauses(demo_engine) -> None:  # type: ignore[no-untyped-def]
    with Session(demo_engine) as s:
        held = templates.sample_ids(demo_engine, "minutes", AS_OF)["meeting_id"]
        meeting = s.get(m.Meeting, held)
        assert meeting.date <= AS_OF
        assert s.scalar(select(func.count()).select_from(m.AgendaItem).where(
            m.AgendaItem.meeting_id == held, m.AgendaItem.decision.is_not(None)))
        project = templates.sample_ids(demo_engine, "cooperation", AS_OF)["project_id"]
        counts = {pid: n for pid, n in s.execute(select(m.Engagement.project_id, func.count())
                                                 .group_by(m.Engagement.project_id)).all()}
        approved = s.scalars(select(m.Project).where(m.Project.mandatary_id.is_not(None), m.Project.status.in_(
            ("approved", "convention_signed", "in_follow_up", "closed")))).all()
        assert s.get(m.Project, project).mandatary_id
        assert counts.get(project, 0) == max(counts.get(p.id, 0) for p in approved) > 0
