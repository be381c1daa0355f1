"""Bassin › Modèles de documents: list the articles by document, edit one and see the PDF printed
with the text as typed, an unknown placeholder named at once and refused on save, reset."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtWidgets import QMessageBox

from alize_desktop import documents
from alize_desktop.documents import articles
from alize_desktop.services.conventions import document_templates as templates

KEY = "essai.objet"


def _build_test_document(data: dict[str, Any], meeting_id: str, out: Any, *, templates: dict[str, str] | None = None,
                         **options: Any) -> None:
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


def _pdf_text(pdf: bytes) -> str:
    if not pdf:
        return ""
    return " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def _group(dialog, title: str):  # type: ignore[no-untyped-def]
    """The tree's group of one document (the program's own articles fill the other groups)."""
    tree = dialog.tree
    return next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).text(0) == title)


def _dialog(qtbot, ctx):  # type: ignore[no-untyped-def]
    from alize_desktop.ui.conventions.document_templates_dialog import DocumentTemplatesDialog

    dialog = DocumentTemplatesDialog(ctx)
    qtbot.addWidget(dialog)
    _wait(qtbot, dialog)
    return dialog


def _wait(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    """Until the list, the article or the write on the database worker has come back."""
    qtbot.waitUntil(lambda: not dialog.waiting, timeout=20000)


def test_edit_preview_save_and_reset(qtbot, ctx, test_article, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ctx)
    group = _group(dialog, "Procès-verbal du comité")
    assert group.child(0).text(0) == "Article 1 — Objet"
    dialog.tree.setCurrentItem(group.child(0))
    _wait(qtbot, dialog)
    assert dialog.editor.toPlainText() == "Le comité du bassin {basin} se réunit."
    assert "{basin}" in dialog.data_label.text()
    qtbot.waitUntil(lambda: "se réunit." in _pdf_text(dialog.preview_pdf), timeout=20000)

    dialog.editor.setPlainText("Les membres de {bassin} délibèrent.")
    assert "{bassin}" in dialog.error.text()  # named at once
    assert "dernier texte valable" in dialog.preview_state.text()
    dialog.save()
    _wait(qtbot, dialog)
    assert "{bassin}" in dialog.error.text()
    assert not templates.get_article(ctx.engine, KEY).customised  # nothing stored

    dialog.editor.setPlainText("Les membres du bassin {basin} délibèrent en public.")
    assert dialog.error.text() == ""
    dialog.refresh_preview()
    qtbot.waitUntil(lambda: "délibèrent en public." in _pdf_text(dialog.preview_pdf), timeout=20000)
    dialog.save()
    _wait(qtbot, dialog)
    assert templates.get_article(ctx.engine, KEY).text == "Les membres du bassin {basin} délibèrent en public."
    assert _group(dialog, "Procès-verbal du comité").child(0).text(0) == "Article 1 — Objet — modifié"
    assert dialog.reset_button.isEnabled()

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    dialog.reset()
    _wait(qtbot, dialog)
    assert dialog.editor.toPlainText() == "Le comité du bassin {basin} se réunit."
    assert not templates.get_article(ctx.engine, KEY).customised
    assert _group(dialog, "Procès-verbal du comité").child(0).text(0) == "Article 1 — Objet"


def test_basin_page_opens_the_dialog(qtbot, ctx, test_article, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.basin.page import BasinPage
    from alize_desktop.ui.conventions import document_templates_dialog as module

    page = BasinPage(ctx)
    qtbot.addWidget(page)
    opened: list[Any] = []
    monkeypatch.setattr(module.DocumentTemplatesDialog, "open", lambda self: opened.append(self))
    page.templates_button.click()
    assert page.templates_button.text() == "Modèles de documents…"
    assert opened and opened[0].windowTitle() == "Modèles de documents"


def test_list_article_save_and_reset_run_on_the_worker(qtbot, ctx, test_article, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from tests.ui.worker_checks import Statements

    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    with Statements(ctx.engine) as sql:
        dialog = _dialog(qtbot, ctx)
        dialog.tree.setCurrentItem(_group(dialog, "Procès-verbal du comité").child(0))
        _wait(qtbot, dialog)
        assert dialog.key == KEY
        dialog.editor.setPlainText("Le bassin {basin} siège.")
        dialog.save()
        assert not dialog.editor.isEnabled()  # busy while the worker writes: nothing typed is lost
        _wait(qtbot, dialog)
        assert _group(dialog, "Procès-verbal du comité").child(0).text(0) == "Article 1 — Objet — modifié"
        assert dialog.editor.toPlainText() == "Le bassin {basin} siège."  # read back from the base
        dialog.reset()
        _wait(qtbot, dialog)
        assert dialog.editor.toPlainText() == "Le comité du bassin {basin} se réunit."
        qtbot.waitUntil(lambda: not ctx.runner.busy(), timeout=20000)
    assert sql.seen and sql.on(threading.main_thread()) == []


def test_refused_text_is_said_and_kept(qtbot, ctx, test_article) -> None:  # type: ignore[no-untyped-def]
    dialog = _dialog(qtbot, ctx)
    dialog.tree.setCurrentItem(_group(dialog, "Procès-verbal du comité").child(0))
    _wait(qtbot, dialog)
    dialog.editor.setPlainText("Les membres de {bassin} délibèrent.")
    dialog.save()
    _wait(qtbot, dialog)
    assert "{bassin}" in dialog.error.text() and dialog.error.text().endswith(".")
    assert dialog.editor.toPlainText() == "Les membres de {bassin} délibèrent." and dialog.editor.isEnabled()
