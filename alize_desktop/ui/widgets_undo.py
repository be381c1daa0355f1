"""The undo command shared by every edit a service has already applied (partners, conventions,
commitments, companies, projects, the basin)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QMessageBox, QWidget

from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.context import AppContext
from alize_desktop.ui.widgets_message import literal


class ServiceCommand(QUndoCommand):
    """An edit already applied by a service; undo/redo call the inverse and the same service again.

    `changes` is what the bus is told after each step; None means "what the service returned".
    A step that the rules now refuse (e.g. undoing a creation once the record is referenced) is
    reported in French (under `title`) and the command is dropped from the stack rather than left
    half-applied. The text is lower-case: the Édition menu shows "Annuler <text>".
    """

    def __init__(self, ctx: AppContext, text: str, redo: Callable[[], Any], undo: Callable[[], Any],
                 changes: Changes | None = Changes(partners=True), parent: QWidget | None = None,  # noqa: B008
                 title: str = "Annulation impossible"):
        super().__init__(text)
        self.ctx, self._redo, self._undo, self.changes, self.parent = ctx, redo, undo, changes, parent
        self.title = title
        self.first = True

    def _run(self, action: Callable[[], Any]) -> None:
        try:
            result = action()
        except RuleError as exc:
            QMessageBox.warning(self.parent, self.title, literal(str(exc)))
            self.setObsolete(True)
            return
        self.ctx.bus.emit(result if self.changes is None else self.changes)

    def redo(self) -> None:
        if self.first:  # the dialog has just done it
            self.first = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)


def apply_undoable(parent: QWidget, ctx: AppContext, text: str, do: Callable[[], Any], undo: Callable[[], Any],
                   changes: Changes, title: str) -> bool:
    """Do the edit now (a refusal is shown in French under `title`), then make it undoable."""
    try:
        do()
    except RuleError as exc:
        QMessageBox.warning(parent, title, literal(str(exc)))
        return False
    ctx.undo.push(ServiceCommand(ctx, text, redo=do, undo=undo, changes=changes, parent=parent))
    ctx.bus.emit(changes)
    return True
