"""The Word copy from the command line (`document KIND … -o OUT.docx`) and from a preview
(« Enregistrer en Word… »): the same document as the PDF, in an editable file."""

from __future__ import annotations

import datetime as dt
import io
import pathlib

import docx
from sqlalchemy import select

from alize_desktop import db
from alize_desktop import models as m
from alize_desktop.cli import main
from alize_desktop.services.conventions.document_options import document_bytes

DEMO_TODAY = dt.date(2026, 11, 26)  # tests/conftest.py DEMO_TODAY


def _first_meeting(path: pathlib.Path) -> str:
    from sqlalchemy.orm import Session

    engine = db.open_database(path)
    with Session(engine) as s:
        meeting_id = s.scalars(select(m.Meeting.id).where(m.Meeting.date < DEMO_TODAY).order_by(m.Meeting.date)).first()
    engine.dispose()
    assert meeting_id
    return meeting_id


def test_cli_writes_a_docx_when_the_output_ends_with_docx(demo_db: pathlib.Path, tmp_path: pathlib.Path,
                                                           capsys) -> None:  # type: ignore[no-untyped-def]
    meeting = _first_meeting(demo_db)
    out = tmp_path / "pv.docx"
    assert main(["--db", str(demo_db), "document", "minutes", "--meeting", meeting, "-o", str(out)]) == 0
    assert "Document écrit" in capsys.readouterr().out
    document = docx.Document(str(out))
    assert document.paragraphs[0].text.startswith("Procès-verbal")
    pdf = tmp_path / "pv.pdf"
    assert main(["--db", str(demo_db), "document", "minutes", "--meeting", meeting, "-o", str(pdf)]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_preview_offers_the_word_copy_of_the_same_document(qtbot, demo_db: pathlib.Path, tmp_path: pathlib.Path,
                                                           monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QFileDialog, QWidget

    from alize_desktop.ui.widgets import pdf_preview
    meeting = _first_meeting(demo_db)
    engine = db.open_database(demo_db)
    parent = QWidget()
    qtbot.addWidget(parent)
    opened: list[pdf_preview.PdfPreviewDialog] = []
    monkeypatch.setattr(pdf_preview.PdfPreviewDialog, "open", lambda self: opened.append(self))
    pdf_preview.preview_document(parent, "Procès-verbal",
                                 lambda: document_bytes(engine, demo_db, "minutes", meeting_id=meeting, as_of=DEMO_TODAY),
                                 "pv.pdf")
    qtbot.waitUntil(lambda: bool(opened), timeout=20000)
    dialog = opened[0]
    assert dialog.word_button.text() == "Enregistrer en Word…" and not dialog.word_button.isHidden()
    target = tmp_path / "copie.docx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    dialog.save_word()
    qtbot.waitUntil(target.exists, timeout=20000)
    expected = document_bytes(engine, demo_db, "minutes", meeting_id=meeting, as_of=DEMO_TODAY, fmt="docx")
    assert target.read_bytes() == expected
    assert docx.Document(io.BytesIO(expected)).paragraphs[0].text.startswith("Procès-verbal")
    engine.dispose()


def test_a_preview_of_bytes_without_a_document_has_no_word_button(qtbot) -> None:  # type: ignore[no-untyped-def]
    from alize_desktop.ui.widgets.pdf_preview import PdfPreviewDialog

    dialog = PdfPreviewDialog(None, "Aperçu", b"", "x.pdf")
    qtbot.addWidget(dialog)
    assert dialog.word_button.isHidden()
