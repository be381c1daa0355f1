"""Form helpers: French messages shown next to the field, the dialog kept open on a refusal."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from alize_desktop.ui.widgets.date_field import DateField
from alize_desktop.ui.widgets.read_only import is_read_only, read_only_form

ERROR_STYLE = "color: #b00020;"


class FieldErrors:
    """One red label under each field; `show(problems)` fills them, `clear()` empties them."""

    def __init__(self, form: QFormLayout):
        self.form = form
        self.labels: dict[str, QLabel] = {}
        self.captions: dict[str, QLabel] = {}
        self.general = QLabel()
        self.general.setObjectName("error_general")
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        self.general.hide()

    def add_row(self, key: str, label: str, widget: QWidget, required: bool = False) -> None:
        """Add `widget` with its French label and an error label just under it.

        Every form reads the same: no colon after the label, " *" after a required one (the
        dialogs written with "Lieu :" and no mark beside ones with "Nom *" read as two programs)."""
        box = QWidget()
        lay = QVBoxLayout(box)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(widget)
        err = QLabel()
        err.setObjectName(f"error_{key}")
        err.setStyleSheet(ERROR_STYLE)
        err.setWordWrap(True)
        err.hide()
        lay.addWidget(err)
        self.labels[key] = err
        watch_edits(widget, lambda e=err: (e.clear(), e.hide()))
        # The label's Alt+letter must reach the field itself, not the box holding it and its error.
        label = label.rstrip().removesuffix(":").rstrip()
        caption = QLabel(f"{label} *" if required and not label.endswith(" *") else label)
        caption.setBuddy(widget)
        self.captions[key] = caption
        self.form.addRow(caption, box)

    def set_required(self, key: str, required: bool) -> None:
        """Mark a field required or not, the one way every form does: " *" after its label."""
        caption = self.captions[key]
        bare = caption.text().removesuffix(" *")
        caption.setText(f"{bare} *" if required else bare)

    def clear(self) -> None:
        for lab in [*self.labels.values(), self.general]:
            lab.clear()
            lab.hide()

    def show(self, problems: dict[str, str]) -> None:
        self.clear()
        general = []
        for key, message in problems.items():
            lab = self.labels.get(key)
            if lab is None:
                general.append(message)
            else:
                lab.setText(message)
                lab.show()
        if general:
            self.general.setText("\n".join(general))
            self.general.show()

    def text(self, key: str) -> str:
        lab = self.labels.get(key)
        return lab.text() if lab is not None else ""


def watch_edits(widget: QWidget, slot: Any) -> None:
    """Call `slot` whenever the operator changes `widget` (or an editor inside it, e.g. a path field
    with its "Parcourir…" button): the error shown under a field goes away once the field is fixed."""
    editors = [widget, *widget.findChildren(QWidget)]
    for w in editors:
        for name in ("textEdited", "currentIndexChanged", "dateChanged", "valueChanged", "toggled"):
            signal = getattr(w, name, None)
            if signal is not None and hasattr(signal, "connect"):
                signal.connect(lambda *_: slot())
                break
        else:
            if isinstance(w, QPlainTextEdit | QTextEdit):
                w.textChanged.connect(lambda *_: slot())


def date_edit(value: dt.date | None = None, optional: bool = False) -> DateField:
    """The program's date field (ui/date_field.py): typed freely, a calendar, T for today; an optional
    date may stay empty.

    A required field's `value` is the caller's to give (usually `ctx.clock.today()`): this module
    never reads the calendar, so that the day comes from the program's one clock."""
    return DateField(value, optional=optional)


def as_of_edit(today: dt.date) -> DateField:
    """A page's "situation au" field: starts on today and follows the calendar while the operator
    leaves it on today (see `follow_today`)."""
    w = date_edit(today)
    w.setProperty("follows_today", True)
    return w


def follow_today(w: DateField, before: dt.date, today: dt.date) -> None:
    """An "as of" field still showing yesterday's today (the operator chose no other day) moves on."""
    if w.property("follows_today") and get_date(w) == before:
        set_date(w, today)


def set_date(w: DateField, value: dt.date | None) -> None:
    w.set_value(value)


def get_date(w: DateField) -> dt.date | None:
    """None for an optional field left empty. What is typed but not yet confirmed (the operator
    pressed Entrée or clicked OK straight after typing) is taken first."""
    w.commit()
    return w.value()


def ok_cancel(dialog: QDialog, layout: Any, ok_text: str = "Enregistrer") -> QDialogButtonBox:
    """French OK/Cancel buttons; OK calls dialog.accept (override accept to validate first)."""
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuler")
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    layout.addWidget(buttons)
    guard = DiscardGuard(dialog)
    dialog.installEventFilter(guard)
    if is_read_only(dialog):
        read_only_form(dialog, buttons)  # opened from a read-only window: shown, never saved
    return buttons


def form_state(dialog: QWidget) -> list[object]:
    """What the operator has typed or chosen in `dialog`, to tell a filled form from an untouched one."""
    state: list[object] = []
    for w in dialog.findChildren(QWidget):
        if isinstance(w, DateField):
            state.append(w.value())
        elif isinstance(w, QLineEdit) and w.objectName() != "date_text" and not w.isReadOnly():
            state.append(w.text())
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            state.append(w.toPlainText())
        elif isinstance(w, QComboBox):
            state.append(w.currentIndex())
        elif isinstance(w, QAbstractButton) and w.isCheckable():
            state.append(w.isChecked())
        elif isinstance(w, QAbstractSpinBox):
            state.append(w.text())
    return state


class DiscardGuard(QObject):
    """Échap on a form the operator has filled asks before throwing the typing away (the form's state
    when it was shown is the reference; an untouched form still closes at once)."""

    def __init__(self, dialog: QDialog):
        super().__init__(dialog)
        self.dialog = dialog
        self.shown: list[object] | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if not self.__dict__:  # torn down (its attributes cleared) while Qt still sends it events
            return False
        if (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape  # type: ignore[attr-defined]
                and getattr(self.dialog, "saving", False)):
            return True  # the record is being written: the dialog closes once it has landed
        if event.type() == QEvent.Type.Show and self.shown is None:
            self.shown = form_state(self.dialog)
        elif (event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape  # type: ignore[attr-defined]
              and self.shown is not None and form_state(self.dialog) != self.shown):
            answer = QMessageBox.question(self.dialog, "Abandonner la saisie ?",
                                          "Des champs ont été remplis ou modifiés. Les abandonner et fermer "
                                          "sans enregistrer ?")
            if answer != QMessageBox.StandardButton.Yes:
                return True  # the form stays open with what was typed
        return super().eventFilter(watched, event)
