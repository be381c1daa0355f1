"""The light busy state of a form whose record or choices are read on the database worker: the
form opens at once, its fields and its save button wait, greyed, until the read is painted.

A form never saves before its choices are there (its `ready` flag), Annuler and Échap still close it, and
an untouched form still closes without asking once its fields are filled (the discard guard's
reference is taken again after the first read, not at the opening)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QWidget

from alize_desktop.ui.widgets.forms import DiscardGuard, form_state
from alize_desktop.ui.widgets.read_only import freeze_fields, is_read_only


def form_widgets(form: QFormLayout) -> list[QWidget]:
    """The widgets of the rows of `form` (labels and fields)."""
    items = (form.itemAt(i) for i in range(form.count()))
    return [w for item in items if item is not None and (w := item.widget()) is not None]


def hold(dialog: QDialog, parts: list[QWidget]) -> list[QWidget]:
    """Grey `parts` while a read is on the worker; returns those greyed here, for `release`
    (a field the form keeps disabled on purpose, or a locked save button, stays as it was)."""
    held = [w for w in parts if w.isEnabled()]
    for w in held:
        w.setEnabled(False)
    dialog.setCursor(Qt.CursorShape.BusyCursor)
    return held


def release(dialog: QDialog, held: list[QWidget], *, first: bool) -> None:
    """The read is painted: the fields take typing again. After the `first` read the discard
    guard compares with the filled form (an untouched form still closes at once); in a read-only
    window the fields added by the read are frozen as the others were."""
    for w in held:
        w.setEnabled(True)
    dialog.unsetCursor()
    if first:
        guard = dialog.findChild(DiscardGuard)
        if guard is not None and guard.shown is not None:
            guard.shown = form_state(dialog)
    if is_read_only(dialog):
        freeze_fields(dialog)
