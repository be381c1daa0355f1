"""What the record forms share: the dialog frame (fields, general message, French buttons), the
refusal shown beside the fields with the focus on the first one, multi-line, optional-number and
file fields, and the undoable save."""

from __future__ import annotations

import pathlib
from collections.abc import Callable
from typing import Any, Protocol

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
from alize_desktop.ui.widgets.kit_undo import push_done


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


class RecordForm(Protocol):
    ctx: AppContext
    saved_id: str | None
    errors: FieldErrors

    def parentWidget(self) -> QWidget: ...  # noqa: N802 - Qt API


def save_undoable(dialog: RecordForm, row: Any, values: dict[str, Any], *,
                  create: Callable[..., str], update: Callable[..., Changes], delete: Callable[..., Any],
                  changes: Changes, created: Callable[[dict[str, Any], str], str],
                  updated: Callable[[dict[str, Any], str], str],
                  normalise: Callable[[dict[str, Any]], dict[str, Any]] | None = None) -> bool:
    """Create (row None) or update `row` through the service, then make it undoable.

    `created`/`updated` give the undo text from the saved values and the id. Returns False when
    the service refuses (messages under the fields, focus on the first) and True when the dialog
    may close, including when nothing changed (nothing pushed, nothing emitted).
    """
    ctx, engine = dialog.ctx, dialog.ctx.engine
    keep = normalise or (lambda v: v)
    try:
        if row is None:
            new_id = create(engine, values)
            saved = keep(values)
            text, redo, undo = created(saved, new_id), lambda: create(engine, saved, new_id), lambda: delete(engine, new_id)
            dialog.saved_id = new_id
        else:
            before, rid, after = row.values(), row.id, keep(values)
            if update(engine, rid, values) == Changes():
                return True
            text, redo, undo = updated(after, rid), lambda: update(engine, rid, after), lambda: update(engine, rid, before)
            dialog.saved_id = rid
    except RuleError as exc:
        show_problems(dialog, dialog.errors, exc.problems)  # type: ignore[arg-type]
        return False
    push_done(ctx, text, redo, undo, changes, dialog.parentWidget())
    return True


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
