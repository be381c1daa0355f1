"""The one undo command: an edit a service has already applied, undone and redone through the services
(partners, conventions, commitments, companies, projects, the basin, fund entries)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoGroup, QUndoStack
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from alize_desktop.services.changes import Changes, RuleError
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.kit_messages import literal


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
        # Undoing a fund entry takes money in or out of the fund: the window asks before doing it.
        self.moves_money = bool(changes is not None and changes.fund)

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


class PageUndo(QUndoGroup):
    """One undo stack per page of the window: Ctrl+Z undoes what the visible page did, never an edit
    made earlier on another page (a repayment on Fonds stays when the operator undoes on Partenaires).

    The window calls `set_page(key)` when the page changes; `push` goes on that page's stack. It has
    QUndoStack's few methods the dialogs use (push, clear, count, undoText…) so they need not know.
    `said(text)` is emitted after each push, undo and redo, for the status bar.
    """

    said = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.stacks: dict[str, QUndoStack] = {}
        self.set_page("")

    def stack_for(self, key: str) -> QUndoStack:
        if key not in self.stacks:
            stack = QUndoStack(self)
            self.addStack(stack)
            self.stacks[key] = stack
        return self.stacks[key]

    def set_page(self, key: str) -> None:
        self.setActiveStack(self.stack_for(key))

    def stack(self) -> QUndoStack:
        return self.activeStack()

    def push(self, command: QUndoCommand) -> None:
        self.stack().push(command)
        self.said.emit(f"Enregistré : {command.text()}. Ctrl+Z pour annuler.")

    def clear(self) -> None:
        for stack in self.stacks.values():
            stack.clear()

    def count(self) -> int:
        return self.stack().count()

    def next_undo(self) -> QUndoCommand | None:
        stack = self.stack()
        return stack.command(stack.index() - 1) if stack.canUndo() else None

    def undo(self) -> None:
        text = self.undoText()
        if self.canUndo():
            super().undo()
            self.said.emit(f"Annulé : {text}. Ctrl+Maj+Z pour rétablir.")

    def redo(self) -> None:
        text = self.redoText()
        if self.canRedo():
            super().redo()
            self.said.emit(f"Rétabli : {text}.")


def confirm_money_undo(parent: QWidget | None, command: QUndoCommand | None) -> bool:
    """Undoing a fund entry moves money: ask, naming the entry (True when nothing needs asking)."""
    if not getattr(command, "moves_money", False):
        return True
    assert command is not None
    answer = QMessageBox.question(
        parent, "Annuler un mouvement du fonds ?",
        literal(f"Annuler « {command.text()} » ?\nLe mouvement est retiré des comptes du fonds "
                "(Ctrl+Maj+Z le rétablit)."))
    return answer == QMessageBox.StandardButton.Yes
