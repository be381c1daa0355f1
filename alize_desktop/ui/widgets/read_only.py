"""Read-only windows: one mark on what writes, one lock applied wherever a read-only window holds it.

A basin opened from the network (« Réseau ALIZÉ ») is a copy of what its office sent: nothing in
its window may change it. Instead of each page deciding, every button, action or shortcut that
writes is marked once with `writes(...)`; a page, a window or a dialog that lives in a read-only
window (an ancestor carries the `READ_ONLY` property, set by the page base class and the main
window when `ctx.read_only`) disables every marked object in it and says why in its tooltip.
A page that enables its buttons again after a selection cannot undo the lock: the locked object
is put back to disabled at once. Forms opened from a read-only window show their fields read-only
and no save button (`read_only_form`, called by the shared OK/Annuler buttons).

The engine is read-only too (db.open_readonly): a write that slipped through fails there, and the
failure is shown as one French sentence (`db.is_read_only_refusal`).
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QAction, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

READ_ONLY_TIP = "Lecture seule : ce bassin est une copie reçue par le réseau."
WRITES = "alize_writes"  # dynamic property: this button, action or shortcut writes into the base
READ_ONLY = "alize_read_only"  # dynamic property of a read-only page, window or dialog
_LOCKED = "alize_locked"
_OPEN = "alize_read_only_open"  # on the QApplication once a read-only window exists

Marked = TypeVar("Marked", bound=QObject)  # a button, an action, a shortcut or an input that saves as it changes


def writes(obj: Marked) -> Marked:
    """Mark `obj` as writing into the base (returned, to wrap its creation). In a read-only window
    it is locked now, or as soon as it is shown there."""
    obj.setProperty(WRITES, True)
    if is_read_only(obj):
        lock(obj)
    elif isinstance(obj, QWidget) and _read_only_open():
        obj.installEventFilter(_guard())  # not yet in its window (a button made before its layout)
    return obj


def is_read_only(obj: QObject | None) -> bool:
    """Whether `obj` lives in a read-only page, window or dialog (its own or an ancestor's mark)."""
    while obj is not None:
        if obj.property(READ_ONLY) is True:
            return True
        obj = obj.parent()
    return False


def mark_read_only(obj: QObject) -> None:
    """Make `obj` (a page, a window) read-only: what it holds and what it opens writes nothing."""
    obj.setProperty(READ_ONLY, True)
    app = QApplication.instance()
    if app is not None:
        app.setProperty(_OPEN, True)


def is_locked(obj: QObject) -> bool:
    return obj.property(_LOCKED) is True


def lock(obj: QObject) -> None:
    """Disable a marked object for good, with the reason as its tooltip."""
    if is_locked(obj):
        return
    obj.setProperty(_LOCKED, True)
    if isinstance(obj, QShortcut):
        obj.setEnabled(False)
        return
    if isinstance(obj, QAction):
        obj.setEnabled(False)
        obj.setToolTip(READ_ONLY_TIP)
        obj.setStatusTip(READ_ONLY_TIP)
        obj.changed.connect(lambda a=obj: _keep_action_locked(a))
        if isinstance(obj.parent(), QMenu):
            obj.parent().setToolTipsVisible(True)  # a menu shows its entries' tooltips only when asked
        return
    if isinstance(obj, QLineEdit | QAbstractSpinBox | QPlainTextEdit | QTextEdit):
        obj.setReadOnly(True)  # its text stays selectable and readable
        obj.setToolTip(READ_ONLY_TIP)
    elif isinstance(obj, QWidget):
        obj.setEnabled(False)
        obj.setToolTip(READ_ONLY_TIP)
        obj.installEventFilter(_guard())


def lock_marked(root: QObject) -> int:
    """Lock every marked object under `root` (the number locked, for tests and logs)."""
    found = 0
    for kind in (QWidget, QAction, QShortcut):
        for obj in root.findChildren(kind):
            if obj.property(WRITES) is True:
                lock(obj)
                found += 1
    return found


def read_only_form(dialog: QDialog, buttons: QDialogButtonBox) -> None:
    """A record form opened from a read-only window: its fields are shown, not editable, and its
    save button is locked; Annuler becomes Fermer."""
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    if ok is not None:
        writes(ok)
        lock(ok)
    cancel = buttons.button(QDialogButtonBox.StandardButton.Cancel)
    if cancel is not None:
        cancel.setText("Fermer")
    dialog.setProperty(READ_ONLY, True)
    dialog.installEventFilter(_FieldsLock(dialog))


def freeze_fields(root: QWidget) -> None:
    """Every input under `root` shows its value and takes no typing (lists and tabs still move);
    the form's own tool buttons (add a line, browse, a new company…) are locked: they change it."""
    from alize_desktop.ui.widgets.date_field import DateField

    for w in root.findChildren(QWidget):
        if isinstance(w, DateField | QComboBox) or (isinstance(w, QAbstractButton) and w.isCheckable()):
            w.setEnabled(False)
        elif isinstance(w, QLineEdit | QAbstractSpinBox | QPlainTextEdit | QTextEdit):
            w.setReadOnly(True)
        elif isinstance(w, QAbstractItemView):
            w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # a table of amounts, say
        elif isinstance(w, QAbstractButton) and not isinstance(w.parentWidget(), QDialogButtonBox):
            writes(w)
    lock_marked(root)


def _read_only_open() -> bool:
    app = QApplication.instance()
    return app is not None and app.property(_OPEN) is True


def _keep_action_locked(action: QAction) -> None:
    if action.isEnabled():
        action.setEnabled(False)
    if action.toolTip() != READ_ONLY_TIP:
        action.setToolTip(READ_ONLY_TIP)


class _Guard(QObject):
    """Keeps a locked widget disabled, and locks a marked one once it is shown in a read-only window."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self.__dict__:  # torn down (its attributes cleared) while Qt still sends it events
            return False
        kind = event.type()
        if not isinstance(watched, QWidget):
            return False
        if not is_locked(watched):
            if kind in (QEvent.Type.Show, QEvent.Type.ParentChange) and is_read_only(watched):
                lock(watched)
        elif kind == QEvent.Type.EnabledChange and watched.isEnabled():
            watched.setEnabled(False)
        elif kind == QEvent.Type.ToolTipChange and watched.toolTip() != READ_ONLY_TIP:
            watched.setToolTip(READ_ONLY_TIP)
        return False


class _FieldsLock(QObject):
    """Freezes a read-only form's fields when it is shown (fields are added after its buttons)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self.__dict__:  # torn down (its attributes cleared) while Qt still sends it events
            return False
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget):
            freeze_fields(watched)
        return False


_GUARD: _Guard | None = None


def _guard() -> _Guard:
    """One guard for every widget (owned by the application, so it outlives any window)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = _Guard(QApplication.instance())
    return _GUARD
