"""The date field as an operator uses it: a click then digits, free formats, T for today, an optional
date typed and cleared, the calendar opening on today, and "situation au" following the calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from alize_desktop.ui.widgets.forms import as_of_edit, date_edit, follow_today, get_date

TODAY = dt.date(2026, 11, 26)  # the tests' clock


@pytest.fixture
def holder(qtbot, ctx):  # type: ignore[no-untyped-def]
    """A window holding the fields, with the program's context (its clock is "today")."""
    w = QWidget()
    w.ctx = ctx  # type: ignore[attr-defined]
    QVBoxLayout(w)
    qtbot.addWidget(w)
    w.show()
    return w


def _field(holder, value=None, optional=False):  # type: ignore[no-untyped-def]
    f = date_edit(value, optional=optional)
    holder.layout().addWidget(f)
    return f


def _click_and_type(qtbot, field, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(field.edit, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(field.edit, text)
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)


@pytest.mark.parametrize(("typed", "expected"), [
    ("17/12/2026", dt.date(2026, 12, 17)),
    ("17122026", dt.date(2026, 12, 17)),
    ("17/12", dt.date(2026, 12, 17)),  # this year, from the program's clock
    ("5.3.27", dt.date(2027, 3, 5)),
])
def test_digits_typed_after_a_click_make_the_date(qtbot, holder, typed, expected) -> None:  # type: ignore[no-untyped-def]
    field = _field(holder, TODAY)
    _click_and_type(qtbot, field, typed)
    assert get_date(field) == expected
    assert field.edit.text() == expected.strftime("%d/%m/%Y")


def test_what_is_not_a_date_is_shown_in_red_and_the_day_kept(qtbot, holder) -> None:  # type: ignore[no-untyped-def]
    field = _field(holder, TODAY)
    _click_and_type(qtbot, field, "31/02/2026")
    assert "b00020" in field.edit.styleSheet()
    assert field.value() == TODAY


def test_an_optional_date_is_typed_then_cleared(qtbot, holder) -> None:  # type: ignore[no-untyped-def]
    field = _field(holder, None, optional=True)
    assert get_date(field) is None and field.edit.text() == ""
    _click_and_type(qtbot, field, "01/02/2027")
    assert get_date(field) == dt.date(2027, 2, 1)
    field.edit.setFocus()
    field.edit.selectAll()
    qtbot.keyClick(field.edit, Qt.Key.Key_Delete)
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert get_date(field) is None


def test_t_and_the_button_give_today_and_the_calendar_opens_on_today(qtbot, holder) -> None:  # type: ignore[no-untyped-def]
    field = _field(holder, None, optional=True)
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_T)
    assert get_date(field) == TODAY
    other = _field(holder, dt.date(2025, 1, 3))
    qtbot.mouseClick(other.today_button, Qt.MouseButton.LeftButton)
    assert get_date(other) == TODAY
    empty = _field(holder, None, optional=True)
    qtbot.mouseClick(empty.calendar_button, Qt.MouseButton.LeftButton)
    shown = empty.calendarWidget().selectedDate()
    assert (shown.year(), shown.month(), shown.day()) == (2026, 11, 26)  # never January 1900


def test_situation_au_follows_today_until_the_operator_picks_a_day(qtbot, holder) -> None:  # type: ignore[no-untyped-def]
    field = as_of_edit(TODAY)
    holder.layout().addWidget(field)
    follow_today(field, TODAY, TODAY + dt.timedelta(days=1))
    assert get_date(field) == TODAY + dt.timedelta(days=1)
    _click_and_type(qtbot, field, "01/10/2026")
    follow_today(field, TODAY + dt.timedelta(days=1), TODAY + dt.timedelta(days=2))
    assert get_date(field) == dt.date(2026, 10, 1)
