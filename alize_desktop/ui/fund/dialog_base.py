"""What every fund entry dialog shares: a French form whose refusals appear beside the field,
an amount field typed the French way, the service call run on the database worker (ctx.runner.op,
the dialog busy meanwhile), and the undo entry pushed once the service has written."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from alize_desktop.formatting import date_short, money_plain, parse_money
from alize_desktop.services.fund.entries import delete_entry, entry_values, new_entry_id, restore_entry
from alize_desktop.services.fund.views import AdvancePosition, AdvanceRow, advance_position
from alize_desktop.services.uow import Changes, RuleError
from alize_desktop.ui.shell.context import AppContext
from alize_desktop.ui.widgets.forms import FieldErrors, date_edit, get_date, ok_cancel
from alize_desktop.ui.widgets.kit_forms import set_saving
from alize_desktop.ui.widgets.kit_undo import ServiceCommand

# What a dialog's `save` returns: the service call for a given entry id (run on the worker, it
# returns the service's Changes) and the French text of the undo entry.
Write = tuple[Callable[[str], Changes], str]


def amount_edit(cents: int | None = None) -> QLineEdit:
    w = QLineEdit()
    w.setObjectName("amount")
    w.setPlaceholderText("0,00")
    w.setAlignment(Qt.AlignmentFlag.AlignRight)
    if cents:
        w.setText(money_plain(cents))
    return w


def advance_label(a: AdvanceRow) -> str:
    return f"{a.company_name} — {a.project_title}"


class EntryDialog(QDialog):
    """Subclasses set `kind`, build their fields with `add_*`, and implement `save(entry_id)`."""

    kind = ""
    what = ""  # French noun for the undo entry ("remboursement")

    def __init__(self, ctx: AppContext, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(title)
        self.setMinimumWidth(720)  # room for "Entreprise — intitulé du projet" in the advance list
        self.layout_ = QVBoxLayout(self)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors = FieldErrors(self.form)
        self.layout_.addLayout(self.form)
        self.entry_id: str | None = None

    def finish(self, ok_text: str = "Enregistrer") -> None:
        """Call once the fields are built: general errors, then the buttons."""
        self.layout_.addWidget(self.errors.general)
        self.buttons = ok_cancel(self, self.layout_, ok_text)

    def add_date(self, value: dt.date | None = None, label: str = "&Date :") -> None:
        self.date = date_edit(value or self.ctx.clock.today())
        self.date.setObjectName("date")
        self.errors.add_row("date", label, self.date, required=True)

    def add_amount(self, cents: int | None = None, label: str = "&Montant (€) :") -> None:
        self.amount = amount_edit(cents)
        self.errors.add_row("amount", label, self.amount, required=True)
        # What the operator typed is never replaced by a proposed amount arriving from the worker.
        self.amount.textEdited.connect(lambda _t: setattr(self, "amount_typed", True))

    amount_typed = False  # the operator typed an amount since the advance was chosen

    def add_advances(self, advances: list[AdvanceRow], selected: str | None) -> None:
        self.advance_combo = QComboBox()
        self.advance_combo.setObjectName("engagement")
        for a in advances:
            self.advance_combo.addItem(advance_label(a), a.engagement_id)
        index = self.advance_combo.findData(selected) if selected else -1
        self.advance_combo.setCurrentIndex(max(0, index))
        self.advance_combo.setMinimumContentsLength(40)
        self.advance_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.errors.add_row("engagement", "&Avance :", self.advance_combo, required=True)

    def add_position_label(self) -> QLabel:
        """The line under the fields saying where the chosen advance stands."""
        self.position_label = self.info_label()
        self.position_label.setObjectName("position")
        self.layout_.addWidget(self.position_label)
        return self.position_label

    no_advance_text = ""  # said when the advance list is empty

    def follow_advance(self) -> None:
        """Show the chosen advance's position now and whenever another advance is chosen."""
        self.advance_combo.currentIndexChanged.connect(self._advance_chosen)
        self._advance_chosen()

    def _advance_chosen(self) -> None:
        self.read_position(self._position_read)

    def _position_read(self, pos: AdvancePosition | None) -> None:
        if pos is None:
            self.position_label.setText(self.no_advance_text)
        else:
            self.show_position(pos)

    def show_position(self, pos: AdvancePosition) -> None:
        """Propose an amount and say where the advance stands (subclasses that `follow_advance`)."""
        raise NotImplementedError

    reading = False  # the chosen advance's figures are on their way from the database worker

    def read_position(self, then: Callable[[AdvancePosition | None], None]) -> None:
        """Read the figures of the advance chosen in the list on the database worker, then call
        `then(position)` (None when the list is empty). Choosing quickly through the list paints
        only the last advance's figures."""
        eid = self.advance_combo.currentData()
        if not eid:
            self.reading = False
            then(None)
            return
        engine = self.ctx.engine
        self.reading = True
        self.amount_typed = False  # another advance: its own amount is proposed
        self.position_label.setText("Lecture de la position de l'avance…")

        def read(pos: AdvancePosition | None) -> None:
            self.reading = False
            then(pos)

        self.ctx.runner.query(self, lambda: advance_position(engine, eid), read, key="position")

    def set_amount(self, cents: int) -> None:
        """Propose an amount, typed the French way ("1 250,00"); 0 leaves the field empty. Nothing
        changes once the operator has typed one (the proposal may come after the typing)."""
        if self.amount_typed:
            return
        self.amount.setText(money_plain(cents) if cents else "")

    def info_label(self) -> QLabel:
        lab = QLabel()
        lab.setWordWrap(True)
        lab.setTextFormat(Qt.TextFormat.PlainText)  # company names are user text
        lab.setStyleSheet("color: #333;")
        return lab

    def typed_amount(self) -> int | None:
        """Cents typed, or None (the error then shows beside the field)."""
        try:
            return parse_money(self.amount.text())
        except ValueError as exc:
            self.errors.show({"amount": str(exc)})
            self.adjustSize()
            return None

    def picked_date(self) -> dt.date:
        day = get_date(self.date)
        assert day is not None  # the field is not optional
        return day

    def save(self) -> Write:
        """Read the fields (GUI thread) and return the service call and the undo text; call
        `invalid()` after showing a typing error. The service raises RuleError to refuse."""
        raise NotImplementedError

    saving = False  # a save is on the database worker: the dialog is busy

    def accept(self) -> None:
        if self.saving:
            return
        self.errors.clear()
        try:
            call, text = self.save()
        except _Invalid:
            return
        # The Édition menu names the whole movement before it is undone: kind, amount, day, advance.
        text = f"{text} du {date_short(self.picked_date())}"
        combo = getattr(self, "advance_combo", None)
        if combo is not None and combo.currentText():
            text += f" — {combo.currentText()}"
        engine, kind = self.ctx.engine, self.kind

        def work() -> tuple[str, dict, Changes]:
            entry_id = new_entry_id(engine, kind)
            changes = call(entry_id)
            return entry_id, entry_values(engine, kind, entry_id), changes

        self._busy(True)
        self.ctx.runner.op(self, work, lambda result: self._saved(text, *result), self._refused)

    def _busy(self, busy: bool) -> None:
        set_saving(self, self.form, busy)

    def _saved(self, text: str, entry_id: str, values: dict, _changes: Changes) -> None:
        # The runner has told the pages the service's own Changes; the undo entry comes next.
        self._busy(False)
        self.entry_id = entry_id
        # Undone by deleting the entry, redone by typing it again with the same id, both through the
        # services: an undo that would break a rule (a later repayment relies on it) is refused.
        engine, kind = self.ctx.engine, self.kind
        self.ctx.undo.push(ServiceCommand(self.ctx, text, redo=lambda: restore_entry(engine, kind, values),
                                          undo=lambda: delete_entry(engine, kind, entry_id),
                                          changes=Changes(fund=True)))
        super().accept()

    def _refused(self, exc: BaseException) -> None:
        self._busy(False)
        if not isinstance(exc, RuleError):
            raise exc  # the window's crash handler logs it and shows a French dialog
        self.errors.show(exc.problems)  # the dialog stays open with what was typed
        self.adjustSize()  # grow to show the message instead of squeezing the field

    def reject(self) -> None:
        if not self.saving:  # the entry being written cannot be called back half-way
            super().reject()

    def invalid(self) -> None:
        """Stop `save` after showing a typing error (nothing is written)."""
        raise _Invalid


class _Invalid(Exception):
    """A field could not be read; its message is already shown."""
