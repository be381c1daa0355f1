"""Bassin › Modèles de documents: the office adapts an article's wording and sees it printed.

Left, the articles by document (« modifié » when the office has its own text); right, the text
of the chosen article, the data it may use ({entreprise}…), and the PDF of its document printed
with the text being typed (refreshed a moment after typing stops, off the GUI thread). An unknown
placeholder is named at once, and refused on save. « Revenir au texte du programme » removes the
office's version.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.services.conventions import document_templates as templates
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_widgets import fit_to_screen
from alize_desktop.ui.widgets.read_only import writes

_KEY = Qt.ItemDataRole.UserRole
PREVIEW_DELAY_MS = 900


class DocumentTemplatesDialog(QDialog):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setObjectName("document_templates")
        self.setWindowTitle("Modèles de documents")
        fit_to_screen(self, 1180, 760)
        self.key: str | None = None
        self._generation = 0  # the preview shown is the one of the latest text
        self.preview_pdf = b""
        self.saving = False  # an article is being written on the database worker
        self._reading_list = False
        self._reading_article: str | None = None  # the article being read on the database worker

        self.tree = QTreeWidget()
        self.tree.setObjectName("articles")
        self.tree.setHeaderLabels(["Article"])
        self.tree.currentItemChanged.connect(lambda *_: self._select_current())

        self.title = QLabel()
        self.title.setObjectName("article_title")
        self.title.setWordWrap(True)
        self.editor = writes(QPlainTextEdit())
        self.editor.setObjectName("article_text")
        self.editor.textChanged.connect(self._text_changed)
        self.data_label = QLabel()
        self.data_label.setObjectName("placeholders")
        self.data_label.setWordWrap(True)
        self.data_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error = QLabel()
        self.error.setObjectName("error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing() * 3)
        self.save_button = writes(QPushButton("Enregistrer"))
        self.save_button.setObjectName("save_button")
        self.save_button.clicked.connect(self.save)
        self.reset_button = writes(QPushButton("Revenir au texte du programme"))
        self.reset_button.setObjectName("reset_button")
        self.reset_button.clicked.connect(self.reset)
        self.preview_button = QPushButton("Actualiser l'aperçu")
        self.preview_button.clicked.connect(self.refresh_preview)
        close = QPushButton("Fermer")
        close.clicked.connect(self.reject)

        self.document = QPdfDocument(self)
        self._buffer: QBuffer | None = None
        self.view = QPdfView(self)
        self.view.setObjectName("preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview_state = QLabel("Choisissez un article pour voir son document.")
        self.preview_state.setObjectName("preview_state")
        self.preview_state.setWordWrap(True)  # a long state (« Aperçu impossible : … ») never widens the dialog past the screen

        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(PREVIEW_DELAY_MS)
        self.timer.timeout.connect(self.refresh_preview)

        editor_box = QWidget()
        left = QVBoxLayout(editor_box)
        left.addWidget(self.title)
        left.addWidget(self.editor, 1)
        left.addWidget(self.data_label)
        left.addWidget(self.error)
        buttons = QHBoxLayout()
        for b in (self.save_button, self.reset_button, self.preview_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)
        left.addLayout(buttons)
        preview_box = QWidget()
        right = QVBoxLayout(preview_box)
        right.addWidget(self.preview_state)
        right.addWidget(self.view, 1)
        splitter = QSplitter()
        splitter.addWidget(self.tree)
        splitter.addWidget(editor_box)
        splitter.addWidget(preview_box)
        splitter.setSizes([320, 400, 460])  # article titles whole in the tree
        lay = QVBoxLayout(self)
        lay.addWidget(splitter, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        lay.addLayout(bottom)
        self.reload()

    # -- list -----------------------------------------------------------------------------------

    @property
    def waiting(self) -> bool:
        """The list or an article is being read, or an article written, on the database worker."""
        return self._reading_list or self._reading_article is not None or self.saving

    def reload(self) -> None:
        """Read the list of articles on the database worker, then fill it keeping the current one selected."""
        engine = self.ctx.engine
        self._reading_list = True
        self.ctx.runner.query(self, lambda: templates.list_articles(engine), self._show_articles,
                              self._read_failed, key="articles")

    def _show_articles(self, views: list[templates.ArticleView]) -> None:
        self._reading_list = False
        keep = self.key
        self.tree.blockSignals(True)
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        chosen: QTreeWidgetItem | None = None
        for view in views:
            group = groups.get(view.document)
            if group is None:
                group = groups[view.document] = QTreeWidgetItem(self.tree, [view.document_label])
                group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
                group.setExpanded(True)
            item = QTreeWidgetItem(group, [view.title + (" — modifié" if view.customised else "")])
            item.setData(0, _KEY, view.key)
            if view.key == keep:
                chosen = item
        self.tree.blockSignals(False)
        if not groups:
            self.preview_state.setText("Aucun article de document n'est encore proposé à la modification.")
            self._enable(False)
            return
        if chosen is None:
            first = self.tree.topLevelItem(0)
            chosen = first.child(0) if first is not None else None
        if chosen is not None:
            self.tree.setCurrentItem(chosen)
            self._select_current()

    def _read_failed(self, exc: BaseException) -> None:
        self._reading_list, self._reading_article = False, None
        raise exc  # the window's crash handler logs it and shows a French dialog

    def _enable(self, on: bool) -> None:
        for w in (self.editor, self.save_button, self.reset_button, self.preview_button):
            w.setEnabled(on)

    def _select_current(self) -> None:
        item = self.tree.currentItem()
        key = item.data(0, _KEY) if item is not None else None
        if not key:
            return
        if key == self.key and self.editor.toPlainText():
            return
        # The article is read on the database worker; meanwhile nothing can be typed into the
        # previous one's text (it would be saved under the wrong article).
        self._reading_article = key
        self._enable(False)
        engine = self.ctx.engine
        self.ctx.runner.query(self, lambda: templates.get_article(engine, key), self._show_article,
                              self._read_failed, key="article")

    def _show_article(self, view: templates.ArticleView) -> None:
        self._reading_article = None
        self.key = view.key
        self._enable(True)
        self.title.setText(f"<b>{view.document_label}</b> — {view.title}")
        names = ", ".join(f"{{{n}}}" for n in view.placeholders) or "aucune"
        self.data_label.setText(f"Données que le texte peut citer : {names}")
        self.editor.blockSignals(True)
        self.editor.setPlainText(view.text)
        self.editor.blockSignals(False)
        self.reset_button.setEnabled(view.customised)
        self.error.clear()
        self.refresh_preview()

    # -- edit -----------------------------------------------------------------------------------

    def _text_changed(self) -> None:
        if self.key is None:
            return
        problem = templates.check_text(self.key, self.editor.toPlainText())
        self.error.setText(problem or "")
        if problem is None:
            self.timer.start()
        else:
            self.timer.stop()
            self.preview_state.setText("Aperçu du dernier texte valable : corrigez le texte pour l'actualiser.")

    def save(self) -> None:
        """Store the office's text on the database worker; a refusal is shown and the text kept."""
        if self.key is None or self.waiting:
            return
        engine, key, text = self.ctx.engine, self.key, self.editor.toPlainText()
        self._write(lambda: templates.save_article(engine, key, text), lambda _changes: self._saved())

    def _saved(self) -> None:
        self.error.clear()
        self._after_write()

    def reset(self) -> None:
        if self.key is None or self.waiting:
            return
        answer = QMessageBox.question(self, "Texte du programme",
                                      "Remplacer le texte du cabinet par celui du programme ?")
        if answer != QMessageBox.StandardButton.Yes:
            return
        engine, key = self.ctx.engine, self.key

        def work() -> tuple[str, Changes]:
            changes = templates.reset_article(engine, key)
            return templates.get_article(engine, key).text, changes

        self._write(work, lambda result: self._was_reset(result[0]))

    def _was_reset(self, text: str) -> None:
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.error.clear()
        self._after_write()

    def _write(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        """Run a write on the database worker (the runner tells every page its Changes); the
        buttons and the text are off meanwhile, a refusal is shown under the text, which stays."""
        self.saving = True
        self._enable(False)

        def finished(result: Any) -> None:
            self.saving = False
            self._enable(True)
            done(result)

        def refused(exc: BaseException) -> None:
            self.saving = False
            self._enable(True)
            if not isinstance(exc, RuleError):
                raise exc  # the window's crash handler logs it and shows a French dialog
            self.error.setText(" ".join(exc.problems.values()))

        self.ctx.runner.op(self, work, finished, refused)

    def _after_write(self) -> None:
        key = self.key
        self.key = None  # reload re-selects it and shows the stored text
        self.editor.clear()
        self.key = key
        self.reload()

    # -- preview --------------------------------------------------------------------------------

    def refresh_preview(self) -> None:
        """Print the article's document with the text as typed, off the GUI thread."""
        self.timer.stop()
        if self.key is None or templates.check_text(self.key, self.editor.toPlainText()):
            return
        self._generation += 1
        generation, key, text = self._generation, self.key, self.editor.toPlainText()
        engine, db_path, today = self.ctx.engine, self.ctx.db_path, self.ctx.clock.today()
        self.preview_state.setText("Aperçu en préparation…")

        def done(pdf: bytes) -> None:
            if generation == self._generation and _alive(self):
                self._show(pdf)

        def failed(exc: BaseException) -> None:
            if generation == self._generation and _alive(self):
                message = " ".join(exc.problems.values()) if isinstance(exc, RuleError) else str(exc)
                self.preview_state.setText(f"Aperçu impossible : {message}")

        # On the database worker (never modal: the preview refreshes while the office types);
        # only the newest preview is painted.
        self.ctx.runner.query(self, lambda: templates.preview_bytes(engine, db_path, key, text, as_of=today),
                              done, failed, key="preview")

    def _show(self, pdf: bytes) -> None:
        self.preview_pdf = bytes(pdf)
        self.document.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(self.preview_pdf))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer
        self.preview_state.setText(f"Aperçu : {pages_text(self.document.pageCount())}, texte tel que saisi.")


def pages_text(count: int) -> str:
    return "1 page" if count == 1 else f"{count} pages"


def _alive(widget: QWidget) -> bool:
    """False once the dialog was closed and deleted while its preview was being built."""
    import shiboken6

    return shiboken6.isValid(widget)


def open_document_templates(ctx: AppContext, parent: QWidget | None = None) -> DocumentTemplatesDialog:
    dialog = DocumentTemplatesDialog(ctx, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
    dialog.open()
    return dialog
