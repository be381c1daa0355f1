"""The PDF preview: real pages shown, a saved copy identical to the bytes, printing a page range."""

from __future__ import annotations

import datetime as dt
import io
import pathlib

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from alize_desktop.documents import DocumentError, build_document
from alize_desktop.ui.widgets.pdf_preview import PdfPreviewDialog, preview_document

EXAMPLE = pathlib.Path(__file__).resolve().parents[2].parent / "shared" / "examples" / "example-basin.json"


@pytest.fixture(scope="module")
def operator_pdf() -> bytes:
    """A real document of several pages, built from the public example basin."""
    import json

    if not EXAMPLE.exists():
        pytest.skip("../shared/examples is not beside this checkout")
    data = json.loads(EXAMPLE.read_text("utf-8"))
    out = io.BytesIO()
    build_document("operator", data, out, convention_id=data["conventions"][0]["id"], as_of=dt.date(2026, 11, 26))
    return out.getvalue()


def _open(qtbot, pdf: bytes) -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    dialog = PdfPreviewDialog(None, "Convention d'opérateur local", pdf, "convention-operateur")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.page_count() > 0)
    return dialog


def test_preview_shows_the_pages_and_french_buttons(qtbot, operator_pdf: bytes) -> None:
    dialog = _open(qtbot, operator_pdf)
    assert dialog.page_count() >= 2
    assert dialog.page_label.text() == f"Page 1 sur {dialog.page_count()}"
    assert [b.text() for b in (dialog.print_button, dialog.save_button, dialog.close_button)] == [
        "Imprimer…",
        "Enregistrer sous…",
        "Fermer",
    ]
    assert dialog.suggested_name == "convention-operateur.pdf"


def test_save_as_writes_identical_bytes(qtbot, operator_pdf: bytes, tmp_path: pathlib.Path, monkeypatch) -> None:
    dialog = _open(qtbot, operator_pdf)
    target = tmp_path / "copie"  # no suffix typed: the program adds .pdf
    seen: dict[str, str] = {}

    def fake_save(parent, caption, start, filters):  # type: ignore[no-untyped-def]
        seen["start"] = start
        return str(target), filters

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(fake_save))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert seen["start"].endswith("convention-operateur.pdf")
    assert (tmp_path / "copie.pdf").read_bytes() == operator_pdf


def test_save_cancelled_writes_nothing(qtbot, operator_pdf: bytes, tmp_path: pathlib.Path, monkeypatch) -> None:
    dialog = _open(qtbot, operator_pdf)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a: ("", "")))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not hasattr(dialog, "saved_path")


def test_print_renders_the_chosen_range(qtbot, operator_pdf: bytes, tmp_path: pathlib.Path, monkeypatch) -> None:
    """The print dialog is accepted with pages 2 to 3; the printer (a PDF file here) gets 2 pages."""
    from pypdf import PdfReader

    dialog = _open(qtbot, operator_pdf)
    out = tmp_path / "printed.pdf"

    def fake_exec(self: QPrintDialog) -> int:
        printer = self.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(72)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert len(PdfReader(out).pages) == 2


def test_preview_document_builds_then_opens(qtbot, operator_pdf: bytes) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    preview_document(parent, "Aperçu", lambda: operator_pdf, "doc.pdf")
    qtbot.waitUntil(lambda: bool(parent.findChildren(PdfPreviewDialog)))
    dialog = parent.findChildren(PdfPreviewDialog)[0]
    assert dialog.pdf_bytes == operator_pdf
    dialog.close()


def test_document_error_is_shown_in_french(qtbot, monkeypatch) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda p, title, text, *a: shown.append(text)))

    def build() -> bytes:
        raise DocumentError("le projet n'a pas de mandataire")

    preview_document(parent, "Aperçu", build, "doc.pdf")
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["Le document ne peut pas être produit :\nle projet n'a pas de mandataire"]
    assert not parent.findChildren(PdfPreviewDialog)


def test_printing_the_whole_document_to_a_pdf_file_writes_its_own_vector_bytes(qtbot, operator_pdf: bytes,
                                                                             tmp_path: pathlib.Path, monkeypatch) -> None:
    """"Imprimer dans un fichier (PDF)": the document itself, not megabytes of page images."""
    dialog = _open(qtbot, operator_pdf)
    out = tmp_path / "printed.pdf"

    def fake_exec(self: QPrintDialog) -> int:
        self.printer().setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        self.printer().setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(QPrintDialog, "exec", fake_exec)
    qtbot.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton)
    assert out.read_bytes() == operator_pdf
