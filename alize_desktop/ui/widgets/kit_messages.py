"""Message boxes that carry user text (names, titles), shown literally: the yes/no question and the
confirmed deletion."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import Qt  # QtGui.Qt also holds mightBeRichText and convertFromPlainText
from PySide6.QtWidgets import QMessageBox, QWidget

from alize_desktop.services.changes import Changes, RuleError
from alize_desktop.ui.shell.context import AppContext


def literal(text: str) -> str:
    """`text` unchanged, unless Qt would take it for HTML (a project titled "Atelier <b>"):
    then the same words escaped, so QMessageBox and QInputDialog show them exactly as typed."""
    return Qt.convertFromPlainText(text) if Qt.mightBeRichText(text) else text


def confirmed(parent: QWidget, title: str, question: str) -> bool:
    """Ask a yes/no question, shown literally (Qt's buttons read « Oui » / « Non » through qtbase_fr)."""
    return QMessageBox.question(parent, title, literal(question)) == QMessageBox.StandardButton.Yes


def delete_confirmed(parent: QWidget, ctx: AppContext, refused: str | None, title: str, question: str,
                     delete: Callable[[], Changes]) -> bool:
    """Explain why a record cannot go (`refused`), or ask, delete and tell every page; True once deleted."""
    if refused:
        QMessageBox.warning(parent, "Suppression impossible", literal(refused))
        return False
    if not confirmed(parent, title, question):
        return False
    try:
        changes = delete()
    except RuleError as exc:
        QMessageBox.warning(parent, "Suppression impossible", literal(str(exc)))
        return False
    ctx.bus.emit(changes)
    return True


def delete_on_worker(parent: QWidget, ctx: AppContext, refused: str | None, title: str, question: str,
                     delete: Callable[[], Changes], on_done: Callable[[], None]) -> None:
    """`delete_confirmed` with the deletion on the database worker: explain why the record cannot go
    (`refused`), or ask, then delete (the runner tells every page) and call `on_done`; a refusal of
    the rules is shown in French and nothing else happens. Returns at once."""
    if refused:
        QMessageBox.warning(parent, "Suppression impossible", literal(refused))
        return
    if not confirmed(parent, title, question):
        return

    def failed(exc: BaseException) -> None:
        if not isinstance(exc, RuleError):
            raise exc  # the window's crash handler logs it and shows a French dialog
        QMessageBox.warning(parent, "Suppression impossible", literal(str(exc)))

    ctx.runner.op(parent, delete, lambda _changes: on_done(), failed)
