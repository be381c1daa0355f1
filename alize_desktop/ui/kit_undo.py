"""The one undo command: an edit a service has already applied, undone and redone through the services
(partners, conventions, commitments, companies, projects, the basin, fund entries)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.context import AppContext
from alize_desktop.ui.kit_messages import literal


class ServiceCommand(QUndoCommand):
    """An edit already applied by a service; undo/redo call the inverse and the same service again.

    `changes` is what the bus is told after each step; None means "what the service returned".
    A step that the rules now refuse (e.g. undoing a creation once the record is referenced) is
    reported in French (under `title`, as `refusal` with the reason, over `parent` or else the active
    window) and the command is dropped from the stack rather than left half-applied. The Édition menu
    shows "Annuler <text>".
    """

    def __init__(self, ctx: AppContext, text: str, redo: Callable[[], Any], undo: Callable[[], Any],
                 changes: Changes | None = None, parent: QWidget | None = None,
                 title: str = "Annulation impossible", refusal: str = "{}"):
        super().__init__(text)
        self.ctx, self._redo, self._undo, self.changes, self.parent = ctx, redo, undo, changes, parent
        self.title, self.refusal = title, refusal
        self.first = True

    def _run(self, action: Callable[[], Any]) -> None:
        try:
            result = action()
        except RuleError as exc:
            parent = self.parent if self.parent is not None else QApplication.activeWindow()
            QMessageBox.warning(parent, self.title, literal(self.refusal.format(exc)))
            self.setObsolete(True)
            return
        self.ctx.bus.emit(result if self.changes is None else self.changes)

    def redo(self) -> None:
        if self.first:  # the caller has just done it
            self.first = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)


def push_done(ctx: AppContext, text: str, redo: Callable[[], Any], undo: Callable[[], Any], changes: Changes,
              parent: QWidget | None = None, **refused: str) -> None:
    """After a service did an edit: make it undoable and tell every page (`refused`: the `title` and
    `refusal` of ServiceCommand)."""
    ctx.undo.push(ServiceCommand(ctx, text, redo=redo, undo=undo, changes=changes, parent=parent, **refused))
    ctx.bus.emit(changes)


def apply_undoable(parent: QWidget, ctx: AppContext, text: str, do: Callable[[], Any], undo: Callable[[], Any],
                   changes: Changes, title: str) -> bool:
    """Do the edit now (a refusal is shown in French under `title`), then make it undoable."""
    try:
        do()
    except RuleError as exc:
        QMessageBox.warning(parent, title, literal(str(exc)))
        return False
    push_done(ctx, text, do, undo, changes, parent)
    return True
