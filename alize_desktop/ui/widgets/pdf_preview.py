"""Preview, print and save a PDF the program has just built (every document goes through here).

The bytes stay in memory: the operator sees the document before deciding to print it or to keep
a copy, and nothing is written to disk unless "Enregistrer sous…" is chosen.
"""

from __future__ import annotations

import pathlib
from collections.abc import Callable

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QPainter, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QAbstractPrintDialog, QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.documents.errors import DocumentError
from alize_desktop.ui.shell.worker import run_with_progress

# Print at most at this resolution: enough for text and tables, without huge raster pages.
_MAX_PRINT_DPI = 300
_ZOOM_STEP = 1.2


class PdfPreviewDialog(QDialog):
    """The pages of `pdf_bytes`, fit to width, with "Imprimer…", "Enregistrer sous…" and "Fermer"."""

    def __init__(self, parent: QWidget | None, title: str, pdf_bytes: bytes, suggested_name: str,
                 build_docx: Callable[[], bytes] | None = None):
        super().__init__(parent)
        self.build_docx = build_docx  # the Word copy of the same document, when it has one
        self.setObjectName("pdf_preview")
        self.setWindowTitle(title)
        self.pdf_bytes = bytes(pdf_bytes)
        self.suggested_name = suggested_name if suggested_name.lower().endswith(".pdf") else f"{suggested_name}.pdf"
        self._fit_screen(900, 860)

        # The buffer must outlive the document: QPdfDocument reads from it lazily.
        self._data = QByteArray(self.pdf_bytes)
        self._buffer = QBuffer(self)
        self._buffer.setData(self._data)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)

        layout = QVBoxLayout(self)
        layout.addLayout(self._toolbar())
        layout.addWidget(self.view, 1)
        layout.addLayout(self._buttons())

        self.document.statusChanged.connect(self._update_page_label)
        self.view.pageNavigator().currentPageChanged.connect(self._update_page_label)
        self._update_page_label()

    # -- layout ---------------------------------------------------------------------------------

    def _fit_screen(self, width: int, height: int) -> None:
        """The preferred size, but never taller or wider than the screen (1366×768 laptops)."""
        # QWidget.screen called unbound: a parent page may have an attribute of that name.
        screen = QWidget.screen(self.parentWidget() or self)
        if screen is not None:
            room = screen.availableGeometry()
            width, height = min(width, room.width() - 40), min(height, room.height() - 60)
        self.resize(width, height)

    def _toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        for text, tip, keys, slot in (
            ("Zoom −", "Réduire (Ctrl+-)", QKeySequence.StandardKey.ZoomOut, self.zoom_out),
            ("Zoom +", "Agrandir (Ctrl++)", QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            ("Pleine largeur", "Ajuster à la largeur (Ctrl+0)", QKeySequence("Ctrl+0"), self.fit_width),
            ("Page entière", "Voir la page entière (Ctrl+1)", QKeySequence("Ctrl+1"), self.fit_page),
        ):
            button = QPushButton(text)
            button.setToolTip(tip)
            button.setAutoDefault(False)
            button.clicked.connect(slot)
            QShortcut(QKeySequence(keys), self, activated=slot)
            bar.addWidget(button)
        return bar

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.print_button = QPushButton("Imprimer…")
        self.print_button.setObjectName("print_button")
        self.print_button.setToolTip("Imprimer le document (Ctrl+P)")
        self.print_button.clicked.connect(self.print_document)
        self.save_button = QPushButton("Enregistrer sous…")
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip("Enregistrer une copie PDF (Ctrl+S)")
        self.save_button.clicked.connect(self.save_as)
        self.close_button = QPushButton("Fermer")
        self.close_button.setObjectName("close_button")
        self.close_button.setToolTip("Fermer l'aperçu (Échap)")
        self.close_button.clicked.connect(self.reject)
        self.word_button = QPushButton("Enregistrer en Word…")
        self.word_button.setObjectName("word_button")
        self.word_button.setToolTip("Enregistrer une copie modifiable (.docx) du même document")
        self.word_button.clicked.connect(self.save_word)
        self.word_button.setVisible(self.build_docx is not None)
        for button in (self.print_button, self.save_button, self.word_button, self.close_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Print), self, activated=self.print_document)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Save), self, activated=self.save_as)
        return row

    def page_count(self) -> int:
        return self.document.pageCount() if self.document.status() == QPdfDocument.Status.Ready else 0

    def _update_page_label(self, *_: object) -> None:
        total = self.page_count()
        if total == 0:
            failed = self.document.status() == QPdfDocument.Status.Error
            self.page_label.setText("Document illisible" if failed else "Chargement…")
            return
        current = self.view.pageNavigator().currentPage() + 1
        self.page_label.setText(f"Page {min(current, total)} sur {total}")

    # -- zoom -----------------------------------------------------------------------------------

    def zoom_in(self) -> None:
        self._set_zoom(self.view.zoomFactor() * _ZOOM_STEP)

    def zoom_out(self) -> None:
        self._set_zoom(self.view.zoomFactor() / _ZOOM_STEP)

    def _set_zoom(self, factor: float) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.2, min(5.0, factor)))

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    # -- save -----------------------------------------------------------------------------------

    def save_as(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        start = str(pathlib.Path(folder) / self.suggested_name) if folder else self.suggested_name
        chosen, _ = QFileDialog.getSaveFileName(self, "Enregistrer le document", start, "Documents PDF (*.pdf)")
        if not chosen:
            return
        path = pathlib.Path(chosen)
        if path.suffix.lower() != ".pdf":
            path = path.with_name(path.name + ".pdf")
        try:
            path.write_bytes(self.pdf_bytes)
        except OSError as exc:
            QMessageBox.critical(
                self, "Enregistrement impossible", f"Le fichier « {path} » n'a pas pu être écrit :\n{exc.strerror or exc}"
            )
            return
        self.saved_path = path

    def save_word(self) -> None:
        """Build the .docx off the GUI thread, then write it where the operator chose."""
        if self.build_docx is None:
            return
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        name = pathlib.Path(self.suggested_name).with_suffix(".docx").name
        start = str(pathlib.Path(folder) / name) if folder else name
        chosen, _ = QFileDialog.getSaveFileName(self, "Enregistrer en Word", start, "Documents Word (*.docx)")
        if not chosen:
            return
        path = pathlib.Path(chosen)
        path = path if path.suffix.lower() == ".docx" else path.with_name(path.name + ".docx")

        def write(data: bytes) -> None:
            try:
                path.write_bytes(data)
            except OSError as exc:
                QMessageBox.critical(self, "Enregistrement impossible",
                                     f"Le fichier « {path} » n'a pas pu être écrit :\n{exc.strerror or exc}")
                return
            self.saved_path = path

        def failed(exc: BaseException) -> None:
            QMessageBox.critical(self, "Enregistrement impossible", f"La copie Word n'a pas pu être produite :\n{exc}")

        build = self.build_docx
        run_with_progress(self, "Copie Word — préparation…", lambda progress: build(), write, failed)

    # -- print ----------------------------------------------------------------------------------

    def print_document(self) -> None:
        total = self.page_count()
        if total == 0:
            QMessageBox.warning(self, "Impression impossible", "Le document n'est pas encore prêt à être imprimé.")
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.suggested_name)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Imprimer le document")
        dialog.setMinMax(1, total)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QAbstractPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        pages = self.pages_to_print(printer, total)
        if self.print_to_pdf_file(printer, pages, total):
            return
        if not self.render_to(printer, pages):
            QMessageBox.critical(self, "Impression impossible", "L'imprimante n'a pas pu être ouverte.")

    def print_to_pdf_file(self, printer: QPrinter, pages: list[int], total: int) -> bool:
        """"Imprimer dans un fichier (PDF)" of the whole document: the document's own bytes, vector
        and small (rendering pages into the printer would write megabytes of images). True when done."""
        if printer.outputFormat() != QPrinter.OutputFormat.PdfFormat or not printer.outputFileName():
            return False
        if pages != list(range(total)):
            return False  # a page range: rendered below
        try:
            pathlib.Path(printer.outputFileName()).write_bytes(self.pdf_bytes)
        except OSError as exc:
            QMessageBox.critical(self, "Impression impossible",
                                 f"Le fichier « {printer.outputFileName()} » n'a pas pu être écrit :\n{exc.strerror or exc}")
        return True

    def pages_to_print(self, printer: QPrinter, total: int) -> list[int]:
        """Zero-based page numbers the print dialog asked for (all, a range, or the current page)."""
        mode = printer.printRange()
        if mode == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            first, last = printer.fromPage(), printer.toPage() or total
            return list(range(max(first, 1) - 1, min(last, total)))
        if mode == QPrinter.PrintRange.CurrentPage:
            return [self.view.pageNavigator().currentPage()]
        return list(range(total))

    def render_to(self, printer: QPrinter, pages: list[int]) -> bool:
        """Draw each page as an image scaled into the printable area, centred, aspect kept."""
        painter = QPainter()
        if not painter.begin(printer):
            return False
        try:
            dpi = min(printer.resolution(), _MAX_PRINT_DPI)
            for n, page in enumerate(pages):
                if n:
                    printer.newPage()
                points = self.document.pagePointSize(page)
                size = QSize(max(1, round(points.width() / 72 * dpi)), max(1, round(points.height() / 72 * dpi)))
                image = self.document.render(page, size)
                area = QRectF(painter.viewport())
                scale = min(area.width() / size.width(), area.height() / size.height())
                target = QRectF(0, 0, size.width() * scale, size.height() * scale)
                target.moveCenter(QPointF(area.center()))
                painter.drawImage(target, image)
        finally:
            painter.end()
        return True


def preview_document(
    parent: QWidget | None, title: str, build: Callable[[], bytes], suggested_name: str
) -> None:
    """Build the PDF off the GUI thread (a progress dialog meanwhile), then open its preview.

    A DocumentError (the data do not allow this document) is shown as the builder's French
    message; any other failure as a short French error. The preview is window-modal and deletes
    itself when closed.
    """

    def work(progress: object) -> tuple[bytes, Callable[[], bytes] | None]:
        from alize_desktop.services.conventions.document_options import word_copies

        with word_copies() as made:  # the Word copy of a single document built by document_bytes
            pdf = build()
        return pdf, made[0] if len(made) == 1 else None

    def done(result: tuple[bytes, Callable[[], bytes] | None]) -> None:
        dialog = PdfPreviewDialog(parent, title, result[0], suggested_name, build_docx=result[1])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        dialog.open()

    def failed(exc: BaseException) -> None:
        if isinstance(exc, DocumentError):
            QMessageBox.warning(parent, title, f"Le document ne peut pas être produit :\n{exc}")
        else:
            QMessageBox.critical(parent, title, f"Une erreur a empêché de produire le document :\n{exc}")

    run_with_progress(parent, f"{title} — préparation…", work, done, failed)
