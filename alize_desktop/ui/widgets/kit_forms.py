"""What the record forms share: the dialog frame (fields, general message, French buttons), the
refusal shown beside the fields with the focus on the first one, multi-line, optional-number and
file fields, and the undoable save."""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import FieldErrors, ok_cancel
from alize_desktop.ui.widgets.kit_undo import ServiceCommand


def form_frame(dialog: QDialog, name: str, title: str, min_width: int) -> tuple[QVBoxLayout, FieldErrors]:
    """Name and title the dialog; return its layout and the FieldErrors of a form already in it."""
    dialog.setObjectName(name)
    dialog.setWindowTitle(title)
    dialog.setMinimumWidth(min_width)
    layout = QVBoxLayout(dialog)
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    layout.addLayout(form)
    return layout, FieldErrors(form)


def form_buttons(dialog: QDialog, layout: QVBoxLayout, errors: FieldErrors, creating: bool,
                 create_text: str = "Créer") -> QDialogButtonBox:
    """The general message, then "Créer" (or `create_text`) for a new record, "Enregistrer" otherwise."""
    layout.addWidget(errors.general)
    return ok_cancel(dialog, layout, create_text if creating else "Enregistrer")


def show_problems(dialog: QWidget, errors: FieldErrors, problems: dict[str, str]) -> None:
    """Each message under its field, and the focus on the first field refused (by objectName)."""
    errors.show(problems)
    first = next(iter(problems), "")
    widget = dialog.findChild(QWidget, first) if first else None
    if widget is not None:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


def text_box(name: str = "", height: int = 0, placeholder: str = "") -> QPlainTextEdit:
    """A multi-line field that Tab leaves (an operator fills the form from top to bottom)."""
    w = QPlainTextEdit()
    w.setObjectName(name)
    w.setTabChangesFocus(True)
    w.setPlaceholderText(placeholder)
    if height:
        w.setFixedHeight(height)
    return w


def optional_spin(maximum: int = 100_000) -> QSpinBox:
    """A whole number that may be left empty ("—")."""
    w = QSpinBox()
    w.setRange(-1, maximum)
    w.setSpecialValueText("—")
    w.setValue(-1)
    return w


def spin_value(w: QSpinBox) -> int | None:
    return None if w.value() < 0 else w.value()


def set_spin(w: QSpinBox, value: int | None) -> None:
    w.setValue(-1 if value is None else value)


class RecordDialog(QDialog):
    """A record form saved through `save_undoable`: the service runs on the database worker, the
    dialog is busy meanwhile (Échap and the window's close button do nothing) and closes once the
    save has landed. Subclasses set `ctx`, `errors` (form_frame) and `buttons` (form_buttons)."""

    ctx: AppContext
    errors: FieldErrors
    buttons: QDialogButtonBox
    saved_id: str | None = None
    saving = False  # a save is on the database worker

    def reject(self) -> None:
        if not self.saving:  # the record being written cannot be called back half-way
            super().reject()


def save_undoable(dialog: RecordDialog, row: Any, values: dict[str, Any], *,
                  create: Callable[..., str], update: Callable[..., Changes], delete: Callable[..., Any],
                  changes: Changes, created: Callable[[dict[str, Any], str], str],
                  updated: Callable[[dict[str, Any], str], str],
                  normalise: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> None:
    """Create (row None) or update `row` through the service on the database worker, then make it
    undoable and close the dialog; returns at once (a second call while saving does nothing).

    `created`/`updated` give the undo text from the saved values and the id; `changes` is what a
    creation tells the pages (its service returns only the id) and what the undo and redo steps
    tell them. A refusal shows its messages under the fields (focus on the first) and leaves the
    dialog open with what was typed; an update that changed nothing closes it with no undo entry.
    """
    if dialog.saving:
        return
    engine = dialog.ctx.engine
    keep = normalise or (lambda v: v)
    before = row.values() if row is not None else None  # read on the GUI thread: the row is in memory

    def work() -> tuple[str, dict[str, Any], Changes | None]:
        # Runs on the worker: no widget here. The last item is what the runner tells the bus
        # (None when nothing changed: nothing is said).
        if row is None:
            return create(engine, values), keep(values), changes
        said = update(engine, row.id, values)
        return row.id, keep(values), None if said == Changes() else said

    def saved(result: tuple[str, dict[str, Any], Changes | None]) -> None:
        _busy(dialog, False)
        rid, after, said = result
        if row is None:
            text, redo, undo = created(after, rid), lambda: create(engine, after, rid), lambda: delete(engine, rid)
        elif said is not None:
            text, redo, undo = updated(after, rid), lambda: update(engine, rid, after), lambda: update(engine, rid, before)
        else:  # nothing changed: nothing to undo
            QDialog.accept(dialog)
            return
        dialog.saved_id = rid
        # The runner has already told the bus the service's Changes: the command is pushed, not emitted.
        dialog.ctx.undo.push(ServiceCommand(dialog.ctx, text, redo=redo, undo=undo, changes=changes,
                                            parent=dialog.parentWidget()))
        QDialog.accept(dialog)

    def refused(exc: BaseException) -> None:
        _busy(dialog, False)
        if not isinstance(exc, RuleError):
            raise exc  # the window's crash handler logs it and shows a French dialog
        show_problems(dialog, dialog.errors, exc.problems)

    dialog.errors.clear()
    _busy(dialog, True)
    dialog.ctx.runner.op(dialog, work, saved, refused)


def set_saving(dialog: Any, form: QFormLayout, busy: bool) -> None:
    """A light busy state while a dialog's service writes (its `saving` flag, `buttons` and the
    fields of `form`): the form stays readable, not editable. The record and fund dialogs share it."""
    dialog.saving = busy
    dialog.buttons.setEnabled(not busy)
    for i in range(form.count()):
        item = form.itemAt(i)
        if item is not None and item.widget() is not None:
            item.widget().setEnabled(not busy)
    if busy:
        dialog.setCursor(Qt.CursorShape.BusyCursor)
    else:
        dialog.unsetCursor()


def _busy(dialog: RecordDialog, busy: bool) -> None:
    set_saving(dialog, dialog.errors.form, busy)


def documents_folder(name: str = "") -> str:
    """Where a file dialog starts: the operator's Documents folder (the home folder if there is none),
    with `name` as the suggested file."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    base = pathlib.Path(folder) if folder else pathlib.Path.home()
    return str(base / name) if name else str(base)


def file_field(name: str, placeholder: str, caption: str, filters: str, browse_text: str = "Parcourir…",
               read_only: bool = False) -> tuple[QWidget, QLineEdit, QHBoxLayout]:
    """A path typed or chosen with a "Parcourir…" button (the file dialog opens in the Documents folder).

    Returns the row to put in the form, the path field, and the row's layout (for a further button).
    """
    box = QWidget()
    row = QHBoxLayout(box)
    row.setContentsMargins(0, 0, 0, 0)
    path = QLineEdit()
    path.setObjectName(name)
    path.setPlaceholderText(placeholder)
    path.setReadOnly(read_only)

    def browse() -> None:
        start = path.text().strip() or documents_folder()
        chosen, _ = QFileDialog.getOpenFileName(box.window(), caption, start, filters)
        if chosen:
            path.setText(chosen)

    choose = QPushButton(browse_text)
    choose.setObjectName(f"{name}_browse")
    choose.setToolTip(caption)
    choose.clicked.connect(browse)
    row.addWidget(path, 1)
    row.addWidget(choose)
    return box, path, row
