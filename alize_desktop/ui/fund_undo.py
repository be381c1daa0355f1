"""Undo and redo of fund entries (Édition › Annuler, Ctrl+Z).

An entry is undone by deleting it and redone by typing it again with the same id, both through
the services, so an undo can never break a rule: when it would (a later repayment relies on the
entry), the service refuses, the user is told why and the command is dropped from the stack.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QApplication, QMessageBox

from alize_desktop.services.fund import delete_entry, entry_values, restore_entry
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.context import AppContext


class _EntryCommand(QUndoCommand):
    def __init__(self, ctx: AppContext, kind: str, values: dict[str, Any], text: str, created: bool):
        super().__init__(text)
        self.ctx = ctx
        self.kind = kind
        self.values = values
        self.created = created  # True: the command recorded the entry; False: it deleted it
        self.first = True  # the service already ran when the command is pushed

    def _run(self, present: bool) -> None:
        try:
            if present:
                restore_entry(self.ctx.engine, self.kind, self.values)
            else:
                delete_entry(self.ctx.engine, self.kind, self.values["id"])
        except RuleError as exc:
            self.setObsolete(True)
            QMessageBox.warning(QApplication.activeWindow(), "Annulation impossible", str(exc))
            return
        self.ctx.bus.emit(Changes(fund=True))

    def redo(self) -> None:
        if self.first:
            self.first = False
            self.ctx.bus.emit(Changes(fund=True))
            return
        self._run(present=self.created)

    def undo(self) -> None:
        self._run(present=not self.created)


def push_recorded(ctx: AppContext, kind: str, entry_id: str, text: str) -> None:
    """After a service recorded `entry_id`: refresh the pages and make it undoable."""
    ctx.undo.push(_EntryCommand(ctx, kind, entry_values(ctx.engine, kind, entry_id), text, created=True))


def delete_undoable(ctx: AppContext, kind: str, entry_id: str, text: str) -> None:
    """Delete an entry (RuleError propagates to the caller) and make the deletion undoable."""
    values = entry_values(ctx.engine, kind, entry_id)
    delete_entry(ctx.engine, kind, entry_id)
    ctx.undo.push(_EntryCommand(ctx, kind, values, text, created=False))
