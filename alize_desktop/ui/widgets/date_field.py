"""The one date field of the program: typed freely, with a calendar and a "today" shortcut.

QDateEdit edits a date section by section: after a click the digits went into the wrong section or
nowhere, "17/12/2026" became "17/12/1", an optional date could not be typed at all and its calendar
opened on January 1900. Here the operator types the date as written on paper ("17/12/2026",
"17122026", "17/12" for this year, "17/12/26"), presses T (or Ctrl+;) for today, or picks it in a
calendar that opens on the field's date, else on today.

"Today" is the program's clock (`ctx.clock`), found on the window or dialog holding the field, or
the `reference` day given at creation: the field never reads the system calendar.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Callable

from PySide6.QtCore import QDate, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from alize_desktop.formatting import date_short

INVALID_STYLE = "QLineEdit { border: 1px solid #b00020; }"
HELP = "Tapez la date : 17/12/2026, 17122026 ou 17/12 (cette année) ; T ou Ctrl+; : aujourd'hui"


def parse_typed_date(text: str, year: int) -> dt.date | None:
    """The date in `text` as an operator types it; `year` completes "17/12". None when it is not one."""
    t = text.strip()
    if not t:
        return None
    parts = [p for p in re.split(r"[/.\-\s]+", t) if p]
    if len(parts) == 1 and parts[0].isdigit():
        digits = parts[0]
        if len(digits) == 8:
            parts = [digits[:2], digits[2:4], digits[4:]]
        elif len(digits) == 6:
            parts = [digits[:2], digits[2:4], digits[4:]]
        elif len(digits) == 4:
            parts = [digits[:2], digits[2:]]
        else:
            return None
    if not all(p.isdigit() for p in parts):
        return None
    if len(parts) == 3 and len(parts[0]) == 4:  # 2026-12-17
        parts = [parts[2], parts[1], parts[0]]
    if len(parts) == 2:
        parts.append(str(year))
    if len(parts) != 3:
        return None
    day, month, y = (int(p) for p in parts)
    if len(parts[2]) <= 2:
        y += 2000
    try:
        return dt.date(y, month, day)
    except (ValueError, OverflowError):
        return None


class DateField(QWidget):
    """A date, or nothing when `optional`. The QDateEdit calls the program used are kept (`date`,
    `setDate`, `dateChanged`), so forms and pages read it as before through forms.get_date/set_date."""

    dateChanged = Signal(QDate)  # noqa: N815 - the QDateEdit name the forms connect to

    def __init__(self, value: dt.date | None = None, optional: bool = False, reference: dt.date | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.optional = optional
        self._value: dt.date | None = None
        self._reference = reference or value
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        self.edit = _DateText(self)
        self.edit.setObjectName("date_text")
        self.edit.setPlaceholderText("jj/mm/aaaa" if not optional else "jj/mm/aaaa (facultatif)")
        self.edit.setToolTip(HELP)
        # Wide enough for its placeholder: « jj/mm/aaaa (facul… » told nothing (+ the clear button's room).
        self.edit.setMinimumWidth(self.edit.fontMetrics().horizontalAdvance(self.edit.placeholderText())
                                  + (40 if optional else 16))
        self.edit.setMaximumWidth(self.edit.fontMetrics().horizontalAdvance("jj/mm/aaaa (facultatif)") + 40)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)  # a date, not a line
        self.edit.setClearButtonEnabled(optional)
        self.edit.textEdited.connect(self._typed)
        self.edit.editingFinished.connect(self._finished)
        self.setFocusProxy(self.edit)
        self.calendar_button = QToolButton()
        self.calendar_button.setObjectName("date_calendar")
        self.calendar_button.setText("▾")
        self.calendar_button.setToolTip("Choisir dans le calendrier (Alt+Bas)")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.today_button = QToolButton()
        self.today_button.setObjectName("date_today")
        self.today_button.setText("Auj.")
        self.today_button.setToolTip("Aujourd'hui (T ou Ctrl+;)")
        self.today_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.today_button.clicked.connect(self.set_today)
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.calendar_button)
        lay.addWidget(self.today_button)
        self.calendar: QCalendarWidget | None = None
        self.set_value(value)

    # -- the value ------------------------------------------------------------------------------
    def value(self) -> dt.date | None:
        return self._value

    def set_value(self, value: dt.date | None, emit: bool = True) -> None:
        if value is None and not self.optional and self._value is not None:
            value = self._value  # a required date cannot be emptied
        self.edit.setText(date_short(value) if value is not None else "")
        self.edit.setStyleSheet("")
        if value != self._value:
            self._value = value
            if value is not None:
                self._reference = value
            if emit:
                self.dateChanged.emit(self.date())

    def date(self) -> QDate:
        """As QDateEdit: a null QDate for an empty optional field."""
        v = self._value
        return QDate(v.year, v.month, v.day) if v is not None else QDate()

    def setDate(self, value: QDate) -> None:  # noqa: N802 - QDateEdit API
        self.set_value(dt.date(value.year(), value.month(), value.day()) if value.isValid() else None)

    def today(self) -> dt.date | None:
        """The program's today: the clock of the window or dialog holding the field, else the reference."""
        widget: QObject | None = self
        while widget is not None:
            ctx = getattr(widget, "ctx", None)
            clock = getattr(ctx, "clock", None)
            if clock is not None:
                return clock.today()  # type: ignore[no-any-return]
            widget = widget.parent()
        return self._reference

    def set_today(self) -> None:
        day = self.today()
        if day is not None:
            self.set_value(day)
            self.edit.selectAll()

    # -- typing ---------------------------------------------------------------------------------
    def _year(self) -> int:
        day = self._value or self.today() or self._reference
        return day.year if day is not None else 2000

    def _typed(self, text: str) -> None:
        """Each key typed: a complete date is taken at once (the previews follow); else wait."""
        parsed = parse_typed_date(text, self._year()) if len(text.strip()) >= 8 else None
        if parsed is not None and parsed != self._value:
            self._value = parsed
            self._reference = parsed
            self.dateChanged.emit(self.date())
        self.edit.setStyleSheet("")

    def _finished(self) -> None:
        text = self.edit.text()
        if not text.strip():
            if self.optional:
                self.set_value(None)
            else:
                self.set_value(self._value)  # a required date keeps its day
            return
        parsed = parse_typed_date(text, self._year())
        if parsed is None:
            self.edit.setStyleSheet(INVALID_STYLE)
            self.edit.setToolTip("Date incomprise : " + HELP)
            return
        self.edit.setToolTip(HELP)
        self.set_value(parsed)

    def commit(self) -> None:
        """Take what is typed now (a dialog's OK reads the field before editingFinished arrives)."""
        if self.edit.isModified() or self.edit.text() != (date_short(self._value) if self._value else ""):
            self._finished()

    def key_pressed(self, key_event: QKeyEvent) -> bool:
        """A key typed in the text (from _DateText): True when the field used it."""
        shown = date_short(self._value) if self._value is not None else ""
        if (key_event.text().isdigit() and not self.edit.hasSelectedText() and shown
                and self.edit.text() == shown):
            # Digits typed over the date shown start a new date wherever the click put the cursor
            # (QDateEdit sent them into one section, or nowhere).
            self.edit.clear()
        if key_event.key() == Qt.Key.Key_T and not key_event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier:
            self.set_today()
            return True
        if key_event.key() == Qt.Key.Key_Semicolon and key_event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_today()
            return True
        if key_event.key() == Qt.Key.Key_Down and key_event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.open_calendar()
            return True
        return False

    # -- the calendar ---------------------------------------------------------------------------
    def open_calendar(self) -> None:
        self.commit()
        menu = QMenu(self)
        calendar = QCalendarWidget(menu)
        calendar.setObjectName("date_calendar_widget")
        calendar.setGridVisible(True)
        shown = self._value or self.today()
        if shown is not None:
            calendar.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        calendar.clicked.connect(lambda d: (self.setDate(d), menu.close()))
        calendar.activated.connect(lambda d: (self.setDate(d), menu.close()))
        action = QWidgetAction(menu)
        action.setDefaultWidget(calendar)
        menu.addAction(action)
        self.calendar = calendar
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, True)
        menu.popup(self.mapToGlobal(self.rect().bottomLeft()))
        calendar.setFocus()

    # -- QDateEdit calls kept for the callers -----------------------------------------------------
    def calendarWidget(self) -> QCalendarWidget | None:  # noqa: N802 - QDateEdit API
        return self.calendar

    def lineEdit(self) -> QLineEdit:  # noqa: N802 - QDateEdit API
        return self.edit


def connect_value(field: DateField, slot: Callable[[dt.date | None], object]) -> None:
    """`slot(day)` each time the field's date changes."""
    field.dateChanged.connect(lambda _d: slot(field.value()))


class _DateText(QLineEdit):
    """The typed text of a DateField. Its keys, first click and focus are handled here rather than
    by an event filter on it: Qt still calls a filter while the field is being destroyed, when its
    Python side may already be gone (a crash at random)."""

    def __init__(self, field: DateField):
        super().__init__()
        self._field = weakref.ref(field)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        field = self._field()
        if field is not None and field.key_pressed(event):
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if not self.hasFocus():
            # The first click selects the whole date, so that the digits typed next replace it
            # (QDateEdit sent them into whichever section the click had landed in).
            self.setFocus(Qt.FocusReason.MouseFocusReason)
            self.selectAll()
            return
        super().mousePressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 - Qt API
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason,
                              Qt.FocusReason.ShortcutFocusReason):
            self.selectAll()
