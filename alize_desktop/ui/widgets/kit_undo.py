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
                   changes: Changes, title: str) -> None:
    """Do the edit on the database worker, then make it undoable; returns at once. A refusal is
    shown in French under `title` (nothing pushed); any other failure reaches the crash handler.
    The pages are told the service's Changes once (`changes` when it returns none, and after each
    later undo and redo)."""

    def work() -> Changes:
        said = do()
        return said if isinstance(said, Changes) else changes

    def done(_said: Changes) -> None:  # the runner has told the bus already: pushed, not emitted
        ctx.undo.push(ServiceCommand(ctx, text, redo=do, undo=undo, changes=changes, parent=parent))

    def refused(exc: BaseException) -> None:
        if not isinstance(exc, RuleError):
            raise exc  # the window's crash handler logs it and shows a French dialog
        QMessageBox.warning(parent, title, literal(str(exc)))

    ctx.runner.op(parent, work, done, refused)


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
        """Undo the visible page's last edit: the one path of the menu, Ctrl+Z and the pages' ↶ buttons.
        Undoing a fund entry asks first (once, even when the caller already asked)."""
        text = self.undoText()
        if not self.canUndo():
            return
        command = self.next_undo()
        parent = self.parent() if isinstance(self.parent(), QWidget) else QApplication.activeWindow()
        if not getattr(command, "money_confirmed", False) and not confirm_money_undo(parent, command):
            return
        if command is not None:
            command.money_confirmed = False  # type: ignore[attr-defined]  # asked again next time
        super().undo()
        self.said.emit(f"Annulé : {text}. Ctrl+Maj+Z pour rétablir.")

    def redo(self) -> None:
        text = self.redoText()
        if self.canRedo():
            super().redo()
            self.said.emit(f"Rétabli : {text}.")


def confirm_money_undo(parent: QWidget | None, command: QUndoCommand | None) -> bool:
    """Undoing a fund entry moves money: ask, naming the entry (True when nothing needs asking).
    A yes is remembered on the command, so that PageUndo.undo right after does not ask twice."""
    if not getattr(command, "moves_money", False):
        return True
    assert command is not None
    answer = QMessageBox.question(
        parent, "Annuler un mouvement du fonds ?",
        literal(f"Annuler « {command.text()} » ?\nLe mouvement est retiré des comptes du fonds "
                "(Ctrl+Maj+Z le rétablit)."))
    command.money_confirmed = answer == QMessageBox.StandardButton.Yes  # type: ignore[attr-defined]
    return bool(command.money_confirmed)  # type: ignore[attr-defined]


def undo_last(parent: QWidget | None, undo: QUndoStack | QUndoGroup) -> bool:
    """What a page's own ↶ button does: the same as Ctrl+Z (PageUndo.undo, which asks before removing
    money); over a bare stack (a page tested alone), the same question first. False when nothing was undone."""
    if not undo.canUndo():
        return False
    if isinstance(undo, PageUndo):
        before = undo.stack().index()
        undo.undo()
        return undo.stack().index() != before
    stack = undo.activeStack() if isinstance(undo, QUndoGroup) else undo
    if stack is None or not confirm_money_undo(parent, stack.command(stack.index() - 1)):
        return False
    stack.undo()
    return True


def redo_last(undo: QUndoStack | QUndoGroup) -> bool:
    """What a page's own ↷ button does: the same as Ctrl+Maj+Z (acknowledged in the status bar)."""
    if not undo.canRedo():
        return False
    undo.redo()
    return True
